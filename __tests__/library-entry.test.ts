import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ModuleTrace, RUNNER_ONLY_MODULES } from './cli/module-trace.js';
import { cleanupFolders, makeFolder } from './helpers/folder.js';

type Library = typeof import('../src/index.js');

/** The package name, imported the way a consumer does: through package.json "exports" (self-reference). */
const PACKAGE = 'kit-guard';

afterAll(cleanupFolders);

beforeAll(() => {
  if (!existsSync(path.resolve('lib/index.js'))) throw new Error('lib/index.js is missing: build the library first (npm run build:lib; npm test does it)');
});

describe('library entry (import "kit-guard")', () => {
  it('package.json exports the built library with type declarations, apart from the action bundle', () => {
    const pkg = JSON.parse(readFileSync(path.resolve('package.json'), 'utf8')) as { exports: Record<string, Record<string, string>>; types: string };
    expect(pkg.exports['.']).toEqual({ types: './lib/index.d.ts', import: './lib/index.js' });
    expect(existsSync(path.resolve('lib/index.d.ts'))).toBe(true);
    expect(JSON.stringify(pkg.exports)).not.toContain('dist/');
  });

  it('resolves through "exports" to lib/ and exposes the public API', async () => {
    const lib = (await import(PACKAGE)) as Library;
    for (const name of ['loadKit', 'runChecks', 'selectChecks', 'defaultConfig', 'collectChange', 'buildExports', 'checkExports', 'renderText', 'renderJson', 'renderMarkdown', 'compareFindings'] as const) {
      expect(typeof lib[name]).toBe('function');
    }
    expect(lib.CHECK_IDS).toEqual(expect.arrayContaining(['schema', 'doc-truth', 'changelog', 'commits', 'branch']));
    expect(lib.exportCheck.id).toBe('export');
    expect(new lib.ConfigError([]).name).toBe('ConfigError');
    expect(lib.defaultConfig().failOn).toBe('error');
  });

  it('runs checks on a tiny repository', async () => {
    const lib = (await import(PACKAGE)) as Library;
    const repo = makeFolder({ files: { 'README.md': '# Tiny\n\n[gone](missing.md)\n' } });
    const kit = lib.loadKit(repo.dir);
    const result = await lib.runChecks(kit, { checks: ['doc-truth', 'branch'], change: { branch: 'Not A Branch' } });
    expect(result.ran).toEqual(['doc-truth', 'branch']);
    expect(result.findings.map((f) => `${f.check} ${f.file ?? '-'}:${f.line ?? '-'}:${f.column ?? '-'}`)).toEqual(['branch -:-:-', 'doc-truth README.md:3:1']);
    expect(result.failed).toBe(true);
    expect(lib.renderText(result.findings).split('\n').at(-2)).toBe('2 errors, 0 warnings, 0 notices in 1 file');
  });

  it('importing it in a fresh process has no side effects: no output, no exit code, no @actions loaded', () => {
    const trace = new ModuleTrace();
    try {
      const script = [
        'const before = process.exitCode;',
        `const lib = await import('${PACKAGE}');`,
        'process.stdout.write(JSON.stringify({ before: before ?? null, after: process.exitCode ?? null, exports: Object.keys(lib).length }));'
      ].join('\n');
      const result = spawnSync(process.execPath, [...trace.nodeArgs(), '--input-type=module', '-e', script], {
        cwd: process.cwd(),
        env: { PATH: process.env.PATH ?? '', ...trace.env() },
        encoding: 'utf8'
      });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      // nothing but the script's own line: the action did not start (it would print ::group:: lines)
      const report = JSON.parse(result.stdout) as { before: null; after: null; exports: number };
      expect(report).toMatchObject({ before: null, after: null });
      expect(report.exports).toBeGreaterThan(20);
      const loaded = trace.loaded();
      expect(loaded).toContain(pathToFileURL(path.resolve('lib/index.js')).href);
      expect(loaded.filter((url) => RUNNER_ONLY_MODULES.test(url) || url.includes('/lib/action/'))).toEqual([]);
    } finally {
      trace.cleanup();
    }
  });
});
