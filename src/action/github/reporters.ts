import type { DiffIndex, LabelledFinding } from '../../diff/filter.js';
import { labelFindings } from '../../diff/filter.js';
import { fingerprintFindings } from '../../diff/fingerprint.js';
import { atLeast, compareFindings, type Finding } from '../../model/finding.js';
import { plural } from '../../report/counts.js';
import { renderInlineComment, renderSummaryComment, type CommentSection } from '../../report/render/comment.js';
import type { Reporter, ReportContext, ReportOutcome } from '../../report/reporter.js';
import { statusOf, type GitHubClient } from './client.js';
import type { RepoRef } from './pull-request.js';
import { syncReview } from './review.js';
import { upsertSummaryComment } from './summary-comment.js';

/** Where the reporters write, and what they share during one run. */
export interface PullRequestTarget {
  client: GitHubClient;
  ref: RepoRef;
  number: number;
  headSha: string;
  /** The login the action's comments are authored by (`github-actions[bot]` for the workflow token). */
  author: string;
  /** The pull request's diff; undefined when it could not be read (nothing is then in the diff). */
  diff?: DiffIndex;
  /** Set when a write is refused (403) or the API is down: no later write is tried. */
  readOnly?: string;
}

/** Labels and fingerprints the findings once for both pull request reporters. */
function labelled(findings: readonly Finding[], target: PullRequestTarget, ctx: ReportContext): { labelled: LabelledFinding[]; fingerprints: string[] } {
  const l = labelFindings(findings, target.diff, ctx.pathPrefix);
  return { labelled: l, fingerprints: fingerprintFindings(l) };
}

/**
 * A refused write (403) marks the token read-only for the rest of the run, and an API
 * that is down (no answer, or a server error after the retries) stops the later writes too.
 */
function guardWrite<T>(target: PullRequestTarget, write: () => Promise<T>): Promise<T> {
  return write().catch((error: unknown) => {
    const status = statusOf(error);
    if (status === 403 && !/rate limit/i.test((error as Error).message)) target.readOnly = 'the token cannot write to this pull request (403)';
    else if (status === undefined || status >= 500) target.readOnly = `the API is unavailable (${status ?? 'no answer'})`;
    throw error;
  });
}

/** Posts findings on changed lines as inline review comments (one review per run) and retires stale ones. */
export class InlineReviewReporter implements Reporter {
  readonly name = 'inline-comments';
  /** How many findings are commented inline after `publish`, for the summary comment. */
  inline = 0;

  constructor(
    private readonly target: PullRequestTarget,
    private readonly max: number
  ) {}

  async publish(findings: readonly Finding[], ctx: ReportContext): Promise<ReportOutcome> {
    if (this.target.readOnly) return { reporter: this.name, published: 0, skipped: findings.length, notes: [`skipped: ${this.target.readOnly}`] };
    const { labelled: all, fingerprints } = labelled(findings, this.target, ctx);
    const wanted = all
      .map((l, i) => ({ l, fp: fingerprints[i] as string }))
      .filter(({ l }) => l.inDiffLines)
      .sort((a, b) => severityFirst(a.l.finding, b.l.finding))
      .map(({ l, fp }) => ({ path: l.path as string, line: l.finding.line as number, fingerprint: fp, body: renderInlineComment(l.finding, fp) }));
    const result = await guardWrite(this.target, () =>
      syncReview(this.target.client, this.target.ref, this.target.number, {
        headSha: this.target.headSha,
        author: this.target.author,
        wanted,
        max: this.max,
        summary: `kit-guard: ${plural(wanted.length, 'finding')} on changed lines. The summary comment lists every finding.`
      })
    );
    this.inline = result.posted + result.kept;
    const notes = [`${result.posted} posted, ${result.kept} already there, ${result.deleted} stale deleted, ${result.resolved} stale marked resolved (replies kept)`];
    for (const r of result.refused) notes.push(`GitHub refused the comment at ${JSON.stringify(r.path)} line ${r.line}: ${r.reason}`);
    return { reporter: this.name, published: this.inline, skipped: findings.length - this.inline, notes };
  }
}

function severityFirst(a: Finding, b: Finding): number {
  return (atLeast(a.severity, b.severity) ? (atLeast(b.severity, a.severity) ? 0 : -1) : 1) || compareFindings(a, b);
}

/** Keeps the one summary comment of the pull request up to date. */
export class SummaryCommentReporter implements Reporter {
  readonly name = 'summary-comment';

  constructor(
    private readonly target: PullRequestTarget,
    private readonly options: {
      fileUrl?: (path: string, line?: number) => string | undefined;
      elsewhere: string;
      notes: string[];
      /** Extra sections (e.g. "exports committed"), the extension point for other features. */
      sections?: () => readonly CommentSection[];
      /** How many findings went inline (read after the inline reporter ran). */
      inline?: () => number;
    }
  ) {}

  async publish(findings: readonly Finding[], ctx: ReportContext): Promise<ReportOutcome> {
    if (this.target.readOnly) return { reporter: this.name, published: 0, skipped: findings.length, notes: [`skipped: ${this.target.readOnly}`] };
    const body = renderSummaryComment(
      { findings: labelled(findings, this.target, ctx).labelled, failed: ctx.failed, failOn: ctx.failOn, ran: ctx.ran, inline: this.options.inline?.() ?? 0 },
      { elsewhere: this.options.elsewhere, notes: this.options.notes, sections: this.options.sections?.() ?? [], ...(this.options.fileUrl ? { fileUrl: this.options.fileUrl } : {}) }
    );
    const result = await guardWrite(this.target, () =>
      upsertSummaryComment(this.target.client, this.target.ref, this.target.number, body, { author: this.target.author, clean: findings.length === 0 })
    );
    const notes = [`${result.action}${result.id ? ` comment ${result.id}` : ' (a clean run opens no comment)'}${result.collapsed ? `, ${plural(result.collapsed, 'duplicate')} deleted` : ''}`];
    return { reporter: this.name, published: result.action === 'skipped' ? 0 : findings.length, skipped: result.action === 'skipped' ? findings.length : 0, notes };
  }
}
