import type { Child } from 'hono/jsx';
import { languageName } from '@polywire/lang';
import { languageLabel } from '../languages.js';
import { jobStates, type QueueSummary } from '../queues.js';

// The shared page frame and small helpers. hono/jsx escapes every string it renders (text and
// attribute values), so titles and summaries from hostile feeds show as text; nothing here uses
// `raw()` or dangerouslySetInnerHTML. The Content-Security-Policy (server.ts) allows no script at all,
// as a second line of defence.

/** What every page needs to know about the request. */
export interface PageContext {
  csrfToken: string;
  readOnly: boolean;
  /** A secret is configured, so there is a session to sign out of. */
  signedIn: boolean;
  /** A one-time message from the previous action (the flash cookie). */
  notice: string | null;
}

const sections = [
  ['/', 'Overview'],
  ['/feeds', 'Feeds'],
  ['/articles', 'Articles'],
  ['/stories', 'Stories'],
  ['/queues', 'Queues'],
] as const;

export function Layout(props: { title: string; ctx: PageContext; section?: string; children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Polywire`}</title>
        <link rel="stylesheet" href="/assets/dashboard.css" />
      </head>
      <body>
        <header>
          <strong class="brand">Polywire</strong>
          <nav>
            {sections.map(([href, label]) => (
              <a href={href} aria-current={props.section === href ? 'page' : undefined}>
                {label}
              </a>
            ))}
          </nav>
          {props.ctx.readOnly && <span class="badge">read-only</span>}
          {props.ctx.signedIn && (
            <form method="post" action="/logout" class="inline signout">
              <input type="hidden" name="_csrf" value={props.ctx.csrfToken} />
              <button type="submit" class="link">Sign out</button>
            </form>
          )}
        </header>
        <main>
          {props.ctx.notice && (
            <p class="notice" role="status">
              {props.ctx.notice}
            </p>
          )}
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/**
 * A button that changes something: a POST form carrying the session's CSRF token. Read-only mode
 * renders nothing. `confirm` puts the button behind a disclosure, a second click without JavaScript.
 */
export function Action(props: { ctx: PageContext; action: string; label: string; danger?: boolean; confirm?: boolean; children?: Child }) {
  if (props.ctx.readOnly) return null;
  const form = (
    <form method="post" action={props.action} class="inline">
      <input type="hidden" name="_csrf" value={props.ctx.csrfToken} />
      {props.children}
      <button type="submit" class={props.danger ? 'danger' : undefined}>
        {props.confirm ? `Yes, ${props.label.toLowerCase()}` : props.label}
      </button>
    </form>
  );
  if (!props.confirm) return form;
  return (
    <details class="confirm">
      <summary>{props.label}…</summary>
      {form}
    </details>
  );
}

export function Time(props: { at: Date | null | undefined; now?: Date }) {
  if (!props.at) return <span class="muted">—</span>;
  const iso = props.at.toISOString();
  return (
    <time datetime={iso} title={iso}>
      {relativeTime(props.at, props.now ?? new Date())}
    </time>
  );
}

/** "5 min ago", "in 2 h": enough to see at a glance whether a feed is stale. */
export function relativeTime(at: Date, now: Date): string {
  const seconds = Math.round((at.getTime() - now.getTime()) / 1000);
  const size = Math.abs(seconds);
  const amount =
    size < 60 ? `${size} s` : size < 3600 ? `${Math.round(size / 60)} min` : size < 172_800 ? `${Math.round(size / 3600)} h` : `${Math.round(size / 86_400)} d`;
  return seconds <= 0 ? `${amount} ago` : `in ${amount}`;
}

/** JSON shown as text (job data, breadcrumb details), indented. */
export function Json(props: { value: unknown }) {
  return <pre class="json">{JSON.stringify(props.value, null, 2) ?? 'undefined'}</pre>;
}

export function Empty(props: { children: Child }) {
  return <p class="muted empty">{props.children}</p>;
}

export const queueHref = (name: string, state?: string) => `/queues/${encodeURIComponent(name)}${state ? `?state=${state}` : ''}`;

/** A queue's name linking to its page, marked when paused. */
export function QueueName(props: { queue: { name: string; paused: boolean } }) {
  return (
    <>
      <a href={queueHref(props.queue.name)}>{props.queue.name}</a>
      {props.queue.paused && <span class="badge">paused</span>}
    </>
  );
}

/**
 * Every queue with its number of jobs in each state, each linking to that state's job list (failed jobs
 * in red), and its workers: the same table on the overview and the queues page.
 */
export function QueueTable(props: { queues: QueueSummary[] }) {
  return (
    <table>
      <thead>
        <tr>
          <th>Queue</th>
          {jobStates.map((state) => (
            <th class="num">{state}</th>
          ))}
          <th>Workers</th>
        </tr>
      </thead>
      <tbody>
        {props.queues.map((queue) => (
          <tr>
            <td>
              <QueueName queue={queue} />
            </td>
            {jobStates.map((state) => (
              <td class="num">
                <a href={queueHref(queue.name, state)} class={state === 'failed' && queue.counts.failed > 0 ? 'failing' : undefined}>
                  {queue.counts[state]}
                </a>
              </td>
            ))}
            <td>
              <Workers workers={queue.workers} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** How many workers are connected to a queue, their addresses in a tooltip; none is a problem. */
function Workers(props: { workers: QueueSummary['workers'] }) {
  if (props.workers === null) return <span class="muted">unknown (Redis refuses CLIENT LIST)</span>;
  if (props.workers.length === 0) return <span class="failing">none</span>;
  return <span title={props.workers.map((worker) => `${worker.addr} up ${worker.ageSeconds} s`).join('\n')}>{props.workers.length}</span>;
}

export const statusClass = (status: string) => `status status-${status.replace(/[^a-z-]/g, '')}`;

/**
 * A stored language tag with its English name, "Hungarian (hu)"; `compact` (badges, tight columns)
 * shows the tag alone and names it in a tooltip.
 */
export function Language(props: { tag: string | null | undefined; compact?: boolean }) {
  if (!props.tag) return <span class="muted">—</span>;
  if (props.compact) return <abbr title={languageName(props.tag)}>{props.tag}</abbr>;
  return <>{languageLabel(props.tag)}</>;
}
