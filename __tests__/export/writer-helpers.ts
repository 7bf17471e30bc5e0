import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { nodeFileWriter, type FileWriter } from '../../src/export/fs.js';
import type { ExportKind, HostCompilation, HostId } from '../../src/export/types.js';

/**
 * Every file under `dir` (skipping .git): repository-relative path -> bytes as text, or
 * `symlink -> target` for links. Used to prove a tree is byte-for-byte unchanged.
 */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    const abs = rel ? path.join(dir, rel) : dir;
    for (const name of readdirSync(abs).sort()) {
      if (!rel && name === '.git') continue;
      const childRel = rel ? `${rel}/${name}` : name;
      const stat = lstatSync(path.join(abs, name));
      if (stat.isSymbolicLink()) out.set(childRel, `symlink -> ${readlinkSync(path.join(abs, name))}`);
      else if (stat.isDirectory()) walk(childRel);
      else out.set(childRel, readFileSync(path.join(abs, name)).toString('base64'));
    }
  };
  walk('');
  return out;
}

/** Every path (files and folders) under `dir` whose name marks it as our scratch. */
export function scratchLeft(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    const abs = rel ? path.join(dir, rel) : dir;
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      if (!rel && entry.name === '.git') continue;
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.name.includes('.kit-guard-')) out.push(childRel);
      if (entry.isDirectory() && !entry.isSymbolicLink()) walk(childRel);
    }
  };
  walk('');
  return out;
}

/** A compilation built by hand: path -> content, each file's sources given or defaulted. */
export function compiled(host: HostId, files: Record<string, string>, sources: Record<string, string[]> = {}, kind: ExportKind = 'role'): HostCompilation {
  const paths = Object.keys(files).sort();
  const allSources = new Set<string>();
  for (const p of paths) for (const s of sources[p] ?? []) allSources.add(s);
  return {
    host,
    files: paths.map((p) => ({ path: p, content: files[p] as string, kind, sources: sources[p] ?? [] })),
    sources: [...allSources].sort(),
    findings: []
  };
}

type Operation = keyof FileWriter;

/** A FileWriter that fails once, and what it was asked to do. */
export interface FailingWriter {
  writer: FileWriter;
  /** Every mutating call, in order. */
  calls: string[];
  /** True once the injected failure happened. */
  failed(): boolean;
}

/**
 * A FileWriter on node:fs that throws on the n-th call of one operation (1-based; only
 * calls whose arguments pass `match` count), for proving rollback.
 */
export function failingWriter(operation: Operation, n: number, match?: (args: string[]) => boolean): FailingWriter {
  let count = 0;
  let failed = false;
  const calls: string[] = [];
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(nodeFileWriter)) {
    wrapped[name] = async (...args: string[]) => {
      if (!['lstat', 'readFile', 'readdir', 'realpath', 'readlink'].includes(name)) calls.push(`${name} ${args.join(' ')}`);
      if (name === operation && (!match || match(args))) {
        count += 1;
        if (count === n) {
          failed = true;
          throw new Error(`injected ${name} failure`);
        }
      }
      return (fn as (...a: string[]) => Promise<unknown>)(...args);
    };
  }
  return { writer: wrapped as unknown as FileWriter, calls, failed: () => failed };
}
