import { createHash } from 'node:crypto';
import type { LabelledFinding } from './filter.js';

/**
 * A finding's identity across runs: its check, rule, file and the CONTENT of its line
 * (whitespace collapsed), not the line number, so it survives lines shifting above it.
 * A finding without a known line text falls back to its message. `occurrence` tells
 * apart equal findings on equal lines (the second broken link on the same text).
 */
export function fingerprint(parts: { check: string; rule: string; path?: string; content: string }, occurrence = 0): string {
  const content = parts.content.replace(/\s+/g, ' ').trim();
  return createHash('sha256')
    .update(JSON.stringify([parts.check, parts.rule, parts.path ?? '', content, occurrence]))
    .digest('hex')
    .slice(0, 20);
}

/** Fingerprints every labelled finding, in order; `lineText` supplies line content for findings outside the diff. */
export function fingerprintFindings(labelled: readonly LabelledFinding[], lineText?: (path: string, line: number) => string | undefined): string[] {
  const seen = new Map<string, number>();
  return labelled.map((l) => {
    const f = l.finding;
    const text = l.lineText ?? (l.path !== undefined && f.line !== undefined ? lineText?.(l.path, f.line) : undefined);
    const parts = { check: f.check, rule: f.rule, content: text ?? f.message, ...(l.path !== undefined ? { path: l.path } : {}) };
    const base = fingerprint(parts);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : fingerprint(parts, n);
  });
}
