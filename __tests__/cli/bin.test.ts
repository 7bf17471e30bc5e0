import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanupRepos, makeRepo } from '../helpers/git-repo.js';
import { ModuleTrace, RUNNER_ONLY_MODULES } from './module-trace.js';

/** The built CLI, as `npm run build:lib` (run by `npm test`) leaves it. */
const BIN = path.resolve('lib/cli/index.js');
const VERSION = (JSON.parse(readFileSync(path.resolve('package.json'), 'utf8')) as { version: string }).version;

let trace: ModuleTrace;

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build the library first (npm run build:lib; npm test does it)`);
  trace = new ModuleTrace();
});

afterAll(() => {
  cleanupRepos();
  trace?.cleanup();
});

/** Runs the built CLI in a child process (the Node running the tests), optionally tracing loaded modules. */
function runBin(args: string[], options: { cwd?: string; trace?: boolean } = {}): { code: number | null; stdout: string; stderr: string; loaded: string[] } {
  const result = spawnSync(process.execPath, [...(options.trace ? trace.nodeArgs() : []), BIN, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { PATH: process.env.PATH ?? '', ...(options.trace ? trace.env() : {}) },
    encoding: 'utf8'
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, loaded: options.trace ? trace.loaded() : [] };
}

describe('cli (built): the kit-guard executable', () => {
  it('starts with a shebang and is what package.json "bin" names', () => {
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const pkg = JSON.parse(readFileSync(path.resolve('package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(path.resolve(pkg.bin['kit-guard']!)).toBe(BIN);
  });

  it('--version prints the version and exits 0', () => {
    const { code, stdout, stderr } = runBin(['--version']);
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('sets exit code 2 for an unknown flag', () => {
    const { code, stdout, stderr } = runBin(['check', '--nope']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("unknown option '--nope' for 'check'");
  });

  it('sets exit code 1 on findings', () => {
    const repo = makeRepo({ files: { 'README.md': '# x\n' } });
    const { code, stdout } = runBin(['check', 'branch', '--branch', 'Bad_Name'], { cwd: repo.dir });
    expect(code).toBe(1);
    expect(stdout).toMatch(/branch\/name-invalid/);
  });

  it('never loads @actions/* or @octokit/*: startup stays fast and the CLI needs no runner', () => {
    const version = runBin(['--version'], { trace: true });
    expect(version.code).toBe(0);
    // the trace really records the CLI's modules; the checks are not loaded just to print a version
    expect(version.loaded.some((url) => url.endsWith('/lib/cli/main.js'))).toBe(true);
    expect(version.loaded.filter((url) => url.endsWith('/lib/pipeline/run.js') || url.includes('/node_modules/'))).toEqual([]);

    const repo = makeRepo({ fixture: path.resolve('content') });
    for (const args of [['check', '--root', repo.dir], ['export', 'check', '--root', repo.dir]]) {
      const run = runBin(args, { trace: true });
      expect([0, 1]).toContain(run.code);
      expect(run.loaded.some((url) => url.endsWith(args[0] === 'check' ? '/lib/pipeline/run.js' : '/lib/export/index.js'))).toBe(true);
      expect(run.loaded.some((url) => url.includes('/node_modules/yaml/'))).toBe(true);
      expect(run.loaded.filter((url) => RUNNER_ONLY_MODULES.test(url))).toEqual([]);
    }
  });
});
