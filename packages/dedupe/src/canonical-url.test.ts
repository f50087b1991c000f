import { describe, expect, it } from 'vitest';
import { canonicalizeUrl, urlHash } from './canonical-url.js';

describe('canonicalizeUrl', () => {
  it.each([
    ['HTTPS://WWW.Example.COM:443/News/Story.html#comments', 'https://www.example.com/News/Story.html'],
    ['http://example.com:80/a', 'http://example.com/a'],
    ['https://example.com/a?utm_source=rss&utm_medium=feed&id=42', 'https://example.com/a?id=42'],
    ['https://example.com/a?fbclid=abc&gclid=x&ocid=y&cmpid=z', 'https://example.com/a'],
    ['https://example.com/a?b=2&a=1', 'https://example.com/a?a=1&b=2'],
    ['https://example.com/?p=123', 'https://example.com/?p=123'],
    ['https://user:pw@example.com./x', 'https://example.com/x'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalizeUrl(input)).toBe(expected);
  });

  it('refuses what is not a web URL', () => {
    expect(() => canonicalizeUrl('ftp://example.com/file')).toThrow(/not a web URL/);
    expect(() => canonicalizeUrl('not a url')).toThrow();
  });

  it('gives tracking variants of one page the same hash', () => {
    const a = urlHash(canonicalizeUrl('https://example.com/a?utm_campaign=x'));
    expect(a).toBe(urlHash(canonicalizeUrl('https://example.com/a#top')));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(urlHash(canonicalizeUrl('https://example.com/b')));
  });
});
