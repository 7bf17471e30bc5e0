#!/usr/bin/env node
// Benchmarks the full check suite against the cost of just reading the files.
//   npm run build:lib && node bench/checks.mjs [--out DIR] [--runs N] [--which large|seed|both] [--reuse]
// For each generated repository it prints, as medians of N runs (default 3):
//   read      wall time of a Node process that lists the tree and fs.readFileSync's every file
//   check     wall time of `node lib/cli/index.js check --root <dir> --base main` as its own process
//   peak RSS  of that check process (from /usr/bin/time -v, else process.resourceUsage via a preload)
//   ratio     check / read
// It imports nothing from src/: it runs the built CLI exactly as a user would.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateLarge, generateSeedSized } from './generate.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const CLI = path.join(ROOT, 'lib', 'cli', 'index.js');
const TIME = '/usr/bin/time';

function parseArgs(argv) {
  const opts = { out: undefined, runs: 3, which: 'both', reuse: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') opts.out = argv[++i];
    else if (a === '--runs') opts.runs = Number(argv[++i]);
    else if (a === '--which') opts.which = argv[++i];
    else if (a === '--reuse') opts.reuse = true;
    else throw new Error(`unknown argument ${a} (use --out DIR, --runs N, --which large|seed|both, --reuse)`);
  }
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error('--runs must be a positive integer');
  if (!['large', 'seed', 'both'].includes(opts.which)) throw new Error('--which must be large, seed or both');
  return opts;
}

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** The read baseline, run as its own Node process so it pays the same start-up cost as the CLI. */
const READ_SCRIPT = `
const fs = require('node:fs'); const path = require('node:path');
const t0 = process.hrtime.bigint(); let files = 0, bytes = 0;
const walk = (dir) => { for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
  if (e.name === '.git' || e.name === 'node_modules') continue;
  const p = path.join(dir, e.name);
  if (e.isDirectory()) walk(p); else if (e.isFile()) { bytes += fs.readFileSync(p, 'utf8').length; files++; } } };
walk(process.argv[1]);
process.stdout.write(JSON.stringify({ files, bytes, inProcessMs: Number(process.hrtime.bigint() - t0) / 1e6 }));
`;

/** Preload that reports the process's own peak RSS at exit, for machines without /usr/bin/time. */
const RSS_PROBE = `import { writeFileSync } from 'node:fs';
process.on('exit', () => { try { writeFileSync(process.env.KIT_GUARD_BENCH_RSS, String(process.resourceUsage().maxRSS)); } catch {} });
`;

function timed(command, args, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  return { ms, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function measureRead(dir) {
  const r = timed(process.execPath, ['-e', READ_SCRIPT, dir]);
  if (r.status !== 0) throw new Error(`read baseline failed: ${r.stderr}`);
  return { ms: r.ms, ...JSON.parse(r.stdout) };
}

function measureCheck(dir, scratch) {
  const args = [CLI, 'check', '--root', dir, '--base', 'main', '--format', 'json'];
  let r;
  let rssKb;
  if (existsSync(TIME)) {
    r = timed(TIME, ['-v', process.execPath, ...args]);
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
    rssKb = m ? Number(m[1]) : undefined;
  } else {
    const probe = path.join(scratch, 'rss-probe.mjs');
    const out = path.join(scratch, 'rss.txt');
    writeFileSync(probe, RSS_PROBE);
    r = timed(process.execPath, ['--import', probe, ...args], { KIT_GUARD_BENCH_RSS: out });
    rssKb = existsSync(out) ? Number(readFileSync(out, 'utf8')) : undefined;
  }
  let findings;
  try {
    const jsonStart = r.stdout.indexOf('{');
    findings = JSON.parse(r.stdout.slice(jsonStart)).findings;
  } catch {
    findings = undefined;
  }
  return { ms: r.ms, rssKb, status: r.status, findings, stderr: r.stderr };
}

function fmtMs(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r, k) => {
    const line = r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
    return k === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
  }).join('\n');
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(CLI)) {
    console.error(`The built CLI is missing (${path.relative(process.cwd(), CLI)}). Run \`npm run build:lib\` first.`);
    process.exit(2);
  }
  const out = path.resolve(opts.out ?? mkdtempSync(path.join(tmpdir(), 'kit-guard-bench-')));
  const scratch = mkdtempSync(path.join(tmpdir(), 'kit-guard-bench-scratch-'));
  const repos = [];
  if (opts.which !== 'seed') repos.push({ label: '(a) large: 10,000 Markdown', dir: path.join(out, 'large'), make: generateLarge });
  if (opts.which !== 'large') repos.push({ label: '(b) seed-sized', dir: path.join(out, 'seed'), make: generateSeedSized });

  const rows = [['repository', 'files', 'MB', 'links', 'read (process)', 'read (in-process)', 'check (process)', 'peak RSS', 'check/read']];
  let problems = 0;
  for (const repo of repos) {
    let info;
    if (opts.reuse && existsSync(path.join(repo.dir, 'wazir.manifest.yaml'))) info = { links: '?' };
    else {
      process.stderr.write(`generating ${repo.dir} ...\n`);
      info = repo.make(repo.dir);
    }
    measureRead(repo.dir); // warm the page cache so both sides read from memory
    const reads = [];
    const checks = [];
    for (let i = 0; i < opts.runs; i++) {
      reads.push(measureRead(repo.dir));
      checks.push(measureCheck(repo.dir, scratch));
    }
    const last = checks[checks.length - 1];
    if (last.status !== 0 || !last.findings || last.findings.length > 0) {
      problems++;
      const shown = (last.findings ?? []).slice(0, 5).map((f) => `  ${f.file}:${f.line}:${f.column} ${f.check}/${f.rule} ${f.message}`);
      console.error(`warning: the check on ${repo.dir} exited ${last.status} with ${last.findings ? last.findings.length : 'unreadable'} findings (the benchmark expects a clean run)\n${shown.join('\n')}${last.findings ? '' : `\n${last.stderr.slice(0, 2000)}`}`);
    }
    const read = median(reads.map((r) => r.ms));
    const readIn = median(reads.map((r) => r.inProcessMs));
    const check = median(checks.map((c) => c.ms));
    const rss = checks.every((c) => c.rssKb !== undefined) ? median(checks.map((c) => c.rssKb)) : undefined;
    rows.push([
      repo.label,
      reads[0].files,
      (reads[0].bytes / 1e6).toFixed(1),
      info.links,
      fmtMs(read),
      fmtMs(readIn),
      fmtMs(check),
      rss === undefined ? 'n/a' : `${(rss / 1024).toFixed(0)} MB`,
      `${(check / read).toFixed(2)}x`
    ]);
  }
  console.log(`kit-guard check benchmark: median of ${opts.runs} run(s), Node ${process.version}, ${existsSync(TIME) ? 'peak RSS from /usr/bin/time -v' : 'peak RSS from process.resourceUsage'}`);
  console.log(opts.out ? `repositories under ${out}` : 'repositories generated in a temporary folder (removed; use --out DIR to keep them)');
  console.log(table(rows));
  console.log('read (process): a Node process listing the tree and reading every file (start-up included), the baseline;');
  console.log('read (in-process): the same read timed inside that process; check: `kit-guard check --base main` as its own process.');
  rmSync(scratch, { recursive: true, force: true });
  if (!opts.out) rmSync(out, { recursive: true, force: true });
  if (problems) process.exitCode = 1;
}

main();
