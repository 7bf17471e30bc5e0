import { afterAll, describe, expect, it } from '@jest/globals';
import { compileHost } from '../../src/export/compile.js';
import { HOST_EVENTS, HOST_IDS } from '../../src/export/hosts/index.js';
import type { ExportFile, HostId } from '../../src/export/types.js';
import { hostSchemaNames, validateHostFiles } from '../../src/export/validate.js';
import { shippedSchema } from '../../src/schema/shipped.js';
import { compileSchema, getAjv } from '../../src/schema/validate.js';
import { cleanupFolders } from '../helpers/folder.js';
import { fixtureKit } from './hosts/kit.js';

afterAll(cleanupFolders);

function file(path: string, content: string): ExportFile {
  return { path, content, kind: 'role', sources: ['roles/x.md'] };
}

function check(host: HostId, path: string, content: string) {
  return validateHostFiles(host, [file(path, content)], `exports/hosts/${host}`);
}

describe('validateHostFiles', () => {
  it('accepts what the compiler produces for every host', () => {
    for (const host of HOST_IDS) {
      const c = compileHost(fixtureKit(), host);
      expect(validateHostFiles(host, c.files)).toEqual([]);
    }
  });

  it('reports a subagent missing its description at the front matter', () => {
    expect(check('claude', '.claude/agents/x.md', '---\nname: x\n---\n\nBody.\n')).toEqual([
      expect.objectContaining({
        check: 'export',
        rule: 'invalid-export',
        severity: 'error',
        file: 'exports/hosts/claude/.claude/agents/x.md',
        line: 2,
        column: 1,
        message: 'Claude Code subagent .claude/agents/x.md: (root) is missing the required property "description"'
      })
    ]);
  });

  it('reports a subagent whose front matter does not open the file', () => {
    expect(check('claude', '.claude/agents/x.md', '<!-- generated -->\n---\nname: x\ndescription: d\n---\n')).toEqual([
      expect.objectContaining({ rule: 'invalid-export', line: 1, column: 1, message: 'Claude Code: subagent .claude/agents/x.md has no front matter on its first line; Claude Code will not load it' })
    ]);
  });

  it('reports Gemini tools written as a comma string instead of a list', () => {
    const found = check('gemini', '.gemini/agents/x.md', '---\nname: x\ndescription: d\ntools: read_file, glob\n---\n');
    expect(found).toEqual([expect.objectContaining({ rule: 'invalid-export', line: 4, column: 8, message: expect.stringContaining('Gemini CLI subagent .gemini/agents/x.md: /tools must be array') })]);
  });

  it('reports a hook event the host does not know, at its key', () => {
    const text = '{\n  "version": 1,\n  "hooks": {\n    "PreToolUse": [\n      { "command": "x" }\n    ]\n  }\n}\n';
    expect(check('cursor', '.cursor/hooks.json', text)).toEqual([
      expect.objectContaining({ rule: 'invalid-export', file: 'exports/hosts/cursor/.cursor/hooks.json', line: 4, column: 5, message: 'Cursor: .cursor/hooks.json: "PreToolUse" is not a Cursor hook event; the host would ignore it' })
    ]);
  });

  it('reports Claude-style nested matcher groups in Cursor flat lists', () => {
    const text = JSON.stringify({ version: 1, hooks: { preToolUse: [{ matcher: 'Write', hooks: [{ type: 'command', command: 'x' }] }] } }, null, 2) + '\n';
    const found = check('cursor', '.cursor/hooks.json', text);
    expect(found.map((f) => f.message)).toEqual(
      expect.arrayContaining(['Cursor hooks file .cursor/hooks.json: /hooks/preToolUse/0 is missing the required property "command"', 'Cursor hooks file .cursor/hooks.json: /hooks/preToolUse/0: "hooks" is not an allowed property'])
    );
  });

  it('reports the stale top-level contextFileName key for Gemini', () => {
    const found = check('gemini', '.gemini/settings.json', '{\n  "contextFileName": "AGENTS.md"\n}\n');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ rule: 'invalid-export', file: 'exports/hosts/gemini/.gemini/settings.json' });
  });

  it('reports malformed TOML with its line, and a TOML agent missing a required field', () => {
    const broken = check('codex', '.codex/agents/x.toml', 'name = "x"\ndescription = \n');
    expect(broken).toEqual([expect.objectContaining({ rule: 'invalid-export', line: 2, message: expect.stringContaining('not well-formed TOML') })]);
    const missing = check('codex', '.codex/agents/x.toml', 'name = "x"\ndescription = "d"\n');
    expect(missing.map((f) => f.message)).toEqual(['Codex CLI custom agent .codex/agents/x.toml: (root) is missing the required property "developer_instructions"']);
  });

  it('reports malformed JSON', () => {
    expect(check('claude', '.claude/settings.json', '{"hooks": }\n')).toEqual([expect.objectContaining({ rule: 'invalid-export', message: expect.stringContaining('not well-formed JSON') })]);
  });

  it('reports a skill whose name differs from its folder', () => {
    const found = check('copilot', '.github/skills/ship/SKILL.md', '---\nname: release\ndescription: d\n---\n');
    expect(found).toEqual([expect.objectContaining({ line: 2, column: 7, message: 'GitHub Copilot: .github/skills/ship/SKILL.md: skill name "release" differs from its folder "ship"' })]);
  });

  it('reports front matter in files the host reads as plain Markdown', () => {
    expect(check('cursor', '.cursor/commands/x.md', '---\ndescription: d\n---\n\nDo it.\n')).toEqual([expect.objectContaining({ line: 1, message: expect.stringContaining('front matter would show as text') })]);
    expect(check('copilot', '.github/copilot-instructions.md', '---\na: b\n---\n')).toHaveLength(1);
  });

  it('reports an Always rule that also has globs', () => {
    const found = check('cursor', '.cursor/rules/x.mdc', '---\nalwaysApply: true\nglobs: "*.ts"\n---\n\nRule.\n');
    expect(found).toHaveLength(1);
    expect(found[0]?.rule).toBe('invalid-export');
  });

  it('reports a Copilot command hook with nothing to run', () => {
    const found = check('copilot', '.github/hooks/x.json', '{\n  "version": 1,\n  "hooks": { "sessionStart": [ { "type": "command", "timeoutSec": 5 } ] }\n}\n');
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => f.rule === 'invalid-export' && f.line === 3)).toBe(true);
  });

  it('applies the generic rules: safe relative paths, \\n endings, trailing newline, unique paths', () => {
    const files = [file('../x.md', 'a\n'), file('AGENTS.md', 'a\r\nb\n'), file('notes.md', 'no newline'), file('notes.md', 'again\n')];
    const messages = validateHostFiles('codex', files).map((f) => f.message);
    expect(messages).toEqual([
      'Codex CLI: ../x.md is not a relative path inside the host folder',
      'Codex CLI: AGENTS.md has \\r line endings',
      'Codex CLI: notes.md does not end with a newline',
      'Codex CLI: notes.md is generated twice'
    ]);
  });

  it('turns a compiler or host-section mistake into an invalid-export finding of compileHost', () => {
    const kit = fixtureKit({ 'roles/reviewer.md': '---\ndescription: Reviews.\ngemini:\n  tools: read_file\n---\n\nReview.\n' });
    const c = compileHost(kit, 'gemini');
    expect(c.findings.filter((f) => f.rule === 'invalid-export')).toEqual([
      expect.objectContaining({ severity: 'error', file: 'exports/hosts/gemini/.gemini/agents/reviewer.md', line: 4, message: expect.stringContaining('Gemini CLI subagent .gemini/agents/reviewer.md: /tools must be array') })
    ]);
  });
});

describe('host schemas', () => {
  it('compile, and their hook event lists match the compiler tables', () => {
    const eventSchemas: Record<HostId, string> = { claude: 'claude-settings', codex: 'codex-hooks', gemini: 'gemini-settings', cursor: 'cursor-hooks', copilot: 'copilot-hooks' };
    expect(hostSchemaNames()).toHaveLength(19);
    for (const name of hostSchemaNames()) {
      const schema = shippedSchema(`hosts/${name}`);
      // the export validator skips meta-schema validation for speed, so it is done here
      expect(getAjv().validateSchema(schema)).toBe(true);
      expect(schema.$id).toBe(`https://kit-guard.dev/schemas/hosts/${name}.schema.json`);
      expect(() => compileSchema(schema)).not.toThrow();
    }
    for (const host of HOST_IDS) {
      const schema = shippedSchema(`hosts/${eventSchemas[host]}`) as { properties: { hooks: { propertyNames: { enum: string[] } } } };
      expect([...schema.properties.hooks.propertyNames.enum].sort()).toEqual([...HOST_EVENTS[host]].sort());
    }
  });
});
