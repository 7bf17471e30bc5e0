/**
 * The one finding type every check, the export checker and every reporter share.
 *
 * Positions are 1-based. Columns count UTF-16 code units (how JavaScript indexes
 * strings), and `endLine`/`endColumn` are exclusive. A finding with no `file` is about
 * the repository or the run as a whole; one with a file but no line is about the file.
 */
import type { Edit } from './edit.js';

export type Severity = 'error' | 'warning' | 'notice';

/** Severities from most to least severe; index order is used for comparisons. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'notice'];

/**
 * `C` and `R` narrow the check and rule ids; the defaults (`string`) keep every reader working.
 * Producers use `FindingOf<'check'>` (src/rules/) so the compiler rejects an unregistered rule.
 */
export interface Finding<C extends string = string, R extends string = string> {
  /** Which check produced it, e.g. `doc-truth`, `changelog`, `commits`, `branch`, `schema`, `export`. */
  check: C;
  /** The rule within the check, e.g. `link-target-missing`. `check/rule` identifies it in configuration. */
  rule: R;
  severity: Severity;
  message: string;
  /** Repository-relative path with `/` separators. */
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** What the user can do about it: a corrected value, a command to run, lines to paste. */
  fix?: string;
  /**
   * Machine edits that apply the fix, present only where the fix is unambiguous
   * (`kit-guard check --fix`, suggestion blocks in review comments).
   */
  edits?: Edit[];
}

/** A position in a text, 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/** A span in a text: start inclusive, end exclusive. */
export interface Span {
  start: Position;
  end?: Position;
}

/** True when `a` is at least as severe as `b`. */
export function atLeast(a: Severity, b: Severity): boolean {
  return SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b);
}

/** Places a finding at a span, leaving it unchanged when the span is undefined. */
export function at<F extends Finding>(finding: F, span: Span | undefined): F {
  if (!span) return finding;
  const placed: F = { ...finding, line: span.start.line, column: span.start.column };
  if (span.end) {
    placed.endLine = span.end.line;
    placed.endColumn = span.end.column;
  }
  return placed;
}

/** Stable order for output: by file, then line, then column, then check and rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file ?? '').localeCompare(b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    a.check.localeCompare(b.check) ||
    a.rule.localeCompare(b.rule) ||
    a.message.localeCompare(b.message)
  );
}
