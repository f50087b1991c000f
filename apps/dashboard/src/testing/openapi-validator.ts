import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenApiDocument } from '../api/openapi.js';

// Checks values against the schemas of the served OpenAPI document with ajv (JSON Schema 2020-12, the
// dialect of OpenAPI 3.1). Strict: a keyword ajv does not know fails the test, so the document cannot
// grow a rule this check silently ignores.

type Schema = Record<string, unknown>;

export interface MediaType {
  schema: Schema;
}
export interface Response {
  description: string;
  content?: Record<string, MediaType>;
  headers?: Record<string, unknown>;
}
export interface Parameter {
  name: string;
  in: 'path' | 'query';
  required?: boolean;
  schema: Schema;
}
export interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, Response | { $ref: string }>;
  security?: unknown[];
}
export interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; responses: Record<string, Response> };
}

const DOCUMENT_ID = 'openapi.json';

/**
 * A copy of `node` in which every object schema that lists its properties allows no others (unless it
 * says otherwise, as `additionalProperties: {}` does): the published document leaves answers open to
 * new fields, but a field the API sends that the document does not describe is a gap in it. Schemas
 * under allOf/anyOf/oneOf stay open, as closing one would refuse the other branches' properties.
 */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (typeof node !== 'object' || node === null) return node;
  const closed = Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, ['allOf', 'anyOf', 'oneOf'].includes(key) ? value : closeObjects(value)]),
  );
  if ('properties' in closed && !('additionalProperties' in closed)) closed.additionalProperties = false;
  return closed;
}

export function createDocumentValidator(served: OpenApiDocument | Document) {
  const document = closeObjects(served) as Document;
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats.default(ajv);
  // `uri` as the API reads it: RFC 3986 and parseable by WHATWG URL (`https://` is an RFC 3986 URI
  // with an empty host, but no URL the API could fetch).
  const rfc3986 = addFormats.default.get('uri');
  ajv.addFormat('uri', (value: string) => (rfc3986 as (value: string) => boolean)(value) && URL.canParse(value));
  // The document itself is registered, so that `#/components/…` references resolve; its own fields
  // are no schema keywords.
  ajv.addVocabulary(['openapi', 'info', 'paths', 'components', 'security']);
  ajv.addSchema({ ...document, $id: DOCUMENT_ID });

  const compiled = new Map<string, ValidateFunction>();
  /** A schema of the document, or one whose `$ref`s point into it. */
  const compile = (schema: Schema): ValidateFunction => {
    const text = JSON.stringify(schema).replaceAll('"$ref":"#/', `"$ref":"${DOCUMENT_ID}#/`);
    let validate = compiled.get(text);
    if (!validate) {
      validate = ajv.compile(JSON.parse(text) as Schema);
      compiled.set(text, validate);
    }
    return validate;
  };

  /** The problems of `value` against `schema`, each with where it is; [] when it fits. */
  function validate(schema: Schema, value: unknown, at = '$'): string[] {
    const check = compile(schema);
    if (check(value)) return [];
    return (check.errors ?? []).map((error) => `${at}${error.instancePath.replaceAll('/', '.')}: ${error.message ?? error.keyword}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`);
  }

  /** A response, a parameter's schema or any other node, with a `$ref` at its top followed. */
  function resolve<T>(node: T | { $ref: string }): T {
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref !== 'string') return node as T;
    const target = ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((found, key) => (found as Record<string, unknown> | undefined)?.[key], document);
    if (!target) throw new Error(`unresolved $ref ${ref}`);
    return resolve(target as T);
  }

  return { document, validate, resolve };
}

export type DocumentValidator = ReturnType<typeof createDocumentValidator>;
