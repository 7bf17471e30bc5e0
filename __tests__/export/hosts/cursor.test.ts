import { afterAll, describe, expect, it } from '@jest/globals';
import { cleanupFolders } from '../../helpers/folder.js';
import { body, compile, content, expectActionable, expectValid, findings, fixtureKit, frontMatter, json, paths } from './kit.js';

afterAll(cleanupFolders);

describe('cursor export', () => {
  it('generates AGENTS.md, the always-applied rule, agents, skills, commands and hooks.json', () => {
    const c = compile('cursor');
    expect(paths(c)).toEqual([
      '.cursor/agents/planner.md',
      '.cursor/agents/reviewer.md',
      '.cursor/commands/plan-review.md',
      '.cursor/commands/ship.md',
      '.cursor/hooks.json',
      '.cursor/rules/acme-core.mdc',
      '.cursor/skills/plan-review/SKILL.md',
      '.cursor/skills/release-notes/SKILL.md',
      '.cursor/skills/release-notes/template.md',
      '.cursor/skills/ship/SKILL.md',
      'AGENTS.md',
      'hooks/session-start'
    ]);
    expectValid(c);
    expectActionable(c);
  });

  it('writes an Always rule: alwaysApply true and no globs', () => {
    const rule = frontMatter(compile('cursor'), '.cursor/rules/acme-core.mdc');
    expect(rule).toEqual({ description: 'Acme Kit project instructions', alwaysApply: true });
  });

  it('writes subagents with name, description and model, dropping the tool list with a notice', () => {
    const c = compile('cursor');
    expect(frontMatter(c, '.cursor/agents/reviewer.md')).toEqual({
      name: 'reviewer',
      description: 'Reviews a change against its spec and reports blocking findings first.',
      model: 'inherit'
    });
    expect(findings(c, 'lossy', 'roles/reviewer.md').map((f) => f.message)).toEqual(['Cursor: subagents have no tool list; the tools of roles/reviewer.md were left out']);
    const readOnly = compile('cursor', fixtureKit({ 'roles/reviewer.md': '---\ndescription: Reads.\ntools: [Read, Grep, WebSearch]\n---\n\nRead.\n' }));
    expect(frontMatter(readOnly, '.cursor/agents/reviewer.md')).toEqual({ name: 'reviewer', description: 'Reads.', readonly: true });
  });

  it('exports workflows as user-only skills and plain-Markdown commands without placeholders', () => {
    const c = compile('cursor');
    expect(frontMatter(c, '.cursor/skills/ship/SKILL.md')).toEqual({ name: 'ship', description: 'Prepare a release of the kit.', 'disable-model-invocation': true });
    expect(body(c, '.cursor/skills/ship/SKILL.md')).not.toContain('$ARGUMENTS');
    const command = content(c, '.cursor/commands/ship.md');
    expect(command.startsWith('# ship\n')).toBe(true);
    expect(command).toBe("# ship\n\nBump the version to the user's arguments, update the changelog and tag the release.\n");
    expect(findings(c, 'lossy', 'workflows/ship.md').map((f) => f.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('since Cursor skills and commands have no argument placeholders')])
    );
  });

  it('writes hooks as flat lists per camelCase event with version 1', () => {
    expect(json(compile('cursor'), '.cursor/hooks.json')).toEqual({
      version: 1,
      hooks: {
        preToolUse: [{ command: 'acme hook protected_path_write_guard', matcher: 'Write|Edit', timeout: 10 }],
        sessionStart: [{ command: 'sh ./hooks/session-start' }],
        stop: [{ command: './scripts/harvest.sh', timeout: 30 }]
      }
    });
  });

  it('leaves out a hook on an event Cursor lacks, with a lossy notice', () => {
    const kit = fixtureKit({ 'hooks/definitions/notify.yaml': 'id: notify\ntrigger: custom\nevent: Notification\ndescription: Ping.\n' });
    const c = compile('cursor', kit);
    const lossy = findings(c, 'lossy', 'hooks/definitions/notify.yaml');
    expect(lossy.map((f) => f.message)).toEqual(['Cursor: hook notify runs on Notification, which Cursor has no event for; it was left out']);
    expect(lossy[0]).toMatchObject({ severity: 'notice', line: 3 });
    expect(content(c, '.cursor/hooks.json')).not.toContain('notify');
    expectValid(c);
  });

  it('accepts a Cursor-only event through events.cursor', () => {
    const kit = fixtureKit({ 'hooks/definitions/shell_guard.yaml': 'id: shell_guard\ntrigger: custom\ndescription: d\nevents:\n  cursor: beforeShellExecution\n' });
    const c = compile('cursor', kit);
    expect((json(c, '.cursor/hooks.json').hooks as Record<string, unknown>).beforeShellExecution).toEqual([{ command: 'acme hook shell_guard' }]);
    expectValid(c);
  });
});
