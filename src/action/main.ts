import * as core from '@actions/core';
import { CHECKS } from '../checks/index.js';
import { exportOwnership, type ExportOwnership } from '../export/commit-plan.js';
import { ConfigError } from '../kit/load.js';
import type { ChangeContext } from '../model/change.js';
import { checkRepository } from '../pipeline/check-repository.js';
import { countLine, withPrefix } from '../report/counts.js';
import { renderText } from '../report/render/text.js';
import { describeError } from '../report/reporter.js';
import { annotationProperties } from '../report/reporters/annotations.js';
import { planApi } from './github/plan.js';
import type { LivePullRequest } from './github/pull-request.js';
import { CONFIG_INPUT_NAME, getSettings, type ActionSettings } from './inputs.js';
import { logUntrusted, safeLine } from './log.js';
import { githubClient, readDiff, readLive, reportLive } from './read-pull-request.js';
import { githubClientFor, keepExportsFresh, resolvedByRefresh } from './refresh-exports.js';
import { report, type ReportedRun } from './report.js';
import type { CommitBackOutcome } from './commit-back/index.js';

/**
 * The action: reads its settings, decides what the API may be used for, reads the pull
 * request live, loads the kit, gathers the change, runs the checks, then reports: first
 * what needs no API (annotations, job summary, report files), then the pull request's
 * inline review and summary comment. Sets outputs and fails the step when a finding is at
 * or above the fail level; an API failure is a warning, never the reason for a red run.
 * Anything thrown, Error or not, ends in `core.setFailed` with a readable message.
 */
export async function run(): Promise<void> {
  let rootPrefix = '';
  try {
    const settings = await core.group('Read settings', async () => {
      const s = getSettings();
      if (s.token) core.setSecret(s.token);
      core.debug(`settings: ${JSON.stringify({ ...s, token: s.token ? '(set)' : '' })}`);
      return s;
    });
    rootPrefix = settings.rootPrefix;
    const api = planApi(settings, process.env);
    const client = api.read ? githubClient(settings) : undefined;
    // the pull request as it is now: a re-run after fixing the title sees the fix
    const live = client ? await core.group('Read the pull request', async () => reportLive(await readLive(client, settings), settings)) : undefined;
    const checked = await checkKit(settings, live);
    // stale host exports are rebuilt and committed back (or suggested) before reporting, so the report says what was done
    const exports = await core.group('Host exports', async () => keepExportsFresh(settings, checked.ownership, githubClientFor(settings, client)));
    const result = exports ? resolvedByRefresh(checked, exports, settings.rootPrefix) : checked;
    // the diff only decides what goes inline: read it when comments will be written
    const diff = api.write && live ? await core.group('Read the diff', async () => readDiff(settings, live)) : undefined;
    await core.group('Report', async () => report(result, settings, { api, client, live, diff, exports }));
    setOutputs(result, settings, exports);
    if (result.failed) {
      const failOn = result.failOn;
      core.setFailed(`kit-guard: ${countLine(result.findings)}; findings at or above '${failOn}' fail the run.`);
    } else {
      core.info(`kit-guard: ${countLine(result.findings)}; nothing at or above the fail level.`);
    }
  } catch (error) {
    fail(error, rootPrefix);
  }
}

interface ActionResult extends ReportedRun {
  change: ChangeContext;
  /** Who wrote the kit's export records (decides the default checks and the commit-back). */
  ownership: ExportOwnership;
}

async function checkKit(settings: ActionSettings, live: LivePullRequest | undefined): Promise<ActionResult> {
  return core.group('Run checks', async () => {
    const overrides = { ...settings.configOverrides, ...(settings.failOn ? { failOn: settings.failOn } : {}) };
    const title = live?.title ?? settings.change.title;
    const result = await checkRepository({
      root: settings.root,
      checks: settings.checks,
      // exports kit-guard wrote itself are kept fresh by default; another tool's are not its business unless asked
      defaultChecks: (kit) => (exportOwnership(kit) === 'kit-guard' ? [...CHECKS.map((c) => c.id), 'export'] : undefined),
      change: { ...settings.change, ...(title !== undefined ? { title } : {}) },
      overrides,
      onLoaded(kit, checks) {
        core.info(`kit at ${settings.rootPrefix || '.'}${kit.configFile ? `, configuration ${withPrefix(settings.rootPrefix, kit.configFile)}` : ', default configuration'}`);
        core.info(`checks: ${checks.map((c) => c.id).join(', ')}`);
      },
      onChange(change) {
        // the API's commit list is the pull request's own; git's stands when the API could not list them all
        if (live?.commits && change.commits) change.commits = live.commits;
        core.info(safeLine(`base ${change.baseSha ?? change.base ?? '(none)'}, head ${change.headSha ?? change.head ?? '(none)'}, branch ${change.branch ?? '(none)'}, ${change.commits?.length ?? 0} commit(s)`));
      }
    });
    // file names and messages come from the repository: printed so no line can be a workflow command
    logUntrusted(core.info, renderText(result.findings, { pathPrefix: settings.rootPrefix }));
    return { ...result, ownership: exportOwnership(result.kit) };
  });
}

function setOutputs(result: ReportedRun, settings: ActionSettings, exports: CommitBackOutcome | undefined): void {
  core.setOutput('exports-result', exports?.result ?? 'skipped');
  core.setOutput('exports-commit', exports?.commit?.oid ?? '');
  core.setOutput('report-json', settings.reportJson);
  core.setOutput('report-sarif', settings.reportSarif);
  core.setOutput('findings', result.findings.length);
  core.setOutput('errors', result.counts.error);
  core.setOutput('warnings', result.counts.warning);
  core.setOutput('notices', result.counts.notice);
  core.setOutput('failed', result.failed);
}

/** Turns anything thrown into a failed step; configuration problems also become annotations at their line. */
function fail(error: unknown, rootPrefix: string): void {
  if (error instanceof ConfigError) {
    for (const f of error.findings) {
      // a problem in the `config` input has no file in the repository to point at
      const { file, ...rest } = f;
      const props = annotationProperties(file === CONFIG_INPUT_NAME ? rest : f, rootPrefix);
      core.error(f.fix ? `${f.message}\n\nFix: ${f.fix}` : f.message, props);
    }
    core.setFailed(`kit-guard: the configuration cannot be used:\n${error.message}`);
    return;
  }
  core.setFailed(`kit-guard: ${describeError(error)}`);
  if (error instanceof Error && error.stack) core.debug(error.stack);
}
