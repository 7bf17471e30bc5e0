import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { computeFixes, fixRepository } from '../../src/fix/index.js';
import type { Finding } from '../../src/model/finding.js';
import { checkRepository } from '../../src/pipeline/check-repository.js';
import { autofixRuleIds } from '../../src/rules/index.js';
import { cleanupFolders, makeFolder } from '../helpers/folder.js';
import { FIX_CASES } from './cases.js';

afterAll(cleanupFolders);

/** How many findings each `check/rule` in a file has. */
function tally(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) {
    const key = `${f.check}/${f.rule} ${f.file ?? ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe('fix: every auto-fixable rule', () => {
  it('has a failing case, and every case is of an auto-fixable rule', () => {
    expect([...new Set(FIX_CASES.map((c) => c.rule))].sort()).toEqual([...autofixRuleIds()].sort());
  });

  it.each(FIX_CASES.map((c) => [c.rule, c] as const))('%s: --fix leaves the check clean, adds no finding, and twice equals once', async (rule, fixCase) => {
    const check = rule.split('/')[0] as string;
    const folder = makeFolder({ files: fixCase.files });
    const options = { root: folder.dir, checks: [check], parallel: false as const, ...(fixCase.change ? { change: fixCase.change } : {}) };
    const dry = await computeFixes(options);
    // nothing is written by the pure variant
    for (const [file, text] of Object.entries(fixCase.files)) if (text !== null) expect(readFileSync(path.join(folder.dir, file), 'utf8')).toBe(text);
    const first = await fixRepository(options);
    expect(first.applied.some((f) => `${f.check}/${f.rule}` === rule)).toBe(true);
    expect(first.refused).toEqual([]);
    expect(first.files).toEqual(dry.files);
    expect(readFileSync(path.join(folder.dir, fixCase.expect.file), 'utf8')).toContain(fixCase.expect.contains);
    const remaining = first.remaining.findings;
    expect(remaining.filter((f) => `${f.check}/${f.rule}` === rule)).toEqual([]);
    // no new finding: the run on the fixed files has, per rule and file, no more findings than the first run
    const originalRun = await checkRepository({ ...options, root: makeFolder({ files: fixCase.files }).dir });
    const had = tally(originalRun.findings);
    // a rule whose findings carry edits is marked auto-fixable in the registry
    const autofix = new Set<string>(autofixRuleIds());
    expect(originalRun.findings.filter((f) => f.edits?.length && !autofix.has(`${f.check}/${f.rule}`))).toEqual([]);
    for (const [key, count] of tally(remaining)) expect([key, count]).toEqual([key, Math.min(count, had.get(key) ?? 0)]);
    // twice equals once: the second run changes nothing
    const second = await fixRepository(options);
    expect(second.files).toEqual([]);
    expect(second.written).toEqual([]);
  });
});
