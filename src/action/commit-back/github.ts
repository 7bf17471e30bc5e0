import type { CommitMessage } from '../../export/commit-plan.js';

/**
 * The narrow slice of Octokit the commit-back uses, so the action can hand in the shared
 * client (with its retry and throttling plugins) and a test a plain object.
 */
export interface GitHubClient {
  graphql<T = unknown>(query: string, variables: Record<string, unknown>): Promise<T>;
  request(route: string, params?: Record<string, unknown>): Promise<{ status: number; data: unknown }>;
}

export interface FileAddition {
  path: string;
  /** Base64 of the file's bytes. */
  contents: string;
}

export interface CommitRequest {
  owner: string;
  repo: string;
  branch: string;
  /** The head the refresh was built on; GitHub refuses the commit when the branch has moved. */
  expectedHeadOid: string;
  message: CommitMessage;
  additions: FileAddition[];
  deletions: string[];
}

/** How a commit attempt ended. `moved`: the branch is no longer at the expected head; `unavailable`: the API cannot be used here (fall back to git). */
export type CommitResult =
  | { status: 'committed'; oid: string; url?: string; via: 'graphql' | 'git' }
  | { status: 'moved'; detail: string }
  | { status: 'protected'; detail: string }
  | { status: 'forbidden'; detail: string }
  | { status: 'unavailable'; detail: string }
  | { status: 'failed'; detail: string };

export const CREATE_COMMIT_MUTATION = `mutation KitGuardExportCommit($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) {
    commit {
      oid
      url
    }
  }
}`;

/**
 * One `createCommitOnBranch` call: GitHub builds and signs the commit, and refuses it when
 * the branch no longer points at `expectedHeadOid`. Author and committer are left to
 * GitHub, which is what makes the signature verify.
 */
export async function createCommitOnBranch(client: GitHubClient, request: CommitRequest): Promise<CommitResult> {
  const input = {
    branch: { repositoryNameWithOwner: `${request.owner}/${request.repo}`, branchName: request.branch },
    expectedHeadOid: request.expectedHeadOid,
    message: request.message,
    fileChanges: { additions: request.additions, deletions: request.deletions.map((path) => ({ path })) }
  };
  try {
    const data = await client.graphql<{ createCommitOnBranch?: { commit?: { oid?: string; url?: string } } }>(CREATE_COMMIT_MUTATION, { input });
    const commit = data.createCommitOnBranch?.commit;
    if (!commit?.oid) return { status: 'failed', detail: 'createCommitOnBranch answered without a commit' };
    return { status: 'committed', oid: commit.oid, ...(commit.url ? { url: commit.url } : {}), via: 'graphql' };
  } catch (error) {
    return classifyGraphqlError(error);
  }
}

/** Sorts a GraphQL or transport failure into what the caller does next. */
export function classifyGraphqlError(error: unknown): CommitResult {
  const e = error as { errors?: { type?: string; message?: string }[]; status?: number; message?: string; cause?: { code?: string } };
  const messages = (e.errors ?? []).map((x) => `${x.type ? `${x.type}: ` : ''}${x.message ?? ''}`);
  const detail = messages.length ? messages.join('; ') : (e.message ?? String(error));
  if (e.errors?.length) {
    if (e.errors.some((x) => x.type === 'STALE_DATA' || /expected branch to point to/i.test(x.message ?? ''))) return { status: 'moved', detail };
    if (e.errors.some((x) => /protected branch|rule violation|through a pull request/i.test(x.message ?? ''))) return { status: 'protected', detail };
    if (e.errors.some((x) => x.type === 'FORBIDDEN' || /not accessible by integration|must have push access/i.test(x.message ?? ''))) return { status: 'forbidden', detail };
    // GHES without the mutation: the schema has no such field
    if (e.errors.some((x) => /createCommitOnBranch/.test(x.message ?? '') && /doesn't exist|undefined field|cannot query field/i.test(x.message ?? ''))) return { status: 'unavailable', detail };
    return { status: 'failed', detail };
  }
  if (e.status === 401 || e.status === 403) return { status: /rate limit/i.test(detail) ? 'failed' : 'forbidden', detail };
  // no answer at all (connection refused, DNS), or no GraphQL endpoint (404, 5xx after the retries)
  if (e.status === undefined || e.status === 404 || e.status === 500 || e.status >= 502) return { status: 'unavailable', detail };
  return { status: 'failed', detail };
}

/** A pull request carrying a refresh for a branch that refuses direct commits. */
export interface RefreshPullRequest {
  number: number;
  url: string;
  /** True when an open one existed and was updated. */
  updated: boolean;
}

async function tryRequest(client: GitHubClient, route: string, params: Record<string, unknown>): Promise<{ status: number; data: unknown } | undefined> {
  try {
    return await client.request(route, params);
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}

/**
 * Points the refresh branch at `base` (creating it), but only when doing so loses no one's
 * work: an existing refresh branch is moved only when its tip is the action's own refresh
 * commit sitting directly on a commit the target branch already contains. Returns why not otherwise.
 */
export async function resetRefreshBranch(
  client: GitHubClient,
  repo: { owner: string; repo: string },
  refreshBranch: string,
  base: { branch: string; sha: string },
  isOwnCommit: (message: string) => boolean
): Promise<{ ok: true; existed: boolean } | { ok: false; reason: string }> {
  const existing = await tryRequest(client, 'GET /repos/{owner}/{repo}/git/ref/{ref}', { ...repo, ref: `heads/${refreshBranch}` });
  if (!existing) {
    await client.request('POST /repos/{owner}/{repo}/git/refs', { ...repo, ref: `refs/heads/${refreshBranch}`, sha: base.sha });
    return { ok: true, existed: false };
  }
  const tip = (existing.data as { object?: { sha?: string } }).object?.sha;
  if (!tip) return { ok: false, reason: `the branch ${refreshBranch} could not be read` };
  if (tip === base.sha) return { ok: true, existed: true };
  const commit = (await client.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', { ...repo, commit_sha: tip })).data as { message?: string; parents?: { sha: string }[] };
  const parent = commit.parents?.[0]?.sha;
  let parentInBase = false;
  if (parent && commit.parents?.length === 1 && isOwnCommit(commit.message ?? '')) {
    const compare = (await client.request('GET /repos/{owner}/{repo}/compare/{basehead}', { ...repo, basehead: `${base.sha}...${parent}`, per_page: 1 })).data as { status?: string };
    parentInBase = compare.status === 'identical' || compare.status === 'behind';
  }
  if (!parentInBase) {
    return { ok: false, reason: `the branch ${refreshBranch} has commits that are not kit-guard's own refresh on top of ${base.branch}; it was left alone so nobody's work is lost` };
  }
  // only the action's own refresh commit is dropped; it is rebuilt on the current target just after
  await client.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', { ...repo, ref: `heads/${refreshBranch}`, sha: base.sha, force: true });
  return { ok: true, existed: true };
}

/** Opens the one pull request from the refresh branch into the target, or updates the open one. */
export async function upsertRefreshPullRequest(
  client: GitHubClient,
  repo: { owner: string; repo: string },
  head: string,
  base: string,
  title: string,
  body: string
): Promise<RefreshPullRequest> {
  const open = (await client.request('GET /repos/{owner}/{repo}/pulls', { ...repo, head: `${repo.owner}:${head}`, base, state: 'open', per_page: 100 })).data as { number: number; html_url: string }[];
  const found = open[0];
  if (found) {
    await client.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', { ...repo, pull_number: found.number, title, body });
    return { number: found.number, url: found.html_url, updated: true };
  }
  const created = (await client.request('POST /repos/{owner}/{repo}/pulls', { ...repo, head, base, title, body })).data as { number: number; html_url: string };
  return { number: created.number, url: created.html_url, updated: false };
}
