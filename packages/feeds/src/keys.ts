import { createHash } from 'node:crypto';

/**
 * Longest item key stored as written. Keys are stored in `article_sources.item_key` under a unique btree
 * index on (feed_id, item_key), and a btree entry cannot exceed about 2,700 bytes (a third of a page):
 * one item whose GUID was several kilobytes made every insert of its article fail. 500 UTF-16 units are
 * at most 1,500 bytes of UTF-8, which leaves room in the index; real GUIDs and links are far shorter.
 */
export const MAX_ITEM_KEY_CHARS = 500;

/**
 * A key within the stored bound: a longer one is replaced by a digest of all of it (`sha256:` and 64 hex
 * digits), so two items still differ by their whole key and the same item gets the same key every fetch.
 * Cutting the key instead would merge items whose GUIDs share a long prefix.
 */
function boundedKey(key: string): string {
  if (key.length <= MAX_ITEM_KEY_CHARS) return key;
  return `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/**
 * The identity of each item within its feed, used to recognise items already seen: the GUID (or Atom
 * id, JSON Feed id); the link when there is none; null when there is neither (the item is skipped).
 * When a GUID is repeated within one document it identifies nothing, so those items get `guid|link`:
 * Miniflux's fallback, for feeds that give every item the same GUID (feedbin #416, WordPress `?p=`).
 * A key longer than MAX_ITEM_KEY_CHARS is its digest (see boundedKey).
 */
export function itemKeys(items: readonly { guid: string | null; link: string | null }[]): (string | null)[] {
  const guidCounts = new Map<string, number>();
  for (const { guid } of items) if (guid) guidCounts.set(guid, (guidCounts.get(guid) ?? 0) + 1);
  return items.map(({ guid, link }) => {
    if (!guid) return link === null ? null : boundedKey(link);
    return boundedKey((guidCounts.get(guid) ?? 0) > 1 ? `${guid}|${link ?? ''}` : guid);
  });
}
