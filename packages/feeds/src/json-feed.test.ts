import { describe, expect, it } from 'vitest';
import { parseFeed } from './parse.js';

describe('JSON Feed', () => {
  it('reads JSON Feed 1.1 with authors, tags, language and relative URLs', async () => {
    const feed = await parseFeed(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'J',
        home_page_url: 'https://j.example/',
        language: 'en-GB',
        authors: [{ name: 'Feed Author' }],
        items: [
          { id: 'a', url: '/posts/a', title: 'A', content_html: '<p>A</p>', summary: 'Sum', date_published: '2024-02-01T08:00:00Z', tags: ['x', 'y'] },
          { id: 42, content_text: 'Plain <text>', date_modified: '2024-02-02T08:00:00+02:00', authors: [{ name: 'Item Author' }] },
        ],
      }),
    );
    expect(feed).toMatchObject({ format: 'json', version: '1.1', title: 'J', link: 'https://j.example/', language: 'en-GB' });
    expect(feed.items[0]).toMatchObject({
      key: 'a',
      link: 'https://j.example/posts/a',
      summary: 'Sum',
      contentHtml: '<p>A</p>',
      publishedAt: new Date('2024-02-01T08:00:00Z'),
      authors: ['Feed Author'],
      categories: ['x', 'y'],
    });
    expect(feed.items[1]).toMatchObject({ key: '42', summary: 'Plain <text>', contentHtml: 'Plain &lt;text>', authors: ['Item Author'] });
    expect(feed.items[1]?.publishedAt).toEqual(new Date('2024-02-02T06:00:00Z'));
  });

  it('reads JSON Feed 1.0 with the single author object', async () => {
    const feed = await parseFeed('{"version":"https://jsonfeed.org/version/1","title":"Old","author":{"name":"Solo"},"items":[{"id":"1","url":"https://o.example/1"}]}');
    expect(feed).toMatchObject({ version: '1', items: [{ key: '1', authors: ['Solo'] }] });
  });
});
