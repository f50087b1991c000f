import { SUPPORTED_LANGUAGES } from './languages.js';
import { Script } from './script.js';

/** The model a stored tag is scored with: Serbian's (Cyrillic) serves both scripts, Chinese's both forms. */
export function modelKeyOf(tag: string): string {
  if (tag === 'sr-Cyrl' || tag === 'sr-Latn') return 'sr';
  if (tag === 'zh-Hans' || tag === 'zh-Hant') return 'zh';
  return tag;
}

/**
 * The languages the detector scores with character n-gram models, by model key, with the script
 * each is scored in: every language of a script that two or more of ours write (Latin, Cyrillic,
 * Arabic, Devanagari, Hebrew, Ethiopic), and Japanese and Chinese for text of Han characters alone.
 * A script only one of ours writes (Greek, Thai, Sinhala, …) needs no model: it is the answer.
 */
export const MODEL_SCRIPTS: ReadonlyMap<string, Script> = (() => {
  const byScript = new Map<Script, Set<string>>();
  for (const language of SUPPORTED_LANGUAGES) {
    if (language.source !== 'lingua' && language.source !== 'udhr') continue;
    // Serbian is scored in Cyrillic (Latin-script Serbian through transliteration), Japanese by its Han characters.
    if (language.tag === 'sr-Latn') continue;
    const script = language.tag === 'ja' ? Script.Han : language.script;
    const keys = byScript.get(script) ?? new Set<string>();
    keys.add(modelKeyOf(language.tag));
    byScript.set(script, keys);
  }
  const scripts = new Map<string, Script>();
  for (const [script, keys] of byScript) {
    if (keys.size < 2) continue;
    for (const key of [...keys].sort()) scripts.set(key, script);
  }
  return scripts;
})();
