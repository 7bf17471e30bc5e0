import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CommitInfo } from '../model/change.js';

/** Largest output accepted from one git command (commit logs of big ranges can be large). */
const MAX_OUTPUT_BYTES = 1024 * 1024 * 1024;

/** Why a git command failed, with what git said. */
export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string
  ) {
    super(`git ${args.join(' ')} failed${exitCode === null ? '' : ` (exit ${exitCode})`}: ${stderr.trim() || 'no error output'}`);
    this.name = 'GitError';
  }
}

/** The `git` executable could not be started. */
export class GitNotFoundError extends Error {
  constructor() {
    super('git is not installed or not on PATH');
    this.name = 'GitNotFoundError';
  }
}

/** The folder is not inside a git work tree. */
export class NotAGitRepositoryError extends Error {
  constructor(
    readonly dir: string,
    readonly detail: string
  ) {
    super(`${dir} is not inside a git work tree: ${detail.trim()}`);
    this.name = 'NotAGitRepositoryError';
  }
}

/** A revision or path given by a user that git could misread (an option, a NUL, a path leaving the kit). */
export class InvalidGitArgumentError extends Error {
  constructor(
    readonly value: string,
    readonly reason: string
  ) {
    super(`${JSON.stringify(value)} ${reason}`);
    this.name = 'InvalidGitArgumentError';
  }
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Rejects a user-given revision that git could read as an option (`-…`) or that holds
 * characters no revision has. Everything a user types goes through this before reaching git.
 */
export function assertRevision(rev: string): void {
  if (rev.length === 0) throw new InvalidGitArgumentError(rev, 'is not a revision: it is empty');
  if (rev.startsWith('-')) throw new InvalidGitArgumentError(rev, 'is not a revision: it starts with "-" and would be read as an option');
  if (/[\0\r\n]/.test(rev)) throw new InvalidGitArgumentError(rev, 'is not a revision: it contains a control character');
}

/** A sha as printed by git (SHA-1 or SHA-256). */
const FULL_SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/**
 * Read-only access to the git repository that holds a kit. All commands go through one
 * private funnel that runs `git` with execFile (never a shell), with prompts disabled, so
 * user values are plain arguments. User-given revisions are validated and resolved to a
 * sha first; every later command receives shas only.
 */
export class GitClient {
  /** Revisions already resolved in this run, and the shas they named (a sha names itself). */
  private readonly resolved = new Map<string, string>();

  private constructor(
    /** Absolute path of the work tree's top level. */
    readonly toplevel: string,
    /** The kit folder inside the work tree, `''` or ending in `/` (e.g. `content/`). */
    readonly prefix: string
  ) {}

  /**
   * Opens the repository holding `dir` (the kit root), finding its top level and the
   * kit's prefix inside it. Throws NotAGitRepositoryError or GitNotFoundError.
   */
  static async open(dir: string): Promise<GitClient> {
    const cwd = path.resolve(dir);
    // a missing cwd makes execFile fail with ENOENT, which would read as "git not installed"
    if (!existsSync(cwd) || !statSync(cwd).isDirectory()) throw new NotAGitRepositoryError(cwd, 'the folder does not exist');
    const result = await runGit(cwd, ['rev-parse', '--show-toplevel', '--show-prefix']);
    if (result.exitCode !== 0) throw new NotAGitRepositoryError(cwd, result.stderr);
    const [toplevel, prefix] = result.stdout.split('\n');
    if (!toplevel) throw new NotAGitRepositoryError(cwd, 'git printed no top level (a bare repository or inside .git?)');
    return new GitClient(toplevel, prefix ?? '');
  }

  /** Like `open`, but returns undefined when `dir` is not in a work tree or git is missing. */
  static async tryOpen(dir: string): Promise<GitClient | undefined> {
    try {
      return await GitClient.open(dir);
    } catch (error) {
      if (error instanceof NotAGitRepositoryError || error instanceof GitNotFoundError) return undefined;
      throw error;
    }
  }

  /** The single funnel every command goes through; throws GitError on a non-zero exit unless allowed. */
  private async exec(args: string[], allowFailure = false): Promise<ExecResult> {
    const result = await runGit(this.toplevel, args);
    if (result.exitCode !== 0 && !allowFailure) throw new GitError(args, result.exitCode, result.stderr);
    return result;
  }

  /** Resolves a revision (branch, tag, sha, `HEAD~2`...) to the sha of a commit; throws GitError when unknown. */
  async resolveRevision(rev: string): Promise<string> {
    assertRevision(rev);
    const known = this.resolved.get(rev);
    if (known !== undefined) return known;
    const result = await this.exec(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], true);
    const sha = result.stdout.trim();
    if (result.exitCode !== 0 || !FULL_SHA.test(sha)) {
      throw new GitError(['rev-parse', '--verify', rev], result.exitCode, result.stderr || `unknown revision ${rev}`);
    }
    // a run reads a fixed repository: each revision, and the sha it names, is asked of git once
    this.resolved.set(rev, sha);
    this.resolved.set(sha, sha);
    return sha;
  }

  /** Like resolveRevision, but undefined when the revision does not name a commit here (or is not a valid revision). */
  async tryResolveRevision(rev: string): Promise<string | undefined> {
    try {
      return await this.resolveRevision(rev);
    } catch (error) {
      if (error instanceof GitError || error instanceof InvalidGitArgumentError) return undefined;
      throw error;
    }
  }

  /** The best common ancestor of two revisions; throws GitError when there is none in this clone. */
  async mergeBase(a: string, b: string): Promise<string> {
    const [shaA, shaB] = [await this.resolveRevision(a), await this.resolveRevision(b)];
    const result = await this.exec(['merge-base', shaA, shaB], true);
    const sha = result.stdout.trim();
    if (result.exitCode !== 0 || !FULL_SHA.test(sha)) {
      throw new GitError(['merge-base', shaA, shaB], result.exitCode, result.stderr || 'no common ancestor');
    }
    return sha;
  }

  /** Like mergeBase, but undefined when the histories share no commit in this clone (or a revision is invalid). */
  async tryMergeBase(a: string, b: string): Promise<string | undefined> {
    try {
      return await this.mergeBase(a, b);
    } catch (error) {
      if (error instanceof GitError || error instanceof InvalidGitArgumentError) return undefined;
      throw error;
    }
  }

  /**
   * The parents recorded in a commit object. Unlike the log, this sees through a shallow
   * clone's cut: a boundary commit shows no parents in the log but keeps them here.
   */
  async recordedParents(rev: string): Promise<string[]> {
    const sha = await this.resolveRevision(rev);
    const result = await this.exec(['cat-file', 'commit', sha]);
    const headers = result.stdout.split('\n\n', 1)[0] ?? '';
    return headers
      .split('\n')
      .filter((line) => line.startsWith('parent '))
      .map((line) => line.slice('parent '.length).trim());
  }

  /** True when `ancestor` is `descendant` or reachable from it in this clone; false also when either is missing. */
  async tryIsAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const [a, d] = [await this.tryResolveRevision(ancestor), await this.tryResolveRevision(descendant)];
    if (!a || !d) return false;
    return (await this.exec(['merge-base', '--is-ancestor', a, d], true)).exitCode === 0;
  }

  /** True when this clone's history is cut off (a `--depth` clone, as actions/checkout makes by default). */
  async isShallow(): Promise<boolean> {
    const result = await this.exec(['rev-parse', '--is-shallow-repository'], true);
    const answer = result.stdout.trim();
    if (answer === 'true' || answer === 'false') return answer === 'true';
    // git older than 2.15 has no --is-shallow-repository: fall back to the shallow file.
    const shallowFile = await this.exec(['rev-parse', '--git-path', 'shallow'], true);
    if (shallowFile.exitCode !== 0) return false;
    return existsSync(path.resolve(this.toplevel, shallowFile.stdout.trim()));
  }

  /**
   * Commits reachable from `head` but not from `base`, oldest first (parents before
   * children), with no limit on their number. Merge commits are included.
   */
  async commitsInRange(base: string, head: string): Promise<CommitInfo[]> {
    const [baseSha, headSha] = [await this.resolveRevision(base), await this.resolveRevision(head)];
    const fields = ['%H', '%P', '%an', '%ae', '%B'];
    const result = await this.exec([
      '-c', 'log.showSignature=false',
      'log', '-z', '--reverse', '--topo-order', '--no-color', '--encoding=UTF-8',
      `--format=${fields.join('%x00')}`,
      `${baseSha}..${headSha}`,
      '--'
    ]);
    return parseLog(result.stdout, fields.length);
  }

  /**
   * The text of a kit file at a revision, or null when it does not exist there (or is
   * not a file). `kitRelativePath` may not leave the kit folder; a file larger than
   * `maxBytes` is refused with a GitError rather than read.
   */
  async showFile(rev: string, kitRelativePath: string, maxBytes = MAX_OUTPUT_BYTES): Promise<string | null> {
    const sha = await this.resolveRevision(rev);
    const object = `${sha}:${this.prefix}${kitPath(kitRelativePath)}`;
    const type = await this.exec(['cat-file', '-t', object], true);
    if (type.exitCode !== 0 || type.stdout.trim() !== 'blob') return null;
    const size = Number((await this.exec(['cat-file', '-s', object])).stdout.trim());
    if (size > maxBytes) throw new GitError(['cat-file', 'blob', object], null, `the file is ${size} bytes, more than the ${maxBytes} allowed`);
    return (await this.exec(['cat-file', 'blob', object])).stdout;
  }

  /** Kit-relative paths that differ between two revisions (added, modified, deleted; a rename lists both paths). */
  async changedFiles(base: string, head: string): Promise<string[]> {
    const [baseSha, headSha] = [await this.resolveRevision(base), await this.resolveRevision(head)];
    const args = ['--literal-pathspecs', 'diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', baseSha, headSha, '--'];
    if (this.prefix) args.push(this.prefix);
    const result = await this.exec(args);
    return result.stdout
      .split('\0')
      .filter((p) => p.length > 0 && p.startsWith(this.prefix))
      .map((p) => p.slice(this.prefix.length))
      .sort();
  }

  /**
   * The unified diff (3 lines of context) between two revisions for the whole work tree,
   * as git prints it; parse it with `parseUnifiedDiff`. For pull requests the API cannot list.
   */
  async unifiedDiff(base: string, head: string): Promise<string> {
    const [baseSha, headSha] = [await this.resolveRevision(base), await this.resolveRevision(head)];
    const result = await this.exec(['-c', 'core.quotePath=true', 'diff', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', '-U3', baseSha, headSha, '--']);
    return result.stdout;
  }

  /** The URL of the remote `origin` as configured (`git remote get-url origin`), or undefined when there is none. */
  async originUrl(): Promise<string | undefined> {
    const result = await this.exec(['remote', 'get-url', 'origin'], true);
    const url = result.stdout.trim();
    return result.exitCode === 0 && url ? url : undefined;
  }

  /** The checked-out branch's short name, or undefined on a detached HEAD. */
  async currentBranch(): Promise<string | undefined> {
    const result = await this.exec(['symbolic-ref', '--quiet', '--short', 'HEAD'], true);
    const name = result.stdout.trim();
    return result.exitCode === 0 && name ? name : undefined;
  }
}

/** Normalises a kit-relative path for a `rev:path` lookup, refusing paths that leave the kit. */
function kitPath(rel: string): string {
  if (/[\0\r\n]/.test(rel)) throw new InvalidGitArgumentError(rel, 'is not a path: it contains a control character');
  const normal = path.posix.normalize(rel.replace(/\\/g, '/'));
  if (normal.startsWith('/') || normal === '..' || normal.startsWith('../')) {
    throw new InvalidGitArgumentError(rel, 'leaves the kit folder');
  }
  return normal === '.' ? '' : normal.replace(/^\.\//, '');
}

/** Splits `git log -z` output whose fields are NUL-separated (a message cannot contain NUL). */
function parseLog(stdout: string, fieldCount: number): CommitInfo[] {
  const tokens = stdout.split('\0');
  // -z ends every record with NUL, leaving one empty token at the end
  if (tokens.length % fieldCount === 1 && tokens[tokens.length - 1] === '') tokens.pop();
  const commits: CommitInfo[] = [];
  for (let i = 0; i + fieldCount <= tokens.length; i += fieldCount) {
    const [sha, parents, authorName, authorEmail, body] = tokens.slice(i, i + fieldCount) as [string, string, string, string, string];
    const message = body.replace(/\n+$/, '');
    commits.push({
      sha: sha.replace(/^\n+/, ''),
      parents: parents.split(' ').filter(Boolean),
      authorName,
      authorEmail,
      message,
      subject: message.split('\n', 1)[0] ?? ''
    });
  }
  return commits;
}

/** Environment for git: no prompts, no optional locks, messages in English; the repository is found from the folder, not inherited variables. */
function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C', LANGUAGE: 'C' };
  // set by git when it runs hooks or aliases; they would point our commands at another repository
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_NAMESPACE']) delete env[name];
  return env;
}

/** Runs git in `cwd` (execFile, never a shell; no prompts); the exit code is returned, not thrown. */
export function runGit(cwd: string, args: string[]): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd, env: gitEnv(), encoding: 'utf8', maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true },
      (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new GitNotFoundError());
          return;
        }
        if (error && typeof error.code !== 'number') {
          // killed, buffer exceeded, or spawn failure: not an ordinary exit code
          reject(new GitError(args, null, `${error.message}\n${stderr}`));
          return;
        }
        resolve({ exitCode: error ? (error.code as unknown as number) : 0, stdout, stderr });
      }
    );
  });
}
