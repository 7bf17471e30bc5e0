import type { ChangeContext, CommitInfo } from '../model/change.js';
import type { Kit } from '../kit/load.js';
import type { Severity } from '../model/finding.js';
import type { FindingOf } from '../rules/index.js';
import { parseGitHubRemote } from './remote.js';
import { GitClient, GitError, GitNotFoundError, InvalidGitArgumentError, NotAGitRepositoryError } from './client.js';

/** What the caller knows about the change; everything is optional. */
export interface ChangeOptions {
  /** Base revision; default: `main` for hotfix/* branches, else `develop` when it exists, else `main` (local, then `origin/`). */
  base?: string;
  /** Head revision; default `HEAD`. */
  head?: string;
  /** The branch under review; default: the checked-out branch (none on a detached HEAD). */
  branch?: string;
  /** The pull request title. */
  title?: string;
  /** The repository's GitHub address when the caller knows it (the action); else read from `origin` when `remote` is set. */
  repositoryUrl?: string;
  /** Whether to read the `origin` remote's GitHub address (when `repositoryUrl` is not given); default false. */
  remote?: boolean;
  /**
   * Whether to read the range (merge base, commits, base files); default true. Without it
   * only the branch is looked up, when none was given: two git commands instead of a dozen.
   */
  range?: boolean;
}

/** How to give git the history it needs, for a shallow clone. */
export const SHALLOW_FIX =
  'The clone is shallow, so the base is not in its history. In GitHub Actions set `fetch-depth: 0` on actions/checkout ' +
  '(with: fetch-depth: 0); elsewhere run `git fetch --unshallow` (and fetch the base branch, e.g. `git fetch origin main`).';

/** The base branches tried, in order, when none is given (the seed's choice; `master` last for older repositories). */
export function defaultBaseCandidates(branch: string | undefined): string[] {
  const names = branch?.startsWith('hotfix/') ? ['main', 'master'] : ['develop', 'main', 'master'];
  return names.flatMap((n) => [n, `origin/${n}`]);
}

/**
 * Gathers what the checks need to know about a change from git: the commits of
 * merge-base(base, head)..head (oldest first), the wanted kit files as they were at the
 * merge base. Never throws for repository problems:
 * an unknown revision or a shallow clone that lacks the base becomes an error finding
 * (rule `range-unavailable`), so diff-aware rules never pass silently; outside a git
 * repository a notice says they were skipped. `baseSha` is the merge base (the range start).
 */
export async function collectChange(kit: Kit, options: ChangeOptions, baseFilePaths: readonly string[]): Promise<ChangeContext> {
  const change: ChangeContext = {};
  if (options.branch !== undefined) change.branch = options.branch;
  if (options.title !== undefined) change.title = options.title;
  if (options.repositoryUrl !== undefined) change.repositoryUrl = options.repositoryUrl;
  const problems: FindingOf<'commits' | 'changelog'>[] = [];
  const problem = (severity: Severity, message: string, fix: string, check: 'commits' | 'changelog' = 'commits'): void => {
    problems.push({ check, rule: 'range-unavailable', severity, message, fix });
  };
  const done = (): ChangeContext => {
    if (problems.length) change.problems = problems;
    return change;
  };
  const explicit = options.base !== undefined || options.head !== undefined;

  let git: GitClient;
  try {
    git = await GitClient.open(kit.root);
  } catch (error) {
    if (!(error instanceof NotAGitRepositoryError || error instanceof GitNotFoundError)) throw error;
    const reason = error instanceof GitNotFoundError ? 'git is not installed' : 'the kit is not inside a git repository';
    problem(
      explicit ? 'error' : 'notice',
      `${reason}, so commit rules and changelog-diff rules were skipped`,
      explicit ? 'Run kit-guard inside a git clone of the repository (with its history) to compare revisions.' : 'Nothing to do unless you want those rules: run kit-guard inside a git clone.'
    );
    return done();
  }

  if (options.remote && change.repositoryUrl === undefined) {
    const url = await git.originUrl();
    const repositoryUrl = url === undefined ? undefined : parseGitHubRemote(url);
    if (repositoryUrl !== undefined) change.repositoryUrl = repositoryUrl;
  }

  if (options.range === false) {
    if (change.branch === undefined) {
      const headSha = options.head === undefined ? undefined : await resolve(git, options.head);
      const branch = await headBranch(git, options.head, typeof headSha === 'string' ? headSha : undefined);
      if (branch !== undefined) change.branch = branch;
    }
    return done();
  }

  const head = options.head ?? 'HEAD';
  change.head = head;
  const headSha = await resolve(git, head);
  if (change.branch === undefined) {
    const branch = await headBranch(git, options.head, typeof headSha === 'string' ? headSha : undefined);
    if (branch !== undefined) change.branch = branch;
  }
  if (typeof headSha !== 'string') {
    if (options.head === undefined) {
      problem('notice', 'the repository has no commits yet, so there is no range to check', 'Commit first; the commit rules check the commits of a branch.');
    } else {
      problem('error', `head revision ${JSON.stringify(head)} ${headSha.reason}`, `Pass an existing branch, tag or commit as the head.${(await git.isShallow()) ? ` ${SHALLOW_FIX}` : ''}`);
    }
    return done();
  }
  change.headSha = headSha;

  const shallow = await git.isShallow();
  let base = options.base;
  let baseTip: string | undefined;
  if (base !== undefined) {
    const resolved = await resolve(git, base);
    if (typeof resolved !== 'string') {
      change.base = base;
      problem(
        'error',
        `base revision ${JSON.stringify(base)} ${resolved.reason}${shallow ? ' in this shallow clone' : ''}, so commits and changelog changes could not be checked`,
        shallow ? SHALLOW_FIX : 'Pass an existing branch, tag or commit as the base (fetch it first if it only exists on the remote: `git fetch origin <branch>`).'
      );
      return done();
    }
    baseTip = resolved;
  } else {
    const candidates = defaultBaseCandidates(change.branch);
    for (const candidate of candidates) {
      baseTip = await git.tryResolveRevision(candidate);
      if (baseTip) {
        base = candidate;
        break;
      }
    }
    if (!baseTip || base === undefined) {
      problem(
        shallow ? 'error' : 'warning',
        `no base branch found (tried ${candidates.join(', ')})${shallow ? ' in this shallow clone' : ''}, so commits and changelog changes could not be checked`,
        shallow ? SHALLOW_FIX : 'Pass the base explicitly (--base <branch>, or the action input), or fetch the base branch: `git fetch origin main`.'
      );
      return done();
    }
  }
  change.base = base;

  const mergeBase = await git.tryMergeBase(baseTip, headSha);
  if (!mergeBase) {
    problem(
      'error',
      shallow
        ? `the base ${JSON.stringify(base)} and the head share no commit in this shallow clone (the history is cut off), so commits and changelog changes could not be checked`
        : `the base ${JSON.stringify(base)} and the head have no common history, so commits and changelog changes could not be checked`,
      shallow ? SHALLOW_FIX : 'Compare against a base branch that this branch was created from.'
    );
    return done();
  }
  change.baseSha = mergeBase;

  try {
    const commits = await git.commitsInRange(mergeBase, headSha);
    const cut = shallow ? await firstCut(git, commits, mergeBase) : undefined;
    if (cut) {
      problem('error', `the history between ${JSON.stringify(base)} and the head is cut off at ${cut.sha.slice(0, 7)} in this shallow clone, so the commit list is incomplete`, SHALLOW_FIX);
      return done();
    }
    change.commits = commits;
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    problem('error', `reading the commits of ${base}..${head} failed: ${error.stderr.trim() || error.message}`, 'Check that the clone is complete (`git fsck`), then run again.');
    return done();
  }

  const baseFiles = new Map<string, string | null>();
  for (const file of baseFilePaths) {
    try {
      baseFiles.set(file, await git.showFile(mergeBase, file, kit.repo.maxFileBytes));
    } catch (error) {
      if (!(error instanceof GitError || error instanceof InvalidGitArgumentError)) throw error;
      problem('error', `${file} could not be read at the base ${mergeBase.slice(0, 7)}: ${error.message}`, 'Point the setting at a text file inside the kit.', 'changelog');
    }
  }
  change.baseFiles = baseFiles;
  return done();
}

/**
 * In a shallow clone a boundary commit looks parentless, so commits behind it may be
 * missing from the range. The range is complete only when every recorded parent of such
 * a commit is the merge base or reachable from it. Returns the first commit where it is not.
 */
async function firstCut(git: GitClient, commits: readonly CommitInfo[], mergeBase: string): Promise<CommitInfo | undefined> {
  for (const commit of commits) {
    if (commit.parents.length > 0) continue;
    for (const parent of await git.recordedParents(commit.sha)) {
      if (!(await git.tryIsAncestor(parent, mergeBase))) return commit;
    }
  }
  return undefined;
}

/**
 * The branch under review when the caller named none: the head itself when it is a local
 * branch, else the checked-out branch when the head is that commit (none on a detached HEAD).
 */
async function headBranch(git: GitClient, head: string | undefined, headSha: string | undefined): Promise<string | undefined> {
  if (head !== undefined && head !== 'HEAD') {
    if (!head.startsWith('-') && (await git.tryResolveRevision(`refs/heads/${head}`))) return head;
    const current = await git.currentBranch();
    return current !== undefined && headSha !== undefined && (await git.tryResolveRevision(current)) === headSha ? current : undefined;
  }
  return git.currentBranch();
}

/** Resolves a user revision to a sha, or says why it cannot be used. */
async function resolve(git: GitClient, rev: string): Promise<string | { reason: string }> {
  try {
    return await git.resolveRevision(rev);
  } catch (error) {
    if (error instanceof InvalidGitArgumentError) return { reason: error.reason };
    if (error instanceof GitError) return { reason: 'is not a known commit' };
    throw error;
  }
}
