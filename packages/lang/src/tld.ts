/**
 * Languages a site's country-code top-level domain suggests, strongest first. Only a weak hint: .ba
 * sites publish in Bosnian, Croatian and Serbian, .my in Malay and English, .ch in four languages.
 * Country codes used worldwide as generic names (.io, .ai, .co, .tv, .fm, .ly, .la, .so, .me as
 * "me") are left out or kept to what their own country publishes in.
 */
const TLD_LANGUAGES: Record<string, readonly string[]> = {
  ae: ['ar'], af: ['fa-AF', 'ps'], al: ['sq'], am: ['hy'], ar: ['es'], at: ['de'], au: ['en'], az: ['az-Latn'],
  ba: ['bs', 'hr', 'sr-Cyrl', 'sr-Latn'], bd: ['bn'], be: ['nl', 'fr'], bg: ['bg'], bn: ['ms'], br: ['pt'], by: ['be', 'ru'],
  ca: ['en', 'fr'], cat: ['ca'], ch: ['de', 'fr', 'it'], cl: ['es'], cn: ['zh-Hans'], cy: ['el', 'tr'], cymru: ['cy'],
  cz: ['cs'], de: ['de'], dk: ['da'], dz: ['ar', 'fr'], ee: ['et'], eg: ['ar'], er: ['ti'], es: ['es'], et: ['am', 'om'],
  eus: ['eu'], fi: ['fi', 'sv'], fr: ['fr'], frl: ['fy'], gal: ['gl'], ge: ['ka'], gr: ['el'], hk: ['zh-Hant'], hr: ['hr'],
  ht: ['ht', 'fr'], hu: ['hu'], id: ['id'], ie: ['en', 'ga'], il: ['he'], in: ['hi', 'en'], iq: ['ar'], ir: ['fa'],
  is: ['is'], it: ['it'], jo: ['ar'], jp: ['ja'], ke: ['sw', 'en'], kg: ['ky', 'ru'], kh: ['km'], kr: ['ko'], kw: ['ar'],
  kz: ['kk-Cyrl', 'ru'], lb: ['ar'], lk: ['si', 'ta'], lt: ['lt'], lu: ['lb', 'fr', 'de'], lv: ['lv'], ma: ['ar', 'fr'],
  md: ['ro'], me: ['sr-Latn', 'sr-Cyrl'], mg: ['mg', 'fr'], mk: ['mk'], mm: ['my'], mn: ['mn-Cyrl'], mo: ['zh-Hant'],
  mt: ['mt', 'en'], mv: ['dv'], mw: ['ny', 'en'], mx: ['es'], my: ['ms'], ng: ['en', 'ha', 'yo', 'ig'], nl: ['nl'],
  no: ['nb', 'nn'], np: ['ne'], nz: ['en'], om: ['ar'], pe: ['es'], ph: ['en', 'tl'], pk: ['ur'], pl: ['pl'],
  pt: ['pt'], qa: ['ar'], ro: ['ro'], rs: ['sr-Cyrl', 'sr-Latn'], ru: ['ru'], rw: ['rw'], sa: ['ar'], se: ['sv'],
  sg: ['en', 'zh-Hans', 'ms'], si: ['sl'], sk: ['sk'], th: ['th'], tj: ['tg'], tm: ['tk-Latn'], tn: ['ar', 'fr'],
  tr: ['tr'], tw: ['zh-Hant'], tz: ['sw'], ua: ['uk'], ug: ['en', 'lg'], uk: ['en'], us: ['en'], uz: ['uz-Latn'],
  ve: ['es'], vn: ['vi'], za: ['en', 'af', 'zu', 'xh'], zw: ['en', 'sn'],
};

/** Languages suggested by a host name or a bare TLD (`www.kompas.com.my`, `.my`, `my`). */
export function languagesForTld(hostOrTld: string | null | undefined): readonly string[] {
  if (!hostOrTld) return [];
  const tld = hostOrTld.trim().toLowerCase().replace(/\.$/, '').split('.').pop() ?? '';
  return Object.hasOwn(TLD_LANGUAGES, tld) ? TLD_LANGUAGES[tld]! : [];
}
