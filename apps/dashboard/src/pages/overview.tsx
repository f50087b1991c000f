import type { FeedWithCounts, LanguageVolume, StoryListItem } from '@polywire/db';
import { languageLabel } from '../languages.js';
import type { QueueSummary } from '../queues.js';
import { StoryTable } from './stories.js';
import { Empty, Layout, type PageContext, QueueTable, statusClass, Time } from './ui.js';

const CHART_LANGUAGES = 16;

/**
 * Articles per language as horizontal bars drawn on the server: the 7-day count as a light bar, the
 * last 24 hours as a dark bar over it, the numbers written beside. Plain SVG, no script, no library.
 */
export function LanguageChart(props: { volumes: LanguageVolume[] }) {
  const shown = props.volumes.slice(0, CHART_LANGUAGES);
  const max = Math.max(1, ...shown.map((row) => row.last7d));
  const rowHeight = 22;
  // Room for "Chinese (Traditional) (zh-Hant)" at the chart's 12 px.
  const labelWidth = 200;
  const barWidth = 420;
  const height = shown.length * rowHeight + 24;
  const total24h = props.volumes.reduce((sum, row) => sum + row.last24h, 0);
  const total7d = props.volumes.reduce((sum, row) => sum + row.last7d, 0);
  return (
    <figure>
      <svg
        class="chart"
        role="img"
        aria-labelledby="chart-title"
        viewBox={`0 0 ${labelWidth + barWidth + 120} ${height}`}
        width={labelWidth + barWidth + 120}
        height={height}
      >
        <title id="chart-title">{`Articles ingested per language: ${total24h} in the last 24 hours, ${total7d} in the last 7 days`}</title>
        {shown.map((row, index) => {
          const y = index * rowHeight;
          return (
            <g>
              <text x={labelWidth - 8} y={y + 15} text-anchor="end" class="chart-label">
                {languageLabel(row.language)}
              </text>
              <rect x={labelWidth} y={y + 3} width={(row.last7d / max) * barWidth} height={rowHeight - 6} class="bar-week" />
              <rect x={labelWidth} y={y + 3} width={(row.last24h / max) * barWidth} height={rowHeight - 6} class="bar-day" />
              <text x={labelWidth + (row.last7d / max) * barWidth + 6} y={y + 15} class="chart-value">
                {`${row.last24h} / ${row.last7d}`}
              </text>
            </g>
          );
        })}
        <g transform={`translate(${labelWidth}, ${height - 14})`}>
          <rect width="10" height="10" class="bar-day" />
          <text x="14" y="9" class="chart-value">
            last 24 h
          </text>
          <rect x="90" width="10" height="10" class="bar-week" />
          <text x="104" y="9" class="chart-value">
            last 7 days
          </text>
        </g>
      </svg>
      {props.volumes.length > CHART_LANGUAGES && (
        <figcaption class="muted">{`${props.volumes.length - CHART_LANGUAGES} more languages not drawn.`}</figcaption>
      )}
    </figure>
  );
}

export function OverviewPage(props: {
  ctx: PageContext;
  volumes: LanguageVolume[];
  queues: QueueSummary[];
  failing: FeedWithCounts[];
  feedCount: number;
  /** The fastest-growing stories in two languages or more, of the last 24 hours. */
  topStories: StoryListItem[];
}) {
  return (
    <Layout title="Overview" ctx={props.ctx} section="/">
      <section>
        <h2>Top stories of the last 24 h</h2>
        {props.topStories.length === 0 ? (
          <Empty>No story in two languages or more was updated in the last 24 hours.</Empty>
        ) : (
          <StoryTable stories={props.topStories} rising />
        )}
        <p>
          <a href="/stories">All stories</a>
        </p>
      </section>
      <section>
        <h2>Articles by language</h2>
        {props.volumes.length ? <LanguageChart volumes={props.volumes} /> : <Empty>No article was ingested in the last 7 days.</Empty>}
      </section>
      <section>
        <h2>Queues</h2>
        <QueueTable queues={props.queues} />
      </section>
      <section>
        <h2>{`Failing feeds (${props.failing.length} of ${props.feedCount})`}</h2>
        {props.failing.length === 0 ? (
          <Empty>Every feed fetched fine last time.</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Feed</th>
                <th>Status</th>
                <th class="num">Failures in a row</th>
                <th>Last success</th>
                <th>Last error</th>
              </tr>
            </thead>
            <tbody>
              {props.failing.map((feed) => (
                <tr>
                  <td>
                    <a href={`/feeds/${feed.id}`}>{feed.title ?? feed.url}</a>
                  </td>
                  <td>
                    <span class={statusClass(feed.status)}>{feed.status}</span>
                  </td>
                  <td class="num">{feed.consecutiveFailures}</td>
                  <td>
                    <Time at={feed.lastSuccessAt} />
                  </td>
                  <td class="error">{feed.lastError ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
}
