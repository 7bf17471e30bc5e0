import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { TestRepo } from '../helpers/git-repo.js';
import type { StandinPull } from '../helpers/github-standin.js';

/** Node 24, the runtime action.yml asks for (`runs.using: node24`): $NODE24, else found (or installed into a cache) by scripts/node24.mjs. */
export const NODE24 = process.env.NODE24 || execFileSync(process.execPath, [path.resolve('scripts/node24.mjs')], { encoding: 'utf8' }).trim();
/** The committed action bundle. */
export const DIST = path.resolve('dist/index.js');

/** One workflow command the action printed (`::error file=a,line=1::message`), unescaped. */
export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  commands: WorkflowCommand[];
  /** Annotations only (error, warning, notice commands). */
  annotations: WorkflowCommand[];
  summary: string;
  outputs: Record<string, string>;
  /** RUNNER_TEMP of the run (the report files' default folder). */
  runnerTemp: string;
}

export interface PullRequest {
  baseSha: string;
  headSha: string;
  headRef: string;
  baseRef?: string;
  title: string;
}

const created: string[] = [];

/** An installation token (`ghs_`) as the runner gives the workflow; only the loopback GitHub stand-in ever sees it. */
export const STANDIN_TOKEN = 'ghs_standinTokenForTests000000000000000';

/**
 * A real `pull_request` `opened` payload from @octokit/webhooks-examples with the base,
 * head and title rewritten to the test repository's values.
 */
export function pullRequestPayload(pr: PullRequest): Record<string, unknown> {
  const file = path.resolve('node_modules/@octokit/webhooks-examples/api.github.com/index.json');
  const events = JSON.parse(readFileSync(file, 'utf8')) as { name: string; examples: Record<string, unknown>[] }[];
  const example = events.find((e) => e.name === 'pull_request')?.examples.find((e) => e.action === 'opened');
  if (!example) throw new Error('no pull_request.opened example in @octokit/webhooks-examples');
  const payload = structuredClone(example) as { pull_request: { title: string; base: { sha: string; ref: string }; head: { sha: string; ref: string } } };
  payload.pull_request.title = pr.title;
  payload.pull_request.base.sha = pr.baseSha;
  payload.pull_request.base.ref = pr.baseRef ?? 'main';
  payload.pull_request.head.sha = pr.headSha;
  payload.pull_request.head.ref = pr.headRef;
  return payload as unknown as Record<string, unknown>;
}

/**
 * Inputs with the defaults from action.yml applied, as the runner does before starting
 * the action, `${{ github.token }}` evaluated to the run's token ('' when it has none).
 */
function withDefaults(inputs: Record<string, string>, token: string): Record<string, string> {
  const meta = parseYaml(readFileSync(path.resolve('action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
  const all: Record<string, string> = {};
  for (const [name, spec] of Object.entries(meta.inputs)) {
    if (spec.default === undefined) continue;
    const value = spec.default.replace(/\$\{\{\s*github\.token\s*\}\}/g, token);
    if (/\$\{\{/.test(value)) throw new Error(`the harness cannot evaluate the default of input '${name}': ${spec.default}`);
    all[name] = value;
  }
  return { ...all, ...inputs };
}

export interface RunOptions {
  workspace: string;
  inputs?: Record<string, string>;
  payload: Record<string, unknown>;
  eventName?: string;
  /** GITHUB_API_URL; default a closed loopback port (any API call fails). */
  api?: string;
  /** The workflow token `${{ github.token }}` evaluates to; default '' (no token). */
  token?: string;
  /** More environment variables (GITHUB_ACTOR, GITHUB_RUN_ID, …). */
  env?: Record<string, string>;
}

interface Prepared {
  env: Record<string, string>;
  dir: string;
}

/** The runner's side: the folder with the event and file-command files, and the environment built from scratch. */
function prepare(options: RunOptions): Prepared {
  if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npm run build\` (npm test and .ci/run build it first)`);
  const dir = mkdtempSync(path.join(tmpdir(), 'kit-guard-runner-'));
  created.push(dir);
  const eventPath = path.join(dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(options.payload));
  const fileCommand = (name: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, '');
    return file;
  };
  const repository = (options.payload.repository as { full_name?: string } | undefined)?.full_name ?? 'octo-org/hello-world';
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.eventName ?? 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: repository,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: options.api ?? 'http://127.0.0.1:9',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_RUN_ID: '4242',
    RUNNER_TEMP: dir,
    GITHUB_OUTPUT: fileCommand('output'),
    GITHUB_STEP_SUMMARY: fileCommand('summary.md'),
    GITHUB_ENV: fileCommand('env'),
    GITHUB_STATE: fileCommand('state'),
    ...options.env
  };
  for (const [name, value] of Object.entries(withDefaults(options.inputs ?? {}, options.token ?? ''))) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  return { env, dir };
}

function collect(prepared: Prepared, code: number | null, stdout: string, stderr: string): ActionRun {
  const commands = parseCommands(stdout);
  return {
    code,
    stdout,
    stderr,
    commands,
    annotations: commands.filter((c) => c.command === 'error' || c.command === 'warning' || c.command === 'notice'),
    summary: readFileSync(prepared.env.GITHUB_STEP_SUMMARY!, 'utf8'),
    outputs: parseOutputs(readFileSync(prepared.env.GITHUB_OUTPUT!, 'utf8')),
    runnerTemp: prepared.dir
  };
}

/**
 * Runs dist/index.js under Node 24 the way a runner does: INPUT_* variables, the event
 * payload file, GITHUB_STEP_SUMMARY and GITHUB_OUTPUT files, and the workspace as cwd.
 * The environment is built from scratch so nothing leaks in from a CI host.
 */
export function runAction(options: RunOptions): ActionRun {
  const prepared = prepare(options);
  const result = spawnSync(NODE24, [DIST], { cwd: options.workspace, env: prepared.env, encoding: 'utf8', timeout: 60_000 });
  return collect(prepared, result.status, result.stdout, result.stderr);
}

/** Like runAction, without blocking this process: for runs that talk to a stand-in served from it, or run side by side. */
export function runActionAsync(options: RunOptions): Promise<ActionRun> {
  const prepared = prepare(options);
  return new Promise((resolve, reject) => {
    const child = spawn(NODE24, [DIST], { cwd: options.workspace, env: prepared.env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve(collect(prepared, code, stdout, stderr)));
  });
}

/** Removes the runner folders made by this process. */
export function cleanupRunners(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Parses `::command key=value,key=value::message` lines as the runner does (leading
 * whitespace ignored), undoing its escapes; between `::stop-commands::TOKEN` and
 * `::TOKEN::` no line is a command.
 */
export function parseCommands(stdout: string): WorkflowCommand[] {
  const out: WorkflowCommand[] = [];
  let stopToken: string | undefined;
  for (const raw of stdout.split('\n')) {
    const line = raw.trim();
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) stopToken = undefined;
      continue;
    }
    const match = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match) continue;
    if (match[1] === 'stop-commands') {
      stopToken = match[3];
      continue;
    }
    const properties: Record<string, string> = {};
    for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
      const eq = pair.indexOf('=');
      properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
    }
    out.push({ command: match[1]!, properties, message: unescape(match[3] ?? '') });
  }
  return out;
}

function unescape(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

/** Parses GITHUB_OUTPUT's `name<<delimiter` blocks. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!match) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== match[2]; i++) value.push(lines[i]!);
    outputs[match[1]!] = value.join('\n');
  }
  return outputs;
}

/** The stand-in's view of the pull request at the repository's current head, read from git (commits and patches). */
export function pullFromRepo(repo: TestRepo, number: number, baseSha: string, title: string, headRef = 'docs/guide'): StandinPull {
  const headSha = repo.git('rev-parse', 'HEAD');
  const log = repo.git('log', '--reverse', '--format=%H%x00%P%x00%B%x01', `${baseSha}..${headSha}`);
  const commits = log
    .split('\x01')
    .map((entry) => entry.replace(/^\n/, ''))
    .filter(Boolean)
    .map((entry) => {
      const [sha, parents, message] = entry.split('\x00');
      return { sha: sha!, parents: parents!.split(' ').filter(Boolean), message: message!.trim() };
    });
  const names = repo.git('-c', 'core.quotePath=false', 'diff', '--name-status', '-z', baseSha, headSha).split('\0').filter(Boolean);
  const files: StandinPull['files'] = [];
  for (let i = 0; i < names.length; i += 2) {
    const status = names[i]!;
    const filename = names[i + 1]!;
    const diff = repo.git('diff', '-U3', baseSha, headSha, '--', filename);
    const patch = diff.slice(diff.indexOf('\n@@') + 1);
    files.push({ filename, status: status === 'A' ? 'added' : status === 'D' ? 'removed' : 'modified', patch });
  }
  return { number, title, headSha, headRef, baseSha, baseRef: 'main', commits, files };
}
