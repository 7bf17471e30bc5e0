#!/usr/bin/env node
// Benchmarks the action on a typical pull request against the CLI on the same tree.
//   npm run build && node scripts/node24.mjs --exec bench/action.mjs [--runs N]
// (Node 24: it loads the loopback GitHub stand-in from __tests__/helpers/ with type stripping.)
//
// The pull request: 100 changed Markdown files, 30 broken links, 20 of them on changed lines.
// For each of N runs (default 5) it times, as separate processes on Node 24:
//   cli     node lib/cli/index.js check doc-truth commits --root <repo> --base main --head <head> --format json
//   offline node dist/index.js without a token (annotations, job summary, report files; no API)
//   action  node dist/index.js with the runner's environment, a token and GITHUB_API_URL at the
//           stand-in (so API latency is ~0: the figure is the action's own time)
// and counts the REST requests the action made. It prints the medians, action − cli and
// action / cli (the CLI is the baseline, measured in the same run), the median of the paired
// differences (robust to load drifting on a shared machine), and the calls per run.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// run under Node 24 (scripts/node24.mjs --exec sets NODE24): the action's runtime, and the one that strips types
const NODE24 = process.env.NODE24 || process.execPath;
if (Number(process.versions.node.split('.')[0]) < 24) throw new Error('run this under Node 24: node scripts/node24.mjs --exec bench/action.mjs');
const { GitHubStandin } = await import(path.join(ROOT, '__tests__/helpers/github-standin.ts'));

const runs = (() => {
  const i = process.argv.indexOf('--runs');
  const n = i >= 0 ? Number(process.argv[i + 1]) : 5;
  if (!Number.isInteger(n) || n < 1) throw new Error('--runs must be a positive integer');
  return n;
})();

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.test', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.test', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

/** A repository whose `feat/docs` branch changes 100 files; 30 broken links, 20 on changed lines. */
function generate(dir) {
  const git = (...args) => execFileSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  const body = (i, extra) => {
    const lines = [`# Page ${i}`, ''];
    if (i < 10) lines.push(`See [the missing page](missing-old-${i}.md).`, ''); // 10 findings off the diff's lines
    for (let p = 0; p < 30; p++) lines.push(`Paragraph ${p} of page ${i}, linking [the index](../README.md).`, '');
    return [...lines, ...extra].join('\n');
  };
  mkdirSync(path.join(dir, 'docs'));
  writeFileSync(path.join(dir, 'README.md'), '# Bench kit\n');
  for (let i = 0; i < 100; i++) writeFileSync(path.join(dir, 'docs', `page-${i}.md`), body(i, []));
  git('add', '-A');
  git('commit', '-q', '-m', 'docs: the pages');
  const base = git('rev-parse', 'HEAD');
  git('checkout', '-q', '-b', 'feat/docs');
  for (let i = 0; i < 100; i++) {
    const added = i < 20 ? [`New: [a page that is not there](missing-new-${i}.md).`, ''] : [`New paragraph on page ${i}.`, ''];
    writeFileSync(path.join(dir, 'docs', `page-${i}.md`), body(i, added));
  }
  git('add', '-A');
  git('commit', '-q', '-m', 'docs: extend every page');
  const head = git('rev-parse', 'HEAD');
  const files = [];
  for (let i = 0; i < 100; i++) {
    const filename = `docs/page-${i}.md`;
    const diff = git('diff', '-U3', base, head, '--', filename);
    files.push({ filename, status: 'modified', patch: diff.slice(diff.indexOf('\n@@') + 1) });
  }
  return { base, head, files };
}

function payload(base, head) {
  const events = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/@octokit/webhooks-examples/api.github.com/index.json'), 'utf8'));
  const p = structuredClone(events.find((e) => e.name === 'pull_request').examples.find((e) => e.action === 'opened'));
  Object.assign(p.pull_request, { number: 1, title: 'docs: extend every page' });
  Object.assign(p.pull_request.base, { sha: base, ref: 'main' });
  Object.assign(p.pull_request.head, { sha: head, ref: 'feat/docs' });
  p.number = 1;
  return p;
}

function actionEnv(dir, scratch, api, event) {
  const meta = parseYaml(readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
  const file = (name) => {
    const f = path.join(scratch, name);
    writeFileSync(f, '');
    return f;
  };
  writeFileSync(path.join(scratch, 'event.json'), JSON.stringify(event));
  const env = {
    PATH: process.env.PATH,
    HOME: scratch,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: path.join(scratch, 'event.json'),
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: api,
    GITHUB_WORKSPACE: dir,
    GITHUB_RUN_ID: '1',
    RUNNER_TEMP: scratch,
    GITHUB_OUTPUT: file('output'),
    GITHUB_STEP_SUMMARY: file('summary.md')
  };
  for (const [name, spec] of Object.entries(meta.inputs)) env[`INPUT_${name.toUpperCase()}`] = String(spec.default ?? '').replace('${{ github.token }}', 'ghs_bench');
  env.INPUT_CHECKS = 'doc-truth, commits';
  return env;
}

function timed(args, options) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(NODE24, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// spawnSync would block the stand-in served from this process: run the action asynchronously.
function timedAsync(args, options) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    import('node:child_process').then(({ spawn }) => {
      const child = spawn(NODE24, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.resume();
      child.on('close', (status) => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, status, stdout }));
    });
  });
}

const dir = mkdtempSync(path.join(tmpdir(), 'kit-guard-bench-action-'));
const api = await new GitHubStandin().start();
try {
  const { base, head, files } = generate(dir);
  api.addPull({ number: 1, title: 'docs: extend every page', headSha: head, headRef: 'feat/docs', baseSha: base, baseRef: 'main', commits: [{ sha: head, message: 'docs: extend every page', parents: [base] }], files });
  const event = payload(base, head);
  const cli = [];
  const offline = [];
  const action = [];
  const calls = [];
  let findings;
  for (let i = 0; i < runs; i++) {
    const c = timed([path.join(ROOT, 'lib/cli/index.js'), 'check', 'doc-truth', 'commits', '--root', dir, '--base', base, '--head', head, '--format', 'json'], { cwd: dir });
    if (c.status !== 1) throw new Error(`the CLI should report the 30 findings (exit 1), got ${c.status}: ${c.stderr}`);
    findings = JSON.parse(c.stdout).findings.length;
    cli.push(c.ms);
    const scratch = mkdtempSync(path.join(tmpdir(), 'kit-guard-bench-runner-'));
    const o = await timedAsync([path.join(ROOT, 'dist/index.js')], { cwd: dir, env: { ...actionEnv(dir, scratch, api.url, event), 'INPUT_GITHUB-TOKEN': '' } });
    if (o.status !== 1) throw new Error(`the action without a token should fail on the findings (exit 1), got ${o.status}`);
    offline.push(o.ms);
    const before = api.requests.length;
    const a = await timedAsync([path.join(ROOT, 'dist/index.js')], { cwd: dir, env: actionEnv(dir, scratch, api.url, event) });
    if (a.status !== 1) throw new Error(`the action should fail on the findings (exit 1), got ${a.status}:\n${a.stdout.slice(-2000)}`);
    action.push(a.ms);
    calls.push(api.requests.length - before);
    rmSync(scratch, { recursive: true, force: true });
  }
  if (api.violations.length) throw new Error(`requests outside the REST API spec: ${api.violations.join('\n')}`);
  const inline = api.reviewComments.length;
  const cliMs = median(cli);
  const actionMs = median(action);
  console.log(`typical pull request: 100 changed files, ${findings} findings (${inline} inline on changed lines), ${runs} runs, Node ${execFileSync(NODE24, ['--version'], { encoding: 'utf8' }).trim()}`);
  console.log('');
  console.log('| what | median | runs (ms) |');
  console.log('| --- | --- | --- |');
  console.log(`| CLI (baseline) | ${cliMs.toFixed(0)} ms | ${cli.map((m) => m.toFixed(0)).join(', ')} |`);
  console.log(`| action, no token (no API) | ${median(offline).toFixed(0)} ms | ${offline.map((m) => m.toFixed(0)).join(', ')} |`);
  console.log(`| action | ${actionMs.toFixed(0)} ms | ${action.map((m) => m.toFixed(0)).join(', ')} |`);
  const paired = action.map((a, i) => a - cli[i]);
  console.log(`| action − CLI (medians) | ${(actionMs - cliMs).toFixed(0)} ms | goal ≤ 300 ms |`);
  console.log(`| action − CLI (median of each run's pair) | ${median(paired).toFixed(0)} ms | ${paired.map((m) => m.toFixed(0)).join(', ')} |`);
  console.log(`| action / CLI | ${(actionMs / cliMs).toFixed(2)} | |`);
  console.log('');
  console.log(`REST calls per run: first run ${calls[0]}, re-runs ${calls.slice(1).join(', ') || '-'} (goal ≤ 10)`);
  const byOp = new Map();
  for (const r of api.requests) byOp.set(r.operationId, (byOp.get(r.operationId) ?? 0) + 1);
  console.log(`calls by operation over all runs: ${[...byOp].map(([k, v]) => `${k} ${v}`).join(', ')}`);
} finally {
  await api.stop();
  rmSync(dir, { recursive: true, force: true });
}
