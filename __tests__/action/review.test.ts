import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanupRepos, makeRepo, type TestRepo } from '../helpers/git-repo.js';
import { BOT, GitHubStandin, type StandinPull } from '../helpers/github-standin.js';
import { cleanupRunners, pullFromRepo, pullRequestPayload, runActionAsync, STANDIN_TOKEN as TOKEN, type ActionRun } from './harness.js';
import { validateSarif } from '../report/sarif-schema.js';

// End-to-end: dist/index.js under Node 24, a real git repository at the event's head, a
// real webhook payload, and the loopback GitHub stand-in whose every request is checked
// against @octokit/openapi (`violations` must stay empty).

const MARKER = '<!-- kit-guard:summary -->';
let api: GitHubStandin;

beforeAll(async () => {
  api = await new GitHubStandin().start();
});

afterAll(async () => {
  await api.stop();
  cleanupRepos();
  cleanupRunners();
});


/** The webhook payload for the pull request as the stand-in has it, the title as the event froze it. */
function payloadFor(pull: StandinPull, eventTitle = pull.title): Record<string, unknown> {
  const payload = pullRequestPayload({ baseSha: pull.baseSha, headSha: pull.headSha, headRef: pull.headRef, title: eventTitle }) as {
    number: number;
    pull_request: { number: number };
  };
  payload.number = pull.number;
  payload.pull_request.number = pull.number;
  return payload as unknown as Record<string, unknown>;
}

function run(pull: StandinPull, options: { eventTitle?: string; inputs?: Record<string, string>; payload?: Record<string, unknown>; eventName?: string } = {}, workspace?: string): Promise<ActionRun> {
  return runActionAsync({
    workspace: workspace ?? current.dir,
    api: api.url,
    token: TOKEN,
    inputs: { checks: 'doc-truth, commits', ...options.inputs },
    payload: options.payload ?? payloadFor(pull, options.eventTitle),
    eventName: options.eventName ?? 'pull_request'
  });
}

/** A repository whose branch `docs/guide` adds `files` in one commit, and its pull request in the stand-in. */
function newPull(number: number, files: Record<string, string>, message = 'docs: link'): { repo: TestRepo; pull: StandinPull; baseSha: string } {
  const repo = makeRepo({ files: { 'README.md': '# Kit\n' } });
  const baseSha = repo.git('rev-parse', 'HEAD');
  repo.git('checkout', '-q', '-b', 'docs/guide');
  repo.commit(message, files);
  const pull = pullFromRepo(repo, number, baseSha, message);
  api.addPull(pull);
  return { repo, pull, baseSha };
}

const BROKEN = { 'README.md': '# Kit\n\n[x](missing.md)\n' };

let current: TestRepo;

const summaries = (issue: number) => api.issueComments.filter((c) => c.issue === issue && c.user.login === BOT.login && c.body.includes(MARKER));
const inlineOf = (pull: number) => api.reviewComments.filter((c) => c.pull === pull && c.user.login === BOT.login);
/** REST calls made by one run: the requests recorded between two marks. */
const since = (mark: number) => api.requests.slice(mark);

describe('action reviews the pull request (dist/index.js, loopback GitHub)', () => {
  it('keeps one summary comment and one inline comment per finding across runs; a fix resolves them; the live title wins', async () => {
    const repo = makeRepo({ files: { 'README.md': '# Kit\n\nIntro.\n', 'docs/setup.md': '# Setup\n' } });
    current = repo;
    const baseSha = repo.git('rev-parse', 'HEAD');
    repo.git('checkout', '-q', '-b', 'docs/guide');
    repo.commit('docs: link the guides', { 'README.md': '# Kit\n\nRead [the guide](docs/guide.md) first.\n\nThen [the faq](docs/faq.md).\n' });
    let pull = pullFromRepo(repo, 7, baseSha, 'Add links');
    api.addPull(pull);
    const human = api.addHumanComment(7, `I like how kit-guard marks its comment with ${MARKER}, nice.`);

    // run 1: a bad live title, two broken links on added lines
    let mark = api.requests.length;
    const first = await run(pull);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(1);
    expect(api.violations).toEqual([]);
    expect(since(mark).length).toBeLessThanOrEqual(10);
    expect(summaries(7)).toHaveLength(1);
    const summary = summaries(7)[0]!;
    expect(summary.body).toContain('### kit-guard: ❌ failed');
    expect(summary.body).toMatch(/#### <code>doc-truth<\/code>: ❌ 2 errors/);
    expect(summary.body).toContain(`[README.md:3](https://github.com/Codertocat/Hello-World/blob/${pull.headSha}/README.md#L3) (changed)`);
    expect(summary.body).toContain('title-invalid');
    expect(inlineOf(7).map((c) => `${c.path}:${c.line}`)).toEqual(['README.md:3', 'README.md:5']);
    expect(api.reviews.filter((r) => r.pull === 7)).toHaveLength(1);
    expect(api.calls('pulls/create-review')[0]!.body).toMatchObject({ event: 'COMMENT', commit_id: pull.headSha });
    expect(first.outputs).toMatchObject({ errors: '3', failed: 'true' });
    // the report files are written, the SARIF one valid against the SARIF 2.1.0 schema
    const json = JSON.parse(readFileSync(first.outputs['report-json']!, 'utf8')) as { findings: unknown[] };
    expect(json.findings).toHaveLength(3);
    const sarif = JSON.parse(readFileSync(first.outputs['report-sarif']!, 'utf8')) as { runs: { results: { partialFingerprints: Record<string, string> }[] }[] };
    expect(validateSarif(sarif)).toEqual([]);
    expect(path.dirname(first.outputs['report-sarif']!)).toBe(first.runnerTemp);

    // someone replies to the second inline comment
    api.addHumanReply(inlineOf(7)[1]!, 'Will fix the faq link later.');

    // run 2: a line inserted above (the findings move down a line), the title fixed on
    // GitHub (the event payload still has the old one), and a secondary rate limit on the way
    repo.commit('docs: add a badge', { 'README.md': '# Kit\n\nBadge.\nRead [the guide](docs/guide.md) first.\n\nThen [the faq](docs/faq.md).\n' });
    pull = { ...pullFromRepo(repo, 7, baseSha, 'docs: link the guides') };
    api.addPull(pull);
    api.secondaryRateLimit(1, 1);
    mark = api.requests.length;
    const second = await run(pull, { eventTitle: 'Add links' });
    expect(second.stderr).toBe('');
    expect(api.violations).toEqual([]);
    expect(second.stdout).toMatch(/secondary rate limit on GET .*: waiting 1 s and retrying/);
    expect(since(mark).length).toBeLessThanOrEqual(11); // 10 + the one rate-limited attempt
    expect(second.annotations.map((a) => a.properties.title)).not.toContain('commits/title-invalid');
    expect(summaries(7).map((c) => c.id)).toEqual([summary.id]);
    expect(summaries(7)[0]!.body).not.toContain('title-invalid');
    expect(summaries(7)[0]!.body).toContain('README.md:4');
    expect(inlineOf(7).filter((c) => c.in_reply_to_id === undefined)).toHaveLength(2); // moved lines, same comments
    expect(api.reviews.filter((r) => r.pull === 7)).toHaveLength(1); // nothing new to post: no review
    expect(second.code).toBe(1);

    // run 3: both links fixed: the same comment says all is clean; the inline comment
    // without replies is deleted, the one with a reply is marked resolved and the reply kept
    repo.commit('docs: fix the links', { 'README.md': '# Kit\n\nBadge.\nRead [the setup](docs/setup.md) first.\n', 'docs/faq.md': '# FAQ\n' });
    pull = pullFromRepo(repo, 7, baseSha, 'docs: link the guides');
    api.addPull(pull);
    const third = await run(pull);
    expect(third.stderr).toBe('');
    expect(third.code).toBe(0);
    expect(api.violations).toEqual([]);
    expect(summaries(7).map((c) => c.id)).toEqual([summary.id]);
    expect(summaries(7)[0]!.body).toContain('### kit-guard: ✅ passed');
    expect(summaries(7)[0]!.body).toContain('No findings');
    const left = inlineOf(7);
    expect(left).toHaveLength(1);
    expect(left[0]!.body).toMatch(/^✅ \*\*Resolved\*\*/);
    expect(api.reviewComments.find((c) => c.body === 'Will fix the faq link later.')).toBeDefined();
    // the human comment quoting the marker was never touched
    expect(api.issueComments.find((c) => c.id === human.id)).toEqual(human);
  });

  it('two concurrent runs end with one summary comment and no duplicate inline comment', async () => {
    const { repo, pull } = newPull(8, BROKEN);
    api.holdUntil('pulls/list-review-comments', 2);
    api.holdUntil('issues/list-comments', 2);
    const runs = await Promise.all([run(pull, {}, repo.dir), run(pull, {}, repo.dir)]);
    expect(runs.map((r) => r.code)).toEqual([1, 1]);
    expect(api.violations).toEqual([]);
    expect(summaries(8)).toHaveLength(1);
    expect(inlineOf(8)).toHaveLength(1);
    // both runs found nothing and both posted: the race really happened, and was collapsed
    expect(api.requests.filter((r) => r.path.includes('/8/') && r.method === 'POST').map((r) => r.operationId).sort()).toEqual(['issues/create-comment', 'issues/create-comment', 'pulls/create-review', 'pulls/create-review']);
  });

  it('a fork pull request gets no write attempt, still gates, and keeps every finding in the job summary and reports', async () => {
    const { repo, pull } = newPull(9, BROKEN);
    api.forkMode = true;
    try {
      for (const headRepo of [{ full_name: 'forker/Hello-World', fork: true }, null]) {
        const payload = payloadFor(pull) as { pull_request: { head: { repo: unknown } } };
        payload.pull_request.head.repo = headRepo;
        const mark = api.requests.length;
        const result = await run(pull, { payload: payload as unknown as Record<string, unknown> }, repo.dir);
        expect(result.code).toBe(1);
        expect(since(mark).filter((r) => r.method !== 'GET')).toEqual([]);
        expect(result.stdout).toContain(headRepo ? 'comes from a fork' : 'comes from a deleted fork');
        expect(result.summary).toContain('missing.md');
        expect(readFileSync(result.outputs['report-json']!, 'utf8')).toContain('missing.md');
      }
    } finally {
      api.forkMode = false;
    }
    expect(api.violations).toEqual([]);
    expect(summaries(9)).toHaveLength(0);

    // the same fork pull request under pull_request_target: the token can write, the files are only read
    const payload = payloadFor(pull) as { pull_request: { head: { repo: unknown } } };
    payload.pull_request.head.repo = { full_name: 'forker/Hello-World', fork: true };
    const target = await run(pull, { payload: payload as unknown as Record<string, unknown>, eventName: 'pull_request_target' }, repo.dir);
    expect(target.code).toBe(1);
    expect(summaries(9)).toHaveLength(1);
    expect(inlineOf(9)).toHaveLength(1);
  });

  it('push and workflow_dispatch runs make no API call and still write every report', async () => {
    const { repo, pull } = newPull(13, BROKEN);
    const events = JSON.parse(readFileSync(path.resolve('node_modules/@octokit/webhooks-examples/api.github.com/index.json'), 'utf8')) as { name: string; examples: Record<string, unknown>[] }[];
    const push = structuredClone(events.find((e) => e.name === 'push')!.examples[0]!) as Record<string, unknown>;
    Object.assign(push, { ref: 'refs/heads/docs/guide', before: pull.baseSha, after: pull.headSha });
    const dispatch = structuredClone(events.find((e) => e.name === 'workflow_dispatch')!.examples[0]!) as Record<string, unknown>;
    for (const [eventName, payload] of [['push', push], ['workflow_dispatch', dispatch]] as const) {
      const mark = api.requests.length;
      const result = await run(pull, { payload, eventName, inputs: { checks: 'doc-truth' } }, repo.dir);
      expect(result.code).toBe(1);
      expect(since(mark)).toEqual([]);
      expect(result.annotations[0]!.properties).toMatchObject({ file: 'README.md', line: '3' });
      expect(readFileSync(result.outputs['report-sarif']!, 'utf8')).toContain('missing.md');
    }
  });

  it('500 findings: the comment stays under 65,536 characters and says where the rest are; inline comments are capped', async () => {
    const repo = makeRepo({ files: { 'README.md': '# Kit\n' } });
    const baseSha = repo.git('rev-parse', 'HEAD');
    repo.git('checkout', '-q', '-b', 'docs/guide');
    const links = Array.from({ length: 500 }, (_, i) => `See [part ${i}](docs/part-${i}-of-a-rather-long-guide-name.md) for the details of step ${i}.`).join('\n\n');
    repo.commit('docs: link every part', { 'README.md': `# Kit\n\n${links}\n` });
    // GitHub says the pull request is too big to list: commits and diff come from git, and the run says so
    const pull = { ...pullFromRepo(repo, 10, baseSha, 'docs: link every part'), reported: { commits: 251, files: 3001 } };
    api.addPull(pull);
    const mark = api.requests.length;
    const result = await run(pull, { inputs: { checks: 'doc-truth' } }, repo.dir);
    expect(result.code).toBe(1);
    expect(api.violations).toEqual([]);
    expect(since(mark).length).toBeLessThanOrEqual(10);
    const [comment] = summaries(10);
    expect(comment).toBeDefined();
    expect(comment!.body.length).toBeLessThanOrEqual(65_536);
    expect(comment!.body).toMatch(/\*\*\d+ more findings? did not fit in this comment\*\*/);
    expect(comment!.body).toContain('[the job summary of run 4242](https://github.com/Codertocat/Hello-World/actions/runs/4242)');
    expect(inlineOf(10)).toHaveLength(25);
    expect(result.outputs.findings).toBe('500');
    expect(since(mark).map((r) => r.operationId)).not.toContain('pulls/list-files');
    expect(result.annotations.filter((a) => a.command === 'warning').map((a) => a.message)).toEqual([
      'kit-guard: the pull request has 251 commits, more than the 250 the API lists, so its commits were read from git',
      'kit-guard: the pull request changes 3001 files, more than the 3000 the API lists, so its diff was read from git'
    ]);
    expect(comment!.body).toContain('> the pull request changes 3001 files, more than the 3000 the API lists');
  });

  it('an API outage mid-run leaves the job summary and reports complete; a clean run stays green without the API', async () => {
    const { repo, pull, baseSha } = newPull(11, BROKEN);
    api.outageAfter = api.requests.length + 3; // the pull request, its commits and files are read; then the connection drops
    try {
      const broken = await run(pull, {}, repo.dir);
      expect(broken.code).toBe(1);
      expect(broken.summary).toContain('missing.md');
      expect(JSON.parse(readFileSync(broken.outputs['report-json']!, 'utf8'))).toMatchObject({ counts: { error: 1 } });
      expect(broken.annotations.filter((a) => a.command === 'warning').map((a) => a.message).join('\n')).toMatch(/failed/);

      repo.commit('docs: fix the link', { 'README.md': '# Kit\n\n[x](README.md)\n' });
      const fixed = pullFromRepo(repo, 11, baseSha, 'docs: link');
      api.addPull(fixed);
      api.outageAfter = api.requests.length; // nothing answers at all
      const clean = await run(fixed, {}, repo.dir);
      expect(clean.code).toBe(0);
      expect(clean.outputs.failed).toBe('false');
      expect(clean.annotations.find((a) => a.command === 'warning')?.message).toMatch(/reading pull request #11 from the API failed/);
    } finally {
      api.outageAfter = Infinity;
    }
    expect(api.violations).toEqual([]);
  });

  it('a file name with a newline and `::` cannot forge a workflow command, a mention or HTML', async () => {
    const evil = 'docs/x\n::warning title=forged::@octocat <img src=x>|`.md';
    const { repo, pull } = newPull(12, { [evil]: '# Odd\n\n[x](missing.md)\n' }, 'docs: odd file');
    const result = await run(pull, { inputs: { checks: 'doc-truth' } }, repo.dir);
    expect(result.code).toBe(1);
    expect(api.violations).toEqual([]);
    // the only annotations are the finding (its file property escaped) and the failure
    expect(result.annotations.map((a) => a.properties.title ?? '')).toEqual(['doc-truth/link-target-missing', '']);
    expect(result.annotations[0]!.properties.file).toBe(evil);
    expect(result.annotations.some((a) => a.message.includes('forged') && a.properties.title === 'forged')).toBe(false);
    const body = summaries(12)[0]!.body;
    expect(body).not.toContain('@octocat');
    expect(body).not.toContain('<img');
    expect(body).toContain('&#64;octocat &lt;img src=x&gt;\\|\\`');
    const inline = inlineOf(12)[0]!;
    expect(inline.path).toBe(evil);
    expect(inline.body).not.toContain('<img');
  });
});
