import { inlineFingerprint, INLINE_MARKER_PREFIX } from '../../report/render/comment.js';
import { statusOf, type GitHubClient } from './client.js';
import type { RepoRef } from './pull-request.js';

/** One inline comment the run wants on the pull request. */
export interface WantedComment {
  path: string;
  /** A right-side line of the file's diff (the last line of a multi-line comment). */
  line: number;
  /** The first line of a multi-line comment (a suggestion replacing several lines); right side too. */
  startLine?: number;
  body: string;
  fingerprint: string;
}

export interface ReviewResult {
  /** Comments posted by this run. */
  posted: number;
  /** Wanted comments already on the pull request from an earlier run. */
  kept: number;
  /** Comments of ours deleted: their finding is gone, or a concurrent run posted the same one. */
  deleted: number;
  resolved: number;
  /** Comments GitHub refused (line outside the diff, body too long), with its message. */
  refused: { path: string; line: number; reason: string }[];
  /**
   * Fingerprints of the wanted comments on the pull request after the run with the body
   * this run wants: posted now, or kept from an earlier run with the same body (a kept
   * comment written before its suggestion existed does not count: its fix needs a patch).
   */
  live: Set<string>;
}

/** A wanted comment's location as the API takes it: `line`, plus `start_line` for a range. */
function location(w: WantedComment): { path: string; line: number; side: 'RIGHT'; start_line?: number; start_side?: 'RIGHT' } {
  const multi = w.startLine !== undefined && w.startLine < w.line;
  return { path: w.path, line: w.line, side: 'RIGHT', ...(multi ? { start_line: w.startLine as number, start_side: 'RIGHT' as const } : {}) };
}

interface ReviewComment {
  id: number;
  body: string;
  path: string;
  user?: { login: string } | null;
  in_reply_to_id?: number;
}

/**
 * Brings the pull request's inline comments in line with the findings on its diff, in
 * one review per run. A comment is identified by the fingerprint hidden in it (check,
 * rule, file and line content), so a re-run neither posts it again nor loses it when
 * lines shift. Ours whose finding is gone are deleted, or, when someone replied in the
 * thread, edited to say resolved (the replies stay). `max` bounds our live comments.
 * When GitHub refuses the whole review (422: a line it does not take), the comments are
 * posted one by one so one bad location does not lose the others.
 */
export async function syncReview(
  client: GitHubClient,
  ref: RepoRef,
  pullNumber: number,
  options: { headSha: string; author: string; wanted: readonly WantedComment[]; max: number; summary: string }
): Promise<ReviewResult> {
  const all = (await client.paginate(client.rest.pulls.listReviewComments, { ...ref, pull_number: pullNumber, per_page: 100 })) as ReviewComment[];
  const ours = new Map<string, ReviewComment>();
  for (const c of all) {
    const fp = c.user?.login === options.author && c.in_reply_to_id === undefined ? inlineFingerprint(c.body) : undefined;
    if (fp && !ours.has(fp)) ours.set(fp, c);
  }
  const wantedFps = new Set(options.wanted.map((w) => w.fingerprint));
  const kept = options.wanted.filter((w) => ours.has(w.fingerprint)).length;
  const fresh = options.wanted.filter((w) => !ours.has(w.fingerprint)).slice(0, Math.max(0, options.max - kept));
  const result: ReviewResult = { posted: 0, kept, deleted: 0, resolved: 0, refused: [], live: new Set(options.wanted.filter((w) => ours.get(w.fingerprint)?.body === w.body).map((w) => w.fingerprint)) };

  if (fresh.length) {
    try {
      await client.rest.pulls.createReview({
        ...ref,
        pull_number: pullNumber,
        commit_id: options.headSha,
        event: 'COMMENT',
        body: options.summary,
        comments: fresh.map((w) => ({ ...location(w), body: w.body }))
      });
      result.posted = fresh.length;
      for (const w of fresh) result.live.add(w.fingerprint);
    } catch (error) {
      if (statusOf(error) !== 422) throw error;
      for (const w of fresh) {
        try {
          await client.rest.pulls.createReviewComment({ ...ref, pull_number: pullNumber, commit_id: options.headSha, ...location(w), body: w.body });
          result.posted++;
          result.live.add(w.fingerprint);
        } catch (single) {
          if (statusOf(single) !== 422) throw single;
          result.refused.push({ path: w.path, line: w.line, reason: (single as Error).message });
        }
      }
    }
  }

  if (result.posted) result.deleted += await collapseDuplicates(client, ref, pullNumber, options.author);

  for (const [fp, comment] of ours) {
    if (wantedFps.has(fp)) continue;
    const replied = all.some((c) => c.in_reply_to_id === comment.id);
    if (replied) {
      const body = `✅ **Resolved**: kit-guard no longer finds this at ${options.headSha.slice(0, 7)}.\n\n~~${comment.body.replace(`${INLINE_MARKER_PREFIX}${fp} -->`, '').trim().split('\n')[0]}~~\n\n<!-- kit-guard:resolved fp=${fp} -->`;
      await client.rest.pulls.updateReviewComment({ ...ref, comment_id: comment.id, body });
      result.resolved++;
    } else {
      try {
        await client.rest.pulls.deleteReviewComment({ ...ref, comment_id: comment.id });
      } catch (error) {
        if (statusOf(error) !== 404) throw error; // a concurrent run deleted it first
      }
      result.deleted++;
    }
  }
  return result;
}

/**
 * A run that raced this one may have posted the same comments: reads the list again and
 * deletes every later copy of a fingerprint of ours (the oldest stays, with its replies).
 */
async function collapseDuplicates(client: GitHubClient, ref: RepoRef, pullNumber: number, author: string): Promise<number> {
  const all = (await client.paginate(client.rest.pulls.listReviewComments, { ...ref, pull_number: pullNumber, per_page: 100 })) as ReviewComment[];
  const seen = new Set<string>();
  let deleted = 0;
  for (const c of [...all].sort((a, b) => a.id - b.id)) {
    const fp = c.user?.login === author && c.in_reply_to_id === undefined ? inlineFingerprint(c.body) : undefined;
    if (!fp) continue;
    if (!seen.has(fp)) {
      seen.add(fp);
      continue;
    }
    if (all.some((reply) => reply.in_reply_to_id === c.id)) continue; // someone answered this copy: keep it
    try {
      await client.rest.pulls.deleteReviewComment({ ...ref, comment_id: c.id });
      deleted++;
    } catch (error) {
      if (statusOf(error) !== 404) throw error; // the other run deleted it first
    }
  }
  return deleted;
}
