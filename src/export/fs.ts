// The file-system port of the export writer and checker: everything they do to the disk goes through
// FileReader/FileWriter, so tests can inject failures; nodeFileWriter is the real one.
import { copyFileSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';

/** What is at a path, without following a final symlink. */
export interface FileStat {
  kind: 'file' | 'dir' | 'symlink' | 'other';
  size: number;
}

/** Read access to the file system (absolute paths). The check uses only this. */
export interface FileReader {
  /** null when nothing is at the path. */
  lstat(abs: string): Promise<FileStat | null>;
  readFile(abs: string): Promise<Uint8Array>;
  /** Entries of a folder with their kinds (symlinks not followed). */
  readdir(abs: string): Promise<{ name: string; kind: FileStat['kind'] }[]>;
  realpath(abs: string): Promise<string>;
}

/**
 * Everything the export build does to the disk goes through this interface, so a test
 * can make it fail midway and prove the rollback. Paths are absolute.
 */
export interface FileWriter extends FileReader {
  /** Creates a folder and its parents; returns the first folder it created (undefined when it existed). */
  mkdir(abs: string): Promise<string | undefined>;
  writeFile(abs: string, text: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file or a whole folder; nothing there is not an error. */
  remove(abs: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  readlink(abs: string): Promise<string>;
  symlink(target: string, abs: string): Promise<void>;
}

function kindOf(stat: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): FileStat['kind'] {
  return stat.isSymbolicLink() ? 'symlink' : stat.isFile() ? 'file' : stat.isDirectory() ? 'dir' : 'other';
}

/**
 * The default FileWriter on node:fs. The synchronous calls are deliberate: a build
 * writes thousands of small files, and for those the thread-pool round trip of the
 * promise API costs more than the write itself.
 */
export const nodeFileWriter: FileWriter = {
  async lstat(abs) {
    try {
      // throwIfNoEntry: a missing file is the common case on a fresh build, and throwing costs more than the call
      const stat = lstatSync(abs, { throwIfNoEntry: false });
      return stat ? { kind: kindOf(stat), size: stat.size } : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
      throw error;
    }
  },
  async readFile(abs) {
    return readFileSync(abs);
  },
  async readdir(abs) {
    return readdirSync(abs, { withFileTypes: true }).map((entry) => ({ name: entry.name, kind: kindOf(entry) }));
  },
  async realpath(abs) {
    return realpathSync(abs);
  },
  async mkdir(abs) {
    return mkdirSync(abs, { recursive: true });
  },
  async writeFile(abs, text) {
    writeFileSync(abs, text);
  },
  async rename(from, to) {
    renameSync(from, to);
  },
  async remove(abs) {
    rmSync(abs, { recursive: true, force: true });
  },
  async copyFile(from, to) {
    copyFileSync(from, to);
  },
  async readlink(abs) {
    return readlinkSync(abs);
  },
  async symlink(target, abs) {
    symlinkSync(target, abs);
  }
};
