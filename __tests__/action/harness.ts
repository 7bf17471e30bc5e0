import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

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
}

export interface PullRequest {
  baseSha: string;
  headSha: string;
  headRef: string;
  baseRef?: string;
  title: string;
}

const created: string[] = [];

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

/** Inputs with the defaults from action.yml applied, as the runner does before starting the action. */
function withDefaults(inputs: Record<string, string>): Record<string, string> {
  const meta = parseYaml(readFileSync(path.resolve('action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
  const all: Record<string, string> = {};
  for (const [name, spec] of Object.entries(meta.inputs)) if (spec.default !== undefined) all[name] = spec.default;
  return { ...all, ...inputs };
}

/**
 * Runs dist/index.js under Node 24 the way a runner does: INPUT_* variables, the event
 * payload file, GITHUB_STEP_SUMMARY and GITHUB_OUTPUT files, and the workspace as cwd.
 * The environment is built from scratch so nothing leaks in from a CI host.
 */
export function runAction(options: { workspace: string; inputs?: Record<string, string>; payload: Record<string, unknown>; eventName?: string }): ActionRun {
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
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_WORKSPACE: options.workspace,
    RUNNER_TEMP: dir,
    GITHUB_OUTPUT: fileCommand('output'),
    GITHUB_STEP_SUMMARY: fileCommand('summary.md'),
    GITHUB_ENV: fileCommand('env'),
    GITHUB_STATE: fileCommand('state')
  };
  for (const [name, value] of Object.entries(withDefaults(options.inputs ?? {}))) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;

  const result = spawnSync(NODE24, [DIST], { cwd: options.workspace, env, encoding: 'utf8', timeout: 60_000 });
  const commands = parseCommands(result.stdout);
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    commands,
    annotations: commands.filter((c) => c.command === 'error' || c.command === 'warning' || c.command === 'notice'),
    summary: readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8'),
    outputs: parseOutputs(readFileSync(env.GITHUB_OUTPUT!, 'utf8'))
  };
}

/** Removes the runner folders made by this process. */
export function cleanupRunners(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Parses `::command key=value,key=value::message` lines, undoing the runner's escapes. */
export function parseCommands(stdout: string): WorkflowCommand[] {
  const out: WorkflowCommand[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match) continue;
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
