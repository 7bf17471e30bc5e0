import { closeSync, fstatSync, openSync, readdirSync, readlinkSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { compileSafeGlobs, PATH_GLOB_OPTIONS } from '../pattern/safe-regex.js';

/** What a case-exact lookup found. `actual` is set when only another letter case exists. */
export interface PathLookup {
  kind: 'file' | 'dir' | 'missing';
  /** The repository-relative path as spelled on disk, when the lookup matched only case-insensitively. */
  actual?: string;
  /** Set when the path runs through a symbolic link whose target is outside the repository: the link (repository-relative) and its target. */
  outsideLink?: { link: string; target: string };
}

/** Result of reading a file: its text, or why it could not be read. */
export type ReadResult =
  | { ok: true; text: string }
  | { ok: false; reason: 'missing' | 'outside' | 'too-large' | 'unreadable'; message: string }
  /** Bytes that are not UTF-8: the text is not returned (it would hold U+FFFD), only where the first bad byte is. */
  | { ok: false; reason: 'encoding'; message: string; line: number; column: number };

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

  /**
   * Texts that stand in for files on disk (repository-relative path -> text), so checks can
   * run on proposed new contents (the fix engine) without writing them. Only existing files
   * are overlaid; lookups and listings still come from disk.
   */
  private readonly overlay: ReadonlyMap<string, string> | undefined;

  constructor(root: string, readonly maxFileBytes = DEFAULT_MAX_FILE_BYTES, overlay?: ReadonlyMap<string, string>) {
    this.root = path.resolve(root);
    this.overlay = overlay && overlay.size > 0 ? overlay : undefined;
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

  /** Symbolic links (repository-relative) whose targets leave the repository, with their targets. */
  private readonly outsideLinks = new Map<string, string>();

  /** The real path of a repository folder, undefined when it cannot be resolved. */
  private realDir(rel: string): string | undefined {
    try {
      return realpathSync.native(rel ? path.join(this.root, rel) : this.root);
    } catch {
      return undefined;
    }
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
        const here = dir ? `${dir}/${seg}` : seg;
        const outside = this.outsideLinks.get(here);
        if (outside !== undefined) return { kind: 'missing', outsideLink: { link: here, target: outside } };
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
          if (target === null) {
            // a link leaving the repository is treated as absent, but remembered so a lookup can say why
            this.outsideLinks.set(rel ? `${rel}/${entry.name}` : entry.name, linkTarget(path.join(abs, entry.name)));
            continue;
          }
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
    // a symbolic link to a folder already on the way down (`docs/loop -> .`) is a loop: listed once, never walked again
    const walk = (dir: string, ancestors: ReadonlySet<string>): void => {
      const names = this.dirEntries(dir);
      if (!names) return;
      for (const [name, isDir] of names) {
        const rel = dir ? `${dir}/${name}` : name;
        if (isDir) {
          if (SKIPPED_DIRS.has(name)) continue;
          const real = this.realDir(rel);
          if (real === undefined || ancestors.has(real)) continue;
          walk(rel, new Set([...ancestors, real]));
        } else out.push(rel);
      }
    };
    walk('', new Set([this.realDir('') ?? this.root]));
    out.sort();
    this.fileList = out;
    return out;
  }

  /** Files matching any of the globs and none of the excludes (picomatch syntax, dotfiles included; run on RE2, see pattern/safe-regex). */
  glob(patterns: readonly string[], exclude: readonly string[] = []): string[] {
    if (patterns.length === 0) return [];
    const include = compileSafeGlobs(patterns, PATH_GLOB_OPTIONS);
    const skip = compileSafeGlobs(exclude, PATH_GLOB_OPTIONS);
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
    const overlaid = this.overlay?.get(normal);
    if (overlaid !== undefined && this.lookup(normal).kind === 'file') return { ok: true, text: overlaid.charCodeAt(0) === 0xfeff ? overlaid.slice(1) : overlaid };
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
      if (typeof read !== 'string') {
        const { line, column, offset } = read;
        return { ok: false, reason: 'encoding', message: `${rel} is not valid UTF-8: byte ${offset} (line ${line}, column ${column}) starts no valid character`, line, column };
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
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes UTF-8 strictly. Bytes that are not UTF-8 give the position of the first bad
 * byte (1-based line, UTF-16 column as everywhere in findings; a BOM does not count).
 */
export function decodeUtf8(bytes: Uint8Array): string | { line: number; column: number; offset: number } {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const lineStart = bytes.lastIndexOf(0x0a, offset - 1) + 1;
    const line = countByte(bytes, 0x0a, offset) + 1;
    const bomLength = line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    const before = new TextDecoder('utf-8').decode(bytes.subarray(lineStart + bomLength, offset));
    return { line, column: before.length + 1, offset };
  }
}

function countByte(bytes: Uint8Array, value: number, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === value) count++;
  return count;
}

/** Offset of the first byte that does not start (or continue) a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    let need = 0;
    let min = 0;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= bytes.length) return i; // cut short at the end of the file
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k] as number;
      if ((c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}

function readBounded(file: string, maxBytes: number): string | number | { line: number; column: number; offset: number } {
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
    return decodeUtf8(readBuffer.subarray(0, length));
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

/** What a symbolic link points at, as written (for messages). */
function linkTarget(abs: string): string {
  try {
    return readlinkSync(abs);
  } catch {
    return '?';
  }
}
