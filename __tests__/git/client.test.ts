import { afterAll, describe, expect, it } from '@jest/globals';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { GitClient, GitError, InvalidGitArgumentError, NotAGitRepositoryError, assertRevision } from '../../src/git/client.js';
import { cleanupRepos, makeRepo, tempDir } from '../helpers/git-repo.js';

afterAll(cleanupRepos);

describe('git/client GitClient.open', () => {
  it('finds the top level and the kit prefix of a subfolder', async () => {
    const repo = makeRepo({ files: { 'content/CHANGELOG.md': '# x\n', 'README.md': 'r' } });
    const git = await GitClient.open(path.join(repo.dir, 'content'));
    expect(git.toplevel).toBe(realpathSync(repo.dir));
    expect(git.prefix).toBe('content/');
    const atRoot = await GitClient.open(repo.dir);
    expect(atRoot.prefix).toBe('');
  });

  it('refuses folders outside a work tree and missing folders', async () => {
    const plain = tempDir('kit-guard-plain-');
    await expect(GitClient.open(plain)).rejects.toBeInstanceOf(NotAGitRepositoryError);
    await expect(GitClient.tryOpen(plain)).resolves.toBeUndefined();
    await expect(GitClient.open(path.join(plain, 'missing'))).rejects.toThrow('the folder does not exist');
  });
});

describe('git/client revisions', () => {
  it('resolves names to shas and rejects what git would read as an option', async () => {
    const repo = makeRepo({ files: { a: '1' } });
    const git = await GitClient.open(repo.dir);
    await expect(git.resolveRevision('main')).resolves.toBe(repo.git('rev-parse', 'HEAD'));
    await expect(git.resolveRevision('--output=/tmp/pwned')).rejects.toBeInstanceOf(InvalidGitArgumentError);
    await expect(git.resolveRevision('nope')).rejects.toBeInstanceOf(GitError);
    await expect(git.tryResolveRevision('nope')).resolves.toBeUndefined();
    expect(() => assertRevision('main\n--all')).toThrow('contains a control character');
    expect(() => assertRevision('')).toThrow('it is empty');
  });

  it('finds the merge base of two branches', async () => {
    const repo = makeRepo({ files: { a: '1' } });
    const fork = repo.git('rev-parse', 'HEAD');
    repo.git('checkout', '-q', '-b', 'feat/x');
    repo.commit('feat: one', { b: '1' });
    repo.git('checkout', '-q', 'main');
    repo.commit('chore: main moves on', { c: '1' });
    const git = await GitClient.open(repo.dir);
    await expect(git.mergeBase('main', 'feat/x')).resolves.toBe(fork);
  });
});

describe('git/client commitsInRange', () => {
  it('lists commits oldest first with parents, authors and full messages, merges included', async () => {
    const repo = makeRepo({ files: { a: '1' } });
    const base = repo.git('rev-parse', 'HEAD');
    repo.git('checkout', '-q', '-b', 'feat/x');
    const first = repo.commit('feat: add a\n\nA body line.\n\nRefs #1', { b: '1' }, { name: 'Ann Dev', email: 'ann@example.test' });
    repo.git('checkout', '-q', '-b', 'side');
    const side = repo.commit('fix: side fix', { c: '1' });
    repo.git('checkout', '-q', 'feat/x');
    repo.commit('docs: note', { d: '1' });
    repo.git('merge', '-q', '--no-ff', '-m', "Merge branch 'side' into feat/x", 'side');
    const merge = repo.git('rev-parse', 'HEAD');

    const git = await GitClient.open(repo.dir);
    const commits = await git.commitsInRange(base, 'feat/x');
    expect(commits).toHaveLength(4);
    expect(commits[0]).toEqual({
      sha: first,
      parents: [base],
      authorName: 'Ann Dev',
      authorEmail: 'ann@example.test',
      message: 'feat: add a\n\nA body line.\n\nRefs #1',
      subject: 'feat: add a'
    });
    expect(commits.map((c) => c.subject)).toContain('fix: side fix');
    expect(commits.findIndex((c) => c.sha === side)).toBeLessThan(3);
    expect(commits[3]?.sha).toBe(merge);
    expect(commits[3]?.parents).toHaveLength(2);
  });

  it('has no limit on the number of commits', async () => {
    const repo = makeRepo({ files: { a: '1' } });
    const base = repo.git('rev-parse', 'HEAD');
    repo.emptyCommits(Array.from({ length: 130 }, (_, i) => `chore: step ${i}`));
    const git = await GitClient.open(repo.dir);
    const commits = await git.commitsInRange(base, 'HEAD');
    expect(commits).toHaveLength(130);
    expect(commits[0]?.subject).toBe('chore: step 0');
    expect(commits[129]?.subject).toBe('chore: step 129');
  });
});

describe('git/client files', () => {
  it('shows kit files at a revision and lists kit-relative changed files', async () => {
    const repo = makeRepo({ files: { 'content/CHANGELOG.md': 'v1\n', 'content/docs/a.md': 'a', 'outside.md': 'o' } });
    const base = repo.git('rev-parse', 'HEAD');
    repo.commit('docs: change', { 'content/CHANGELOG.md': 'v2\n', 'content/docs/a.md': null, 'content/docs/b.md': 'b', 'outside.md': 'o2' });
    const git = await GitClient.open(path.join(repo.dir, 'content'));
    await expect(git.showFile(base, 'CHANGELOG.md')).resolves.toBe('v1\n');
    await expect(git.showFile('HEAD', './CHANGELOG.md')).resolves.toBe('v2\n');
    await expect(git.showFile(base, 'missing.md')).resolves.toBeNull();
    await expect(git.showFile(base, 'docs')).resolves.toBeNull();
    await expect(git.showFile(base, '../outside.md')).rejects.toBeInstanceOf(InvalidGitArgumentError);
    await expect(git.showFile(base, 'CHANGELOG.md', 2)).rejects.toThrow('more than the 2 allowed');
    await expect(git.changedFiles(base, 'HEAD')).resolves.toEqual(['CHANGELOG.md', 'docs/a.md', 'docs/b.md']);
  });

  it('reports the current branch, or none on a detached HEAD', async () => {
    const repo = makeRepo({ files: { a: '1' } });
    repo.git('checkout', '-q', '-b', 'feat/login');
    const git = await GitClient.open(repo.dir);
    await expect(git.currentBranch()).resolves.toBe('feat/login');
    repo.git('checkout', '-q', '--detach');
    await expect(git.currentBranch()).resolves.toBeUndefined();
  });

  it('knows whether the clone is shallow', async () => {
    const origin = makeRepo({ files: { a: '1' } });
    origin.commit('chore: two', { a: '2' });
    const clone = tempDir('kit-guard-shallow-');
    origin.git('clone', '-q', '--depth', '1', `file://${origin.dir}`, clone);
    await expect((await GitClient.open(origin.dir)).isShallow()).resolves.toBe(false);
    await expect((await GitClient.open(clone)).isShallow()).resolves.toBe(true);
  });
});
