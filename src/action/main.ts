import * as core from '@actions/core';
import { ConfigError } from '../kit/load.js';
import type { Finding } from '../model/finding.js';
import { countLine, withPrefix } from '../report/counts.js';
import { renderText } from '../report/render/text.js';
import { describeError, MultiReporter, type ReportContext } from '../report/reporter.js';
import { AnnotationReporter, annotationProperties } from '../report/reporters/annotations.js';
import { JobSummaryReporter } from '../report/reporters/job-summary.js';
import { checkRepository } from '../pipeline/check-repository.js';
import type { RunResult } from '../pipeline/run.js';
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
      core.debug(`settings: ${JSON.stringify(s)}`);
      return s;
    });
    rootPrefix = settings.rootPrefix;
    const result = await checkKit(settings);
    await core.group('Report', async () => report(result, settings));
    setOutputs(result);
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
}

async function checkKit(settings: ActionSettings): Promise<ActionResult> {
  return core.group('Run checks', async () => {
    const overrides = { ...settings.configOverrides, ...(settings.failOn ? { failOn: settings.failOn } : {}) };
    const result = await checkRepository({
      root: settings.root,
      checks: settings.checks,
      change: settings.change,
      overrides,
      onLoaded(kit, checks) {
        core.info(`kit at ${settings.rootPrefix || '.'}${kit.configFile ? `, configuration ${withPrefix(settings.rootPrefix, kit.configFile)}` : ', default configuration'}`);
        core.info(`checks: ${checks.map((c) => c.id).join(', ')}`);
      },
      onChange(change) {
        core.info(`base ${change.baseSha ?? change.base ?? '(none)'}, head ${change.headSha ?? change.head ?? '(none)'}, branch ${change.branch ?? '(none)'}, ${change.commits?.length ?? 0} commit(s)`);
      }
    });
    core.info(renderText(result.findings, { pathPrefix: settings.rootPrefix }));
    return result;
  });
}

async function report(result: ActionResult, settings: ActionSettings): Promise<void> {
  const fileUrl = blobUrl(settings);
  const reporters = new MultiReporter([
    new AnnotationReporter(core, docsBase()),
    new JobSummaryReporter({ write: async (markdown) => void (await core.summary.addRaw(markdown, true).write()) }, fileUrl ? { fileUrl } : {})
  ]);
  const ctx: ReportContext = { failed: result.failed, failOn: result.failOn, ran: result.ran, pathPrefix: settings.rootPrefix };
  for (const outcome of await reporters.publishAll(result.findings, ctx)) {
    core.info(`${outcome.reporter}: ${outcome.published} published, ${outcome.skipped} not listed individually`);
    // a reporter that failed must not hide the findings: they are in the log above, and the step still fails on them
    for (const note of outcome.notes) (note.startsWith('failed:') ? core.warning : core.info)(`${outcome.reporter}: ${note}`);
  }
}

function setOutputs(result: RunResult): void {
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

/** Where this action's own docs are browsed (its repository at the ref the workflow uses), for rule links in annotations. */
function docsBase(): { docsBase?: string } {
  const server = process.env.GITHUB_SERVER_URL;
  const repository = process.env.GITHUB_ACTION_REPOSITORY;
  const ref = process.env.GITHUB_ACTION_REF;
  return server && repository && ref ? { docsBase: `${server}/${repository}/blob/${ref}` } : {};
}

/** A link to a file at the commit under review, for the job summary; undefined outside GitHub. */
function blobUrl(settings: ActionSettings): ((file: string, line?: number) => string | undefined) | undefined {
  const server = process.env.GITHUB_SERVER_URL;
  const repository = process.env.GITHUB_REPOSITORY;
  const sha = settings.change.head ?? process.env.GITHUB_SHA;
  if (!server || !repository || !sha) return undefined;
  return (file, line) => `${server}/${repository}/blob/${sha}/${file.split('/').map(encodeURIComponent).join('/')}${line ? `#L${line}` : ''}`;
}
