import { closeSync, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';

/** What a case-exact lookup found. `actual` is set when only another letter case exists. */
export interface PathLookup {
  kind: 'file' | 'dir' | 'missing';
  /** The repository-relative path as spelled on disk, when the lookup matched only case-insensitively. */
  actual?: string;
}

/** Result of reading a file: its text, or why it could not be read. */
export type ReadResult = { ok: true; text: string } | { ok: false; reason: 'missing' | 'outside' | 'too-large' | 'unreadable'; message: string };

/** Directories never walked: version control and dependency trees. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

/** Default bound on a single file read (bytes); larger files are refused with a finding, not read. */
export const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;

/**
 * A read-only view of a repository on disk. Every path is repository-relative with `/`
 * separators; a path that would leave the repository is refused and never read.
 * Lookups are case-exact on every OS, so a link that only works on a case-insensitive
 * file system is caught on a laptop too.
 */
export class RepoView {
  readonly root: string;
  private readonly realRoot: string;
  private readonly entries = new Map<string, Map<string, boolean> | null>();
  private fileList: string[] | undefined;
  private readonly textCache = new Map<string, ReadResult>();

  constructor(root: string, readonly maxFileBytes = DEFAULT_MAX_FILE_BYTES) {
    this.root = path.resolve(root);
    this.realRoot = safeRealpath(this.root) ?? this.root;
  }

  /**
   * Normalises a repository-relative path (or one relative to `fromFile`'s folder) to
   * `a/b/c` form. Returns null when the result would leave the repository.
   * A leading `/` means the repository root, as on GitHub.
   */
  normalize(target: string, fromFile?: string): string | null {
    if (fromFile === undefined && isNormalRelative(target)) return target; // already `a/b/c`: the common case for reads
    const base = target.startsWith('/') || fromFile === undefined ? '' : path.posix.dirname(fromFile);
    // posix.normalize on an absolute path never climbs above '/', so detect escapes by counting
    // (first: `../../..` that lands exactly on '/' still leaves the repository).
    if (escapes(path.posix.join(base, target.replace(/^\/+/, '')))) return null;
    const joined = path.posix.normalize(path.posix.join('/', base, target));
    if (joined === '/') return '';
    return joined.replace(/^\/+/, '').replace(/\/+$/, '');
  }

  /** Case-exact lookup of a repository-relative path. */
  lookup(rel: string): PathLookup {
    if (rel === '' || rel === '.') return { kind: 'dir' };
    const segments = rel.split('/');
    let dir = '';
    let actual = '';
    let mismatched = false;
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i] as string;
      const names = this.dirEntries(dir);
      if (!names) return { kind: 'missing' };
      let isDir = names.get(seg);
      let name = seg;
      if (isDir === undefined) {
        const lower = seg.toLowerCase();
        const alt = [...names.keys()].find((n) => n.toLowerCase() === lower);
        if (alt === undefined) return { kind: 'missing' };
        isDir = names.get(alt);
        name = alt;
        mismatched = true;
      }
      actual = actual ? `${actual}/${name}` : name;
      dir = actual;
      if (i < segments.length - 1 && !isDir) return { kind: 'missing' };
      if (i === segments.length - 1) {
        const kind = isDir ? 'dir' : 'file';
        return mismatched ? { kind: 'missing', actual } : { kind };
      }
    }
    return { kind: 'missing' };
  }

  /** True when the exact path exists as a file or directory. */
  exists(rel: string): boolean {
    return this.lookup(rel).kind !== 'missing';
  }

  /** Names in a directory (name -> isDirectory), or null when it is not a directory. */
  dirEntries(rel: string): Map<string, boolean> | null {
    const cached = this.entries.get(rel);
    if (cached !== undefined) return cached;
    let result: Map<string, boolean> | null = null;
    try {
      const abs = rel ? path.join(this.root, rel) : this.root;
      result = new Map();
      for (const entry of readdirSync(abs, { withFileTypes: true })) {
        let isDir = entry.isDirectory();
        if (entry.isSymbolicLink()) {
          const target = this.insideTarget(path.join(abs, entry.name));
          if (target === null) continue; // a link leaving the repository is treated as absent
          try {
            isDir = statSync(target).isDirectory();
          } catch {
            continue; // dangling link
          }
        }
        result.set(entry.name, isDir);
      }
    } catch {
      result = null;
    }
    this.entries.set(rel, result);
    return result;
  }

  /**
   * Reads a repository file as UTF-8 (BOM removed), refusing paths outside the repository
   * and oversized files. Results are kept for the next read of the same path, unless
   * `keep` is false: a caller that reads many files once (and keeps what it derives from
   * them) passes false, so their texts are not all held in memory.
   */
  read(rel: string, options?: { keep?: boolean }): ReadResult {
    const cached = this.textCache.get(rel);
    if (cached) return cached;
    const result = this.readUncached(rel);
    if (options?.keep !== false) this.textCache.set(rel, result);
    return result;
  }

  /** Text of a file, or undefined when it cannot be read. */
  readText(rel: string): string | undefined {
    const result = this.read(rel);
    return result.ok ? result.text : undefined;
  }

  /** Every file in the repository (skipping .git and node_modules), sorted. */
  files(): readonly string[] {
    if (this.fileList) return this.fileList;
    const out: string[] = [];
    const walk = (dir: string): void => {
      const names = this.dirEntries(dir);
      if (!names) return;
      for (const [name, isDir] of names) {
        const rel = dir ? `${dir}/${name}` : name;
        if (isDir) {
          if (!SKIPPED_DIRS.has(name)) walk(rel);
        } else out.push(rel);
      }
    };
    walk('');
    out.sort();
    this.fileList = out;
    return out;
  }

  /** Files matching any of the globs and none of the excludes (picomatch syntax, dotfiles included). */
  glob(patterns: readonly string[], exclude: readonly string[] = []): string[] {
    if (patterns.length === 0) return [];
    const include = picomatch(patterns as string[], { dot: true });
    const skip = exclude.length ? picomatch(exclude as string[], { dot: true }) : () => false;
    return this.files().filter((f) => include(f) && !skip(f));
  }

  /** True when a directory holds at least one file (Git stores no empty directories). */
  hasFilesUnder(dir: string): boolean {
    const names = this.dirEntries(dir);
    if (!names) return false;
    for (const [name, isDir] of names) {
      if (!isDir) return true;
      if (this.hasFilesUnder(dir ? `${dir}/${name}` : name)) return true;
    }
    return false;
  }

  /** Absolute path for a repository-relative one (for writers and git; checks use read/lookup). */
  absolute(rel: string): string {
    if (!rel) return this.root;
    // a normalised relative path only needs joining (path.join would normalise it again, per read)
    if (path.sep === '/' && isNormalRelative(rel)) return this.root === '/' ? `/${rel}` : `${this.root}/${rel}`;
    return path.join(this.root, ...rel.split('/'));
  }

  private readUncached(rel: string): ReadResult {
    const normal = this.normalize(rel);
    if (normal === null) return { ok: false, reason: 'outside', message: `${rel} leaves the repository; it was not read` };
    // Reads go through the case-exact lookup. Its directory walk already drops links that
    // leave the repository, so a found path is safe to read without a realpath per file.
    const found = this.lookup(normal);
    if (found.kind !== 'file') {
      if (found.kind === 'dir') return { ok: false, reason: 'unreadable', message: `${rel} is a directory` };
      const abs = this.absolute(normal);
      if (this.insideTarget(abs) === null) return { ok: false, reason: 'outside', message: `${rel} resolves outside the repository; it was not read` };
      return { ok: false, reason: 'missing', message: found.actual ? `${rel} does not exist (found ${found.actual} in another letter case)` : `${rel} does not exist` };
    }
    const real = this.absolute(normal);
    try {
      const read = readBounded(real, this.maxFileBytes);
      if (typeof read === 'number') {
        return { ok: false, reason: 'too-large', message: `${rel} is ${read} bytes, over the ${this.maxFileBytes}-byte limit; it was not read` };
      }
      const text = read.charCodeAt(0) === 0xfeff ? read.slice(1) : read;
      return { ok: true, text };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { ok: false, reason: 'missing', message: `${rel} does not exist` };
      return { ok: false, reason: 'unreadable', message: `${rel} could not be read (${code ?? String(error)})` };
    }
  }

  /** The real path of `abs` when it stays inside the repository, else null (missing files resolve to themselves). */
  private insideTarget(abs: string): string | null {
    const real = safeRealpath(abs);
    if (real === null) return abs.startsWith(this.root) ? abs : null;
    const relative = path.relative(this.realRoot, real);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
    return real;
  }
}

/** Reused across reads (reads are synchronous), grown as needed up to the largest file read. */
let readBuffer = Buffer.allocUnsafe(64 * 1024);

/**
 * Reads a file as UTF-8 with one open and as few reads as its size needs, never more
 * than `maxBytes + 1` bytes: a larger file returns its size (from fstat) instead of its
 * text. Cheaper than stat + readFile, and a huge file is refused without being read whole.
 */
function readBounded(file: string, maxBytes: number): string | number {
  const fd = openSync(file, 'r');
  try {
    const cap = maxBytes + 1;
    let length = 0;
    for (;;) {
      if (length >= cap) return fstatSync(fd).size;
      if (length === readBuffer.length) {
        const bigger = Buffer.allocUnsafe(Math.min(readBuffer.length * 2, cap));
        readBuffer.copy(bigger, 0, 0, length);
        readBuffer = bigger;
      }
      const got = readSync(fd, readBuffer, length, Math.min(readBuffer.length, cap) - length, null);
      if (got === 0) break;
      length += got;
    }
    return readBuffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}

function safeRealpath(p: string): string | null {
  try {
    // the native call is one realpath(3) instead of an lstat per path segment: reads are ~2x cheaper
    return realpathSync.native(p);
  } catch {
    return null;
  }
}

/** True for `a/b/c`: no empty, `.` or `..` segment, no leading or trailing `/`. */
function isNormalRelative(rel: string): boolean {
  let start = 0;
  const n = rel.length;
  for (let i = 0; i <= n; i++) {
    if (i < n && rel.charCodeAt(i) !== 47) continue;
    const length = i - start;
    if (length === 0) return false;
    if (rel.charCodeAt(start) === 46 && (length === 1 || (length === 2 && rel.charCodeAt(start + 1) === 46))) return false;
    start = i + 1;
  }
  return true;
}

/** True when a relative posix path climbs above its starting folder at any point. */
function escapes(rel: string): boolean {
  let depth = 0;
  for (const seg of rel.split('/')) {
    if (seg === '..') {
      depth--;
      if (depth < 0) return true;
    } else if (seg !== '.' && seg !== '') depth++;
  }
  return false;
}
