import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RepoView } from '../../src/repo/view.js';
import { cleanupRepos, makeRepo } from '../helpers/git-repo.js';

afterAll(cleanupRepos);

describe('RepoView', () => {
  const repo = makeRepo({ files: { 'docs/Guide.md': '# Guide\n', 'docs/sub/a.md': 'a', 'README.md': '\uFEFFhello' } });
  const view = new RepoView(repo.dir);

  it('normalizes relative, root-relative and escaping paths', () => {
    expect(view.normalize('guide.md', 'docs/index.md')).toBe('docs/guide.md');
    expect(view.normalize('../README.md', 'docs/index.md')).toBe('README.md');
    expect(view.normalize('/README.md', 'docs/deep/x.md')).toBe('README.md');
    expect(view.normalize('./sub/', 'docs/index.md')).toBe('docs/sub');
    expect(view.normalize('../../etc/passwd', 'docs/index.md')).toBeNull();
    expect(view.normalize('../x')).toBeNull();
    expect(view.normalize('docs/../../x')).toBeNull();
  });

  it('looks paths up case-exactly and reports the on-disk spelling', () => {
    expect(view.lookup('docs/Guide.md')).toEqual({ kind: 'file' });
    expect(view.lookup('docs/guide.md')).toEqual({ kind: 'missing', actual: 'docs/Guide.md' });
    expect(view.lookup('DOCS/sub')).toEqual({ kind: 'missing', actual: 'docs/sub' });
    expect(view.lookup('docs/sub')).toEqual({ kind: 'dir' });
    expect(view.lookup('docs/Guide.md/x')).toEqual({ kind: 'missing' });
    expect(view.lookup('nope.md')).toEqual({ kind: 'missing' });
  });

  it('reads text without a BOM and refuses paths outside the repository', () => {
    expect(view.readText('README.md')).toBe('hello');
    const outside = view.read('../outside.txt');
    expect(outside).toMatchObject({ ok: false, reason: 'outside' });
    expect(view.read('missing.md')).toMatchObject({ ok: false, reason: 'missing' });
  });

  it('treats a symlink that leaves the repository as absent and never reads through it', () => {
    const other = makeRepo({ files: { 'secret.txt': 'top secret' } });
    const r = makeRepo({ files: { 'a.md': 'a' } });
    symlinkSync(path.join(other.dir, 'secret.txt'), path.join(r.dir, 'leak.txt'));
    const v = new RepoView(r.dir);
    expect(v.lookup('leak.txt').kind).toBe('missing');
    expect(v.read('leak.txt')).toMatchObject({ ok: false, reason: 'outside' });
    expect(v.files()).toEqual(['a.md']);
  });

  it('refuses files over the size bound', () => {
    const r = makeRepo({ files: { 'big.md': 'x'.repeat(2000) } });
    expect(new RepoView(r.dir, 1000).read('big.md')).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it('lists files skipping .git and node_modules, globs and detects empty folders', () => {
    const r = makeRepo({ files: { 'a.md': '', 'node_modules/x/y.md': '', 'docs/b.md': '', 'docs/plans/c.md': '' } });
    mkdirSync(path.join(r.dir, 'empty'));
    writeFileSync(path.join(r.dir, '.hidden.md'), '');
    const v = new RepoView(r.dir);
    expect(v.files()).toEqual(['.hidden.md', 'a.md', 'docs/b.md', 'docs/plans/c.md']);
    expect(v.glob(['**/*.md'], ['docs/plans/**'])).toEqual(['.hidden.md', 'a.md', 'docs/b.md']);
    expect(v.hasFilesUnder('empty')).toBe(false);
    expect(v.hasFilesUnder('docs')).toBe(true);
  });
});
