import { SUMMARY_MARKER } from '../../report/render/comment.js';
import { statusOf, type GitHubClient } from './client.js';
import type { RepoRef } from './pull-request.js';

export interface SummaryCommentResult {
  action: 'created' | 'updated' | 'unchanged' | 'skipped';
  id?: number;
  /** Duplicate summary comments of ours (from concurrent runs) deleted. */
  collapsed: number;
}

interface IssueComment {
  id: number;
  body?: string | null | undefined;
  user?: { login: string } | null;
}

/**
 * Keeps exactly one summary comment on the pull request: ours is found by the hidden
 * marker AND its author being `author` (a human quoting the marker is never touched),
 * updated in place (not even that when the body is the same), and created only when
 * there is something to say (`clean` runs never open one). Duplicates left by
 * concurrent runs are collapsed into the oldest; after creating, the list is read
 * again so a run that raced this one is collapsed too.
 */
export async function upsertSummaryComment(client: GitHubClient, ref: RepoRef, issueNumber: number, body: string, options: { author: string; clean: boolean }): Promise<SummaryCommentResult> {
  const list = async (): Promise<IssueComment[]> =>
    (await client.paginate(client.rest.issues.listComments, { ...ref, issue_number: issueNumber, per_page: 100 })).filter(
      (c) => c.user?.login === options.author && (c.body ?? '').includes(SUMMARY_MARKER)
    );
  const ours = await list();
  const collapse = async (comments: IssueComment[]): Promise<number> => {
    for (const extra of comments.slice(1)) {
      try {
        await client.rest.issues.deleteComment({ ...ref, comment_id: extra.id });
      } catch (error) {
        if (statusOf(error) !== 404) throw error; // the concurrent run deleted it first
      }
    }
    return Math.max(0, comments.length - 1);
  };
  const first = ours[0];
  if (first) {
    const collapsed = await collapse(ours);
    if (first.body === body) return { action: 'unchanged', id: first.id, collapsed };
    await client.rest.issues.updateComment({ ...ref, comment_id: first.id, body });
    return { action: 'updated', id: first.id, collapsed };
  }
  if (options.clean) return { action: 'skipped', collapsed: 0 };
  const { data } = await client.rest.issues.createComment({ ...ref, issue_number: issueNumber, body });
  // another run may have created one at the same moment: keep the oldest, delete the rest
  const after = (await list()).sort((a, b) => a.id - b.id);
  const kept = after[0];
  const collapsed = await collapse(after);
  if (kept && kept.id !== data.id) {
    if (kept.body !== body) await client.rest.issues.updateComment({ ...ref, comment_id: kept.id, body });
    return { action: 'updated', id: kept.id, collapsed };
  }
  return { action: 'created', id: data.id, collapsed };
}
