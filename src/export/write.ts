// The build: applies a plan atomically per host (stage, swap, roll back on failure).
import path from 'node:path';
import type { Kit } from '../kit/load.js';
import { uniqueFindings } from './compile.js';
import { compareCodeUnits, type ExportLayout } from './record.js';
import type { ExportFinding, HostCompilation, HostId } from './types.js';
import { nodeFileWriter, type FileStat, type FileWriter } from './fs.js';
import { PathGuard, SCRATCH_MARKER, SCRATCH_NAME } from './path-guard.js';
import { compileSelected, planExports, type HostPlan, type PlannedFile, type PlannedRemoval } from './plan.js';
import { append } from '../model/append.js';

/** What happened to one host. */
export interface HostBuildResult {
  host: HostId;
  layout: ExportLayout;
  recordDir: string;
  /** `written`: the new export is in place; `unchanged`: nothing differed; `blocked`: refused before writing; `failed`: a write failed and the previous export was restored. */
  status: 'written' | 'unchanged' | 'blocked' | 'failed';
  /** Repository-relative files added or changed (records included). */
  written: string[];
  /** Repository-relative stale files removed. */
  removed: string[];
  /** Stale files left in place because they were edited since. */
  kept: string[];
  foreign: string[];
  findings: ExportFinding[];
}

export interface BuildResult {
  hosts: HostBuildResult[];
  /** Repository-relative files added or changed, every host. */
  written: string[];
  /** Repository-relative stale files removed, every host. */
  removed: string[];
  /** Every finding (compile findings included), sorted. */
  findings: ExportFinding[];
  /** True when every host was written or already up to date. */
  ok: boolean;
}

export interface BuildOptions {
  /** Hosts to build (default: configuration, else the manifest's export targets). */
  hosts?: readonly string[];
  /** File system access (default: node:fs); a test passes one that fails midway. */
  write?: FileWriter;
}

/**
 * Compiles and writes the kit's host exports. Deterministic (same kit, same bytes),
 * atomic per host (a failure restores that host's previous export and removes every
 * scratch file), removes stale files it generated before, and never overwrites or
 * removes a file it did not generate. Problems are findings; it does not throw for them.
 */
export async function buildExports(kit: Kit, options: BuildOptions = {}): Promise<BuildResult> {
  const selection = compileSelected(kit, options.hosts);
  const result = await writeExports(kit, selection.compilations, options.write);
  const findings = uniqueFindings([...selection.findings, ...result.findings]);
  return { ...result, findings, ok: result.ok && !selection.findings.some((f) => f.severity === 'error') };
}

/** Writes already-compiled host exports (the second half of buildExports). */
export async function writeExports(kit: Kit, compilations: readonly HostCompilation[], fs: FileWriter = nodeFileWriter): Promise<BuildResult> {
  const plan = await planExports(kit, compilations, fs);
  const hosts: HostBuildResult[] = [];
  const findings: ExportFinding[] = [...plan.findings];
  const guard = new PathGuard(fs, kit.root);
  // Shared files (native layout) written by an earlier host of this run are already in place.
  const writtenInRun = new Map<string, string>();
  for (const hostPlan of plan.hosts) {
    settleAgainstRun(hostPlan, writtenInRun);
    const result = await applyHostPlan(hostPlan, fs, guard);
    if (result.status === 'written') for (const file of hostPlan.files) writtenInRun.set(file.repoPath, file.hash);
    guard.reset();
    hosts.push(result);
    append(findings, hostPlan.compilation.findings);
  }
  append(findings, mergeAcrossHosts(hosts));
  return {
    hosts,
    written: hosts.flatMap((h) => h.written),
    removed: hosts.flatMap((h) => h.removed),
    findings: uniqueFindings(findings),
    ok: plan.findings.length === 0 && hosts.every((h) => h.status === 'written' || h.status === 'unchanged')
  };
}

/** Marks files another host of this run already wrote with the same text as unchanged, so they are written once and never backed up twice. */
function settleAgainstRun(plan: HostPlan, writtenInRun: Map<string, string>): void {
  for (const file of plan.files) {
    if (file.state !== 'same' && writtenInRun.get(file.repoPath) === file.hash) {
      file.state = 'same';
      file.diskHash = file.hash;
    }
  }
  plan.changes = plan.files.some((f) => f.state !== 'same') || plan.records.some((f) => f.state !== 'same') || plan.removals.some((r) => !r.keep);
}

/**
 * One finding per file and rule: a file several hosts generate (native AGENTS.md) is
 * named once, saying which other hosts share it, instead of once per host.
 */
export function mergeAcrossHosts(hosts: readonly { host: HostId; findings: readonly ExportFinding[] }[]): ExportFinding[] {
  const out: ExportFinding[] = [];
  const byKey = new Map<string, { finding: ExportFinding; others: HostId[] }>();
  for (const host of hosts) {
    for (const finding of host.findings) {
      if (!finding.rule.startsWith('export-') || finding.file === undefined) {
        out.push(finding);
        continue;
      }
      const key = `${finding.rule}\0${finding.file}`;
      const seen = byKey.get(key);
      if (seen) seen.others.push(host.host);
      else {
        const entry = { finding: { ...finding }, others: [] as HostId[] };
        byKey.set(key, entry);
        out.push(entry.finding);
      }
    }
  }
  for (const { finding, others } of byKey.values()) {
    // a conflict already names every host involved
    if (others.length && finding.rule !== 'export-conflict') finding.message += ` (the ${others.join(', ')} export${others.length === 1 ? '' : 's'} share${others.length === 1 ? 's' : ''} this file)`;
  }
  return out;
}

let scratchCounter = 0;
function scratchName(base: string, kind: 'stage' | 'backup' | 'old'): string {
  scratchCounter += 1;
  return `.${base}.kit-guard-${kind}-${process.pid}-${scratchCounter}`;
}

/** One host's changes as a transaction: staged first, then committed with an undo log. */
class HostTransaction {
  /** Undo steps for committed changes, run in reverse on failure. */
  private readonly undo: { describe: string; run: () => Promise<void> }[] = [];
  /** Scratch paths removed on failure (staged files and folders, created folders). */
  private readonly scratch: string[] = [];
  /** Scratch paths removed after success (backups, the old tree). */
  private readonly afterCommit: string[] = [];
  private readonly madeDirs = new Set<string>();

  constructor(private readonly fs: FileWriter) {}

  async ensureDir(abs: string): Promise<void> {
    if (this.madeDirs.has(abs)) return;
    const created = await this.fs.mkdir(abs);
    if (created !== undefined) this.scratch.push(created);
    this.madeDirs.add(abs);
  }

  /** Writes a file into a staging location (removed on failure). */
  async stage(abs: string, text: string): Promise<string> {
    await this.ensureDir(path.dirname(abs));
    const staged = path.join(path.dirname(abs), scratchName(path.basename(abs), 'stage'));
    this.scratch.push(staged);
    await this.fs.writeFile(staged, text);
    return staged;
  }

  /** Moves an existing path aside (restored on failure, deleted after success). */
  async moveAside(abs: string, kind: 'backup' | 'old'): Promise<string> {
    const aside = path.join(path.dirname(abs), scratchName(path.basename(abs), kind));
    await this.fs.rename(abs, aside);
    this.undo.push({ describe: `restore ${abs}`, run: () => this.fs.rename(aside, abs) });
    this.afterCommit.push(aside);
    return aside;
  }

  /** Moves a staged path into place (removed again on failure). */
  async putInPlace(staged: string, abs: string): Promise<void> {
    await this.fs.rename(staged, abs);
    this.undo.push({ describe: `remove ${abs}`, run: () => this.fs.remove(abs) });
  }

  trackScratch(abs: string): void {
    this.scratch.push(abs);
  }

  /** Undoes committed steps and removes scratch; returns what could not be undone. */
  async rollback(): Promise<string[]> {
    const problems: string[] = [];
    for (const step of this.undo.reverse()) {
      try {
        await step.run();
      } catch (error) {
        problems.push(`${step.describe}: ${errorText(error)}`);
      }
    }
    for (const abs of this.scratch.reverse()) {
      try {
        await this.fs.remove(abs);
      } catch (error) {
        problems.push(`remove ${abs}: ${errorText(error)}`);
      }
    }
    return problems;
  }

  /** Deletes backups and the old tree; returns what could not be deleted. */
  async finish(): Promise<string[]> {
    const problems: string[] = [];
    for (const abs of this.afterCommit) {
      try {
        await this.fs.remove(abs);
      } catch (error) {
        problems.push(`${abs}: ${errorText(error)}`);
      }
    }
    return problems;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function applyHostPlan(plan: HostPlan, fs: FileWriter, guard: PathGuard): Promise<HostBuildResult> {
  const result: HostBuildResult = {
    host: plan.host,
    layout: plan.layout,
    recordDir: plan.recordDir,
    status: 'unchanged',
    written: [],
    removed: [],
    kept: plan.removals.filter((r) => r.keep).map((r) => r.repoPath),
    foreign: plan.foreign,
    findings: [...plan.notes]
  };
  if (plan.blocked.length) {
    result.status = 'blocked';
    append(result.findings, plan.blocked);
    return result;
  }
  // scratch left by a killed or failed build goes first, whether or not this build changes anything
  if (plan.layout === 'package') {
    const hostDir = guard.abs(plan.recordDir);
    const stuck = await recoverScratch(fs, path.dirname(hostDir), path.basename(hostDir), hostDir);
    if (stuck.length) {
      result.findings.push({
        check: 'export',
        rule: 'export-scratch-left',
        severity: 'warning',
        message: `scratch folders left by an earlier interrupted ${plan.host} build could not be removed: ${stuck.map((s) => `${s.path} (${s.error})`).join('; ')}`,
        file: plan.recordDir,
        fix: `Remove them by hand (fix their permissions first if needed):\n${stuck.map((s) => `  rm -rf '${s.path.replace(/'/g, `'\\''`)}'`).join('\n')}`
      });
    }
  }
  if (!plan.changes) return result;

  const tx = new HostTransaction(fs);
  const removals = plan.removals.filter((r) => !r.keep);
  try {
    if (plan.layout === 'package') await commitPackage(plan, fs, guard, tx, removals);
    else await commitNative(plan, guard, tx, removals);
  } catch (error) {
    const problems = await tx.rollback();
    result.status = 'failed';
    result.findings.push({
      check: 'export',
      rule: 'export-write-failed',
      severity: 'error',
      message: `writing the ${plan.host} export failed (${errorText(error)}); ${problems.length ? 'the previous export could not be fully restored' : 'the previous export was restored'}`,
      file: plan.recordDir,
      fix: problems.length
        ? `Check these by hand, then run \`kit-guard export build\` again: ${problems.join('; ')}`
        : 'Fix the cause (permissions, disk space), then run `kit-guard export build` again.'
    });
    return result;
  }
  result.status = 'written';
  result.written = [...plan.files, ...plan.records].filter((f) => f.state !== 'same').map((f) => f.repoPath).sort(compareCodeUnits);
  result.removed = removals.map((r) => r.repoPath);
  const leftovers = [...(await tx.finish()), ...(await pruneEmptyFolders(fs, guard, removals.map((r) => r.repoPath), plan.recordDir))];
  if (leftovers.length) {
    result.findings.push({
      check: 'export',
      rule: 'export-cleanup-failed',
      severity: 'warning',
      message: `the ${plan.host} export was written, but some scratch files could not be removed: ${leftovers.join('; ')}`,
      file: plan.recordDir,
      fix: 'Delete the listed paths by hand.'
    });
  }
  return result;
}

/**
 * Package layout: the host's whole folder is rebuilt in a staging folder beside it
 * (foreign files and edited orphans copied over), then swapped in with two renames.
 */
async function commitPackage(plan: HostPlan, fs: FileWriter, guard: PathGuard, tx: HostTransaction, removals: PlannedRemoval[]): Promise<void> {
  const hostDir = guard.abs(plan.recordDir);
  const parent = path.dirname(hostDir);
  const base = path.basename(hostDir);
  await tx.ensureDir(parent);

  const staged = path.join(parent, scratchName(base, 'stage'));
  tx.trackScratch(staged);
  await fs.mkdir(staged);
  await fs.writeFile(path.join(staged, SCRATCH_MARKER), '');
  const stagedDirs = new Set<string>([staged]);
  const put = async (relInHost: string, text: string): Promise<void> => {
    const abs = path.join(staged, ...relInHost.split('/'));
    const dir = path.dirname(abs);
    if (!stagedDirs.has(dir)) {
      await fs.mkdir(dir);
      stagedDirs.add(dir);
    }
    await fs.writeFile(abs, text);
  };
  for (const file of plan.files) await put(file.path, file.content);
  for (const record of plan.records) await put(record.path, record.content);

  // Carry over what is in the folder but not ours to drop: foreign files and edited orphans.
  const prefix = `${plan.recordDir}/`;
  const carried = [...plan.foreign, ...plan.removals.filter((r) => r.keep).map((r) => r.repoPath)].filter((p) => p.startsWith(prefix));
  for (const repoPath of carried) {
    const relInHost = repoPath.slice(prefix.length);
    const from = guard.abs(repoPath);
    const to = path.join(staged, ...relInHost.split('/'));
    const dir = path.dirname(to);
    if (!stagedDirs.has(dir)) {
      await fs.mkdir(dir);
      stagedDirs.add(dir);
    }
    const stat = await fs.lstat(from);
    if (stat?.kind === 'symlink') await fs.symlink(await fs.readlink(from), to); // copied as a link, never followed
    else if (stat?.kind === 'file') await fs.copyFile(from, to);
  }
  await fs.remove(path.join(staged, SCRATCH_MARKER));

  // Stale files outside the folder (left from a native-layout export) go file by file.
  for (const removal of removals) if (!removal.repoPath.startsWith(prefix)) await tx.moveAside(guard.abs(removal.repoPath), 'backup');

  const existing = await fs.lstat(hostDir);
  if (existing !== null) await tx.moveAside(hostDir, 'old');
  await tx.putInPlace(staged, hostDir);
}

/**
 * Native layout: each changed file is staged beside its target and renamed into place;
 * replaced and removed files are renamed aside first, so a failure can put them back.
 */
async function commitNative(plan: HostPlan, guard: PathGuard, tx: HostTransaction, removals: PlannedRemoval[]): Promise<void> {
  const changed = [...plan.files, ...plan.records].filter((f) => f.state !== 'same');
  const staged: { file: PlannedFile; stagedAt: string }[] = [];
  for (const file of changed) staged.push({ file, stagedAt: await tx.stage(guard.abs(file.repoPath), file.content) });
  for (const { file, stagedAt } of staged) {
    const target = guard.abs(file.repoPath);
    if (file.state === 'change') await tx.moveAside(target, 'backup');
    await tx.putInPlace(stagedAt, target);
  }
  for (const removal of removals) await tx.moveAside(guard.abs(removal.repoPath), 'backup');
}

/**
 * Cleans up after a build that was killed midway: our staging folders are removed, and
 * an old tree moved aside is put back when the host folder itself is missing.
 * Only folders holding our marker file (or named as our old trees) are touched. Returns
 * what could not be removed (e.g. EACCES), each with the path to remove by hand; it
 * never throws, so a leftover cannot make every later build fail.
 */
export async function recoverScratch(fs: FileWriter, parent: string, base: string, hostDir: string): Promise<Array<{ path: string; error: string }>> {
  let entries: { name: string; kind: FileStat['kind'] }[];
  try {
    entries = await fs.readdir(parent);
  } catch {
    return [];
  }
  const problems: Array<{ path: string; error: string }> = [];
  const stagePrefix = `.${base}.kit-guard-stage-`;
  const oldPrefix = `.${base}.kit-guard-old-`;
  for (const entry of entries) {
    if (entry.kind !== 'dir') continue;
    const abs = path.join(parent, entry.name);
    try {
      if (entry.name.startsWith(stagePrefix) && (await fs.lstat(path.join(abs, SCRATCH_MARKER))) !== null) await fs.remove(abs);
      else if (entry.name.startsWith(oldPrefix) && SCRATCH_NAME.test(entry.name)) {
        if ((await fs.lstat(hostDir)) === null) await fs.rename(abs, hostDir);
        else await fs.remove(abs);
      }
    } catch (error) {
      problems.push({ path: abs, error: errorText(error) });
    }
  }
  return problems;
}

/** Removes folders left empty by removed files, up to (not including) the repository root and the record folder's parent. */
async function pruneEmptyFolders(fs: FileWriter, guard: PathGuard, removed: string[], recordDir: string): Promise<string[]> {
  const problems: string[] = [];
  const stop = new Set(['', path.posix.dirname(recordDir), recordDir]);
  const candidates = new Set<string>();
  for (const repoPath of removed) {
    let dir = path.posix.dirname(repoPath);
    while (dir !== '.' && !stop.has(dir)) {
      candidates.add(dir);
      dir = path.posix.dirname(dir);
    }
  }
  // deepest first, so a parent is looked at after its children
  for (const dir of [...candidates].sort((a, b) => b.split('/').length - a.split('/').length || compareCodeUnits(a, b))) {
    try {
      const abs = guard.abs(dir);
      const stat = await fs.lstat(abs);
      if (stat?.kind === 'dir' && (await fs.readdir(abs)).length === 0) await fs.remove(abs);
    } catch (error) {
      problems.push(`${dir}: ${errorText(error)}`);
    }
  }
  return problems;
}
