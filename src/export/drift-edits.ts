import { diffLines } from 'diff';
import type { Edit } from '../model/edit.js';
import { LineIndex } from '../model/lines.js';

/** Beyond this many changed regions a file is better rebuilt than patched by suggestions. */
const MAX_REGIONS = 50;

/**
 * The edits that turn a generated file's text on disk into what a build writes: one per
 * changed run of lines, so a review can suggest the runs that lie in the pull request's
 * diff. Undefined when the texts cannot be edited line for line (CRLF on disk, text that
 * is not UTF-8, too many regions): the build command in the fix text then stands alone.
 */
export function driftEdits(file: string, before: string, after: string): Edit[] | undefined {
  if (before === after || before.includes('\r') || before.includes('\uFFFD')) return undefined;
  const index = new LineIndex(before);
  const edits: Edit[] = [];
  let offset = 0;
  let pending: { from: number; to: number; text: string } | undefined;
  const flush = (): void => {
    if (!pending) return;
    edits.push({ file, start: index.position(pending.from), end: index.position(pending.to), text: pending.text });
    pending = undefined;
  };
  for (const part of diffLines(before, after)) {
    if (!part.added && !part.removed) {
      flush();
      offset += part.value.length;
      continue;
    }
    pending ??= { from: offset, to: offset, text: '' };
    if (part.removed) {
      offset += part.value.length;
      pending.to = offset;
    } else {
      pending.text += part.value;
    }
  }
  flush();
  return edits.length > 0 && edits.length <= MAX_REGIONS ? edits : undefined;
}
