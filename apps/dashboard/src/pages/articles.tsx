import { type ArticleDetail, type ArticleListItem, type ClusterMember, type PageType, pageTypes } from '@polywire/db';
import { SUPPORTED_LANGUAGES } from '@polywire/lang';
import { languageLabel } from '../languages.js';
import { Empty, Json, Language, Layout, type PageContext, Time } from './ui.js';

export function ArticleTable(props: { articles: ArticleListItem[] }) {
  return (
    <table>
      <thead>
        <tr>
          <th>Title</th>
          <th>Language</th>
          <th>Site</th>
          <th>Published</th>
          <th>Ingested</th>
          <th>Note</th>
        </tr>
      </thead>
      <tbody>
        {props.articles.map((article) => (
          <tr>
            <td>
              <a href={`/articles/${article.id}`}>{article.title ?? article.url}</a>
              <PageTypeBadge type={article.pageType} />
            </td>
            <td>
              <Language tag={article.language} />
            </td>
            <td>{article.site ?? ''}</td>
            <td>
              <Time at={article.publishedAt} />
            </td>
            <td>
              <Time at={article.ingestedAt} />
            </td>
            <td>
              {article.duplicateOf !== null && <a href={`/articles/${article.duplicateOf}`}>{`copy of #${article.duplicateOf}`}</a>}
              {article.clusterId !== null && article.duplicateOf === null && <a href={`/stories/${article.clusterId}`}>story</a>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const pageTypeLabels: Record<PageType, string> = { article: 'article', front: 'section front', gallery: 'gallery', video: 'video', live: 'live blog' };

/** Only a page that is not an article is marked: most are, and a column of "article" says nothing. */
function PageTypeBadge(props: { type: PageType }) {
  return props.type === 'article' ? null : <span class="badge" title="What the feed linked to is not an article">{pageTypeLabels[props.type]}</span>;
}

/** The search form's fields, as typed (the page keeps them in the form after a search). */
export type SearchFields = Partial<Record<'q' | 'lang' | 'feed' | 'site' | 'cluster' | 'since' | 'until' | 'by' | 'sort' | 'page_type', string>>;

export function ArticlesPage(props: { ctx: PageContext; fields: SearchFields; error: string | null; articles: ArticleListItem[]; nextHref: string | null }) {
  const field = (name: keyof SearchFields) => props.fields[name] ?? '';
  const option = (name: keyof SearchFields, value: string, label: string) => (
    <option value={value} selected={field(name) === value}>
      {label}
    </option>
  );
  return (
    <Layout title="Articles" ctx={props.ctx} section="/articles">
      <form method="get" action="/articles" class="search">
        <label>
          Words <input type="search" name="q" value={field('q')} placeholder="web-search syntax" />
        </label>
        <label>
          Languages <input type="text" name="lang" value={field('lang')} placeholder="de,fr" size={8} list="supported-languages" />
        </label>
        {/* Suggestions as you type; any well-formed tag (or several, comma-separated) is still taken. */}
        <datalist id="supported-languages">
          {SUPPORTED_LANGUAGES.map((language) => (
            <option value={language.tag}>{language.name}</option>
          ))}
        </datalist>
        <label>
          Feed # <input type="text" name="feed" value={field('feed')} size={5} inputmode="numeric" />
        </label>
        <label>
          Site <input type="text" name="site" value={field('site')} size={14} />
        </label>
        <label>
          Story # <input type="text" name="cluster" value={field('cluster')} size={5} inputmode="numeric" />
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
            {option('by', '', 'publication')}
            {option('by', 'ingested', 'ingestion')}
          </select>
        </label>
        <label>
          Page{' '}
          <select name="page_type">
            {option('page_type', '', 'any')}
            {pageTypes.map((type) => option('page_type', type, pageTypeLabels[type]))}
          </select>
        </label>
        <label>
          Order{' '}
          <select name="sort">
            {option('sort', '', 'newest ingested')}
            {option('sort', 'published', 'newest published')}
            {option('sort', 'relevance', 'relevance')}
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
      {props.error ? (
        <p class="notice error" role="alert">
          {props.error}
        </p>
      ) : props.articles.length === 0 ? (
        <Empty>No article matches.</Empty>
      ) : (
        <ArticleTable articles={props.articles} />
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

export interface ArticlePageData {
  ctx: PageContext;
  article: ArticleDetail;
  feedTitles: Map<number, string>;
  duplicates: { id: number; title: string | null; url: string; site: string | null; language: string | null }[];
  cluster: { id: number; members: ClusterMember[]; languages: string[] } | null;
}

const confidence = (value: number | null) => (value === null ? '' : `, confidence ${value.toFixed(2)}`);

export function ArticlePage({ ctx, article, feedTitles, duplicates, cluster }: ArticlePageData) {
  const declaredDiffers =
    article.declaredLanguage !== null && article.language !== null && article.declaredLanguage.split('-')[0]?.toLowerCase() !== article.language.split('-')[0]?.toLowerCase();
  const otherLanguages = cluster?.members.filter((member) => member.id !== article.id && member.language !== article.language) ?? [];
  const sameLanguage = cluster?.members.filter((member) => member.id !== article.id && member.language === article.language) ?? [];
  return (
    <Layout title={article.title ?? article.url} ctx={ctx} section="/articles">
      <p class="breadcrumbs">
        <a href="/articles">Articles</a> › {`#${article.id}`}
      </p>
      <dl class="facts">
        <dt>URL</dt>
        <dd>
          <a href={article.url} rel="noreferrer noopener">
            {article.url}
          </a>
          {article.canonicalUrl !== article.url && <span class="muted small">{` canonical: ${article.canonicalUrl}`}</span>}
        </dd>
        <dt>Language</dt>
        <dd>
          {`detected ${article.language ? languageLabel(article.language) : '—'}${confidence(article.languageConfidence)}`}
          {' · '}
          <span class={declaredDiffers ? 'failing' : undefined}>{`declared ${article.declaredLanguage ? languageLabel(article.declaredLanguage) : '—'}`}</span>
          {article.titleLanguage && ` · title ${languageLabel(article.titleLanguage)}`}
        </dd>
        <dt>Site</dt>
        <dd>{article.site ?? '—'}</dd>
        <dt>Authors</dt>
        <dd>{article.authors.length ? article.authors.join(', ') : '—'}</dd>
        <dt>Published / modified / ingested</dt>
        <dd>
          <Time at={article.publishedAt} /> / <Time at={article.modifiedAt} /> / <Time at={article.ingestedAt} />
        </dd>
        <dt>Section, tags</dt>
        <dd>{[article.section, ...article.tags].filter(Boolean).join(', ') || '—'}</dd>
        <dt>Page type</dt>
        <dd>
          {pageTypeLabels[article.pageType]}
          {article.pageType === 'front' && <span class="muted small"> (a list of other articles: its links are not stored as text)</span>}
        </dd>
        <dt>Text from</dt>
        <dd>{article.extraction === 'feed' ? 'the feed item (the page had too little text)' : article.extraction === 'page' ? 'the page' : '—'}</dd>
        <dt>Duplicate of</dt>
        <dd>{article.duplicateOf !== null ? <a href={`/articles/${article.duplicateOf}`}>{`#${article.duplicateOf}`}</a> : 'no: an original'}</dd>
      </dl>

      <h2>Text</h2>
      {article.lead && <p class="lead">{article.lead}</p>}
      {article.text ? <div class="text">{article.text}</div> : <Empty>No text stored (retention may have dropped it).</Empty>}

      <h2>{`Sources (${article.sources.length})`}</h2>
      <ul>
        {article.sources.map((source) => (
          <li>
            <a href={`/feeds/${source.feedId}`}>{feedTitles.get(source.feedId) ?? `feed #${source.feedId}`}</a>
            {' · '}
            <a href={source.itemUrl} rel="noreferrer noopener">
              {source.itemUrl}
            </a>
            {' · first seen '}
            <Time at={source.firstSeenAt} />
          </li>
        ))}
      </ul>

      <h2>{`Copies stored as duplicates (${duplicates.length})`}</h2>
      {duplicates.length === 0 ? (
        <Empty>None.</Empty>
      ) : (
        <ul>
          {duplicates.map((copy) => (
            <li>
              <a href={`/articles/${copy.id}`}>{copy.title ?? copy.url}</a>{' '}
              <span class="muted">{`${copy.language ? languageLabel(copy.language) : ''} ${copy.site ?? ''}`}</span>
            </li>
          ))}
        </ul>
      )}

      <h2>Story</h2>
      {cluster === null ? (
        <Empty>Not in a story cluster.</Empty>
      ) : (
        <>
          <p>
            <a href={`/stories/${cluster.id}`}>{`Story #${cluster.id}`}</a>
            {`: ${cluster.members.length} articles in ${cluster.languages.map(languageLabel).join(', ') || 'unknown languages'}`}
          </p>
          <h3>{`In other languages (${otherLanguages.length})`}</h3>
          <ClusterList members={otherLanguages} />
          <h3>{`In the same language (${sameLanguage.length})`}</h3>
          <ClusterList members={sameLanguage} />
        </>
      )}

      <h2>What happened to it</h2>
      <table>
        <thead>
          <tr>
            <th>When</th>
            <th>Step</th>
            <th class="num">Attempt</th>
            <th>Job</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {article.events.map((event) => (
            <tr class={event.kind === 'failed' || event.kind === 'fetch_failed' ? 'failing' : undefined}>
              <td>
                <Time at={event.at} />
              </td>
              <td>{event.kind.replace(/_/g, ' ')}</td>
              <td class="num">{event.attempt ?? ''}</td>
              <td>{event.jobId ? <a href={`/queues/article.process/jobs/${encodeURIComponent(event.jobId)}`}>job</a> : ''}</td>
              <td>{event.detail ? <Json value={event.detail} /> : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

function ClusterList(props: { members: ClusterMember[] }) {
  if (props.members.length === 0) return <Empty>None.</Empty>;
  return (
    <ul>
      {props.members.map((member) => (
        <li>
          <span class="badge">{member.language ? <Language tag={member.language} compact /> : '?'}</span>{' '}
          <a href={`/articles/${member.id}`}>{member.title ?? member.url}</a>{' '}
          <span class="muted">{member.site ?? ''}</span>
          {member.duplicateOf !== null && <span class="muted">{` (copy of #${member.duplicateOf})`}</span>}
        </li>
      ))}
    </ul>
  );
}
