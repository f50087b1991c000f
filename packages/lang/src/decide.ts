import { detectLanguage, type LanguageDetection, UNDETERMINED } from './detect.js';
import { supportedLanguage, SUPPORTED_LANGUAGES } from './languages.js';
import { normalizeLanguageTag, parseDeclaredTag } from './tag.js';
import { languagesForTld } from './tld.js';
import { cutText } from '@polywire/text';

/**
 * Below this confidence the text is unclear: a declared supported language then wins. Above it the
 * text wins over a declaration, since unconfigured CMSs declare `en` for everything (Media Cloud keeps
 * the detected tag for this reason).
 */
export const CLEAR_TEXT_CONFIDENCE = 0.5;

/**
 * The version of the language decision (this module, the detector and its models) that the article
 * worker records with each article it tags. Change it whenever the decision changes (new models, new
 * languages, new rules): `polywire articles retag` then re-decides every article tagged by another
 * version, and nothing else.
 */
export const LANGUAGE_MODEL_VERSION = 'lang-2026-12-115';

/** Only the start of a long text is read by the detector anyway. */
const MAX_DECIDE_CHARS = 5_000;

export interface LanguageSources {
  /** Declared languages, strongest first: `<html lang>`, og:locale, the feed's, Content-Language. */
  declared?: readonly (string | null | undefined)[];
  /** The article's URL or host (its TLD is a weaker hint). */
  url?: string | null;
}

export interface LanguageDecision {
  /** The stored tag, or null when neither the text nor a declaration names a language. */
  language: string | null;
  /** The detector's confidence in `language`; null when the tag came from a declaration alone. */
  confidence: number | null;
  /** Where the tag came from. */
  source: 'detected' | 'declared' | 'none';
  /** The title's own language, when it can be told. */
  titleLanguage: string | null;
  /** The first declared tag we support, in stored form. */
  declared: string | null;
  /** The detector's answer on title and text, with the hints. */
  detection: LanguageDetection;
}

/**
 * A declared tag in Polywire's stored form when it is one of our languages: `hu-HU` → `hu`, `az` →
 * `az-Latn`, `uz` → `uz-Latn` (`uz-Cyrl` when declared so), `zh-TW` → `zh-Hant`, `prs` or `fa-AF` →
 * `fa-AF`, `no` → `nb`. Null for anything else.
 */
export function supportedDeclaredTag(declared: string | null | undefined): string | null {
  const locale = parseDeclaredTag(declared);
  if (!locale) return null;
  const language = locale.language;
  if (language === 'prs' || (language === 'fa' && locale.region === 'AF')) return 'fa-AF';
  if (language === 'no') return 'nb';
  if (language === 'zh') return normalizeLanguageTag(declared);
  if (locale.script) {
    const exact = supportedLanguage(`${language}-${locale.script}`);
    if (exact) return exact.tag;
  }
  const plain = supportedLanguage(language);
  if (plain) return plain.tag;
  // A language we write with a script subtag, declared without one: its commonest script first.
  const scripted = SUPPORTED_LANGUAGES.find((candidate) => candidate.tag.startsWith(`${language}-`) && candidate.source !== 'hint');
  return scripted?.tag ?? null;
}

const base = (tag: string) => tag.split('-')[0]!.toLowerCase();

function hostOf(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname;
  } catch {
    return url.includes('/') ? undefined : url;
  }
}

/**
 * The language an article is stored under, from its title and text together, with the declared tags
 * and the site's TLD as hints. Clear text decides; unclear text (confidence below
 * CLEAR_TEXT_CONFIDENCE, or no language at all) gives way to a declared language we support; with
 * neither, null. Persian text declared as Dari, or on an .af site, is stored as `fa-AF`.
 */
export function decideLanguage(title: string | null, text: string, sources: LanguageSources = {}): LanguageDecision {
  const declaredTags = (sources.declared ?? []).filter((tag): tag is string => Boolean(tag));
  const host = hostOf(sources.url);
  const hints = { languages: declaredTags, tld: host };
  // Cut before joining: a text of megabytes is not copied to read its first few thousand characters.
  const start = cutText(`${cutText(title ?? '', MAX_DECIDE_CHARS)}\n${cutText(text, MAX_DECIDE_CHARS)}`, MAX_DECIDE_CHARS);
  const detection = detectLanguage(start, { hints });
  const titleOnly = title ? detectLanguage(title, { hints }) : null;
  const titleLanguage = titleOnly && titleOnly.tag !== UNDETERMINED.tag ? titleOnly.tag : null;
  const declared = declaredTags.map(supportedDeclaredTag).find((tag): tag is string => tag !== null) ?? null;

  const detected = detection.tag !== UNDETERMINED.tag;
  let language: string | null;
  let confidence: number | null;
  let source: LanguageDecision['source'];
  if (detected && (detection.confidence >= CLEAR_TEXT_CONFIDENCE || !declared || base(declared) === base(detection.tag))) {
    language = detection.tag;
    confidence = detection.confidence;
    source = 'detected';
  } else if (declared) {
    // The detector's confidence in the declared language (it is often the runner-up), else none.
    const guess = [detection, ...detection.alternatives].find((g) => g.tag === declared);
    language = declared;
    confidence = guess ? guess.confidence : null;
    source = 'declared';
  } else {
    language = null;
    confidence = null;
    source = 'none';
  }
  if (language === 'fa' && (declared === 'fa-AF' || languagesForTld(host).includes('fa-AF'))) language = 'fa-AF';
  return { language, confidence, source, titleLanguage, declared, detection };
}
