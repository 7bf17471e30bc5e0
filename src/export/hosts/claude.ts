import { renderFrontMatter, renderJson } from '../render.js';
import type { CanonicalKit, CompileOptions, HostCompilation, HostCompiler } from '../types.js';
import { addAgentsMd, addSkill, addWorkflowSkill, HostOutput, hookSources, matcherGroups, requireDescription, resolveHooks, withHostSection } from './shared.js';

/**
 * Claude Code: CLAUDE.md importing AGENTS.md; subagents in `.claude/agents`; workflows as
 * user-only skills (never legacy `.claude/commands`, which a skill of the same name shadows);
 * skills in `.claude/skills`; hooks in
 * `.claude/settings.json`. Claude's front matter vocabulary is the canonical one, so
 * fields we do not translate pass through unchanged.
 */
export const claudeCompiler: HostCompiler = {
  host: 'claude',
  compile(model: CanonicalKit, options: CompileOptions): HostCompilation {
    const out = new HostOutput('claude', model, options);
    addAgentsMd(out);
    out.add('CLAUDE.md', '@AGENTS.md\n', 'bridge', []);

    for (const role of model.roles) {
      const target = `.claude/agents/${role.name}.md`;
      if (!requireDescription(out, role, target)) continue;
      const fields = withHostSection('claude', role, {
        name: role.name,
        description: role.description,
        tools: role.tools?.join(', '),
        model: role.model,
        ...role.extraFields
      });
      out.add(target, renderFrontMatter(fields, role.body), 'role', [role.file]);
    }

    for (const workflow of model.workflows) {
      const extra = {
        'disable-model-invocation': true,
        'argument-hint': workflow.argumentHint,
        'allowed-tools': workflow.tools?.join(', '),
        model: workflow.model,
        ...workflow.extraFields
      };
      addWorkflowSkill(out, workflow, '.claude/skills', extra, workflow.body);
    }
    if (options.legacyCommands && model.workflows.length) {
      out.report({
        rule: 'legacy-command-shadowed',
        severity: 'notice',
        message: 'no .claude/commands files are written: every workflow is a skill in .claude/skills, and Claude Code runs the skill when a command has the same name, so a command file would never be reached',
        file: model.manifestFile,
        fix: 'Nothing to do; set exports.legacyCommands to false to silence this notice.'
      });
    }

    for (const skill of model.skills) addSkill(out, skill, '.claude/skills');

    const hooks = resolveHooks(out);
    if (hooks.length) {
      const settings = {
        hooks: matcherGroups(hooks, (h) => (h.timeout === undefined ? { type: 'command', command: h.command } : { type: 'command', command: h.command, timeout: h.timeout }))
      };
      out.add('.claude/settings.json', renderJson(settings), 'hook', hookSources(hooks));
    }
    return out.finish();
  }
};
