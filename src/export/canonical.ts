import type { ExportFinding } from './types.js';
import type { Kit, KitItem } from '../kit/load.js';
import { isVirtualPath } from '../kit/load.js';
import { isRecord } from '../model/guards.js';
import { parseFrontMatter } from '../parse/front-matter.js';
import { parseYaml, type ParsedYaml } from '../parse/yaml.js';
import { shellQuote } from '../model/shell.js';
import { relativeLinks, renameReferences, resolveLink } from './references.js';
import { endWithNewline, normalizeNewlines, sortedUnique, toName } from './render.js';
import {
  type CanonicalDocument,
  type CanonicalHook,
  type CanonicalHookEvent,
  type CanonicalInstructions,
  type CanonicalKit,
  type CanonicalSkill,
  type DerivedFrom
} from './types.js';
import { append } from '../model/append.js';
import { HOST_IDS, isHostId } from './hosts/index.js';
import { EXPORT_CHECK, lineOf, NATIVE_FALLBACKS, SKIP_FALLBACKS, WRAPPER_FALLBACKS } from './vocabulary.js';

export { EXPORT_CHECK, lineOf, NATIVE_FALLBACKS, SKIP_FALLBACKS, WRAPPER_FALLBACKS };

/** Longest description we emit; the Agent Skills format caps `description` at 1024 characters. */
export const MAX_DESCRIPTION = 1024;

/** Front matter keys of roles and workflows that we translate per host; anything else is an "extra" field. */
const KNOWN_DOCUMENT_KEYS = new Set(['name', 'description', 'tools', 'allowed-tools', 'model', 'argument-hint', 'arguments', ...HOST_IDS]);

/** Every canonical hook event (Claude Code's names). */
export const CANONICAL_EVENTS: readonly CanonicalHookEvent[] = [
  'SessionStart',
  'SessionEnd',
  'UserPromptSubmit',
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'PermissionRequest',
  'Notification',
  'Stop',
  'SubagentStart',
  'SubagentStop',
  'PreCompact',
  'PostCompact'
];

/**
 * The seed's hook triggers and the canonical event each one runs on.
 * `loop_cap_guard` stops further loop iterations: only a gate before each tool call can
 * refuse work, so it runs on PreToolUse for every tool (a Stop hook could only force
 * the agent to continue, the opposite of a cap).
 */
export const TRIGGER_EVENTS: Readonly<Record<string, { event: CanonicalHookEvent; matcher?: string }>> = {
  session_start: { event: 'SessionStart' },
  pre_tool_capture_route: { event: 'PreToolUse' },
  post_tool_capture: { event: 'PostToolUse' },
  pre_compact_summary: { event: 'PreCompact' },
  stop_handoff_harvest: { event: 'Stop' },
  protected_path_write_guard: { event: 'PreToolUse', matcher: 'Write|Edit' },
  loop_cap_guard: { event: 'PreToolUse' },
  // later seed versions; matchers as the seed wired them in its hooks.json
  context_mode_router: { event: 'PreToolUse', matcher: 'Bash' },
  pretooluse_pipeline_guard: { event: 'PreToolUse', matcher: 'Write|Edit|Bash' },
  pretooluse_dispatcher: { event: 'PreToolUse' },
  stop_pipeline_gate: { event: 'Stop' }
};


/**
 * Builds the canonical model from a loaded kit. Pure: reads through `kit.repo` only.
 * Problems with sources (unreadable files, malformed front matter or YAML) become
 * findings and the item is left out; nothing here is host-specific.
 */
export function buildCanonicalKit(kit: Kit): CanonicalKit {
  const findings: ExportFinding[] = [];
  const sources = new Set<string>();
  const manifestFile = kit.manifest?.file ?? kit.config.manifest;
  if (kit.manifest) sources.add(manifestFile);

  const project = isRecord(kit.manifest?.data.project) ? kit.manifest.data.project : {};
  const projectName = typeof project.name === 'string' ? project.name : '';
  const name = toName(projectName) || 'kit';
  const displayName = stringValue(project.display_name) ?? (projectName || name);
  const description = stringValue(project.description);
  const commandName = kit.config.docTruth.commandName ?? (projectName || name);

  const roles = kit.roles.map((item) => readDocument(kit, item, findings, sources)).filter(isDefined);
  const workflows = kit.workflows.map((item) => readDocument(kit, item, findings, sources)).filter(isDefined);
  const skills = kit.skills.map((item) => readSkill(kit, item, findings, sources)).filter(isDefined);
  const hookDir = kit.paths.hooks !== undefined && !isVirtualPath(kit.paths.hooks) ? kit.paths.hooks : undefined;
  const wrapperExists = kit.config.docTruth.commands.some((c) => c === 'hook' || c.startsWith('hook '));
  const hooks = kit.hooks.map((item) => readHook(kit, item, hookDir, commandName, wrapperExists, findings, sources)).filter(isDefined);
  carryRenames([...roles, ...workflows], skills, findings);

  const instructions = readInstructions(kit, { displayName, description, manifestFile, roles, workflows, skills }, sources, findings);

  const model: CanonicalKit = {
    name,
    displayName,
    commandName,
    manifestFile,
    instructions,
    roles: sortById(roles),
    workflows: sortById(workflows),
    hooks: sortById(hooks),
    skills: sortById(skills),
    sources: sortedUnique(sources),
    findings,
    // a source with an error (unreadable, malformed front matter or YAML, a bad name) is left out of the model
    failedSources: sortedUnique(findings.filter((f) => f.severity === 'error' && f.file !== undefined).map((f) => f.file as string)),
    linkTargets: existingLinkTargets(kit, [...roles, ...workflows], skills)
  };
  if (description !== undefined) model.description = description;
  return model;
}

/**
 * Hosts need names of lowercase letters, digits and hyphens, so a stated name such as the
 * seed's `wz:tdd` is exported as `tdd`. References to the stated name in every exported text
 * are rewritten to the exported one (one notice per name), so `use wz:tdd` still names a skill.
 */
function carryRenames(documents: CanonicalDocument[], skills: CanonicalSkill[], findings: ExportFinding[]): void {
  const renames = [...documents, ...skills].filter((item) => item.statedName !== undefined);
  if (renames.length === 0) return;
  const rewrite = (text: string, counts: Map<string, Set<string>>, file: string): string => {
    let out = text;
    for (const item of renames) {
      const result = renameReferences(out, item.statedName as string, item.name);
      if (result.count > 0) (counts.get(item.file) ?? counts.set(item.file, new Set()).get(item.file))?.add(file);
      out = result.text;
    }
    return out;
  };
  const counts = new Map<string, Set<string>>();
  for (const doc of documents) doc.body = rewrite(doc.body, counts, doc.file);
  for (const skill of skills) {
    skill.body = rewrite(skill.body, counts, skill.file);
    for (const file of skill.files) file.content = rewrite(file.content, counts, file.source);
  }
  for (const item of renames) {
    const files = [...(counts.get(item.file) ?? [])].sort();
    if (files.length === 0) continue;
    findings.push({
      check: EXPORT_CHECK,
      rule: 'renamed-reference',
      severity: 'notice',
      message: `all hosts: "${item.statedName}" (${item.file}) is exported as "${item.name}", so references to it in ${files.join(', ')} were rewritten to "${item.name}"`,
      file: item.file,
      fix: `Name it \`${item.name}\` in ${item.file} and in the texts that mention it, so the sources say what the hosts show.`
    });
  }
}

/** Repository paths that relative links in exported texts point at and that exist. */
function existingLinkTargets(kit: Kit, documents: CanonicalDocument[], skills: CanonicalSkill[]): string[] {
  const texts: [string, string][] = [
    ...documents.map((d): [string, string] => [d.file, d.body]),
    ...skills.flatMap((s): [string, string][] => [[s.file, s.body], ...s.files.map((f): [string, string] => [f.source, f.content])])
  ];
  const found = new Set<string>();
  for (const [file, text] of texts) {
    for (const site of relativeLinks(text)) {
      const target = resolveLink(file, site.target);
      if (target !== undefined && kit.repo.lookup(target).kind !== 'missing') found.add(target);
    }
  }
  return sortedUnique(found);
}

// ---------------------------------------------------------------------------
// Instructions
// ---------------------------------------------------------------------------

interface InstructionContext {
  displayName: string;
  description: string | undefined;
  manifestFile: string;
  roles: CanonicalDocument[];
  workflows: CanonicalDocument[];
  skills: CanonicalSkill[];
}

/**
 * First line of a generated AGENTS.md. In the native layout the generated file sits where
 * the kit's own AGENTS.md would, so the marker tells the next compilation it is output, not source.
 */
export const GENERATED_INSTRUCTIONS_MARKER = '<!-- Generated by kit-guard from the kit manifest, roles, workflows and skills; edit those, not this file. -->';

/**
 * The instructions every host gets. A kit repository's own root AGENTS.md usually speaks to
 * the people working on the kit, not to its users, so it is exported only when
 * `exports.instructions` names it (or another file); by default the instructions are generated
 * from the manifest and content, as the seed did. In the native layout a root AGENTS.md the kit
 * wrote itself is where every host reads already, so it is left in place (`rootAgents`).
 */
function readInstructions(kit: Kit, ctx: InstructionContext, sources: Set<string>, findings: ExportFinding[]): CanonicalInstructions {
  const own = kit.repo.lookup('AGENTS.md').kind === 'file' ? kit.repo.read('AGENTS.md') : undefined;
  const rootAgents = own?.ok === true && !normalizeNewlines(own.text).startsWith(`${GENERATED_INSTRUCTIONS_MARKER}\n`);
  const configured = kit.config.exports.instructions;
  if (configured !== undefined) {
    const file = kit.repo.normalize(configured);
    const read = file === null ? undefined : kit.repo.read(file);
    if (file !== null && read?.ok) {
      sources.add(file);
      return { text: endWithNewline(normalizeNewlines(read.text)), file, sources: [file], rootAgents };
    }
    findings.push({
      check: EXPORT_CHECK,
      rule: 'source-unreadable',
      severity: 'error',
      message: `exports.instructions names "${configured}", which ${file === null ? 'leaves the repository' : read?.ok === false ? read.message : 'cannot be read'}; generated instructions were exported instead`,
      file: kit.configFile ?? configured,
      fix: 'Point exports.instructions at a Markdown file inside the kit, or remove it to export generated instructions.'
    });
  }
  const lines: string[] = [GENERATED_INSTRUCTIONS_MARKER, '', `# ${ctx.displayName}`, ''];
  if (ctx.description) lines.push(ctx.description, '');
  const section = (title: string, items: { name: string; description?: string }[]): void => {
    if (items.length === 0) return;
    lines.push(`## ${title}`, '');
    for (const item of items) lines.push(item.description ? `- \`${item.name}\`: ${item.description}` : `- \`${item.name}\``);
    lines.push('');
  };
  section('Roles', ctx.roles);
  section('Workflows', ctx.workflows);
  section('Skills', ctx.skills);
  const used = [ctx.manifestFile, ...ctx.roles.map((r) => r.file), ...ctx.workflows.map((w) => w.file), ...ctx.skills.map((s) => s.file)];
  return { text: endWithNewline(lines.join('\n')), sources: sortedUnique(used.filter((f) => kit.manifest !== undefined || f !== ctx.manifestFile)), rootAgents };
}

// ---------------------------------------------------------------------------
// Roles and workflows
// ---------------------------------------------------------------------------

function readSource(kit: Kit, file: string, what: string, findings: ExportFinding[], sources: Set<string>): string | undefined {
  const read = kit.repo.read(file);
  if (!read.ok) {
    findings.push({
      check: EXPORT_CHECK,
      rule: 'source-unreadable',
      severity: 'error',
      message: `${what} ${file} cannot be exported: ${read.message}`,
      file,
      ...(read.reason === 'encoding' ? { line: read.line, column: read.column } : {}),
      fix: read.reason === 'missing' ? `Create ${file}, or remove the entry that declares it from the manifest.` : `Make ${file} a readable file inside the repository.`
    });
    return undefined;
  }
  sources.add(file);
  return normalizeNewlines(read.text);
}

function readDocument(kit: Kit, item: KitItem, findings: ExportFinding[], sources: Set<string>): CanonicalDocument | undefined {
  const text = readSource(kit, item.file, 'source', findings, sources);
  if (text === undefined) return undefined;
  const fm = parseFrontMatter(text, item.file, EXPORT_CHECK);
  append(findings, fm.findings);
  if (fm.present && fm.data === undefined) return undefined; // malformed front matter: reported above, never exported half-read
  const data = fm.data ?? {};
  const lines = keyLines(fm.parsed, data);
  if (!checkName(item, data, lines, findings)) return undefined;
  const body = endWithNewline(fm.body.replace(/^\s*\n/, ''));
  const doc: CanonicalDocument = {
    id: item.id,
    name: toName(item.id),
    file: item.file,
    extraFields: {},
    hostSections: {},
    body,
    lines
  };
  const statedName = scalarText(data.name);
  if (statedName !== undefined && statedName !== doc.name) doc.statedName = statedName;
  const stated = scalarText(data.description);
  if (stated) doc.description = clampDescription(stated);
  else {
    const derived = deriveDescription(body);
    if (derived) {
      doc.description = derived.text;
      doc.descriptionDerivedFrom = derived.from;
    }
  }
  const tools = toolList(data.tools ?? data['allowed-tools']);
  if (tools) doc.tools = tools;
  const model = scalarText(data.model);
  if (model) doc.model = model;
  const hint = scalarText(data['argument-hint']) ?? argumentsHint(data.arguments);
  if (hint) doc.argumentHint = hint;
  for (const [key, value] of Object.entries(data)) {
    if (isHostId(key) && isRecord(value)) doc.hostSections[key] = value;
    else if (!KNOWN_DOCUMENT_KEYS.has(key)) doc.extraFields[key] = value;
  }
  return doc;
}

/**
 * Host file names come from the id (`spec_challenge` -> `spec-challenge`). An id with no
 * usable characters is an error; a front matter `name` that differs is a notice, since the
 * hosts need the name to match the file.
 */
function checkName(item: KitItem, data: Record<string, unknown>, lines: Record<string, number>, findings: ExportFinding[]): boolean {
  const name = toName(item.id);
  if (!name) {
    findings.push({
      check: EXPORT_CHECK,
      rule: 'invalid-name',
      severity: 'error',
      message: `${item.file}: id "${item.id}" has no letters or digits to name the exported files after; it is not exported`,
      file: item.file,
      fix: 'Give it an id made of lowercase letters, digits, `-` or `_`.'
    });
    return false;
  }
  const stated = scalarText(data.name);
  if (stated !== undefined && stated !== name) {
    findings.push({
      check: EXPORT_CHECK,
      rule: 'name-mismatch',
      severity: 'notice',
      message: `${item.file}: front matter name "${stated}" differs from "${name}", the name derived from its id; the exports use "${name}" so that names match file names`,
      file: item.file,
      ...lineOf(lines, 'name'),
      fix: `Set \`name: ${name}\` (lowercase letters, digits and hyphens), or rename ${item.file.endsWith('/SKILL.md') ? 'the skill folder' : 'the file and its manifest entry'} to match.`
    });
  }
  return true;
}

/** Tools as a list: a YAML list, or a comma/space separated string (`Read, Grep`). */
function toolList(value: unknown): string[] | undefined {
  if (typeof value === 'string') {
    const list = value.split(/[,\s]+/).filter(Boolean);
    return list.length ? list : undefined;
  }
  if (Array.isArray(value)) {
    const list = value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
    return list.length ? list : undefined;
  }
  return undefined;
}

/** `arguments: [a, b]` or `[{name: a}, ...]` -> `<a> <b>`. */
function argumentsHint(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (!Array.isArray(value)) return undefined;
  const names = value.map((v) => (typeof v === 'string' ? v : isRecord(v) && typeof v.name === 'string' ? v.name : undefined)).filter(isDefined);
  return names.length ? names.map((n) => `<${n}>`).join(' ') : undefined;
}

// ---------------------------------------------------------------------------
// Description derivation
// ---------------------------------------------------------------------------

interface Block {
  kind: 'heading' | 'paragraph' | 'list' | 'other';
  level?: number;
  text: string;
}

/**
 * A description for a file that states none: the first paragraph (or list) of its
 * `Purpose` section, else the first paragraph after its title. Undefined when the text
 * has neither.
 */
export function deriveDescription(markdown: string): { text: string; from: DerivedFrom } | undefined {
  const blocks = markdownBlocks(markdown);
  const purpose = blocks.findIndex((b) => b.kind === 'heading' && (b.level ?? 1) >= 2 && /^purpose:?$/i.test(b.text));
  if (purpose !== -1) {
    const next = blocks[purpose + 1];
    if (next && (next.kind === 'paragraph' || next.kind === 'list')) {
      const text = clampDescription(next.text);
      if (text) return { text, from: 'purpose-section' };
    }
  }
  const title = blocks.findIndex((b) => b.kind === 'heading');
  for (let i = title + 1; i < blocks.length; i++) {
    const block = blocks[i] as Block;
    if (block.kind !== 'paragraph') continue;
    const text = clampDescription(block.text);
    if (text) return { text, from: 'first-paragraph' };
  }
  return undefined;
}

/** Splits Markdown into top-level blocks; code fences, HTML comments and tables are `other`. */
function markdownBlocks(markdown: string): Block[] {
  const lines = normalizeNewlines(markdown).split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      const marker = (fence[1] as string)[0] as string;
      const length = (fence[1] as string).length;
      i++;
      while (i < lines.length && !closesFence(lines[i] as string, marker, length)) i++;
      i++;
      blocks.push({ kind: 'other', text: '' });
      continue;
    }
    if (/^\s{0,3}<!--/.test(line)) {
      while (i < lines.length && !(lines[i] as string).includes('-->')) i++;
      i++;
      blocks.push({ kind: 'other', text: '' });
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', level: (heading[1] as string).length, text: (heading[2] as string).trim() });
      i++;
      continue;
    }
    const start = i;
    while (i < lines.length && (lines[i] as string).trim() !== '' && !/^\s{0,3}(#{1,6}\s|`{3,}|~{3,})/.test(lines[i] as string)) i++;
    const chunk = lines.slice(start, i);
    const first = chunk[0] as string;
    if (/^\s*\|/.test(first) || /^\s{0,3}(-{3,}|\*{3,}|_{3,})\s*$/.test(first) || /^\s{0,3}</.test(first)) {
      blocks.push({ kind: 'other', text: '' });
    } else if (/^\s*([-*+]|\d+[.)])\s+/.test(first)) {
      const items = chunk.filter((l) => /^\s*([-*+]|\d+[.)])\s+/.test(l)).map((l) => l.replace(/^\s*([-*+]|\d+[.)])\s+/, ''));
      blocks.push({ kind: 'list', text: items.map((t) => t.trim().replace(/[.;]$/, '')).join('; ') });
    } else {
      blocks.push({ kind: 'paragraph', text: chunk.map((l) => l.replace(/^\s*>\s?/, '')).join(' ') });
    }
  }
  return blocks;
}

/** True when a line closes a code fence opened with `length` times `marker`. */
function closesFence(line: string, marker: string, length: number): boolean {
  const trimmed = line.trim();
  if (line.length - line.trimStart().length > 3 || trimmed.length < length) return false;
  for (const ch of trimmed) if (ch !== marker) return false;
  return true;
}

/** One line of plain-ish text: emphasis markers and link targets removed, whitespace collapsed, length capped. */
function clampDescription(text: string): string {
  let out = text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/\s+/g, ' ')
    .trim();
  if (out.length > MAX_DESCRIPTION) out = `${out.slice(0, MAX_DESCRIPTION - 1).trimEnd()}…`;
  return out;
}

// ---------------------------------------------------------------------------
// Skills
// ---------------------------------------------------------------------------

function readSkill(kit: Kit, item: KitItem, findings: ExportFinding[], sources: Set<string>): CanonicalSkill | undefined {
  const text = readSource(kit, item.file, 'skill', findings, sources);
  if (text === undefined) return undefined;
  const fm = parseFrontMatter(text, item.file, EXPORT_CHECK);
  append(findings, fm.findings);
  if (fm.present && fm.data === undefined) return undefined;
  const data = fm.data ?? {};
  if (!checkName(item, data, keyLines(fm.parsed, data), findings)) return undefined;
  const dir = item.file.slice(0, item.file.lastIndexOf('/'));
  const body = endWithNewline(fm.body.replace(/^\s*\n/, ''));
  const skill: CanonicalSkill = {
    id: item.id,
    name: toName(item.id),
    dir,
    file: item.file,
    extraFields: {},
    hostSections: {},
    body,
    lines: keyLines(fm.parsed, data),
    files: []
  };
  const statedName = scalarText(data.name);
  if (statedName !== undefined && statedName !== skill.name) skill.statedName = statedName;
  const stated = scalarText(data.description);
  if (stated) skill.description = clampDescription(stated);
  else {
    const derived = deriveDescription(body);
    if (derived) {
      skill.description = derived.text;
      skill.descriptionDerivedFrom = derived.from;
    }
  }
  for (const [key, value] of Object.entries(data)) {
    if (key === 'name' || key === 'description') continue;
    if (isHostId(key) && isRecord(value)) skill.hostSections[key] = value;
    else skill.extraFields[key] = value;
  }
  for (const rel of walkFiles(kit, dir)) {
    if (rel === 'SKILL.md') continue;
    const source = `${dir}/${rel}`;
    const read = kit.repo.read(source);
    if (!read.ok) {
      findings.push({
        check: EXPORT_CHECK,
        rule: 'source-unreadable',
        severity: 'error',
        message: `skill file ${source} cannot be exported: ${read.message}`,
        file: source,
        fix: `Make ${source} a readable file inside the repository, or remove it from the skill folder.`
      });
      continue;
    }
    if (read.text.includes('\u0000') || read.text.includes('\ufffd')) {
      findings.push({
        check: EXPORT_CHECK,
        rule: 'lossy',
        severity: 'notice',
        message: `all hosts: skill file ${source} is not UTF-8 text and is left out of the exported skill`,
        file: source,
        fix: 'Keep binary assets out of skill folders, or reference them from a path the host can reach.'
      });
      continue;
    }
    sources.add(source);
    skill.files.push({ path: rel, source, content: read.text });
  }
  return skill;
}

/** Files under a folder, relative to it, sorted (symlinks leaving the repository are skipped by RepoView). */
function walkFiles(kit: Kit, dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    const names = kit.repo.dirEntries(rel ? `${dir}/${rel}` : dir);
    if (!names) return;
    for (const [name, isDir] of names) {
      const child = rel ? `${rel}/${name}` : name;
      if (isDir) {
        if (name !== '.git' && name !== 'node_modules') walk(child);
      } else out.push(child);
    }
  };
  walk('');
  return sortedUnique(out);
}

// ---------------------------------------------------------------------------
// Hooks
// ---------------------------------------------------------------------------

function readHook(kit: Kit, item: KitItem, hookDir: string | undefined, commandName: string, wrapperExists: boolean, findings: ExportFinding[], sources: Set<string>): CanonicalHook | undefined {
  const text = readSource(kit, item.file, 'hook definition', findings, sources);
  if (text === undefined) return undefined;
  const parsed = parseYaml(text, { file: item.file }, EXPORT_CHECK);
  append(findings, parsed.findings);
  if (!parsed.ok) return undefined;
  if (!isRecord(parsed.data)) {
    findings.push({
      check: EXPORT_CHECK,
      rule: 'invalid-hook',
      severity: 'error',
      message: `hook definition ${item.file} is not a mapping of keys to values`,
      file: item.file,
      line: 1,
      column: 1,
      fix: 'Write the hook definition as `key: value` lines (id, trigger, description, ...).'
    });
    return undefined;
  }
  const data = parsed.data;
  const id = scalarText(data.id) ?? item.id;
  const lines = keyLines(parsed, data);
  const hook: CanonicalHook = {
    id,
    file: item.file,
    wrapperCommand: `${shellQuote(commandName)} hook ${shellQuote(id)}`,
    wrapperExists,
    hostEvents: {},
    hostFallback: {},
    lines
  };
  const trigger = scalarText(data.trigger);
  if (trigger) hook.trigger = trigger;
  const description = scalarText(data.description);
  if (description) hook.description = description.replace(/\s+/g, ' ');

  // `event` (a canonical event) overrides the trigger's mapping; unknown names are reported per host as lossy
  const explicitEvent = scalarText(data.event);
  const mapped = trigger ? TRIGGER_EVENTS[trigger] : undefined;
  if (explicitEvent) {
    if ((CANONICAL_EVENTS as readonly string[]).includes(explicitEvent)) hook.event = explicitEvent as CanonicalHookEvent;
    else
      findings.push({
        check: EXPORT_CHECK,
        rule: 'unknown-hook-event',
        severity: 'warning',
        message: `hook ${id}: event "${explicitEvent}" is not a canonical hook event; the trigger's event is used instead`,
        file: item.file,
        ...lineOf(lines, 'event'),
        fix: `Use one of: ${CANONICAL_EVENTS.join(', ')}; for a host's own event name use \`events: { <host>: <name> }\`.`
      });
  }
  if (!hook.event && mapped) hook.event = mapped.event;
  const matcher = Array.isArray(data.matcher) ? data.matcher.filter((m): m is string => typeof m === 'string').join('|') : scalarText(data.matcher);
  if (matcher) hook.matcher = matcher;
  else if (mapped?.matcher && (!explicitEvent || hook.event === mapped.event)) hook.matcher = mapped.matcher;

  const command = scalarText(data.command);
  if (command) hook.command = command;
  else if (hookDir) {
    for (const candidate of [`${hookDir}/${id.replace(/_/g, '-')}`, `${hookDir}/${id}`]) {
      if (kit.repo.lookup(candidate).kind === 'file') {
        hook.script = candidate;
        const read = kit.repo.read(candidate);
        if (read.ok) {
          hook.scriptText = read.text;
          const interpreter = shebangProgram(read.text);
          if (interpreter) hook.scriptInterpreter = interpreter;
        }
        break;
      }
    }
  }
  if (typeof data.timeout === 'number' && Number.isFinite(data.timeout) && data.timeout > 0) hook.timeout = data.timeout;
  else if (data.timeout !== undefined)
    findings.push({
      check: EXPORT_CHECK,
      rule: 'invalid-hook',
      severity: 'warning',
      message: `hook ${id}: timeout must be a positive number of seconds; it is not exported`,
      file: item.file,
      ...lineOf(lines, 'timeout'),
      fix: 'Write the timeout in seconds, e.g. `timeout: 30`.'
    });
  if (isRecord(data.failure_behavior)) {
    const mode = scalarText(data.failure_behavior.mode);
    if (mode) hook.failureMode = mode;
    if (typeof data.failure_behavior.exit_code === 'number') hook.failureExitCode = data.failure_behavior.exit_code;
  }
  if (isRecord(data.host_fallback)) {
    for (const [host, value] of Object.entries(data.host_fallback)) if (typeof value === 'string') hook.hostFallback[host] = value;
  }
  if (isRecord(data.events)) {
    for (const [host, value] of Object.entries(data.events)) {
      if (!isHostId(host)) {
        findings.push({
          check: EXPORT_CHECK,
          rule: 'invalid-hook',
          severity: 'warning',
          message: `hook ${id}: events names an unknown host "${host}"`,
          file: item.file,
          ...lineOf(lines, `events.${host}`),
          fix: `Use host ids: ${HOST_IDS.join(', ')}.`
        });
        continue;
      }
      if (value === null || value === false) hook.hostEvents[host] = null;
      else if (typeof value === 'string' && value.trim()) hook.hostEvents[host] = value.trim();
    }
  }
  return hook;
}

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

/** The program a `#!` line runs: `#!/usr/bin/env node` -> `node`, `#!/bin/sh` -> `sh`; undefined without one. */
export function shebangProgram(text: string): string | undefined {
  if (!text.startsWith('#!')) return undefined;
  const words = (text.slice(2).split('\n')[0] as string).trim().split(/\s+/);
  const first = words[0] ? (words[0].split('/').pop() as string) : '';
  const program = first === 'env' ? words.slice(1).find((w) => !w.startsWith('-')) : first;
  return program && /^[A-Za-z0-9._+-]+$/.test(program) ? program : undefined;
}

/** Lines of top-level keys (and one level below, as `a.b`), for findings. */
function keyLines(parsed: ParsedYaml | undefined, data: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  if (!parsed) return out;
  for (const [key, value] of Object.entries(data)) {
    out[key] = parsed.keySpan([key]).start.line;
    if (isRecord(value)) for (const inner of Object.keys(value)) out[`${key}.${inner}`] = parsed.keySpan([key, inner]).start.line;
  }
  return out;
}


function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

function sortById<T extends { id: string; file: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
