import { describe, expect, it } from 'vitest';
import { parseFeed } from './parse.js';

describe('Atom', () => {
  it('reduces HTML and XHTML titles to plain text and keeps text titles as written', async () => {
    const feed = await parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom">
      <title type="html">&lt;em&gt;Tech&lt;/em&gt; &amp;amp; more</title>
      <entry><id>1</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Hello <b>world</b>!</div></title></entry>
      <entry><id>2</id><title type="text">History of the &lt;blink&gt; tag</title></entry>
    </feed>`);
    expect(feed.title).toBe('Tech & more');
    expect(feed.items.map((item) => item.title)).toEqual(['Hello world!', 'History of the <blink> tag']);
  });

  it('picks the rel="alternate" link and resolves it against xml:base', async () => {
    const feed = await parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/">
      <link rel="self" href="/feed.xml"/><link href="/"/>
      <entry xml:base="posts/"><id>tag:blog.example,2024:1</id>
        <link rel="edit" href="/edit/1"/><link rel="alternate" type="text/html" href="first.html"/>
        <updated>2024-05-01T12:00:00Z</updated></entry>
    </feed>`);
    expect(feed.link).toBe('https://blog.example/');
    expect(feed.items[0]).toMatchObject({ link: 'https://blog.example/posts/first.html', publishedAt: new Date('2024-05-01T12:00:00Z') });
  });

  it('reads Atom 0.3: issued/modified dates and escaped content', async () => {
    const feed = await parseFeed(`<feed version="0.3" xmlns="http://purl.org/atom/ns#">
      <title>Old Atom</title><link rel="alternate" type="text/html" href="https://old.example/"/>
      <entry><title>E</title><link rel="alternate" type="text/html" href="https://old.example/e"/><id>e-1</id>
        <issued>2004-01-02T10:00:00Z</issued><modified>2004-01-03T10:00:00Z</modified>
        <content type="text/html" mode="escaped">&lt;p&gt;Hi&lt;/p&gt;</content></entry>
    </feed>`);
    expect(feed).toMatchObject({ format: 'atom', version: '0.3', title: 'Old Atom', link: 'https://old.example/' });
    expect(feed.items[0]).toMatchObject({
      key: 'e-1',
      publishedAt: new Date('2004-01-02T10:00:00Z'),
      updatedAt: new Date('2004-01-03T10:00:00Z'),
      contentHtml: '<p>Hi</p>',
      summary: 'Hi',
    });
  });

  it('inherits feed authors and reads categories, XHTML content and a prefixed Atom namespace', async () => {
    const feed = await parseFeed(`<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:author><a:name>Feed Author</a:name></a:author>
      <a:entry><a:id>1</a:id><a:category term="science"/>
        <a:content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Para &amp; <i>more</i></p></div></a:content></a:entry></a:feed>`);
    expect(feed.items[0]).toMatchObject({ authors: ['Feed Author'], categories: ['science'], contentHtml: '<p>Para &amp; <i>more</i></p>' });
  });

  it('decodes base64 text constructs', async () => {
    const feed = await parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id>
      <title type="application/octet-stream">${Buffer.from('<p>Entry Title</p>').toString('base64')}</title></entry></feed>`);
    expect(feed.items[0]?.title).toBe('Entry Title');
  });
});
