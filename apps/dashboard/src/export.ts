import type { Socket } from 'node:net';
import type { ArticleCursor, ArticleFilters, ArticleListItem, ArticlePage } from '@polywire/db';

/** Rows per keyset page an export reads; mutable so tests can cross page boundaries with few rows. */
export const exportOptions = { pageSize: 1_000 };

export const exportFormats = ['jsonl', 'csv'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const exportContentTypes: Record<ExportFormat, string> = {
  jsonl: 'application/x-ndjson',
  csv: 'text/csv; charset=utf-8',
};

export const csvColumns = [
  'id',
  'url',
  'canonicalUrl',
  'title',
  'language',
  'languageConfidence',
  'declaredLanguage',
  'site',
  'publishedAt',
  'ingestedAt',
  'feedIds',
  'duplicateOf',
  'clusterId',
] as const;

/** First cell of the row that ends a CSV export which failed part-way; an id is a number, so no article row starts so. */
export const CSV_ERROR_MARKER = '#error';

/**
 * Leading characters that make Excel, LibreOffice Calc or Google Sheets read a cell as a formula
 * (OWASP, "CSV Injection"): a title like `=HYPERLINK("https://evil.example", "click")` would run there.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF (quotes doubled). Text starting
 * like a formula gets a leading `'` first, as OWASP recommends, so a spreadsheet shows it as text.
 * Only strings: the numbers are ours (ids, confidences), and a number is never a formula.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join(';') : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

function serialize(format: ExportFormat, item: ArticleListItem): string {
  if (format === 'jsonl') return `${JSON.stringify(item)}\n`;
  return csvRow(csvColumns.map((column) => item[column]));
}

/** The last line of an export that failed part-way: `{"error"}` in JSON lines, a `#error` row in CSV. */
function exportErrorLine(format: ExportFormat, rows: number): string {
  const message = `the export failed after ${rows} articles and is incomplete (see the dashboard log)`;
  return format === 'jsonl' ? `${JSON.stringify({ error: message })}\n` : csvRow([CSV_ERROR_MARKER, message]);
}

export interface ExportFailureHooks {
  /** Told about the page that could not be read (to log it), with the rows sent before it. */
  onError?: (error: unknown, rows: number) => void;
  /**
   * Closes the connection once everything written to it has left (see `closeAfterFlush`). Without it
   * (a test calling the app in-process) the stream only errors.
   */
  closeConnection?: () => Promise<void>;
}

/**
 * Ends a socket once the data written to it has been handed to the system, then destroys it. An HTTP
 * response cut this way lacks the last chunk of its chunked body, so every client sees an incomplete
 * transfer; a plain destroy could drop the error line still queued before it.
 */
export function closeAfterFlush(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    socket.end(() => {
      socket.destroy();
      resolve();
    });
  });
}

/**
 * Every article matching `filters`, as a stream of JSON lines or CSV: keyset pages of
 * `exportOptions.pageSize` are read one at a time, as the client reads (pull), so memory stays flat.
 *
 * A page that cannot be read (the database went away) cannot change the 200 already sent. The stream
 * then ends with `exportErrorLine`, and the connection is closed without the final empty chunk: a
 * client sees an incomplete transfer, never a short export that looks complete.
 */
export function exportStream(
  format: ExportFormat,
  filters: Omit<ArticleFilters, 'limit' | 'cursor'>,
  start: ArticleCursor | undefined,
  list: (filters: ArticleFilters) => Promise<ArticlePage>,
  hooks: ExportFailureHooks = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor = start;
  let headerSent = format !== 'csv';
  let done = false;
  let rows = 0;
  let failure: { error: unknown } | undefined;
  const pageSize = exportOptions.pageSize;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (failure) {
          // The error line was written when this pull was asked for. Closing the connection ourselves,
          // after it has left, makes the server cancel this stream; erroring it instead would make
          // @hono/node-server end the response with a text of its own and a proper last chunk.
          if (hooks.closeConnection) await hooks.closeConnection();
          controller.error(new Error('the export failed part-way'));
          return;
        }
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(csvRow(csvColumns)));
          return;
        }
        if (done) {
          controller.close();
          return;
        }
        let page: ArticlePage;
        try {
          page = await list({ ...filters, limit: pageSize, ...(cursor ? { cursor } : {}) });
        } catch (error) {
          failure = { error };
          hooks.onError?.(error, rows);
          // Errored on the next pull, not now: error() would drop this line while it is still queued.
          controller.enqueue(encoder.encode(exportErrorLine(format, rows)));
          return;
        }
        rows += page.items.length;
        if (page.items.length) controller.enqueue(encoder.encode(page.items.map((item) => serialize(format, item)).join('')));
        if (page.nextKey) cursor = page.nextKey;
        else {
          done = true;
          controller.close();
        }
      },
    },
    // Nothing read ahead: a page is queried when the client is ready for it.
    { highWaterMark: 0 },
  );
}
