import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ChangeOptions } from '../git/change.js';
import { HOST_IDS, isHostId, type HostId } from '../export/types.js';
import type { Kit } from '../kit/load.js';
import { SEVERITIES, type Finding } from '../model/finding.js';
import { plural, withPrefix } from '../report/counts.js';
import { renderJson } from '../report/render/json.js';
import { renderText } from '../report/render/text.js';
import { ExitCode, UsageError } from './exit-codes.js';

// The checks, git and export modules (markdown-it, ajv, ...) load only when a command
// needs them, so `--help`, `--version` and usage errors start in a blink.
const loadRunner = () => import('../pipeline/run.js');
const loadKitModule = () => import('../kit/load.js');
const loadPipeline = () => import('../pipeline/check-repository.js');

/** A stream the CLI writes to; `process.stdout` and `process.stderr` fit. */
export interface OutputStream {
  write(text: string): unknown;
}

/** Everything the CLI touches of its process, so tests can run it in-process. */
export interface CliIO {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Directory relative paths (`--root`) are resolved from. */
  cwd: string;
  env: Record<string, string | undefined>;
}

export const USAGE = [
  'Usage: kit-guard check [check-id ...] [--root DIR] [--base REV] [--head REV] [--branch NAME] [--title TEXT] [--format text|json] [--fail-on error|warning|notice]',
  '       kit-guard export build|check [--root DIR] [--host HOST ...] [--format text|json]',
  '       kit-guard --help | --version'
].join('\n');

export const HELP = `kit-guard: checks a kit of AI-agent content and compiles its host exports.

${USAGE}

Commands:
  check          Run the checks (all, or the ids given) and report findings grouped by file.
  export build   Write the host exports (files for Claude Code, Codex CLI, Gemini CLI, Cursor, Copilot).
  export check   Report generated files that are missing or out of date, without writing.

Options:
  --root DIR        The kit's folder (holding the manifest). Default: the current directory.
  --base REV        Base revision of the change (commits base..head, changelog entries added since base).
  --head REV        Head revision of the change. Default: HEAD.
  --branch NAME     Branch under review. Default: the checked-out branch.
  --title TEXT      Pull request title, checked like a commit subject.
  --format FORMAT   text (default) or json.
  --fail-on LEVEL   Lowest severity that fails the run: error, warning or notice.
                    Default: failOn from .kit-guard.yaml, else error.
  --host HOST       Only this host (repeatable): ${HOST_IDS.join(', ')}. Default: the kit's export targets.
  -h, --help        Show this help.
  -v, --version     Show the version.

Exit codes: 0 clean, 1 findings at or above the fail level (or export drift),
2 usage or configuration error, 3 unexpected error.
`;

const FORMATS = ['text', 'json'] as const;

/**
 * Runs the kit-guard command line. `argv` is the arguments after the program name.
 * Returns the exit code instead of exiting, so it can run inside tests and other tools.
 */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    return await dispatch([...argv], io);
  } catch (error) {
    return await reportError(error, io);
  }
}

async function dispatch(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('a command is required');
  if (command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(HELP);
    return ExitCode.Clean;
  }
  if (command === '--version' || command === '-v') {
    io.stdout.write(`${packageVersion()}\n`);
    return ExitCode.Clean;
  }
  if (command === 'check') return checkCommand(rest, io);
  if (command === 'export') {
    const [sub, ...subRest] = rest;
    if (sub === 'build' || sub === 'check') return exportCommand(sub, subRest, io);
    if (sub === '--help' || sub === '-h') {
      io.stdout.write(HELP);
      return ExitCode.Clean;
    }
    throw new UsageError(sub === undefined ? "'export' needs a subcommand: build or check" : `unknown export subcommand '${sub}' (expected build or check)`);
  }
  if (command.startsWith('-')) throw new UsageError(`unknown option '${command}' (a command comes first: check or export)`);
  throw new UsageError(`unknown command '${command}' (expected check or export)`);
}

const COMMON_OPTIONS = {
  root: { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const;

async function checkCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse('check', args, {
    ...COMMON_OPTIONS,
    base: { type: 'string' },
    head: { type: 'string' },
    branch: { type: 'string' },
    title: { type: 'string' },
    format: { type: 'string' },
    'fail-on': { type: 'string' }
  });
  if (values.help) {
    io.stdout.write(HELP);
    return ExitCode.Clean;
  }
  const format = oneOf('--format', values.format, FORMATS) ?? 'text';
  const failOn = oneOf('--fail-on', values['fail-on'], SEVERITIES);
  for (const flag of ['base', 'head', 'branch'] as const) {
    if (values[flag] !== undefined && values[flag].trim() === '') throw new UsageError(`--${flag} needs a non-empty value`);
  }
  const root = resolveRoot(values.root, io.cwd);
  const prefix = displayPrefix(root, io.cwd);
  const { checkRepository } = await loadPipeline();
  const change: ChangeOptions = {};
  for (const key of ['base', 'head', 'branch', 'title'] as const) if (values[key] !== undefined) change[key] = values[key];
  const result = await withConfigPrefix(prefix, () => checkRepository({ root, checks: positionals, change, ...(failOn ? { overrides: { failOn } } : {}) }));
  io.stdout.write(format === 'json' ? renderJson(result) : renderText(result.findings, { pathPrefix: prefix }));
  return result.failed ? ExitCode.Findings : ExitCode.Clean;
}

async function exportCommand(sub: 'build' | 'check', args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(`export ${sub}`, args, { ...COMMON_OPTIONS, format: { type: 'string' }, host: { type: 'string', multiple: true } });
  if (values.help) {
    io.stdout.write(HELP);
    return ExitCode.Clean;
  }
  if (positionals.length) throw new UsageError(`'export ${sub}' takes no arguments (got '${positionals[0]}')`);
  const format = oneOf('--format', values.format, FORMATS) ?? 'text';
  const hosts = hostList(values.host);
  const root = resolveRoot(values.root, io.cwd);
  const prefix = displayPrefix(root, io.cwd);
  const kit = await load(root, prefix);
  const { applyRuleConfig, summarize } = await loadRunner();
  // loaded on demand: `check` never pays for the export compilers
  const exportsModule = await import('../export/index.js');
  const options = hosts ? { hosts } : {};

  if (sub === 'build') {
    const built = await exportsModule.buildExports(kit, options);
    const result = summarize(applyRuleConfig(built.findings, kit.config.rules), kit.config.failOn, ['export']);
    const failed = result.failed || !built.ok;
    if (format === 'json') io.stdout.write(renderJson({ ...result, failed }));
    else io.stdout.write(`${renderText(result.findings, { pathPrefix: prefix })}${built.hosts.map((h) => `${h.host}: ${h.status} (${plural(h.written.length, 'file')} written, ${h.removed.length} removed)\n`).join('')}`);
    return failed ? ExitCode.Findings : ExitCode.Clean;
  }

  const checked = await exportsModule.checkExports(kit, options);
  // the configuration's `rules` apply to export findings as to any check's (e.g. `export/lossy: off`)
  const result = summarize(applyRuleConfig(checked.findings, kit.config.rules), kit.config.failOn, ['export']);
  // drift fails whatever its severity: the generated files are not what the sources give
  const failed = result.failed || !checked.upToDate;
  if (format === 'json') io.stdout.write(renderJson({ ...result, failed }));
  else {
    const stale = checked.hosts.filter((h) => !h.upToDate).map((h) => h.host);
    const verdict = stale.length ? `Exports out of date for ${stale.join(', ')}: run 'kit-guard export build${values.root ? ` --root ${values.root}` : ''}'.` : 'Exports are up to date.';
    io.stdout.write(`${renderText(result.findings, { pathPrefix: prefix })}${verdict}\n`);
  }
  return failed ? ExitCode.Findings : ExitCode.Clean;
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

/** node:util parseArgs with its errors turned into UsageErrors that name the command. */
function parse<T extends OptionSpec>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    const message = (error as Error).message ?? String(error);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const name = /'([^']+)'/.exec(message)?.[1] ?? message;
      throw new UsageError(`unknown option '${name}' for '${command}'`);
    }
    if (code.startsWith('ERR_PARSE_ARGS')) {
      const option = /'(-[^' ]+)/.exec(message)?.[1];
      throw new UsageError(option ? `${option} ${/argument missing/.test(message) ? 'needs a value' : 'is not valid here'}` : message);
    }
    throw error;
  }
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got '${value}')`);
}

function hostList(values: string[] | undefined): HostId[] | undefined {
  if (!values || values.length === 0) return undefined;
  const hosts = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const unknown = hosts.filter((h) => !isHostId(h));
  if (unknown.length) throw new UsageError(`--host: unknown host${unknown.length > 1 ? 's' : ''} ${unknown.map((h) => `'${h}'`).join(', ')} (known: ${HOST_IDS.join(', ')})`);
  return [...new Set(hosts)] as HostId[];
}

function resolveRoot(root: string | undefined, cwd: string): string {
  const dir = path.resolve(cwd, root ?? '.');
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new UsageError(`--root: '${root ?? '.'}' is not a directory`);
  return dir;
}

/** The kit root as shown before file names: relative to the current directory, `/`-separated. */
function displayPrefix(root: string, cwd: string): string {
  return path.relative(cwd, root).split(path.sep).join('/');
}

async function reportError(error: unknown, io: CliIO): Promise<number> {
  if (error instanceof UsageError) {
    io.stderr.write(`kit-guard: ${error.message}\n${USAGE}\nRun 'kit-guard --help' for details.\n`);
    return ExitCode.Usage;
  }
  const [{ UnknownCheckError }, { ConfigError }] = await Promise.all([loadRunner(), loadKitModule()]);
  if (error instanceof UnknownCheckError) {
    io.stderr.write(`kit-guard: ${error.message}\n${USAGE}\n`);
    return ExitCode.Usage;
  }
  if (error instanceof ConfigError) {
    io.stderr.write(`kit-guard: the configuration cannot be used:\n${formatConfigFindings(error.findings)}`);
    return ExitCode.Usage;
  }
  const stack = error instanceof Error && error.stack ? `\n${error.stack}` : '';
  io.stderr.write(`kit-guard: unexpected error: ${error instanceof Error ? error.message : String(error)}${stack}\nThis is a bug in kit-guard; please report it.\n`);
  return ExitCode.Internal;
}

function formatConfigFindings(findings: readonly Finding[]): string {
  return findings
    .map((f) => {
      const where = f.file === undefined ? '' : `${f.file}${f.line ? `:${f.line}:${f.column ?? 1}` : ''}: `;
      return `  ${where}${f.message}\n${f.fix ? `    fix: ${f.fix}\n` : ''}`;
    })
    .join('');
}

/** Loads the kit; configuration errors name their file as seen from the current directory. */
async function load(root: string, prefix: string): Promise<Kit> {
  const { loadKit } = await loadKitModule();
  return withConfigPrefix(prefix, async () => loadKit(root));
}

/** Runs `work`; a ConfigError it throws names its files as seen from the current directory. */
async function withConfigPrefix<T>(prefix: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const { ConfigError } = await loadKitModule();
    if (error instanceof ConfigError) {
      throw new ConfigError(error.findings.map((f) => (f.file === undefined ? f : { ...f, file: withPrefix(prefix, f.file) })));
    }
    throw error;
  }
}

let cachedVersion: string | undefined;

/** The version in this package's package.json (two folders up from src/cli or lib/cli). */
export function packageVersion(): string {
  if (cachedVersion) return cachedVersion;
  const file = new URL('../../package.json', import.meta.url);
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { version?: string };
  cachedVersion = pkg.version ?? '0.0.0';
  return cachedVersion;
}
