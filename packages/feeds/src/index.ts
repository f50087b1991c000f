export { type OpmlFeed, OpmlParseError, parseOpml } from './opml.js';
export { type FeedItem, FeedParseError, type ParsedFeed, parseFeed } from './parse.js';
