import path from 'node:path';
import { SEVERITIES, type Finding, type Severity } from '../model/finding.js';

/** Counts findings by severity. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** Number of distinct files the findings are in (findings without a file are not counted). */
export function countFiles(findings: readonly Finding[]): number {
  return new Set(findings.flatMap((f) => (f.file === undefined ? [] : [f.file]))).size;
}

/**
 * `2 errors, 1 warning, 0 notices in 3 files`: the closing line of every report. Findings
 * about no file (the repository, the run) are counted but name no file, so a report with
 * only those has no `in … files`.
 */
export function countLine(findings: readonly Finding[]): string {
  const counts = countBySeverity(findings);
  const parts = SEVERITIES.map((s) => plural(counts[s], s));
  const files = countFiles(findings);
  return files === 0 ? parts.join(', ') : `${parts.join(', ')} in ${plural(files, 'file')}`;
}

/** `1 error`, `2 errors`, `0 notices`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Joins a kit-relative file to the kit's folder (relative to the repository or the
 * current directory), so reports point at files from where the user stands.
 */
export function withPrefix(prefix: string | undefined, file: string): string {
  const normal = path.posix.normalize((prefix ?? '').replace(/\\/g, '/') || '.').replace(/\/+$/, '');
  const clean = normal === '.' ? '' : normal;
  if (clean === '') return file;
  return file === '' ? clean : `${clean}/${file}`;
}
