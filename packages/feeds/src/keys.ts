/**
 * The identity of each item within its feed, used to recognise items already seen: the GUID (or Atom
 * id, JSON Feed id); the link when there is none; null when there is neither (the item is skipped).
 * When a GUID is repeated within one document it identifies nothing, so those items get `guid|link`:
 * Miniflux's fallback, for feeds that give every item the same GUID (feedbin #416, WordPress `?p=`).
 */
export function itemKeys(items: readonly { guid: string | null; link: string | null }[]): (string | null)[] {
  const guidCounts = new Map<string, number>();
  for (const { guid } of items) if (guid) guidCounts.set(guid, (guidCounts.get(guid) ?? 0) + 1);
  return items.map(({ guid, link }) => {
    if (!guid) return link;
    return (guidCounts.get(guid) ?? 0) > 1 ? `${guid}|${link ?? ''}` : guid;
  });
}
