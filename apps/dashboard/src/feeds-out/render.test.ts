import type { StoryListItem } from '@polywire/db';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { renderAtom } from './atom.js';
import { storyEntry, storySummary } from './entries.js';
import { renderJsonFeed } from './json-feed.js';
import type { OutEntry, OutFeed } from './model.js';
import { canonicalFeedParams, feedQueryString } from './params.js';
import { atomProblems, jsonFeedProblems } from './testing/validators.js';
import { escapeXmlAttribute, escapeXmlText } from './xml.js';

/** Titles that have broken feeds elsewhere: controls, unpaired surrogates, CDATA ends, markup, entities. */
export const HOSTILE_TITLES = [
  'NUL\u0000 BEL\u0007 ESC\u001b VT\u000b FF\u000c',
  'lone high \uD800 and lone low \uDC00 surrogates',
  'reversed pair \uDC00\uD800 ends',
  'a ]]> CDATA end and <![CDATA[ start',
  '<script>alert("x")</script> & <b>bold</b>',
  'entities &amp; &#0; &#x1F; &lt;',
  'U+FFFE \uFFFE and U+FFFF \uFFFF',
  'quotes " \' and tab\there, CR\r LF\n',
  'emoji 📰 and 東京　新駅',
];

const entry = (title: string, index: number, language: string | null = 'en'): OutEntry => ({
  id: `https://news.example/${index}`,
  url: `https://news.example/${index}?a=1&b=2`,
  title,
  language,
  published: new Date(Date.UTC(2026, 2, 1, index)),
  updated: new Date(Date.UTC(2026, 2, 2, index)),
  summary: `summary of ${title}`,
  contentHtml: index % 2 ? `<p>${title.replace(/</g, '&lt;')}</p>` : null,
  authors: index % 2 ? [`Author ${title}`] : [],
  tags: [`tag ${title}`],
  image: null,
});

const feedOf = (entries: OutEntry[]): OutFeed => ({
  id: 'http://127.0.0.1:3000/feeds/articles.atom?lang=de',
  title: 'Polywire articles (lang=de & <more>)',
  selfUrl: 'http://127.0.0.1:3000/feeds/articles.atom?lang=de&key=pwf_x',
  homeUrl: 'http://127.0.0.1:3000/articles?lang=de',
  updated: new Date(Date.UTC(2026, 2, 3)),
  entries,
});

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What XML 1.0 keeps of a text (§2.2): the characters a title loses, and nothing else. */
const xmlKept = (text: string) => text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');

describe('the XML escaper', () => {
  it('drops what XML 1.0 forbids and escapes markup, so that any text reads back as itself', async () => {
    for (const title of HOSTILE_TITLES) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: finding the control characters is the point.
      expect(escapeXmlText(title)).not.toMatch(/[<]|\]\]>|[\u0000-\u0008\u000b\u000c\u000e-\u001f\uFFFE\uFFFF]/u);
      expect(escapeXmlText(title)).not.toMatch(LONE_SURROGATE);
    }
    expect(escapeXmlText('a]]>b')).toBe('a]]&gt;b');
    expect(escapeXmlAttribute('x"y\'z\t\n')).toBe('x&quot;y&apos;z&#x9;&#xA;');
    expect(escapeXmlText('pair 📰 kept, \uD800 dropped')).toBe('pair 📰 kept,  dropped');
  });

  it('writes hostile titles as an Atom feed that a real client parses back to the kept text', async () => {
    const xml = renderAtom(feedOf(HOSTILE_TITLES.map((title, index) => entry(title, index))));
    expect(await atomProblems(xml)).toEqual([]);
    const parsed = await new Parser().parseString(xml);
    // Exactly the text, CR included (escaped, it escapes XML's line-end handling), less what XML cannot hold.
    expect(parsed.items.map((item) => item.title)).toEqual(HOSTILE_TITLES.map(xmlKept));
  });
});

describe('the Atom renderer', () => {
  it('gives each entry its own xml:lang, and none where the language is not known', async () => {
    const xml = renderAtom(feedOf([entry('Erdbeben', 1, 'de'), entry('地震', 2, 'zh-Hant'), entry('?', 3, null)]));
    expect(await atomProblems(xml)).toEqual([]);
    expect([...xml.matchAll(/<entry( xml:lang="([^"]*)")?>/g)].map((match) => match[2] ?? null)).toEqual(['de', 'zh-Hant', null]);
  });

  it('makes a valid feed of no entries, and the grammar does catch an invalid one', async () => {
    const xml = renderAtom(feedOf([]));
    expect(await atomProblems(xml)).toEqual([]);
    expect(await atomProblems(xml.replace(/<id>[^<]*<\/id>/, ''))).not.toEqual([]);
    expect(await atomProblems(xml.replace('2026-03-03T00:00:00.000Z', 'yesterday'))).not.toEqual([]);
  });
});

describe('the JSON Feed renderer', () => {
  it('writes a JSON Feed 1.1 document with a language per item and no unpaired surrogate', () => {
    const text = renderJsonFeed(feedOf(HOSTILE_TITLES.map((title, index) => entry(title, index, index % 2 ? 'de' : null))));
    expect(text).not.toMatch(LONE_SURROGATE);
    expect(text).not.toMatch(/\\ud[89a-f]/i);
    const document = JSON.parse(text) as { version: string; items: { title: string; language?: string; content_html?: string; content_text?: string }[] };
    expect(jsonFeedProblems(document)).toEqual([]);
    expect(document.version).toBe('https://jsonfeed.org/version/1.1');
    expect(document.items.map((item) => item.language ?? null)).toEqual(HOSTILE_TITLES.map((_, index) => (index % 2 ? 'de' : null)));
    expect(document.items[4]!.title).toBe(HOSTILE_TITLES[4]);
    expect(jsonFeedProblems({ ...document, items: [{ title: 'no id' }] })).not.toEqual([]);
  });
});

describe('story entries', () => {
  const story: StoryListItem = {
    id: 42,
    title: 'Erdbeben in der Türkei',
    titleLanguage: 'de',
    titles: { de: 'Erdbeben in der Türkei', en: 'Earthquake <in> Turkey', tr: 'Türkiye’de deprem' },
    languages: { en: 5, de: 2, tr: 2 },
    languageCount: 3,
    sites: ['bbc.co.uk', 'spiegel.de', 'hurriyet.com.tr'],
    sourceCount: 5,
    articleCount: 9,
    originalCount: 7,
    firstSeenAt: new Date('2026-03-01T08:00:00Z'),
    lastUpdatedAt: new Date('2026-03-01T12:00:00Z'),
    quiet: false,
    rising: null,
  };

  it("links to the story's page and sums up its languages and sources", () => {
    const made = storyEntry(story, 'https://polywire.example', new Date());
    expect(made).toMatchObject({ id: 'https://polywire.example/stories/42', url: 'https://polywire.example/stories/42', language: 'de', tags: ['de', 'en', 'tr'] });
    expect(storySummary(story)).toBe('9 articles from 5 sources in 3 languages: en 5, de 2, tr 2. Sources: bbc.co.uk, spiegel.de, hurriyet.com.tr, and 2 more.');
    expect(made.contentHtml).toContain('<li lang="en">en (5): Earthquake &lt;in&gt; Turkey</li>');
  });
});

describe('canonical feed parameters', () => {
  it('are the same for the same feed however the query is written, and leave out the key and format', () => {
    const a = canonicalFeedParams(new URLSearchParams('min_languages=3&lang=en&lang=de&key=pwf_a&format=json'));
    const b = canonicalFeedParams(new URLSearchParams('lang=de,en,de&min_languages=3'));
    expect(a).toEqual({ lang: 'de,en', min_languages: '3' });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(canonicalFeedParams({ lang: ['en', 'de'], q: 'quake' })).toEqual({ lang: 'de,en', q: 'quake' });
    expect(feedQueryString(a, 'pwf_k')).toBe('?lang=de,en&min_languages=3&key=pwf_k');
  });
});
