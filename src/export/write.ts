import {
  copyFileSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs';
import path from 'node:path';
import { isVirtualPath, type Kit } from '../kit/load.js';
import { compareFindings, type Finding } from '../model/finding.js';
import { buildCanonicalKit } from './canonical.js';
import { compileKit, compileModel, outputRoot, resolveCompileOptions, uniqueFindings } from './compile.js';
import {
  compareCodeUnits,
  contentHash,
  EXPORT_MANIFEST_FILE,
  HOST_PACKAGE_FILE,
  hostOutputRoot,
  hostRecordDir,
  joinRepo,
  parseRecord,
  RECORD_FILES,
  renderRecord,
  sha256,
  unsafePathReason,
  type ExportLayout,
  type RecordRead
} from './record.js';
import { HOST_IDS, isHostId, type ExportFile, type HostCompilation, type HostId } from './types.js';

// ---------------------------------------------------------------------------
// File system access
// ---------------------------------------------------------------------------

/** What is at a path, without following a final symlink. */
export interface FileStat {
  kind: 'file' | 'dir' | 'symlink' | 'other';
  size: number;
}

/** Read access to the file system (absolute paths). The check uses only this. */
export interface FileReader {
  /** null when nothing is at the path. */
  lstat(abs: string): Promise<FileStat | null>;
  readFile(abs: string): Promise<Uint8Array>;
  /** Entries of a folder with their kinds (symlinks not followed). */
  readdir(abs: string): Promise<{ name: string; kind: FileStat['kind'] }[]>;
  realpath(abs: string): Promise<string>;
}

/**
 * Everything the export build does to the disk goes through this interface, so a test
 * can make it fail midway and prove the rollback. Paths are absolute.
 */
export interface FileWriter extends FileReader {
  /** Creates a folder and its parents; returns the first folder it created (undefined when it existed). */
  mkdir(abs: string): Promise<string | undefined>;
  writeFile(abs: string, text: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file or a whole folder; nothing there is not an error. */
  remove(abs: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  readlink(abs: string): Promise<string>;
  symlink(target: string, abs: string): Promise<void>;
}

function kindOf(stat: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): FileStat['kind'] {
  return stat.isSymbolicLink() ? 'symlink' : stat.isFile() ? 'file' : stat.isDirectory() ? 'dir' : 'other';
}

/**
 * The default FileWriter on node:fs. The synchronous calls are deliberate: a build
 * writes thousands of small files, and for those the thread-pool round trip of the
 * promise API costs more than the write itself.
 */
export const nodeFileWriter: FileWriter = {
  async lstat(abs) {
    try {
      // throwIfNoEntry: a missing file is the common case on a fresh build, and throwing costs more than the call
      const stat = lstatSync(abs, { throwIfNoEntry: false });
      return stat ? { kind: kindOf(stat), size: stat.size } : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
      throw error;
    }
  },
  async readFile(abs) {
    return readFileSync(abs);
  },
  async readdir(abs) {
    return readdirSync(abs, { withFileTypes: true }).map((entry) => ({ name: entry.name, kind: kindOf(entry) }));
  },
  async realpath(abs) {
    return realpathSync(abs);
  },
  async mkdir(abs) {
    return mkdirSync(abs, { recursive: true });
  },
  async writeFile(abs, text) {
    writeFileSync(abs, text);
  },
  async rename(from, to) {
    renameSync(from, to);
  },
  async remove(abs) {
    rmSync(abs, { recursive: true, force: true });
  },
  async copyFile(from, to) {
    copyFileSync(from, to);
  },
  async readlink(abs) {
    return readlinkSync(abs);
  },
  async symlink(target, abs) {
    symlinkSync(target, abs);
  }
};

// ---------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------

/** Folders shared with much else, where files beside ours are not reported as foreign. */
const SHARED_FOLDERS = new Set(['', '.github', '.vscode']);

/** Names of our own scratch files and folders (staged trees, backups), never reported as foreign. */
const SCRATCH_NAME = /\.kit-guard-(stage|backup|old)-\d+-\d+$/;

/** Marker file inside our scratch folders, so a later build only ever removes folders it made. */
const SCRATCH_MARKER = '.kit-guard-scratch';

/** Largest existing file read to compare with a generated one; bigger files simply differ. */
const MAX_COMPARE_BYTES = 16 * 1024 * 1024;

/**
 * Answers "may we write or delete this repository-relative path?": the path is safe as
 * text (see unsafePathReason) and no folder on the way is a symlink resolving outside
 * the repository, nor a file. Folder answers are cached for the run.
 */
export class PathGuard {
  private realRoot: string | undefined;
  private readonly dirs = new Map<string, 'ok' | 'missing' | string>();

  constructor(
    private readonly fs: FileReader,
    readonly root: string
  ) {}

  abs(rel: string): string {
    return rel ? path.join(this.root, ...rel.split('/')) : this.root;
  }

  /** Why the path is refused, or undefined when it may be used. */
  async refuse(rel: string): Promise<string | undefined> {
    return (await this.inspect(rel)).refused;
  }

  /**
   * Why the path is refused (if it is), and whether a folder on its way is missing (then
   * nothing can be at the path, and the caller need not look).
   */
  async inspect(rel: string): Promise<{ refused?: string; parentMissing: boolean }> {
    const textual = unsafePathReason(rel);
    if (textual) return { refused: textual, parentMissing: false };
    let end = rel.indexOf('/');
    while (end !== -1) {
      const state = await this.dirState(rel.slice(0, end));
      if (state === 'missing') return { parentMissing: true };
      if (state !== 'ok') return { refused: state, parentMissing: false };
      end = rel.indexOf('/', end + 1);
    }
    return { parentMissing: false };
  }

  private async dirState(dir: string): Promise<'ok' | 'missing' | string> {
    const cached = this.dirs.get(dir);
    if (cached !== undefined) return cached;
    let state: 'ok' | 'missing' | string;
    const stat = await this.fs.lstat(this.abs(dir));
    if (stat === null) state = 'missing';
    else if (stat.kind === 'dir') state = 'ok';
    else if (stat.kind === 'symlink') {
      this.realRoot ??= await this.fs.realpath(this.root);
      let real: string | undefined;
      try {
        real = await this.fs.realpath(this.abs(dir));
      } catch {
        real = undefined;
      }
      if (real === undefined) state = `${dir} is a dangling symlink`;
      else {
        const relative = path.relative(this.realRoot, real);
        state = relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative)) ? 'ok' : `${dir} is a symlink resolving outside the repository`;
      }
    } else state = `${dir} is a file, not a folder`;
    this.dirs.set(dir, state);
    return state;
  }

  /** Forgets cached answers (after the disk changed). */
  reset(): void {
    this.dirs.clear();
  }
}

// ---------------------------------------------------------------------------
// Plan: what a build would do, shared by the build and the check
// ---------------------------------------------------------------------------

export type FileState = 'add' | 'change' | 'same';

/** A generated (or record) file and how it compares with the disk. */
export interface PlannedFile {
  /** Repository-relative. */
  repoPath: string;
  /** Relative to the host's output root (as the compiler returned it, and as the record lists it). */
  path: string;
  content: string;
  /** sha256 of `content`. */
  hash: string;
  sources: string[];
  state: FileState;
  /** Hash of the file on disk (CRLF read as LF), when one is there. */
  diskHash?: string;
  /** The text on disk, kept for record files only (to compare records without their generator). */
  diskText?: string;
}

/** A file the previous build generated that is not generated any more, still on disk. */
export interface PlannedRemoval {
  repoPath: string;
  /** Hash the record gives it (undefined for the seed's records, which have none). */
  recordedHash?: string;
  diskHash: string;
  /** True when the file was edited since it was generated (or cannot be proven ours): the build leaves it in place. */
  keep: boolean;
}

/** Everything known about one host before anything is written. */
export interface HostPlan {
  host: HostId;
  layout: ExportLayout;
  /** Repository-relative folder of the record (and of the files, in the package layout). */
  recordDir: string;
  /** Repository-relative folder the compiled paths are relative to ('' = the kit root). */
  outputRoot: string;
  compilation: HostCompilation;
  /** Current sha256 of every readable source. */
  sourceHashes: Record<string, string>;
  previous: RecordRead;
  files: PlannedFile[];
  /** The two record files. */
  records: PlannedFile[];
  removals: PlannedRemoval[];
  /** Previously generated files that are gone from disk and no longer generated. */
  vanished: string[];
  /** Files in this host's output folders that no build generated. Repository-relative, sorted. */
  foreign: string[];
  /** Problems that stop this host from being written (each an error finding). */
  blocked: Finding[];
  /** Findings to report that do not block (foreign files, kept orphans). */
  notes: Finding[];
  /** True when a build would change anything on disk. */
  changes: boolean;
}

/** All plans of a run, plus findings about the run itself. */
export interface ExportPlan {
  layout: ExportLayout;
  exportsDir: string;
  hosts: HostPlan[];
  /** Every host's record as read before the run (all hosts, built or not). */
  records: Map<HostId, RecordRead>;
  findings: Finding[];
}

/**
 * Compiles the hosts to export: the requested ones, else the compiler's choice
 * (`exports.hosts`, else the manifest's export targets). The canonical model is built
 * once for all hosts. Findings about the host list itself are returned beside.
 */
export function compileSelected(kit: Kit, requested?: readonly string[]): { compilations: HostCompilation[]; findings: Finding[] } {
  if (!requested || requested.length === 0) {
    const compiled = compileKit(kit);
    return { compilations: [...compiled], findings: [...compiled.findings] };
  }
  const findings: Finding[] = [];
  const wanted = new Set<HostId>();
  for (const name of requested) {
    if (isHostId(name)) wanted.add(name);
    else {
      findings.push({
        check: 'export',
        rule: 'unknown-host',
        severity: 'error',
        message: `"${name}" is not a host kit-guard exports to`,
        fix: `Use one of: ${HOST_IDS.join(', ')}.`
      });
    }
  }
  const hosts = HOST_IDS.filter((h) => wanted.has(h));
  if (hosts.length === 0) return { compilations: [], findings };
  const options = resolveCompileOptions(kit);
  const model = buildCanonicalKit(kit);
  return { compilations: hosts.map((host) => compileModel(model, host, options, outputRoot(kit, host, options.layout))), findings };
}

/** The folder exports are kept under (`paths.exports`, default `exports`), or a finding when it cannot be used. */
export function exportsDirOf(kit: Kit): { dir?: string; finding?: Finding } {
  const dir = kit.paths.exports ?? 'exports';
  if (isVirtualPath(dir) || (dir !== '' && unsafePathReason(dir))) {
    return {
      finding: {
        check: 'export',
        rule: 'export-path-refused',
        severity: 'error',
        message: `paths.exports is "${dir}", which is not a folder inside the repository; no export was read or written`,
        file: kit.manifest?.file,
        fix: 'Set paths.exports in the manifest to a repository-relative folder such as "exports".'
      }
    };
  }
  return { dir };
}

const fileHashes = new WeakMap<ExportFile, string>();

/** sha256 of a generated file's text, computed once per file object. */
export function hashOf(file: ExportFile): string {
  let hash = fileHashes.get(file);
  if (hash === undefined) {
    hash = sha256(file.content);
    fileHashes.set(file, hash);
  }
  return hash;
}

/** Reads a file's text for a record: null when missing, an error string when unreadable or refused. */
async function readRaw(fs: FileReader, guard: PathGuard, rel: string): Promise<{ text: string | null; error?: string }> {
  const refused = await guard.refuse(rel);
  if (refused) return { text: null, error: refused };
  try {
    const stat = await fs.lstat(guard.abs(rel));
    if (stat === null) return { text: null };
    if (stat.kind !== 'file') return { text: null, error: `it is a ${stat.kind === 'dir' ? 'folder' : stat.kind}, not a file` };
    return { text: Buffer.from(await fs.readFile(guard.abs(rel))).toString('utf8') };
  } catch (error) {
    return { text: null, error: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
}

/** Reads every host's record (all hosts, not only the ones built: ownership spans them all). */
export async function readRecords(fs: FileReader, guard: PathGuard, exportsDir: string): Promise<Map<HostId, RecordRead>> {
  const out = new Map<HostId, RecordRead>();
  for (const host of HOST_IDS) {
    const dir = hostRecordDir(exportsDir, host);
    const pkg = await readRaw(fs, guard, `${dir}/${HOST_PACKAGE_FILE}`);
    const man = await readRaw(fs, guard, `${dir}/${EXPORT_MANIFEST_FILE}`);
    out.set(host, parseRecord(host, dir, pkg, man));
  }
  return out;
}

/** Generated files a record names (repository-relative -> recorded hash). */
export function recordedFiles(read: RecordRead | undefined): Map<string, string | undefined> {
  if (!read) return new Map();
  if (read.status === 'ok') return read.record.files;
  if (read.status === 'invalid') return read.owned;
  return new Map();
}

/** Current sha256 of each source's text, read through the kit's repository view (sources that cannot be read are left out). */
export function hashSources(kit: Kit, sources: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const source of [...sources].sort(compareCodeUnits)) {
    const read = kit.repo.read(source);
    if (read.ok) out[source] = sha256(read.text);
  }
  return out;
}

/**
 * Plans the export of already-compiled hosts: compares every generated file with the
 * disk and the records, finds stale and foreign files, and decides what may not be
 * written. Reads only.
 */
export async function planExports(kit: Kit, compilations: readonly HostCompilation[], fs: FileReader = nodeFileWriter): Promise<ExportPlan> {
  const layout = kit.config.exports.layout;
  const { dir: exportsDir, finding } = exportsDirOf(kit);
  if (exportsDir === undefined) return { layout, exportsDir: '', hosts: [], records: new Map(), findings: finding ? [finding] : [] };
  const guard = new PathGuard(fs, kit.root);
  const records = await readRecords(fs, guard, exportsDir);

  // Every path some record owns, and what each host in this run generates (repository-relative).
  const ownedByRecord = new Map<string, HostId[]>();
  for (const [host, read] of records) {
    for (const repoPath of recordedFiles(read).keys()) {
      const owners = ownedByRecord.get(repoPath) ?? [];
      owners.push(host);
      ownedByRecord.set(repoPath, owners);
    }
  }
  const generatedBy = new Map<string, { host: HostId; hash: string }[]>();
  for (const compilation of compilations) {
    const root = hostOutputRoot(layout, hostRecordDir(exportsDir, compilation.host));
    for (const file of compilation.files) {
      if (unsafePathReason(file.path)) continue; // refused per host below
      const repoPath = joinRepo(root, file.path);
      const list = generatedBy.get(repoPath) ?? [];
      list.push({ host: compilation.host, hash: hashOf(file) });
      generatedBy.set(repoPath, list);
    }
  }
  const recordPaths = new Set(HOST_IDS.flatMap((h) => RECORD_FILES.map((f) => `${hostRecordDir(exportsDir, h)}/${f}`)));
  const runHosts = new Set(compilations.map((c) => c.host));
  const sourcesInRun = new Set(compilations.flatMap((c) => c.sources));

  const hosts: HostPlan[] = [];
  for (const compilation of compilations) {
    hosts.push(await planHost({ kit, fs, guard, layout, exportsDir, compilation, records, ownedByRecord, generatedBy, recordPaths, runHosts, sourcesInRun }));
  }
  return { layout, exportsDir, hosts, records, findings: [] };
}

interface PlanInputs {
  kit: Kit;
  fs: FileReader;
  guard: PathGuard;
  layout: ExportLayout;
  exportsDir: string;
  compilation: HostCompilation;
  records: Map<HostId, RecordRead>;
  ownedByRecord: Map<string, HostId[]>;
  generatedBy: Map<string, { host: HostId; hash: string }[]>;
  recordPaths: Set<string>;
  /** Hosts compiled in this run. */
  runHosts: Set<HostId>;
  /** Every kit source any compilation of this run read. */
  sourcesInRun: Set<string>;
}

async function planHost(inputs: PlanInputs): Promise<HostPlan> {
  const { kit, fs, guard, layout, exportsDir, compilation, records, ownedByRecord, generatedBy, recordPaths, runHosts, sourcesInRun } = inputs;
  const host = compilation.host;
  const recordDir = hostRecordDir(exportsDir, host);
  const outputRoot = hostOutputRoot(layout, recordDir);
  const previous = records.get(host) ?? parseRecord(host, recordDir, { text: null }, { text: null });
  const previousFiles = recordedFiles(previous);
  const blocked: Finding[] = [];
  const notes: Finding[] = [];

  const files: PlannedFile[] = [];
  const generated = new Set<string>();
  for (const file of compilation.files) {
    const planned = await planFile(inputs, file, outputRoot, previousFiles, blocked);
    if (planned) {
      files.push(planned);
      generated.add(planned.repoPath);
    }
  }

  // A file another host generates in this run, or another host (not rebuilt now) still records, is not ours to remove.
  const claimedByOthers = (repoPath: string): boolean =>
    (generatedBy.get(repoPath) ?? []).some((g) => g.host !== host) ||
    (ownedByRecord.get(repoPath) ?? []).some((h) => h !== host && !runHosts.has(h));

  const removals: PlannedRemoval[] = [];
  const vanished: string[] = [];
  for (const [repoPath, recordedHash] of [...previousFiles].sort((a, b) => compareCodeUnits(a[0], b[0]))) {
    // a kit source is never removed, even when a record lists it (native AGENTS.md is both)
    if (generated.has(repoPath) || recordPaths.has(repoPath) || claimedByOthers(repoPath) || sourcesInRun.has(repoPath)) continue;
    if (await guard.refuse(repoPath)) continue; // never delete through a path leaving the repository
    const stat = await fs.lstat(guard.abs(repoPath));
    if (stat === null) {
      vanished.push(repoPath);
      continue;
    }
    if (stat.kind !== 'file') continue; // we only ever write files; whatever is there now is not ours
    const diskHash = stat.size > MAX_COMPARE_BYTES ? '' : contentHash(await fs.readFile(guard.abs(repoPath)));
    // Without a recorded hash (the seed's records) only files inside the package folder are provably ours.
    const provablyOurs = recordedHash !== undefined ? diskHash === recordedHash : layoutOf(previous) === 'package' && repoPath.startsWith(`${recordDir}/`);
    const removal: PlannedRemoval = { repoPath, diskHash, keep: !provablyOurs };
    if (recordedHash !== undefined) removal.recordedHash = recordedHash;
    removals.push(removal);
    if (removal.keep) {
      notes.push({
        check: 'export',
        rule: 'export-file-orphaned',
        severity: 'error',
        message:
          recordedHash !== undefined
            ? `${repoPath} was generated by an earlier ${host} export and is not generated any more, but it was edited since, so the build leaves it in place`
            : `${repoPath} is listed by the ${host} export record but is not generated any more; the record has no hash proving it is unchanged, so the build leaves it in place`,
        file: repoPath,
        fix: `Delete ${repoPath} if nothing needs it (move any change worth keeping into the kit's sources first).`
      });
    }
  }

  const foreign = await findForeign(inputs, generated, previousFiles);
  for (const repoPath of foreign) {
    notes.push({
      check: 'export',
      rule: 'export-foreign-file',
      severity: 'notice',
      message: `${repoPath} is in the ${host} export's output folder but was not generated by kit-guard; it is left as it is`,
      file: repoPath,
      fix: `Nothing to do if it belongs there; otherwise move it out of ${path.posix.dirname(repoPath)}, since ${host} may load it alongside the generated files.`
    });
  }

  // The record this build would write.
  const sourceHashes = hashSources(kit, compilation.sources);
  const rendered = renderRecord(compilation, layout, sourceHashes, hashOf);
  const records2: PlannedFile[] = [];
  for (const [name, content] of rendered.texts) {
    const repoPath = `${recordDir}/${name}`;
    const hash = sha256(content);
    const refused = await guard.refuse(repoPath);
    if (refused) {
      blocked.push(refusedFinding(host, repoPath, refused));
      continue;
    }
    const stat = await fs.lstat(guard.abs(repoPath));
    const record: PlannedFile = { repoPath, path: name, content, hash, sources: [], state: 'add' };
    if (stat?.kind === 'file') {
      const bytes = await fs.readFile(guard.abs(repoPath));
      record.diskHash = contentHash(bytes);
      record.diskText = Buffer.from(bytes).toString('utf8');
      record.state = record.diskHash === hash ? 'same' : 'change';
    } else if (stat !== null) {
      blocked.push(takenFinding(host, repoPath, `a ${stat.kind === 'dir' ? 'folder' : stat.kind} is where its record file goes`));
    }
    records2.push(record);
  }

  const changes =
    files.some((f) => f.state !== 'same') || records2.some((f) => f.state !== 'same') || removals.some((r) => !r.keep);
  return {
    host,
    layout,
    recordDir,
    outputRoot,
    compilation,
    sourceHashes,
    previous,
    files,
    records: records2,
    removals,
    vanished,
    foreign,
    blocked,
    notes,
    changes
  };
}

function layoutOf(read: RecordRead): ExportLayout | undefined {
  return read.status === 'ok' ? read.record.layout : undefined;
}

async function planFile(
  inputs: PlanInputs,
  file: ExportFile,
  outputRoot: string,
  previousFiles: Map<string, string | undefined>,
  blocked: Finding[]
): Promise<PlannedFile | undefined> {
  const { fs, guard, compilation, generatedBy, ownedByRecord, recordPaths } = inputs;
  const host = compilation.host;
  const textual = unsafePathReason(file.path);
  if (textual) {
    blocked.push(refusedFinding(host, joinRepo(outputRoot, file.path), textual));
    return undefined;
  }
  const repoPath = joinRepo(outputRoot, file.path);
  if (recordPaths.has(repoPath)) {
    blocked.push(refusedFinding(host, repoPath, 'it is where an export record is kept'));
    return undefined;
  }
  const { refused, parentMissing } = await guard.inspect(repoPath);
  if (refused) {
    blocked.push(refusedFinding(host, repoPath, refused));
    return undefined;
  }
  const hash = hashOf(file);
  const others = (generatedBy.get(repoPath) ?? []).filter((g) => g.host !== host && g.hash !== hash);
  if (others.length) {
    blocked.push({
      check: 'export',
      rule: 'export-conflict',
      severity: 'error',
      message: `${repoPath} is generated by ${host} and by ${others.map((o) => o.host).join(', ')} with different content; neither export was written`,
      file: repoPath,
      fix: 'Make the hosts agree on this file (it usually comes from the same kit source), or export these hosts in the package layout.'
    });
    return undefined;
  }
  const planned: PlannedFile = { repoPath, path: file.path, content: file.content, hash, sources: file.sources, state: 'add' };
  if (parentMissing) return planned;
  const stat = await fs.lstat(guard.abs(repoPath));
  if (stat === null) return planned;
  if (stat.kind !== 'file') {
    blocked.push(takenFinding(host, repoPath, `a ${stat.kind === 'dir' ? 'folder' : stat.kind} not made by kit-guard is where this file goes`));
    return undefined;
  }
  planned.diskHash = stat.size > MAX_COMPARE_BYTES ? '' : contentHash(await fs.readFile(guard.abs(repoPath)));
  planned.state = planned.diskHash === hash ? 'same' : 'change';
  const owned = previousFiles.has(repoPath) || ownedByRecord.has(repoPath) || (generatedBy.get(repoPath) ?? []).some((g) => g.host !== host);
  if (planned.state === 'change' && !owned) {
    blocked.push(
      inputs.sourcesInRun.has(repoPath)
        ? takenFinding(host, repoPath, 'it is also a kit source, and its text differs from what the export writes (line endings, trailing blank lines)', `Make ${repoPath} match the generated text (one trailing newline, LF line endings), or use the package layout.`)
        : takenFinding(host, repoPath, 'a file not generated by kit-guard is already there')
    );
    return undefined;
  }
  return planned;
}

/** Files in the host's output folders that are neither generated nor recorded by any export. */
async function findForeign(inputs: PlanInputs, generated: Set<string>, previousFiles: Map<string, string | undefined>): Promise<string[]> {
  const { fs, guard, layout, compilation, generatedBy, ownedByRecord, recordPaths } = inputs;
  const recordDir = hostRecordDir(inputs.exportsDir, compilation.host);
  const isOurs = (repoPath: string): boolean =>
    generated.has(repoPath) || previousFiles.has(repoPath) || ownedByRecord.has(repoPath) || generatedBy.has(repoPath) || recordPaths.has(repoPath);
  const out = new Set<string>();

  const walk = async (dir: string, recursive: boolean): Promise<void> => {
    if (await guard.refuse(`${dir}/x`)) return;
    const stat = await fs.lstat(guard.abs(dir));
    if (stat?.kind !== 'dir') return;
    let entries: { name: string; kind: FileStat['kind'] }[];
    try {
      entries = await fs.readdir(guard.abs(dir));
    } catch {
      return;
    }
    for (const entry of entries) {
      if (SCRATCH_NAME.test(entry.name)) continue;
      const repoPath = joinRepo(dir, entry.name);
      if (entry.kind === 'dir') {
        if (recursive && entry.name !== '.git') await walk(repoPath, true);
        continue;
      }
      if (!isOurs(repoPath)) out.add(repoPath);
    }
  };

  await walk(recordDir, true);
  if (layout === 'native') {
    const folders = new Set<string>();
    for (const repoPath of generated) {
      const dir = path.posix.dirname(repoPath);
      const folder = dir === '.' ? '' : dir;
      if (!SHARED_FOLDERS.has(folder) && folder !== recordDir && !folder.startsWith(`${recordDir}/`)) folders.add(folder);
    }
    for (const folder of [...folders].sort(compareCodeUnits)) await walk(folder, false);
  }
  return [...out].sort(compareCodeUnits);
}

function refusedFinding(host: HostId, repoPath: string, reason: string): Finding {
  return {
    check: 'export',
    rule: 'export-path-refused',
    severity: 'error',
    message: `the ${host} export was not written: ${repoPath} is refused because ${reason}`,
    file: repoPath,
    fix: 'Keep export paths inside the repository: replace the symlink or file in the way with a real folder, or change paths.exports.'
  };
}

function takenFinding(host: HostId, repoPath: string, what: string, fix?: string): Finding {
  return {
    check: 'export',
    rule: 'export-path-taken',
    severity: 'error',
    message: `the ${host} export generates ${repoPath}, but ${what}; kit-guard never overwrites files it did not generate, so this export was not written`,
    file: repoPath,
    fix: fix ?? `Move ${repoPath} away (fold any text worth keeping into the kit's sources), then run \`kit-guard export build\`.`
  };
}

// ---------------------------------------------------------------------------
// Build: apply a plan atomically per host
// ---------------------------------------------------------------------------

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
  findings: Finding[];
}

export interface BuildResult {
  hosts: HostBuildResult[];
  /** Repository-relative files added or changed, every host. */
  written: string[];
  /** Repository-relative stale files removed, every host. */
  removed: string[];
  /** Every finding (compile findings included), sorted. */
  findings: Finding[];
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
  const findings: Finding[] = [...plan.findings];
  const guard = new PathGuard(fs, kit.root);
  // Shared files (native layout) written by an earlier host of this run are already in place.
  const writtenInRun = new Map<string, string>();
  for (const hostPlan of plan.hosts) {
    settleAgainstRun(hostPlan, writtenInRun);
    const result = await applyHostPlan(hostPlan, fs, guard);
    if (result.status === 'written') for (const file of hostPlan.files) writtenInRun.set(file.repoPath, file.hash);
    guard.reset();
    hosts.push(result);
    findings.push(...hostPlan.compilation.findings);
  }
  findings.push(...mergeAcrossHosts(hosts));
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
export function mergeAcrossHosts(hosts: readonly { host: HostId; findings: readonly Finding[] }[]): Finding[] {
  const out: Finding[] = [];
  const byKey = new Map<string, { finding: Finding; others: HostId[] }>();
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
    result.findings.push(...plan.blocked);
    return result;
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
  await recoverScratch(fs, parent, base, hostDir);

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
 * Only folders holding our marker file (or named as our old trees) are touched.
 */
async function recoverScratch(fs: FileWriter, parent: string, base: string, hostDir: string): Promise<void> {
  let entries: { name: string; kind: FileStat['kind'] }[];
  try {
    entries = await fs.readdir(parent);
  } catch {
    return;
  }
  const stagePrefix = `.${base}.kit-guard-stage-`;
  const oldPrefix = `.${base}.kit-guard-old-`;
  for (const entry of entries) {
    if (entry.kind !== 'dir') continue;
    const abs = path.join(parent, entry.name);
    if (entry.name.startsWith(stagePrefix) && (await fs.lstat(path.join(abs, SCRATCH_MARKER))) !== null) await fs.remove(abs);
    else if (entry.name.startsWith(oldPrefix) && SCRATCH_NAME.test(entry.name)) {
      if ((await fs.lstat(hostDir)) === null) await fs.rename(abs, hostDir);
      else await fs.remove(abs);
    }
  }
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
