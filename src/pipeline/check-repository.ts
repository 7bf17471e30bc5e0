import type { Check } from '../contract/check.js';
import type { ChangeOptions } from '../git/change.js';
import { loadKit, type Kit, type LoadOptions } from '../kit/load.js';
import type { ChangeContext } from '../model/change.js';
import type { Severity } from '../model/finding.js';
import { gatherChange } from './gather.js';
import { runChecks, selectChecks, type FindingFilter, type RunResult } from './run.js';

export interface CheckRepositoryOptions extends LoadOptions {
  /** The kit's folder (holding the manifest or `.kit-guard.yaml`). */
  root: string;
  /** Check ids to run; the default checks when omitted or empty. Unknown ids throw UnknownCheckError. */
  checks?: readonly string[];
  /** The check ids to run instead of the default ones when `checks` is empty, decided from the loaded kit (undefined: the defaults). */
  defaultChecks?(kit: Kit): readonly string[] | undefined;
  /** What the caller knows of the change (base, head, branch, title); the rest is read from git as the checks need it. */
  change?: ChangeOptions;
  /** The filter stage over configured findings (see RunOptions.filter), e.g. keep what a pull request's diff touches. */
  filter?: FindingFilter;
  /** See RunOptions.parallel. */
  parallel?: boolean | 'auto';
  /** Told once the kit is loaded and the checks selected (for progress logs). */
  onLoaded?(kit: Kit, checks: readonly Check[]): void;
  /** Told once the change is gathered. */
  onChange?(change: ChangeContext): void;
}

export interface RepositoryCheckResult extends RunResult {
  kit: Kit;
  change: ChangeContext;
  /** The fail level the run used (configuration, then overrides). */
  failOn: Severity;
}

/**
 * The one run pipeline, used by the CLI, the action and library users: load the kit,
 * select the checks, gather only what they read of the change (no git for the schema and
 * doc-truth checks; only the branch lookup for the branch check), run them, apply the
 * rule configuration, filter, then sort and count. Configuration problems throw
 * ConfigError; unknown check ids throw UnknownCheckError.
 */
export async function checkRepository(options: CheckRepositoryOptions): Promise<RepositoryCheckResult> {
  let checks = selectChecks(options.checks);
  const load: LoadOptions = {};
  if (options.overrides) load.overrides = options.overrides;
  if (options.maxFileBytes !== undefined) load.maxFileBytes = options.maxFileBytes;
  if (options.overlay !== undefined) load.overlay = options.overlay;
  const kit = loadKit(options.root, load);
  if (!options.checks?.length && options.defaultChecks) {
    const ids = options.defaultChecks(kit);
    if (ids) checks = selectChecks(ids);
  }
  options.onLoaded?.(kit, checks);
  let gathered: ChangeContext = {};
  // the change is read from git while the runner already starts a worker for a heavy check
  const change = gatherChange(kit, checks, options.change ?? {}).then((c) => {
    gathered = c;
    options.onChange?.(c);
    return c;
  });
  const result = await runChecks(kit, {
    checks: checks.map((c) => c.id),
    change,
    ...(options.filter ? { filter: options.filter } : {}),
    // a worker reads files from disk again, so a run over overlaid texts stays on this thread
    ...(options.overlay?.size ? { parallel: false } : options.parallel !== undefined ? { parallel: options.parallel } : {})
  });
  return { ...result, kit, change: gathered, failOn: kit.config.failOn };
}
