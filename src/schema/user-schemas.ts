import type { ValidateFunction } from 'ajv';
import type { RepoView } from '../repo/view.js';
import type { Finding, Span } from '../model/finding.js';
import { parseJson } from '../parse/json.js';
import type { ParsedYaml } from '../parse/yaml.js';
import { UnsafePatternError } from '../pattern/safe-regex.js';
import { createAjv, metaSchemaChecker, schemaDialect, schemaErrorsToFindings, type AnyAjv, type SchemaDialect } from './validate.js';
import { append } from '../model/append.js';

/** Base URI given to repository schemas without `$id`, so their relative `$ref`s resolve to repository files. */
const LOCAL_BASE = 'https://kit-guard.invalid/repo/';

/** Bounds the `$ref` chase for one schema (each round adds one referenced file). */
const MAX_REF_ROUNDS = 64;

/** The rules a schema set reports, under its caller's check id (the caller's registry must list them). */
export type UserSchemaRule = 'schema-invalid' | 'schema-id-duplicate' | 'file-too-large' | 'parse-error';

/** A finding of a schema set owned by check `C`. */
export type UserSchemaFinding<C extends string = string> = Finding<C, UserSchemaRule>;

/** The outcome of compiling one repository schema file. */
export type UserSchemaResult<C extends string = string> =
  | { ok: true; validate: ValidateFunction }
  | { ok: false; /** Findings about the schema file itself; each file's findings are reported once per set. */ findings: UserSchemaFinding<C>[] };

interface LoadedSchema<C extends string> {
  file: string;
  parsed?: ParsedYaml<C>;
  schema?: unknown;
  findings: UserSchemaFinding<C>[];
}

/**
 * Compiles JSON Schemas that live in the checked repository. They are data: each is
 * parsed with positions, checked against its dialect's meta-schema (errors point into
 * the schema file), and compiled on an Ajv owned by this set, never on the instance our
 * own schemas use. Two files declaring the same `$id` do not collide: the earlier one is
 * removed before the later one is compiled, and the clash is reported. A relative
 * `$ref` to another repository schema is resolved from the repository, never fetched.
 */
export class UserSchemaSet<C extends string = string> {
  private readonly instances = new Map<SchemaDialect, AnyAjv>();
  private readonly dialectOf = new Map<AnyAjv, SchemaDialect>();
  /** Per instance: which schema object is registered under each `$id`. */
  private readonly registered = new Map<AnyAjv, Map<string, unknown>>();
  private readonly loaded = new Map<string, LoadedSchema<C>>();
  private readonly results = new Map<string, UserSchemaResult<C>>();
  /** First file seen for each declared `$id`. */
  private readonly idOwners = new Map<string, string>();
  private idIndex: Map<string, string> | undefined;
  private readonly extra: UserSchemaFinding<C>[] = [];

  constructor(
    private readonly repo: RepoView,
    private readonly check: C,
    /** Folders searched for schemas named by `$ref` (besides the referencing file's own folder). */
    private readonly schemaDirs: readonly string[] = []
  ) {}

  /** Findings not tied to one compile result (e.g. duplicate `$id`s); drained by the caller. */
  takeExtraFindings(): UserSchemaFinding<C>[] {
    return this.extra.splice(0);
  }

  /** Compiles a repository schema file (cached). The file must exist; a missing file is the caller's finding. */
  compile(file: string): UserSchemaResult<C> {
    const cached = this.results.get(file);
    if (cached) return cached;
    const result = this.compileUncached(file);
    this.results.set(file, result);
    return result;
  }

  private compileUncached(file: string): UserSchemaResult<C> {
    const loaded = this.load(file);
    if (loaded.findings.length || !loaded.parsed) return { ok: false, findings: loaded.findings };
    const parsed = loaded.parsed;
    const raw = loaded.schema;
    const fail = (message: string, fix: string, span: Span = parsed.valueSpan([])): UserSchemaResult<C> => ({
      ok: false,
      findings: [this.finding('schema-invalid', file, span, `${file}: ${message}`, fix)]
    });
    if (typeof raw === 'boolean') return { ok: true, validate: this.instance('2020-12').compile(raw) };
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      return fail('a JSON Schema must be an object (or true/false)', 'Write the schema as a JSON object, e.g. {"type": "object"}.');
    }
    const dialect = schemaDialect(raw);
    if (dialect === 'unsupported') {
      return fail(
        `$schema ${JSON.stringify((raw as { $schema?: unknown }).$schema)} (draft-04 or older) is not supported`,
        'Declare "$schema": "https://json-schema.org/draft/2020-12/schema" (or draft-07) and update draft-04 keywords (e.g. boolean exclusiveMaximum becomes a number).',
        parsed.valueSpan(['$schema'])
      );
    }
    const ajv = this.instance(dialect === 'unknown' ? '2020-12' : dialect);
    const schema = prepared(raw as Record<string, unknown>, file);

    const meta = metaSchemaChecker(dialect === 'unknown' ? '2020-12' : dialect);
    if (!meta.validateSchema(schema)) {
      const findings = schemaErrorsToFindings(meta.errors, parsed, { check: this.check, rule: 'schema-invalid', file, subject: `${file} is not a valid JSON Schema` });
      return { ok: false, findings };
    }
    const id = normalizeId(schema.$id as string);
    const owner = this.idOwners.get(id);
    if (owner === undefined) this.idOwners.set(id, file);
    else if (owner !== file) {
      this.extra.push({
        ...this.finding('schema-id-duplicate', file, parsed.valueSpan(['$id']), `${file}: $id ${JSON.stringify(raw && (raw as { $id?: unknown }).$id)} is also declared by ${owner}`, `Give each schema its own $id (e.g. end it with "${baseName(file)}"); a $ref to this id is ambiguous.`),
        severity: 'warning'
      });
    }
    try {
      this.register(ajv, id, schema, true);
    } catch (error) {
      return fail(`the schema cannot be registered: ${error instanceof Error ? error.message : String(error)}`, 'Make every $id and $anchor inside the schema unique.');
    }

    for (let round = 0; round < MAX_REF_ROUNDS; round++) {
      try {
        const validate = ajv.getSchema(id);
        if (!validate) return fail('the schema could not be compiled', 'Check the schema for errors.');
        return { ok: true, validate };
      } catch (error) {
        const missing = missingRefOf(error);
        if (missing) {
          const target = this.fileForId(missing.schema, file);
          if (target && target !== file && this.addReferenced(ajv, target)) continue;
          return fail(
            `cannot resolve $ref "${missing.ref}"${target ? '' : ' (no schema in the repository has that $id; remote schemas are not fetched)'}`,
            'Point the $ref at a schema file in this repository (relative to this schema) or at a local "#/$defs/..." definition.',
            this.refSpan(parsed, raw, missing.ref)
          );
        }
        if (error instanceof UnsafePatternError) {
          return fail(error.message, 'Rewrite the pattern without backreferences or lookaround (RE2 syntax), so that it runs in linear time on any input.', this.patternSpan(parsed, raw, error.pattern));
        }
        return fail(`the schema does not compile: ${error instanceof Error ? error.message : String(error)}`, 'Correct the schema so that it compiles (e.g. a valid regular expression in "pattern").');
      }
    }
    return fail('too many $ref files to resolve', 'Reduce the chain of schema files referenced from this one.');
  }

  /** Adds a schema that another one references; false when it cannot be used (its own compile reports why). */
  private addReferenced(ajv: AnyAjv, file: string): boolean {
    const loaded = this.load(file);
    const raw = loaded.schema;
    if (loaded.findings.length || !raw || typeof raw !== 'object' || Array.isArray(raw)) return false;
    const dialect = schemaDialect(raw);
    if (dialect === 'unsupported') return false;
    const schema = prepared(raw as Record<string, unknown>, file);
    const id = normalizeId(schema.$id as string);
    if (this.registered.get(ajv)?.get(id) !== undefined) return false; // already there: adding again cannot help
    // checked against the referencing instance's meta-schema, as adding it there would; an invalid schema is not added (its own compile reports why)
    const instanceDialect = this.dialectOf.get(ajv);
    if (instanceDialect === undefined || !metaSchemaChecker(instanceDialect).validateSchema(schema)) return false;
    try {
      this.register(ajv, id, schema, false);
      return true;
    } catch {
      return false;
    }
  }

  /** Registers `schema` under `id`, first removing another schema that holds the id (a `$id` collision). */
  private register(ajv: AnyAjv, id: string, schema: Record<string, unknown>, replace: boolean): void {
    let ids = this.registered.get(ajv);
    if (!ids) {
      ids = new Map();
      this.registered.set(ajv, ids);
    }
    const current = ids.get(id);
    if (current === schema) return;
    if (current !== undefined) {
      if (!replace) return;
      ajv.removeSchema(id);
    }
    ajv.addSchema(schema, id);
    ids.set(id, schema);
  }

  private instance(dialect: SchemaDialect): AnyAjv {
    let ajv = this.instances.get(dialect);
    if (!ajv) {
      // schemas are checked against their meta-schema (metaSchemaChecker) before they are added
      ajv = createAjv(dialect, { validateSchema: false });
      this.instances.set(dialect, ajv);
      this.dialectOf.set(ajv, dialect);
    }
    return ajv;
  }

  private load(file: string): LoadedSchema<C> {
    const cached = this.loaded.get(file);
    if (cached) return cached;
    const loaded: LoadedSchema<C> = { file, findings: [] };
    const read = this.repo.read(file);
    if (!read.ok) {
      loaded.findings.push({
        check: this.check,
        rule: read.reason === 'too-large' ? 'file-too-large' : 'schema-invalid',
        severity: 'error',
        message: read.message,
        file,
        fix: read.reason === 'too-large' ? 'Split the schema into smaller files joined with $ref.' : 'Make the schema file readable and inside the repository.'
      });
    } else {
      const parsed = parseJson(read.text, { file }, this.check);
      loaded.parsed = parsed;
      append(loaded.findings, parsed.findings);
      if (parsed.ok) loaded.schema = parsed.data;
    }
    this.loaded.set(file, loaded);
    return loaded;
  }

  /** The repository file a `$ref`ed schema URI names: by declared `$id`, or by path for schemas without one. */
  private fileForId(uri: string, fromFile: string): string | undefined {
    const id = normalizeId(uri);
    if (id.startsWith(LOCAL_BASE)) {
      const rel = this.repo.normalize(id.slice(LOCAL_BASE.length));
      return rel !== null && this.repo.lookup(rel).kind === 'file' ? rel : undefined;
    }
    if (!this.idIndex) this.idIndex = this.buildIdIndex(fromFile);
    return this.idIndex.get(id);
  }

  /** `$id` -> file for the JSON files in the schema folders (the first file wins on a clash). */
  private buildIdIndex(fromFile: string): Map<string, string> {
    const index = new Map<string, string>();
    const slash = fromFile.lastIndexOf('/');
    const dirs = new Set([slash === -1 ? '' : fromFile.slice(0, slash), ...this.schemaDirs]);
    for (const dir of dirs) {
      const entries = this.repo.dirEntries(dir);
      if (!entries) continue;
      for (const [name, isDir] of entries) {
        if (isDir || !name.endsWith('.json')) continue;
        const file = dir ? `${dir}/${name}` : name;
        const raw = this.load(file).schema;
        const id = raw && typeof raw === 'object' ? (raw as { $id?: unknown }).$id : undefined;
        if (typeof id === 'string' && id && !index.has(normalizeId(id))) index.set(normalizeId(id), file);
      }
    }
    return index;
  }

  /** The span of the `$ref` that failed to resolve, or the schema root. */
  private refSpan(parsed: ParsedYaml, raw: unknown, ref: string): Span {
    const found = findRef(raw, ref, []);
    return found ? parsed.valueSpan(found) : parsed.valueSpan([]);
  }

  /** Where a `pattern` value or `patternProperties` key equal to `pattern` is written (the schema root when none is found). */
  private patternSpan(parsed: ParsedYaml, raw: unknown, pattern: string): Span {
    const found = findPattern(raw, pattern, []);
    if (!found) return parsed.valueSpan([]);
    return found.key ? parsed.keySpan(found.path) : parsed.valueSpan(found.path);
  }

  private finding(rule: UserSchemaRule, file: string, span: Span, message: string, fix: string): UserSchemaFinding<C> {
    const f: UserSchemaFinding<C> = { check: this.check, rule, severity: 'error', message, file, line: span.start.line, column: span.start.column, fix };
    if (span.end) {
      f.endLine = span.end.line;
      f.endColumn = span.end.column;
    }
    return f;
  }
}

/** The path of the first `pattern: <pattern>` value or `patternProperties` key `<pattern>` in a schema. */
function findPattern(node: unknown, pattern: string, path: Array<string | number>): { path: Array<string | number>; key: boolean } | undefined {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const found = findPattern(node[i], pattern, [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (!node || typeof node !== 'object') return undefined;
  const record = node as Record<string, unknown>;
  if (record.pattern === pattern) return { path: [...path, 'pattern'], key: false };
  const properties = record.patternProperties;
  if (properties && typeof properties === 'object' && Object.hasOwn(properties, pattern)) return { path: [...path, 'patternProperties', pattern], key: true };
  for (const [key, value] of Object.entries(record)) {
    const found = findPattern(value, pattern, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/**
 * The copy of a schema that is compiled: `$schema` removed (the instance already has the
 * dialect's meta-schema; draft-06 and unknown meta-schemas cannot be loaded offline) and
 * a file-based `$id` when none is declared, so relative `$ref`s resolve to repository files.
 */
function prepared(raw: Record<string, unknown>, file: string): Record<string, unknown> {
  const schema: Record<string, unknown> = { ...raw };
  delete schema.$schema;
  if (typeof schema.$id !== 'string' || schema.$id === '') schema.$id = LOCAL_BASE + file;
  return schema;
}

function normalizeId(id: string): string {
  return id.endsWith('#') ? id.slice(0, -1) : id;
}

function baseName(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash === -1 ? file : file.slice(slash + 1);
}

/** Ajv's MissingRefError, recognised by shape (it is not exported from every entry point under the same identity). */
function missingRefOf(error: unknown): { ref: string; schema: string } | undefined {
  if (error && typeof error === 'object' && 'missingSchema' in error && 'missingRef' in error) {
    const e = error as { missingSchema: unknown; missingRef: unknown };
    return { ref: String(e.missingRef), schema: String(e.missingSchema) };
  }
  return undefined;
}

/** Pointer of the first `$ref` whose value the resolved reference ends with (depth-first, document order). */
function findRef(node: unknown, resolved: string, path: (string | number)[]): (string | number)[] | undefined {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const hit = findRef(node[i], resolved, [...path, i]);
      if (hit) return hit;
    }
    return undefined;
  }
  if (!node || typeof node !== 'object') return undefined;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === '$ref' && typeof value === 'string' && !value.startsWith('#')) {
      const bare = value.replace(/^\.\//, '');
      if (resolved === value || resolved.endsWith(bare) || resolved.endsWith(bare.replace(/#$/, ''))) return [...path, key];
    }
    const hit = findRef(value, resolved, [...path, key]);
    if (hit) return hit;
  }
  return undefined;
}
