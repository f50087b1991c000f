import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

// Labels from the WHATWG Encoding Standard (https://encoding.spec.whatwg.org/#names-and-labels), which
// is what browsers honour, so a page decodes here as it does for a reader. Notably latin1, iso-8859-1
// and us-ascii all mean windows-1252 and gb2312 means gbk: servers say the former and send the latter.
// iso-2022-jp, replacement and x-user-defined are left out: iconv-lite cannot decode them, and an
// unknown label falls through to the next rule, as the spec says.
const ENCODING_LABELS: Record<string, readonly string[]> = {
  'utf-8': ['unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'utf-8', 'utf8', 'x-unicode20utf8'],
  ibm866: ['866', 'cp866', 'csibm866', 'ibm866'],
  'iso-8859-2': ['csisolatin2', 'iso-8859-2', 'iso-ir-101', 'iso8859-2', 'iso88592', 'iso_8859-2', 'iso_8859-2:1987', 'l2', 'latin2'],
  'iso-8859-3': ['csisolatin3', 'iso-8859-3', 'iso-ir-109', 'iso8859-3', 'iso88593', 'iso_8859-3', 'iso_8859-3:1988', 'l3', 'latin3'],
  'iso-8859-4': ['csisolatin4', 'iso-8859-4', 'iso-ir-110', 'iso8859-4', 'iso88594', 'iso_8859-4', 'iso_8859-4:1988', 'l4', 'latin4'],
  'iso-8859-5': ['csisolatincyrillic', 'cyrillic', 'iso-8859-5', 'iso-ir-144', 'iso8859-5', 'iso88595', 'iso_8859-5', 'iso_8859-5:1988'],
  'iso-8859-6': ['arabic', 'asmo-708', 'csiso88596e', 'csiso88596i', 'csisolatinarabic', 'ecma-114', 'iso-8859-6', 'iso-8859-6-e', 'iso-8859-6-i', 'iso-ir-127', 'iso8859-6', 'iso88596', 'iso_8859-6', 'iso_8859-6:1987'],
  'iso-8859-7': ['csisolatingreek', 'ecma-118', 'elot_928', 'greek', 'greek8', 'iso-8859-7', 'iso-ir-126', 'iso8859-7', 'iso88597', 'iso_8859-7', 'iso_8859-7:1987', 'sun_eu_greek'],
  'iso-8859-8': ['csiso88598e', 'csisolatinhebrew', 'hebrew', 'iso-8859-8', 'iso-8859-8-e', 'iso-ir-138', 'iso8859-8', 'iso88598', 'iso_8859-8', 'iso_8859-8:1988', 'visual'],
  'iso-8859-8-i': ['csiso88598i', 'iso-8859-8-i', 'logical'],
  'iso-8859-10': ['csisolatin6', 'iso-8859-10', 'iso-ir-157', 'iso8859-10', 'iso885910', 'l6', 'latin6'],
  'iso-8859-13': ['iso-8859-13', 'iso8859-13', 'iso885913'],
  'iso-8859-14': ['iso-8859-14', 'iso8859-14', 'iso885914'],
  'iso-8859-15': ['csisolatin9', 'iso-8859-15', 'iso8859-15', 'iso885915', 'iso_8859-15', 'l9'],
  'iso-8859-16': ['iso-8859-16'],
  'koi8-r': ['cskoi8r', 'koi', 'koi8', 'koi8-r', 'koi8_r'],
  'koi8-u': ['koi8-ru', 'koi8-u'],
  macintosh: ['csmacintosh', 'mac', 'macintosh', 'x-mac-roman'],
  'windows-874': ['dos-874', 'iso-8859-11', 'iso8859-11', 'iso885911', 'tis-620', 'windows-874'],
  'windows-1250': ['cp1250', 'windows-1250', 'x-cp1250'],
  'windows-1251': ['cp1251', 'windows-1251', 'x-cp1251'],
  'windows-1252': ['ansi_x3.4-1968', 'ascii', 'cp1252', 'cp819', 'csisolatin1', 'ibm819', 'iso-8859-1', 'iso-ir-100', 'iso8859-1', 'iso88591', 'iso_8859-1', 'iso_8859-1:1987', 'l1', 'latin1', 'us-ascii', 'windows-1252', 'x-cp1252'],
  'windows-1253': ['cp1253', 'windows-1253', 'x-cp1253'],
  'windows-1254': ['cp1254', 'csisolatin5', 'iso-8859-9', 'iso-ir-148', 'iso8859-9', 'iso88599', 'iso_8859-9', 'iso_8859-9:1989', 'l5', 'latin5', 'windows-1254', 'x-cp1254'],
  'windows-1255': ['cp1255', 'windows-1255', 'x-cp1255'],
  'windows-1256': ['cp1256', 'windows-1256', 'x-cp1256'],
  'windows-1257': ['cp1257', 'windows-1257', 'x-cp1257'],
  'windows-1258': ['cp1258', 'windows-1258', 'x-cp1258'],
  'x-mac-cyrillic': ['x-mac-cyrillic', 'x-mac-ukrainian'],
  gbk: ['chinese', 'csgb2312', 'csiso58gb231280', 'gb2312', 'gb_2312', 'gb_2312-80', 'gbk', 'iso-ir-58', 'x-gbk'],
  gb18030: ['gb18030'],
  big5: ['big5', 'big5-hkscs', 'cn-big5', 'csbig5', 'x-x-big5'],
  'euc-jp': ['cseucpkdfmtjapanese', 'euc-jp', 'x-euc-jp'],
  shift_jis: ['csshiftjis', 'ms932', 'ms_kanji', 'shift-jis', 'shift_jis', 'sjis', 'windows-31j', 'x-sjis'],
  'euc-kr': ['cseuckr', 'csksc56011987', 'euc-kr', 'iso-ir-149', 'korean', 'ks_c_5601-1987', 'ks_c_5601-1989', 'ksc5601', 'ksc_5601', 'windows-949'],
  'utf-16be': ['unicodefffe', 'utf-16be'],
  'utf-16le': ['csunicode', 'iso-10646-ucs-2', 'ucs-2', 'unicode', 'unicodefeff', 'utf-16', 'utf-16le'],
};

/** Every encoding name decodeBody can report. */
export const SUPPORTED_ENCODINGS: readonly string[] = Object.keys(ENCODING_LABELS);

const ENCODING_BY_LABEL = new Map(
  Object.entries(ENCODING_LABELS).flatMap(([encoding, labels]) => labels.map((label) => [label, encoding] as const)),
);

// Where iconv-lite spells a WHATWG encoding differently.
const ICONV_NAMES: Record<string, string> = { 'x-mac-cyrillic': 'maccyrillic' };

/** The WHATWG encoding name for a charset label, or null when the label is unknown. */
export function normalizeEncodingLabel(label: string): string | null {
  return ENCODING_BY_LABEL.get(label.trim().toLowerCase()) ?? null;
}

// In-document declarations are read from the first bytes only, as browsers' prescan does (1024 bytes
// there; 2 KB here to get past long XML stylesheet and comment preambles in feeds).
const PRESCAN_BYTES = 2048;
const XML_DECLARATION = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']?\s*([\w.:-]+)/i;
const META_CHARSET = /<meta\s[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i;

/**
 * Turns a fetched body into text the way a feed reader must: bytes first, labels second. Order:
 * byte order mark; valid UTF-8 stays UTF-8 whatever the label claims (publishers often label UTF-8 as
 * iso-8859-1, Miniflux's rule); Content-Type charset; XML declaration or HTML meta in the first 2 KB;
 * windows-1252, the web's default for unlabelled legacy text.
 */
export function decodeBody(body: Buffer, contentType: string | null): { text: string; encoding: string } {
  const bom = sniffByteOrderMark(body);
  if (bom) return { text: decodeWith(body.subarray(bom.length), bom.encoding), encoding: bom.encoding };

  if (isUtf8(body)) return { text: body.toString('utf8'), encoding: 'utf-8' };

  const encoding = charsetFromContentType(contentType) ?? charsetFromDocument(body) ?? 'windows-1252';
  return { text: decodeWith(body, encoding), encoding };
}

function sniffByteOrderMark(body: Buffer): { encoding: string; length: number } | null {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (body[0] === 0xff && body[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (body[0] === 0xfe && body[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

function charsetFromContentType(contentType: string | null): string | null {
  const match = contentType?.match(/;\s*charset\s*=\s*("?)([^";,\s]+)\1/i);
  return match?.[2] ? normalizeEncodingLabel(match[2]) : null;
}

function charsetFromDocument(body: Buffer): string | null {
  // latin1 maps each byte to one code point, so ASCII markup is readable whatever the real encoding.
  const head = body.subarray(0, PRESCAN_BYTES).toString('latin1');
  const label = head.match(XML_DECLARATION)?.[1] ?? head.match(META_CHARSET)?.[1];
  const encoding = label ? normalizeEncodingLabel(label) : null;
  // A document whose declaration we could read as ASCII is not UTF-16, whatever it says (the HTML
  // prescan ignores such labels too); and it is not UTF-8 either, or isUtf8 would have caught it.
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return null;
  return encoding;
}

function decodeWith(bytes: Buffer, encoding: string): string {
  // UTF-8 through Node's decoder; everything else through iconv-lite, because Node 20's TextDecoder
  // maps 0x80-0x9F to C1 controls for windows-1252 and latin1 instead of smart quotes and dashes
  // (nodejs/node#60888).
  if (encoding === 'utf-8') return bytes.toString('utf8');
  return iconv.decode(bytes, ICONV_NAMES[encoding] ?? encoding, { stripBOM: false });
}
