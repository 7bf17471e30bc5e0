import picomatch from 'picomatch';
import type { CommitTarget } from '../../export/commit-plan.js';
import type { EventPullRequest } from '../inputs.js';

/** The repository as `owner/name`, from the payload (else GITHUB_REPOSITORY). */
export function repositoryOf(payload: Record<string, unknown>, env: NodeJS.ProcessEnv): { owner: string; repo: string } | undefined {
  const full = (record(payload.repository)?.full_name as string | undefined) ?? env.GITHUB_REPOSITORY;
  const [owner, repo, extra] = (full ?? '').split('/');
  return owner && repo && extra === undefined ? { owner, repo } : undefined;
}

/**
 * A pull request from another repository: the one fork rule of the action (the review's
 * write plan and the export commit-back both use it). A deleted fork (no head repository)
 * counts as a fork, and `full_name` is compared rather than trusting `head.repo.fork`,
 * which is also true for a pull request inside a forked repository.
 */
export function isForkPullRequest(pr: { baseRepo: string; headRepo?: string }): boolean {
  return pr.headRepo === undefined || pr.headRepo !== pr.baseRepo;
}

const FULL_SHA = /^[0-9a-f]{40}$/i;

/**
 * Where the event would have a refresh committed: the head branch of a pull request, or
 * the target branch of a release (`release: published` -> its target branch, a pushed tag ->
 * the default branch, a push to a branch matching `release-branches` -> that branch).
 * Everything else (merge queue, other pushes, dispatch) writes nothing.
 */
export function commitTargetFromEvent(eventName: string, payload: Record<string, unknown>, releaseBranches: readonly string[], pullRequest?: EventPullRequest): CommitTarget {
  const pr = record(payload.pull_request);
  if (pr && (eventName === 'pull_request' || eventName === 'pull_request_target')) {
    const head = record(pr.head);
    const ref = head?.ref;
    const sha = head?.sha;
    if (typeof ref !== 'string' || typeof sha !== 'string' || !FULL_SHA.test(sha)) return { kind: 'none', why: 'the pull request payload names no head branch and commit' };
    if (pr.state === 'closed') return { kind: 'none', why: 'the pull request is closed' };
    return { kind: 'pull-request', branch: ref, headSha: sha.toLowerCase(), fork: pullRequest ? isForkPullRequest(pullRequest) : true, number: pullRequest?.number ?? Number(pr.number) };
  }
  const defaultBranch = record(payload.repository)?.default_branch;
  if (eventName === 'release') {
    if (payload.action !== 'published') return { kind: 'none', why: `a release ${String(payload.action)} event regenerates nothing (only published)` };
    const release = record(payload.release);
    const commitish = release?.target_commitish;
    // a release made from a commit has no branch to refresh; its repository's default branch is the one releases come from
    const branch = typeof commitish === 'string' && commitish !== '' && !FULL_SHA.test(commitish) ? commitish : defaultBranch;
    if (typeof branch !== 'string') return { kind: 'none', why: 'the release names no target branch' };
    return { kind: 'release', branch, why: `release ${String(release?.tag_name ?? '')} published`.replace(/ {2}/, ' ') };
  }
  if (eventName === 'push') {
    const ref = typeof payload.ref === 'string' ? payload.ref : '';
    if (payload.deleted === true) return { kind: 'none', why: 'the push deleted a ref' };
    if (ref.startsWith('refs/tags/')) {
      if (typeof defaultBranch !== 'string') return { kind: 'none', why: 'the tag push names no default branch' };
      return { kind: 'release', branch: defaultBranch, why: `tag ${ref.slice('refs/tags/'.length)} pushed` };
    }
    if (ref.startsWith('refs/heads/')) {
      const branch = ref.slice('refs/heads/'.length);
      if (releaseBranches.length && picomatch(releaseBranches as string[], { dot: true })(branch)) return { kind: 'release', branch, why: `push to release branch ${branch}` };
      return { kind: 'none', why: releaseBranches.length ? `${branch} is not one of the release branches (${releaseBranches.join(', ')})` : 'a push to a branch not configured in release-branches' };
    }
  }
  return { kind: 'none', why: `a ${eventName || 'local'} event commits no exports` };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
