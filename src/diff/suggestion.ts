import { applyEdits, EditConflictError, type Edit } from '../model/edit.js';
import { codeFence } from '../markdown/fence.js';
import { LineIndex } from '../model/lines.js';

/**
 * What a GitHub suggestion block replaces: the lines `startLine`..`line` of the file at
 * the head commit (right side), with `text` (the new content of exactly those lines,
 * without the final line break; an empty text deletes them).
 */
export interface Suggestion {
  startLine: number;
  line: number;
  text: string;
}

/** The last line an edit changes: an edit that ends at the start of a line (column 1) leaves that line alone. */
export function lastLineOf(edit: Edit): number {
  return edit.end.column === 1 && edit.end.line > edit.start.line ? edit.end.line - 1 : edit.end.line;
}

/**
 * The suggestion that applies `edits` (all of one file whose text at the head is
 * `text`), or undefined when they cannot be one: the lines they touch are not all
 * right-side lines of the file's diff (`rightLines`; GitHub takes a comment only there)
 * or read differently there than in `text` (then `text` is not the head's), the edits
 * conflict, or the change cannot be said as "replace these whole lines" (it joins the
 * last line with the next, or adds a line break after a last line that has none).
 * The range covers exactly the lines the edits touch: an insertion at the start of a line
 * replaces that line with the insertion followed by the line. Pure.
 */
export function suggestionFor(edits: readonly Edit[], text: string, rightLines: ReadonlyMap<number, string>): Suggestion | undefined {
  if (edits.length === 0) return undefined;
  const startLine = Math.min(...edits.map((e) => e.start.line));
  const line = Math.max(...edits.map(lastLineOf));
  if (!(startLine >= 1 && line >= startLine)) return undefined;

  let changed: string;
  try {
    changed = applyEdits(text, edits);
  } catch (error) {
    if (error instanceof EditConflictError) return undefined;
    throw error;
  }
  const index = new LineIndex(text);
  if (line > index.lineCount) return undefined;
  // every line must be on the diff's right side AND read the same there: a workspace that is not the head
  // (a merge commit checked out) must not get a suggestion computed from other lines
  for (let n = startLine; n <= line; n++) if (rightLines.get(n) !== index.lineText(n)) return undefined;
  const from = index.lineStart(startLine);
  // the range ends after the last line's line break: an edit may end exactly there (a deleted line)
  const to = line < index.lineCount ? index.lineStart(line + 1) : text.length;
  const before = text.slice(from, to);
  const after = changed.slice(from, to + changed.length - text.length);
  // everything outside the range must be untouched, or the edits reach beyond the lines the comment covers
  if (changed.slice(0, from) !== text.slice(0, from) || changed.slice(to + changed.length - text.length) !== text.slice(to)) return undefined;

  const breakAtEnd = /\r?\n$/;
  if (breakAtEnd.test(before)) {
    if (after === '') return { startLine, line, text: '' };
    if (!breakAtEnd.test(after)) return undefined; // the last line would run into the next one
    return { startLine, line, text: after.replace(breakAtEnd, '') };
  }
  // the file's last line, without a line break: the suggestion cannot add one
  if (breakAtEnd.test(after)) return undefined;
  return { startLine, line, text: after };
}

/**
 * A fenced `suggestion` block for GitHub. The fence is longer than any backtick run in
 * the text, so no line of the file's content can close it early (a changelog that
 * quotes a code block stays inside the suggestion).
 */
export function suggestionBlock(text: string): string {
  const fence = codeFence(text);
  return `${fence}suggestion\n${text === '' ? '' : `${text}\n`}${fence}`;
}
