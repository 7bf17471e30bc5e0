import type { Severity } from './finding.js';

/**
 * One rule of a check, as the registry (src/rules/) declares it. `check/id` names it in
 * configuration and output; the docs page has one section per rule, generated from these.
 */
export interface RuleSpec {
  /** The rule within its check, e.g. `link-target-missing`. */
  readonly id: string;
  /** The severity it reports with unless configuration says otherwise. */
  readonly severity: Severity;
  /** One line: what the rule says is wrong. */
  readonly summary: string;
  /** True when the finding's `fix` is a machine-applicable change (a corrected value, not advice). */
  readonly fixable: boolean;
  /**
   * True when the rule's findings carry machine edits where the fix is unambiguous, so
   * `kit-guard check --fix` can apply them (implies `fixable`). Absent: no edits.
   */
  readonly autofix?: boolean;
  /** An input that triggers it and what the finding says, for the docs. */
  readonly example: { readonly input: string; readonly message: string };
}
