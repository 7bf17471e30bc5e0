import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FixedFile } from './plan.js';

/** Why a fixed file was not written. */
export interface RefusedWrite {
  file: string;
  reason: 'outside' | 'changed' | 'not-a-file' | 'failed';
  message: string;
}

export interface WriteOutcome {
  written: string[];
  refused: RefusedWrite[];
}

/** Reads a file's bytes as strict UTF-8 text without a BOM, or undefined when it is anything else. */
export function readEditableText(abs: string): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(abs);
  } catch {
    return undefined;
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return undefined; // positions of a BOM file are not edited
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The absolute path of a repository file that may be written, or a refusal: the path must
 * stay inside the repository after resolving symbolic links of its folders, and the file
 * itself must be a regular file (a symbolic link is never replaced).
 */
export function writablePath(root: string, file: string): { abs: string } | RefusedWrite {
  const realRoot = realpathSync.native(path.resolve(root));
  const abs = path.resolve(root, ...file.split('/'));
  const outside = (p: string): boolean => {
    const relative = path.relative(realRoot, p);
    return relative === '' || relative.startsWith('..') || path.isAbsolute(relative);
  };
  if (path.isAbsolute(file) || file.split('/').includes('..') || outside(path.resolve(realRoot, ...file.split('/')))) {
    return { file, reason: 'outside', message: `${file} is outside the repository; it was not written` };
  }
  let realDir: string;
  try {
    realDir = realpathSync.native(path.dirname(abs));
  } catch {
    return { file, reason: 'not-a-file', message: `the folder of ${file} does not exist; it was not written` };
  }
  if (outside(path.join(realDir, path.basename(abs)))) return { file, reason: 'outside', message: `${file} resolves outside the repository; it was not written` };
  try {
    const stat = lstatSync(abs);
    if (stat.isSymbolicLink()) return { file, reason: 'outside', message: `${file} is a symbolic link; it was not written` };
    if (!stat.isFile()) return { file, reason: 'not-a-file', message: `${file} is not a regular file; it was not written` };
  } catch {
    return { file, reason: 'not-a-file', message: `${file} does not exist; it was not written` };
  }
  return { abs: path.join(realDir, path.basename(abs)) };
}

/**
 * Writes fixed files, each atomically: the new text goes to a temporary file in the same
 * folder (keeping the file's mode), which then replaces the file by rename. A file is
 * refused when it is outside the repository (symbolic links resolved) or when its bytes
 * changed since they were read (`before`), compared right before the rename.
 */
export function writeFixedFiles(root: string, files: readonly FixedFile[]): WriteOutcome {
  const written: string[] = [];
  const refused: RefusedWrite[] = [];
  for (const fixed of files) {
    if (fixed.before === fixed.after) continue;
    const target = writablePath(root, fixed.file);
    if (!('abs' in target)) {
      refused.push(target);
      continue;
    }
    const { abs } = target;
    const temp = path.join(path.dirname(abs), `.${path.basename(abs)}.kit-guard-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
    try {
      const mode = lstatSync(abs).mode & 0o7777;
      writeFileSync(temp, fixed.after, { encoding: 'utf8', flag: 'wx', mode });
      chmodSync(temp, mode);
      const now = readFileSync(abs);
      if (!now.equals(Buffer.from(fixed.before, 'utf8'))) {
        rmSync(temp, { force: true });
        refused.push({ file: fixed.file, reason: 'changed', message: `${fixed.file} changed since it was read; it was not written` });
        continue;
      }
      renameSync(temp, abs);
      written.push(fixed.file);
    } catch (error) {
      rmSync(temp, { force: true });
      refused.push({ file: fixed.file, reason: 'failed', message: `${fixed.file} could not be written (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
    }
  }
  return { written, refused };
}
