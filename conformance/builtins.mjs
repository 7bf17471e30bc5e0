/**
 * Each client's own command names, read from the client itself, for the built-in shadowing
 * check: the suite compares them with the lists the exporter warns from
 * (`builtinCommands` in each host's module, src/export/hosts/<host>.ts), so a newer client that adds a command fails the suite
 * until the name is added there.
 *   Claude Code: `slash_commands` of a session in an empty project (the suite's before hook)
 *   Codex CLI:   its bundled skills, from `debug prompt-input` in an empty project
 *   Gemini CLI:  the definitions its BuiltinCommandLoader lists, read from its bundle
 *   Copilot CLI: `copilot help commands`
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { codexPromptInput, run } from './clients.mjs'

/** Files a bundle entry reaches through static and dynamic relative imports. */
function reachable(entry) {
  const seen = new Set()
  const queue = [entry]
  while (queue.length) {
    const file = queue.pop()
    if (seen.has(file) || !existsSync(file)) continue
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/(?:from\s*|import\(\s*)"(\.{1,2}\/[^"]+\.js)"/g)) queue.push(resolve(dirname(file), m[1]))
  }
  return [...seen]
}

/**
 * Gemini CLI's built-in slash commands: the command objects its BuiltinCommandLoader puts in
 * `allDefinitions`, each resolved to the `name:` of its definition. Commands only a nightly or
 * development build has are left out.
 */
export function geminiBuiltinCommands(bin) {
  const entry = realpathSync(bin)
  for (const file of reachable(entry)) {
    const text = readFileSync(file, 'utf8')
    const start = text.indexOf('var BuiltinCommandLoader = class')
    if (start < 0) continue
    const listStart = text.indexOf('const allDefinitions = [', start)
    const listEnd = text.indexOf('\n    ];', listStart)
    if (listStart < 0 || listEnd < 0) continue
    const list = text.slice(listStart, listEnd).replace(/\.\.\.(?:isNightlyBuild|isDevelopment) \? \[[^\]]*\] : \[\]/g, '')
    const names = new Set([...list.matchAll(/\bname: "([a-z][a-z0-9-]*)"/g)].map((m) => m[1]))
    const missing = []
    for (const id of new Set([...list.matchAll(/\b([a-z][A-Za-z0-9]*Command)\b/g)].map((m) => m[1]))) {
      const def = new RegExp(`(?:^|\\n)(?:var|let|const|function|async function) ${id}\\b`).exec(text)
      const name = def ? /\bname: "([a-z][a-z0-9-]*)"/.exec(text.slice(def.index, def.index + 4000))?.[1] : undefined
      if (name) names.add(name)
      else missing.push(id)
    }
    return { names: [...names].sort(), unresolved: missing, file }
  }
  return { names: [], unresolved: ['BuiltinCommandLoader not found'], file: entry }
}

/** Copilot CLI's interactive commands as `copilot help commands` lists them (`  /name  description`). */
export async function copilotBuiltinCommands(bin, { cwd, env }) {
  const r = await run(bin, ['help', 'commands'], { cwd, env: { ...env, COPILOT_OFFLINE: 'true', COPILOT_AUTO_UPDATE: 'false' } })
  return { names: [...new Set([...r.stdout.matchAll(/^\s+\/([a-z][a-z0-9-]*)\s/gm)].map((m) => m[1]))].sort(), output: r.stderr }
}

/** Codex CLI's bundled skills: the skills `debug prompt-input` lists in an empty project. */
export async function codexBuiltinSkills({ bin, project, box, standin }) {
  const prompt = await codexPromptInput({ bin, project, box, standin })
  return { names: [...new Set(prompt.skills.filter((s) => !s.dir?.startsWith(project)).map((s) => s.name))].sort(), output: prompt.stderr }
}

/** Names a client has that the exporter's list lacks. */
export function missingFrom(list, live) {
  const known = new Set(list)
  return live.filter((n) => !known.has(n))
}

/** Where the exporter's lists live, for messages. */
export const BUILTINS_FILE = join('src', 'export', 'hosts', '<host>.ts')
