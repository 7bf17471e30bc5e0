import { CHECKS, CHECK_IDS } from './checks/index.js';
import type { ChangeContext, Check } from './checks/types.js';
import type { Kit } from './kit/load.js';
import { atLeast, compareFindings, type Finding, type Severity } from './model/finding.js';

/** Checks whose rules depend on the base..head range. */
const RANGE_CHECKS = new Set(['changelog', 'commits']);

export interface RunOptions {
  /** Check ids to run; all when omitted. */
  checks?: readonly string[];
  change?: ChangeContext;
}

export interface RunResult {
  /** Findings after configuration (rules set to `off` removed, severities overridden), sorted by file and position. */
  findings: Finding[];
  /** Counts by severity. */
  counts: Record<Severity, number>;
  /** True when a finding is at or above the configured fail level. */
  failed: boolean;
  /** Checks that ran. */
  ran: string[];
}

/** Thrown for a check id that does not exist; the message lists the known ones. */
export class UnknownCheckError extends Error {
  constructor(readonly ids: string[]) {
    super(`unknown check${ids.length > 1 ? 's' : ''}: ${ids.join(', ')} (known: ${CHECK_IDS.join(', ')})`);
    this.name = 'UnknownCheckError';
  }
}

/** Resolves check ids to checks, throwing UnknownCheckError listing every unknown id. */
export function selectChecks(ids?: readonly string[]): Check[] {
  if (!ids || ids.length === 0) return [...CHECKS];
  const unknown = ids.filter((id) => !CHECK_IDS.includes(id));
  if (unknown.length) throw new UnknownCheckError(unknown);
  return CHECKS.filter((c) => ids.includes(c.id));
}

/**
 * Runs the selected checks on a loaded kit. A check that throws does not hide the others:
 * its failure becomes an `internal-error` finding naming the check.
 */
export async function runChecks(kit: Kit, options: RunOptions = {}): Promise<RunResult> {
  const checks = selectChecks(options.checks);
  const change = options.change ?? {};
  // Problems gathering the range matter only to checks that read the range.
  const readsRange = checks.some((c) => RANGE_CHECKS.has(c.id));
  const raw: Finding[] = (change.problems ?? []).filter((p) => readsRange || checks.some((c) => c.id === p.check));
  for (const check of checks) {
    try {
      raw.push(...(await check.run({ kit, change })));
    } catch (error) {
      raw.push({
        check: check.id,
        rule: 'internal-error',
        severity: 'error',
        message: `the ${check.id} check failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
        fix: 'This is a bug in kit-guard; please report it with this message.'
      });
    }
  }
  return summarize(applyRuleConfig(raw, kit.config.rules), kit.config.failOn, checks.map((c) => c.id));
}

/** Applies `rules` overrides: `check/rule` wins over `check`; `off` drops the finding. */
export function applyRuleConfig(findings: readonly Finding[], rules: Record<string, Severity | 'off'>): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const setting = rules[`${f.check}/${f.rule}`] ?? rules[f.check];
    if (setting === 'off') continue;
    out.push(setting ? { ...f, severity: setting } : f);
  }
  return out;
}

export function summarize(findings: Finding[], failOn: Severity, ran: string[]): RunResult {
  const sorted = [...findings].sort(compareFindings);
  const counts: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  for (const f of sorted) counts[f.severity]++;
  return { findings: sorted, counts, failed: sorted.some((f) => atLeast(f.severity, failOn)), ran };
}
