import type { Check } from './types.js';
import { branchCheck } from './branch.js';
import { changelogCheck } from './changelog.js';
import { commitsCheck } from './commits.js';
import { docTruthCheck } from './doc-truth.js';
import { schemaCheck } from './schema.js';

/** Every check, by id, in the order they run and report. */
export const CHECKS: readonly Check[] = [schemaCheck, docTruthCheck, changelogCheck, commitsCheck, branchCheck];

export function checkById(id: string): Check | undefined {
  return CHECKS.find((c) => c.id === id);
}

export const CHECK_IDS: readonly string[] = CHECKS.map((c) => c.id);

export type { Check, CheckContext, ChangeContext, CommitInfo } from './types.js';
