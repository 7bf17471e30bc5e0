import { compareFindings, type Finding, type Severity } from '../../model/finding.js';
import { countLine, plural, withPrefix } from '../counts.js';

export interface MarkdownRenderOptions {
  /** Heading text; default `kit-guard`. */
  title?: string;
  /** Folder put before every finding's file (the kit root inside the repository). */
  pathPrefix?: string;
  /** The fail level in force, shown in the summary line. */
  failOn?: Severity;
  /** Most table rows written; the rest are counted below the table. Default 200. */
  maxRows?: number;
  /** Longest text kept in one cell before it is cut with `…`. Default 1000. */
  maxCellLength?: number;
  /** Link for a location (e.g. the file at the head commit on GitHub); no link when it returns undefined. */
  fileUrl?: (file: string, line?: number) => string | undefined;
}

export const DEFAULT_MAX_ROWS = 200;
const DEFAULT_MAX_CELL = 1000;

const SEVERITY_LABEL: Record<Severity, string> = { error: '❌ error', warning: '⚠️ warning', notice: 'ℹ️ notice' };

/**
 * Renders a run as GitHub-flavoured Markdown for the job summary: a heading with the
 * outcome, the counts, and one table row per finding. Every piece of user text (file
 * names, messages, fixes) is escaped so it cannot inject Markdown or HTML. Pure.
 */
export function renderMarkdown(result: { findings: readonly Finding[]; failed: boolean; ran: readonly string[] }, options: MarkdownRenderOptions = {}): string {
  const findings = [...result.findings].sort(compareFindings);
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const maxCell = options.maxCellLength ?? DEFAULT_MAX_CELL;
  const title = options.title ?? 'kit-guard';
  const outcome = result.failed ? '❌ failed' : findings.length ? '✅ passed with findings' : '✅ passed';

  const lines: string[] = [`### ${escapeMarkdown(title)}: ${outcome}`, ''];
  const facts = [`${countLine(findings)}.`];
  if (options.failOn) facts.push(`Fail level: ${options.failOn}.`);
  if (result.ran.length) facts.push(`Checks: ${result.ran.map((id) => `<code>${escapeMarkdown(id)}</code>`).join(', ')}.`);
  lines.push(facts.join(' '), '');
  if (findings.length === 0) return `${lines.join('\n')}`;

  lines.push('| Severity | Location | Rule | Message | Fix |', '| --- | --- | --- | --- | --- |');
  for (const f of findings.slice(0, maxRows)) {
    const cells = [
      SEVERITY_LABEL[f.severity],
      location(f, options),
      `<code>${escapeMarkdown(`${f.check}/${f.rule}`)}</code>`,
      escapeMarkdown(cut(f.message, maxCell)),
      f.fix ? escapeMarkdown(cut(f.fix, maxCell)) : ''
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  if (findings.length > maxRows) {
    lines.push('', `…and ${plural(findings.length - maxRows, 'more finding')} not shown here; the job log lists them all.`);
  }
  lines.push('');
  return lines.join('\n');
}

function location(f: Finding, options: MarkdownRenderOptions): string {
  if (f.file === undefined) return '—';
  const file = withPrefix(options.pathPrefix, f.file);
  const text = escapeMarkdown(f.line === undefined ? file : `${file}:${f.line}${f.column === undefined ? '' : `:${f.column}`}`);
  const url = options.fileUrl?.(file, f.line);
  return url ? `[${text}](${escapeUrl(url)})` : text;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Escapes text for a Markdown table cell or paragraph: HTML special characters become
 * entities, inline Markdown punctuation (emphasis, code, links, tables, strike-through,
 * math) is backslash-escaped, `@` cannot mention anyone, and line breaks become `<br>`
 * so the text stays in its cell. Meant for inline text, never for the start of a block.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/@/g, '&#64;')
    .replace(/[\\`*_[\]|~$]/g, (c) => `\\${c}`)
    .replace(/\r\n?|\n/g, '<br>');
}

/** Keeps a URL from closing the Markdown link it sits in. */
export function escapeUrl(url: string): string {
  return url.replace(/[\s()<>"`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
