import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { BlockedAddressError, createGuardedLookup, isBlockedAddress, type ResolveAll } from './address.js';

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
  ])('allows %s', (ip) => {
    expect(isBlockedAddress(ip)).toBe(false);
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
