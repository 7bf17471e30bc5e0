// Planning: what a build would write, change and remove for each host, shared by the build
// (write.ts) and the drift check (check.ts). Reads the disk, never writes.
import path from 'node:path';
import { isVirtualPath, type Kit } from '../kit/load.js';
import { buildCanonicalKit } from './canonical.js';
import { compileKit, compileModel, manifestProblems, outputRoot, resolveCompileOptions } from './compile.js';
import { compareCodeUnits, contentHash, EXPORT_MANIFEST_FILE, generatorInfo, HOST_PACKAGE_FILE, hostOutputRoot, hostRecordDir, joinRepo, parseRecord, RECORD_FILES, renderRecord, sha256, unsafePathReason, type ExportLayout, type RecordRead } from './record.js';
import { HOST_IDS, isHostId } from './hosts/index.js';
import type { ExportFile, ExportFinding, HostCompilation, HostId } from './types.js';
import { nodeFileWriter, type FileReader, type FileStat } from './fs.js';
import { MAX_COMPARE_BYTES, PathGuard, SCRATCH_NAME, SHARED_FOLDERS } from './path-guard.js';

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
  /** The text on disk, kept for record files (to compare records without their generator) and changed files (for drift edits). */
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
  blocked: ExportFinding[];
  /** Findings to report that do not block (foreign files, kept orphans). */
  notes: ExportFinding[];
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
  findings: ExportFinding[];
}

/**
 * Compiles the hosts to export: the requested ones, else the compiler's choice
 * (`exports.hosts`, else the manifest's export targets). The canonical model is built
 * once for all hosts. Findings about the host list itself are returned beside.
 */
export function compileSelected(kit: Kit, requested?: readonly string[]): { compilations: HostCompilation[]; findings: ExportFinding[] } {
  const broken = manifestProblems(kit);
  if (broken.length) return { compilations: [], findings: broken };
  if (!requested || requested.length === 0) {
    const compiled = compileKit(kit);
    return { compilations: [...compiled], findings: [...compiled.findings] };
  }
  const findings: ExportFinding[] = [];
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
export function exportsDirOf(kit: Kit): { dir?: string; finding?: ExportFinding } {
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
  const blocked: ExportFinding[] = [];
  const notes: ExportFinding[] = [];

  // In the native layout the record folder holds only kit-guard's record. When another
  // exporter's record (the seed's export.manifest.json, and the package it describes) is
  // there, writing ours would take that record over and strand its files: refused until
  // the folder is removed.
  const foreignRecord = layout === 'native' ? foreignExporterRecord(previous) : undefined;
  if (foreignRecord) blocked.push(foreignRecordFinding(host, recordDir, foreignRecord));

  // A source that does not parse would look deleted: its generated files would be removed in
  // every host. The build keeps this host's previous export instead, and the check fails.
  for (const source of compilation.failedSources ?? []) {
    blocked.push({
      check: 'export',
      rule: 'export-source-failed',
      severity: 'error',
      message: `${source} could not be read or parsed (see the error there), so the ${host} export was not rebuilt: its previous generated files are kept as they were`,
      file: source,
      fix: `Fix ${source}, then run \`kit-guard export build\`.`
    });
  }

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

  const recordedByKitGuard = previous.status === 'ok' && previous.record.generator?.name === generatorInfo().name;
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
    // Only a file kit-guard recorded, with the hash it still has, is provably ours: another
    // exporter's record (the seed's export.manifest.json) in the same folder never is.
    const provablyOurs = recordedByKitGuard && recordedHash !== undefined && diskHash === recordedHash;
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
            : !recordedByKitGuard
              ? `${repoPath} is listed by ${recordDir}/export.manifest.json, which another exporter wrote, and kit-guard does not generate it; the build leaves it in place`
              : `${repoPath} is listed by the ${host} export record but is not generated any more; the record has no hash proving it is unchanged, so the build leaves it in place`,
        file: repoPath,
        fix: `Delete ${repoPath} if nothing needs it (move any change worth keeping into the kit's sources first).`
      });
    }
  }

  // scratch folders of a killed or failed build (`.claude.kit-guard-old-<pid>-<n>`): said, and removed by the next build
  if (layout === 'package') {
    const parentDir = path.posix.dirname(recordDir);
    const scratchPrefix = `.${path.posix.basename(recordDir)}.kit-guard-`;
    let siblings: { name: string; kind: FileStat['kind'] }[] = [];
    try {
      siblings = (await fs.lstat(guard.abs(parentDir)))?.kind === 'dir' ? await fs.readdir(guard.abs(parentDir)) : [];
    } catch {
      siblings = [];
    }
    for (const entry of siblings) {
      if (entry.kind !== 'dir' || !entry.name.startsWith(scratchPrefix) || !SCRATCH_NAME.test(entry.name)) continue;
      const repoPath = joinRepo(parentDir, entry.name);
      notes.push({
        check: 'export',
        rule: 'export-scratch-left',
        severity: 'notice',
        message: `${repoPath} was left by an interrupted ${host} build`,
        file: repoPath,
        fix: `\`kit-guard export build\` removes it; or remove it by hand: rm -rf '${repoPath.replace(/'/g, `'\\''`)}'`
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

async function planFile(
  inputs: PlanInputs,
  file: ExportFile,
  outputRoot: string,
  previousFiles: Map<string, string | undefined>,
  blocked: ExportFinding[]
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
  const bytes = stat.size > MAX_COMPARE_BYTES ? undefined : await fs.readFile(guard.abs(repoPath));
  planned.diskHash = bytes ? contentHash(bytes) : '';
  planned.state = planned.diskHash === hash ? 'same' : 'change';
  // a changed file's text, so its drift can carry the edits a review suggests
  if (bytes && planned.state === 'change') planned.diskText = Buffer.from(bytes).toString('utf8');
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

/**
 * Who wrote a record kit-guard did not write: undefined when there is none or it is ours.
 * A readable record without kit-guard's generator is another exporter's (the seed's has no
 * generator at all).
 */
export function foreignExporterRecord(read: RecordRead): { generator?: string } | undefined {
  if (read.status !== 'ok') return undefined;
  const name = read.record.generator?.name;
  if (name === generatorInfo().name) return undefined;
  return name === undefined ? {} : { generator: name };
}

function foreignRecordFinding(host: HostId, recordDir: string, foreign: { generator?: string }): ExportFinding {
  const by = foreign.generator ? `${foreign.generator}` : 'another exporter (its record has no kit-guard generator)';
  return {
    check: 'export',
    rule: 'export-path-taken',
    severity: 'error',
    message: `the ${host} export was not written: ${recordDir} holds an export written by ${by}, and the native layout keeps kit-guard's record there; kit-guard never takes over or removes another exporter's files`,
    file: recordDir,
    fix: `Remove ${recordDir} first (e.g. \`git rm -r ${recordDir}\`; copy out anything worth keeping into the kit's sources), then run \`kit-guard export build\`.`
  };
}

function refusedFinding(host: HostId, repoPath: string, reason: string): ExportFinding {
  return {
    check: 'export',
    rule: 'export-path-refused',
    severity: 'error',
    message: `the ${host} export was not written: ${repoPath} is refused because ${reason}`,
    file: repoPath,
    fix: 'Keep export paths inside the repository: replace the symlink or file in the way with a real folder, or change paths.exports.'
  };
}

function takenFinding(host: HostId, repoPath: string, what: string, fix?: string): ExportFinding {
  return {
    check: 'export',
    rule: 'export-path-taken',
    severity: 'error',
    message: `the ${host} export generates ${repoPath}, but ${what}; kit-guard never overwrites files it did not generate, so this export was not written`,
    file: repoPath,
    fix: fix ?? `Move ${repoPath} away (fold any text worth keeping into the kit's sources), then run \`kit-guard export build\`.`
  };
}
