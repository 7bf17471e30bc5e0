import { describe, expect, it } from '@jest/globals';
import { indexDiff, labelFindings } from '../../src/diff/filter.js';
import type { Finding } from '../../src/model/finding.js';
import { COMMENT_MAX_LENGTH, inlineFingerprint, renderInlineComment, renderSummaryComment, SUMMARY_MARKER } from '../../src/report/render/comment.js';
import { exampleSummaryComment } from './comment-example.js';
import { SAMPLE_FINDINGS } from './sample-findings.js';

const ran = ['schema', 'doc-truth', 'changelog', 'commits', 'branch'];

describe('report/render/comment: renderSummaryComment', () => {
  it('has one section per check with counts, changed files first, linked locations, fixes and the marker last', () => {
    const body = exampleSummaryComment();
    expect(body.endsWith(SUMMARY_MARKER)).toBe(true);
    expect(body).toMatch(/^### kit-guard: ❌ failed\n/);
    const sections = [...body.matchAll(/^#### <code>([a-z-]+)<\/code>: (.*)$/gm)].map((m) => `${m[1]}: ${m[2]}`);
    expect(sections).toEqual(['doc-truth: ❌ 1 error, ⚠️ 1 warning', 'changelog: ❌ 1 error', 'commits: ❌ 1 error']);
    const docTruth = body.slice(body.indexOf('doc-truth</code>:'), body.indexOf('changelog</code>:'));
    expect(docTruth.indexOf('README.md:3')).toBeLessThan(docTruth.indexOf('docs/intro.md:9'));
    expect(body).toContain('[README.md:3](https://github.com/octo-org/kit/blob/6dcb09b5b57875f334f61aebed695e2e4193db5e/README.md#L3) (changed)');
    expect(body).toContain('<br>**Fix:** Create docs/setup.md');
  });

  it('escapes repository text: no HTML, no mention, no table or code-span break-out', () => {
    const body = renderSummaryComment({ findings: labelFindings(SAMPLE_FINDINGS, undefined, 'content'), failed: true, failOn: 'error', ran });
    expect(body).not.toMatch(/<script|@octocat/);
    expect(body).toContain('&lt;script&gt;');
    expect(body).toContain('\\|');
    expect(body).not.toContain('\nsecond line');
  });

  it('says a clean run is clean in the same comment', () => {
    const body = renderSummaryComment({ findings: [], failed: false, failOn: 'error', ran });
    expect(body).toContain('### kit-guard: ✅ passed');
    expect(body).toContain('No findings');
  });

  it('stays under the limit with any number of findings, counts what it left out and says where it is', () => {
    const many: Finding[] = Array.from({ length: 3000 }, (_, i) => ({ check: i % 2 ? 'schema' : 'doc-truth', rule: 'r', severity: 'error', message: `problem ${i} ${'x'.repeat(200)}`, file: `f${i}.md`, line: 1, fix: 'y'.repeat(300) }));
    const body = renderSummaryComment({ findings: labelFindings(many, undefined), failed: true, failOn: 'error', ran }, { elsewhere: 'See the job summary.', sections: [{ title: 'Exports committed', markdown: '- 3 files' }] });
    expect(body.length).toBeLessThanOrEqual(COMMENT_MAX_LENGTH);
    const listed = body.split('\n').filter((l) => l.startsWith('- ❌')).length;
    const said = Number(/\*\*(\d+) more findings did not fit in this comment\*\*/.exec(body)?.[1]);
    expect(listed + said).toBe(3000);
    expect(body).toContain('See the job summary.');
    expect(body).toContain('#### Exports committed\n\n- 3 files');
    expect(body.endsWith(SUMMARY_MARKER)).toBe(true);
  });
});

describe('report/render/comment: inline comments', () => {
  it('carry the fingerprint in a hidden marker that is read back, and escape the message', () => {
    const f = SAMPLE_FINDINGS[3]!;
    const body = renderInlineComment(f, 'abcdef0123456789abcd');
    expect(inlineFingerprint(body)).toBe('abcdef0123456789abcd');
    expect(body).not.toContain('<script');
    expect(inlineFingerprint('quoting <!-- kit-guard:inline fp=abcdef0123456789abcd --> in the middle, then more')).toBeUndefined();
  });

  it('uses the diff to put changed lines first', () => {
    const diff = indexDiff([{ path: 'b.md', patch: '@@ -0,0 +1 @@\n+x' }]);
    const findings: Finding[] = [
      { check: 'doc-truth', rule: 'r', severity: 'error', message: 'in a', file: 'a.md', line: 1 },
      { check: 'doc-truth', rule: 'r', severity: 'error', message: 'in b', file: 'b.md', line: 1 }
    ];
    const body = renderSummaryComment({ findings: labelFindings(findings, diff), failed: true, failOn: 'error', ran });
    expect(body.indexOf('in b')).toBeLessThan(body.indexOf('in a'));
  });
});
