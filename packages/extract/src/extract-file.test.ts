import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFile } from './extract-file.js';

const article = (head: string) => `<!doctype html>
<html lang="ru">
<head>
  <meta charset="windows-1251">
  <title>Парламент принял бюджет — Пример</title>
  <meta property="og:site_name" content="Пример">
  <meta property="og:image" content="/img/budget.jpg">
  <meta property="article:published_time" content="2026-11-03T09:30:00+03:00">
  ${head}
</head>
<body>
  <nav><a href="/">Главная</a> <a href="/world">Мир</a> <a href="/sport">Спорт</a></nav>
  <article>
    <h1>Парламент принял бюджет</h1>
    <p>Депутаты одобрили бюджет на следующий год в третьем чтении, несмотря на возражения оппозиции.</p>
    <p>Документ вступит в силу с первого января, сообщила пресс-служба парламента в понедельник.</p>
    <p>Расходы на образование и здравоохранение вырастут, а дефицит бюджета сократится до двух процентов.</p>
  </article>
  <footer>© Пример 2026</footer>
</body>
</html>`;

describe('extractFile (polywire extract)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'polywire-extract-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('extracts a page saved in a legacy encoding, resolving links against its canonical URL', async () => {
    const file = path.join(dir, 'budget.html');
    await writeFile(file, iconv.encode(article('<link rel="canonical" href="https://news.example.ru/politics/budget">'), 'windows-1251'));
    const report = await extractFile(file);
    expect(report).toMatchObject({
      file,
      url: 'https://news.example.ru/politics/budget',
      canonicalUrl: 'https://news.example.ru/politics/budget',
      title: 'Парламент принял бюджет',
      image: 'https://news.example.ru/img/budget.jpg',
      siteName: 'Пример',
      declaredLanguage: 'ru',
      publishedAt: '2026-11-03T06:30:00.000Z',
      modifiedAt: null,
      authors: [],
      tags: [],
    });
    if ('ok' in report) throw new Error(report.error);
    expect(report.text).toContain('Депутаты одобрили бюджет на следующий год');
    expect(report.text).not.toContain('Спорт');
    // What the CLI prints is this object as one JSON line: every field is JSON already.
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('reads gzip-compressed pages, and takes the URL given over the canonical link', async () => {
    const file = path.join(dir, 'budget.html.gz');
    await writeFile(file, gzipSync(Buffer.from(article('<link rel="canonical" href="/politics/budget">'))));
    expect(await extractFile(file, 'https://mirror.example.org/a/1')).toMatchObject({
      url: 'https://mirror.example.org/a/1',
      canonicalUrl: 'https://mirror.example.org/politics/budget',
      image: 'https://mirror.example.org/img/budget.jpg',
      title: 'Парламент принял бюджет',
    });
  });

  it("falls back to the file's own URL when the page has no absolute canonical link", async () => {
    const file = path.join(dir, 'relative.html');
    await writeFile(file, article('<link rel="canonical" href="/politics/budget">'));
    expect(await extractFile(path.relative(process.cwd(), file))).toMatchObject({
      url: pathToFileURL(file).href,
      canonicalUrl: null,
      image: null,
    });
  });

  it('reports files that cannot be read, without throwing', async () => {
    const missing = path.join(dir, 'missing.html');
    expect(await extractFile(missing)).toEqual({ file: missing, ok: false, error: expect.stringContaining('ENOENT') });
    const notGzip = path.join(dir, 'plain.html.gz');
    await writeFile(notGzip, article(''));
    expect(await extractFile(notGzip)).toEqual({ file: notGzip, ok: false, error: expect.stringMatching(/^not gzip: /) });
    expect(await extractFile(dir)).toEqual({ file: dir, ok: false, error: expect.stringContaining('EISDIR') });
  });

  it('refuses a gzip file that inflates past 64 MiB', async () => {
    const bomb = path.join(dir, 'bomb.html.gz');
    await writeFile(bomb, gzipSync(Buffer.alloc(65 * 1024 * 1024, 0x20)));
    expect(await extractFile(bomb)).toEqual({ file: bomb, ok: false, error: 'inflates past 67108864 bytes' });
  });
});
