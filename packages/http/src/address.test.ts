import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import {
  BlockedAddressError,
  createGuardedConnector,
  createGuardedLookup,
  isBlockedAddress,
  normalizeOrigin,
  type ResolveAll,
} from './address.js';

describe('isBlockedAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.255',
    '0.0.0.0',
    '224.0.0.251',
    '255.255.255.255',
    '::',
    '::1',
    'fe80::1',
    'fe80::1%eth0',
    'fc00::1',
    'fd12:3456:789a::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::169.254.169.254',
    '2002:c0a8:0101::1',
    '::ffff:0:0',
    '192.0.2.10',
    '198.51.100.7',
    '203.0.113.200',
    '100::1',
    '2001::1',
    '2001:db8::1',
    '64:ff9b:1::a00:1',
    'not-an-ip',
  ])('blocks %s', (ip) => {
    expect(isBlockedAddress(ip)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '172.15.255.255',
    '100.128.0.1',
    '169.255.0.1',
    '93.184.216.34',
    '2001:4860:4860::8888',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
    '2620:fe::fe',
    '2001:200::1',
  ])('allows %s', (ip) => {
    expect(isBlockedAddress(ip)).toBe(false);
  });

  it.each([
    ['169.254.169.254', 'AWS, GCP, Azure, OCI, DigitalOcean, OpenStack'],
    ['fd00:ec2::254', 'AWS over IPv6'],
    ['100.100.100.200', 'Alibaba Cloud'],
    ['169.254.0.23', 'Tencent Cloud'],
    ['192.0.0.192', 'older Oracle Cloud'],
    ['::ffff:169.254.169.254', 'IPv4-mapped'],
    ['64:ff9b::a9fe:a9fe', 'through NAT64'],
  ])('blocks the metadata service at %s (%s)', (ip) => {
    expect(isBlockedAddress(ip)).toBe(true);
  });
});

describe('normalizeOrigin', () => {
  it.each([
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
    ['HTTP://RSS-Bridge.internal:80/path', 'http://rss-bridge.internal'],
    ['https://[::1]:443', 'https://[::1]'],
    ['http://2130706433:3000', 'http://127.0.0.1:3000'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeOrigin(input)).toBe(expected);
  });

  it.each(['10.0.0.5:3000', 'file:///etc', 'rss-bridge'])('refuses %s', (input) => {
    expect(() => normalizeOrigin(input)).toThrow(TypeError);
  });
});

describe('createGuardedLookup', () => {
  // Stands in for getaddrinfo so the test can play a hostile DNS server; the guard itself is real.
  const resolverFor =
    (addresses: LookupAddress[]): ResolveAll =>
    (_hostname, _options, callback) =>
      callback(null, addresses);

  function lookup(addresses: LookupAddress[], all: boolean) {
    const guarded = createGuardedLookup(resolverFor(addresses));
    return new Promise<{ error: Error | null; address: string | LookupAddress[]; family?: number }>((resolve) =>
      guarded('feeds.example', { all }, (error, address, family) => resolve({ error, address, family })),
    );
  }

  it('refuses a name that resolves only to private addresses', async () => {
    const { error } = await lookup([{ address: '127.0.0.1', family: 4 }], false);
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect(error?.message).toContain('127.0.0.1');
  });

  it('refuses a name rebound to the metadata service', async () => {
    const { error } = await lookup([{ address: '169.254.169.254', family: 4 }], true);
    expect(error).toBeInstanceOf(BlockedAddressError);
  });

  it('keeps only the public addresses of a mixed answer', async () => {
    const mixed = [
      { address: '10.0.0.5', family: 4 },
      { address: '93.184.216.34', family: 4 },
      { address: '::1', family: 6 },
      { address: '2606:2800:220:1::1', family: 6 },
    ];
    expect(await lookup(mixed, true)).toEqual({
      error: null,
      address: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:2800:220:1::1', family: 6 },
      ],
      family: undefined,
    });
    expect(await lookup(mixed, false)).toEqual({ error: null, address: '93.184.216.34', family: 4 });
  });

  it('passes resolver errors through', async () => {
    const failing: ResolveAll = (_hostname, _options, callback) =>
      callback(Object.assign(new Error('getaddrinfo ENOTFOUND feeds.example'), { code: 'ENOTFOUND' }), []);
    const error = await new Promise<Error | null>((resolve) =>
      createGuardedLookup(failing)('feeds.example', {}, (err) => resolve(err)),
    );
    expect(error).toMatchObject({ code: 'ENOTFOUND' });
  });
});

describe('createGuardedConnector', () => {
  // The real connector, fed by a resolver playing a rebinding DNS server: nothing leaves the machine
  // because the guard refuses before net.connect dials.
  const rebinding: ResolveAll = (_hostname, _options, callback) => callback(null, [{ address: '169.254.169.254', family: 4 }]);

  function connect(hostname: string, allowed: string[] = []) {
    const connector = createGuardedConnector(new Set(allowed.map(normalizeOrigin)), rebinding);
    return new Promise<Error | null>((resolve) =>
      connector({ hostname, host: hostname, protocol: 'http:', port: '' }, (error, socket) => {
        socket?.destroy();
        resolve(error);
      }),
    );
  }

  it('refuses a name that resolves to the metadata service', async () => {
    expect(await connect('metadata.feeds.example')).toBeInstanceOf(BlockedAddressError);
  });

  it('refuses a literal private address, which net.connect would not look up', async () => {
    const error = await connect('10.0.0.1');
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect(error?.message).toBe('refusing to connect to 10.0.0.1: private or reserved address');
  });

  it('does not exempt other origins on the same host', async () => {
    expect(await connect('10.0.0.1', ['http://10.0.0.1:3000'])).toBeInstanceOf(BlockedAddressError);
  });
});
