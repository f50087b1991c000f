import { apiClient, parseResponse } from './api.js';
import { CliError } from './errors.js';
import type { CommandInput } from './options.js';
import { pad, positiveNumber, when } from './output.js';

/**
 * The feed a key is for, as typed: `stories`, `articles?lang=de`, `/feeds/stories.atom?min_languages=3`
 * or a whole feed URL (its key, if any, left out). The API checks the parameters.
 */
export function parseFeedOperand(operand: string): { kind: 'articles' | 'stories'; params: Record<string, string | string[]> } {
  const [path = '', query = ''] = operand.replace(/^https?:\/\/[^/]+/i, '').split(/\?(.*)/s);
  const match = /^(?:\/?feeds\/)?(articles|stories)(?:\.(?:atom|json))?$/.exec(path);
  if (!match) throw new CliError(`not a feed: ${operand} (give articles or stories, with its parameters: 'stories?min_languages=3', or a feed URL)`);
  const search = new URLSearchParams(query);
  search.delete('key');
  const params: Record<string, string | string[]> = {};
  for (const name of new Set(search.keys())) {
    const values = search.getAll(name);
    params[name] = values.length === 1 ? values[0]! : values;
  }
  return { kind: match[1] as 'articles' | 'stories', params };
}

const describeParams = (params: Record<string, string>) =>
  Object.entries(params)
    .map(([name, value]) => `${name}=${value}`)
    .join('&') || '(all)';

/** `feed-keys create FEED [--label L]`: a new key, shown this once with the feed's URLs. */
export async function createFeedKey({ values, operands: [feed, ...extra] }: CommandInput): Promise<void> {
  if (!feed || extra.length) throw new CliError("feed-keys create needs one FEED: articles or stories with its parameters ('stories?min_languages=3'), or a feed URL");
  const { kind, params } = parseFeedOperand(feed);
  const created = await parseResponse(apiClient().api['feed-keys'].$post({ json: { kind, params, label: values.label } }));
  if (values.json) {
    console.log(JSON.stringify(created));
    return;
  }
  console.log(
    [
      `feed key ${created.id} for ${created.kind} ${describeParams(created.params)}${created.label ? ` (${created.label})` : ''}`,
      'It opens this feed only, read-only; the key is shown this once:',
      `  key:        ${created.key}`,
      `  Atom:       ${created.urls.atom}`,
      `  JSON Feed:  ${created.urls.json}`,
      `Revoke it with: polywire feed-keys revoke ${created.id}`,
    ].join('\n'),
  );
}

/** `feed-keys list`: every key (never the key itself), revoked ones too. */
export async function listFeedKeys({ values }: CommandInput): Promise<void> {
  const { items } = await parseResponse(apiClient().api['feed-keys'].$get());
  if (values.json) {
    for (const key of items) console.log(JSON.stringify(key));
    return;
  }
  console.log(`${pad('ID', 5)} ${pad('STATE', 8)} ${pad('CREATED', 16)} ${pad('LAST USED', 16)} ${pad('LABEL', 16)} FEED`);
  for (const key of items) {
    const state = key.revokedAt ? 'revoked' : 'active';
    console.log(`${pad(key.id, 5)} ${pad(state, 8)} ${pad(when(key.createdAt), 16)} ${pad(when(key.lastUsedAt), 16)} ${pad(key.label ?? '', 16)} ${key.paths.atom}`);
  }
}

/** `feed-keys revoke ID`: the key stops working at once, for good. */
export async function revokeFeedKey({ values, operands: [id] }: CommandInput): Promise<void> {
  if (!id || !positiveNumber.test(id)) throw new CliError('feed-keys revoke needs a key ID (a positive number; `polywire feed-keys list` shows them)');
  const revoked = await parseResponse(apiClient().api['feed-keys'][':id'].$delete({ param: { id } }));
  if (values.json) console.log(JSON.stringify(revoked));
  else console.log(`revoked: feed key ${revoked.id} (${revoked.paths.atom}) at ${when(revoked.revokedAt, 19)}`);
}
