import { posix } from 'node:path';
import type { Finding } from '../model/finding.js';
import { rightSideLines } from './patch.js';

/** One changed file of a pull request, as the API (or git) lists it. Paths are repository-relative. */
export interface ChangedFile {
  path: string;
  /** `added`, `modified`, `removed`, `renamed`, …; a removed file has no lines to comment on. */
  status?: string;
  /** The file's unified-diff hunks; absent for binary files and diffs too large to show. */
  patch?: string;
}

/** The changed files of a pull request, indexed for labelling findings. */
export interface DiffIndex {
  /** Repository path → right-side lines (line number → text); an empty map when the file has no patch. */
  readonly files: ReadonlyMap<string, ReadonlyMap<number, string>>;
}

/** Indexes the changed files by path; a removed file is not part of the new side and is left out. */
export function indexDiff(files: readonly ChangedFile[]): DiffIndex {
  const indexed = new Map<string, ReadonlyMap<number, string>>();
  for (const file of files) {
    if (file.status === 'removed') continue;
    indexed.set(file.path, file.patch ? rightSideLines(file.patch) : new Map());
  }
  return { files: indexed };
}

/**
 * A finding with where it stands against the diff (reviewdog's filter: label, never drop).
 * `inDiffFile`: its file is one of the changed files. `inDiffLines`: its (start) line is a
 * right-side line of that file's diff, so a review comment can be put on it.
 */
export interface LabelledFinding {
  finding: Finding;
  /** The finding's file from the repository root. */
  path?: string;
  inDiffFile: boolean;
  inDiffLines: boolean;
  /** The text of the finding's line as the diff shows it (set when `inDiffLines`). */
  lineText?: string;
}

/**
 * Labels every finding against the diff; the result has one entry per finding, in order.
 * `pathPrefix` is the kit's folder in the repository (findings name kit-relative files).
 * Without an index (no pull request) nothing is in the diff.
 */
export function labelFindings(findings: readonly Finding[], index: DiffIndex | undefined, pathPrefix = ''): LabelledFinding[] {
  return findings.map((finding) => {
    if (finding.file === undefined) return { finding, inDiffFile: false, inDiffLines: false };
    const path = pathPrefix ? posix.join(pathPrefix, finding.file) : finding.file;
    const lines = index?.files.get(path);
    const lineText = lines && finding.line !== undefined ? lines.get(finding.line) : undefined;
    const labelled: LabelledFinding = { finding, path, inDiffFile: lines !== undefined, inDiffLines: lineText !== undefined };
    if (lineText !== undefined) labelled.lineText = lineText;
    return labelled;
  });
}
