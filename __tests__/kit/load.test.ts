import { afterAll, describe, expect, it } from '@jest/globals';
import { ConfigError, loadKit, workflowFileName } from '../../src/kit/load.js';
import { applyRuleConfig, runChecks, selectChecks, UnknownCheckError } from '../../src/pipeline/run.js';
import { cleanupRepos, fixturePath, makeRepo } from '../helpers/git-repo.js';

afterAll(cleanupRepos);

const MANIFEST = `manifest_version: 2
project:
  name: demo
paths:
  roles: content/roles
  workflows: content/workflows
  skills: content/skills
  hooks: content/hooks
  state_root_default: ~/.demo/{slug}
  escape: ../outside
hosts: [claude, codex]
export_targets: [claude]
roles: [reviewer]
workflows: [spec_challenge]
`;

describe('loadKit', () => {
  it('finds content through the manifest paths', () => {
    const repo = makeRepo({
      files: {
        'wazir.manifest.yaml': MANIFEST,
        'content/hooks/definitions/session_start.yaml': 'id: session_start\n',
        'content/skills/tdd/SKILL.md': '---\nname: tdd\n---\n',
        'content/skills/notes/readme.md': 'not a skill'
      }
    });
    const kit = loadKit(repo.dir);
    expect(kit.manifest?.ok).toBe(true);
    expect(kit.paths.roles).toBe('content/roles');
    expect(kit.paths.state_root_default).toBe('~/.demo/{slug}');
    expect(kit.paths.escape).toBeUndefined();
    expect(kit.roles).toEqual([{ id: 'reviewer', file: 'content/roles/reviewer.md' }]);
    expect(kit.workflows).toEqual([{ id: 'spec_challenge', file: 'content/workflows/spec-challenge.md' }]);
    expect(kit.hooks).toEqual([{ id: 'session_start', file: 'content/hooks/definitions/session_start.yaml' }]);
    expect(kit.skills).toEqual([{ id: 'tdd', file: 'content/skills/tdd/SKILL.md' }]);
    expect(kit.hosts).toEqual(['claude', 'codex']);
    expect(kit.exportTargets).toEqual(['claude']);
    expect(kit.config.changelog.file).toBe('CHANGELOG.md');
  });

  it('works without a manifest, using the seed defaults', () => {
    const kit = loadKit(makeRepo({ files: { 'README.md': '# x' } }).dir);
    expect(kit.manifest).toBeUndefined();
    expect(kit.paths.roles).toBe('roles');
    expect(kit.config.branch.patterns).toContain('feat/*');
  });

  it('keeps a manifest parse error for the schema check', () => {
    const kit = loadKit(makeRepo({ files: { 'wazir.manifest.yaml': 'a: 1\na: 2\n' } }).dir);
    expect(kit.manifest?.ok).toBe(false);
    expect(kit.manifest?.parsed.findings[0]).toMatchObject({ rule: 'parse-error', file: 'wazir.manifest.yaml', line: 2, column: 1 });
  });

  it('merges a valid configuration file over the defaults', () => {
    const kit = loadKit(makeRepo({ files: { '.kit-guard.yaml': 'failOn: warning\nbranch:\n  patterns: [main, "topic/*"]\nrules:\n  doc-truth/link-case-mismatch: warning\n' } }).dir);
    expect(kit.configFile).toBe('.kit-guard.yaml');
    expect(kit.config.failOn).toBe('warning');
    expect(kit.config.branch.patterns).toEqual(['main', 'topic/*']);
    expect(kit.config.branch.ignore.length).toBeGreaterThan(0);
    expect(kit.config.rules['doc-truth/link-case-mismatch']).toBe('warning');
  });

  it('rejects an invalid configuration with every problem at its line', () => {
    const repo = makeRepo({ files: { '.kit-guard.yaml': 'failOn: loud\nbranch:\n  patern: [x]\n' } });
    let error: unknown;
    try {
      loadKit(repo.dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const findings = (error as ConfigError).findings;
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'invalid-config', file: '.kit-guard.yaml', line: 1, column: 9 }),
        expect.objectContaining({ rule: 'invalid-config', file: '.kit-guard.yaml', line: 3, column: 3 })
      ])
    );
  });

  it('maps workflow ids to file names like the seed', () => {
    expect(workflowFileName('design_review')).toBe('design-review.md');
  });
});

describe('runner configuration', () => {
  const f = { check: 'doc-truth', rule: 'link-case-mismatch', severity: 'error' as const, message: 'm' };
  it('applies per-rule and per-check overrides', () => {
    expect(applyRuleConfig([f], { 'doc-truth/link-case-mismatch': 'warning' })[0]?.severity).toBe('warning');
    expect(applyRuleConfig([f], { 'doc-truth': 'notice' })[0]?.severity).toBe('notice');
    expect(applyRuleConfig([f], { 'doc-truth': 'notice', 'doc-truth/link-case-mismatch': 'off' })).toEqual([]);
  });
  it('lists the known checks for an unknown id', () => {
    expect(() => selectChecks(['doc-truth', 'spelling'])).toThrow(UnknownCheckError);
    expect(() => selectChecks(['spelling'])).toThrow(/known: schema, doc-truth, changelog, commits, branch/);
  });
});

describe('the optional exports check', () => {
  it('is not run by default but can be selected by id, after the default checks', () => {
    expect(selectChecks().map((c) => c.id)).toEqual(['schema', 'doc-truth', 'changelog', 'commits', 'branch']);
    expect(selectChecks(['export', 'branch']).map((c) => c.id)).toEqual(['branch', 'export']);
  });

  it('reports export drift through the runner', async () => {
    const repo = makeRepo({ fixture: fixturePath('kits', 'export-basic') });
    const result = await runChecks(loadKit(repo.dir), { checks: ['export'] });
    expect(result.ran).toEqual(['export']);
    expect(result.failed).toBe(true);
    expect(result.findings).toContainEqual(expect.objectContaining({ check: 'export', rule: 'export-file-missing', file: 'exports/hosts/claude/CLAUDE.md' }));
  });
});
