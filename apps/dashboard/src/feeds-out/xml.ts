// Text into XML 1.0, for the Atom feeds. Titles come from any feed or page on the web: control
// characters, unpaired surrogates and `]]>` all occur, and one of them must not make a feed
// unreadable to every client that polls it.

/**
 * What XML 1.0 does not allow in a document at all, not even as a character reference (§2.2, `Char ::=
 * #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]`): C0 controls but tab, LF
 * and CR; U+FFFE and U+FFFF; and, matched one by one under the `u` flag, surrogates without their pair.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

// One pass each: the characters to escape, or (the last alternative) to drop.
/** Text content: markup characters as entities; `>` too, so `]]>` never appears (§2.4). */
const TEXT_SPECIAL = new RegExp(`[&<>\\r]|${NOT_XML_CHAR.source}`, 'gu');
/**
 * Attribute values, quoted with `"`: also the quotes, and tab, LF and CR as references, because
 * attribute-value normalization (§3.3.3) would turn them into spaces. CR in text content is a
 * reference as well, since line-end handling (§2.11) would turn it into LF.
 */
const ATTRIBUTE_SPECIAL = new RegExp(`[&<>"'\\t\\n\\r]|${NOT_XML_CHAR.source}`, 'gu');

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};
/** The entity of a character to escape; nothing for one XML cannot hold (no reference could carry it). */
const entity = (char: string) => ENTITIES[char] ?? '';

/** A text as XML character data, safe between any two tags. */
export const escapeXmlText = (text: string): string => text.replace(TEXT_SPECIAL, entity);

/** A text as a double-quoted attribute value that reads back exactly (forbidden characters aside). */
export const escapeXmlAttribute = (text: string): string => text.replace(ATTRIBUTE_SPECIAL, entity);

/** An element with attributes and text content; attributes whose value is null or undefined are left out. */
export function xmlElement(name: string, attributes: Record<string, string | null | undefined>, text?: string): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string] => entry[1] != null)
    .map(([key, value]) => ` ${key}="${escapeXmlAttribute(value)}"`)
    .join('');
  return text === undefined ? `<${name}${attrs}/>` : `<${name}${attrs}>${escapeXmlText(text)}</${name}>`;
}
