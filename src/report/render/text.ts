import { compareFindings, type Finding } from '../../model/finding.js';
import { countLine, plural, withPrefix } from '../counts.js';
import { escapeControl } from '../escape.js';

export interface TextRenderOptions {
  /**
   * Folder put before every finding's file, so paths read from where the user stands
   * (e.g. `content` when the kit root is `content/`). Empty or omitted: paths as found.
   */
  pathPrefix?: string;
  /**
   * Folds notices repeated for one host or subject: notices of one rule whose messages
   * start with the same `Subject:` become one line with a count when there are at least
   * this many (JSON output keeps each). Omitted: every notice is shown.
   */
  groupNoticesFrom?: number;
  /** Findings left out of the report (e.g. notices hidden by `--min-severity`), said in the count line. */
  hidden?: number;
}

/** Heading of the group holding findings that are about no particular file. */
export const NO_FILE_HEADING = '(repository)';

/**
 * Renders findings for a terminal: grouped by file (repository-wide findings first),
 * one line per finding as `line:col  severity  check/rule  message`, the fix indented
 * below, and a closing count line. Plain text, no colour; pure.
 */
export function renderText(findings: readonly Finding[], options: TextRenderOptions = {}): string {
  const all = [...findings].sort(compareFindings);
  const sorted = options.groupNoticesFrom ? groupNotices(all, options.groupNoticesFrom) : all;
  const groups = new Map<string | undefined, Finding[]>();
  for (const f of sorted) {
    const group = groups.get(f.file);
    if (group) group.push(f);
    else groups.set(f.file, [f]);
  }

  const out: string[] = [];
  for (const [file, group] of groups) {
    out.push(file === undefined ? NO_FILE_HEADING : escapeControl(withPrefix(options.pathPrefix, file)));
    const rows = group.map((f) => ({ position: position(f), severity: f.severity, id: `${f.check}/${f.rule}`, finding: f }));
    // a loop, not Math.max(...rows): a spread of 100,000+ values overflows the stack
    let positionWidth = 0;
    let severityWidth = 0;
    let idWidth = 0;
    for (const r of rows) {
      positionWidth = Math.max(positionWidth, r.position.length);
      severityWidth = Math.max(severityWidth, r.severity.length);
      idWidth = Math.max(idWidth, r.id.length);
    }
    const messageIndent = ' '.repeat(2 + positionWidth + 2 + severityWidth + 2 + idWidth + 2);
    for (const row of rows) {
      const head = `  ${row.position.padEnd(positionWidth)}  ${row.severity.padEnd(severityWidth)}  ${row.id.padEnd(idWidth)}  `;
      out.push(head + indentContinuation(escapeControl(row.finding.message.replace(/\r\n/g, '\n')), messageIndent));
      if (row.finding.fix) out.push(`    fix: ${indentContinuation(escapeControl(row.finding.fix.replace(/\r\n/g, '\n')), '         ')}`);
    }
    out.push('');
  }
  const hidden = options.hidden ? ` (${plural(options.hidden, 'finding')} below the shown severity hidden)` : '';
  out.push(countLine(all) + hidden);
  return `${out.join('\n')}\n`;
}

/** The subject a notice is about when its message starts with one (`Codex CLI: ...`). */
function noticeSubject(message: string): string {
  const m = /^([^:\n]{1,40}): /.exec(message);
  return m ? (m[1] as string) : '';
}

/**
 * Replaces each run of `from` or more notices of one rule and subject with one finding
 * about no file that counts them and shows the first.
 */
function groupNotices(findings: readonly Finding[], from: number): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.severity !== 'notice') continue;
    const key = `${f.check}/${f.rule}\u0000${noticeSubject(f.message)}`;
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  const folded = new Set<Finding>();
  const summaries: Finding[] = [];
  for (const [key, group] of groups) {
    if (group.length < from) continue;
    for (const f of group) folded.add(f);
    const first = group[0] as Finding;
    const subject = key.slice(key.indexOf('\u0000') + 1);
    const where = first.file === undefined ? '' : `${first.file}${first.line === undefined ? '' : `:${first.line}`}: `;
    summaries.push({
      check: first.check,
      rule: first.rule,
      severity: 'notice',
      message: `${subject ? `${subject}: ` : ''}${group.length} notices like this one (${where}${first.message.slice(subject ? subject.length + 2 : 0)})`,
      fix: `${first.fix ? `${first.fix}\n` : ''}Run with --format json to list each, or --min-severity warning to hide notices.`
    });
  }
  if (summaries.length === 0) return [...findings];
  return [...findings.filter((f) => !folded.has(f)), ...summaries].sort(compareFindings);
}

/** `12:5`, `12` when only the line is known, `-` for a whole-file or repository finding. */
function position(f: Finding): string {
  if (f.line === undefined) return '-';
  return f.column === undefined ? String(f.line) : `${f.line}:${f.column}`;
}

/** Indents every line after the first, and drops trailing whitespace from each line. */
function indentContinuation(text: string, indent: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\s+$/, '')
    .split('\n')
    .map((line, i) => (i === 0 ? line : line === '' ? '' : indent + line).replace(/\s+$/, ''))
    .join('\n');
}
