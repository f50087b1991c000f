import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { freePort } from '@polywire/local-services';
import { testEnvironment } from '@polywire/runtime/testing';
import { startHttpServer, type TestServer, waitFor } from '@polywire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, startApp, waitUntilHealthy } from './processes.js';

interface FeedJson {
  id: number;
  url: string;
  status: string;
  lastError: string | null;
  lastFetchedAt: string | null;
  fetches?: { outcome: string; items: number | null; newItems: number | null }[];
}

const MiB = 1024 * 1024;
const item = (n: number) => `<item><title>Item ${n}</title><link>https://news.example/${n}</link><guid>g${n}</guid></item>`;
const rss = (items: string) => `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title>${items}</channel></rss>`;

/**
 * Hostile and broken feeds, served on loopback, fetched by a real feed-worker process: each ends with
 * a clear error on its feed (or, where the feed is still readable, with its items), and the worker
 * stays up with bounded memory. The worker refuses private addresses except the farm's own origin.
 */
describe('bad feeds', () => {
  let farm: TestServer;
  let api: string;
  let feedWorker: AppProcess;
  let dashboard: AppProcess;
  const bomb = gzipSync(Buffer.alloc(50 * MiB));

  const routes: Record<string, (response: import('node:http').ServerResponse) => void> = {
    '/billion-laughs.xml': (response) =>
      response.end(`<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><link>https://news.example/lol</link></item></channel></rss>`),
    '/xxe.xml': (response) =>
      response.end(`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>XXE</title><item><title>&xxe;</title><link>https://news.example/xxe</link></item></channel></rss>`),
    '/huge.xml': (response) => {
      // 200 MB, streamed without a Content-Length, as long as the client keeps reading.
      const chunk = Buffer.alloc(MiB, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 200 && response.write(chunk)) sent++;
        if (sent >= 200) response.end();
      };
      response.on('drain', pump);
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      pump();
    },
    '/bomb.xml': (response) => response.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(bomb),
    '/drip.xml': (response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      const timer = setInterval(() => response.write(' '), 200);
      response.on('close', () => clearInterval(timer));
    },
    '/loop-a.xml': (response) => response.writeHead(302, { location: '/loop-b.xml' }).end(),
    '/loop-b.xml': (response) => response.writeHead(302, { location: '/loop-a.xml' }).end(),
    '/to-loopback.xml': (response) => response.writeHead(302, { location: 'http://127.0.0.2:9/feed.xml' }).end(),
    '/to-metadata.xml': (response) => response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
    '/invalid.xml': (response) => response.end('<?xml version="1.0"?><<<rss>>> not xml at all &&&'),
    '/page.html': (response) =>
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body><h1>Welcome</h1></body></html>'),
    '/empty.xml': (response) => response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(),
    '/control.xml': (response) => response.end(rss(`<item><title>Bad\u0001 \u0008title\u000B</title><link>https://news.example/ctl</link></item>`)),
    '/many.xml': (response) => response.end(rss(Array.from({ length: 50_000 }, (_, n) => item(n)).join(''))),
  };

  beforeAll(async () => {
    farm = await startHttpServer((request, response) => {
      const route = routes[request.url ?? ''];
      if (route) route(response);
      else response.writeHead(404).end();
    });
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    const env = await testEnvironment({
      PORT: String(port),
      LOG_LEVEL: 'warn',
      SCHEDULER_INTERVAL_SECONDS: '1',
      FETCH_ALLOW_PRIVATE_NETWORKS: 'false',
      FETCH_ALLOWED_PRIVATE_ORIGINS: farm.url,
      FETCH_TIMEOUT_MS: '4000',
      FETCH_IDLE_TIMEOUT_MS: '1500',
      HOST_MIN_GAP_MS: '0',
      HOST_MAX_CONCURRENCY: '4',
    });
    dashboard = startApp('dashboard', env);
    feedWorker = startApp('feed-worker', env);
    await waitUntilHealthy(api);
  });

  afterAll(async () => {
    await Promise.all([feedWorker?.kill(), dashboard?.kill()]);
    await farm?.close();
  });

  it('records a clear outcome for every hostile feed and keeps the worker up with bounded memory', async () => {
    const ids = new Map<string, number>();
    for (const path of Object.keys(routes).filter((path) => path !== '/loop-b.xml')) {
      const response = await fetch(`${api}/api/feeds`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: `${farm.url}${path}` }),
      });
      ids.set(path, ((await response.json()) as { id: number }).id);
    }
    const feeds = await waitFor(
      async () => {
        const all = await Promise.all([...ids].map(async ([path, id]) => [path, (await (await fetch(`${api}/api/feeds/${id}`)).json()) as FeedJson] as const));
        return all.every(([, feed]) => feed.lastFetchedAt) && new Map(all);
      },
      { what: 'every bad feed to be fetched once', timeoutMs: 60_000 },
    );
    const error = (path: string) => feeds.get(path)?.lastError ?? '';

    expect(error('/huge.xml')).toMatch(/larger than|too large|exceeds/i);
    expect(error('/bomb.xml')).toMatch(/decompression bomb|larger than|too large/i);
    expect(error('/drip.xml')).toMatch(/timed? ?out|timeout/i);
    expect(error('/loop-a.xml')).toMatch(/redirect/i);
    expect(error('/to-loopback.xml')).toMatch(/blocked|private|not allowed/i);
    expect(error('/to-metadata.xml')).toMatch(/blocked|private|not allowed/i);
    expect(error('/invalid.xml')).toMatch(/^not a feed/);
    expect(error('/page.html')).toMatch(/^not a feed/);
    expect(error('/empty.xml')).toMatch(/empty/i);
    for (const path of ['/huge.xml', '/bomb.xml', '/drip.xml', '/loop-a.xml', '/to-loopback.xml', '/to-metadata.xml', '/invalid.xml', '/page.html', '/empty.xml']) {
      expect(feeds.get(path)?.status, path).toBe('failing');
    }

    // Entities are never expanded: no blow-up, no file read. Either the feed is refused or kept without them.
    for (const path of ['/billion-laughs.xml', '/xxe.xml']) {
      const feed = feeds.get(path)!;
      expect(JSON.stringify(feed)).not.toContain('root:');
      expect(JSON.stringify(feed)).not.toContain('lollollol');
    }
    // Still readable: the control characters go, the item stays; 50,000 items are parsed, 2,000 queued.
    expect(feeds.get('/control.xml')).toMatchObject({ status: 'active', lastError: null });
    expect(feeds.get('/control.xml')?.fetches?.[0]).toMatchObject({ outcome: 'ok', items: 1, newItems: 1 });
    expect(feeds.get('/many.xml')?.fetches?.[0]).toMatchObject({ outcome: 'ok', items: 50_000, newItems: 2_000 });

    expect(feedWorker.child.exitCode).toBeNull();
    // Peak resident memory of the worker after all of it (the 200 MB body and the 50 MB bomb included).
    const peakKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${feedWorker.child.pid}/status`, 'utf8'))?.[1]);
    expect(peakKb / 1024).toBeLessThan(400);
  });
});
