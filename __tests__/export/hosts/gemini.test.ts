import { afterAll, describe, expect, it } from '@jest/globals';
import { cleanupFolders } from '../../helpers/folder.js';
import { compile, content, expectActionable, expectValid, findings, fixtureKit, frontMatter, json, paths, toml } from './kit.js';

afterAll(cleanupFolders);

describe('gemini export', () => {
  it('generates AGENTS.md with its GEMINI.md bridge, settings, agents, TOML commands and skills', () => {
    const c = compile('gemini');
    expect(paths(c)).toEqual([
      '.gemini/agents/planner.md',
      '.gemini/agents/reviewer.md',
      '.gemini/commands/plan-review.toml',
      '.gemini/commands/ship.toml',
      '.gemini/settings.json',
      '.gemini/skills/release-notes/SKILL.md',
      '.gemini/skills/release-notes/template.md',
      'AGENTS.md',
      'GEMINI.md',
      'hooks/session-start'
    ]);
    expectValid(c);
    expectActionable(c);
  });

  it('loads AGENTS.md through the nested context.fileName key, never the stale contextFileName', () => {
    const settings = json(compile('gemini'), '.gemini/settings.json');
    expect(settings.context).toEqual({ fileName: ['AGENTS.md', 'GEMINI.md'] });
    expect(settings).not.toHaveProperty('contextFileName');
    expect(Object.keys(settings)).toEqual(['context', 'hooks']);
  });

  it('translates hook events, matchers, milliseconds and the project-dir variable', () => {
    const hooks = json(compile('gemini'), '.gemini/settings.json').hooks;
    expect(hooks).toEqual({
      AfterAgent: [
        {
          hooks: [
            { type: 'command', name: 'stop_handoff_harvest', command: '"$GEMINI_PROJECT_DIR"/scripts/harvest.sh', timeout: 30000, description: 'Collect the handoff notes when the agent stops.' }
          ]
        }
      ],
      BeforeTool: [
        {
          matcher: 'replace|write_file',
          hooks: [{ type: 'command', name: 'protected_path_write_guard', command: 'acme hook protected_path_write_guard', timeout: 10000, description: 'Refuse writes to protected paths.' }]
        }
      ],
      SessionStart: [{ hooks: [{ type: 'command', name: 'session_start', command: 'sh "$GEMINI_PROJECT_DIR"/hooks/session-start', description: 'Print the bootstrap summary for a new session.' }] }]
    });
  });

  it('writes subagents with a YAML list of Gemini tool names', () => {
    const c = compile('gemini');
    expect(frontMatter(c, '.gemini/agents/reviewer.md')).toEqual({
      name: 'reviewer',
      description: 'Reviews a change against its spec and reports blocking findings first.',
      tools: ['glob', 'grep_search', 'read_file', 'run_shell_command']
    });
    expect(content(c, '.gemini/agents/reviewer.md')).toContain('tools:\n  - glob\n');
  });

  it('drops a tool Gemini cannot map with a lossy notice at the tools line', () => {
    const c = compile('gemini', fixtureKit({ 'roles/reviewer.md': '---\ndescription: Reviews.\ntools: Read, NotebookEdit, Write\n---\n\nReview.\n' }));
    expect(frontMatter(c, '.gemini/agents/reviewer.md').tools).toEqual(['read_file', 'write_file']);
    const lossy = findings(c, 'lossy', 'roles/reviewer.md');
    expect(lossy).toHaveLength(1);
    expect(lossy[0]).toMatchObject({ severity: 'notice', line: 3 });
    expect(lossy[0]?.message).toBe('Gemini CLI: tool `NotebookEdit` of roles/reviewer.md has no Gemini CLI equivalent and was left out of the tool list');
    expectValid(c);
  });

  it('writes workflows as TOML commands with {{args}} and !{...} translated', () => {
    const c = compile('gemini', fixtureKit({ 'workflows/ship.md': '---\ndescription: Ship it.\n---\n\nRelease $ARGUMENTS now; first $1.\nStatus: !`git status`\n' }));
    expect(toml(c, '.gemini/commands/ship.toml')).toEqual({ description: 'Ship it.', prompt: 'Release {{args}} now; first {{args}}.\nStatus: !{git status}\n' });
    expect(findings(c, 'lossy', 'workflows/ship.md').map((f) => f.message)).toEqual([expect.stringContaining('positional placeholders')]);
    const fixture = compile('gemini');
    expect(toml(fixture, '.gemini/commands/plan-review.toml').description).toBe('Challenge the draft plan for gaps, hidden coupling and missing verification.');
    expect(findings(fixture, 'lossy', 'workflows/ship.md').map((f) => f.message)).toEqual([
      'Gemini CLI: front matter field `argument-hint` of workflows/ship.md has no equivalent in .gemini/commands/ship.toml and was left out'
    ]);
  });

  it('leaves out a hook on an event Gemini lacks and a matcher with no Gemini tool', () => {
    const kit = fixtureKit({
      'hooks/definitions/subagent_done.yaml': 'id: subagent_done\ntrigger: x\nevent: SubagentStop\ndescription: d\n',
      'hooks/definitions/task_guard.yaml': 'id: task_guard\ntrigger: pre_tool_capture_route\nmatcher: Task\ndescription: d\n'
    });
    const c = compile('gemini', kit);
    expect(findings(c, 'lossy', 'hooks/definitions/subagent_done.yaml').map((f) => f.message)).toEqual([
      'Gemini CLI: hook subagent_done runs on SubagentStop, which Gemini CLI has no event for; it was left out'
    ]);
    const task = findings(c, 'lossy', 'hooks/definitions/task_guard.yaml');
    expect(task.map((f) => f.message)).toEqual(['Gemini CLI: hook task_guard: no tool of matcher "Task" has a Gemini equivalent, so the hook was left out']);
    expect(task[0]?.line).toBe(3);
    const text = content(c, '.gemini/settings.json');
    expect(text).not.toContain('subagent_done');
    expect(text).not.toContain('task_guard');
    expectValid(c);
  });

  describe('in a native tree shared with Codex', () => {
    const shared = { layout: 'native' as const, targets: ['codex', 'gemini'] as const };

    it('disables the workflows Codex writes as skills, so each reaches Gemini once, as its command; the notice names them', () => {
      const c = compile('gemini', fixtureKit(), { ...shared, targets: [...shared.targets] });
      const settings = json(c, '.gemini/settings.json');
      expect(settings.skills).toEqual({ disabled: ['plan-review', 'ship'] });
      expect(paths(c)).toEqual(expect.arrayContaining(['.gemini/commands/plan-review.toml', '.gemini/commands/ship.toml']));
      expect(paths(c).filter((p) => p.startsWith('.gemini/skills/'))).toEqual([]);
      // the kit's own skill stays enabled: Gemini reads it once, from .agents/skills
      expect(JSON.stringify(settings.skills)).not.toContain('release-notes');
      const overlap = findings(c, 'host-overlap').map((f) => f.message);
      expect(overlap).toContainEqual(expect.stringMatching(/skills\.disabled in \.gemini\/settings\.json \(plan-review, ship\)/));
      // the settings file changes when a workflow does
      expect(c.files.find((f) => f.path === '.gemini/settings.json')?.sources).toEqual(expect.arrayContaining(['workflows/plan-review.md', 'workflows/ship.md']));
      expectValid(c);
    });

    it('disables nothing without Codex, in the package layout, or for a workflow whose name a kit skill keeps', () => {
      expect(json(compile('gemini', fixtureKit(), { layout: 'native', targets: ['gemini', 'claude'] }), '.gemini/settings.json')).not.toHaveProperty('skills');
      expect(json(compile('gemini', fixtureKit(), { layout: 'package', targets: ['codex', 'gemini'] }), '.gemini/settings.json')).not.toHaveProperty('skills');
      const paired = fixtureKit({ 'skills/ship/SKILL.md': '---\nname: ship\ndescription: Ship as a skill.\n---\n\nShip.\n' });
      expect(json(compile('gemini', paired, { ...shared, targets: [...shared.targets] }), '.gemini/settings.json').skills).toEqual({ disabled: ['plan-review'] });
    });
  });
});
