import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import type { KitConfig } from '../kit/config.js';
import { ConfigError } from '../kit/load.js';
import { EXPORTS_MODES, type CommitTarget, type ExportsMode } from '../export/commit-plan.js';
import { SEVERITIES, type Severity } from '../model/finding.js';
import { parseYaml } from '../parse/yaml.js';
import { shippedSchema } from '../schema/shipped.js';
import { compileSchema, schemaErrorsToFindings } from '../schema/validate.js';
import { commitTargetFromEvent, repositoryOf } from './commit-back/target.js';
import { parseGitHubRemote } from '../git/remote.js';

/** What the triggering event says about the change under review. */
export interface EventChange {
  /** Base commit (a pull request's base sha, a push's `before`). */
  base?: string;
  /** Head commit (a pull request's head sha, a push's `after`). */
  head?: string;
  /** Branch under review (a pull request's head ref, a pushed branch). */
  branch?: string;
  /** Pull request title. */
  title?: string;
  /** The repository's GitHub address (GITHUB_SERVER_URL/GITHUB_REPOSITORY on github.com), for changelog links. */
  repositoryUrl?: string;
}

/** The action's settings, typed and validated. Only this module reads inputs. */
export interface ActionSettings {
  /** Absolute path of the checked-out repository (GITHUB_WORKSPACE). */
  workspace: string;
  /** Absolute path of the kit root. */
  root: string;
  /** The kit root relative to the repository, `/`-separated; `''` when the kit is the repository. */
  rootPrefix: string;
  /** Check ids to run; empty means every check. */
  checks: string[];
  /** Fail level from the `fail-on` input; undefined means the kit configuration's (default error). */
  failOn?: Severity;
  /** Configuration from the `config` input, merged over the kit's `.kit-guard.yaml`. */
  configOverrides?: Partial<KitConfig>;
  eventName: string;
  change: EventChange;
  /** Token for the API (`github-token`, default the workflow's GITHUB_TOKEN); '' means no API use. */
  token: string;
  /** Which pull request comments to write (`comment`). */
  comment: CommentMode;
  /** Most inline review comments kept on a pull request (`max-inline-comments`); the rest are in the summary comment. */
  maxInlineComments: number;
  /** Where the JSON report is written (`report-json`); absolute. */
  reportJson: string;
  /** Where the SARIF report is written (`report-sarif`); absolute. */
  reportSarif: string;
  /** The pull request the event is about, with what decides whether the run may write to it. */
  pullRequest?: EventPullRequest;
  /** The `exports` input; undefined is the default (commit on same-repository PRs and releases). */
  exportsMode?: ExportsMode;
  /** The `release-branches` input: branch names or globs whose pushes regenerate the exports. */
  releaseBranches: string[];
  /** Where this event would have refreshed exports committed. */
  commitTarget: CommitTarget;
  /** `owner/repo` of the repository under review, when known. */
  repository?: { owner: string; repo: string };
}

/** `comment`: which pull request comments the action writes. */
export type CommentMode = 'summary' | 'inline' | 'both' | 'off';
const COMMENT_MODES: readonly CommentMode[] = ['summary', 'inline', 'both', 'off'];

/** What the event payload says about its pull request. */
export interface EventPullRequest {
  number: number;
  /** `owner/name` of the repository the pull request is in (the base). */
  baseRepo: string;
  /** `owner/name` of the head repository; undefined when the fork was deleted. */
  headRepo?: string;
}

/** An input with a value the action cannot use; the message names the input and the expected form. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Reads one input by name (trimmed, '' when unset). */
export type InputReader = (name: string) => string;

/**
 * Reads and validates every input and the event payload. Throws InputError (or
 * ConfigError for a bad `config` input) with a message naming the input at fault.
 */
export function getSettings(readInput: InputReader = (name) => core.getInput(name), env: NodeJS.ProcessEnv = process.env): ActionSettings {
  const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd());
  const { root, rootPrefix } = parseRootInput(readInput('root'), workspace);
  const payload = readEventPayload(env.GITHUB_EVENT_PATH);
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const releaseBranches = parseChecksInput(readInput('release-branches'));
  const settings: ActionSettings = {
    workspace,
    root,
    rootPrefix,
    checks: parseChecksInput(readInput('checks')),
    eventName,
    change: { ...changeFromEvent(eventName, payload, env), ...repositoryUrlFromEnv(env) },
    token: '',
    comment: 'both',
    maxInlineComments: 25,
    reportJson: '',
    reportSarif: '',
    releaseBranches,
    commitTarget: { kind: 'none', why: 'not decided yet' }
  };
  settings.token = readInput('github-token');
  settings.comment = parseCommentInput(readInput('comment'));
  settings.maxInlineComments = parseCountInput('max-inline-comments', readInput('max-inline-comments'), 25);
  const temp = env.RUNNER_TEMP || workspace;
  settings.reportJson = path.resolve(workspace, readInput('report-json') || path.join(temp, 'kit-guard.json'));
  settings.reportSarif = path.resolve(workspace, readInput('report-sarif') || path.join(temp, 'kit-guard.sarif'));
  const pr = pullRequestFromEvent(payload);
  if (pr) settings.pullRequest = pr;
  settings.commitTarget = commitTargetFromEvent(eventName, payload, releaseBranches, pr);
  const repository = repositoryOf(payload, env);
  if (repository) settings.repository = repository;
  const exportsMode = parseExportsInput(readInput('exports'));
  if (exportsMode) settings.exportsMode = exportsMode;
  const failOn = parseFailOnInput(readInput('fail-on'));
  if (failOn) settings.failOn = failOn;
  const config = parseConfigInput(readInput('config'));
  if (config) settings.configOverrides = config;
  return settings;
}

/** `root`: a folder inside the repository; default `.`. */
export function parseRootInput(value: string, workspace: string): { root: string; rootPrefix: string } {
  const given = value.trim() || '.';
  const root = path.resolve(workspace, given);
  const relative = path.relative(workspace, root);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new InputError(`input 'root': '${given}' is outside the repository (${workspace}); give a folder inside it, such as 'content'`);
  }
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new InputError(`input 'root': '${given}' is not a folder in the repository`);
  return { root, rootPrefix: relative.split(path.sep).join('/') };
}

/** `checks`: check ids separated by commas, spaces or new lines; empty means all. Ids are validated by the runner. */
export function parseChecksInput(value: string): string[] {
  return [...new Set(value.split(/[\s,]+/).filter(Boolean))];
}

/** `fail-on`: error, warning or notice; empty means the kit configuration's. */
export function parseFailOnInput(value: string): Severity | undefined {
  const given = value.trim();
  if (given === '') return undefined;
  if ((SEVERITIES as readonly string[]).includes(given)) return given as Severity;
  throw new InputError(`input 'fail-on': must be one of ${SEVERITIES.join(', ')} (got '${given}')`);
}

/** `exports`: commit, suggest or check; empty means the default (commit where the event allows it). */
export function parseExportsInput(value: string): ExportsMode | undefined {
  const given = value.trim();
  if (given === '') return undefined;
  if ((EXPORTS_MODES as readonly string[]).includes(given)) return given as ExportsMode;
  throw new InputError(`input 'exports': must be one of ${EXPORTS_MODES.join(', ')} (got '${given}')`);
}

/** `comment`: summary, inline, both or off; empty means both. */
export function parseCommentInput(value: string): CommentMode {
  const given = value.trim().toLowerCase() || 'both';
  if ((COMMENT_MODES as readonly string[]).includes(given)) return given as CommentMode;
  throw new InputError(`input 'comment': must be one of ${COMMENT_MODES.join(', ')} (got '${value.trim()}')`);
}

/** A whole number of zero or more; empty means `fallback`. */
export function parseCountInput(name: string, value: string, fallback: number): number {
  const given = value.trim();
  if (given === '') return fallback;
  if (!/^\d{1,6}$/.test(given)) throw new InputError(`input '${name}': must be a whole number of 0 or more (got '${given}')`);
  return Number(given);
}

/** The pull request of a `pull_request`, `pull_request_target` (or other PR) event; undefined for other events. */
export function pullRequestFromEvent(payload: Record<string, unknown>): EventPullRequest | undefined {
  const pr = record(payload.pull_request);
  const number = typeof pr?.number === 'number' ? pr.number : typeof payload.number === 'number' ? payload.number : undefined;
  if (!pr || number === undefined) return undefined;
  const baseRepo = record(record(pr.base)?.repo)?.full_name ?? record(payload.repository)?.full_name;
  if (typeof baseRepo !== 'string') return undefined;
  const headRepo = record(record(pr.head)?.repo)?.full_name;
  return typeof headRepo === 'string' ? { number, baseRepo, headRepo } : { number, baseRepo };
}

/** Name used for the `config` input in findings. */
export const CONFIG_INPUT_NAME = "input 'config'";

/**
 * `config`: a YAML (or JSON) mapping in the `.kit-guard.yaml` format, merged over the
 * kit's file. Validated with the same shipped schema; problems throw ConfigError
 * pointing at the line of the input.
 */
export function parseConfigInput(value: string): Partial<KitConfig> | undefined {
  if (value.trim() === '') return undefined;
  const parsed = parseYaml(value, { file: CONFIG_INPUT_NAME }, 'config');
  if (!parsed.ok) throw new ConfigError(parsed.findings);
  if (typeof parsed.data !== 'object' || parsed.data === null || Array.isArray(parsed.data)) {
    throw new InputError(`input 'config': must be a mapping of configuration keys, like the .kit-guard.yaml file (got ${Array.isArray(parsed.data) ? 'a list' : `'${value.trim()}'`})`);
  }
  const validate = compileSchema(shippedSchema('kit-guard.config'));
  if (!validate(parsed.data)) {
    throw new ConfigError(schemaErrorsToFindings(validate.errors, parsed, { check: 'config', rule: 'invalid-config', file: CONFIG_INPUT_NAME, subject: 'configuration' }));
  }
  return parsed.data as Partial<KitConfig>;
}

/** Reads the webhook payload the runner saved; an absent or unreadable file is an empty payload. */
export function readEventPayload(file: string | undefined): Record<string, unknown> {
  if (!file) return {};
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** `{ repositoryUrl }` when the workflow runs on github.com (GITHUB_SERVER_URL) for a valid GITHUB_REPOSITORY; else nothing. */
export function repositoryUrlFromEnv(env: NodeJS.ProcessEnv): { repositoryUrl?: string } {
  if (env.GITHUB_SERVER_URL !== 'https://github.com' || !env.GITHUB_REPOSITORY) return {};
  const repositoryUrl = parseGitHubRemote(`https://github.com/${env.GITHUB_REPOSITORY}`);
  return repositoryUrl ? { repositoryUrl } : {};
}

/** A sha of all zeros: a push that created the branch has no `before`. */
const NULL_SHA = /^0+$/;

/**
 * What the event says about the change: for pull requests the base and head shas, the
 * head branch and the title; for pushes the before/after shas and the pushed branch.
 */
export function changeFromEvent(eventName: string, payload: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): EventChange {
  const change: EventChange = {};
  const pr = record(payload.pull_request);
  if (pr) {
    const base = record(pr.base);
    const head = record(pr.head);
    assign(change, 'base', base?.sha);
    assign(change, 'head', head?.sha);
    assign(change, 'branch', head?.ref);
    assign(change, 'title', pr.title);
    return change;
  }
  const group = record(payload.merge_group);
  if (eventName === 'merge_group' && group) {
    // the queue's temporary branch (gh-readonly-queue/…) is not a name anyone chose: no branch is checked
    assign(change, 'base', group.base_sha);
    assign(change, 'head', group.head_sha);
    return change;
  }
  if (eventName === 'push') {
    if (typeof payload.before === 'string' && !NULL_SHA.test(payload.before)) change.base = payload.before;
    // a deleted branch or tag has no `after`
    if (typeof payload.after === 'string' && !NULL_SHA.test(payload.after)) assign(change, 'head', payload.after);
    const ref = typeof payload.ref === 'string' ? payload.ref : env.GITHUB_REF;
    if (ref?.startsWith('refs/heads/')) change.branch = ref.slice('refs/heads/'.length);
  }
  return change;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function assign(change: EventChange, key: keyof EventChange, value: unknown): void {
  if (typeof value === 'string' && value !== '') change[key] = value;
}
