import { isIPv6 } from 'node:net';
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';

export interface Client {
  /**
   * Who is asking, for sign-in limits: an IPv4 address, or the /64 an IPv6 address is in (one
   * subscriber usually holds a whole /64, so single addresses would give an attacker 2^64 clients).
   */
  address: string;
  /** The browser reached the dashboard over HTTPS (directly, or through a trusted TLS proxy). */
  https: boolean;
}

/** The last value of a comma-separated forwarding header: the one our own proxy added. */
function lastForwarded(c: Context, name: string): string | undefined {
  const value = c.req.header(name)?.split(',').at(-1)?.trim();
  return value || undefined;
}

/** The /64 network of an IPv6 address, written `2001:db8:0:1::/64`. */
function ipv6Network(address: string): string {
  const [head = '', tail] = address.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  // An embedded IPv4 address at the end (`::1.2.3.4`) fills two groups.
  const right = (tail ? tail.split(':') : []).flatMap((group) => (group.includes('.') ? ['0', '0'] : [group]));
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group || '0', 16).toString(16))
    .join(':')}::/64`;
}

function normalizeAddress(value: string): string {
  // Some proxies write the client's port too (`1.2.3.4:5678`, `[2001:db8::1]:5678`); a new port per
  // connection must not make a new client.
  const address = /^\[([^\]]+)\](?::\d+)?$/.exec(value)?.[1] ?? /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(value)?.[1] ?? value;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  return isIPv6(address) ? ipv6Network(address) : address;
}

/**
 * Who sent this request. X-Forwarded-For and X-Forwarded-Proto are read only with
 * DASHBOARD_TRUST_PROXY, and then only their last value, the one the proxy in front added: any
 * client can send these headers itself, and an address it chose would give it fresh sign-in attempts.
 */
export function clientOf(c: Context, trustProxy: boolean): Client {
  // Absent when the app is called without a Node server (app.request in tests).
  const socket = (c.env as Partial<HttpBindings> | undefined)?.incoming?.socket;
  const forwardedFor = trustProxy ? lastForwarded(c, 'x-forwarded-for') : undefined;
  const forwardedProto = trustProxy ? lastForwarded(c, 'x-forwarded-proto') : undefined;
  return {
    address: normalizeAddress(forwardedFor ?? socket?.remoteAddress ?? 'unknown'),
    https: forwardedProto ? forwardedProto.toLowerCase() === 'https' : new URL(c.req.url).protocol === 'https:',
  };
}
