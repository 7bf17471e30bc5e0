import * as core from '@actions/core';
import type { ExportOwnership } from '../export/commit-plan.js';
import { GitClient } from '../git/client.js';
import type { Finding } from '../model/finding.js';
import { summarize } from '../pipeline/run.js';
import { withPrefix } from '../report/counts.js';
import { describeError } from '../report/reporter.js';
import { commitBackExports, type CommitBackOutcome } from './commit-back/index.js';
import type { GitHubClient } from './github/client.js';
import type { ActionSettings } from './inputs.js';
import { safeLine } from './log.js';
import { githubClient } from './read-pull-request.js';
import type { ReportedRun } from './report.js';

// The action's side of the export commit-back: runs it after the checks, and folds what it
// fixed back into the findings. The commit-back itself is in commit-back/.

/** The client the export commit-back writes with: the review's when there is one, else one for the token (releases have no pull request). */
export function githubClientFor(settings: ActionSettings, client: GitHubClient | undefined): GitHubClient | undefined {
  return client ?? (settings.token ? githubClient(settings) : undefined);
}

/** Drift rules a refresh commit fixes. */
const DRIFT_RULES = new Set(['export-stale', 'export-file-missing', 'export-file-orphaned', 'export-record-stale']);

/**
 * After the refresh was committed (or put in a pull request), the drift it fixes is no
 * longer the branch's problem: those findings stay in the report as notices naming the
 * commit, so the run on the superseded head does not fail on them.
 */
export function resolvedByRefresh<T extends ReportedRun>(result: T, outcome: CommitBackOutcome, rootPrefix: string): T {
  if (outcome.result !== 'committed' || !outcome.commit || !outcome.files) return result;
  const fixed = new Set([...outcome.files.additions, ...outcome.files.deletions]);
  const short = outcome.commit.oid.slice(0, 7);
  const findings = result.findings.map((f): Finding => {
    if (f.check !== 'export' || !DRIFT_RULES.has(f.rule) || !f.file || !fixed.has(withPrefix(rootPrefix, f.file))) return f;
    // the commit made the change: nothing is left to suggest
    const { edits: _done, ...refreshed } = f;
    return { ...refreshed, severity: 'notice', message: `${f.message} (refreshed by ${short})` };
  });
  return { ...result, ...summarize(findings, result.failOn, result.ran) };
}

/** Runs the commit-back; a failure of its own is reported and never hides the findings. */
export async function keepExportsFresh(settings: ActionSettings, ownership: ExportOwnership, client: GitHubClient | undefined): Promise<CommitBackOutcome | undefined> {
  if (ownership === 'none' || settings.exportsMode === 'check') return undefined;
  const git = await GitClient.tryOpen(settings.root);
  if (!git) {
    core.info('exports: no git work tree, so no refresh can be built or committed');
    return undefined;
  }
  if (!settings.repository) {
    core.info('exports: the event names no repository, so nothing is committed');
    return undefined;
  }
  const started = Date.now();
  try {
    const outcome = await commitBackExports({
      repoDir: git.toplevel,
      rootPrefix: git.prefix.replace(/\/$/, ''),
      ...(settings.configOverrides ? { configOverrides: settings.configOverrides } : {}),
      ...(settings.exportsMode ? { mode: settings.exportsMode } : {}),
      target: settings.commitTarget,
      ownership,
      repository: settings.repository,
      ...(client ? { client } : {}),
      log: (line) => core.info(safeLine(`exports: ${line}`))
    });
    core.info(safeLine(`exports: ${outcome.result}: ${outcome.note} (${Date.now() - started} ms)`));
    if (outcome.result === 'failed') core.warning(safeLine(`kit-guard exports: ${outcome.note}`));
    return outcome;
  } catch (error) {
    const note = `the export refresh failed unexpectedly: ${describeError(error)}`;
    core.warning(safeLine(`kit-guard exports: ${note}`));
    return { result: 'failed', note, attempts: 0 };
  }
}
