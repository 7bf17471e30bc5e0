import path from 'node:path';

/**
 * References inside exported text that moving the text breaks: relative Markdown links
 * (`[guide](../docs/guide.md)`) and names the export had to change (`wz:tdd` -> `tdd`).
 * Plain string scanning: user text is never turned into a pattern.
 */

/** One inline link target in Markdown text: `](target)` or `](<target>)`, with its offsets. */
export interface LinkSite {
  target: string;
  start: number;
  end: number;
}

/** Relative link targets (no scheme, no leading `/` or `#`), fragments and titles excluded from `target`. */
export function relativeLinks(text: string): LinkSite[] {
  const sites: LinkSite[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('](', from);
    if (open === -1) break;
    from = open + 2;
    let start = open + 2;
    let close: number;
    if (text[start] === '<') {
      start++;
      close = text.indexOf('>', start);
    } else {
      close = start;
      while (close < text.length && !/[\s)#]/.test(text[close] as string)) close++;
    }
    if (close === -1 || close <= start) continue;
    const target = text.slice(start, close);
    if (target.startsWith('/') || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(target) || target.includes('\n')) continue;
    sites.push({ target, start, end: close });
  }
  return sites;
}

/** The repository path a relative link in `sourceFile` points at, or undefined when it leaves the repository. */
export function resolveLink(sourceFile: string, target: string): string | undefined {
  let decoded = target;
  try {
    decoded = decodeURI(target);
  } catch {
    decoded = target;
  }
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(sourceFile), decoded));
  if (joined === '..' || joined.startsWith('../') || joined === '.') return undefined;
  return joined.replace(/\/$/, '');
}

/** Replaces link targets: `replace` returns the new target, or undefined to keep it. */
export function rewriteLinks(text: string, replace: (site: LinkSite) => string | undefined): string {
  const sites = relativeLinks(text);
  if (sites.length === 0) return text;
  let out = '';
  let at = 0;
  for (const site of sites) {
    const next = replace(site);
    if (next === undefined || next === site.target) continue;
    out += text.slice(at, site.start) + next;
    at = site.end;
  }
  return out + text.slice(at);
}

/** Characters that continue a name, so `wz:tdd` inside `wz:tdd-extra` is not a reference to `wz:tdd`. */
const NAME_CHAR = /[A-Za-z0-9_:-]/;

/**
 * Rewrites whole-name occurrences of `from` to `to`; returns the text and how many were
 * rewritten. A name is whole when the characters around it cannot continue a name.
 */
export function renameReferences(text: string, from: string, to: string): { text: string; count: number } {
  if (!from || from === to) return { text, count: 0 };
  let out = '';
  let at = 0;
  let count = 0;
  let index = text.indexOf(from);
  while (index !== -1) {
    const before = index === 0 ? '' : (text[index - 1] as string);
    const after = text[index + from.length] ?? '';
    if (!NAME_CHAR.test(before) && !NAME_CHAR.test(after)) {
      out += text.slice(at, index) + to;
      at = index + from.length;
      count++;
    }
    index = text.indexOf(from, index + from.length);
  }
  return { text: out + text.slice(at), count };
}
