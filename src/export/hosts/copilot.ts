import { renderFrontMatter, renderJson, sortedUnique } from '../render.js';
import type { CanonicalKit, CompileOptions, HostCompilation } from '../types.js';
import { claude } from './claude.js';
import type { HostDefinition } from './definition.js';
import {
  addAgentsMd,
  addSkill,
  addWorkflowSkill,
  flatLists,
  hasPlaceholders,
  hookSources,
  hostModel,
  HostOutput,
  overlapNotice,
  projectDirAsRoot,
  removePlaceholders,
  replacePlaceholders,
  reportDropped,
  requireDescription,
  resolveHooks,
  translateTools,
  withHostSection
} from './shared.js';

/** Claude tool name -> Copilot tool alias. */
export const COPILOT_TOOLS: Readonly<Record<string, string>> = {
  Bash: 'execute',
  Edit: 'edit',
  Glob: 'search',
  Grep: 'search',
  LS: 'search',
  MultiEdit: 'edit',
  NotebookEdit: 'edit',
  Read: 'read',
  Task: 'agent',
  TodoWrite: 'todo',
  WebFetch: 'web',
  WebSearch: 'web',
  Write: 'edit'
};

/** Copilot's own aliases, accepted as written. */
export const COPILOT_NATIVE_TOOLS: ReadonlySet<string> = new Set(['agent', 'edit', 'execute', 'read', 'search', 'todo', 'web']);

/** MCP tools in Copilot's `server/tool` or `server/*` form. */
const isCopilotMcpTool = (name: string): boolean => /^[A-Za-z0-9_.-]+\/(\*|[A-Za-z0-9_.-]+)$/.test(name);

/**
 * GitHub Copilot: AGENTS.md plus a `.github/copilot-instructions.md` bridge; custom
 * agents in `.github/agents/<n>.agent.md` with Copilot tool aliases; workflows as
 * user-only skills in `.github/skills` (plus `.github/prompts/<n>.prompt.md` when legacy
 * commands are on); hooks in `.github/hooks/<kit>.json` as flat lists.
 */
export const copilot: HostDefinition<'copilot'> = {
  id: 'copilot',
  label: 'GitHub Copilot',
  events: [
    'agentStop', 'errorOccurred', 'notification', 'permissionRequest', 'postToolUse', 'postToolUseFailure', 'preCompact',
    'preMcpToolCall', 'preToolUse', 'sessionEnd', 'sessionStart', 'subagentStart', 'subagentStop', 'userPromptSubmitted',
    'userPromptTransformed'
  ],
  // the CLI-only events (notification, permissionRequest) are not mapped: the cloud agent and VS Code never fire them
  eventMap: {
    SessionStart: 'sessionStart', SessionEnd: 'sessionEnd', UserPromptSubmit: 'userPromptSubmitted', PreToolUse: 'preToolUse',
    PostToolUse: 'postToolUse', PostToolUseFailure: 'postToolUseFailure', Stop: 'agentStop', SubagentStart: 'subagentStart',
    SubagentStop: 'subagentStop', PreCompact: 'preCompact'
  },
  // Copilot runs project hooks from the repository root
  projectDir: '.',
  rewriteProjectDir: projectDirAsRoot,
  fileRules: [
    { glob: '.github/agents/*.agent.md', format: 'front-matter', schema: 'copilot-agent', what: 'custom agent' },
    { glob: '.github/skills/*/SKILL.md', format: 'front-matter', schema: 'copilot-skill', skill: true, what: 'skill' },
    { glob: '.github/prompts/*.prompt.md', format: 'optional-front-matter', schema: 'copilot-prompt', what: 'prompt file' },
    { glob: '.github/copilot-instructions.md', format: 'plain-markdown', what: 'instructions' },
    { glob: '.github/hooks/*.json', format: 'json', schema: 'copilot-hooks', events: true, what: 'hooks file' }
  ],
  builtinCommands: [
    'add-dir', 'agent', 'allow-all', 'app', 'ask', 'autopilot', 'changelog', 'chronicle', 'clear', 'collect-debug-logs', 'compact',
    'computer', 'context', 'copy', 'cwd', 'delegate', 'diagnose', 'diff', 'env', 'exit', 'experimental', 'feedback', 'fleet', 'footer',
    'fork', 'help', 'ide', 'init', 'instructions', 'keep-alive', 'limits', 'list-dirs', 'login', 'logout', 'lsp', 'mcp', 'memory',
    'model', 'move', 'new', 'permissions', 'plan', 'plugin', 'pr', 'refine', 'remote', 'rename', 'research', 'reset-allowed-tools',
    'restart', 'resume', 'review', 'rewind', 'rubber-duck', 'sandbox', 'search', 'security-review', 'session', 'settings', 'share',
    'skills', 'statusline', 'subagents', 'tasks', 'terminal-setup', 'theme', 'update', 'usage', 'user', 'version', 'vim', 'voice',
    'worktree'
  ],
  builtinClashEffect: 'Copilot CLI keeps its own command under that name',
  compile(model: CanonicalKit, options: CompileOptions): HostCompilation {
    const out = new HostOutput(copilot, model, options);
    addAgentsMd(out);
    out.add(
      '.github/copilot-instructions.md',
      `# ${model.displayName}\n\nFollow the project instructions in AGENTS.md at the repository root. Custom agents are in .github/agents and skills in .github/skills.\n`,
      'bridge',
      model.sources.includes(model.manifestFile) ? [model.manifestFile] : []
    );

    for (const role of model.roles) {
      const target = `.github/agents/${role.name}.agent.md`;
      if (!requireDescription(out, role, target)) continue;
      const tools = translateTools(out, role, COPILOT_TOOLS, COPILOT_NATIVE_TOOLS, isCopilotMcpTool);
      reportDropped(out, role, target);
      const fields = withHostSection('copilot', role, {
        name: role.name,
        description: role.description,
        // an empty list would allow no tools; a role whose tools all failed to translate keeps the default (all)
        tools: tools && tools.length ? tools : undefined,
        model: hostModel(out, role, { claudeIds: true })
      });
      out.add(target, renderFrontMatter(fields, role.body), 'role', [role.file]);
    }

    for (const workflow of model.workflows) {
      if (workflow.description === undefined) {
        requireDescription(out, workflow, `.github/skills/${workflow.name}/SKILL.md`);
        continue;
      }
      const skillBody = removePlaceholders(out, workflow, 'Copilot skills');
      reportDropped(out, workflow, `.github/skills/${workflow.name}/SKILL.md`, ['tools', 'model']);
      addWorkflowSkill(out, workflow, '.github/skills', { 'disable-model-invocation': true, 'argument-hint': workflow.argumentHint }, skillBody);
      if (options.legacyCommands) {
        // prompt files take typed input through `${input:name}` variables
        const body = hasPlaceholders(workflow.body) ? replacePlaceholders(workflow.body, '${input:args}') : workflow.body;
        const tools = translateTools(out, workflow, COPILOT_TOOLS, COPILOT_NATIVE_TOOLS, isCopilotMcpTool);
        const fields = withHostSection('copilot', workflow, {
          description: workflow.description,
          agent: 'agent',
          'argument-hint': workflow.argumentHint,
          tools: tools && tools.length ? tools : undefined
        });
        out.add(`.github/prompts/${workflow.name}.prompt.md`, renderFrontMatter(fields, body), 'workflow', [workflow.file]);
      }
    }

    if (options.legacyCommands && model.workflows.length) {
      out.report({
        rule: 'host-ignores-file',
        severity: 'notice',
        message: '.github/prompts/*.prompt.md are written for VS Code only: Copilot CLI ignores .github/prompts, and runs the workflows as the skills in .github/skills',
        file: model.manifestFile,
        fix: 'Nothing to do for Copilot CLI; set exports.legacyCommands to false if no one uses the prompt files in VS Code.'
      });
    }

    for (const skill of model.skills) addSkill(out, skill, '.github/skills');

    if (out.sharesTreeWith('claude')) {
      overlapNotice(
        out,
        'Copilot CLI also loads CLAUDE.md as instructions; it holds only the `@AGENTS.md` import, so the instructions reach Copilot once, from AGENTS.md',
        'Nothing to do; `copilot instruction list` shows the files it loads.'
      );
    }

    let hooks = resolveHooks(out);
    if (out.sharesTreeWith('claude') && hooks.length) {
      // Copilot CLI runs the hooks of .claude/settings.json too: a hook wired in both would run twice
      const claudeOut = new HostOutput(claude, model, options);
      const viaClaude = new Set(resolveHooks(claudeOut).map((h) => h.hook.id));
      const shared = hooks.filter((h) => viaClaude.has(h.hook.id));
      if (shared.length) {
        hooks = hooks.filter((h) => !viaClaude.has(h.hook.id));
        overlapNotice(
          out,
          `Copilot CLI runs the hooks in .claude/settings.json too, so ${sortedUnique(shared.map((h) => h.hook.id)).join(', ')} ${shared.length > 1 ? 'are' : 'is'} not written to .github/hooks/${model.name}.json, where ${shared.length > 1 ? 'they' : 'it'} would run twice; Copilot in VS Code and the cloud agent, which read .github/hooks only, do not run ${shared.length > 1 ? 'them' : 'it'}`,
          'Use the package layout for Copilot if its cloud agent must run these hooks.'
        );
      }
    }
    if (hooks.length) {
      for (const h of hooks) {
        if (h.matcher === undefined) continue;
        out.lossy(
          h.hook.file,
          `hook ${h.hook.id}: hook entries have no matcher (only the CLI filters, and only on some events), so "${h.matcher}" was left out and the hook runs for every ${h.event} event`,
          'Make the hook check the tool name in its input and exit quietly for other tools.',
          h.hook.lines.matcher ?? h.hook.lines.trigger
        );
      }
      const file = {
        version: 1,
        hooks: flatLists(hooks, (h) => {
          const entry: Record<string, unknown> = { type: 'command', bash: h.command };
          if (h.timeout !== undefined) entry.timeoutSec = h.timeout;
          return entry;
        })
      };
      out.add(`.github/hooks/${model.name}.json`, renderJson(file), 'hook', hookSources(hooks));
    }
    return out.finish();
  }
};
