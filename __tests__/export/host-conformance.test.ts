import { afterAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compileHost } from '../../src/export/compile.js';
import { HOST_BUILTIN_COMMANDS } from '../../src/export/hosts/index.js';
import { relativeLinks, renameReferences, resolveLink } from '../../src/export/references.js';
import type { CompileOptions, HostCompilation, HostId } from '../../src/export/types.js';
import { loadKit, type Kit } from '../../src/kit/load.js';
import { cleanupRepos, fixturePath, tempDir } from '../helpers/git-repo.js';

/**
 * The compiler fixes for what the host conformance suite (conformance/, `npm run test:hosts`)
 * found in the real clients. Plain folders: none of this is about git.
 */

afterAll(cleanupRepos);

/** The export fixture kit copied into a plain folder, with `files` written over it (null deletes). */
function kit(files: Record<string, string | null> = {}): Kit {
  const dir = tempDir('kit-guard-conformance-');
  cpSync(fixturePath('kits', 'export-basic'), dir, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    if (text === null) rmSync(abs, { force: true });
    else {
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, text);
    }
  }
  return loadKit(dir);
}

const compile = (k: Kit, host: HostId, options: Partial<CompileOptions> = {}): HostCompilation => compileHost(k, host, options);
const paths = (c: HostCompilation): string[] => c.files.map((f) => f.path);
const text = (c: HostCompilation, p: string): string => {
  const file = c.files.find((f) => f.path === p);
  if (!file) throw new Error(`${c.host} did not generate ${p}: ${paths(c).join(', ')}`);
  return file.content;
};
const rules = (c: HostCompilation, rule: string) => c.findings.filter((f) => f.rule === rule);
/** The fixture's registry without `hook`: the kit's CLI has no `hook` subcommand (the seed's case). */
const NO_HOOK_COMMAND = { '.kit-guard.yaml': 'docTruth:\n  commands:\n    - export build\n' };

describe('hook commands that exist (defect 1)', () => {
  it('leaves out a hook whose wrapper the kit\'s command line does not have, with a warning saying what to add', () => {
    const c = compile(kit(NO_HOOK_COMMAND), 'claude');
    const settings = JSON.parse(text(c, '.claude/settings.json')) as { hooks: Record<string, unknown> };
    expect(Object.keys(settings.hooks)).toEqual(['SessionStart', 'Stop']);
    expect(text(c, '.claude/settings.json')).not.toContain('acme hook');
    const missing = rules(c, 'missing-hook-command');
    expect(missing).toEqual([expect.objectContaining({ severity: 'warning', file: 'hooks/definitions/protected_path_write_guard.yaml' })]);
    expect(missing[0]?.message).toContain('`acme hook protected_path_write_guard`');
    expect(missing[0]?.fix).toContain('command:');
  });

  it('wires the wrapper when the registry lists `hook`', () => {
    const c = compile(kit(), 'claude');
    expect(text(c, '.claude/settings.json')).toContain('"acme hook protected_path_write_guard"');
    expect(rules(c, 'missing-hook-command')).toEqual([]);
  });

  it('ships a hook script in the package and runs it through the program its #! line names', () => {
    for (const host of ['claude', 'gemini', 'cursor', 'copilot'] as const) {
      const c = compile(kit(), host);
      expect(text(c, 'hooks/session-start')).toBe("#!/bin/sh\n# Prints the session bootstrap summary.\necho '{}'\n");
      const wired = c.files.find((f) => f.path.endsWith('.json') && f.content.includes('hooks/session-start'))?.content ?? '';
      expect(wired).toMatch(/"sh (\\"\$[A-Z_]+\\"|\.)\/hooks\/session-start"/);
    }
  });

  it('runs the script in place in the native layout, and ships nothing', () => {
    const c = compile(kit(), 'claude', { layout: 'native' });
    expect(paths(c)).not.toContain('hooks/session-start');
    expect(text(c, '.claude/settings.json')).toContain('"\\"$CLAUDE_PROJECT_DIR\\"/hooks/session-start"');
  });

  it('leaves out a packaged script with no #! line, since its copy could not run', () => {
    const c = compile(kit({ 'hooks/session-start': 'echo hi\n' }), 'claude');
    expect(paths(c)).not.toContain('hooks/session-start');
    expect(rules(c, 'missing-hook-command')).toEqual([expect.objectContaining({ file: 'hooks/definitions/session_start.yaml', message: expect.stringContaining('#!') })]);
  });
});

describe('one native tree for every target (defect 2)', () => {
  const all: HostId[] = ['claude', 'codex', 'gemini', 'cursor', 'copilot'];

  it('does not write to Copilot\'s hooks file the hooks Copilot CLI already runs from .claude/settings.json', () => {
    const c = compile(kit(), 'copilot', { layout: 'native', targets: all });
    expect(paths(c)).not.toContain('.github/hooks/acme.json');
    const overlap = rules(c, 'host-overlap').map((f) => f.message);
    expect(overlap).toContainEqual(expect.stringContaining('.claude/settings.json'));
    expect(overlap).toContainEqual(expect.stringContaining('CLAUDE.md'));
    // alone, or in a package, Copilot gets its own hooks file
    expect(paths(compile(kit(), 'copilot', { layout: 'native', targets: ['copilot'] }))).toContain('.github/hooks/acme.json');
    expect(paths(compile(kit(), 'copilot', { targets: all }))).toContain('.github/hooks/acme.json');
  });

  it('leaves skills to .agents/skills for Gemini when Codex shares the tree, disables the Codex-only workflow skills there, and says so', () => {
    const c = compile(kit(), 'gemini', { layout: 'native', targets: all });
    expect(paths(c).filter((p) => p.startsWith('.gemini/skills/'))).toEqual([]);
    const overlap = rules(c, 'host-overlap').map((f) => f.message);
    expect(overlap).toHaveLength(2);
    expect(overlap).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Gemini CLI: skills are not written to \.gemini\/skills/), expect.stringContaining('workflows the Codex export writes as skills'), expect.stringContaining('skills.disabled')])
    );
    const settings = JSON.parse(c.files.find((f) => f.path === '.gemini/settings.json')?.content ?? '{}') as { skills?: { disabled?: string[] } };
    expect(settings.skills?.disabled).toEqual(['plan-review', 'ship']);
    expect(paths(compile(kit(), 'gemini', { layout: 'native', targets: ['gemini', 'claude'] }))).toContain('.gemini/skills/release-notes/SKILL.md');
  });

  it('names Cursor and its third-party hooks setting, the overlap it cannot plan away', () => {
    const c = compile(kit(), 'cursor', { layout: 'native', targets: all });
    expect(rules(c, 'host-overlap')).toEqual([expect.objectContaining({ severity: 'notice', message: expect.stringContaining('third-party hooks') })]);
  });

  it('writes no GEMINI.md in a native tree shared with Copilot, which would load it as instructions too; a package keeps it', () => {
    expect(paths(compile(kit(), 'gemini', { layout: 'native', targets: all }))).not.toContain('GEMINI.md');
    expect(paths(compile(kit(), 'gemini', { layout: 'native', targets: ['gemini'] }))).toContain('GEMINI.md');
    expect(paths(compile(kit(), 'gemini'))).toContain('GEMINI.md');
  });
});

describe('gates users cannot see (defect 4)', () => {
  it('reports that Codex hides project agents until the project is trusted', () => {
    const c = compile(kit(), 'codex');
    expect(rules(c, 'trust-gate').map((f) => f.message)).toContainEqual(expect.stringMatching(/^Codex CLI: \.codex\/agents: .*trusted project/));
  });

  it('reports Gemini\'s folder trust and its acknowledgement of each agent by content hash', () => {
    const messages = rules(compile(kit(), 'gemini'), 'trust-gate').map((f) => f.message);
    expect(messages).toContainEqual(expect.stringMatching(/^Gemini CLI: \.gemini: .*agents, skills and hooks/));
    expect(messages).toContainEqual(expect.stringMatching(/^Gemini CLI: \.gemini\/agents: .*acknowledges.*hash/));
  });
});

describe('names that clash with built-in commands (defect 5)', () => {
  it('warns per host, from the one list of built-ins, for a workflow named plan', () => {
    const manifest = readFileSync(fixturePath('kits', 'export-basic', 'wazir.manifest.yaml'), 'utf8').split('plan_review').join('plan');
    const withPlan = kit({ 'wazir.manifest.yaml': manifest, 'workflows/plan.md': '---\ndescription: Plan the work.\n---\n\nPlan it.\n' });
    expect(withPlan.workflows.map((w) => w.id)).toContain('plan');
    for (const host of ['claude', 'gemini', 'cursor', 'copilot'] as const) {
      expect(HOST_BUILTIN_COMMANDS[host]).toContain('plan');
      const clash = rules(compile(withPlan, host), 'builtin-name');
      expect(clash).toContainEqual(expect.objectContaining({ severity: 'warning', file: 'workflows/plan.md', message: expect.stringContaining('"plan"') }));
    }
    expect(rules(compile(withPlan, 'codex'), 'builtin-name').filter((f) => f.file === 'workflows/plan.md')).toEqual([]);
  });
});

describe('dead files (defect 6)', () => {
  it('says where prompt files are written that Copilot CLI ignores them', () => {
    const c = compile(kit(), 'copilot');
    expect(paths(c)).toContain('.github/prompts/ship.prompt.md');
    expect(rules(c, 'host-ignores-file')).toEqual([expect.objectContaining({ message: expect.stringContaining('Copilot CLI ignores .github/prompts') })]);
    expect(rules(compile(kit(), 'copilot', { legacyCommands: false }), 'host-ignores-file')).toEqual([]);
  });
});

describe('renames carried through (defect 7)', () => {
  it('rewrites references to a stated name the hosts cannot use, in every exported text', () => {
    const k = kit({
      'skills/release-notes/SKILL.md': "---\nname: wz:release-notes\ndescription: Write release notes from the changelog's Unreleased section.\n---\n\nBody.\n",
      'workflows/ship.md': '---\ndescription: Prepare a release of the kit.\n---\n\nUse `wz:release-notes`, not wz:release-notes-old.\n'
    });
    for (const host of ['claude', 'codex', 'gemini'] as const) {
      const c = compile(k, host);
      const shipped = c.files.find((f) => f.sources.includes('workflows/ship.md'))?.content ?? '';
      expect(shipped).toContain('Use `release-notes`, not wz:release-notes-old.');
      expect(rules(c, 'renamed-reference')).toEqual([expect.objectContaining({ severity: 'notice', file: 'skills/release-notes/SKILL.md', message: expect.stringContaining('workflows/ship.md') })]);
    }
  });

  it('rewrites whole names only', () => {
    expect(renameReferences('wz:tdd, wz:tdd-x, awz:tdd and (wz:tdd).', 'wz:tdd', 'tdd')).toEqual({ text: 'tdd, wz:tdd-x, awz:tdd and (tdd).', count: 2 });
  });
});

describe('relative links in moved content (defect 8)', () => {
  const role = '---\ndescription: Reviews a change.\n---\n\nSee [the guide](../docs/guide.md#top), [a URL](https://x.test/a) and [gone](../docs/none.md).\n';

  it('re-points a link at the same file from where the native export is read', () => {
    const c = compile(kit({ 'roles/reviewer.md': role }), 'claude', { layout: 'native' });
    expect(text(c, '.claude/agents/reviewer.md')).toContain('[the guide](../../docs/guide.md#top), [a URL](https://x.test/a) and [gone](../docs/none.md)');
    expect(rules(c, 'unresolved-link')).toEqual([]);
  });

  it('reports each link a package cannot resolve and keeps it as written', () => {
    const c = compile(kit({ 'roles/reviewer.md': role }), 'codex');
    expect(text(c, '.codex/agents/reviewer.toml')).toContain('](../docs/guide.md#top)');
    expect(rules(c, 'unresolved-link')).toEqual([expect.objectContaining({ severity: 'warning', file: 'roles/reviewer.md', message: expect.stringContaining('docs/guide.md') })]);
  });

  it('keeps links inside a skill folder, which moves with the skill', () => {
    const c = compile(kit({ 'skills/release-notes/SKILL.md': '---\ndescription: Notes.\n---\n\nFill [the template](template.md).\n' }), 'claude', { layout: 'native' });
    expect(text(c, '.claude/skills/release-notes/SKILL.md')).toContain('[the template](template.md)');
  });

  it('finds relative targets only and resolves them inside the repository', () => {
    expect(relativeLinks('[a](x.md) [b](<y z.md>) [c](#f) [d](/abs) [e](mailto:m)').map((s) => s.target)).toEqual(['x.md', 'y z.md']);
    expect(resolveLink('roles/a.md', '../docs/x%20y.md')).toBe('docs/x y.md');
    expect(resolveLink('roles/a.md', '../../outside.md')).toBeUndefined();
  });
});
