import { apiClient, parseResponse } from './api.js';
import { CliError } from './errors.js';
import { languageTags } from './languages.js';
import type { CommandInput } from './options.js';
import { pad, positiveNumber, when } from './output.js';

type StoryQuery = NonNullable<Parameters<ReturnType<typeof apiClient>['api']['stories']['$get']>[0]>['query'];

/** Largest page the API serves; longer --limit values follow the cursor. */
const STORY_PAGE = 200;

/** `de 3, en 2`: languages by members, most first. */
const languageSummary = (languages: Record<string, number>) =>
  Object.entries(languages)
    .sort(([a, m], [b, n]) => n - m || (a < b ? -1 : 1))
    .map(([tag, members]) => `${tag} ${members}`)
    .join(', ');

/** One --ui-lang tag, checked as --lang is. */
async function uiLanguage(value: string | undefined): Promise<string | undefined> {
  if (value === undefined) return undefined;
  const [tag, ...more] = await languageTags([value]);
  if (!tag || more.length) throw new CliError('--ui-lang takes one language tag, like de or zh-Hant');
  return tag;
}

/** `stories list`: a table, a JSON array (--json) or one JSON line per story (--jsonl), newest update first. */
export async function listStories({ values }: CommandInput): Promise<void> {
  if (values.json && values.jsonl) throw new CliError('choose one of --json, --jsonl');
  if (values.limit !== undefined && !positiveNumber.test(values.limit)) throw new CliError(`--limit must be a positive number, not ${values.limit}`);
  const lang = await languageTags(values.lang);
  const stories = apiClient().api.stories;
  // As typed: the API checks each value itself, and its 400 names the parameter.
  const query: StoryQuery = {
    lang,
    q: values.q,
    feed: values.feed,
    site: values.site,
    since: values.since,
    until: values.until,
    by: values.by as StoryQuery['by'],
    sort: values.sort as StoryQuery['sort'],
    min_languages: values['min-languages'],
    min_sources: values['min-sources'],
    ui_lang: await uiLanguage(values['ui-lang']),
  };

  const all: unknown[] = [];
  let remaining = Number(values.limit ?? '50');
  let cursor: string | undefined;
  const table = !values.json && !values.jsonl;
  while (remaining > 0) {
    const page = await parseResponse(stories.$get({ query: { ...query, limit: String(Math.min(remaining, STORY_PAGE)), cursor } }));
    // After the first answer: a refused query prints its reason only.
    if (table && cursor === undefined) console.log(`${pad('ID', 7)} ${pad('LANGS', 5)} ${pad('SOURCES', 7)} ${pad('ARTICLES', 8)} ${pad('UPDATED', 16)} TITLE / LANGUAGES`);
    for (const story of page.items) {
      if (values.json) all.push(story);
      else if (values.jsonl) console.log(JSON.stringify(story));
      else {
        const title = `${story.title ?? '(untitled)'}${story.titleLanguage ? ` [${story.titleLanguage}]` : ''}`;
        console.log(
          `${pad(story.id, 7)} ${pad(story.languageCount, 5)} ${pad(story.sourceCount, 7)} ${pad(story.articleCount, 8)} ${pad(when(story.lastUpdatedAt), 16)} ${title}\n${' '.repeat(48)}${languageSummary(story.languages)}`,
        );
      }
    }
    remaining -= page.items.length;
    cursor = page.nextCursor ?? undefined;
    if (cursor === undefined || page.items.length === 0) break;
  }
  if (values.json) console.log(JSON.stringify(all));
}

/** `stories show ID`: the story readably (members by language, evidence, timeline), or the API's JSON. */
export async function showStory({ values, operands: [id] }: CommandInput): Promise<void> {
  if (!id || !positiveNumber.test(id)) throw new CliError('stories show needs a story ID (a positive number)');
  const ui_lang = await uiLanguage(values['ui-lang']);
  const story = await parseResponse(apiClient().api.stories[':id'].$get({ param: { id }, query: { ui_lang } }));
  if (values.json || values.jsonl) {
    console.log(JSON.stringify(story));
    return;
  }
  const lines: string[] = [];
  lines.push(`story ${story.id}: ${story.title ?? '(untitled)'}${story.titleLanguage ? ` [${story.titleLanguage}]` : ''}`);
  if (story.requestedId !== story.id) lines.push(`(story ${story.requestedId} was merged into this one)`);
  lines.push(
    `${story.articleCount} articles (${story.originalCount} originals) from ${story.sourceCount} sources in ${story.languageCount} languages: ${languageSummary(story.languages)}`,
  );
  lines.push(`first seen: ${when(story.firstSeenAt, 19)}   updated: ${when(story.lastUpdatedAt, 19)}${story.quiet ? '   (quiet)' : ''}`);
  if (story.sites.length) lines.push(`sites:      ${story.sites.join(', ')}`);
  if (story.absorbedIds.length) lines.push(`absorbed:   ${story.absorbedIds.join(', ')}`);
  if (story.evidence.length) lines.push(`evidence:   ${story.evidence.map((item) => `${item.label} (${item.kind}, ${item.members})`).join('; ')}`);
  const busiest = story.timeline.reduce((best, hour) => (hour.articles > (best?.articles ?? 0) ? hour : best), story.timeline[0]);
  if (busiest) lines.push(`timeline:   ${story.timeline.length} hours, busiest ${when(busiest.hour)} with ${busiest.articles}`);
  for (const group of story.membersByLanguage) {
    lines.push('', `${group.language} (${group.members.length}):`);
    for (const member of group.members) {
      lines.push(`  ${pad(member.id, 7)} ${pad(when(member.publishedAt ?? member.ingestedAt), 16)} ${pad(member.site ?? '-', 24)} ${member.title ?? member.url}`);
      for (const copy of member.copies) lines.push(`    copy ${pad(copy.id, 7)} ${pad(copy.site ?? '-', 24)} ${copy.url}`);
    }
  }
  console.log(lines.join('\n'));
}
