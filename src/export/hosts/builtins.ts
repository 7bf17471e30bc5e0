import type { HostId } from '../types.js';

/**
 * Each host's own slash commands (and, for Codex, its bundled `$skills`), the one list the
 * compilers warn from when an exported workflow or skill takes the same name. Sources: the
 * clients themselves at the versions in conformance/clients.json (Claude Code's
 * `slash_commands` in an empty project plus its interactive commands, `copilot help commands`,
 * the commands Gemini CLI's BuiltinCommandLoader defines, Codex's bundled skills); Cursor's from
 * its documentation. A newer client can add names: `npm run test:hosts` compares each client's
 * live list (conformance/builtins.mjs) with this one and fails on a name missing here.
 */
export const HOST_BUILTIN_COMMANDS: Readonly<Record<HostId, readonly string[]>> = {
  claude: [
    'add-dir', 'agents', 'batch', 'bug', 'claude-api', 'clear', 'code-review', 'compact', 'config', 'context', 'cost', 'debug',
    'deep-research', 'doctor', 'exit', 'export', 'fewer-permission-prompts', 'goal', 'heapdump', 'help', 'hooks', 'ide', 'init',
    'insights', 'install-github-app', 'login', 'logout', 'loop', 'mcp', 'memory', 'model', 'output-style', 'permissions', 'plan',
    'pr-comments', 'release-notes', 'reload-skills', 'resume', 'review', 'rewind', 'run', 'run-skill-generator', 'security-review',
    'simplify', 'status', 'statusline', 'team-onboarding', 'terminal-setup', 'todos', 'update-config', 'upgrade', 'usage', 'verify', 'vim'
  ],
  // workflows and skills run as `$name`; the names that can clash are Codex's bundled skills
  codex: ['imagegen', 'openai-docs', 'skill-creator', 'skill-installer'],
  gemini: [
    'about', 'agents', 'auth', 'bug', 'bug-memory', 'chat', 'clear', 'commands', 'compress', 'copy', 'corgi', 'directory', 'docs',
    'editor', 'export-session', 'extensions', 'footer', 'gemma', 'help', 'hooks', 'ide', 'init', 'mcp', 'memory', 'model',
    'permissions', 'plan', 'policies', 'privacy', 'quit', 'restore', 'resume', 'rewind', 'settings', 'setup-github', 'shortcuts',
    'skills', 'stats', 'tasks', 'terminal-setup', 'theme', 'tools', 'upgrade', 'vim', 'voice'
  ],
  cursor: ['compress', 'council', 'help', 'model', 'new-chat', 'plan', 'review', 'summarize'],
  copilot: [
    'add-dir', 'agent', 'allow-all', 'app', 'ask', 'autopilot', 'changelog', 'chronicle', 'clear', 'collect-debug-logs', 'compact',
    'computer', 'context', 'copy', 'cwd', 'delegate', 'diagnose', 'diff', 'env', 'exit', 'experimental', 'feedback', 'fleet', 'footer',
    'fork', 'help', 'ide', 'init', 'instructions', 'keep-alive', 'limits', 'list-dirs', 'login', 'logout', 'lsp', 'mcp', 'memory',
    'model', 'move', 'new', 'permissions', 'plan', 'plugin', 'pr', 'refine', 'remote', 'rename', 'research', 'reset-allowed-tools',
    'restart', 'resume', 'review', 'rewind', 'rubber-duck', 'sandbox', 'search', 'security-review', 'session', 'settings', 'share',
    'skills', 'statusline', 'subagents', 'tasks', 'terminal-setup', 'theme', 'update', 'usage', 'user', 'version', 'vim', 'voice',
    'worktree'
  ]
};

/** What happens to an exported name that a built-in also uses, per host, for the warning. */
export const BUILTIN_CLASH_EFFECT: Readonly<Record<HostId, string>> = {
  claude: 'Claude Code runs one of the two under that name, so the other cannot be reached as `/<name>`',
  codex: 'Codex lists both skills under one `$<name>`',
  gemini: 'Gemini CLI keeps its own command and renames the exported one (e.g. `/plan` becomes `/workspace.plan`)',
  cursor: 'Cursor keeps its own command under that name',
  copilot: 'Copilot CLI keeps its own command under that name'
};
