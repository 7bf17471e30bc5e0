/**
 * Runs each pinned host client against a project folder, offline: its own HOME, the
 * recording shim on PATH for hook commands, and the loopback stand-in as its model API.
 * Each driver returns what the client loaded and what fired:
 *   { agents, skills, commands, hooks: [{ event, name, args, missing, input }], hookCount?,
 *     instructions: boolean, output: string (everything it printed), requests,
 *     toolCalls: [{ name, input }] (the tool calls the stand-in asked for in the session) }
 * The session's first model request is answered with one call of a file-writing tool (see
 * standin.mjs) that writes TOOL_FILE inside the project, so tool hooks fire; each client runs
 * it with its headless auto-approve setting, limited to edits where the client has one.
 */
import { spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const RECORDER = join(here, 'record-hook.mjs')
/** The scratch file the stand-in's tool call writes, relative to the project. */
export const TOOL_FILE = 'conformance-standin.txt'

/** Runs one session with the stand-in armed to ask for one tool call writing TOOL_FILE in `project`. */
async function withTool(standin, project, session) {
  rmSync(join(project, TOOL_FILE), { force: true })
  standin.armTool(join(project, TOOL_FILE))
  try {
    const r = await session()
    return { ...r, toolCalls: [...standin.toolCalls], toolFile: existsSync(join(project, TOOL_FILE)) ? readFileSync(join(project, TOOL_FILE), 'utf8') : undefined }
  } finally {
    standin.armTool(undefined)
    rmSync(join(project, TOOL_FILE), { force: true })
  }
}

/** Runs a command with a clean environment (nothing of ours leaks in) and a timeout. */
export function run(command, args, { cwd, env, timeoutMs = 120_000 }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
  })
}

/** A sandbox per client run: HOME, shim folder and hook log. */
export function sandbox(base, host, { shimNames, knownCommands }) {
  const dir = join(base, `client-${host}`)
  rmSync(dir, { recursive: true, force: true })
  const home = join(dir, 'home')
  const shim = join(dir, 'bin')
  mkdirSync(home, { recursive: true })
  mkdirSync(shim, { recursive: true })
  for (const name of shimNames) {
    writeFileSync(join(shim, name), `#!/bin/sh\nKIT_GUARD_SHIM_NAME=${name} exec "${process.execPath}" "${RECORDER}" "$@"\n`)
    chmodSync(join(shim, name), 0o755)
  }
  const log = join(dir, 'hooks.jsonl')
  const env = {
    PATH: `${shim}:${dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: home,
    LANG: 'C.UTF-8',
    TERM: 'xterm-256color',
    COLORTERM: 'truecolor',
    NO_COLOR: '1',
    KIT_GUARD_HOOK_LOG: log,
    KIT_GUARD_RECORDER: RECORDER,
    KIT_GUARD_NODE: process.execPath,
    KIT_GUARD_SHIM_COMMANDS: knownCommands.join('\n'),
    KIT_GUARD_HOST: host
  }
  return { dir, home, env, log }
}

function hookCalls(log) {
  if (!existsSync(log)) return []
  return readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => {
    const call = JSON.parse(line)
    let input
    try {
      input = JSON.parse(call.input)
    } catch {
      input = undefined
    }
    return { ...call, input, event: input?.hook_event_name ?? input?.hookEventName }
  })
}

// ---------------------------------------------------------------------------
// Claude Code
// ---------------------------------------------------------------------------

export async function runClaude({ bin, project, box, standin }) {
  const debug = join(box.dir, 'debug.txt')
  const env = {
    ...box.env,
    ANTHROPIC_BASE_URL: standin.url,
    ANTHROPIC_API_KEY: 'conformance-dummy-key',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_ERROR_REPORTING: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1'
  }
  standin.requests.length = 0
  // acceptEdits: file edits inside the project run without asking (bypassPermissions is refused as root)
  const r = await withTool(standin, project, () => run(bin, ['-p', 'hi', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'acceptEdits', '--debug-file', debug], { cwd: project, env }))
  const events = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l))
  const init = events.find((e) => e.type === 'system' && e.subtype === 'init') ?? {}
  const debugText = existsSync(debug) ? readFileSync(debug, 'utf8') : ''
  const legacy = /legacy commands: (\d+)/.exec(debugText)
  return {
    code: r.code,
    agents: init.agents ?? [],
    skills: [...new Set(init.skills ?? [])],
    skillEntries: init.skills ?? [],
    commands: init.slash_commands ?? [],
    legacyCommands: legacy ? Number(legacy[1]) : 0,
    hooks: hookCalls(box.log),
    toolCalls: r.toolCalls,
    toolFile: r.toolFile,
    hookErrors: events.filter((e) => e.subtype === 'hook_response' && e.outcome !== 'success').map((e) => `${e.hook_event}: ${e.stderr || e.output}`),
    requestText: standin.requests.map((q) => q.text).join('\n'),
    output: `${r.stderr}\n${debugText.split('\n').filter((l) => /\[(WARN|ERROR)\]/.test(l)).join('\n')}`
  }
}

// ---------------------------------------------------------------------------
// Codex
// ---------------------------------------------------------------------------

function codexConfig(home, project, standin, trusted, provider = true) {
  mkdirSync(join(home, '.codex'), { recursive: true })
  // prompt-input needs no provider, and with an unknown model Codex leaves out its agent tools (and the roles)
  const lines = !provider ? [] : [
    // a model Codex ships metadata for: only then does it offer its `apply_patch` tool (the stand-in's tool call)
    'model = "gpt-5.5"',
    'model_provider = "standin"',
    '[model_providers.standin]',
    'name = "standin"',
    `base_url = "${standin.url}/v1"`,
    'wire_api = "responses"',
    'env_key = "STANDIN_API_KEY"'
  ]
  if (trusted) lines.push(`[projects."${project}"]`, 'trust_level = "trusted"')
  writeFileSync(join(home, '.codex', 'config.toml'), `${lines.join('\n')}\n`)
}

/** Codex's prompt as `debug prompt-input` prints it: roles, skills and AGENTS.md text. */
export async function codexPromptInput({ bin, project, box, standin, trusted = true }) {
  codexConfig(box.home, project, standin, trusted, false)
  const r = await run(bin, ['debug', 'prompt-input', 'hi'], { cwd: project, env: { ...box.env, STANDIN_API_KEY: 'dummy' } })
  const text = r.stdout
  // the prompt is JSON; roles and skills are listed inside its strings
  const strings = []
  const walk = (v) => {
    if (typeof v === 'string') strings.push(v)
    else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x)
  }
  try {
    walk(JSON.parse(text))
  } catch {
    strings.push(text)
  }
  const roles = []
  for (const s of strings.filter((x) => x.includes('Available roles:'))) {
    for (const m of s.slice(s.indexOf('Available roles:')).matchAll(/^([a-z0-9][a-z0-9_-]*): \{$/gm)) roles.push(m[1])
  }
  const all = strings.join('\n')
  const skills = []
  for (const m of all.matchAll(/^- ([^:\n]+): .*\(file: (r\d+)\/[^)]*\)$/gm)) skills.push({ name: m[1], root: m[2] })
  const roots = Object.fromEntries([...all.matchAll(/`(r\d+)` = `([^`]*)`/g)].map((m) => [m[1], m[2]]))
  return { code: r.code, roles, skills: skills.map((s) => ({ ...s, dir: roots[s.root] })), text: all, stderr: r.stderr }
}

export async function runCodex({ bin, project, box, standin }) {
  const prompt = await codexPromptInput({ bin, project, box, standin })
  codexConfig(box.home, project, standin, true)
  standin.requests.length = 0
  // workspace-write: edits inside the project run without asking (exec never asks), commands sandboxed to it
  const r = await withTool(standin, project, () => run(bin, ['exec', '--json', '--skip-git-repo-check', '--dangerously-bypass-hook-trust', '--sandbox', 'workspace-write', 'hi'], {
    cwd: project,
    env: { ...box.env, STANDIN_API_KEY: 'dummy' }
  }))
  const events = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l))
  const errors = events.filter((e) => e.item?.type === 'error').map((e) => e.item.message)
  return {
    code: r.code,
    agents: prompt.roles,
    skills: prompt.skills.filter((s) => s.dir?.startsWith(project)).map((s) => s.name),
    commands: [],
    hooks: hookCalls(box.log),
    toolCalls: r.toolCalls,
    toolFile: r.toolFile,
    requestText: standin.requests.map((q) => q.text).join('\n'),
    instructionsInPrompt: prompt.text,
    output: [prompt.stderr, r.stderr.replace(/^Reading additional input from stdin\.\.\.\n?/m, ''), ...errors].join('\n')
  }
}

// ---------------------------------------------------------------------------
// Gemini CLI
// ---------------------------------------------------------------------------

/** Acknowledges every project agent by its content hash, as a user answering Gemini's prompt would. */
function acknowledgeGeminiAgents(home, project) {
  const dir = join(project, '.gemini', 'agents')
  const acks = {}
  if (existsSync(dir)) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(join(dir, file), 'utf8')
      const name = /^name:\s*(.+)$/m.exec(text)?.[1]?.trim() ?? file.replace(/\.md$/, '')
      acks[name] = createHash('sha256').update(text).digest('hex')
    }
  }
  mkdirSync(join(home, '.gemini', 'acknowledgments'), { recursive: true })
  writeFileSync(join(home, '.gemini', 'acknowledgments', 'agents.json'), JSON.stringify({ [project]: acks }))
}

function geminiEnv(box, standin, trusted) {
  mkdirSync(join(box.home, '.gemini'), { recursive: true })
  writeFileSync(
    join(box.home, '.gemini', 'settings.json'),
    JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } }, privacy: { usageStatisticsEnabled: false }, general: { disableAutoUpdate: true, disableUpdateNag: true } })
  )
  return { ...box.env, GEMINI_API_KEY: 'conformance-dummy-key', GOOGLE_GEMINI_BASE_URL: standin.url, GEMINI_CLI_TRUST_WORKSPACE: trusted ? 'true' : 'false' }
}

/** `gemini skills list --all`: name lines look like `name [Enabled]`. */
export async function geminiSkills({ bin, project, box, standin, trusted = true }) {
  const r = await run(bin, ['skills', 'list', '--all'], { cwd: project, env: geminiEnv(box, standin, trusted) })
  const skills = []
  for (const m of r.stdout.matchAll(/^(\S+) \[(Enabled|Disabled)\]([^\n]*)\n\s+Description:[^\n]*\n\s+Location:\s+(\S+)/gm)) skills.push({ name: m[1], enabled: m[2] === 'Enabled', builtin: m[3].includes('Built-in'), location: m[4] })
  return { skills, output: `${r.stdout}\n${r.stderr}` }
}

export async function runGemini({ bin, project, box, standin, commands = [] }) {
  acknowledgeGeminiAgents(box.home, project)
  const listed = await geminiSkills({ bin, project, box, standin })
  const env = geminiEnv(box, standin, true)
  standin.requests.length = 0
  // auto_edit: file edits run without asking
  const r = await withTool(standin, project, () => run(bin, ['-m', 'gemini-2.5-pro', '-p', 'hi', '-o', 'stream-json', '--approval-mode', 'auto_edit', '--debug'], { cwd: project, env }))
  const requestText = standin.requests.map((q) => q.text).join('\n')
  const system = standin.requests.map((q) => JSON.stringify(q.body?.systemInstruction ?? '')).join('\n')
  const agents = [...system.matchAll(/\\n- ?([a-z0-9][a-z0-9_-]*) -> /g), ...system.matchAll(/\\n([a-z0-9][a-z0-9_-]*) -> /g)].map((m) => m[1])
  const hooks = hookCalls(box.log)
  // each command is invocable when its prompt reaches the model (one after another: the
  // clients are CPU-bound at start, so running them side by side is slower on a small runner)
  const invoked = []
  for (const name of commands) {
    standin.requests.length = 0
    const c = await run(bin, ['-m', 'gemini-2.5-pro', '-p', `/${name}`, '-o', 'stream-json'], { cwd: project, env: { ...env, KIT_GUARD_HOOK_LOG: '/dev/null' } })
    invoked.push({ name, code: c.code, received: standin.requests.map((q) => q.text).join('\n'), output: c.stderr })
  }
  return {
    code: r.code,
    agents: [...new Set(agents)],
    // enabled skills are what a session offers (and what Gemini turns into /<name> commands too)
    skills: listed.skills.filter((s) => !s.builtin && s.enabled).map((s) => s.name),
    skillLocations: listed.skills.filter((s) => !s.builtin && s.enabled),
    disabledSkills: listed.skills.filter((s) => !s.builtin && !s.enabled).map((s) => s.name),
    commands: invoked,
    hooks,
    toolCalls: r.toolCalls,
    toolFile: r.toolFile,
    requestText,
    output: `${listed.output}\n${r.stderr}`
  }
}

// ---------------------------------------------------------------------------
// Copilot CLI
// ---------------------------------------------------------------------------

export async function runCopilot({ bin, project, box, standin }) {
  const env = {
    ...box.env,
    COPILOT_OFFLINE: 'true',
    COPILOT_AUTO_UPDATE: 'false',
    COPILOT_PROVIDER_BASE_URL: standin.url,
    COPILOT_PROVIDER_TYPE: 'anthropic',
    COPILOT_PROVIDER_API_KEY: 'conformance-dummy-key',
    COPILOT_MODEL: 'claude-sonnet-4.5'
  }
  const skillList = await run(bin, ['skill', 'list', '--json'], { cwd: project, env })
  let skills = []
  try {
    skills = JSON.parse(skillList.stdout).filter((s) => s.source === 'project')
  } catch {
    skills = []
  }
  const instructions = await run(bin, ['instruction', 'list'], { cwd: project, env })
  const logDir = join(box.dir, 'logs')
  standin.requests.length = 0
  const r = await withTool(standin, project, () => run(bin, ['-p', 'hi', '--allow-all-tools', '--trust-folder', '--disable-client-telemetry', '--output-format', 'json', '--log-level', 'all', '--log-dir', logDir], { cwd: project, env }))
  const logText = existsSync(logDir) ? readdirSync(logDir).map((f) => readFileSync(join(logDir, f), 'utf8')).join('\n') : ''
  const requestText = standin.requests.map((q) => q.text).join('\n')
  const agentEnum = /"agent_type":\{"type":"string","enum":\[([^\]]*)\]/.exec(standin.requests.map((q) => JSON.stringify(q.body ?? {})).join('\n'))
  const builtinAgents = new Set(['explore', 'task', 'general-purpose', 'code-review', 'research', 'security-review', 'rubber-duck', 'configure-copilot'])
  const agents = agentEnum ? JSON.parse(`[${agentEnum[1]}]`).filter((a) => !builtinAgents.has(a)) : []
  const hookCount = [...logText.matchAll(/loaded repo hooks \(hookCount=(\d+)\)/g)].map((m) => Number(m[1]))
  return {
    code: r.code,
    agents,
    skills: skills.map((s) => s.name),
    skillEntries: skills,
    commands: [],
    instructionFiles: [...instructions.stdout.matchAll(/•\s+(\S+)/g)].map((m) => m[1]),
    hooks: hookCalls(box.log),
    hookCount: hookCount.at(-1),
    toolCalls: r.toolCalls,
    toolFile: r.toolFile,
    requestText,
    output: `${skillList.stderr}\n${instructions.stderr}\n${r.stderr}`
  }
}
