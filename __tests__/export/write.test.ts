import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sha256 } from '../../src/export/record.js';
import { writeExports } from '../../src/export/write.js';
import { loadKit } from '../../src/kit/load.js';
import { cleanupFolders, makeFolder } from '../helpers/folder.js';
import { compiled, failingWriter, scratchLeft, snapshot } from './writer-helpers.js';

afterAll(() => cleanupFolders());

const MANIFEST = 'manifest_version: 2\nproject:\n  name: demo\n';
const NATIVE_CONFIG = 'exports:\n  layout: native\n';

function kitRepo(extra: Record<string, string> = {}) {
  return makeFolder({ files: { 'wazir.manifest.yaml': MANIFEST, 'roles/a.md': '# A\n', 'roles/b.md': '# B\n', ...extra } });
}

const read = (dir: string, rel: string): string => readFileSync(path.join(dir, rel), 'utf8');

describe('writeExports: package layout', () => {
  it('writes the files and the record under exports/hosts/<host>, and a second write changes nothing', async () => {
    const repo = kitRepo();
    const compilation = compiled('claude', { '.claude/agents/a.md': 'agent a\n', 'CLAUDE.md': '@AGENTS.md\n' }, { '.claude/agents/a.md': ['roles/a.md'] });

    const first = await writeExports(loadKit(repo.dir), [compilation]);
    expect(first.ok).toBe(true);
    expect(first.hosts[0]?.status).toBe('written');
    expect(first.written).toEqual([
      'exports/hosts/claude/.claude/agents/a.md',
      'exports/hosts/claude/CLAUDE.md',
      'exports/hosts/claude/export.manifest.json',
      'exports/hosts/claude/host-package.json'
    ]);
    expect(read(repo.dir, 'exports/hosts/claude/.claude/agents/a.md')).toBe('agent a\n');
    const pkg = JSON.parse(read(repo.dir, 'exports/hosts/claude/host-package.json'));
    expect(pkg).toEqual({ files: ['.claude/agents/a.md', 'CLAUDE.md'], host: 'claude', layout: 'package', sources: ['roles/a.md'] });
    const manifest = JSON.parse(read(repo.dir, 'exports/hosts/claude/export.manifest.json'));
    expect(manifest.source_hashes).toEqual({ 'roles/a.md': sha256('# A\n') });
    expect(manifest.files['.claude/agents/a.md']).toBe(sha256('agent a\n'));

    const before = snapshot(repo.dir);
    const second = await writeExports(loadKit(repo.dir), [compilation]);
    expect(second.hosts[0]?.status).toBe('unchanged');
    expect(second.written).toEqual([]);
    expect(snapshot(repo.dir)).toEqual(before);
    expect(scratchLeft(repo.dir)).toEqual([]);
  });

  it('removes stale files it generated and keeps, carries over and reports a hand-made file beside them', async () => {
    const repo = kitRepo();
    await writeExports(loadKit(repo.dir), [compiled('claude', { '.claude/agents/a.md': 'a\n', '.claude/agents/b.md': 'b\n', 'old/only.md': 'o\n' })]);
    repo.write({ 'exports/hosts/claude/.claude/agents/notes.md': 'my own notes\n' });

    const result = await writeExports(loadKit(repo.dir), [compiled('claude', { '.claude/agents/a.md': 'a\n' })]);
    expect(result.hosts[0]?.status).toBe('written');
    expect(result.removed).toEqual(['exports/hosts/claude/.claude/agents/b.md', 'exports/hosts/claude/old/only.md']);
    expect(existsSync(path.join(repo.dir, 'exports/hosts/claude/.claude/agents/b.md'))).toBe(false);
    expect(existsSync(path.join(repo.dir, 'exports/hosts/claude/old'))).toBe(false);
    expect(read(repo.dir, 'exports/hosts/claude/.claude/agents/notes.md')).toBe('my own notes\n');
    expect(result.hosts[0]?.foreign).toEqual(['exports/hosts/claude/.claude/agents/notes.md']);
    expect(result.findings.filter((f) => f.rule === 'export-foreign-file')).toEqual([
      expect.objectContaining({ check: 'export', severity: 'notice', file: 'exports/hosts/claude/.claude/agents/notes.md' })
    ]);
    expect(JSON.parse(read(repo.dir, 'exports/hosts/claude/host-package.json')).files).toEqual(['.claude/agents/a.md']);
  });

  it('leaves a stale generated file that was edited since in place, and says so', async () => {
    const repo = kitRepo();
    await writeExports(loadKit(repo.dir), [compiled('codex', { 'AGENTS.md': 'x\n', 'extra.md': 'generated\n' })]);
    repo.write({ 'exports/hosts/codex/extra.md': 'generated, then edited\n' });

    const result = await writeExports(loadKit(repo.dir), [compiled('codex', { 'AGENTS.md': 'x\n' })]);
    expect(result.hosts[0]?.kept).toEqual(['exports/hosts/codex/extra.md']);
    expect(result.removed).toEqual([]);
    expect(read(repo.dir, 'exports/hosts/codex/extra.md')).toBe('generated, then edited\n');
    expect(result.findings).toContainEqual(expect.objectContaining({ rule: 'export-file-orphaned', file: 'exports/hosts/codex/extra.md', severity: 'error' }));
  });

  it('restores the previous export when a write fails while staging, leaving no scratch behind', async () => {
    const repo = kitRepo();
    await writeExports(loadKit(repo.dir), [compiled('claude', { '.claude/agents/a.md': 'a\n', '.claude/agents/b.md': 'b\n' })]);
    repo.write({ 'exports/hosts/claude/mine.txt': 'hand-made\n' });
    const before = snapshot(repo.dir);

    const failing = failingWriter('writeFile', 3);
    const result = await writeExports(loadKit(repo.dir), [compiled('claude', { '.claude/agents/a.md': 'a2\n', '.claude/agents/c.md': 'c\n' })], failing.writer);
    expect(failing.failed()).toBe(true);
    expect(result.ok).toBe(false);
    expect(result.hosts[0]?.status).toBe('failed');
    expect(result.findings).toContainEqual(
      expect.objectContaining({ rule: 'export-write-failed', severity: 'error', file: 'exports/hosts/claude', message: expect.stringContaining('the previous export was restored') })
    );
    expect(snapshot(repo.dir)).toEqual(before);
    expect(scratchLeft(repo.dir)).toEqual([]);
  });

  it('restores the previous export when the swap itself fails', async () => {
    const repo = kitRepo();
    await writeExports(loadKit(repo.dir), [compiled('claude', { '.claude/agents/a.md': 'a\n' })]);
    const before = snapshot(repo.dir);

    // the second rename is the staged tree moving into place, after the old tree was moved aside
    const failing = failingWriter('rename', 2);
    const result = await writeExports(loadKit(repo.dir), [compiled('claude', { '.claude/agents/a.md': 'changed\n' })], failing.writer);
    expect(failing.failed()).toBe(true);
    expect(failing.calls.filter((c) => c.startsWith('rename'))).toHaveLength(3); // aside, (failed) in, back
    expect(result.hosts[0]?.status).toBe('failed');
    expect(snapshot(repo.dir)).toEqual(before);
    expect(scratchLeft(repo.dir)).toEqual([]);
  });

  it('removes the folders it created when the very first export fails', async () => {
    const repo = kitRepo();
    const before = snapshot(repo.dir);
    const failing = failingWriter('writeFile', 2);
    const result = await writeExports(loadKit(repo.dir), [compiled('gemini', { 'GEMINI.md': 'g\n', '.gemini/settings.json': '{}\n' })], failing.writer);
    expect(result.hosts[0]?.status).toBe('failed');
    expect(snapshot(repo.dir)).toEqual(before);
    expect(existsSync(path.join(repo.dir, 'exports'))).toBe(false);
  });

  it('cleans up a staging folder a killed build left behind, and puts back an old tree moved aside', async () => {
    const repo = kitRepo();
    await writeExports(loadKit(repo.dir), [compiled('claude', { 'CLAUDE.md': 'one\n' })]);
    // simulate a build killed between "move old aside" and "move new in"
    const hosts = path.join(repo.dir, 'exports/hosts');
    const { renameSync } = await import('node:fs');
    renameSync(path.join(hosts, 'claude'), path.join(hosts, '.claude.kit-guard-old-1-1'));
    mkdirSync(path.join(hosts, '.claude.kit-guard-stage-1-2'));
    writeFileSync(path.join(hosts, '.claude.kit-guard-stage-1-2/.kit-guard-scratch'), '');

    const result = await writeExports(loadKit(repo.dir), [compiled('claude', { 'CLAUDE.md': 'two\n' })]);
    expect(result.hosts[0]?.status).toBe('written');
    expect(read(repo.dir, 'exports/hosts/claude/CLAUDE.md')).toBe('two\n');
    expect(scratchLeft(repo.dir)).toEqual([]);
  });
});

describe('writeExports: native layout', () => {
  it('writes files where the host reads them and keeps the record, with repository paths, in exports/hosts/<host>', async () => {
    const repo = kitRepo({ '.kit-guard.yaml': NATIVE_CONFIG });
    const result = await writeExports(loadKit(repo.dir), [compiled('claude', { '.claude/agents/a.md': 'a\n', 'CLAUDE.md': '@AGENTS.md\n' })]);
    expect(result.hosts[0]).toMatchObject({ status: 'written', layout: 'native', recordDir: 'exports/hosts/claude' });
    expect(read(repo.dir, '.claude/agents/a.md')).toBe('a\n');
    expect(read(repo.dir, 'CLAUDE.md')).toBe('@AGENTS.md\n');
    const pkg = JSON.parse(read(repo.dir, 'exports/hosts/claude/host-package.json'));
    expect(pkg).toMatchObject({ layout: 'native', files: ['.claude/agents/a.md', 'CLAUDE.md'] });
    expect(existsSync(path.join(repo.dir, 'exports/hosts/claude/CLAUDE.md'))).toBe(false);

    // removing a role removes its file and the folder it leaves empty, nothing else
    repo.write({ '.claude/settings.local.json': '{}\n' });
    const again = await writeExports(loadKit(repo.dir), [compiled('claude', { 'CLAUDE.md': '@AGENTS.md\n' })]);
    expect(again.removed).toEqual(['.claude/agents/a.md']);
    expect(existsSync(path.join(repo.dir, '.claude/agents'))).toBe(false);
    expect(read(repo.dir, '.claude/settings.local.json')).toBe('{}\n');
    expect(scratchLeft(repo.dir)).toEqual([]);
  });

  it('writes a shared AGENTS.md once for several hosts and keeps it while any host still generates it', async () => {
    const repo = kitRepo({ '.kit-guard.yaml': NATIVE_CONFIG });
    const shared = '# Demo\n\nShared instructions.\n';
    const failing = failingWriter('writeFile', 1_000_000); // never fails: only counts
    const result = await writeExports(
      loadKit(repo.dir),
      [compiled('codex', { 'AGENTS.md': shared, '.codex/hooks.json': '{}\n' }), compiled('cursor', { 'AGENTS.md': shared, '.cursor/hooks.json': '{}\n' })],
      failing.writer
    );
    expect(result.ok).toBe(true);
    expect(read(repo.dir, 'AGENTS.md')).toBe(shared);
    expect(failing.calls.filter((c) => c.startsWith('writeFile') && c.includes(`${path.sep}.AGENTS.md.kit-guard-stage-`))).toHaveLength(1);
    expect(JSON.parse(read(repo.dir, 'exports/hosts/codex/host-package.json')).files).toContain('AGENTS.md');
    expect(JSON.parse(read(repo.dir, 'exports/hosts/cursor/host-package.json')).files).toContain('AGENTS.md');

    // codex stops generating it; cursor still does: it stays
    const second = await writeExports(loadKit(repo.dir), [compiled('codex', { '.codex/hooks.json': '{}\n' }), compiled('cursor', { 'AGENTS.md': shared, '.cursor/hooks.json': '{}\n' })]);
    expect(second.removed).toEqual([]);
    expect(read(repo.dir, 'AGENTS.md')).toBe(shared);

    // building codex alone does not remove what cursor's record owns
    const codexOnly = await writeExports(loadKit(repo.dir), [compiled('codex', { '.codex/hooks.json': '{}\n' })]);
    expect(codexOnly.removed).toEqual([]);
    expect(existsSync(path.join(repo.dir, 'AGENTS.md'))).toBe(true);

    // nobody generates it any more: removed
    const third = await writeExports(loadKit(repo.dir), [compiled('codex', { '.codex/hooks.json': '{}\n' }), compiled('cursor', { '.cursor/hooks.json': '{}\n' })]);
    expect(third.removed).toEqual(['AGENTS.md']);
    expect(existsSync(path.join(repo.dir, 'AGENTS.md'))).toBe(false);
  });

  it('refuses different content for the same path from two hosts, writing neither host', async () => {
    const repo = kitRepo({ '.kit-guard.yaml': NATIVE_CONFIG });
    const before = snapshot(repo.dir);
    const result = await writeExports(loadKit(repo.dir), [compiled('codex', { 'AGENTS.md': 'one\n' }), compiled('copilot', { 'AGENTS.md': 'two\n' })]);
    expect(result.ok).toBe(false);
    expect(result.hosts.map((h) => h.status)).toEqual(['blocked', 'blocked']);
    // one finding for the file, naming both hosts; each host's own result carries it too
    expect(result.findings.filter((f) => f.rule === 'export-conflict')).toEqual([
      expect.objectContaining({
        check: 'export',
        severity: 'error',
        file: 'AGENTS.md',
        message: 'AGENTS.md is generated by codex and by copilot with different content; neither export was written'
      })
    ]);
    expect(result.hosts[1]?.findings.find((f) => f.rule === 'export-conflict')?.message).toContain('generated by copilot and by codex');
    expect(snapshot(repo.dir)).toEqual(before);
  });

  it('never overwrites a hand-written file at a generated path, but adopts one that is identical', async () => {
    const repo = kitRepo({ '.kit-guard.yaml': NATIVE_CONFIG, 'AGENTS.md': '# Written by hand\n' });
    const before = snapshot(repo.dir);
    const blocked = await writeExports(loadKit(repo.dir), [compiled('codex', { 'AGENTS.md': '# Generated\n', '.codex/hooks.json': '{}\n' })]);
    expect(blocked.hosts[0]?.status).toBe('blocked');
    expect(blocked.findings).toContainEqual(expect.objectContaining({ rule: 'export-path-taken', severity: 'error', file: 'AGENTS.md' }));
    expect(snapshot(repo.dir)).toEqual(before);

    const adopted = await writeExports(loadKit(repo.dir), [compiled('codex', { 'AGENTS.md': '# Written by hand\n' })]);
    expect(adopted.hosts[0]?.status).toBe('written');
    expect(adopted.written).toEqual(['exports/hosts/codex/export.manifest.json', 'exports/hosts/codex/host-package.json']);
    expect(JSON.parse(read(repo.dir, 'exports/hosts/codex/host-package.json')).files).toEqual(['AGENTS.md']);
  });

  it('puts every file back when a rename fails midway through the commit', async () => {
    const repo = kitRepo({ '.kit-guard.yaml': NATIVE_CONFIG });
    await writeExports(loadKit(repo.dir), [compiled('claude', { '.claude/agents/a.md': 'a\n', '.claude/agents/b.md': 'b\n', 'CLAUDE.md': 'c\n' })]);
    const before = snapshot(repo.dir);

    const failing = failingWriter('rename', 4);
    const result = await writeExports(
      loadKit(repo.dir),
      [compiled('claude', { '.claude/agents/a.md': 'a2\n', '.claude/agents/n.md': 'new\n', '.claude/commands/x.md': 'x\n', 'CLAUDE.md': 'c2\n' })],
      failing.writer
    );
    expect(failing.failed()).toBe(true);
    expect(result.hosts[0]?.status).toBe('failed');
    expect(snapshot(repo.dir)).toEqual(before);
    expect(existsSync(path.join(repo.dir, '.claude/commands'))).toBe(false);
    expect(scratchLeft(repo.dir)).toEqual([]);
  });
});

describe('writeExports: records written by the seed', () => {
  it('upgrades a seed-format export without removing a file only the seed recorded; the record gains hashes', async () => {
    const H = 'exports/hosts/claude';
    const repo = kitRepo({
      [`${H}/host-package.json`]: JSON.stringify({ host: 'claude', sources: ['roles/a.md'], files: ['.claude/agents/a.md', '.claude/commands/a.md', 'CLAUDE.md'] }, null, 2),
      [`${H}/export.manifest.json`]: JSON.stringify({ host: 'claude', source_hashes: { 'roles/a.md': sha256('# A\n') } }, null, 2),
      [`${H}/.claude/agents/a.md`]: '# A\n',
      [`${H}/.claude/commands/a.md`]: '# A\n',
      [`${H}/CLAUDE.md`]: 'seed text\n',
      [`${H}/.claude/commands/mine.md`]: 'not in the record\n'
    });
    const result = await writeExports(loadKit(repo.dir), [compiled('claude', { '.claude/agents/a.md': '---\nname: a\n---\n', 'CLAUDE.md': '@AGENTS.md\n' })]);
    expect(result.hosts[0]?.status).toBe('written');
    // only files kit-guard recorded with its own hashes are ever removed: the seed's record proves nothing
    expect(result.removed).toEqual([]);
    expect(read(repo.dir, `${H}/.claude/commands/a.md`)).toBe('# A\n');
    expect(result.findings).toContainEqual(expect.objectContaining({ rule: 'export-file-orphaned', file: `${H}/.claude/commands/a.md`, message: expect.stringContaining('another exporter wrote') }));
    expect(read(repo.dir, `${H}/.claude/agents/a.md`)).toBe('---\nname: a\n---\n');
    expect(read(repo.dir, `${H}/.claude/commands/mine.md`)).toBe('not in the record\n');
    const manifest = JSON.parse(read(repo.dir, `${H}/export.manifest.json`));
    expect(Object.keys(manifest.files)).toEqual(['.claude/agents/a.md', 'CLAUDE.md']);
  });
});

describe('writeExports: native layout over another exporter\'s files', () => {
  const H = 'exports/hosts/claude';
  const seedFiles = {
    [`${H}/host-package.json`]: JSON.stringify({ host: 'claude', sources: ['roles/a.md'], files: ['.claude/agents/a.md', 'CLAUDE.md'] }, null, 2),
    [`${H}/export.manifest.json`]: JSON.stringify({ host: 'claude', source_hashes: { 'roles/a.md': sha256('# A\n') } }, null, 2),
    [`${H}/.claude/agents/a.md`]: '# A\n',
    [`${H}/CLAUDE.md`]: 'seed text\n'
  };
  const files = (dir: string, under: string): [string, string][] => [...snapshot(dir)].filter(([rel]) => rel.startsWith(under));

  it('refuses the host whose record folder holds the seed\'s export, names the folder and says to remove it; other hosts are built', async () => {
    const repo = kitRepo({ '.kit-guard.yaml': NATIVE_CONFIG, ...seedFiles });
    const seedBefore = files(repo.dir, `${H}/`);
    const result = await writeExports(loadKit(repo.dir), [
      compiled('claude', { '.claude/agents/a.md': 'agent a\n', 'CLAUDE.md': '@AGENTS.md\n' }, { '.claude/agents/a.md': ['roles/a.md'] }),
      compiled('codex', { '.codex/agents/a.toml': 'name = "a"\n' }, { '.codex/agents/a.toml': ['roles/a.md'] })
    ]);

    expect(result.ok).toBe(false);
    expect(result.hosts.map((h) => [h.host, h.status])).toEqual([
      ['claude', 'blocked'],
      ['codex', 'written']
    ]);
    const taken = result.findings.filter((f) => f.rule === 'export-path-taken');
    expect(taken).toEqual([
      expect.objectContaining({ severity: 'error', file: H, message: expect.stringContaining(`${H} holds an export written by another exporter`), fix: expect.stringContaining(`git rm -r ${H}`) })
    ]);
    // nothing written for claude: its native files are absent and the seed's folder is byte-identical
    expect(existsSync(path.join(repo.dir, '.claude'))).toBe(false);
    expect(existsSync(path.join(repo.dir, 'CLAUDE.md'))).toBe(false);
    expect(files(repo.dir, `${H}/`)).toEqual(seedBefore);
    expect(read(repo.dir, '.codex/agents/a.toml')).toBe('name = "a"\n');
    expect(JSON.parse(read(repo.dir, 'exports/hosts/codex/host-package.json')).layout).toBe('native');
  });

  it('names the other generator when its record says who it is, and builds once the folder is removed', async () => {
    const repo = kitRepo({
      '.kit-guard.yaml': NATIVE_CONFIG,
      ...seedFiles,
      [`${H}/export.manifest.json`]: JSON.stringify({ host: 'claude', source_hashes: {}, files: {}, generator: { name: 'other-tool', version: '1.0.0', format: 1 } }, null, 2)
    });
    const compilation = compiled('claude', { 'CLAUDE.md': '@AGENTS.md\n' });
    const refused = await writeExports(loadKit(repo.dir), [compilation]);
    expect(refused.hosts[0]?.status).toBe('blocked');
    expect(refused.findings).toContainEqual(expect.objectContaining({ rule: 'export-path-taken', file: H, message: expect.stringContaining('written by other-tool') }));

    rmSync(path.join(repo.dir, H), { recursive: true });
    const built = await writeExports(loadKit(repo.dir), [compilation]);
    expect(built.hosts[0]?.status).toBe('written');
    expect(read(repo.dir, 'CLAUDE.md')).toBe('@AGENTS.md\n');
  });

  it('is not refused over its own record, nor in the package layout', async () => {
    const native = kitRepo({ '.kit-guard.yaml': NATIVE_CONFIG });
    const compilation = compiled('claude', { 'CLAUDE.md': '@AGENTS.md\n' });
    await writeExports(loadKit(native.dir), [compilation]);
    const again = await writeExports(loadKit(native.dir), [compiled('claude', { 'CLAUDE.md': '@AGENTS.md\n\nmore\n' })]);
    expect(again.hosts[0]?.status).toBe('written');

    const pkg = kitRepo(seedFiles);
    const upgraded = await writeExports(loadKit(pkg.dir), [compilation]);
    expect(upgraded.hosts[0]?.status).toBe('written');
    expect(upgraded.findings.filter((f) => f.rule === 'export-path-taken')).toEqual([]);
  });
});

describe('writeExports: refusals', () => {
  it('refuses a paths.exports that is not a repository folder', async () => {
    const repo = kitRepo({ 'wazir.manifest.yaml': `${MANIFEST}paths:\n  exports: ~/exports\n` });
    const before = snapshot(repo.dir);
    const result = await writeExports(loadKit(repo.dir), [compiled('claude', { 'CLAUDE.md': 'x\n' })]);
    expect(result.ok).toBe(false);
    expect(result.hosts).toEqual([]);
    expect(result.findings).toEqual([expect.objectContaining({ rule: 'export-path-refused', file: 'wazir.manifest.yaml', message: expect.stringContaining('"~/exports"') })]);
    expect(snapshot(repo.dir)).toEqual(before);
  });

  it('refuses an exports folder that is a symlink leaving the repository and writes nothing there', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'kit-guard-outside-'));
    try {
      const repo = kitRepo();
      symlinkSync(outside, path.join(repo.dir, 'exports'));
      const result = await writeExports(loadKit(repo.dir), [compiled('claude', { 'CLAUDE.md': 'x\n' })]);
      expect(result.hosts[0]?.status).toBe('blocked');
      expect(result.findings).toContainEqual(
        expect.objectContaining({ rule: 'export-path-refused', file: 'exports/hosts/claude/CLAUDE.md', message: expect.stringContaining('symlink resolving outside the repository') })
      );
      expect(snapshot(outside).size).toBe(0);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('refuses generated paths that climb out of the output root', async () => {
    const repo = kitRepo({ '.kit-guard.yaml': NATIVE_CONFIG });
    const before = snapshot(repo.dir);
    const result = await writeExports(loadKit(repo.dir), [compiled('claude', { '../escape.md': 'x\n', 'CLAUDE.md': 'x\n' })]);
    expect(result.hosts[0]?.status).toBe('blocked');
    expect(result.findings).toContainEqual(expect.objectContaining({ rule: 'export-path-refused', file: '../escape.md' }));
    expect(snapshot(repo.dir)).toEqual(before);
  });

  it('does not delete a file that a tampered record claims, when its hash does not match', async () => {
    const repo = kitRepo({ '.kit-guard.yaml': NATIVE_CONFIG, 'README.md': '# Readme\n' });
    await writeExports(loadKit(repo.dir), [compiled('claude', { 'CLAUDE.md': 'x\n' })]);
    const pkgPath = 'exports/hosts/claude/host-package.json';
    const manPath = 'exports/hosts/claude/export.manifest.json';
    const pkg = JSON.parse(read(repo.dir, pkgPath));
    const man = JSON.parse(read(repo.dir, manPath));
    pkg.files.push('README.md');
    man.files['README.md'] = sha256('something else\n');
    repo.write({ [pkgPath]: JSON.stringify(pkg), [manPath]: JSON.stringify(man) });

    const result = await writeExports(loadKit(repo.dir), [compiled('claude', { 'CLAUDE.md': 'x\n' })]);
    expect(read(repo.dir, 'README.md')).toBe('# Readme\n');
    expect(result.removed).toEqual([]);
    expect(result.hosts[0]?.kept).toEqual(['README.md']);
  });
});
