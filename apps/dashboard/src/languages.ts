import { searchConfigFor } from '@polywire/db';
import { languageName, SUPPORTED_LANGUAGES } from '@polywire/lang';
import { z } from 'zod';

/**
 * A well-formed language tag as the API takes it (`en`, `zh-Hant`, `sr-Latn`, `pcm`): a filter may
 * name any language, supported or not (older articles may carry others), so only the shape is checked.
 */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
export const languageTag = z.string().regex(LANGUAGE_TAG, 'must be a language tag like en or zh-Hant (see GET /api/languages)');

export interface LanguageInfo {
  /** The tag articles are stored under. */
  tag: string;
  /** English name. */
  name: string;
  /** ISO 15924 code of the script it is written in (`Latn`, `Cyrl`, `Hans`). */
  script: string;
  /** English name of that script. */
  scriptName: string;
  /** The PostgreSQL text-search configuration its articles are indexed and searched with. */
  searchConfig: string;
}

let catalog: readonly LanguageInfo[] | undefined;

/**
 * CLDR's stand-alone names of the two Han scripts: Intl gives the short forms ("Simplified"), which
 * are meant to follow "Chinese".
 */
const STANDALONE_SCRIPT_NAMES: Readonly<Record<string, string>> = { Hans: 'Simplified Han', Hant: 'Traditional Han' };

/**
 * Every language the detector can answer, with what the API, the CLI and the pages show of it. The
 * script comes from CLDR's likely subtags (`hu` → `Latn`, `fa-AF` → `Arab`): @polywire/lang keeps
 * its own script per language only as an internal number.
 */
export function supportedLanguages(): readonly LanguageInfo[] {
  catalog ??= Object.freeze(
    SUPPORTED_LANGUAGES.map((language) => {
      const script = new Intl.Locale(language.tag).maximize().script ?? 'Zyyy';
      return Object.freeze({
        tag: language.tag,
        name: language.name,
        script,
        scriptName: STANDALONE_SCRIPT_NAMES[script] ?? new Intl.DisplayNames(['en'], { type: 'script' }).of(script) ?? script,
        searchConfig: searchConfigFor(language.tag),
      });
    }),
  );
  return catalog;
}

/** "Hungarian (hu)"; a tag with no name (`xx`) as itself. */
export function languageLabel(tag: string): string {
  const name = languageName(tag);
  return name && name !== tag ? `${name} (${tag})` : tag;
}
