#!/usr/bin/env node
/**
 * The recording shim: installed on PATH under the names of the commands exported hooks
 * call (the kit's CLI, npx) and as hook scripts. It appends one JSON line per call to
 * $KIT_GUARD_HOOK_LOG: the name it was called as, its arguments, the working folder,
 * the host's project-dir variables and its standard input (the hook's input). It exits 0
 * without output, so a hook never blocks or changes a session. A subcommand the kit's
 * CLI does not have ($KIT_GUARD_SHIM_COMMANDS, one per line) is recorded as missing and
 * exits 127, as the real CLI would fail.
 */
import { appendFileSync, readFileSync } from 'node:fs'
import { basename } from 'node:path'

let name = process.env.KIT_GUARD_SHIM_NAME || basename(process.argv[1])
let args = process.argv.slice(2)
// `npx --no-install kit-guard check` runs the kit's CLI: record it under that name
if (name === 'npx') {
  while (args[0]?.startsWith('-')) args = args.slice(1)
  if (args.length) [name, ...args] = args
}
let input = ''
try {
  input = readFileSync(0, 'utf8')
} catch {
  input = ''
}
const known = (process.env.KIT_GUARD_SHIM_COMMANDS ?? '').split('\n').filter(Boolean)
const line = [name, ...args].join(' ')
const missing = known.length > 0 && !name.startsWith('script:') && !known.some((command) => line === command || line.startsWith(`${command} `))
const env = {}
for (const key of ['CLAUDE_PROJECT_DIR', 'GEMINI_PROJECT_DIR', 'CODEX_HOME']) if (process.env[key] !== undefined) env[key] = process.env[key]
appendFileSync(process.env.KIT_GUARD_HOOK_LOG ?? '/dev/null', `${JSON.stringify({ name, args, cwd: process.cwd(), env, input, missing, host: process.env.KIT_GUARD_HOST })}\n`)
process.exit(missing ? 127 : 0)
