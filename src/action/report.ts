import * as core from '@actions/core';
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { checkById } from '../checks/index.js';
import type { DiffIndex } from '../diff/filter.js';
import type { Severity } from '../model/finding.js';
import { LineIndex } from '../model/lines.js';
import { findRule, isAutofix, ruleDocsLink } from '../rules/index.js';
import type { RunResult } from '../pipeline/run.js';
import { RepoView } from '../repo/view.js';
import { buildFixPatch, MAX_FIX_PATCH_COMMENT_CHARS, renderFixPatchSection, type HeadText } from '../report/render/fix-patch.js';
import { MultiReporter, describeError, type ReportContext } from '../report/reporter.js';
import { AnnotationReporter } from '../report/reporters/annotations.js';
import { JobSummaryReporter } from '../report/reporters/job-summary.js';
import { MAX_PATCH_CHARS, renderExportsSection, type CommitBackOutcome } from './commit-back/index.js';
import { commentAuthor, type GitHubClient } from './github/client.js';
import type { ApiPlan } from './github/plan.js';
import type { LivePullRequest } from './github/pull-request.js';
import { InlineReviewReporter, SummaryCommentReporter, type PullRequestTarget } from './github/reporters.js';
import type { ActionSettings } from './inputs.js';
import { safeLine } from './log.js';
import { ReportFilesReporter } from './report-files.js';

// How the action reports a run: first the outputs that need no API (annotations, job
// summary, report files), then the pull request's inline review and summary comment.

/** The run's findings and what they were judged against. */
export interface ReportedRun extends RunResult {
  failOn: Severity;
}

/** What the run knows of the API when it reports. */
export interface ApiState {
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
export async function report(result: ReportedRun, settings: ActionSettings, state: ApiState): Promise<void> {
  const fileUrl = blobUrl(settings, state.live?.headSha);
  const ctx: ReportContext = { failed: result.failed, failOn: result.failOn, ran: result.ran, pathPrefix: settings.rootPrefix };
  const local = new MultiReporter([
    new AnnotationReporter(core, docsBase()),
    new JobSummaryReporter({ write: async (markdown) => void (await core.summary.addRaw(markdown, true).write()) }, fileUrl ? { fileUrl } : {}),
    new ReportFilesReporter({ json: settings.reportJson, sarif: settings.reportSarif }, { describeRule, ruleHelpUri, lineText: workspaceLines(settings.workspace) })
  ]);
  logOutcomes(await local.publishAll(result.findings, ctx));
  const exportsSection = state.exports ? renderExportsSection(state.exports) : '';
  if (exportsSection) await core.summary.addRaw(exportsSection, true).write();
  const readHead = headReader(settings.workspace);
  // every machine fix of the run as one patch, in the job summary (fork runs and read-only tokens included)
  const allFixes = renderFixPatchSection(buildFixPatch(result.findings.filter(isAutofix), readHead, settings.rootPrefix), { maxChars: MAX_PATCH_CHARS.summary, scope: 'all' });
  if (allFixes) await core.summary.addRaw(`### Fixes to apply\n\n${allFixes}`, true).write();

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
  const target: PullRequestTarget = { client: state.client, ref: { owner, repo }, number: pr.number, headSha: state.live.headSha, author, readHead, ...(state.diff ? { diff: state.diff } : {}) };
  const inline = new InlineReviewReporter(target, settings.maxInlineComments);
  const summary = new SummaryCommentReporter(target, {
    ...(fileUrl ? { fileUrl } : {}),
    elsewhere: whereEverythingIs(),
    notes: state.live.notes,
    inline: () => inline.inline,
    sections: () => {
      const markdown = state.exports ? renderExportsSection(state.exports, { heading: false, maxPatchChars: MAX_PATCH_CHARS.comment }) : '';
      // fixes an inline comment already suggests are left out: the patch holds the rest (outside the diff's lines, or past the inline cap)
      const unsuggested = result.findings.filter((f) => isAutofix(f) && !inline.suggested.has(f));
      const fixes = renderFixPatchSection(buildFixPatch(unsuggested, readHead, settings.rootPrefix), { maxChars: MAX_FIX_PATCH_COMMENT_CHARS, scope: 'unsuggested', elsewhere: 'the job summary has the patch when it fits there' });
      return [...(markdown ? [{ title: 'Host exports', markdown }] : []), ...(fixes ? [{ title: 'Fixes to apply', markdown: fixes }] : [])];
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

/**
 * Reads repository files from the workspace (checked out at the head) for suggestion
 * blocks and fix patches: the text as the checks read it (byte-order mark removed, paths
 * outside the repository refused), and whether the file starts with a byte-order mark.
 */
function headReader(workspace: string): (path: string) => HeadText | undefined {
  const view = new RepoView(workspace);
  return (file) => {
    const read = view.read(file);
    if (!read.ok) return undefined;
    let bom = false;
    try {
      const fd = openSync(path.join(workspace, file), 'r');
      try {
        const head = Buffer.alloc(3);
        bom = readSync(fd, head, 0, 3, 0) === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
      } finally {
        closeSync(fd);
      }
    } catch {
      return undefined;
    }
    return { text: read.text, bom };
  };
}

/** A rule's description for SARIF: the registry's summary, else its check's description. */
function describeRule(check: string, rule: string): string {
  const summary = findRule(check, rule)?.summary;
  if (summary) return summary;
  const description = checkById(check)?.description;
  return description ? `${rule}: a rule of the ${check} check. ${description}` : `${rule}: a rule of the ${check} check.`;
}

/** A rule's section in this action's docs, when the action's repository and ref are known. */
function ruleHelpUri(check: string, rule: string): string | undefined {
  const base = docsBase().docsBase;
  const link = ruleDocsLink(check, rule);
  return base && link ? `${base}/${link}` : undefined;
}

/** Where this action's own docs are browsed (its repository at the ref the workflow uses), for rule links in annotations. */
function docsBase(): { docsBase?: string } {
  const server = process.env.GITHUB_SERVER_URL;
  const repository = process.env.GITHUB_ACTION_REPOSITORY;
  const ref = process.env.GITHUB_ACTION_REF;
  return server && repository && ref ? { docsBase: `${server}/${repository}/blob/${ref}` } : {};
}

/** A link to a file at the commit under review, for the job summary; undefined outside GitHub. */
export function blobUrl(settings: ActionSettings, liveHead?: string): ((file: string, line?: number) => string | undefined) | undefined {
  const server = process.env.GITHUB_SERVER_URL;
  const repository = process.env.GITHUB_REPOSITORY;
  const sha = liveHead ?? settings.change.head ?? process.env.GITHUB_SHA;
  if (!server || !repository || !sha) return undefined;
  return (file, line) => `${server}/${repository}/blob/${sha}/${file.split('/').map(encodeURIComponent).join('/')}${line ? `#L${line}` : ''}`;
}
