import { afterAll, describe, expect, it } from '@jest/globals';
import { changelogCheck } from '../../src/checks/changelog.js';
import { loadKit } from '../../src/kit/load.js';
import { applyEdits } from '../../src/model/edit.js';
import type { Finding } from '../../src/model/finding.js';
import { cleanupRepos } from '../helpers/git-repo.js';
import { makeFolder } from '../helpers/folder.js';

afterAll(cleanupRepos);

const LINKS = ['[Unreleased]: https://github.com/o/r/compare/v1.0.0...HEAD', '[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0', ''];

async function check(changelog: string, config?: string): Promise<Finding[]> {
  const repo = makeFolder({ files: { 'CHANGELOG.md': changelog, 'README.md': '# kit\n', ...(config ? { '.kit-guard.yaml': config } : {}) } });
  return changelogCheck.run({ kit: loadKit(repo.dir), change: {} });
}

/** Applies every edit the findings carry, as `--fix` would, and returns the new text. */
function fixed(text: string, findings: readonly Finding[]): string {
  return applyEdits(text, findings.flatMap((f) => f.edits ?? []));
}

describe('changelog machine edits', () => {
  it('unknown-category: a case slip is renamed to the configured spelling, and the check is then clean', async () => {
    const text = ['# Changelog', '', '## [Unreleased]', '', '### fixed', '- Crash on start', '', '## [1.0.0] - 2024-01-31', '', '### ADDED ##', '- First', '', ...LINKS].join('\n');
    const findings = await check(text);
    expect(findings.map((f) => [f.rule, f.line, f.edits])).toEqual([
      ['unknown-category', 5, [{ file: 'CHANGELOG.md', start: { line: 5, column: 5 }, end: { line: 5, column: 10 }, text: 'Fixed' }]],
      ['unknown-category', 10, [{ file: 'CHANGELOG.md', start: { line: 10, column: 5 }, end: { line: 10, column: 10 }, text: 'Added' }]]
    ]);
    const after = fixed(text, findings);
    expect(after.split('\n')[4]).toBe('### Fixed');
    expect(after.split('\n')[9]).toBe('### Added ##');
    expect(await check(after)).toEqual([]);
    // applying twice equals applying once: the fixed text has no edits left
    expect(fixed(after, await check(after))).toBe(after);
  });

  it('unknown-category: uses the configured categories; a category outside any version gets none', async () => {
    const text = ['\uFEFF### improved', '- x', ''].join('\n');
    // no version: the category is not inside one, so only the structure of a version-less file is reported
    expect((await check(text)).some((f) => f.edits)).toBe(false);
    const custom = ['# Changelog', '', '## [Unreleased]', '', '### improved', '- Faster', '', '## [1.0.0] - 2024-01-31', '', '### Added', '- First', '', ...LINKS].join('\n');
    const findings = await check(custom, 'changelog:\n  categories: [Added, Improved]\n');
    expect(findings.map((f) => f.edits?.[0]?.text)).toEqual(['Improved']);
    expect(await check(fixed(custom, findings), 'changelog:\n  categories: [Added, Improved]\n')).toEqual([]);
  });

  it('unknown-category: no edit when the renamed heading would duplicate one of the version, or for a mere synonym', async () => {
    const text = ['# Changelog', '', '## [Unreleased]', '', '### Fixed', '- a', '', '### fixed', '- b', '', '### Bug fixes', '- c', '', '## [1.0.0] - 2024-01-31', '', '### Added', '- First', '', ...LINKS].join('\n');
    const findings = await check(text);
    expect(findings.filter((f) => f.rule === 'unknown-category').map((f) => [f.line, f.edits])).toEqual([
      [8, undefined],
      [11, undefined]
    ]);
  });

  it('unreleased-missing: no edit without a compare link to learn the new heading\'s definition from (the fix would add a finding)', async () => {
    const text = ['# Changelog', '', '## [1.0.0] - 2024-01-31', '', '### Added', '- First', ''].join('\n');
    const findings = await check(text);
    expect(findings.filter((f) => f.rule === 'unreleased-missing').map((f) => f.edits)).toEqual([undefined]);
  });

  it('unreleased-missing: with compare links, the definition of the new heading is added too, and the check is then clean', async () => {
    const text = [
      '# Changelog', '', '## [1.1.0] - 2024-02-01', '', '### Fixed', '- Crash', '', '## [1.0.0] - 2024-01-31', '', '### Added', '- First', '',
      '[1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0', '[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0', ''
    ].join('\n');
    const findings = await check(text);
    expect(findings.map((f) => [f.rule, f.edits])).toEqual([
      [
        'unreleased-missing',
        [
          { file: 'CHANGELOG.md', start: { line: 3, column: 1 }, end: { line: 3, column: 1 }, text: '## [Unreleased]\n\n' },
          { file: 'CHANGELOG.md', start: { line: 13, column: 1 }, end: { line: 13, column: 1 }, text: '[Unreleased]: https://github.com/o/r/compare/v1.1.0...HEAD\n' }
        ]
      ]
    ]);
    const after = fixed(text, findings);
    expect(await check(after)).toEqual([]);
    expect(fixed(after, await check(after))).toBe(after);
  });

  it('unreleased-missing: no edit when the file has no version heading to put it above', async () => {
    const findings = await check('# Changelog\n\nNothing yet.\n');
    expect(findings.map((f) => [f.rule, f.edits])).toEqual([['unreleased-missing', undefined]]);
  });
});
