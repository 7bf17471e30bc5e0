import type { Edit } from './edit.js';
import type { Span } from './finding.js';
import { LineIndex } from './lines.js';

/** The line ending a text mostly uses (`\r\n` when it has any, else `\n`), for inserted lines. */
export function lineEnding(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** An edit replacing a span of one line (1-based columns, end exclusive). */
export function replaceSpan(file: string, line: number, column: number, endColumn: number, text: string): Edit {
  return { file, start: { line, column }, end: { line, column: endColumn }, text };
}

/** An edit inserting whole lines before a 1-based line. */
export function insertBeforeLine(file: string, line: number, text: string): Edit {
  return { file, start: { line, column: 1 }, end: { line, column: 1 }, text };
}

/** An edit deleting a whole 1-based line with its line ending (the one before it, for a last line without one). */
export function deleteLine(index: LineIndex, file: string, line: number): Edit {
  if (line < index.lineCount) return { file, start: { line, column: 1 }, end: { line: line + 1, column: 1 }, text: '' };
  const end = { line, column: index.lineText(line).length + 1 + (index.text.endsWith('\r') ? 1 : 0) };
  if (line === 1) return { file, start: { line: 1, column: 1 }, end, text: '' };
  const previous = index.lineStart(line) - index.lineStart(line - 1); // length of the previous line with its ending
  return { file, start: { line: line - 1, column: previous - (index.text[index.lineStart(line) - 2] === '\r' ? 1 : 0) }, end, text: '' };
}

/** An edit appending lines at the end of a text, starting a new line first when the text does not end with one. */
export function appendLines(index: LineIndex, file: string, lines: readonly string[]): Edit {
  const eol = lineEnding(index.text);
  const end = index.position(index.text.length);
  const lead = index.text === '' || index.text.endsWith('\n') ? '' : eol;
  return { file, start: end, end, text: `${lead}${lines.join(eol)}${eol}` };
}

/**
 * An edit setting a one-line YAML scalar at `span` of `text` to `value`, keeping its quotes;
 * undefined when the span is not a plain or quoted scalar on one line, or `value` would
 * need quoting the original did not have.
 */
export function scalarEdit(file: string, text: string, span: Span | undefined, value: string): Edit | undefined {
  if (!span?.end || span.end.line !== span.start.line) return undefined;
  const line = new LineIndex(text).lineText(span.start.line);
  const written = line.slice(span.start.column - 1, span.end.column - 1);
  if (written === '') return undefined;
  const quote = written[0] === '"' || written[0] === "'" ? written[0] : '';
  let replacement: string;
  if (quote === '"') replacement = JSON.stringify(value);
  else if (quote === "'") replacement = `'${value.replace(/'/g, "''")}'`;
  else if (/^[A-Za-z0-9_./][A-Za-z0-9_./:-]*$/.test(value) && !value.endsWith(':')) replacement = value;
  else return undefined;
  if (quote && !written.endsWith(quote)) return undefined;
  return { file, start: span.start, end: span.end, text: replacement };
}
