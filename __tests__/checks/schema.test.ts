import { afterAll, describe, expect, it } from '@jest/globals';
import { exampleSchemaCandidates, findTermOccurrences, schemaCheck } from '../../src/checks/schema/index.js';
import { loadKit, type LoadOptions } from '../../src/kit/load.js';
import type { Finding } from '../../src/model/finding.js';
import { cleanupRepos, makeRepo } from '../helpers/git-repo.js';
import { SEED_LIKE_HOOK, SEED_LIKE_MANIFEST } from '../schema/seed-like.js';

afterAll(cleanupRepos);

const MANIFEST = 'wazir.manifest.yaml';

const ROLE = '# reviewer\n\n## Purpose\n\nReview the change against its plan and report findings.\n';

/** A complete kit modelled on the seed's layout that the schema check accepts. */
function seedKit(): Record<string, string> {
  const files: Record<string, string> = {
    [MANIFEST]: SEED_LIKE_MANIFEST,
    'roles/clarifier.md': '# clarifier\n\nTurns a request into agreed scope.\n',
    'roles/reviewer.md': ROLE,
    'roles/README.md': 'Role files. The phrase control plane may appear here: only declared roles are checked.\n',
    'workflows/clarify.md': '# clarify\n\nAgree on scope.\n',
    'workflows/spec-challenge.md': '# spec challenge\n\nChallenge the spec.\n',
    'hooks/definitions/session_start.yaml': SEED_LIKE_HOOK,
    'skills/brainstorming/SKILL.md': '---\nname: wz:brainstorming\ndescription: Use before implementation to agree on a design.\n---\n# Brainstorming\n',
    'skills/tdd/SKILL.md': '---\nname: tdd\ndescription: Write the failing test first.\n---\nBody.\n',
    'schemas/spec.schema.json': JSON.stringify(
      {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: 'https://demo.test/schemas/spec.schema.json',
        type: 'object',
        required: ['title', 'criteria'],
        properties: { title: { type: 'string', minLength: 1 }, criteria: { type: 'array', items: { type: 'string' } }, created_at: { type: 'string', format: 'date-time' } },
        additionalProperties: false
      },
      null,
      2
    ),
    'schemas/author-artifact.schema.json': JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'https://demo.test/schemas/author-artifact.schema.json', type: 'object', required: ['phase'], properties: { phase: { const: 'author' } } }, null, 2),
    'schemas/subtask-status.schema.json': JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'https://demo.test/schemas/subtask-status.schema.json', type: 'object', required: ['status'], properties: { status: { enum: ['DONE', 'FAILED'] } } }, null, 2),
    'templates/examples/spec.example.json': '{\n  "title": "Login",\n  "criteria": ["works"],\n  "created_at": "2026-01-01T00:00:00Z"\n}\n',
    'templates/examples/author.example.json': '{ "phase": "author" }\n',
    'templates/examples/subtask-status-failed.example.json': '{ "status": "FAILED" }\n',
    'templates/examples/spec.example.yaml': 'title: From YAML\ncriteria:\n  - one\n',
    'templates/examples/notes.example.md': '# Not schema-backed\n'
  };
  for (const dir of ['input', 'agents', 'expertise', 'docs', 'exports', 'tooling', 'examples', 'memory']) files[`${dir}/README.md`] = `# ${dir}\n`;
  return files;
}

async function check(files: Record<string, string | null>, options: LoadOptions = {}): Promise<Finding[]> {
  const all = { ...seedKit(), ...files };
  for (const [k, v] of Object.entries(all)) if (v === null) delete all[k];
  const repo = makeRepo({ files: all as Record<string, string> });
  const kit = loadKit(repo.dir, options);
  const findings = await schemaCheck.run({ kit, change: {} });
  // every finding belongs to this check and says what to do
  for (const f of findings) {
    expect(f.check).toBe('schema');
    expect(f.fix).toEqual(expect.stringMatching(/\S/));
  }
  return findings;
}

/** 1-based line and column of the first occurrence of `needle` (after `after`, if given) in `text`. */
function pos(text: string, needle: string, after = ''): { line: number; column: number } {
  const from = after ? text.indexOf(after) : 0;
  const offset = text.indexOf(needle, from < 0 ? 0 : from);
  if (offset < 0) throw new Error(`"${needle}" not in text`);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

const rules = (findings: Finding[]): string[] => findings.map((f) => f.rule);

describe('schema check', () => {
  it('accepts a seed-like kit with no findings', async () => {
    expect(await check({})).toEqual([]);
  });

  describe('manifest', () => {
    it('reports a missing manifest with a minimal example', async () => {
      const findings = await check({ [MANIFEST]: null });
      expect(findings.filter((f) => f.rule === 'manifest-missing')).toEqual([
        expect.objectContaining({ check: 'schema', rule: 'manifest-missing', severity: 'error', file: MANIFEST, fix: expect.stringContaining('manifest_version: 2') })
      ]);
      expect(findings.find((f) => f.rule === 'manifest-missing')?.line).toBeUndefined();
      // without a manifest nothing declares hooks, so only manifest-independent rules remain
      expect(rules(findings).filter((r) => r !== 'manifest-missing')).toEqual([]);
    });

    it('names a manifest that exists only in another letter case', async () => {
      const findings = await check({ [MANIFEST]: null, 'Wazir.Manifest.yaml': SEED_LIKE_MANIFEST });
      expect(findings).toContainEqual(expect.objectContaining({ rule: 'manifest-missing', file: MANIFEST, fix: `Rename it: git mv Wazir.Manifest.yaml ${MANIFEST}` }));
    });

    it('reports parse errors at their position and stops there', async () => {
      const text = SEED_LIKE_MANIFEST.replace('hosts:\n', 'roles: [x]\nhosts:\n');
      const findings = await check({ [MANIFEST]: text });
      expect(findings.filter((f) => f.file === MANIFEST)).toEqual([expect.objectContaining({ check: 'schema', rule: 'parse-error', file: MANIFEST, ...pos(text, 'roles:\n  - clarifier') })]);
    });

    it('refuses a billion-laughs manifest quickly', async () => {
      let bomb = 'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]\n';
      const names = 'abcdefghijk';
      for (let i = 1; i < names.length; i++) bomb += `${names[i]}: &${names[i]} [${Array(10).fill(`*${names[i - 1]}`).join(', ')}]\n`;
      const started = Date.now();
      const findings = await check({ [MANIFEST]: bomb });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(findings).toContainEqual(expect.objectContaining({ rule: 'parse-error', file: MANIFEST, line: 1, column: 1, message: expect.stringContaining('alias') }));
    });

    it('gives migration advice for manifest_version 1 at the value', async () => {
      const text = 'manifest_version: 1\nproject:\n  name: old\nroles: [reviewer]\n';
      const findings = await check({ [MANIFEST]: text });
      const version = findings.filter((f) => f.file === MANIFEST);
      expect(version).toEqual([expect.objectContaining({ rule: 'manifest-version', file: MANIFEST, line: 1, column: 19, fix: expect.stringContaining('manifest_version: 2') })]);
      expect(version[0]?.fix).toContain('versioning_policy');
    });

    it('reports schema errors at the key or value', async () => {
      const text = SEED_LIKE_MANIFEST.replace('  - cursor\nworkflows', '  - vscode\nworkflows').replace('validation_checks:', 'extra_key: 1\nvalidation_checks:');
      const findings = await check({ [MANIFEST]: text });
      const invalid = findings.filter((f) => f.rule === 'manifest-invalid');
      expect(invalid).toEqual([
        expect.objectContaining({ check: 'schema', rule: 'manifest-invalid', file: MANIFEST, ...pos(text, 'vscode'), message: expect.stringContaining('/hosts/3 must be one of') }),
        expect.objectContaining({ rule: 'manifest-invalid', file: MANIFEST, ...pos(text, 'extra_key'), message: expect.stringContaining('"extra_key" is not an allowed property') })
      ]);
    });

    it('puts a missing required key at the first key of its mapping', async () => {
      const text = SEED_LIKE_MANIFEST.replace('  license: MIT\n', '');
      const findings = await check({ [MANIFEST]: text });
      expect(findings).toEqual([expect.objectContaining({ rule: 'manifest-invalid', file: MANIFEST, ...pos(text, 'name: demo-kit'), message: expect.stringContaining('/project is missing the required property "license"') })]);
    });

    it('reports a declared role without a file at its entry', async () => {
      const findings = await check({ 'roles/clarifier.md': null });
      expect(findings).toEqual([
        expect.objectContaining({ check: 'schema', rule: 'role-file-missing', severity: 'error', file: MANIFEST, ...pos(SEED_LIKE_MANIFEST, 'clarifier', 'roles:\n'), message: expect.stringContaining('roles/clarifier.md does not exist') })
      ]);
    });

    it('reports a role file that exists only in another letter case', async () => {
      const findings = await check({ 'roles/reviewer.md': null, 'roles/Reviewer.md': ROLE });
      expect(findings).toEqual([
        expect.objectContaining({ rule: 'role-file-case-mismatch', file: MANIFEST, ...pos(SEED_LIKE_MANIFEST, 'reviewer', 'roles:\n'), fix: 'Rename the file: git mv roles/Reviewer.md roles/reviewer.md (or change the id to match the file).' })
      ]);
    });

    it('maps workflow ids with _ to file names with - and reports a missing one', async () => {
      const findings = await check({ 'workflows/spec-challenge.md': null, 'workflows/spec_challenge.md': '# wrong name\n' });
      expect(findings).toEqual([
        expect.objectContaining({ rule: 'workflow-file-missing', file: MANIFEST, ...pos(SEED_LIKE_MANIFEST, 'spec_challenge', 'workflows:\n'), message: expect.stringContaining('workflows/spec-challenge.md') })
      ]);
    });

    it('refuses a role id that leads out of the repository without looking it up', async () => {
      const text = SEED_LIKE_MANIFEST.replace('  - reviewer\nexport_targets', '  - ../../../etc/passwd\nexport_targets');
      expect(await check({ [MANIFEST]: text })).toEqual([
        expect.objectContaining({ check: 'schema', rule: 'path-outside-repo', file: MANIFEST, ...pos(text, '../../../etc/passwd') })
      ]);
    });

    it('reports an export target that is not a host', async () => {
      const text = SEED_LIKE_MANIFEST.replace('export_targets:\n  - claude\n  - codex', 'export_targets:\n  - claude\n  - copilot');
      const findings = await check({ [MANIFEST]: text });
      expect(findings).toEqual([expect.objectContaining({ rule: 'export-target-not-host', file: MANIFEST, ...pos(text, 'copilot'), fix: expect.stringContaining('Add "copilot" to hosts') })]);
    });

    it('reports missing paths and paths leaving the repository, and skips home, absolute and templated ones', async () => {
      const text = SEED_LIKE_MANIFEST.replace('  memory: memory\n', '  memory: memory\n  cache: ~/.cache/demo\n  abs: /opt/demo\n  tpl: out/{run}\n  escape: ../outside\n');
      const findings = await check({ [MANIFEST]: text, 'docs/README.md': null });
      expect(findings).toEqual([
        expect.objectContaining({ rule: 'path-missing', file: MANIFEST, ...pos(text, 'docs\n', '  docs:'), message: 'paths.docs "docs" does not exist' }),
        expect.objectContaining({ rule: 'path-outside-repo', file: MANIFEST, ...pos(text, '../outside'), message: expect.stringContaining('leaves the repository') })
      ]);
    });

    it('finds prohibited terms in declared role and workflow files, case-insensitively on word boundaries', async () => {
      const role = '# reviewer\n\nNever add a Control Plane.\nControl planes are fine to mention? No: only whole words count.\nA control-plane is a match too.\n';
      const findings = await check({ 'roles/reviewer.md': role, 'workflows/clarify.md': '# clarify\n\nkeep the control plane out\n' });
      expect(findings).toEqual([
        expect.objectContaining({ rule: 'prohibited-term', file: 'roles/reviewer.md', line: 3, column: 13, endLine: 3, endColumn: 26, message: expect.stringContaining('"control plane"') }),
        expect.objectContaining({ rule: 'prohibited-term', file: 'workflows/clarify.md', line: 3, column: 10 })
      ]);
    });

    it('validates optional role front matter', async () => {
      const findings = await check({ 'roles/reviewer.md': '---\ndescription: Reviews.\nmaxTurns: lots\n---\n# reviewer\n' });
      expect(findings).toEqual([expect.objectContaining({ rule: 'role-invalid', file: 'roles/reviewer.md', line: 3, column: 11 })]);
    });
  });

  describe('hook definitions', () => {
    const HOOK = 'hooks/definitions/session_start.yaml';

    it('reports a schema error at the value', async () => {
      const text = SEED_LIKE_HOOK.replace('trigger: session_start', 'trigger: on_save');
      expect(await check({ [HOOK]: text })).toEqual([expect.objectContaining({ check: 'schema', rule: 'hook-invalid', file: HOOK, line: 2, column: 10 })]);
    });

    it('accepts triggers added in the configuration', async () => {
      const text = SEED_LIKE_HOOK.replace('trigger: session_start', 'trigger: on_save');
      expect(await check({ [HOOK]: text, '.kit-guard.yaml': 'schema:\n  extraHookTriggers: [on_save]\n' })).toEqual([]);
    });

    it('reports an id that does not match the file name at the id value', async () => {
      const findings = await check({ [HOOK]: null, 'hooks/definitions/session-start.yaml': SEED_LIKE_HOOK });
      const mismatch = findings.find((f) => f.rule === 'hook-id-mismatch');
      expect(mismatch).toMatchObject({ file: 'hooks/definitions/session-start.yaml', line: 1, column: 5, fix: 'Set `id: session-start`, or rename the file: git mv hooks/definitions/session-start.yaml hooks/definitions/session_start.yaml' });
      // the id (not the file name) satisfies required_hooks, as in the seed
      expect(rules(findings)).toEqual(['hook-id-mismatch']);
    });

    it('reports a host without a fallback at host_fallback, or at the root when it is absent', async () => {
      const noCursor = SEED_LIKE_HOOK.replace('  cursor: native_or_wrapper\n', '');
      expect(await check({ [HOOK]: noCursor })).toEqual([
        expect.objectContaining({ rule: 'hook-fallback-missing', file: HOOK, ...pos(noCursor, 'host_fallback'), message: expect.stringContaining('"cursor"') })
      ]);
      const none = SEED_LIKE_HOOK.slice(0, SEED_LIKE_HOOK.indexOf('host_fallback'));
      const findings = await check({ [HOOK]: none });
      expect(findings.filter((f) => f.rule === 'hook-fallback-missing')).toHaveLength(4);
      expect(findings.find((f) => f.rule === 'hook-fallback-missing')).toMatchObject({ file: HOOK, line: 1, column: 1 });
      expect(findings).toContainEqual(expect.objectContaining({ rule: 'hook-invalid', line: 1, column: 1, message: expect.stringContaining('"host_fallback"') }));
    });

    it('reports an empty fallback at its value', async () => {
      const text = SEED_LIKE_HOOK.replace('  codex: wrapper_command', '  codex: ""');
      expect(await check({ [HOOK]: text })).toEqual([expect.objectContaining({ rule: 'hook-fallback-missing', ...pos(text, '""') })]);
    });

    it('reports required hooks without a definition and definitions not required', async () => {
      const text = SEED_LIKE_MANIFEST.replace('required_hooks:\n  - session_start', 'required_hooks:\n  - session_start\n  - loop_cap_guard');
      const extra = SEED_LIKE_HOOK.replace(/session_start/g, 'stop_handoff_harvest');
      const findings = await check({ [MANIFEST]: text, 'hooks/definitions/stop_handoff_harvest.yaml': extra });
      expect(findings).toEqual([
        expect.objectContaining({ rule: 'hook-not-required', file: 'hooks/definitions/stop_handoff_harvest.yaml', line: 1, column: 5 }),
        expect.objectContaining({ rule: 'required-hook-missing', file: MANIFEST, ...pos(text, 'loop_cap_guard'), fix: expect.stringContaining('hooks/definitions/loop_cap_guard.yaml') })
      ]);
    });

    it('reports a hook parse error and does not also call the hook missing', async () => {
      const findings = await check({ [HOOK]: 'id: session_start\ntrigger: [unclosed\n' });
      expect(rules(findings)).toEqual(['parse-error']);
      expect(findings[0]).toMatchObject({ file: HOOK });
    });
  });

  describe('skills', () => {
    it('reports a SKILL.md without front matter at 1:1', async () => {
      expect(await check({ 'skills/tdd/SKILL.md': '# TDD\n' })).toEqual([
        expect.objectContaining({ check: 'schema', rule: 'skill-front-matter-missing', file: 'skills/tdd/SKILL.md', line: 1, column: 1, fix: expect.stringContaining('name: tdd') })
      ]);
    });

    it('reports a missing description at the first front matter key', async () => {
      expect(await check({ 'skills/tdd/SKILL.md': '---\nname: tdd\n---\n' })).toEqual([
        expect.objectContaining({ rule: 'skill-invalid', file: 'skills/tdd/SKILL.md', line: 2, column: 1, message: expect.stringContaining('"description"') })
      ]);
    });

    it('reports empty front matter at 1:1', async () => {
      const findings = await check({ 'skills/tdd/SKILL.md': '---\n---\nBody\n' });
      expect(findings).toHaveLength(2);
      expect(findings.every((f) => f.rule === 'skill-invalid' && f.line === 1 && f.column === 1)).toBe(true);
    });

    it('reports a name that differs from the folder at the name value', async () => {
      expect(await check({ 'skills/tdd/SKILL.md': '---\nname: test-first\ndescription: x\n---\n' })).toEqual([
        expect.objectContaining({ rule: 'skill-name-mismatch', file: 'skills/tdd/SKILL.md', line: 2, column: 7, fix: 'Set `name: tdd`, or rename the folder to "test-first".' })
      ]);
      expect(await check({ 'skills/tdd/SKILL.md': '---\nname: wz:test-first\ndescription: x\n---\n' })).toEqual([
        expect.objectContaining({ rule: 'skill-name-mismatch', fix: 'Set `name: wz:tdd`, or rename the folder to "test-first".' })
      ]);
    });

    it('reports malformed front matter at its line', async () => {
      const findings = await check({ 'skills/tdd/SKILL.md': '---\nname: tdd\ndescription: a: b: c\n---\n' });
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every((f) => f.rule === 'parse-error' && f.file === 'skills/tdd/SKILL.md' && f.line === 3)).toBe(true);
    });
  });

  describe('examples', () => {
    const SPEC = 'templates/examples/spec.example.json';

    it('validates JSON and YAML examples against the schema with the same name', async () => {
      const text = '{\n  "title": "Login",\n  "criteria": ["works", 3]\n}\n';
      expect(await check({ [SPEC]: text })).toEqual([expect.objectContaining({ check: 'schema', rule: 'example-invalid', file: SPEC, ...pos(text, '3]') })]);
      const yaml = 'title: From YAML\ncriteria: one\n';
      expect(await check({ 'templates/examples/spec.example.yaml': yaml })).toEqual([expect.objectContaining({ rule: 'example-invalid', file: 'templates/examples/spec.example.yaml', line: 2, column: 11 })]);
    });

    it('checks formats', async () => {
      const text = '{"title": "x", "criteria": [], "created_at": "yesterday"}';
      expect(await check({ [SPEC]: text })).toEqual([expect.objectContaining({ rule: 'example-invalid', file: SPEC, ...pos(text, '"yesterday"') })]);
    });

    it('uses -artifact schemas and shorter names for variants', async () => {
      expect(await check({ 'templates/examples/author.example.json': '{ "phase": "design" }' })).toEqual([expect.objectContaining({ rule: 'example-invalid', file: 'templates/examples/author.example.json', line: 1, column: 12 })]);
      expect(await check({ 'templates/examples/subtask-status-failed.example.json': '{ "status": "LOST" }' })).toEqual([expect.objectContaining({ rule: 'example-invalid', line: 1, column: 13 })]);
    });

    it('warns about an example without a schema and skips Markdown examples', async () => {
      expect(await check({ 'templates/examples/orphan.example.json': '{}' })).toEqual([
        expect.objectContaining({ rule: 'example-schema-missing', severity: 'warning', file: 'templates/examples/orphan.example.json', fix: expect.stringContaining('schemas/orphan.schema.json') })
      ]);
    });

    it('reports JSON syntax errors and duplicate keys in examples at their position', async () => {
      expect(await check({ [SPEC]: '{\n  "title": "x",\n  "criteria": [],\n}\n' })).toEqual([expect.objectContaining({ rule: 'parse-error', file: SPEC, line: 4, column: 1 })]);
      expect(await check({ [SPEC]: '{\n  "title": "x",\n  "title": "y",\n  "criteria": []\n}\n' })).toEqual([expect.objectContaining({ rule: 'parse-error', file: SPEC, line: 3, column: 3, message: expect.stringContaining('duplicate key "title"') })]);
    });

    it('reports a syntax error in an example even when it has no schema, or its schema is broken', async () => {
      expect(await check({ 'templates/examples/orphan.example.json': '{"a": 1,}' })).toEqual([
        expect.objectContaining({ rule: 'example-schema-missing', file: 'templates/examples/orphan.example.json' }),
        expect.objectContaining({ rule: 'parse-error', file: 'templates/examples/orphan.example.json', line: 1, column: 9 })
      ]);
      const findings = await check({ 'schemas/spec.schema.json': '{"type": 5}', [SPEC]: '{"title": "x",}' });
      expect(findings.map((f) => [f.rule, f.file])).toEqual(expect.arrayContaining([['schema-invalid', 'schemas/spec.schema.json'], ['parse-error', SPEC]]));
    });

    it('reports a schema that does not compile once, at the schema file', async () => {
      const broken = '{\n  "type": "object",\n  "properties": { "title": { "type": "text" } }\n}\n';
      const findings = await check({ 'schemas/spec.schema.json': broken });
      expect(findings).toEqual([expect.objectContaining({ rule: 'schema-invalid', file: 'schemas/spec.schema.json', ...pos(broken, '"text"') })]);
    });

    it('does not crash when two schemas share an $id', async () => {
      const copy = JSON.stringify({ $id: 'https://demo.test/schemas/spec.schema.json', type: 'object' });
      const findings = await check({ 'schemas/copy.schema.json': copy });
      expect(findings).toEqual([expect.objectContaining({ rule: 'schema-id-duplicate', severity: 'warning' })]);
    });
  });

  describe('configured mappings', () => {
    const CONFIG = '.kit-guard.yaml';
    const SCHEMA = JSON.stringify({ type: 'object', required: ['owner'], properties: { owner: { type: 'string' }, size: { type: 'integer' } } });

    it('validates YAML, JSON and Markdown front matter files that match the globs', async () => {
      const config = 'schema:\n  mappings:\n    - files: ["config/**"]\n      schema: schemas/config.json\n';
      const findings = await check({
        [CONFIG]: config,
        'schemas/config.json': SCHEMA,
        'config/ok.yaml': 'owner: me\n',
        'config/bad.yaml': 'owner: me\nsize: big\n',
        'config/bad.json': '{\n  "size": 2\n}',
        'config/page.md': '---\nowner: 5\n---\ntext\n',
        'config/plain.md': 'no front matter\n',
        'config/image.png': 'binary'
      });
      expect(findings).toEqual([
        // a JSON object is a flow mapping: a missing property is reported at its `{`
        expect.objectContaining({ rule: 'mapping-invalid', file: 'config/bad.json', line: 1, column: 1 }),
        expect.objectContaining({ rule: 'mapping-invalid', file: 'config/bad.yaml', line: 2, column: 7 }),
        expect.objectContaining({ rule: 'mapping-invalid', file: 'config/page.md', line: 2, column: 8 }),
        expect.objectContaining({ rule: 'mapping-invalid', file: 'config/plain.md', line: 1, column: 1 })
      ]);
    });

    it('validates against built-in schemas', async () => {
      const config = 'schema:\n  mappings:\n    - files: ["extra/*.yaml"]\n      schema: builtin:hook\n';
      const findings = await check({ [CONFIG]: config, 'extra/h.yaml': SEED_LIKE_HOOK.replace('mode: capture', 'mode: explode') });
      expect(findings).toEqual([expect.objectContaining({ rule: 'mapping-invalid', file: 'extra/h.yaml', ...pos(SEED_LIKE_HOOK, 'capture') })]);
    });

    it('reports a missing mapped schema at the mapping in the configuration', async () => {
      const config = 'schema:\n  mappings:\n    - files: ["config/*.yaml"]\n      schema: schemas/nope.json\n    - files: ["config/*.yaml"]\n      schema: builtin:nope\n';
      const findings = await check({ [CONFIG]: config, 'config/a.yaml': 'owner: me\n' });
      expect(findings).toEqual([
        expect.objectContaining({ rule: 'mapping-schema-missing', file: CONFIG, line: 4, column: 15 }),
        expect.objectContaining({ rule: 'mapping-schema-missing', file: CONFIG, line: 6, column: 15, fix: expect.stringContaining('builtin:hook') })
      ]);
    });

    it('refuses a mapped schema outside the repository', async () => {
      const config = 'schema:\n  mappings:\n    - files: ["config/*.yaml"]\n      schema: ../secrets.json\n';
      expect(await check({ [CONFIG]: config, 'config/a.yaml': 'owner: me\n' })).toEqual([expect.objectContaining({ rule: 'path-outside-repo', file: CONFIG, line: 4, column: 15 })]);
    });

    it('warns about a mapping that matches no file', async () => {
      const config = 'schema:\n  mappings:\n    - files: ["nowhere/*.yaml"]\n      schema: schemas/config.json\n';
      expect(await check({ [CONFIG]: config, 'schemas/config.json': SCHEMA })).toEqual([expect.objectContaining({ rule: 'mapping-no-files', severity: 'warning', file: CONFIG, line: 3, column: 14 })]);
    });
  });

  describe('bounds', () => {
    it('refuses files over the size limit with a finding instead of reading them', async () => {
      const big = `# reviewer\n\n${'control plane '.repeat(400)}\n`;
      const findings = await check({ 'roles/reviewer.md': big }, { maxFileBytes: 4000 });
      expect(findings).toEqual([expect.objectContaining({ rule: 'file-too-large', file: 'roles/reviewer.md' })]);
    });

    it('refuses an oversized manifest without calling it missing', async () => {
      const findings = await check({ [MANIFEST]: `${SEED_LIKE_MANIFEST}# ${'padding '.repeat(600)}\n` }, { maxFileBytes: 4000 });
      expect(findings).toEqual([expect.objectContaining({ rule: 'file-too-large', severity: 'error', file: MANIFEST })]);
    });
  });
});

describe('findTermOccurrences', () => {
  it('matches case-insensitively on word boundaries, only where the term has word characters at its ends', () => {
    expect(findTermOccurrences('An Elixir app; elixirs; preElixir; elixir.', 'elixir')).toEqual([3, 35]);
    expect(findTermOccurrences('Use the web UI, not web UIs.', 'web UI')).toEqual([8]);
    expect(findTermOccurrences('call c++ or c++17', 'C++')).toEqual([5, 12]);
    expect(findTermOccurrences('nothing here', '')).toEqual([]);
  });

  it('treats regular-expression characters in the term as plain text', () => {
    expect(findTermOccurrences('a.*b and axxb', 'a.*b')).toEqual([0]);
    expect(findTermOccurrences('(x|y) x', '(x|y)')).toEqual([0]);
  });

  it('keeps offsets when lower-casing would change the length', () => {
    expect(findTermOccurrences('İstanbul web ui', 'web ui')).toEqual([9]);
  });
});

describe('exampleSchemaCandidates', () => {
  it('tries the name, the -artifact form, then shorter names', () => {
    expect(exampleSchemaCandidates('subtask-status-failed')).toEqual([
      'subtask-status-failed.schema.json',
      'subtask-status-failed-artifact.schema.json',
      'subtask-status.schema.json',
      'subtask-status-artifact.schema.json',
      'subtask.schema.json',
      'subtask-artifact.schema.json'
    ]);
  });
});
