import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFeedFile } from './feed-file.js';

describe('parseFeedFile (polywire parse-feed)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'polywire-parse-feed-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports a feed read from raw bytes, with the encoding the bytes needed', async () => {
    const file = path.join(dir, 'koi8.xml');
    await writeFile(file, iconv.encode('<rss version="2.0"><channel><title>Новости</title><item><guid>1</guid><title>Первая</title></item></channel></rss>', 'koi8-r'));
    const report = await parseFeedFile(file, 'text/xml; charset=koi8-r');
    expect(report).toMatchObject({ file, ok: true, format: 'rss', encoding: 'koi8-r', title: 'Новости', items: [{ key: '1', title: 'Первая' }] });
    // What the CLI prints: one JSON line, dates as ISO strings.
    expect(JSON.parse(JSON.stringify(report))).toMatchObject({ ok: true, items: [{ publishedAt: null }] });
  });

  it('reports files that are not feeds, or cannot be read, without throwing', async () => {
    const html = path.join(dir, 'page.html');
    await writeFile(html, '<!doctype html><html><body>Hi</body></html>');
    expect(await parseFeedFile(html)).toEqual({ file: html, ok: false, error: 'not a feed: an HTML page' });
    const missing = path.join(dir, 'missing.xml');
    expect(await parseFeedFile(missing)).toMatchObject({ file: missing, ok: false, error: expect.stringContaining('ENOENT') });
  });
});
