import * as core from '@actions/core';
import { CHECKS, checkById } from '../checks/index.js';
import { indexDiff, type DiffIndex } from '../diff/filter.js';
import { parseUnifiedDiff } from '../diff/unified.js';
import { exportOwnership, type ExportOwnership } from '../export/commit-plan.js';
import { GitClient } from '../git/client.js';
import type { ChangeContext } from '../model/change.js';
import { ConfigError } from '../kit/load.js';
import type { Finding } from '../model/finding.js';
import { LineIndex } from '../model/lines.js';
import { RepoView } from '../repo/view.js';
import { countLine, withPrefix } from '../report/counts.js';
import { renderText } from '../report/render/text.js';
import { describeError, MultiReporter, type ReportContext } from '../report/reporter.js';
import { AnnotationReporter, annotationProperties } from '../report/reporters/annotations.js';
import { JobSummaryReporter } from '../report/reporters/job-summary.js';
import { checkRepository } from '../pipeline/check-repository.js';
import { summarize, type RunResult } from '../pipeline/run.js';
import { commitBackExports, MAX_PATCH_CHARS, renderExportsSection, type CommitBackOutcome } from './commit-back/index.js';
import { commentAuthor, createClient, type GitHubClient } from './github/client.js';
import { planApi, type ApiPlan } from './github/plan.js';
import { readPullRequest, type LivePullRequest } from './github/pull-request.js';
import { InlineReviewReporter, SummaryCommentReporter, type PullRequestTarget } from './github/reporters.js';
import { CONFIG_INPUT_NAME, getSettings, type ActionSettings } from './inputs.js';
import { logUntrusted, safeLine } from './log.js';
import { ReportFilesReporter } from './report-files.js';

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

interface ActionResult extends RunResult {
  failOn: Finding['severity'];
  change: ChangeContext;
  /** The pull request as the API showed it, when it could be read. */
  live?: LivePullRequest;
  /** Who wrote the kit's export records (decides the default checks and the commit-back). */
  ownership: ExportOwnership;
}

/** The client the export commit-back writes with: the review's when there is one, else one for the token (releases have no pull request). */
function githubClientFor(settings: ActionSettings, client: GitHubClient | undefined): GitHubClient | undefined {
  return client ?? (settings.token ? githubClient(settings) : undefined);
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
  return { ...result, ...summarize(findings, result.failOn, result.ran) };
}

/** Runs the commit-back; a failure of its own is reported and never hides the findings. */
async function keepExportsFresh(settings: ActionSettings, ownership: ExportOwnership, client: GitHubClient | undefined): Promise<CommitBackOutcome | undefined> {
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

function githubClient(settings: ActionSettings): GitHubClient {
  const options: Parameters<typeof createClient>[0] = { token: settings.token, log: (line) => core.info(safeLine(line)) };
  if (process.env.GITHUB_API_URL) options.baseUrl = process.env.GITHUB_API_URL;
  return createClient(options);
}

/** Reads the pull request as it is now; never rejects (a failure is returned, to be logged in order). */
async function readLive(client: GitHubClient, settings: ActionSettings): Promise<LivePullRequest | { failed: unknown }> {
  const pr = settings.pullRequest!;
  const [owner, repo] = pr.baseRepo.split('/') as [string, string];
  try {
    return await readPullRequest(client, { owner, repo }, pr.number);
  } catch (error) {
    return { failed: error };
  }
}

/** Logs what reading the pull request gave; on an API failure, undefined (the payload and git are used, and the log says so). */
function reportLive(read: LivePullRequest | { failed: unknown }, settings: ActionSettings): LivePullRequest | undefined {
  const number = settings.pullRequest!.number;
  if ('failed' in read) {
    core.warning(`kit-guard: reading pull request #${number} from the API failed (${safeLine(describeError(read.failed))}); using the event payload's title and git's history instead`);
    return undefined;
  }
  core.info(`pull request #${number}: head ${read.headSha}, ${read.commits?.length ?? 'too many'} commit(s), ${read.files?.length ?? 'too many'} changed file(s), read live`);
  for (const note of read.notes) core.warning(`kit-guard: ${note}`);
  return read;
}

/** The diff to label findings against: the API's patches, else git's diff of the range (over 3,000 files). */
async function readDiff(settings: ActionSettings, live: LivePullRequest): Promise<DiffIndex | undefined> {
  if (live.files) return indexDiff(live.files);
  const git = await GitClient.tryOpen(settings.workspace);
  if (!git) return undefined;
  try {
    // what the pull request changes: from where its branch left the base (a three-dot diff, as GitHub shows it)
    const from = (await git.tryMergeBase(live.baseSha, live.headSha)) ?? live.baseSha;
    const files = parseUnifiedDiff(await git.unifiedDiff(from, live.headSha));
    core.info(`diff read from git: ${files.length} changed file(s)`);
    return indexDiff(files);
  } catch (error) {
    core.warning(`kit-guard: reading the diff from git failed (${safeLine(describeError(error))}); no finding is treated as on a changed line`);
    return undefined;
  }
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
    return { ...result, ownership: exportOwnership(result.kit), ...(live ? { live } : {}) };
  });
}

interface ApiState {
  api: ApiPlan;
  client: GitHubClient | undefined;
  live: LivePullRequest | undefined;
  diff: DiffIndex | undefined;
  /** What the export refresh did, for the job summary and the summary comment. */
  exports?: CommitBackOutcome | undefined;
}

/**
 * Reports in two rounds. First everything that needs no API, so the findings are safe
 * whatever the API does: annotations, the job summary, the report files. Then the pull
 * request's inline review and summary comment, when the plan allows writing.
 */
async function report(result: ActionResult, settings: ActionSettings, state: ApiState): Promise<void> {
  const fileUrl = blobUrl(settings, state.live?.headSha);
  const ctx: ReportContext = { failed: result.failed, failOn: result.failOn, ran: result.ran, pathPrefix: settings.rootPrefix };
  const local = new MultiReporter([
    new AnnotationReporter(core),
    new JobSummaryReporter({ write: async (markdown) => void (await core.summary.addRaw(markdown, true).write()) }, fileUrl ? { fileUrl } : {}),
    new ReportFilesReporter({ json: settings.reportJson, sarif: settings.reportSarif }, { describeRule, lineText: workspaceLines(settings.workspace) })
  ]);
  logOutcomes(await local.publishAll(result.findings, ctx));
  const exportsSection = state.exports ? renderExportsSection(state.exports) : '';
  if (exportsSection) await core.summary.addRaw(exportsSection, true).write();

  const pr = settings.pullRequest;
  if (!pr || !state.client || !state.api.write || !state.live) {
    core.info(`pull request comments: none written (${state.api.readOnly ?? 'the pull request could not be read'}); the annotations, the job summary and the report files hold every finding`);
    return;
  }
  const [owner, repo] = pr.baseRepo.split('/') as [string, string];
  let author: string;
  try {
    author = await commentAuthor(state.client, settings.token);
  } catch (error) {
    core.warning(`kit-guard: the token's user could not be read (${safeLine(describeError(error))}), so no comment was written`);
    return;
  }
  const target: PullRequestTarget = { client: state.client, ref: { owner, repo }, number: pr.number, headSha: state.live.headSha, author, ...(state.diff ? { diff: state.diff } : {}) };
  const inline = new InlineReviewReporter(target, settings.maxInlineComments);
  const summary = new SummaryCommentReporter(target, {
    ...(fileUrl ? { fileUrl } : {}),
    elsewhere: whereEverythingIs(),
    notes: state.live.notes,
    inline: () => inline.inline,
    sections: () => {
      const markdown = state.exports ? renderExportsSection(state.exports, { heading: false, maxPatchChars: MAX_PATCH_CHARS.comment }) : '';
      return markdown ? [{ title: 'Host exports', markdown }] : [];
    }
  });
  const reporters = [...(settings.comment === 'inline' || settings.comment === 'both' ? [inline] : []), ...(settings.comment === 'summary' || settings.comment === 'both' ? [summary] : [])];
  logOutcomes(await new MultiReporter(reporters).publishAll(result.findings, ctx));
  if (target.readOnly) core.warning(`kit-guard: ${target.readOnly}; no further write was tried. The annotations, the job summary and the report files hold every finding.`);
}

function logOutcomes(outcomes: readonly { reporter: string; published: number; skipped: number; notes: string[] }[]): void {
  for (const outcome of outcomes) {
    core.info(`${outcome.reporter}: ${outcome.published} published, ${outcome.skipped} not listed individually`);
    // a reporter that failed must not hide the findings, nor fail a clean run: a warning, and the others still ran
    for (const note of outcome.notes) (note.startsWith('failed:') ? core.warning : core.info)(safeLine(`${outcome.reporter}: ${note}`));
  }
}

/** Where the summary comment sends readers for the findings it could not list. */
function whereEverythingIs(): string {
  const server = process.env.GITHUB_SERVER_URL;
  const repository = process.env.GITHUB_REPOSITORY;
  const run = process.env.GITHUB_RUN_ID;
  const summary = server && repository && run ? `[the job summary of run ${run}](${server}/${repository}/actions/runs/${run})` : 'the job summary';
  return `Every finding is in ${summary}, in the job log, and in the report-json and report-sarif files (upload them with actions/upload-artifact).`;
}

/** Reads lines of repository files from the workspace (each file once), for fingerprints. */
function workspaceLines(workspace: string): (file: string, line: number) => string | undefined {
  const view = new RepoView(workspace);
  const indexes = new Map<string, LineIndex | undefined>();
  return (file, line) => {
    if (!indexes.has(file)) {
      const read = view.read(file, { keep: false });
      indexes.set(file, read.ok ? new LineIndex(read.text) : undefined);
    }
    const index = indexes.get(file);
    return index && line <= index.lineCount ? index.lineText(line) : undefined;
  };
}

/** A rule's description for SARIF: its check's description. */
function describeRule(check: string, rule: string): string {
  const description = checkById(check)?.description;
  return description ? `${rule}: a rule of the ${check} check. ${description}` : `${rule}: a rule of the ${check} check.`;
}

function setOutputs(result: RunResult, settings: ActionSettings, exports: CommitBackOutcome | undefined): void {
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

/** A link to a file at the commit under review, for the job summary; undefined outside GitHub. */
function blobUrl(settings: ActionSettings, liveHead?: string): ((file: string, line?: number) => string | undefined) | undefined {
  const server = process.env.GITHUB_SERVER_URL;
  const repository = process.env.GITHUB_REPOSITORY;
  const sha = liveHead ?? settings.change.head ?? process.env.GITHUB_SHA;
  if (!server || !repository || !sha) return undefined;
  return (file, line) => `${server}/${repository}/blob/${sha}/${file.split('/').map(encodeURIComponent).join('/')}${line ? `#L${line}` : ''}`;
}
