import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { normalizeAuthors, type PageMetadata, parseDate, parseJsonLd, readMetadata } from './metadata.js';

const PAGE_URL = 'https://news.example.com/world/2026/11/03/budget-vote';
const NOW = new Date('2026-11-29T12:00:00Z');

// extractArticle parses with htmlparser2 (no implied <html>, <head>, <body>); readMetadata must work on
// that tree and on parse5's (cheerio's default), which every test here checks.
const loaders = {
  htmlparser2: (html: string) => cheerio.load(html, { xml: { xmlMode: false, decodeEntities: true } }),
  parse5: (html: string) => cheerio.load(html),
};
const read = (html: string, url = PAGE_URL): PageMetadata => {
  const [fromHtmlparser2, fromParse5] = [loaders.htmlparser2, loaders.parse5].map((load) => readMetadata(load(html), url, { now: NOW }));
  expect(fromParse5).toEqual(fromHtmlparser2);
  return fromHtmlparser2!;
};
const page = (head: string, body = '') => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
const jsonLd = (value: unknown) => `<script type="application/ld+json">${typeof value === 'string' ? value : JSON.stringify(value)}</script>`;

const EMPTY: PageMetadata = {
  title: null,
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
};

describe('readMetadata: JSON-LD', () => {
  const newsArticle = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: 'Parliament passes the budget',
    description: 'The vote  ends a\n month of talks.',
    author: { '@type': 'Person', name: 'Jane Doe' },
    datePublished: '2026-11-03T09:30:00+03:00',
    dateModified: '2026-11-03T12:00:00+03:00',
    image: { '@type': 'ImageObject', url: '/img/budget.jpg', width: 1200 },
    publisher: { '@type': 'Organization', name: 'The Daily Example' },
    inLanguage: 'en-GB',
    articleSection: ['Politics', 'World'],
    keywords: ['Budget', 'Parliament'],
  };

  it('reads every field of a NewsArticle', () => {
    expect(read(page(jsonLd(newsArticle)))).toEqual({
      title: 'Parliament passes the budget',
      lead: 'The vote ends a month of talks.',
      authors: ['Jane Doe'],
      publishedAt: new Date('2026-11-03T06:30:00Z'),
      modifiedAt: new Date('2026-11-03T09:00:00Z'),
      image: 'https://news.example.com/img/budget.jpg',
      siteName: 'The Daily Example',
      declaredLanguage: 'en-GB',
      canonicalUrl: null,
      section: 'Politics',
      tags: ['Budget', 'Parliament'],
    } satisfies PageMetadata);
  });

  it('trusts JSON-LD over OpenGraph and meta tags', () => {
    const html = page(`
      <meta property="og:title" content="OG title">
      <meta property="og:description" content="OG description">
      <meta name="author" content="Meta Author">
      <meta property="article:published_time" content="2026-11-01T00:00:00Z">
      <meta property="article:section" content="OG section">
      ${jsonLd(newsArticle)}`);
    expect(read(html)).toMatchObject({
      title: 'Parliament passes the budget',
      lead: 'The vote ends a month of talks.',
      authors: ['Jane Doe'],
      publishedAt: new Date('2026-11-03T06:30:00Z'),
      section: 'Politics',
    });
  });

  it('finds the article in an @graph and follows @id references (Yoast style)', () => {
    const graph = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', '@id': 'https://news.example.com/#website', name: 'Example News', publisher: { '@id': 'https://news.example.com/#org' } },
        { '@type': 'Organization', '@id': 'https://news.example.com/#org', name: 'Example Media Group plc' },
        { '@type': 'WebPage', '@id': `${PAGE_URL}#webpage`, name: 'Budget vote | Example News' },
        {
          '@type': 'Article',
          '@id': `${PAGE_URL}#article`,
          headline: 'Budget vote',
          author: [{ '@id': 'https://news.example.com/#/schema/person/1' }],
          publisher: { '@id': 'https://news.example.com/#org' },
          mainEntityOfPage: { '@id': `${PAGE_URL}#webpage` },
        },
        { '@type': 'Person', '@id': 'https://news.example.com/#/schema/person/1', name: 'Ana Lima', url: 'https://news.example.com/author/ana' },
      ],
    };
    expect(read(page(jsonLd(graph)))).toMatchObject({ title: 'Budget vote', authors: ['Ana Lima'], siteName: 'Example News' });
  });

  it('takes the publisher name as the site name when nothing else names the site', () => {
    expect(read(page(jsonLd({ '@type': 'NewsArticle', headline: 'H', publisher: { '@type': 'Organization', name: 'Daily Example' } }))).siteName).toBe('Daily Example');
    // og:site_name wins: the publisher is often the owning company.
    const html = page(`<meta property="og:site_name" content="Example News">${jsonLd({ '@type': 'NewsArticle', publisher: { name: 'Example Media Group plc' } })}`);
    expect(read(html).siteName).toBe('Example News');
  });

  it('finds the article in top-level arrays and in a WebPage mainEntity', () => {
    expect(read(page(jsonLd([{ '@type': 'BreadcrumbList' }, { '@type': 'NewsArticle', headline: 'In an array' }]))).title).toBe('In an array');
    const nested = { '@type': 'WebPage', name: 'Page name', mainEntity: { '@type': 'NewsArticle', headline: 'Nested', datePublished: '2026-11-02' } };
    expect(read(page(jsonLd(nested)))).toMatchObject({ title: 'Nested', publishedAt: new Date('2026-11-02T00:00:00Z') });
  });

  it.each([
    ['ReportageNewsArticle'],
    ['BlogPosting'],
    ['OpinionNewsArticle'],
    ['LiveBlogPosting'],
    [['NewsArticle', 'Article']],
    ['schema:NewsArticle'],
    ['https://schema.org/NewsArticle'],
  ])('recognises an article of type %j', (type) => {
    expect(read(page(jsonLd({ '@type': type, headline: 'Typed' }))).title).toBe('Typed');
  });

  it('ignores JSON-LD nodes that are not articles', () => {
    const html = page(`<title>Page title</title>${jsonLd({ '@type': 'Product', name: 'A phone', description: 'Buy it', datePublished: '2026-11-01' })}`);
    expect(read(html)).toMatchObject({ title: 'Page title', lead: null, publishedAt: null });
  });

  it('picks the article whose URL is the page among several', () => {
    const related = { '@type': 'NewsArticle', headline: 'Related story', url: 'https://news.example.com/other' };
    const main = { '@type': 'NewsArticle', headline: 'This story', mainEntityOfPage: `${PAGE_URL}/` };
    expect(read(page(jsonLd([related, main]))).title).toBe('This story');
  });

  it('reads authors given as a string, an array, objects, with duplicates and "By"', () => {
    const author = ['By Jane Doe', { '@type': 'Person', name: 'jane doe' }, { '@type': 'Organization', name: 'Reuters' }, 'https://x.example/jane'];
    expect(read(page(jsonLd({ '@type': 'NewsArticle', author }))).authors).toEqual(['Jane Doe', 'Reuters']);
    expect(read(page(jsonLd({ '@type': 'NewsArticle', author: 'Jane Doe and John Roe' }))).authors).toEqual(['Jane Doe', 'John Roe']);
    expect(read(page(jsonLd({ '@type': 'NewsArticle', author: { givenName: 'Ana', familyName: 'Lima' } }))).authors).toEqual(['Ana Lima']);
  });

  it('does not take the site for the author of its articles', () => {
    // Old pages put the publisher in <meta name="author">: its site name or its host's name.
    const byline = '<p class="byline">By <a rel="author" href="/staff/jane">Jane Doe</a></p>';
    expect(read(page('<meta property="og:site_name" content="Example News"><meta name="author" content="Example News">', byline)).authors).toEqual(['Jane Doe']);
    expect(read(page('<meta name="author" content="example.com">', byline)).authors).toEqual(['Jane Doe']);
    expect(read(page('<meta name="author" content="EXAMPLE">')).authors).toEqual([]);
    expect(read(page('<meta name="author" content="Ana Lima">', byline)).authors).toEqual(['Ana Lima']);
  });

  it('reads keywords given as one comma-separated string', () => {
    expect(read(page(jsonLd({ '@type': 'NewsArticle', keywords: 'budget, parliament,  Budget ,taxes' }))).tags).toEqual(['budget', 'parliament', 'taxes']);
  });

  it('decodes HTML entities the CMS left in JSON-LD strings', () => {
    const html = page(jsonLd({ '@type': 'NewsArticle', headline: 'Rock &amp; roll&#8217;s return', author: 'Zoë O&#39;Brien' }));
    expect(read(html)).toMatchObject({ title: 'Rock & roll’s return', authors: ['Zoë O\'Brien'] });
  });

  it('reads malformed JSON-LD: trailing commas, comments, raw newlines, several objects in one script', () => {
    const broken = `
      // generated by the CMS
      {
        "@context": "https://schema.org", /* v2 */
        "@type": "NewsArticle",
        "headline": "Broken but readable",
        "description": "Line one
Line two",
        "author": [{"@type": "Person", "name": "Jane Doe",},],
      }
      {"@type": "BreadcrumbList", "itemListElement": []}`;
    expect(read(page(jsonLd(broken)))).toMatchObject({ title: 'Broken but readable', lead: 'Line one Line two', authors: ['Jane Doe'] });
  });

  it('reads a JSON-LD script that was HTML-escaped as a whole', () => {
    const escaped = '{&quot;@type&quot;: &quot;NewsArticle&quot;, &quot;headline&quot;: &quot;Escaped &amp;amp; found&quot;}';
    expect(read(page(jsonLd(escaped))).title).toBe('Escaped & found');
  });

  it('keeps the readable scripts when another one cannot be parsed', () => {
    const html = page(`${jsonLd('{"@type": "NewsArticle", "headline": ')}${jsonLd({ '@type': 'NewsArticle', headline: 'Survivor' })}`);
    expect(read(html).title).toBe('Survivor');
  });

  it('reads JSON-LD whatever the case and parameters of its type attribute', () => {
    const html = page(`<script type="Application/LD+JSON; charset=utf-8">{"@type":"NewsArticle","headline":"Case"}</script>`);
    expect(read(html).title).toBe('Case');
  });
});

describe('parseJsonLd', () => {
  it('parses valid JSON as is', () => {
    expect(parseJsonLd('{"a": "b // not a comment"}')).toEqual([{ a: 'b // not a comment' }]);
  });

  it('repairs what publishers ship', () => {
    expect(parseJsonLd('{"a": [1, 2,], "b": {"c": 3,},}')).toEqual([{ a: [1, 2], b: { c: 3 } }]);
    expect(parseJsonLd('{"a": "tab\there"}')).toEqual([{ a: 'tab\there' }]);
    expect(parseJsonLd('{"a": "it\\\'s"}')).toEqual([{ a: "it's" }]);
    expect(parseJsonLd('<!--\n{"a": 1}\n-->')).toEqual([{ a: 1 }]);
    expect(parseJsonLd('//<![CDATA[\n{"a": 1}\n//]]>')).toEqual([{ a: 1 }]);
    expect(parseJsonLd('{"a": 1}, {"b": 2}\n[{"c": 3}]')).toEqual([{ a: 1 }, { b: 2 }, [{ c: 3 }]]);
    expect(parseJsonLd('{"a": "}{ inside a string"}{"b": 1}')).toEqual([{ a: '}{ inside a string' }, { b: 1 }]);
  });

  it('drops what cannot be repaired without throwing', () => {
    expect(parseJsonLd('')).toEqual([]);
    expect(parseJsonLd('not json at all')).toEqual([]);
    expect(parseJsonLd('{"a": 1')).toEqual([]);
    expect(parseJsonLd('{a: 1} {"b": 2}')).toEqual([{ b: 2 }]);
  });
});

describe('readMetadata: OpenGraph and article:*', () => {
  const html = page(`
    <meta property="og:title" content="Storm reaches the coast">
    <meta property="og:description" content="Thousands  evacuated.">
    <meta property="og:image" content="https://cdn.example.com/storm.jpg">
    <meta property="og:site_name" content="Coast Times">
    <meta property="og:url" content="https://news.example.com/storm">
    <meta property="og:locale" content="pt_BR">
    <meta property="article:published_time" content="2026-11-03T09:30:00-03:00">
    <meta property="article:modified_time" content="2026-11-03T10:00:00-03:00">
    <meta property="article:section" content="Weather">
    <meta property="article:tag" content="Storm">
    <meta property="article:tag" content="Coast">
    <meta property="article:author" content="https://www.facebook.com/coasttimes">
    <meta property="article:author" content="Maria Souza">`);

  it('reads them when there is no JSON-LD', () => {
    expect(read(html)).toEqual({
      title: 'Storm reaches the coast',
      lead: 'Thousands evacuated.',
      authors: ['Maria Souza'],
      publishedAt: new Date('2026-11-03T12:30:00Z'),
      modifiedAt: new Date('2026-11-03T13:00:00Z'),
      image: 'https://cdn.example.com/storm.jpg',
      siteName: 'Coast Times',
      declaredLanguage: 'pt_BR',
      canonicalUrl: 'https://news.example.com/storm',
      section: 'Weather',
      tags: ['Storm', 'Coast'],
    } satisfies PageMetadata);
  });

  it('reads OpenGraph written with name= or in capitals', () => {
    expect(read(page('<meta name="og:title" content="Named"><META PROPERTY="OG:DESCRIPTION" CONTENT="Loud">'))).toMatchObject({ title: 'Named', lead: 'Loud' });
  });

  it('trusts OpenGraph over plain meta tags', () => {
    const both = page(`<meta name="author" content="Meta Author"><meta property="article:author" content="OG Author">
      <meta name="date" content="2026-10-01"><meta property="article:published_time" content="2026-11-01T08:00:00Z">
      <meta name="description" content="Meta description"><meta property="og:description" content="OG description">`);
    expect(read(both)).toMatchObject({
      lead: 'OG description',
      // Authors from meta tags are one tier: article:author and name=author together.
      authors: ['Meta Author', 'OG Author'],
      publishedAt: new Date('2026-11-01T08:00:00Z'),
    });
  });
});

describe('readMetadata: other meta tags', () => {
  it.each([
    ['name="author"', 'content="Jane Doe"'],
    ['name="parsely-author"', 'content="Jane Doe"'],
    ['name="sailthru.author"', 'content="Jane Doe"'],
    ['name="DC.creator"', 'content="Jane Doe"'],
    ['name="byl"', 'content="By Jane Doe"'],
  ])('reads the author from <meta %s>', (name, content) => {
    expect(read(page(`<meta ${name} ${content}>`)).authors).toEqual(['Jane Doe']);
  });

  it.each([
    ['parsely-pub-date', '2026-11-03T09:30:00Z'],
    ['sailthru.date', '2026-11-03 09:30:00'],
    ['DC.date.issued', '2026-11-03T09:30:00+00:00'],
    ['dc.date', '2026-11-03T09:30Z'],
    ['date', '2026-11-03T09:30:00.000Z'],
    ['pubdate', '2026-11-03T09:30:00+00:00'],
    ['publish-date', 'Tue, 03 Nov 2026 09:30:00 GMT'],
  ])('reads the publication date from <meta name="%s">', (name, content) => {
    expect(read(page(`<meta name="${name}" content="${content}">`)).publishedAt).toEqual(new Date('2026-11-03T09:30:00Z'));
  });

  it('reads the modification date from dcterms.modified', () => {
    expect(read(page('<meta name="dcterms.modified" content="2026-11-04">')).modifiedAt).toEqual(new Date('2026-11-04T00:00:00Z'));
  });

  it("reads Parse.ly's parsely-page JSON", () => {
    const content = JSON.stringify({ title: 'T', pub_date: '2026-11-03T09:30:00Z', author: 'Jane Doe', section: 'Sport', tags: ['Football'] }).replace(/"/g, '&quot;');
    expect(read(page(`<meta name="parsely-page" content="${content}">`))).toMatchObject({
      authors: ['Jane Doe'],
      publishedAt: new Date('2026-11-03T09:30:00Z'),
      section: 'Sport',
      tags: ['Football'],
    });
  });

  it('joins the tags of every source without duplicates', () => {
    const html = page(`${jsonLd({ '@type': 'NewsArticle', keywords: ['Budget'] })}
      <meta property="article:tag" content="budget"><meta property="article:tag" content="Taxes">
      <meta name="news_keywords" content="Taxes, Parliament"><meta name="keywords" content="parliament,， Vote ,,">`);
    expect(read(html).tags).toEqual(['Budget', 'Taxes', 'Parliament', 'Vote']);
  });

  it('reads the section from meta when neither JSON-LD nor article:section has one', () => {
    expect(read(page('<meta name="parsely-section" content="Business">')).section).toBe('Business');
  });
});

describe('readMetadata: the page itself', () => {
  it('reads microdata: headline, author, dates', () => {
    const html = page(
      '<title>Fallback | Site</title>',
      `<div itemscope itemtype="https://schema.org/NewsArticle">
        <h1 itemprop="headline">Microdata headline</h1>
        <span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Jane Doe</span></span>
        <meta itemprop="datePublished" content="2026-11-03T09:30:00Z">
        <time itemprop="dateModified" datetime="2026-11-04T10:00:00Z">4 November</time>
      </div>`,
    );
    expect(read(html)).toMatchObject({
      title: 'Microdata headline',
      authors: ['Jane Doe'],
      publishedAt: new Date('2026-11-03T09:30:00Z'),
      modifiedAt: new Date('2026-11-04T10:00:00Z'),
    });
  });

  it('reads <time datetime> in the article, not the clock in the header', () => {
    const html = page('', `<header><time datetime="2026-11-29T08:00:00Z">Today</time></header>
      <article><p>Text</p><time datetime="2026-11-03T09:30:00+01:00">3 Nov</time></article>
      <aside><time datetime="2026-11-20">Related</time></aside>`);
    expect(read(html).publishedAt).toEqual(new Date('2026-11-03T08:30:00Z'));
    const ambiguous = page('', '<header><time datetime="2026-11-29">Today</time></header><div><time datetime="2026-11-03">3 Nov</time></div>');
    expect(read(ambiguous).publishedAt).toBeNull();
    expect(read(page('', '<div><time datetime="2026-11-03">3 Nov</time></div>')).publishedAt).toEqual(new Date('2026-11-03T00:00:00Z'));
  });

  it('reads a rel=author link as the author when no metadata names one', () => {
    expect(read(page('', '<p class="byline">By <a rel="author" href="/staff/jane">Jane Doe</a></p>')).authors).toEqual(['Jane Doe']);
  });
});

describe('readMetadata: title', () => {
  it.each([
    ['Budget passed | Daily Example'],
    ['Budget passed - Daily Example'],
    ['Budget passed — Daily Example'],
    ['Budget passed – DAILY EXAMPLE'],
    ['Daily Example | Budget passed'],
  ])('strips the site name from %j', (title) => {
    expect(read(page(`<meta property="og:site_name" content="Daily Example"><title>${title}</title>`)).title).toBe('Budget passed');
    expect(read(page(`<meta property="og:site_name" content="Daily Example"><meta property="og:title" content="${title}">`)).title).toBe('Budget passed');
  });

  it('strips the host name when the site name is not declared', () => {
    expect(read(page('<title>Budget passed - Example.com</title>')).title).toBe('Budget passed');
    expect(read(page('<title>Budget passed - BBC News</title>'), 'https://www.bbc.co.uk/news/1').title).toBe('Budget passed - BBC News');
    expect(read(page('<title>Budget passed - BBC</title>'), 'https://www.bbc.co.uk/news/1').title).toBe('Budget passed');
  });

  it('strips the section and the site name together', () => {
    const html = page('<meta property="og:site_name" content="The Paper"><meta property="article:section" content="Politics"><title>Budget passed | Politics | The Paper</title>');
    expect(read(html).title).toBe('Budget passed');
  });

  it('strips the unspaced separators of Chinese and Japanese titles', () => {
    const chinese = page('<meta property="og:site_name" content="华东日报"><meta property="article:section" content="城市"><title>地铁三号线正式开通运营_城市_华东日报</title>');
    expect(read(chinese).title).toBe('地铁三号线正式开通运营');
    expect(read(page('<meta property="og:site_name" content="北海日報"><meta property="og:title" content="流氷初観測｜北海日報">')).title).toBe('流氷初観測');
  });

  it('keeps hyphens inside words', () => {
    expect(read(page('<meta property="og:site_name" content="Daily Example"><title>Well-known author dies at 90 - Daily Example</title>')).title).toBe('Well-known author dies at 90');
  });

  it('keeps separators that are part of the headline', () => {
    const html = page('<meta property="og:site_name" content="Daily Example"><title>Iran - US talks resume in Oman</title>');
    expect(read(html).title).toBe('Iran - US talks resume in Oman');
    expect(read(page('<meta property="og:title" content="Live: storm – latest">')).title).toBe('Live: storm – latest');
  });

  it('drops the last " | part" of a <title> even when the site is unknown', () => {
    expect(read(page('<title>Budget passed | Politics | The Paper</title>')).title).toBe('Budget passed | Politics');
  });

  it('prefers the article <h1> to the <title>, skipping a logo <h1>', () => {
    const html = page(
      '<meta property="og:site_name" content="Daily Example"><title>Budget passed in long form | Daily Example</title>',
      '<header><h1><a href="/">Daily Example</a></h1></header><main><article><h1>Budget passed</h1></article></main>',
    );
    expect(read(html).title).toBe('Budget passed');
    expect(read(page('<title>Only a title</title>', '<h1>  Heading\n  text </h1>')).title).toBe('Heading text');
    expect(read(page('<title> Only a title </title>')).title).toBe('Only a title');
  });
});

describe('readMetadata: lead', () => {
  it('takes JSON-LD description, og:description, then meta description, whitespace collapsed', () => {
    expect(read(page(`<meta name="description" content="Meta\n\t lead">`)).lead).toBe('Meta lead');
    expect(read(page(`<meta name="description" content="Meta"><meta property="og:description" content="OG">`)).lead).toBe('OG');
    expect(read(page(`<meta property="og:description" content="OG">${jsonLd({ '@type': 'NewsArticle', description: 'LD' })}`)).lead).toBe('LD');
    expect(read(page('<meta name="description" content="   ">')).lead).toBeNull();
  });
});

describe('readMetadata: dates', () => {
  it('falls through placeholder dates to the next source', () => {
    const html = page(`${jsonLd({ '@type': 'NewsArticle', datePublished: '0001-01-01T00:00:00', dateModified: '1970-01-01T00:00:00Z' })}
      <meta property="article:published_time" content="2026-11-03T09:30:00Z">
      <meta property="article:modified_time" content="2999-01-01T00:00:00Z">`);
    expect(read(html)).toMatchObject({ publishedAt: new Date('2026-11-03T09:30:00Z'), modifiedAt: null });
  });

  it('falls back to dateCreated when JSON-LD has no datePublished', () => {
    expect(read(page(jsonLd({ '@type': 'NewsArticle', dateCreated: '2026-11-02T10:00:00Z' }))).publishedAt).toEqual(new Date('2026-11-02T10:00:00Z'));
    const placeholder = { '@type': 'NewsArticle', datePublished: '0001-01-01T00:00:00Z', dateCreated: '2026-11-02T10:00:00Z' };
    expect(read(page(jsonLd(placeholder))).publishedAt).toEqual(new Date('2026-11-02T10:00:00Z'));
  });
});

describe('parseDate', () => {
  it.each([
    ['2026-11-03T09:30:00+03:00', '2026-11-03T06:30:00.000Z'],
    ['2026-11-03T09:30:00+0530', '2026-11-03T04:00:00.000Z'],
    ['2026-11-03T09:30:00-05', '2026-11-03T14:30:00.000Z'],
    ['2026-11-03T09:30:00.123456Z', '2026-11-03T09:30:00.123Z'],
    ['2026-11-03T09:30:00 UTC', '2026-11-03T09:30:00.000Z'],
    // No zone: UTC, whatever the zone of the machine.
    ['2026-11-03T09:30:00', '2026-11-03T09:30:00.000Z'],
    ['2026-11-03 09:30', '2026-11-03T09:30:00.000Z'],
    ['2026-11-03', '2026-11-03T00:00:00.000Z'],
    ['20261103', '2026-11-03T00:00:00.000Z'],
    ['2026/11/03 09:30', '2026-11-03T09:30:00.000Z'],
    ['2026.11.3', '2026-11-03T00:00:00.000Z'],
    ['Tue, 03 Nov 2026 09:30:00 +0300', '2026-11-03T06:30:00.000Z'],
    ['November 3, 2026 9:30 AM', '2026-11-03T09:30:00.000Z'],
    ['3 Nov 2026', '2026-11-03T00:00:00.000Z'],
    ['1793698200', '2026-11-03T09:30:00.000Z'],
    ['1793698200000', '2026-11-03T09:30:00.000Z'],
  ])('reads %j as %s', (value, expected) => {
    expect(parseDate(value, NOW)?.toISOString()).toBe(expected);
  });

  it.each([
    ['0001-01-01T00:00:00'],
    ['0001-01-01'],
    ['1900-01-01T00:00:00Z'],
    ['1970-01-01T00:00:00Z'],
    ['1969-12-31T19:00:00-05:00'],
    ['1970-01-01T09:00:00+09:00'],
    ['0'],
    ['2999-12-31'],
    ['2026-12-02T12:00:01Z'],
    ['2026-02-31'],
    ['2026-13-01'],
    ['1'],
    ['03/11/2026'],
    ['yesterday'],
    ['{{publish_date}}'],
    [''],
  ])('rejects %j', (value) => {
    expect(parseDate(value, NOW)).toBeNull();
  });

  it('accepts a date up to two days ahead of now (clock skew, time zones)', () => {
    expect(parseDate('2026-12-01T11:00:00Z', NOW)).toEqual(new Date('2026-12-01T11:00:00Z'));
  });
});

describe('normalizeAuthors', () => {
  it.each([
    [['By Jane Doe'], ['Jane Doe']],
    [['by: jane doe'], ['jane doe']],
    [['Written by Jane Doe'], ['Jane Doe']],
    [['Von Katrin Müller und Jonas Becker'], ['Katrin Müller', 'Jonas Becker']],
    [['Por Lucía Fernández'], ['Lucía Fernández']],
    [['Von Miller'], ['Von Miller']],
    [['Ursula von der Leyen'], ['Ursula von der Leyen']],
    [['von der Leyen Ursula'], ['von der Leyen Ursula']],
    [['Jane Doe', 'JANE DOE', ' Jane   Doe '], ['Jane Doe']],
    [['https://www.facebook.com/janedoe', 'Jane Doe', 'www.example.com/jane', 'example.com/jane', '/authors/jane', 'jane@example.com'], ['Jane Doe']],
    [['Jane Doe (jane.doe@example.com)'], ['Jane Doe']],
    [['Jane Doe/Reuters'], ['Jane Doe', 'Reuters']],
    [['Jane Doe and John Roe'], ['Jane Doe', 'John Roe']],
    [['Jane Doe & John Roe'], ['Jane Doe', 'John Roe']],
    [['Jane Doe, John Roe and Ann Poe'], ['Jane Doe', 'John Roe', 'Ann Poe']],
    [['Jane Doe; John Roe'], ['Jane Doe', 'John Roe']],
    [['Jane Doe | Reuters'], ['Jane Doe', 'Reuters']],
    [['Иван Петров и Мария Соколова'], ['Иван Петров', 'Мария Соколова']],
    [['Budi Santoso dan Rina Wijaya'], ['Budi Santoso', 'Rina Wijaya']],
    [['王伟、李娜'], ['王伟', '李娜']],
    [['Ursula von der Leyen and Jane Doe'], ['Ursula von der Leyen', 'Jane Doe']],
    // Not lists.
    [['Doe, Jane'], ['Doe, Jane']],
    [['Simon & Schuster'], ['Simon & Schuster']],
    [['Jane and John Doe'], ['Jane and John Doe']],
    [['José Ortega y Gasset'], ['José Ortega y Gasset']],
    [['John Smith, Jr.'], ['John Smith, Jr.']],
    [['Research and development team'], ['Research and development team']],
    // Job titles.
    [['Jane Doe, Staff Writer'], ['Jane Doe']],
    [['Staff Writer'], []],
    [['Reuters Staff'], ['Reuters Staff']],
    [['', '   ', '123', 'By'], []],
    // Sites and companies: a domain, a legal form, a Chinese website's name.
    [['tovima.gr — Δημοσιογραφικός Οργανισμός Λαμπράκη Α.Ε.', 'BIOLOG.PL', 'INTERIA.PL S.A.', 'Interline Pro Co.', 'AltumNet sp. z o.o.', '正北方网'], []],
    [['Jane Doe, example.com'], ['Jane Doe']],
    [['Dr.Smith', 'J.K. Rowling', 'Co Kerry'], ['Dr.Smith', 'J.K. Rowling', 'Co Kerry']],
  ])('%j → %j', (input, expected) => {
    expect(normalizeAuthors(input)).toEqual(expected);
  });
});

describe('readMetadata: language', () => {
  it('takes JSON-LD inLanguage, <html lang>, og:locale, then Content-Language', () => {
    const all = `<meta property="og:locale" content="fr_FR"><meta http-equiv="Content-Language" content="de">`;
    expect(read(`<html lang="es"><head>${all}${jsonLd({ '@type': 'NewsArticle', inLanguage: 'ca' })}</head></html>`).declaredLanguage).toBe('ca');
    expect(read(`<html lang="es"><head>${all}</head></html>`).declaredLanguage).toBe('es');
    expect(read(`<html><head>${all}</head></html>`).declaredLanguage).toBe('fr_FR');
    expect(read('<html><head><meta http-equiv="content-language" content="de, en"></head></html>').declaredLanguage).toBe('de');
  });

  it('reads inLanguage given as a Language object', () => {
    expect(read(page(jsonLd({ '@type': 'NewsArticle', inLanguage: { '@type': 'Language', name: 'Spanish', alternateName: 'es' } }))).declaredLanguage).toBe('es');
  });

  it('skips values that are not language tags', () => {
    expect(read('<html lang="{{ lang }}"><head><meta property="og:locale" content="ja_JP"></head></html>').declaredLanguage).toBe('ja_JP');
    expect(read('<html lang=""><body></body></html>').declaredLanguage).toBeNull();
  });
});

describe('readMetadata: canonical URL', () => {
  it('resolves a relative canonical link against the page URL and <base href>', () => {
    expect(read(page('<link rel="canonical" href="/world/budget#top">')).canonicalUrl).toBe('https://news.example.com/world/budget');
    expect(read(page('<base href="https://mobile.example.com/m/"><link rel="canonical" href="budget">')).canonicalUrl).toBe('https://mobile.example.com/m/budget');
  });

  it('reads rel with several tokens and in capitals', () => {
    expect(read(page('<link rel="Canonical nofollow" href="https://news.example.com/a">')).canonicalUrl).toBe('https://news.example.com/a');
  });

  it('falls back to og:url, and keeps only http(s) URLs', () => {
    expect(read(page('<meta property="og:url" content="https://news.example.com/og">')).canonicalUrl).toBe('https://news.example.com/og');
    expect(read(page('<link rel="canonical" href="javascript:void(0)"><meta property="og:url" content="https://news.example.com/og">')).canonicalUrl).toBe('https://news.example.com/og');
    expect(read(page('<link rel="canonical" href="ftp://news.example.com/a">')).canonicalUrl).toBeNull();
    expect(read(page('<link rel="canonical" href="">')).canonicalUrl).toBeNull();
    // A relative link on a page read from a file has nothing to resolve against.
    expect(read(page('<link rel="canonical" href="/a">'), 'file:///tmp/page.html').canonicalUrl).toBeNull();
  });

  it('ignores a canonical that points at the home page from an article', () => {
    const html = page('<link rel="canonical" href="https://news.example.com/"><meta property="og:url" content="https://news.example.com/world/budget">');
    expect(read(html).canonicalUrl).toBe('https://news.example.com/world/budget');
    expect(read(page('<link rel="canonical" href="https://news.example.com/">'), 'https://news.example.com/').canonicalUrl).toBe('https://news.example.com/');
  });
});

describe('readMetadata: image', () => {
  it('resolves relative images and skips those that are not http(s)', () => {
    expect(read(page('<meta property="og:image" content="//cdn.example.com/a.jpg">')).image).toBe('https://cdn.example.com/a.jpg');
    expect(read(page(`${jsonLd({ '@type': 'NewsArticle', image: 'data:image/png;base64,AAAA' })}<meta property="og:image" content="/b.jpg">`)).image).toBe('https://news.example.com/b.jpg');
    expect(read(page(jsonLd({ '@type': 'NewsArticle', image: [{ '@type': 'ImageObject', contentUrl: 'https://cdn.example.com/c.jpg' }, 'https://cdn.example.com/d.jpg'] }))).image).toBe('https://cdn.example.com/c.jpg');
    expect(read(page('<link rel="image_src" href="/e.jpg">')).image).toBe('https://news.example.com/e.jpg');
  });
});

describe('readMetadata: pages with nothing to say', () => {
  it('returns empty metadata for an empty document', () => {
    expect(read('')).toEqual(EMPTY);
    expect(read('<html><head></head><body><p>Just text</p></body></html>')).toEqual(EMPTY);
  });
});
