import { loadConfig } from '@polywire/config';
import { createRuntime, exitOnSignal } from '@polywire/runtime';
import { startDashboard } from './server.js';

// The dashboard and API as their own process, against REDIS_URL and DATABASE_URL.
const runtime = await createRuntime(loadConfig());
const server = await startDashboard(runtime);
exitOnSignal(runtime.logger, async () => {
  await server.close();
  await runtime.close();
});
