import { posix } from 'node:path';
import { codeFence } from '../../markdown/fence.js';
import type { Finding } from '../../model/finding.js';
import { planFixes } from '../../fix/plan.js';
import { unifiedPatch } from '../../fix/patch.js';
import { plural } from '../counts.js';

/** A file's text as the reporter reads it at the head; `bom` when the file starts with a byte-order mark (not part of `text`). */
export interface HeadText {
  text: string;
  bom?: boolean;
}

/** The edits of some findings as one unified patch, with what went into it. */
export interface FixPatch {
  /** `git apply`-able unified diff (repository-relative `a/` and `b/` paths); empty when nothing applies. */
  patch: string;
  /** Findings whose edits are in the patch. */
  findings: number;
  /** Repository paths the patch changes, sorted. */
  files: string[];
  /** Findings left out: their edits conflict with an earlier finding's, or their file could not be read. */
  left: number;
}

/**
 * Builds one unified patch from the findings' edits, for the reader to apply with
 * `git apply` from the repository's root. Edit files are kit-relative like the findings'
 * (`pathPrefix` is the kit's folder in the repository). A finding goes in whole or not at
 * all: when one of its edits conflicts with an edit already taken, or its file cannot be
 * read, it is left out and counted. Pure apart from `read`.
 */
export function buildFixPatch(findings: readonly Finding[], read: (path: string) => HeadText | undefined, pathPrefix = ''): FixPatch {
  const inRepository = (file: string): string => (pathPrefix ? posix.join(pathPrefix, file) : file);
  const heads = new Map<string, HeadText | undefined>();
  const headOf = (file: string): HeadText | undefined => {
    const path = inRepository(file);
    if (!heads.has(path)) heads.set(path, read(path));
    return heads.get(path);
  };
  // the fix engine's own planning: a finding's edits go in whole or not at all
  const plan = planFixes(findings, (file) => headOf(file)?.text);
  const fixed = [...plan.texts]
    .map(([file, after]) => {
      const bom = headOf(file)?.bom ? '\uFEFF' : '';
      return { file: inRepository(file), before: bom + (headOf(file)?.text ?? ''), after: bom + after };
    })
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  // jsdiff's default context of four lines, as this patch has always had
  return { patch: unifiedPatch(fixed, { context: 4 }), findings: plan.applied.length, files: fixed.map((f) => f.file), left: plan.skipped.length };
}

function fixes(n: number): string {
  return `${n} ${n === 1 ? 'fix' : 'fixes'}`;
}

/** Longest patch put into the pull request's summary comment (GitHub allows 65,536 characters in all, findings first). */
export const MAX_FIX_PATCH_COMMENT_CHARS = 20_000;

/**
 * The "Fixes to apply" section (`scope`: every fix of the run, for the job summary, or those
 * no inline comment suggests, for the summary comment): how many fixes, the hint to apply them with `git apply`,
 * and the patch in a fence longer than any backtick run in it (file content cannot close
 * it). A patch over `maxChars` is left out whole (a cut patch does not apply), saying so
 * and that `kit-guard check --fix` applies the same edits. Empty for an empty patch. Pure.
 */
export function renderFixPatchSection(fix: FixPatch, options: { maxChars: number; scope: 'all' | 'unsuggested'; elsewhere?: string }): string {
  if (!fix.patch) return '';
  const where = options.scope === 'all' ? '' : ' that no inline suggestion carries (outside the lines this pull request changes, or past the inline comment limit)';
  const what = `${fixes(fix.findings)} kit-guard can make${where}, in ${plural(fix.files.length, 'file')}`;
  const leftOut = fix.left ? ` ${fix.left} more ${fix.left === 1 ? 'fix' : 'fixes'} conflicted with these and ${fix.left === 1 ? 'is' : 'are'} not included.` : '';
  if (fix.patch.length > options.maxChars) {
    return `${what}: the patch is ${fix.patch.length.toLocaleString('en-US')} characters, too long to show here, so it was left out.${leftOut} Run \`kit-guard check --fix\` in the repository to apply them${options.elsewhere ? `; ${options.elsewhere}` : ''}.\n`;
  }
  const fence = codeFence(fix.patch);
  return [`${what}. Save the patch to a file and apply it from the repository's root with \`git apply fixes.patch\` (or run \`kit-guard check --fix\`).${leftOut}`, '', `${fence}diff`, fix.patch.replace(/\n$/, ''), fence, ''].join('\n');
}
