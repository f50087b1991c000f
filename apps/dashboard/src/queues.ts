import type { Queues } from '@polywire/queue';
import type { Job, JobType, Queue } from 'bullmq';

// What the Queues pages read and do, on BullMQ's own Queue and Job API: the same capabilities as
// bull-board (counts per state, job lists, a job's data, logs and stack trace, retry, promote, remove,
// clean, pause, resume), rendered by our pages so that they share the dashboard's login, CSRF tokens
// and read-only mode; bull-board's UI changes things through its own JSON API with no CSRF token.

/** The states a job list can show, in the order of a job's life. */
export const jobStates = ['waiting', 'prioritized', 'delayed', 'active', 'waiting-children', 'completed', 'failed'] as const;
export type JobState = (typeof jobStates)[number];
/** The states "clean" may empty (BullMQ's `Queue.clean`); active jobs are never cleaned. */
export const cleanableStates = ['completed', 'failed', 'delayed', 'wait'] as const;
export type CleanableState = (typeof cleanableStates)[number];
export const JOBS_PER_PAGE = 25;

export interface WorkerSeen {
  name: string;
  addr: string;
  /** Seconds since the worker's connection was opened. */
  ageSeconds: number;
  /** Seconds since it last sent a command (a blocked wait for jobs counts as a command). */
  idleSeconds: number;
}

export interface QueueSummary {
  name: string;
  counts: Record<JobState, number>;
  paused: boolean;
  /** Workers connected now, from Redis's CLIENT LIST; null where the server refuses CLIENT LIST. */
  workers: WorkerSeen[] | null;
}

export function findQueue(queues: Queues, name: string): Queue | undefined {
  return queues.all.find((queue) => queue.name === name);
}

export async function summarizeQueue(queue: Queue): Promise<QueueSummary> {
  const [counts, paused, workers] = await Promise.all([
    queue.getJobCounts(...jobStates),
    queue.isPaused(),
    // BullMQ names each worker's connection after its queue, so CLIENT LIST shows who is alive. Some
    // managed Redis services refuse CLIENT LIST: the page then says "unknown" rather than failing.
    queue.getWorkers().then(
      (clients) =>
        clients.map((client) => ({
          name: String(client.name ?? ''),
          addr: String(client.addr ?? ''),
          ageSeconds: Number(client.age ?? 0),
          idleSeconds: Number(client.idle ?? 0),
        })),
      () => null,
    ),
  ]);
  return {
    name: queue.name,
    counts: Object.fromEntries(jobStates.map((state) => [state, counts[state] ?? 0])) as Record<JobState, number>,
    paused,
    workers,
  };
}

export async function listJobs(queue: Queue, state: JobState, page: number): Promise<Job[]> {
  const start = (page - 1) * JOBS_PER_PAGE;
  const jobs = await queue.getJobs([state as JobType], start, start + JOBS_PER_PAGE - 1, false);
  // A job removed between the listing and its fetch comes back as undefined.
  return jobs.filter(Boolean);
}

export interface JobDetail {
  job: Job;
  state: string;
  logs: string[];
}

export async function getJobDetail(queue: Queue, id: string): Promise<JobDetail | undefined> {
  const job = await queue.getJob(id);
  if (!job) return undefined;
  const [state, logs] = await Promise.all([job.getState(), queue.getJobLogs(id, 0, 199, true)]);
  return { job, state, logs: logs.logs };
}
