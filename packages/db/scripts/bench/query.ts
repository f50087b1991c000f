/**
 * Query latency on a large store: `pnpm bench query [--articles=1000000]`.
 *
 * A private PostgreSQL server (initdb in a temporary folder) is filled inside the server with N
 * synthetic articles in ten languages (titles and texts drawn with Zipf's law from a 20,000-word vocabulary
 * per language, so each language's stemmer and the search vectors do real work and query terms are as
 * selective as in real text), spread over 90 days with publication time growing with ingestion as in a
 * real feed (languages interleaved), 200 sites and clusters of ~5. Then it measures, through the named
 * queries the API uses: a filtered list page (language + time window), full-text queries per language
 * (a common, a middling and a rare word), a cluster lookup, and export throughput (keyset pages of 1,000
 * until 200,000 rows). p50/p95 over repeated calls.
 */
import { parseArgs } from 'node:util';
import { createTestDatabase, startLocalPostgres } from '@polywire/local-services';
import { seededRandom } from '@polywire/testing';
import pg from 'pg';
import { type ArticleFilters, createDb, getCluster, listArticles } from '../../src/index.js';
import { timeIt } from '../timing.js';

const { values } = parseArgs({ options: { articles: { type: 'string', default: '1000000' } } });
const total = Number(values.articles);

/**
 * Each language's vocabulary: 20,000 words made of its letters, drawn with Zipf's law (the word of rank r
 * with probability ∝ 1/r, as in real text), with three real words placed at a common (10th), a middling
 * (300th) and a rare (6,000th) rank. A query for another form of each real word (stemming must join them)
 * then matches about 70%, 4% and 0.2% of a language's articles: the spread real searches have.
 */
const VOCABULARY_SIZE = 20_000;
const RANKS = [10, 300, 6_000];
const languageWords: Record<string, { letters: [string, string]; stored: string[]; queried: string[] }> = {
  en: { letters: ['bcdfghklmnprstvw', 'aeiou'], stored: ['elections', 'harbours', 'vaccines'], queried: ['election', 'harbour', 'vaccine'] },
  de: { letters: ['bcdfghklmnprstwz', 'aeiouäöü'], stored: ['Wahlen', 'Häuser', 'Krankenhäuser'], queried: ['Wahl', 'Haus', 'Krankenhaus'] },
  fr: { letters: ['bcdfglmnprstv', 'aeiouéè'], stored: ['élections', 'ministres', 'tribunaux'], queried: ['élection', 'ministre', 'tribunal'] },
  es: { letters: ['bcdfglmnprstv', 'aeiouáé'], stored: ['elecciones', 'ministros', 'hospitales'], queried: ['elección', 'ministro', 'hospital'] },
  ru: { letters: ['бвгдзклмнпрстч', 'аеиоуыя'], stored: ['выборах', 'министра', 'больницы'], queried: ['выборы', 'министр', 'больница'] },
  id: { letters: ['bdgjklmnprst', 'aeiou'], stored: ['pembangunan', 'perbatasan', 'pelabuhan'], queried: ['membangun', 'batas', 'labuh'] },
  pt: { letters: ['bcdfglmnprstv', 'aeiouãé'], stored: ['governos', 'cidades', 'escolas'], queried: ['governo', 'cidade', 'escola'] },
  it: { letters: ['bcdfglmnprstv', 'aeiou'], stored: ['elezioni', 'ministri', 'ospedali'], queried: ['elezione', 'ministro', 'ospedale'] },
  tr: { letters: ['bcdgklmnprstyz', 'aeıioöuü'], stored: ['hastaneler', 'okullar', 'şehirler'], queried: ['hastane', 'okul', 'şehir'] },
  zh: { letters: ['', ''], stored: ['选举', '部长', '医院'], queried: ['选举', '部长', '医院'] },
};
const languages = Object.keys(languageWords);

function vocabularyOf(language: string): string[] {
  const { letters, stored } = languageWords[language]!;
  const random = seededRandom(languages.indexOf(language) + 1);
  const pick = (alphabet: string) => alphabet[Math.floor(random() * alphabet.length)]!;
  const words = new Set<string>(stored);
  const generated: string[] = [];
  while (generated.length < VOCABULARY_SIZE - stored.length) {
    let word = '';
    if (language === 'zh') {
      // Two Han characters from the common block.
      word = String.fromCodePoint(0x4e00 + Math.floor(random() * 0x51a5), 0x4e00 + Math.floor(random() * 0x51a5));
    } else {
      const syllables = 2 + Math.floor(random() * 3);
      for (let s = 0; s < syllables; s++) word += pick(letters[0]) + pick(letters[1]) + (random() < 0.3 ? pick(letters[0]) : '');
    }
    if (!words.has(word)) {
      words.add(word);
      generated.push(word);
    }
  }
  for (const [index, rank] of RANKS.entries()) generated.splice(rank - 1, 0, stored[index]!);
  return generated;
}
const vocabulary = Object.fromEntries(languages.map((language) => [language, vocabularyOf(language)]));


const server = await startLocalPostgres();
try {
  const url = await createTestDatabase(server.url, 'bench_query');
  const handle = createDb({ databaseUrl: url, dataDir: '/nonexistent', poolSize: 4 });
  await handle.migrate();
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  const fillStart = performance.now();
  await sql.query('select setseed(0.42)');
  // One statement per chunk of 100,000 for all languages, ordered by time, so that ids grow with
  // publication time and the languages interleave, as in a real ingest.
  const perLanguage = (index: number, language: string) => {
    const sep = language === 'zh' ? "''" : "' '";
    const words = `$${index + 3}::text[]`;
    // Rank r with probability ln((r + 1) / r) / ln(V + 1) ≈ 1 / (r ln V); `0 * t` ties the sub-select to
    // its row, or PostgreSQL would run it once for all rows.
    const zipf = `least(${VOCABULARY_SIZE}, floor(exp(random() * ln(${VOCABULARY_SIZE + 1})))::int)`;
    return `select md5('u' || t) || md5('v' || t) as url_hash, 'https://site' || (t % 200) || '.example/' || t as url,
              (select string_agg((${words})[${zipf}], ${sep}) from generate_series(1, 6 + 0 * t) k) as title,
              (select string_agg((${words})[${zipf}], ${sep}) from generate_series(1, 120 + 0 * t) k) as text,
              '${language}' as language, 'site' || (t % 200) || '.example' as site, t
       from generate_series($1::int, $2::int - 1) as i, lateral (select i * ${languages.length} + ${index} as t) as ordering`;
  };
  const perChunk = Math.ceil(total / languages.length);
  for (let from = 0; from < perChunk; from += 10_000) {
    const to = Math.min(perChunk, from + 10_000);
    await sql.query(
      `insert into articles (url_hash, url, canonical_url, title, text, language, site, published_at, ingested_at, cluster_id)
       select url_hash, url, url, title, text, language, site,
              now() - (((${total}::bigint - t) * 129600 / ${total}::bigint) || ' minutes')::interval,
              now() - (((${total}::bigint - t) * 129600 / ${total}::bigint) || ' minutes')::interval, t / 5 + 1
       from (${languages.map((language, index) => perLanguage(index, language)).join(' union all ')}) as generated
       where t < ${total}
       order by t`,
      [from, to, ...languages.map((language) => vocabulary[language]!)],
    );
  }
  await sql.query('analyze articles');
  console.log(`${total.toLocaleString('en')} articles in ${languages.length} languages loaded in ${((performance.now() - fillStart) / 1000).toFixed(0)} s`);

  const since = new Date(Date.now() - 7 * 24 * 3600_000);
  const list = await timeIt(50, (run) => listArticles(handle.db, { languages: [languages[run % languages.length]!], since, limit: 50 }));
  console.log(`filtered list page (language + last 7 days, 50 rows)   p50 ${list.p50.toFixed(1)} ms   p95 ${list.p95.toFixed(1)} ms   target p95 ≤ 20 ms`);
  const byPublished = await timeIt(50, (run) =>
    listArticles(handle.db, { languages: [languages[run % languages.length]!, languages[(run + 3) % languages.length]!], sort: 'published', limit: 50 }),
  );
  console.log(`list page sorted by published time (two languages)    p50 ${byPublished.p50.toFixed(1)} ms   p95 ${byPublished.p95.toFixed(1)} ms`);

  // Three queries per language (a common, a middling and a rare word, each in another form than the
  // stored one), newest first as the API's default; the hit count shows stemming joined the forms.
  let worst = 0;
  for (const language of languages) {
    for (const q of languageWords[language]!.queried) {
      const result = await timeIt(20, () => listArticles(handle.db, { languages: [language], q, limit: 50 }));
      worst = Math.max(worst, result.p95);
      const { rows } = await sql.query(
        'select count(*)::int as hits from articles where language_base = $1 and search_vector @@ websearch_to_tsquery(search_config::regconfig, $2)',
        [language, q],
      );
      const hits = rows[0].hits as number;
      const label = `full-text ${language} "${q}" (${hits.toLocaleString('en')} hits)`.padEnd(48);
      console.log(`${label}p50 ${result.p50.toFixed(1)} ms   p95 ${result.p95.toFixed(1)} ms`);
    }
  }
  // Without a language filter (every configuration parses the query), and sorted by relevance.
  const more: [string, ArticleFilters][] = [
    ['full-text any language "ministro"', { q: 'ministro', limit: 50 }],
    ['full-text en "harbour" by relevance', { languages: ['en'], q: 'harbour', sort: 'relevance', limit: 50 }],
  ];
  for (const [label, filters] of more) {
    const result = await timeIt(20, () => listArticles(handle.db, filters));
    worst = Math.max(worst, result.p95);
    console.log(`${label.padEnd(48)}p50 ${result.p50.toFixed(1)} ms   p95 ${result.p95.toFixed(1)} ms`);
  }
  console.log(`full-text worst p95 ${worst.toFixed(1)} ms   target ≤ 150 ms`);

  const cluster = await timeIt(50, (run) => getCluster(handle.db, 1 + ((run * 7919) % Math.floor(total / 5))));
  console.log(`cluster lookup                          p50 ${cluster.p50.toFixed(1)} ms   p95 ${cluster.p95.toFixed(1)} ms`);

  const exportStart = performance.now();
  let exported = 0;
  let cursor: number | undefined;
  while (exported < 200_000) {
    const page = await listArticles(handle.db, { limit: 1000, cursor });
    exported += page.items.length;
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  const rate = exported / ((performance.now() - exportStart) / 1000);
  console.log(`export (keyset pages of 1,000)          ${Math.round(rate).toLocaleString('en')} rows/s   target ≥ 20,000`);
  await sql.end();
  await handle.close();
} finally {
  await server.stop();
}
