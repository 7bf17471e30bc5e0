import { renderFrontMatter, renderJson } from '../render.js';
import type { CanonicalKit, CompileOptions, HostCompilation } from '../types.js';
import type { HostDefinition } from './definition.js';
import {
  addAgentsMd,
  addSkill,
  addWorkflowSkill,
  dropToolList,
  flatLists,
  hookSources,
  hostModel,
  HostOutput,
  overlapNotice,
  projectDirAsRoot,
  removePlaceholders,
  reportDropped,
  requireDescription,
  resolveHooks,
  withHostSection
} from './shared.js';

/**
 * Cursor: AGENTS.md plus an always-applied `.cursor/rules/<kit>-core.mdc` bridge;
 * subagents in `.cursor/agents`; workflows as user-only skills (plus plain-Markdown
 * `.cursor/commands` when legacy commands are on); skills in `.cursor/skills`; hooks in
 * `.cursor/hooks.json` as flat lists per camelCase event.
 */
export const cursor: HostDefinition<'cursor'> = {
  id: 'cursor',
  label: 'Cursor',
  events: [
    'afterAgentResponse', 'afterAgentThought', 'afterFileEdit', 'afterMCPExecution', 'afterShellExecution', 'afterTabFileEdit',
    'beforeMCPExecution', 'beforeReadFile', 'beforeShellExecution', 'beforeSubmitPrompt', 'beforeTabFileRead', 'postToolUse',
    'postToolUseFailure', 'preCompact', 'preToolUse', 'sessionEnd', 'sessionStart', 'stop', 'subagentStart', 'subagentStop',
    'workspaceOpen'
  ],
  eventMap: {
    SessionStart: 'sessionStart', SessionEnd: 'sessionEnd', UserPromptSubmit: 'beforeSubmitPrompt', PreToolUse: 'preToolUse',
    PostToolUse: 'postToolUse', PostToolUseFailure: 'postToolUseFailure', Stop: 'stop', SubagentStart: 'subagentStart',
    SubagentStop: 'subagentStop', PreCompact: 'preCompact'
  },
  // Cursor and Copilot run project hooks from the repository root
  projectDir: '.',
  rewriteProjectDir: projectDirAsRoot,
  fileRules: [
    { glob: '.cursor/rules/**/*.mdc', format: 'front-matter', schema: 'cursor-rule', what: 'rule' },
    { glob: '.cursor/agents/*.md', format: 'front-matter', schema: 'cursor-agent', what: 'subagent' },
    { glob: '.cursor/skills/*/SKILL.md', format: 'front-matter', schema: 'cursor-skill', skill: true, what: 'skill' },
    { glob: '.cursor/commands/*.md', format: 'plain-markdown', what: 'command' },
    { glob: '.cursor/hooks.json', format: 'json', schema: 'cursor-hooks', events: true, what: 'hooks file' }
  ],
  builtinCommands: ['compress', 'council', 'help', 'model', 'new-chat', 'plan', 'review', 'summarize'],
  builtinClashEffect: 'Cursor keeps its own command under that name',
  compile(model: CanonicalKit, options: CompileOptions): HostCompilation {
    const out = new HostOutput(cursor, model, options);
    addAgentsMd(out);
    // "Always" mode: alwaysApply with no globs (mixing them can misclassify the rule)
    const rule = renderFrontMatter(
      { description: `${model.displayName} project instructions`, alwaysApply: true },
      `# ${model.displayName}\n\nFollow the project instructions in AGENTS.md at the repository root. Subagents are in .cursor/agents; workflows and skills are in .cursor/skills and run as \`/<name>\`.\n`
    );
    out.add(`.cursor/rules/${model.name}-core.mdc`, rule, 'bridge', model.sources.includes(model.manifestFile) ? [model.manifestFile] : []);

    for (const role of model.roles) {
      const target = `.cursor/agents/${role.name}.md`;
      if (!requireDescription(out, role, target)) continue;
      const readonly = dropToolList(out, role, 'subagents', 'readonly: true', 'Set `readonly` under a `cursor:` front matter section to control what the subagent may change.');
      reportDropped(out, role, target);
      const fields = withHostSection('cursor', role, {
        name: role.name,
        description: role.description,
        model: hostModel(out, role, { keepInherit: true, claudeIds: true }),
        readonly
      });
      out.add(target, renderFrontMatter(fields, role.body), 'role', [role.file]);
    }

    for (const workflow of model.workflows) {
      if (workflow.description === undefined) {
        requireDescription(out, workflow, `.cursor/skills/${workflow.name}/SKILL.md`);
        continue;
      }
      const body = removePlaceholders(out, workflow, 'Cursor skills and commands');
      reportDropped(out, workflow, `.cursor/skills/${workflow.name}/SKILL.md`, ['tools', 'model', 'argument-hint']);
      addWorkflowSkill(out, workflow, '.cursor/skills', { 'disable-model-invocation': true }, body);
      // Cursor commands are plain Markdown: front matter is not read, so none is written
      if (options.legacyCommands) out.add(`.cursor/commands/${workflow.name}.md`, body, 'workflow', [workflow.file]);
    }

    for (const skill of model.skills) addSkill(out, skill, '.cursor/skills');

    const hooks = resolveHooks(out);
    if (hooks.length && out.sharesTreeWith('claude')) {
      overlapNotice(
        out,
        'with "third-party hooks" on, Cursor also runs the hooks in .claude/settings.json, so each hook exported to both would run twice',
        'Leave Cursor\'s third-party hooks setting off in this repository, or export hooks for one of the two hosts.'
      );
    }
    if (hooks.length) {
      const file = {
        version: 1,
        hooks: flatLists(hooks, (h) => {
          const entry: Record<string, unknown> = { command: h.command };
          if (h.matcher !== undefined) entry.matcher = h.matcher;
          if (h.timeout !== undefined) entry.timeout = h.timeout;
          return entry;
        })
      };
      out.add('.cursor/hooks.json', renderJson(file), 'hook', hookSources(hooks));
    }
    return out.finish();
  }
};
