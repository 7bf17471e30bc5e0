import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { cleanupRepos, folderWith } from '../helpers/git-repo.js';

// Each case runs the built CLI in a child whose heap is capped at 300 MB: running out of
// memory kills the child (signal), a stack overflow is an internal error (exit 3).
afterAll(cleanupRepos);

const BIN = path.resolve('lib/cli/index.js');
const HEAP_MB = 300;

function runCapped(args: string[]): { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, BIN, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { PATH: process.env.PATH ?? '' } });
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** A Keep a Changelog file with `count` released versions, newest first, and no link references. */
function changelog(count: number): string {
  const parts = ['# Changelog\n\n## [Unreleased]\n'];
  for (let i = count; i > 0; i--) parts.push(`## [${Math.floor(i / 10000)}.${Math.floor(i / 100) % 100}.${i % 100}] - 2024-01-01\n\n### Added\n\n- Thing ${i}.\n`);
  return parts.join('\n');
}

describe('no input size crashes or exhausts memory', () => {
  it('125,000 findings are reported, not a stack overflow', () => {
    const lines = ['# big', ''];
    for (let i = 0; i < 125_000; i++) lines.push('[l](missing.md)');
    const dir = folderWith({ 'docs/big.md': `${lines.join('\n')}\n` });
    const run = runCapped(['check', 'doc-truth', '--root', dir]);
    expect(run.stderr).toBe('');
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 1, signal: null });
    expect(run.stdout.endsWith('\n125000 errors, 0 warnings, 0 notices in 1 file\n')).toBe(true);
  });

  it.each([100_000, 150_000])('a changelog of %i versions is checked within a 300 MB heap', (count) => {
    const dir = folderWith({ 'CHANGELOG.md': changelog(count) });
    const run = runCapped(['check', 'changelog', '--root', dir, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 0, signal: null });
    // 20 versions one by one, then one finding for the rest
    const findings = (JSON.parse(run.stdout) as { findings: Array<{ rule: string; message: string }> }).findings.filter((f) => f.rule === 'link-reference-missing');
    expect(findings).toHaveLength(21);
    expect(findings.map((f) => f.message)).toContain(`${count + 1 - 20} more version headings from here on have no link reference definition, so they are not links`);
  });
});
