import { ConfigError, createLogger, loadConfig } from '@polywire/config';
import { RedisServerMissingError } from '@polywire/local-services';
import { exitOnSignal } from '@polywire/runtime';
import { startAllInOne } from './all-in-one.js';

// `pnpm start`: the whole pipeline in one process.
try {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const app = await startAllInOne(config, logger);
  logger.info({ dashboard: app.dashboardUrl, redis: app.redisUrl }, 'polywire running');
  // One plain line for the person at the terminal; the JSON logs are for machines.
  process.stdout.write(`Polywire is running: dashboard at ${app.dashboardUrl} (Ctrl-C stops it)\n`);
  exitOnSignal(logger, () => app.close());
} catch (error) {
  if (error instanceof ConfigError || error instanceof RedisServerMissingError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
