/**
 * Languages a site's country-code top-level domain suggests, strongest first. Only a weak hint: .ba
 * sites publish in Bosnian, Croatian and Serbian, .my in Malay and English, .ch in four languages.
 */
const TLD_LANGUAGES: Record<string, readonly string[]> = {
  ae: ['ar'], at: ['de'], ba: ['bs', 'hr', 'sr'], bd: ['bn'], be: ['nl', 'fr'], bg: ['bg'], bn: ['ms'],
  br: ['pt'], by: ['be', 'ru'], ca: ['en', 'fr'], ch: ['de', 'fr', 'it'], cn: ['zh-Hans'], cz: ['cs'],
  de: ['de'], dk: ['da'], eg: ['ar'], es: ['es'], fi: ['fi'], fr: ['fr'], gr: ['el'], hk: ['zh-Hant'],
  hr: ['hr'], id: ['id'], ie: ['en'], il: ['he'], in: ['hi', 'en'], iq: ['ar'], ir: ['fa'], it: ['it'],
  jo: ['ar'], jp: ['ja'], kr: ['ko'], lb: ['ar'], me: ['sr'], mk: ['mk'], mo: ['zh-Hant'], mx: ['es'],
  my: ['ms'], nl: ['nl'], no: ['nb', 'nn'], np: ['ne'], pk: ['ur'], pl: ['pl'], pt: ['pt'], qa: ['ar'],
  rs: ['sr'], ru: ['ru'], sa: ['ar'], se: ['sv'], sg: ['en', 'zh-Hans', 'ms'], sk: ['sk'], th: ['th'],
  tr: ['tr'], tw: ['zh-Hant'], ua: ['uk'], uk: ['en'], vn: ['vi'], ar: ['es'], cl: ['es'], co: ['es'],
  pe: ['es'], ve: ['es'], ma: ['ar', 'fr'], dz: ['ar', 'fr'], tn: ['ar', 'fr'], kw: ['ar'], om: ['ar'],
  af: ['fa'], au: ['en'], nz: ['en'], za: ['en'], ng: ['en'], ke: ['en'], ph: ['en'], us: ['en'],
};

/** Languages suggested by a host name or a bare TLD (`www.kompas.com.my`, `.my`, `my`). */
export function languagesForTld(hostOrTld: string | null | undefined): readonly string[] {
  if (!hostOrTld) return [];
  const tld = hostOrTld.trim().toLowerCase().replace(/\.$/, '').split('.').pop() ?? '';
  return TLD_LANGUAGES[tld] ?? [];
}
