#!/usr/bin/env node
// Export commit-back benchmark: the API calls and the wall time of one action run that
// commits a refresh, against the loopback GitHub stand-in of the tests.
//
//   npm run build && node scripts/node24.mjs --exec bench/commit-back.mjs [--runs 5]
//
// Each run: a fresh bare repository holding the export-basic fixture kit with its exports
// built, a feature branch editing one role, a clone as the runner's checkout; dist/index.js
// runs under Node 24 with `exports: commit`, then (baseline) the same state with
// `exports: check`. Prints the GraphQL and REST calls the stand-in received, the median wall
// time of both, and the commit-back phase as the action logs it. Node 24 is needed: the
// stand-in is the tests' TypeScript helper, loaded with Node's type stripping.

import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const root = path.resolve(new URL('..', import.meta.url).pathname);
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const { buildExports } = await import(path.join(root, 'lib/export/index.js'));
const { loadKit } = await import(path.join(root, 'lib/kit/load.js'));
const { GitHubStandin } = await import(path.join(root, '__tests__/helpers/github-standin.ts'));

// run through scripts/node24.mjs --exec, so this process is Node 24 and NODE24 is set
const NODE24 = process.env.NODE24 || process.execPath;
const DIST = path.join(root, 'dist/index.js');
const REPOSITORY = 'Codertocat/Hello-World';
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'B', GIT_AUTHOR_EMAIL: 'b@example.test', GIT_COMMITTER_NAME: 'B', GIT_COMMITTER_EMAIL: 'b@example.test' };
const git = (cwd, ...args) => execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

async function world() {
  const dir = mkdtempSync(path.join(tmpdir(), 'kit-guard-bench-cb-'));
  const bare = path.join(dir, 'bare.git');
  const author = path.join(dir, 'author');
  git(dir, 'init', '-q', '--bare', '-b', 'main', bare);
  cpSync(path.join(root, '__fixtures__/kits/export-basic'), author, { recursive: true });
  git(author, 'init', '-q', '-b', 'main');
  await buildExports(loadKit(author));
  git(author, 'add', '-A');
  git(author, 'commit', '-qm', 'chore: kit with exports');
  git(author, 'remote', 'add', 'origin', bare);
  git(author, 'push', '-q', 'origin', 'main');
  const base = git(author, 'rev-parse', 'HEAD');
  git(author, 'checkout', '-q', '-b', 'feature');
  writeFileSync(path.join(author, 'roles/planner.md'), '# planner\n\n## Purpose\n\nPlan, with risks called out.\n');
  git(author, 'commit', '-qam', 'feat: sharper planner');
  git(author, 'push', '-q', 'origin', 'feature');
  const head = git(author, 'rev-parse', 'HEAD');
  const checkout = path.join(dir, 'checkout');
  git(dir, 'clone', '-q', '--branch', 'feature', bare, checkout);
  return { dir, bare, base, head, checkout };
}

function payload(base, head) {
  const events = JSON.parse(readFileSync(path.join(root, 'node_modules/@octokit/webhooks-examples/api.github.com/index.json'), 'utf8'));
  const example = structuredClone(events.find((e) => e.name === 'pull_request').examples.find((e) => e.action === 'opened'));
  Object.assign(example.pull_request.base, { sha: base, ref: 'main' });
  Object.assign(example.pull_request.head, { sha: head, ref: 'feature' });
  example.pull_request.title = 'feat: sharper planner';
  example.number = 1;
  example.pull_request.number = 1;
  return example;
}

function runAction(w, apiUrl, exportsMode) {
  const runner = mkdtempSync(path.join(tmpdir(), 'kit-guard-bench-runner-'));
  const file = (name, text = '') => {
    writeFileSync(path.join(runner, name), text);
    return path.join(runner, name);
  };
  const actionEnv = {
    PATH: process.env.PATH,
    HOME: runner,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: file('event.json', JSON.stringify(payload(w.base, w.head))),
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_API_URL: apiUrl,
    GITHUB_WORKSPACE: w.checkout,
    RUNNER_TEMP: runner,
    GITHUB_OUTPUT: file('output'),
    GITHUB_STEP_SUMMARY: file('summary.md'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    INPUT_EXPORTS: exportsMode,
    'INPUT_GITHUB-TOKEN': 'ghs_benchToken',
    // the review's comments are measured by bench/action.mjs; here only the commit-back writes
    INPUT_COMMENT: 'off'
  };
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(NODE24, [DIST], { cwd: w.checkout, env: actionEnv });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('close', () => {
      const wall = performance.now() - started;
      const phase = /exports: [a-z-]+: .* \((\d+) ms\)/.exec(stdout);
      const result = /exports-result<<.*\n(.*)\n/.exec(readFileSync(actionEnv.GITHUB_OUTPUT, 'utf8'))?.[1];
      rmSync(runner, { recursive: true, force: true });
      resolve({ wall, phase: phase ? Number(phase[1]) : undefined, result });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const commit = [];
const check = [];
const phases = [];
let calls;
for (let i = 0; i < runs; i++) {
  const w = await world();
  const standIn = (await new GitHubStandin().start()).attachRepository({ bare: w.bare, fullName: REPOSITORY });
  standIn.addPull({ number: 1, title: 'feat: sharper planner', headSha: w.head, headRef: 'feature', baseSha: w.base, baseRef: 'main', commits: [], files: [] });
  const baseline = await runAction(w, standIn.url, 'check');
  const baselineCalls = standIn.requests.length;
  const measured = await runAction(w, standIn.url, 'commit');
  if (measured.result !== 'committed' || standIn.violations.length) throw new Error(`run ${i + 1}: ${measured.result}; ${standIn.violations.join('; ')}`);
  commit.push(measured.wall);
  check.push(baseline.wall);
  if (measured.phase !== undefined) phases.push(measured.phase);
  // the requests of the measured run only (the baseline's come first)
  const ofRun = standIn.requests.slice(baselineCalls);
  calls = {
    graphql: ofRun.filter((r) => r.operationId === 'graphql').length,
    rest: ofRun.filter((r) => r.operationId !== 'graphql').map((r) => r.operationId)
  };
  await standIn.stop();
  rmSync(w.dir, { recursive: true, force: true });
}
console.log(`commit-back run (export-basic kit, 5 hosts, one role edited), ${runs} runs, Node ${process.versions.node}`);
console.log(`  calls per run: ${calls.graphql} GraphQL (createCommitOnBranch), ${calls.rest.length} REST${calls.rest.length ? ` (${calls.rest.join(', ')}: the review's pull request read, comments off)` : ''}`);
console.log(`  action wall, exports: commit  median ${median(commit).toFixed(0)} ms  (min ${Math.min(...commit).toFixed(0)}, max ${Math.max(...commit).toFixed(0)})`);
console.log(`  action wall, exports: check   median ${median(check).toFixed(0)} ms  (baseline: same state, nothing written)`);
if (phases.length) console.log(`  commit-back phase as logged    median ${median(phases)} ms`);
