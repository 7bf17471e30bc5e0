import { createTwoFilesPatch } from 'diff';
import type { FixedFile } from './plan.js';

/**
 * A unified diff of fixed files, with repository-relative `a/` and `b/` paths (as
 * `git apply` and `patch -p1` read them), with `context` lines around each change (3, as
 * git writes them). Files whose text did not change are left out.
 */
export function unifiedPatch(files: readonly FixedFile[], options: { context?: number } = {}): string {
  return files
    .filter((f) => f.before !== f.after)
    .map((f) => createTwoFilesPatch(`a/${f.file}`, `b/${f.file}`, f.before, f.after, undefined, undefined, { context: options.context ?? 3 }).replace(/^=+\n/, ''))
    .join('');
}
