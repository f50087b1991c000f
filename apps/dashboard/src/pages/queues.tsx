import type { ArticleEvent } from '@polywire/db';
import type { Job } from 'bullmq';
import { cleanableStates, type JobDetail, type JobState, JOBS_PER_PAGE, jobStates, type QueueSummary } from '../queues.js';
import { Action, Empty, Json, Layout, type PageContext, QueueTable, queueHref, Time } from './ui.js';

const jobHref = (queue: string, id: string | undefined) => `/queues/${encodeURIComponent(queue)}/jobs/${encodeURIComponent(id ?? '')}`;
const at = (ms: number | undefined) => (ms ? new Date(ms) : null);

export function QueuesPage(props: { ctx: PageContext; queues: QueueSummary[] }) {
  return (
    <Layout title="Queues" ctx={props.ctx} section="/queues">
      <QueueTable queues={props.queues} />
    </Layout>
  );
}

export function QueuePage(props: { ctx: PageContext; queue: QueueSummary; state: JobState; page: number; jobs: Job[] }) {
  const { ctx, queue, state } = props;
  const base = queueHref(queue.name);
  return (
    <Layout title={`Queue ${queue.name}`} ctx={ctx} section="/queues">
      <p class="breadcrumbs">
        <a href="/queues">Queues</a> › {queue.name}
        {queue.paused && <span class="badge">paused</span>}
      </p>
      <div class="actions">
        {queue.paused ? <Action ctx={ctx} action={`${base}/resume`} label="Resume queue" /> : <Action ctx={ctx} action={`${base}/pause`} label="Pause queue" />}
        {state === 'failed' && queue.counts.failed > 0 && <Action ctx={ctx} action={`${base}/retry-failed`} label="Retry all failed" />}
        {(cleanableStates as readonly string[]).includes(state === 'waiting' ? 'wait' : state) && queue.counts[state] > 0 && (
          <Action ctx={ctx} action={`${base}/clean`} label={`Clean all ${state}`} danger confirm>
            <input type="hidden" name="state" value={state === 'waiting' ? 'wait' : state} />
          </Action>
        )}
      </div>
      <form method="get" action={`${base}/jobs`} class="search">
        <label>
          Job id <input type="text" name="id" placeholder="article-… or feed-…" size={40} />
        </label>
        <button type="submit">Open</button>
      </form>
      <nav class="tabs">
        {jobStates.map((each) => (
          <a href={queueHref(queue.name, each)} aria-current={each === state ? 'page' : undefined}>
            {`${each} (${queue.counts[each]})`}
          </a>
        ))}
      </nav>
      {props.jobs.length === 0 ? (
        <Empty>{`No ${state} job.`}</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Job</th>
              <th>Added</th>
              <th class="num">Attempts</th>
              <th>Finished</th>
              <th>Failed because</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {props.jobs.map((job) => (
              <tr>
                <td>
                  <a href={jobHref(queue.name, job.id)}>{job.id}</a>
                  <br />
                  <span class="muted small">{describeJob(job)}</span>
                </td>
                <td>
                  <Time at={at(job.timestamp)} />
                </td>
                <td class="num">{`${job.attemptsMade} / ${job.opts.attempts ?? 1}`}</td>
                <td>
                  <Time at={at(job.finishedOn)} />
                </td>
                <td class="error">{job.failedReason ?? ''}</td>
                <td>
                  <JobActions ctx={ctx} queue={queue.name} job={job} state={state} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="pager">
        {props.page > 1 && <a href={`${queueHref(queue.name, state)}&page=${props.page - 1}`}>Previous</a>}{' '}
        {queue.counts[state] > props.page * JOBS_PER_PAGE && <a href={`${queueHref(queue.name, state)}&page=${props.page + 1}`}>Next</a>}
      </p>
    </Layout>
  );
}

/** One line about what the job is for, from its payload (a URL for both of Polywire's queues). */
function describeJob(job: Job): string {
  const data = job.data as { url?: unknown; feedId?: unknown };
  return [typeof data.url === 'string' ? data.url : '', typeof data.feedId === 'number' ? `feed #${data.feedId}` : ''].filter(Boolean).join(' · ');
}

function JobActions(props: { ctx: PageContext; queue: string; job: Job; state: string }) {
  const base = jobHref(props.queue, props.job.id);
  return (
    <div class="actions">
      {props.state === 'failed' && <Action ctx={props.ctx} action={`${base}/retry`} label="Retry" />}
      {props.state === 'delayed' && <Action ctx={props.ctx} action={`${base}/promote`} label="Run now" />}
      {props.state !== 'active' && <Action ctx={props.ctx} action={`${base}/remove`} label="Remove" danger confirm />}
    </div>
  );
}

export function JobPage(props: { ctx: PageContext; queue: string; detail: JobDetail; events: ArticleEvent[] | null }) {
  const { job, state, logs } = props.detail;
  const data = job.data as { urlHash?: unknown };
  return (
    <Layout title={`Job ${job.id}`} ctx={props.ctx} section="/queues">
      <p class="breadcrumbs">
        <a href="/queues">Queues</a> › <a href={queueHref(props.queue, state)}>{props.queue}</a> › {job.id}
      </p>
      <dl class="facts">
        <dt>State</dt>
        <dd>{state}</dd>
        <dt>Attempts</dt>
        <dd>{`${job.attemptsMade} made of ${job.opts.attempts ?? 1}`}</dd>
        <dt>Added / started / finished</dt>
        <dd>
          <Time at={at(job.timestamp)} /> / <Time at={at(job.processedOn)} /> / <Time at={at(job.finishedOn)} />
        </dd>
        {job.failedReason && (
          <>
            <dt>Failed because</dt>
            <dd class="error">{job.failedReason}</dd>
          </>
        )}
      </dl>
      <JobActions ctx={props.ctx} queue={props.queue} job={job} state={state} />
      <h2>Data</h2>
      <Json value={job.data} />
      <h2>Options</h2>
      <Json value={job.opts} />
      {job.returnvalue !== null && job.returnvalue !== undefined && (
        <>
          <h2>Result</h2>
          <Json value={job.returnvalue} />
        </>
      )}
      <h2>{`Stack traces (${job.stacktrace?.length ?? 0})`}</h2>
      {job.stacktrace?.length ? job.stacktrace.map((trace) => <pre class="json">{trace}</pre>) : <Empty>None.</Empty>}
      <h2>{`Logs (${logs.length})`}</h2>
      {logs.length ? <pre class="json">{logs.join('\n')}</pre> : <Empty>None.</Empty>}
      {props.events && (
        <>
          <h2>Breadcrumbs of this URL</h2>
          {props.events.length === 0 ? (
            <Empty>None yet.</Empty>
          ) : (
            <ul>
              {props.events.map((event) => (
                <li class={event.kind.includes('failed') ? 'failing' : undefined}>
                  <Time at={event.at} /> {` ${event.kind.replace(/_/g, ' ')}${event.attempt ? ` (attempt ${event.attempt})` : ''} `}
                  {event.detail && <code>{JSON.stringify(event.detail)}</code>}
                </li>
              ))}
            </ul>
          )}
          {typeof data.urlHash === 'string' && <p class="muted small">{`URL hash ${data.urlHash}`}</p>}
        </>
      )}
    </Layout>
  );
}
