import type { CanonicalHookEvent, CanonicalKit, CompileOptions, HostCompilation, HostId } from '../types.js';

/** How a generated file is read before its schema is applied. */
export type FileFormat =
  /** Markdown whose YAML front matter (required, on line 1) is validated. */
  | 'front-matter'
  /** Markdown whose front matter is optional; validated when present. */
  | 'optional-front-matter'
  /** Markdown the host reads as plain text: front matter would be shown as text. */
  | 'plain-markdown'
  | 'json'
  | 'toml';

/** What a host reads at one path, for validating the files generated for it. */
export interface FileRule {
  /** Glob over the path relative to the host root. */
  glob: string;
  format: FileFormat;
  /** Schema under `schemas/hosts/`, without `.schema.json`. */
  schema?: string;
  /** Hook files: the object whose keys are event names (`hooks`). */
  events?: boolean;
  /** Skill files: `name` must equal the folder name. */
  skill?: boolean;
  /** What the file is, for messages. */
  what: string;
}

/**
 * Everything kit-guard knows about one host, in one module (`src/export/hosts/<id>.ts`),
 * listed once in the registry (`HOSTS` in `src/export/hosts/index.ts`), from which every
 * per-host table (`HOST_IDS`, `HOST_LABELS`, `HOST_EVENTS`, ...) is derived. Adding a host is
 * that module plus its line in `HOSTS` (and its `schemas/hosts/<id>-*.schema.json`).
 */
export interface HostDefinition<Id extends string = HostId> {
  /** The host id, as written in `export_targets`, `--host` and per-host front matter sections. */
  readonly id: Id;
  /** The host's name for messages (`Claude Code`). */
  readonly label: string;
  /**
   * Every hook event the host documents (host-formats.md, part 2). Used to validate
   * per-host overrides (`events: {cursor: beforeShellExecution}`) and, through the shipped
   * schemas, the generated hook files.
   */
  readonly events: readonly string[];
  /** Canonical event -> the host's event. A missing entry means the host has no equivalent and the hook is dropped with a lossy notice. */
  readonly eventMap: Readonly<Partial<Record<CanonicalHookEvent, string>>>;
  /** How the host spells "the project folder" in a hook command (`"$CLAUDE_PROJECT_DIR"`, or `.` where hooks start in the root). */
  readonly projectDir: string;
  /** Rewrites Claude's project-dir variable in a hook's own command for this host (string replacement, never a pattern from user text). */
  rewriteProjectDir(command: string): string;
  /** What the host reads, by path: a generated file matching a rule must satisfy it; other files only get the generic checks. */
  readonly fileRules: readonly FileRule[];
  /**
   * The host's own slash commands (for Codex, its bundled `$skills`): the compiler warns when
   * an exported workflow or skill takes one of these names. Sources: the clients themselves at
   * the versions in conformance/clients.json; `npm run test:hosts` compares each client's live
   * list (conformance/builtins.mjs) with this one and fails on a name missing here.
   */
  readonly builtinCommands: readonly string[];
  /** What happens to an exported name that a built-in also uses, for the warning (`<name>` is replaced). */
  readonly builtinClashEffect: string;
  /** Canonical model in, files out. Pure. */
  compile(model: CanonicalKit, options: CompileOptions): HostCompilation;
}
