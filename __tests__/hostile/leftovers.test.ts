import { afterAll, describe, expect, it } from '@jest/globals';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { buildExports } from '../../src/export/index.js';
import { loadKit } from '../../src/kit/load.js';
import { failingWriter } from '../export/writer-helpers.js';
import { cli } from '../helpers/cli.js';
import { cleanupRepos, fixturePath, tempDir } from '../helpers/git-repo.js';

afterAll(cleanupRepos);

const SCRATCH = 'exports/hosts/.claude.kit-guard-old-99999-1';

/** The seed-like kit, built, with the scratch folder a killed build leaves behind. */
async function kitWithLeftover(): Promise<string> {
  const dir = tempDir();
  cpSync(fixturePath('kits', 'seed'), dir, { recursive: true });
  expect((await cli(['export', 'build', '--root', dir])).code).toBe(ExitCode.Clean);
  mkdirSync(path.join(dir, SCRATCH, '.claude/agents'), { recursive: true });
  writeFileSync(path.join(dir, SCRATCH, '.claude/agents/old.md'), 'old\n');
  return dir;
}

describe('scratch folders left by a killed or failed build', () => {
  it('export check names them; the next build removes them even when nothing else changes', async () => {
    const dir = await kitWithLeftover();
    const check = await cli(['export', 'check', '--root', dir, '--format', 'json']);
    expect(JSON.parse(check.stdout).findings).toContainEqual(expect.objectContaining({ rule: 'export-scratch-left', file: SCRATCH, message: `${SCRATCH} was left by an interrupted claude build` }));
    const build = await cli(['export', 'build', '--root', dir]);
    expect(build.code).toBe(ExitCode.Clean);
    expect(existsSync(path.join(dir, SCRATCH))).toBe(false);
  });

  it('when one cannot be removed (EACCES), the build goes on and says exactly what to remove', async () => {
    const dir = await kitWithLeftover();
    const failing = failingWriter('remove', 1, ([p]) => (p ?? '').includes('.claude.kit-guard-old-'));
    const result = await buildExports(loadKit(dir), { write: failing.writer });
    expect(failing.failed()).toBe(true);
    expect(result.ok).toBe(true);
    const finding = result.findings.find((f) => f.rule === 'export-scratch-left' && f.severity === 'warning');
    expect(finding?.fix).toContain(`rm -rf '${path.join(dir, SCRATCH)}'`);
  });
});
