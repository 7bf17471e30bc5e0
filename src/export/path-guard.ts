// Which repository paths the export writer may touch: safe as text, no folder on the way a symlink
// leaving the repository; plus the names of its own scratch files.
import path from 'node:path';
import { unsafePathReason } from './record.js';
import type { FileReader } from './fs.js';

/** Folders shared with much else, where files beside ours are not reported as foreign. */
export const SHARED_FOLDERS = new Set(['', '.github', '.vscode']);

/** Names of our own scratch files and folders (staged trees, backups), never reported as foreign. */
export const SCRATCH_NAME = /\.kit-guard-(stage|backup|old)-\d+-\d+$/;

/** Marker file inside our scratch folders, so a later build only ever removes folders it made. */
export const SCRATCH_MARKER = '.kit-guard-scratch';

/** Largest existing file read to compare with a generated one; bigger files simply differ. */
export const MAX_COMPARE_BYTES = 16 * 1024 * 1024;

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
