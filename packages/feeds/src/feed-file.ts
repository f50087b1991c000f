import { readFile } from 'node:fs/promises';
import { parseFeedBytes } from './parse.js';
import type { FeedFormat, FeedItem } from './types.js';

export type FeedFileReport =
  | {
      file: string;
      ok: true;
      format: FeedFormat;
      encoding: string;
      title: string | null;
      link: string | null;
      language: string | null;
      items: FeedItem[];
    }
  | { file: string; ok: false; error: string };

/**
 * Reads a file's raw bytes and parses them as if fetched with this Content-Type: what
 * `polywire parse-feed` prints, one JSON line per file. Never throws: a file that cannot be read or
 * parsed gives `ok: false` with the reason.
 */
export async function parseFeedFile(file: string, contentType: string | null = null): Promise<FeedFileReport> {
  try {
    const feed = await parseFeedBytes(await readFile(file), contentType);
    return {
      file,
      ok: true,
      format: feed.format,
      encoding: feed.encoding,
      title: feed.title,
      link: feed.link,
      language: feed.language,
      items: feed.items,
    };
  } catch (error) {
    return { file, ok: false, error: (error as Error).message };
  }
}
