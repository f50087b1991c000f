import { sameTitle } from './clean.js';
import {
  AD_OR_LOADING_TEXT,
  BYLINE_TEXT,
  CALL_TO_ACTION,
  CONTACT_TEXT,
  COPYRIGHT_TEXT,
  CREDIT_LINE,
  CREDIT_TEXT,
  DATE_TEXT,
  DISCLAIMER_TEXT,
  EDITOR_TEXT,
  GALLERY_COUNTER,
  POST_META_TEXT,
  RELATED_HEADING,
  RELATED_TEASER,
  TAGS_TEXT,
  TEXT_SIZE_CONTROL,
} from './hints.js';
import { type Block, HEADINGS, type Page } from './page.js';

/**
 * Lines of the chosen article that are still not its text, judged line by line: ad labels, gallery
 * counters, photo credits, "Read also:" teasers and paragraphs that are all link; then what stands at its
 * edges: headline, kicker and dateline above, contact lines, credits and calls to share below.
 */

/** Share of link text from which a paragraph is a link to elsewhere rather than text. */
export const LINK_ONLY = 0.8;

/** A line that is never text. `inList`: an item of a list in the article, where links are content. */
export function isChromeLine(block: Block, inList: boolean): boolean {
  if (AD_OR_LOADING_TEXT.test(block.text)) return true;
  if (block.chars < 60 && TEXT_SIZE_CONTROL.test(block.text)) return true;
  if (block.chars < 40 && GALLERY_COUNTER.test(block.text)) return true;
  if (block.chars < 300 && CREDIT_LINE.test(block.text)) return true;
  if (block.chars < 40 && COUNTER_LINE.test(block.text)) return true;
  // A bare address (a print version's "URL: https://…") is where the page lives, not what it says.
  if (URL_LINE.test(block.text)) return true;
  if (block.chars < 600 && SERVER_ERROR.test(block.text)) return true;
  if (block.chars < 200 && block.linkChars > 0 && RELATED_TEASER.test(block.text)) return true;
  // A paragraph that is all link is a teaser for another article.
  return !inList && block.linkChars >= LINK_ONLY * block.chars;
}

/** A count of readers or comments: "Прочитано: 51 раз", "Views: 1,204", "阅读 3012". */
const COUNTER_LINE =
  /^(views?|reads?|comments?|прочитано|прочтений|просмотр(ов|ы)?|комментари(ев|и|й)|переглядів|wyświetle(ń|nia)|odsłon|komentarz(y|e)?|aufrufe|gelesen|kommentare|visitas|lecturas|comentarios|vues|lectures|commentaires|visualizzazioni|letture|commenti|阅读|閱讀|浏览|瀏覽|评论|評論|閲覧)\s*(数|數|次数)?\s*[:：]?\s*[\d\s,.]+(раза?|times)?$/iu;

/** A PHP error the server printed into the page ("Warning: … in /var/www/x.php on line 12"). */
const SERVER_ERROR = /^(warning|notice|deprecated|strict standards|fatal error|parse error)\s*:.* on line \d+$/iu;

/** A line that is an address and nothing else. */
const URL_LINE = /^(url\s*:\s*)?(https?:\/\/|www\.)\S+$/iu;

/** A line whose last character closes a sentence. */
export const ENDS_SENTENCE = /[.!?\u3002\uFF01\uFF1F\u061F\u06D4\u0964]["'”’»)\]]*$/u;

/** A dateline, byline or "updated" line: short, not a sentence, a date or "By …". */
function isDateline(block: Block): boolean {
  if (block.chars >= 100) return false;
  // A sentence that mentions a date ("… from 1 January.") is text; "Updated 9:30 a.m." is short enough.
  if (block.chars >= 30 && ENDS_SENTENCE.test(block.text)) return false;
  return DATE_TEXT.test(block.text) || BYLINE_TEXT.test(block.text);
}

/** The headline: an <h1>, or a line that repeats the page's title. */
function isHeadline(page: Page, block: Block, title: string | null): boolean {
  if (page.tags[block.owner] === 'h1') return true;
  return title !== null && block.chars < 300 && sameTitle(block.text, title);
}

/** A label: a few words ending with a colon. */
const LABEL_CHARS = 30;
const LABEL_END = /[:：]$/u;

/** Below the text: further-reading links, contact lines, credits, calls to share, copyright. */
function isClosingChrome(page: Page, block: Block): boolean {
  if (block.linkChars >= LINK_ONLY * block.chars) return true;
  // A heading with nothing after it opens a box that is not the article ("Comments", "Latest news").
  if (HEADINGS.has(page.tags[block.owner]!)) return true;
  // So does a label ("Credit:", "Tell us in the comments:") with nothing after it.
  if (block.chars < LABEL_CHARS && LABEL_END.test(block.text)) return true;
  return isClosingNotice(block);
}

/** A notice that closes an article: editor, tags, disclaimer, contact, credit, call to action, copyright. */
function isClosingNotice(block: Block): boolean {
  if (block.chars < 400 && POST_META_TEXT.test(block.text)) return true;
  if (block.chars >= 250) return false;
  if (EDITOR_TEXT.test(block.text) || TAGS_TEXT.test(block.text) || DISCLAIMER_TEXT.test(block.text)) return true;
  return CONTACT_TEXT.test(block.text) || CREDIT_TEXT.test(block.text) || CALL_TO_ACTION.test(block.text) || COPYRIGHT_TEXT.test(block.text);
}

/** A paragraph of prose: long, and closing a sentence. */
const isProse = (block: Block) => block.chars >= 120 && ENDS_SENTENCE.test(block.text);

/** A signature: a few words that are not a sentence, outside a list. */
const isSignature = (page: Page, block: Block) => block.chars < 40 && !ENDS_SENTENCE.test(block.text) && page.tags[block.owner] !== 'li';

/** A scrap of a widget: a few words, not a sentence. */
const isScrap = (block: Block) => block.chars < 30 && !ENDS_SENTENCE.test(block.text);

/**
 * Where the text ends at the latest: after the editor's line ("[责任编辑：…]"), which signs an article off
 * when it stands in the text's second half; what follows it is the page's ("推荐微博", a feedback call).
 */
function signOff(text: Block[]): number {
  const total = text.reduce((sum, block) => sum + block.chars, 0);
  const lastProse = text.findLastIndex(isProse);
  let before = 0;
  for (const [index, block] of text.entries()) {
    if (index > 0 && before >= total / 2) {
      if (block.chars < 100 && EDITOR_TEXT.test(block.text)) return index + 1;
      if (block.chars < 80 && index > lastProse && RELATED_HEADING.test(block.text)) return index;
    }
    before += block.chars;
  }
  return text.length;
}

/** How many of the first lines a kicker, headline, standfirst and dateline may take. */
const HEAD_LINES = 4;

export function trimEdges(page: Page, lines: Block[], title: string | null): Block[] {
  let first = 0;
  // A kicker, breadcrumb or site name above the headline goes with it.
  const headline = lines.slice(0, HEAD_LINES).findLastIndex((block) => isHeadline(page, block, title));
  if (headline > 0 && lines.slice(0, headline).every((block) => block.chars < 100)) first = headline;
  // Headline, datelines and bylines among the first lines go; a standfirst between them stays.
  const headEnd = Math.min(first + HEAD_LINES, lines.length);
  const text = [...lines.slice(first, headEnd).filter((block) => !isDateline(block) && !isHeadline(page, block, title)), ...lines.slice(headEnd)];
  // A credit or a name above the first paragraph ("From: AP", "MALCOLM BROWN", "资料图").
  if (text.length >= 2 && isSignature(page, text[0]!) && !HEADINGS.has(page.tags[text[0]!.owner]!) && isProse(text[1]!)) text.shift();
  let last = signOff(text);
  while (last > 0) {
    if (isClosingChrome(page, text[last - 1]!)) {
      last--;
      continue;
    }
    // One or two dated lines close an article ("Updated …"); a longer run is a list (tour dates, a timeline).
    let run = 0;
    while (run < 3 && last - run > 0 && isDateline(text[last - run - 1]!)) run++;
    if (run > 0 && run < 3) {
      last -= run;
      continue;
    }
    // Scraps of a widget ("换一换", "Weibo:") below a closing notice go with it.
    run = 0;
    while (run < 3 && last - run > 0 && isScrap(text[last - run - 1]!)) run++;
    if (run === 0 || last - run === 0 || !isClosingNotice(text[last - run - 1]!)) break;
    last -= run;
  }
  // A signature below the last paragraph ("- Reuters", "IAR", "(BMcC)"): a few words, no sentence.
  if (last >= 2 && isSignature(page, text[last - 1]!) && isProse(text[last - 2]!)) last--;
  return text.slice(0, last);
}
