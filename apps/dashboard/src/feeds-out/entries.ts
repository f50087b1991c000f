import type { ArticleListItem, StoryListItem } from '@polywire/db';
import type { OutEntry } from './model.js';

// Articles and stories as feed entries. Pure: the dashboard's address comes in as `origin`.

const HTML_SPECIAL = /[&<>"']/g;
const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(HTML_SPECIAL, (char) => HTML_ENTITIES[char]!);

/**
 * A stored URL as a URI both formats can carry (RFC 3986, as JSON Feed's `url` and Atom's IRIs
 * expect): WHATWG-serialized, which percent-encodes `<`, `>`, spaces and the like. Null when it is
 * not a web URL, which no feed should hand to a reader (`javascript:`…).
 */
export function webHref(url: string | null): string | null {
  if (!url || !URL.canParse(url)) return null;
  const parsed = new URL(url);
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
}

/**
 * An article: its canonical URL is its identity (the database's, and the entry's id), the link goes
 * to the article as published (its page on the dashboard if that URL is no web URL). `updated` is
 * the publisher's last change, else the publication.
 */
export function articleEntry(article: ArticleListItem, origin: string): OutEntry {
  const page = `${origin}/articles/${article.id}`;
  return {
    id: webHref(article.canonicalUrl) ?? page,
    url: webHref(article.url) ?? page,
    title: article.title ?? article.url,
    language: article.language,
    published: article.publishedAt,
    updated: article.modifiedAt ?? article.publishedAt ?? article.ingestedAt,
    summary: article.lead ?? article.summary,
    contentHtml: null,
    authors: article.authors,
    tags: article.tags,
    image: webHref(article.image),
  };
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Languages by member count, then tag: `de 3, en 2, ja 1`. */
function languagesByCount(languages: Record<string, number>): [string, number][] {
  return Object.entries(languages).sort(([a, m], [b, n]) => n - m || (a < b ? -1 : 1));
}

/** One line a reader sees before opening the story: how big, in which languages, from which sites. */
export function storySummary(story: StoryListItem): string {
  const languages = languagesByCount(story.languages)
    .map(([tag, count]) => `${tag} ${count}`)
    .join(', ');
  const more = story.sourceCount > story.sites.length ? `, and ${story.sourceCount - story.sites.length} more` : '';
  return [
    `${plural(story.articleCount, 'article')} from ${plural(story.sourceCount, 'source')} in ${plural(story.languageCount, 'language')}`,
    languages ? `: ${languages}.` : '.',
    story.sites.length ? ` Sources: ${story.sites.join(', ')}${more}.` : '',
  ].join('');
}

/**
 * A story: its page on the dashboard is both its id and its link; the entry's language is its
 * title's. The content lists the title in each language, each marked with its own `lang`.
 */
export function storyEntry(story: StoryListItem, origin: string, now: Date): OutEntry {
  const page = `${origin}/stories/${story.id}`;
  const titles = languagesByCount(story.languages)
    .filter(([tag]) => story.titles[tag] !== undefined)
    .map(([tag, count]) => `<li lang="${escapeHtml(tag)}">${escapeHtml(tag)} (${count}): ${escapeHtml(story.titles[tag]!)}</li>`)
    .join('');
  const summary = storySummary(story);
  return {
    id: page,
    url: page,
    title: story.title ?? `Story ${story.id}`,
    language: story.titleLanguage,
    published: story.firstSeenAt,
    updated: story.lastUpdatedAt ?? story.firstSeenAt ?? now,
    summary,
    contentHtml: `<p>${escapeHtml(summary)}</p>${titles ? `<ul>${titles}</ul>` : ''}`,
    authors: [],
    tags: Object.keys(story.languages).sort(),
    image: null,
  };
}
