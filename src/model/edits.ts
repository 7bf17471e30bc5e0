import type { Edit } from './edit.js';
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
