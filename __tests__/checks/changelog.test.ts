import { afterAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { changelogCheck, changelogSnippet } from '../../src/checks/changelog.js';
import type { ChangeContext } from '../../src/model/change.js';
import { collectChange } from '../../src/git/change.js';
import { wantedBaseFiles } from '../../src/pipeline/gather.js';
import { loadKit, type Kit } from '../../src/kit/load.js';
import type { Finding } from '../../src/model/finding.js';
import { cleanupRepos, makeRepo, type TestRepo } from '../helpers/git-repo.js';

afterAll(cleanupRepos);

const VALID = [
  '# Changelog', //                                                 1
  '',
  'All notable changes to this project are documented here.',
  '',
  '## [Unreleased]', //                                             5
  '',
  '### Added', //                                                   7
  '- Login page', //                                                8
  '',
  '## [1.1.0] - 2024-02-29', //                                     10
  '',
  '### Fixed', //                                                   12
  '- Crash on start', //                                            13
  '',
  '## [1.0.0] - 2024-01-31', //                                     15
  '',
  '### Added', //                                                   17
  '- First release', //                                             18
  '',
  '[Unreleased]: https://github.com/o/r/compare/v1.1.0...HEAD', //  20
  '[1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0', //     21
  '[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0', //         22
  ''
].join('\n');

/** VALID with lines replaced (1-based line -> new text; null removes the line). */
function edit(changes: Record<number, string | null>, text = VALID): string {
  return text
    .split('\n')
    .flatMap((line, i) => {
      const replacement = changes[i + 1];
      if (replacement === undefined) return [line];
      return replacement === null ? [] : [replacement];
    })
    .join('\n');
}

function kitWith(changelog: string | null, files: Record<string, string> = {}): { repo: TestRepo; kit: Kit } {
  const repo = makeRepo({ files: { ...(changelog === null ? {} : { 'CHANGELOG.md': changelog }), 'README.md': '# kit\n', ...files } });
  return { repo, kit: loadKit(repo.dir) };
}

async function run(kit: Kit, change: ChangeContext = {}): Promise<Finding[]> {
  return changelogCheck.run({ kit, change });
}

/** The fields every failing case pins down. */
function where(findings: Finding[]): Array<Pick<Finding, 'check' | 'rule' | 'severity' | 'file' | 'line' | 'column'>> {
  return findings.map(({ check, rule, severity, file, line, column }) => ({ check, rule, severity, file, line, column }));
}

const at = (rule: string, severity: Finding['severity'], line?: number, column?: number, file = 'CHANGELOG.md') => ({ check: 'changelog', rule, severity, file, line, column });

describe('checks/changelog structure', () => {
  it('passes a well-formed changelog', async () => {
    const { kit } = kitWith(VALID);
    expect(await run(kit)).toEqual([]);
  });

  it('file-missing: a notice normally, an error on branches that need entries', async () => {
    const { kit } = kitWith(null);
    const quiet = await run(kit, {});
    expect(where(quiet)).toEqual([at('file-missing', 'notice')]);
    expect(quiet[0]?.fix).toContain('## [Unreleased]');
    const required = await run(kit, { branch: 'feat/login' });
    expect(where(required)).toEqual([at('file-missing', 'error')]);
    expect(required[0]?.message).toBe('CHANGELOG.md does not exist, and branch "feat/login" must add an [Unreleased] entry');
  });

  it('file-missing: names the file that exists in another letter case', async () => {
    const { kit } = kitWith(null, { 'Changelog.md': VALID });
    const findings = await run(kit, {});
    expect(findings[0]?.message).toBe('CHANGELOG.md does not exist (but Changelog.md does: file names are case-sensitive), so changelog rules were not run');
    expect(findings[0]?.fix).toContain('git mv Changelog.md CHANGELOG.md');
  });

  it('file-missing: passes with a configured file name', async () => {
    const { kit } = kitWith(null, { 'HISTORY.md': VALID, '.kit-guard.yaml': 'changelog:\n  file: HISTORY.md\n' });
    expect(await run(kit, { branch: 'feat/x' })).toEqual([]);
  });

  it('unreleased-missing: at the first version heading, saying where to add it', async () => {
    const { kit } = kitWith(edit({ 5: null, 6: null, 7: null, 8: null, 9: null, 20: null }));
    const findings = await run(kit);
    expect(where(findings)).toEqual([at('unreleased-missing', 'error', 5, 1)]);
    expect(findings[0]?.fix).toBe('Add "## [Unreleased]" on its own line above "## [1.1.0] - 2024-02-29" (line 5), followed by a blank line.');
  });

  it('unknown-category: proposes the closest allowed category', async () => {
    const { kit } = kitWith(edit({ 12: '### Bug Fixes', 17: '### added' }));
    const findings = await run(kit);
    expect(where(findings)).toEqual([at('unknown-category', 'error', 12, 5), at('unknown-category', 'error', 17, 5)]);
    expect(findings.map((f) => f.fix)).toEqual(['Rename it to "### Fixed".', 'Rename it to "### Added".']);
    expect(findings[0]).toMatchObject({ endLine: 12, endColumn: 14 });
  });

  it('empty-category: a category with no entries', async () => {
    const { kit } = kitWith(edit({ 9: '### Removed\n' }));
    const findings = await run(kit);
    expect(where(findings)).toEqual([at('empty-category', 'error', 9, 1)]);
    expect(findings[0]?.message).toBe('"### Removed" has no entries');
  });

  it('category-duplicate: a warning when one version repeats a category heading (a merge leftover)', async () => {
    // line 9 (blank) becomes a second Added block and a Fixed block under [Unreleased]
    const { kit } = kitWith(edit({ 9: '### Fixed\n- Typo in the banner\n\n### Added\n- Export command\n' }));
    const findings = await run(kit);
    expect(where(findings)).toEqual([at('category-duplicate', 'warning', 12, 5)]);
    expect(findings[0]?.message).toBe('"### Added" appears again in "## [Unreleased]" (first on line 7)');
    expect(findings[0]?.fix).toBe('Move the entries under this heading to the "### Added" on line 7 and delete this heading.');
  });

  it('category-duplicate: the same category in different versions is fine', async () => {
    const { kit } = kitWith(edit({ 12: '### Added' }));
    expect(await run(kit)).toEqual([]);
  });

  it('entry-outside-category: a bullet directly under a version, with a category guess', async () => {
    const { kit } = kitWith(edit({ 11: '- Fixed the login redirect\n' }));
    const findings = await run(kit);
    expect(where(findings)).toEqual([at('entry-outside-category', 'error', 11, 1)]);
    expect(findings[0]?.fix).toBe('Put it under a category heading, e.g.:\n### Fixed\n- Fixed the login redirect');
  });

  it('version-heading-invalid: an error for a non-version heading, a warning for an unbracketed one', async () => {
    const { kit } = kitWith(edit({ 10: '## 1.1.0 - 2024-02-29', 21: null, 19: '## Notes\n' }));
    const findings = await run(kit);
    expect(where(findings)).toEqual([at('version-heading-invalid', 'warning', 10, 1), at('version-heading-invalid', 'error', 19, 1)]);
    expect(findings[0]?.fix).toBe('Write it as: ## [1.1.0] - 2024-02-29');
    expect(findings[0]?.message).toBe('"## 1.1.0 - 2024-02-29": the version is not in brackets');
  });

  it('date-invalid: not ISO, not a real day, or missing', async () => {
    const { kit } = kitWith(edit({ 10: '## [1.1.0] - 2023-02-29', 15: '## [1.0.0] - 2024/01/31' }));
    const findings = await run(kit);
    expect(where(findings)).toEqual([at('date-invalid', 'error', 10, 14), at('date-invalid', 'error', 15, 14)]);
    expect(findings[0]?.fix).toBe('Write the release date as YYYY-MM-DD (e.g. 2024-01-31), and check that the day exists.');
    expect(findings[1]?.fix).toBe('Write it as 2024-01-31: ## [1.0.0] - 2024-01-31');

    const { kit: undated } = kitWith(edit({ 15: '## [1.0.0]' }));
    const missing = await run(undated);
    expect(where(missing)).toEqual([at('date-invalid', 'error', 15, 1)]);
    expect(missing[0]?.fix).toBe('Add the release date: ## [1.0.0] - YYYY-MM-DD');
  });

  it('version-duplicate: the second heading of a version', async () => {
    const { kit } = kitWith(edit({ 15: '## [1.1.0] - 2024-01-31' }));
    const findings = await run(kit);
    expect(where(findings)).toEqual([at('version-duplicate', 'error', 15, 4), at('link-reference-unused', 'notice', 22, 1)]);
    expect(findings[0]?.message).toBe('version 1.1.0 appears twice (first on line 10)');
  });

  it('version-order: newest first by SemVer', async () => {
    const { kit } = kitWith(edit({ 10: '## [1.0.0] - 2024-01-31', 15: '## [1.1.0] - 2024-02-29' }));
    const findings = await run(kit);
    expect(where(findings)).toEqual([at('version-order', 'warning', 15, 4)]);
    expect(findings[0]?.message).toBe('version 1.1.0 is listed below the older version 1.0.0 (line 10); newest versions come first');
  });

  it('version-order: a maintenance release dated after a newer line is in order', async () => {
    const text = edit({ 10: '## [1.0.1] - 2024-03-01', 15: '## [1.1.0] - 2024-02-01', 21: '[1.0.1]: https://github.com/o/r/compare/v1.1.0...v1.0.1', 22: '[1.1.0]: https://github.com/o/r/releases/tag/v1.1.0' });
    expect(await run(kitWith(text).kit)).toEqual([]);
  });

  it('link-reference-missing: not for inline-link headings', async () => {
    const { kit } = kitWith(edit({ 10: '## [1.1.0](https://github.com/o/r/compare/v1.0.0...v1.1.0) - 2024-02-29', 21: null }));
    expect(await run(kit)).toEqual([]);
  });

  it('version-order: [Unreleased] must come first', async () => {
    const text = '# Changelog\n\n## [1.0.0] - 2024-01-31\n### Added\n- A\n\n## [Unreleased]\n### Added\n- B\n\n[Unreleased]: https://x/compare/v1.0.0...HEAD\n[1.0.0]: https://x/releases/tag/v1.0.0\n';
    const findings = await run(kitWith(text).kit);
    expect(where(findings)).toEqual([at('version-order', 'warning', 7, 4)]);
  });

  it('link-reference-missing: a warning with a URL built like the others', async () => {
    const { kit } = kitWith(edit({ 21: null }));
    const findings = await run(kit);
    expect(where(findings)).toEqual([at('link-reference-missing', 'warning', 10, 4)]);
    expect(findings[0]?.fix).toBe('Add at the end of the file: [1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0');
  });

  it('link-reference-missing: only a notice when the changelog uses no link references at all', async () => {
    const text = '# Changelog\n\n## [Unreleased]\n### Added\n- B\n\n## [1.0.0] - 2024-01-31\n### Added\n- A\n';
    const findings = await run(kitWith(text).kit);
    expect(where(findings)).toEqual([at('link-reference-missing', 'notice', 3, 4), at('link-reference-missing', 'notice', 7, 4)]);
  });

  it('link-reference-unused: a notice for a definition nothing uses', async () => {
    const { kit } = kitWith(`${VALID}[0.9.0]: https://github.com/o/r/releases/tag/v0.9.0\n`);
    const findings = await run(kit);
    expect(where(findings)).toEqual([at('link-reference-unused', 'notice', 23, 1)]);
  });

  it('honours configured categories', async () => {
    const { kit } = kitWith(edit({ 12: '### Bug Fixes' }), { '.kit-guard.yaml': 'changelog:\n  categories: [Added, Bug Fixes]\n' });
    expect(await run(kit)).toEqual([]);
  });
});

describe('checks/changelog against the base', () => {
  /** A repo on develop with VALID, and a branch from it; returns the change after `commits`. */
  async function branchChange(
    branch: string,
    commits: Array<{ message: string; changelog?: string; author?: { name: string; email: string } }>,
    options: { subfolder?: string; base?: string | null } = {}
  ): Promise<{ kit: Kit; change: ChangeContext }> {
    const prefix = options.subfolder ? `${options.subfolder}/` : '';
    const repo = makeRepo({ files: { [`${prefix}README.md`]: '# kit\n', ...(options.base === null ? {} : { [`${prefix}CHANGELOG.md`]: options.base ?? VALID }) } });
    repo.git('checkout', '-q', '-b', 'develop');
    repo.git('checkout', '-q', '-b', branch);
    let n = 0;
    for (const c of commits) {
      n++;
      repo.commit(c.message, { [`${prefix}file${n}.md`]: `${n}`, ...(c.changelog ? { [`${prefix}CHANGELOG.md`]: c.changelog } : {}) }, c.author);
    }
    const kit = loadKit(path.join(repo.dir, options.subfolder ?? ''));
    const change = await collectChange(kit, {}, wantedBaseFiles(kit, [changelogCheck]));
    expect(change.problems).toBeUndefined();
    return { kit, change };
  }

  const WITH_NEW_ENTRY = edit({ 8: '- Login page\n- Logout button' });

  it('entry-required: passes when a new [Unreleased] bullet was added', async () => {
    const { kit, change } = await branchChange('feat/logout', [{ message: 'feat: add logout button', changelog: WITH_NEW_ENTRY }]);
    expect(await run(kit, change)).toEqual([]);
  });

  it('entry-required: fails with a snippet built from the commits', async () => {
    const { kit, change } = await branchChange('feat/logout', [{ message: 'feat: add logout button' }, { message: 'fix(ui): align the menu' }, { message: 'chore: tidy' }]);
    const findings = await run(kit, change);
    expect(where(findings)).toEqual([at('entry-required', 'error', 5, 1)]);
    expect(findings[0]?.message).toBe('branch "feat/logout" must add an entry under [Unreleased], but this change adds none');
    expect(findings[0]?.fix).toBe('Add an entry under "## [Unreleased]" (line 5), e.g.:\n### Added\n- Add logout button\n\n### Fixed\n- Align the menu');
  });

  it('entry-required: a reordered entry is not new, a reworded one is', async () => {
    const base = edit({ 8: '- Login page\n- Older entry' });
    const reordered = edit({ 8: '- Older entry', 9: '- Login page' }, base);
    expect(reordered).not.toBe(base);
    const { kit, change } = await branchChange('fix/order', [{ message: 'fix: reorder', changelog: reordered }], { base });
    expect(where(await run(kit, change))).toEqual([at('entry-required', 'error', 5, 1)]);

    const reworded = edit({ 8: '- Login page (with SSO)' });
    const second = await branchChange('fix/reword', [{ message: 'fix: reword', changelog: reworded }]);
    expect(await run(second.kit, second.change)).toEqual([]);
  });

  it('entry-required: only on the configured branches', async () => {
    const { kit, change } = await branchChange('chore/deps', [{ message: 'chore: bump x' }]);
    expect(await run(kit, change)).toEqual([]);
  });

  it('entry-required: every entry is new when the base had no changelog', async () => {
    const { kit, change } = await branchChange('feat/start', [{ message: 'feat: start', changelog: VALID }], { base: null });
    expect(change.baseFiles?.get('CHANGELOG.md')).toBeNull();
    expect(await run(kit, change)).toEqual([]);
  });

  it('entry-in-released-version: a new bullet under a released version is an error at that bullet', async () => {
    const changed = edit({ 8: '- Login page\n- Logout button', 13: '- Crash on start\n- Sneaky late fix' });
    const { kit, change } = await branchChange('feat/logout', [{ message: 'feat: logout', changelog: changed }]);
    const findings = await run(kit, change);
    expect(where(findings)).toEqual([at('entry-in-released-version', 'error', 15, 1)]);
    expect(findings[0]?.message).toBe('a new entry was added under 1.1.0, which was already released');
  });

  it('entry-in-released-version: fixing a typo in a released entry is allowed', async () => {
    const base = edit({ 13: '- Crahs on start' });
    const fixed = edit({ 8: '- Login page\n- Logout button' });
    const { kit, change } = await branchChange('feat/logout', [{ message: 'feat: logout', changelog: fixed }], { base });
    expect(await run(kit, change)).toEqual([]);
  });

  it('entry-missing-for-commits: a warning for feat/fix commits on any branch', async () => {
    const { kit, change } = await branchChange('chore/mixed', [{ message: 'feat: add export' }, { message: 'chore: tidy' }]);
    const findings = await run(kit, change);
    expect(where(findings)).toEqual([at('entry-missing-for-commits', 'warning', 5, 1)]);
    expect(findings[0]?.message).toMatch(/^1 feat\/fix commit \([0-9a-f]{7} "feat: add export"\) but no new \[Unreleased\] entry$/);
    expect(findings[0]?.fix).toBe('Add an entry under "## [Unreleased]" (line 5), e.g.:\n### Added\n- Add export');
  });

  it('entry-missing-for-commits: passes with an entry, and ignores bot commits', async () => {
    const withEntry = await branchChange('chore/mixed', [{ message: 'feat: add export', changelog: WITH_NEW_ENTRY }]);
    expect(await run(withEntry.kit, withEntry.change)).toEqual([]);
    const bot = await branchChange('chore/bot', [{ message: 'fix(deps): bump lodash', author: { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' } }]);
    expect(await run(bot.kit, bot.change)).toEqual([]);
  });

  it('works for a kit in a subfolder', async () => {
    const { kit, change } = await branchChange('feat/sub', [{ message: 'feat: add sub' }], { subfolder: 'content' });
    const findings = await run(kit, change);
    expect(where(findings)).toEqual([at('entry-required', 'error', 5, 1)]);
  });

  it('diff rules are skipped without base information', async () => {
    const { kit } = kitWith(VALID);
    expect(await run(kit, { branch: 'feat/x', commits: [] })).toEqual([]);
  });

  it('builds a placeholder snippet from the branch when no commit says what changed', () => {
    const { kit } = kitWith(VALID);
    expect(changelogSnippet({ branch: 'fix/thing', commits: [] }, kit)).toBe('### Fixed\n- <describe your change for users>');
    expect(changelogSnippet({ title: 'feat(api): add search', commits: [] }, kit)).toBe('### Added\n- Add search');
  });
});
