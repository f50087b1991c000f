import { CliError } from './errors.js';
import type { CommandInput } from './options.js';
import { pad } from './output.js';

// Loaded by the commands that use them: the database drivers and the article worker's dependencies
// would add about a second to the start of every other command.
const languageCatalog = () => import('@polywire/dashboard/languages');

/** The --lang values, split at commas, each checked as the API checks it (before anything is asked of it). */
export async function languageTags(values: string[] | undefined): Promise<string[]> {
  const tags = (values ?? []).flatMap((value) => value.split(',')).map((tag) => tag.trim()).filter(Boolean);
  if (tags.length === 0) return tags;
  const { LANGUAGE_TAG } = await languageCatalog();
  for (const tag of tags) {
    if (!LANGUAGE_TAG.test(tag)) throw new CliError(`--lang: ${JSON.stringify(tag)} is not a language tag like en or zh-Hant (\`polywire languages\` lists them)`);
  }
  return tags;
}

/** `languages`: the list the language detector answers from, offline (it is part of the CLI). */
export async function listLanguages({ values }: CommandInput): Promise<void> {
  const languages = (await languageCatalog()).supportedLanguages();
  if (values.json) {
    for (const language of languages) console.log(JSON.stringify(language));
    return;
  }
  console.log(`${pad('TAG', 8)} ${pad('NAME', 24)} ${pad('SCRIPT', 16)} SEARCH`);
  for (const language of languages) console.log(`${pad(language.tag, 8)} ${pad(language.name, 24)} ${pad(language.scriptName, 16)} ${language.searchConfig}`);
}
