import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient } from '../../src/action/github/client.js';
import { InlineReviewReporter, type PullRequestTarget } from '../../src/action/github/reporters.js';
import { syncReview } from '../../src/action/github/review.js';
import { indexDiff } from '../../src/diff/filter.js';
import type { Finding } from '../../src/model/finding.js';
import { inlineMarker } from '../../src/report/render/comment.js';
import type { ReportContext } from '../../src/report/reporter.js';
import { BOT, GitHubStandin } from '../helpers/github-standin.js';

// The inline reporter's suggestion blocks in-process, with real Octokit against the
// loopback stand-in (every request validated against @octokit/openapi).

const ref = { owner: 'octo-org', repo: 'kit' };
const HEAD = 'c'.repeat(40);
const TEXT = '# Changelog\n\n## [Unreleased]\n\n### fixed\n- Crash\n\n## [1.0.0] - 2024-01-31\n\n### added\n- First\n';
const PATCH = '@@ -2,3 +2,6 @@\n \n ## [Unreleased]\n \n+### fixed\n+- Crash\n+\n ## [1.0.0] - 2024-01-31\n';
let api: GitHubStandin;

beforeAll(async () => {
  api = await new GitHubStandin().start();
});

afterAll(async () => {
  expect(api.violations).toEqual([]);
  await api.stop();
});

const category = (line: number, from: string, to: string): Finding => ({
  check: 'changelog',
  rule: 'unknown-category',
  severity: 'error',
  message: `"### ${from}" is not an allowed category`,
  file: 'CHANGELOG.md',
  line,
  column: 5,
  edits: [{ file: 'CHANGELOG.md', start: { line, column: 5 }, end: { line, column: 5 + from.length }, text: to }]
});
const ctx: ReportContext = { failed: true, failOn: 'error', ran: ['changelog'], pathPrefix: '' };

function target(number: number): PullRequestTarget {
  api.addPull({ number, title: 't', headSha: HEAD, headRef: 'f', baseSha: 'b'.repeat(40), baseRef: 'main', commits: [], files: [{ filename: 'CHANGELOG.md', status: 'modified', patch: PATCH }] });
  return {
    client: createClient({ token: 'ghs_x', baseUrl: api.url, maxWaitSeconds: 2 }),
    ref,
    number,
    headSha: HEAD,
    author: BOT.login,
    diff: indexDiff([{ path: 'CHANGELOG.md', status: 'modified', patch: PATCH }]),
    readHead: (path) => (path === 'CHANGELOG.md' ? { text: TEXT } : undefined)
  };
}

describe('inline comments with suggestion blocks', () => {
  it('suggests a fix on the diff lines; a finding whose edit is outside them is commented without one', async () => {
    const onDiff = category(5, 'fixed', 'Fixed');
    // line 8 is a context line of the diff, but the edit is on line 10, outside it
    const outside: Finding = { ...category(10, 'added', 'Added'), line: 8 };
    const reporter = new InlineReviewReporter(target(41), 10);
    await reporter.publish([onDiff, outside], ctx);
    const comments = api.reviewComments.filter((c) => c.pull === 41);
    expect(comments.map((c) => [c.line, c.start_line, c.body.includes('```suggestion\n### Fixed\n```')])).toEqual([
      [5, undefined, true],
      [8, undefined, false]
    ]);
    expect([...reporter.suggested]).toEqual([onDiff]);

    // a re-run keeps the comment, and its fix still counts as suggested (same body)
    const again = new InlineReviewReporter(target(41), 10);
    await again.publish([onDiff, outside], ctx);
    expect(api.reviewComments.filter((c) => c.pull === 41)).toHaveLength(2);
    expect([...again.suggested]).toEqual([onDiff]);
  });

  it('a kept comment from before its suggestion existed does not count as suggesting the fix', async () => {
    const onDiff = category(5, 'fixed', 'Fixed');
    const t = target(42);
    const probe = new InlineReviewReporter(t, 10);
    await probe.publish([onDiff], ctx);
    const posted = api.reviewComments.find((c) => c.pull === 42)!;
    const fp = /fp=([0-9a-f]+)/.exec(posted.body)![1]!;
    // replace it with an older-style comment (same fingerprint, no suggestion block)
    await syncReview(t.client, ref, 42, { headSha: HEAD, author: BOT.login, wanted: [], max: 10, summary: 's' });
    await syncReview(t.client, ref, 42, { headSha: HEAD, author: BOT.login, max: 10, summary: 's', wanted: [{ path: 'CHANGELOG.md', line: 5, fingerprint: fp, body: `old\n\n${inlineMarker(fp)}` }] });
    const rerun = new InlineReviewReporter(t, 10);
    await rerun.publish([onDiff], ctx);
    expect(api.reviewComments.filter((c) => c.pull === 42).map((c) => c.body.startsWith('old'))).toEqual([true]);
    expect(rerun.suggested.size).toBe(0);
  });
});
