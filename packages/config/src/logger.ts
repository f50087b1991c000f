import { type Logger, pino } from 'pino';

export type { Logger };

/** One structured logger per process; components take `logger.child({ component })`. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino({ level, base: { pid: process.pid } }, destination ?? process.stderr);
}
