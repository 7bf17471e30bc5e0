import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanupFolders, tempDir, writeFiles, type Files, type TestFolder } from './folder.js';

export { fixturePath, tempDir } from './folder.js';

/** Identity and settings for git in tests, independent of the machine's git config. */
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.test',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.test',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0'
};

/** A real git repository in a temporary folder, for tests. */
export interface TestRepo extends TestFolder {
  /** Runs git in the repository and returns trimmed stdout. */
  git(...args: string[]): string;
  /** Writes files, stages everything and commits; returns the new sha. */
  commit(message: string, files?: Record<string, string | null>, author?: { name: string; email: string }): string;
  /** Adds empty commits with these messages on the checked-out branch in one git process (for tests that need many). */
  emptyCommits(messages: readonly string[]): void;
}

/** Creates a repository on branch `main`, optionally seeded from a fixture folder and/or files, with one initial commit when anything was written. */
export function makeRepo(options: { fixture?: string; files?: Record<string, string | null>; branch?: string; commitMessage?: string } = {}): TestRepo {
  const repo = repoAt(tempDir('kit-guard-test-'));
  repo.git('init', '-q', '-b', options.branch ?? 'main');
  if (options.fixture) cpSync(options.fixture, repo.dir, { recursive: true });
  if (options.files) repo.write(options.files);
  if (options.fixture || options.files) commitFiles(repo.dir, options.commitMessage ?? 'chore: initial commit');
  return repo;
}

/**
 * A copy of a repository (work tree, index and history) in a new folder: for tests that
 * each change the same starting repository, cheaper than building it again with git.
 */
export function copyRepo(template: TestRepo): TestRepo {
  const dir = tempDir('kit-guard-test-');
  cpSync(template.dir, dir, { recursive: true });
  return repoAt(dir);
}

function runGit(dir: string, args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Stages everything and commits (as `author` when given). */
function commitFiles(dir: string, message: string, author?: { name: string; email: string }): void {
  runGit(dir, ['add', '-A']);
  const extra = author ? ['-c', `user.name=${author.name}`, '-c', `user.email=${author.email}`] : [];
  runGit(dir, [...extra, 'commit', '-q', '--allow-empty', '-m', message, ...(author ? ['--author', `${author.name} <${author.email}>`] : [])]);
}

/** The TestRepo operations on the repository in `dir`. */
function repoAt(dir: string): TestRepo {
  const git = (...args: string[]): string => runGit(dir, args);
  const write = (files: Files): void => writeFiles(dir, files);
  const commit = (message: string, files: Record<string, string | null> = {}, author?: { name: string; email: string }): string => {
    write(files);
    commitFiles(dir, message, author);
    return git('rev-parse', 'HEAD');
  };
  const emptyCommits = (messages: readonly string[]): void => {
    const branch = git('symbolic-ref', 'HEAD');
    const when = Math.floor(Date.now() / 1000);
    const identity = `${GIT_ENV.GIT_COMMITTER_NAME} <${GIT_ENV.GIT_COMMITTER_EMAIL}> ${when} +0000`;
    // fast-import continues the branch from its current tip; every commit keeps the tip's tree
    let stream = '';
    messages.forEach((message, i) => {
      const data = Buffer.from(message, 'utf8');
      stream += `commit ${branch}\nauthor ${identity}\ncommitter ${identity}\ndata ${data.length}\n${message}\n`;
      if (i === 0) stream += `from ${git('rev-parse', 'HEAD')}\n`;
      stream += '\n';
    });
    execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, env: GIT_ENV, input: stream, stdio: ['pipe', 'pipe', 'pipe'] });
  };
  return { dir, git, write, commit, emptyCommits };
}

/** A temporary folder outside any repository holding `files` (path -> text, or bytes), removed by cleanupRepos. */
export function folderWith(files: Record<string, string | Uint8Array>): string {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** Removes every repository and temporary folder made by this process (call from afterAll). */
export const cleanupRepos = cleanupFolders;
