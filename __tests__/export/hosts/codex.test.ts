import { afterAll, describe, expect, it } from '@jest/globals';
import { cleanupFolders } from '../../helpers/folder.js';
import { compile, content, expectActionable, expectValid, findings, fixtureKit, frontMatter, json, paths, toml } from './kit.js';

afterAll(cleanupFolders);

describe('codex export', () => {
  it('generates AGENTS.md, TOML agents, skills in .agents/skills and hooks.json', () => {
    const c = compile('codex');
    expect(paths(c)).toEqual([
      '.agents/skills/plan-review/SKILL.md',
      '.agents/skills/release-notes/SKILL.md',
      '.agents/skills/release-notes/template.md',
      '.agents/skills/ship/SKILL.md',
      '.codex/agents/planner.toml',
      '.codex/agents/reviewer.toml',
      '.codex/hooks.json',
      'AGENTS.md'
    ]);
    expectValid(c);
    expectActionable(c);
  });

  it('writes custom agents with name, description and developer_instructions', () => {
    const c = compile('codex');
    const planner = toml(c, '.codex/agents/planner.toml');
    expect(Object.keys(planner)).toEqual(['name', 'description', 'developer_instructions']);
    expect(planner.name).toBe('planner');
    expect(planner.description).toBe('Turn the approved spec into an ordered plan with acceptance criteria and verification steps.');
    expect(String(planner.developer_instructions).startsWith('# planner\n\n## Purpose\n')).toBe(true);
    expect(findings(c, 'derived-field', 'roles/planner.md')[0]?.message).toContain('.codex/agents/planner.toml');
  });

  it('drops the tool list (no Codex equivalent) with a lossy notice and maps read-only tools to sandbox_mode', () => {
    const c = compile('codex');
    const lossy = findings(c, 'lossy', 'roles/reviewer.md');
    expect(lossy).toHaveLength(1);
    expect(lossy[0]).toMatchObject({ severity: 'notice', line: 3 });
    expect(lossy[0]?.message).toBe('Codex CLI: custom agents have no tool list; the tools of roles/reviewer.md were left out');
    expect(toml(c, '.codex/agents/reviewer.toml').sandbox_mode).toBeUndefined();

    const readOnly = compile('codex', fixtureKit({ 'roles/reviewer.md': '---\ndescription: Reads.\ntools: [Read, Grep]\nmodel: sonnet\n---\n\nRead only.\n' }));
    const agent = toml(readOnly, '.codex/agents/reviewer.toml');
    expect(agent.sandbox_mode).toBe('read-only');
    expect(agent.model).toBeUndefined();
    const model = findings(readOnly, 'lossy', 'roles/reviewer.md').find((f) => f.message.includes('model'));
    expect(model).toMatchObject({ line: 4, message: 'Codex CLI: model "sonnet" of roles/reviewer.md is a Claude model and was left out (the host\'s default model is used)' });
    expectValid(readOnly);
  });

  it('exports workflows as skills with placeholders removed, and explains what Codex lacks', () => {
    const c = compile('codex');
    expect(frontMatter(c, '.agents/skills/ship/SKILL.md')).toEqual({ name: 'ship', description: 'Prepare a release of the kit.' });
    expect(content(c, '.agents/skills/ship/SKILL.md')).toContain("Bump the version to the user's arguments,");
    const ship = findings(c, 'lossy', 'workflows/ship.md').map((f) => f.message);
    expect(ship).toEqual(
      expect.arrayContaining([
        expect.stringContaining('since Codex skills have no argument placeholders'),
        expect.stringContaining('skills have no flag that keeps a workflow user-invoked'),
        'Codex CLI: front matter field `argument-hint` of workflows/ship.md has no equivalent in .agents/skills/ship/SKILL.md and was left out'
      ])
    );
    const prompts = findings(c, 'lossy', 'wazir.manifest.yaml');
    expect(prompts).toHaveLength(1);
    expect(prompts[0]?.message).toContain('~/.codex/prompts');
    expect(findings(compile('codex', fixtureKit(), { legacyCommands: false }), 'lossy', 'wazir.manifest.yaml')).toEqual([]);
  });

  it('writes hooks as nested matcher groups, using the wrapper for wrapper_command and the repo root for scripts', () => {
    const c = compile('codex');
    expect(json(c, '.codex/hooks.json')).toEqual({
      hooks: {
        PreToolUse: [{ matcher: 'Write|Edit', hooks: [{ type: 'command', command: 'acme hook protected_path_write_guard', timeout: 10 }] }],
        SessionStart: [{ hooks: [{ type: 'command', command: 'acme hook session_start' }] }],
        Stop: [{ hooks: [{ type: 'command', command: '"$(git rev-parse --show-toplevel)"/scripts/harvest.sh', timeout: 30 }] }]
      }
    });
    expect(findings(c, 'trust-gate').map((f) => f.message.split(':')[1]?.trim())).toEqual(['.codex/agents', '.codex/hooks.json']);
  });

  it('leaves out a hook on an event Codex lacks, with a lossy notice', () => {
    const kit = fixtureKit({ 'hooks/definitions/notify.yaml': 'id: notify\ntrigger: custom_notify\nevent: Notification\ndescription: Ping.\n' });
    const c = compile('codex', kit);
    const lossy = findings(c, 'lossy', 'hooks/definitions/notify.yaml');
    expect(lossy).toHaveLength(1);
    expect(lossy[0]?.message).toBe('Codex CLI: hook notify runs on Notification, which Codex CLI has no event for; it was left out');
    expect(lossy[0]?.line).toBe(3);
    expect(content(c, '.codex/hooks.json')).not.toContain('notify');
    // Claude has the event
    expect(content(compile('claude', kit), '.claude/settings.json')).toContain('"Notification"');
  });

  it('refuses a role with a description but no instructions (developer_instructions is required)', () => {
    const c = compile('codex', fixtureKit({ 'roles/reviewer.md': '---\ndescription: Reviews.\n---\n' }));
    expect(paths(c)).not.toContain('.codex/agents/reviewer.toml');
    const missing = findings(c, 'missing-required-field', 'roles/reviewer.md');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ severity: 'error', line: 1 });
    expect(missing[0]?.message).toContain('`developer_instructions`');
  });
});
