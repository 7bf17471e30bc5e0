import { describe, expect, it } from '@jest/globals';
import { applyPatch } from 'diff';
import type { Finding } from '../../src/model/finding.js';
import { buildFixPatch, renderFixPatchSection } from '../../src/report/render/fix-patch.js';

const CHANGELOG = '# Changelog\n\n## [Unreleased]\n\n### fixed\n- Crash\n';
const finding = (rule: string, edits: Finding['edits']): Finding => ({ check: 'changelog', rule, severity: 'error', file: 'CHANGELOG.md', message: 'm', ...(edits ? { edits } : {}) });
const rename = finding('unknown-category', [{ file: 'CHANGELOG.md', start: { line: 5, column: 5 }, end: { line: 5, column: 10 }, text: 'Fixed' }]);

describe('buildFixPatch', () => {
  it('makes one unified patch with a/ b/ paths under the kit folder, that applies to the head text', () => {
    const files: Record<string, string> = { 'kit/CHANGELOG.md': CHANGELOG };
    const fix = buildFixPatch([rename, finding('no-edit', undefined)], (p) => (p in files ? { text: files[p]! } : undefined), 'kit');
    expect(fix).toMatchObject({ findings: 1, files: ['kit/CHANGELOG.md'], left: 0 });
    expect(fix.patch.startsWith('--- a/kit/CHANGELOG.md\n+++ b/kit/CHANGELOG.md\n@@ ')).toBe(true);
    expect(fix.patch).toContain('\n-### fixed\n+### Fixed\n');
    expect(applyPatch(CHANGELOG, fix.patch)).toBe(CHANGELOG.replace('### fixed', '### Fixed'));
  });

  it('leaves out a finding whose edits conflict with an earlier one, or whose file cannot be read', () => {
    const clash = finding('other', [{ file: 'CHANGELOG.md', start: { line: 5, column: 1 }, end: { line: 5, column: 10 }, text: '### Bugs' }]);
    const elsewhere = finding('gone', [{ file: 'gone.md', start: { line: 1, column: 1 }, end: { line: 1, column: 1 }, text: 'x' }]);
    const fix = buildFixPatch([rename, clash, elsewhere, rename], (p) => (p === 'CHANGELOG.md' ? { text: CHANGELOG } : undefined));
    // the second copy of the same edit counts once when applied
    expect(fix).toMatchObject({ findings: 2, left: 2, files: ['CHANGELOG.md'] });
  });

  it('keeps a byte-order mark in both sides, so the patch applies to the file on disk', () => {
    const fix = buildFixPatch([rename], () => ({ text: CHANGELOG, bom: true }));
    expect(applyPatch(`\uFEFF${CHANGELOG}`, fix.patch)).toBe(`\uFEFF${CHANGELOG.replace('### fixed', '### Fixed')}`);
  });
});

describe('renderFixPatchSection', () => {
  const fix = buildFixPatch([rename], () => ({ text: CHANGELOG }));

  it('fences the patch with the git apply hint; nothing for no patch', () => {
    const md = renderFixPatchSection(fix, { maxChars: 20_000, scope: 'unsuggested' });
    expect(md).toContain('1 fix kit-guard can make that no inline suggestion carries');
    expect(md).toContain('`git apply fixes.patch`');
    expect(md).toContain(`\`\`\`diff\n${fix.patch}\`\`\`\n`);
    expect(renderFixPatchSection({ patch: '', findings: 0, files: [], left: 0 }, { maxChars: 10, scope: 'all' })).toBe('');
  });

  it('leaves an over-long patch out whole and names kit-guard check --fix', () => {
    const md = renderFixPatchSection(fix, { maxChars: 10, scope: 'all', elsewhere: 'the job summary has it' });
    expect(md).not.toContain('```');
    expect(md).toContain('too long to show here, so it was left out');
    expect(md).toContain('`kit-guard check --fix`');
  });

  it('a backtick run in the patch gets a longer fence', () => {
    const text = '# C\n\n## [Unreleased]\n\n### fixed\n- ```` code\n';
    const md = renderFixPatchSection(buildFixPatch([rename], () => ({ text })), { maxChars: 20_000, scope: 'all' });
    expect(md).toContain('`````diff\n');
  });
});
