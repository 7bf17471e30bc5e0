import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadKit, type Kit, type LoadOptions } from '../../src/kit/load.js';

/**
 * Plain folders for tests of code that does not read git: writing a few files costs a
 * fraction of a millisecond, where a git repository costs several git processes (and a
 * fork of the test worker each). Real git stays in the tests where git is the subject.
 */

/** Files to write: repository-relative path -> text; null deletes the path. */
export type Files = Record<string, string | null>;

/** A temporary folder holding a kit's files, outside any git repository. */
export interface TestFolder {
  dir: string;
  /** Writes files (path -> text; null deletes) relative to the folder. */
  write(files: Files): void;
}

const created: string[] = [];

/** A temporary folder outside any repository, removed by cleanupFolders. */
export function tempDir(prefix = 'kit-guard-tmp-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Writes `files` under `dir`: null removes the path (file or folder). */
export function writeFiles(dir: string, files: Files): void {
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    if (text === null) rmSync(abs, { force: true, recursive: true });
    else {
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, text);
    }
  }
}

/** A plain folder seeded from a fixture folder and/or data literals. */
export function makeFolder(options: { fixture?: string; files?: Files } = {}): TestFolder {
  const dir = tempDir('kit-guard-kit-');
  if (options.fixture) cpSync(options.fixture, dir, { recursive: true });
  if (options.files) writeFiles(dir, options.files);
  return { dir, write: (files) => writeFiles(dir, files) };
}

/** Loads a kit written from data literals into a plain folder. */
export function makeKit(files: Files, options: LoadOptions = {}): Kit {
  return loadKit(makeFolder({ files }).dir, options);
}

/** Removes every folder made by this process (call from afterAll). */
export function cleanupFolders(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Absolute path of a fixture folder under __fixtures__/. */
export function fixturePath(...segments: string[]): string {
  return path.resolve(process.cwd(), '__fixtures__', ...segments);
}
