import { afterAll, describe, expect, it } from '@jest/globals';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { snapshot } from '../export/writer-helpers.js';
import { cli } from '../helpers/cli.js';
import { cleanupRepos, fixturePath, tempDir } from '../helpers/git-repo.js';

afterAll(cleanupRepos);

/** A copy of the seed-like kit with its exports built; returns the folder. */
async function builtKit(): Promise<string> {
  const dir = tempDir();
  cpSync(fixturePath('kits', 'seed'), dir, { recursive: true });
  const build = await cli(['export', 'build', '--root', dir]);
  expect(build.code).toBe(ExitCode.Clean);
  return dir;
}

describe('export commands on a broken kit fail and keep the previous files', () => {
  it.each([
    ['missing', null, 'manifest-unreadable'],
    ['malformed', 'project: [unclosed\n', 'manifest-invalid'],
    ['not a mapping', '- just\n- a list\n', 'manifest-invalid']
  ])('a manifest that is %s', async (_kind, text, rule) => {
    const dir = await builtKit();
    const before = snapshot(path.join(dir, 'exports'));
    const manifest = path.join(dir, 'wazir.manifest.yaml');
    if (text === null) rmSync(manifest);
    else writeFileSync(manifest, text);
    for (const sub of ['check', 'build']) {
      const run = await cli(['export', sub, '--root', dir]);
      expect([sub, run.code]).toEqual([sub, ExitCode.Findings]);
      expect(run.stdout).toContain(`export/${rule}`);
      expect(run.stdout).not.toContain('Exports are up to date.');
    }
    expect(snapshot(path.join(dir, 'exports'))).toEqual(before);
  });

  it('a role whose front matter does not parse keeps its generated files in every host, and check fails', async () => {
    const dir = await builtKit();
    const before = snapshot(path.join(dir, 'exports'));
    expect([...before.keys()].filter((f) => /reviewer/.test(f)).length).toBeGreaterThanOrEqual(4);
    writeFileSync(path.join(dir, 'roles/reviewer.md'), '---\nname: [oops\n---\n# reviewer\n');
    const build = await cli(['export', 'build', '--root', dir]);
    expect(build.code).toBe(ExitCode.Findings);
    expect(build.stdout).toContain('roles/reviewer.md could not be read or parsed (see the error there), so the claude export was not rebuilt');
    expect(snapshot(path.join(dir, 'exports'))).toEqual(before);
    const check = await cli(['export', 'check', '--root', dir]);
    expect(check.code).toBe(ExitCode.Findings);
    expect(check.stdout).not.toContain('Exports are up to date.');
  });
});
