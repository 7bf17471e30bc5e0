import type { ChangedFile } from './filter.js';

/**
 * Splits the output of `git diff` (several files) into one ChangedFile per file, each
 * with its hunks as `patch`, in the shape the pull request API gives. Used when the API
 * cannot list a pull request's files (over 3,000). Paths git had to quote (C-style, e.g.
 * with a newline) are unquoted. Pure.
 */
export function parseUnifiedDiff(text: string): ChangedFile[] {
  const files: ChangedFile[] = [];
  let current: (ChangedFile & { hunks: string[] }) | undefined;
  const finish = (): void => {
    if (!current) return;
    const { hunks, ...file } = current;
    if (hunks.length) file.patch = hunks.join('\n');
    files.push(file);
    current = undefined;
  };
  let inHunks = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('diff --git ')) {
      finish();
      current = { path: '', status: 'modified', hunks: [] };
      inHunks = false;
      continue;
    }
    if (!current) continue;
    if (!inHunks) {
      if (line.startsWith('new file mode')) current.status = 'added';
      else if (line.startsWith('deleted file mode')) current.status = 'removed';
      else if (line.startsWith('+++ ')) {
        const name = unquote(line.slice(4));
        if (name !== '/dev/null') current.path = name.replace(/^b\//, '');
      } else if (line.startsWith('--- ')) {
        const name = unquote(line.slice(4));
        if (name !== '/dev/null' && !current.path) current.path = name.replace(/^a\//, '');
      } else if (line.startsWith('@@')) inHunks = true;
      if (!inHunks) continue;
    }
    current.hunks.push(line);
  }
  finish();
  return files.filter((f) => f.path !== '');
}

/** Undoes git's C-style quoting of a path (`"a\tb"`); an unquoted path is returned as is. */
function unquote(name: string): string {
  if (!name.startsWith('"') || !name.endsWith('"')) return name;
  const bytes: number[] = [];
  const inner = name.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i] as string;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = inner[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(inner.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
