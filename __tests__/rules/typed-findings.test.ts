/**
 * Type-level tests: `npm run typecheck` compiles this file, and each `@ts-expect-error`
 * fails the typecheck if the line under it ever compiles (an unregistered rule accepted).
 * The runtime assertions keep jest running it.
 */
import { describe, expect, it } from '@jest/globals';
import type { Check } from '../../src/contract/check.js';
import type { ExportFinding } from '../../src/export/types.js';
import { findRule, RULES, type FindingOf, type RegisteredFinding, type RuleOf } from '../../src/rules/index.js';

// a registered rule of the check, or a shared one, is accepted
const ok: FindingOf<'commits'> = { check: 'commits', rule: 'header-too-long', severity: 'error', message: 'm' };
const shared: FindingOf<'commits'> = { check: 'commits', rule: 'parse-error', severity: 'error', message: 'm' };
const exported: ExportFinding = { check: 'export', rule: 'export-stale', severity: 'error', message: 'm' };

// @ts-expect-error a misspelt rule is not a rule of the commits check
const misspelt: FindingOf<'commits'> = { check: 'commits', rule: 'heder-too-long', severity: 'error', message: 'm' };

// @ts-expect-error a rule of another check is not a rule of the commits check
const foreign: FindingOf<'commits'> = { check: 'commits', rule: 'link-target-missing', severity: 'error', message: 'm' };

// @ts-expect-error the check id must match too
const wrongCheck: FindingOf<'commits'> = { check: 'changelog', rule: 'header-too-long', severity: 'error', message: 'm' };

// @ts-expect-error a check/rule pair no check registers is not a registered finding
const unregistered: RegisteredFinding = { check: 'branch', rule: 'header-too-long', severity: 'error', message: 'm' };

const changelogFindings = (): FindingOf<'changelog'>[] => [{ check: 'changelog', rule: 'version-order', severity: 'warning', message: 'm' }];
const changelogCheck: Check<'changelog'> = {
  id: 'changelog',
  description: 'returns only changelog rules',
  rules: RULES.changelog,
  run: changelogFindings
};

const leakyCheck: Check<'changelog'> = {
  id: 'changelog',
  description: 'returns a doc-truth rule',
  rules: RULES.changelog,
  // @ts-expect-error link-target-missing is a doc-truth rule, not a changelog one
  run: () => [{ check: 'changelog', rule: 'link-target-missing', severity: 'error', message: 'm' }]
};

const asyncLeakyCheck: Check<'changelog'> = {
  id: 'changelog',
  description: 'returns a doc-truth finding, asynchronously',
  rules: RULES.changelog,
  // @ts-expect-error a doc-truth finding from a changelog check
  run: async () => [{ check: 'doc-truth', rule: 'link-target-missing', severity: 'error', message: 'm' }]
};

/** A local helper typed like the checks' own `add`/`push`/`found`. */
function add(rule: RuleOf<'branch'>): FindingOf<'branch'> {
  return { check: 'branch', rule, severity: 'error', message: 'm' };
}
// @ts-expect-error a commits rule passed to a branch helper
add('header-too-long');

describe('typed findings', () => {
  it('accepts registered rules, which the registry knows at run time too', () => {
    expect(changelogCheck.run).toBe(changelogFindings);
    for (const f of [ok, shared, exported, add('name-invalid'), ...changelogFindings()]) {
      expect(findRule(f.check, f.rule)).toBeDefined();
    }
  });

  it('rejects at compile time what the registry does not know', () => {
    for (const f of [misspelt, foreign, unregistered]) expect(findRule(f.check, f.rule)).toBeUndefined();
    expect(findRule(wrongCheck.check, wrongCheck.rule)).toBeUndefined();
    expect([leakyCheck.id, asyncLeakyCheck.id]).toEqual(['changelog', 'changelog']);
  });
});
