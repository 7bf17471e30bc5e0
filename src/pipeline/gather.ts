import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Check } from '../contract/check.js';
import { collectChange, type ChangeOptions } from '../git/change.js';
import type { Kit } from '../kit/load.js';
import type { ChangeContext } from '../model/change.js';

/** Every base file the given checks want, de-duplicated, in check order. */
export function wantedBaseFiles(kit: Kit, checks: readonly Check[]): string[] {
  const files: string[] = [];
  for (const check of checks) for (const file of check.baseFiles?.(kit) ?? []) if (!files.includes(file)) files.push(file);
  return files;
}

/** True when a selected check reads the commit range (and so the problems met gathering it). */
export function readsRange(checks: readonly Check[]): boolean {
  return checks.some((c) => c.needs?.includes('range') || c.baseFiles !== undefined);
}

/**
 * Gathers what the selected checks read of the change, and nothing more: no git at all
 * when none reads the branch or the range (or the branch was given), only the branch
 * lookup when none reads the range, the whole range otherwise. Outside a git work tree
 * with no revision given, the change is what the caller said (branch, title).
 */
export async function gatherChange(kit: Kit, checks: readonly Check[], options: ChangeOptions = {}): Promise<ChangeContext> {
  const range = readsRange(checks);
  const branch = options.branch === undefined && checks.some((c) => c.needs?.includes('branch'));
  const explicit = options.base !== undefined || options.head !== undefined;
  if ((range || branch) && (explicit || insideGitWorkTree(kit.root))) {
    return collectChange(kit, { ...options, range }, range ? wantedBaseFiles(kit, checks) : []);
  }
  const bare: ChangeContext = {};
  if (options.branch !== undefined) bare.branch = options.branch;
  if (options.title !== undefined) bare.title = options.title;
  return bare;
}

/**
 * True when `dir` is inside a git work tree (a `.git` folder or file in it or above).
 * A file-system look only; all git commands live in src/git/.
 */
export function insideGitWorkTree(dir: string): boolean {
  for (let current = dir; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.git'))) return true;
    if (path.dirname(current) === current) return false;
  }
}
