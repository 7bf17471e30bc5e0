import { isVirtualPath, workflowFileName } from '../../kit/load.js';
import { isRecord } from '../../model/guards.js';
import { parseFrontMatter } from '../../parse/front-matter.js';
import type { ParsedYaml } from '../../parse/yaml.js';
import { shippedSchema } from '../../schema/shipped.js';
import { compileSchema } from '../../schema/validate.js';
import { prohibitedTermFindings } from '../prohibited-terms.js';
import { Context, CHECK, found, repoDir, joinPath, quote, frontMatterPositions, validateWith } from './context.js';

export interface ManifestFacts {
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

export function checkManifest(ctx: Context): ManifestFacts {
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
  checkContentFiles(ctx, facts, declared);
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


/** Declared role and workflow files: their front matter is valid, and no prohibited term appears in them (terms.ts). */
function checkContentFiles(ctx: Context, m: ManifestFacts, files: { file: string; kind: 'roles' | 'workflows' }[]): void {
  const rawTerms = m.data?.prohibited_terms;
  const terms = Array.isArray(rawTerms) ? rawTerms.filter((t): t is string => typeof t === 'string' && t.trim() !== '') : [];
  for (const { file, kind } of files) {
    const text = ctx.read(file);
    if (text === undefined) continue;
    checkContentFrontMatter(ctx, file, text, kind);
    ctx.out.push(...prohibitedTermFindings(CHECK, file, text, terms, m.file));
  }
}
