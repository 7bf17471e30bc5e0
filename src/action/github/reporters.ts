import { posix } from 'node:path';
import type { DiffIndex, LabelledFinding } from '../../diff/filter.js';
import { lastLineOf, suggestionFor, type Suggestion } from '../../diff/suggestion.js';
import { labelFindings } from '../../diff/filter.js';
import { fingerprintFindings } from '../../diff/fingerprint.js';
import { atLeast, compareFindings, type Finding } from '../../model/finding.js';
import { plural } from '../../report/counts.js';
import { renderInlineComment, renderSummaryComment, type CommentSection } from '../../report/render/comment.js';
import type { HeadText } from '../../report/render/fix-patch.js';
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
  /** Reads a repository file as it is at the head (the checked-out workspace), for suggestion blocks. */
  readHead?: (path: string) => HeadText | undefined;
}

/** Longest suggestion put in an inline comment; a longer fix goes to the summary comment's patch. */
const MAX_SUGGESTION_CHARS = 20_000;

/**
 * The suggestion for a finding on the diff: every edit is in the finding's own file and
 * on right-side lines of its diff, the file reads at the head, and the range does not
 * start on a line 1 that follows a byte-order mark (the suggestion would drop it).
 */
function suggestionOf(l: LabelledFinding, target: PullRequestTarget, pathPrefix: string): Suggestion | undefined {
  const edits = l.finding.edits;
  if (!edits?.length || l.path === undefined) return undefined;
  if (edits.some((e) => (pathPrefix ? posix.join(pathPrefix, e.file) : e.file) !== l.path)) return undefined;
  const lines = target.diff?.files.get(l.path);
  const head = lines ? target.readHead?.(l.path) : undefined;
  if (!lines || !head) return undefined;
  const suggestion = suggestionFor(edits, head.text, lines);
  if (!suggestion || (head.bom && suggestion.startLine === 1) || suggestion.text.length > MAX_SUGGESTION_CHARS) return undefined;
  return suggestion;
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
  /** Findings whose comment on the pull request carries a suggestion block after `publish` (their fix needs no patch). */
  readonly suggested = new Set<Finding>();

  constructor(
    private readonly target: PullRequestTarget,
    private readonly max: number
  ) {}

  async publish(findings: readonly Finding[], ctx: ReportContext): Promise<ReportOutcome> {
    if (this.target.readOnly) return { reporter: this.name, published: 0, skipped: findings.length, notes: [`skipped: ${this.target.readOnly}`] };
    // a finding about a whole file (export drift) is commented where each of its edits is, so each can be a suggestion
    const parts = new Map<Finding, Finding>();
    const candidates = findings.flatMap((f) => {
      const split = editsAsPlacedFindings(f);
      for (const part of split) if (part !== f) parts.set(part, f);
      return split;
    });
    const { labelled: all, fingerprints } = labelled(candidates, this.target, ctx);
    const wanted = all
      .map((l, i) => ({ l, fp: fingerprints[i] as string }))
      .filter(({ l }) => l.inDiffLines)
      .sort((a, b) => severityFirst(a.l.finding, b.l.finding))
      .map(({ l, fp }) => {
        // a comment with a suggestion covers exactly the lines it replaces
        const suggestion = suggestionOf(l, this.target, ctx.pathPrefix ?? '');
        const body = renderInlineComment(l.finding, fp, undefined, suggestion?.text);
        const at = suggestion ? { line: suggestion.line, ...(suggestion.startLine < suggestion.line ? { startLine: suggestion.startLine } : {}) } : { line: l.finding.line as number };
        return { path: l.path as string, ...at, fingerprint: fp, body, finding: suggestion ? l.finding : undefined };
      });
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
    for (const w of wanted) if (w.finding && result.live.has(w.fingerprint)) this.suggested.add(w.finding);
    // a split finding is suggested when every one of its parts is
    for (const original of new Set(parts.values())) {
      if ([...parts].every(([part, of]) => of !== original || this.suggested.has(part))) this.suggested.add(original);
    }
    const notes = [`${result.posted} posted, ${result.kept} already there, ${result.deleted} stale deleted, ${result.resolved} stale marked resolved (replies kept); ${this.suggested.size} with a suggestion block`];
    for (const r of result.refused) notes.push(`GitHub refused the comment at ${JSON.stringify(r.path)} line ${r.line}: ${r.reason}`);
    return { reporter: this.name, published: this.inline, skipped: findings.length - this.inline, notes };
  }
}

/**
 * A finding with no line whose edits are all in its own file (a generated file out of
 * date), as one finding per edit placed at the lines that edit changes; any other finding
 * as it is.
 */
export function editsAsPlacedFindings(finding: Finding): Finding[] {
  const { edits } = finding;
  if (finding.line !== undefined || finding.file === undefined || !edits?.length || edits.some((e) => e.file !== finding.file)) return [finding];
  return edits.map((edit) => {
    const endLine = lastLineOf(edit);
    return { ...finding, line: edit.start.line, ...(endLine > edit.start.line ? { endLine } : {}), edits: [edit] };
  });
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
