/**
 * Chance evidence: how often articles that share no story still clear the cross-language rule, for text
 * in scripts without capitals (Arabic, Hebrew, the Indic scripts, Hangul, Georgian, Ethiopic), where every
 * word is a maybe-name (story.ts). Part of `pnpm eval:stories`.
 *
 * Articles are made of 15 consecutive sentences of `langid/sentences/<lang>.txt` (unrelated sentences,
 * none of them about the stories), the first as the title; each is scored with scorePair, the worker's own
 * rule without the window's key counts, against every article of the stories corpus written in Latin,
 * Cyrillic or Greek script. Every pair that joins is a chance join.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type ClusterCandidate, scorePair } from '../src/cluster.js';
import { storyKeys, UNCASED_SCRIPTS } from '../src/story.js';

const SENTENCES_PER_ARTICLE = 15;
/** At most this many articles per language (the first sentences of its file). */
const ARTICLES_PER_LANGUAGE = 40;
const UNCASED = new RegExp(`[${UNCASED_SCRIPTS}]`, 'gu');
const CASED = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}]/gu;

export interface ChanceRow {
  language: string;
  articles: number;
  pairs: number;
  joins: number;
}

/** Mostly letters of one kind: more than half of the text's letters match `script`. */
const mostly = (text: string, script: RegExp) => (text.match(script)?.length ?? 0) * 2 > (text.match(/\p{L}/gu)?.length ?? 0);

export function chanceEvidence(sentencesDir: string, stories: readonly { id: string; language: string; title: string; text: string }[]): ChanceRow[] | null {
  if (!existsSync(sentencesDir)) return null;
  const others: ClusterCandidate[] = stories
    .filter((story) => mostly(story.text, CASED))
    .map((story, index) => ({ articleId: index, clusterId: index, language: story.language, publishedAt: null, title: story.title, keys: [...storyKeys(story.title, story.text, story.language)] }));
  const rows: ChanceRow[] = [];
  for (const file of readdirSync(sentencesDir).filter((name) => name.endsWith('.txt')).sort()) {
    const language = path.basename(file, '.txt');
    const lines = readFileSync(path.join(sentencesDir, file), 'utf8').split('\n').filter((line) => line.trim() !== '');
    if (!mostly(lines.slice(0, 50).join(' '), UNCASED)) continue;
    const row: ChanceRow = { language, articles: 0, pairs: 0, joins: 0 };
    for (let start = 0; start + SENTENCES_PER_ARTICLE <= lines.length && row.articles < ARTICLES_PER_LANGUAGE; start += SENTENCES_PER_ARTICLE) {
      const [title, ...body] = lines.slice(start, start + SENTENCES_PER_ARTICLE);
      const article = { language, publishedAt: null, title: title!, keys: [...storyKeys(title!, body.join('\n'), language)] };
      row.articles++;
      for (const other of others) {
        row.pairs++;
        if (scorePair(article, other).joins) row.joins++;
      }
    }
    rows.push(row);
  }
  return rows;
}
