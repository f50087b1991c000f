/**
 * The registrable domain ("site") of a host, by a small heuristic instead of the full Public Suffix
 * List: a two-letter country TLD under one of the generic second-level labels below (`co.uk`,
 * `com.au`, `co.jp`, `gob.mx`, …) is a public suffix, so the site is the last three labels; otherwise
 * it is the last two. This is right for the news sites Polywire reads and wrong only in the rare
 * direction of calling two sites one (`city.kawasaki.jp`-style suffixes, hosted blogs on
 * `blogspot.com`), which is why callers use it to *accept* a declared canonical URL only together
 * with other checks. IP addresses and single-label hosts are their own site.
 */
const SECOND_LEVEL = new Set([
  'ac', 'co', 'com', 'edu', 'go', 'gob', 'gov', 'gouv', 'govt', 'info', 'int', 'ltd', 'mil', 'ne',
  'net', 'nic', 'nom', 'or', 'org', 'plc', 'sch', 'web', 'biz', 'press', 'news', 'tv', 'asso',
]);

export function registrableDomain(hostname: string): string {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (/^[\d.]+$/.test(host) || host.includes(':') || host.startsWith('[')) return host;
  const labels = host.split('.');
  if (labels.length <= 2) return host;
  const tld = labels[labels.length - 1]!;
  const second = labels[labels.length - 2]!;
  const take = tld.length === 2 && SECOND_LEVEL.has(second) ? 3 : 2;
  return labels.slice(-take).join('.');
}

/** Whether two hosts belong to one site (same registrable domain by the heuristic above). */
export function sameSite(hostA: string, hostB: string): boolean {
  return registrableDomain(hostA) === registrableDomain(hostB);
}
