import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import picomatch from 'picomatch';
import { parse as parseYamlData } from 'yaml';
import { parse as parseToml, TomlError } from 'smol-toml';
import { isRecord } from '../model/guards.js';
import { parseFrontMatter } from '../parse/front-matter.js';
import { parseYaml, type ParsedYaml } from '../parse/yaml.js';
import { shippedSchema } from '../schema/shipped.js';
import { schemaErrorsToFindings } from '../schema/validate.js';
import { EXPORT_CHECK } from './canonical.js';
import type { FileRule } from './hosts/definition.js';
import { HOST_EVENTS, HOST_FILE_RULES, HOST_LABELS } from './hosts/index.js';
import type { ExportFile, ExportFinding, HostId } from './types.js';
import { append } from '../model/append.js';

/** What each host reads, by path: now part of each host's module (see HostDefinition.fileRules). */
export { HOST_FILE_RULES };

/** Every schema name the rules use (for tests and packaging). */
export function hostSchemaNames(): string[] {
  return [...new Set(Object.values(HOST_FILE_RULES).flatMap((rules) => rules.map((r) => r.schema).filter((s): s is string => s !== undefined)))].sort();
}

let hostAjv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction>();

/**
 * The validator for a shipped host schema. Host schemas are our own and are checked
 * against the meta-schema by our tests, so this Ajv skips meta-schema validation and
 * code optimisation: that halves the cold compile time of an `export build`.
 */
export function hostValidator(name: string): ValidateFunction {
  let fn = validators.get(name);
  if (!fn) {
    hostAjv ??= new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true, validateSchema: false, code: { optimize: false } });
    fn = hostAjv.compile(shippedSchema(`hosts/${name}`));
    validators.set(name, fn);
  }
  return fn;
}

const matchers = new Map<string, (path: string) => boolean>();
function matches(glob: string, path: string): boolean {
  let fn = matchers.get(glob);
  if (!fn) {
    fn = picomatch(glob, { dot: true });
    matchers.set(glob, fn);
  }
  return fn(path);
}

/**
 * Checks generated files against what `host` requires: front matter present (on line 1)
 * and typed, JSON and TOML well-formed, hook event names the host knows, skill names
 * matching their folders, and the generic rules (relative unique paths, `\n` endings,
 * trailing newline). Every problem is an `invalid-export` error: it means the compiler
 * (or a per-host front matter section) produced something the host would not load.
 * `root` is prefixed to paths in findings (the host's output folder).
 */
export function validateHostFiles(host: HostId, files: readonly ExportFile[], root = ''): ExportFinding[] {
  const findings: ExportFinding[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const shown = root ? `${root}/${file.path}` : file.path;
    const fail = (message: string, fix: string, line?: number, column?: number): void => {
      findings.push({
        check: EXPORT_CHECK,
        rule: 'invalid-export',
        severity: 'error',
        message: `${HOST_LABELS[host]}: ${message}`,
        file: shown,
        ...(line !== undefined ? { line } : {}),
        ...(column !== undefined ? { column } : {}),
        fix
      });
    };
    if (seen.has(file.path)) fail(`${file.path} is generated twice`, 'Give every generated file its own path.');
    seen.add(file.path);
    if (!isSafeRelative(file.path)) {
      fail(`${file.path} is not a relative path inside the host folder`, 'Generate paths with `/` separators, no `..`, no leading `/`.');
      continue;
    }
    if (file.content.includes('\r')) fail(`${file.path} has \\r line endings`, 'Generate `\\n` line endings only.');
    if (file.content !== '' && !file.content.endsWith('\n')) fail(`${file.path} does not end with a newline`, 'End every generated file with `\\n`.');

    const rule = HOST_FILE_RULES[host].find((r) => matches(r.glob, file.path));
    if (rule) append(findings, validateByRule(host, rule, file, shown, fail));
    else if (file.path.endsWith('.json')) parseJson(file.content, fail);
    else if (file.path.endsWith('.toml')) parseTomlText(file.content, fail);
  }
  return findings;
}

type Fail = (message: string, fix: string, line?: number, column?: number) => void;

function validateByRule(host: HostId, rule: FileRule, file: ExportFile, shown: string, fail: Fail): ExportFinding[] {
  const findings: ExportFinding[] = [];
  let data: unknown;
  // positions are worked out only when something is wrong (parsing with positions is slow)
  let positions: () => ParsedYaml | undefined = () => undefined;
  switch (rule.format) {
    case 'front-matter':
    case 'optional-front-matter':
    case 'plain-markdown': {
      const present = /^---[ \t]*\n/.test(file.content);
      if (rule.format === 'plain-markdown') {
        if (present) fail(`${rule.what} ${file.path} is plain Markdown to ${HOST_LABELS[host]}, so its front matter would show as text`, 'Generate it without front matter.', 1, 1);
        return findings;
      }
      if (!present) {
        if (rule.format === 'front-matter') fail(`${rule.what} ${file.path} has no front matter on its first line; ${HOST_LABELS[host]} will not load it`, 'Start the file with a `---` front matter block.', 1, 1);
        return findings;
      }
      const fast = quickFrontMatter(file.content);
      if (fast === undefined) {
        // malformed: the careful parser says where
        const fm = parseFrontMatter(file.content, shown, EXPORT_CHECK);
        for (const f of fm.findings) fail(`${file.path}: ${f.message}`, f.fix ?? 'Generate valid YAML front matter.', f.line, f.column);
        if (fm.data === undefined || fm.findings.length) return findings;
        data = fm.data;
      } else data = fast;
      positions = () => parseFrontMatter(file.content, shown, EXPORT_CHECK).parsed;
      break;
    }
    case 'json': {
      const result = parseJson(file.content, fail);
      if (!result.ok) return findings;
      data = result.data;
      positions = () => parseYaml(file.content, { file: shown }, EXPORT_CHECK);
      break;
    }
    case 'toml': {
      const result = parseTomlText(file.content, fail);
      if (!result.ok) return findings;
      data = result.data;
      break;
    }
  }
  let parsed: ParsedYaml | undefined;
  const placed = (): ParsedYaml => (parsed ??= positions() ?? flatPositions());
  if (rule.events && isRecord(data) && isRecord(data.hooks)) {
    const known = HOST_EVENTS[host];
    for (const event of Object.keys(data.hooks)) {
      if (known.includes(event)) continue;
      const span = placed().keySpan(['hooks', event]);
      fail(`${file.path}: "${event}" is not a ${HOST_LABELS[host]} hook event; the host would ignore it`, `Use one of: ${known.join(', ')}.`, span.start.line, span.start.column);
    }
  }
  if (rule.skill && isRecord(data)) {
    const folder = file.path.split('/').slice(-2, -1)[0];
    if (typeof data.name === 'string' && data.name !== folder) {
      const span = placed().valueSpan(['name']);
      fail(`${file.path}: skill name "${data.name}" differs from its folder "${folder}"`, `Name the skill "${folder}" or move it to a folder named "${data.name}".`, span.start.line, span.start.column);
    }
  }
  if (rule.schema) {
    const validate = hostValidator(rule.schema);
    if (!validate(data)) {
      // event names are reported above with a clearer message
      const errors = (validate.errors ?? []).filter((e: ErrorObject) => e.keyword !== 'propertyNames' && (e as ErrorObject & { propertyName?: string }).propertyName === undefined);
      append(findings, schemaErrorsToFindings(errors, placed(), { check: EXPORT_CHECK, rule: 'invalid-export', file: shown, subject: `${HOST_LABELS[host]} ${rule.what} ${file.path}` }));
    }
  }
  return findings;
}

/**
 * Front matter data without positions, or undefined when the block is not a clean YAML
 * mapping (then the careful parser reports exactly what is wrong).
 */
function quickFrontMatter(content: string): Record<string, unknown> | undefined {
  const start = content.indexOf('\n') + 1;
  let lineStart = start;
  let close = -1;
  while (lineStart < content.length) {
    const nl = content.indexOf('\n', lineStart);
    const line = content.slice(lineStart, nl === -1 ? content.length : nl);
    if (line === '---' || line === '...') {
      close = lineStart;
      break;
    }
    if (nl === -1) break;
    lineStart = nl + 1;
  }
  if (close === -1) return undefined;
  try {
    const data: unknown = parseYamlData(content.slice(start, close), { uniqueKeys: true, strict: true, version: '1.2', merge: false, maxAliasCount: 100, logLevel: 'error' });
    if (data === null || data === undefined) return {};
    return isRecord(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** JSON well-formedness; JSON is YAML 1.2, so the YAML parser gives positions later when needed. */
function parseJson(content: string, fail: Fail): { ok: true; data: unknown } | { ok: false } {
  try {
    return { ok: true, data: JSON.parse(content) as unknown };
  } catch (error) {
    fail(`not well-formed JSON: ${(error as Error).message}`, 'Generate the file with JSON.stringify.');
    return { ok: false };
  }
}

function parseTomlText(content: string, fail: Fail): { ok: true; data: unknown } | { ok: false } {
  try {
    return { ok: true, data: parseToml(content) };
  } catch (error) {
    if (error instanceof TomlError) fail(`not well-formed TOML: ${error.message.split('\n')[0] ?? ''}`, 'Generate the file with a TOML serializer.', error.line, error.column);
    else fail(`not well-formed TOML: ${String(error)}`, 'Generate the file with a TOML serializer.');
    return { ok: false };
  }
}

/** Positions for formats we cannot place findings in (TOML): everything at line 1. */
function flatPositions(): ParsedYaml {
  const span = { start: { line: 1, column: 1 } };
  return { data: undefined, ok: true, findings: [], valueSpan: () => span, keySpan: () => span };
}

function isSafeRelative(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\\') || /^[A-Za-z]:/.test(path)) return false;
  return path.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}
