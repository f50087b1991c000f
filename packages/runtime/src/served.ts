import type http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Served {
  /** Where the server answers (an IPv6 host in brackets, the port it really got). */
  url: string;
  /** Stops accepting, drops idle keep-alive connections and resolves once open requests end. Safe to call twice. */
  close(): Promise<void>;
}

/** The URL and a close-once for a server that is listening on `host`; `path` is appended to the URL. */
export function served(server: http.Server, host: string, path = ''): Served {
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}${path}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
