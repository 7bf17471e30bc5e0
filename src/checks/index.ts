import type { Check } from '../contract/check.js';
import { branchCheck } from './branch.js';
import { changelogCheck } from './changelog.js';
import { commitsCheck } from './commits.js';
import { docTruthCheck } from './doc-truth/index.js';
import { schemaCheck } from './schema/index.js';
import { RULES } from '../rules/index.js';

/** The checks run by default, by id, in the order they run and report. */
export const CHECKS: readonly Check[] = [schemaCheck, docTruthCheck, changelogCheck, commitsCheck, branchCheck];

/**
 * Export drift, run only when asked for by id (`kit-guard check export`, or the action's
 * `checks` input): a repository laid out like the seed's has exports written by another
 * tool, so it is not part of the zero-configuration default. Loaded on first use, so the
 * other checks never load the export compiler.
 */
const exportsCheck: Check<'export'> = {
  id: 'export',
  description: 'Host exports are fresh: every generated file matches its sources, none was edited by hand, none is orphaned.',
  rules: RULES.export,
  async run(ctx) {
    return (await import('../export/check.js')).exportCheck.run(ctx);
  }
};

/** Checks that run only when selected by id. */
export const OPTIONAL_CHECKS: readonly Check[] = [exportsCheck];

const ALL_CHECKS: readonly Check[] = [...CHECKS, ...OPTIONAL_CHECKS];

export function checkById(id: string): Check | undefined {
  return ALL_CHECKS.find((c) => c.id === id);
}

/** Every known check id, default ones first. */
export const CHECK_IDS: readonly string[] = ALL_CHECKS.map((c) => c.id);

export type { Check, CheckContext, ChangeContext, CommitInfo } from '../contract/check.js';
