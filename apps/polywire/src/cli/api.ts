import { loadConfig } from '@polywire/config';
import { type ApiClient, createApiClient } from '@polywire/dashboard/api-client';
import { CliError } from './errors.js';

export { parseResponse } from '@polywire/dashboard/api-client';

/** The dashboard's secret, when one is set, goes with every request (see the dashboard's auth.ts). */
function authorization(): Record<string, string> {
  const config = loadConfig();
  if (config.DASHBOARD_TOKEN) return { authorization: `Bearer ${config.DASHBOARD_TOKEN}` };
  if (config.DASHBOARD_USER && config.DASHBOARD_PASSWORD) {
    return { authorization: `Basic ${Buffer.from(`${config.DASHBOARD_USER}:${config.DASHBOARD_PASSWORD}`).toString('base64')}` };
  }
  return {};
}

function apiBase(): string {
  const config = loadConfig();
  if (config.POLYWIRE_API_URL) return config.POLYWIRE_API_URL.replace(/\/$/, '');
  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`;
}

/**
 * fetch for the client: an API that cannot be reached, or any answer but a success, becomes a
 * CliError with the API's own message (`{"error": …}`), so a command only handles what succeeded.
 */
function fetchOrExplain(base: string): typeof fetch {
  return async (input, init) => {
    let response: Response;
    try {
      response = await fetch(input, init);
    } catch (error) {
      throw new CliError(`cannot reach the Polywire API at ${base} (${(error as Error).cause ?? error}); is \`pnpm start\` running?`);
    }
    if (!response.ok) {
      const data = (await response.json().catch(() => ({}))) as { error?: string };
      throw new CliError(data.error ?? `${init?.method ?? 'GET'} ${String(input).slice(base.length)} answered ${response.status}`);
    }
    return response;
  };
}

/**
 * The typed client of the running API (POLYWIRE_API_URL, or HOST and PORT), with the dashboard's
 * credential. Made when a command first needs it: the configuration is read then, not before.
 */
export function apiClient(): ApiClient {
  const base = apiBase();
  return createApiClient(base, { headers: authorization(), fetch: fetchOrExplain(base) });
}
