import { getDomain } from 'tldts';

/**
 * The registrable domain ("site") of a host by the Public Suffix List (tldts, which ships the list
 * and follows its updates): `news.bbc.co.uk` → `bbc.co.uk`, `www.city.kawasaki.jp` → `city.kawasaki.jp`.
 * The one rule for "same site" in Polywire: canonical URLs and mobile hosts here, the host name a page
 * title may carry in @polywire/extract.
 *
 * The list's private section counts: `blogspot.com`, `github.io`, `appspot.com` and the like are
 * suffixes under which unrelated publishers each register their own site, so `a.blogspot.com` and
 * `b.blogspot.com` are two sites. Counting them as one would let one blog's page declare another's
 * URL as its canonical, and would name every such blog "blogspot" when its title is cleaned.
 *
 * A host with no registrable domain (an IP address, a single-label host such as `localhost`, a public
 * suffix itself such as `co.uk`) is its own site.
 */
export function registrableDomain(hostname: string): string {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

/** Whether two hosts belong to one site (the same registrable domain). */
export function sameSite(hostA: string, hostB: string): boolean {
  return registrableDomain(hostA) === registrableDomain(hostB);
}
