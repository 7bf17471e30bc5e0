import type { ValidateFunction } from 'ajv';
import { isRecord, isVirtualPath, workflowFileName, type Kit } from '../kit/load.js';
import type { ReadResult } from '../repo/view.js';
import { compareFindings, type Finding, type Span } from '../model/finding.js';
import { LineIndex } from '../model/lines.js';
import { parseFrontMatter, type FrontMatterResult } from '../parse/front-matter.js';
import { parseJson } from '../parse/json.js';
import { parseYaml, type ParsedYaml, type SpanLocator } from '../parse/yaml.js';
import { shippedSchema, shippedSchemaNames } from '../schema/shipped.js';
import { UserSchemaSet } from '../schema/user-schemas.js';
import { compileSchema, schemaErrorsToFindings } from '../schema/validate.js';
import type { Check } from '../contract/check.js';

const CHECK = 'schema';

/**
 * The schema check: the manifest, hook definitions, skills, schema-backed examples and
 * configured mappings are valid, and what the manifest declares exists. Every finding
 * sits at the offending key or value. Files are read through the repository view, so a
 * path leaving the repository is reported and never read, and oversized files are refused.
 */
export const schemaCheck: Check = {
  id: CHECK,
  description: 'The manifest, hook definitions, skills, examples and mapped files are valid, and everything the manifest declares exists.',
  run({ kit }) {
    return runSchemaCheck(kit);
  }
};

/** Runs every part of the schema check on a loaded kit. Exported for the library. */
export function runSchemaCheck(kit: Kit): Finding[] {
  const ctx = new Context(kit);
  const manifest = checkManifest(ctx);
  checkHooks(ctx, manifest);
  checkSkills(ctx);
  checkExamples(ctx);
  checkMappings(ctx);
  checkSchemaFolder(ctx);
  ctx.out.push(...ctx.schemas.takeExtraFindings());
  return dedupe(ctx.out).sort(compareFindings);
}

// ---------------------------------------------------------------------------
// Shared state and helpers
// ---------------------------------------------------------------------------

class Context {
  readonly out: Finding[] = [];
  readonly schemas: UserSchemaSet;
  /** Schema files whose own problems were already reported. */
  readonly reportedSchemas = new Set<string>();
  private readonly refused = new Set<string>();

  constructor(readonly kit: Kit) {
    const schemaDir = repoDir(kit, 'schemas');
    this.schemas = new UserSchemaSet(kit.repo, CHECK, schemaDir === undefined ? [] : [schemaDir]);
  }

  /** Reads a file; an oversized, outside or unreadable file becomes a finding (once) and undefined. Missing files are the caller's to report. */
  read(file: string): string | undefined {
    const result = this.kit.repo.read(file);
    if (result.ok) return result.text;
    if (result.reason !== 'missing') this.refuse(file, result);
    return undefined;
  }

  refuse(file: string, result: Exclude<ReadResult, { ok: true }>): void {
    if (this.refused.has(file)) return;
    this.refused.add(file);
    if (result.reason === 'too-large') {
      this.out.push({
        check: CHECK,
        rule: 'file-too-large',
        severity: 'error',
        message: `${result.message}, so it was not checked`,
        file,
        fix: `Keep the file under ${this.kit.repo.maxFileBytes} bytes (split it into smaller files), or load the kit with a larger maxFileBytes.`
      });
    } else if (result.reason === 'outside') {
      this.out.push({ check: CHECK, rule: 'path-outside-repo', severity: 'error', message: result.message, file, fix: 'Keep kit files inside the repository; replace the symbolic link with the file itself.' });
    } else {
      this.out.push({ check: CHECK, rule: 'file-unreadable', severity: 'error', message: result.message, file, fix: 'Make the file readable (check its permissions and encoding).' });
    }
  }

  /** The findings of a repository schema file, reported once however many files use it. */
  reportSchemaProblems(file: string, findings: readonly Finding[]): void {
    if (this.reportedSchemas.has(file)) return;
    this.reportedSchemas.add(file);
    this.out.push(...findings);
  }
}

/** A finding placed at a span. */
function found(rule: string, file: string, span: Span | undefined, message: string, fix: string, severity: Finding['severity'] = 'error'): Finding {
  const f: Finding = { check: CHECK, rule, severity, message, file, fix };
  if (span) {
    f.line = span.start.line;
    f.column = span.start.column;
    if (span.end) {
      f.endLine = span.end.line;
      f.endColumn = span.end.column;
    }
  }
  return f;
}

const FIRST: Span = { start: { line: 1, column: 1 } };

/** The repository folder a manifest path names, or undefined when it is not a usable repository path. */
function repoDir(kit: Kit, name: string): string | undefined {
  const dir = kit.paths[name];
  if (dir === undefined || isVirtualPath(dir)) return undefined;
  return dir;
}

function joinPath(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

function quote(value: string): string {
  return JSON.stringify(value);
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = [f.check, f.rule, f.file, f.line, f.column, f.message].join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Positions for data that has no text (empty front matter): everything at 1:1. */
const TOP_LOCATOR: SpanLocator = { valueSpan: () => FIRST, keySpan: () => FIRST };

/** Where front matter findings go: its own positions, or the opening `---` (1:1) when it is empty. */
function frontMatterPositions(fm: FrontMatterResult): SpanLocator {
  return fm.parsed && fm.parsed.data !== null && fm.parsed.data !== undefined ? fm.parsed : TOP_LOCATOR;
}

function validateWith(validate: ValidateFunction, data: unknown, parsed: SpanLocator, rule: string, file: string, subject: string): Finding[] {
  if (validate(data)) return [];
  return schemaErrorsToFindings(validate.errors, parsed, { check: CHECK, rule, file, subject });
}

// ---------------------------------------------------------------------------
// Manifest
// ---------------------------------------------------------------------------

interface ManifestFacts {
  /** The manifest parsed and is a mapping; cross-references can be checked. */
  usable: boolean;
  data?: Record<string, unknown>;
  parsed?: ParsedYaml;
  file: string;
}

const MINIMAL_MANIFEST = [
  'manifest_version: 2',
  'project: { name: my-kit, display_name: My Kit, version: "0.1.0", description: What the kit is for., license: MIT }',
  'versioning_policy: { strategy: semver, stability: pre-1.0, compatibility: additive_changes_only }',
  'paths: { roles: roles, workflows: workflows, skills: skills, hooks: hooks, templates: templates, schemas: schemas,',
  '         expertise: expertise, docs: docs, exports: exports, tooling: tooling, examples: examples,',
  '         state_root_default: "~/.my-kit/projects/{project_slug}" }',
  'hosts: [claude, codex]',
  'export_targets: [claude, codex]',
  'workflows: [plan]',
  'phases: [plan]',
  'roles: [planner]',
  'required_hooks: [session_start]',
  'protected_paths: [roles, workflows]',
  'prohibited_terms: [TODO-term]',
  'adapters: {}',
  'index: { core_parsers: [], optional_language_plugins: [] }',
  'validation_checks: []'
].join('\n');

function checkManifest(ctx: Context): ManifestFacts {
  const { kit } = ctx;
  const file = kit.config.manifest;
  const manifest = kit.manifest;
  if (!manifest) {
    const read = kit.repo.read(file);
    if (!read.ok && read.reason !== 'missing') {
      if (read.reason === 'outside') {
        ctx.out.push(
          found('path-outside-repo', kit.configFile ?? file, undefined, `the configured manifest "${file}" leaves the repository; it was not read`, 'Set `manifest` in the configuration to a path inside the repository, e.g. wazir.manifest.yaml.')
        );
      } else ctx.refuse(file, read);
      return { usable: false, file };
    }
    const other = kit.repo.lookup(file).actual;
    ctx.out.push(
      found(
        'manifest-missing',
        file,
        undefined,
        other ? `the manifest ${file} is missing; ${other} exists but its letter case differs` : `the manifest ${file} is missing`,
        other
          ? `Rename it: git mv ${other} ${file}`
          : `Create ${file} at the repository root (or set \`manifest\` in .kit-guard.yaml). A minimal manifest:\n${MINIMAL_MANIFEST}`
      )
    );
    return { usable: false, file };
  }
  const parsed = manifest.parsed;
  ctx.out.push(...parsed.findings);
  if (!parsed.ok) return { usable: false, file, parsed };
  const data = parsed.data;

  if (isRecord(data) && data.manifest_version === 1) {
    const required = (shippedSchema('wazir-manifest').required as string[] | undefined) ?? [];
    const absent = required.filter((key) => !(key in data));
    ctx.out.push(
      found(
        'manifest-version',
        file,
        parsed.valueSpan(['manifest_version']),
        `${file} uses manifest_version 1, which is no longer supported`,
        `Migrate to manifest_version 2: set \`manifest_version: 2\`${absent.length ? ` and add the keys version 2 requires: ${absent.join(', ')}` : ''}. ` +
          'Version 2 needs project.description, versioning_policy, workflows, export_targets and prohibited_terms; prohibited terms are checked only in declared role and workflow files.'
      )
    );
    return { usable: false, file, parsed };
  }

  ctx.out.push(...validateWith(compileSchema(shippedSchema('wazir-manifest')), data, parsed, 'manifest-invalid', file, file));
  if (!isRecord(data)) return { usable: false, file, parsed };

  const facts: ManifestFacts = { usable: true, data, parsed, file };
  checkManifestPaths(ctx, facts);
  const declared = [...checkDeclaredFiles(ctx, facts, 'roles'), ...checkDeclaredFiles(ctx, facts, 'workflows')];
  checkExportTargets(ctx, facts);
  checkProhibitedTerms(ctx, facts, declared);
  return facts;
}

/** Each `paths` value that is a repository path exists and stays inside the repository. */
function checkManifestPaths(ctx: Context, m: ManifestFacts): void {
  const paths = m.data?.paths;
  if (!isRecord(paths) || !m.parsed) return;
  for (const [name, value] of Object.entries(paths)) {
    if (typeof value !== 'string' || value === '' || isVirtualPath(value)) continue;
    const span = m.parsed.valueSpan(['paths', name]);
    const rel = ctx.kit.repo.normalize(value);
    if (rel === null) {
      ctx.out.push(
        found('path-outside-repo', m.file, span, `paths.${name} "${value}" leaves the repository; it was not looked up`, `Use a folder inside the repository for paths.${name} (e.g. ${quote(name)}), or a home path starting with ~ for state outside it.`)
      );
      continue;
    }
    const look = ctx.kit.repo.lookup(rel);
    if (look.kind !== 'missing') continue;
    ctx.out.push(
      found(
        'path-missing',
        m.file,
        span,
        look.actual ? `paths.${name} "${value}" does not exist; ${look.actual} exists but its letter case differs` : `paths.${name} "${value}" does not exist`,
        look.actual ? `Use the on-disk spelling: paths.${name}: ${look.actual} (or git mv ${look.actual} ${rel}).` : `Create ${rel}/ (Git keeps folders only with a file in them, e.g. ${rel}/README.md) or correct paths.${name}.`
      )
    );
  }
}

/** Each declared role (or workflow) has its file, with the exact letter case. Returns the files that exist. */
function checkDeclaredFiles(ctx: Context, m: ManifestFacts, kind: 'roles' | 'workflows'): { file: string; kind: 'roles' | 'workflows' }[] {
  const list = m.data?.[kind];
  const dir = repoDir(ctx.kit, kind);
  if (!Array.isArray(list) || dir === undefined || !m.parsed) return [];
  const singular = kind === 'roles' ? 'role' : 'workflow';
  const existing: { file: string; kind: 'roles' | 'workflows' }[] = [];
  list.forEach((id, index) => {
    if (typeof id !== 'string' || id === '') return;
    const span = m.parsed!.valueSpan([kind, index]);
    const wanted = joinPath(dir, kind === 'roles' ? `${id}.md` : workflowFileName(id));
    const rel = ctx.kit.repo.normalize(wanted);
    if (rel === null) {
      ctx.out.push(found('path-outside-repo', m.file, span, `${singular} "${id}" names a file outside the repository (${wanted}); it was not looked up`, `Use a plain ${singular} id without "/" or "..".`));
      return;
    }
    const look = ctx.kit.repo.lookup(rel);
    if (look.kind === 'file') {
      existing.push({ file: rel, kind });
      return;
    }
    if (look.actual) {
      ctx.out.push(
        found(
          `${singular}-file-case-mismatch`,
          m.file,
          span,
          `${singular} "${id}" needs ${rel}, but only ${look.actual} exists (letter case differs; it fails on case-sensitive systems such as Linux CI)`,
          `Rename the file: git mv ${look.actual} ${rel} (or change the id to match the file).`
        )
      );
      return;
    }
    ctx.out.push(
      found(
        `${singular}-file-missing`,
        m.file,
        span,
        look.kind === 'dir' ? `${singular} "${id}" needs the file ${rel}, but that is a folder` : `${singular} "${id}" has no file: ${rel} does not exist`,
        `Create ${rel}, or remove "${id}" from ${kind} in ${m.file}.`
      )
    );
  });
  return existing;
}

/** Every export target is also a host. */
function checkExportTargets(ctx: Context, m: ManifestFacts): void {
  const targets = m.data?.export_targets;
  const hosts = m.data?.hosts;
  if (!Array.isArray(targets) || !m.parsed) return;
  const hostList = Array.isArray(hosts) ? hosts.filter((h): h is string => typeof h === 'string') : [];
  targets.forEach((target, index) => {
    if (typeof target !== 'string' || hostList.includes(target)) return;
    ctx.out.push(
      found(
        'export-target-not-host',
        m.file,
        m.parsed!.valueSpan(['export_targets', index]),
        `export target "${target}" is not listed in hosts`,
        `Add "${target}" to hosts in ${m.file}, or remove it from export_targets.`
      )
    );
  });
}

/** No prohibited term appears in a declared role or workflow file; each occurrence is a finding. Role/workflow front matter is validated too. */
function checkProhibitedTerms(ctx: Context, m: ManifestFacts, files: { file: string; kind: 'roles' | 'workflows' }[]): void {
  const rawTerms = m.data?.prohibited_terms;
  const terms = Array.isArray(rawTerms) ? rawTerms.filter((t): t is string => typeof t === 'string' && t.trim() !== '') : [];
  for (const { file, kind } of files) {
    const text = ctx.read(file);
    if (text === undefined) continue;
    checkContentFrontMatter(ctx, file, text, kind);
    if (terms.length === 0) continue;
    const lines = new LineIndex(text);
    for (const term of terms) {
      for (const offset of findTermOccurrences(text, term)) {
        const start = lines.position(offset);
        const end = lines.position(offset + term.length);
        ctx.out.push(
          found(
            'prohibited-term',
            file,
            { start, end },
            `${file} contains the prohibited term "${term}" ("${text.slice(offset, offset + term.length)}")`,
            `Reword or remove "${text.slice(offset, offset + term.length)}"; ${m.file} lists "${term}" in prohibited_terms.`
          )
        );
      }
    }
  }
}

/** A role or workflow file's optional front matter is well-formed and typed where known. */
function checkContentFrontMatter(ctx: Context, file: string, text: string, kind: 'roles' | 'workflows'): void {
  const fm = parseFrontMatter(text, file, CHECK);
  if (!fm.present) return;
  ctx.out.push(...fm.findings);
  if (fm.data === undefined) return;
  const schema = kind === 'roles' ? 'role-front-matter' : 'workflow-front-matter';
  const rule = kind === 'roles' ? 'role-invalid' : 'workflow-invalid';
  const positions = frontMatterPositions(fm);
  ctx.out.push(...validateWith(compileSchema(shippedSchema(schema)), fm.data, positions, rule, file, `${file} front matter`));
}

/**
 * Offsets where `term` occurs in `text`, case-insensitively and on word boundaries the
 * way the seed matched (`\b` is required only at an end of the term that is a word
 * character, ASCII letters, digits and `_`). The term is compared as a string, never
 * turned into a regular expression.
 */
export function findTermOccurrences(text: string, term: string): number[] {
  const needle = lowerSameLength(term);
  if (needle === '') return [];
  const hay = lowerSameLength(text);
  const boundaryBefore = isWordChar(needle.charCodeAt(0));
  const boundaryAfter = isWordChar(needle.charCodeAt(needle.length - 1));
  const hits: number[] = [];
  let from = 0;
  for (;;) {
    const at = hay.indexOf(needle, from);
    if (at === -1) break;
    const end = at + needle.length;
    const okBefore = !boundaryBefore || at === 0 || !isWordChar(hay.charCodeAt(at - 1));
    const okAfter = !boundaryAfter || end >= hay.length || !isWordChar(hay.charCodeAt(end));
    if (okBefore && okAfter) {
      hits.push(at);
      from = end;
    } else from = at + 1;
  }
  return hits;
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** Lower case with offsets preserved: characters whose lower case is longer (e.g. "İ") are kept as they are. */
function lowerSameLength(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (const ch of text) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Hook definitions
// ---------------------------------------------------------------------------

const hookValidators = new Map<string, ValidateFunction>();

/** The hook schema, with the configured extra triggers allowed. */
function hookValidator(extraTriggers: readonly string[]): ValidateFunction {
  const key = extraTriggers.join('\n');
  let fn = hookValidators.get(key);
  if (fn) return fn;
  const base = shippedSchema('hook');
  if (extraTriggers.length === 0) fn = compileSchema(base);
  else {
    const clone = structuredClone(base) as Record<string, unknown> & { properties: { trigger: { enum: string[] } } };
    const triggers = clone.properties.trigger.enum;
    for (const t of extraTriggers) if (!triggers.includes(t)) triggers.push(t);
    // a distinct $id so the shared Ajv never confuses it with the plain hook schema
    clone.$id = String(base.$id).replace(/\.schema\.json$/, `.extra-${hookValidators.size + 1}.schema.json`);
    fn = compileSchema(clone);
  }
  hookValidators.set(key, fn);
  return fn;
}

function checkHooks(ctx: Context, manifest: ManifestFacts): void {
  const { kit } = ctx;
  const validate = hookValidator(kit.config.schema.extraHookTriggers);
  // hosts the hook schema knows; an unknown host is the manifest's error, not every hook's
  const fallbackHosts = Object.keys((shippedSchema('hook').properties as { host_fallback: { properties: Record<string, unknown> } }).host_fallback.properties);
  const hosts = manifest.usable ? kit.hosts.filter((h) => fallbackHosts.includes(h)) : [];
  const definitions: { id: string; file: string; span?: Span; alias?: string }[] = [];
  for (const hook of kit.hooks) {
    const text = ctx.read(hook.file);
    if (text === undefined) {
      definitions.push({ id: hook.id, file: hook.file });
      continue;
    }
    const parsed = parseYaml(text, { file: hook.file }, CHECK);
    ctx.out.push(...parsed.findings);
    if (!parsed.ok) {
      // unreadable definitions count under their file name, so required_hooks does not also report them missing
      definitions.push({ id: hook.id, file: hook.file });
      continue;
    }
    const data = parsed.data;
    ctx.out.push(...validateWith(validate, data, parsed, 'hook-invalid', hook.file, `hook ${hook.file}`));
    if (!isRecord(data)) {
      definitions.push({ id: hook.id, file: hook.file });
      continue;
    }
    const id = typeof data.id === 'string' && data.id !== '' ? data.id : undefined;
    if (id !== undefined) {
      const span = parsed.valueSpan(['id']);
      // a mismatched id also answers to its file name: the mismatch is reported once, below, not again as a missing or extra hook
      definitions.push({ id, file: hook.file, span, alias: hook.id });
      if (id !== hook.id) {
        const dir = hook.file.slice(0, hook.file.lastIndexOf('/'));
        const ext = hook.file.slice(hook.file.lastIndexOf('.'));
        ctx.out.push(
          found(
            'hook-id-mismatch',
            hook.file,
            span,
            `hook id "${id}" does not match its file name ${hook.file} (expected id "${hook.id}")`,
            `Set \`id: ${hook.id}\`, or rename the file: git mv ${hook.file} ${dir}/${id}${ext}`
          )
        );
      }
    } else definitions.push({ id: hook.id, file: hook.file });

    const fallback = data.host_fallback;
    for (const host of hosts) {
      const value = isRecord(fallback) ? fallback[host] : undefined;
      if (typeof value === 'string' && value.trim() !== '') continue;
      const span = isRecord(fallback) && value !== undefined ? parsed.valueSpan(['host_fallback', host]) : fallback !== undefined ? parsed.keySpan(['host_fallback']) : parsed.valueSpan([]);
      ctx.out.push(
        found(
          'hook-fallback-missing',
          hook.file,
          span,
          `hook ${id ?? hook.id} has no host_fallback for "${host}" (a host in ${manifest.file})`,
          fallback === undefined
            ? `Add a host_fallback mapping with one entry per host, e.g.\nhost_fallback:\n${hosts.map((h) => `  ${h}: wrapper_command`).join('\n')}`
            : `Add \`${host}: wrapper_command\` (or native_hook, native_or_wrapper) under host_fallback.`
        )
      );
    }
  }

  const required = manifest.usable ? manifest.data?.required_hooks : undefined;
  if (!Array.isArray(required) || !manifest.parsed) return;
  const requiredIds = required.filter((r): r is string => typeof r === 'string');
  const present = new Set(definitions.flatMap((d) => (d.alias ? [d.id, d.alias] : [d.id])));
  const hooksDir = repoDir(kit, 'hooks');
  required.forEach((id, index) => {
    if (typeof id !== 'string' || present.has(id)) return;
    const where = hooksDir === undefined ? 'the hooks folder' : `${joinPath(hooksDir, 'definitions')}/${id}.yaml`;
    ctx.out.push(
      found(
        'required-hook-missing',
        manifest.file,
        manifest.parsed!.valueSpan(['required_hooks', index]),
        `required hook "${id}" has no definition (${where})`,
        `Create ${where} with \`id: ${id}\`, or remove "${id}" from required_hooks.`
      )
    );
  });
  for (const def of definitions) {
    if (requiredIds.includes(def.id) || (def.alias !== undefined && requiredIds.includes(def.alias))) continue;
    ctx.out.push(
      found(
        'hook-not-required',
        def.file,
        def.span ?? FIRST,
        `hook "${def.id}" is defined but not listed in required_hooks of ${manifest.file}`,
        `Add "- ${def.id}" to required_hooks in ${manifest.file}, or delete ${def.file} (git rm ${def.file}).`
      )
    );
  }
}

// ---------------------------------------------------------------------------
// Skills
// ---------------------------------------------------------------------------

function checkSkills(ctx: Context): void {
  const validate = compileSchema(shippedSchema('skill-front-matter'));
  for (const skill of ctx.kit.skills) {
    const text = ctx.read(skill.file);
    if (text === undefined) continue;
    const fm = parseFrontMatter(text, skill.file, CHECK);
    if (!fm.present) {
      ctx.out.push(
        found(
          'skill-front-matter-missing',
          skill.file,
          FIRST,
          `${skill.file} has no front matter; hosts need a name and a description to load the skill`,
          `Start the file with:\n---\nname: ${skill.id}\ndescription: <when to use this skill>\n---`
        )
      );
      continue;
    }
    ctx.out.push(...fm.findings);
    if (fm.data === undefined) continue;
    const positions = frontMatterPositions(fm);
    ctx.out.push(...validateWith(validate, fm.data, positions, 'skill-invalid', skill.file, `${skill.file} front matter`));
    const name = fm.data.name;
    if (typeof name === 'string' && name !== '' && skillBaseName(name) !== skill.id) {
      ctx.out.push(
        found(
          'skill-name-mismatch',
          skill.file,
          positions.valueSpan(['name']),
          `skill name "${name}" does not match its folder "${skill.id}"`,
          `Set \`name: ${name.includes(':') ? `${name.slice(0, name.lastIndexOf(':') + 1)}${skill.id}` : skill.id}\`, or rename the folder to "${skillBaseName(name)}".`
        )
      );
    }
  }
}

/** A skill name without its namespace prefix (`wz:brainstorming` -> `brainstorming`). */
function skillBaseName(name: string): string {
  return name.slice(name.lastIndexOf(':') + 1);
}

// ---------------------------------------------------------------------------
// Schema-backed examples
// ---------------------------------------------------------------------------

const EXAMPLE_EXTENSIONS = ['.json', '.yaml', '.yml'];

/**
 * Schema files tried for an example named `<name>.example.<ext>`, in order: `<name>`
 * itself, then `<name>-artifact` (the seed's `author.example.json` ->
 * `author-artifact.schema.json`), then the same for each shorter `-` prefix, so a
 * variant such as `subtask-status-failed` falls back to `subtask-status`.
 */
export function exampleSchemaCandidates(name: string): string[] {
  const out: string[] = [];
  let stem = name;
  for (;;) {
    out.push(`${stem}.schema.json`, `${stem}-artifact.schema.json`);
    const dash = stem.lastIndexOf('-');
    if (dash <= 0) break;
    stem = stem.slice(0, dash);
  }
  return out;
}

function checkExamples(ctx: Context): void {
  const { kit } = ctx;
  const templates = repoDir(kit, 'templates');
  const schemasDir = repoDir(kit, 'schemas');
  if (templates === undefined) return;
  const dir = joinPath(templates, 'examples');
  const entries = kit.repo.dirEntries(dir);
  if (!entries) return;
  const names = [...entries].filter(([, isDir]) => !isDir).map(([n]) => n).sort();
  for (const fileName of names) {
    const ext = EXAMPLE_EXTENSIONS.find((e) => fileName.endsWith(`.example${e}`));
    if (!ext) continue; // Markdown and other examples are not schema-backed
    const name = fileName.slice(0, -`.example${ext}`.length);
    const file = joinPath(dir, fileName);
    const schemaFile = schemasDir === undefined ? undefined : exampleSchemaCandidates(name).map((c) => joinPath(schemasDir, c)).find((c) => kit.repo.lookup(c).kind === 'file');
    if (schemaFile === undefined) {
      ctx.out.push(
        found(
          'example-schema-missing',
          file,
          undefined,
          `example ${file} has no schema to validate against (looked for ${schemasDir === undefined ? 'a schemas folder' : `${joinPath(schemasDir, `${name}.schema.json`)} and similar names`})`,
          schemasDir === undefined
            ? 'Declare paths.schemas in the manifest.'
            : `Add ${joinPath(schemasDir, `${name}.schema.json`)}, or rename the example after its schema (<schema name>.example${ext}).`,
          'warning'
        )
      );
      parseDataFile(ctx, file); // still a finding when it does not even parse
      continue;
    }
    validateFile(ctx, file, schemaFile, 'example-invalid', `example ${file} (schema ${schemaFile})`);
  }
}

/** Parses a data file by its extension: JSON, YAML, or Markdown front matter. Undefined for other kinds (not validated). */
function parseDataFile(ctx: Context, file: string): { data: unknown; positions: SpanLocator } | undefined | 'skip' {
  const lower = file.toLowerCase();
  const kind = lower.endsWith('.json') ? 'json' : lower.endsWith('.yaml') || lower.endsWith('.yml') ? 'yaml' : /\.(md|markdown|mdx)$/.test(lower) ? 'markdown' : undefined;
  if (kind === undefined) return 'skip';
  const text = ctx.read(file);
  if (text === undefined) return undefined;
  if (kind === 'markdown') {
    const fm = parseFrontMatter(text, file, CHECK);
    ctx.out.push(...fm.findings);
    if (fm.present && fm.data === undefined) return undefined;
    const positions = frontMatterPositions(fm);
    return { data: fm.data ?? {}, positions };
  }
  const parsed = kind === 'json' ? parseJson(text, { file }, CHECK) : parseYaml(text, { file }, CHECK);
  ctx.out.push(...parsed.findings);
  if (!parsed.ok) return undefined;
  return { data: parsed.data, positions: parsed };
}

/** Validates one data file against a repository schema file (compiled once per run). */
function validateFile(ctx: Context, file: string, schemaFile: string, rule: string, subject: string): void {
  // parse first: a syntax error in the file is reported even when its schema is broken
  const parsed = parseDataFile(ctx, file);
  const compiled = ctx.schemas.compile(schemaFile);
  if (!compiled.ok) {
    ctx.reportSchemaProblems(schemaFile, compiled.findings);
    return;
  }
  if (parsed === undefined || parsed === 'skip') return;
  ctx.out.push(...validateWith(compiled.validate, parsed.data, parsed.positions, rule, file, subject));
}

// ---------------------------------------------------------------------------
// Configured mappings
// ---------------------------------------------------------------------------

function checkMappings(ctx: Context): void {
  const { kit } = ctx;
  const mappings = kit.config.schema.mappings;
  if (mappings.length === 0) return;
  let configParsed: ParsedYaml | undefined;
  const configSpan = (index: number, key: string): Span | undefined => {
    if (!kit.configFile) return undefined;
    if (!configParsed) {
      const text = kit.repo.readText(kit.configFile);
      configParsed = text === undefined ? undefined : parseYaml(text, { file: kit.configFile }, CHECK);
    }
    return configParsed?.valueSpan(['schema', 'mappings', index, key]);
  };
  const configFile = kit.configFile ?? '.kit-guard.yaml';

  mappings.forEach((mapping, index) => {
    let validateData: ((file: string) => void) | undefined;
    if (mapping.schema.startsWith('builtin:')) {
      const name = mapping.schema.slice('builtin:'.length);
      if (!shippedSchemaNames().includes(name)) {
        ctx.out.push(
          found('mapping-schema-missing', configFile, configSpan(index, 'schema'), `schema mapping ${index + 1}: there is no built-in schema "${name}"`, `Use one of: ${shippedSchemaNames().map((n) => `builtin:${n}`).join(', ')}, or a schema file path.`)
        );
        return;
      }
      let validate: ValidateFunction;
      try {
        validate = name === 'hook' ? hookValidator(kit.config.schema.extraHookTriggers) : compileSchema(shippedSchema(name));
      } catch (error) {
        ctx.out.push(
          found('mapping-schema-missing', configFile, configSpan(index, 'schema'), `schema mapping ${index + 1}: the built-in schema "${name}" is not available in this installation (${error instanceof Error ? error.message : String(error)})`, 'Reinstall kit-guard, or map the files to a schema file in the repository.')
        );
        return;
      }
      validateData = (file) => {
        const parsed = parseDataFile(ctx, file);
        if (parsed === undefined || parsed === 'skip') return;
        ctx.out.push(...validateWith(validate, parsed.data, parsed.positions, 'mapping-invalid', file, `${file} (${mapping.schema})`));
      };
    } else {
      const rel = kit.repo.normalize(mapping.schema);
      if (rel === null) {
        ctx.out.push(found('path-outside-repo', configFile, configSpan(index, 'schema'), `schema mapping ${index + 1}: "${mapping.schema}" leaves the repository; it was not read`, 'Keep mapped schemas inside the repository (paths are relative to the kit root).'));
        return;
      }
      const look = kit.repo.lookup(rel);
      if (look.kind !== 'file') {
        ctx.out.push(
          found(
            'mapping-schema-missing',
            configFile,
            configSpan(index, 'schema'),
            `schema mapping ${index + 1}: the schema file ${rel} does not exist${look.actual ? ` (${look.actual} differs only in letter case)` : ''}`,
            look.actual ? `Write the path as ${look.actual}.` : `Create ${rel}, or point the mapping at an existing schema file or builtin:<name>.`
          )
        );
        return;
      }
      validateData = (file) => validateFile(ctx, file, rel, 'mapping-invalid', `${file} (schema ${rel})`);
    }
    const files = kit.repo.glob(mapping.files);
    if (files.length === 0) {
      ctx.out.push(
        found('mapping-no-files', configFile, configSpan(index, 'files'), `schema mapping ${index + 1} (${mapping.files.join(', ')}) matches no file`, 'Correct the globs (they are relative to the kit root, e.g. "config/*.yaml"), or remove the mapping.', 'warning')
      );
      return;
    }
    for (const file of files) validateData(file);
  });
}

// ---------------------------------------------------------------------------
// The kit's own schema folder
// ---------------------------------------------------------------------------

/** Every `*.schema.json` in the schemas folder is a valid, compilable JSON Schema. */
function checkSchemaFolder(ctx: Context): void {
  const dir = repoDir(ctx.kit, 'schemas');
  if (dir === undefined) return;
  const prefix = dir === '' ? '' : `${dir}/`;
  for (const file of ctx.kit.repo.files()) {
    if (!file.startsWith(prefix) || !file.endsWith('.schema.json')) continue;
    const compiled = ctx.schemas.compile(file);
    if (!compiled.ok) ctx.reportSchemaProblems(file, compiled.findings);
  }
}
