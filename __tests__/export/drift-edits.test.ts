import { afterAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkCompiled } from '../../src/export/check.js';
import { driftEdits } from '../../src/export/drift-edits.js';
import { loadKit } from '../../src/kit/load.js';
import { applyEdits } from '../../src/model/edit.js';
import { computeFixes } from '../../src/fix/index.js';
import { buildExports, writeExports } from '../../src/export/write.js';
import { cleanupFolders, fixturePath, makeFolder } from '../helpers/folder.js';
import { compiled } from './writer-helpers.js';

afterAll(() => cleanupFolders());

describe('driftEdits', () => {
  const cases: Array<[string, string, string]> = [
    ['one changed line', 'a\nb\nc\n', 'a\nB\nc\n'],
    ['lines added at the end, no final newline before', 'a\nb', 'a\nb\nc\nd\n'],
    ['lines removed at the start', 'x\ny\na\nb\n', 'a\nb\n'],
    ['several regions, an insertion between unchanged lines', 'a\nb\nc\nd\ne\n', 'A\nb\nc\nnew\nd\nE\n'],
    ['everything replaced', 'old\n', 'new\nlines\n'],
    ['astral characters before a change', '😀 a\nb\n', '😀 a\nc\n']
  ];
  it.each(cases)('%s: applying the edits gives what a build writes', (_name, before, after) => {
    const edits = driftEdits('f.md', before, after);
    expect(edits).toBeDefined();
    expect(applyEdits(before, edits!)).toBe(after);
    for (const edit of edits!) expect(edit.file).toBe('f.md');
  });

  it('makes one edit per changed region, starting at its line', () => {
    const edits = driftEdits('f.md', 'a\nb\nc\nd\ne\n', 'A\nb\nc\nd\nE\n')!;
    expect(edits.map((e) => [e.start, e.end, e.text])).toEqual([
      [{ line: 1, column: 1 }, { line: 2, column: 1 }, 'A\n'],
      [{ line: 5, column: 1 }, { line: 6, column: 1 }, 'E\n']
    ]);
  });

  it('gives none for equal texts, CRLF on disk, or text that was not UTF-8', () => {
    expect(driftEdits('f.md', 'a\n', 'a\n')).toBeUndefined();
    expect(driftEdits('f.md', 'a\r\nb\r\n', 'a\nc\n')).toBeUndefined();
    expect(driftEdits('f.md', 'a\uFFFD\n', 'a\n')).toBeUndefined();
  });
});

describe('export drift findings carry the edits a review can suggest', () => {
  it('a generated file changed on disk: applying the finding\'s edits restores what a build writes, and the check is clean again', async () => {
    const repo = makeFolder({ files: { 'wazir.manifest.yaml': 'manifest_version: 2\nproject:\n  name: demo\n', 'roles/a.md': '# A\n' } });
    const host = () => compiled('claude', { '.claude/agents/a.md': 'line 1\nline 2\nline 3\n' }, { '.claude/agents/a.md': ['roles/a.md'] });
    await writeExports(loadKit(repo.dir), [host()]);
    const file = 'exports/hosts/claude/.claude/agents/a.md';
    const edited = 'line 1\nline two, by hand\nline 3\n';
    writeFileSync(path.join(repo.dir, file), edited);
    const findings = (await checkCompiled(loadKit(repo.dir), [host()])).findings;
    const drift = findings.find((f) => f.file === file);
    expect(drift?.rule).toBe('export-hand-edited');
    expect(drift?.edits).toEqual([{ file, start: { line: 2, column: 1 }, end: { line: 3, column: 1 }, text: 'line 2\n' }]);
    writeFileSync(path.join(repo.dir, file), applyEdits(edited, drift!.edits!));
    expect((await checkCompiled(loadKit(repo.dir), [host()])).findings).toEqual([]);
  });
});

describe('check --fix and export drift', () => {
  it('leaves a hand-edited generated file alone: its edits are review suggestions, and export build is its fix', async () => {
    const repo = makeFolder({ fixture: fixturePath('kits', 'export-basic') });
    await buildExports(loadKit(repo.dir));
    const file = 'exports/hosts/claude/.claude/agents/planner.md';
    writeFileSync(path.join(repo.dir, file), 'edited by hand\n');
    const fixes = await computeFixes({ root: repo.dir, checks: ['export'] });
    expect(fixes.files).toEqual([]);
    expect(fixes.applied).toEqual([]);
    const drift = fixes.remaining.findings.find((f) => f.file === file);
    expect(drift?.rule).toBe('export-hand-edited');
    expect(drift?.edits?.length).toBeGreaterThan(0);
  });
});
