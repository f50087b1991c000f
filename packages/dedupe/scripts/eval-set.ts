import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One article of the labeled set (see eval-set/README.md for the labeling rules). */
export interface LabeledArticle {
  id: string;
  /** Story cluster label. */
  event: string;
  /** Duplicate label: copies of one text share it. */
  dupGroup: string | null;
  url: string;
  site: string;
  language: string;
  publishedAt: string;
  title: string;
  text: string;
  kind: string;
}

export const DEFAULT_SET_DIR = path.join(import.meta.dirname, '..', 'eval-set');

/** Every article of the set, oldest first (ties by id), the order they would have arrived in. */
export function loadLabeledSet(dir = DEFAULT_SET_DIR): LabeledArticle[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .flatMap((file) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as LabeledArticle[])
    .sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.id.localeCompare(b.id));
}
