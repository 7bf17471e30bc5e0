/**
 * Running one check in a worker thread, for the check runner (src/run.ts). This is an
 * execution detail: the check itself is unchanged and stays pure. The worker gets a plain
 * snapshot of the kit, rebuilds it with its own repository view (the same files, read
 * again), runs the check when the change is known, and posts the findings back; when no
 * worker can be started, the runner runs the check on its own thread instead.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChangeContext } from '../model/change.js';
import type { Kit, LoadedManifest } from '../kit/load.js';
import { RepoView } from '../repo/view.js';
import type { Finding } from '../model/finding.js';
import { parseYaml, type ParsedYaml } from '../parse/yaml.js';

/** Everything of a Kit but its repository view and parse results: plain data a worker can receive. */
export interface KitSnapshot {
  root: string;
  maxFileBytes: number;
  config: Kit['config'];
  configFile?: string;
  manifest?: { file: string; data: Record<string, unknown>; ok: boolean };
  paths: Kit['paths'];
  hosts: string[];
  exportTargets: string[];
  roles: Kit['roles'];
  workflows: Kit['workflows'];
  hooks: Kit['hooks'];
  skills: Kit['skills'];
}

/** What the runner sends a worker when it starts. */
export interface WorkerStart {
  checkId: string;
  kit: KitSnapshot;
}

/**
 * What a worker posts back: the check's findings, the message of the error the check
 * threw, or (`setup`) why the worker could not get the check ready to run.
 */
export type WorkerReply = { ok: true; findings: Finding[] } | { ok: false; message: string; setup?: boolean };

/** The plain part of a kit. */
export function snapshotKit(kit: Kit): KitSnapshot {
  const snapshot: KitSnapshot = {
    root: kit.root,
    maxFileBytes: kit.repo.maxFileBytes,
    config: kit.config,
    paths: kit.paths,
    hosts: kit.hosts,
    exportTargets: kit.exportTargets,
    roles: kit.roles,
    workflows: kit.workflows,
    hooks: kit.hooks,
    skills: kit.skills
  };
  if (kit.configFile !== undefined) snapshot.configFile = kit.configFile;
  if (kit.manifest) snapshot.manifest = { file: kit.manifest.file, data: kit.manifest.data, ok: kit.manifest.ok };
  return snapshot;
}

/**
 * A kit rebuilt from a snapshot, with a fresh repository view on the same root. The
 * manifest's positions are parsed again from the file, only if a check asks for them.
 */
export function reviveKit(snapshot: KitSnapshot): Kit {
  const repo = new RepoView(snapshot.root, snapshot.maxFileBytes);
  const kit: Kit = {
    root: repo.root,
    repo,
    config: snapshot.config,
    paths: snapshot.paths,
    hosts: snapshot.hosts,
    exportTargets: snapshot.exportTargets,
    roles: snapshot.roles,
    workflows: snapshot.workflows,
    hooks: snapshot.hooks,
    skills: snapshot.skills
  };
  if (snapshot.configFile !== undefined) kit.configFile = snapshot.configFile;
  const manifest = snapshot.manifest;
  if (manifest) {
    let parsed: ParsedYaml<'schema'> | undefined;
    const revived: LoadedManifest = {
      file: manifest.file,
      data: manifest.data,
      ok: manifest.ok,
      get parsed(): ParsedYaml<'schema'> {
        parsed ??= parseYaml(repo.readText(manifest.file) ?? '', { file: manifest.file }, 'schema');
        return parsed;
      }
    };
    kit.manifest = revived;
  }
  return kit;
}

/** The built worker entry next to this module; absent when running from TypeScript sources or a bundle. */
const WORKER_URL = new URL('./worker.js', import.meta.url);

/** True when this process can run a check in a worker thread that actually runs beside the main one. */
export function workersAvailable(): boolean {
  const cores = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
  if (cores < 2) return false;
  try {
    return WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));
  } catch {
    return false;
  }
}

/**
 * The parent's Node options for the worker, so it resolves and loads modules the same way
 * (`--import`, `--conditions`, ...), without `--input-type`, which only applies to code
 * given on the command line and stops a worker started from such code.
 */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg.startsWith('--input-type=')) continue;
    if (arg === '--input-type') {
      i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}

/** A check running in a worker. `result` settles with the reply, or `unavailable` when the worker failed before replying. */
export interface RemoteCheck {
  /** Hands the worker the change; the check starts then. */
  start(change: ChangeContext): void;
  /** Stops the worker (the run was abandoned). */
  cancel(): void;
  result: Promise<WorkerReply | 'unavailable'>;
}

/**
 * Starts a worker for one check right away (it loads its modules and the kit while the
 * caller goes on); the check runs once `start` gives it the change. Never throws: a
 * worker that cannot start or dies settles `result` with `unavailable`.
 */
export function startRemoteCheck(kit: Kit, checkId: string): RemoteCheck {
  let worker: Worker;
  try {
    const start: WorkerStart = { checkId, kit: snapshotKit(kit) };
    worker = new Worker(WORKER_URL, { workerData: start, execArgv: workerExecArgv() });
  } catch {
    return { start: () => undefined, cancel: () => undefined, result: Promise.resolve('unavailable') };
  }
  const result = new Promise<WorkerReply | 'unavailable'>((resolve) => {
    // a worker that could not load the check leaves it to the calling thread
    worker.once('message', (reply: WorkerReply) => resolve(!reply.ok && reply.setup ? 'unavailable' : reply));
    worker.once('error', () => resolve('unavailable'));
    worker.once('exit', () => resolve('unavailable'));
  });
  return {
    start(change) {
      try {
        worker.postMessage(change);
      } catch {
        void worker.terminate();
      }
    },
    cancel() {
      void worker.terminate();
    },
    result
  };
}
