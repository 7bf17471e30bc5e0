import { afterAll, describe, expect, it } from '@jest/globals';
import { branchCheck, suggestBranchName } from '../../src/checks/branch.js';
import { SEED_BRANCH_PATTERNS } from '../../src/kit/config.js';
import type { ChangeContext } from '../../src/model/change.js';
import type { Finding } from '../../src/model/finding.js';
import { cleanupFolders, makeKit } from '../helpers/folder.js';

afterAll(cleanupFolders);

/**
 * Runs the branch check on a kit whose change is on `branch` (null: no branch, as on a
 * detached HEAD). How the branch is read from git is tested in __tests__/git/.
 */
async function checkBranch(branch: string | null, options: { title?: string; config?: string } = {}): Promise<Finding[]> {
  const kit = makeKit({ 'README.md': '# kit\n', ...(options.config ? { '.kit-guard.yaml': options.config } : {}) });
  const change: ChangeContext = {};
  if (branch !== null) change.branch = branch;
  if (options.title !== undefined) change.title = options.title;
  return branchCheck.run({ kit, change });
}

const where = (findings: Finding[]) => findings.map(({ check, rule, severity, file, line, column }) => ({ check, rule, severity, file, line, column }));
const at = (rule: string, severity: Finding['severity'] = 'error') => ({ check: 'branch', rule, severity, file: undefined, line: undefined, column: undefined });

describe('checks/branch', () => {
  it('passes the seed\'s names, nested ones included', async () => {
    for (const name of ['main', 'feat/login', 'feat/team/login', 'worktree-agent-1', 'release/1.2']) {
      expect(await checkBranch(name)).toEqual([]);
    }
  });

  it('name-invalid: proposes a prefixed name with the rename commands', async () => {
    const findings = await checkBranch('my-feature');
    expect(where(findings)).toEqual([at('name-invalid')]);
    expect(findings[0]?.message).toBe('branch "my-feature" matches none of the allowed names: main, develop, feat/*, feature/*, fix/*, chore/*, codex/*, release/*, hotfix/*, worktree-*');
    expect(findings[0]?.fix).toBe(
      [
        'Allowed branch names: main, develop, feat/*, feature/*, fix/*, chore/*, codex/*, release/*, hotfix/*, worktree-*.',
        'Rename the branch:',
        '  git branch -m my-feature feat/my-feature',
        '  git push origin -u feat/my-feature',
        '  git push origin --delete my-feature   # if the old name was pushed',
        'A pull request cannot change its head branch: open a new pull request from the renamed branch.'
      ].join('\n')
    );
  });

  it('name-invalid: lower-cases and maps prefixes', async () => {
    const upper = await checkBranch('Feature/Login');
    expect(where(upper)).toEqual([at('name-invalid')]);
    expect(upper[0]?.fix).toContain('git branch -m Feature/Login feature/login');
    const bugfix = await checkBranch('bugfix/x');
    expect(bugfix[0]?.fix).toContain('git branch -m bugfix/x fix/x');
  });

  it('skips ignored names (bots)', async () => {
    expect(await checkBranch('dependabot/npm_and_yarn/lodash-4.17.21')).toEqual([]);
  });

  it('uses configured patterns and ignores', async () => {
    const config = 'branch:\n  patterns: ["story/*"]\n  ignore: ["sandbox-*"]\n';
    expect(await checkBranch('story/abc-1', { config })).toEqual([]);
    expect(await checkBranch('sandbox-me', { config })).toEqual([]);
    const findings = await checkBranch('abc-1', { config });
    expect(where(findings)).toEqual([at('name-invalid')]);
    expect(findings[0]?.fix).toContain('git branch -m abc-1 story/abc-1');
  });

  it('no branch (detached HEAD): silent, or a notice when a pull request expected one', async () => {
    expect(await checkBranch(null)).toEqual([]);
    const findings = await checkBranch(null, { title: 'feat: x' });
    expect(where(findings)).toEqual([at('name-unavailable', 'notice')]);
  });

  it('a tag ref is not a branch; refs/heads/ is stripped', async () => {
    const kit = makeKit({ a: '1' });
    expect(await branchCheck.run({ kit, change: { branch: 'refs/tags/v1.0.0' } })).toEqual([]);
    expect(where(await branchCheck.run({ kit, change: { branch: 'refs/tags/v1.0.0', title: 'x' } }))).toEqual([at('name-unavailable', 'notice')]);
    expect(await branchCheck.run({ kit, change: { branch: 'refs/heads/feat/x' } })).toEqual([]);
  });

  it('quotes names a shell would misread', async () => {
    const findings = await branchCheck.run({ kit: makeKit({ a: '1' }), change: { branch: 'x$(id)' } });
    expect(findings[0]?.fix).toContain("git branch -m 'x$(id)' feat/x-id");
  });
});

describe('checks/branch suggestBranchName', () => {
  it('suggests names that match the patterns', () => {
    expect(suggestBranchName('my-feature', SEED_BRANCH_PATTERNS)).toBe('feat/my-feature');
    expect(suggestBranchName('Feature/Login', SEED_BRANCH_PATTERNS)).toBe('feature/login');
    expect(suggestBranchName('bugfix/x', SEED_BRANCH_PATTERNS)).toBe('fix/x');
    expect(suggestBranchName('feat_login', SEED_BRANCH_PATTERNS)).toBe('feat/login');
    expect(suggestBranchName('login-bug', SEED_BRANCH_PATTERNS)).toBe('fix/login-bug');
    expect(suggestBranchName('my-feature', ['main'])).toBeUndefined();
  });
});
