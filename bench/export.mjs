#!/usr/bin/env node
// Export benchmark: build and check wall time for a generated kit across all five hosts.
//
//   npm run build:lib && node bench/export.mjs [--roles 500] [--workflows 500] [--hooks 100] [--runs 5]
//                                               [--layout package|native] [--dir /dev/shm] [--keep]
//
// Prints, for each phase, the median of the runs, plus peak RSS. The baseline is the time
// to just read every source file of the kit; the ratios say how much work the export adds.
// Imports the built library (lib/), so it measures what users run.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const lib = new URL('../lib/', import.meta.url);
let exportsApi;
let kitApi;
try {
  exportsApi = await import(new URL('export/index.js', lib).href);
  kitApi = await import(new URL('kit/load.js', lib).href);
} catch (error) {
  console.error(`lib/ is missing or stale: run \`npm run build:lib\` first (${error.message})`);
  process.exit(2);
}
const { buildExports, checkExports, compileKit } = exportsApi;
const { loadKit } = kitApi;

const { values } = parseArgs({
  options: {
    roles: { type: 'string', default: '500' },
    workflows: { type: 'string', default: '500' },
    hooks: { type: 'string', default: '100' },
    runs: { type: 'string', default: '5' },
    layout: { type: 'string', default: 'package' },
    keep: { type: 'boolean', default: false },
    dir: { type: 'string', default: tmpdir() }
  }
});
const counts = { roles: Number(values.roles), workflows: Number(values.workflows), hooks: Number(values.hooks) };
const runs = Number(values.runs);
const HOSTS = ['claude', 'codex', 'gemini', 'cursor', 'copilot'];
const TRIGGERS = ['session_start', 'pre_tool_capture_route', 'post_tool_capture', 'pre_compact_summary', 'stop_handoff_harvest', 'protected_path_write_guard', 'loop_cap_guard'];

/** Writes the generated kit; returns the list of source files (repository-relative). */
function generateKit(root) {
  const sources = [];
  const write = (rel, text) => {
    const abs = path.join(root, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    sources.push(rel);
  };
  const pad = (i) => String(i).padStart(4, '0');
  const roles = Array.from({ length: counts.roles }, (_, i) => `role_${pad(i)}`);
  const workflows = Array.from({ length: counts.workflows }, (_, i) => `flow_${pad(i)}`);
  const hooks = Array.from({ length: counts.hooks }, (_, i) => `hook_${pad(i)}`);

  for (const id of roles) {
    write(
      `roles/${id}.md`,
      `# ${id}\n\n## Purpose\n\nReview work item ${id} against its spec and report concrete problems with their location.\n\n` +
        `## Inputs\n\n- the change under review\n- the spec it claims to satisfy\n\n## Allowed Tools\n\n- reading files and diffs\n- running tests\n\n` +
        `## Required Outputs\n\n- findings ordered by severity\n- a verdict\n\n## Failure Conditions\n\n- approving without reading the tests\n`
    );
  }
  for (const id of workflows) {
    write(
      `workflows/${id.replace(/_/g, '-')}.md`,
      `# ${id}\n\n## Purpose\n\nRun step ${id} of the delivery pipeline and hand its artifact to the next step.\n\n` +
        `## Inputs\n\n- the approved spec\n\n## Primary Role\n\n- \`${roles[0] ?? 'none'}\`\n\n## Outputs\n\n- one artifact\n\n## Approval Gate\n\n- the reviewer approves\n`
    );
  }
  hooks.forEach((id, i) => {
    write(
      `hooks/definitions/${id}.yaml`,
      `id: ${id}\ntrigger: ${TRIGGERS[i % TRIGGERS.length]}\ndescription: Generated hook ${id}.\ninput_contract:\n  required:\n    - tool_name\n` +
        `allowed_side_effects:\n  - read_manifest\noutput_contract:\n  produces:\n    - decision\nfailure_behavior:\n  mode: warn\n` +
        `host_fallback:\n${HOSTS.map((h) => `  ${h}: native_hook`).join('\n')}\n`
    );
  });
  const list = (name, items) => `${name}:\n${items.map((x) => `  - ${x}`).join('\n')}\n`;
  write(
    'wazir.manifest.yaml',
    `manifest_version: 2\nproject:\n  name: bench\n  display_name: Bench Kit\n  version: 1.0.0\n  description: A generated kit for the export benchmark.\n  license: MIT\n` +
      `paths:\n  roles: roles\n  workflows: workflows\n  skills: skills\n  hooks: hooks\n  exports: exports\n` +
      list('hosts', HOSTS) +
      list('export_targets', HOSTS) +
      list('roles', roles) +
      list('workflows', workflows) +
      list('phases', workflows.slice(0, 3)) +
      list('required_hooks', hooks)
  );
  if (values.layout === 'native') write('.kit-guard.yaml', 'exports:\n  layout: native\n');
  return sources;
}

function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function time(fn) {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

const root = mkdtempSync(path.join(values.dir, 'kit-guard-bench-'));
try {
  const sources = generateKit(root);
  const baseline = [];
  const fresh = [];
  const rebuild = [];
  const check = [];
  const compileOnly = [];
  const writeBaseline = [];
  let outputs = [];
  let written = 0;
  let files = 0;
  for (let i = 0; i < runs; i++) {
    // baseline: only read every source file once
    baseline.push((await time(() => { for (const rel of sources) readFileSync(path.join(root, rel), 'utf8'); })).ms);

    // fresh build: no exports on disk (load + compile + write everything)
    rmSync(path.join(root, 'exports'), { recursive: true, force: true });
    if (values.layout === 'native') for (const dir of ['.claude', '.codex', '.gemini', '.cursor', '.github', '.agents', 'AGENTS.md', 'CLAUDE.md', 'GEMINI.md']) rmSync(path.join(root, dir), { recursive: true, force: true });
    const built = await time(() => buildExports(loadKit(root)));
    if (!built.value.ok) throw new Error(`build failed: ${JSON.stringify(built.value.findings.filter((f) => f.severity === 'error').slice(0, 3))}`);
    fresh.push(built.ms);
    written = built.value.written.length;

    // baseline for the fresh build: write the same files with no logic at all (the disk's share)
    if (outputs.length === 0) outputs = built.value.written.map((rel) => [rel, readFileSync(path.join(root, rel))]);
    const scratch = path.join(root, '..', `${path.basename(root)}-write-baseline`);
    rmSync(scratch, { recursive: true, force: true });
    writeBaseline.push((await time(() => { for (const [rel, bytes] of outputs) { const abs = path.join(scratch, rel); mkdirSync(path.dirname(abs), { recursive: true }); writeFileSync(abs, bytes); } })).ms);
    rmSync(scratch, { recursive: true, force: true });

    // the pure part: load and compile every host, nothing written or compared
    compileOnly.push((await time(() => compileKit(loadKit(root)))).ms);

    // rebuild with nothing changed (load + compile + compare; writes nothing)
    const again = await time(() => buildExports(loadKit(root)));
    if (again.value.written.length !== 0) throw new Error('a second build wrote files: the build is not deterministic');
    rebuild.push(again.ms);

    const checked = await time(() => checkExports(loadKit(root)));
    if (!checked.value.upToDate) throw new Error(`check after build is not clean: ${JSON.stringify(checked.value.findings.filter((f) => f.rule.startsWith('export-')).slice(0, 3))}`);
    check.push(checked.ms);
    files = checked.value.hosts.reduce((n, h) => n + h.added.length + h.changed.length, 0);
  }

  const base = median(baseline);
  const row = (name, xs) => `${name.padEnd(30)} ${median(xs).toFixed(1).padStart(9)} ms   x${(median(xs) / base).toFixed(0).padStart(5)} baseline   (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`;
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(`kit-guard export benchmark (node ${process.version}, ${values.layout} layout, kit in ${values.dir})`);
  console.log(`kit: ${counts.roles} roles, ${counts.workflows} workflows, ${counts.hooks} hooks (${sources.length} source files); hosts: ${HOSTS.join(', ')}`);
  console.log(`files written by a fresh build: ${written} (records included); median of ${runs} runs`);
  console.log(row('baseline: read every source', baseline));
  console.log(row('baseline: write the same files', writeBaseline));
  console.log(row('compile only (load + compile)', compileOnly));
  console.log(row('build (fresh, writes all)', fresh));
  console.log(`fresh build / plain write of the same files: ${(median(fresh) / median(writeBaseline)).toFixed(2)}x; fresh build minus that write: ${(median(fresh) - median(writeBaseline)).toFixed(0)} ms`);
  console.log(row('build (nothing changed)', rebuild));
  console.log(row('check (up to date)', check));
  console.log(`peak RSS: ${rss.toFixed(0)} MB`);
  console.log(`goal: fresh build under 1000 ms -> ${median(fresh) < 1000 ? 'met' : 'NOT met'}`);
  void files;
} finally {
  if (!values.keep) rmSync(root, { recursive: true, force: true });
  else console.log(`kit kept in ${root}`);
}
