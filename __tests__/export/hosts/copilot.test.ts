import { afterAll, describe, expect, it } from '@jest/globals';
import { cleanupFolders } from '../../helpers/folder.js';
import { body, compile, content, expectActionable, expectValid, findings, fixtureKit, frontMatter, json, paths } from './kit.js';

afterAll(cleanupFolders);

describe('copilot export', () => {
  it('generates AGENTS.md, copilot-instructions, agents, skills, prompt files and a hooks file', () => {
    const c = compile('copilot');
    expect(paths(c)).toEqual([
      '.github/agents/planner.agent.md',
      '.github/agents/reviewer.agent.md',
      '.github/copilot-instructions.md',
      '.github/hooks/acme.json',
      '.github/prompts/plan-review.prompt.md',
      '.github/prompts/ship.prompt.md',
      '.github/skills/plan-review/SKILL.md',
      '.github/skills/release-notes/SKILL.md',
      '.github/skills/release-notes/template.md',
      '.github/skills/ship/SKILL.md',
      'AGENTS.md',
      'hooks/session-start'
    ]);
    expectValid(c);
    expectActionable(c);
  });

  it('keeps copilot-instructions.md free of front matter', () => {
    const text = content(compile('copilot'), '.github/copilot-instructions.md');
    expect(text.startsWith('# Acme Kit\n')).toBe(true);
    expect(text).toContain('AGENTS.md');
  });

  it('writes custom agents with Copilot tool aliases', () => {
    const c = compile('copilot');
    expect(frontMatter(c, '.github/agents/reviewer.agent.md')).toEqual({
      name: 'reviewer',
      description: 'Reviews a change against its spec and reports blocking findings first.',
      tools: ['execute', 'read', 'search']
    });
    expect(frontMatter(c, '.github/agents/planner.agent.md')).toEqual({
      name: 'planner',
      description: 'Turn the approved spec into an ordered plan with acceptance criteria and verification steps.'
    });
  });

  it('drops a tool without a Copilot alias with a lossy notice', () => {
    const c = compile('copilot', fixtureKit({ 'roles/reviewer.md': '---\ndescription: Reviews.\ntools:\n  - Read\n  - KillShell\n---\n\nReview.\n' }));
    expect(frontMatter(c, '.github/agents/reviewer.agent.md').tools).toEqual(['read']);
    expect(findings(c, 'lossy', 'roles/reviewer.md')).toEqual([
      expect.objectContaining({ line: 3, message: 'GitHub Copilot: tool `KillShell` of roles/reviewer.md has no GitHub Copilot equivalent and was left out of the tool list' })
    ]);
  });

  it('exports workflows as user-only skills and prompt files with ${input:args}', () => {
    const c = compile('copilot');
    expect(frontMatter(c, '.github/skills/ship/SKILL.md')).toEqual({
      name: 'ship',
      description: 'Prepare a release of the kit.',
      'disable-model-invocation': true,
      'argument-hint': '<version>'
    });
    expect(frontMatter(c, '.github/prompts/ship.prompt.md')).toEqual({ description: 'Prepare a release of the kit.', agent: 'agent', 'argument-hint': '<version>' });
    expect(body(c, '.github/prompts/ship.prompt.md')).toContain('Bump the version to ${input:args},');
    expect(paths(compile('copilot', fixtureKit(), { legacyCommands: false })).filter((p) => p.includes('/prompts/'))).toEqual([]);
  });

  it('writes hooks as flat lists with bash and timeoutSec, and reports the matcher it cannot carry', () => {
    const c = compile('copilot');
    expect(json(c, '.github/hooks/acme.json')).toEqual({
      version: 1,
      hooks: {
        agentStop: [{ type: 'command', bash: './scripts/harvest.sh', timeoutSec: 30 }],
        preToolUse: [{ type: 'command', bash: 'acme hook protected_path_write_guard', timeoutSec: 10 }],
        sessionStart: [{ type: 'command', bash: 'sh ./hooks/session-start' }]
      }
    });
    const lossy = findings(c, 'lossy', 'hooks/definitions/protected_path_write_guard.yaml');
    expect(lossy).toHaveLength(1);
    expect(lossy[0]?.message).toContain('"Write|Edit" was left out');
    expect(lossy[0]?.line).toBe(2);
  });

  it('leaves out a hook on an event Copilot lacks, with a lossy notice', () => {
    const c = compile('copilot', fixtureKit({ 'hooks/definitions/compacted.yaml': 'id: compacted\ntrigger: x\nevent: PostCompact\ndescription: d\n' }));
    expect(findings(c, 'lossy', 'hooks/definitions/compacted.yaml').map((f) => f.message)).toEqual([
      'GitHub Copilot: hook compacted runs on PostCompact, which GitHub Copilot has no event for; it was left out'
    ]);
    expectValid(c);
  });
});
