import type { Position } from './finding.js';

/**
 * The index of the last entry at or below `value` in an ascending list (0 when none is):
 * every `stride`-th number of `sorted` is a key, so `[key, value, key, value]` works too.
 */
export function lastAtOrBelow(sorted: ArrayLike<number>, value: number, stride = 1): number {
  let lo = 0;
  let hi = Math.floor(sorted.length / stride) - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((sorted[mid * stride] as number) <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The 1-based line and UTF-16 column of `offset`, given the offsets where lines start. */
export function positionIn(lineStarts: ArrayLike<number>, offset: number): Position {
  const line = lastAtOrBelow(lineStarts, offset);
  return { line: line + 1, column: offset - (lineStarts[line] as number) + 1 };
}

/**
 * Maps string offsets to 1-based line/column positions. Built once per text; lookups
 * are a binary search, so checks can place thousands of findings cheaply.
 */
export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    let i = text.indexOf('\n');
    while (i !== -1) {
      starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset (0-based, UTF-16 units) to a 1-based position. */
  position(offset: number): Position {
    return positionIn(this.starts, Math.max(0, Math.min(offset, this.text.length)));
  }

  /** The 0-based offset where a 1-based line starts. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))] as number;
  }

  /** The text of a 1-based line without its line ending. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line < this.starts.length ? (this.starts[line] as number) - 1 : this.text.length;
    const raw = this.text.slice(start, next);
    return raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  }
}
