import path from 'node:path';
import type { DocTruthConfig } from '../../kit/config.js';
import { isVirtualPath, type Kit } from '../../kit/load.js';
import { isRecord } from '../../model/guards.js';
import { at, type Severity, type Span } from '../../model/finding.js';
import type { Edit } from '../../model/edit.js';
import type { PathLookup, RepoView } from '../../repo/view.js';
import type { FindingOf, RuleOf } from '../../rules/index.js';

export const CHECK = 'doc-truth';

/**
 * What the parts of one doc-truth run share: the repository, the configuration, the
 * command name, path caches and the findings. Each part (links, claims, commands) keeps
 * its own state; nothing here changes per link.
 */
export class DocTruthRun {
  readonly repo: RepoView;
  readonly config: DocTruthConfig;
  readonly findings: FindingOf<'doc-truth'>[] = [];
  readonly commandName: string | undefined;
  private readonly lookups = new Map<string, PathLookup>();
  private basenames: Map<string, string[]> | undefined;

  /** Globs of the kit's generated exports: the compiler's to keep right, so left out of the link check. */
  readonly generatedGlobs: () => string[];

  constructor(kit: Kit) {
    this.repo = kit.repo;
    this.config = kit.config.docTruth;
    this.commandName = this.config.commandName ?? manifestProjectName(kit);
    this.generatedGlobs = () => {
      const exportsDir = kit.paths.exports;
      const globs = exportsDir && !isVirtualPath(exportsDir) ? [`${exportsDir.replace(/\/+$/, '')}/**`] : [];
      // the native layout writes where each host reads
      if (kit.config.exports.layout === 'native') globs.push('.claude/**', '.codex/**', '.gemini/**', '.cursor/**', '.github/prompts/**', '.github/agents/**');
      return globs;
    };
  }

  lookup(rel: string): PathLookup {
    let found = this.lookups.get(rel);
    if (!found) {
      found = this.repo.lookup(rel);
      this.lookups.set(rel, found);
    }
    return found;
  }

  /** Lowercased file name -> repository files with that name (for "the file moved" suggestions). */
  basenameIndex(): Map<string, string[]> {
    if (!this.basenames) {
      this.basenames = new Map();
      for (const file of this.repo.files()) {
        const key = path.posix.basename(file).toLowerCase();
        const list = this.basenames.get(key);
        if (list) list.push(file);
        else this.basenames.set(key, [file]);
      }
    }
    return this.basenames;
  }

  /** The one path that matches `normal` ignoring letter case (every segment has exactly one such name), else undefined. */
  uniqueCaseMatch(normal: string): string | undefined {
    let dir = '';
    for (const segment of normal.split('/')) {
      const names = this.repo.dirEntries(dir);
      if (!names) return undefined;
      const lower = segment.toLowerCase();
      const matches = [...names.keys()].filter((n) => n.toLowerCase() === lower);
      if (matches.length !== 1) return undefined;
      dir = dir ? `${dir}/${matches[0] as string}` : (matches[0] as string);
    }
    return dir;
  }

  push(span: Span, file: string, rule: RuleOf<'doc-truth'>, severity: Severity, message: string, fix: string, edits?: Edit[]): void {
    const finding = at<FindingOf<'doc-truth'>>({ check: CHECK, rule, severity, message, file, fix }, span);
    if (edits?.length) finding.edits = edits;
    this.findings.push(finding);
  }
}

function manifestProjectName(kit: Kit): string | undefined {
  const project = kit.manifest?.data.project;
  const name = isRecord(project) ? project.name : undefined;
  return typeof name === 'string' && name.trim() !== '' && !/\s/.test(name.trim()) ? name.trim() : undefined;
}

/** `base`, or `base-2`, `base-3`, ... when taken. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

export function collapseSpaces(value: string): string {
  return value.trim().split(/\s+/).join(' ');
}
