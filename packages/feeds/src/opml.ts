import * as cheerio from 'cheerio';

export interface OpmlFeed {
  url: string;
  title: string | null;
  siteUrl: string | null;
  language: string | null;
  /** The enclosing outline's text or the `category` attribute. */
  category: string | null;
}

export class OpmlParseError extends Error {
  override name = 'OpmlParseError';
}

/** Reads the feed outlines of an OPML file, at any nesting depth, once per URL. */
export function parseOpml(xml: string): OpmlFeed[] {
  const $ = cheerio.load(xml, { xml: true });
  if ($('opml').length === 0) throw new OpmlParseError('not an OPML document: no <opml> element');
  const feeds = new Map<string, OpmlFeed>();
  $('outline[xmlUrl], outline[xmlurl]').each((_, element) => {
    const outline = $(element);
    const attr = (name: string) => outline.attr(name)?.trim() || outline.attr(name.toLowerCase())?.trim() || null;
    const url = attr('xmlUrl');
    if (!url || feeds.has(url)) return;
    const parent = outline.parent('outline');
    feeds.set(url, {
      url,
      title: attr('title') ?? attr('text'),
      siteUrl: attr('htmlUrl'),
      language: attr('language'),
      category: attr('category') ?? (parent.length ? (parent.attr('title') ?? parent.attr('text') ?? null) : null),
    });
  });
  return [...feeds.values()];
}
