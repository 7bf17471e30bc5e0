import path from 'node:path';
import type { AnchorIndex } from '../../markdown/slug.js';
import { buildAnchorIndex } from '../../markdown/slug.js';
import { scanMarkdown, type CodeSpan, type MarkdownLink, type MarkdownScan } from '../../markdown/scan.js';
import type { Severity } from '../../model/finding.js';
import { LineIndex } from '../../model/lines.js';
import { closestStrings, editDistance } from '../../model/similarity.js';
import type { Edit } from '../../model/edit.js';
import type { PathLookup, RepoView } from '../../repo/view.js';
import { CHECK, type DocTruthRun } from './run.js';
import type { RuleOf } from '../../rules/index.js';

/** File extensions GitHub renders as Markdown (their headings are fragment targets). */
const MARKDOWN_EXTENSIONS = new Set(['.md', '.markdown', '.mdown', '.mkdn', '.mkd', '.mdwn']);

/** Where a link's path leads, worked out once per linking folder and written path. */
interface LinkTarget {
  normal: string;
  found: PathLookup;
  /** The Markdown file whose anchors a fragment is checked against (a folder's README), null when none; undefined until needed. */
  markdownFile?: string | null;
  /** That file's anchors, once read. */
  index?: AnchorIndex | null;
}

/** What fragment checks need of a scanned document: heading texts and explicit anchor ids. */
interface AnchorSource {
  headings: readonly { text: string }[];
  anchors: readonly { id: string }[];
}

/** The doc being checked: its folder, that folder's bases (index n: n levels up, null above the root), itself as a link target. */
interface DocSite {
  doc: string;
  folder: string;
  bases: (string | null)[];
  /** The doc as the target of its own `#fragment` links. */
  self: LinkTarget;
}

/** The link being checked, in its doc; for a definition, its number of uses. */
interface LinkSite extends DocSite {
  link: MarkdownLink;
  uses: number | undefined;
}

/**
 * Local links and `#fragments` of the docs, resolved as GitHub resolves them: the target
 * exists in exactly that spelling, a folder holds files, a fragment names a heading or anchor.
 */
export class DocLinks {
  private readonly repo: RepoView;
  /** Scans by file: a full scan when a fragment check read a doc before its own check, else only its headings and anchors until its index is built. */
  private readonly scans = new Map<string, AnchorSource | null>();
  private readonly anchorIndexes = new Map<string, AnchorIndex | null>();
  private readonly nonEmptyDirs = new Map<string, boolean>();
  /** Irregular link paths (`.`/`..` inside, `//`) normalised whole, by linking folder and written text. */
  private readonly resolved = new Map<string, string | null>();
  private readonly fragmentFixes = new Map<string, string>();
  /** Link targets by base folder, then the plain rest of the path (no string is built or hashed twice for a repeated target). */
  private readonly targets = new Map<string, Map<string, LinkTarget>>();
  /** For each linking folder: the folder `n` levels up (index n), null once above the root. */
  private readonly basesByFolder = new Map<string, (string | null)[]>();

  constructor(private readonly run: DocTruthRun) {
    this.repo = run.repo;
  }

  /** Checks the links of one doc; returns its inline code spans (for documented commands), none when unreadable. */
  checkDoc(doc: string): readonly CodeSpan[] {
    const cached = this.scans.get(doc);
    // a doc already scanned for a fragment check is not read again; docs are read once, so their texts are not kept
    const read = cached && 'links' in cached ? undefined : this.repo.read(doc, { keep: false });
    if (read && !read.ok) {
      this.run.findings.push({
        check: CHECK,
        rule: 'doc-unreadable',
        severity: 'warning',
        message: `${read.message}, so its links were not checked`,
        file: doc,
        ...(read.reason === 'encoding' ? { line: read.line, column: read.column } : {}),
        fix: read.reason === 'too-large' ? 'Split the document, or leave it out with docTruth.exclude in .kit-guard.yaml.' : 'Make the file readable UTF-8 text, or leave it out with docTruth.exclude.'
      });
      return [];
    }
    const slash = doc.lastIndexOf('/');
    const folder = slash === -1 ? '' : doc.slice(0, slash);
    let bases = this.basesByFolder.get(folder);
    if (!bases) {
      bases = [folder];
      this.basesByFolder.set(folder, bases);
    }
    const site: DocSite = { doc, folder, bases, self: { normal: doc, found: { kind: 'file' } } };
    const scan = read ? scanMarkdown(read.text) : (cached as MarkdownScan);
    // keep only what a later fragment check needs (small, so the cache stays cheap)
    if (this.anchorIndexes.has(doc)) this.scans.delete(doc);
    else this.scans.set(doc, { headings: scan.headings, anchors: scan.anchors });

    let uses: Map<MarkdownLink, number> | undefined;
    for (const link of scan.links) {
      if (!link.definition) continue;
      uses ??= new Map();
      uses.set(link.definition, (uses.get(link.definition) ?? 0) + 1);
    }
    for (const link of scan.links) {
      if (link.definition) continue; // a reference use is checked once, at its definition
      this.checkLink({ ...site, link, uses: link.kind === 'definition' ? (uses?.get(link) ?? 0) : undefined });
    }
    return scan.codeSpans;
  }

  /** Checks one link (or definition, with its number of uses) of a doc. */
  private checkLink(site: LinkSite): void {
    const { doc, link } = site;
    const destination = link.destination.trim();
    if (destination === '' || isExternal(destination)) return;
    const hash = destination.indexOf('#');
    let pathPart = hash === -1 ? destination : destination.slice(0, hash);
    const fragment = hash === -1 ? undefined : destination.slice(hash + 1);
    const queryAt = pathPart.indexOf('?');
    const query = queryAt === -1 ? '' : pathPart.slice(queryAt + 1);
    if (queryAt !== -1) pathPart = pathPart.slice(0, queryAt);
    const written = percentDecode(pathPart);
    if (written === '' && fragment === undefined) return;

    let target = site.self;
    if (written !== '') {
      if (written.includes('\\')) {
        this.report(site, 'link-target-missing', 'error', `${describeLink(site)} points at "${written}", which contains a backslash; GitHub does not treat "\\" as a folder separator, so the link is broken`, `Write the path with forward slashes: ${written.replace(/\\/g, '/')}`);
        return;
      }
      const resolution = this.target(site, written);
      if (resolution === null) {
        this.report(site, 'link-outside-repo', 'error', `${describeLink(site)} points at "${written}", which leaves the repository; it was not checked and will not resolve on GitHub`, 'Link to a file inside the repository, or use the full https:// URL of the outside resource.');
        return;
      }
      const { normal, found } = resolution;
      if (found.kind === 'missing') {
        if (found.actual !== undefined) {
          const correct = linkPath(doc, found.actual, written);
          // an edit only when exactly one path matches ignoring case, and the link was written plainly
          const recased = pathPart === written && this.run.uniqueCaseMatch(normal) === found.actual ? recase(written, found.actual) : undefined;
          this.report(site, 'link-case-mismatch', 'error', `${describeLink(site)} points at "${written}", but the repository has "${found.actual}" (different letter case); GitHub paths are case-sensitive, so the link is broken there even if it works on your machine`, `Change the link to ${correct}`, recased === undefined ? undefined : this.destinationEdit(site, pathPart, recased, 'path'));
        } else if (found.outsideLink) {
          const { link, target } = found.outsideLink;
          this.report(site, 'link-outside-repo', 'error', `${describeLink(site)} points at "${written}", which goes through the symbolic link ${link} -> ${target} to outside the repository; it was not followed and will not resolve on GitHub`, 'Link to a file inside the repository, or use the full https:// URL of the outside resource.');
        } else {
          // an edit only when exactly one file in the repository has that name and the link has no fragment
          const moved = fragment === undefined && pathPart === written ? this.onlyFileNamed(path.posix.basename(normal)) : undefined;
          const movedEdit = moved === undefined ? undefined : this.destinationEdit(site, pathPart, linkPath(doc, moved, written), 'path');
          this.report(site, 'link-target-missing', 'error', `${describeLink(site)} points at "${written}", which does not exist${normal === written ? '' : ` (resolved to ${normal || 'the repository root'})`}`, this.missingPathFix(doc, normal, written), movedEdit);
        }
        return;
      }
      if (found.kind === 'file' && written.endsWith('/')) {
        this.report(site, 'link-target-missing', 'error', `${describeLink(site)} points at "${written}" with a trailing slash, but ${normal} is a file, not a folder; the link is broken on GitHub`, `Remove the trailing slash: ${written.replace(/\/+$/, '')}`);
        return;
      }
      if (found.kind === 'dir' && !this.hasFiles(normal)) {
        this.report(site, 'link-target-missing', 'error', `${describeLink(site)} points at the folder "${written}", which holds no files; git stores no empty folders, so it will not exist in the repository`, `Add a file to ${normal || 'the folder'} (e.g. a README.md), or link somewhere else.`);
        return;
      }
      target = resolution;
    }
    if (fragment === undefined || link.image) return; // images ignore fragments (#gh-dark-mode-only)
    this.checkFragment(site, target, fragment, pathPart, query);
  }

  private checkFragment(site: LinkSite, linkTarget: LinkTarget, rawFragment: string, pathPart: string, query: string): void {
    const doc = site.doc;
    const target = linkTarget.normal;
    const kind = linkTarget.found.kind;
    let fragment = percentDecode(rawFragment);
    if (fragment === '' || (fragment.length === 3 && fragment.toLowerCase() === 'top')) return;
    if (fragment.startsWith('user-content-')) fragment = fragment.slice('user-content-'.length);
    const lineAnchor = isLineAnchor(fragment);
    if (linkTarget.markdownFile === undefined) linkTarget.markdownFile = kind === 'dir' ? (this.readmeOf(target) ?? null) : isMarkdownFile(target) ? target : null;
    const markdownFile = linkTarget.markdownFile;
    if (kind === 'dir') {
      if (markdownFile === null) {
        this.report(site, 'fragment-missing', 'error', `${describeLink(site)} points at "#${fragment}" in the folder ${target || '/'}, which has no README to hold that anchor`, 'Link to the file that has the heading, or add a README.md with it to the folder.');
        return;
      }
    } else if (markdownFile === null) return; // other files have no anchors to check; #L10 line anchors work on GitHub's file view

    if (lineAnchor) {
      if (!/(^|&)plain=1(&|$)/.test(query)) {
        // with no query yet, `?plain=1` goes between the path and the fragment
        const plainEdit = query === '' && pathPart !== '' && !/[\s()<>"'#?%\\[\]`]/.test(pathPart) ? this.destinationEdit(site, pathPart, `${pathPart}?plain=1`, 'path', true) : undefined;
        this.report(site, 'line-anchor-in-markdown', 'notice', `${describeLink(site)} uses the line anchor "#${fragment}" on ${markdownFile}, but GitHub shows Markdown rendered, without line anchors`, `Link to the source lines with ${pathPart}?plain=1#${fragment}, or link to a heading.`, plainEdit);
      }
      return;
    }
    if (fragment.length === 6 && fragment.toLowerCase() === 'readme' && /^readme(\.|$)/i.test(path.posix.basename(markdownFile))) return;
    if (linkTarget.index === undefined) linkTarget.index = this.anchorIndex(markdownFile);
    const index = linkTarget.index;
    if (!index || index.ids.has(fragment)) return;
    const where = markdownFile === doc ? 'this document' : markdownFile;
    const sameCase = index.lower.get(fragment.toLowerCase());
    // edits only for a fragment written plainly (no %-escapes, no user-content- prefix)
    const plain = rawFragment === fragment;
    if (sameCase !== undefined) {
      const unique = index.list.filter((id) => id.toLowerCase() === sameCase.toLowerCase()).length === 1;
      this.report(site, 'fragment-case-mismatch', this.run.config.fragmentCaseMismatch, `${describeLink(site)} points at "#${fragment}", but the anchor in ${where} is "#${sameCase}"; fragments are case-sensitive, so the browser may not scroll there`, `Use #${sameCase}`, plain && unique ? this.destinationEdit(site, rawFragment, sameCase, 'fragment') : undefined);
      return;
    }
    const key = `${markdownFile === doc ? 'self:' : ''}${markdownFile}#${fragment}`;
    let fix = this.fragmentFixes.get(key);
    if (fix === undefined) {
      const near = closestStrings(fragment.toLowerCase(), index.list, 3);
      fix = near.length ? `Use one of the existing anchors: ${near.map((a) => `#${a}`).join(', ')}` : index.list.length ? `Link to an existing heading of ${where}, or add the heading.` : `${where} has no headings or anchors; link to the document without a fragment, or add the heading.`;
      this.fragmentFixes.set(key, fix);
    }
    const nearest = plain ? onlyNear(fragment.toLowerCase(), index.list) : undefined;
    this.report(site, 'fragment-missing', 'error', `${describeLink(site)} points at "#${fragment}", but ${where} has no heading or anchor with that id`, fix, nearest === undefined ? undefined : this.destinationEdit(site, rawFragment, nearest, 'fragment'));
  }

  /** The one repository file with exactly this name, else undefined (none, or several). */
  private onlyFileNamed(name: string): string | undefined {
    const same = (this.run.basenameIndex().get(name.toLowerCase()) ?? []).filter((p) => path.posix.basename(p) === name);
    const all = this.run.basenameIndex().get(name.toLowerCase()) ?? [];
    return same.length === 1 && all.length === 1 ? same[0] : undefined;
  }

  /**
   * An edit replacing the path or fragment part of a link's destination in the doc's
   * source, or undefined when that part is not found exactly once where a destination
   * sits (escaped or encoded destinations are left alone), or the new text could break
   * the link (`checked`: the caller has vetted it).
   */
  private destinationEdit(site: LinkSite, written: string, replacement: string, part: 'path' | 'fragment', checked = false): Edit[] | undefined {
    if (written === '' || replacement === '' || (!checked && /[\s()<>"'#?%\\[\]`]/.test(replacement))) return undefined;
    const read = this.repo.read(site.doc, { keep: false });
    if (!read.ok) return undefined;
    const source = read.text.slice(site.link.offset, site.link.endOffset);
    const before = part === 'path' ? /[(<"'=\s:]/ : /#/;
    const after = /[#?)>"'\s]/;
    const hits: number[] = [];
    for (let i = source.indexOf(written); i !== -1; i = source.indexOf(written, i + 1)) {
      const prev = i === 0 ? '' : (source[i - 1] as string);
      const next = source[i + written.length];
      if (prev !== '' && before.test(prev) && (next === undefined || after.test(next))) hits.push(i);
    }
    if (hits.length !== 1) return undefined;
    const offset = site.link.offset + (hits[0] as number);
    const lines = new LineIndex(read.text);
    return [{ file: site.doc, start: lines.position(offset), end: lines.position(offset + written.length), text: replacement }];
  }

  /**
   * Where a link's path leads from the doc being checked, or null when it leaves the
   * repository. A leading `/` means the repository root; leading `./` and `../` climb
   * from the doc's folder (each level normalised once per folder by the repository
   * view); a plain rest is then looked up under that base. Irregular paths (`.` or `..`
   * further in, `//`) are normalised whole by the repository view.
   */
  private target(site: DocSite, written: string): LinkTarget | null {
    let i = 0;
    let base: string | null;
    if (written.charCodeAt(0) === 47) {
      i = 1;
      base = '';
    } else base = site.folder;
    let ups = 0;
    for (;;) {
      if (written.startsWith('./', i)) i += 2;
      else if (written.startsWith('../', i)) {
        i += 3;
        ups++;
      } else break;
    }
    let rest = i === 0 ? written : written.slice(i);
    if (rest !== '' && !isPlainRelative(rest)) {
      base = this.normalizeWhole(site, written);
      if (base === null) return null;
      rest = '';
    } else if (ups > 0) {
      base = i === ups * 3 ? this.baseUp(site, ups) : this.repo.normalize(written.slice(0, i), site.doc);
      if (base === null) return null;
    }
    if (rest.endsWith('/')) rest = rest.replace(/\/+$/, '');
    let byRest = this.targets.get(base);
    if (!byRest) {
      byRest = new Map();
      this.targets.set(base, byRest);
    }
    let found = byRest.get(rest);
    if (!found) {
      const normal = base && rest ? `${base}/${rest}` : base || rest;
      found = { normal, found: this.repo.lookup(normal) };
      byRest.set(rest, found);
    }
    return found;
  }

  /** The folder `ups` levels above the doc's folder (normalised by the repository view), or null above the root. */
  private baseUp(site: DocSite, ups: number): string | null {
    const bases = site.bases;
    let base = bases[ups];
    if (base === undefined) {
      base = this.repo.normalize('../'.repeat(ups), site.doc);
      bases[ups] = base;
    }
    return base;
  }

  private normalizeWhole(site: DocSite, written: string): string | null {
    const key = `${site.folder}\u0000${written}`;
    let normal = this.resolved.get(key);
    if (normal === undefined) {
      normal = this.repo.normalize(written, site.doc);
      this.resolved.set(key, normal);
    }
    return normal;
  }

  /** Anchor index of a Markdown file, read and scanned once, only when a link needs it. */
  private anchorIndex(file: string): AnchorIndex | null {
    let index = this.anchorIndexes.get(file);
    if (index !== undefined) return index;
    let source = this.scans.get(file);
    if (source === undefined) {
      const read = this.repo.read(file, { keep: false });
      source = read.ok ? scanMarkdown(read.text) : null;
      this.scans.set(file, source);
    }
    index = source ? buildAnchorIndex(source) : null;
    this.anchorIndexes.set(file, index);
    // a full scan is kept for the doc's own check; a kept summary is not needed any more
    if (source && !('links' in source)) this.scans.delete(file);
    return index;
  }

  private hasFiles(dir: string): boolean {
    let has = this.nonEmptyDirs.get(dir);
    if (has === undefined) {
      has = this.repo.hasFilesUnder(dir);
      this.nonEmptyDirs.set(dir, has);
    }
    return has;
  }

  /** The README GitHub renders for a folder (README.md first, any case, then other Markdown extensions). */
  private readmeOf(dir: string): string | undefined {
    const names = this.repo.dirEntries(dir);
    if (!names) return undefined;
    const candidates = [...names].filter(([name, isDir]) => !isDir && /^readme\.[a-z]+$/i.test(name) && MARKDOWN_EXTENSIONS.has(path.posix.extname(name).toLowerCase())).map(([name]) => name);
    candidates.sort((a, b) => Number(b.toLowerCase() === 'readme.md') - Number(a.toLowerCase() === 'readme.md') || a.localeCompare(b));
    const name = candidates[0];
    return name === undefined ? undefined : dir ? `${dir}/${name}` : name;
  }

  /** A fix for a missing link target: a file of that name elsewhere, or similar names in the nearest existing folder. */
  private missingPathFix(doc: string, normal: string, written: string): string {
    const base = path.posix.basename(normal);
    const sameName = (this.run.basenameIndex().get(base.toLowerCase()) ?? []).slice(0, 3);
    if (sameName.length) return `Point the link at the existing file: ${sameName.map((p) => linkPath(doc, p, written)).join(' or ')}`;
    // walk down to the deepest folder that exists, then compare names there
    const segments = normal.split('/');
    let dir = '';
    let i = 0;
    for (; i < segments.length - 1; i++) {
      const next = dir ? `${dir}/${segments[i]}` : (segments[i] as string);
      const found = this.run.lookup(next);
      if (found.kind === 'dir') dir = next;
      else if (found.kind === 'missing' && found.actual !== undefined && this.run.lookup(found.actual).kind === 'dir') dir = found.actual;
      else break;
    }
    const names = [...(this.repo.dirEntries(dir)?.keys() ?? [])];
    const near = closestStrings((segments[i] as string).toLowerCase(), names, 3).map((name) => (dir ? `${dir}/${name}` : name));
    if (near.length) return `Point the link at an existing path, e.g. ${near.map((p) => linkPath(doc, p, written)).join(' or ')}`;
    return `Create ${normal}, or point the link at an existing file (the nearest existing folder is ${dir || 'the repository root'}).`;
  }
  /** Reports at the link (positions are only worked out here). */
  private report(site: LinkSite, rule: RuleOf<'doc-truth'>, severity: Severity, message: string, fix: string, edits?: Edit[]): void {
    this.run.push({ start: site.link.start, end: site.link.end }, site.doc, rule, severity, message, fix, edits);
  }
}

/** External destinations: any URI scheme (`https:`, `mailto:`, ...) or a protocol-relative `//host`. */
function isExternal(destination: string): boolean {
  if (destination.startsWith('//')) return true;
  const c = destination.charCodeAt(0);
  if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  for (let i = 1; i < destination.length; i++) {
    const d = destination.charCodeAt(i);
    if (d === 58) return true; // ':'
    if (!((d >= 65 && d <= 90) || (d >= 97 && d <= 122) || (d >= 48 && d <= 57) || d === 43 || d === 45 || d === 46)) return false;
  }
  return false;
}

/** Percent-decodes a URL part; malformed escapes are left as written. */
function percentDecode(value: string): string {
  if (value.indexOf('%') === -1) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value.replace(/%[0-9A-Fa-f]{2}/g, (m) => {
      try {
        return decodeURIComponent(m);
      } catch {
        return m;
      }
    });
  }
}

/** GitHub line anchors: `L10`, `L10-L20`, `L19C5-L21C11`. */
function isLineAnchor(fragment: string): boolean {
  return /^L\d+(C\d+)?(-L\d+(C\d+)?)?$/.test(fragment);
}

function isMarkdownFile(file: string): boolean {
  return MARKDOWN_EXTENSIONS.has(path.posix.extname(file).toLowerCase());
}

/** How a finding names the link: `link`, `image`, `link definition [x] (used 2 times)`. */
function describeLink({ link, uses }: LinkSite): string {
  if (link.kind === 'definition') {
    const used = uses === undefined || uses === 0 ? 'not used in this file' : uses === 1 ? 'used once' : `used ${uses} times`;
    return `the link definition [${link.label?.toLowerCase() ?? ''}] (${used})`;
  }
  if (link.kind === 'html') return `the <${link.tag ?? (link.image ? 'img' : 'a')}> tag`;
  if (link.kind === 'autolink') return 'the autolink';
  return link.image ? 'the image' : 'the link';
}

/** A repository path written as a link from `doc`: root-absolute when the original was, else relative to the doc's folder. */
function linkPath(doc: string, repoPath: string, written: string): string {
  if (written.startsWith('/')) return `/${repoPath}`;
  const relative = path.posix.relative(path.posix.dirname(doc), repoPath);
  return relative === '' ? '.' : relative;
}

/** `written` with its trailing segments spelled as in `actual` (they differ only in letter case); undefined when they do not line up. */
function recase(written: string, actual: string): string | undefined {
  const segments = written.split('/');
  const real = actual.split('/');
  let j = real.length - 1;
  let i = segments.length - 1;
  if (segments[i] === '') i--; // a trailing slash
  for (; i >= 0 && j >= 0; i--, j--) {
    const segment = segments[i] as string;
    if (segment === '' || segment === '.' || segment === '..') break;
    if (segment.toLowerCase() !== (real[j] as string).toLowerCase()) return undefined;
    segments[i] = real[j] as string;
  }
  const result = segments.join('/');
  return result === written ? undefined : result;
}

/** The one id within a small edit distance of `fragment` (at most 2, and a third of its length), else undefined. */
function onlyNear(fragment: string, ids: readonly string[]): string | undefined {
  const max = Math.min(2, Math.max(1, Math.floor(fragment.length / 3)));
  const near = ids.filter((id) => editDistance(fragment, id.toLowerCase(), max) <= max);
  return near.length === 1 ? near[0] : undefined;
}

/** True for a relative path with only plain segments (no `.`, `..`, empty or root segment; a trailing `/` allowed). */
function isPlainRelative(written: string): boolean {
  let start = 0;
  const n = written.length;
  if (n === 0 || written.charCodeAt(0) === 47) return false;
  for (let i = 0; i <= n; i++) {
    if (i < n && written.charCodeAt(i) !== 47) continue;
    const length = i - start;
    if (length === 0 && i < n) return false; // `//`
    if (length === 1 && written.charCodeAt(start) === 46) return false; // `.`
    if (length === 2 && written.charCodeAt(start) === 46 && written.charCodeAt(start + 1) === 46) return false; // `..`
    start = i + 1;
  }
  return true;
}
