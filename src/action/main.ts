import * as core from '@actions/core';
import * as github from '@actions/github';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CHECKS } from '../checks/index.js';
import type { ChangeContext } from '../checks/types.js';
import { exportOwnership, type ExportOwnership } from '../export/commit-plan.js';
import { GitClient } from '../git/client.js';
import { collectChange, wantedBaseFiles } from '../git/change.js';
import { ConfigError, loadKit } from '../kit/load.js';
import type { Finding } from '../model/finding.js';
import { countLine, withPrefix } from '../report/counts.js';
import { renderText } from '../report/render/text.js';
import { describeError, MultiReporter, type ReportContext } from '../report/reporter.js';
import { AnnotationReporter, annotationProperties } from '../report/reporters/annotations.js';
import { JobSummaryReporter } from '../report/reporters/job-summary.js';
import { runChecks, selectChecks, summarize, type RunResult } from '../run.js';
import { commitBackExports, renderExportsSection, type CommitBackOutcome } from './commit-back/index.js';
import { CONFIG_INPUT_NAME, getSettings, type ActionSettings } from './inputs.js';

/**
 * The action: reads its settings, loads the kit, gathers the change from git, runs the
 * checks, reports (annotations and job summary), sets outputs, and fails the step when a
 * finding is at or above the fail level. Anything thrown, Error or not, ends in
 * `core.setFailed` with a readable message; nothing escapes.
 */
export async function run(): Promise<void> {
  let rootPrefix = '';
  try {
    const settings = await core.group('Read settings', async () => {
      const s = getSettings();
      core.debug(`settings: ${JSON.stringify({ ...s, token: s.token ? '***' : '' })}`);
      return s;
    });
    rootPrefix = settings.rootPrefix;
    const checked = await checkKit(settings);
    const exports = await core.group('Host exports', async () => keepExportsFresh(settings, checked.ownership));
    const result = exports ? resolvedByRefresh(checked, exports, settings.rootPrefix) : checked;
    await core.group('Report', async () => report(result, settings, exports));
    setOutputs(result, exports);
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

interface ActionResult extends RunResult {
  failOn: Finding['severity'];
  /** Who wrote the kit's export records (decides the default checks and the commit-back). */
  ownership: ExportOwnership;
}

/** Drift rules a refresh commit fixes. */
const DRIFT_RULES = new Set(['export-stale', 'export-file-missing', 'export-file-orphaned', 'export-record-stale']);

/**
 * After the refresh was committed (or put in a pull request), the drift it fixes is no
 * longer the branch's problem: those findings stay in the report as notices naming the
 * commit, so the run on the superseded head does not fail on them.
 */
function resolvedByRefresh(result: ActionResult, outcome: CommitBackOutcome, rootPrefix: string): ActionResult {
  if (outcome.result !== 'committed' || !outcome.commit || !outcome.files) return result;
  const fixed = new Set([...outcome.files.additions, ...outcome.files.deletions]);
  const short = outcome.commit.oid.slice(0, 7);
  const findings = result.findings.map((f): Finding => {
    if (f.check !== 'export' || !DRIFT_RULES.has(f.rule) || !f.file || !fixed.has(withPrefix(rootPrefix, f.file))) return f;
    return { ...f, severity: 'notice', message: `${f.message} (refreshed by ${short})` };
  });
  return { ...summarize(findings, result.failOn, result.ran), failOn: result.failOn, ownership: result.ownership };
}

/** Runs the commit-back; a failure of its own is reported and never hides the findings. */
async function keepExportsFresh(settings: ActionSettings, ownership: ExportOwnership): Promise<CommitBackOutcome | undefined> {
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
      ...(settings.token ? { client: github.getOctokit(settings.token) } : {}),
      log: (line) => core.info(`exports: ${line}`)
    });
    core.info(`exports: ${outcome.result}: ${outcome.note} (${Date.now() - started} ms)`);
    if (outcome.result === 'failed') core.warning(`kit-guard exports: ${outcome.note}`);
    return outcome;
  } catch (error) {
    const note = `the export refresh failed unexpectedly: ${describeError(error)}`;
    core.warning(`kit-guard exports: ${note}`);
    return { result: 'failed', note, attempts: 0 };
  }
}

async function checkKit(settings: ActionSettings): Promise<ActionResult> {
  const { kit, checks, ownership } = await core.group('Load kit', async () => {
    const overrides = { ...settings.configOverrides, ...(settings.failOn ? { failOn: settings.failOn } : {}) };
    const loaded = loadKit(settings.root, { overrides });
    const ownership = exportOwnership(loaded);
    // exports kit-guard wrote itself are kept fresh by default; another tool's are not our business unless asked
    const selected = selectChecks(settings.checks.length === 0 && ownership === 'kit-guard' ? [...CHECKS.map((c) => c.id), 'export'] : settings.checks);
    core.info(`kit at ${settings.rootPrefix || '.'}${loaded.configFile ? `, configuration ${withPrefix(settings.rootPrefix, loaded.configFile)}` : ', default configuration'}`);
    core.info(`checks: ${selected.map((c) => c.id).join(', ')}`);
    return { kit: loaded, checks: selected, ownership };
  });

  const change = await core.group('Read the change from git', async (): Promise<ChangeContext> => {
    const wanted = settings.change;
    if (wanted.base === undefined && wanted.head === undefined && !insideGitWorkTree(settings.root)) {
      core.info('no git work tree and no base in the event: checks that need history are skipped');
      const bare: ChangeContext = {};
      if (wanted.branch !== undefined) bare.branch = wanted.branch;
      if (wanted.title !== undefined) bare.title = wanted.title;
      return bare;
    }
    const gathered = await collectChange(kit, wanted, wantedBaseFiles(kit, checks));
    core.info(`base ${gathered.baseSha ?? gathered.base ?? '(none)'}, head ${gathered.headSha ?? gathered.head ?? '(none)'}, branch ${gathered.branch ?? '(none)'}, ${gathered.commits?.length ?? 0} commit(s)`);
    return gathered;
  });

  return core.group('Run checks', async () => {
    const result = await runChecks(kit, { checks: checks.map((c) => c.id), change });
    core.info(renderText(result.findings, { pathPrefix: settings.rootPrefix }));
    return { ...result, failOn: kit.config.failOn, ownership };
  });
}

async function report(result: ActionResult, settings: ActionSettings, exports: CommitBackOutcome | undefined): Promise<void> {
  const fileUrl = blobUrl(settings);
  const reporters = new MultiReporter([
    new AnnotationReporter(core),
    new JobSummaryReporter({ write: async (markdown) => void (await core.summary.addRaw(markdown, true).write()) }, fileUrl ? { fileUrl } : {})
  ]);
  const ctx: ReportContext = { failed: result.failed, failOn: result.failOn, ran: result.ran, pathPrefix: settings.rootPrefix };
  for (const outcome of await reporters.publishAll(result.findings, ctx)) {
    core.info(`${outcome.reporter}: ${outcome.published} published, ${outcome.skipped} not listed individually`);
    // a reporter that failed must not hide the findings: they are in the log above, and the step still fails on them
    for (const note of outcome.notes) (note.startsWith('failed:') ? core.warning : core.info)(`${outcome.reporter}: ${note}`);
  }
  const section = exports ? renderExportsSection(exports) : '';
  if (section) await core.summary.addRaw(section, true).write();
}

function setOutputs(result: RunResult, exports: CommitBackOutcome | undefined): void {
  core.setOutput('exports-result', exports?.result ?? 'skipped');
  core.setOutput('exports-commit', exports?.commit?.oid ?? '');
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

/** A link to a file at the commit under review, for the job summary; undefined outside GitHub. */
function blobUrl(settings: ActionSettings): ((file: string, line?: number) => string | undefined) | undefined {
  const server = process.env.GITHUB_SERVER_URL;
  const repository = process.env.GITHUB_REPOSITORY;
  const sha = settings.change.head ?? process.env.GITHUB_SHA;
  if (!server || !repository || !sha) return undefined;
  return (file, line) => `${server}/${repository}/blob/${sha}/${file.split('/').map(encodeURIComponent).join('/')}${line ? `#L${line}` : ''}`;
}

/** True when `dir` is inside a git work tree (a `.git` entry in it or above); a file-system look only. */
function insideGitWorkTree(dir: string): boolean {
  for (let current = dir; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.git'))) return true;
    if (path.dirname(current) === current) return false;
  }
}
