import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { exportCheck } from '../../src/export/check.js';
import { buildExports, checkExports, compileKit } from '../../src/export/index.js';
import { loadKit } from '../../src/kit/load.js';
import type { Finding } from '../../src/model/finding.js';
import { cleanupFolders, fixturePath, makeFolder } from '../helpers/folder.js';
import { failingWriter, scratchLeft, snapshot } from './writer-helpers.js';

afterAll(() => cleanupFolders());

/** The seed-shaped kit (four roles, four workflows, seven hooks, three skills, its own AGENTS.md). */
/** The seed fixture, exporting its own AGENTS.md as the instructions so role edits change only the role's files. */
const seedRepo = (files: Record<string, string | null> = {}) =>
  makeFolder({ fixture: fixturePath('kits', 'seed'), files: { '.kit-guard.yaml': 'exports:\n  instructions: AGENTS.md\n', ...files } });
const drift = (findings: readonly Finding[]): Finding[] => findings.filter((f) => f.rule.startsWith('export-') && f.severity !== 'notice');
const exportsOf = (dir: string): Map<string, string> => new Map([...snapshot(dir)].filter(([p]) => p.startsWith('exports/')));

/** Repository paths of every generated file (package layout) whose sources include `source`, per host. */
function filesFrom(root: string, source: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const compilation of compileKit(loadKit(root))) {
    out.set(
      compilation.host,
      compilation.files.filter((f) => f.sources.includes(source)).map((f) => `exports/hosts/${compilation.host}/${f.path}`)
    );
  }
  return out;
}

describe('buildExports on a real kit', () => {
  it('builds every export target, and a second build (or a build elsewhere) gives identical bytes', async () => {
    const repo = seedRepo();
    const first = await buildExports(loadKit(repo.dir));
    expect(first.ok).toBe(true);
    expect(first.hosts.map((h) => [h.host, h.status])).toEqual([
      ['claude', 'written'],
      ['codex', 'written'],
      ['gemini', 'written'],
      ['cursor', 'written']
    ]);
    const once = exportsOf(repo.dir);
    expect([...once.keys()]).toContain('exports/hosts/claude/.claude/agents/reviewer.md');
    expect([...once.keys()]).toContain('exports/hosts/codex/export.manifest.json');

    const second = await buildExports(loadKit(repo.dir));
    expect(second.hosts.every((h) => h.status === 'unchanged')).toBe(true);
    expect(exportsOf(repo.dir)).toEqual(once);

    // from scratch in another folder: the same bytes for every file
    const elsewhere = seedRepo();
    await buildExports(loadKit(elsewhere.dir));
    expect(exportsOf(elsewhere.dir)).toEqual(once);
    repo.write({ exports: null });
    await buildExports(loadKit(repo.dir));
    expect(exportsOf(repo.dir)).toEqual(once);

    const check = await checkExports(loadKit(repo.dir));
    expect(drift(check.findings)).toEqual([]);
    expect(check.upToDate).toBe(true);
  });

  it('keeps the previous exports intact when a build is interrupted midway, with no scratch left', async () => {
    const repo = seedRepo();
    await buildExports(loadKit(repo.dir));
    repo.write({ 'roles/reviewer.md': `${readFileSync(path.join(repo.dir, 'roles/reviewer.md'), 'utf8')}\nAlways name the file and line.\n` });
    const before = snapshot(repo.dir);

    // fail on the 5th file written for codex: claude is done by then, codex is half staged
    const failing = failingWriter('writeFile', 5, ([abs]) => (abs ?? '').includes(`${path.sep}.codex.kit-guard-stage-`));
    const result = await buildExports(loadKit(repo.dir), { write: failing.writer });
    expect(failing.failed()).toBe(true);
    expect(result.ok).toBe(false);
    expect(result.hosts.map((h) => [h.host, h.status])).toEqual([
      ['claude', 'written'],
      ['codex', 'failed'],
      ['gemini', 'written'],
      ['cursor', 'written']
    ]);
    expect(result.findings).toContainEqual(expect.objectContaining({ rule: 'export-write-failed', file: 'exports/hosts/codex' }));
    const after = snapshot(repo.dir);
    const codexBefore = [...before].filter(([p]) => p.startsWith('exports/hosts/codex/'));
    const codexAfter = [...after].filter(([p]) => p.startsWith('exports/hosts/codex/'));
    expect(codexAfter).toEqual(codexBefore);
    expect(after.get('exports/hosts/claude/.claude/agents/reviewer.md')).not.toEqual(before.get('exports/hosts/claude/.claude/agents/reviewer.md'));
    expect(scratchLeft(repo.dir)).toEqual([]);

    // the check now names codex's reviewer file as stale, and only codex's
    const check = await checkExports(loadKit(repo.dir));
    expect(drift(check.findings).map((f) => [f.rule, f.file])).toEqual([['export-stale', 'exports/hosts/codex/.codex/agents/reviewer.toml']]);
  });

  it('removes a removed role’s generated files in every host and keeps a hand-made file beside them', async () => {
    const repo = seedRepo();
    await buildExports(loadKit(repo.dir));
    const reviewerFiles = [...filesFrom(repo.dir, 'roles/reviewer.md').values()].flat();
    expect(reviewerFiles.length).toBeGreaterThanOrEqual(4);
    for (const file of reviewerFiles) expect(existsSync(path.join(repo.dir, file))).toBe(true);
    repo.write({ 'exports/hosts/claude/.claude/agents/my-notes.md': '# Notes I keep here\n' });

    const manifest = readFileSync(path.join(repo.dir, 'wazir.manifest.yaml'), 'utf8');
    expect(manifest).toContain('  - reviewer\n');
    repo.write({ 'wazir.manifest.yaml': manifest.replace('  - reviewer\n', '') });

    const pending = await checkExports(loadKit(repo.dir));
    expect(drift(pending.findings).filter((f) => f.rule === 'export-file-orphaned').map((f) => f.file).sort()).toEqual([...reviewerFiles].sort());

    const result = await buildExports(loadKit(repo.dir));
    expect(result.ok).toBe(true);
    expect([...result.removed].sort()).toEqual([...reviewerFiles].sort());
    for (const file of reviewerFiles) expect(existsSync(path.join(repo.dir, file))).toBe(false);
    expect(readFileSync(path.join(repo.dir, 'exports/hosts/claude/.claude/agents/my-notes.md'), 'utf8')).toBe('# Notes I keep here\n');
    expect(result.findings).toContainEqual(expect.objectContaining({ rule: 'export-foreign-file', severity: 'notice', file: 'exports/hosts/claude/.claude/agents/my-notes.md' }));
  });

  it('after one role’s source is edited, the check names each host’s affected files as stale and nothing else', async () => {
    const repo = seedRepo();
    await buildExports(loadKit(repo.dir));
    const role = path.join(repo.dir, 'roles/planner.md');
    repo.write({ 'roles/planner.md': `${readFileSync(role, 'utf8')}\n## Extra rule\n\nPlans name their tests.\n` });

    const expected = filesFrom(repo.dir, 'roles/planner.md');
    const result = await checkExports(loadKit(repo.dir));
    const found = drift(result.findings);
    expect(found.every((f) => f.rule === 'export-stale')).toBe(true);
    expect(found.map((f) => f.file).sort()).toEqual([...expected.values()].flat().sort());
    for (const host of ['claude', 'codex', 'gemini', 'cursor']) {
      expect(found.some((f) => f.file?.startsWith(`exports/hosts/${host}/`))).toBe(true);
      expect(found.find((f) => f.file?.startsWith(`exports/hosts/${host}/`))?.message).toContain('roles/planner.md changed since the last');
    }
    expect(result.upToDate).toBe(false);
  });

  it('after one generated file is edited by hand, the check names exactly that file as hand-edited', async () => {
    const repo = seedRepo();
    await buildExports(loadKit(repo.dir));
    const target = 'exports/hosts/gemini/.gemini/agents/executor.md';
    repo.write({ [target]: `${readFileSync(path.join(repo.dir, target), 'utf8')}\nA local tweak.\n` });

    const result = await checkExports(loadKit(repo.dir));
    expect(drift(result.findings)).toEqual([
      expect.objectContaining({
        check: 'export',
        rule: 'export-hand-edited',
        severity: 'error',
        file: target,
        fix: `Move the change into the source file roles/executor.md and run \`kit-guard export build\`, or delete ${target} and run \`kit-guard export build\` to regenerate it.`
      })
    ]);

    // the exports check for the runner reports the same
    const viaRunner = await exportCheck.run({ kit: loadKit(repo.dir), change: {} });
    expect(exportCheck.id).toBe('export');
    expect(drift(viaRunner).map((f) => [f.rule, f.file])).toEqual([['export-hand-edited', target]]);
  });

  it('builds only the requested hosts and reports an unknown one', async () => {
    const repo = seedRepo();
    const result = await buildExports(loadKit(repo.dir), { hosts: ['codex', 'vim'] });
    expect(result.hosts.map((h) => h.host)).toEqual(['codex']);
    expect(result.ok).toBe(false);
    expect(result.findings).toContainEqual(expect.objectContaining({ rule: 'unknown-host', severity: 'error', message: expect.stringContaining('"vim"') }));
    expect(existsSync(path.join(repo.dir, 'exports/hosts/claude'))).toBe(false);
    expect(existsSync(path.join(repo.dir, 'exports/hosts/codex/AGENTS.md'))).toBe(true);
  });
});

describe('buildExports in the native layout', () => {
  const NATIVE = { '.kit-guard.yaml': 'exports:\n  layout: native\n  hosts: [claude, codex, cursor, copilot]\n' };

  it('writes one AGENTS.md shared by several hosts, owned by all of them, and builds identically twice', async () => {
    // without the kit's own AGENTS.md the instructions are generated, so AGENTS.md is a generated file
    const repo = seedRepo({ ...NATIVE, 'AGENTS.md': null });
    const first = await buildExports(loadKit(repo.dir));
    expect(drift(first.findings)).toEqual([]);
    expect(first.hosts.map((h) => h.status)).toEqual(['written', 'written', 'written', 'written']);
    expect(first.written.filter((p) => p === 'AGENTS.md')).toEqual(['AGENTS.md']);
    const agents = readFileSync(path.join(repo.dir, 'AGENTS.md'), 'utf8');
    expect(agents.length).toBeGreaterThan(0);
    for (const host of ['claude', 'codex', 'cursor', 'copilot']) {
      const pkg = JSON.parse(readFileSync(path.join(repo.dir, `exports/hosts/${host}/host-package.json`), 'utf8'));
      expect(pkg.layout).toBe('native');
      expect(pkg.files).toContain('AGENTS.md');
    }
    expect(existsSync(path.join(repo.dir, '.claude/agents/reviewer.md'))).toBe(true);
    expect(existsSync(path.join(repo.dir, '.github/agents/reviewer.agent.md'))).toBe(true);

    const once = snapshot(repo.dir);
    const second = await buildExports(loadKit(repo.dir));
    expect(second.hosts.every((h) => h.status === 'unchanged')).toBe(true);
    expect(snapshot(repo.dir)).toEqual(once);
    expect(drift((await checkExports(loadKit(repo.dir))).findings)).toEqual([]);

    // a hand edit of the shared file is named once per host that generates it
    repo.write({ 'AGENTS.md': `${agents}\nLocal addition.\n` });
    const check = await checkExports(loadKit(repo.dir));
    expect(drift(check.findings).map((f) => [f.rule, f.file])).toEqual([['export-hand-edited', 'AGENTS.md']]);
    expect(drift(check.findings)[0]?.message).toContain('(the codex, cursor, copilot exports share this file)');
    expect(check.hosts.filter((h) => !h.upToDate).map((h) => h.host)).toEqual(['claude', 'codex', 'cursor', 'copilot']);
  });

  it('adopts the kit’s own AGENTS.md (a source) and never removes it', async () => {
    const repo = seedRepo(NATIVE);
    const own = readFileSync(path.join(repo.dir, 'AGENTS.md'), 'utf8');
    const result = await buildExports(loadKit(repo.dir));
    expect(drift(result.findings)).toEqual([]);
    expect(readFileSync(path.join(repo.dir, 'AGENTS.md'), 'utf8')).toBe(own);
    expect(result.written).not.toContain('AGENTS.md');

    // no host exports any more: every generated file goes, the source stays
    repo.write({ '.kit-guard.yaml': 'exports:\n  layout: native\n  hosts: []\n' });
    const none = await buildExports(loadKit(repo.dir), { hosts: ['claude', 'codex', 'cursor', 'copilot'] });
    expect(none.ok).toBe(true);
    expect(existsSync(path.join(repo.dir, 'AGENTS.md'))).toBe(true);
  });
});
