import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { decodeBody } from '@polywire/http';
import { extractArticle, loadHtml } from './extract.js';
import { readMetadata } from './metadata.js';

export type ExtractFileReport =
  | {
      file: string;
      /** The URL the page was extracted as: the one given, else its canonical link, else file://. */
      url: string;
      canonicalUrl: string | null;
      title: string | null;
      text: string;
      lead: string | null;
      authors: string[];
      /** ISO 8601, UTC. */
      publishedAt: string | null;
      modifiedAt: string | null;
      image: string | null;
      siteName: string | null;
      declaredLanguage: string | null;
      section: string | null;
      tags: string[];
    }
  | { file: string; ok: false; error: string };

// A saved page is at most a few MB; a file that inflates past this is not one (or is a gzip bomb).
const MAX_INFLATED_BYTES = 64 * 1024 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Reads a saved page (`.html`, or gzip-compressed `.html.gz`) from its raw bytes, decodes them as the
 * article worker decodes a fetched page, and extracts it: what `polywire extract` prints, one JSON line
 * per file. Relative links resolve against `url`; without one, against the page's canonical link, and
 * without that against the file's own file:// URL. Never throws: a file that cannot be read (missing,
 * not gzip, too large once inflated) gives `ok: false` with the reason.
 */
export async function extractFile(file: string, url: string | null = null): Promise<ExtractFileReport> {
  try {
    const html = decodeBody(inflate(file, await readFile(file)), null).text;
    const fileUrl = pathToFileURL(path.resolve(file)).href;
    const pageUrl = url ?? readMetadata(loadHtml(html), fileUrl).canonicalUrl ?? fileUrl;
    const article = extractArticle(html, pageUrl);
    return {
      file,
      url: pageUrl,
      canonicalUrl: article.canonicalUrl,
      title: article.title,
      text: article.text,
      lead: article.lead,
      authors: article.authors,
      publishedAt: article.publishedAt?.toISOString() ?? null,
      modifiedAt: article.modifiedAt?.toISOString() ?? null,
      image: article.image,
      siteName: article.siteName,
      declaredLanguage: article.declaredLanguage,
      section: article.section,
      tags: article.tags,
    };
  } catch (error) {
    return { file, ok: false, error: (error as Error).message };
  }
}

function inflate(file: string, bytes: Buffer): Buffer {
  const gzipped = bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
  if (!gzipped && !file.endsWith('.gz')) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_INFLATED_BYTES });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new Error(`inflates past ${MAX_INFLATED_BYTES} bytes`);
    throw new Error(`not gzip: ${(error as Error).message}`);
  }
}
