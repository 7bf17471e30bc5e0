import { at, type Finding } from '../model/finding.js';
import { isRecord } from '../model/guards.js';
import { isKnownRuleKey, nearestRuleKey, RULE_CHECK_IDS, type FindingOf } from '../rules/index.js';
import { parseYaml, type ParsedYaml, type SpanLocator } from '../parse/yaml.js';
import { AUTHOR_GLOB_OPTIONS, BRANCH_GLOB_OPTIONS, type GlobOptions, PATH_GLOB_OPTIONS, unsafeGlobs } from '../pattern/safe-regex.js';
import { shippedSchema } from '../schema/shipped.js';
import { compileSchema, schemaErrorsToFindings } from '../schema/validate.js';
import { defaultConfig, type KitConfig } from './config.js';
import { RepoView } from '../repo/view.js';

/** Names of the configuration file, looked up at the kit root in this order. */
export const CONFIG_FILES = ['.kit-guard.yaml', '.kit-guard.yml', 'kit-guard.config.yaml'];

/** The manifest's `paths` the seed requires, with the seed's own folder names as defaults. */
export const DEFAULT_PATHS: Record<string, string> = {
  roles: 'roles',
  workflows: 'workflows',
  skills: 'skills',
  hooks: 'hooks',
  templates: 'templates',
  schemas: 'schemas',
  expertise: 'expertise',
  docs: 'docs',
  exports: 'exports',
  tooling: 'tooling',
  examples: 'examples'
};

/** A content item of the kit: a role, workflow, hook definition or skill, with the file that holds it. */
export interface KitItem {
  id: string;
  file: string;
}

export interface LoadedManifest {
  file: string;
  /** Parsed data (an object when `ok`). */
  data: Record<string, unknown>;
  /** Parsed for the schema check, which reports its parse errors. */
  parsed: ParsedYaml<'schema'>;
  ok: boolean;
}

/** A loaded kit: where things are, what the manifest says, and the configuration in force. */
export interface Kit {
  root: string;
  repo: RepoView;
  config: KitConfig;
  /** The configuration file read, if any. */
  configFile?: string;
  /** The manifest, when the file exists (even if it failed to parse: see `manifest.parsed.findings`). */
  manifest?: LoadedManifest;
  /** The manifest's `paths`, normalised, with seed defaults for missing names. Values that are not repository paths (`~`, absolute, `{`) are kept as written. */
  paths: Record<string, string>;
  hosts: string[];
  exportTargets: string[];
  roles: KitItem[];
  workflows: KitItem[];
  hooks: KitItem[];
  skills: KitItem[];
}

/** Configuration that cannot be used: every problem found, so the user fixes them in one pass. */
export class ConfigError extends Error {
  constructor(readonly findings: Finding[]) {
    super(findings.map((f) => `${f.file ?? ''}${f.line ? `:${f.line}:${f.column ?? 1}` : ''}: ${f.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

export interface LoadOptions {
  /** Configuration merged over the file's (e.g. from CLI flags or action inputs). */
  overrides?: Partial<KitConfig>;
  /** Largest file read, in bytes. */
  maxFileBytes?: number;
  /** Texts read instead of the files on disk (repository-relative path -> text); see RepoView. */
  overlay?: ReadonlyMap<string, string>;
}

/** True for manifest path values the seed did not check on disk: home-relative, absolute or templated. */
export function isVirtualPath(value: string): boolean {
  return value.startsWith('~') || value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || value.includes('{');
}

/** Workflow ids use `_`; their files use `-` (`spec_challenge` -> `spec-challenge.md`). */
export function workflowFileName(id: string): string {
  return `${id.replace(/_/g, '-')}.md`;
}

/**
 * Loads a kit from `root`: the configuration (validated against the shipped schema;
 * invalid configuration throws ConfigError), the manifest (parse problems are kept as
 * findings for the schema check) and the content it declares.
 */
export function loadKit(root: string, options: LoadOptions = {}): Kit {
  const repo = new RepoView(root, options.maxFileBytes, options.overlay);
  const { config, configFile } = loadConfig(repo, options.overrides);

  let manifest: LoadedManifest | undefined;
  const manifestText = repo.read(config.manifest);
  if (manifestText.ok) {
    const parsed = parseYaml(manifestText.text, { file: config.manifest }, 'schema');
    const data = parsed.data && typeof parsed.data === 'object' && !Array.isArray(parsed.data) ? (parsed.data as Record<string, unknown>) : {};
    manifest = { file: config.manifest, data, parsed, ok: parsed.ok && data === parsed.data };
  }
  const m = manifest?.data ?? {};

  const paths: Record<string, string> = { ...DEFAULT_PATHS };
  if (isRecord(m.paths)) {
    for (const [name, value] of Object.entries(m.paths)) {
      if (typeof value !== 'string') continue;
      if (isVirtualPath(value)) {
        paths[name] = value;
        continue;
      }
      const normal = repo.normalize(value);
      // a path leaving the repository is kept out of `paths`; the schema check reports it
      if (normal !== null) paths[name] = normal;
      else delete paths[name];
    }
  }

  const hosts = stringList(m.hosts);
  const exportTargets = stringList(m.export_targets);
  const join = (dir: string | undefined, name: string): string => (dir ? `${dir}/${name}` : name);
  const roles = stringList(m.roles).map((id) => ({ id, file: join(paths.roles, `${id}.md`) }));
  const workflows = stringList(m.workflows).map((id) => ({ id, file: join(paths.workflows, workflowFileName(id)) }));
  const hookDir = paths.hooks !== undefined ? join(paths.hooks, 'definitions') : undefined;
  const hooks = hookDir === undefined || isVirtualPath(hookDir) ? [] : hookFiles(repo, hookDir);
  const skills = paths.skills === undefined || isVirtualPath(paths.skills) ? [] : skillFiles(repo, paths.skills);

  const kit: Kit = { root: repo.root, repo, config, paths, hosts, exportTargets, roles, workflows, hooks, skills };
  if (configFile) kit.configFile = configFile;
  if (manifest) kit.manifest = manifest;
  return kit;
}

function hookFiles(repo: RepoView, dir: string): KitItem[] {
  const names = repo.dirEntries(dir);
  if (!names) return [];
  return [...names]
    .filter(([name, isDir]) => !isDir && /\.ya?ml$/.test(name))
    .map(([name]) => ({ id: name.replace(/\.ya?ml$/, ''), file: `${dir}/${name}` }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

function skillFiles(repo: RepoView, dir: string): KitItem[] {
  const names = repo.dirEntries(dir);
  if (!names) return [];
  const out: KitItem[] = [];
  for (const [name, isDir] of names) {
    if (!isDir) continue;
    const inner = repo.dirEntries(`${dir}/${name}`);
    if (inner?.has('SKILL.md')) out.push({ id: name, file: `${dir}/${name}/SKILL.md` });
  }
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

/** Reads and validates the configuration file; throws ConfigError listing every problem. */
export function loadConfig(repo: RepoView, overrides?: Partial<KitConfig>): { config: KitConfig; configFile?: string } {
  const config = defaultConfig();
  let configFile: string | undefined;
  for (const name of CONFIG_FILES) {
    const read = repo.read(name);
    if (!read.ok) continue;
    configFile = name;
    const parsed = parseYaml(read.text, { file: name }, 'config');
    if (!parsed.ok) throw new ConfigError(parsed.findings);
    const data = parsed.data ?? {};
    const validate = compileSchema(shippedSchema('kit-guard.config'));
    if (!validate(data)) {
      throw new ConfigError(schemaErrorsToFindings(validate.errors, parsed, { check: 'config', rule: 'invalid-config', file: name, subject: 'configuration' }));
    }
    const problems = [...unknownRuleFindings(data, parsed, name), ...unsafeConfigGlobs(data, parsed, name)];
    if (problems.length) throw new ConfigError(problems);
    mergeInto(config as unknown as Record<string, unknown>, data as Record<string, unknown>);
    break;
  }
  if (overrides) mergeInto(config as unknown as Record<string, unknown>, overrides as Record<string, unknown>);
  return configFile ? { config, configFile } : { config };
}

/** A finding for each `rules` key that names no known check or rule, at the key, with the nearest known id. */
function unknownRuleFindings(data: unknown, parsed: ParsedYaml, file: string): FindingOf<'config'>[] {
  const rules = isRecord(data) ? data.rules : undefined;
  if (!isRecord(rules)) return [];
  return Object.keys(rules)
    .filter((key) => !isKnownRuleKey(key))
    .map((key) => {
      const near = nearestRuleKey(key);
      return at(
        {
          check: 'config',
          rule: 'invalid-config',
          severity: 'error',
          message: `rules: "${key}" is not a known ${key.includes('/') ? 'rule' : 'check'}${near ? ` (did you mean ${near}?)` : ''}`,
          file,
          fix: near ? `Write ${near}.` : `Use a check id (${RULE_CHECK_IDS.filter((c) => c !== 'config').join(', ')}) or check/rule as listed in docs/rules.md.`
        },
        parsed.keySpan(['rules', key])
      );
    });
}

/** Where configuration holds globs, and how each list is matched. */
const CONFIG_GLOB_LISTS: Array<{ path: string[]; options: GlobOptions }> = [
  { path: ['branch', 'patterns'], options: BRANCH_GLOB_OPTIONS },
  { path: ['branch', 'ignore'], options: BRANCH_GLOB_OPTIONS },
  { path: ['changelog', 'requireEntriesBranches'], options: BRANCH_GLOB_OPTIONS },
  { path: ['commits', 'ignoreAuthors'], options: AUTHOR_GLOB_OPTIONS },
  { path: ['docTruth', 'docs'], options: PATH_GLOB_OPTIONS },
  { path: ['docTruth', 'exclude'], options: PATH_GLOB_OPTIONS }
];

/**
 * Globs of the configuration file that RE2 cannot run in linear time (negated extglobs,
 * lookaround), each a finding at the glob.
 */
function unsafeConfigGlobs(data: unknown, parsed: SpanLocator, file: string): FindingOf<'config'>[] {
  const findings: FindingOf<'config'>[] = [];
  const lists: Array<{ path: Array<string | number>; options: GlobOptions; globs: unknown }> = CONFIG_GLOB_LISTS.map(({ path, options }) => ({ path, options, globs: valueAt(data, path) }));
  const mappings = valueAt(data, ['schema', 'mappings']);
  if (Array.isArray(mappings)) mappings.forEach((m, i) => lists.push({ path: ['schema', 'mappings', i, 'files'], options: PATH_GLOB_OPTIONS, globs: valueAt(m, ['files']) }));
  for (const { path, options, globs } of lists) {
    if (!Array.isArray(globs)) continue;
    globs.forEach((glob, i) => {
      if (typeof glob !== 'string') return;
      for (const error of unsafeGlobs([glob], options)) {
        findings.push(at({ check: 'config', rule: 'pattern-unsupported', severity: 'error', file, message: `${path.join('.')}[${i}]: ${error.message}`, fix: 'Write the glob without negated groups such as `!(…)` or regular-expression lookaround; list names to leave out under an ignore or exclude list instead.' }, parsed.valueSpan([...path, i])));
      }
    });
  }
  return findings;
}

function valueAt(data: unknown, path: ReadonlyArray<string | number>): unknown {
  let value = data;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

/** Deep-merges plain objects; arrays and scalars replace. */
function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined || key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    const current = target[key];
    if (isRecord(value) && isRecord(current)) mergeInto(current, value);
    else target[key] = value;
  }
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
