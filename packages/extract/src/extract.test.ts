import { describe, expect, it } from 'vitest';
import { extractArticle, htmlToText } from './extract.js';

const page = `<!doctype html>
<html lang="ru">
<head>
  <title>Главная новость — Пример</title>
  <meta property="og:title" content="Парламент принял бюджет">
  <meta property="og:site_name" content="Пример">
  <meta property="og:image" content="/img/budget.jpg">
  <meta name="author" content="Иван Петров">
  <meta property="article:published_time" content="2026-11-03T09:30:00+03:00">
  <link rel="canonical" href="https://news.example.ru/politics/budget">
  <script>var tracking = "noise";</script>
</head>
<body>
  <header><nav><a href="/">Главная</a> <a href="/world">Мир</a></nav></header>
  <aside>Читайте также: другие новости</aside>
  <article>
    <h1>Парламент принял бюджет</h1>
    <p>Депутаты одобрили бюджет на следующий год в третьем чтении.</p>
    <blockquote><p>«Это бюджет развития», — заявил министр.</p></blockquote>
    <p>Документ вступит в силу   с 1 января.</p>
  </article>
  <footer>© Пример 2026</footer>
</body>
</html>`;

describe('extractArticle', () => {
  it('takes the article text without the page chrome, one paragraph per line', () => {
    const article = extractArticle(page, 'https://news.example.ru/p/123');
    expect(article.text).toBe(
      [
        'Депутаты одобрили бюджет на следующий год в третьем чтении.',
        '«Это бюджет развития», — заявил министр.',
        'Документ вступит в силу с 1 января.',
      ].join('\n'),
    );
  });

  it('reads the metadata', () => {
    expect(extractArticle(page, 'https://news.example.ru/p/123')).toMatchObject({
      title: 'Парламент принял бюджет',
      declaredLanguage: 'ru',
      canonicalUrl: 'https://news.example.ru/politics/budget',
      publishedAt: new Date('2026-11-03T06:30:00Z'),
      authors: ['Иван Петров'],
      image: 'https://news.example.ru/img/budget.jpg',
      siteName: 'Пример',
    });
  });

  it('reads an article that a stray, unclosed link wraps as text, not as one long link', () => {
    // Written for this test: an old page whose <a> is never closed, so it wraps the table with the article.
    const paragraph = (n: number) =>
      `Paragraph ${n} of the report: the regional council met on Tuesday, discussed the budget for the coming year, and agreed to fund two new schools and a clinic.`;
    const wrapped = `<html><body><div class="nav"><a href="/">Home</a> <a href="/news">News</a></div>
      <a href="/archive"><table><tr><td class="just">${[1, 2, 3, 4, 5, 6].map((n) => `<b>${paragraph(n)}</b><br><br>`).join('')}</td></tr></table>
      </body></html>`;
    const { text } = extractArticle(wrapped, 'https://news.example.org/council');
    for (const n of [1, 3, 6]) expect(text).toContain(`Paragraph ${n} of the report`);
    expect(text).not.toContain('Home');
  });

  it('leaves out the comments of a page laid out in a table', () => {
    // Written for this test: an old page whose layout table holds the article, then its readers' comments.
    const sentence = (n: number) => `Sentence ${n} of the article: the harbour authority said on Monday that the new pier, built over three years, will open to ferries in May.`;
    const comment = (n: number) => `Reader comment ${n}: I have lived by this harbour for forty years, and I will believe the pier is finished when I see a ferry at it, not before.`;
    const layout = `<html><body><table><tr><td class="contentcontainer"><div class="articleWrapper">
      ${[1, 2, 3, 4].map((n) => `<p>${sentence(n)}</p>`).join('')}
      <table><caption>Ferry lines</caption><tr><th>Line</th><th>Start</th></tr><tr><td>North</td><td>May</td></tr></table>
      <div class="commentsContainer">${[1, 2, 3, 4, 5, 6].map((n) => `<div class="comment"><div class="commentsTextContainer"><p>${comment(n)}</p></div></div>`).join('')}</div>
      </div></td></tr></table></body></html>`;
    const { text } = extractArticle(layout, 'https://news.example.org/pier');
    for (const n of [1, 4]) expect(text).toContain(`Sentence ${n} of the article`);
    expect(text).not.toContain('Reader comment');
  });

  it('falls back to the <title> and the body when the page has no article markup', () => {
    const article = extractArticle('<html><head><title>Plain</title></head><body>Just text</body></html>', 'https://x.example/');
    expect(article).toMatchObject({ title: 'Plain', text: 'Just text', declaredLanguage: null, publishedAt: null });
  });
});

describe('htmlToText', () => {
  it('turns a feed item fragment into lines of text', () => {
    expect(htmlToText('<p>One <b>two</b></p><p>Three</p><script>x</script>')).toBe('One two\nThree');
    expect(htmlToText('plain &amp; simple')).toBe('plain & simple');
  });
});
