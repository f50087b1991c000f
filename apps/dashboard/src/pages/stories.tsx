import { STORY_QUIET_HOURS, type StoryDetail, type StoryEvidence, type StoryFilters, type StoryListItem, type StoryMember, type StorySort } from '@polywire/db';
import { languageName, normalizeLanguageTag, SUPPORTED_LANGUAGES } from '@polywire/lang';
import { storyQuery, storySearch } from '../api/stories.js';
import { parseOrThrow } from '../feeds.js';
import { languageLabel } from '../languages.js';
import { Empty, Language, Layout, type PageContext, Time } from './ui.js';

// --- the Stories page's query ------------------------------------------------------------------------

/** The fields of the Stories page's form: the parameters of `GET /api/stories`, under the same names. */
export const storyFieldNames = ['q', 'lang', 'min_languages', 'min_sources', 'feed', 'site', 'since', 'until', 'by', 'sort'] as const;

/**
 * Reads the Stories page's query (the form's non-empty fields and the cursor, each once) with the
 * API's schema and rules, so a page's address and the API's agree. One difference: rising is the
 * page's default order, so that it opens on what grows now. A BadRequest names the wrong parameter.
 */
export function parseStoryPageSearch(params: URLSearchParams): StoryFilters & { sort: StorySort } {
  const query = parseOrThrow(storyQuery, Object.fromEntries(params));
  return storySearch({ ...query, sort: query.sort ?? 'rising' });
}

/**
 * The language a reader's titles are shown in: the first tag of the browser's Accept-Language, in the
 * form articles are stored under (`de-AT` → `de`, `zh-TW` → `zh-Hant`); none when there is none.
 */
export function readerLanguage(acceptLanguage: string | undefined): string | undefined {
  return normalizeLanguageTag(acceptLanguage) ?? undefined;
}

/** The Stories page's form fields, as typed (kept in the form after a search). */
export type StoryFields = Partial<Record<(typeof storyFieldNames)[number], string>>;

export const storyHref = (id: number) => `/stories/${id}`;

/** A story's languages, most members first, as chips: the tag (named in a tooltip) and its member count. */
export function LanguageChips(props: { languages: Record<string, number>; anchors?: boolean }) {
  const entries = Object.entries(props.languages).sort(([a, m], [b, n]) => n - m || a.localeCompare(b));
  if (entries.length === 0) return <span class="muted">—</span>;
  return (
    <ul class="chips">
      {entries.map(([tag, members]) => {
        const label = <abbr title={`${languageName(tag)}: ${members} ${members === 1 ? 'article' : 'articles'}`}>{tag}</abbr>;
        return (
          <li class="chip">
            {props.anchors ? <a href={`#lang-${tag}`}>{label}</a> : label}
            <span class="chip-count">{members}</span>
          </li>
        );
      })}
    </ul>
  );
}

function Quiet(props: { quiet: boolean }) {
  if (!props.quiet) return null;
  return (
    <span class="badge quiet" title={`No article joined for ${STORY_QUIET_HOURS} hours`}>
      quiet
    </span>
  );
}

/** The story's title, marked with the language it is in; a story with no title at all by its number. */
function StoryTitle(props: { story: Pick<StoryListItem, 'id' | 'title' | 'titleLanguage'> }) {
  return (
    <>
      {props.story.titleLanguage && (
        <>
          <span class="badge">
            <Language tag={props.story.titleLanguage} compact />
          </span>{' '}
        </>
      )}
      <a href={storyHref(props.story.id)}>{props.story.title ?? `Story #${props.story.id}`}</a>
    </>
  );
}

const risingText = (rising: number | null) => (rising === null ? '—' : `×${rising.toFixed(1)}`);

/** Stories as rows: title, languages, sources, size, times; the rising factor when the list is sorted by it. */
export function StoryTable(props: { stories: StoryListItem[]; rising?: boolean }) {
  return (
    <table class="stories">
      <thead>
        <tr>
          <th>Story</th>
          <th>Languages</th>
          <th class="num">Sources</th>
          <th class="num">Articles</th>
          <th>First seen</th>
          <th>Last updated</th>
          {props.rising && (
            <th class="num">
              <abbr title="Articles in the last hour over the story's own hourly average before it">Rising</abbr>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {props.stories.map((story) => (
          <tr>
            <td>
              <StoryTitle story={story} />
              <Quiet quiet={story.quiet} />
            </td>
            <td>
              <LanguageChips languages={story.languages} />
            </td>
            <td class="num">{story.sourceCount}</td>
            <td class="num">{story.articleCount}</td>
            <td>
              <Time at={story.firstSeenAt} />
            </td>
            <td>
              <Time at={story.lastUpdatedAt} />
            </td>
            {props.rising && <td class="num">{risingText(story.rising)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const sortLabels: Record<StorySort, string> = {
  rising: 'rising',
  updated: 'latest update',
  size: 'most articles',
  languages: 'most languages',
};
/** Rising first: the page opens on what is growing now. */
const sortOrder: readonly StorySort[] = ['rising', 'updated', 'size', 'languages'];

export function StoriesPage(props: { ctx: PageContext; fields: StoryFields; sort: StorySort; error: string | null; stories: StoryListItem[]; nextHref: string | null }) {
  const field = (name: keyof StoryFields) => props.fields[name] ?? '';
  return (
    <Layout title="Stories" ctx={props.ctx} section="/stories">
      <form method="get" action="/stories" class="search">
        <label>
          Words <input type="search" name="q" value={field('q')} placeholder="web-search syntax" />
        </label>
        <label>
          Languages <input type="text" name="lang" value={field('lang')} placeholder="de,fr" size={8} list="supported-languages" />
        </label>
        <datalist id="supported-languages">
          {SUPPORTED_LANGUAGES.map((language) => (
            <option value={language.tag}>{language.name}</option>
          ))}
        </datalist>
        <label>
          Min languages <input type="text" name="min_languages" value={field('min_languages')} size={3} inputmode="numeric" placeholder="1" />
        </label>
        <label>
          Min sources <input type="text" name="min_sources" value={field('min_sources')} size={3} inputmode="numeric" placeholder="1" />
        </label>
        <label>
          Feed # <input type="text" name="feed" value={field('feed')} size={5} inputmode="numeric" />
        </label>
        <label>
          Site <input type="text" name="site" value={field('site')} size={14} />
        </label>
        <label>
          Since <input type="text" name="since" value={field('since')} placeholder="2026-11-01T00:00:00Z" size={20} />
        </label>
        <label>
          Until <input type="text" name="until" value={field('until')} placeholder="ISO 8601" size={20} />
        </label>
        <label>
          Time of{' '}
          <select name="by">
            <option value="" selected={field('by') === ''}>
              last update
            </option>
            <option value="first_seen" selected={field('by') === 'first_seen'}>
              first article
            </option>
          </select>
        </label>
        <label>
          Order{' '}
          <select name="sort">
            {sortOrder.map((sort) => (
              <option value={sort} selected={props.sort === sort}>
                {sortLabels[sort]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
      {props.error ? (
        <p class="notice error" role="alert">
          {props.error}
        </p>
      ) : props.stories.length === 0 ? (
        <Empty>No story matches.</Empty>
      ) : (
        <StoryTable stories={props.stories} rising={props.sort === 'rising'} />
      )}
      {props.nextHref && (
        <p>
          <a href={props.nextHref} rel="next">
            Next page
          </a>
        </p>
      )}
    </Layout>
  );
}

// --- one story -----------------------------------------------------------------------------------------

/** `2026-03-15 14:00 UTC`: the timeline counts whole UTC hours. */
const utcHour = (at: Date) => `${at.toISOString().slice(0, 13).replace('T', ' ')}:00 UTC`;
const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** What the timeline shows, in words: for the SVG's description and for readers who do not see it. */
export function timelineSummary(timeline: StoryDetail['timeline']): string {
  const first = timeline[0];
  const last = timeline.at(-1);
  if (!first || !last) return 'No article has a time.';
  const total = timeline.reduce((sum, slot) => sum + slot.articles, 0);
  const busiest = timeline.reduce((top, slot) => (slot.articles > top.articles ? slot : top), first);
  const hours = timeline.length;
  return `${plural(total, 'article')} over ${plural(hours, 'hour')}, from ${utcHour(first.hour)} to ${utcHour(last.hour)}; the busiest hour, ${utcHour(busiest.hour)}, had ${plural(busiest.articles, 'article')}.`;
}

/**
 * Articles per hour as bars, drawn on the server like the overview's chart: one bar for each hour with
 * articles, hours without any left empty, the first and last hour written under the axis.
 */
export function Timeline(props: { timeline: StoryDetail['timeline'] }) {
  const slots = props.timeline;
  const summary = timelineSummary(slots);
  if (slots.length === 0) return <Empty>{summary}</Empty>;
  const plotWidth = 720;
  const plotHeight = 120;
  const left = 36;
  const top = 8;
  const step = plotWidth / slots.length;
  const barWidth = Math.max(1, step * 0.8);
  const max = Math.max(1, ...slots.map((slot) => slot.articles));
  const first = slots[0]!;
  const last = slots.at(-1)!;
  const round = (value: number) => Math.round(value * 100) / 100;
  return (
    <figure>
      <svg
        class="chart timeline"
        role="img"
        aria-labelledby="timeline-title timeline-desc"
        viewBox={`0 0 ${left + plotWidth + 8} ${top + plotHeight + 36}`}
        width={left + plotWidth + 8}
        height={top + plotHeight + 36}
      >
        <title id="timeline-title">Articles per hour</title>
        <desc id="timeline-desc">{summary}</desc>
        <line x1={left} y1={top + plotHeight} x2={left + plotWidth} y2={top + plotHeight} class="axis" />
        <text x={left - 6} y={top + 10} text-anchor="end" class="chart-value">
          {max}
        </text>
        <text x={left - 6} y={top + plotHeight} text-anchor="end" class="chart-value">
          0
        </text>
        {slots.map((slot, index) => {
          if (slot.articles === 0) return null;
          const height = (slot.articles / max) * plotHeight;
          return (
            <rect x={round(left + index * step)} y={round(top + plotHeight - height)} width={round(barWidth)} height={round(height)} class="bar-hour">
              <title>{`${utcHour(slot.hour)}: ${plural(slot.articles, 'article')}`}</title>
            </rect>
          );
        })}
        <text x={left} y={top + plotHeight + 16} class="chart-label">
          {utcHour(first.hour)}
        </text>
        {slots.length > 1 && (
          <text x={left + plotWidth} y={top + plotHeight + 16} text-anchor="end" class="chart-label">
            {utcHour(last.hour)}
          </text>
        )}
      </svg>
      <figcaption class="muted">{summary}</figcaption>
    </figure>
  );
}

function MemberLine(props: { member: Omit<StoryMember, 'copies'> }) {
  const { member } = props;
  return (
    <>
      <a href={`/articles/${member.id}`}>{member.title ?? member.url}</a> <span class="muted">{member.site ?? ''}</span>{' '}
      <span class="muted small">
        <Time at={member.publishedAt ?? member.ingestedAt} />
      </span>
    </>
  );
}

/** The originals of one language, each with its copies folded under it. */
function MemberList(props: { members: StoryMember[] }) {
  return (
    <ul class="members">
      {props.members.map((member) => (
        <li>
          <MemberLine member={member} />
          {member.copies.length > 0 && (
            <details class="copies">
              <summary>{plural(member.copies.length, 'copy', 'copies')}</summary>
              <ul>
                {member.copies.map((copy) => (
                  <li>
                    <MemberLine member={copy} />
                  </li>
                ))}
              </ul>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Why the members belong together: what at least two of them share, most shared first. */
function Evidence(props: { evidence: StoryEvidence[] }) {
  if (props.evidence.length === 0) return <Empty>No number, date, name or place is shared by two articles.</Empty>;
  return (
    <table class="evidence">
      <thead>
        <tr>
          <th>Shared</th>
          <th>Kind</th>
          <th class="num">Articles carrying it</th>
        </tr>
      </thead>
      <tbody>
        {props.evidence.map((item) => (
          <tr>
            <td>
              <span title={item.key}>{item.label}</span>
            </td>
            <td>{item.kind}</td>
            <td class="num">{item.members}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function StoryPage(props: { ctx: PageContext; story: StoryDetail }) {
  const { story } = props;
  const title = story.title ?? `Story #${story.id}`;
  return (
    <Layout title={title} ctx={props.ctx} section="/stories">
      <p class="breadcrumbs">
        <a href="/stories">Stories</a> › {`#${story.id}`}
        {story.titleLanguage && <span class="muted">{` · title in ${languageLabel(story.titleLanguage)}`}</span>}
        <Quiet quiet={story.quiet} />
      </p>
      <dl class="stats">
        <div>
          <dt>Articles</dt>
          <dd>{story.articleCount}</dd>
        </div>
        <div>
          <dt>Originals</dt>
          <dd>{story.originalCount}</dd>
        </div>
        <div>
          <dt>Languages</dt>
          <dd>{story.languageCount}</dd>
        </div>
        <div>
          <dt>Sources</dt>
          <dd>{story.sourceCount}</dd>
        </div>
      </dl>
      <dl class="facts">
        <dt>Languages</dt>
        <dd>
          <LanguageChips languages={story.languages} anchors />
        </dd>
        <dt>First seen / last updated</dt>
        <dd>
          <Time at={story.firstSeenAt} /> / <Time at={story.lastUpdatedAt} />
        </dd>
        {story.absorbedIds.length > 0 && (
          <>
            <dt>Absorbed stories</dt>
            <dd>{story.absorbedIds.map((id) => `#${id}`).join(', ')}</dd>
          </>
        )}
        <dt>Articles</dt>
        <dd>
          <a href={`/articles?cluster=${story.id}`}>search this story's articles</a>
        </dd>
      </dl>

      <h2>Timeline</h2>
      <Timeline timeline={story.timeline} />

      <h2>{`Articles by language (${story.articleCount})`}</h2>
      {story.membersByLanguage.length === 0 ? (
        <Empty>No article left in this story.</Empty>
      ) : (
        story.membersByLanguage.map((group) => (
          <section>
            <h3 id={`lang-${group.language}`}>
              {`${languageLabel(group.language)} · ${plural(group.members.reduce((sum, member) => sum + 1 + member.copies.length, 0), 'article')}`}
            </h3>
            <MemberList members={group.members} />
          </section>
        ))
      )}

      <h2>{`Sources (${story.sourceCount})`}</h2>
      {story.sites.length === 0 ? (
        <Empty>No site known.</Empty>
      ) : (
        <ul class="sites">
          {story.sites.map((site) => (
            <li>
              <a href={`/articles?${new URLSearchParams({ cluster: String(story.id), site })}`}>{site}</a>
            </li>
          ))}
        </ul>
      )}

      <h2>Why these belong together</h2>
      <Evidence evidence={story.evidence} />
    </Layout>
  );
}
