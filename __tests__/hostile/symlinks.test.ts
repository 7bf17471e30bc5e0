import { afterAll, describe, expect, it } from '@jest/globals';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { loadKit } from '../../src/kit/load.js';
import { runChecks } from '../../src/pipeline/run.js';
import { cleanupRepos, folderWith } from '../helpers/git-repo.js';

afterAll(cleanupRepos);

describe('symbolic links', () => {
  it('a folder link loop (docs/loop -> .) is listed once, not followed 40 levels deep', async () => {
    const dir = folderWith({ 'docs/a.md': '# a\n', 'docs/b.md': '[a](loop/a.md) and [gone](missing.md)\n' });
    symlinkSync('.', path.join(dir, 'docs/loop'));
    const kit = loadKit(dir);
    expect(kit.repo.files().filter((f) => f.startsWith('docs/'))).toEqual(['docs/a.md', 'docs/b.md']);
    const { findings } = await runChecks(kit, { checks: ['doc-truth'] });
    expect(findings.map((f) => [f.file, f.rule])).toEqual([['docs/b.md', 'link-target-missing']]);
  });

  it('a link through a symbolic link leaving the repository is reported as pointing outside', async () => {
    const outside = folderWith({ 'secret.md': 'x\n' });
    const dir = folderWith({ 'docs/b.md': '[s](out/secret.md)\n' });
    symlinkSync(outside, path.join(dir, 'docs/out'));
    const { findings } = await runChecks(loadKit(dir), { checks: ['doc-truth'] });
    expect(findings).toEqual([expect.objectContaining({ file: 'docs/b.md', rule: 'link-outside-repo', message: `the link points at "out/secret.md", which goes through the symbolic link docs/out -> ${outside} to outside the repository; it was not followed and will not resolve on GitHub` })]);
  });
});
