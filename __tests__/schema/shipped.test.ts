import { describe, expect, it } from '@jest/globals';
import { parseYaml } from '../../src/parse/yaml.js';
import { readdirSync } from 'node:fs';
import { isShippedSchema, shippedSchema, shippedSchemaDir, shippedSchemaNames } from '../../src/schema/shipped.js';
import { compileSchema, getAjv } from '../../src/schema/validate.js';
import { SEED_LIKE_HOOK, SEED_LIKE_MANIFEST } from './seed-like.js';

const OWN = ['wazir-manifest', 'hook', 'skill-front-matter', 'role-front-matter', 'workflow-front-matter'];

function errorsOf(name: string, yaml: string): string[] {
  const parsed = parseYaml(yaml, { file: 'x.yaml' }, 'schema');
  expect(parsed.findings).toEqual([]);
  const validate = compileSchema(shippedSchema(name));
  validate(parsed.data);
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

describe('shipped schemas', () => {
  it('every file in schemas/ is valid against the 2020-12 meta-schema (compileSchema trusts them and skips that check)', () => {
    const names = readdirSync(shippedSchemaDir()).filter((f) => f.endsWith('.schema.json')).map((f) => f.slice(0, -'.schema.json'.length));
    expect(names).toEqual(expect.arrayContaining(shippedSchemaNames()));
    for (const name of names) {
      expect([name, getAjv().validateSchema(shippedSchema(name)), getAjv().errors ?? null]).toEqual([name, true, null]);
      expect(isShippedSchema(shippedSchema(name))).toBe(true);
    }
    expect(isShippedSchema(structuredClone(shippedSchema('hook')))).toBe(false);
  });

  it.each(OWN)('%s is a valid 2020-12 schema with an $id, a title and descriptions', (name) => {
    const schema = shippedSchema(name);
    expect(getAjv().validateSchema(schema)).toBe(true);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(`https://kit-guard.dev/schemas/${name}.schema.json`);
    expect(typeof schema.description).toBe('string');
    expect(() => compileSchema(schema)).not.toThrow();
  });

  describe('wazir-manifest', () => {
    it('accepts a seed-like manifest', () => {
      expect(errorsOf('wazir-manifest', SEED_LIKE_MANIFEST)).toEqual([]);
    });

    it('accepts copilot as a host and export target', () => {
      expect(errorsOf('wazir-manifest', SEED_LIKE_MANIFEST.replace('  - cursor\nworkflows', '  - cursor\n  - copilot\nworkflows'))).toEqual([]);
    });

    it('rejects manifest_version 1, unknown top-level keys, unknown hosts and a missing required path', () => {
      expect(errorsOf('wazir-manifest', SEED_LIKE_MANIFEST.replace('manifest_version: 2', 'manifest_version: 1'))).toEqual(['/manifest_version must be equal to constant']);
      expect(errorsOf('wazir-manifest', `${SEED_LIKE_MANIFEST}extra_key: 1\n`)).toEqual([' must NOT have additional properties']);
      expect(errorsOf('wazir-manifest', SEED_LIKE_MANIFEST.replace('  - gemini\n  - cursor\nworkflows', '  - gemini\n  - vscode\nworkflows'))).toEqual(['/hosts/3 must be equal to one of the allowed values']);
      expect(errorsOf('wazir-manifest', SEED_LIKE_MANIFEST.replace('  examples: examples\n', ''))).toEqual(["/paths must have required property 'examples'"]);
    });
  });

  describe('hook', () => {
    it('accepts a seed-like definition and the later seed triggers', () => {
      expect(errorsOf('hook', SEED_LIKE_HOOK)).toEqual([]);
      for (const trigger of ['context_mode_router', 'stop_pipeline_gate', 'pretooluse_pipeline_guard', 'pretooluse_dispatcher']) {
        expect(errorsOf('hook', SEED_LIKE_HOOK.replace('trigger: session_start', `trigger: ${trigger}`))).toEqual([]);
      }
    });

    it('accepts the optional export fields', () => {
      expect(errorsOf('hook', `${SEED_LIKE_HOOK}event: PreToolUse\nmatcher: [Write, Edit]\ncommand: ./hooks/run\ntimeout: 30\nevents:\n  cursor: null\n`)).toEqual([]);
    });

    it('rejects an unknown trigger, failure mode and key', () => {
      expect(errorsOf('hook', SEED_LIKE_HOOK.replace('trigger: session_start', 'trigger: on_save'))).toEqual(['/trigger must be equal to one of the allowed values']);
      expect(errorsOf('hook', SEED_LIKE_HOOK.replace('mode: capture', 'mode: ignore'))).toEqual(['/failure_behavior/mode must be equal to one of the allowed values']);
      expect(errorsOf('hook', `${SEED_LIKE_HOOK}priority: 1\n`)).toEqual([' must NOT have additional properties']);
    });
  });

  describe('front matter', () => {
    it('skills need a name and a description; namespaced names and host fields are fine', () => {
      expect(errorsOf('skill-front-matter', 'name: wz:brainstorming\ndescription: Use before building anything.\nallowed-tools: Read, Grep\n')).toEqual([]);
      expect(errorsOf('skill-front-matter', 'name: demo\n')).toEqual(["must have required property 'description'"].map((m) => ` ${m}`));
      expect(errorsOf('skill-front-matter', `name: demo\ndescription: ${'x'.repeat(1025)}\n`)).toEqual(['/description must NOT have more than 1024 characters']);
    });

    it('roles accept every field as optional, tools as a string or a list, and host sections', () => {
      expect(errorsOf('role-front-matter', '{}')).toEqual([]);
      expect(errorsOf('role-front-matter', 'description: Reviews changes.\ntools: Read, Grep\nmodel: sonnet\ncolor: blue\nunknown_field: kept\nclaude:\n  permissionMode: plan\n')).toEqual([]);
      expect(errorsOf('role-front-matter', 'tools: [Read, Grep]\narguments:\n  - name: target\n    description: what to review\n')).toEqual([]);
      expect(errorsOf('role-front-matter', 'maxTurns: many\n')).toEqual(['/maxTurns must be integer']);
    });

    it('workflows accept argument hints and host sections, and type what they know', () => {
      expect(errorsOf('workflow-front-matter', 'description: Plan the work.\nargument-hint: "[topic]"\ndisable-model-invocation: true\ngemini:\n  prompt_prefix: x\n')).toEqual([]);
      expect(errorsOf('workflow-front-matter', 'disable-model-invocation: "yes"\n')).toEqual(['/disable-model-invocation must be boolean']);
    });
  });
});
