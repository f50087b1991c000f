import { createHash } from 'node:crypto';

// Parameters that track the click, not the content. Issue 6 extends the list and the rules.
const TRACKING_PARAMETERS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'msclkid',
  'mc_cid',
  'mc_eid',
  'ocid',
  'cmpid',
  'igshid',
  '_ga',
  'ref_src',
  'spm',
]);
const TRACKING_PREFIXES = ['utm_', 'at_', 'pk_'];

const isTracking = (name: string) => {
  const lower = name.toLowerCase();
  return TRACKING_PARAMETERS.has(lower) || TRACKING_PREFIXES.some((prefix) => lower.startsWith(prefix));
};

/**
 * The URL under which an article is stored: scheme and host lowercased (WHATWG URL already drops
 * default ports), fragment and tracking parameters removed, remaining parameters sorted so their order
 * does not make two URLs differ. Parameters that identify content (`?id=`, `?p=`) are kept.
 */
export function canonicalizeUrl(input: string): string {
  const url = new URL(input.trim());
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`not a web URL: ${input}`);
  url.hash = '';
  url.username = '';
  url.password = '';
  const kept = [...url.searchParams].filter(([name]) => !isTracking(name));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  url.search = new URLSearchParams(kept).toString();
  if (url.hostname.endsWith('.')) url.hostname = url.hostname.slice(0, -1);
  return url.toString();
}

/** sha-256 hex of the canonical URL: the article's identity and its job id. */
export function urlHash(canonicalUrl: string): string {
  return createHash('sha256').update(canonicalUrl).digest('hex');
}
