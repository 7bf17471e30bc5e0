import type { Finding } from '../model/finding.js';
import { parseYaml, type ParsedYaml } from './yaml.js';
import { append } from '../model/append.js';

/** A Markdown file split into YAML front matter and body, with positions kept. */
/** The rules front matter parsing reports (both shared by every check, see src/rules/shared.ts). */
export type FrontMatterRule = 'front-matter-invalid' | 'parse-error';

export interface FrontMatterResult<C extends string = string> {
  /** True when the file opens with a `---` front matter block (closed or not). */
  present: boolean;
  /** The front matter data (an object when valid); undefined when absent or unparseable. */
  data: Record<string, unknown> | undefined;
  /** Parsed front matter with positions (line numbers are the file's own). */
  parsed?: ParsedYaml<C>;
  /** The Markdown after the front matter. */
  body: string;
  /** 1-based file line where the body starts. */
  bodyLine: number;
  /** Offset of the body in the file text. */
  bodyOffset: number;
  /** Problems: unclosed block, YAML errors, a non-mapping block. Rule `front-matter-invalid` or `parse-error`. */
  findings: Finding<C, FrontMatterRule>[];
}

/**
 * Splits and parses front matter. Only YAML is read, with the `yaml` package (1.2 core
 * schema, duplicate keys rejected, aliases bounded); a language tag other than yaml
 * (`---js`, `---toml`) is refused as a finding, so front matter is never executed.
 * A block without a closing `---` is a finding, not "the rest of the file" as gray-matter reads it.
 */
export function parseFrontMatter<C extends string>(text: string, file: string, check: C): FrontMatterResult<C> {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstBreak = src.indexOf('\n');
  const firstLine = (firstBreak === -1 ? src : src.slice(0, firstBreak)).replace(/\r$/, '');
  const opener = /^---([A-Za-z]*)\s*$/.exec(firstLine);
  if (!opener || firstLine.startsWith('----')) {
    return { present: false, data: undefined, body: src, bodyLine: 1, bodyOffset: 0, findings: [] };
  }
  const language = (opener[1] ?? '').toLowerCase();
  const findings: Finding<C, FrontMatterRule>[] = [];
  if (language && language !== 'yaml' && language !== 'yml') {
    findings.push({
      check,
      rule: 'front-matter-invalid',
      severity: 'error',
      message: `${file}: front matter language "${language}" is not supported; only YAML front matter is read (it is never executed)`,
      file,
      line: 1,
      column: 4,
      fix: 'Write the front matter as YAML between two `---` lines.'
    });
  }
  // find the closing delimiter: a line that is exactly `---` or `...`
  const contentStart = firstBreak === -1 ? src.length : firstBreak + 1;
  let lineStart = contentStart;
  let line = 2;
  let closeStart = -1;
  let closeEnd = -1;
  while (lineStart <= src.length && lineStart < src.length) {
    const nl = src.indexOf('\n', lineStart);
    const end = nl === -1 ? src.length : nl;
    const lineText = src.slice(lineStart, end).replace(/\r$/, '');
    if (lineText === '---' || lineText === '...') {
      closeStart = lineStart;
      closeEnd = nl === -1 ? src.length : nl + 1;
      break;
    }
    if (nl === -1) break;
    lineStart = nl + 1;
    line++;
  }
  if (closeStart === -1) {
    findings.push({
      check,
      rule: 'front-matter-invalid',
      severity: 'error',
      message: `${file}: front matter opened on line 1 is never closed`,
      file,
      line: 1,
      column: 1,
      fix: 'Add a line with only `---` after the last front matter line.'
    });
    return { present: true, data: undefined, body: src, bodyLine: 1, bodyOffset: 0, findings };
  }
  const offsetShift = src === text ? 0 : 1;
  if (findings.length > 0) {
    // another language: its text is not YAML, so it is neither parsed nor executed
    return { present: true, data: undefined, body: src.slice(closeEnd), bodyLine: line + 1, bodyOffset: closeEnd + offsetShift, findings };
  }
  const yamlText = src.slice(contentStart, closeStart);
  const parsed = parseYaml(yamlText, { file, lineOffset: 1 }, check);
  append(findings, parsed.findings);
  let data: Record<string, unknown> | undefined;
  if (parsed.ok) {
    if (parsed.data === null || parsed.data === undefined) data = {};
    else if (typeof parsed.data === 'object' && !Array.isArray(parsed.data)) data = parsed.data as Record<string, unknown>;
    else
      findings.push({
        check,
        rule: 'front-matter-invalid',
        severity: 'error',
        message: `${file}: front matter must be a mapping of keys to values, not ${Array.isArray(parsed.data) ? 'a list' : typeof parsed.data}`,
        file,
        line: 2,
        column: 1,
        fix: 'Write the front matter as `key: value` lines.'
      });
  }
  const result: FrontMatterResult<C> = { present: true, data, parsed, body: src.slice(closeEnd), bodyLine: line + 1, bodyOffset: closeEnd + offsetShift, findings };
  return result;
}
