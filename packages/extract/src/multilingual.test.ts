import { readdirSync, readFileSync } from 'node:fs';
import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { extractArticle } from './index.js';
import { type PageMetadata, readMetadata } from './metadata.js';

/**
 * News pages written for these tests (not copies of real pages), one per language and script, each with
 * the chrome real pages have: navigation, cookie banner, share bar, photo caption and credit, newsletter
 * box, related links, footer. `<name>.json` beside each page holds the URL it was fetched from, the
 * expected text (one line per paragraph, heading or quote) and the expected metadata.
 */
interface Expectation {
  language: string;
  url: string;
  text: string[];
  metadata: Omit<PageMetadata, 'publishedAt' | 'modifiedAt'> & { publishedAt: string | null; modifiedAt: string | null };
}

const FIXTURES = new URL('./fixtures/', import.meta.url);
const fixtures = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.html'))
  .sort()
  .map((name) => {
    const id = name.replace(/\.html$/, '');
    const html = readFileSync(new URL(name, FIXTURES), 'utf8');
    const expected = JSON.parse(readFileSync(new URL(`${id}.json`, FIXTURES), 'utf8')) as Expectation;
    return { id, html, expected };
  });

const expectedMetadata = ({ metadata }: Expectation): PageMetadata => ({
  ...metadata,
  publishedAt: metadata.publishedAt === null ? null : new Date(metadata.publishedAt),
  modifiedAt: metadata.modifiedAt === null ? null : new Date(metadata.modifiedAt),
});

describe('multilingual fixtures', () => {
  it('cover at least eight languages and scripts', () => {
    expect(new Set(fixtures.map(({ expected }) => expected.language)).size).toBeGreaterThanOrEqual(8);
  });

  describe.each(fixtures)('$id', ({ html, expected }) => {
    it('readMetadata reads the expected metadata', () => {
      expect(readMetadata(cheerio.load(html), expected.url)).toEqual(expectedMetadata(expected));
    });

    it('extractArticle returns the article text, one line per paragraph, heading or quote', () => {
      expect(extractArticle(html, expected.url).text.split('\n')).toEqual(expected.text);
    });

    it('extractArticle returns the metadata', () => {
      const { text: _text, pageType, ...metadata } = extractArticle(html, expected.url);
      expect(metadata).toEqual(expectedMetadata(expected));
      expect(pageType).toBe('article');
    });
  });
});
