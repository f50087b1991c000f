import { describe, expect, it } from 'vitest';
import { extractArticle, loadHtml } from './extract.js';
import { classifyPageType, decidePageType, pageTypeSignals } from './page-type.js';

// Pages written for these tests: the shapes publishers use, with made-up sites and stories.

const classify = (html: string, url: string) => classifyPageType(loadHtml(html).root()[0]!, url);
const signals = (html: string, url: string) => pageTypeSignals(loadHtml(html).root()[0]!, url);

const chrome = {
  header: `<header class="site-header"><a href="/"><img src="/logo.svg" alt="The Harbour Times"></a>
    <nav><a href="/politics">Politics</a> <a href="/business">Business</a> <a href="/sport">Sport</a> <a href="/culture">Culture</a></nav></header>`,
  footer: `<footer><p>© The Harbour Times 2026. All rights reserved.</p><a href="/privacy">Privacy</a> <a href="/contact">Contact</a></footer>`,
};

const paragraphs = [
  'The city council voted on Tuesday evening to extend the harbour ferry service to the northern districts, ending a dispute that had lasted almost two years.',
  'Under the plan, two new boats will run every twenty minutes between six in the morning and midnight, and the fare will stay the same as on the bus network.',
  'Residents of the northern districts have long complained that the only bridge into the centre is jammed at rush hour, turning a short trip into an hour-long ordeal.',
  'The opposition had argued that the money would be better spent on buses, but several of its members voted for the plan after the mayor agreed to review it in a year.',
  'The first boats are expected to enter service in the spring, once the two new piers have been built and the crews have been trained.',
];

const article = (extra = '') => `<!doctype html><html lang="en"><head><title>Council extends the harbour ferry | The Harbour Times</title>
  <meta property="og:type" content="article"><meta property="og:title" content="Council extends the harbour ferry">
  <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Council extends the harbour ferry","datePublished":"2026-03-03T08:00:00Z"}</script>
  </head><body>${chrome.header}<main><article><h1>Council extends the harbour ferry to the north</h1>
  <p class="byline">By Jane Doe · <time datetime="2026-03-03T08:00:00Z">3 March 2026, 08:00</time></p>
  ${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}${extra}</article></main>${chrome.footer}</body></html>`;

const teaserHeadlines = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, index) => ({
    href: `/${prefix}/2026/03/${index + 1}/story-about-the-region-number-${index + 1}`,
    title: `Story number ${index + 1} about what happened in the region this week`,
    summary: `A short summary of story ${index + 1}, one or two sentences that make a reader click through to the article.`,
  }));

/** A section front: 30 teasers (headline link, summary, picture) in a grid, no article of its own. */
const sectionFront = `<!doctype html><html lang="en"><head><title>Politics | The Harbour Times</title>
  <meta property="og:type" content="website"></head><body>${chrome.header}<main><h1>Politics</h1><div class="grid">
  ${teaserHeadlines('politics', 30)
    .map(
      (teaser) => `<div class="card"><a href="${teaser.href}"><img src="${teaser.href}.jpg" width="320" height="180" alt=""></a>
      <h3><a href="${teaser.href}">${teaser.title}</a></h3><p>${teaser.summary}</p></div>`,
    )
    .join('\n')}</div></main>${chrome.footer}</body></html>`;

describe('classifyPageType', () => {
  it('takes a news report for an article', () => {
    expect(classify(article(), 'https://harbour.example/politics/2026/03/03/council-extends-the-harbour-ferry')).toBe('article');
  });

  it('recognises a section front of 30 teasers, whatever its address says', () => {
    expect(classify(sectionFront, 'https://harbour.example/politics')).toBe('front');
    // The address is only a weak signal: the structure decides on its own.
    expect(classify(sectionFront, 'https://harbour.example/x/y/z')).toBe('front');
    expect(signals(sectionFront, 'https://harbour.example/politics')).toMatchObject({ url: 'section', teaserLinks: 30 });
  });

  it('recognises a home page whose teasers are a list of headlines in another script', () => {
    const items = Array.from(
      { length: 20 },
      (_, index) => `<li><a href="/news/2026/03/${1000 + index}.html">Правительство обсудило новые меры поддержки региона номер ${index + 1}</a></li>`,
    ).join('');
    const home = `<html><head><title>Новости</title></head><body><div id="top-news"><ul>${items}</ul></div></body></html>`;
    expect(classify(home, 'https://vesti.example/')).toBe('front');
  });

  it('takes a CollectionPage with a list of teasers for a front', () => {
    const topic = sectionFront.replace(
      '</head>',
      '<script type="application/ld+json">{"@context":"https://schema.org","@type":"CollectionPage","name":"Politics"}</script></head>',
    );
    expect(signals(topic, 'https://harbour.example/topics/ferries')).toMatchObject({ ldCollection: true, ldArticle: false });
    expect(classify(topic, 'https://harbour.example/topics/ferries')).toBe('front');
  });

  it('keeps an article with a box of related links an article', () => {
    const related = `<div class="more-on-this">${teaserHeadlines('politics', 12)
      .map((teaser) => `<div><a href="${teaser.href}"><img src="${teaser.href}.jpg" alt="">${teaser.title}</a></div>`)
      .join('')}</div>`;
    // The box sits in the article's own container, with a class name that says nothing.
    expect(classify(article(related), 'https://harbour.example/politics/2026/03/03/council-extends-the-harbour-ferry')).toBe('article');
    // Nor do its links make a front of it at an address that looks like a section.
    expect(classify(article(related), 'https://harbour.example/politics')).toBe('article');
  });

  it('keeps an article with an embedded video and real text an article', () => {
    const video = `<figure><iframe src="https://www.youtube.com/embed/abc123" width="640" height="360"></iframe><figcaption>The new ferry on its trial run.</figcaption></figure>`;
    const withVideo = article(video).replace(
      '"datePublished"',
      '"video":{"@type":"VideoObject","name":"Trial run","thumbnailUrl":"https://harbour.example/v.jpg"},"datePublished"',
    );
    expect(classify(withVideo, 'https://harbour.example/politics/2026/03/03/council-extends-the-harbour-ferry')).toBe('article');
  });

  it('recognises a video page: og:type video, a player, a short description', () => {
    const page = `<html><head><title>Watch: the new ferry's first trip</title><meta property="og:type" content="video.other">
      <script type="application/ld+json">{"@context":"https://schema.org","@type":"VideoObject","name":"The new ferry's first trip","uploadDate":"2026-03-03"}</script></head>
      <body>${chrome.header}<main><h1>Watch: the new ferry's first trip</h1><video controls src="https://cdn.harbour.example/ferry.mp4"></video>
      <p>The first of the two new ferries made its trial run across the harbour on Tuesday.</p></main>${chrome.footer}</body></html>`;
    expect(classify(page, 'https://harbour.example/video/2026/03/03/new-ferry-first-trip')).toBe('video');
    // Without any declaration: a player and two lines of text.
    const bare = page.replace(/<meta property="og:type"[^>]*>/, '').replace(/<script[\s\S]*?<\/script>/, '');
    expect(classify(bare, 'https://harbour.example/video/2026/03/03/new-ferry-first-trip')).toBe('video');
  });

  it('recognises a photo gallery, declared or not', () => {
    const photos = Array.from(
      { length: 12 },
      (_, index) => `<figure><img src="https://img.harbour.example/ferry-${index}.jpg" width="1200" height="800" alt=""><figcaption>Photo ${index + 1}: the ferry at the pier.</figcaption></figure>`,
    ).join('');
    const gallery = `<html><head><title>In pictures: the new ferry</title></head><body>${chrome.header}<main><h1>In pictures: the new ferry</h1>
      <div class="slides">${photos}</div></main>${chrome.footer}</body></html>`;
    expect(classify(gallery, 'https://harbour.example/gallery/2026/03/new-ferry-in-pictures')).toBe('gallery');
    const declared = gallery.replace('</head>', '<script type="application/ld+json">{"@type":"ImageGallery","name":"In pictures"}</script></head>');
    expect(signals(declared, 'https://harbour.example/g/1').ldGallery).toBe(true);
    expect(classify(declared, 'https://harbour.example/g/1')).toBe('gallery');
  });

  const updates = [
    'Police have closed the coast road after a landslide near the lighthouse; drivers are asked to use the inland route.',
    'The fire brigade says nobody was hurt, but two parked cars were buried under the mud and rocks.',
    'The mayor is on her way to the site and will speak to reporters there within the hour.',
    'Engineers are checking whether the slope above the road is still moving after the night of heavy rain.',
    'Buses on line 4 are being diverted through the old town until further notice.',
    'The weather service has extended its warning for heavy rain until Thursday morning.',
    'The mayor says the road will stay closed at least until the weekend, while the slope is secured.',
    'Residents of the twelve houses closest to the slope have been asked to stay with relatives tonight.',
    'The school by the lighthouse will be closed tomorrow; pupils will be taught online.',
    'We are ending our live coverage here. Thank you for following along.',
  ];

  it('recognises a live blog declared as LiveBlogPosting', () => {
    const page = `<html><head><title>Live: landslide closes coast road</title>
      <script type="application/ld+json">{"@context":"https://schema.org","@type":"LiveBlogPosting","headline":"Landslide closes coast road","coverageStartTime":"2026-03-03T06:00:00Z","liveBlogUpdate":[{"@type":"BlogPosting","headline":"Road closed"}]}</script>
      </head><body>${chrome.header}<main><h1>Live: landslide closes coast road</h1><p>${updates[0]}</p></main>${chrome.footer}</body></html>`;
    expect(classify(page, 'https://harbour.example/news/2026/03/03/live-landslide-coast-road')).toBe('live');
  });

  it('recognises a live blog without JSON-LD by its timestamped updates, in any language', () => {
    const entries = updates.map((text, index) => `<div class="update"><span class="stamp">${17 - index}:${index % 2 ? '05' : '40'}</span><p>${text}</p></div>`).join('\n');
    const page = `<html><head><title>Landslide closes coast road</title></head><body>${chrome.header}<main><h1>Landslide closes coast road</h1>
      <div class="updates">${entries}</div></main>${chrome.footer}</body></html>`;
    expect(signals(page, 'https://harbour.example/news/landslide').timedEntries).toBe(10);
    expect(classify(page, 'https://harbour.example/news/landslide')).toBe('live');
    // German pages write the time with a dot and "Uhr".
    const german = page.replace(/<span class="stamp">(\d+):(\d+)<\/span>/g, '<p><strong>$1.$2 Uhr</strong></p>');
    expect(classify(german, 'https://harbour.example/news/landslide')).toBe('live');
  });

  it('does not take a list of dated news or comments for a live blog', () => {
    // A ticker of other stories: each time stamps a headline that links elsewhere.
    const ticker = teaserHeadlines('news', 10)
      .map((teaser, index) => `<li><span class="time">1${index}:15</span> <a href="${teaser.href}">${teaser.title}</a><p>${teaser.summary}</p></li>`)
      .join('');
    // Comments stamped with their date.
    const comments = updates.map((text, index) => `<div class="op"><span>~reader${index} [2026-03-0${(index % 9) + 1} 1${index % 10}:20]</span><p>${text}</p></div>`).join('');
    const page = article(`<ul class="ticker">${ticker}</ul><div class="opinions">${comments}</div>`);
    expect(classify(page, 'https://harbour.example/politics/2026/03/03/council-extends-the-harbour-ferry')).toBe('article');
  });

  it('decides from the signals in a fixed order', () => {
    const base = pageTypeSignals(loadHtml(article()).root()[0]!, 'https://harbour.example/a/b/c');
    expect(decidePageType(base)).toBe('article');
    expect(decidePageType({ ...base, ldLive: true })).toBe('live');
    // A declared video with a long report is an article that carries a video.
    expect(decidePageType({ ...base, ogType: 'video.other' })).toBe('article');
    expect(decidePageType({ ...base, ogType: 'video.other', proseRun: 120 })).toBe('video');
  });

  it('reads a page without markup, a fragment or a bad address as an article', () => {
    expect(classify('', 'https://harbour.example/')).toBe('article');
    expect(classify('<p>Just one line.</p>', 'not a url')).toBe('article');
  });
});

describe('extractArticle and page types', () => {
  it('stores no text for a front, rather than its list of links', () => {
    const front = extractArticle(sectionFront, 'https://harbour.example/politics');
    expect(front.pageType).toBe('front');
    expect(front.text).toBe('');
    expect(front.title).toBe('Politics');
  });

  it('keeps a page an article when its main text holds a paragraph longer than any teaser', () => {
    // An old portal page: no declarations, 30 headline links, and a report inside a stray <a> that the
    // classifier reads as link text. The content scorer reads a link that long as a wrapper, and finds it.
    const report = paragraphs.join(' ');
    const html = `<html><head><title>The Harbour Times</title></head><body>${chrome.header}<div class="page"><a href="/promo"><div class="story"><p>${report}</p></div></a>
      ${teaserHeadlines('news', 30)
        .map((teaser) => `<div class="card"><h3><a href="${teaser.href}">${teaser.title}</a></h3></div>`)
        .join('\n')}</div>${chrome.footer}</body></html>`;
    expect(classify(html, 'https://harbour.example/')).toBe('front');
    const extracted = extractArticle(html, 'https://harbour.example/');
    expect(extracted.pageType).toBe('article');
    expect(extracted.text).toBe(report);
  });

  it('keeps the text of an article', () => {
    const report = extractArticle(article(), 'https://harbour.example/politics/2026/03/03/council-extends-the-harbour-ferry');
    expect(report.pageType).toBe('article');
    expect(report.text).toContain(paragraphs[2]);
  });
});
