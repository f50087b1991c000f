import type { ArticleListItem, FeedFetch, FeedWithCounts } from '@polywire/db';
import { ArticleTable } from './articles.js';
import { Action, Empty, Language, Layout, type PageContext, statusClass, Time } from './ui.js';

function FeedActions(props: { ctx: PageContext; feed: FeedWithCounts }) {
  const base = `/feeds/${props.feed.id}`;
  return (
    <div class="actions">
      {props.feed.status !== 'paused' && <Action ctx={props.ctx} action={`${base}/fetch`} label="Fetch now" />}
      {props.feed.status === 'paused' ? (
        <Action ctx={props.ctx} action={`${base}/resume`} label="Resume" />
      ) : (
        <Action ctx={props.ctx} action={`${base}/pause`} label="Pause" />
      )}
      <Action ctx={props.ctx} action={`${base}/delete`} label="Delete" danger confirm />
    </div>
  );
}

const perDay = (value: number | null) => (value === null ? '—' : value < 10 ? value.toFixed(1) : String(Math.round(value)));

export function FeedsPage(props: { ctx: PageContext; feeds: FeedWithCounts[] }) {
  const { ctx } = props;
  return (
    <Layout title={`Feeds (${props.feeds.length})`} ctx={ctx} section="/feeds">
      {!ctx.readOnly && (
        <section class="forms">
          <form method="post" action="/feeds" class="card">
            <h2>Add a feed</h2>
            <input type="hidden" name="_csrf" value={ctx.csrfToken} />
            <label>
              URL <input type="url" name="url" required placeholder="https://example.com/rss.xml" size={40} />
            </label>
            <label>
              Title <input type="text" name="title" placeholder="optional" />
            </label>
            <button type="submit">Add</button>
          </form>
          <form method="post" action="/feeds/import" enctype="multipart/form-data" class="card">
            <h2>Import OPML</h2>
            <input type="hidden" name="_csrf" value={ctx.csrfToken} />
            <input type="file" name="opml" accept=".opml,.xml,text/xml,text/x-opml" required />
            <button type="submit">Import</button>
          </form>
        </section>
      )}
      <p>
        <a href="/api/feeds/export.opml">Export the list as OPML</a>
      </p>
      {props.feeds.length === 0 ? (
        <Empty>No feed yet.</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Feed</th>
              <th>Status</th>
              <th>Last fetch</th>
              <th>Next fetch</th>
              <th class="num">Items/day</th>
              <th class="num">Articles</th>
              <th>Last error</th>
              {!ctx.readOnly && <th>Actions</th>}
            </tr>
          </thead>
          <tbody>
            {props.feeds.map((feed) => (
              <tr>
                <td>
                  <a href={`/feeds/${feed.id}`}>{feed.title ?? feed.url}</a>
                  <br />
                  <span class="muted small">{feed.url}</span>
                </td>
                <td>
                  <span class={statusClass(feed.status)}>{feed.status}</span>
                </td>
                <td>
                  <Time at={feed.lastFetchedAt} />
                </td>
                <td>{feed.status === 'paused' ? <span class="muted">paused</span> : <Time at={feed.nextFetchAt} />}</td>
                <td class="num">{perDay(feed.itemsPerDay)}</td>
                <td class="num">
                  <a href={`/articles?feed=${feed.id}`}>{feed.articleCount}</a>
                </td>
                <td class="error">{feed.lastError ?? ''}</td>
                {!ctx.readOnly && (
                  <td>
                    <FeedActions ctx={ctx} feed={feed} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export function FeedPage(props: { ctx: PageContext; feed: FeedWithCounts; fetches: FeedFetch[]; articles: ArticleListItem[] }) {
  const { feed } = props;
  return (
    <Layout title={feed.title ?? feed.url} ctx={props.ctx} section="/feeds">
      <p class="breadcrumbs">
        <a href="/feeds">Feeds</a> › {`#${feed.id}`}
      </p>
      <dl class="facts">
        <dt>URL</dt>
        <dd>
          <a href={feed.url} rel="noreferrer noopener">
            {feed.url}
          </a>
        </dd>
        <dt>Site</dt>
        <dd>{feed.siteUrl ?? '—'}</dd>
        <dt>Status</dt>
        <dd>
          <span class={statusClass(feed.status)}>{feed.status}</span>
          {feed.consecutiveFailures > 0 && ` · ${feed.consecutiveFailures} failures in a row`}
        </dd>
        <dt>Last error</dt>
        <dd class="error">{feed.lastError ?? '—'}</dd>
        <dt>Last fetch / success / new item</dt>
        <dd>
          <Time at={feed.lastFetchedAt} /> / <Time at={feed.lastSuccessAt} /> / <Time at={feed.lastNewItemAt} />
        </dd>
        <dt>Next fetch</dt>
        <dd>
          <Time at={feed.nextFetchAt} /> {`(interval ${Math.round(feed.intervalSeconds / 60)} min)`}
        </dd>
        <dt>Items per day</dt>
        <dd>{perDay(feed.itemsPerDay)}</dd>
        <dt>Declared language</dt>
        <dd>
          <Language tag={feed.declaredLanguage} />
        </dd>
        <dt>Articles</dt>
        <dd>
          <a href={`/articles?feed=${feed.id}`}>{feed.articleCount}</a>
        </dd>
      </dl>
      <FeedActions ctx={props.ctx} feed={feed} />
      <h2>Fetch history</h2>
      {props.fetches.length === 0 ? (
        <Empty>Not fetched yet.</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Started</th>
              <th>Outcome</th>
              <th class="num">HTTP</th>
              <th class="num">Bytes</th>
              <th class="num">Items</th>
              <th class="num">New</th>
              <th class="num">ms</th>
              <th>Error</th>
            </tr>
          </thead>
          <tbody>
            {props.fetches.map((fetch) => (
              <tr>
                <td>
                  <Time at={fetch.startedAt} />
                </td>
                <td>
                  <span class={statusClass(fetch.outcome === 'error' ? 'failing' : 'active')}>{fetch.outcome}</span>
                </td>
                <td class="num">{fetch.httpStatus ?? ''}</td>
                <td class="num">{fetch.bytes ?? ''}</td>
                <td class="num">{fetch.items ?? ''}</td>
                <td class="num">{fetch.newItems ?? ''}</td>
                <td class="num">{fetch.durationMs}</td>
                <td class="error">{fetch.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Latest articles</h2>
      {props.articles.length === 0 ? <Empty>No article from this feed yet.</Empty> : <ArticleTable articles={props.articles} />}
    </Layout>
  );
}
