import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { readMetadata } from './read.js';

/** The title readMetadata reads from a page whose only metadata is its `<title>`, at `url`. */
const titleAt = (url: string, title: string) =>
  readMetadata(cheerio.load(`<!doctype html><html><head><title>${title}</title></head><body></body></html>`), url).title;

// The site a title names is the page's registrable domain by the Public Suffix List (@polywire/dedupe's
// registrableDomain): the same rule as the canonical URL's "same site".
describe('readMetadata: the site name a title carries, from the host', () => {
  it.each([
    ['https://www.bbc.co.uk/news/uk-68123456', 'Budget passed - BBC'],
    ['https://www.bbc.co.uk/news/uk-68123456', 'Budget passed - BBC.co.uk'],
    ['https://www.argentina.gob.ar/noticias/presupuesto-aprobado', 'Budget passed - Argentina'],
    ['https://www.gouvernement.gouv.fr/actualite/budget-adopte', 'Budget passed - Gouvernement'],
    // A private suffix: the blog is the site, not the service hosting it.
    ['https://harbournews.blogspot.com/2026/11/budget-passed.html', 'Budget passed - Harbournews'],
  ])('at %s strips it from %j', (url, title) => {
    expect(titleAt(url, title)).toBe('Budget passed');
  });

  it('keeps a part that names only the public suffix or the hosting service', () => {
    expect(titleAt('https://www.argentina.gob.ar/noticias/presupuesto-aprobado', 'Budget passed - Gob')).toBe('Budget passed - Gob');
    expect(titleAt('https://harbournews.blogspot.com/2026/11/budget-passed.html', 'Budget passed - Blogspot')).toBe('Budget passed - Blogspot');
  });

  it('finds no site name in an IP address or a one-label host', () => {
    expect(titleAt('http://192.168.1.10/news/budget-passed', 'Budget passed - 192')).toBe('Budget passed - 192');
    expect(titleAt('http://localhost:8080/news/budget-passed', 'Budget passed - Localhost')).toBe('Budget passed - Localhost');
  });
});
