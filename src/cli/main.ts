import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ChangeOptions } from '../git/change.js';
import type { HostId } from '../export/types.js';
import type { Kit } from '../kit/load.js';
import { atLeast, SEVERITIES, type Finding, type Severity } from '../model/finding.js';
import { plural, withPrefix } from '../report/counts.js';
import { renderJson } from '../report/render/json.js';
import type { RunResult } from '../pipeline/run.js';
import { renderText } from '../report/render/text.js';
import { ExitCode, UsageError } from './exit-codes.js';

// The checks, git and export modules (markdown-it, ajv, ...) load only when a command
// needs them, so `--help`, `--version` and usage errors start in a blink.
const loadRunner = () => import('../pipeline/run.js');
const loadKitModule = () => import('../kit/load.js');
const loadPipeline = () => import('../pipeline/check-repository.js');
const loadFix = () => import('../fix/index.js');
// the host registry loads every host's compiler: only `export` and `--help` read it
const loadHosts = () => import('../export/hosts/index.js');

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
  'Usage: kit-guard check [check-id ...] [--root DIR] [--base REV] [--head REV] [--branch NAME] [--title TEXT] [--format text|json] [--fail-on error|warning|notice] [--min-severity LEVEL] [--fix | --fix-dry-run]',
  '       kit-guard export build|check [--root DIR] [--host HOST ...] [--format text|json] [--min-severity LEVEL]',
  '       kit-guard --help | --version'
].join('\n');

/** The full help text; the host ids come from the host registry. */
export async function helpText(): Promise<string> {
  const { HOST_IDS } = await loadHosts();
  return `kit-guard: checks a kit of AI-agent content and compiles its host exports.

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
  --min-severity LEVEL
                    Show only findings at or above LEVEL (warning hides notices). Text output
                    folds 3 or more notices of one rule and host into one line; JSON lists each.
  --fix             Apply the findings' machine edits (each file written atomically, never
                    outside --root, never over a file that changed meanwhile), check again,
                    report what remains and print 'Fixed N finding(s) in M file(s)'.
  --fix-dry-run     Print the fixes as a unified diff (a/ b/ paths relative to --root)
                    and write nothing. The exit code says what would remain.
  --host HOST       Only this host (repeatable): ${HOST_IDS.join(', ')}. Default: the kit's export targets.
  -h, --help        Show this help.
  -v, --version     Show the version.

Exit codes: 0 clean, 1 findings at or above the fail level (or export drift),
2 usage or configuration error, 3 unexpected error.
`;
}

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
    io.stdout.write(await helpText());
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
      io.stdout.write(await helpText());
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
    'fail-on': { type: 'string' },
    'min-severity': { type: 'string' },
    fix: { type: 'boolean' },
    'fix-dry-run': { type: 'boolean' }
  });
  if (values.help) {
    io.stdout.write(await helpText());
    return ExitCode.Clean;
  }
  if (values.fix && values['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run cannot be used together');
  const format = oneOf('--format', values.format, FORMATS) ?? 'text';
  const failOn = oneOf('--fail-on', values['fail-on'], SEVERITIES);
  const minSeverity = oneOf('--min-severity', values['min-severity'], SEVERITIES) ?? 'notice';
  for (const flag of ['base', 'head', 'branch'] as const) {
    if (values[flag] !== undefined && values[flag].trim() === '') throw new UsageError(`--${flag} needs a non-empty value`);
  }
  const root = resolveRoot(values.root, io.cwd);
  const prefix = displayPrefix(root, io.cwd);
  const { checkRepository } = await loadPipeline();
  const change: ChangeOptions = {};
  for (const key of ['base', 'head', 'branch', 'title'] as const) if (values[key] !== undefined) change[key] = values[key];
  const options = { root, checks: positionals, change, ...(failOn ? { overrides: { failOn } } : {}) };
  if (values.fix || values['fix-dry-run']) return fixCommand(options, values.fix === true, io, (result) => render(result, format, prefix, minSeverity), format, prefix);
  const result = await withConfigPrefix(prefix, () => checkRepository(options));
  io.stdout.write(render(result, format, prefix, minSeverity));
  return result.failed ? ExitCode.Findings : ExitCode.Clean;
}

/**
 * `check --fix` writes the fixes and reports what remains; `check --fix-dry-run` prints
 * them as a unified diff on stdout (ready for `git apply`) and writes nothing. Either way
 * the exit code is that of the findings that remain. Notes (skipped fixes, refused writes,
 * the dry run's summary) go to stderr, and so does the "Fixed" line with --format json.
 */
async function fixCommand(options: FixCommandOptions, write: boolean, io: CliIO, show: (result: RunResult) => string, format: (typeof FORMATS)[number], prefix: string): Promise<number> {
  const { computeFixes, fixRepository, unifiedPatch } = await loadFix();
  const noteSkipped = (fixes: { skipped: readonly { finding: Finding; reason: string }[] }): void => {
    for (const skip of fixes.skipped) io.stderr.write(`kit-guard: not fixed: ${skip.finding.check}/${skip.finding.rule}${skip.finding.file ? ` in ${skip.finding.file}` : ''}: ${skip.reason}\n`);
  };
  if (!write) {
    const fixes = await withConfigPrefix(prefix, () => computeFixes(options));
    noteSkipped(fixes);
    io.stdout.write(unifiedPatch(fixes.files));
    io.stderr.write(`Would fix ${plural(fixes.applied.length, 'finding')} in ${plural(fixes.files.length, 'file')}; ${plural(fixes.remaining.findings.length, 'finding')} would remain.\n`);
    return fixes.remaining.failed ? ExitCode.Findings : ExitCode.Clean;
  }
  const fixes = await withConfigPrefix(prefix, () => fixRepository(options));
  noteSkipped(fixes);
  for (const refusal of fixes.refused) io.stderr.write(`kit-guard: ${refusal.message}\n`);
  const refused = new Set(fixes.refused.map((r) => r.file));
  const applied = refused.size ? fixes.applied.filter((f) => !(f.edits ?? []).some((e) => refused.has(e.file))).length : fixes.applied.length;
  io.stdout.write(show(fixes.remaining));
  (format === 'json' ? io.stderr : io.stdout).write(`Fixed ${plural(applied, 'finding')} in ${plural(fixes.written.length, 'file')}\n`);
  return fixes.remaining.failed ? ExitCode.Findings : ExitCode.Clean;
}

type FixCommandOptions = Parameters<typeof import('../fix/index.js').computeFixes>[0];

async function exportCommand(sub: 'build' | 'check', args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(`export ${sub}`, args, { ...COMMON_OPTIONS, format: { type: 'string' }, host: { type: 'string', multiple: true }, 'min-severity': { type: 'string' } });
  if (values.help) {
    io.stdout.write(await helpText());
    return ExitCode.Clean;
  }
  if (positionals.length) throw new UsageError(`'export ${sub}' takes no arguments (got '${positionals[0]}')`);
  const format = oneOf('--format', values.format, FORMATS) ?? 'text';
  const minSeverity = oneOf('--min-severity', values['min-severity'], SEVERITIES) ?? 'notice';
  const hosts = hostList(values.host, await loadHosts());
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
    if (format === 'json') io.stdout.write(render({ ...result, failed }, format, prefix, minSeverity));
    else io.stdout.write(`${render(result, format, prefix, minSeverity)}${built.hosts.map((h) => `${h.host}: ${h.status} (${plural(h.written.length, 'file')} written, ${h.removed.length} removed)\n`).join('')}`);
    return failed ? ExitCode.Findings : ExitCode.Clean;
  }

  const checked = await exportsModule.checkExports(kit, options);
  // the configuration's `rules` apply to export findings as to any check's (e.g. `export/lossy: off`)
  const result = summarize(applyRuleConfig(checked.findings, kit.config.rules), kit.config.failOn, ['export']);
  // drift fails whatever its severity: the generated files are not what the sources give
  const failed = result.failed || !checked.upToDate;
  if (format === 'json') io.stdout.write(render({ ...result, failed }, format, prefix, minSeverity));
  else io.stdout.write(`${render(result, format, prefix, minSeverity)}${exportVerdict(checked, result.findings, values.root)}\n`);
  return failed ? ExitCode.Findings : ExitCode.Clean;
}

/** The report in the chosen format, with findings below `minSeverity` left out. */
function render(result: RunResult, format: (typeof FORMATS)[number], prefix: string, minSeverity: Severity): string {
  const shown = minSeverity === 'notice' ? result.findings : result.findings.filter((f) => atLeast(f.severity, minSeverity));
  if (format === 'json') return renderJson(shown === result.findings ? result : { ...result, findings: shown });
  return renderText(shown, { pathPrefix: prefix, groupNoticesFrom: NOTICE_GROUP_SIZE, hidden: result.findings.length - shown.length });
}

/** Text output folds this many or more notices of one rule and host into one line. */
const NOTICE_GROUP_SIZE = 3;

/**
 * The last line of `export check`: it must agree with the findings above it. Out of date
 * names the hosts; a host written by another exporter, or errors, are said even when every
 * file matches its sources.
 */
export function exportVerdict(checked: { hosts: ReadonlyArray<{ host: string; upToDate: boolean; findings: readonly Finding[] }> }, findings: readonly Finding[], root: string | undefined): string {
  const build = `kit-guard export build${root ? ` --root ${root}` : ''}`;
  const stale = checked.hosts.filter((h) => !h.upToDate).map((h) => h.host);
  const errors = findings.filter((f) => f.severity === 'error').length;
  if (checked.hosts.length === 0 && errors) return `Exports were not checked: fix the ${plural(errors, 'error')} above first.`;
  if (stale.length) return `Exports out of date for ${stale.join(', ')}: run '${build}'.`;
  const migrating = checked.hosts.filter((h) => h.findings.some((f) => f.rule === 'export-format-migration')).map((h) => h.host);
  if (migrating.length) return `Exports match their sources, but ${migrating.join(', ')} ${migrating.length === 1 ? 'was' : 'were'} written by another exporter: '${build}' would rewrite files (see the warnings above).`;
  if (errors) return `Generated files match their sources, but ${plural(errors, 'error')} above must be fixed.`;
  return 'Exports are up to date.';
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

/** node:util parseArgs with its errors turned into UsageErrors that name the command. */
function parse<T extends OptionSpec>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args: attachValues(args, options), options, allowPositionals: true, strict: true });
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

/**
 * Joins every string option to the argument after it (`--title -x` -> `--title=-x`), so a
 * value may start with `-`, as in getopt: parseArgs alone refuses it as "ambiguous".
 */
function attachValues(args: readonly string[], options: OptionSpec): string[] {
  const takesValue = new Set<string>();
  for (const [name, spec] of Object.entries(options)) {
    if (spec.type !== 'string') continue;
    takesValue.add(`--${name}`);
    if (spec.short) takesValue.add(`-${spec.short}`);
  }
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    if (takesValue.has(arg) && i + 1 < args.length) {
      const name = arg.startsWith('--') ? arg : `--${Object.entries(options).find(([, spec]) => `-${spec.short}` === arg)?.[0] ?? ''}`;
      out.push(`${name}=${args[i + 1] as string}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got '${value}')`);
}

function hostList(values: string[] | undefined, { HOST_IDS, isHostId }: Awaited<ReturnType<typeof loadHosts>>): HostId[] | undefined {
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
