import type { Severity } from '../model/finding.js';

/**
 * Everything the seed hard-coded, as configuration. Defaults are the seed's values, so
 * a repository laid out like the seed's needs no configuration file at all.
 * Read from `.kit-guard.yaml` at the kit root and validated by
 * `schemas/kit-guard.config.schema.json`.
 */
export interface KitConfig {
  /** The manifest file, relative to the kit root. */
  manifest: string;
  /** Findings at or above this severity fail the run. */
  failOn: Severity;
  /** Per-rule overrides: `check/rule` (or `check` for every rule of a check) -> severity or `off`. */
  rules: Record<string, Severity | 'off'>;
  docTruth: DocTruthConfig;
  changelog: ChangelogConfig;
  commits: CommitsConfig;
  branch: BranchConfig;
  schema: SchemaConfig;
  exports: ExportsConfig;
}

export interface DocTruthConfig {
  /** The claims file (a YAML list of claims). Missing file: no claim rules run. */
  claimsFile: string;
  /** Markdown files whose links, fragments and commands are checked (globs). */
  docs: string[];
  /** Globs left out of the docs (the seed skipped plans, research, audit and daemon notes, and now decision records). */
  exclude: string[];
  /**
   * Markdown files whose local links and fragments are checked (globs): every Markdown file
   * of the kit by default, since agents read roles, skills and expertise and their links
   * break the same way. The kit's generated exports are always left out.
   */
  links: string[];
  /** Globs left out of the link check. */
  linksExclude: string[];
  /**
   * A source file of the kit's tool holding its command registry (the seed's
   * `tooling/src/checks/command-registry.js`). Read statically, never run: its string
   * literals that start with the command name are the supported commands, replacing the
   * built-in list when `commands` is not configured. Missing file: `commands` is used.
   */
  commandRegistry: string;
  /** The tool's command name; inline code spans starting with it are documented commands. Default: the manifest's project name. */
  commandName?: string;
  /** Command subjects the tool supports (the seed's registry). */
  commands: string[];
  /** Third tokens kept in a command subject even though they are flags (the seed kept `export --check`). */
  keptFlags: string[];
  /** Severity when a `#fragment` matches a heading only in another letter case. */
  fragmentCaseMismatch: Severity;
}

export interface ChangelogConfig {
  file: string;
  categories: string[];
  /** Branch globs whose pull requests must add an `[Unreleased]` entry. */
  requireEntriesBranches: string[];
  /** Commit types that call for a changelog entry (a warning when none is added). */
  entryCommitTypes: string[];
}

export interface CommitsConfig {
  types: string[];
  /** Allowed scopes; empty means any scope. */
  scopes: string[];
  /** Maximum header length; 0 disables the rule. */
  maxHeaderLength: number;
  /** Commits whose author name or email matches one of these globs are not checked (bots). */
  ignoreAuthors: string[];
  /** Subjects starting with one of these strings are not checked (merge and revert commits). */
  ignoreSubjectPrefixes: string[];
  /** Check the pull request title by the same rules. */
  checkTitle: boolean;
}

export interface BranchConfig {
  /** Allowed branch names (globs). */
  patterns: string[];
  /** Branch names never checked (globs): bots and release tooling. */
  ignore: string[];
}

export interface SchemaMapping {
  /** Globs of YAML, JSON or Markdown (front matter) files. */
  files: string[];
  /** Schema file, relative to the kit root, or `builtin:<name>` for one we ship. */
  schema: string;
}

export interface SchemaConfig {
  mappings: SchemaMapping[];
  /** Hook trigger names accepted beside the seed's. */
  extraHookTriggers: string[];
}

export type ExportLayout = 'package' | 'native';

export interface ExportsConfig {
  /** `package` writes `exports/hosts/<host>/...` (the seed's); `native` writes where each host reads in this repository. */
  layout: ExportLayout;
  /** Hosts to export; default: the manifest's export_targets. */
  hosts?: string[];
  /**
   * The Markdown file exported as every host's project instructions (AGENTS.md and its bridges).
   * Default: instructions generated from the manifest and content, since a kit repository's own
   * AGENTS.md usually addresses the kit's contributors rather than its users.
   */
  instructions?: string;
  /** Also emit legacy command files (Cursor `.cursor/commands`, Copilot `.github/prompts`; never Claude `.claude/commands`, which a skill of the same name shadows); Gemini TOML commands are always emitted, being its only user-invoked form. */
  legacyCommands: boolean;
}

/** Working notes the seed's docs validator skipped (plans, research, audits, daemon logs). */
const NOTE_FOLDERS = ['docs/plans/**', 'docs/research/**', 'docs/audit/**', 'docs/daemon/**', 'docs/**/plans/**', 'docs/**/research/**', 'docs/**/audit/**', 'docs/**/daemon/**'];

/** The seed's command registry. */
export const SEED_COMMANDS = [
  'validate', 'validate manifest', 'validate hooks', 'validate docs', 'validate brand', 'validate runtime',
  'validate artifacts', 'validate branches', 'validate commits', 'validate changelog', 'validate docs-drift',
  'validate skills', 'export', 'export build', 'export --check', 'index', 'index build', 'index refresh',
  'index stats', 'index summarize', 'index search-symbols', 'index get-symbol', 'index get-file-outline',
  'recall', 'recall file', 'recall symbol', 'doctor', 'status', 'stats', 'capture', 'capture init',
  'capture event', 'capture route', 'capture output', 'capture summary', 'capture usage', 'capture loop-check',
  'pipeline', 'pipeline init', 'init', 'config', 'config set', 'report', 'report phase', 'state',
  'state stats', 'state learnings', 'state findings', 'state trend'
];

export const KEEP_A_CHANGELOG_CATEGORIES = ['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'];

export const SEED_COMMIT_TYPES = ['feat', 'fix', 'docs', 'chore', 'refactor', 'test', 'ci', 'perf', 'build'];

export const SEED_BRANCH_PATTERNS = ['main', 'develop', 'feat/*', 'feature/*', 'fix/*', 'chore/*', 'codex/*', 'release/*', 'hotfix/*', 'worktree-*'];

export function defaultConfig(): KitConfig {
  return {
    manifest: 'wazir.manifest.yaml',
    failOn: 'error',
    rules: {},
    docTruth: {
      claimsFile: 'docs/truth-claims.yaml',
      docs: ['README.md', 'docs/**/*.md'],
      exclude: [...NOTE_FOLDERS, 'docs/decisions/**'],
      links: ['**/*.md'],
      linksExclude: [...NOTE_FOLDERS],
      commandRegistry: 'tooling/src/checks/command-registry.js',
      commands: [...SEED_COMMANDS],
      keptFlags: ['export --check'],
      fragmentCaseMismatch: 'error'
    },
    changelog: {
      file: 'CHANGELOG.md',
      categories: [...KEEP_A_CHANGELOG_CATEGORIES],
      requireEntriesBranches: ['feat/*', 'feature/*', 'fix/*', 'codex/*', 'hotfix/*'],
      entryCommitTypes: ['feat', 'fix']
    },
    commits: {
      types: [...SEED_COMMIT_TYPES],
      scopes: [],
      maxHeaderLength: 0,
      ignoreAuthors: ['dependabot[bot]', 'renovate[bot]', 'github-actions[bot]', '*[bot]', '*@users.noreply.github.com[bot]'],
      ignoreSubjectPrefixes: ['Revert "', 'fixup! ', 'squash! ', 'amend! '],
      checkTitle: true
    },
    branch: {
      patterns: [...SEED_BRANCH_PATTERNS],
      ignore: ['dependabot/**', 'renovate/**', 'release-please--**', 'gh-readonly-queue/**']
    },
    schema: { mappings: [], extraHookTriggers: [] },
    exports: { layout: 'package', legacyCommands: true }
  };
}
