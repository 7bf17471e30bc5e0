import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

// The official SARIF 2.1.0 JSON Schema (OASIS, sarif-2.1.0-rtm.5), vendored from the npm
// package @microsoft/jest-sarif@1.0.0-beta.0 (lib/schemas/, MIT): no maintained npm
// package ships it on its own. It is draft-04; its only draft-04 keyword in use is `id`
// (draft-06+ `$id`), so Ajv 8 validates it once that is renamed.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

let validate: ReturnType<Ajv['compile']> | undefined;

/** Errors of a SARIF log against the SARIF 2.1.0 schema ([] when valid). */
export function validateSarif(log: unknown): string[] {
  if (!validate) {
    const schema = JSON.parse(readFileSync(path.resolve('__tests__/report/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
    delete schema.$schema;
    schema.$id = schema.id;
    delete schema.id;
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false }); // the schema's language pattern is not valid with the u flag
    addFormats(ajv);
    validate = ajv.compile(schema);
  }
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
