/**
 * The rule registry: every rule kit-guard reports, by check, with its default severity,
 * a one-line summary, whether its fix is machine-applicable, an example, and its docs
 * anchor. One file per check declares its rules; adding a rule is one line there.
 * docs/rules.md is generated from this (npm run docs:rules) and a test keeps it fresh.
 */
import type { Finding } from '../model/finding.js';
import type { RuleSpec } from '../model/rule.js';
import { editDistance } from '../model/similarity.js';
import { BRANCH_RULES } from './branch.js';
import { CHANGELOG_RULES } from './changelog.js';
import { COMMITS_RULES } from './commits.js';
import { CONFIG_RULES } from './config.js';
import { DOC_TRUTH_RULES } from './doc-truth.js';
import { EXPORT_RULES } from './export.js';
import { SCHEMA_RULES } from './schema.js';
import { SHARED_RULES } from './shared.js';

export type { RuleSpec } from '../model/rule.js';

/** Rules by check id, in the order checks run; `config` holds the configuration's own rule. */
export const RULES = {
  schema: [...SCHEMA_RULES, ...SHARED_RULES],
  'doc-truth': [...DOC_TRUTH_RULES, ...SHARED_RULES],
  changelog: [...CHANGELOG_RULES, ...SHARED_RULES],
  commits: [...COMMITS_RULES, ...SHARED_RULES],
  branch: [...BRANCH_RULES, ...SHARED_RULES],
  export: [...EXPORT_RULES, ...SHARED_RULES],
  config: [...CONFIG_RULES, ...SHARED_RULES]
} as const;

export type RuleCheckId = keyof typeof RULES;

/** Every rule as `check/rule`, the way configuration and output name it: a string-literal union. */
export type RuleId = { [C in RuleCheckId]: `${C}/${(typeof RULES)[C][number]['id']}` }[RuleCheckId];

/** The rule ids of one check, as a union (e.g. `RuleOf<'commits'>` is `'header-invalid' | ...`). */
export type RuleOf<C extends RuleCheckId> = (typeof RULES)[C][number]['id'];

/** A finding of check `C`: its `rule` is one the check registers (or a shared one); anything else is a compile error. */
export type FindingOf<C extends RuleCheckId> = Finding<C, RuleOf<C>>;

/** A finding of any registered check with one of that check's rules: the union of `FindingOf<C>` over checks. */
export type RegisteredFinding = { [C in RuleCheckId]: FindingOf<C> }[RuleCheckId];

/** Check ids that have rules. */
export const RULE_CHECK_IDS = Object.keys(RULES) as RuleCheckId[];

/** Where the generated rule docs live, relative to the package root. */
export const RULES_DOCS_FILE = 'docs/rules.md';

/** Every `check/rule` id, in registry order. */
export function ruleIds(): RuleId[] {
  return RULE_CHECK_IDS.flatMap((check) => RULES[check].map((rule) => `${check}/${rule.id}` as RuleId));
}

/** The registry entry of a rule, or undefined when the check has no such rule. */
export function findRule(check: string, rule: string): RuleSpec | undefined {
  const rules = (RULES as Record<string, readonly RuleSpec[]>)[check];
  return rules?.find((r) => r.id === rule);
}

/** The anchor of a rule's section in docs/rules.md (`#commits-header-too-long`). */
export function ruleAnchor(check: string, rule: string): string {
  return `${check}-${rule}`;
}

/** A rule's docs link, relative to the package root (`docs/rules.md#commits-header-too-long`); undefined for an unknown rule. */
export function ruleDocsLink(check: string, rule: string): string | undefined {
  return findRule(check, rule) ? `${RULES_DOCS_FILE}#${ruleAnchor(check, rule)}` : undefined;
}

/** Rules whose `fix` is a machine-applicable change, as `check/rule` ids. */
export function fixableRuleIds(): RuleId[] {
  return ruleIds().filter((id) => {
    const [check, rule] = id.split('/') as [string, string];
    return findRule(check, rule)?.fixable === true;
  });
}

/** Rules whose findings carry machine edits that `kit-guard check --fix` applies, as `check/rule` ids. */
export function autofixRuleIds(): RuleId[] {
  return ruleIds().filter((id) => {
    const [check, rule] = id.split('/') as [string, string];
    return findRule(check, rule)?.autofix === true;
  });
}

/**
 * True when a finding's edits are a fix to apply (`check --fix`, the action's fix patch):
 * its rule is an auto-fix rule. Other edits are review suggestions only; export drift's
 * restore a generated file's text but not its export record, so its fix is `export build`.
 */
export function isAutofix(finding: { check: string; rule: string }): boolean {
  return findRule(finding.check, finding.rule)?.autofix === true;
}

/** True when a configuration key (`check` or `check/rule`) names a known check or rule. */
export function isKnownRuleKey(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash === -1) return key in RULES;
  return findRule(key.slice(0, slash), key.slice(slash + 1)) !== undefined;
}

/** The known key nearest to an unknown one (`commits/heder-too-long` -> `commits/header-too-long`), if any is close. */
export function nearestRuleKey(key: string): string | undefined {
  const candidates = key.includes('/') ? ruleIds() : RULE_CHECK_IDS;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const max = Math.max(2, Math.floor(Math.max(key.length, candidate.length) / 3));
    const distance = editDistance(key, candidate, max);
    if (distance <= max && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
