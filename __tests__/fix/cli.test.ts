import { afterAll, describe, expect, it } from '@jest/globals';
import { lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { computeFixes, writeFixedFiles } from '../../src/fix/index.js';
import { cli } from '../helpers/cli.js';
import { cleanupFolders, makeFolder, tempDir } from '../helpers/folder.js';

afterAll(cleanupFolders);

const HEAD = '# Changelog\n\n';
/** A changelog whose only problem is a category in the wrong letter case. */
const FIXABLE = `${HEAD}## [Unreleased]\n\n### fixed\n- a crash\n\n## [1.0.0] - 2024-01-05\n\n### Added\n- first\n`;
/** The same with an empty category too, which has no machine edit. */
const PARTLY = `${HEAD}## [Unreleased]\n\n### fixed\n- a crash\n\n### Security\n\n## [1.0.0] - 2024-01-05\n\n### Added\n- first\n`;

const changelogOf = (dir: string): string => readFileSync(path.join(dir, 'CHANGELOG.md'), 'utf8');

describe('kit-guard check --fix', () => {
  it('applies the edits, re-checks, says what it fixed and exits 0 when nothing remains', async () => {
    const repo = makeFolder({ files: { 'CHANGELOG.md': FIXABLE } });
    const { code, stdout, stderr } = await cli(['check', 'changelog', '--fix', '--root', repo.dir]);
    expect(stderr).toBe('');
    expect(code).toBe(ExitCode.Clean);
    expect(stdout).toMatch(/Fixed 1 finding in 1 file\n$/);
    expect(changelogOf(repo.dir)).toBe(FIXABLE.replace('### fixed', '### Fixed'));
    // no temporary file is left behind
    expect(readdirSync(repo.dir)).toEqual(['CHANGELOG.md']);
  });

  it('exits 1 when a finding at the fail level remains, and lists it', async () => {
    const repo = makeFolder({ files: { 'CHANGELOG.md': PARTLY } });
    const { code, stdout } = await cli(['check', 'changelog', '--fix', '--root', repo.dir]);
    expect(code).toBe(ExitCode.Findings);
    expect(stdout).toContain('changelog/empty-category');
    expect(stdout).not.toContain('changelog/unknown-category');
    expect(stdout).toMatch(/Fixed 1 finding in 1 file\n$/);
  });

  it('keeps JSON output parseable: the Fixed line goes to stderr', async () => {
    const repo = makeFolder({ files: { 'CHANGELOG.md': PARTLY } });
    const { code, stdout, stderr } = await cli(['check', 'changelog', '--fix', '--format', 'json', '--root', repo.dir]);
    expect(code).toBe(ExitCode.Findings);
    const rules = (JSON.parse(stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule);
    expect(rules).toContain('empty-category');
    expect(rules).not.toContain('unknown-category');
    expect(stderr).toBe('Fixed 1 finding in 1 file\n');
  });

  it('--fix-dry-run prints a unified diff with a/ b/ paths relative to --root, writes nothing, and exits as the rest would', async () => {
    const repo = makeFolder({ files: { 'CHANGELOG.md': FIXABLE } });
    const clean = await cli(['check', 'changelog', '--fix-dry-run', '--root', repo.dir]);
    expect(clean.code).toBe(ExitCode.Clean);
    expect(clean.stdout).toBe('--- a/CHANGELOG.md\n+++ b/CHANGELOG.md\n@@ -2,7 +2,7 @@\n \n ## [Unreleased]\n \n-### fixed\n+### Fixed\n - a crash\n \n ## [1.0.0] - 2024-01-05\n');
    expect(clean.stderr).toMatch(/^Would fix 1 finding in 1 file; \d+ findings? would remain\.\n$/);
    expect(changelogOf(repo.dir)).toBe(FIXABLE);
    repo.write({ 'CHANGELOG.md': PARTLY });
    const partly = await cli(['check', 'changelog', '--fix-dry-run', '--root', repo.dir]);
    expect(partly.code).toBe(ExitCode.Findings);
    expect(changelogOf(repo.dir)).toBe(PARTLY);
  });

  it('--fix and --fix-dry-run together are a usage error', async () => {
    const repo = makeFolder({ files: { 'CHANGELOG.md': FIXABLE } });
    const { code, stderr } = await cli(['check', '--fix', '--fix-dry-run', '--root', repo.dir]);
    expect(code).toBe(ExitCode.Usage);
    expect(stderr.split('\n')[0]).toBe('kit-guard: --fix and --fix-dry-run cannot be used together');
    expect(changelogOf(repo.dir)).toBe(FIXABLE);
  });

  it('--help names both flags', async () => {
    const { stdout } = await cli(['--help']);
    expect(stdout).toContain('--fix ');
    expect(stdout).toContain('--fix-dry-run');
  });

  it('never edits through a symbolic link: the finding is named on stderr and the link stays', async () => {
    const repo = makeFolder({ files: { 'docs/real.md': '# Kit\n\nSee [it](Guide.md).\n', 'docs/guide.md': '# Guide\n' } });
    symlinkSync('real.md', path.join(repo.dir, 'docs/link.md'));
    const { code, stdout, stderr } = await cli(['check', 'doc-truth', '--fix', '--root', repo.dir]);
    expect(stderr).toBe('kit-guard: not fixed: doc-truth/link-case-mismatch in docs/link.md: docs/link.md cannot be edited (unreadable, not UTF-8, a symbolic link, or outside the repository)\n');
    expect(lstatSync(path.join(repo.dir, 'docs/link.md')).isSymbolicLink()).toBe(true);
    // the real file was fixed through its own path; the checks ran again on the disk
    expect(readFileSync(path.join(repo.dir, 'docs/real.md'), 'utf8')).toBe('# Kit\n\nSee [it](guide.md).\n');
    expect(stdout).toMatch(/Fixed 1 finding in 1 file\n$/);
    expect(code).toBe(ExitCode.Clean);
  });
});

describe('writeFixedFiles', () => {
  it('refuses a path that leaves the repository through a symbolic link to a folder, and one with ..', () => {
    const outside = tempDir('kit-guard-outside-');
    writeFileSync(path.join(outside, 'a.md'), 'old\n');
    const repo = makeFolder({ files: { 'README.md': '# x\n' } });
    symlinkSync(outside, path.join(repo.dir, 'out'));
    const outcome = writeFixedFiles(repo.dir, [
      { file: 'out/a.md', before: 'old\n', after: 'new\n' },
      { file: '../a.md', before: 'old\n', after: 'new\n' }
    ]);
    expect(outcome.written).toEqual([]);
    expect(outcome.refused.map((r) => r.reason)).toEqual(['outside', 'outside']);
    expect(readFileSync(path.join(outside, 'a.md'), 'utf8')).toBe('old\n');
  });

  it('refuses a file that changed since it was read', async () => {
    const repo = makeFolder({ files: { 'CHANGELOG.md': FIXABLE } });
    const fixes = await computeFixes({ root: repo.dir, checks: ['changelog'] });
    expect(fixes.files).toHaveLength(1);
    writeFileSync(path.join(repo.dir, 'CHANGELOG.md'), `${FIXABLE}- edited meanwhile\n`);
    const outcome = writeFixedFiles(repo.dir, fixes.files);
    expect(outcome.refused).toEqual([{ file: 'CHANGELOG.md', reason: 'changed', message: 'CHANGELOG.md changed since it was read; it was not written' }]);
    expect(changelogOf(repo.dir)).toBe(`${FIXABLE}- edited meanwhile\n`);
    expect(readdirSync(repo.dir)).toEqual(['CHANGELOG.md']);
  });

  it('never edits a file that is not UTF-8', async () => {
    const repo = makeFolder({ files: { 'docs/guide.md': '# Guide\n' } });
    mkdirSync(path.join(repo.dir, 'x'), { recursive: true });
    const bytes = Buffer.concat([Buffer.from('# Kit\n\n[it](Docs/guide.md)\n'), Buffer.from([0xff, 0x0a])]);
    writeFileSync(path.join(repo.dir, 'README.md'), bytes);
    const fixes = await computeFixes({ root: repo.dir, checks: ['doc-truth'] });
    expect(fixes.files).toEqual([]);
    expect(readFileSync(path.join(repo.dir, 'README.md')).equals(bytes)).toBe(true);
  });
});
