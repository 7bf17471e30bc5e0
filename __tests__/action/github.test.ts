import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient, statusOf } from '../../src/action/github/client.js';
import { InlineReviewReporter, SummaryCommentReporter, type PullRequestTarget } from '../../src/action/github/reporters.js';
import { syncReview } from '../../src/action/github/review.js';
import { upsertSummaryComment } from '../../src/action/github/summary-comment.js';
import { indexDiff } from '../../src/diff/filter.js';
import type { Finding } from '../../src/model/finding.js';
import { BOT, GitHubStandin } from '../helpers/github-standin.js';

// The action's GitHub layer in-process, with real Octokit (retry and throttling plugins)
// against the loopback stand-in; every request is validated against @octokit/openapi.

const ref = { owner: 'octo-org', repo: 'kit' };
const PATCH = '@@ -1,2 +1,3 @@\n # Kit\n+[x](missing.md)\n ';
let api: GitHubStandin;

beforeAll(async () => {
  api = await new GitHubStandin().start();
  api.addPull({ number: 1, title: 't', headSha: 'a'.repeat(40), headRef: 'f', baseSha: 'b'.repeat(40), baseRef: 'main', commits: [], files: [{ filename: 'README.md', status: 'modified', patch: PATCH }] });
});

afterAll(async () => {
  expect(api.violations).toEqual([]);
  await api.stop();
});

const client = (log?: (line: string) => void) => createClient({ token: 'ghs_x', baseUrl: api.url, maxWaitSeconds: 2, ...(log ? { log } : {}) });
const finding: Finding = { check: 'doc-truth', rule: 'link-target-missing', severity: 'error', message: 'missing.md does not exist', file: 'README.md', line: 2 };

describe('action/github', () => {
  it('posts comment by comment when GitHub refuses the whole review (422), so one bad line loses nothing else', async () => {
    const result = await syncReview(client(), ref, 1, {
      headSha: 'a'.repeat(40),
      author: BOT.login,
      max: 10,
      summary: 's',
      wanted: [
        { path: 'README.md', line: 2, body: 'ok\n\n<!-- kit-guard:inline fp=0123456789abcdef0123 -->', fingerprint: '0123456789abcdef0123' },
        { path: 'README.md', line: 40, body: 'outside\n\n<!-- kit-guard:inline fp=ffff456789abcdef0123 -->', fingerprint: 'ffff456789abcdef0123' }
      ]
    });
    expect(api.calls('pulls/create-review').map((r) => r.status)).toEqual([422]);
    expect(result.posted).toBe(1);
    expect(result.refused).toEqual([{ path: 'README.md', line: 40, reason: expect.stringContaining('must be part of the diff') }]);
  });

  it('GitHub refuses a body over 65,536 characters (the renderer never writes one)', async () => {
    const error = await upsertSummaryComment(client(), ref, 1, `${'x'.repeat(65_537)}<!-- kit-guard:summary -->`, { author: BOT.login, clean: false }).catch((e: unknown) => e);
    expect(statusOf(error)).toBe(422);
  });

  it('a 403 on a write marks the target read-only and the next reporter tries nothing', async () => {
    api.forkMode = true;
    try {
      const target: PullRequestTarget = { client: client(), ref, number: 1, headSha: 'a'.repeat(40), author: BOT.login, diff: indexDiff([{ path: 'README.md', patch: PATCH }]) };
      const ctx = { failed: true, failOn: 'error' as const, ran: ['doc-truth'], pathPrefix: '' };
      await expect(new SummaryCommentReporter(target, { elsewhere: 'e', notes: [] }).publish([finding], ctx)).rejects.toMatchObject({ status: 403 });
      expect(target.readOnly).toMatch(/cannot write/);
      const before = api.requests.length;
      const outcome = await new InlineReviewReporter(target, 25).publish([finding], ctx);
      expect(outcome.notes[0]).toMatch(/^skipped: the token cannot write/);
      expect(api.requests.length).toBe(before);
    } finally {
      api.forkMode = false;
    }
  });

  it('waits out a secondary rate limit within the bound, and gives up on a longer one', async () => {
    const log: string[] = [];
    api.secondaryRateLimit(1, 1);
    await expect(client((l) => log.push(l)).rest.pulls.get({ ...ref, pull_number: 1 })).resolves.toMatchObject({ status: 200 });
    api.secondaryRateLimit(1, 600);
    await expect(client((l) => log.push(l)).rest.pulls.get({ ...ref, pull_number: 1 })).rejects.toMatchObject({ status: 403 });
    expect(log).toEqual([
      'secondary rate limit on GET /repos/{owner}/{repo}/pulls/{pull_number}: waiting 1 s and retrying',
      'secondary rate limit on GET /repos/{owner}/{repo}/pulls/{pull_number}: not retrying (retry after 600 s, attempt 1)'
    ]);
  });
});
