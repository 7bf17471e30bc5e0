import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { messageText, type CommitMessage } from '../../export/commit-plan.js';
import { GitError, runGit } from '../../git/client.js';
import type { CommitResult } from './github.js';

/** The identity of commits made by the git fallback (the API-made ones are GitHub's). */
const BOT = { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com' };

async function git(cwd: string, args: string[]): Promise<string> {
  const result = await runGit(cwd, args);
  if (result.exitCode !== 0) throw new GitError(args, result.exitCode, result.stderr);
  return result.stdout;
}

/** The branch's current tip on `origin`, fetched so its tree can be built on. */
export async function fetchBranchTip(repoDir: string, branch: string): Promise<string> {
  await git(repoDir, ['fetch', '--no-tags', '--quiet', 'origin', '--end-of-options', `refs/heads/${branch}`]);
  return (await git(repoDir, ['rev-parse', '--verify', 'FETCH_HEAD^{commit}'])).trim();
}

/** True when the commit is in the local object store. */
export async function hasCommit(repoDir: string, sha: string): Promise<boolean> {
  return (await runGit(repoDir, ['cat-file', '-e', `${sha}^{commit}`])).exitCode === 0;
}

export async function commitMessageOf(repoDir: string, sha: string): Promise<string> {
  return git(repoDir, ['log', '-1', '--format=%B', sha]);
}

/**
 * A detached work tree of one commit in a temporary folder: the refresh is built there, so
 * the checkout the workflow sees is never changed, and a retry on a moved branch starts clean.
 */
export class ScratchTree {
  /** The commit made by commitAndPush, pushed again as is when the refresh goes to another branch. */
  private made: string | undefined;

  private constructor(
    readonly repoDir: string,
    readonly dir: string
  ) {}

  static async create(repoDir: string, sha: string): Promise<ScratchTree> {
    const parent = mkdtempSync(path.join(process.env.RUNNER_TEMP || tmpdir(), 'kit-guard-exports-'));
    const dir = path.join(parent, 'tree');
    await git(repoDir, ['worktree', 'add', '--quiet', '--detach', dir, sha]);
    return new ScratchTree(repoDir, dir);
  }

  get hasCommitted(): boolean {
    return this.made !== undefined;
  }

  /** Stages exactly these repository paths (additions, changes and deletions). */
  async stage(paths: readonly string[]): Promise<void> {
    if (paths.length) await git(this.dir, ['add', '-A', '--', ...paths.map(literal)]);
  }

  /** The staged change as a unified diff (what a contributor applies with `git apply`). */
  async stagedPatch(): Promise<string> {
    return git(this.dir, ['-c', 'core.quotePath=false', 'diff', '--cached', '--no-color', '--no-ext-diff', '--full-index', '--binary']);
  }

  /**
   * Commits the staged change and pushes it to the branch: a plain push, which the remote
   * refuses unless it fast-forwards, so a contributor's commit is never overwritten.
   */
  async commitAndPush(branch: string, message: CommitMessage): Promise<CommitResult> {
    if (this.made === undefined) {
      await git(this.dir, ['-c', `user.name=${BOT.name}`, '-c', `user.email=${BOT.email}`, 'commit', '--quiet', '--no-verify', '-m', messageText(message).trimEnd()]);
      this.made = (await git(this.dir, ['rev-parse', 'HEAD'])).trim();
    }
    const oid = this.made;
    const pushed = await runGit(this.dir, ['push', '--quiet', '--porcelain', 'origin', `${oid}:refs/heads/${branch}`]);
    if (pushed.exitCode === 0) return { status: 'committed', oid, via: 'git' };
    const said = `${pushed.stdout}\n${pushed.stderr}`.trim();
    if (/non-fast-forward|fetch first|\[rejected\]|stale info/i.test(said) && !/protected|declined/i.test(said)) return { status: 'moved', detail: said };
    if (/protected branch|GH006|GH013|hook declined|rule violation/i.test(said)) return { status: 'protected', detail: said };
    if (/403|permission|denied|not allowed/i.test(said)) return { status: 'forbidden', detail: said };
    return { status: 'failed', detail: said };
  }

  async remove(): Promise<void> {
    const removed = await runGit(this.repoDir, ['worktree', 'remove', '--force', this.dir]);
    rmSync(path.dirname(this.dir), { recursive: true, force: true });
    if (removed.exitCode !== 0) await runGit(this.repoDir, ['worktree', 'prune']);
  }
}

/** A pathspec that git reads literally (no globs, no magic), whatever the file is called. */
function literal(p: string): string {
  return `:(literal)${p}`;
}
