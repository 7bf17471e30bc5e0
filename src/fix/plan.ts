import { applyEdits, EditConflictError, type Edit } from '../model/edit.js';
import type { Finding } from '../model/finding.js';

/** One file's new text, with the findings whose edits it applies. */
export interface FixedFile {
  /** Repository-relative path with `/` separators. */
  file: string;
  /** The text the edits were computed against (as read at the start). */
  before: string;
  /** The text after every accepted edit. */
  after: string;
}

/** A finding whose edits were not applied, and why. */
export interface SkippedFix {
  finding: Finding;
  reason: string;
}

/** What planning one round of fixes gave. */
export interface FixPlan {
  /** New texts of the files that change, by path. */
  texts: Map<string, string>;
  /** Findings whose edits were all applied. */
  applied: Finding[];
  skipped: SkippedFix[];
}

/**
 * Applies the edits of findings to the current texts of their files, one finding at a
 * time: a finding's edits are taken whole (across every file they touch) or not at all, so
 * a file is never half-fixed. An edit that overlaps one already taken, points outside its
 * text, or names a file `textOf` cannot give (unreadable, not UTF-8, outside the
 * repository) skips its finding, with the reason. Pure: texts in, texts out.
 */
export function planFixes(findings: readonly Finding[], textOf: (file: string) => string | undefined): FixPlan {
  const accepted = new Map<string, Edit[]>();
  const texts = new Map<string, string>();
  const applied: Finding[] = [];
  const skipped: SkippedFix[] = [];
  for (const finding of findings) {
    const edits = finding.edits;
    if (!edits?.length) continue;
    const byFile = new Map<string, Edit[]>();
    for (const edit of edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
    const next = new Map<string, string>();
    let reason: string | undefined;
    for (const [file, fileEdits] of byFile) {
      const text = textOf(file);
      if (text === undefined) {
        reason = `${file} cannot be edited (unreadable, not UTF-8, a symbolic link, or outside the repository)`;
        break;
      }
      try {
        next.set(file, applyEdits(text, [...(accepted.get(file) ?? []), ...fileEdits]));
      } catch (error) {
        if (!(error instanceof EditConflictError)) throw error;
        reason = `its edits conflict with another fix of ${file}: ${error.message}`;
        break;
      }
    }
    if (reason !== undefined) {
      skipped.push({ finding, reason });
      continue;
    }
    for (const [file, fileEdits] of byFile) accepted.set(file, [...(accepted.get(file) ?? []), ...fileEdits]);
    for (const [file, text] of next) texts.set(file, text);
    applied.push(finding);
  }
  return { texts, applied, skipped };
}
