import type { Position } from './finding.js';
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
