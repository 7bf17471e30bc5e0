import { EXPORT_CHECK, lineOf, NATIVE_FALLBACKS, SKIP_FALLBACKS, WRAPPER_FALLBACKS } from '../vocabulary.js';
import { shellQuote } from '../../model/shell.js';
import { resolveLink, rewriteLinks } from '../references.js';
import { compareStrings, renderFrontMatter, sortedUnique } from '../render.js';
import type { HostDefinition } from './definition.js';
import type {
  ExportFinding,
  CanonicalDocument,
  CanonicalHook,
  CanonicalKit,
  CanonicalSkill,
  CompileOptions,
  ExportFile,
  ExportKind,
  HostCompilation,
  HostId
} from '../types.js';

/** Claude tools that never change the workspace: a role limited to them maps to Cursor `readonly` / Codex `read-only`. */
export const READ_ONLY_TOOLS = new Set(['Read', 'Grep', 'Glob', 'LS', 'WebFetch', 'WebSearch', 'NotebookRead', 'TodoWrite']);

/** Collects one host's files and findings; `finish` sorts both. */
export class HostOutput {
  private readonly files = new Map<string, ExportFile>();
  readonly findings: ExportFinding[] = [];

  /** The host's id (`definition.id`). */
  readonly host: HostId;

  /** `definition` is the host's module (see HostDefinition): its label, events and built-ins are read from it, never from the registry, which imports the host modules. */
  constructor(
    readonly definition: HostDefinition,
    readonly model: CanonicalKit,
    readonly options: CompileOptions
  ) {
    this.host = definition.id;
  }

  get label(): string {
    return this.definition.label;
  }

  /** True when this target shares one tree with `host` (the native layout, both exported). */
  sharesTreeWith(host: HostId): boolean {
    return this.options.layout === 'native' && host !== this.host && (this.options.targets ?? []).includes(host);
  }

  /** True when a file is already planned at `path`. */
  has(path: string): boolean {
    return this.files.has(path);
  }

  /**
   * Adds a file; a second file at the same path is an error (two sources compete for one name)
   * and is not added. Relative links in roles, workflows and skills are re-pointed from where
   * the export is read (see relinkText).
   */
  add(path: string, content: string, kind: ExportKind, sources: readonly string[]): void {
    if ((kind === 'role' || kind === 'workflow' || kind === 'skill') && sources.length === 1) content = this.relinkText(path, content, sources[0] as string);
    const existing = this.files.get(path);
    if (existing) {
      this.findings.push({
        check: EXPORT_CHECK,
        rule: 'name-collision',
        severity: 'error',
        message: `${this.label}: ${path} would be generated from both ${existing.sources.join(', ')} and ${sources.join(', ')}; only the first is exported`,
        ...(sources[0] ? { file: sources[0] } : {}),
        fix: 'Rename one of them: roles, workflows and skills that share a host folder need distinct names.'
      });
      return;
    }
    this.files.set(path, { path, content, kind, sources: sortedUnique(sources) });
  }

  /** A notice that the host cannot express something, so it was left out. */
  lossy(file: string | undefined, message: string, fix: string, line?: number): void {
    this.findings.push({
      check: EXPORT_CHECK,
      rule: 'lossy',
      severity: 'notice',
      message: `${this.label}: ${message}`,
      ...(file ? { file } : {}),
      ...(line !== undefined ? { line } : {}),
      fix
    });
  }

  /** Any other finding, labelled with the host. */
  report(finding: Omit<ExportFinding, 'check'>): void {
    this.findings.push({ check: EXPORT_CHECK, ...finding, message: `${this.label}: ${finding.message}` });
  }

  /**
   * A relative link written for the source's folder points nowhere once the text sits in
   * `.claude/agents/` or a host package. In the native layout the link is re-pointed at the same
   * file from the export's folder; a link into the skill's own folder moves with the skill and
   * is kept; in a package, which holds only the host's files, each link that cannot resolve is
   * reported and kept as written.
   */
  private relinkText(path: string, content: string, source: string): string {
    const existing = new Set(this.model.linkTargets);
    if (existing.size === 0) return content;
    const skillDir = this.model.skills.find((s) => s.file === source || s.files.some((f) => f.source === source))?.dir;
    return rewriteLinks(content, (site) => {
      const target = resolveLink(source, site.target);
      if (target === undefined || !existing.has(target)) return undefined;
      if (skillDir !== undefined && target.startsWith(`${skillDir}/`)) return undefined;
      if (this.options.layout === 'native') {
        const from = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
        return relativePath(from, target);
      }
      this.report({
        rule: 'unresolved-link',
        severity: 'warning',
        message: `${path} links to ${site.target} (${target} in the kit), which the host package does not contain; the link is kept as written and points nowhere where the package is used`,
        file: source,
        fix: `Link to ${target} by its URL, move what the link needs into the skill folder, or use the native layout, where links are re-pointed.`
      });
      return undefined;
    });
  }

  /** One warning per exported workflow or skill whose name is also one of the host's built-in commands. */
  private warnBuiltinNames(): void {
    const builtins = new Set(this.definition.builtinCommands);
    const exported = new Set([...this.files.values()].filter((f) => f.kind === 'workflow' || f.kind === 'skill').map((f) => f.sources[0]));
    for (const item of [...this.model.workflows, ...this.model.skills]) {
      if (!builtins.has(item.name) || !exported.has(item.file)) continue;
      this.report({
        rule: 'builtin-name',
        severity: 'warning',
        message: `"${item.name}" (${item.file}) is also a built-in command of ${this.label}; ${this.definition.builtinClashEffect.replace('<name>', item.name)}`,
        file: item.file,
        fix: `Rename it (for example "${this.model.name}-${item.name}") so that it has a name of its own in ${this.label}.`
      });
    }
  }

  finish(): HostCompilation {
    this.warnBuiltinNames();
    const files = [...this.files.values()].sort((a, b) => compareStrings(a.path, b.path));
    const compilation: HostCompilation = { host: this.host, files, sources: [...this.model.sources], findings: [...this.model.findings, ...this.findings] };
    if (this.model.failedSources.length) compilation.failedSources = [...this.model.failedSources];
    return compilation;
  }
}

/**
 * Checks that a document or skill has the description the host requires. When it was
 * derived, says so (notice `derived-field`); when there is none, reports
 * `missing-required-field` and returns false so the caller exports nothing invalid.
 */
export function requireDescription(out: HostOutput, item: CanonicalDocument | CanonicalSkill, target: string, field = 'description'): boolean {
  if (item.description === undefined) {
    out.report({
      rule: 'missing-required-field',
      severity: 'error',
      message: `${target} needs front matter field \`${field}\`, and ${item.file} neither states one nor has a Purpose section or paragraph to derive it from; the file is not exported`,
      file: item.file,
      line: 1,
      fix: `Add front matter to ${item.file}: \`---\\ndescription: <one sentence saying what it is for>\\n---\`, or a \`## Purpose\` section with a first paragraph.`
    });
    return false;
  }
  if (item.descriptionDerivedFrom) {
    const where = item.descriptionDerivedFrom === 'purpose-section' ? 'the first paragraph of the Purpose section' : 'the first paragraph';
    out.report({
      rule: 'derived-field',
      severity: 'notice',
      message: `${target}: front matter field \`${field}\` is required and was derived from ${where} of ${item.file}`,
      file: item.file,
      fix: `State it in ${item.file}'s front matter (\`description: ...\`) to control what the host shows.`
    });
  }
  return true;
}

/**
 * For targets whose host requires the body as a field (`developer_instructions`, `prompt`):
 * an empty body is an error naming the file, and the file is not exported.
 */
export function requireBody(out: HostOutput, item: CanonicalDocument, target: string, field: string, what: string): boolean {
  if (item.body.trim() !== '') return true;
  out.report({
    rule: 'missing-required-field',
    severity: 'error',
    message: `${target} needs \`${field}\`, and ${item.file} has no text after its front matter; the file is not exported`,
    file: item.file,
    line: 1,
    fix: `Write the ${what} in the body of ${item.file}.`
  });
  return false;
}

/** Canonical fields a target may have no place for. */
export type DroppableField = 'tools' | 'model' | 'argument-hint';

/**
 * One notice listing the front matter fields of `item` that `target` cannot hold:
 * the named canonical fields when set, plus every field we do not translate.
 */
export function reportDropped(out: HostOutput, item: CanonicalDocument, target: string, unsupported: readonly DroppableField[] = []): void {
  const keys: string[] = [];
  if (unsupported.includes('tools') && item.tools) keys.push(item.lines.tools !== undefined ? 'tools' : 'allowed-tools');
  if (unsupported.includes('model') && item.model) keys.push('model');
  if (unsupported.includes('argument-hint') && item.argumentHint) keys.push(item.lines['argument-hint'] !== undefined ? 'argument-hint' : 'arguments');
  keys.push(...Object.keys(item.extraFields).sort(compareStrings));
  if (keys.length === 0) return;
  const many = keys.length > 1;
  out.lossy(
    item.file,
    `front matter field${many ? 's' : ''} ${keys.map((k) => `\`${k}\``).join(', ')} of ${item.file} ha${many ? 've' : 's'} no equivalent in ${target} and ${many ? 'were' : 'was'} left out`,
    `Put ${out.label} fields under a \`${out.host}:\` section of the front matter to set them for ${out.label} only.`,
    item.lines[keys[0] as string]
  );
}

/** Claude model aliases, which mean nothing to other hosts. */
const CLAUDE_MODEL_ALIASES = new Set(['sonnet', 'opus', 'haiku']);

/**
 * The model a non-Claude host gets: Claude aliases (and `claude-*` ids for hosts that
 * cannot run Claude models) are dropped with a notice; `inherit` is the default anyway.
 */
export function hostModel(out: HostOutput, item: CanonicalDocument, options: { keepInherit?: boolean; claudeIds?: boolean } = {}): string | undefined {
  const model = item.model;
  if (model === undefined) return undefined;
  if (model === 'inherit') return options.keepInherit ? model : undefined;
  const lower = model.toLowerCase();
  if (CLAUDE_MODEL_ALIASES.has(lower) || (!options.claudeIds && lower.startsWith('claude'))) {
    out.lossy(
      item.file,
      `model "${model}" of ${item.file} is a Claude model and was left out (the host's default model is used)`,
      `Set a model for ${out.label} under a \`${out.host}:\` section of the front matter (\`${out.host}: { model: ... }\`).`,
      item.lines.model
    );
    return undefined;
  }
  return model;
}

/**
 * Translates Claude tool names through `table`. Names already in the host's vocabulary
 * (`native`) pass; others are dropped with one lossy notice. Returns the sorted unique list,
 * or undefined when the role lists no tools.
 */
export function translateTools(out: HostOutput, item: CanonicalDocument, table: Readonly<Record<string, string>>, native: ReadonlySet<string>, isNativePattern?: (name: string) => boolean): string[] | undefined {
  if (!item.tools) return undefined;
  const result: string[] = [];
  const dropped: string[] = [];
  for (const tool of item.tools) {
    const mapped = table[tool];
    if (mapped) result.push(mapped);
    else if (native.has(tool) || isNativePattern?.(tool)) result.push(tool);
    else dropped.push(tool);
  }
  if (dropped.length) {
    out.lossy(
      item.file,
      `tool${dropped.length > 1 ? 's' : ''} ${dropped.map((t) => `\`${t}\``).join(', ')} of ${item.file} ha${dropped.length > 1 ? 've' : 's'} no ${out.label} equivalent and ${dropped.length > 1 ? 'were' : 'was'} left out of the tool list`,
      `Use tools ${out.label} knows (${sortedUnique(Object.keys(table)).join(', ')}), or list native names under a \`${out.host}:\` front matter section.`,
      item.lines.tools ?? item.lines['allowed-tools']
    );
  }
  return sortedUnique(result);
}

/** True when every listed tool only reads. */
export function onlyReadsTools(tools: readonly string[] | undefined): boolean {
  return tools !== undefined && tools.length > 0 && tools.every((t) => READ_ONLY_TOOLS.has(t));
}

/**
 * For hosts whose agents take no tool list (Codex, Cursor): a role's tools are left out with a
 * lossy notice, and a role whose tools only read gets the host's read-only setting instead.
 * Returns true when that setting applies (undefined when the role lists no tools).
 */
export function dropToolList(out: HostOutput, role: CanonicalDocument, agents: string, setting: string, fix: string): true | undefined {
  if (!role.tools) return undefined;
  const readOnly = onlyReadsTools(role.tools);
  out.lossy(
    role.file,
    `${agents} have no tool list; the tools of ${role.file} were left out${readOnly ? ` and, since they only read, \`${setting}\` was set` : ''}`,
    fix,
    role.lines.tools ?? role.lines['allowed-tools']
  );
  return readOnly || undefined;
}

/** Front matter for a host: the generated fields, then the item's per-host section over them. */
export function withHostSection(host: HostId, item: { hostSections: Partial<Record<HostId, Record<string, unknown>>> }, fields: Record<string, unknown>): Record<string, unknown> {
  const section = item.hostSections[host];
  return section ? { ...fields, ...section } : fields;
}

/** True when the text uses Claude-style argument placeholders. */
export function hasPlaceholders(body: string): boolean {
  return /\$ARGUMENTS\b|\$[1-9]\b/.test(body);
}

/** Replaces `$ARGUMENTS` (and `$1`..`$9`) with `replacement`. */
export function replacePlaceholders(body: string, replacement: string, positional = replacement): string {
  return body.replace(/\$ARGUMENTS\b/g, replacement).replace(/\$[1-9]\b/g, positional);
}

/**
 * Placeholders removed for hosts without them: `$ARGUMENTS` becomes words the model can
 * follow, with a notice.
 */
export function removePlaceholders(out: HostOutput, item: CanonicalDocument, target: string): string {
  if (!hasPlaceholders(item.body)) return item.body;
  out.lossy(
    item.file,
    `\`$ARGUMENTS\`/\`$1\`… in ${item.file} were replaced by "the user's arguments", since ${target} have no argument placeholders`,
    'Write the workflow so it reads the request from the conversation, or accept the notice.'
  );
  return replacePlaceholders(item.body, "the user's arguments");
}

/** The project instructions as AGENTS.md, unless the native layout would write over the kit's own AGENTS.md. */
export function addAgentsMd(out: HostOutput): void {
  const instructions = out.model.instructions;
  if (out.options.layout === 'native' && instructions.rootAgents) return; // the kit's own AGENTS.md is already where every host reads it
  out.add('AGENTS.md', instructions.text, 'instructions', instructions.sources);
}

/** A skill folder: SKILL.md with name and description first, then the skill's other fields, then supporting files. */
export function addSkill(out: HostOutput, skill: CanonicalSkill, baseDir: string): void {
  const target = `${baseDir}/${skill.name}/SKILL.md`;
  if (!requireDescription(out, skill, target)) return;
  const fields = withHostSection(out.host, skill, { name: skill.name, description: skill.description, ...skill.extraFields });
  out.add(target, renderFrontMatter(fields, skill.body), 'skill', [skill.file]);
  for (const file of skill.files) out.add(`${baseDir}/${skill.name}/${file.path}`, file.content, 'skill', [file.source]);
}

/**
 * A workflow as a skill only the user invokes. When the kit also has a skill of the same
 * name (the seed pairs workflow `run-audit` with skill `run-audit`), the skill keeps the
 * folder and the workflow is left out of it with a warning: the host has one name space
 * for both, and the skill is the one written to be invoked as a skill.
 */
export function addWorkflowSkill(out: HostOutput, workflow: CanonicalDocument, baseDir: string, extra: Record<string, unknown>, body: string): void {
  const target = `${baseDir}/${workflow.name}/SKILL.md`;
  const skill = out.model.skills.find((s) => s.name === workflow.name);
  if (skill) {
    out.report({
      rule: 'name-collision',
      severity: 'warning',
      message: `workflow ${workflow.file} and skill ${skill.file} are both named "${workflow.name}", and ${target} can hold only one: the skill is exported there, the workflow is not exported as a skill`,
      file: workflow.file,
      fix: `Rename the workflow or the skill if both must be invocable in ${out.label}, or accept that /${workflow.name} runs the skill.`
    });
    return;
  }
  if (!requireDescription(out, workflow, target)) return;
  const fields = withHostSection(out.host, workflow, { name: workflow.name, description: workflow.description, ...extra });
  out.add(target, renderFrontMatter(fields, body), 'workflow', [workflow.file]);
}

// ---------------------------------------------------------------------------
// Hooks
// ---------------------------------------------------------------------------

/** One hook resolved for one host. */
export interface HostHook {
  hook: CanonicalHook;
  event: string;
  matcher?: string;
  command: string;
  /** Seconds, as in the definition; hosts convert. */
  timeout?: number;
}

/** Replaces Claude's project-dir variable, `${CLAUDE_PROJECT_DIR}` by `braced` and `$CLAUDE_PROJECT_DIR` by `plain` (string replacement, never a pattern from user text). */
export function replaceClaudeProjectDir(command: string, braced: string, plain: string): string {
  return command.split('${CLAUDE_PROJECT_DIR}').join(braced).split('$CLAUDE_PROJECT_DIR').join(plain);
}

/** For hosts that start hooks in the project root: `"$CLAUDE_PROJECT_DIR"/x` becomes `./x`, and the bare variable `.`. */
export function projectDirAsRoot(command: string): string {
  let out = command;
  for (const quoted of ['"$CLAUDE_PROJECT_DIR"/', '"${CLAUDE_PROJECT_DIR}"/']) out = out.split(quoted).join('./');
  return replaceClaudeProjectDir(out, '.', '.');
}

/**
 * Resolves every hook definition for a host: event (override, or the canonical event
 * mapped), command (the definition's own, the wrapper, or the hook script), matcher and
 * timeout. Hooks the host cannot run are left out with a lossy notice; a definition's
 * `host_fallback` of none/skip/manual_step leaves it out on purpose (notice `skipped-by-fallback`).
 * `wrapper_command` wires the hook natively but runs the kit's wrapper (`<cli> hook <id>`)
 * instead of the hook script; a definition's own `command` always wins.
 */
export function resolveHooks(out: HostOutput): HostHook[] {
  const host = out.host;
  const known = new Set(out.definition.events);
  const resolved: HostHook[] = [];
  for (const hook of out.model.hooks) {
    const fallback = hook.hostFallback[host];
    if (fallback !== undefined && SKIP_FALLBACKS.has(fallback)) {
      out.report({
        rule: 'skipped-by-fallback',
        severity: 'notice',
        message: `hook ${hook.id} is not exported: its host_fallback for ${host} is "${fallback}"`,
        file: hook.file,
        ...lineOf(hook.lines, `host_fallback.${host}`),
        fix: `Set host_fallback.${host} to native_hook (or wrapper_command) to wire it into ${out.label}.`
      });
      continue;
    }
    if (fallback !== undefined && !NATIVE_FALLBACKS.has(fallback) && !WRAPPER_FALLBACKS.has(fallback)) {
      out.report({
        rule: 'unknown-host-fallback',
        severity: 'warning',
        message: `hook ${hook.id}: host_fallback "${fallback}" is not a known value; the hook is wired natively`,
        file: hook.file,
        ...lineOf(hook.lines, `host_fallback.${host}`),
        fix: `Use native_hook, native_or_wrapper, wrapper_command or none for ${host}.`
      });
    }
    const override = hook.hostEvents[host];
    if (override === null) continue;
    let event: string | undefined;
    if (override !== undefined) {
      if (!known.has(override)) {
        out.report({
          rule: 'unknown-hook-event',
          severity: 'warning',
          message: `hook ${hook.id}: "${override}" is not a ${out.label} hook event; the hook is not exported to ${out.label}`,
          file: hook.file,
          ...lineOf(hook.lines, `events.${host}`),
          fix: `Use one of: ${out.definition.events.join(', ')}.`
        });
        continue;
      }
      event = override;
    } else if (!hook.event) {
      out.lossy(
        hook.file,
        `hook ${hook.id} has trigger "${hook.trigger ?? '(none)'}", which maps to no hook event; it was left out`,
        `Add \`event: <canonical event>\` (e.g. PreToolUse) or \`events: { ${host}: <event> }\` to ${hook.file}.`,
        hook.lines.trigger
      );
      continue;
    } else {
      event = out.definition.eventMap[hook.event];
      if (!event) {
        out.lossy(
          hook.file,
          `hook ${hook.id} runs on ${hook.event}, which ${out.label} has no event for; it was left out`,
          `Pick a ${out.label} event with \`events: { ${host}: <event> }\` in ${hook.file} (one of ${out.definition.events.join(', ')}), or accept that ${out.label} does not run it.`,
          hook.lines.event ?? hook.lines.trigger
        );
        continue;
      }
    }
    const command = hookCommand(out, hook, fallback);
    if (command === undefined) continue;
    const entry: HostHook = { hook, event, command };
    if (hook.matcher) entry.matcher = hook.matcher;
    if (hook.timeout !== undefined) entry.timeout = hook.timeout;
    if (hook.failureMode === 'block' && hook.failureExitCode !== undefined && hook.failureExitCode !== 2) {
      out.lossy(
        hook.file,
        host === 'copilot'
          ? `hook ${hook.id} blocks with exit code ${hook.failureExitCode}, but Copilot blocks only through a JSON decision on stdout`
          : `hook ${hook.id} blocks with exit code ${hook.failureExitCode}, but ${out.label} blocks only on exit code 2 (or a JSON decision on stdout); other codes are non-blocking errors`,
        'Make the hook (or its wrapper) exit with code 2, or print the host\'s JSON decision, when it must block.',
        hook.lines['failure_behavior.exit_code']
      );
    }
    resolved.push(entry);
  }
  return resolved.sort((a, b) => compareStrings(a.event, b.event) || compareStrings(a.matcher ?? '', b.matcher ?? '') || compareStrings(a.hook.id, b.hook.id));
}

/**
 * The command a hook runs in this host, only when it exists where the export is used: the
 * definition's own command; the hook's script (shipped in a package, and run through the
 * program its `#!` line names, since a shipped copy is not executable); or the kit's wrapper
 * `<cli> hook <id>` when the kit's command registry lists `hook`. Otherwise undefined, with a
 * warning that says what to add.
 */
function hookCommand(out: HostOutput, hook: CanonicalHook, fallback: string | undefined): string | undefined {
  if (hook.command) return out.definition.rewriteProjectDir(hook.command);
  const wantsWrapper = fallback !== undefined && WRAPPER_FALLBACKS.has(fallback);
  if (hook.wrapperExists && (wantsWrapper || !hook.script)) return hook.wrapperCommand;
  if (hook.script) {
    const path = `${out.definition.projectDir}/${shellQuote(hook.script)}`;
    if (out.options.layout === 'native') return path;
    if (hook.scriptInterpreter && hook.scriptText !== undefined) {
      if (!out.has(hook.script)) out.add(hook.script, hook.scriptText, 'hook', [hook.script]);
      return `${hook.scriptInterpreter} ${path}`;
    }
    out.report({
      rule: 'missing-hook-command',
      severity: 'warning',
      message: `hook ${hook.id} runs ${hook.script}, which has no \`#!\` line naming its program, so a copy shipped in the package could not run; the hook is not exported`,
      file: hook.file,
      fix: `Start ${hook.script} with a \`#!\` line (e.g. \`#!/bin/sh\`), or give ${hook.file} a \`command:\`.`
    });
    return undefined;
  }
  out.report({
    rule: 'missing-hook-command',
    severity: 'warning',
    message: `hook ${hook.id} would run \`${hook.wrapperCommand}\`, but the kit's command registry (docTruth.commands) lists no \`hook\` command and no script ${hook.id.replace(/_/g, '-')} is beside the hook definitions; the hook is not exported`,
    file: hook.file,
    fix: `Add \`command: <what to run>\` to ${hook.file}, put a script named ${hook.id.replace(/_/g, '-')} beside the definitions, or list \`hook\` in docTruth.commands of .kit-guard.yaml if the kit's command line has it.`
  });
  return undefined;
}

/** A relative path from folder `from` to `to` (both repository-relative, `/` separators). */
function relativePath(from: string, to: string): string {
  const a = from ? from.split('/') : [];
  const b = to.split('/');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/') || '.';
}

/** Groups hooks into Claude-style matcher groups per event: `{event: [{matcher?, hooks: [...]}]}`, keys sorted. */
export function matcherGroups(hooks: readonly HostHook[], handler: (h: HostHook) => Record<string, unknown>): Record<string, unknown[]> {
  const events: Record<string, { matcher?: string; hooks: Record<string, unknown>[] }[]> = {};
  for (const h of hooks) {
    const groups = (events[h.event] ??= []);
    let group = groups.find((g) => g.matcher === h.matcher);
    if (!group) {
      group = h.matcher === undefined ? { hooks: [] } : { matcher: h.matcher, hooks: [] };
      groups.push(group);
    }
    group.hooks.push(handler(h));
  }
  const sorted: Record<string, unknown[]> = {};
  for (const key of Object.keys(events).sort(compareStrings)) sorted[key] = events[key] as unknown[];
  return sorted;
}

/** Flat lists per event (Cursor, Copilot), keys sorted. */
export function flatLists(hooks: readonly HostHook[], entry: (h: HostHook) => Record<string, unknown>): Record<string, unknown[]> {
  const events: Record<string, unknown[]> = {};
  for (const h of hooks) (events[h.event] ??= []).push(entry(h));
  const sorted: Record<string, unknown[]> = {};
  for (const key of Object.keys(events).sort(compareStrings)) sorted[key] = events[key] as unknown[];
  return sorted;
}

/** Definition files of the hooks, for an output's sources. */
export function hookSources(hooks: readonly HostHook[]): string[] {
  return sortedUnique(hooks.map((h) => h.hook.file));
}

/** A notice that a host only loads exported files after a step the user must take, so an export can look fine and do nothing. */
export function trustNotice(out: HostOutput, target: string, message: string, fix: string): void {
  out.report({ rule: 'trust-gate', severity: 'notice', message: `${target}: ${message}`, file: out.model.manifestFile, fix });
}

/** A notice that, in the native layout, a client reads another host's files too and this cannot be planned away. */
export function overlapNotice(out: HostOutput, message: string, fix: string): void {
  out.report({ rule: 'host-overlap', severity: 'notice', message, file: out.model.manifestFile, fix });
}
