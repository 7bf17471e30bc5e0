import { renderFrontMatter, renderJson } from '../render.js';
import type { CanonicalKit, CompileOptions, HostCompilation } from '../types.js';
import type { HostDefinition } from './definition.js';
import { addAgentsMd, addSkill, addWorkflowSkill, HostOutput, hookSources, matcherGroups, requireDescription, resolveHooks, withHostSection } from './shared.js';

/**
 * Claude Code: CLAUDE.md importing AGENTS.md; subagents in `.claude/agents`; workflows as
 * user-only skills (never legacy `.claude/commands`, which a skill of the same name shadows);
 * skills in `.claude/skills`; hooks in
 * `.claude/settings.json`. Claude's front matter vocabulary is the canonical one, so
 * fields we do not translate pass through unchanged.
 */
export const claude: HostDefinition<'claude'> = {
  id: 'claude',
  label: 'Claude Code',
  events: [
    'ConfigChange', 'CwdChanged', 'DirectoryAdded', 'Elicitation', 'ElicitationResult', 'FileChanged', 'InstructionsLoaded',
    'MessageDisplay', 'Notification', 'PermissionDenied', 'PermissionRequest', 'PostCompact', 'PostToolBatch', 'PostToolUse',
    'PostToolUseFailure', 'PreCompact', 'PreToolUse', 'SessionEnd', 'SessionStart', 'Setup', 'Stop', 'StopFailure',
    'SubagentStart', 'SubagentStop', 'TaskCompleted', 'TaskCreated', 'TeammateIdle', 'UserPromptExpansion', 'UserPromptSubmit',
    'WorktreeCreate', 'WorktreeRemove'
  ],
  eventMap: {
    SessionStart: 'SessionStart', SessionEnd: 'SessionEnd', UserPromptSubmit: 'UserPromptSubmit', PreToolUse: 'PreToolUse',
    PostToolUse: 'PostToolUse', PostToolUseFailure: 'PostToolUseFailure', PermissionRequest: 'PermissionRequest',
    Notification: 'Notification', Stop: 'Stop', SubagentStart: 'SubagentStart', SubagentStop: 'SubagentStop',
    PreCompact: 'PreCompact', PostCompact: 'PostCompact'
  },
  projectDir: '"$CLAUDE_PROJECT_DIR"',
  rewriteProjectDir: (command) => command,
  fileRules: [
    { glob: '.claude/agents/*.md', format: 'front-matter', schema: 'claude-agent', what: 'subagent' },
    { glob: '.claude/skills/*/SKILL.md', format: 'front-matter', schema: 'claude-skill', skill: true, what: 'skill' },
    { glob: '.claude/commands/**/*.md', format: 'optional-front-matter', schema: 'claude-command', what: 'command' },
    { glob: '.claude/settings.json', format: 'json', schema: 'claude-settings', events: true, what: 'settings' }
  ],
  builtinCommands: [
    'add-dir', 'agents', 'batch', 'bug', 'claude-api', 'clear', 'code-review', 'compact', 'config', 'context', 'cost', 'debug',
    'deep-research', 'doctor', 'exit', 'export', 'fewer-permission-prompts', 'goal', 'heapdump', 'help', 'hooks', 'ide', 'init',
    'insights', 'install-github-app', 'login', 'logout', 'loop', 'mcp', 'memory', 'model', 'output-style', 'permissions', 'plan',
    'pr-comments', 'release-notes', 'reload-skills', 'resume', 'review', 'rewind', 'run', 'run-skill-generator', 'security-review',
    'simplify', 'status', 'statusline', 'team-onboarding', 'terminal-setup', 'todos', 'update-config', 'upgrade', 'usage', 'verify', 'vim'
  ],
  builtinClashEffect: 'Claude Code runs one of the two under that name, so the other cannot be reached as `/<name>`',
  compile(model: CanonicalKit, options: CompileOptions): HostCompilation {
    const out = new HostOutput(claude, model, options);
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
