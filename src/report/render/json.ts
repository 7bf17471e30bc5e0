import { compareFindings, type Finding, type Severity } from '../../model/finding.js';
import { ruleDocsLink } from '../../rules/index.js';
import { countBySeverity } from '../counts.js';

/**
 * The JSON report (`kit-guard check --format json`). Stable: keys always appear in this
 * order, findings are sorted by file and position, and optional finding fields are left
 * out when unknown.
 */
export interface JsonReport {
  /** Every finding after configuration. `file` is relative to the kit root. */
  findings: JsonFinding[];
  /** Findings by severity. */
  counts: Record<Severity, number>;
  /** True when a finding is at or above the fail level (the CLI then exits 1). */
  failed: boolean;
  /** Ids of the checks that ran, in run order. */
  ran: string[];
}

/** A finding as the JSON report writes it: `docs` is the rule's section in kit-guard's docs/rules.md; `edits`, when present, apply its fix. */
export type JsonFinding = Finding & { docs?: string };

/** The order finding keys are written in; `docs` came last so older readers see the same keys first. */
const FINDING_KEYS = ['check', 'rule', 'severity', 'message', 'file', 'line', 'column', 'endLine', 'endColumn', 'fix'] as const;

/** Builds the JSON report object: findings sorted, keys in a fixed order, counts recomputed from the findings. */
export function toJsonReport(result: { findings: readonly Finding[]; failed: boolean; ran: readonly string[] }): JsonReport {
  const findings = [...result.findings].sort(compareFindings).map(normalizeFinding);
  return { findings, counts: countBySeverity(findings), failed: result.failed, ran: [...result.ran] };
}

/** Renders the JSON report as pretty-printed JSON with a trailing newline. Pure. */
export function renderJson(result: { findings: readonly Finding[]; failed: boolean; ran: readonly string[] }): string {
  return `${JSON.stringify(toJsonReport(result), null, 2)}\n`;
}

function normalizeFinding(f: Finding): JsonFinding {
  const out: Record<string, unknown> = {};
  for (const key of FINDING_KEYS) {
    if (f[key] !== undefined) out[key] = f[key];
  }
  const docs = ruleDocsLink(f.check, f.rule);
  if (docs !== undefined) out.docs = docs;
  // machine edits last: tools that apply fixes read them, people rarely do
  if (f.edits?.length) out.edits = f.edits.map((e) => ({ file: e.file, start: { ...e.start }, end: { ...e.end }, text: e.text }));
  return out as unknown as JsonFinding;
}
