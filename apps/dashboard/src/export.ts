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

/** One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF (quotes doubled). */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join(';') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

function serialize(format: ExportFormat, item: ArticleListItem): string {
  if (format === 'jsonl') return `${JSON.stringify(item)}\n`;
  return csvRow(csvColumns.map((column) => item[column]));
}

/**
 * Every article matching `filters`, as a stream of JSON lines or CSV: keyset pages of
 * `exportOptions.pageSize` are read one at a time, as the client reads (pull), so memory stays flat.
 */
export function exportStream(
  format: ExportFormat,
  filters: Omit<ArticleFilters, 'limit' | 'cursor'>,
  start: ArticleCursor | undefined,
  list: (filters: ArticleFilters) => Promise<ArticlePage>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor = start;
  let headerSent = format !== 'csv';
  let done = false;
  const pageSize = exportOptions.pageSize;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvRow(csvColumns)));
        return;
      }
      if (done) {
        controller.close();
        return;
      }
      const page = await list({ ...filters, limit: pageSize, ...(cursor ? { cursor } : {}) });
      if (page.items.length) controller.enqueue(encoder.encode(page.items.map((item) => serialize(format, item)).join('')));
      if (page.nextKey) cursor = page.nextKey;
      else {
        done = true;
        controller.close();
      }
    },
  });
}
