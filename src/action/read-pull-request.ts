import * as core from '@actions/core';
import { indexDiff, type DiffIndex } from '../diff/filter.js';
import { parseUnifiedDiff } from '../diff/unified.js';
import { GitClient } from '../git/client.js';
import { describeError } from '../report/reporter.js';
import { createClient, type GitHubClient } from './github/client.js';
import { readPullRequest, type LivePullRequest } from './github/pull-request.js';
import type { ActionSettings } from './inputs.js';
import { safeLine } from './log.js';

// What the action reads of the pull request: the API client, the pull request as it is
// now, and its diff (the API's patches, else git's). Each failure is logged and leaves
// the run on the event payload and git, never failing it.

/** The API client for this run: GITHUB_API_URL honoured (GitHub Enterprise Server), rate-limit waits logged. */
export function githubClient(settings: ActionSettings): GitHubClient {
  const options: Parameters<typeof createClient>[0] = { token: settings.token, log: (line) => core.info(safeLine(line)) };
  if (process.env.GITHUB_API_URL) options.baseUrl = process.env.GITHUB_API_URL;
  return createClient(options);
}

/** Reads the pull request as it is now; never rejects (a failure is returned, to be logged in order). */
export async function readLive(client: GitHubClient, settings: ActionSettings): Promise<LivePullRequest | { failed: unknown }> {
  const pr = settings.pullRequest!;
  const [owner, repo] = pr.baseRepo.split('/') as [string, string];
  try {
    return await readPullRequest(client, { owner, repo }, pr.number);
  } catch (error) {
    return { failed: error };
  }
}

/** Logs what reading the pull request gave; on an API failure, undefined (the payload and git are used, and the log says so). */
export function reportLive(read: LivePullRequest | { failed: unknown }, settings: ActionSettings): LivePullRequest | undefined {
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
export async function readDiff(settings: ActionSettings, live: LivePullRequest): Promise<DiffIndex | undefined> {
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
