import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Finding, Severity } from '../model/finding.js';
import type { ParsedYaml } from '../parse/yaml.js';

// ajv-formats ships CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

let ajv: Ajv2020 | undefined;

/** One shared Ajv (draft 2020-12, formats on, all errors). User schemas are data; unknown keywords are tolerated. */
export function getAjv(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true, validateSchema: true });
    addFormats(ajv);
  }
  return ajv;
}

const compiled = new WeakMap<object, ValidateFunction>();

/** Compiles (once per schema object) or throws with Ajv's message when the schema itself is invalid. */
export function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    const instance = getAjv();
    const id = typeof schema.$id === 'string' ? schema.$id : undefined;
    const existing = id ? instance.getSchema(id) : undefined;
    fn = existing ?? instance.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

/** Decodes an Ajv instancePath (`/a/0/b~1c`) into segments. */
export function pointerSegments(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export interface SchemaFindingOptions {
  check: string;
  rule: string;
  file: string;
  severity?: Severity;
  /** What the data is, for messages: "manifest", "hook definition", ... */
  subject?: string;
}

/**
 * Turns Ajv errors into findings placed at the offending key or value:
 * missing properties point at the parent mapping, unknown properties at the key,
 * everything else at the value (or its key when the value is empty).
 * Errors that only restate a failed `anyOf`/`oneOf` branch are collapsed.
 */
export function schemaErrorsToFindings(errors: readonly ErrorObject[] | null | undefined, parsed: ParsedYaml, options: SchemaFindingOptions): Finding[] {
  if (!errors) return [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const pruned = collapseCombinators(errors);
  for (const err of pruned) {
    const segments = pointerSegments(err.instancePath);
    const where = err.instancePath || '(root)';
    let span;
    let message: string;
    let fix: string;
    switch (err.keyword) {
      case 'required': {
        const missing = String((err.params as { missingProperty?: string }).missingProperty);
        span = parsed.valueSpan(segments);
        message = `${where} is missing the required property "${missing}"`;
        fix = `Add "${missing}" under ${where === '(root)' ? 'the top level' : where}.`;
        break;
      }
      case 'additionalProperties':
      case 'unevaluatedProperties': {
        const extra = String((err.params as { additionalProperty?: string; unevaluatedProperty?: string }).additionalProperty ?? (err.params as { unevaluatedProperty?: string }).unevaluatedProperty);
        span = parsed.keySpan([...segments, extra]);
        message = `${where === '(root)' ? '' : `${where}: `}"${extra}" is not an allowed property`;
        fix = `Remove "${extra}" or correct its spelling${allowedList(err)}.`;
        break;
      }
      case 'enum': {
        span = parsed.valueSpan(segments);
        const allowed = ((err.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ');
        message = `${where} must be one of ${allowed}`;
        fix = `Use one of: ${allowed}.`;
        break;
      }
      case 'const': {
        span = parsed.valueSpan(segments);
        const allowed = JSON.stringify((err.params as { allowedValue?: unknown }).allowedValue);
        message = `${where} must be ${allowed}`;
        fix = `Set it to ${allowed}.`;
        break;
      }
      case 'type': {
        span = parsed.valueSpan(segments);
        const type = String((err.params as { type?: unknown }).type);
        message = `${where} must be ${type}`;
        fix = type === 'string' ? 'Quote the value so YAML reads it as a string.' : `Change the value to a ${type}.`;
        break;
      }
      default:
        span = parsed.valueSpan(segments);
        message = `${where} ${err.message ?? 'is invalid'}`;
        fix = `Change ${where} so that it ${err.message ?? 'matches the schema'}.`;
    }
    const key = `${span.start.line}:${span.start.column}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const finding: Finding = {
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

function allowedList(err: ErrorObject): string {
  const props = (err.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? ` (allowed: ${Object.keys(props).join(', ')})` : '';
}

/**
 * For anyOf/oneOf failures Ajv reports every branch's errors; keep the errors of the
 * branch that got deepest (best match) and drop the combinator's own summary.
 */
function collapseCombinators(errors: readonly ErrorObject[]): ErrorObject[] {
  const combinators = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  if (combinators.length === 0) return [...errors];
  const out: ErrorObject[] = [];
  for (const e of errors) {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') continue;
    const parent = combinators.find((c) => e.schemaPath.startsWith(c.schemaPath + '/') && e.instancePath.startsWith(c.instancePath));
    if (!parent) {
      out.push(e);
      continue;
    }
    // keep only errors from the branch whose errors reach deepest into the instance
    const siblings = errors.filter((s) => s.schemaPath.startsWith(parent.schemaPath + '/'));
    const depth = (s: ErrorObject): number => s.instancePath.split('/').length;
    const branchOf = (s: ErrorObject): string => s.schemaPath.slice(parent.schemaPath.length + 1).split('/')[0] ?? '';
    const best = siblings.reduce((a, b) => (depth(b) > depth(a) ? b : a));
    if (branchOf(e) === branchOf(best)) out.push(e);
  }
  return out.length ? out : [...errors];
}
