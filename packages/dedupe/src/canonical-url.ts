import { createHash } from 'node:crypto';
import { registrableDomain } from './registrable-domain.js';

// Parameters that track the click, not the content: ad and social click ids, newsletter ids,
// analytics campaign tags of the big CMSs (Le Monde's xtor, BBC's ns_*, Guardian's CMP, Webtrekk's
// wt_mc, NYT's smid, Yahoo's guccounter/soc_*, Alibaba's spm/scm, WeChat's isappinstalled).
const TRACKING_PARAMETERS = new Set([
  '_ga', '_gl', '_hsenc', '_hsmi', '_openstat', '__twitter_impression', 'cmp', 'cmpid', 'dclid', 'fbclid',
  'feature', 'gclid', 'gclsrc', 'guccounter', 'guce_referrer', 'guce_referrer_sig', 'icid', 'igshid',
  'isappinstalled', 'mbid', 'mc_cid', 'mc_eid', 'mkt_tok', 'msclkid', 'ncid', 'ocid', 'ref_src', 'ref_url',
  'scm', 'share', 'smid', 'smtyp', 'soc_src', 'soc_trk', 'spm', 'sr_share', 'trk', 'twclid', 'wt_mc',
  'wt.mc_id', 'wt_zmc', 'wtmc', 'xtor', 'yclid',
]);
const TRACKING_PREFIXES = ['utm_', 'at_', 'pk_', 'ns_', 'hsa_', 'mtm_', 'piwik_', 'oly_'];
// `ref` also names content on a few sites (`?ref=1234`); it is dropped only when its value is
// one of the referral words CMSs put there.
const REFERRAL_VALUE = /^(rss|feed|feeds|tw|twitter|x|fb|facebook|social|share|hp|home|homepage|nav|menu|newsletter|email|mail|push|app|related|sidebar|headline|top|search|google|flipboard|msn|yahoo|android|ios|web)([_\-.].*)?$/i;

/** Parameters that only ask for the AMP rendering of the same page. */
const isAmpParameter = (name: string, value: string) => {
  const lower = name.toLowerCase();
  if (lower === 'amp' || lower === 'amp_js_v' || lower === 'usqp') return true;
  return (lower === 'outputtype' || lower === 'output' || lower === 'format') && value.toLowerCase() === 'amp';
};

const isTracking = (name: string, value: string) => {
  const lower = name.toLowerCase();
  if (TRACKING_PARAMETERS.has(lower) || TRACKING_PREFIXES.some((prefix) => lower.startsWith(prefix))) return true;
  if (lower === 'ref') return REFERRAL_VALUE.test(value);
  return isAmpParameter(name, value);
};

const MOBILE_HOST_PREFIXES = ['m.', 'mobile.', 'amp.', 'mobil.', 'touch.'];
const INDEX_PAGE = /^(index|default)\.(html?|shtml|php|aspx?|jsp)$/i;
const UNRESERVED = /%(2[DdEe]|3[0-9]|4[1-9A-Fa-f]|5[0-9Aa]|5[Ff]|6[1-9A-Fa-f]|7[0-9Aa]|7[Ee])/g;

/** `m.bbc.co.uk` → `www.bbc.co.uk`, `m.sport.example.com` → `sport.example.com`. */
function desktopHost(hostname: string): string {
  for (const prefix of MOBILE_HOST_PREFIXES) {
    if (!hostname.startsWith(prefix)) continue;
    const rest = hostname.slice(prefix.length);
    if (!rest.includes('.') || registrableDomain(rest) !== registrableDomain(hostname)) return hostname;
    // The desktop site of `m.<site>` is almost always `www.<site>` (m.spiegel.de, mobile.reuters.com).
    return rest === registrableDomain(rest) ? `www.${rest}` : rest;
  }
  return hostname;
}

/** Google's AMP caches wrap the publisher's URL: unwrap it before anything else. */
function unwrapAmpCache(url: URL): URL | null {
  const cached = url.hostname.endsWith('.cdn.ampproject.org') || url.hostname.endsWith('.ampproject.net');
  const google = /^(www\.)?google\.[a-z.]+$/.test(url.hostname) && url.pathname.startsWith('/amp/');
  if (!cached && !google) return null;
  const match = /^\/(?:amp\/|c\/|v\/|i\/)*(s\/)?(.+)$/.exec(url.pathname);
  if (!match?.[2]) return null;
  try {
    return new URL(`${match[1] ? 'https' : 'http'}://${match[2]}${url.search}`);
  } catch {
    return null;
  }
}

function normalizePath(pathname: string): string {
  // Percent-encoding: unreserved characters decoded, other escapes in upper case (RFC 3986 §6.2.2).
  let path = pathname.replace(UNRESERVED, (code) => String.fromCharCode(Number.parseInt(code.slice(1), 16)));
  path = path.replace(/%[0-9a-f]{2}/gi, (code) => code.toUpperCase());
  const segments = path.split('/');
  const kept: string[] = [];
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    if (segment.toLowerCase() === 'amp' && index > 0) continue; // /amp/world/…, /world/story/amp
    if (last && INDEX_PAGE.test(segment)) continue;
    kept.push(last ? segment.replace(/\.amp(\.html?)?$/i, (_all, html: string | undefined) => html ?? '') : segment);
  }
  let result = kept.join('/');
  if (!result.startsWith('/')) result = `/${result}`;
  // One page, with or without its trailing slash (or an index page name).
  while (result.length > 1 && result.endsWith('/')) result = result.slice(0, -1);
  return result;
}

/**
 * The URL under which an article is stored: a fetchable URL, but deliberately lossy so that the
 * variants of one page meet (Media Cloud's normalized URL does the same):
 * - scheme and host lowercased, IDN hosts in punycode, default port, credentials and fragment dropped
 *   (WHATWG URL does most of it);
 * - mobile and AMP variants mapped to the desktop page: `m.`/`mobile.`/`amp.` hosts (to `www.` when
 *   the rest is the bare site), `/amp` path segments, `.amp` suffixes, `?amp`, `?outputType=amp`, and
 *   Google AMP cache URLs unwrapped;
 * - index pages (`/index.html`, `default.aspx`) and trailing slashes removed;
 * - percent-encoding normalized (unreserved characters decoded, hex in upper case);
 * - tracking parameters removed, the others sorted by name. Parameters that identify content
 *   (`?id=`, `?p=`, `?story_fbid=`, `?v=`) are kept.
 */
export function canonicalizeUrl(input: string): string {
  let url = new URL(input.trim());
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`not a web URL: ${input}`);
  url = unwrapAmpCache(url) ?? url;
  url.hash = '';
  url.username = '';
  url.password = '';
  let hostname = url.hostname;
  if (hostname.endsWith('.')) hostname = hostname.slice(0, -1);
  url.hostname = desktopHost(hostname);
  url.pathname = normalizePath(url.pathname);
  const kept = [...url.searchParams].filter(([name, value]) => !isTracking(name, value));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  url.search = new URLSearchParams(kept).toString();
  return url.toString();
}

/** sha-256 hex of the canonical URL: the article's identity and its job id. */
export function urlHash(canonicalUrl: string): string {
  return createHash('sha256').update(canonicalUrl).digest('hex');
}

const pathSegments = (url: URL) => url.pathname.split('/').filter(Boolean);

/**
 * Whether a path looks like one article rather than a home page or a section index: a long slug
 * (`/world/ukraine-talks-resume-in-geneva`), an id of four or more digits (`/news/world-68123456`,
 * `/2024/03/15/…`), a page file (`story.html`), or a content-identifying parameter.
 */
export function looksLikeArticleUrl(url: string | URL): boolean {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  const segments = pathSegments(parsed);
  if (/[?&](id|p|story_fbid|v|aid|article_id|articleid|newsid|idxno|no|storyid)=/i.test(parsed.search)) return true;
  return segments.some(
    (segment) =>
      /\d{4,}/.test(segment) ||
      /\.(s?html?|php|aspx?|jsp|cms)$/i.test(segment) ||
      (segment.length >= 16 && /[-_+]/.test(segment)) ||
      segment.split(/[-_+]/).length >= 4,
  );
}

/**
 * The canonical URL of a fetched page, given the URL it was fetched under and the one it declares
 * (`<link rel=canonical>` or `og:url`, possibly relative). The declared URL wins only when it is
 * sane, since CMSs get it wrong often enough: http(s), on the same site (registrable domain), and —
 * when the page is an article — not the home page, not a section index above the page, and itself
 * shaped like an article. Otherwise the page's own canonical URL is used. Throws like
 * `canonicalizeUrl` when the page URL itself is not a web URL.
 */
export function chooseCanonicalUrl(pageUrl: string, declared: string | null): string {
  const page = canonicalizeUrl(pageUrl);
  if (!declared?.trim()) return page;
  let candidate: string;
  try {
    const resolved = new URL(declared.trim(), pageUrl);
    if (resolved.protocol !== 'http:' && resolved.protocol !== 'https:') return page;
    candidate = canonicalizeUrl(resolved.href);
  } catch {
    return page;
  }
  if (candidate === page) return page;
  const pageParsed = new URL(page);
  const candidateParsed = new URL(candidate);
  if (registrableDomain(pageParsed.hostname) !== registrableDomain(candidateParsed.hostname)) return page;
  if (looksLikeArticleUrl(pageParsed)) {
    if (!looksLikeArticleUrl(candidateParsed)) return page;
    const pagePath = pageParsed.pathname;
    const candidatePath = candidateParsed.pathname;
    if (candidatePath === '/' && candidateParsed.search === '') return page;
    if (pagePath.startsWith(`${candidatePath}/`) && candidateParsed.search === '') return page;
  }
  return candidate;
}
