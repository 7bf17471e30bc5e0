import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedDir: string | undefined;

/**
 * The folder of JSON Schemas this package ships. Found by walking up from this module,
 * so it works from `src/` (tests), `lib/` (library and CLI) and `dist/` (the action).
 */
export function shippedSchemaDir(): string {
  if (cachedDir) return cachedDir;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'schemas');
    if (existsSync(path.join(candidate, 'kit-guard.config.schema.json'))) {
      cachedDir = candidate;
      return candidate;
    }
    dir = path.dirname(dir);
  }
  throw new Error('the shipped schemas folder was not found next to this package');
}

const cache = new Map<string, Record<string, unknown>>();
const shipped = new WeakSet<object>();

/** A shipped schema by file name without `.schema.json`, e.g. `wazir-manifest`. */
export function shippedSchema(name: string): Record<string, unknown> {
  let schema = cache.get(name);
  if (!schema) {
    const file = path.join(shippedSchemaDir(), `${name}.schema.json`);
    schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    cache.set(name, schema);
    shipped.add(schema);
  }
  return schema;
}

/** True for a schema object returned by `shippedSchema` (our own, checked against its meta-schema by the test suite). */
export function isShippedSchema(schema: object): boolean {
  return shipped.has(schema);
}

/** Names of every schema we ship. */
export function shippedSchemaNames(): string[] {
  return ['kit-guard.config', 'wazir-manifest', 'hook', 'docs-claim', 'skill-front-matter', 'role-front-matter', 'workflow-front-matter'];
}
