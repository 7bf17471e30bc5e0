import type { FindingOf } from '../rules/index.js';
import type { HOSTS } from './hosts/index.js';

/** A finding of the export check: its rule must be one `src/rules/export.ts` (or shared.ts) declares. */
export type ExportFinding = FindingOf<'export'>;

/** The hosts we compile for: the ids of the host registry (`HOSTS` in hosts/index.ts, one module per host). */
export type HostId = (typeof HOSTS)[number]['id'];

/** What a generated file is, for reports and for the writer's record. */
export type ExportKind = 'instructions' | 'role' | 'workflow' | 'hook' | 'skill' | 'settings' | 'bridge';

/** One generated file. */
export interface ExportFile {
  /** Relative to the host's output root, `/` separators, never leaving it. */
  path: string;
  /** Full text: `\n` line endings and a trailing newline. */
  content: string;
  kind: ExportKind;
  /** Kit-relative source files it came from, sorted. */
  sources: string[];
}

export interface CompileOptions {
  /** `package`: files go under `exports/hosts/<host>/`; `native`: where the host reads them in this repository. Paths returned are the same; the writer places the root. */
  layout: 'package' | 'native';
  /** Also emit legacy command files (`.cursor/commands`, `.github/prompts`; never `.claude/commands`, which a skill of the same name always shadows); Gemini TOML commands are always emitted. */
  legacyCommands: boolean;
  /** Every host the kit exports to. In the native layout they share one tree that several clients read, so each compiler plans around the others. Default: this host only. */
  targets?: readonly HostId[];
}

/** What one host's compilation produced. */
export interface HostCompilation {
  host: HostId;
  /** Sorted by path; paths are unique. */
  files: ExportFile[];
  /** Every kit source read for this host, sorted. */
  sources: string[];
  /** Derived fields, lossiness, missing required fields, source problems and validation of the output. */
  findings: ExportFinding[];
  /** Sources that failed to read or parse (see CanonicalKit.failedSources). */
  failedSources?: string[];
  /** Repository-relative folder the files belong under (`exports/hosts/<host>`, or '' for the native layout); set by compileHost/compileKit. */
  root?: string;
}

/** One host's compiler: canonical model in, files out. Pure. */
export interface HostCompiler {
  host: HostId;
  compile(model: CanonicalKit, options: CompileOptions): HostCompilation;
}

// ---------------------------------------------------------------------------
// Canonical model (built by canonical.ts from a Kit)
// ---------------------------------------------------------------------------

/** How a required field was obtained when the source did not state it. */
export type DerivedFrom = 'purpose-section' | 'first-paragraph';

/** The kit's project instructions. */
export interface CanonicalInstructions {
  /** Markdown text (ends with a newline). */
  text: string;
  /** The AGENTS.md read, or undefined when the text was generated from the manifest. */
  file?: string;
  /** Sources the text came from (the configured file, or the manifest plus content files listed). */
  sources: string[];
  /** The kit has its own root AGENTS.md (not one kit-guard generated). */
  rootAgents: boolean;
}

/** A role (subagent) or workflow (user-invoked command) as the hosts need it. */
export interface CanonicalDocument {
  /** The id from the manifest. */
  id: string;
  /** Lowercase-hyphenated name derived from the id (`spec_challenge` -> `spec-challenge`). */
  name: string;
  /** The front matter `name` when it differs from `name` (`wz:tdd`): references to it are rewritten. */
  statedName?: string;
  /** Kit-relative source file. */
  file: string;
  /** The description: from front matter, or derived from the text; undefined when nothing could be derived. */
  description?: string;
  /** Set when `description` was derived rather than stated. */
  descriptionDerivedFrom?: DerivedFrom;
  /** Tool names as written (Claude's vocabulary), when the front matter lists them. */
  tools?: string[];
  model?: string;
  /** `argument-hint` (or a hint built from `arguments`). */
  argumentHint?: string;
  /** Front matter fields we do not translate (kept for Claude, whose vocabulary is the canonical one; reported as lossy elsewhere). */
  extraFields: Record<string, unknown>;
  /** Per-host sections (`claude:`, `codex:`, ...): native fields merged over the generated ones for that host only. */
  hostSections: Partial<Record<HostId, Record<string, unknown>>>;
  /** Markdown after the front matter, trimmed, with a trailing newline ('' when empty). */
  body: string;
  /** 1-based lines of front matter keys in the source, for findings. */
  lines: Record<string, number>;
}

export type CanonicalRole = CanonicalDocument;
export type CanonicalWorkflow = CanonicalDocument;

/** Canonical hook events (Claude Code's names, which are also Codex's). */
export type CanonicalHookEvent =
  | 'SessionStart'
  | 'SessionEnd'
  | 'UserPromptSubmit'
  | 'PreToolUse'
  | 'PostToolUse'
  | 'PostToolUseFailure'
  | 'PermissionRequest'
  | 'Notification'
  | 'Stop'
  | 'SubagentStart'
  | 'SubagentStop'
  | 'PreCompact'
  | 'PostCompact';

/** A hook definition, resolved to one canonical event and a command. */
export interface CanonicalHook {
  id: string;
  /** Kit-relative definition file. */
  file: string;
  trigger?: string;
  description?: string;
  /** The canonical event, or undefined when the trigger maps to none (reported as lossy by every host). */
  event?: CanonicalHookEvent;
  /** Matcher in Claude's vocabulary (`Write|Edit` for tool events), from `matcher` or the trigger's default. */
  matcher?: string;
  /** The definition's own `command`, as written (Claude's `$CLAUDE_PROJECT_DIR` convention); translated per host. */
  command?: string;
  /** A hook script found beside the definitions (`<hooks>/<id with hyphens>`), repository-relative: the seed's convention. */
  script?: string;
  /** The kit's wrapper command for this hook: `<command name> hook <id>`, shell-quoted. */
  wrapperCommand: string;
  /** True when the kit's command registry (`docTruth.commands`) lists a `hook` command, so the wrapper exists. */
  wrapperExists: boolean;
  /** The script's text, when `script` is set: a package ships a copy of it. */
  scriptText?: string;
  /** The program the script's `#!` line names (`sh`, `bash`, `node`, ...): a shipped copy has no executable bit, so it is run through it. */
  scriptInterpreter?: string;
  /** Timeout in seconds. */
  timeout?: number;
  /** `failure_behavior.mode`: block | warn | capture. */
  failureMode?: string;
  /** `failure_behavior.exit_code`. */
  failureExitCode?: number;
  /** Per-host native event overrides from the definition's `events` (a native name; `null` means "not for this host"). */
  hostEvents: Partial<Record<HostId, string | null>>;
  /** `host_fallback` per host as written. */
  hostFallback: Partial<Record<string, string>>;
  /** 1-based lines of keys in the definition, for findings (`trigger`, `timeout`, `events.<host>`, ...). */
  lines: Record<string, number>;
}

/** A skill folder: SKILL.md plus its supporting files. */
export interface CanonicalSkill {
  id: string;
  name: string;
  /** The front matter `name` when it differs from `name` (`wz:tdd`): references to it are rewritten. */
  statedName?: string;
  /** Kit-relative folder. */
  dir: string;
  /** Kit-relative SKILL.md. */
  file: string;
  description?: string;
  descriptionDerivedFrom?: DerivedFrom;
  /** Front matter fields other than name, description and per-host sections, passed through to every host. */
  extraFields: Record<string, unknown>;
  hostSections: Partial<Record<HostId, Record<string, unknown>>>;
  body: string;
  lines: Record<string, number>;
  /** Supporting files: path relative to the skill folder -> text. Sorted by path. */
  files: { path: string; source: string; content: string }[];
}

/** The kit as the host compilers see it. */
export interface CanonicalKit {
  /** Lowercase-hyphenated project name (`wazir`); used for file names such as `<kit>-core.mdc`. */
  name: string;
  /** Display name for headings. */
  displayName: string;
  description?: string;
  /** The command that runs the kit's hook wrapper (`<command> hook <id>`). */
  commandName: string;
  /** The manifest file, for findings about the kit as a whole. */
  manifestFile: string;
  instructions: CanonicalInstructions;
  roles: CanonicalRole[];
  workflows: CanonicalWorkflow[];
  hooks: CanonicalHook[];
  skills: CanonicalSkill[];
  /** Every source read, sorted. */
  sources: string[];
  /** Problems reading sources (unreadable files, bad front matter, bad YAML): reported once per host. */
  findings: ExportFinding[];
  /**
   * Sources with an error that kept them out of the model. Their generated files must not
   * be removed or rewritten as if the source were gone: a build keeps the previous export.
   */
  failedSources: string[];
  /** Repository-relative paths that relative links in roles, workflows and skills point at and that exist, so an export can re-point them. */
  linkTargets: string[];
}
