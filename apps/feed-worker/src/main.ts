import { loadConfig } from '@polywire/config';
import { startRetention } from '@polywire/pipeline';
import { createRuntime, exitOnSignal } from '@polywire/runtime';
import { startScheduler } from './scheduler.js';
import { startFeedWorker } from './worker.js';

// The feed worker as its own process: scheduler tick + feed.fetch processor + retention. Run as many as you like.
const runtime = await createRuntime(loadConfig());
const scheduler = startScheduler(runtime);
const worker = startFeedWorker(runtime);
const retention = startRetention(runtime);
exitOnSignal(runtime.logger, async () => {
  await Promise.all([scheduler.stop(), retention.stop()]);
  await worker.close();
  await runtime.close();
});
