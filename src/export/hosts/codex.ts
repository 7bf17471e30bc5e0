import { renderJson, renderToml } from '../render.js';
import type { CanonicalKit, CompileOptions, HostCompilation } from '../types.js';
import type { HostDefinition } from './definition.js';
import {
  addAgentsMd,
  addSkill,
  addWorkflowSkill,
  dropToolList,
  hookSources,
  hostModel,
  HostOutput,
  matcherGroups,
  removePlaceholders,
  replaceClaudeProjectDir,
  reportDropped,
  requireBody,
  requireDescription,
  resolveHooks,
  trustNotice,
  withHostSection
} from './shared.js';

/** Codex stops reading project instructions after this many bytes by default (`project_doc_max_bytes`). */
export const CODEX_INSTRUCTIONS_LIMIT = 32 * 1024;

/**
 * The skill names the Codex export writes for workflows (`.agents/skills/<name>`): every
 * workflow with a description, except one that shares its name with a kit skill (the skill
 * keeps the folder). Gemini CLI reads the same folder in a native tree, where these are
 * Codex-only: Gemini has the workflows as commands already.
 */
export function codexWorkflowSkills(model: CanonicalKit): { name: string; file: string }[] {
  const skills = new Set(model.skills.map((s) => s.name));
  const names: { name: string; file: string }[] = [];
  for (const workflow of model.workflows) {
    if (workflow.description === undefined || skills.has(workflow.name)) continue;
    const stated = workflow.hostSections.codex?.name;
    names.push({ name: typeof stated === 'string' && stated !== '' ? stated : workflow.name, file: workflow.file });
  }
  return names;
}

/**
 * Codex CLI: AGENTS.md; custom agents as `.codex/agents/<n>.toml`; workflows and skills
 * in `.agents/skills` (custom prompts are user-scope only, so never exported); hooks in
 * `.codex/hooks.json` as nested matcher groups.
 */
export const codex: HostDefinition<'codex'> = {
  id: 'codex',
  label: 'Codex CLI',
  events: ['PermissionRequest', 'PostCompact', 'PostToolUse', 'PreCompact', 'PreToolUse', 'SessionStart', 'Stop', 'SubagentStart', 'SubagentStop', 'UserPromptSubmit'],
  eventMap: {
    SessionStart: 'SessionStart', UserPromptSubmit: 'UserPromptSubmit', PreToolUse: 'PreToolUse', PostToolUse: 'PostToolUse',
    PermissionRequest: 'PermissionRequest', Stop: 'Stop', SubagentStart: 'SubagentStart', SubagentStop: 'SubagentStop',
    PreCompact: 'PreCompact', PostCompact: 'PostCompact'
  },
  // Codex starts hooks in the session's working folder, which may be a subfolder
  projectDir: '"$(git rev-parse --show-toplevel)"',
  rewriteProjectDir: (command) => replaceClaudeProjectDir(command, '$(git rev-parse --show-toplevel)', '$(git rev-parse --show-toplevel)'),
  fileRules: [
    { glob: '.codex/agents/*.toml', format: 'toml', schema: 'codex-agent', what: 'custom agent' },
    { glob: '.agents/skills/*/SKILL.md', format: 'front-matter', schema: 'codex-skill', skill: true, what: 'skill' },
    { glob: '.codex/hooks.json', format: 'json', schema: 'codex-hooks', events: true, what: 'hooks file' }
  ],
  // workflows and skills run as `$name`; the names that can clash are Codex's bundled skills
  builtinCommands: ['imagegen', 'openai-docs', 'skill-creator', 'skill-installer'],
  builtinClashEffect: 'Codex lists both skills under one `$<name>`',
  compile(model: CanonicalKit, options: CompileOptions): HostCompilation {
    const out = new HostOutput(codex, model, options);
    addAgentsMd(out);
    const size = Buffer.byteLength(model.instructions.text, 'utf8');
    if (size > CODEX_INSTRUCTIONS_LIMIT) {
      out.lossy(
        model.instructions.file ?? model.manifestFile,
        `AGENTS.md is ${size} bytes, and Codex reads only the first ${CODEX_INSTRUCTIONS_LIMIT} (project_doc_max_bytes); the rest is never loaded`,
        'Shorten AGENTS.md, move subtree-specific instructions into nested AGENTS.md files, or raise project_doc_max_bytes in the Codex configuration.'
      );
    }

    for (const role of model.roles) {
      const target = `.codex/agents/${role.name}.toml`;
      if (!requireDescription(out, role, target)) continue;
      if (!requireBody(out, role, target, 'developer_instructions', "role's instructions")) continue;
      const sandbox = dropToolList(out, role, 'custom agents', 'sandbox_mode = "read-only"', 'Set `sandbox_mode` under a `codex:` front matter section to control what the agent may do.')
        ? 'read-only'
        : undefined;
      reportDropped(out, role, target);
      const fields = withHostSection('codex', role, {
        name: role.name,
        description: role.description,
        model: hostModel(out, role),
        sandbox_mode: sandbox,
        developer_instructions: role.body
      });
      out.add(target, renderToml(fields), 'role', [role.file]);
    }

    if (model.roles.length) {
      trustNotice(
        out,
        '.codex/agents',
        'Codex loads project agents only in a trusted project; until the user trusts it, the exported agents do not exist',
        'Trust the project when Codex asks, or add `[projects."<absolute path>"] trust_level = "trusted"` to ~/.codex/config.toml.'
      );
    }

    if (options.legacyCommands && model.workflows.length) {
      out.lossy(
        model.manifestFile,
        'custom prompts exist only in the user folder (~/.codex/prompts) and are deprecated, so no command files are exported; workflows are exported as skills in .agents/skills',
        'Invoke a workflow in Codex as `$<name>`; set exports.legacyCommands to false to silence this notice.'
      );
    }
    for (const workflow of model.workflows) {
      if (workflow.description === undefined) {
        requireDescription(out, workflow, `.agents/skills/${workflow.name}/SKILL.md`);
        continue;
      }
      const body = removePlaceholders(out, workflow, 'Codex skills');
      out.lossy(
        workflow.file,
        `skills have no flag that keeps a workflow user-invoked; Codex may also start ${workflow.name} on its own when the description matches`,
        'Word the description so that it only matches an explicit request, or accept the notice.'
      );
      reportDropped(out, workflow, `.agents/skills/${workflow.name}/SKILL.md`, ['tools', 'model', 'argument-hint']);
      addWorkflowSkill(out, workflow, '.agents/skills', {}, body);
    }

    for (const skill of model.skills) addSkill(out, skill, '.agents/skills');

    const hooks = resolveHooks(out);
    if (hooks.length) {
      const file = { hooks: matcherGroups(hooks, (h) => (h.timeout === undefined ? { type: 'command', command: h.command } : { type: 'command', command: h.command, timeout: h.timeout })) };
      out.add('.codex/hooks.json', renderJson(file), 'hook', hookSources(hooks));
      trustNotice(
        out,
        '.codex/hooks.json',
        'Codex runs project hooks only in a trusted project, and only after each hook has been reviewed; until then the exported hooks do nothing',
        'Trust the project in Codex and review the hooks once after each change (`/hooks`), or install them through managed configuration.'
      );
    }
    return out.finish();
  }
};
