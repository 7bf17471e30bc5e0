import { describe, expect, it } from '@jest/globals';
import { fingerprint, fingerprintFindings, indexDiff, labelFindings, parseUnifiedDiff, rightSideLines } from '../../src/diff/index.js';
import type { Finding } from '../../src/model/finding.js';

// A patch as GitHub's pulls/list-files gives it: hunks only, no file header.
const PATCH = ['@@ -1,4 +1,5 @@', ' # Kit', '-Old intro.', '+New intro.', '+Another line.', ' ', ' End.', '@@ -20,2 +21,3 @@ section', ' keep', '+added at 22', ' tail', '\\ No newline at end of file'].join('\n');

const finding = (file: string | undefined, line?: number, extra: Partial<Finding> = {}): Finding => ({
  check: 'doc-truth',
  rule: 'link-target-missing',
  severity: 'error',
  message: 'the link points at "x.md"',
  ...(file !== undefined ? { file } : {}),
  ...(line !== undefined ? { line } : {}),
  ...extra
});

describe('diff/patch: rightSideLines', () => {
  it('keeps added and context lines of the new file with their numbers and text; skips deleted lines and markers', () => {
    expect([...rightSideLines(PATCH)]).toEqual([
      [1, '# Kit'],
      [2, 'New intro.'],
      [3, 'Another line.'],
      [4, ''],
      [5, 'End.'],
      [21, 'keep'],
      [22, 'added at 22'],
      [23, 'tail']
    ]);
  });

  it('reads CRLF patches, ignores text before the first hunk and a trailing newline', () => {
    expect([...rightSideLines('garbage\r\n@@ -0,0 +1,2 @@\r\n+a\r\n+b\r\n').keys()]).toEqual([1, 2]);
    expect(rightSideLines('').size).toBe(0);
  });
});

describe('diff/filter: labelFindings', () => {
  const index = indexDiff([
    { path: 'content/README.md', status: 'modified', patch: PATCH },
    { path: 'content/logo.png', status: 'added' },
    { path: 'content/gone.md', status: 'removed', patch: '@@ -1 +0,0 @@\n-gone' }
  ]);

  it('labels by file and line without dropping any finding, joining the kit folder to the path', () => {
    const labelled = labelFindings([finding('README.md', 22), finding('README.md', 10), finding('logo.png', 1), finding('other.md', 1), finding(undefined), finding('gone.md', 1)], index, 'content');
    expect(labelled.map((l) => [l.path, l.inDiffFile, l.inDiffLines, l.lineText])).toEqual([
      ['content/README.md', true, true, 'added at 22'],
      ['content/README.md', true, false, undefined],
      ['content/logo.png', true, false, undefined],
      ['content/other.md', false, false, undefined],
      [undefined, false, false, undefined],
      ['content/gone.md', false, false, undefined]
    ]);
  });

  it('puts nothing in the diff without an index (no pull request)', () => {
    expect(labelFindings([finding('README.md', 2)], undefined).map((l) => l.inDiffFile || l.inDiffLines)).toEqual([false]);
  });
});

describe('diff/fingerprint', () => {
  it('depends on check, rule, file and line content, not the line number', () => {
    const at = (line: number, text: string) => labelFindings([finding('README.md', line)], indexDiff([{ path: 'README.md', patch: `@@ -0,0 +${line},1 @@\n+${text}` }]));
    const [a] = fingerprintFindings(at(3, 'Read [x](x.md).'));
    const [b] = fingerprintFindings(at(9, 'Read  [x](x.md). '));
    const [c] = fingerprintFindings(at(3, 'Read [y](x.md).'));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(fingerprint({ check: 'a', rule: 'r', path: 'f', content: 'x' })).not.toBe(fingerprint({ check: 'b', rule: 'r', path: 'f', content: 'x' }));
  });

  it('tells equal findings on equal lines apart, and uses the lineText reader outside the diff', () => {
    const same = labelFindings([finding('a.md', 1), finding('a.md', 1)], undefined);
    const [x, y] = fingerprintFindings(same, () => 'text');
    expect(x).not.toBe(y);
    expect(fingerprintFindings(labelFindings([finding('a.md', 1)], undefined), () => 'text')[0]).toBe(x);
  });
});

describe('diff/unified: parseUnifiedDiff', () => {
  it('splits git diff output into files with patches, statuses and unquoted paths', () => {
    const text = [
      'diff --git a/README.md b/README.md',
      'index 1..2 100644',
      '--- a/README.md',
      '+++ b/README.md',
      '@@ -1 +1,2 @@',
      ' # Kit',
      '+more',
      'diff --git "a/odd\\nname.md" "b/odd\\nname.md"',
      'new file mode 100644',
      '--- /dev/null',
      '+++ "b/odd\\nname.md"',
      '@@ -0,0 +1 @@',
      '+x',
      'diff --git a/gone.md b/gone.md',
      'deleted file mode 100644',
      '--- a/gone.md',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-y',
      'diff --git a/logo.png b/logo.png',
      'Binary files a/logo.png and b/logo.png differ',
      ''
    ].join('\n');
    expect(parseUnifiedDiff(text)).toEqual([
      { path: 'README.md', status: 'modified', patch: '@@ -1 +1,2 @@\n # Kit\n+more' },
      { path: 'odd\nname.md', status: 'added', patch: '@@ -0,0 +1 @@\n+x' },
      { path: 'gone.md', status: 'removed', patch: '@@ -1 +0,0 @@\n-y' }
    ]);
  });
});
