import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { clean } from './clean.js';
import { readPage, View } from './page.js';

const storm = [
  'The harbour reopened on Tuesday morning, three days after the storm tore through the coast and sank two fishing boats at their moorings.',
  'Engineers worked through the night to clear the channel, and the first ferry left at seven o’clock with a hundred passengers on board.',
];

/** Cleans the element with id `top` as the chosen container; returns the ids of what was removed. */
function removedIds(html: string, top: string): string[] {
  const page = readPage(cheerio.load(html).root()[0]!);
  const view = new View(page, null);
  const index = page.elements.findIndex((element) => element?.attribs.id === top);
  const roots = new Uint8Array(page.size);
  roots[index] = 1;
  const removed = clean(view, { top: index, roots, runs: new Set() }, { weighClasses: true, cleanConditionally: true, title: null });
  return page.elements.flatMap((element, at) => (removed[at] && element?.attribs.id ? [element.attribs.id] : []));
}

describe('clean', () => {
  it('never removes the chosen container, or a wrapper of all its text, though they look like a photo box', () => {
    // Text written straight into the container between two pictures: no paragraph, two images.
    const html = `<body><div id="text"><div id="wrap"><img src="/a.jpg">${storm.join('<br>')}<img src="/b.jpg"></div></div></body>`;
    expect(removedIds(html, 'text')).toEqual([]);
  });

  it('removes a photo box inside the chosen container', () => {
    const html = `<body><div id="text"><p>${storm[0]}</p><div id="photos"><img src="/a.jpg"><img src="/b.jpg">Two photos</div><p>${storm[1]}</p></div></body>`;
    expect(removedIds(html, 'text')).toEqual(['photos']);
  });
});
