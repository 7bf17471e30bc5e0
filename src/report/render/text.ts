import { compareFindings, type Finding } from '../../model/finding.js';
import { countLine, withPrefix } from '../counts.js';

export interface TextRenderOptions {
  /**
   * Folder put before every finding's file, so paths read from where the user stands
   * (e.g. `content` when the kit root is `content/`). Empty or omitted: paths as found.
   */
  pathPrefix?: string;
}

/** Heading of the group holding findings that are about no particular file. */
export const NO_FILE_HEADING = '(repository)';

/**
 * Renders findings for a terminal: grouped by file (repository-wide findings first),
 * one line per finding as `line:col  severity  check/rule  message`, the fix indented
 * below, and a closing count line. Plain text, no colour; pure.
 */
export function renderText(findings: readonly Finding[], options: TextRenderOptions = {}): string {
  const sorted = [...findings].sort(compareFindings);
  const groups = new Map<string | undefined, Finding[]>();
  for (const f of sorted) {
    const group = groups.get(f.file);
    if (group) group.push(f);
    else groups.set(f.file, [f]);
  }

  const out: string[] = [];
  for (const [file, group] of groups) {
    out.push(file === undefined ? NO_FILE_HEADING : withPrefix(options.pathPrefix, file));
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
      out.push(head + indentContinuation(row.finding.message, messageIndent));
      if (row.finding.fix) out.push(`    fix: ${indentContinuation(row.finding.fix, '         ')}`);
    }
    out.push('');
  }
  out.push(countLine(sorted));
  return `${out.join('\n')}\n`;
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
