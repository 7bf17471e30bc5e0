#!/usr/bin/env node
// Finds a Node 24 executable (the action's runtime) for `npm run test:node24` and the action
// tests, on any platform, without a platform-locked dependency. In order:
//   1. $NODE24, when it names a Node 24 executable;
//   2. the Node running this script, or `node` on PATH, when it is Node 24;
//   3. the npm package node-<platform>-<arch>@24, installed on first use into a cache outside
//      the clone ($KIT_GUARD_CACHE, else ~/.cache/kit-guard or %LOCALAPPDATA%\kit-guard).
// Prints the path; with `--exec ARGS...`, runs Node 24 with ARGS instead (NODE24 set for the child),
// which is how `npm run test:node24` runs on every platform. Exits 1 when none is found or installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAJOR = 24;

function majorOf(executable) {
  try {
    const version = execFileSync(executable, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return Number(/^v(\d+)\./.exec(version)?.[1]);
  } catch {
    return undefined;
  }
}

function cacheDir() {
  if (process.env.KIT_GUARD_CACHE) return process.env.KIT_GUARD_CACHE;
  if (process.platform === 'win32' && process.env.LOCALAPPDATA) return path.join(process.env.LOCALAPPDATA, 'kit-guard');
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'kit-guard');
}

/** The node-<platform>-<arch> package name npm publishes Node binaries under. */
function packageName() {
  const platform = process.platform === 'win32' ? 'win' : process.platform;
  return `node-${platform}-${process.arch}`;
}

function cachedBinary(dir, name) {
  const pkgFile = path.join(dir, 'node_modules', name, 'package.json');
  if (!existsSync(pkgFile)) return undefined;
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.node;
  const file = bin ? path.join(dir, 'node_modules', name, bin) : undefined;
  return file && existsSync(file) && majorOf(file) === MAJOR ? file : undefined;
}

/** The path of a Node 24 executable, installing one into the cache when needed. */
export function findNode24() {
  if (process.env.NODE24 && majorOf(process.env.NODE24) === MAJOR) return process.env.NODE24;
  if (Number(process.versions.node.split('.')[0]) === MAJOR) return process.execPath;
  if (majorOf('node') === MAJOR) return 'node';
  const name = packageName();
  const dir = path.join(cacheDir(), `${name}-${MAJOR}`);
  const cached = cachedBinary(dir, name);
  if (cached) return cached;
  mkdirSync(dir, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', dir, `${name}@${MAJOR}`], {
    stdio: ['ignore', 'ignore', 'inherit'],
    shell: process.platform === 'win32'
  });
  const installed = cachedBinary(dir, name);
  if (!installed) throw new Error(`installed ${name}@${MAJOR} into ${dir}, but found no Node ${MAJOR} executable in it`);
  return installed;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const node = findNode24();
    const exec = process.argv.indexOf('--exec');
    if (exec === -1) process.stdout.write(`${node}\n`);
    else {
      const child = spawnSync(node, process.argv.slice(exec + 1), { stdio: 'inherit', env: { ...process.env, NODE24: node } });
      process.exit(child.status ?? 1);
    }
  } catch (error) {
    process.stderr.write(`node24: no Node ${MAJOR} found or installed: ${error instanceof Error ? error.message : String(error)}\nSet NODE24 to a Node ${MAJOR} executable.\n`);
    process.exit(1);
  }
}
