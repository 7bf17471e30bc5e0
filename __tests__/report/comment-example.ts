import { indexDiff, labelFindings } from '../../src/diff/filter.js';
import { fingerprintFindings } from '../../src/diff/fingerprint.js';
import type { Finding } from '../../src/model/finding.js';
import { renderInlineComment, renderSummaryComment } from '../../src/report/render/comment.js';

/**
 * The pull request the README's example comments are rendered from: two changed files,
 * findings on changed lines, in a changed file, and elsewhere.
 */
const FINDINGS: Finding[] = [
  { check: 'doc-truth', rule: 'link-target-missing', severity: 'error', message: 'the link points at "docs/setup.md", which does not exist', file: 'README.md', line: 3, column: 6, fix: 'Create docs/setup.md, or point the link at an existing file.' },
  { check: 'doc-truth', rule: 'fragment-missing', severity: 'warning', message: 'no heading "#install" in docs/guide.md', file: 'docs/intro.md', line: 9, column: 1, fix: 'Use "#installation".' },
  { check: 'changelog', rule: 'missing-entry', severity: 'error', message: 'feat commits since the base but no new entry under [Unreleased]', file: 'CHANGELOG.md', fix: 'Add a line under ## [Unreleased] → ### Added.' },
  { check: 'commits', rule: 'title-invalid', severity: 'error', message: 'the pull request title "Add login" is not a Conventional Commits header', fix: 'Retitle it, e.g. "feat: add login".' }
];

const DIFF = indexDiff([
  { path: 'README.md', status: 'modified', patch: '@@ -1,2 +1,4 @@\n # Kit\n \n+Read [the setup](docs/setup.md) first.\n+' },
  { path: 'docs/intro.md', status: 'modified', patch: '@@ -1,1 +1,2 @@\n # Intro\n+More.' }
]);

const SHA = '6dcb09b5b57875f334f61aebed695e2e4193db5e';
const fileUrl = (path: string, line?: number): string => `https://github.com/octo-org/kit/blob/${SHA}/${path}${line ? `#L${line}` : ''}`;

export function exampleSummaryComment(): string {
  const labelled = labelFindings(FINDINGS, DIFF);
  return renderSummaryComment(
    { findings: labelled, failed: true, failOn: 'error', ran: ['schema', 'doc-truth', 'changelog', 'commits', 'branch'], inline: 1 },
    { fileUrl, elsewhere: 'Every finding is in the job summary.' }
  );
}

export function exampleInlineComment(): string {
  const labelled = labelFindings(FINDINGS.slice(0, 1), DIFF);
  return renderInlineComment(FINDINGS[0]!, fingerprintFindings(labelled)[0]!);
}
