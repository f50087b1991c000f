import { addFeed, exportOpml, importOpmlFile, listFeeds, removeFeed } from './feeds.js';
import { searchArticles, showArticle } from './articles.js';
import { createFeedKey, listFeedKeys, revokeFeedKey } from './feed-keys.js';
import { CliError } from './errors.js';
import { listLanguages } from './languages.js';
import { detectLanguages, extractPages, parseFeeds } from './offline.js';
import { type CommandInput, parseCommandLine } from './options.js';
import { listQueues } from './queues.js';
import { retag } from './retag.js';
import { listStories, showStory } from './stories.js';
import { USAGE } from './usage.js';

interface Command {
  run(input: CommandInput): Promise<void>;
  /** Whether words may follow the command's name (a URL, an ID, files); `queues extra` is no command. */
  operands: boolean;
}

const command = (run: Command['run'], operands = true): Command => ({ run, operands });

/** Every command by its name: one word, or a group and a word. */
const COMMANDS: Record<string, Command> = {
  'feeds add': command(addFeed),
  'feeds list': command(listFeeds),
  'feeds remove': command(removeFeed),
  'feeds import-opml': command(importOpmlFile),
  'feeds export-opml': command(exportOpml),
  'articles search': command(searchArticles),
  'articles list': command(searchArticles),
  'articles show': command(showArticle),
  'articles retag': command(retag),
  'stories list': command(listStories),
  'stories show': command(showStory),
  'feed-keys create': command(createFeedKey),
  'feed-keys list': command(listFeedKeys),
  'feed-keys revoke': command(revokeFeedKey),
  languages: command(listLanguages, false),
  queues: command(listQueues, false),
  lang: command(detectLanguages),
  'parse-feed': command(parseFeeds),
  extract: command(extractPages),
};

/** Runs the command `argv` names; the usage for --help or no command, a CliError for an unknown one. */
export async function dispatch(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine(argv);
  const [group, name, ...rest] = positionals;
  if (values.help || !group) {
    console.log(USAGE);
    return;
  }
  const grouped = name === undefined ? undefined : COMMANDS[`${group} ${name}`];
  if (grouped) return grouped.run({ values, operands: rest });
  const single = COMMANDS[group];
  if (single && (single.operands || name === undefined)) return single.run({ values, operands: positionals.slice(1) });
  throw new CliError(`unknown command: ${positionals.join(' ')}\n\n${USAGE}`);
}
