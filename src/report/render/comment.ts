import type { LabelledFinding } from '../../diff/filter.js';
import { compareFindings, SEVERITIES, type Finding, type Severity } from '../../model/finding.js';
import { countBySeverity, countLine, plural } from '../counts.js';
import { suggestionBlock } from '../../diff/suggestion.js';
import { escapeMarkdown, escapeUrl } from './markdown.js';

/** Hidden marker of the one summary comment per pull request (matched together with its author). */
export const SUMMARY_MARKER = '<!-- kit-guard:summary -->';
/** Start of the hidden marker each inline review comment carries: `<!-- kit-guard:inline fp=… -->`. */
export const INLINE_MARKER_PREFIX = '<!-- kit-guard:inline fp=';

/** GitHub refuses issue and review comment bodies longer than this (422 "Body is too long"). */
export const COMMENT_MAX_LENGTH = 65_536;

const ICON: Record<Severity, string> = { error: '❌', warning: '⚠️', notice: 'ℹ️' };

/** A section another part of the action adds to the summary comment (e.g. "exports committed"), already Markdown. */
export interface CommentSection {
  title: string;
  /** Markdown the caller built and escaped. */
  markdown: string;
}

export interface SummaryCommentOptions {
  /** Link for a location (the file at the head commit); no link when it returns undefined. */
  fileUrl?: (path: string, line?: number) => string | undefined;
  /** Where every finding can be read when the comment cannot list them all (job summary link, artifact). */
  elsewhere?: string;
  /** Longest body written; default 65,536 (GitHub's limit). */
  maxLength?: number;
  /** Extra sections put after the findings, in order (the extension point for other features). */
  sections?: readonly CommentSection[];
  /** Notes said once under the heading (e.g. "commits were read from git: the pull request has over 250"). */
  notes?: readonly string[];
  /** Longest message or fix kept per finding before it is cut with `…`. Default 500. */
  maxTextLength?: number;
}

export interface SummaryCommentInput {
  findings: readonly LabelledFinding[];
  failed: boolean;
  failOn: Severity;
  ran: readonly string[];
  /** Findings posted as inline review comments (they are still listed here). */
  inline?: number;
}

/**
 * Renders the pull request's summary comment: the outcome, then one section per check
 * with its counts, each finding with its linked location and fix, the changed files'
 * findings first. All repository text is escaped (no Markdown, HTML or @mention gets
 * through). The body never exceeds `maxLength`: findings that do not fit are counted and
 * the reader is sent to `elsewhere`. A clean run says so in the same comment. Pure.
 */
export function renderSummaryComment(input: SummaryCommentInput, options: SummaryCommentOptions = {}): string {
  const maxLength = options.maxLength ?? COMMENT_MAX_LENGTH;
  const maxText = options.maxTextLength ?? 500;
  const all = input.findings.map((l) => l.finding);
  const outcome = input.failed ? '❌ failed' : all.length ? '✅ passed with findings' : '✅ passed';
  const head: string[] = [`### kit-guard: ${outcome}`, ''];
  const facts = [`${countLine(all)}.`, `Fail level: ${input.failOn}.`];
  if (input.ran.length) facts.push(`Checks: ${input.ran.map((id) => `<code>${escapeMarkdown(id)}</code>`).join(', ')}.`);
  head.push(facts.join(' '), '');
  for (const note of options.notes ?? []) head.push(`> ${escapeMarkdown(note)}`, '');
  if (all.length === 0) head.push('No findings: every check passed on this pull request.', '');
  else if (input.inline) head.push(`${plural(input.inline, 'finding')} on changed lines ${input.inline === 1 ? 'is' : 'are'} also commented inline.`, '');

  const tail: string[] = [];
  for (const section of options.sections ?? []) tail.push(`#### ${escapeMarkdown(section.title)}`, '', section.markdown.trimEnd(), '');
  tail.push(SUMMARY_MARKER);

  let budget = maxLength - head.join('\n').length - tail.join('\n').length - 400; // 400: the "did not fit" line and joins
  const body: string[] = [];
  const notListed = new Map<string, number>();
  for (const [check, group] of byCheck(input.findings, input.ran)) {
    const counts = countBySeverity(group.map((l) => l.finding));
    const heading = `#### <code>${escapeMarkdown(check)}</code>: ${SEVERITIES.filter((s) => counts[s]).map((s) => `${ICON[s]} ${plural(counts[s], s)}`).join(', ')}`;
    const items: string[] = [];
    for (const l of group) {
      const item = renderItem(l, options, maxText);
      // once one finding does not fit, none after it is listed, so the cut is in one place
      if (notListed.size === 0 && item.length + 1 + (items.length ? 0 : heading.length + 2) <= budget) {
        budget -= item.length + 1 + (items.length ? 0 : heading.length + 2);
        items.push(item);
      } else notListed.set(check, (notListed.get(check) ?? 0) + 1);
    }
    if (items.length) body.push(heading, '', ...items, '');
  }
  const omitted = [...notListed.values()].reduce((a, b) => a + b, 0);
  if (omitted) {
    const detail = [...notListed].map(([check, n]) => `${n} <code>${escapeMarkdown(check)}</code>`).join(', ');
    body.push(`**${plural(omitted, 'more finding')} did not fit in this comment** (${detail}; GitHub allows ${COMMENT_MAX_LENGTH.toLocaleString('en-US')} characters). ${options.elsewhere ?? 'The job summary and the job log list every finding.'}`, '');
  }
  return [...head, ...body, ...tail].join('\n');
}

/** Groups by check in run order (unknown checks after), each group with the changed files' findings first. */
function byCheck(findings: readonly LabelledFinding[], ran: readonly string[]): [string, LabelledFinding[]][] {
  const groups = new Map<string, LabelledFinding[]>();
  for (const id of ran) groups.set(id, []);
  for (const l of findings) {
    const group = groups.get(l.finding.check);
    if (group) group.push(l);
    else groups.set(l.finding.check, [l]);
  }
  const rank = (l: LabelledFinding): number => (l.inDiffLines ? 0 : l.inDiffFile ? 1 : 2);
  return [...groups]
    .filter(([, group]) => group.length > 0)
    .map(([check, group]) => [check, group.sort((a, b) => rank(a) - rank(b) || SEVERITIES.indexOf(a.finding.severity) - SEVERITIES.indexOf(b.finding.severity) || compareFindings(a.finding, b.finding))]);
}

function renderItem(l: LabelledFinding, options: SummaryCommentOptions, maxText: number): string {
  const f = l.finding;
  const where = location(l, options);
  const changed = l.inDiffFile ? ' (changed)' : '';
  const fix = f.fix ? `<br>**Fix:** ${escapeMarkdown(cut(f.fix, maxText))}` : '';
  return `- ${ICON[f.severity]} ${where}${changed} <code>${escapeMarkdown(f.rule)}</code>: ${escapeMarkdown(cut(f.message, maxText))}${fix}`;
}

function location(l: LabelledFinding, options: SummaryCommentOptions): string {
  const f = l.finding;
  if (l.path === undefined) return '(repository)';
  const text = escapeMarkdown(f.line === undefined ? l.path : `${l.path}:${f.line}`);
  const url = options.fileUrl?.(l.path, f.line);
  return url ? `[${text}](${escapeUrl(url)})` : text;
}

/**
 * The body of one inline review comment: severity, rule, message, fix, the suggestion
 * block when the finding's edits can be one (`suggestion`: the new text of the lines
 * the comment covers, put in a fence its content cannot close), and the hidden
 * fingerprint marker. Pure.
 */
export function renderInlineComment(f: Finding, fingerprint: string, maxText = 4000, suggestion?: string): string {
  const lines = [`${ICON[f.severity]} **kit-guard ${f.severity}** <code>${escapeMarkdown(`${f.check}/${f.rule}`)}</code>: ${escapeMarkdown(cut(f.message, maxText))}`];
  if (f.fix) lines.push('', `**Fix:** ${escapeMarkdown(cut(f.fix, maxText))}`);
  if (suggestion !== undefined) lines.push('', '**Suggested change** (*Commit suggestion* applies it):', '', suggestionBlock(suggestion));
  lines.push('', inlineMarker(fingerprint));
  return lines.join('\n');
}

/** The hidden marker of an inline comment with this fingerprint. */
export function inlineMarker(fingerprint: string): string {
  return `${INLINE_MARKER_PREFIX}${fingerprint} -->`;
}

/** The fingerprint in a comment body written by renderInlineComment, or undefined. */
export function inlineFingerprint(body: string | undefined | null): string | undefined {
  if (!body) return undefined;
  return /<!-- kit-guard:inline fp=([0-9a-f]{8,64}) -->\s*$/.exec(body)?.[1];
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

