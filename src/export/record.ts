import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { shippedSchema } from '../schema/shipped.js';
import { compileSchema } from '../schema/validate.js';
import type { ExportFile, ExportFinding, HostCompilation, HostId } from './types.js';
import { isRecord } from '../model/guards.js';

/**
 * The per-host export record: which files a build generated, from which sources, with
 * hashes. Two JSON files in `<paths.exports>/hosts/<host>/`, keeping the seed's file
 * names and field names so records written by the seed's own tool are understood:
 *
 * - `host-package.json`: `host`, `sources` (list), `files` (list); we add `layout`.
 * - `export.manifest.json`: `host`, `source_hashes` (source -> sha256); we add `files`
 *   (generated file -> sha256) and `generator`.
 *
 * In the package layout `files` are relative to the host folder (as in the seed); in the
 * native layout they are repository-relative, because the files live where the host reads them.
 */

export const HOST_PACKAGE_FILE = 'host-package.json';
export const EXPORT_MANIFEST_FILE = 'export.manifest.json';
export const RECORD_FILES: readonly string[] = [HOST_PACKAGE_FILE, EXPORT_MANIFEST_FILE];

/** Version of the record format we write; bumped when its meaning changes. */
export const RECORD_FORMAT = 1;

export type ExportLayout = 'package' | 'native';

/** `host-package.json` as we write it (seed fields plus `layout`). */
export interface HostPackageRecord {
  host: HostId;
  layout: ExportLayout;
  sources: string[];
  files: string[];
}

/** Who wrote a record. */
export interface GeneratorInfo {
  name: string;
  version: string;
  format: number;
}

/** `export.manifest.json` as we write it (seed fields plus `files` and `generator`). */
export interface ExportManifestRecord {
  host: HostId;
  source_hashes: Record<string, string>;
  files: Record<string, string>;
  generator: GeneratorInfo;
}

/** A record read back from disk, with `files` resolved to repository-relative paths. */
export interface HostRecord {
  host: HostId;
  layout: ExportLayout;
  /** Repository-relative folder holding the two record files. */
  dir: string;
  sources: string[];
  sourceHashes: Record<string, string>;
  /** Generated files, repository-relative -> sha256 of the text as generated; the hash is undefined for records without `files` hashes (the seed's). */
  files: Map<string, string | undefined>;
  /** True when the record carries per-file hashes (ours); false for the seed's. */
  hasFileHashes: boolean;
  generator?: GeneratorInfo;
}

/** Outcome of reading one host's record. */
export type RecordRead =
  | { status: 'ok'; record: HostRecord; findings: ExportFinding[] }
  | { status: 'missing'; dir: string; findings: ExportFinding[] }
  /** Present but unusable; `owned` still lists every generated file any readable part named, so nothing listed is treated as foreign. */
  | { status: 'invalid'; dir: string; owned: Map<string, string | undefined>; findings: ExportFinding[] };

/** Hex sha256 of a text (as UTF-8) or of raw bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Hash of a file's bytes as a generated-file comparison sees them: CRLF line endings
 * (a Windows checkout with `core.autocrlf`) count as LF, so they are not reported as edits.
 */
export function contentHash(data: Uint8Array): string {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (!buffer.includes(13)) return sha256(buffer);
  return sha256(buffer.toString('utf8').replace(/\r\n/g, '\n'));
}

/** JSON with keys sorted at every level, 2-space indent and a trailing newline: the same bytes on every run. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort(compareCodeUnits)) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** Locale-independent order, so records never depend on the machine's locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

let cachedGenerator: GeneratorInfo | undefined;

/** Our package name and version (from the package.json above this module), and the record format. */
export function generatorInfo(): GeneratorInfo {
  if (cachedGenerator) return cachedGenerator;
  let version = '0.0.0';
  let name = 'kit-guard';
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown; version?: unknown };
        if (pkg.name === 'kit-guard') {
          name = pkg.name;
          if (typeof pkg.version === 'string') version = pkg.version;
          break;
        }
      } catch {
        // an unreadable package.json further up is not ours; keep looking
      }
    }
    dir = path.dirname(dir);
  }
  cachedGenerator = { name, version, format: RECORD_FORMAT };
  return cachedGenerator;
}

/** Repository-relative folder of a host's record (and, in the package layout, of its files). */
export function hostRecordDir(exportsDir: string, host: HostId): string {
  const base = exportsDir.replace(/\/+$/, '');
  return base ? `${base}/hosts/${host}` : `hosts/${host}`;
}

/** Repository-relative folder a host's generated paths are relative to: its record folder, or the kit root in the native layout. */
export function hostOutputRoot(layout: ExportLayout, recordDir: string): string {
  return layout === 'package' ? recordDir : '';
}

/** Joins a root and a relative path ('' root: the path itself). */
export function joinRepo(root: string, rel: string): string {
  return root ? `${root}/${rel}` : rel;
}

/** The two record texts a build writes for a compilation. */
export interface RenderedRecord {
  hostPackage: HostPackageRecord;
  exportManifest: ExportManifestRecord;
  /** Record file name -> text. */
  texts: Map<string, string>;
}

/**
 * Builds a host's record. `fileHashes` maps each generated file's path relative to the
 * host's output root to the sha256 of its text; `sourceHashes` maps kit sources to theirs.
 */
export function renderRecord(
  compilation: HostCompilation,
  layout: ExportLayout,
  sourceHashes: Record<string, string>,
  hash: (file: ExportFile) => string = (file) => sha256(file.content)
): RenderedRecord {
  const files = compilation.files.map((f) => f.path).sort(compareCodeUnits);
  const fileHashes: Record<string, string> = {};
  for (const file of compilation.files) fileHashes[file.path] = hash(file);
  const hostPackage: HostPackageRecord = { host: compilation.host, layout, sources: [...compilation.sources].sort(compareCodeUnits), files };
  const exportManifest: ExportManifestRecord = { host: compilation.host, source_hashes: sourceHashes, files: fileHashes, generator: generatorInfo() };
  return {
    hostPackage,
    exportManifest,
    texts: new Map([
      [HOST_PACKAGE_FILE, stableJson(hostPackage)],
      [EXPORT_MANIFEST_FILE, stableJson(exportManifest)]
    ])
  };
}

/**
 * The record text with the generator left out, for "would a build change this record?"
 * comparisons that must not flag a kit-guard upgrade on its own.
 */
export function recordComparable(text: string): string | undefined {
  try {
    const data = JSON.parse(text) as unknown;
    if (data && typeof data === 'object' && !Array.isArray(data)) {
      const copy = { ...(data as Record<string, unknown>) };
      delete copy.generator;
      return stableJson(copy);
    }
  } catch {
    // not JSON: not comparable
  }
  return undefined;
}

/**
 * A path from a record or a compiler, checked as data: repository-relative, `/`
 * separators, no `.`/`..`/empty segments, no backslash or NUL, nothing under `.git`.
 * Returns the reason it is refused, or undefined when it is safe.
 */
export function unsafePathReason(rel: string): string | undefined {
  // regular expressions rather than split(): this runs for every generated and recorded file
  if (rel === '') return 'it is empty';
  if (rel.includes('\0')) return 'it contains a NUL character';
  if (rel.includes('\\')) return 'it contains a backslash';
  if (rel.startsWith('/') || DRIVE.test(rel)) return 'it is absolute';
  if (PARENT_SEGMENT.test(rel)) return 'it climbs out with ".."';
  if (EMPTY_OR_DOT_SEGMENT.test(rel)) return 'it has an empty or "." segment';
  if (GIT_SEGMENT.test(rel)) return 'it is inside .git';
  return undefined;
}

const DRIVE = /^[A-Za-z]:/;
const PARENT_SEGMENT = /(?:^|\/)\.\.(?:\/|$)/;
const EMPTY_OR_DOT_SEGMENT = /\/\/|\/$|(?:^|\/)\.(?:\/|$)/;
const GIT_SEGMENT = /(?:^|\/)\.git(?:\/|$)/i;

interface RawRead {
  /** Text, or null when the file does not exist. */
  text: string | null;
  /** Set when the file exists but could not be read. */
  error?: string;
}

/**
 * Parses a host's record from the texts of its two files. Never throws: a missing,
 * unreadable, non-JSON or schema-invalid record becomes a finding, and record paths that
 * would leave the repository are dropped with a finding (a record is data, and a
 * tampered one must not make a build delete files outside its outputs).
 */
export function parseRecord(host: HostId, dir: string, hostPackageRaw: RawRead, manifestRaw: RawRead): RecordRead {
  const findings: ExportFinding[] = [];
  const pkgFile = `${dir}/${HOST_PACKAGE_FILE}`;
  const manFile = `${dir}/${EXPORT_MANIFEST_FILE}`;
  if (hostPackageRaw.text === null && manifestRaw.text === null && !hostPackageRaw.error && !manifestRaw.error) {
    return { status: 'missing', dir, findings: [recordMissing(host, dir, `the ${host} export record (${pkgFile}, ${manFile}) does not exist`)] };
  }

  const pkg = parseJsonRecord(hostPackageRaw, pkgFile, 'host-package', host, findings);
  const man = parseJsonRecord(manifestRaw, manFile, 'export-manifest', host, findings);
  const layout: ExportLayout = pkg && pkg.layout === 'native' ? 'native' : 'package';
  const root = hostOutputRoot(layout, dir);

  // Ownership is the union of what either file names, so a half-readable record still protects.
  const files = new Map<string, string | undefined>();
  const addFile = (rel: unknown, hash: string | undefined, from: string): void => {
    if (typeof rel !== 'string') return;
    const reason = unsafePathReason(rel);
    if (reason) {
      findings.push({
        check: 'export',
        rule: 'export-record-invalid',
        severity: 'error',
        message: `the ${host} export record lists "${rel}", which was ignored because ${reason}`,
        file: from,
        fix: `Delete ${dir} and run \`kit-guard export build\` to write a fresh record.`
      });
      return;
    }
    const repoPath = joinRepo(root, rel);
    if (hash !== undefined || !files.has(repoPath)) files.set(repoPath, hash ?? files.get(repoPath));
  };
  if (pkg && Array.isArray(pkg.files)) for (const rel of pkg.files) addFile(rel, undefined, pkgFile);
  const manifestFiles = man && isRecord(man.files) ? (man.files as Record<string, unknown>) : undefined;
  if (manifestFiles) {
    for (const [rel, hash] of Object.entries(manifestFiles)) addFile(rel, typeof hash === 'string' ? hash : undefined, manFile);
  }

  if (!pkg || !man) {
    if (hostPackageRaw.text === null && !hostPackageRaw.error) findings.push(recordMissing(host, dir, `${pkgFile} does not exist, though ${manFile} does`));
    if (manifestRaw.text === null && !manifestRaw.error) findings.push(recordMissing(host, dir, `${manFile} does not exist, though ${pkgFile} does`));
    return { status: 'invalid', dir, owned: files, findings };
  }

  const sourceHashes: Record<string, string> = {};
  if (isRecord(man.source_hashes)) {
    for (const [source, hash] of Object.entries(man.source_hashes as Record<string, unknown>)) if (typeof hash === 'string') sourceHashes[source] = hash;
  }
  const record: HostRecord = {
    host,
    layout,
    dir,
    sources: Array.isArray(pkg.sources) ? pkg.sources.filter((s): s is string => typeof s === 'string') : Object.keys(sourceHashes),
    sourceHashes,
    files,
    hasFileHashes: manifestFiles !== undefined
  };
  const generator = man.generator;
  if (isRecord(generator)) {
    const g = generator as Record<string, unknown>;
    if (typeof g.name === 'string' && typeof g.version === 'string' && typeof g.format === 'number') record.generator = { name: g.name, version: g.version, format: g.format };
  }
  return findings.length ? { status: 'invalid', dir, owned: files, findings } : { status: 'ok', record, findings };
}

function parseJsonRecord(raw: RawRead, file: string, schemaName: string, host: HostId, findings: ExportFinding[]): Record<string, unknown> | undefined {
  const dir = path.posix.dirname(file);
  if (raw.error) {
    findings.push(recordMissing(host, dir, `${file} could not be read (${raw.error})`, file));
    return undefined;
  }
  if (raw.text === null) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(raw.text.charCodeAt(0) === 0xfeff ? raw.text.slice(1) : raw.text);
  } catch (error) {
    findings.push(recordMissing(host, dir, `${file} is not valid JSON (${error instanceof Error ? error.message : String(error)})`, file));
    return undefined;
  }
  const validate = compileSchema(shippedSchema(schemaName));
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`).join('; ');
    findings.push({
      check: 'export',
      rule: 'export-record-invalid',
      severity: 'error',
      message: `${file} does not match the ${schemaName} schema: ${problems}`,
      file,
      fix: `Delete ${dir} and run \`kit-guard export build\` to write a fresh record.`
    });
    return undefined;
  }
  const record = data as Record<string, unknown>;
  if (record.host !== host) {
    findings.push({
      check: 'export',
      rule: 'export-record-invalid',
      severity: 'error',
      message: `${file} says host "${String(record.host)}" but sits in the ${host} folder`,
      file,
      fix: `Delete ${dir} and run \`kit-guard export build\` to write a fresh record.`
    });
    return undefined;
  }
  return record;
}

function recordMissing(host: HostId, dir: string, message: string, file?: string): ExportFinding {
  return {
    check: 'export',
    rule: 'export-record-missing',
    severity: 'error',
    message,
    file: file ?? `${dir}/${HOST_PACKAGE_FILE}`,
    fix: `Run \`kit-guard export build\` to generate the ${host} export and its record.`
  };
}

