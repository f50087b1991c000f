import { collapseWhitespace, cutText } from '@polywire/text';
// "By Jane Doe", "Written by Jane Doe", "Posted by: Jane Doe".
const BY_PREFIX = /^(?:(?:written|posted|reported|story|words|text)\s+)?by\b[\s:]*/i;
// The same word in German, Spanish, Portuguese, French, Dutch and the Scandinavian languages. These are
// also parts of names ("Von Miller", "von der Leyen"), so they go only before a capitalized name of two
// words or more: "Von Katrin Müller" → "Katrin Müller".
// No i flag: with it, \p{Lu} would match lower case too.
const FOREIGN_BY_PREFIX = /^(?:[Vv]on|[Pp]or|[Pp]ar|[Dd]oor|[Aa][vf])\s+(?=\p{Lu}\S*\s+\S)/u;
const URL_LIKE = /^(?:[a-z][a-z\d+.-]*:\/|\/|www\.)|^[\w.-]+\.[a-z]{2,}\//i;
// "Jane Doe (jane@example.com)": the address goes, the name stays. The address starts where a run
// without `@` starts and its parts hold no `@`: written `[^\s()]+@[^\s()]+\.…`, the pattern tried every
// split of every run, and a credit of a few thousand `@` took seconds.
const EMAIL = /\(?\s*(?<![^\s()@])[^\s()@]+@[^\s()@]+\.[^\s()]+\s*\)?/g;
// A job title after the name ("Jane Doe, Staff Writer"), or a credit that is nothing but one: every
// word is one of these. "Reuters Staff" keeps its name.
const ROLE_WORDS = new Set(
  'a an the our staff senior chief deputy managing contributing special foreign political national international business sports news associate writer writers reporter reporters correspondent correspondents editor editors contributor columnist journalist photographer producer bureau desk newsroom analyst'.split(
    ' ',
  ),
);
// Suffixes that follow a comma but belong to the name: "John Smith, Jr.".
const NAME_SUFFIX = /^(?:jr|sr|ii|iii|iv|phd|md)\.?$/i;
// Lower-case particles inside names: "Ursula von der Leyen", "Luiz Inácio da Silva", "Ahmed bin Ali".
const PARTICLES = new Set(['von', 'van', 'der', 'den', 'de', 'del', 'della', 'da', 'das', 'do', 'dos', 'di', 'du', 'la', 'le', 'bin', 'binti', 'ibn', 'al', 'el', 'y', 'ter', 'zu']);
// "A and B" in the languages of the fixtures and the feed list; each side must then be a full name.
const CONJUNCTION = /(?<!\s)\s+(?:and|&|und|y|e|et|en|og|och|dan|và|ve|i|и|și|ja)\s+/i;
// List separators that never occur inside a name: the CJK enumeration comma, semicolons, pipes, and
// the slash of "Jane Doe/Reuters" (a URL is dropped before the credit is split).
const HARD_SEPARATORS = /(?<!\s)\s*[;；、|/]\s*/;
const COMMA = /(?<!\s)\s*,\s*/;
// Patterns at the end of a text start only where their run starts: tried from every position of a
// long run that does not reach the end, they cost the square of its length.
const EDGE_PUNCTUATION = /^[\s,;:|–—-]+|(?<![\s,;:|–—-])[\s,;:|–—-]+$/g;
/**
 * What a person's byline never holds, and a company's credit in `<meta name="author">` often does: a
 * domain name ("tovima.gr — …", "BIOLOG.PL", "网:www.zibosky.com"; its ending all lower or all upper case,
 * so that "Dr.Smith" stays) or a company's legal form ("INTERIA.PL S.A.", "Interline Pro Co.", "Ltd.").
 */
const DOMAIN_NAME = /(?<![\p{L}\d-])[\p{L}\d-]{2,}\.(?:[a-z]{2,6}|[A-Z]{2,6})(?![\p{L}\d])/u;
// A Chinese name ending in 网 ("net": 正北方网, 中国经济网 财经频道) is a website's.
const WEBSITE_NAME = /[网網](?:$|[\s_:：])/u;
const LEGAL_FORM = /(?<![\p{L}])(?:S\.A\.|Ltd\.?|Inc\.?|LLC|GmbH|AG|Co\.|sp\. z o\.o\.|A\.E\.|Α\.Ε\.|ООО|ОАО|ЗАО|АО|Pty|S\.p\.A\.|S\.L\.|B\.V\.)(?![\p{L}])|有限公司|株式会社/u;
const MAX_AUTHOR_LENGTH = 80;
/** A credit is read up to here: a list of twenty names fits, and a longer one is not a byline. */
const MAX_CREDIT_LENGTH = 2_000;

/**
 * Author names as a reader would list them: "By " stripped, URLs, e-mail addresses and job titles
 * dropped, a credit split into its names only when it is clearly a list ("Jane Doe and John Roe",
 * "Jane Doe, John Roe, Ann Poe", "王伟、李娜"), and duplicates removed (case-insensitively, first spelling kept).
 * "Doe, Jane" and "Simon & Schuster" stay whole: a comma or "&" between single words is not a list.
 */
export function normalizeAuthors(values: readonly string[]): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const value of values) {
    for (const name of splitCredit(collapseWhitespace(cutText(value, MAX_CREDIT_LENGTH)))) {
      const key = name.toLocaleLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      names.push(name);
    }
  }
  return names;
}

function splitCredit(credit: string): string[] {
  const stripped = cleanName(credit);
  if (!stripped) return [];
  const parts = stripped.split(HARD_SEPARATORS).flatMap((part) => splitList(part));
  return parts.map(cleanName).filter((name): name is string => name !== null && !isRoleOnly(name) && !isCompany(name));
}

function cleanName(value: string): string | null {
  if (URL_LIKE.test(value.trim())) return null;
  const name = collapseWhitespace(value.replace(EMAIL, ' ').replace(BY_PREFIX, '').replace(FOREIGN_BY_PREFIX, '')).replace(EDGE_PUNCTUATION, '');
  if (!name || name.length > MAX_AUTHOR_LENGTH || URL_LIKE.test(name)) return null;
  if (!/\p{L}/u.test(name)) return null;
  return name;
}

/** Splits "A, B and C" when every part is a name; otherwise the credit stays one name. */
function splitList(credit: string): string[] {
  const commaParts = credit.split(COMMA).filter(Boolean);
  // "Jane Doe, Staff Writer" → "Jane Doe"; "John Smith, Jr." stays whole.
  if (commaParts.length > 1 && commaParts.slice(1).some((part) => NAME_SUFFIX.test(part))) return [credit];
  const names = commaParts.filter((part) => !isRoleOnly(part) && !isCompany(part));
  // "Doe, Jane": two single words around a comma are one name written surname first.
  if (names.length === 2 && names.every((part) => wordsOf(part).length === 1)) return [credit];
  const split = names.flatMap((part) => {
    const sides = part.split(CONJUNCTION);
    // "Jane and John Doe", "Simon & Schuster": only split when each side is a full name on its own.
    return sides.length > 1 && sides.every((side) => looksLikeName(side, 2)) ? sides : [part];
  });
  if (split.length > 1 && !split.every((part) => looksLikeName(part, 1))) return [credit];
  return split;
}

const wordsOf = (text: string) => text.split(/\s+/).filter(Boolean);

/** One to five words, no digits, each capitalized, a particle, or in a script without case (CJK, Arabic, Hindi). */
function looksLikeName(text: string, minWords: number): boolean {
  const words = wordsOf(text);
  if (words.length < minWords || words.length > 5 || /\d/.test(text)) return false;
  return words.every((word) => PARTICLES.has(word.toLowerCase()) || /^[\p{Lu}\p{Lt}\p{Lo}]/u.test(word));
}

/** A site or a company rather than a person (see DOMAIN_NAME, WEBSITE_NAME, LEGAL_FORM). */
const isCompany = (name: string) => DOMAIN_NAME.test(name) || WEBSITE_NAME.test(name) || LEGAL_FORM.test(name);

function isRoleOnly(text: string): boolean {
  return wordsOf(text).every((word) => ROLE_WORDS.has(word.toLowerCase().replace(/[^\p{L}]/gu, '')));
}
