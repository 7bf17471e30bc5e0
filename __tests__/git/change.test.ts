import { afterAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { changelogCheck } from '../../src/checks/changelog.js';
import { commitsCheck } from '../../src/checks/commits.js';
import { branchCheck } from '../../src/checks/branch.js';
import { collectChange, SHALLOW_FIX } from '../../src/git/change.js';
import { wantedBaseFiles } from '../../src/pipeline/gather.js';
import { loadKit } from '../../src/kit/load.js';
import { cleanupRepos, makeRepo, tempDir, type TestRepo } from '../helpers/git-repo.js';

afterAll(cleanupRepos);

const CHANGELOG_V1 = '# Changelog\n\n## [Unreleased]\n\n### Added\n- First\n';

/** main with a changelog, develop from it, and feat/x from develop with two commits. */
function featureRepo(): { repo: TestRepo; fork: string } {
  const repo = makeRepo({ files: { 'CHANGELOG.md': CHANGELOG_V1 } });
  repo.git('branch', 'develop');
  repo.git('checkout', '-q', '-b', 'feat/x', 'develop');
  const fork = repo.git('rev-parse', 'HEAD');
  repo.commit('feat: add x', { 'CHANGELOG.md': `${CHANGELOG_V1}- Second\n`, 'x.md': 'x' });
  repo.commit('test: cover x', { 'x.test': 't' });
  return { repo, fork };
}

describe('git/change collectChange', () => {
  it('diffs a feature branch against develop from their merge base', async () => {
    const { repo, fork } = featureRepo();
    const kit = loadKit(repo.dir);
    const change = await collectChange(kit, {}, ['CHANGELOG.md']);
    expect(change.problems).toBeUndefined();
    expect(change.branch).toBe('feat/x');
    expect(change.base).toBe('develop');
    expect(change.baseSha).toBe(fork);
    expect(change.head).toBe('HEAD');
    expect(change.headSha).toBe(repo.git('rev-parse', 'HEAD'));
    expect(change.commits?.map((c) => c.subject)).toEqual(['feat: add x', 'test: cover x']);
    expect(change.baseFiles).toEqual(new Map([['CHANGELOG.md', CHANGELOG_V1]]));
  });

  it('reads base files at the merge base, not at the tip of the base branch', async () => {
    const { repo, fork } = featureRepo();
    repo.git('checkout', '-q', 'develop');
    repo.commit('docs: later release notes', { 'CHANGELOG.md': '# Changelog\n\n## [1.0.0] - 2024-01-01\n' });
    repo.git('checkout', '-q', 'feat/x');
    const change = await collectChange(loadKit(repo.dir), {}, ['CHANGELOG.md', 'missing.md']);
    expect(change.baseSha).toBe(fork);
    expect(change.baseFiles?.get('CHANGELOG.md')).toBe(CHANGELOG_V1);
    expect(change.baseFiles?.get('missing.md')).toBeNull();
    expect(change.commits).toHaveLength(2);
  });

  it('uses main for hotfix branches, and main when there is no develop', async () => {
    const { repo } = featureRepo();
    repo.git('checkout', '-q', '-b', 'hotfix/urgent', 'main');
    repo.commit('fix: urgent');
    expect((await collectChange(loadKit(repo.dir), {}, [])).base).toBe('main');

    const plain = makeRepo({ files: { a: '1' } });
    plain.git('checkout', '-q', '-b', 'feat/y');
    plain.commit('feat: y');
    const change = await collectChange(loadKit(plain.dir), {}, []);
    expect(change.base).toBe('main');
    expect(change.commits?.map((c) => c.subject)).toEqual(['feat: y']);
  });

  it('falls back to the origin/ branch when there is no local one', async () => {
    const origin = makeRepo({ files: { a: '1' } });
    const clone = tempDir('kit-guard-clone-');
    origin.git('clone', '-q', `file://${origin.dir}`, clone);
    const inClone = (...args: string[]): string => origin.git('-C', clone, ...args);
    inClone('checkout', '-q', '-b', 'feat/z');
    inClone('branch', '-q', '-D', 'main');
    writeFileSync(path.join(clone, 'z.md'), 'z');
    inClone('add', '-A');
    inClone('commit', '-q', '-m', 'feat: z');
    const change = await collectChange(loadKit(clone), {}, []);
    expect(change.problems).toBeUndefined();
    expect(change.base).toBe('origin/main');
    expect(change.commits?.map((c) => c.subject)).toEqual(['feat: z']);
  });

  it('keeps the branch and title given by the caller', async () => {
    const { repo } = featureRepo();
    const change = await collectChange(loadKit(repo.dir), { branch: 'feature/from-event', title: 'feat: from the PR', base: 'main', head: 'feat/x' }, []);
    expect(change.branch).toBe('feature/from-event');
    expect(change.title).toBe('feat: from the PR');
    expect(change.base).toBe('main');
    expect(change.head).toBe('feat/x');
    expect(change.commits).toHaveLength(2);
  });

  it('takes the branch from a head that names a local branch', async () => {
    const { repo } = featureRepo();
    repo.git('checkout', '-q', 'main');
    const named = await collectChange(loadKit(repo.dir), { head: 'feat/x' }, []);
    expect(named.branch).toBe('feat/x');
    expect(named.base).toBe('develop');
    expect(named.commits).toHaveLength(2);
    const bySha = await collectChange(loadKit(repo.dir), { head: repo.git('rev-parse', 'feat/x') }, []);
    expect(bySha.branch).toBeUndefined();
    const current = await collectChange(loadKit(repo.dir), { head: repo.git('rev-parse', 'main') }, []);
    expect(current.branch).toBe('main');
  });

  it('works for a kit in a subfolder, with kit-relative paths', async () => {
    const repo = makeRepo({ files: { 'content/CHANGELOG.md': CHANGELOG_V1, 'README.md': 'root' } });
    repo.git('checkout', '-q', '-b', 'feat/sub');
    repo.commit('feat: sub', { 'content/CHANGELOG.md': `${CHANGELOG_V1}- Sub\n`, 'README.md': 'root 2', 'content/roles/a.md': 'a' });
    const kit = loadKit(path.join(repo.dir, 'content'));
    const change = await collectChange(kit, {}, wantedBaseFiles(kit, [changelogCheck]));
    expect(change.problems).toBeUndefined();
    expect(change.baseFiles).toEqual(new Map([['CHANGELOG.md', CHANGELOG_V1]]));
  });
});

describe('git/change problems', () => {
  it('turns an unknown base into an error finding, never a silent pass', async () => {
    const { repo } = featureRepo();
    const change = await collectChange(loadKit(repo.dir), { base: 'nope' }, ['CHANGELOG.md']);
    expect(change.commits).toBeUndefined();
    expect(change.baseFiles).toBeUndefined();
    expect(change.problems).toEqual([
      {
        check: 'commits',
        rule: 'range-unavailable',
        severity: 'error',
        message: 'base revision "nope" is not a known commit, so commits and changelog changes could not be checked',
        fix: 'Pass an existing branch, tag or commit as the base (fetch it first if it only exists on the remote: `git fetch origin <branch>`).'
      }
    ]);
  });

  it('refuses revisions that git would read as options', async () => {
    const { repo } = featureRepo();
    const change = await collectChange(loadKit(repo.dir), { head: '--output=/tmp/x' }, []);
    expect(change.problems?.[0]).toMatchObject({
      check: 'commits',
      rule: 'range-unavailable',
      severity: 'error',
      message: 'head revision "--output=/tmp/x" is not a revision: it starts with "-" and would be read as an option'
    });
  });

  it('turns a head with a line break into a finding, not a crash', async () => {
    const { repo } = featureRepo();
    const change = await collectChange(loadKit(repo.dir), { head: 'feat/x\n--all' }, []);
    expect(change.problems?.[0]?.message).toBe('head revision "feat/x\\n--all" is not a revision: it contains a control character');
  });

  it('reports a shallow clone that lacks the base, with the fetch-depth fix', async () => {
    const { repo } = featureRepo();
    const clone = tempDir('kit-guard-shallow-');
    repo.git('clone', '-q', '--depth', '1', '--branch', 'feat/x', `file://${repo.dir}`, clone);
    const change = await collectChange(loadKit(clone), {}, ['CHANGELOG.md']);
    expect(change.commits).toBeUndefined();
    expect(change.problems).toEqual([
      {
        check: 'commits',
        rule: 'range-unavailable',
        severity: 'error',
        message:
          'no base branch found (tried develop, origin/develop, main, origin/main, master, origin/master) in this shallow clone, so commits and changelog changes could not be checked',
        fix: SHALLOW_FIX
      }
    ]);
    expect(SHALLOW_FIX).toContain('fetch-depth: 0');
    expect(SHALLOW_FIX).toContain('git fetch --unshallow');
  });

  it('reports a shallow clone where base and head share no commit', async () => {
    const { repo } = featureRepo();
    repo.git('checkout', '-q', 'main');
    repo.commit('chore: main moves', { m: '1' });
    const clone = tempDir('kit-guard-shallow-');
    repo.git('clone', '-q', '--depth', '1', '--no-single-branch', '--branch', 'feat/x', `file://${repo.dir}`, clone);
    const change = await collectChange(loadKit(clone), { base: 'origin/main' }, []);
    expect(change.problems).toEqual([
      {
        check: 'commits',
        rule: 'range-unavailable',
        severity: 'error',
        message: 'the base "origin/main" and the head share no commit in this shallow clone (the history is cut off), so commits and changelog changes could not be checked',
        fix: SHALLOW_FIX
      }
    ]);
  });

  /** main: A; side: A-S1..Sn; feat/x: A-B-M, M merging side. Cloned shallow with `depth`. */
  function mergedSideClone(sideCommits: number, depth: number): string {
    const repo = makeRepo({ files: { a: '1' } });
    repo.git('checkout', '-q', '-b', 'side');
    for (let i = 1; i <= sideCommits; i++) repo.commit(`fix: side ${i}`, { [`s${i}`]: `${i}` });
    repo.git('checkout', '-q', '-b', 'feat/x', 'main');
    repo.commit('feat: b', { b: '1' });
    repo.git('merge', '-q', '--no-ff', '-m', 'Merge side', 'side');
    const clone = tempDir('kit-guard-shallow-');
    repo.git('clone', '-q', '--depth', String(depth), '--no-single-branch', '--branch', 'feat/x', `file://${repo.dir}`, clone);
    return clone;
  }

  it('accepts a shallow clone whose cut lies exactly at the merge base', async () => {
    const clone = mergedSideClone(3, 3);
    const change = await collectChange(loadKit(clone), { base: 'origin/main' }, []);
    expect(change.problems).toBeUndefined();
    expect(change.commits?.map((c) => c.subject).sort()).toEqual(['Merge side', 'feat: b', 'fix: side 1', 'fix: side 2', 'fix: side 3']);
  });

  it('reports a shallow clone that cuts commits out of the range', async () => {
    const clone = mergedSideClone(4, 3);
    const change = await collectChange(loadKit(clone), { base: 'origin/main' }, []);
    expect(change.commits).toBeUndefined();
    expect(change.problems).toHaveLength(1);
    expect(change.problems?.[0]).toMatchObject({ check: 'commits', rule: 'range-unavailable', severity: 'error', fix: SHALLOW_FIX });
    expect(change.problems?.[0]?.message).toMatch(/^the history between "origin\/main" and the head is cut off at [0-9a-f]{7} in this shallow clone, so the commit list is incomplete$/);
  });

  it('outside a git repository: a notice, or an error when a range was asked for', async () => {
    const dir = tempDir('kit-guard-nogit-');
    writeFileSync(path.join(dir, 'CHANGELOG.md'), CHANGELOG_V1);
    const kit = loadKit(dir);
    const quiet = await collectChange(kit, {}, ['CHANGELOG.md']);
    expect(quiet.problems).toEqual([
      {
        check: 'commits',
        rule: 'range-unavailable',
        severity: 'notice',
        message: 'the kit is not inside a git repository, so commit rules and changelog-diff rules were skipped',
        fix: 'Nothing to do unless you want those rules: run kit-guard inside a git clone.'
      }
    ]);
    expect(quiet.baseFiles).toBeUndefined();
    const asked = await collectChange(kit, { base: 'main' }, []);
    expect(asked.problems?.[0]?.severity).toBe('error');
  });

  it('says when a repository has no commits yet', async () => {
    const repo = makeRepo();
    const change = await collectChange(loadKit(repo.dir), {}, []);
    expect(change.branch).toBe('main');
    expect(change.problems).toEqual([
      {
        check: 'commits',
        rule: 'range-unavailable',
        severity: 'notice',
        message: 'the repository has no commits yet, so there is no range to check',
        fix: 'Commit first; the commit rules check the commits of a branch.'
      }
    ]);
  });
});

describe('git/change wantedBaseFiles', () => {
  it('collects each check\'s base files once', () => {
    const repo = makeRepo({ files: { 'CHANGELOG.md': CHANGELOG_V1, '.kit-guard.yaml': 'changelog:\n  file: docs/../HISTORY.md\n' } });
    const kit = loadKit(repo.dir);
    expect(wantedBaseFiles(kit, [changelogCheck, commitsCheck, branchCheck, changelogCheck])).toEqual(['HISTORY.md']);
  });
});
