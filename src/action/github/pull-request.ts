import type { CommitInfo } from '../../model/change.js';
import type { ChangedFile } from '../../diff/filter.js';
import type { GitHubClient } from './client.js';

/** GitHub lists at most this many commits of a pull request (`pulls/list-commits`). */
export const API_MAX_COMMITS = 250;
/** GitHub lists at most this many files of a pull request (`pulls/list-files`). */
export const API_MAX_FILES = 3000;

export interface RepoRef {
  owner: string;
  repo: string;
}

/** A pull request as the API shows it now (not as the event payload froze it). */
export interface LivePullRequest {
  number: number;
  title: string;
  headSha: string;
  baseSha: string;
  headRef: string;
  /** Commits oldest first; undefined when the API cannot list them all (over 250). */
  commits?: CommitInfo[];
  /** Changed files with their patches; undefined when the API cannot list them all (over 3,000). */
  files?: ChangedFile[];
  /** What could not be read from the API and why (said in the log and the summary comment). */
  notes: string[];
}

/**
 * Reads a pull request live: its title, head and base, then its commits and changed
 * files (with patches), 100 per page following `link` headers. A range the API cannot
 * list in full is left undefined with a note, so the caller reads it from git.
 */
export async function readPullRequest(client: GitHubClient, ref: RepoRef, number: number): Promise<LivePullRequest> {
  const { data: pr } = await client.rest.pulls.get({ ...ref, pull_number: number });
  const live: LivePullRequest = { number, title: pr.title, headSha: pr.head.sha, baseSha: pr.base.sha, headRef: pr.head.ref, notes: [] };
  const [commits, files] = await Promise.all([
    pr.commits > API_MAX_COMMITS ? undefined : client.paginate(client.rest.pulls.listCommits, { ...ref, pull_number: number, per_page: 100 }),
    pr.changed_files > API_MAX_FILES ? undefined : client.paginate(client.rest.pulls.listFiles, { ...ref, pull_number: number, per_page: 100 })
  ]);
  if (commits) {
    live.commits = commits.map((c) => ({
      sha: c.sha,
      subject: c.commit.message.split('\n', 1)[0] ?? '',
      message: c.commit.message,
      authorName: c.commit.author?.name ?? '',
      authorEmail: c.commit.author?.email ?? '',
      parents: c.parents.map((p) => p.sha)
    }));
  } else live.notes.push(`the pull request has ${pr.commits} commits, more than the ${API_MAX_COMMITS} the API lists, so its commits were read from git`);
  if (files) {
    live.files = files.map((f) => {
      const file: ChangedFile = { path: f.filename, status: f.status };
      if (f.patch !== undefined) file.patch = f.patch;
      return file;
    });
  } else live.notes.push(`the pull request changes ${pr.changed_files} files, more than the ${API_MAX_FILES} the API lists, so its diff was read from git`);
  return live;
}
