import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildCanonicalKit, deriveDescription, GENERATED_INSTRUCTIONS_MARKER } from '../../src/export/canonical.js';
import { compileHost, compileKit, uniqueFindings } from '../../src/export/compile.js';
import { HOST_IDS } from '../../src/export/hosts/index.js';
import { loadKit } from '../../src/kit/load.js';
import { cleanupFolders, fixturePath, makeFolder } from '../helpers/folder.js';
import { EXPORT_FIXTURE, fixtureKit, paths } from './hosts/kit.js';
import { snapshot } from './writer-helpers.js';

afterAll(cleanupFolders);

const manifest = readFileSync(path.join(EXPORT_FIXTURE, 'wazir.manifest.yaml'), 'utf8');

describe('compileKit', () => {
  it('compiles every export target of the manifest, in its order, with package roots', () => {
    const result = compileKit(fixtureKit());
    expect(result.map((c) => c.host)).toEqual(['claude', 'codex', 'gemini', 'cursor', 'copilot']);
    expect(result.map((c) => c.root)).toEqual(HOST_IDS.map((h) => `exports/hosts/${h}`));
    expect(result.findings).toEqual([]);
    for (const c of result) {
      // the fixture's skill release-notes has the name of a Claude Code built-in command
      expect(c.findings.filter((f) => f.severity !== 'notice').map((f) => `${f.rule} ${f.file}`)).toEqual(c.host === 'claude' ? ['builtin-name skills/release-notes/SKILL.md'] : []);
      expect(c.sources).toEqual([
        'hooks/definitions/protected_path_write_guard.yaml',
        'hooks/definitions/session_start.yaml',
        'hooks/definitions/stop_handoff_harvest.yaml',
        'roles/planner.md',
        'roles/reviewer.md',
        'skills/release-notes/SKILL.md',
        'skills/release-notes/template.md',
        'wazir.manifest.yaml',
        'workflows/plan-review.md',
        'workflows/ship.md'
      ]);
    }
  });

  it('is deterministic: two compilations, and two checkouts in different folders, give identical output', () => {
    const first = compileKit(fixtureKit());
    const second = compileKit(fixtureKit());
    expect(second).toEqual(first);
    const elsewhere = compileKit(loadKit(makeFolder({ fixture: EXPORT_FIXTURE }).dir));
    expect(elsewhere.map((c) => c.files)).toEqual(first.map((c) => c.files));
    for (const c of first) expect(c.files.map((f) => f.path)).toEqual([...c.files.map((f) => f.path)].sort());
  });

  it('never writes: the repository is unchanged after compiling', () => {
    const repo = makeFolder({ fixture: EXPORT_FIXTURE });
    const before = snapshot(repo.dir);
    compileKit(loadKit(repo.dir));
    expect(snapshot(repo.dir)).toEqual(before);
  });

  it('reports an unknown host name as an error and compiles the others', () => {
    const kit = fixtureKit({ 'wazir.manifest.yaml': manifest.replace('export_targets:\n  - claude\n', 'export_targets:\n  - claude\n  - windsurf\n') });
    const result = compileKit(kit);
    expect(result.map((c) => c.host)).toEqual(['claude', 'codex', 'gemini', 'cursor', 'copilot']);
    expect(result.findings).toEqual([
      expect.objectContaining({ check: 'export', rule: 'unknown-host', severity: 'error', file: 'wazir.manifest.yaml', message: 'export_targets names "windsurf", which is not a host kit-guard exports to; it is skipped' })
    ]);
  });

  it('prefers exports.hosts from the configuration and its other export options', () => {
    const kit = fixtureKit({ '.kit-guard.yaml': 'exports:\n  hosts: [cursor]\n  legacyCommands: false\n  layout: native\n' });
    const result = compileKit(kit);
    expect(result.map((c) => c.host)).toEqual(['cursor']);
    expect(result[0]?.root).toBe('');
    expect(paths(result[0]!).some((p) => p.startsWith('.cursor/commands/'))).toBe(false);
  });

  it('says so when no host is configured', () => {
    const kit = fixtureKit({ 'wazir.manifest.yaml': manifest.replace(/export_targets:\n(  - \w+\n)+/, 'export_targets: []\n') });
    const result = compileKit(kit);
    expect(result).toHaveLength(0);
    expect(result.findings.map((f) => f.rule)).toEqual(['no-hosts']);
  });
});

describe('zero-configuration kits without front matter', () => {
  const seedLike = {
    'roles/reviewer.md': '# reviewer\n\n## Purpose\n\nReview changes for correctness.\n\n## Inputs\n\n- a diff\n',
    'workflows/ship.md': '# ship\n\nCut a release from the current main branch.\n\n## Steps\n\n1. Tag.\n'
  };

  it('compiles for every host with derived-field notices and valid output', () => {
    const result = compileKit(fixtureKit(seedLike));
    for (const c of result) {
      expect(c.findings.filter((f) => f.severity === 'error')).toEqual([]);
      const derived = c.findings.filter((f) => f.rule === 'derived-field').map((f) => f.file);
      expect(derived).toEqual(expect.arrayContaining(['roles/planner.md', 'roles/reviewer.md', 'workflows/plan-review.md', 'workflows/ship.md']));
    }
    const model = buildCanonicalKit(fixtureKit(seedLike));
    expect(model.roles.find((r) => r.id === 'reviewer')).toMatchObject({ description: 'Review changes for correctness.', descriptionDerivedFrom: 'purpose-section' });
    expect(model.workflows.find((w) => w.id === 'ship')).toMatchObject({ description: 'Cut a release from the current main branch.', descriptionDerivedFrom: 'first-paragraph' });
  });

  it('exports the seed fixture kit with no invalid files', () => {
    const result = compileKit(loadKit(fixturePath('kits', 'seed')));
    expect(result.length).toBeGreaterThan(0);
    for (const c of result) {
      expect(c.findings.filter((f) => f.rule === 'invalid-export')).toEqual([]);
      expect(c.files.some((f) => f.kind === 'role')).toBe(true);
    }
  });

  it('refuses a role with no text at all: missing-required-field naming the file, and no file', () => {
    const kit = fixtureKit({ 'roles/reviewer.md': '' });
    const expected: Record<string, string> = {
      claude: '.claude/agents/reviewer.md',
      codex: '.codex/agents/reviewer.toml',
      gemini: '.gemini/agents/reviewer.md',
      cursor: '.cursor/agents/reviewer.md',
      copilot: '.github/agents/reviewer.agent.md'
    };
    for (const c of compileKit(kit)) {
      expect(paths(c)).not.toContain(expected[c.host]);
      const missing = c.findings.filter((f) => f.rule === 'missing-required-field');
      expect(missing).toEqual([expect.objectContaining({ check: 'export', severity: 'error', file: 'roles/reviewer.md', line: 1 })]);
      expect(missing[0]?.message).toContain(expected[c.host]);
      expect(missing[0]?.message).toContain('roles/reviewer.md');
    }
  });

  it('refuses a role that is only a title', () => {
    const c = compileHost(fixtureKit({ 'roles/reviewer.md': '# reviewer\n\n## Notes\n' }), 'claude');
    expect(c.findings.filter((f) => f.rule === 'missing-required-field').map((f) => f.file)).toEqual(['roles/reviewer.md']);
    expect(paths(c)).not.toContain('.claude/agents/reviewer.md');
  });
});

describe('instructions and layouts', () => {
  it('generates the instructions by default, even when the kit repository has its own AGENTS.md for contributors', () => {
    const pkg = compileHost(fixtureKit({ 'AGENTS.md': '# Contributing\n\nRun the tests before a commit.\n' }), 'codex');
    const agents = pkg.files.find((f) => f.path === 'AGENTS.md');
    expect(agents?.content).toContain(GENERATED_INSTRUCTIONS_MARKER);
    expect(agents?.content).not.toContain('Run the tests');
    expect(agents?.sources).not.toContain('AGENTS.md');
  });

  it('exports the file named by exports.instructions, and reports one that cannot be read', () => {
    const own = fixtureKit({ 'AGENTS.md': '# Acme\n\nOwn instructions.\n', '.kit-guard.yaml': 'exports:\n  instructions: AGENTS.md\n' });
    expect(compileHost(own, 'codex').files.find((f) => f.path === 'AGENTS.md')).toEqual({ path: 'AGENTS.md', content: '# Acme\n\nOwn instructions.\n', kind: 'instructions', sources: ['AGENTS.md'] });
    const missing = compileHost(fixtureKit({ '.kit-guard.yaml': 'exports:\n  instructions: docs/nope.md\n' }), 'codex');
    expect(missing.findings).toContainEqual(expect.objectContaining({ rule: 'source-unreadable', severity: 'error', file: '.kit-guard.yaml' }));
    expect(missing.files.find((f) => f.path === 'AGENTS.md')?.content).toContain(GENERATED_INSTRUCTIONS_MARKER);
  });

  it('copies the configured AGENTS.md in the package layout and leaves it in place in the native layout', () => {
    const kit = fixtureKit({ 'AGENTS.md': '# Acme\n\nOwn instructions.\n', '.kit-guard.yaml': 'exports:\n  instructions: AGENTS.md\n' });
    const pkg = compileHost(kit, 'codex');
    const agents = pkg.files.find((f) => f.path === 'AGENTS.md');
    expect(agents).toEqual({ path: 'AGENTS.md', content: '# Acme\n\nOwn instructions.\n', kind: 'instructions', sources: ['AGENTS.md'] });
    const native = compileHost(kit, 'codex', { layout: 'native' });
    expect(native.root).toBe('');
    expect(paths(native)).not.toContain('AGENTS.md');
    expect(paths(native)).toContain('.codex/agents/planner.toml');
  });

  it('generates AGENTS.md in the native layout when the kit has none, and regenerates it over its own earlier output', () => {
    const first = compileHost(fixtureKit(), 'claude', { layout: 'native' });
    const generated = first.files.find((f) => f.path === 'AGENTS.md');
    expect(generated?.content.startsWith(`${GENERATED_INSTRUCTIONS_MARKER}\n`)).toBe(true);
    // the generated file now sits where the kit's own AGENTS.md would: it is output, not a source
    const again = compileHost(fixtureKit({ 'AGENTS.md': `${generated?.content ?? ''}\nHand edit.\n` }), 'claude', { layout: 'native' });
    expect(again.files).toEqual(first.files);
    expect(again.sources).not.toContain('AGENTS.md');
  });
});

describe('source problems', () => {
  it('reports a declared role whose file is missing', () => {
    const c = compileHost(fixtureKit({ 'roles/reviewer.md': null }), 'claude');
    expect(c.findings.filter((f) => f.severity === 'error')).toEqual([
      expect.objectContaining({ rule: 'source-unreadable', file: 'roles/reviewer.md', message: 'source roles/reviewer.md cannot be exported: roles/reviewer.md does not exist' })
    ]);
    expect(paths(c)).not.toContain('.claude/agents/reviewer.md');
  });

  it('reports malformed front matter at its line and exports nothing from that file', () => {
    const c = compileHost(fixtureKit({ 'roles/reviewer.md': '---\ndescription: a: b\n---\n\nBody.\n' }), 'gemini');
    const errors = c.findings.filter((f) => f.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ check: 'export', rule: 'parse-error', file: 'roles/reviewer.md', line: 2 });
    expect(paths(c)).not.toContain('.gemini/agents/reviewer.md');
  });

  it('gives a skill folder to the skill when a workflow has the same name, with a warning (the seed pairs them)', () => {
    const kit = fixtureKit({ 'skills/ship/SKILL.md': '---\nname: ship\ndescription: A skill named like a workflow.\n---\n\nBody.\n' });
    const folders = { claude: '.claude/skills', codex: '.agents/skills', cursor: '.cursor/skills', copilot: '.github/skills' } as const;
    for (const [host, dir] of Object.entries(folders) as [keyof typeof folders, string][]) {
      const c = compileHost(kit, host);
      const collision = c.findings.filter((f) => f.rule === 'name-collision');
      expect(collision).toEqual([expect.objectContaining({ severity: 'warning', file: 'workflows/ship.md' })]);
      expect(collision[0]?.message).toContain(`${dir}/ship/SKILL.md`);
      expect(c.files.find((f) => f.path === `${dir}/ship/SKILL.md`)?.sources).toEqual(['skills/ship/SKILL.md']);
      expect(c.findings.filter((f) => f.severity === 'error')).toEqual([]);
    }
    // the legacy command keeps the workflow reachable where the host has one (not Claude, where the skill would shadow it)
    expect(compileHost(kit, 'cursor').files.find((f) => f.path === '.cursor/commands/ship.md')?.sources).toEqual(['workflows/ship.md']);
    expect(compileHost(kit, 'claude').files.filter((f) => f.path.startsWith('.claude/commands/'))).toEqual([]);
  });

  it('lists a source problem once across hosts with uniqueFindings', () => {
    const result = compileKit(fixtureKit({ 'roles/reviewer.md': null }));
    const all = result.flatMap((c) => c.findings).filter((f) => f.rule === 'source-unreadable');
    expect(all).toHaveLength(5);
    expect(uniqueFindings(all)).toHaveLength(1);
  });

  it('skips a hook whose host_fallback says manual_step for that host, with a notice', () => {
    const kit = fixtureKit({
      'hooks/definitions/digest.yaml': 'id: digest\ntrigger: stop_handoff_harvest\ndescription: d\nhost_fallback:\n  claude: native_hook\n  cursor: manual_step\n'
    });
    const cursor = compileHost(kit, 'cursor');
    expect(cursor.files.find((f) => f.path === '.cursor/hooks.json')?.content).not.toContain('digest');
    expect(cursor.findings.filter((f) => f.rule === 'skipped-by-fallback')).toEqual([expect.objectContaining({ file: 'hooks/definitions/digest.yaml', line: 6, severity: 'notice' })]);
    expect(compileHost(kit, 'claude').files.find((f) => f.path === '.claude/settings.json')?.content).toContain('acme hook digest');
  });

  it('warns about a failure exit code the hosts do not treat as blocking', () => {
    const kit = fixtureKit({
      'hooks/definitions/protected_path_write_guard.yaml': readFileSync(path.join(EXPORT_FIXTURE, 'hooks/definitions/protected_path_write_guard.yaml'), 'utf8').replace('exit_code: 2', 'exit_code: 42')
    });
    const lossy = compileHost(kit, 'claude').findings.filter((f) => f.rule === 'lossy' && f.file === 'hooks/definitions/protected_path_write_guard.yaml');
    expect(lossy).toEqual([expect.objectContaining({ line: 14, message: expect.stringContaining('blocks with exit code 42, but Claude Code blocks only on exit code 2') })]);
  });
});

describe('seed triggers', () => {
  it('maps every seed trigger to a Claude event and matcher, and the Bash matcher to Gemini', () => {
    const triggers: [string, string, string | undefined][] = [
      ['session_start', 'SessionStart', undefined],
      ['pre_tool_capture_route', 'PreToolUse', undefined],
      ['post_tool_capture', 'PostToolUse', undefined],
      ['pre_compact_summary', 'PreCompact', undefined],
      ['stop_handoff_harvest', 'Stop', undefined],
      ['protected_path_write_guard', 'PreToolUse', 'Write|Edit'],
      ['loop_cap_guard', 'PreToolUse', undefined],
      ['context_mode_router', 'PreToolUse', 'Bash'],
      ['pretooluse_pipeline_guard', 'PreToolUse', 'Write|Edit|Bash'],
      ['pretooluse_dispatcher', 'PreToolUse', undefined],
      ['stop_pipeline_gate', 'Stop', undefined]
    ];
    const files: Record<string, string | null> = {
      'hooks/definitions/session_start.yaml': null,
      'hooks/definitions/protected_path_write_guard.yaml': null,
      'hooks/definitions/stop_handoff_harvest.yaml': null,
      'hooks/session-start': null
    };
    for (const [trigger] of triggers) files[`hooks/definitions/t_${trigger}.yaml`] = `id: t_${trigger}\ntrigger: ${trigger}\ndescription: d\n`;
    const kit = fixtureKit(files);
    const settings = JSON.parse(compileHost(kit, 'claude').files.find((f) => f.path === '.claude/settings.json')?.content ?? '{}') as {
      hooks: Record<string, { matcher?: string; hooks: { command: string }[] }[]>;
    };
    for (const [trigger, event, matcher] of triggers) {
      const group = settings.hooks[event]?.find((g) => g.hooks.some((h) => h.command === `acme hook t_${trigger}`));
      expect([trigger, group?.matcher]).toEqual([trigger, matcher]);
    }
    expect(compileHost(kit, 'gemini').files.find((f) => f.path === '.gemini/settings.json')?.content).toContain('"matcher": "run_shell_command"');
  });
});

describe('names and limits', () => {
  it('keeps the id-derived name and says so when front matter names the role differently', () => {
    const c = compileHost(fixtureKit({ 'roles/reviewer.md': '---\nname: code-reviewer\ndescription: Reviews.\n---\n\nReview.\n' }), 'claude');
    expect(c.findings.filter((f) => f.rule === 'name-mismatch')).toEqual([expect.objectContaining({ severity: 'notice', file: 'roles/reviewer.md', line: 2 })]);
    expect(paths(c)).toContain('.claude/agents/reviewer.md');
  });

  it('warns when AGENTS.md is longer than Codex reads', () => {
    const c = compileHost(fixtureKit({ 'AGENTS.md': `# Big\n\n${'x'.repeat(40 * 1024)}\n`, '.kit-guard.yaml': 'exports:\n  instructions: AGENTS.md\n' }), 'codex');
    expect(c.findings.filter((f) => f.rule === 'lossy' && f.file === 'AGENTS.md').map((f) => f.message)).toEqual([
      expect.stringContaining('Codex reads only the first 32768 (project_doc_max_bytes)')
    ]);
  });

  it('refuses a Gemini command with nothing to prompt', () => {
    const c = compileHost(fixtureKit({ 'workflows/ship.md': '---\ndescription: Ship.\n---\n' }), 'gemini');
    expect(c.findings.filter((f) => f.rule === 'missing-required-field')).toEqual([expect.objectContaining({ file: 'workflows/ship.md', message: expect.stringContaining('`prompt`') })]);
    expect(paths(c)).not.toContain('.gemini/commands/ship.toml');
  });
});

describe('deriveDescription', () => {
  it('takes the Purpose section first paragraph, joining wrapped lines and dropping emphasis and link targets', () => {
    expect(deriveDescription('# x\n\nIntro.\n\n## Purpose\n\nDo **this**\nwith [care](docs/a.md).\n\nMore.\n')).toEqual({ text: 'Do this with care.', from: 'purpose-section' });
  });

  it('accepts a list as the Purpose section', () => {
    expect(deriveDescription('# x\n\n## Purpose\n\n- find bugs\n- report them.\n')).toEqual({ text: 'find bugs; report them', from: 'purpose-section' });
  });

  it('falls back to the first paragraph after the title, skipping code and comments', () => {
    expect(deriveDescription('# x\n\n<!-- note -->\n\n```\n# not a heading\ncode\n```\n\nReal text.\n')).toEqual({ text: 'Real text.', from: 'first-paragraph' });
  });

  it('returns undefined when there is no text', () => {
    expect(deriveDescription('# x\n\n## Inputs\n\n- a\n')).toBeUndefined();
    expect(deriveDescription('')).toBeUndefined();
  });

  it('caps very long descriptions at 1024 characters', () => {
    const long = `# x\n\n${'word '.repeat(400)}\n`;
    expect(deriveDescription(long)?.text.length).toBe(1024);
  });
});
