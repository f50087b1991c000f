import type { FeedKind } from '@polywire/db';

// Where the feeds out are and what identifies one feed: its kind and its canonical parameters.

export type FeedFormat = 'atom' | 'json';
export const feedFormats: readonly FeedFormat[] = ['atom', 'json'];

/** The most entries a feed carries (its `limit`), and how many without one. */
export const MAX_FEED_ENTRIES = 100;
export const DEFAULT_FEED_ENTRIES = 50;

const FEED_OUT_PATH = /^\/feeds\/(articles|stories)\.(atom|json)$/;

/** The feed a path serves (`/feeds/stories.atom`), or null. */
export function feedOutOf(path: string): { kind: FeedKind; format: FeedFormat } | null {
  const match = FEED_OUT_PATH.exec(path);
  return match ? { kind: match[1] as FeedKind, format: match[2] as FeedFormat } : null;
}

export const isFeedOutPath = (path: string) => FEED_OUT_PATH.test(path);

export const feedPath = (kind: FeedKind, format: FeedFormat) => `/feeds/${kind}.${format}`;

/** Parameters that do not choose what a feed shows: the credential, and the format (its path says it). */
const NOT_FEED_PARAMS = new Set(['key', 'format']);
/** Parameters that are sets of values, in any order (`lang=de,en` is `lang=en&lang=de`). */
const SET_PARAMS = new Set(['lang']);

/**
 * The canonical parameters of a feed, as a key is bound to them: names sorted, the key and the
 * format left out, a set's values split at commas, deduplicated and sorted, other values as given
 * (a repeated one joined with commas: the feed refuses it anyway).
 */
export function canonicalFeedParams(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string> {
  const entries: [string, string[]][] =
    params instanceof URLSearchParams
      ? [...new Set(params.keys())].map((name) => [name, params.getAll(name)])
      : Object.entries(params).flatMap(([name, value]) => (value === undefined ? [] : [[name, [value].flat()] as [string, string[]]]));
  const canonical: [string, string][] = entries
    .filter(([name]) => !NOT_FEED_PARAMS.has(name))
    .map(([name, values]) => {
      if (!SET_PARAMS.has(name)) return [name, values.join(',')];
      const members = [...new Set(values.flatMap((value) => value.split(',')).filter(Boolean))].sort();
      return [name, members.join(',')];
    });
  return Object.fromEntries(canonical.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A feed's canonical parameters as a query string (`?lang=de,en&min_languages=3`, or '' without any). */
export function feedQueryString(params: Record<string, string>, key?: string): string {
  const search = new URLSearchParams(params);
  if (key) search.set('key', key);
  const text = search.toString().replace(/%2C/g, ',');
  return text ? `?${text}` : '';
}
