import { CHECKS, CHECK_IDS, checkById } from '../checks/index.js';
import type { ChangeContext, Check } from '../contract/check.js';
import type { Kit } from '../kit/load.js';
import { atLeast, compareFindings, type Finding, type Severity } from '../model/finding.js';
import { readsRange } from './gather.js';
import { startRemoteCheck, workersAvailable, type RemoteCheck } from './parallel.js';
import { append } from '../model/append.js';
import type { RegisteredFinding } from '../rules/index.js';

/**
 * The check that may run in a worker thread beside the others. The schema check is one
 * of the two heavy ones (it parses every hook, example and mapped file) and shares no
 * work with the others; measured on two cores, it balances the doc-truth check left on
 * the calling thread better, and with less memory, than the other way round.
 */
const OFFLOADED_CHECK = 'schema';
/** The check that keeps the calling thread busy meanwhile; without it, a worker only adds its start-up. */
const PARTNER_CHECK = 'doc-truth';

/**
 * With `parallel: 'auto'`, the schema check gets a worker only when both threads have
 * enough to do: this many YAML/JSON files for the worker and this many Markdown files
 * for the doc-truth check left here. Below that, a worker's start-up (loading its modules
 * again, about as long as parsing a few hundred small files) costs more than it saves.
 */
export const PARALLEL_MIN_FILES = 500;

export interface RunOptions {
  /** Check ids to run; all when omitted. */
  checks?: readonly string[];
  /** The change under review, or a promise of it (checks that can start early do so while it is gathered). */
  change?: ChangeContext | Promise<ChangeContext>;
  /**
   * A stage over the findings after rule configuration, before they are sorted and counted:
   * it may drop findings or return them changed (e.g. keep or label those inside a pull
   * request's diff). Failing on findings counts only what it returns.
   */
  filter?: FindingFilter;
  /**
   * Whether the schema check may run in a worker thread while the doc-truth check runs
   * here (only when both are selected): `auto` (default) on large repositories when there
   * are at least two cores, `true` whenever a worker can be started, `false` never.
   * Findings are the same either way; without a usable worker the check runs here.
   */
  parallel?: boolean | 'auto';
}

/** The filter stage of the pipeline (see RunOptions.filter). */
export type FindingFilter = (findings: Finding[], context: { kit: Kit; change: ChangeContext }) => Finding[] | Promise<Finding[]>;

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
  return CHECK_IDS.filter((id) => ids.includes(id)).map((id) => checkById(id) as Check);
}

/**
 * Runs the selected checks on a loaded kit. A check that throws does not hide the others:
 * its failure becomes an `internal-error` finding naming the check.
 */
export async function runChecks(kit: Kit, options: RunOptions = {}): Promise<RunResult> {
  const checks = selectChecks(options.checks);
  const { findings, change } = await runSelected(kit, checks, options);
  const configured = applyRuleConfig(findings, kit.config.rules);
  const kept = options.filter ? await options.filter(configured, { kit, change }) : configured;
  return summarize(kept, kit.config.failOn, checks.map((c) => c.id));
}

/** Runs the given checks; their findings in check order, before configuration, with the change they saw. */
async function runSelected(kit: Kit, checks: readonly Check[], options: RunOptions): Promise<{ findings: Finding[]; change: ChangeContext }> {
  // the worker starts first, so it loads its modules and lists the repository while the change is gathered
  const pairSelected = checks.some((c) => c.id === OFFLOADED_CHECK) && checks.some((c) => c.id === PARTNER_CHECK);
  const offloaded = pairSelected && shouldOffload(kit, options.parallel ?? 'auto') ? checks.find((c) => c.id === OFFLOADED_CHECK) : undefined;
  const remote: RemoteCheck | undefined = offloaded ? startRemoteCheck(kit, offloaded.id) : undefined;
  let change: ChangeContext;
  try {
    change = (await options.change) ?? {};
  } catch (error) {
    remote?.cancel();
    throw error;
  }
  remote?.start(change);
  // Problems gathering the range matter only to checks that read the range.
  const range = readsRange(checks);
  const raw: Finding[] = (change.problems ?? []).filter((p) => range || checks.some((c) => c.id === p.check));
  const byCheck = new Map<Check, Finding[]>();
  for (const check of checks) if (check !== offloaded) byCheck.set(check, await runOne(check, kit, change));
  if (offloaded && remote) {
    const reply = await remote.result;
    // a worker that could not run falls back to this thread, so no finding is ever lost
    byCheck.set(offloaded, reply === 'unavailable' ? await runOne(offloaded, kit, change) : reply.ok ? reply.findings : [internalError(offloaded, reply.message)]);
  }
  // findings keep the check order whichever thread ran a check
  for (const check of checks) append(raw, byCheck.get(check) ?? []);
  return { findings: raw, change };
}

/** Runs one check; a check that throws becomes an `internal-error` finding. */
async function runOne(check: Check, kit: Kit, change: ChangeContext): Promise<Finding[]> {
  try {
    return await check.run({ kit, change });
  } catch (error) {
    return [internalError(check, error instanceof Error ? error.message : String(error))];
  }
}

function internalError(check: Check, message: string): RegisteredFinding {
  return {
    check: check.id,
    rule: 'internal-error',
    severity: 'error',
    message: `the ${check.id} check failed unexpectedly: ${message}`,
    fix: 'This is a bug in kit-guard; please report it with this message.'
  };
}

function shouldOffload(kit: Kit, parallel: boolean | 'auto'): boolean {
  if (parallel === false || !workersAvailable()) return false;
  if (parallel === true) return true;
  let data = 0;
  let markdown = 0;
  for (const file of kit.repo.files()) {
    if (/\.(?:ya?ml|json)$/i.test(file)) data++;
    else if (/\.md$/i.test(file)) markdown++;
  }
  return data >= PARALLEL_MIN_FILES && markdown >= PARALLEL_MIN_FILES;
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
