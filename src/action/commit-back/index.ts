import { readFileSync } from 'node:fs';
import { codeFence } from '../../markdown/fence.js';
import path from 'node:path';
import {
  decideCommitBack,
  exportCommitMessage,
  isOwnExportCommit,
  planCommitFiles,
  refreshBranchName,
  type CommitFiles,
  type CommitMessage,
  type CommitTarget,
  type ExportOwnership,
  type ExportsMode
} from '../../export/commit-plan.js';
import { generatorInfo } from '../../export/record.js';
import { buildExports } from '../../export/write.js';
import type { KitConfig } from '../../kit/config.js';
import { loadKit } from '../../kit/load.js';
import type { Finding } from '../../model/finding.js';
import { escapeMarkdown, escapeUrl } from '../../report/render/markdown.js';
import { commitMessageOf, fetchBranchTip, hasCommit, ScratchTree } from './git.js';
import {
  createCommitOnBranch,
  resetRefreshBranch,
  upsertRefreshPullRequest,
  type CommitResult,
  type FileAddition,
  type GitHubClient,
  type RefreshPullRequest
} from './github.js';

/** Attempts on a branch that keeps moving before the action gives up and says so. */
export const MAX_COMMIT_ATTEMPTS = 3;

/** Largest total of file bytes sent through the API in one commit; bigger refreshes go through git. */
export const MAX_API_COMMIT_BYTES = 40 * 1024 * 1024;

export interface CommitBackOptions {
  /** Top level of the checked-out repository (its `origin` is the repository on GitHub). */
  repoDir: string;
  /** The kit's folder inside the repository, `/`-separated, '' for the root. */
  rootPrefix: string;
  configOverrides?: Partial<KitConfig>;
  /** The `exports` input; undefined is the default. */
  mode?: ExportsMode;
  target: CommitTarget;
  ownership: ExportOwnership;
  repository: { owner: string; repo: string };
  /** GitHub API access; without it commits go through git and no pull request can be opened. */
  client?: GitHubClient;
  log?: (line: string) => void;
}

export type CommitBackResult = 'committed' | 'pull-request' | 'suggested' | 'unchanged' | 'first-build' | 'skipped' | 'refused' | 'failed';

/** What the commit-back did, for the summary, the outputs and the review reporter. */
export interface CommitBackOutcome {
  result: CommitBackResult;
  /** One paragraph saying what happened and why. */
  note: string;
  branch?: string;
  /** Repository paths committed (or that would be, for suggest and first-build). */
  files?: { additions: string[]; deletions: string[] };
  commit?: { oid: string; url?: string; via: 'graphql' | 'git' };
  pullRequest?: RefreshPullRequest;
  /** The refresh as a unified diff (suggest, first-build): the review reporter can turn it into suggestion blocks. */
  patch?: string;
  attempts: number;
  /** Error findings of a build that was refused. */
  errors?: Finding[];
}

/**
 * Keeps the kit's host exports fresh on the branch the event is about: builds them on the
 * head the action checked, in a scratch work tree, and commits exactly the changed files in
 * one signed commit (`createCommitOnBranch` against that head; git push, fast-forward only,
 * where the API cannot be used). A moved branch is re-read and rebuilt, a bounded number of
 * times; nothing is ever pushed over someone's commit.
 */
export async function commitBackExports(options: CommitBackOptions): Promise<CommitBackOutcome> {
  const log = options.log ?? (() => undefined);
  const pre = decideCommitBack({ ...(options.mode ? { mode: options.mode } : {}), target: options.target, ownership: options.ownership });
  if (pre.action === 'none') return { result: 'skipped', note: pre.note, attempts: 0 };

  const { target } = options;
  let tip: string;
  if (target.kind === 'pull-request') {
    tip = target.headSha;
    if (!(await hasCommit(options.repoDir, tip))) {
      const fetched = await fetchBranchTip(options.repoDir, target.branch);
      if (!(await hasCommit(options.repoDir, tip))) tip = fetched;
    }
  } else if (target.kind === 'release') {
    tip = await fetchBranchTip(options.repoDir, target.branch);
  } else {
    tip = 'HEAD';
  }
  const decision = decideCommitBack({
    ...(options.mode ? { mode: options.mode } : {}),
    target,
    ownership: options.ownership,
    headMessage: await commitMessageOf(options.repoDir, tip)
  });
  if (decision.action === 'none') return { result: 'skipped', note: decision.note, attempts: 0 };

  if (decision.action === 'first-build' || decision.action === 'suggest') {
    const built = await buildAt(options, tip);
    try {
      if (built.files.status === 'refused') return refused(built.files, 1, target);
      if (built.files.status === 'unchanged') return { result: 'unchanged', note: 'the exports are up to date', attempts: 1 };
      const { additions, deletions } = built.files;
      await built.tree.stage([...additions, ...deletions]);
      const patch = await built.tree.stagedPatch();
      const note =
        decision.action === 'first-build'
          ? `${decision.note}. The first build would change ${additions.length + deletions.length} file${additions.length + deletions.length === 1 ? '' : 's'}.`
          : `${decision.note ? `${decision.note}. ` : ''}The exports are stale: apply the patch below, or run \`kit-guard export build\` and commit the result.`;
      return { result: decision.action === 'first-build' ? 'first-build' : 'suggested', note, files: { additions, deletions }, patch, attempts: 1, ...(target.kind === 'pull-request' ? { branch: target.branch } : {}) };
    } finally {
      await built.tree.remove();
    }
  }

  const branch = decision.target.branch;
  for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
    if (attempt > 1) {
      tip = await fetchBranchTip(options.repoDir, branch);
      if (isOwnExportCommit(await commitMessageOf(options.repoDir, tip))) {
        return { result: 'unchanged', branch, note: `${branch} moved and now ends with kit-guard's own export refresh (${tip.slice(0, 7)}); nothing more to commit`, attempts: attempt };
      }
      log(`${branch} moved; rebuilding the exports on ${tip.slice(0, 7)} (attempt ${attempt} of ${MAX_COMMIT_ATTEMPTS})`);
    }
    const built = await buildAt(options, tip);
    try {
      if (built.files.status === 'refused') return refused(built.files, attempt, target);
      if (built.files.status === 'unchanged') return { result: 'unchanged', branch, note: `the exports on ${branch} are up to date; no commit`, attempts: attempt };
      const files = { additions: built.files.additions, deletions: built.files.deletions };
      const message = exportCommitMessage(generatorInfo().version, files);
      const refresh: Refresh = { tree: built.tree, tip, files, message };
      const result = await commitFiles(options, refresh, branch, log);
      if (result.status === 'committed') {
        return { result: 'committed', branch, files, commit: { oid: result.oid, ...(result.url ? { url: result.url } : {}), via: result.via }, note: `committed the refreshed exports to ${branch} as ${result.oid.slice(0, 7)}`, attempts: attempt };
      }
      if (result.status === 'moved') {
        log(`${branch} is no longer at ${tip.slice(0, 7)}: ${result.detail}`);
        continue;
      }
      if (result.status === 'protected' && target.kind === 'release') {
        return await refreshThroughPullRequest(options, refresh, branch, result.detail, attempt, log);
      }
      return { result: 'failed', branch, files, note: failureNote(result, branch), attempts: attempt };
    } finally {
      await built.tree.remove();
    }
  }
  return {
    result: 'failed',
    branch,
    note: `${branch} moved ${MAX_COMMIT_ATTEMPTS} times while the refresh was being committed; nothing was pushed over the new commits. Run the job again, or run \`kit-guard export build\` and commit the result.`,
    attempts: MAX_COMMIT_ATTEMPTS
  };
}

async function buildAt(options: CommitBackOptions, sha: string): Promise<{ tree: ScratchTree; files: CommitFiles }> {
  const tree = await ScratchTree.create(options.repoDir, sha);
  try {
    const kitRoot = options.rootPrefix ? path.join(tree.dir, ...options.rootPrefix.split('/')) : tree.dir;
    const kit = loadKit(kitRoot, options.configOverrides ? { overrides: options.configOverrides } : {});
    const build = await buildExports(kit);
    return { tree, files: planCommitFiles(build, options.rootPrefix) };
  } catch (error) {
    await tree.remove();
    throw error;
  }
}

function refused(files: Extract<CommitFiles, { status: 'refused' }>, attempts: number, target: CommitTarget): CommitBackOutcome {
  return {
    result: 'refused',
    note: `${files.reason}; the branch is left as it is. Fix the errors and the next run refreshes the exports.`,
    errors: files.errors,
    attempts,
    ...(target.kind !== 'none' ? { branch: target.branch } : {})
  };
}

function failureNote(result: Exclude<CommitResult, { status: 'committed' }>, branch: string): string {
  switch (result.status) {
    case 'forbidden':
      return `the token may not write to ${branch} (${result.detail}); give the job \`permissions: contents: write\`, or use exports: suggest`;
    case 'protected':
      return `${branch} refuses direct commits (${result.detail}); run \`kit-guard export build\` and push the result`;
    default:
      return `the refresh could not be committed to ${branch}: ${result.detail}`;
  }
}

/** One built refresh: the scratch tree it was built in, the head it was built on, its files and message. */
interface Refresh {
  tree: ScratchTree;
  tip: string;
  files: { additions: string[]; deletions: string[] };
  message: CommitMessage;
}

async function commitFiles(options: CommitBackOptions, refresh: Refresh, branch: string, log: (line: string) => void): Promise<CommitResult> {
  const { tree, tip, files, message } = refresh;
  if (!tree.hasCommitted) await tree.stage([...files.additions, ...files.deletions]);
  if (options.client) {
    const additions: FileAddition[] = [];
    let bytes = 0;
    for (const file of files.additions) {
      const data = readFileSync(path.join(tree.dir, ...file.split('/')));
      bytes += data.length;
      additions.push({ path: file, contents: data.toString('base64') });
    }
    if (bytes <= MAX_API_COMMIT_BYTES) {
      const result = await createCommitOnBranch(options.client, { ...options.repository, branch, expectedHeadOid: tip, message, additions, deletions: files.deletions });
      if (result.status !== 'unavailable') return result;
      log(`createCommitOnBranch cannot be used here (${result.detail}); pushing with git instead (fast-forward only)`);
    } else {
      log(`the refresh is ${bytes} bytes, more than the API takes in one commit; pushing with git instead (fast-forward only)`);
    }
  }
  return tree.commitAndPush(branch, message);
}

async function refreshThroughPullRequest(options: CommitBackOptions, built: Refresh, branch: string, refusal: string, attempts: number, log: (line: string) => void): Promise<CommitBackOutcome> {
  const { tip, files } = built;
  const refresh = refreshBranchName(branch);
  if (!options.client) {
    return { result: 'failed', branch, files, attempts, note: `${branch} refuses direct commits (${refusal}), and without a token no pull request can be opened` };
  }
  log(`${branch} refuses direct commits; carrying the refresh on ${refresh} in a pull request`);
  const reset = await resetRefreshBranch(options.client, options.repository, refresh, { branch, sha: tip }, isOwnExportCommit);
  if (!reset.ok) return { result: 'failed', branch, files, attempts, note: `${branch} refuses direct commits, and ${reset.reason}` };
  const result = await commitFiles(options, built, refresh, log);
  if (result.status !== 'committed') return { result: 'failed', branch, files, attempts, note: `${branch} refuses direct commits, and the refresh could not be committed to ${refresh}: ${'detail' in result ? result.detail : ''}` };
  const body = [
    `kit-guard regenerated the host exports of ${codeSpan(branch)}, which refuses direct commits, so the refresh is carried here.`,
    '',
    ...fileList(files),
    '',
    'Merge this pull request to bring the exports up to date. kit-guard updates it (never opens a second one) while it stays open.'
  ].join('\n');
  const pr = await upsertRefreshPullRequest(options.client, options.repository, refresh, branch, `chore(exports): refresh host exports on ${branch}`, body);
  return {
    result: 'pull-request',
    branch,
    files,
    attempts,
    commit: { oid: result.oid, ...(result.url ? { url: result.url } : {}), via: result.via },
    pullRequest: pr,
    note: `${branch} refuses direct commits, so the refresh was committed to ${refresh} and ${pr.updated ? 'the open' : 'a new'} pull request #${pr.number} carries it`
  };
}

/** Markdown bullet lines naming the files (paths as code; a backtick in a name cannot break out). */
export function fileList(files: { additions: readonly string[]; deletions: readonly string[] }): string[] {
  return [...files.additions.map((p) => `- written: ${codeSpan(p)}`), ...files.deletions.map((p) => `- deleted: ${codeSpan(p)}`)];
}

/** Longest patch shown in the job summary (its limit is 1 MiB per step) and in the summary comment (65,536 characters in all, findings first). */
export const MAX_PATCH_CHARS = { summary: 60_000, comment: 20_000 };

/**
 * The section about the exports, for the job summary (`heading`: its own `###` heading) and
 * for the pull request's summary comment (which adds its own title). Text from the
 * repository or from git (branch names, error details) is escaped; an over-long patch is
 * cut with a note.
 */
export function renderExportsSection(outcome: CommitBackOutcome, options: { heading?: boolean; maxPatchChars?: number } = {}): string {
  if (outcome.result === 'skipped') return '';
  const maxPatch = options.maxPatchChars ?? MAX_PATCH_CHARS.summary;
  const lines = [...(options.heading === false ? [] : ['### Host exports', '']), escapeMarkdown(outcome.note)];
  if (outcome.commit?.url) lines.push('', `Commit: ${escapeUrl(outcome.commit.url)}`);
  if (outcome.pullRequest) lines.push('', `Pull request: ${escapeUrl(outcome.pullRequest.url)}`);
  if (outcome.files && outcome.result !== 'unchanged') {
    lines.push('', outcome.result === 'committed' || outcome.result === 'pull-request' ? 'Committed:' : 'Would change:', '', ...fileList(outcome.files));
  }
  if (outcome.errors?.length) lines.push('', ...outcome.errors.slice(0, 20).map((f) => `- ${f.file ? `${codeSpan(f.file)}: ` : ''}${escapeMarkdown(f.message)}`));
  if (outcome.patch) {
    const cut = outcome.patch.length > maxPatch;
    const shown = cut ? outcome.patch.slice(0, maxPatch) : outcome.patch;
    // a fence longer than any backtick run in the patch, so no line of it can close the block
    const fence = codeFence(shown);
    lines.push('', '<details><summary>Patch (apply with <code>git apply</code>)</summary>', '', `${fence}diff`, shown.replace(/\n$/, ''), fence, '', '</details>');
    if (cut) lines.push('', `The patch is ${outcome.patch.length} characters; only the first ${maxPatch} are shown. Run \`kit-guard export build\` for the whole refresh.`);
  }
  if (outcome.result === 'first-build') lines.push('', 'Run `npx kit-guard export build` in the repository and commit the result; from then on the action commits drift back.');
  return `${lines.join('\n')}\n`;
}

/** A path as inline code; a backtick in it cannot end the span early. */
function codeSpan(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}
