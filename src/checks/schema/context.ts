// Shared state of one schema run and the helpers its parts use to read files and place findings.
export { scalarEdit } from '../../model/edit.js';
import type { ValidateFunction } from 'ajv';
import { isVirtualPath, type Kit } from '../../kit/load.js';
import { at, type Span } from '../../model/finding.js';
import type { FrontMatterResult } from '../../parse/front-matter.js';
import type { SpanLocator } from '../../parse/yaml.js';
import type { ReadResult } from '../../repo/view.js';
import { UserSchemaSet } from '../../schema/user-schemas.js';
import { schemaErrorsToFindings } from '../../schema/validate.js';
import { append } from '../../model/append.js';
import type { FindingOf, RuleOf } from '../../rules/index.js';

export const CHECK = 'schema';

export class Context {
  readonly out: FindingOf<'schema'>[] = [];
  readonly schemas: UserSchemaSet<typeof CHECK>;
  /** Schema files whose own problems were already reported. */
  readonly reportedSchemas = new Set<string>();
  private readonly refused = new Set<string>();

  constructor(readonly kit: Kit) {
    const schemaDir = repoDir(kit, 'schemas');
    this.schemas = new UserSchemaSet(kit.repo, CHECK, schemaDir === undefined ? [] : [schemaDir]);
  }

  /** Reads a file; an oversized, outside or unreadable file becomes a finding (once) and undefined. Missing files are the caller's to report. */
  read(file: string): string | undefined {
    const result = this.kit.repo.read(file);
    if (result.ok) return result.text;
    if (result.reason !== 'missing') this.refuse(file, result);
    return undefined;
  }

  refuse(file: string, result: Exclude<ReadResult, { ok: true }>): void {
    if (this.refused.has(file)) return;
    this.refused.add(file);
    if (result.reason === 'too-large') {
      this.out.push({
        check: CHECK,
        rule: 'file-too-large',
        severity: 'error',
        message: `${result.message}, so it was not checked`,
        file,
        fix: `Keep the file under ${this.kit.repo.maxFileBytes} bytes (split it into smaller files), or load the kit with a larger maxFileBytes.`
      });
    } else if (result.reason === 'outside') {
      this.out.push({ check: CHECK, rule: 'path-outside-repo', severity: 'error', message: result.message, file, fix: 'Keep kit files inside the repository; replace the symbolic link with the file itself.' });
    } else {
      const at = result.reason === 'encoding' ? { line: result.line, column: result.column } : {};
      this.out.push({ check: CHECK, rule: 'file-unreadable', severity: 'error', message: result.message, file, ...at, fix: result.reason === 'encoding' ? 'Save the file as UTF-8 (re-encode it, or remove the bad bytes at that position).' : 'Make the file readable (check its permissions and encoding).' });
    }
  }

  /** The findings of a repository schema file, reported once however many files use it. */
  reportSchemaProblems(file: string, findings: readonly FindingOf<'schema'>[]): void {
    if (this.reportedSchemas.has(file)) return;
    this.reportedSchemas.add(file);
    append(this.out, findings);
  }
}

/** A schema finding placed at a span. */
export function found(rule: RuleOf<'schema'>, file: string, span: Span | undefined, message: string, fix: string, severity: FindingOf<'schema'>['severity'] = 'error'): FindingOf<'schema'> {
  return at({ check: CHECK, rule, severity, message, file, fix }, span);
}

export const FIRST: Span = { start: { line: 1, column: 1 } };

/** The repository folder a manifest path names, or undefined when it is not a usable repository path. */
export function repoDir(kit: Kit, name: string): string | undefined {
  const dir = kit.paths[name];
  if (dir === undefined || isVirtualPath(dir)) return undefined;
  return dir;
}

export function joinPath(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

export function quote(value: string): string {
  return JSON.stringify(value);
}

export function dedupe(findings: FindingOf<'schema'>[]): FindingOf<'schema'>[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = [f.check, f.rule, f.file, f.line, f.column, f.message].join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Positions for data that has no text (empty front matter): everything at 1:1. */
export const TOP_LOCATOR: SpanLocator = { valueSpan: () => FIRST, keySpan: () => FIRST };

/** Where front matter findings go: its own positions, or the opening `---` (1:1) when it is empty. */
export function frontMatterPositions(fm: FrontMatterResult): SpanLocator {
  return fm.parsed && fm.parsed.data !== null && fm.parsed.data !== undefined ? fm.parsed : TOP_LOCATOR;
}

export function validateWith(validate: ValidateFunction, data: unknown, parsed: SpanLocator, rule: RuleOf<'schema'>, file: string, subject: string): FindingOf<'schema'>[] {
  if (validate(data)) return [];
  return schemaErrorsToFindings(validate.errors, parsed, { check: CHECK, rule, file, subject });
}

