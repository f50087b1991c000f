import { loadConfig } from '@polywire/config';
import { createRuntime, exitOnSignal } from '@polywire/runtime';
import { startArticleWorker } from './worker.js';

// The article worker as its own process: the article.process processor. Run as many as you like.
const runtime = await createRuntime(loadConfig());
const worker = startArticleWorker(runtime);
exitOnSignal(runtime.logger, async () => {
  await worker.close();
  await runtime.close();
});
