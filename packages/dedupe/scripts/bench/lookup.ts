/**
 * Near-duplicate lookup against a growing store: `pnpm bench lookup [--sizes=10000,100000,1000000]`.
 *
 * A private PostgreSQL server (initdb in a temporary folder) is filled with N articles' fingerprints
 * (SimHash bands, MinHash signatures and their LSH band rows), generated inside the server so the fill
 * is fast. Then 300 new articles are stored through storeArticle — the worker's own path, with its
 * advisory locks, four SimHash band lookups and sixteen LSH band lookups — and the time of each store
 * is recorded: p50 and p99 per size. Random fingerprints rarely match, which is the common case (most
 * articles are not copies) and the one that has to stay fast as the store grows.
 */
import { parseArgs } from 'node:util';
import { createDb, findOriginal, storeArticle } from '@polywire/db';
import { createTestDatabase, startLocalPostgres } from '@polywire/local-services';
import pg from 'pg';
import { articleFingerprints, canonicalizeUrl, urlHash } from '../../src/index.js';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,100000,1000000' } } });
const sizes = values.sizes!.split(',').map(Number);
const SAMPLES = 300;

const words = 'council budget minister election storm harbour railway festival court hospital vaccine market river school border'.split(' ');
const randomText = (seed: number) =>
  Array.from({ length: 260 }, (_, index) => words[(seed * 7919 + index * 104729 + ((seed * index) % 13)) % words.length]).join(' ') +
  ` ${seed}`;

const server = await startLocalPostgres();
try {
  const url = await createTestDatabase(server.url, 'bench_lookup');
  const handle = createDb({ databaseUrl: url, dataDir: '/nonexistent', poolSize: 4 });
  await handle.migrate();
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  let filled = 0;
  const rows: { size: number; p50: number; p99: number; fillSeconds: number }[] = [];
  for (const size of sizes) {
    const fillStart = performance.now();
    for (let from = filled; from < size; from += 100_000) {
      const to = Math.min(size, from + 100_000);
      // Fingerprints made in the server: random bands and signatures, as unrelated articles have.
      await sql.query(
        `insert into articles (url_hash, url, canonical_url, title, site, simhash, simhash_band0, simhash_band1, simhash_band2, simhash_band3, minhash, content_hash)
         select md5('a' || i) || md5('b' || i), 'https://bench.example/' || i, 'https://bench.example/' || i, 'Story ' || i, 'bench.example',
                lpad(to_hex((random() * 2147483647)::int), 8, '0') || lpad(to_hex((random() * 2147483647)::int), 8, '0'),
                (random() * 65535)::int, (random() * 65535)::int, (random() * 65535)::int, (random() * 65535)::int,
                (select array_agg((random() * 4294967295 - 2147483648)::int) from generate_series(1, 64) where i > 0),
                md5('c' || i) || md5('d' || i)
         from generate_series($1::int, $2::int - 1) as i`,
        [from, to],
      );
      await sql.query(
        `insert into article_lsh_bands (band, key, article_id)
         select band, (random() * 4294967295 - 2147483648)::int, a.id
         from articles a cross join generate_series(0, 15) as band
         where a.url like 'https://bench.example/%' and a.id > (select coalesce(max(article_id), 0) from article_lsh_bands)`,
      );
    }
    await sql.query('analyze articles; analyze article_lsh_bands');
    filled = size;
    const fillSeconds = (performance.now() - fillStart) / 1000;

    const times: number[] = [];
    const lookups: number[] = [];
    for (let sample = 0; sample < SAMPLES + 20; sample++) {
      const seed = size * 10 + sample;
      const text = randomText(seed);
      const canonical = canonicalizeUrl(`https://probe.example/${seed}`);
      const fingerprints = articleFingerprints(`Probe ${seed}`, text, 'probe.example');
      const lookupStart = performance.now();
      await findOriginal(handle.db, { urlHash: urlHash(canonical), url: canonical, canonicalUrl: canonical, site: 'probe.example', ...fingerprints.columns }, fingerprints.near);
      if (sample >= 20) lookups.push(performance.now() - lookupStart);
      const start = performance.now();
      await storeArticle(
        handle.db,
        { urlHash: urlHash(canonical), url: canonical, canonicalUrl: canonical, title: `Probe ${seed}`, text, site: 'probe.example', ...fingerprints.columns },
        null,
        [],
        fingerprints.near,
      );
      if (sample >= 20) times.push(performance.now() - start); // the first 20 warm the caches
    }
    times.sort((a, b) => a - b);
    lookups.sort((a, b) => a - b);
    const quantile = (list: number[], q: number) => list[Math.min(list.length - 1, Math.floor(q * list.length))]!;
    rows.push({ size, p50: quantile(lookups, 0.5), p99: quantile(lookups, 0.99), fillSeconds });
    console.log(
      `${String(size).padStart(9)} stored   lookup p50 ${quantile(lookups, 0.5).toFixed(2)} ms  p99 ${quantile(lookups, 0.99).toFixed(2)} ms   ` +
        `whole store (locks, lookup, insert) p50 ${quantile(times, 0.5).toFixed(2)} ms  p99 ${quantile(times, 0.99).toFixed(2)} ms   (fill ${fillSeconds.toFixed(0)} s)`,
    );
  }
  if (rows.length > 1) {
    const first = rows[0]!;
    const last = rows.at(-1)!;
    console.log(
      `lookup growth: ${last.size / first.size}× more fingerprints → p50 ×${(last.p50 / first.p50).toFixed(2)}, p99 ×${(last.p99 / first.p99).toFixed(2)} (sub-linear when far below ${last.size / first.size})`,
    );
  }
  const largest = rows.at(-1);
  if (largest && largest.size >= 1_000_000) console.log(`target lookup p99 ≤ 5 ms at 1M: ${largest.p99 <= 5 ? 'met' : 'NOT met'}`);
  await sql.end();
  await handle.close();
} finally {
  await server.stop();
}
