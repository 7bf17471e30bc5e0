import { describe, expect, it } from '@jest/globals';
import { LineIndex } from '../../src/model/lines.js';
import { atLeast, compareFindings } from '../../src/model/finding.js';

describe('LineIndex', () => {
  const index = new LineIndex('ab\r\ncd\n\nef');
  it('maps offsets to 1-based lines and columns', () => {
    expect(index.position(0)).toEqual({ line: 1, column: 1 });
    expect(index.position(4)).toEqual({ line: 2, column: 1 });
    expect(index.position(5)).toEqual({ line: 2, column: 2 });
    expect(index.position(8)).toEqual({ line: 4, column: 1 });
    expect(index.position(999)).toEqual({ line: 4, column: 3 });
  });
  it('returns line text without the line ending', () => {
    expect(index.lineText(1)).toBe('ab');
    expect(index.lineText(3)).toBe('');
    expect(index.lineText(4)).toBe('ef');
    expect(index.lineCount).toBe(4);
  });
});

describe('finding helpers', () => {
  it('orders severities and findings', () => {
    expect(atLeast('error', 'warning')).toBe(true);
    expect(atLeast('notice', 'warning')).toBe(false);
    const a = { check: 'x', rule: 'r', severity: 'error' as const, message: 'm', file: 'a.md', line: 2 };
    const b = { ...a, line: 10 };
    expect([b, a].sort(compareFindings)).toEqual([a, b]);
  });
});
