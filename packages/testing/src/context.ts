import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    postgresUrl: string;
  }
}

/** URLs of the redis-server and PostgreSQL server that the global setup started for this run. */
export const testServices = () => ({ redisUrl: inject('redisUrl'), postgresUrl: inject('postgresUrl') });
