/**
 * Query latency on a large store: `pnpm bench query [--articles=1000000]`.
 *
 * A private PostgreSQL server (initdb in a temporary folder) is filled inside the server with N
 * synthetic articles in ten languages (titles and texts drawn from per-language word lists, so each
 * language's stemmer and the search vectors do real work), spread over 90 days with publication time
 * growing with ingestion as in a real feed (languages interleaved), 200 sites and clusters of ~5. Then it measures, through the named queries the API uses: a filtered list page (language +
 * time window), a full-text query per language, a cluster lookup, and export throughput (keyset pages
 * of 1,000 until 200,000 rows). p50/p95 over repeated calls.
 */
import { parseArgs } from 'node:util';
import { createTestDatabase, startLocalPostgres } from '@polywire/local-services';
import pg from 'pg';
import { createDb, getCluster, listArticles } from '../../src/index.js';

const { values } = parseArgs({ options: { articles: { type: 'string', default: '1000000' } } });
const total = Number(values.articles);

const vocabulary: Record<string, string[]> = {
  en: 'council budget minister election storm harbour railway festival court hospital vaccine market river school border elections votes'.split(' '),
  de: 'Haushalt Minister Wahl Sturm Hafen Bahn Gericht Krankenhaus Impfstoff Markt Fluss Schule Grenze Wahlen Häuser'.split(' '),
  fr: 'budget ministre élection tempête port chemin tribunal hôpital vaccin marché rivière école frontière élections maisons'.split(' '),
  es: 'presupuesto ministro elección tormenta puerto ferrocarril tribunal hospital vacuna mercado río escuela frontera elecciones'.split(' '),
  ru: 'бюджет министр выборы шторм порт железная суд больница вакцина рынок река школа граница выборах'.split(' '),
  id: 'anggaran menteri pemilihan badai pelabuhan kereta pengadilan rumah vaksin pasar sungai sekolah perbatasan pembangunan'.split(' '),
  pt: 'orçamento ministro eleição tempestade porto ferrovia tribunal hospital vacina mercado rio escola fronteira eleições'.split(' '),
  it: 'bilancio ministro elezione tempesta porto ferrovia tribunale ospedale vaccino mercato fiume scuola confine elezioni'.split(' '),
  tr: 'bütçe bakan seçim fırtına liman demiryolu mahkeme hastane aşı pazar nehir okul sınır seçimler'.split(' '),
  zh: '预算 部长 选举 风暴 港口 铁路 法院 医院 疫苗 市场 河流 学校 边境 城市'.split(' '),
};
const languages = Object.keys(vocabulary);

const percentile = (list: number[], q: number) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(q * list.length))]!;
async function timeIt(runs: number, work: (run: number) => Promise<unknown>) {
  const times: number[] = [];
  for (let run = 0; run < runs + 5; run++) {
    const start = performance.now();
    await work(run);
    if (run >= 5) times.push(performance.now() - start);
  }
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

const server = await startLocalPostgres();
try {
  const url = await createTestDatabase(server.url, 'bench_query');
  const handle = createDb({ databaseUrl: url, dataDir: '/nonexistent', poolSize: 4 });
  await handle.migrate();
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  const fillStart = performance.now();
  // One statement per chunk of 100,000 for all languages, ordered by time, so that ids grow with
  // publication time and the languages interleave, as in a real ingest.
  const perLanguage = (index: number, language: string) => {
    const sep = language === 'zh' ? "''" : "' '";
    const words = `$${index + 3}::text[]`;
    return `select md5('u' || t) || md5('v' || t) as url_hash, 'https://site' || (t % 200) || '.example/' || t as url,
              (select string_agg((${words})[1 + (t * 7 + k * 13) % array_length(${words}, 1)], ${sep}) from generate_series(1, 6) k) as title,
              (select string_agg((${words})[1 + (t * 31 + k * 17 + k * k) % array_length(${words}, 1)], ${sep}) from generate_series(1, 120) k) as text,
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

  const queries: Record<string, string> = { en: 'elections', de: 'Haus', fr: 'élections', es: 'elecciones', ru: 'выборы', id: 'pembangunan', pt: 'eleições', it: 'elezioni', tr: 'seçimler', zh: '选举' };
  let worst = 0;
  for (const language of languages) {
    const result = await timeIt(20, () => listArticles(handle.db, { languages: [language], q: queries[language]!, limit: 50 }));
    worst = Math.max(worst, result.p95);
    const label = `full-text ${language} "${queries[language]}"`.padEnd(40);
    console.log(`${label}p50 ${result.p50.toFixed(1)} ms   p95 ${result.p95.toFixed(1)} ms`);
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
