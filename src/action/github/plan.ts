import { isForkPullRequest } from '../commit-back/target.js';
import type { ActionSettings } from '../inputs.js';

/** What the run may do with the API, decided up front from the event and the token. */
export interface ApiPlan {
  /** Read the pull request live (title, commits, files): whenever there is a pull request and a token. */
  read: boolean;
  /** Write comments: only when allowed; `readOnly` says why not. */
  write: boolean;
  readOnly?: string;
}

/**
 * Decides before any request whether the run can write to the pull request. A
 * `pull_request` from a fork (or from a deleted fork) and Dependabot's runs get a
 * read-only token whatever `permissions:` says, so no write is tried. Under
 * `pull_request_target` the token can write even for forks (the pull request's files
 * are only read, never run). Without a pull request or a token nothing is read or written.
 */
export function planApi(settings: ActionSettings, env: NodeJS.ProcessEnv): ApiPlan {
  const pr = settings.pullRequest;
  if (!pr || !settings.token) return { read: false, write: false, readOnly: !pr ? 'the event is not about a pull request' : 'no github-token' };
  if (settings.comment === 'off') return { read: true, write: false, readOnly: "comment is 'off'" };
  if (settings.eventName === 'pull_request' && isForkPullRequest(pr)) {
    return { read: true, write: false, readOnly: `the pull request comes from ${pr.headRepo ? 'a fork' : 'a deleted fork'}, so the workflow token is read-only (use pull_request_target to comment on forks; see the README)` };
  }
  if (settings.eventName === 'pull_request' && env.GITHUB_ACTOR === 'dependabot[bot]') return { read: true, write: false, readOnly: "Dependabot's pull_request runs get a read-only token" };
  return { read: true, write: true };
}
