import dns from 'node:dns';
import net from 'node:net';
import { buildConnector } from 'undici';

// Ranges a feed URL must never reach when private networks are off: anything that is not a public
// unicast host. Fetching user-supplied URLs from inside a cluster is a classic SSRF vector (cloud
// metadata services, admin ports on loopback, neighbours on RFC 1918 networks). The metadata services
// all sit inside these ranges: 169.254.169.254 (AWS, GCP, Azure, OCI, DigitalOcean, OpenStack),
// 169.254.0.23 (Tencent), fd00:ec2::254 (AWS over IPv6, unique local), 100.100.100.200 (Alibaba,
// carrier-grade NAT space), 192.0.0.192 (older Oracle Cloud).
const BLOCKED_IPV4: ReadonlyArray<readonly [network: string, prefix: number]> = [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 connects to the local host on Linux
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // carrier-grade NAT (RFC 6598)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation (TEST-NET-1): never a real feed, sometimes a lab network
  ['192.168.0.0', 16], // RFC 1918
  ['198.18.0.0', 15], // benchmarking, in use on some internal networks
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, includes 255.255.255.255
];

const BLOCKED_IPV6: ReadonlyArray<readonly [network: string, prefix: number]> = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b:1::', 48], // local-use NAT64 (RFC 8215): translates to whatever IPv4 the local operator chose
  ['100::', 64], // discard-only
  ['2001::', 32], // Teredo tunnels: no feed lives there, and the relay path is not ours to vet
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // deprecated site-local, still routed internally by some networks
  ['ff00::', 8], // multicast
];

// IPv6 forms that deliver to an IPv4 host, so each blocked IPv4 range is blocked inside them too:
// IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d, deprecated), NAT64 (RFC 6052) and 6to4.
const IPV4_EMBEDDINGS: ReadonlyArray<{ at: number; format: (high: string, low: string) => string }> = [
  { at: 96, format: (high, low) => `::ffff:${high}:${low}` },
  { at: 96, format: (high, low) => `::${high}:${low}` },
  { at: 96, format: (high, low) => `64:ff9b::${high}:${low}` },
  { at: 16, format: (high, low) => `2002:${high}:${low}::` },
];

const blockList = buildBlockList();

function buildBlockList(): net.BlockList {
  const list = new net.BlockList();
  for (const [network, prefix] of BLOCKED_IPV4) {
    list.addSubnet(network, prefix, 'ipv4');
    const [a, b, c, d] = network.split('.').map(Number) as [number, number, number, number];
    const high = ((a << 8) | b).toString(16);
    const low = ((c << 8) | d).toString(16);
    for (const { at, format } of IPV4_EMBEDDINGS) list.addSubnet(format(high, low), at + prefix, 'ipv6');
  }
  for (const [network, prefix] of BLOCKED_IPV6) list.addSubnet(network, prefix, 'ipv6');
  return list;
}

/**
 * True for addresses a fetch must not connect to unless private networks are allowed. A string that is
 * not an IP address cannot be classified and counts as blocked, so a caller's mistake fails closed.
 */
export function isBlockedAddress(ip: string): boolean {
  // getaddrinfo can return scoped link-local addresses (fe80::1%eth0); the zone does not change the range.
  const address = ip.replace(/%.*$/, '');
  switch (net.isIP(address)) {
    case 4:
      return blockList.check(address, 'ipv4');
    case 6:
      return blockList.check(address, 'ipv6');
    default:
      return true;
  }
}

/** Raised from DNS lookup at connect time; the client turns it into FetchError kind 'blocked'. */
export class BlockedAddressError extends Error {
  override readonly name = 'BlockedAddressError';
  constructor(
    readonly hostname: string,
    readonly address: string,
  ) {
    const target = hostname === address ? address : `${hostname} (${address})`;
    super(`refusing to connect to ${target}: private or reserved address`);
  }
}

export type ResolveAll = (
  hostname: string,
  options: dns.LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void,
) => void;

/**
 * A `lookup` for net/tls.connect that only ever hands out public addresses. Checking here, on the
 * address the socket is about to use, rather than on the URL, is what covers every redirect hop and
 * DNS rebinding (a name that resolves to a public address when validated and to 127.0.0.1 when
 * dialled). Miniflux does the same in its dialer's Control hook.
 *
 * Blocked addresses are dropped rather than failing the whole lookup when a name also has public
 * ones: we never connect to what we drop, and dual-homed hosts keep working.
 */
export function createGuardedLookup(resolve: ResolveAll = dns.lookup): net.LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      const allowed = addresses.filter((entry) => !isBlockedAddress(entry.address));
      const first = allowed[0];
      if (first === undefined) {
        callback(new BlockedAddressError(hostname, addresses[0]?.address ?? 'no address'), '', 0);
        return;
      }
      // Node asks for every address when it races IPv4 and IPv6 (autoSelectFamily), one otherwise.
      if (options.all) callback(null, allowed);
      else callback(null, first.address, first.family);
    });
  };
}

/**
 * The undici connector that enforces the address rule. Every connection the client opens goes through
 * it, whether for the first URL or for a redirect hop, so no path reaches a socket unchecked:
 * - a host name is resolved by the guarded lookup above, which drops blocked addresses before
 *   net.connect dials (the equivalent of Miniflux's dialer Control hook);
 * - a literal IP is checked here, because net.connect skips `lookup` for literals. WHATWG URL parsing
 *   has already turned spellings such as `2130706433`, `0x7f.1`, `017700000001` and `127.1` into
 *   `127.0.0.1` by then, so the rule sees the address that would be dialled.
 *
 * `allowedPrivateOrigins` (normalized `scheme://host[:port]` strings) are exempt: an operator's
 * RSS-Bridge or RSSHub on the local network, or a test's own server. The exemption is per origin,
 * not per address, so a redirect from an allowed origin to any other private target is still refused.
 * The name of an allowed origin is trusted: what it resolves to is not checked.
 */
export function createGuardedConnector(
  allowedPrivateOrigins: ReadonlySet<string> = new Set(),
  resolve: ResolveAll = dns.lookup,
): buildConnector.connector {
  const guarded = buildConnector({ lookup: createGuardedLookup(resolve) });
  const unguarded = buildConnector({});
  return (target, callback) => {
    if (allowedPrivateOrigins.size > 0 && allowedPrivateOrigins.has(originOf(target))) {
      unguarded(target, callback);
      return;
    }
    const { hostname } = target;
    if (net.isIP(hostname) !== 0 && isBlockedAddress(hostname)) {
      // Asynchronously, as a failed socket would report it.
      process.nextTick(callback, new BlockedAddressError(hostname, hostname), null);
      return;
    }
    guarded(target, callback);
  };
}

/** `scheme://host[:port]` as WHATWG URL serializes an origin, e.g. `http://127.0.0.1:8080`. */
export function normalizeOrigin(origin: string): string {
  const url = new URL(origin);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`Not an http(s) origin: ${origin}`);
  }
  return url.origin;
}

function originOf({ protocol, hostname, port }: buildConnector.Options): string {
  const host = net.isIPv6(hostname) ? `[${hostname}]` : hostname;
  return normalizeOrigin(`${protocol}//${host}${port ? `:${port}` : ''}`);
}
