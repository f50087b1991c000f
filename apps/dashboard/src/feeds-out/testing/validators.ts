import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { validateXML } from 'xmllint-wasm';

// What the feed tests check documents against: RFC 4287's RELAX NG grammar (atom.rng, transcribed from
// Appendix B) with libxml2's xmllint, and jsonfeed-schema's JSON Schema of JSON Feed 1.1 with ajv.

const atomGrammar = readFileSync(new URL('./atom.rng', import.meta.url), 'utf8');

/** xmllint's complaints about an Atom document: well-formedness first, then the grammar; [] when valid. */
export async function atomProblems(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'feed.xml', contents: xml }], schema: [{ fileName: 'atom.rng', contents: atomGrammar }], extension: 'relaxng' });
  return result.valid ? [] : result.errors.map((error) => error.rawMessage);
}

const require = createRequire(import.meta.url);
// The schema declares draft-07, which is Ajv's default draft.
const jsonFeedSchema = require('jsonfeed-schema/schema-v1.1.json') as object;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateJsonFeed = ajv.compile(jsonFeedSchema);

/** What is wrong with a document as JSON Feed 1.1; [] when it fits the schema. */
export function jsonFeedProblems(document: unknown): string[] {
  if (validateJsonFeed(document)) return [];
  return (validateJsonFeed.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}
