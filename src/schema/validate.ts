import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Finding, Severity, Span } from '../model/finding.js';
import type { SpanLocator } from '../parse/yaml.js';
import { ajvRegExp } from '../pattern/safe-regex.js';
import { isShippedSchema } from './shipped.js';

// ajv-formats ships CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/** Any of Ajv's classes (they share the core API). */
export type AnyAjv = Ajv | Ajv2019 | Ajv2020;

/** JSON Schema dialects we can validate with. */
export type SchemaDialect = '2020-12' | '2019-09' | 'draft-07';

/**
 * Options for every Ajv we create. User schemas are data: unknown keywords (editor
 * keywords such as `markdownDescription`) are tolerated, nothing is logged (checks never
 * write to the console), and errors carry their parent schema so messages can list the
 * allowed properties.
 */
const AJV_OPTIONS: Options = {
  allErrors: true,
  strict: false,
  allowUnionTypes: true,
  validateSchema: true,
  verbose: true,
  logger: false,
  // Ajv's optimisation passes over the generated code cost about as much as generating it
  // and do not change what a validator accepts or reports; a check compiles each schema once.
  // `pattern` and `patternProperties` come from user schemas: they run on RE2 (linear time).
  code: { optimize: false, regExp: ajvRegExp }
};

let ajv: Ajv2020 | undefined;

/** One shared Ajv (draft 2020-12, formats on, all errors) for the schemas we ship. User schemas are data; unknown keywords are tolerated. */
export function getAjv(): Ajv2020 {
  if (!ajv) ajv = createAjv('2020-12') as Ajv2020;
  return ajv;
}

/**
 * A fresh Ajv for a dialect, with formats registered (`format: date-time` must not fail to compile).
 * `overrides` adjust the shared options (e.g. `validateSchema: false` for an instance whose
 * schemas are checked with `metaSchemaChecker` first).
 */
export function createAjv(dialect: SchemaDialect, overrides?: Partial<Options>): AnyAjv {
  const options = overrides ? { ...AJV_OPTIONS, ...overrides } : AJV_OPTIONS;
  const instance = dialect === '2020-12' ? new Ajv2020(options) : dialect === '2019-09' ? new Ajv2019(options) : new Ajv(options);
  addFormats(instance as Ajv);
  return instance;
}

const metaCheckers = new Map<SchemaDialect, AnyAjv>();

/**
 * An Ajv to check schemas of a dialect against its meta-schema with `validateSchema`
 * (same options as every other instance, so the same errors). One per dialect per
 * process, the shared instance for 2020-12: compiling a meta-schema costs more than
 * compiling most schemas, so it is done once, not once per instance.
 */
export function metaSchemaChecker(dialect: SchemaDialect): AnyAjv {
  if (dialect === '2020-12') return getAjv();
  let instance = metaCheckers.get(dialect);
  if (!instance) {
    instance = createAjv(dialect);
    metaCheckers.set(dialect, instance);
  }
  return instance;
}

/**
 * The dialect a schema declares in `$schema`. Absent means 2020-12. `unsupported` is
 * draft-04/03 (different keyword semantics we cannot honour); `unknown` is any other
 * meta-schema, validated as 2020-12 without checking the schema against it.
 * Draft-06 is validated as draft-07 (a compatible superset).
 */
export function schemaDialect(schema: unknown): SchemaDialect | 'unsupported' | 'unknown' {
  const declared = schema && typeof schema === 'object' ? (schema as { $schema?: unknown }).$schema : undefined;
  if (declared === undefined) return '2020-12';
  if (typeof declared !== 'string') return 'unknown';
  if (declared.includes('draft/2020-12')) return '2020-12';
  if (declared.includes('draft/2019-09')) return '2019-09';
  if (declared.includes('draft-07')) return 'draft-07';
  if (declared.includes('draft-06')) return 'draft-07';
  if (declared.includes('draft-04') || declared.includes('draft-03')) return 'unsupported';
  return 'unknown';
}

const compiled = new WeakMap<object, ValidateFunction>();

/**
 * Compiles (once per schema object) on the shared instance, or throws with Ajv's message
 * when the schema itself is invalid. Another schema object already registered under the
 * same `$id` is never returned in its place: this one is compiled on its own instance.
 */
export function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    const instance = getAjv();
    const id = typeof schema.$id === 'string' ? schema.$id : undefined;
    const existing = id ? instance.getSchema(id) : undefined;
    if (existing && existing.schema === schema) fn = existing;
    else if (existing) fn = (createAjv('2020-12') as Ajv2020).compile(schema);
    else if (id && isShippedSchema(schema)) {
      // our own schemas are checked against the meta-schema by the test suite; compiling the
      // meta-schema just to check them again would cost more than compiling them
      instance.addSchema(schema, undefined, undefined, false);
      fn = instance.getSchema(id) as ValidateFunction;
    } else fn = instance.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

/** `an object`, `an integer`, `a string`; a union (`string,number`) reads `a string or number`. */
export function withArticle(type: string): string {
  const words = type.split(',').map((w) => w.trim()).filter(Boolean).join(' or ');
  return `${/^[aeiou]/i.test(words) ? 'an' : 'a'} ${words}`;
}

/** Decodes an Ajv instancePath (`/a/0/b~1c`) into segments. */
export function pointerSegments(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export interface SchemaFindingOptions<C extends string = string, R extends string = string> {
  check: C;
  rule: R;
  file: string;
  severity?: Severity;
  /** What the data is, for messages: "manifest", "hook definition", ... */
  subject?: string;
}

/**
 * Turns Ajv errors into findings placed at the offending key or value:
 * missing properties point at the parent mapping (its first key, or `{` for a flow
 * mapping), unknown or badly named properties at the key, everything else at the value
 * (or its key when the value is empty). Errors that only restate a failed
 * `anyOf`/`oneOf` branch or an `if`/`then` are collapsed.
 */
export function schemaErrorsToFindings<C extends string, R extends string>(errors: readonly ErrorObject[] | null | undefined, parsed: SpanLocator, options: SchemaFindingOptions<C, R>): Finding<C, R>[] {
  if (!errors) return [];
  const findings: Finding<C, R>[] = [];
  const seen = new Set<string>();
  for (const err of collapseCombinators(errors)) {
    const segments = pointerSegments(err.instancePath);
    const where = err.instancePath || '(root)';
    const params = err.params as Record<string, unknown>;
    let span: Span;
    let message: string;
    let fix: string;
    const badName = err.propertyName ?? (err.keyword === 'propertyNames' ? String(params.propertyName) : undefined);
    if (badName !== undefined) {
      if (err.keyword === 'propertyNames' && err.propertyName === undefined && errors.some((e) => e.propertyName === badName && e.instancePath === err.instancePath)) continue;
      span = parsed.keySpan([...segments, badName]);
      message = `${where === '(root)' ? '' : `${where}: `}property name "${badName}" ${err.keyword === 'propertyNames' ? 'is not allowed' : (err.message ?? 'is invalid')}`;
      fix = `Rename "${badName}" so that it ${err.keyword === 'propertyNames' ? 'matches the allowed names' : (err.message ?? 'is valid')}.`;
    } else {
      switch (err.keyword) {
        case 'required':
        case 'dependentRequired':
        case 'dependencies': {
          const missing = String(params.missingProperty);
          span = parsed.valueSpan(segments);
          const because = err.keyword === 'required' ? '' : ` (needed when "${String(params.property)}" is present)`;
          message = `${where} is missing the required property "${missing}"${because}`;
          fix = `Add "${missing}" under ${where === '(root)' ? 'the top level' : where}.`;
          break;
        }
        case 'additionalProperties':
        case 'unevaluatedProperties': {
          const extra = String(params.additionalProperty ?? params.unevaluatedProperty);
          span = parsed.keySpan([...segments, extra]);
          message = `${where === '(root)' ? '' : `${where}: `}"${extra}" is not an allowed property`;
          fix = `Remove "${extra}" or correct its spelling${allowedList(err)}.`;
          break;
        }
        case 'enum': {
          span = parsed.valueSpan(segments);
          const allowed = ((params.allowedValues as unknown[] | undefined) ?? []).map((v) => JSON.stringify(v)).join(', ');
          message = `${where} must be one of ${allowed}`;
          fix = `Use one of: ${allowed}.`;
          break;
        }
        case 'const': {
          span = parsed.valueSpan(segments);
          const allowed = JSON.stringify(params.allowedValue);
          message = `${where} must be ${allowed}`;
          fix = `Set it to ${allowed}.`;
          break;
        }
        case 'type': {
          span = parsed.valueSpan(segments);
          const type = String(params.type);
          const actual = describeValue(err.data);
          message = `${where} must be ${type}${actual ? `, not ${actual}` : ''}`;
          fix =
            err.data === null || err.data === undefined
              ? `Give it ${withArticle(type)} value.`
              : type === 'string'
                ? 'Quote the value so YAML reads it as a string.'
                : `Change the value to ${withArticle(type)}.`;
          break;
        }
        case 'false schema': {
          span = parsed.keySpan(segments);
          message = `${where} is not allowed here`;
          fix = `Remove ${where}.`;
          break;
        }
        default:
          span = parsed.valueSpan(segments);
          message = `${where} ${err.message ?? 'is invalid'}`;
          fix = `Change ${where} so that it ${err.message ?? 'matches the schema'}.`;
      }
    }
    const key = `${span.start.line}:${span.start.column}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const finding: Finding<C, R> = {
      check: options.check,
      rule: options.rule,
      severity: options.severity ?? 'error',
      message: options.subject ? `${options.subject}: ${message}` : message,
      file: options.file,
      line: span.start.line,
      column: span.start.column,
      fix
    };
    if (span.end) {
      finding.endLine = span.end.line;
      finding.endColumn = span.end.column;
    }
    findings.push(finding);
  }
  return findings;
}

function describeValue(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`.slice(0, 80);
}

function allowedList(err: ErrorObject): string {
  const props = (err.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props && Object.keys(props).length ? ` (allowed: ${Object.keys(props).join(', ')})` : '';
}

/**
 * For anyOf/oneOf failures Ajv reports every branch's errors (just before the
 * combinator's own error); keep the errors of the branch that got deepest into the data
 * (best match; ties go to the branch with fewer errors, then the first) and drop the
 * combinator's summary, unless nothing else explains it (e.g. oneOf matched several
 * branches). Branches reached through `$ref` report the target's schema path, so such
 * errors count as a branch each. `if` errors only say "must match then", which the
 * branch's own errors already explain.
 */
function collapseCombinators(errors: readonly ErrorObject[]): ErrorObject[] {
  const isCombinator = (e: ErrorObject): boolean => e.keyword === 'anyOf' || e.keyword === 'oneOf';
  const under = (path: string, parent: string): boolean => path === parent || path.startsWith(parent + '/');
  const drop = errors.map((e) => e.keyword === 'if');
  errors.forEach((combinator, index) => {
    if (!isCombinator(combinator)) return;
    const own = combinator.schemaPath + '/';
    const parentPrefix = combinator.schemaPath.slice(0, combinator.schemaPath.lastIndexOf('/') + 1);
    const run: number[] = [];
    for (let i = index - 1; i >= 0; i--) {
      const e = errors[i] as ErrorObject;
      const fromBranch = e.schemaPath.startsWith(own) || !e.schemaPath.startsWith(parentPrefix);
      if (!under(e.instancePath, combinator.instancePath) || !fromBranch) break;
      run.push(i);
    }
    const live = run.filter((i) => !drop[i]);
    if (live.length === 0) return; // the combinator's own message is the only explanation
    drop[index] = true;
    const branchOf = (i: number): string => {
      const e = errors[i] as ErrorObject;
      return e.schemaPath.startsWith(own) ? (e.schemaPath.slice(own.length).split('/')[0] ?? '') : `ref:${i}`;
    };
    const groups = new Map<string, { depth: number; count: number; first: number; members: number[] }>();
    for (const i of live) {
      const key = branchOf(i);
      const g = groups.get(key) ?? { depth: 0, count: 0, first: i, members: [] };
      g.depth = Math.max(g.depth, (errors[i] as ErrorObject).instancePath.split('/').length);
      g.count++;
      g.first = Math.min(g.first, i);
      g.members.push(i);
      groups.set(key, g);
    }
    const best = [...groups.values()].sort((a, b) => b.depth - a.depth || a.count - b.count || a.first - b.first)[0];
    for (const i of live) if (!best?.members.includes(i)) drop[i] = true;
  });
  const out = errors.filter((_, i) => !drop[i]);
  return out.length ? out : [...errors];
}
