export { parseFeedDate } from './dates.js';
export { type FeedFileReport, parseFeedFile } from './feed-file.js';
export { itemKeys, MAX_ITEM_KEY_CHARS } from './keys.js';
export { type OpmlFeed, type OpmlFeedEntry, OpmlParseError, parseOpml, writeOpml } from './opml.js';
export { type ParseOptions, parseFeed, parseFeedBytes, readFeedDocument } from './parse.js';
export {
  type DocumentItem,
  type FeedDocument,
  type FeedFormat,
  type FeedItem,
  FeedParseError,
  type ParsedFeed,
  type SitemapRef,
} from './types.js';
