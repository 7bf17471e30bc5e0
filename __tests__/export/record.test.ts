import { describe, expect, it } from '@jest/globals';
import {
  contentHash,
  generatorInfo,
  hostRecordDir,
  parseRecord,
  RECORD_FORMAT,
  renderRecord,
  sha256,
  stableJson,
  unsafePathReason
} from '../../src/export/record.js';
import type { HostCompilation } from '../../src/export/types.js';

const none = { text: null };

function compilation(): HostCompilation {
  return {
    host: 'claude',
    files: [
      { path: 'CLAUDE.md', content: '@AGENTS.md\n', kind: 'bridge', sources: [] },
      { path: '.claude/agents/reviewer.md', content: '---\nname: reviewer\n---\n', kind: 'role', sources: ['roles/reviewer.md'] }
    ],
    sources: ['wazir.manifest.yaml', 'roles/reviewer.md'],
    findings: []
  };
}

describe('record: stableJson', () => {
  it('sorts keys at every level, indents by two spaces and ends with a newline', () => {
    const text = stableJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 'x' } });
    expect(text).toBe('{\n  "a": {\n    "c": "x",\n    "d": [\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n');
  });

  it('orders keys by code unit, not by locale', () => {
    expect(Object.keys(JSON.parse(stableJson({ b: 1, B: 2, a: 3, _: 4 })))).toEqual(['B', '_', 'a', 'b']);
  });
});

describe('record: renderRecord', () => {
  it('writes the seed fields plus layout, per-file hashes and the generator, with sorted file lists', () => {
    const rendered = renderRecord(compilation(), 'package', { 'roles/reviewer.md': 'aa', 'wazir.manifest.yaml': 'bb' });
    const pkg = JSON.parse(rendered.texts.get('host-package.json') as string);
    expect(pkg).toEqual({
      files: ['.claude/agents/reviewer.md', 'CLAUDE.md'],
      host: 'claude',
      layout: 'package',
      sources: ['roles/reviewer.md', 'wazir.manifest.yaml']
    });
    const manifest = JSON.parse(rendered.texts.get('export.manifest.json') as string);
    expect(manifest.host).toBe('claude');
    expect(manifest.source_hashes).toEqual({ 'roles/reviewer.md': 'aa', 'wazir.manifest.yaml': 'bb' });
    expect(manifest.files).toEqual({ '.claude/agents/reviewer.md': sha256('---\nname: reviewer\n---\n'), 'CLAUDE.md': sha256('@AGENTS.md\n') });
    expect(manifest.generator).toEqual({ name: 'kit-guard', version: generatorInfo().version, format: RECORD_FORMAT });
    expect(generatorInfo().version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('renders the same bytes every time', () => {
    const a = renderRecord(compilation(), 'native', { x: '1' });
    const b = renderRecord(compilation(), 'native', { x: '1' });
    expect([...a.texts]).toEqual([...b.texts]);
    expect(a.texts.get('host-package.json')?.endsWith('}\n')).toBe(true);
  });
});

describe('record: parseRecord', () => {
  it('reads a seed-shaped record (no layout, no file hashes) as a package-layout record', () => {
    const pkg = JSON.stringify({ host: 'codex', sources: ['wazir.manifest.yaml', 'roles/a.md'], files: ['AGENTS.md'] }, null, 2);
    const man = JSON.stringify({ host: 'codex', source_hashes: { 'wazir.manifest.yaml': 'f00d', 'roles/a.md': 'beef' } }, null, 2);
    const read = parseRecord('codex', 'exports/hosts/codex', { text: pkg }, { text: man });
    expect(read.status).toBe('ok');
    if (read.status !== 'ok') return;
    expect(read.record.layout).toBe('package');
    expect(read.record.hasFileHashes).toBe(false);
    expect([...read.record.files]).toEqual([['exports/hosts/codex/AGENTS.md', undefined]]);
    expect(read.record.sourceHashes).toEqual({ 'wazir.manifest.yaml': 'f00d', 'roles/a.md': 'beef' });
    expect(read.record.sources).toEqual(['wazir.manifest.yaml', 'roles/a.md']);
  });

  it('resolves native-layout files against the repository root and keeps their hashes', () => {
    const rendered = renderRecord(compilation(), 'native', {});
    const read = parseRecord('claude', 'exports/hosts/claude', { text: rendered.texts.get('host-package.json') as string }, { text: rendered.texts.get('export.manifest.json') as string });
    expect(read.status).toBe('ok');
    if (read.status !== 'ok') return;
    expect(read.record.layout).toBe('native');
    expect(read.record.hasFileHashes).toBe(true);
    expect(read.record.files.get('CLAUDE.md')).toBe(sha256('@AGENTS.md\n'));
    expect(read.record.files.get('.claude/agents/reviewer.md')).toBe(sha256('---\nname: reviewer\n---\n'));
    expect(read.record.generator?.name).toBe('kit-guard');
  });

  it('reports a missing record at its host-package.json', () => {
    const read = parseRecord('gemini', 'out/hosts/gemini', none, none);
    expect(read.status).toBe('missing');
    expect(read.findings).toEqual([
      expect.objectContaining({ check: 'export', rule: 'export-record-missing', severity: 'error', file: 'out/hosts/gemini/host-package.json' })
    ]);
    expect(read.findings[0]?.fix).toContain('kit-guard export build');
  });

  it('reports a record that is not JSON, and still protects the files the other half lists', () => {
    const pkg = JSON.stringify({ host: 'claude', sources: [], files: ['CLAUDE.md'] });
    const read = parseRecord('claude', 'exports/hosts/claude', { text: pkg }, { text: '{ not json' });
    expect(read.status).toBe('invalid');
    if (read.status !== 'invalid') return;
    expect(read.findings).toHaveLength(1);
    expect(read.findings[0]).toMatchObject({ rule: 'export-record-missing', file: 'exports/hosts/claude/export.manifest.json' });
    expect(read.findings[0]?.message).toContain('is not valid JSON');
    expect([...read.owned.keys()]).toEqual(['exports/hosts/claude/CLAUDE.md']);
  });

  it('reports an unreadable record file with the reason', () => {
    const read = parseRecord('claude', 'exports/hosts/claude', { text: null, error: 'EACCES' }, none);
    expect(read.status).toBe('invalid');
    expect(read.findings[0]).toMatchObject({ rule: 'export-record-missing', file: 'exports/hosts/claude/host-package.json' });
    expect(read.findings[0]?.message).toContain('EACCES');
  });

  it('refuses a record for another host and one that fails its schema', () => {
    const wrongHost = parseRecord('claude', 'e/hosts/claude', { text: '{"host":"codex","sources":[],"files":[]}' }, { text: '{"host":"claude","source_hashes":{}}' });
    expect(wrongHost.status).toBe('invalid');
    expect(wrongHost.findings[0]).toMatchObject({ rule: 'export-record-invalid', file: 'e/hosts/claude/host-package.json' });
    expect(wrongHost.findings[0]?.message).toContain('says host "codex"');

    const badHash = parseRecord('claude', 'e/hosts/claude', { text: '{"host":"claude","sources":[],"files":[]}' }, { text: '{"host":"claude","source_hashes":{},"files":{"a.md":"nothex"}}' });
    expect(badHash.status).toBe('invalid');
    expect(badHash.findings[0]).toMatchObject({ rule: 'export-record-invalid', file: 'e/hosts/claude/export.manifest.json' });
    expect(badHash.findings[0]?.message).toContain('/files/a.md');
  });

  it('drops record paths that would leave the repository, so a tampered record cannot point a build at them', () => {
    const pkg = JSON.stringify({ host: 'claude', layout: 'native', sources: [], files: ['../../etc/passwd', '/etc/hosts', '.git/config', 'CLAUDE.md'] });
    const man = JSON.stringify({ host: 'claude', source_hashes: {} });
    const read = parseRecord('claude', 'exports/hosts/claude', { text: pkg }, { text: man });
    expect(read.status).toBe('invalid');
    if (read.status !== 'invalid') return;
    expect([...read.owned.keys()]).toEqual(['CLAUDE.md']);
    expect(read.findings.map((f) => f.rule)).toEqual(['export-record-invalid', 'export-record-invalid', 'export-record-invalid']);
    expect(read.findings.map((f) => f.message)).toEqual([
      expect.stringContaining('"../../etc/passwd"'),
      expect.stringContaining('"/etc/hosts"'),
      expect.stringContaining('".git/config"')
    ]);
  });
});

describe('record: paths and hashes', () => {
  it.each([
    ['a/b.md', undefined],
    ['.claude/agents/x.md', undefined],
    ['', 'it is empty'],
    ['../x', 'it climbs out with ".."'],
    ['a/../../x', 'it climbs out with ".."'],
    ['/abs', 'it is absolute'],
    ['C:/x', 'it is absolute'],
    ['a\\b', 'it contains a backslash'],
    ['a//b', 'it has an empty or "." segment'],
    ['./a', 'it has an empty or "." segment'],
    ['a/', 'it has an empty or "." segment'],
    ['a/./b', 'it has an empty or "." segment'],
    ['a\0b', 'it contains a NUL character'],
    ['..a/b..', undefined],
    ['.git/hooks/pre-commit', 'it is inside .git'],
    ['a/.GIT/x', 'it is inside .git']
  ])('unsafePathReason(%j) is %j', (input, reason) => {
    expect(unsafePathReason(input)).toBe(reason);
  });

  it('hashes CRLF text like LF text, so a Windows checkout is not an edit', () => {
    expect(contentHash(Buffer.from('a\r\nb\r\n'))).toBe(sha256('a\nb\n'));
    expect(contentHash(Buffer.from('a\nb\n'))).toBe(sha256('a\nb\n'));
    expect(contentHash(Buffer.from('a\rb'))).toBe(sha256('a\rb'));
  });

  it('puts records under <exports>/hosts/<host>', () => {
    expect(hostRecordDir('exports', 'cursor')).toBe('exports/hosts/cursor');
    expect(hostRecordDir('content/exports/', 'copilot')).toBe('content/exports/hosts/copilot');
  });
});
