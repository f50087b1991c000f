/**
 * Story list and story page latency: `pnpm bench stories [--articles=100000,1000000]`.
 *
 * For each size, a private PostgreSQL server (initdb in a temporary folder) gets a fresh database
 * filled inside the server: N articles in ten languages over 90 days (ingestion order = time, ~460
 * an hour at 1M, published a little before ingestion), one source each, 200 sites; stories of ~5
 * members (60% in one language, the rest in several), 1% of the articles in bigger stories of ~30,
 * every tenth article a copy of the one before; each original with four story keys (two shared by
 * its story, a day, one of its own); 1% of extra clusters absorbed into others. The summary columns
 * are filled with the same aggregate as refreshStorySummary. Then, through the named queries the API
 * uses, p50/p95 over repeated calls: the issue's story list (sort=rising, last 24 h, min_languages=2)
 * and the story page (getStory of a story of the last day), with other lists for comparison. Last, the
 * cost of clustering one new article (clusterArticle: its keys stored, candidates read through the key
 * index, the choice, the summary refreshed) against the store of that size, which must stay flat as the
 * store grows: each new article carries two keys of a story of the last day, today's date, one of ten
 * country-like keys every tenth article carries (a posting list of 10% of the store) and one of its own.
 * The choice here is a plain "most keys shared" (the product's chooseCluster is pure CPU, measured in
 * @polywire/dedupe by eval:stories' articles per second); what grows with the store is the database work.
 */
import { parseArgs } from 'node:util';
import { createTestDatabase, startLocalPostgres } from '@polywire/local-services';
import pg from 'pg';
import { type ClusterCandidateRow, clusterArticle, createDb, getStory, listStories, type StoryFilters, storeArticle } from '../../src/index.js';
import { testArticle } from '../../src/testing/index.js';
import { timeIt } from '../timing.js';

const { values } = parseArgs({ options: { articles: { type: 'string', default: '100000,1000000' } } });
const sizes = values.articles.split(',').map(Number);

const LANGUAGES = ['en', 'de', 'fr', 'es', 'ru', 'id', 'pt', 'it', 'tr', 'zh-Hans'];
const MINUTES = 90 * 24 * 60;

const report = (label: string, result: { p50: number; p95: number }, target = '') =>
  console.log(`${label.padEnd(58)}p50 ${result.p50.toFixed(1).padStart(6)} ms   p95 ${result.p95.toFixed(1).padStart(6)} ms${target ? `   ${target}` : ''}`);

async function fill(sql: pg.Client, total: number) {
  const languages = `array[${LANGUAGES.map((language) => `'${language}'`).join(', ')}]`;
  await sql.query(`insert into feeds (url, title) select 'https://site' || i || '.example/rss', 'Feed ' || i from generate_series(0, 199) i`);
  // Stories of five consecutive articles; every 97th article joins its block's big story instead.
  const clusterOf = `(case when t % 97 = 0 then ((t / 5) / 500) * 500 + 1 else t / 5 + 1 end)`;
  await sql.query(`insert into clusters (id, title) overriding system value select c, 'Story ' || c from generate_series(1, ${Math.floor(total / 5) + 1}) c`);
  for (let from = 0; from < total; from += 100_000) {
    const to = Math.min(total, from + 100_000);
    await sql.query(
      `insert into articles (url_hash, url, canonical_url, title, text, language, site, published_at, ingested_at, cluster_id, duplicate_of)
       select md5('u' || t) || md5('v' || t), 'https://site' || (t * 7 % 200) || '.example/' || t, 'https://site' || (t * 7 % 200) || '.example/' || t,
              'Story ' || (t / 5) || ' article ' || t, 'Text of article ' || t,
              (${languages})[1 + (case when (t / 5) % 5 < 3 or t % 5 < 2 then (t / 5) % 10 else ((t / 5) + t) % 10 end)],
              'site' || (t * 7 % 200) || '.example',
              ingested - ((t % 180) || ' minutes')::interval, ingested, ${clusterOf},
              case when t % 10 = 9 then t else null end
       from generate_series(${from}, ${to - 1}) t,
            lateral (select now() - (((${total}::bigint - t) * ${MINUTES} / ${total}::bigint) || ' minutes')::interval as ingested) i
       order by t`,
    );
  }
  // duplicate_of above holds t (the article before, whose id is t: ids start at 1).
  await sql.query(`insert into article_sources (article_id, feed_id, item_key, item_url)
    select a.id, f.id, 'item-' || a.id, a.url from articles a join feeds f on f.url = 'https://' || a.site || '/rss'`);
  await sql.query(`insert into article_story_keys (key, article_id)
    select k.key, a.id from articles a, lateral (values ('n:' || (a.cluster_id * 13 % 100000)), ('w:name' || (a.cluster_id % 20000)),
      ('d:' || to_char(a.published_at, 'MM-DD')), ('k:own' || a.id), ('c:C' || (a.cluster_id % 10))) as k(key)
    where a.duplicate_of is null
    on conflict do nothing`);
  // As refreshStorySummary, set-based.
  await sql.query(`update clusters as c set
      first_seen_at = s.first_seen, last_updated_at = s.last_updated, article_count = s.members, original_count = s.originals,
      source_count = s.sites, language_count = s.language_count, languages = s.languages
    from (
      select a.cluster_id, min(least(a.published_at, a.ingested_at)) as first_seen, max(least(a.published_at, a.ingested_at)) as last_updated,
        count(*)::int as members, (count(*) filter (where a.duplicate_of is null))::int as originals, count(distinct a.site)::int as sites,
        (count(distinct a.language) filter (where a.language <> 'und'))::int as language_count,
        (select jsonb_object_agg(x.language, x.n) from (select l.language, count(*)::int as n from articles l
          where l.cluster_id = a.cluster_id and l.language <> 'und' group by l.language) x) as languages
      from articles a group by a.cluster_id
    ) as s where c.id = s.cluster_id`);
  // Absorbed clusters: empty, pointing at a survivor.
  await sql.query(`select setval(pg_get_serial_sequence('clusters', 'id'), (select max(id) from clusters))`);
  await sql.query(`insert into clusters (title, merged_into) select 'Absorbed', (c * 37 % ${Math.floor(total / 5)}) + 1 from generate_series(1, ${Math.floor(total / 500)}) c`);
  await sql.query('analyze');
}

const server = await startLocalPostgres();
try {
  for (const total of sizes) {
    const url = await createTestDatabase(server.url, `bench_stories_${total}`);
    const handle = createDb({ databaseUrl: url, dataDir: '/nonexistent', poolSize: 4 });
    await handle.migrate();
    const sql = new pg.Client({ connectionString: url });
    // A failure below stops the server, which ends this connection: that must not hide the failure.
    sql.on('error', () => {});
    await sql.connect();
    const fillStart = performance.now();
    await fill(sql, total);
    const { rows } = await sql.query('select count(*)::int as stories from clusters where merged_into is null and article_count > 0');
    console.log(
      `\n${total.toLocaleString('en')} articles, ${(rows[0].stories as number).toLocaleString('en')} stories, loaded in ${((performance.now() - fillStart) / 1000).toFixed(0)} s`,
    );

    const { db } = handle;
    const since = () => new Date(Date.now() - 24 * 3600_000);
    report('story list: rising, last 24 h, min_languages=2 (50)', await timeIt(50, () => listStories(db, { sort: 'rising', since: since(), minLanguages: 2, limit: 50 })), 'target p95 ≤ 50 ms');
    // The second page of it, through its cursor.
    const first = await listStories(db, { sort: 'rising', since: since(), minLanguages: 2, limit: 50 });
    if (first.nextCursor) report('  …its next page', await timeIt(50, () => listStories(db, { sort: 'rising', since: since(), minLanguages: 2, limit: 50, cursor: first.nextCursor! })));
    const more: [string, Omit<StoryFilters, 'limit'>][] = [
      ['story list: updated (no filter)', {}],
      ['story list: rising (no filter)', { sort: 'rising' }],
      ['story list: size, last 7 days', { sort: 'size', since: new Date(Date.now() - 7 * 24 * 3600_000) }],
      ['story list: languages, last 24 h, lang=de', { sort: 'languages', since: since(), languages: ['de'] }],
      ['story list: updated, min_sources=4', { minSources: 4 }],
      ['story list: updated, feed', { feedId: 7 }],
      ['story list: updated, q (a rare word: one story number)', { q: '12345' }],
    ];
    for (const [label, filters] of more) report(label, await timeIt(20, () => listStories(db, { ...filters, limit: 50 })));

    // Story pages of the last day's stories, a different one each call, and of the bigger ones.
    const recent = await sql.query(`select id from clusters where merged_into is null and last_updated_at >= now() - interval '24 hours' order by id desc limit 500`);
    const recentIds = recent.rows.map((row) => Number(row.id));
    report('story page (getStory, a story of the last day)', await timeIt(100, (run) => getStory(db, recentIds[(run * 7) % recentIds.length]!)), 'target p95 ≤ 30 ms');
    const big = await sql.query('select id from clusters where merged_into is null order by article_count desc limit 50');
    report('story page (getStory, the biggest stories, ~30 members)', await timeIt(50, (run) => getStory(db, Number(big.rows[run % big.rows.length].id))));
    const absorbed = await sql.query('select id from clusters where merged_into is not null limit 50');
    report('story page (getStory of an absorbed id)', await timeIt(50, (run) => getStory(db, Number(absorbed.rows[run % absorbed.rows.length].id))));

    // Clustering new articles: stored first (untimed), then clusterArticle timed, each with keys of a
    // different story of the last day (see the module comment).
    const mostShared = {
      windowHours: 96,
      minSharedKeys: 2,
      choose: (candidates: ClusterCandidateRow[]) => {
        const best = candidates.reduce<ClusterCandidateRow | null>((top, candidate) => (!top || candidate.keys.length > top.keys.length ? candidate : top), null);
        return { clusterId: best?.clusterId ?? null, score: 1, reason: 'bench: most keys shared' };
      },
    };
    const runs = 100;
    const newArticles: { id: number; keys: string[] }[] = [];
    for (let run = 0; run < runs + 5; run++) {
      const story = recentIds[(run * 13) % recentIds.length]!;
      const publishedAt = new Date();
      const { articleId } = await storeArticle(db, testArticle(`bench-new-${total}-${run}`, { publishedAt, language: 'de' }), null);
      const day = publishedAt.toISOString().slice(5, 10);
      newArticles.push({ id: articleId, keys: [`n:${(story * 13) % 100000}`, `w:name${story % 20000}`, `d:${day}`, `c:C${story % 10}`, `k:new${articleId}`] });
    }
    let joined = 0;
    const clustering = await timeIt(runs, async (run) => {
      const { created } = await clusterArticle(db, newArticles[run]!.id, newArticles[run]!.keys, mostShared);
      if (!created) joined++;
    });
    report(`clusterArticle, a new article (${joined}/${runs + 5} joined)`, clustering, 'flat as the store grows');
    await sql.end();
    await handle.close();
  }
} finally {
  await server.stop();
}
