import type { Kit } from '../kit/load.js';
import type { ChangeContext } from '../model/change.js';
import type { RuleSpec } from '../model/rule.js';
import type { FindingOf, RuleCheckId } from '../rules/index.js';

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

/**
 * A check: plain data in, findings out. It never logs, reads inputs or touches the network.
 * `Check<'changelog'>` may only return findings of the changelog check with rules the registry
 * declares for it (`FindingOf<'changelog'>`); any other rule is a compile error.
 */
export interface CheckOf<C extends RuleCheckId> {
  id: C;
  description: string;
  /** The rules this check reports, with their defaults and docs (see src/model/rules/). */
  rules: readonly RuleSpec[];
  /** What of the change this check reads; none when omitted (kit files only). */
  needs?: readonly ChangeNeed[];
  /** Files this check wants from the base revision, so the runner can read them from git first. */
  baseFiles?(kit: Kit): string[];
  run(ctx: CheckContext): FindingOf<C>[] | Promise<FindingOf<C>[]>;
}

/**
 * A check of check id `C`; with no argument, the union over every registered check
 * (`Check<'schema'> | Check<'doc-truth'> | ...`), which is what lists of checks hold.
 */
export type Check<C extends RuleCheckId = RuleCheckId> = { [K in C]: CheckOf<K> }[C];
