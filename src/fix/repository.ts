import type { Finding } from '../model/finding.js';
import { checkRepository, type CheckRepositoryOptions, type RepositoryCheckResult } from '../pipeline/check-repository.js';
import { isAutofix } from '../rules/index.js';
import { planFixes, type FixedFile, type SkippedFix } from './plan.js';
import { readEditableText, writablePath, writeFixedFiles, type RefusedWrite } from './write.js';

export interface FixOptions extends CheckRepositoryOptions {
  /** Rounds of check-then-fix (a fix may reveal another fixable finding); default 3. */
  passes?: number;
}

export interface FixResult {
  /** Files whose text the fixes change: the text read at the start and the new text. */
  files: FixedFile[];
  /** Findings whose edits were applied, over every round. */
  applied: Finding[];
  /** Findings with edits that were not applied, and why (from the last round). */
  skipped: SkippedFix[];
  /** The check run on the fixed texts: what remains. */
  remaining: RepositoryCheckResult;
}

export interface WrittenFixResult extends FixResult {
  written: string[];
  refused: RefusedWrite[];
}

/**
 * Works out every fix without writing anything (for editors and bots): runs the checks,
 * applies the findings' edits to the files' texts, and runs the checks again on the new
 * texts (read in place of the files on disk), for up to `passes` rounds or until no
 * finding has an edit left to apply. Only files that are inside the repository, regular,
 * UTF-8 without a BOM and read the same by the checks are edited.
 */
export async function computeFixes(options: FixOptions): Promise<FixResult> {
  const passes = Math.max(1, options.passes ?? 3);
  const before = new Map<string, string | null>();
  const overlay = new Map<string, string>();
  const applied: Finding[] = [];
  let skipped: SkippedFix[] = [];
  let result = await checkRepository(options);
  for (let pass = 0; pass < passes; pass++) {
    const kit = result.kit;
    const textOf = (file: string): string | undefined => {
      const current = overlay.get(file);
      if (current !== undefined) return current;
      let original = before.get(file);
      if (original === undefined) {
        const target = kit.repo.normalize(file) === file ? writablePath(kit.root, file) : undefined;
        const text = target && 'abs' in target ? readEditableText(target.abs) : undefined;
        // the checks must have seen the same text the edits were computed on
        const seen = kit.repo.read(file);
        original = text !== undefined && seen.ok && seen.text === text ? text : null;
        before.set(file, original);
      }
      return original ?? undefined;
    };
    const plan = planFixes(result.findings.filter(isAutofix), textOf);
    skipped = plan.skipped;
    if (plan.applied.length === 0) break;
    let changed = false;
    for (const [file, text] of plan.texts) {
      if (text !== textOf(file)) changed = true;
      overlay.set(file, text);
    }
    applied.push(...plan.applied);
    if (!changed) break;
    result = await checkRepository({ ...options, overlay: new Map(overlay), parallel: false });
  }
  const files: FixedFile[] = [];
  for (const [file, after] of [...overlay].sort(([a], [b]) => a.localeCompare(b))) {
    const original = before.get(file);
    if (typeof original === 'string' && original !== after) files.push({ file, before: original, after });
  }
  return { files, applied, skipped, remaining: result };
}

/**
 * Works out every fix (see computeFixes) and writes the changed files atomically, never
 * outside the repository and never over a file that changed since it was read. When a
 * write is refused or a fix was skipped, the checks run again on the files as they are on
 * disk, so `remaining` is the truth.
 */
export async function fixRepository(options: FixOptions): Promise<WrittenFixResult> {
  const fixes = await computeFixes(options);
  const outcome = writeFixedFiles(options.root, fixes.files);
  let remaining = fixes.remaining;
  // a refused write, or a skipped fix of a file that shares its bytes with a written one (a symbolic link), makes the overlay differ from the disk
  if (outcome.refused.length || (outcome.written.length && fixes.skipped.length)) remaining = await checkRepository(options);
  return { ...fixes, remaining, written: outcome.written, refused: outcome.refused };
}
