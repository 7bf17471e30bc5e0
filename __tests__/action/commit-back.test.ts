import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildExports } from '../../src/export/write.js';
import { loadKit } from '../../src/kit/load.js';
import { GitHubStandin, type StandinRepository } from '../helpers/github-standin.js';
import { cleanupRepos, fixturePath, makeRepo, tempDir, type TestRepo } from '../helpers/git-repo.js';
import { cleanupRunners, pullRequestPayload, runActionAsync, STANDIN_TOKEN as TOKEN } from './harness.js';

/**
 * The export commit-back end to end: dist/index.js under Node 24, a real bare repository
 * as GitHub's copy, a work-tree clone as the runner's checkout, and a loopback stand-in
 * for GitHub that validates every request (GraphQL schema, OpenAPI) and applies
 * createCommitOnBranch to the bare repository for real.
 */

const REPOSITORY = 'Codertocat/Hello-World';
const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'Contributor', GIT_AUTHOR_EMAIL: 'c@example.test', GIT_COMMITTER_NAME: 'Contributor', GIT_COMMITTER_EMAIL: 'c@example.test' };
const gitIn = (dir: string, ...args: string[]): string => execFileSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

let standIn: GitHubStandin | undefined;
afterEach(async () => {
  await standIn?.stop();
  standIn = undefined;
});

/** A fresh stand-in backed by the bare repository, with the pull request the review part of the run reads. */
async function startStandIn(repository: Omit<StandinRepository, 'fullName'>, pull?: { head: string; base: string }): Promise<GitHubStandin> {
  const api = (await new GitHubStandin().start()).attachRepository({ ...repository, fullName: REPOSITORY });
  if (pull) api.addPull({ number: PR_NUMBER, title: 'feat: sharper planner', headSha: pull.head, headRef: 'feature', baseSha: pull.base, baseRef: 'main', commits: [], files: [] });
  return api;
}
afterAll(() => {
  cleanupRepos();
  cleanupRunners();
});

interface World {
  bare: string;
  author: TestRepo;
  /** The runner's checkout (a clone of the bare repository). */
  checkout(ref: string): string;
}

/** The export-basic kit with its exports built and committed on main, pushed to a bare remote. */
async function world(options: { foreignRecords?: boolean } = {}): Promise<World> {
  const bare = tempDir('kit-guard-bare-');
  gitIn(bare, 'init', '-q', '--bare', '-b', 'main');
  const author = makeRepo({ fixture: fixturePath('kits', 'export-basic') });
  await buildExports(loadKit(author.dir));
  if (options.foreignRecords) {
    // records as the seed's exporter writes them: source hashes only, no per-file hashes and no generator
    for (const host of ['claude', 'codex', 'gemini', 'cursor', 'copilot']) {
      const file = path.join(author.dir, 'exports', 'hosts', host, 'export.manifest.json');
      const record = JSON.parse(readFileSync(file, 'utf8')) as { host: string; source_hashes: Record<string, string> };
      writeFileSync(file, `${JSON.stringify({ host: record.host, source_hashes: record.source_hashes }, null, 2)}\n`);
    }
  }
  author.commit('chore: build exports');
  author.git('remote', 'add', 'origin', bare);
  author.git('push', '-q', 'origin', 'main');
  return {
    bare,
    author,
    checkout(ref) {
      const dir = path.join(tempDir('kit-guard-checkout-'), 'ws');
      execFileSync('git', ['clone', '-q', '--branch', ref, bare, dir], { env: GIT_ENV, stdio: 'ignore' });
      return dir;
    }
  };
}

/** What a fresh build changes on top of the author's current commit: the oracle for the commit's file list. */
async function expectedChange(author: TestRepo): Promise<string[]> {
  await buildExports(loadKit(author.dir));
  author.git('add', '-A');
  const status = author.git('diff', '--cached', '--name-status', '--no-renames').split('\n').filter(Boolean);
  author.git('reset', '-q', '--hard');
  return status.map((line) => `${line.startsWith('D') ? 'D' : 'M'}\t${line.split('\t')[1]}`).sort();
}

/** Files of a commit as M (added or changed) / D lines, sorted. */
function changedIn(bare: string, sha: string): string[] {
  return gitIn(bare, 'diff-tree', '--no-commit-id', '--no-renames', '-r', '--name-status', `${sha}^`, sha)
    .split('\n')
    .filter(Boolean)
    .map((line) => `${line.startsWith('D') ? 'D' : 'M'}\t${line.split('\t')[1]}`)
    .sort();
}

const tip = (bare: string, branch: string): string => gitIn(bare, 'rev-parse', `refs/heads/${branch}`);

const PR_NUMBER = 1;

function prPayload(headSha: string, baseSha: string, options: { fork?: boolean } = {}): Record<string, unknown> {
  const payload = pullRequestPayload({ baseSha, headSha, headRef: 'feature', title: 'feat: sharper planner' }) as { number: number; pull_request: { number: number; head: { repo: { full_name: string } | null } } };
  payload.number = PR_NUMBER;
  payload.pull_request.number = PR_NUMBER;
  if (options.fork) payload.pull_request.head.repo = { ...payload.pull_request.head.repo!, full_name: 'someone/Hello-World' };
  return payload as unknown as Record<string, unknown>;
}

const plannerEdit = { 'roles/planner.md': '# planner\n\n## Purpose\n\nTurn the approved spec into a plan, now with risks called out.\n' };

async function featureWithRoleEdit(files: Record<string, string | null> = plannerEdit, options: { foreignRecords?: boolean } = {}): Promise<{ w: World; base: string; head: string; expected: string[] }> {
  const w = await world(options);
  const base = w.author.git('rev-parse', 'HEAD');
  w.author.git('checkout', '-q', '-b', 'feature');
  const head = w.author.commit('feat: sharper planner', files);
  w.author.git('push', '-q', 'origin', 'feature');
  const expected = await expectedChange(w.author);
  return { w, base, head, expected };
}

/** Operations the export commit-back uses (the rest of a run's calls are the pull request review's). */
const COMMIT_BACK_REST = new Set(['git/get-ref', 'git/create-ref', 'git/update-ref', 'git/get-commit', 'repos/compare-commits-with-basehead', 'pulls/list', 'pulls/create', 'pulls/update']);
const graphqlCalls = (s: GitHubStandin) => s.requests.filter((r) => r.operationId === 'graphql');
const restCalls = (s: GitHubStandin) => s.requests.filter((r) => r.operationId !== undefined && COMMIT_BACK_REST.has(r.operationId));
const inputs = {};
const act = (options: Omit<Parameters<typeof runActionAsync>[0], 'token'>) => runActionAsync({ token: TOKEN, ...options });

beforeAll(async () => {
  // the stand-in loads GitHub's GraphQL schema and OpenAPI description once; do it before the first timed run
  (await new GitHubStandin().start()).attachRepository({ bare: tempDir(), fullName: REPOSITORY }).stop();
}, 60_000);

describe('export commit-back on a same-repository pull request', () => {
  it('commits exactly the changed export files in one commit with the trailer; the run on that commit makes none', async () => {
    const { w, base, head, expected } = await featureWithRoleEdit();
    expect(expected.some((l) => l.endsWith('.claude/agents/planner.md'))).toBe(true);
    standIn = await startStandIn({ bare: w.bare }, { head, base });
    const started = Date.now();
    const run = await act({ workspace: w.checkout('feature'), payload: prPayload(head, base), inputs, api: standIn.url });
    const wall = Date.now() - started;
    expect(standIn.violations).toEqual([]);
    expect(run.outputs['exports-result']).toBe('committed');
    const refreshed = tip(w.bare, 'feature');
    expect(run.outputs['exports-commit']).toBe(refreshed);
    expect(gitIn(w.bare, 'rev-parse', `${refreshed}^`)).toBe(head);
    expect(changedIn(w.bare, refreshed)).toEqual(expected);
    const message = gitIn(w.bare, 'log', '-1', '--format=%B', refreshed);
    expect(message.split('\n')[0]).toBe('chore(exports): refresh host exports');
    expect(message).toMatch(/\n\nKit-Guard-Export: \d+\.\d+\.\d+/);
    expect(graphqlCalls(standIn)).toHaveLength(1);
    expect(restCalls(standIn)).toEqual([]);
    expect(run.summary).toContain('### Host exports');
    const comment = standIn.issueComments.find((c) => c.body.includes('#### Host exports'));
    expect(comment?.body).toContain('Committed:');
    expect(comment?.body).toContain('exports/hosts/claude/.claude/agents/planner.md');
    expect(run.summary).toContain('exports/hosts/claude/.claude/agents/planner.md');
    // export drift is in the default checks (the records are kit-guard's), and what the commit fixed does not fail the superseded head
    expect(run.stdout).toMatch(/checks: [a-z, -]*\bexport\b/);
    const exportAnnotations = run.annotations.filter((a) => a.properties.title?.startsWith('export/'));
    expect(exportAnnotations.some((a) => a.command === 'notice' && a.message.includes(`refreshed by ${refreshed.slice(0, 7)}`))).toBe(true);
    expect(exportAnnotations.filter((a) => a.command === 'error')).toEqual([]);
    // what the commit already did is not suggested again
    const reported = (JSON.parse(readFileSync(run.outputs['report-json']!, 'utf8')) as { findings: Array<{ message: string; edits?: unknown }> }).findings;
    expect(reported.filter((f) => f.message.includes('refreshed by')).length).toBeGreaterThan(0);
    expect(reported.filter((f) => f.message.includes('refreshed by') && f.edits !== undefined)).toEqual([]);
    process.stdout.write(`commit-back run: ${graphqlCalls(standIn).length} GraphQL, ${restCalls(standIn).length} REST call(s), ${wall} ms wall\n`);

    const again = await act({ workspace: w.checkout('feature'), payload: prPayload(refreshed, base), inputs, api: standIn.url });
    expect(again.outputs['exports-result']).toBe('skipped');
    expect(again.stdout).toContain("kit-guard's own export refresh");
    expect(tip(w.bare, 'feature')).toBe(refreshed);
    expect(graphqlCalls(standIn)).toHaveLength(1);
    // and on the refreshed commit the drift check finds nothing left (compile advice such as a built-in name clash may stay)
    expect(again.annotations.filter((a) => a.properties.title?.startsWith('export/export-') && a.command !== 'notice')).toEqual([]);
  }, 120_000);

  it('deletes the generated files of a deleted role in the commit', async () => {
    const manifest = (await import('node:fs')).readFileSync(fixturePath('kits', 'export-basic', 'wazir.manifest.yaml'), 'utf8').replace('  - planner\n', '');
    const { w, base, head, expected } = await featureWithRoleEdit({ 'roles/planner.md': null, 'wazir.manifest.yaml': manifest });
    expect(expected).toContain('D\texports/hosts/claude/.claude/agents/planner.md');
    standIn = await startStandIn({ bare: w.bare }, { head, base });
    const run = await act({ workspace: w.checkout('feature'), payload: prPayload(head, base), inputs, api: standIn.url });
    expect(standIn.violations).toEqual([]);
    expect(run.outputs['exports-result']).toBe('committed');
    expect(changedIn(w.bare, tip(w.bare, 'feature'))).toEqual(expected);
    const deletions = (graphqlCalls(standIn)[0]!.body as { variables: { input: { fileChanges: { deletions: { path: string }[] } } } }).variables.input.fileChanges.deletions;
    expect(deletions.map((d) => d.path)).toContain('exports/hosts/claude/.claude/agents/planner.md');
  }, 120_000);

  it('rebuilds on a branch that moved between check and commit, keeping the contributor commit', async () => {
    const { w, base, head } = await featureWithRoleEdit();
    let contributor = '';
    standIn = await startStandIn(
      {
        bare: w.bare,
        beforeCommit: (attempt) => {
          if (attempt !== 1) return;
          contributor = w.author.commit('docs: contributor edit while the action ran', { 'docs/guide.md': '# Guide\n\nEdited meanwhile.\n' });
          w.author.git('push', '-q', 'origin', 'feature');
        }
      },
      { head, base }
    );
    const run = await act({ workspace: w.checkout('feature'), payload: prPayload(head, base), inputs, api: standIn.url });
    expect(standIn.violations).toEqual([]);
    expect(run.outputs['exports-result']).toBe('committed');
    const refreshed = tip(w.bare, 'feature');
    expect(gitIn(w.bare, 'rev-parse', `${refreshed}^`)).toBe(contributor);
    expect(gitIn(w.bare, 'show', `${refreshed}:docs/guide.md`)).toBe('# Guide\n\nEdited meanwhile.');
    expect(graphqlCalls(standIn)).toHaveLength(2);
    expect(run.stdout).toContain('feature moved; rebuilding');
  }, 120_000);

  it('gives up after three moves with a clear report, and every contributor commit is still there', async () => {
    const { w, base, head } = await featureWithRoleEdit();
    const contributors: string[] = [];
    standIn = await startStandIn(
      {
        bare: w.bare,
        beforeCommit: (attempt) => {
          contributors.push(w.author.commit(`docs: edit ${attempt}`, { 'docs/guide.md': `# Guide\n\nEdit ${attempt}.\n` }));
          w.author.git('push', '-q', 'origin', 'feature');
        }
      },
      { head, base }
    );
    const run = await act({ workspace: w.checkout('feature'), payload: prPayload(head, base), inputs, api: standIn.url });
    expect(standIn.violations).toEqual([]);
    expect(run.outputs['exports-result']).toBe('failed');
    expect(tip(w.bare, 'feature')).toBe(contributors[2]);
    expect(gitIn(w.bare, 'log', '--format=%s', 'feature')).not.toContain('refresh host exports');
    expect(run.summary).toContain('moved 3 times');
    expect(run.annotations.some((a) => a.command === 'warning' && a.message.includes('moved 3 times'))).toBe(true);
  }, 120_000);

  it('falls back to a fast-forward git push when the GraphQL API cannot be reached', async () => {
    const { w, base, head, expected } = await featureWithRoleEdit();
    const run = await act({ workspace: w.checkout('feature'), payload: prPayload(head, base), inputs, api: 'http://127.0.0.1:9' });
    expect(run.outputs['exports-result']).toBe('committed');
    expect(run.stdout).toContain('pushing with git instead');
    const refreshed = tip(w.bare, 'feature');
    expect(gitIn(w.bare, 'rev-parse', `${refreshed}^`)).toBe(head);
    expect(changedIn(w.bare, refreshed)).toEqual(expected);
    expect(gitIn(w.bare, 'log', '-1', '--format=%B', refreshed)).toContain('Kit-Guard-Export:');
  }, 120_000);

  it('refuses to commit a build with errors: a source that fails to parse leaves the branch untouched', async () => {
    const { w, base, head } = await featureWithRoleEdit({ 'roles/planner.md': '---\nname: [planner\n---\n# planner\n' });
    standIn = await startStandIn({ bare: w.bare }, { head, base });
    const run = await act({ workspace: w.checkout('feature'), payload: prPayload(head, base), inputs, api: standIn.url });
    expect(run.outputs['exports-result']).toBe('refused');
    expect(tip(w.bare, 'feature')).toBe(head);
    expect(graphqlCalls(standIn)).toEqual([]);
    expect(gitIn(w.bare, 'ls-tree', '--name-only', '-r', head)).toContain('exports/hosts/claude/.claude/agents/planner.md');
    expect(run.summary).toContain('nothing was committed');
  }, 120_000);
});

describe('exports written by another tool', () => {
  it('are never rewritten on the action\'s own initiative: the summary says what the first build would change and how to run it', async () => {
    const { w, base, head } = await featureWithRoleEdit(plannerEdit, { foreignRecords: true });
    standIn = await startStandIn({ bare: w.bare }, { head, base });
    const run = await act({ workspace: w.checkout('feature'), payload: prPayload(head, base), inputs: { exports: 'commit' }, api: standIn.url });
    expect(standIn.violations).toEqual([]);
    expect(run.outputs['exports-result']).toBe('first-build');
    expect(tip(w.bare, 'feature')).toBe(head);
    expect(graphqlCalls(standIn)).toEqual([]);
    // export drift is not a default check for another tool's exports
    expect(run.stdout).not.toMatch(/checks: [a-z, -]*\bexport\b/);
    expect(run.summary).toContain('written by another tool');
    expect(run.summary).toContain('exports/hosts/claude/.claude/agents/planner.md');
    expect(run.summary).toContain('Run `npx kit-guard export build`');
    expect(run.summary.match(/written by another tool/g)).toHaveLength(1);
  }, 120_000);
});

describe('export commit-back on a fork pull request', () => {
  it('never pushes: the patch is in the summary, and in the summary comment where the token may comment', async () => {
    const { w, base, head } = await featureWithRoleEdit();
    standIn = await startStandIn({ bare: w.bare }, { head, base });
    // pull_request_target: the token may comment on a fork's pull request, but the branch is the fork's
    const run = await act({ workspace: w.checkout('feature'), eventName: 'pull_request_target', payload: prPayload(head, base, { fork: true }), inputs, api: standIn.url });
    expect(standIn.violations).toEqual([]);
    expect(run.outputs['exports-result']).toBe('suggested');
    expect(graphqlCalls(standIn)).toEqual([]);
    expect(restCalls(standIn)).toEqual([]);
    const comment = standIn.issueComments.find((c) => c.body.includes('#### Host exports'));
    expect(comment?.body).toContain('diff --git a/exports/hosts/claude/.claude/agents/planner.md');
    expect(tip(w.bare, 'feature')).toBe(head);
    expect(run.summary).toContain('comes from a fork');
    expect(run.summary).toContain('diff --git a/exports/hosts/claude/.claude/agents/planner.md');
    expect(run.summary).toContain('+Turn the approved spec into a plan, now with risks called out.');
  }, 120_000);
});

describe('export commit-back on release', () => {
  function pushPayload(w: World, after: string): Record<string, unknown> {
    return { ref: 'refs/heads/main', before: '0'.repeat(40), after, repository: { full_name: REPOSITORY, default_branch: 'main', name: 'Hello-World', owner: { login: 'Codertocat' } }, sender: { login: 'someone' } };
  }

  async function staleMain(): Promise<{ w: World; head: string; expected: string[] }> {
    const w = await world();
    const head = w.author.commit('feat: sharper planner', plannerEdit);
    w.author.git('push', '-q', 'origin', 'main');
    return { w, head, expected: await expectedChange(w.author) };
  }

  it('refreshes the exports on a configured release branch', async () => {
    const { w, head, expected } = await staleMain();
    standIn = await startStandIn({ bare: w.bare });
    const run = await act({ workspace: w.checkout('main'), eventName: 'push', payload: pushPayload(w, head), inputs: { ...inputs, 'release-branches': 'main' }, api: standIn.url });
    expect(standIn.violations).toEqual([]);
    expect(run.outputs['exports-result']).toBe('committed');
    expect(changedIn(w.bare, tip(w.bare, 'main'))).toEqual(expected);
  }, 120_000);

  it('refreshes the exports on the target branch of a published release (a real release payload)', async () => {
    const { w, expected } = await staleMain();
    standIn = await startStandIn({ bare: w.bare });
    const events = JSON.parse(readFileSync(path.resolve('node_modules/@octokit/webhooks-examples/api.github.com/index.json'), 'utf8')) as { name: string; examples: Record<string, unknown>[] }[];
    const release = structuredClone(events.find((e) => e.name === 'release')!.examples.find((e) => e.action === 'published')!) as { release: { target_commitish: string }; repository: { full_name: string; default_branch: string } };
    release.release.target_commitish = 'main';
    release.repository.full_name = REPOSITORY;
    const run = await act({ workspace: w.checkout('main'), eventName: 'release', payload: release as unknown as Record<string, unknown>, inputs, api: standIn.url });
    expect(standIn.violations).toEqual([]);
    expect(run.outputs['exports-result']).toBe('committed');
    expect(changedIn(w.bare, tip(w.bare, 'main'))).toEqual(expected);
  }, 120_000);

  it('refreshes the exports on the default branch when a tag is pushed (a real tag push payload), leaving the tag where it was', async () => {
    const { w, head, expected } = await staleMain();
    w.author.git('tag', 'v1.1.0', head);
    w.author.git('push', '-q', 'origin', 'v1.1.0');
    standIn = await startStandIn({ bare: w.bare });
    const events = JSON.parse(readFileSync(path.resolve('node_modules/@octokit/webhooks-examples/api.github.com/index.json'), 'utf8')) as { name: string; examples: Record<string, unknown>[] }[];
    const push = structuredClone(events.find((e) => e.name === 'push')!.examples.find((e) => String(e.ref).startsWith('refs/tags/') && e.created === true)!) as { ref: string; after: string; repository: { full_name: string; default_branch: string } };
    push.ref = 'refs/tags/v1.1.0';
    push.after = head;
    push.repository.full_name = REPOSITORY;
    push.repository.default_branch = 'main';
    // the runner checks out the tag, as actions/checkout does for a tag push
    const run = await act({ workspace: w.checkout('v1.1.0'), eventName: 'push', payload: push as unknown as Record<string, unknown>, inputs, api: standIn.url });
    expect(standIn.violations).toEqual([]);
    expect(run.outputs['exports-result']).toBe('committed');
    const refreshed = tip(w.bare, 'main');
    expect(gitIn(w.bare, 'rev-parse', `${refreshed}^`)).toBe(head);
    expect(changedIn(w.bare, refreshed)).toEqual(expected);
    expect(gitIn(w.bare, 'rev-parse', 'refs/tags/v1.1.0^{commit}')).toBe(head);
  }, 120_000);

  it('opens one pull request when the branch is protected, and updates it on the next run', async () => {
    const { w, head, expected } = await staleMain();
    standIn = await startStandIn({ bare: w.bare, protectedBranches: ['main'] });
    const options = { workspace: w.checkout('main'), eventName: 'push', payload: pushPayload(w, head), inputs: { ...inputs, 'release-branches': 'main' }, api: standIn.url };
    const run = await act(options);
    expect(standIn.violations).toEqual([]);
    expect(run.outputs['exports-result']).toBe('pull-request');
    expect(tip(w.bare, 'main')).toBe(head);
    const refresh = tip(w.bare, 'kit-guard/refresh-exports/main');
    expect(gitIn(w.bare, 'rev-parse', `${refresh}^`)).toBe(head);
    expect(changedIn(w.bare, refresh)).toEqual(expected);
    expect([...standIn.pulls.values()]).toHaveLength(1);
    expect(standIn.pulls.get(1)).toMatchObject({ headRef: 'kit-guard/refresh-exports/main', baseRef: 'main' });
    expect(standIn.pulls.get(1)?.body).toContain('exports/hosts/claude/.claude/agents/planner.md');
    process.stdout.write(`protected-branch run: ${graphqlCalls(standIn).length} GraphQL, ${restCalls(standIn).length} REST (${restCalls(standIn).map((r) => r.operationId).join(', ')})\n`);
    expect(run.summary).toContain('refuses direct commits');
    expect(run.summary).toContain('https://github.com/Codertocat/Hello-World/pull/1');

    const again = await act(options);
    expect(standIn.violations).toEqual([]);
    expect(again.outputs['exports-result']).toBe('pull-request');
    expect([...standIn.pulls.values()]).toHaveLength(1);
    expect(again.summary).toContain('the open pull request #1');
    expect(gitIn(w.bare, 'rev-parse', `${tip(w.bare, 'kit-guard/refresh-exports/main')}^`)).toBe(head);
  }, 180_000);
});
