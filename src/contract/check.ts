import type { Kit } from '../kit/load.js';
import type { ChangeContext } from '../model/change.js';
import type { Finding } from '../model/finding.js';
import type { RuleSpec } from '../model/rule.js';

export type { ChangeContext, CommitInfo } from '../model/change.js';

export interface CheckContext {
  kit: Kit;
  change: ChangeContext;
}

/**
 * What a check reads of the change beyond the kit itself, so the pipeline gathers only that
 * (a run of the branch check alone never starts `git log`).
 * - `range`: the commits of base..head (`change.commits`, `baseSha`, `headSha`).
 * - `branch`, `title`: the branch under review, the pull request title.
 * - `remote`: the repository's GitHub address (`change.repositoryUrl`), from the `origin` remote.
 * Base files are asked for with `Check.baseFiles`.
 */
export type ChangeNeed = 'range' | 'branch' | 'title' | 'remote';

/** A check: plain data in, findings out. It never logs, reads inputs or touches the network. */
export interface Check {
  id: string;
  description: string;
  /** The rules this check reports, with their defaults and docs (see src/model/rules/). */
  rules: readonly RuleSpec[];
  /** What of the change this check reads; none when omitted (kit files only). */
  needs?: readonly ChangeNeed[];
  /** Files this check wants from the base revision, so the runner can read them from git first. */
  baseFiles?(kit: Kit): string[];
  run(ctx: CheckContext): Finding[] | Promise<Finding[]>;
}
