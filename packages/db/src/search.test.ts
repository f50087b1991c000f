import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SUPPORTED_LANGUAGES } from '@polywire/lang';
import { allSearchConfigs, bigramText, getArticle, listArticles, searchConfigFor, storeArticle } from './index.js';
import { drivers, testArticle, useTestDb } from './testing/index.js';

let counter = 0;
const article = (language: string, title: string, text: string, lead: string | null = null) => testArticle(`search-${++counter}`, { language, title, lead, text });

describe('search helpers', () => {
  it('maps language tags to configurations', () => {
    expect(searchConfigFor('de')).toBe('german');
    expect(searchConfigFor('de-AT')).toBe('german');
    expect(searchConfigFor('sr-Latn')).toBe('serbian');
    expect(searchConfigFor('nb')).toBe('norwegian');
    expect(searchConfigFor('zh-Hant')).toBe('simple');
    expect(searchConfigFor('und')).toBe('simple');
    expect(searchConfigFor(null)).toBe('simple');
  });

  it('bigrams CJK and Thai runs and keeps other text', () => {
    expect(bigramText('東京都').trim()).toBe('東京 京都');
    expect(bigramText('iPhone東京').trim()).toBe('iPhone 東京');
    expect(bigramText('서울 시장').trim().split(/\s+/)).toEqual(['서울', '시장']);
    expect(bigramText('hello world')).toBe('hello world');
    expect(bigramText('𠀀𠀁𠀂').trim()).toBe('𠀀𠀁 𠀁𠀂');
    // Lao, Tibetan, Myanmar and Khmer write no spaces between words either.
    expect(bigramText('ກຂຄ').trim()).toBe('ກຂ ຂຄ');
    expect(bigramText('ཀཁག').trim()).toBe('ཀཁ ཁག');
    expect(bigramText('ကခဂ').trim()).toBe('ကခ ခဂ');
    expect(bigramText('កខគ').trim()).toBe('កខ ខគ');
  });
});

describe('search configurations of the supported languages', () => {
  /** The text-search configurations each database of the drivers ships, by driver. */
  const shipped = new Map<string, Set<string>>();
  beforeAll(async () => {
    for (const [name, open] of drivers) {
      const { handle, cleanup } = await open();
      try {
        const result = (await handle.db.execute(sql`select cfgname from pg_ts_config`)) as unknown as { rows: { cfgname: string }[] };
        shipped.set(name, new Set(result.rows.map((row) => row.cfgname)));
      } finally {
        await handle.close();
        cleanup();
      }
    }
  });

  it('maps every supported language to a configuration both databases ship', () => {
    for (const [name, configs] of shipped) {
      const missing = SUPPORTED_LANGUAGES.filter((language) => !configs.has(searchConfigFor(language.tag)));
      expect(missing.map((language) => `${language.tag} → ${searchConfigFor(language.tag)}`), name).toEqual([]);
    }
    expect(searchConfigFor('hu')).toBe('hungarian');
    expect(searchConfigFor('az-Latn')).toBe('simple');
    expect(searchConfigFor('sr-Cyrl')).toBe('serbian');
    expect(searchConfigFor('fa-AF')).toBe('simple');
  });

  it('stems every supported language that has a Snowball stemmer on both databases', () => {
    // A configuration named after the language (`Serbian (Latin)` → serbian, `Norwegian Bokmål` →
    // norwegian) that both ship means a stemmer is there to use: such a language must not fall back
    // to `simple`. (Estonian's exists from PostgreSQL 16 only, so it is no such case yet.)
    const both = new Set([...shipped.values()][0]);
    for (const configs of shipped.values()) for (const config of both) if (!configs.has(config)) both.delete(config);
    const unused = SUPPORTED_LANGUAGES.flatMap((language) => {
      const named = language.name.toLowerCase().replace(/\s*\(.*\)$/, '').split(' ')[0]!;
      return both.has(named) && named !== 'simple' && searchConfigFor(language.tag) !== named ? [`${language.tag} (${named})`] : [];
    });
    expect(unused).toEqual([]);
    // The stemmers Polywire uses are the ones that are there.
    expect(allSearchConfigs.filter((config) => !both.has(config))).toEqual([]);
  });
});

describe.each(drivers)('search on %s', (_name, open) => {
  const handle = useTestDb(open);
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    const fixtures = {
      indonesian: article('id', 'Pemerintah membangun jembatan baru', 'Jembatan itu dibuka minggu depan.'),
      russian: article('ru', 'Итоги голосования', 'Наблюдатели сообщили о нарушениях на выборах в регионе.'),
      german: article('de-DE', 'Neue Häuser am Stadtrand', 'Die Stadt plant günstigen Wohnraum.'),
      english: article('en', 'Housing plans announced', 'The city announced new houses near the river.'),
      chinese: article('zh-Hans', '东京都知事选举结果公布', '选举委员会周日公布了投票结果。'),
      chineseOther: article('zh-Hant', '颱風登陸臺灣', '中央氣象署發布海上警報。'),
      japanese: article('ja', '新しい駅が開業しました', '鉄道会社は記者会見で発表した。'),
      khmer: article('km', 'រដ្ឋាភិបាលបើកស្ពានថ្មី', 'ស្ពាននេះនឹងជួយកសិករដឹកជញ្ជូនស្រូវទៅទីផ្សារ។'),
      lao: article('lo', 'ລັດຖະບານເປີດຂົວໃໝ່', 'ຂົວນີ້ຈະຊ່ວຍຊາວນາຂົນສົ່ງເຂົ້າໄປຕະຫຼາດ'),
      titleHit: article('en', 'Volcano erupts', 'Residents were evacuated.'),
      bodyHit: article('en', 'Island news', 'A small volcano nearby was quiet today.'),
    };
    for (const [key, value] of Object.entries(fixtures)) ids[key] = (await storeArticle(handle().db, value, null)).articleId;
  });

  const search = async (q: string, languages?: string[]) =>
    (await listArticles(handle().db, { limit: 50, q, ...(languages ? { languages } : {}) })).items.map((item) => item.id);

  it('has every mapped configuration', async () => {
    const result = (await handle().db.execute(sql`select cfgname from pg_ts_config`)) as unknown as { rows: { cfgname: string }[] };
    const present = new Set(result.rows.map((row) => row.cfgname));
    expect(allSearchConfigs.filter((config) => !present.has(config))).toEqual([]);
  });

  it('fills the configuration and vector on store, weighted, and keeps them out of reads', async () => {
    const result = (await handle().db.execute(
      sql`select search_config, search_vector::text as v from articles where id = ${ids.german!}`,
    )) as unknown as { rows: { search_config: string; v: string }[] };
    expect(result.rows[0]!.search_config).toBe('german');
    expect(result.rows[0]!.v).toContain("'haus':2A");
    const listed = await listArticles(handle().db, { limit: 1, q: 'Häuser' });
    expect('searchVector' in (listed.items[0] ?? {})).toBe(false);
    expect('searchVector' in ((await getArticle(handle().db, ids.german!)) ?? {})).toBe(false);
  });

  it('finds Indonesian, Russian and German articles through another form of the word', async () => {
    expect(await search('pembangunan', ['id'])).toEqual([ids.indonesian]);
    expect(await search('pembangunan')).toEqual([ids.indonesian]);
    expect(await search('выборы', ['ru'])).toEqual([ids.russian]);
    expect(await search('выборы')).toEqual([ids.russian]);
    expect(await search('Haus', ['de'])).toEqual([ids.german]);
    expect(await search('Hauses')).toEqual([ids.german]);
  });

  it('does not match an English article with a German-stemmed query of another word', async () => {
    expect(await search('Häuser', ['de', 'en'])).toEqual([ids.german]);
    expect(await search('Häuser')).toEqual([ids.german]);
    expect(await search('houses', ['en'])).toEqual([ids.english]);
  });

  it('finds Chinese and Japanese articles by bigrams, and not unrelated ones', async () => {
    expect(await search('东京')).toEqual([ids.chinese]);
    expect(await search('知事选举')).toEqual([ids.chinese]);
    expect(await search('选举', ['zh'])).toEqual([ids.chinese]);
    expect(await search('臺灣')).toEqual([ids.chineseOther]);
    expect(await search('記者会見', ['ja'])).toEqual([ids.japanese]);
    expect(await search('大阪')).toEqual([]);
    expect(await search('臺灣', ['zh-Hant'])).toEqual([ids.chineseOther]);
    expect(await search('臺灣', ['zh-Hans'])).toEqual([]);
    expect(await search('选举', ['zh-Hans', 'ja'])).toEqual([ids.chinese]);
  });

  it('keeps the GIN index on search_vector after the column was re-created (migration 0010)', async () => {
    const result = (await handle().db.execute(
      sql`select indexdef from pg_indexes where tablename = 'articles' and indexname = 'articles_search_idx'`,
    )) as unknown as { rows: { indexdef: string }[] };
    expect(result.rows.map((row) => row.indexdef)).toEqual([expect.stringMatching(/USING gin \(search_vector\)/)]);
  });

  it('finds Khmer and Lao articles by a word of their text, and not unrelated ones', async () => {
    // Khmer and Lao write no spaces between words: a word inside a run is only found through bigrams.
    expect(await search('កសិករ')).toEqual([ids.khmer]);
    expect(await search('ស្រូវ', ['km'])).toEqual([ids.khmer]);
    expect(await search('ស្ពានថ្មី')).toEqual([ids.khmer]);
    expect(await search('ຊາວນາ')).toEqual([ids.lao]);
    expect(await search('ຕະຫຼາດ', ['lo'])).toEqual([ids.lao]);
    expect(await search('ប្រទេស')).toEqual([]);
    expect(await search('ຕະຫຼາດ', ['km'])).toEqual([]);
  });

  it('supports web-search syntax and ignores an empty query', async () => {
    expect(await search('volcano -erupts')).toEqual([ids.bodyHit]);
    expect(await search('"small volcano"')).toEqual([ids.bodyHit]);
    expect((await search('volcano')).sort()).toEqual([ids.titleHit, ids.bodyHit].sort());
    expect((await search('  ')).length).toBe(Object.keys(ids).length);
  });

  it('stores a very long CJK text without exceeding the tsvector limit', async () => {
    const chars = Array.from({ length: 200_000 }, (_, index) => String.fromCodePoint(0x4e00 + ((index * 7919) % 20_000))).join('');
    const { articleId } = await storeArticle(handle().db, article('zh', '長文', chars), null);
    expect(await search('長文')).toEqual([articleId]);
  });
});
