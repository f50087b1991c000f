import { decodeBody } from '@polywire/http';
import { LONE_SURROGATE, PATHOLOGICAL_LIMIT_MS, PATHOLOGICAL_TEXTS } from '@polywire/testing';
import * as cheerio from 'cheerio';
import { type ChildNode, Document, Element, Text } from 'domhandler';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { extractArticle } from './index.js';
import { readMetadata } from './metadata.js';

// Each case must end, with a result or a clear error, well within what an article job may take. vitest
// fails a test that runs longer than its timeout even when the work is synchronous.
const BOUNDED = { timeout: 10_000 };
const URL = 'https://news.example.com/2025/05/01/story';

const ARTICLE = [
  'The city council approved the new transport plan on Tuesday after a debate that lasted more than six hours.',
  'The plan adds four bus lines, extends the tram to the northern districts and closes two streets in the old town to cars.',
  'Opponents said the closures would hurt shops, while supporters pointed to a survey in which most residents backed the change.',
];

/** Deterministic bytes: the same "random" page on every run (mulberry32). */
function pseudoRandomBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    bytes[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return bytes;
}

describe('bad input: size', () => {
  it('extracts the article of a 15 MB page that is mostly scripts, menus and teasers', BOUNDED, () => {
    const state = `<script id="__NEXT_DATA__" type="application/json">${JSON.stringify({ props: { items: Array.from({ length: 80_000 }, (_, i) => ({ id: i, title: `Item ${i} headline text`, url: `/item/${i}` })) } })}</script>`;
    const menu = `<nav><ul>${Array.from({ length: 4_000 }, (_, i) => `<li><a href="/section/${i}">Section ${i}</a></li>`).join('')}</ul></nav>`;
    const teasers = Array.from({ length: 60_000 }, (_, i) => `<div class="teaser"><a href="/story/${i}"><img src="/t/${i}.jpg" alt=""><span>Teaser number ${i} about something else</span></a></div>`).join('');
    const html = `<!doctype html><html lang="en"><head><title>Transport plan approved | City News</title>
      <meta property="og:site_name" content="City News">${state}<style>${'.a{color:red}'.repeat(100_000)}</style></head>
      <body><header>${menu}</header><main><article><h1>Transport plan approved</h1>${ARTICLE.map((line) => `<p>${line}</p>`).join('')}</article>
      <section class="more">${teasers}</section></main><footer>${menu}</footer></body></html>`;
    expect(Buffer.byteLength(html)).toBeGreaterThan(15_000_000);
    const article = extractArticle(html, URL);
    expect(article.title).toBe('Transport plan approved');
    expect(article.text.split('\n')).toEqual(ARTICLE);
  });

  it('extracts all of a 15 MB article', BOUNDED, () => {
    const paragraphs = Array.from({ length: 100_000 }, (_, i) => `Paragraph ${i} of the record: ${ARTICLE[i % ARTICLE.length]}`);
    const html = `<html><head><title>Transcript</title></head><body><article>${paragraphs.map((line) => `<p>${line}</p>`).join('\n')}</article></body></html>`;
    expect(Buffer.byteLength(html)).toBeGreaterThan(15_000_000);
    const lines = extractArticle(html, URL).text.split('\n');
    expect(lines.length).toBe(paragraphs.length);
    expect(lines[0]).toBe(paragraphs[0]);
    expect(lines.at(-1)).toBe(paragraphs.at(-1));
  });
});

describe('bad input: declarations', () => {
  it('reads a recipe declared with 20,000 ingredients of 100 words each, in JSON-LD and in microdata', BOUNDED, () => {
    const ingredients = Array.from({ length: 20_000 }, (_, i) => `${i} g of ${'very '.repeat(97)}fine flour`);
    const recipe = { '@type': 'Recipe', name: 'Flour cake', recipeIngredient: ingredients, recipeInstructions: ARTICLE.map((text) => ({ '@type': 'HowToStep', text })) };
    for (const [ingredient, step] of [['itemprop="recipeIngredient"', 'itemprop="recipeInstructions"'], ['', '']]) {
      const rows = ingredients.map((line) => `<li ${ingredient}>${line}</li>`).join('');
      const html = `<html><head><title>Flour cake</title><script type="application/ld+json">${JSON.stringify(recipe)}</script></head>
        <body><div class="recipe"><ul>${rows}</ul><ol>${ARTICLE.map((line) => `<li ${step}>${line}</li>`).join('')}</ol></div></body></html>`;
      expect(Buffer.byteLength(html)).toBeGreaterThan(20_000_000);
      const lines = extractArticle(html, URL).text.split('\n');
      expect(lines[0]).toBe(ingredients[0]);
      expect(lines.slice(-ARTICLE.length)).toEqual(ARTICLE);
    }
  });
});

describe('bad input: depth', () => {
  const DEPTH = 100_000;

  it('extracts a page whose DOM is nested 100,000 deep', BOUNDED, () => {
    const html = `<html><head><title>Deep page</title></head><body>${'<div>'.repeat(DEPTH)}${ARTICLE.map((line) => `<p>${line}</p>`).join('')}${'</div>'.repeat(DEPTH)}</body></html>`;
    const article = extractArticle(html, URL);
    expect(article.title).toBe('Deep page');
    expect(article.text.split('\n')).toEqual(ARTICLE);
  });

  it('extracts a page with 100,000 unclosed elements (a truncated or broken template)', BOUNDED, () => {
    const html = `<html><head><title>Unclosed</title></head><body><article>${ARTICLE.map((line) => `<p>${line}</p>`).join('')}${'<span><b>'.repeat(DEPTH / 2)}`;
    const article = extractArticle(html, URL);
    expect(article.title).toBe('Unclosed');
    expect(article.text.split('\n')).toEqual(ARTICLE);
  });

  // Shapes that htmlparser2 nests though a depth counter did not count them: 6 to 13 s at 50,000 repeats.
  it.each([
    ['<li><td> (each closes only an innermost element of its own kind)', '<li><td>'.repeat(DEPTH)],
    ['<div></span> (end tags that match no open element)', '<div></span>'.repeat(DEPTH)],
    ['<div/> (/> means nothing in HTML outside svg and math)', '<div/>'.repeat(DEPTH)],
    ['<body> repeated', '<body>'.repeat(DEPTH)],
    // Twice as many: the parser's stack grows by one tag in two in the others, by every tag here.
    ['<div>s after a <script/> (an element that stays open, not a script)', `<script/>${'<div>'.repeat(2 * DEPTH)}`],
    // Issue 18's steps: stories told by their <h1>s, comment threads by their "Reply" lines, repeated wrappers.
    ['unclosed <article>s with an <h1> each', '<article><h1>Hostile page</h1>'.repeat(DEPTH)],
    ['"Reply" lines, each in a wrapper', '<div class="c"><p>Reply</p></div>'.repeat(DEPTH)],
    ['copies of one wrapper', '<div class="row"><div class="col"><p>Text</p></div></div>'.repeat(DEPTH)],
  ])('extracts a page with 100,000 or more of %s', BOUNDED, (_name, hostile) => {
    const html = `<html><head><title>Hostile page</title></head><body><article>${ARTICLE.map((line) => `<p>${line}</p>`).join('')}</article>${hostile}</body></html>`;
    const article = extractArticle(html, URL);
    expect(article.title).toBe('Hostile page');
    expect(article.text.split('\n')).toEqual(ARTICLE);
  });

  it('readMetadata reads a tree nested 100,000 deep without recursion', BOUNDED, () => {
    // Built directly rather than parsed, so that this measures readMetadata and not a parser.
    let node = element('article', {}, [
      element('h1', {}, [new Text('A headline at the bottom')]),
      element('span', { itemprop: 'author' }, [new Text('By Jane Doe')]),
      element('time', { datetime: '2025-05-01T08:00:00Z' }, [new Text('1 May')]),
    ]);
    for (let i = 0; i < DEPTH; i++) node = element('div', {}, [node]);
    const document = new Document([element('html', { lang: 'en' }, [element('head', {}, []), element('body', {}, [node])])]);
    link(document);
    expect(readMetadata(cheerio.load(document), URL)).toMatchObject({
      title: 'A headline at the bottom',
      authors: ['Jane Doe'],
      publishedAt: new Date('2025-05-01T08:00:00Z'),
      declaredLanguage: 'en',
    });
  });
});

const element = (name: string, attribs: Record<string, string>, children: ChildNode[]) => link(new Element(name, attribs, children));

/** Sets the parent and sibling links the parser would have set. */
function link<T extends Element | Document>(parent: T): T {
  parent.children.forEach((child, index) => {
    child.parent = parent;
    child.prev = parent.children[index - 1] ?? null;
    child.next = parent.children[index + 1] ?? null;
  });
  return parent;
}

describe('bad input: missing structure', () => {
  it('extracts a page with no <html>, <head> or <body>', BOUNDED, () => {
    const html = `<title>No body here</title><meta name="author" content="Jane Doe">${ARTICLE.map((line) => `<p>${line}</p>`).join('')}`;
    expect(extractArticle(html, URL)).toMatchObject({ title: 'No body here', authors: ['Jane Doe'], text: ARTICLE.join('\n') });
  });

  it('returns the metadata and no text for a page with a <head> and no <body>', BOUNDED, () => {
    const html = '<!doctype html><html><head><title>Only a head</title><meta name="description" content="Nothing below."></head></html>';
    expect(extractArticle(html, URL)).toMatchObject({ title: 'Only a head', lead: 'Nothing below.', text: '' });
  });

  it('returns empty results for an empty document', BOUNDED, () => {
    expect(extractArticle('', URL)).toEqual({
      title: null,
      text: '',
      pageType: 'article',
      lead: null,
      authors: [],
      publishedAt: null,
      modifiedAt: null,
      image: null,
      siteName: null,
      declaredLanguage: null,
      canonicalUrl: null,
      section: null,
      tags: [],
    });
  });
});

describe('bad input: bytes that are not a page', () => {
  it('turns 1 MB of binary garbage into a result with no metadata, without throwing', BOUNDED, () => {
    const { text: html } = decodeBody(pseudoRandomBytes(1024 * 1024, 42), 'text/html');
    const article = extractArticle(html, URL);
    expect(article).toMatchObject({ title: null, authors: [], publishedAt: null, modifiedAt: null, canonicalUrl: null, tags: [] });
    expect(typeof article.text).toBe('string');
  });

  it('does not throw on garbage that looks like markup', BOUNDED, () => {
    const junk = pseudoRandomBytes(200_000, 7)
      .toString('latin1')
      .replace(/[\x80-\xff]/g, (char) => ['<', '>', '"', '=', '/', '&', '<p>', '</div>', '<script>', '<!--'][char.charCodeAt(0) % 10]!);
    expect(() => extractArticle(`<html><body>${junk}`, URL)).not.toThrow();
  });
});

describe('bad input: a charset that lies', () => {
  const lines = ['Городская дума утвердила бюджет на следующий год после долгих споров депутатов.', 'The mayor said the budget “keeps every school open” and cuts the deficit to 2%.', 'Расходы на транспорт и образование вырастут, а налоги останутся прежними.'];
  const page = (charset: string) =>
    `<!doctype html><html lang="ru"><head><meta charset="${charset}"><title>Бюджет принят</title></head><body><article>${lines.map((line) => `<p>${line}</p>`).join('')}</article></body></html>`;

  it('reads UTF-8 bytes that declare windows-1251 as UTF-8', BOUNDED, () => {
    const decoded = decodeBody(Buffer.from(page('windows-1251'), 'utf8'), null);
    expect(decoded.encoding).toBe('utf-8');
    expect(extractArticle(decoded.text, URL)).toMatchObject({ title: 'Бюджет принят', text: lines.join('\n') });
  });

  it('reads windows-1251 bytes that declare UTF-8 as windows-1251', BOUNDED, () => {
    const cyrillicOnly = page('utf-8').replace(/“|”/g, '"');
    const decoded = decodeBody(iconv.encode(cyrillicOnly, 'windows-1251'), null);
    expect(decoded.encoding).toBe('windows-1251');
    expect(extractArticle(decoded.text, URL).text).toBe(lines.join('\n').replace(/“|”/g, '"'));
  });

  it('reads windows-1251 bytes served as iso-8859-1 by the HTTP header', BOUNDED, () => {
    const cyrillicOnly = page('iso-8859-1').replace(/“|”/g, '"');
    const decoded = decodeBody(iconv.encode(cyrillicOnly, 'windows-1251'), 'text/html; charset=iso-8859-1');
    expect(decoded.encoding).toBe('windows-1251');
    expect(extractArticle(decoded.text, URL).title).toBe('Бюджет принят');
  });
});

describe('bad input: no article', () => {
  it('returns no text, not the menu, for a page that is all navigation', BOUNDED, () => {
    const labels = ['World', 'Politics', 'Business', 'Technology', 'Science', 'Health', 'Sport', 'Culture', 'Travel', 'Opinion', 'Weather', 'Podcasts'];
    const column = (title: string) => `<div class="mega-col"><p class="mega-title">${title}</p><ul>${labels.map((label) => `<li><a href="/${title}/${label}">${title} ${label}</a></li>`).join('')}</ul></div>`;
    const html = `<!doctype html><html lang="en"><head><title>Site map | City News</title></head><body>
      <header><nav><ul>${labels.map((label) => `<li><a href="/${label}">${label}</a></li>`).join('')}</ul></nav></header>
      <div class="mega-menu">${labels.map(column).join('')}</div>
      <div class="sidebar"><p>Follow us</p><ul><li><a href="#">Facebook</a></li><li><a href="#">Instagram</a></li><li><a href="#">YouTube</a></li></ul></div>
      <footer><ul>${['About us', 'Contact', 'Careers', 'Advertise', 'Privacy', 'Terms', 'Cookie settings'].map((label) => `<li><a href="/${label}">${label}</a></li>`).join('')}</ul><p>© City News 2025</p></footer>
      </body></html>`;
    const { text } = extractArticle(html, URL);
    expect(text.length).toBeLessThan(80);
    for (const label of [...labels, 'Follow us', 'About us', 'Cookie settings']) expect(text).not.toContain(label);
  });
});

describe('bad input: pathological text (issue 15)', () => {
  const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const page = (text: string) => {
    const attribute = escapeAttribute(text);
    const jsonLd = JSON.stringify({ '@type': 'NewsArticle', headline: text, author: { name: text }, url: text, keywords: text }).replace(/</g, '\\u003c');
    return `<html lang="en"><head><title>${attribute}</title><meta name="author" content="${attribute}"><meta property="og:title" content="${attribute}">
      <meta name="description" content="${attribute}"><meta property="og:url" content="${attribute}"><script type="application/ld+json">${jsonLd}</script></head>
      <body><div class="${attribute}"><article><h1>${attribute}</h1><p class="byline">${attribute}</p><p>${attribute}</p>
      ${ARTICLE.map((line) => `<p>${line}</p>`).join('')}<p>${attribute}</p></article></div></body></html>`;
  };

  it.each(Object.entries(PATHOLOGICAL_TEXTS))('extracts a page full of %s in time, its metadata bounded and whole', (_name, text) => {
    const start = performance.now();
    const article = extractArticle(page(text), URL);
    expect(performance.now() - start).toBeLessThan(PATHOLOGICAL_LIMIT_MS);
    for (const value of [article.title, article.lead, ...article.authors, ...article.tags]) {
      expect(value?.length ?? 0).toBeLessThanOrEqual(2_000);
      expect(value ?? '').not.toMatch(LONE_SURROGATE);
    }
    for (const line of ARTICLE) expect(article.text).toContain(line);
  });

  it('drops NUL from the title, text and metadata it returns', () => {
    const html = `<html><head><title>Bud\u0000get</title><meta name="author" content="Jane\u0000 Doe"><script type="application/ld+json">{"@type":"NewsArticle","description":"Le\\u0000ad"}</script></head>
      <body><article>${ARTICLE.map((line) => `<p>${line}\u0000</p>`).join('')}</article></body></html>`;
    const article = extractArticle(html, URL);
    expect(article).toMatchObject({ title: 'Budget', authors: ['Jane Doe'], lead: 'Lead', text: ARTICLE.join('\n') });
  });

  it('keeps the ideographic spaces of a CJK headline', () => {
    const html = `<html lang="ja"><head><title>東京\u3000新駅が開業  |  ニュース</title></head><body><article><p>${'本文です。'.repeat(60)}</p></article></body></html>`;
    expect(extractArticle(html, URL).title).toBe('東京\u3000新駅が開業');
  });
});
