import { describe, expect, it } from '@jest/globals';
import { planFixes, unifiedPatch } from '../../src/fix/index.js';
import type { Finding } from '../../src/model/finding.js';
import { deleteLine, appendLines, scalarEdit } from '../../src/model/edit.js';
import { LineIndex } from '../../src/model/lines.js';

const finding = (rule: string, edits: Finding['edits']): Finding => ({ check: 'doc-truth', rule, severity: 'error', message: rule, file: 'a.md', ...(edits ? { edits } : {}) });
const at = (line: number, column: number, endColumn: number, text: string, file = 'a.md') => ({ file, start: { line, column }, end: { line, column: endColumn }, text });

describe('planFixes', () => {
  it('applies non-overlapping edits of several findings and counts identical ones once', () => {
    const plan = planFixes([finding('a', [at(1, 1, 4, 'one')]), finding('b', [at(2, 1, 4, 'two')]), finding('c', [at(2, 1, 4, 'two')]), finding('none', undefined)], () => 'abc\ndef\n');
    expect(plan.texts.get('a.md')).toBe('one\ntwo\n');
    expect(plan.applied.map((f) => f.rule)).toEqual(['a', 'b', 'c']);
    expect(plan.skipped).toEqual([]);
  });

  it('skips a finding whose edit overlaps one already taken, never half-applying it', () => {
    const plan = planFixes([finding('a', [at(1, 1, 3, 'X')]), finding('b', [at(1, 2, 4, 'Y'), at(2, 1, 2, 'Z')])], () => 'abc\ndef\n');
    expect(plan.texts.get('a.md')).toBe('Xc\ndef\n');
    expect(plan.skipped.map((s) => s.finding.rule)).toEqual(['b']);
    expect(plan.skipped[0]?.reason).toMatch(/conflict/);
  });

  it('skips a finding with an edit in a file it cannot read (not UTF-8, outside the repository), in every file', () => {
    const plan = planFixes([finding('a', [at(1, 1, 2, 'X'), at(1, 1, 2, 'Y', 'bad.md')])], (file) => (file === 'a.md' ? 'abc\n' : undefined));
    expect(plan.texts.size).toBe(0);
    expect(plan.skipped[0]?.reason).toMatch(/bad\.md cannot be edited/);
  });

  it('skips an edit outside the text', () => {
    const plan = planFixes([finding('a', [at(9, 1, 2, 'X')])], () => 'abc\n');
    expect(plan.applied).toEqual([]);
    expect(plan.skipped).toHaveLength(1);
  });
});

describe('unifiedPatch', () => {
  it('prints a/ b/ repository-relative paths and leaves unchanged files out', () => {
    const patch = unifiedPatch([
      { file: 'docs/a.md', before: 'x\ny\n', after: 'x\nz\n' },
      { file: 'same.md', before: 'q\n', after: 'q\n' }
    ]);
    expect(patch).toBe('--- a/docs/a.md\n+++ b/docs/a.md\n@@ -1,2 +1,2 @@\n x\n-y\n+z\n');
  });
});

describe('edit helpers', () => {
  it('deletes a line with its ending, and a last line without one', () => {
    expect(deleteLine(new LineIndex('a\nb\nc\n'), 'f', 2)).toEqual({ file: 'f', start: { line: 2, column: 1 }, end: { line: 3, column: 1 }, text: '' });
    expect(deleteLine(new LineIndex('a\nb'), 'f', 2)).toEqual({ file: 'f', start: { line: 1, column: 2 }, end: { line: 2, column: 2 }, text: '' });
    expect(deleteLine(new LineIndex('a\r\nb'), 'f', 2)).toEqual({ file: 'f', start: { line: 1, column: 2 }, end: { line: 2, column: 2 }, text: '' });
  });

  it('appends lines, starting a new line when the text has no final one, in the text\'s line ending', () => {
    expect(appendLines(new LineIndex('a'), 'f', ['x']).text).toBe('\nx\n');
    expect(appendLines(new LineIndex('a\r\n'), 'f', ['x', 'y']).text).toBe('x\r\ny\r\n');
  });

  it('sets a YAML scalar keeping its quotes, and refuses a value that would need quotes it lacks', () => {
    const span = (text: string) => ({ start: { line: 1, column: 5 }, end: { line: 1, column: text.length + 1 } });
    expect(scalarEdit('f', 'id: "b"', span('id: "b"'), 'a')?.text).toBe('"a"');
    expect(scalarEdit('f', "id: 'b'", span("id: 'b'"), "a'b")?.text).toBe("'a''b'");
    expect(scalarEdit('f', 'id: b', span('id: b'), 'docs/a.md')?.text).toBe('docs/a.md');
    expect(scalarEdit('f', 'id: b', span('id: b'), 'a: b')).toBeUndefined();
  });
});

describe('library entry', () => {
  it('exports the fix functions', async () => {
    const lib = await import('../../src/index.js');
    for (const name of ['computeFixes', 'fixRepository', 'planFixes', 'writeFixedFiles', 'unifiedPatch', 'applyEdits'] as const) expect(typeof lib[name]).toBe('function');
  });
});
