/**
 * Host conformance suite (`npm run test:hosts`; not part of `npm test`): exports kits with
 * kit-guard, runs the pinned real clients offline against each export and asserts, per host,
 * that what a user would get works: every role is an agent, every workflow and skill is
 * invocable under its name, every session hook fires once per event with the host's input
 * and a command that exists, every tool hook fires once per tool call with the tool's name
 * and input (the stand-in asks each client for one file write in the temp project), the
 * instructions reach the model, and nothing is printed as a warning. Cursor has no CLI; its files are held to the documented format by the unit tests.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { dirname, join, posix, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml'
import { installClients } from './install.mjs'
import { startStandin } from './standin.mjs'
import { TOOL_FILE, codexPromptInput, geminiSkills, runClaude, runCodex, runCopilot, runGemini, sandbox } from './clients.mjs'
import { BUILTINS_FILE, codexBuiltinSkills, copilotBuiltinCommands, geminiBuiltinCommands, missingFrom } from './builtins.mjs'

const repo = join(dirname(fileURLToPath(import.meta.url)), '..')
const lib = await import(join(repo, 'lib/index.js'))
const { buildCanonicalKit } = await import(join(repo, 'lib/export/canonical.js'))
const { HOST_BUILTIN_COMMANDS } = await import(join(repo, 'lib/export/hosts/index.js'))

const CLIENT_HOSTS = ['claude', 'codex', 'gemini', 'copilot']
const ALL_HOSTS = ['claude', 'codex', 'gemini', 'cursor', 'copilot']
/** Events a headless one-turn session fires once. */
const SESSION_EVENTS = new Set(['SessionStart', 'UserPromptSubmit', 'Stop'])
/** Events that fire once per tool call: the stand-in asks for one call of a file-writing tool per session. */
const TOOL_EVENTS = new Set(['PreToolUse', 'PostToolUse'])
/** Copilot CLI's tools under the names it gives them in Claude Code-format hook input. */
const COPILOT_AS_CLAUDE = { create: 'Write' }
/** Each client's name for a tool event, as its hook input states it (Copilot's input names no event). */
const HOST_TOOL_EVENT = {
  claude: { PreToolUse: 'PreToolUse', PostToolUse: 'PostToolUse' },
  codex: { PreToolUse: 'PreToolUse', PostToolUse: 'PostToolUse' },
  gemini: { PreToolUse: 'BeforeTool', PostToolUse: 'AfterTool' },
  copilot: { PreToolUse: undefined, PostToolUse: undefined }
}
/** What clients print that is not about the export: no network, a dummy key, our own bypass flags. */
const HARMLESS = [
  /fetch failed|ENOTFOUND|ECONNREFUSED|getaddrinfo|EAI_AGAIN|network|Clearcut|telemetry|play\.googleapis/i,
  /--dangerously-bypass-hook-trust/,
  /Model metadata for `gpt-5` not found/,
  /Ripgrep is not available|rg error|Ignore file not found/,
  /Failed to save config with lock|\.claude\.json/,
  /distrusted .* trust anchor|Failed to reload managed hooks|no session host is registered|policy\.d not readable/,
  /Loading (repo hooks|workspace MCP sources) in prompt mode/,
  /Fast mode unavailable|3P telemetry|Event dropped/,
  /^\s*at |^\s*\}|^\s*\[cause\]|errno|code: '|syscall|hostname/,
  /ClearcutLogger|Re-queued|Flushing log events|Error flushing/,
  /Basic terminal detected|User policy exists for '|Session cleanup: deleted/,
  /^(Description|Location):/,
  /^\[STARTUP\]/,
  // Gemini CLI, once a tool runs: its own safety checker has no model config offline, and context files met again are skipped
  /^\[Conseca\] check (failed: Config not initialized|called\. History is:)/,
  /^\[DEBUG\] \[MemoryDiscovery\] jit memory: skipping .* \(already loaded/
]

const timings = []
let clients
let standin
let workRoot
let claudeBuiltins = []
/** Each client's own command names (Codex: its bundled skills), as the client lists them. */
const liveBuiltins = {}

before(async () => {
  const started = Date.now()
  clients = installClients()
  timings.push(['install (cached when warm)', Date.now() - started])
  standin = await startStandin()
  workRoot = join(clients.folder, 'runs', String(process.pid))
  rmSync(workRoot, { recursive: true, force: true })
  mkdirSync(workRoot, { recursive: true })
  process.stderr.write(`host clients: ${JSON.stringify(clients.versions)}\n`)
  // Claude Code's own commands and skills, as it lists them in an empty project
  const empty = join(workRoot, 'empty-project')
  mkdirSync(empty, { recursive: true })
  execFileSync('git', ['init', '-q', empty])
  const box = sandbox(workRoot, 'claude-builtins', { shimNames: [], knownCommands: [] })
  const bare = await runClaude({ bin: clients.bins.claude, project: empty, box, standin })
  claudeBuiltins = bare.commands
  liveBuiltins.claude = { names: [...new Set(bare.commands)].sort() }
  liveBuiltins.codex = await codexBuiltinSkills({ bin: clients.bins.codex, project: empty, box: sandbox(workRoot, 'codex-builtins', { shimNames: [], knownCommands: [] }), standin })
  liveBuiltins.gemini = geminiBuiltinCommands(clients.bins.gemini)
  liveBuiltins.copilot = await copilotBuiltinCommands(clients.bins.copilot, { cwd: empty, env: sandbox(workRoot, 'copilot-builtins', { shimNames: [], knownCommands: [] }).env })
})

after(async () => {
  await standin?.close()
  if (workRoot && !process.env.KIT_GUARD_KEEP_RUNS) rmSync(workRoot, { recursive: true, force: true })
  for (const [what, ms] of timings) process.stderr.write(`time ${what}: ${(ms / 1000).toFixed(1)} s\n`)
})

// ---------------------------------------------------------------------------
// Kits
// ---------------------------------------------------------------------------

/** The seed-like kit as the seed really is: hook scripts for some hooks, `wz:` names used in bodies, links into docs/. */
function seedOverlay(root) {
  const scripts = { 'session-start': 'session_start', 'post-tool-capture': 'post_tool_capture', 'stop-handoff-harvest': 'stop_handoff_harvest' }
  for (const [file, id] of Object.entries(scripts)) {
    const path = join(root, 'hooks', file)
    writeFileSync(path, `#!/bin/sh\nKIT_GUARD_SHIM_NAME=script:${id} exec "$KIT_GUARD_NODE" "$KIT_GUARD_RECORDER" "$@"\n`, { mode: 0o755 })
  }
  const plan = join(root, 'workflows', 'plan.md')
  writeFileSync(plan, `${readFileSync(plan, 'utf8').trimEnd()}\n\nWrite the plan with the \`wz:writing-plans\` skill, then hand it to \`wz:tdd\`. See [the concepts](../docs/concepts/roles-and-workflows.md).\n`)
  const planner = join(root, 'roles', 'planner.md')
  writeFileSync(planner, `${readFileSync(planner, 'utf8').trimEnd()}\n\nThe hooks that guard a plan are listed in [the hook index](../docs/reference/hook-index.md).\n`)
  const tdd = join(root, 'skills', 'tdd', 'SKILL.md')
  writeFileSync(tdd, `${readFileSync(tdd, 'utf8').trimEnd()}\n\nWhen the test plan is unclear, use \`wz:debugging\` first. Background: [unit tests](../../expertise/testing/unit-tests.md).\n`)
  return { commands: ['wazir validate', 'wazir export build', 'wazir export --check', 'wazir recall', 'wazir doctor'] }
}

const KITS = [
  { id: 'content', source: join(repo, 'content') },
  { id: 'seed', source: join(repo, '__fixtures__', 'kits', 'seed'), overlay: seedOverlay }
]

/** Copies a kit into the run folder, sets layout and hosts, builds its exports with kit-guard. */
async function exportKit(kit, layout) {
  const root = join(workRoot, `${kit.id}-${layout}`)
  cpSync(kit.source, root, { recursive: true })
  rmSync(join(root, 'exports', 'hosts'), { recursive: true, force: true })
  const extra = kit.overlay?.(root) ?? {}
  const configPath = join(root, '.kit-guard.yaml')
  const config = existsSync(configPath) ? parseYaml(readFileSync(configPath, 'utf8')) ?? {} : {}
  config.exports = { ...(config.exports ?? {}), layout, hosts: ALL_HOSTS }
  writeFileSync(configPath, stringifyYaml(config))
  execFileSync('git', ['init', '-q', root])
  const loaded = lib.loadKit(root)
  const model = buildCanonicalKit(loaded)
  const result = await lib.buildExports(loaded)
  const commandName = model.commandName
  const known = [...(extra.commands ?? []), ...(loaded.config.docTruth.commands ?? []).map((c) => `${commandName} ${c}`)]
  return { root, layout, kit, model, result, commandName, known }
}

/** The folder a user runs a host in: the host's package copied into a fresh project, or the repository itself (native). */
function projectFor(exported, host) {
  if (exported.layout === 'native') return exported.root
  const project = join(workRoot, `${exported.kit.id}-package-${host}`)
  rmSync(project, { recursive: true, force: true })
  cpSync(join(exported.root, 'exports', 'hosts', host), project, { recursive: true })
  for (const record of ['host-package.json', 'export.manifest.json']) rmSync(join(project, record), { force: true })
  execFileSync('git', ['init', '-q', project])
  return project
}

/** Which recorded hook calls belong to a hook: its own command, its wrapper or its script. */
function callsOf(exported, hook, calls) {
  const keys = new Set([`${exported.commandName} hook ${hook.id}`, `script:${hook.id}`])
  if (hook.command) keys.add(hook.command.replace(/^npx\s+(--?\S+\s+)*/, ''))
  return calls.filter((c) => keys.has([c.name, ...c.args].join(' ')) || keys.has(c.name))
}

/** The text of the hook files a host reads in its project (in a native tree Copilot CLI runs Claude Code's `.claude/settings.json` hooks, and the plan leaves its own out). */
function hookFilesText(exported, host) {
  const files = generatedFiles(exported, host)
  if (host === 'copilot' && exported.layout === 'native') files.push(...generatedFiles(exported, 'claude').filter((f) => f.path === '.claude/settings.json'))
  return files
    .filter((f) => /(^|\/)(settings\.json|hooks\.json)$|^\.github\/hooks\/[^/]+\.json$/.test(f.path))
    .map((f) => f.content)
    .join('\n')
}

/** Whether a hook is wired in a host's hook files: its command, its script or its wrapper appears there. */
function exportedTo(exported, host, hook) {
  const text = hookFilesText(exported, host)
  const keys = [hook.command, hook.script && posix.basename(hook.script), hook.wrapperExists ? hook.wrapperCommand : undefined].filter(Boolean)
  return keys.some((k) => text.includes(k) || text.includes(JSON.stringify(k).slice(1, -1)))
}

function warningsIn(output) {
  return output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /warn|conflict|error|fail|skipping|not found|invalid/i.test(l))
    .filter((l) => !HARMLESS.some((p) => p.test(l)))
}

/** Markdown links in a generated file that point at nothing from where the file is read. */
function brokenLinks(project, files) {
  const broken = []
  for (const file of files) {
    if (!file.endsWith('.md') && !file.endsWith('.toml')) continue
    const text = readFileSync(join(project, file), 'utf8')
    for (const m of text.matchAll(/\]\(([^)\s#]+)(#[^)]*)?\)/g)) {
      const target = m[1]
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('/')) continue
      if (!existsSync(join(project, posix.dirname(file), target))) broken.push(`${file} -> ${target}`)
    }
  }
  return broken
}

function filesUnder(dir, prefix = '') {
  const out = []
  for (const name of readdirSync(dir)) {
    if (name === '.git') continue
    const rel = prefix ? `${prefix}/${name}` : name
    if (statSync(join(dir, name)).isDirectory()) out.push(...filesUnder(join(dir, name), rel))
    else out.push(rel)
  }
  return out
}

/** Generated files of a host, relative to the project the host runs in. */
function generatedFiles(exported, host) {
  const hostResult = exported.result.hosts.find((h) => h.host === host)
  const prefix = exported.layout === 'package' ? `exports/hosts/${host}/` : ''
  const compiled = lib.compileHost(lib.loadKit(exported.root), host)
  return compiled.files.map((f) => ({ ...f, path: f.path })).filter(() => hostResult !== undefined).map((f) => ({ ...f, projectPath: f.path, repoPath: prefix + f.path }))
}

// ---------------------------------------------------------------------------
// The suite
// ---------------------------------------------------------------------------

export const table = []

for (const kit of KITS) {
  for (const layout of ['package', 'native']) {
    describe(`${kit.id} kit, ${layout} layout`, () => {
      let exported
      const runs = {}
      before(async () => {
        const started = Date.now()
        exported = await exportKit(kit, layout)
        for (const host of CLIENT_HOSTS) {
          const project = projectFor(exported, host)
          const box = sandbox(workRoot, `${kit.id}-${layout}-${host}`, { shimNames: ['npx', exported.commandName], knownCommands: exported.known })
          const bin = clients.bins[host]
          const workflows = exported.model.workflows.map((w) => w.name)
          const t0 = Date.now()
          if (host === 'claude') runs[host] = await runClaude({ bin, project, box, standin })
          if (host === 'codex') runs[host] = await runCodex({ bin, project, box, standin })
          if (host === 'gemini') runs[host] = await runGemini({ bin, project, box, standin, commands: workflows })
          if (host === 'copilot') runs[host] = await runCopilot({ bin, project, box, standin })
          runs[host].project = project
          runs[host].box = box
          timings.push([`${kit.id}/${layout}/${host}`, Date.now() - t0])
        }
        timings.push([`${kit.id}/${layout} total`, Date.now() - started])
      })

      test('kit-guard builds the export without errors', () => {
        const errors = exported.result.findings.filter((f) => f.severity === 'error')
        assert.deepEqual(errors.map((f) => `${f.file}: ${f.message}`), [])
      })

      for (const host of CLIENT_HOSTS) {
        describe(host, () => {
          test('every role is an agent', () => {
            const want = exported.model.roles.map((r) => r.name).sort()
            const got = runs[host].agents
            assert.deepEqual(want.filter((n) => !got.includes(n)), [], `${host} loaded agents: ${got.join(', ')}`)
          })

          test('every workflow and skill is invocable under its name, once', () => {
            const run = runs[host]
            const skills = exported.model.skills.map((s) => s.name)
            const workflows = exported.model.workflows.map((w) => w.name)
            if (host === 'gemini') {
              // workflows are commands: the command's prompt must reach the model
              for (const c of run.commands) assert.ok(c.code === 0 && c.received.length > 0, `/${c.name} did not run in Gemini: ${c.output.slice(0, 300)}`)
              assert.deepEqual(skills.filter((n) => !run.skills.includes(n)), [], `Gemini skills: ${run.skills.join(', ')}`)
              // a workflow reaches Gemini once, as its command: an enabled skill of the same name (Codex's, read from
              // .agents/skills in a native tree) would be a second /<name>, and Gemini renames one of the two
              const asSkill = workflows.filter((n) => !skills.includes(n) && run.skills.includes(n))
              assert.deepEqual(asSkill, [], `Gemini offers these workflows as skills too (${run.disabledSkills.length ? `disabled: ${run.disabledSkills.join(', ')}` : 'none disabled'})`)
              const conflicts = run.output.split('\n').filter((l) => !/^\s*Description:/.test(l) && /conflict/i.test(l))
              assert.deepEqual(conflicts, [], 'Gemini reports a skill or command conflict')
            } else {
              const want = [...new Set([...skills, ...workflows])]
              assert.deepEqual(want.filter((n) => !run.skills.includes(n)), [], `${host} skills: ${run.skills.join(', ')}`)
            }
            const entries = run.skillEntries ?? run.skillLocations ?? []
            const names = entries.map((e) => (typeof e === 'string' ? e : e.name))
            const twice = names.filter((n, i) => names.indexOf(n) !== i)
            assert.deepEqual(twice, [], `${host} loads these names more than once (a skill and a command, or two folders)`)
            if (host === 'claude') assert.equal(run.legacyCommands, 0, 'Claude loaded legacy .claude/commands files that a skill of the same name shadows')
          })

          test('every session hook fires once per event, with the host input and a command that exists', () => {
            const run = runs[host]
            const problems = []
            for (const hook of exported.model.hooks) {
              if (!hook.event || !SESSION_EVENTS.has(hook.event)) continue
              const calls = callsOf(exported, hook, run.hooks)
              if (calls.length !== 1) problems.push(`${hook.id} (${hook.event}) ran ${calls.length} times`)
              for (const call of calls) {
                if (call.missing) problems.push(`${hook.id} calls \`${[call.name, ...call.args].join(' ')}\`, which ${exported.commandName} does not have`)
                if (!call.input || typeof call.input !== 'object') problems.push(`${hook.id} got no JSON input`)
                else if (host !== 'copilot' && !call.event) problems.push(`${hook.id} input names no event`)
              }
            }
            const unknown = run.hooks.filter((c) => c.missing).map((c) => [c.name, ...c.args].join(' '))
            for (const u of new Set(unknown)) if (!problems.some((p) => p.includes(u))) problems.push(`a hook calls \`${u}\`, which does not exist`)
            if (run.hookErrors?.length) problems.push(...run.hookErrors.map((e) => `hook failed: ${e}`))
            assert.deepEqual(problems, [])
          })

          test('every tool hook fires once per tool call, with the tool name and input', () => {
            const run = runs[host]
            const tools = exported.model.hooks.filter((h) => h.event && TOOL_EVENTS.has(h.event))
            const wired = tools.filter((h) => exportedTo(exported, host, h))
            for (const h of tools.filter((x) => !wired.includes(x))) process.stderr.write(`${kit.id}/${layout}/${host}: tool hook ${h.id} (${h.event}) is not exported to ${host}\n`)
            if (!wired.length) return
            // the stand-in must have got the client to call a tool, or nothing here is shown
            assert.equal(run.toolCalls.length, 1, `the stand-in could not drive ${host} to call a tool offline (calls asked for: ${JSON.stringify(run.toolCalls)})`)
            const [call] = run.toolCalls
            assert.equal(run.toolFile, 'written by the conformance stand-in\n', `${host} did not run its ${call.name} tool (no ${TOOL_FILE} in the project)`)
            const problems = []
            for (const hook of wired) {
              const calls = callsOf(exported, hook, run.hooks)
              if (calls.length !== 1) problems.push(`${hook.id} (${hook.event}) ran ${calls.length} times for one ${call.name} call`)
              for (const c of calls) {
                const input = c.input
                if (!input || typeof input !== 'object') {
                  problems.push(`${hook.id} got no JSON input`)
                  continue
                }
                const want = HOST_TOOL_EVENT[host][hook.event]
                if (want && c.event !== want) problems.push(`${hook.id} input names event ${c.event}, not ${want}`)
                const name = input.tool_name ?? input.toolName
                // Copilot CLI runs Claude Code's hooks (a native tree) with Claude's input: its tool under Claude's name
                const names = host === 'copilot' && input.hook_event_name ? [call.name, COPILOT_AS_CLAUDE[call.name]] : [call.name]
                if (!names.includes(name)) problems.push(`${hook.id} input names tool ${name}, not ${names.join(' or ')}`)
                const args = input.tool_input ?? input.toolArgs
                if (!JSON.stringify(args ?? '').includes(TOOL_FILE)) problems.push(`${hook.id} input does not carry the tool's input (${JSON.stringify(args)})`)
                if (c.missing) problems.push(`${hook.id} calls \`${[c.name, ...c.args].join(' ')}\`, which ${exported.commandName} does not have`)
              }
            }
            assert.deepEqual(problems, [])
          })

          test('the instructions reach the model', () => {
            // in a native tree a kit's own root AGENTS.md stays where every host reads it
            const text = exported.layout === 'native' && exported.model.instructions.rootAgents ? readFileSync(join(exported.root, 'AGENTS.md'), 'utf8') : exported.model.instructions.text
            const line = text.split('\n').find((l) => l.length > 30 && !l.startsWith('<!--') && !l.startsWith('#')) ?? text.split('\n')[2]
            const haystack = `${runs[host].requestText}\n${runs[host].instructionsInPrompt ?? ''}`
            const needle = JSON.stringify(line).slice(1, -1)
            assert.ok(haystack.includes(line) || haystack.includes(needle), `"${line}" never reached ${host}'s model`)
            if (host === 'copilot') {
              // another host's instruction file is allowed only where a finding names it (native CLAUDE.md, which holds just `@AGENTS.md`)
              const named = (f) => exported.result.findings.some((x) => x.rule === 'host-overlap' && x.message.startsWith('GitHub Copilot') && x.message.includes(f))
              const extra = runs[host].instructionFiles.filter((f) => /^(CLAUDE|GEMINI)\.md$/.test(f) && !named(f))
              assert.deepEqual(extra, [], 'Copilot also loads other hosts\' instruction files')
            }
          })

          test('no warning is printed', () => {
            let warnings = warningsIn(runs[host].output)
            // Gemini announces project hooks on every run: that is the gate the export reports as a notice
            if (host === 'gemini' && exported.result.findings.some((f) => f.rule === 'trust-gate' && f.message.startsWith('Gemini CLI') && /hook/.test(f.message)))
              warnings = warnings.filter((w) => !w.startsWith('WARNING: The following project-level hooks have been detected'))
            assert.deepEqual(warnings, [])
          })

          test('generated links resolve from where the host reads them', () => {
            const files = filesUnder(runs[host].project).filter((f) => /^\.(claude|codex|gemini|github|agents)\//.test(f))
            // a link a package cannot carry must be reported where it is written
            const reported = exported.result.findings.filter((f) => f.rule === 'unresolved-link').map((f) => f.message)
            const unreported = brokenLinks(runs[host].project, files).filter((b) => {
              const [file, target] = b.split(' -> ')
              return !reported.some((m) => m.includes(file) && m.includes(target))
            })
            assert.deepEqual(unreported, [])
          })

          test('renamed names are rewritten in bodies', () => {
            // names as the sources state them (`wz:tdd`) where the export had to rename them (`tdd`)
            const renamed = exported.model.skills
              .map((s) => ({ name: s.name, id: /^name:\s*["']?([^"'\n]+)/m.exec(readFileSync(join(exported.root, s.file), 'utf8'))?.[1]?.trim() }))
              .filter((s) => s.id && s.id !== s.name)
            const files = filesUnder(runs[host].project).filter((f) => /^\.(claude|codex|gemini|github|agents)\//.test(f))
            const stale = []
            for (const f of files) {
              const text = readFileSync(join(runs[host].project, f), 'utf8')
              for (const s of renamed) if (text.includes(s.id)) stale.push(`${f} says ${s.id}`)
            }
            assert.deepEqual(stale, [])
          })

          after(() => {
            const run = runs[host]
            if (!run) return
            const files = generatedFiles(exported, host)
            const ours = new Set([...exported.model.skills, ...exported.model.workflows].map((x) => x.name))
            // hook handlers in the host's hook files: objects that name a command to run (`command`, Copilot's `bash`)
            const handlers = (v) => (Array.isArray(v) ? v.reduce((n, x) => n + handlers(x), 0) : v && typeof v === 'object' ? (typeof v.command === 'string' || typeof v.bash === 'string' ? 1 : Object.values(v).reduce((n, x) => n + handlers(x), 0)) : 0)
            const hookHandlers = files
              .filter((f) => /(^|\/)(settings\.json|hooks\.json)$|^\.github\/hooks\/[^/]+\.json$/.test(f.path))
              .reduce((n, f) => n + handlers(JSON.parse(f.content).hooks ?? {}), 0)
            const sessionFired = run.hooks.filter((c) => !c.missing).length
            const byEvent = {}
            for (const c of run.hooks.filter((x) => !x.missing)) {
              const event = c.event ?? (c.input?.toolName ? 'postToolUse' : c.input?.stopReason ? 'agentStop' : c.input?.source ? 'sessionStart' : '?')
              byEvent[event] = (byEvent[event] ?? 0) + 1
            }
            table.push({
              kit: kit.id,
              layout,
              host,
              // generated/loaded (fired: agents are not asked for by the stand-in)
              agents: `${files.filter((f) => f.kind === 'role').length}/${run.agents.filter((a) => exported.model.roles.some((r) => r.name === a)).length}`,
              // SKILL.md files of skills and of workflows exported as skills / ours among the skills the client offers
              skills: `${files.filter((f) => /\/SKILL\.md$/.test(f.path)).length}/${run.skills.filter((n) => ours.has(n)).length}`,
              // command files (Gemini TOML, Copilot prompts, ...) / Gemini: commands whose prompt reached the model
              commands: `${files.filter((f) => f.kind === 'workflow' && !/\/SKILL\.md$/.test(f.path)).length}/${host === 'gemini' ? `${run.commands.length}/${run.commands.filter((c) => c.code === 0 && c.received).length}` : '-'}`,
              // handlers in the hook files / loaded per the client's log (Copilot) / calls recorded in one session
              hooks: `${hookHandlers}/${run.hookCount ?? '-'}/${sessionFired}`,
              // hook calls recorded per event (the host's event names; Copilot's inferred from its input) and the tool the stand-in asked for
              fired: byEvent,
              tool: run.toolCalls.map((c) => c.name).join(',') || '-',
              instructions: `${files.filter((f) => f.kind === 'instructions' || f.kind === 'bridge').length}/${run.requestText.length > 0 ? 'sent' : '-'}`
            })
          })
        })
      }

      test('gates users cannot see are reported as notices', async () => {
        const notices = exported.result.findings.filter((f) => f.rule === 'trust-gate').map((f) => f.message)
        // Codex hides project agents until the project is trusted: show it, then require the notice
        const project = projectFor(exported, 'codex')
        const box = sandbox(workRoot, `${kit.id}-${layout}-codex-untrusted`, { shimNames: [], knownCommands: [] })
        const untrusted = await codexPromptInput({ bin: clients.bins.codex, project, box, standin, trusted: false })
        const hidden = exported.model.roles.filter((r) => !untrusted.roles.includes(r.name))
        if (hidden.length) assert.ok(notices.some((m) => m.startsWith('Codex CLI') && /agent/i.test(m) && /trust/i.test(m)), 'no notice says Codex hides project agents until the project is trusted')
        const gbox = sandbox(workRoot, `${kit.id}-${layout}-gemini-untrusted`, { shimNames: [], knownCommands: [] })
        const g = await geminiSkills({ bin: clients.bins.gemini, project: projectFor(exported, 'gemini'), box: gbox, standin, trusted: false })
        if (/untrusted folder|not trusted/i.test(g.output)) assert.ok(notices.some((m) => m.startsWith('Gemini CLI') && /trust/i.test(m) && /agent/i.test(m)), 'no notice says Gemini skips agents, skills and hooks in untrusted folders')
        if (exported.model.roles.length) assert.ok(notices.some((m) => m.startsWith('Gemini CLI') && /acknowledg/i.test(m)), 'no notice says Gemini registers project agents only after each is acknowledged')
      })

      test('names that clash with a host\'s built-in commands are warned', () => {
        assert.ok(claudeBuiltins.length > 10, 'could not list Claude Code\'s built-in commands')
        const ours = [...exported.model.skills, ...exported.model.workflows].map((s) => s.name)
        for (const name of ours.filter((n) => claudeBuiltins.includes(n))) {
          assert.ok(
            exported.result.findings.some((f) => f.rule === 'builtin-name' && f.message.startsWith('Claude Code') && f.message.includes(`"${name}"`)),
            `"${name}" clashes with a Claude Code built-in and nothing warns`
          )
        }
      })

      if (layout === 'native') {
        test('a native build removes only files kit-guard recorded', async () => {
          const foreign = join(exported.root, 'exports', 'hosts', 'claude')
          mkdirSync(foreign, { recursive: true })
          writeFileSync(join(foreign, 'CLAUDE.md'), 'written by the kit\'s own exporter\n')
          writeFileSync(join(foreign, 'export.manifest.json'), JSON.stringify({ files: { 'CLAUDE.md': 'sha256:0' } }))
          await lib.buildExports(lib.loadKit(exported.root))
          assert.ok(existsSync(join(foreign, 'CLAUDE.md')), 'the native build removed a file another exporter wrote')
        })

        test('Copilot notes that it ignores .github/prompts where they are written', () => {
          const prompts = exported.result.findings.some((f) => /\.github\/prompts/.test(f.message) && /Copilot CLI/.test(f.message))
          assert.ok(!exported.model.workflows.length || prompts, 'no finding says Copilot CLI ignores .github/prompts')
        })
      }
    })
  }
}

describe('built-in command lists', () => {
  for (const host of CLIENT_HOSTS) {
    test(`${host}: every built-in command the client lists is in the exporter's list`, () => {
      const live = liveBuiltins[host]
      assert.ok(live && live.names.length > 3, `could not list ${host}'s built-in commands${live?.unresolved?.length ? ` (unresolved: ${live.unresolved.join(', ')})` : ''}`)
      if (live.unresolved) assert.deepEqual(live.unresolved, [], `${host}: command definitions whose name could not be read`)
      process.stderr.write(`${host} built-ins (${live.names.length}): ${live.names.join(' ')}\n`)
      assert.deepEqual(missingFrom(HOST_BUILTIN_COMMANDS[host], live.names), [], `add these ${host} built-ins to ${BUILTINS_FILE.replace('<host>', host)}`)
    })
  }
})

after(() => {
  process.stderr.write('\nkind counts per host: agents, skills generated/loaded; commands generated/invoked/reached the model; hooks generated/loaded by log/fired; instructions generated/sent:\n')
  for (const row of table) process.stderr.write(`${JSON.stringify(row)}\n`)
})
