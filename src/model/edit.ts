import type { Position, Span } from './finding.js';
import { LineIndex } from './lines.js';

/**
 * A machine edit a finding may carry: replace the text from `start` (inclusive) to `end`
 * (exclusive) of `file` with `text`. Positions follow the finding model's conventions:
 * 1-based lines, UTF-16 columns. An insertion has `start` equal to `end`.
 */
export interface Edit {
  /** Repository-relative path with `/` separators. */
  file: string;
  start: Position;
  end: Position;
  text: string;
}

/** Why a set of edits could not be applied to a text. */
export class EditConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EditConflictError';
  }
}

function offsetOf(index: LineIndex, position: Position): number | undefined {
  if (!Number.isInteger(position.line) || !Number.isInteger(position.column)) return undefined;
  if (position.line < 1 || position.line > index.lineCount || position.column < 1) return undefined;
  const start = index.lineStart(position.line);
  const offset = start + position.column - 1;
  // A column may point at the line's end (an insertion after its last character), not past it.
  const lineEnd = position.line < index.lineCount ? index.lineStart(position.line + 1) : index.text.length;
  return offset <= lineEnd ? offset : undefined;
}

/**
 * Applies edits of one file to its text and returns the new text. Identical edits count
 * once (two findings may propose the same change); overlapping different edits, or a
 * position outside the text, throw an {@link EditConflictError} so nothing half-applied
 * is ever written.
 */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  if (edits.length === 0) return text;
  const index = new LineIndex(text);
  const located: { from: number; to: number; text: string }[] = [];
  for (const edit of edits) {
    const from = offsetOf(index, edit.start);
    const to = offsetOf(index, edit.end);
    if (from === undefined || to === undefined || to < from) {
      throw new EditConflictError(
        `edit at ${edit.start.line}:${edit.start.column}-${edit.end.line}:${edit.end.column} is outside ${edit.file}`,
      );
    }
    located.push({ from, to, text: edit.text });
  }
  located.sort((a, b) => a.from - b.from || a.to - b.to);
  const unique = located.filter(
    (edit, i) => i === 0 || !(edit.from === located[i - 1]!.from && edit.to === located[i - 1]!.to && edit.text === located[i - 1]!.text),
  );
  for (let i = 1; i < unique.length; i++) {
    const previous = unique[i - 1]!;
    const current = unique[i]!;
    if (current.from < previous.to || (current.from === previous.from && current.from === current.to && previous.from === previous.to)) {
      throw new EditConflictError(`two edits of the same text overlap at offset ${current.from}`);
    }
  }
  let result = '';
  let cursor = 0;
  for (const edit of unique) {
    result += text.slice(cursor, edit.from) + edit.text;
    cursor = edit.to;
  }
  return result + text.slice(cursor);
}

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
