/**
 * A declared tag as a canonical Intl.Locale (`pt_BR` → pt-BR, `iw` → he; the first of a list such as
 * `fr-FR, en`), or null when it is not a language tag.
 */
export function parseDeclaredTag(declared: string | null | undefined): Intl.Locale | null {
  const candidate = declared?.trim().replace(/_/g, '-').split(/[,;\s]/)[0] ?? '';
  if (!candidate) return null;
  try {
    return new Intl.Locale(Intl.getCanonicalLocales(candidate)[0] ?? '');
  } catch {
    return null;
  }
}

const TRADITIONAL_CHINESE_REGIONS = new Set(['TW', 'HK', 'MO']);

/**
 * Normalizes a declared language (feed `<language>`, `<html lang>`, og:locale `pt_BR`) to the form
 * Polywire stores: the ISO 639 language, plus the script for Chinese, where script is what tells
 * readers apart. Returns null for anything that is not a language tag.
 */
export function normalizeLanguageTag(declared: string | null | undefined): string | null {
  const locale = parseDeclaredTag(declared);
  if (!locale) return null;
  const language = locale.language;
  if (!language || language === 'und' || language === 'mul' || language === 'zxx') return null;
  if (language === 'zh') {
    if (locale.script) return `zh-${locale.script}`;
    return `zh-${locale.region && TRADITIONAL_CHINESE_REGIONS.has(locale.region) ? 'Hant' : 'Hans'}`;
  }
  return language;
}
