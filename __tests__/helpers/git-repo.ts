import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

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
export interface TestRepo {
  dir: string;
  /** Runs git in the repository and returns trimmed stdout. */
  git(...args: string[]): string;
  /** Writes files (path -> text; null deletes) relative to the repository root. */
  write(files: Record<string, string | null>): void;
  /** Writes files, stages everything and commits; returns the new sha. */
  commit(message: string, files?: Record<string, string | null>, author?: { name: string; email: string }): string;
  cleanup(): void;
}

const created: string[] = [];

/** Creates a repository on branch `main`, optionally seeded from a fixture folder and/or files, with one initial commit when anything was written. */
export function makeRepo(options: { fixture?: string; files?: Record<string, string | null>; branch?: string; commitMessage?: string } = {}): TestRepo {
  const dir = mkdtempSync(path.join(tmpdir(), 'kit-guard-test-'));
  created.push(dir);
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  git('init', '-q', '-b', options.branch ?? 'main');
  const write = (files: Record<string, string | null>): void => {
    for (const [rel, text] of Object.entries(files)) {
      const abs = path.join(dir, rel);
      if (text === null) rmSync(abs, { force: true, recursive: true });
      else {
        mkdirSync(path.dirname(abs), { recursive: true });
        writeFileSync(abs, text);
      }
    }
  };
  const commit = (message: string, files: Record<string, string | null> = {}, author?: { name: string; email: string }): string => {
    write(files);
    git('add', '-A');
    const extra = author ? ['-c', `user.name=${author.name}`, '-c', `user.email=${author.email}`] : [];
    execFileSync('git', [...extra, 'commit', '-q', '--allow-empty', '-m', message, ...(author ? ['--author', `${author.name} <${author.email}>`] : [])], {
      cwd: dir,
      env: GIT_ENV,
      stdio: ['ignore', 'pipe', 'pipe']
    });
    return git('rev-parse', 'HEAD');
  };
  if (options.fixture) cpSync(options.fixture, dir, { recursive: true });
  if (options.files) write(options.files);
  if (options.fixture || options.files) commit(options.commitMessage ?? 'chore: initial commit');
  return { dir, git, write, commit, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A temporary folder outside any repository, removed by cleanupRepos. */
export function tempDir(prefix = 'kit-guard-tmp-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  created.push(dir);
  return dir;
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
export function cleanupRepos(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Absolute path of a fixture folder under __fixtures__/. */
export function fixturePath(...segments: string[]): string {
  return path.resolve(process.cwd(), '__fixtures__', ...segments);
}
