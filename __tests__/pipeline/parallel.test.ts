import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ModuleTrace } from '../cli/module-trace.js';
import { cleanupRepos, fixturePath, makeRepo, type TestRepo } from '../helpers/git-repo.js';

type Library = typeof import('../../src/index.js');

/**
 * The check runner may run the schema check in a worker thread (src/pipeline/parallel.ts). That
 * path exists only in the built library (a worker runs lib/pipeline/worker.js), so these tests
 * import the package the way a consumer does and compare the worker run with the
 * single-thread run: the same findings, in the same order.
 */

const WORKER = path.resolve('lib/pipeline/worker.js');

/** The package name, imported the way a consumer does: through package.json "exports" (self-reference). */
const PACKAGE = 'kit-guard';

beforeAll(() => {
  if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: build the library first (npm run build:lib; npm test does it)`);
});

afterAll(cleanupRepos);

/** The seed-layout fixture with one broken hook definition, one broken link and one invalid example. */
function brokenSeed(): TestRepo {
  const repo = makeRepo({ fixture: fixturePath('kits', 'seed') });
  const hook = 'hooks/definitions/session_start.yaml';
  const hookText = readFileSync(path.join(repo.dir, hook), 'utf8');
  const readme = readFileSync(path.join(repo.dir, 'README.md'), 'utf8');
  repo.commit('test: break things', {
    [hook]: hookText.replace(/^trigger: .*$/m, 'trigger: [not, a, string]'),
    'README.md': `${readme}\nSee [the gone page](docs/gone.md).\n`
  });
  return repo;
}

describe('runChecks with the schema check in a worker thread', () => {
  it('reports exactly what the single-thread run reports, in the same order', async () => {
    const lib = (await import(PACKAGE)) as Library;
    const repo = brokenSeed();
    const single = await lib.runChecks(lib.loadKit(repo.dir), { parallel: false, change: { branch: 'feat/x' } });
    const threaded = await lib.runChecks(lib.loadKit(repo.dir), { parallel: true, change: Promise.resolve({ branch: 'feat/x' }) });
    expect(threaded).toEqual(single);
    expect(single.findings.map((f) => `${f.check}/${f.rule} ${f.file}:${f.line}:${f.column}`)).toEqual(
      expect.arrayContaining(['schema/hook-invalid hooks/definitions/session_start.yaml:2:10', `doc-truth/link-target-missing README.md:${readFileSync(path.join(repo.dir, 'README.md'), 'utf8').split('\n').length - 1}:5`])
    );
  });

  it('runs the check in lib/pipeline/worker.js and prints the same JSON through the CLI', () => {
    const repo = brokenSeed();
    const trace = new ModuleTrace();
    try {
      const script = (parallel: boolean): string =>
        [
          "const lib = await import('kit-guard');",
          `const result = await lib.runChecks(lib.loadKit(${JSON.stringify(repo.dir)}), { parallel: ${parallel}, change: {} });`,
          'process.stdout.write(lib.renderJson(result));'
        ].join('\n');
      const run = (parallel: boolean): { stdout: string; loaded: string[] } => {
        const result = spawnSync(process.execPath, [...trace.nodeArgs(), '--input-type=module', '-e', script(parallel)], {
          cwd: process.cwd(),
          env: { PATH: process.env.PATH ?? '', ...trace.env() },
          encoding: 'utf8'
        });
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
        return { stdout: result.stdout, loaded: trace.loaded() };
      };
      const single = run(false);
      const threaded = run(true);
      expect(single.loaded.some((url) => url.endsWith('/lib/pipeline/worker.js'))).toBe(false);
      expect(threaded.loaded.some((url) => url.endsWith('/lib/pipeline/worker.js'))).toBe(true);
      expect(threaded.stdout).toBe(single.stdout);
      expect(JSON.parse(single.stdout).findings.length).toBeGreaterThan(1);
    } finally {
      trace.cleanup();
    }
  });

  it('stops the worker and rethrows when gathering the change fails (the process then exits by itself)', () => {
    const repo = brokenSeed();
    const script = [
      "const lib = await import('kit-guard');",
      `try { await lib.runChecks(lib.loadKit(${JSON.stringify(repo.dir)}), { parallel: true, change: Promise.reject(new Error('no git')) }); }`,
      'catch (error) { process.stdout.write(`rejected: ${error.message}`); }'
    ].join('\n');
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd(), env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 20_000 });
    // a worker left waiting for the change would keep the process alive until the timeout
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('rejected: no git');
  });

  it('stays on one thread for a small repository by default', () => {
    const repo = brokenSeed();
    const trace = new ModuleTrace();
    try {
      const script = `const lib = await import('kit-guard'); await lib.runChecks(lib.loadKit(${JSON.stringify(repo.dir)}), { change: {} });`;
      const result = spawnSync(process.execPath, [...trace.nodeArgs(), '--input-type=module', '-e', script], { cwd: process.cwd(), env: { PATH: process.env.PATH ?? '', ...trace.env() }, encoding: 'utf8' });
      expect(result.status).toBe(0);
      expect(trace.loaded().some((url) => url.endsWith('/lib/pipeline/worker.js'))).toBe(false);
    } finally {
      trace.cleanup();
    }
  });
});
