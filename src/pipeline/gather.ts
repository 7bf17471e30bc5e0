import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Check } from '../contract/check.js';
import { collectChange, type ChangeOptions } from '../git/change.js';
import type { Kit } from '../kit/load.js';
import type { ChangeContext } from '../model/change.js';
import type { RegisteredFinding } from '../rules/index.js';

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
 * lookup when none reads the range, the whole range otherwise (and the `origin` remote's
 * URL, one more git command, when a check needs `remote` and the caller gave none). Outside a git work tree
 * with no revision given, the change is what the caller said (branch, title).
 */
export async function gatherChange(kit: Kit, checks: readonly Check[], options: ChangeOptions = {}): Promise<ChangeContext> {
  const range = readsRange(checks);
  const branch = options.branch === undefined && checks.some((c) => c.needs?.includes('branch'));
  const remote = options.repositoryUrl === undefined && checks.some((c) => c.needs?.includes('remote'));
  const explicit = options.base !== undefined || options.head !== undefined;
  if ((range || branch || remote) && (explicit || insideGitWorkTree(kit.root))) {
    return collectChange(kit, { ...options, range, remote }, range ? wantedBaseFiles(kit, checks) : []);
  }
  const bare: ChangeContext = {};
  if (options.branch !== undefined) bare.branch = options.branch;
  if (options.title !== undefined) bare.title = options.title;
  if (options.repositoryUrl !== undefined) bare.repositoryUrl = options.repositoryUrl;
  const skipped = notInGitNotices(range && checks.some((c) => c.id === 'commits'), branch);
  if (skipped.length) bare.problems = skipped;
  return bare;
}

/** Outside a git work tree nothing is skipped silently: what could not be checked is a notice. */
function notInGitNotices(commits: boolean, branch: boolean): RegisteredFinding[] {
  const notices: RegisteredFinding[] = [];
  const fix = 'Run kit-guard inside a git clone of the repository (with its history), or pass the branch name (--branch).';
  if (commits) notices.push({ check: 'commits', rule: 'range-unavailable', severity: 'notice', message: 'the kit is not inside a git work tree, so no commit message was checked', fix });
  if (branch) notices.push({ check: 'branch', rule: 'name-unavailable', severity: 'notice', message: 'the kit is not inside a git work tree and no branch name was given, so the branch name was not checked', fix });
  return notices;
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
