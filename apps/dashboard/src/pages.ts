import { listArticles, listFeeds } from '@polywire/db';
import type { Runtime } from '@polywire/runtime';
import { Hono } from 'hono';
import { html } from 'hono/html';

const when = (date: Date | null) => (date ? date.toISOString().replace('T', ' ').slice(0, 16) : '—');

/**
 * A minimal server-rendered overview: feeds and recent articles. Every value from a feed goes through
 * hono/html's escaping, since titles from hostile feeds can carry markup.
 */
export function createPages(runtime: Runtime): Hono {
  const pages = new Hono();
  pages.get('/', async (c) => {
    const [feeds, articles] = await Promise.all([
      listFeeds(runtime.db.db),
      listArticles(runtime.db.db, { limit: 50 }),
    ]);
    return c.html(html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Polywire</title>
    <style>
      body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #222; }
      table { border-collapse: collapse; width: 100%; margin-bottom: 2rem; }
      th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
      th { background: #f4f4f4; }
      .failing { color: #b00020; }
      .muted { color: #777; }
    </style>
  </head>
  <body>
    <h1>Polywire</h1>
    <p class="muted">JSON: <a href="/api/feeds">/api/feeds</a> · <a href="/api/articles">/api/articles</a> ·
      <a href="/api/queues">/api/queues</a> · <a href="/healthz">/healthz</a></p>
    <h2>Feeds (${feeds.length})</h2>
    <table>
      <thead><tr><th>#</th><th>Feed</th><th>Status</th><th>Articles</th><th>Last fetch</th><th>Next fetch</th><th>Last error</th></tr></thead>
      <tbody>
        ${feeds.map(
          (feed) => html`<tr>
            <td>${feed.id}</td>
            <td>${feed.title ?? ''}<br /><span class="muted">${feed.url}</span></td>
            <td class="${feed.status}">${feed.status}</td>
            <td>${feed.articleCount}</td>
            <td>${when(feed.lastFetchedAt)}</td>
            <td>${when(feed.nextFetchAt)}</td>
            <td class="failing">${feed.lastError ?? ''}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    <h2>Recent articles</h2>
    <table>
      <thead><tr><th>#</th><th>Title</th><th>Language</th><th>Published</th><th>Site</th></tr></thead>
      <tbody>
        ${articles.items.map(
          (article) => html`<tr>
            <td><a href="/api/articles/${article.id}">${article.id}</a></td>
            <td><a href="${article.url}" rel="noreferrer noopener">${article.title ?? article.url}</a></td>
            <td>${article.language ?? '—'}</td>
            <td>${when(article.publishedAt)}</td>
            <td>${article.site ?? ''}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </body>
</html>`);
  });
  return pages;
}
