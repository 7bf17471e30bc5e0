import { afterAll, describe, expect, it } from '@jest/globals';
import { GENERATED_INSTRUCTIONS_MARKER } from '../../../src/export/canonical.js';
import { cleanupFolders } from '../../helpers/folder.js';
import { body, compile, content, expectActionable, expectValid, findings, fixtureKit, frontMatter, json, paths } from './kit.js';

afterAll(cleanupFolders);

describe('claude export', () => {
  it('generates the native files of the fixture kit', () => {
    const c = compile('claude');
    expect(c.root).toBe('exports/hosts/claude');
    expect(paths(c)).toEqual([
      '.claude/agents/planner.md',
      '.claude/agents/reviewer.md',
      '.claude/settings.json',
      '.claude/skills/plan-review/SKILL.md',
      '.claude/skills/release-notes/SKILL.md',
      '.claude/skills/release-notes/template.md',
      '.claude/skills/ship/SKILL.md',
      'AGENTS.md',
      'CLAUDE.md',
      'hooks/session-start'
    ]);
    expectValid(c);
    expectActionable(c);
  });

  it('bridges CLAUDE.md to AGENTS.md and generates AGENTS.md from the manifest when the kit has none', () => {
    const c = compile('claude');
    expect(content(c, 'CLAUDE.md')).toBe('@AGENTS.md\n');
    const agents = content(c, 'AGENTS.md');
    expect(agents.startsWith(`${GENERATED_INSTRUCTIONS_MARKER}\n\n# Acme Kit\n\nA small kit for testing host exports.\n`)).toBe(true);
    expect(agents).toContain('- `reviewer`: Reviews a change against its spec and reports blocking findings first.\n');
    expect(agents).toContain('- `ship`: Prepare a release of the kit.\n');
    expect(agents).toContain('- `release-notes`: Write release notes from the changelog');
  });

  it('writes subagents with name, description, tools as a comma string and model', () => {
    const c = compile('claude');
    expect(frontMatter(c, '.claude/agents/reviewer.md')).toEqual({
      name: 'reviewer',
      description: 'Reviews a change against its spec and reports blocking findings first.',
      tools: 'Read, Grep, Glob, Bash',
      model: 'inherit'
    });
    expect(body(c, '.claude/agents/reviewer.md')).toContain('Read the diff and the spec.');
  });

  it('derives a missing description from the Purpose section and says so', () => {
    const c = compile('claude');
    expect(frontMatter(c, '.claude/agents/planner.md')).toEqual({
      name: 'planner',
      description: 'Turn the approved spec into an ordered plan with acceptance criteria and verification steps.'
    });
    const derived = findings(c, 'derived-field', 'roles/planner.md');
    expect(derived).toHaveLength(1);
    expect(derived[0]).toMatchObject({ check: 'export', severity: 'notice', file: 'roles/planner.md' });
    expect(derived[0]?.message).toContain('.claude/agents/planner.md');
    expect(derived[0]?.message).toContain('`description`');
  });

  it('exports workflows as user-only skills, never as command files a skill of the same name would shadow', () => {
    const c = compile('claude');
    expect(frontMatter(c, '.claude/skills/ship/SKILL.md')).toEqual({
      name: 'ship',
      description: 'Prepare a release of the kit.',
      'disable-model-invocation': true,
      'argument-hint': '<version>'
    });
    expect(body(c, '.claude/skills/ship/SKILL.md')).toContain('Bump the version to $ARGUMENTS,');
    expect(paths(c).filter((p) => p.startsWith('.claude/commands/'))).toEqual([]);
    expect(findings(c, 'legacy-command-shadowed')).toEqual([expect.objectContaining({ severity: 'notice', file: 'wazir.manifest.yaml' })]);
    const without = compile('claude', fixtureKit(), { legacyCommands: false });
    expect(paths(without).filter((p) => p.startsWith('.claude/commands/'))).toEqual([]);
  });

  it('copies skills with their supporting files', () => {
    const c = compile('claude');
    expect(frontMatter(c, '.claude/skills/release-notes/SKILL.md')).toEqual({
      name: 'release-notes',
      description: "Write release notes from the changelog's Unreleased section."
    });
    expect(content(c, '.claude/skills/release-notes/template.md')).toBe('# Release {{version}}\n\n## Highlights\n');
  });

  it('merges hooks into settings.json as matcher groups with seconds and $CLAUDE_PROJECT_DIR', () => {
    const c = compile('claude');
    expect(json(c, '.claude/settings.json')).toEqual({
      hooks: {
        PreToolUse: [{ matcher: 'Write|Edit', hooks: [{ type: 'command', command: 'acme hook protected_path_write_guard', timeout: 10 }] }],
        SessionStart: [{ hooks: [{ type: 'command', command: 'sh "$CLAUDE_PROJECT_DIR"/hooks/session-start' }] }],
        Stop: [{ hooks: [{ type: 'command', command: '"$CLAUDE_PROJECT_DIR"/scripts/harvest.sh', timeout: 30 }] }]
      }
    });
    const settings = c.files.find((f) => f.path === '.claude/settings.json');
    expect(settings?.sources).toEqual([
      'hooks/definitions/protected_path_write_guard.yaml',
      'hooks/definitions/session_start.yaml',
      'hooks/definitions/stop_handoff_harvest.yaml'
    ]);
  });

  it('reports a hook whose trigger maps to no event as lossy and leaves it out', () => {
    const kit = fixtureKit({
      'hooks/definitions/nightly_digest.yaml': 'id: nightly_digest\ntrigger: nightly_digest\ndescription: Summarise the day.\n'
    });
    const c = compile('claude', kit);
    const lossy = findings(c, 'lossy', 'hooks/definitions/nightly_digest.yaml');
    expect(lossy).toHaveLength(1);
    expect(lossy[0]).toMatchObject({ severity: 'notice', line: 2 });
    expect(lossy[0]?.message).toBe('Claude Code: hook nightly_digest has trigger "nightly_digest", which maps to no hook event; it was left out');
    expect(content(c, '.claude/settings.json')).not.toContain('nightly_digest');
    expectValid(c);
  });

  it('honours a per-host event override and rejects an event the host does not have', () => {
    const kit = fixtureKit({
      'hooks/definitions/digest.yaml': 'id: digest\ntrigger: nightly_digest\ndescription: d\nevents:\n  claude: SessionEnd\n  codex: Bogus\n'
    });
    const claude = compile('claude', kit);
    expect((json(claude, '.claude/settings.json').hooks as Record<string, unknown>).SessionEnd).toEqual([{ hooks: [{ type: 'command', command: 'acme hook digest' }] }]);
    const codex = compile('codex', kit);
    const unknown = findings(codex, 'unknown-hook-event', 'hooks/definitions/digest.yaml');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatchObject({ severity: 'warning', line: 6 });
    expect(content(codex, '.codex/hooks.json')).not.toContain('digest"');
  });

  it('passes untranslated front matter and the claude: section through', () => {
    const kit = fixtureKit({
      'roles/reviewer.md': '---\ndescription: Reviews.\ncolor: blue\nclaude:\n  maxTurns: 5\n---\n\nReview.\n'
    });
    const c = compile('claude', kit);
    expect(frontMatter(c, '.claude/agents/reviewer.md')).toEqual({ name: 'reviewer', description: 'Reviews.', color: 'blue', maxTurns: 5 });
    expectValid(c);
  });
});
