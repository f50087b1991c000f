import { ConfigError, loadConfig } from '@polywire/config';
import { createRuntime, exitOnSignal } from '@polywire/runtime';
import { startDashboard } from './server.js';

// The dashboard and API as their own process, against REDIS_URL and DATABASE_URL.
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  // A bad variable (or HOST open to the network without DASHBOARD_TOKEN): say which, without a stack.
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
const runtime = await createRuntime(config);
const server = await startDashboard(runtime);
exitOnSignal(runtime.logger, async () => {
  await server.close();
  await runtime.close();
});
