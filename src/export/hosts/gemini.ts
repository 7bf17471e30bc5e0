import { renderFrontMatter, renderJson, renderToml, sortedUnique } from '../render.js';
import type { CanonicalKit, CompileOptions, HostCompilation } from '../types.js';
import type { HostDefinition } from './definition.js';
import { codexWorkflowSkills } from './codex.js';
import {
  addAgentsMd,
  addSkill,
  hookSources,
  hostModel,
  HostOutput,
  matcherGroups,
  overlapNotice,
  replaceClaudeProjectDir,
  reportDropped,
  requireBody,
  requireDescription,
  resolveHooks,
  translateTools,
  trustNotice,
  type HostHook,
  withHostSection
} from './shared.js';

/** Claude tool name -> Gemini CLI tool name. */
export const GEMINI_TOOLS: Readonly<Record<string, string>> = {
  Bash: 'run_shell_command',
  Edit: 'replace',
  Glob: 'glob',
  Grep: 'grep_search',
  LS: 'list_directory',
  MultiEdit: 'replace',
  Read: 'read_file',
  TodoWrite: 'write_todos',
  WebFetch: 'web_fetch',
  WebSearch: 'google_web_search',
  Write: 'write_file'
};

/** Gemini's own tool names, accepted as written. */
export const GEMINI_NATIVE_TOOLS: ReadonlySet<string> = new Set([
  '*', 'glob', 'google_web_search', 'grep_search', 'list_directory', 'read_file', 'read_many_files', 'replace',
  'run_shell_command', 'save_memory', 'web_fetch', 'write_file', 'write_todos'
]);

/** Gemini's MCP wildcards: `mcp_*`, `mcp_<server>_*`, `mcp_<server>_<tool>`. */
const isGeminiMcpTool = (name: string): boolean => /^mcp_[A-Za-z0-9_*-]*$/.test(name);

/** The Gemini events whose matchers are tool-name patterns. */
const TOOL_EVENTS = new Set(['BeforeTool', 'AfterTool']);

/**
 * Gemini CLI (legacy/enterprise): AGENTS.md read through `.gemini/settings.json`
 * `context.fileName` (the nested key; the old top-level `contextFileName` is no longer
 * read), subagents in `.gemini/agents`, workflows as TOML commands, skills in `.gemini/skills`
 * (in a native tree shared with Codex, none: Gemini reads Codex's `.agents/skills` too, and
 * the workflows Codex writes there as skills are listed under `skills.disabled`),
 * hooks in settings with Gemini's event names and millisecond timeouts.
 */
export const gemini: HostDefinition<'gemini'> = {
  id: 'gemini',
  label: 'Gemini CLI',
  events: ['AfterAgent', 'AfterModel', 'AfterTool', 'BeforeAgent', 'BeforeModel', 'BeforeTool', 'BeforeToolSelection', 'Notification', 'PreCompress', 'SessionEnd', 'SessionStart'],
  eventMap: {
    SessionStart: 'SessionStart', SessionEnd: 'SessionEnd', UserPromptSubmit: 'BeforeAgent', PreToolUse: 'BeforeTool',
    PostToolUse: 'AfterTool', Notification: 'Notification', Stop: 'AfterAgent', PreCompact: 'PreCompress'
  },
  projectDir: '"$GEMINI_PROJECT_DIR"',
  rewriteProjectDir: (command) => replaceClaudeProjectDir(command, '${GEMINI_PROJECT_DIR}', '$GEMINI_PROJECT_DIR'),
  fileRules: [
    { glob: '.gemini/agents/*.md', format: 'front-matter', schema: 'gemini-agent', what: 'subagent' },
    { glob: '.gemini/commands/**/*.toml', format: 'toml', schema: 'gemini-command', what: 'command' },
    { glob: '.gemini/settings.json', format: 'json', schema: 'gemini-settings', events: true, what: 'settings' },
    { glob: '.gemini/skills/*/SKILL.md', format: 'front-matter', schema: 'gemini-skill', skill: true, what: 'skill' },
    { glob: '.agents/skills/*/SKILL.md', format: 'front-matter', schema: 'gemini-skill', skill: true, what: 'skill' }
  ],
  builtinCommands: [
    'about', 'agents', 'auth', 'bug', 'bug-memory', 'chat', 'clear', 'commands', 'compress', 'copy', 'corgi', 'directory', 'docs',
    'editor', 'export-session', 'extensions', 'footer', 'gemma', 'help', 'hooks', 'ide', 'init', 'mcp', 'memory', 'model',
    'permissions', 'plan', 'policies', 'privacy', 'quit', 'restore', 'resume', 'rewind', 'settings', 'setup-github', 'shortcuts',
    'skills', 'stats', 'tasks', 'terminal-setup', 'theme', 'tools', 'upgrade', 'vim', 'voice'
  ],
  builtinClashEffect: 'Gemini CLI keeps its own command and renames the exported one (e.g. `/plan` becomes `/workspace.plan`)',
  compile(model: CanonicalKit, options: CompileOptions): HostCompilation {
    const out = new HostOutput(gemini, model, options);
    addAgentsMd(out);
    // A GEMINI.md bridge keeps the package's documented entry point; a native tree shared with
    // Copilot gets none, since Copilot CLI would load it as instructions too.
    const bridge = !out.sharesTreeWith('copilot');
    if (bridge) {
      out.add(
        'GEMINI.md',
        `# ${model.displayName}\n\nThe project instructions are in AGENTS.md, which Gemini CLI loads through \`context.fileName\` in .gemini/settings.json.\n`,
        'bridge',
        model.manifestFile && model.sources.includes(model.manifestFile) ? [model.manifestFile] : []
      );
    }
    trustNotice(
      out,
      '.gemini',
      'Gemini CLI skips project agents, skills and hooks in a folder the user has not trusted',
      'Trust the folder when Gemini CLI asks (or with /permissions), so the exported agents, skills and hooks load.'
    );
    if (model.roles.length) {
      trustNotice(
        out,
        '.gemini/agents',
        'Gemini CLI registers a project agent only after the user acknowledges it, by the hash of its file; every re-export that changes an agent asks again',
        'Tell users to accept the agents when Gemini CLI lists them as new; keep agent files stable between releases.'
      );
    }

    for (const role of model.roles) {
      const target = `.gemini/agents/${role.name}.md`;
      if (!requireDescription(out, role, target)) continue;
      const tools = translateTools(out, role, GEMINI_TOOLS, GEMINI_NATIVE_TOOLS, isGeminiMcpTool);
      reportDropped(out, role, target);
      const fields = withHostSection('gemini', role, {
        name: role.name,
        description: role.description,
        // an empty list would deny every tool; a role whose tools all failed to translate inherits instead
        tools: tools && tools.length ? tools : undefined,
        model: hostModel(out, role)
      });
      out.add(target, renderFrontMatter(fields, role.body), 'role', [role.file]);
    }

    for (const workflow of model.workflows) {
      const target = `.gemini/commands/${workflow.name}.toml`;
      if (!requireDescription(out, workflow, target)) continue;
      if (!requireBody(out, workflow, target, 'prompt', "workflow's steps")) continue;
      if (/\$[1-9]\b/.test(workflow.body)) {
        out.lossy(
          workflow.file,
          `commands have only \`{{args}}\` (all arguments as typed); the positional placeholders \`$1\`…\`$9\` of ${workflow.file} were replaced by it`,
          'Use `$ARGUMENTS` in the workflow and describe the expected order of arguments in words.'
        );
      }
      reportDropped(out, workflow, target, ['tools', 'model', 'argument-hint']);
      const prompt = workflow.body
        .replace(/\$ARGUMENTS\b/g, '{{args}}')
        .replace(/\$[1-9]\b/g, '{{args}}')
        // Claude's shell injection (a `!` before a backticked command) is Gemini's `!{...}`
        .replace(/!`([^`\n]+)`/g, '!{$1}');
      const fields = withHostSection('gemini', workflow, { description: workflow.description, prompt });
      out.add(target, renderToml(fields), 'workflow', [workflow.file]);
    }

    // Workflows Codex exports as skills to .agents/skills, which Gemini reads too: disabled for Gemini, which has them as commands
    const codexOnlySkills = out.sharesTreeWith('codex') ? codexWorkflowSkills(model) : [];
    const codexOnly = sortedUnique(codexOnlySkills.map((s) => s.name));
    if (out.sharesTreeWith('codex')) {
      // Gemini reads .agents/skills (Codex's) as well as .gemini/skills and reports every name in both as a conflict
      if (model.skills.length)
        overlapNotice(
          out,
          'skills are not written to .gemini/skills: Gemini CLI reads them from .agents/skills, where the Codex export puts them, and would report each one twice as a conflict',
          'Nothing to do; export skills for Gemini CLI alone, or use the package layout, to get .gemini/skills.'
        );
      if (codexOnly.length)
        overlapNotice(
          out,
          `Gemini CLI also reads the workflows the Codex export writes as skills to .agents/skills; they are listed under skills.disabled in .gemini/settings.json (${codexOnly.join(', ')}), so each workflow reaches Gemini CLI once, as its /<name> command`,
          'Nothing to do; run workflows in Gemini CLI as /<name>. A user who re-enables one of these skills (`gemini skills enable <name>`) gets it twice, and Gemini CLI renames one of the two commands.'
        );
    } else for (const skill of model.skills) addSkill(out, skill, '.gemini/skills');

    const hooks = resolveHooks(out).map((h) => translateMatcher(out, h)).filter((h): h is HostHook => h !== undefined);
    const settings: Record<string, unknown> = { context: { fileName: bridge ? ['AGENTS.md', 'GEMINI.md'] : ['AGENTS.md'] } };
    if (codexOnly.length) settings.skills = { disabled: codexOnly };
    if (hooks.length) {
      settings.hooks = matcherGroups(hooks, (h) => {
        const handler: Record<string, unknown> = { type: 'command', name: h.hook.id, command: h.command };
        if (h.timeout !== undefined) handler.timeout = Math.round(h.timeout * 1000);
        if (h.hook.description) handler.description = h.hook.description;
        return handler;
      });
      trustNotice(
        out,
        '.gemini/settings.json',
        'Gemini CLI fingerprints project hooks and warns when a hook\'s name or command changes, so every re-export that changes a hook asks users to trust it again',
        'Keep hook names and commands stable between releases; tell users to expect the prompt after a change.'
      );
    }
    out.add('.gemini/settings.json', renderJson(settings), 'settings', sortedUnique([...hookSources(hooks), ...codexOnlySkills.map((s) => s.file)]));
    return out.finish();
  }
};

/**
 * Tool matchers name Gemini tools: a simple alternation of Claude names (`Write|Edit`) is
 * translated; names without an equivalent are dropped, and a hook none of whose tools
 * translate is left out (an empty matcher would match every tool).
 */
function translateMatcher(out: HostOutput, entry: HostHook): HostHook | undefined {
  if (entry.matcher === undefined || !TOOL_EVENTS.has(entry.event)) return entry;
  const parts = entry.matcher.split('|');
  if (!parts.every((p) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(p))) {
    out.lossy(
      entry.hook.file,
      `hook ${entry.hook.id}: matcher "${entry.matcher}" is a pattern, not a list of tool names, so it was kept as written; Gemini matches it against its own tool names`,
      `Set a Gemini matcher with \`events\`/\`matcher\` for gemini, or use a plain list such as Write|Edit.`,
      entry.hook.lines.matcher
    );
    return entry;
  }
  const mapped: string[] = [];
  const dropped: string[] = [];
  for (const part of parts) {
    const name = GEMINI_TOOLS[part] ?? (GEMINI_NATIVE_TOOLS.has(part) ? part : undefined);
    if (name) mapped.push(name);
    else dropped.push(part);
  }
  if (dropped.length) {
    out.lossy(
      entry.hook.file,
      mapped.length
        ? `hook ${entry.hook.id}: matcher tool${dropped.length > 1 ? 's' : ''} ${dropped.join(', ')} ha${dropped.length > 1 ? 've' : 's'} no Gemini equivalent and ${dropped.length > 1 ? 'were' : 'was'} left out of the matcher`
        : `hook ${entry.hook.id}: no tool of matcher "${entry.matcher}" has a Gemini equivalent, so the hook was left out`,
      `Use tools Gemini has (${Object.keys(GEMINI_TOOLS).join(', ')}).`,
      entry.hook.lines.matcher
    );
    if (!mapped.length) return undefined;
  }
  return { ...entry, matcher: sortedUnique(mapped).join('|') };
}
