import path from 'node:path';
import type { DocTruthConfig } from '../kit/config.js';
import type { Kit } from '../kit/load.js';
import type { PathLookup, RepoView } from '../repo/view.js';
import { buildAnchorIndex, type AnchorIndex } from '../markdown/slug.js';
import { scanMarkdown, type CodeSpan, type MarkdownLink, type MarkdownScan } from '../markdown/scan.js';
import { at, type Finding, type Severity, type Span } from '../model/finding.js';
import { parseYaml, type ParsedYaml } from '../parse/yaml.js';
import { shippedSchema } from '../schema/shipped.js';
import { compileSchema, schemaErrorsToFindings } from '../schema/validate.js';
import type { Check } from '../contract/check.js';

const CHECK = 'doc-truth';

/** Claim types whose subject is a repository path that must exist. */
const PATH_CLAIM_TYPES = new Set(['path', 'generated_file', 'example', 'host_quickstart']);

/** File extensions GitHub renders as Markdown (their headings are fragment targets). */
const MARKDOWN_EXTENSIONS = new Set(['.md', '.markdown', '.mdown', '.mkdn', '.mkd', '.mdwn']);

/**
 * Docs tell the truth: every local link in the docs resolves to a file or folder that
 * exists in exactly that spelling, every `#fragment` names a heading or anchor GitHub
 * would render, and the claims file holds (claimed paths exist; every documented command
 * has a claim, and every command claim is documented and supported).
 */
export const docTruthCheck: Check = {
  id: CHECK,
  description: 'Local links and #fragments in the docs resolve as on GitHub, and the docs claims file holds.',
  run({ kit }) {
    return new DocTruth(kit).run();
  }
};

/** A command documented in an inline code span, where it is first documented. */
interface DocumentedCommand {
  subject: string;
  file: string;
  span: CodeSpan;
}

/** What the claims file says, as far as it could be read. */
interface ClaimsState {
  /** False when the file exists but is unusable (parse errors, not a list): command rules are then skipped. */
  usable: boolean;
  exists: boolean;
  /** Normalised subjects of command claims (valid or not, so a typo elsewhere does not cascade). */
  commandSubjects: Set<string>;
  ids: Set<string>;
}

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

class DocTruth {
  private readonly repo: RepoView;
  private readonly config: DocTruthConfig;
  private readonly findings: Finding[] = [];
  private readonly commandName: string | undefined;
  /** Scans by file: a full scan when a fragment check read a doc before its own check, else only its headings and anchors until its index is built. */
  private readonly scans = new Map<string, AnchorSource | null>();
  private readonly anchorIndexes = new Map<string, AnchorIndex | null>();
  private readonly lookups = new Map<string, PathLookup>();
  private readonly nonEmptyDirs = new Map<string, boolean>();
  private readonly documented = new Map<string, DocumentedCommand>();
  /** Irregular link paths (`.`/`..` inside, `//`) normalised whole, by linking folder and written text. */
  private readonly resolved = new Map<string, string | null>();
  private readonly fragmentFixes = new Map<string, string>();
  /** Link targets by base folder, then the plain rest of the path (no string is built or hashed twice for a repeated target). */
  private readonly targets = new Map<string, Map<string, LinkTarget>>();
  /** For each linking folder: the folder `n` levels up (index n), null once above the root. */
  private readonly basesByFolder = new Map<string, (string | null)[]>();
  /** The folder of the doc being checked and its list of bases. */
  private folder = '';
  private folderBases: (string | null)[] = [];
  /** The doc being checked, as the target of its own `#fragment` links. */
  private self: LinkTarget = { normal: '', found: { kind: 'file' } };
  /** The link being checked and, for a definition, its number of uses. */
  private link: MarkdownLink | undefined;
  private uses: number | undefined;
  private basenames: Map<string, string[]> | undefined;

  constructor(kit: Kit) {
    this.repo = kit.repo;
    this.config = kit.config.docTruth;
    this.commandName = this.config.commandName ?? manifestProjectName(kit);
  }

  run(): Finding[] {
    const docs = this.repo.glob(this.config.docs, this.config.exclude);
    for (const doc of docs) this.checkDoc(doc);
    const claims = this.checkClaims();
    this.checkDocumentedCommands(claims);
    return this.findings;
  }

  // ---------------------------------------------------------------- docs

  private checkDoc(doc: string): void {
    const cached = this.scans.get(doc);
    // a doc already scanned for a fragment check is not read again; docs are read once, so their texts are not kept
    const read = cached && 'links' in cached ? undefined : this.repo.read(doc, { keep: false });
    if (read && !read.ok) {
      this.findings.push({
        check: CHECK,
        rule: 'doc-unreadable',
        severity: 'warning',
        message: `${read.message}, so its links were not checked`,
        file: doc,
        fix: read.reason === 'too-large' ? 'Split the document, or leave it out with docTruth.exclude in .kit-guard.yaml.' : 'Make the file readable UTF-8 text, or leave it out with docTruth.exclude.'
      });
      return;
    }
    const slash = doc.lastIndexOf('/');
    const folder = slash === -1 ? '' : doc.slice(0, slash);
    let bases = this.basesByFolder.get(folder);
    if (!bases) {
      bases = [folder];
      this.basesByFolder.set(folder, bases);
    }
    this.folder = folder;
    this.folderBases = bases;
    this.self = { normal: doc, found: { kind: 'file' } };
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
      this.checkLink(doc, link, link.kind === 'definition' ? (uses?.get(link) ?? 0) : undefined);
    }
    if (this.commandName !== undefined) this.collectCommands(doc, scan.codeSpans, this.commandName);
  }

  /** Checks one link (or definition, with its number of uses) of `doc`. */
  private checkLink(doc: string, link: MarkdownLink, uses: number | undefined): void {
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
    this.link = link;
    this.uses = uses;

    let target = this.self;
    if (written !== '') {
      if (written.includes('\\')) {
        this.pushAtLink(doc, 'link-target-missing', 'error', `${this.what()} points at "${written}", which contains a backslash; GitHub does not treat "\\" as a folder separator, so the link is broken`, `Write the path with forward slashes: ${written.replace(/\\/g, '/')}`);
        return;
      }
      const resolution = this.target(doc, written);
      if (resolution === null) {
        this.pushAtLink(doc, 'link-outside-repo', 'error', `${this.what()} points at "${written}", which leaves the repository; it was not checked and will not resolve on GitHub`, 'Link to a file inside the repository, or use the full https:// URL of the outside resource.');
        return;
      }
      const { normal, found } = resolution;
      if (found.kind === 'missing') {
        if (found.actual !== undefined) {
          const correct = linkPath(doc, found.actual, written);
          this.pushAtLink(doc, 'link-case-mismatch', 'error', `${this.what()} points at "${written}", but the repository has "${found.actual}" (different letter case); GitHub paths are case-sensitive, so the link is broken there even if it works on your machine`, `Change the link to ${correct}`);
        } else {
          this.pushAtLink(doc, 'link-target-missing', 'error', `${this.what()} points at "${written}", which does not exist${normal === written ? '' : ` (resolved to ${normal || 'the repository root'})`}`, this.missingPathFix(doc, normal, written));
        }
        return;
      }
      if (found.kind === 'file' && written.endsWith('/')) {
        this.pushAtLink(doc, 'link-target-missing', 'error', `${this.what()} points at "${written}" with a trailing slash, but ${normal} is a file, not a folder; the link is broken on GitHub`, `Remove the trailing slash: ${written.replace(/\/+$/, '')}`);
        return;
      }
      if (found.kind === 'dir' && !this.hasFiles(normal)) {
        this.pushAtLink(doc, 'link-target-missing', 'error', `${this.what()} points at the folder "${written}", which holds no files; git stores no empty folders, so it will not exist in the repository`, `Add a file to ${normal || 'the folder'} (e.g. a README.md), or link somewhere else.`);
        return;
      }
      target = resolution;
    }
    if (fragment === undefined || link.image) return; // images ignore fragments (#gh-dark-mode-only)
    this.checkFragment(doc, target, fragment, pathPart, query);
  }

  private checkFragment(doc: string, linkTarget: LinkTarget, rawFragment: string, pathPart: string, query: string): void {
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
        this.pushAtLink(doc, 'fragment-missing', 'error', `${this.what()} points at "#${fragment}" in the folder ${target || '/'}, which has no README to hold that anchor`, 'Link to the file that has the heading, or add a README.md with it to the folder.');
        return;
      }
    } else if (markdownFile === null) return; // other files have no anchors to check; #L10 line anchors work on GitHub's file view

    if (lineAnchor) {
      if (!/(^|&)plain=1(&|$)/.test(query)) {
        this.pushAtLink(doc, 'line-anchor-in-markdown', 'notice', `${this.what()} uses the line anchor "#${fragment}" on ${markdownFile}, but GitHub shows Markdown rendered, without line anchors`, `Link to the source lines with ${pathPart}?plain=1#${fragment}, or link to a heading.`);
      }
      return;
    }
    if (fragment.length === 6 && fragment.toLowerCase() === 'readme' && /^readme(\.|$)/i.test(path.posix.basename(markdownFile))) return;
    if (linkTarget.index === undefined) linkTarget.index = this.anchorIndex(markdownFile);
    const index = linkTarget.index;
    if (!index || index.ids.has(fragment)) return;
    const where = markdownFile === doc ? 'this document' : markdownFile;
    const sameCase = index.lower.get(fragment.toLowerCase());
    if (sameCase !== undefined) {
      this.pushAtLink(doc, 'fragment-case-mismatch', this.config.fragmentCaseMismatch, `${this.what()} points at "#${fragment}", but the anchor in ${where} is "#${sameCase}"; fragments are case-sensitive, so the browser may not scroll there`, `Use #${sameCase}`);
      return;
    }
    const key = `${markdownFile === doc ? 'self:' : ''}${markdownFile}#${fragment}`;
    let fix = this.fragmentFixes.get(key);
    if (fix === undefined) {
      const near = closestStrings(fragment.toLowerCase(), index.list, 3);
      fix = near.length ? `Use one of the existing anchors: ${near.map((a) => `#${a}`).join(', ')}` : index.list.length ? `Link to an existing heading of ${where}, or add the heading.` : `${where} has no headings or anchors; link to the document without a fragment, or add the heading.`;
      this.fragmentFixes.set(key, fix);
    }
    this.pushAtLink(doc, 'fragment-missing', 'error', `${this.what()} points at "#${fragment}", but ${where} has no heading or anchor with that id`, fix);
  }

  /**
   * Where a link's path leads from the doc being checked, or null when it leaves the
   * repository. A leading `/` means the repository root; leading `./` and `../` climb
   * from the doc's folder (each level normalised once per folder by the repository
   * view); a plain rest is then looked up under that base. Irregular paths (`.` or `..`
   * further in, `//`) are normalised whole by the repository view.
   */
  private target(doc: string, written: string): LinkTarget | null {
    let i = 0;
    let base: string | null;
    if (written.charCodeAt(0) === 47) {
      i = 1;
      base = '';
    } else base = this.folder;
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
      base = this.normalizeWhole(doc, written);
      if (base === null) return null;
      rest = '';
    } else if (ups > 0) {
      base = i === ups * 3 ? this.baseUp(doc, ups) : this.repo.normalize(written.slice(0, i), doc);
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
  private baseUp(doc: string, ups: number): string | null {
    const bases = this.folderBases;
    let base = bases[ups];
    if (base === undefined) {
      base = this.repo.normalize('../'.repeat(ups), doc);
      bases[ups] = base;
    }
    return base;
  }

  private normalizeWhole(doc: string, written: string): string | null {
    const key = `${this.folder}\u0000${written}`;
    let normal = this.resolved.get(key);
    if (normal === undefined) {
      normal = this.repo.normalize(written, doc);
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

  private lookup(rel: string): PathLookup {
    let found = this.lookups.get(rel);
    if (!found) {
      found = this.repo.lookup(rel);
      this.lookups.set(rel, found);
    }
    return found;
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
    const sameName = (this.basenameIndex().get(base.toLowerCase()) ?? []).slice(0, 3);
    if (sameName.length) return `Point the link at the existing file: ${sameName.map((p) => linkPath(doc, p, written)).join(' or ')}`;
    // walk down to the deepest folder that exists, then compare names there
    const segments = normal.split('/');
    let dir = '';
    let i = 0;
    for (; i < segments.length - 1; i++) {
      const next = dir ? `${dir}/${segments[i]}` : (segments[i] as string);
      const found = this.lookup(next);
      if (found.kind === 'dir') dir = next;
      else if (found.kind === 'missing' && found.actual !== undefined && this.lookup(found.actual).kind === 'dir') dir = found.actual;
      else break;
    }
    const names = [...(this.repo.dirEntries(dir)?.keys() ?? [])];
    const near = closestStrings((segments[i] as string).toLowerCase(), names, 3).map((name) => (dir ? `${dir}/${name}` : name));
    if (near.length) return `Point the link at an existing path, e.g. ${near.map((p) => linkPath(doc, p, written)).join(' or ')}`;
    return `Create ${normal}, or point the link at an existing file (the nearest existing folder is ${dir || 'the repository root'}).`;
  }

  /** Lowercased file name -> repository files with that name (for "the file moved" suggestions). */
  private basenameIndex(): Map<string, string[]> {
    if (!this.basenames) {
      this.basenames = new Map();
      for (const file of this.repo.files()) {
        const key = path.posix.basename(file).toLowerCase();
        const list = this.basenames.get(key);
        if (list) list.push(file);
        else this.basenames.set(key, [file]);
      }
    }
    return this.basenames;
  }

  // ---------------------------------------------------------------- commands

  /** Records commands documented in inline code spans (`wazir export build`), first place first. */
  private collectCommands(doc: string, spans: readonly CodeSpan[], commandName: string): void {
    for (const span of spans) {
      const subject = commandSubject(span.text, commandName, this.config.keptFlags);
      if (subject !== null && !this.documented.has(subject)) this.documented.set(subject, { subject, file: doc, span });
    }
  }

  private checkDocumentedCommands(claims: ClaimsState): void {
    if (!claims.usable || this.commandName === undefined) return;
    const claimsFile = this.config.claimsFile;
    const ids = new Set(claims.ids);
    for (const command of this.documented.values()) {
      if (claims.commandSubjects.has(command.subject)) continue;
      const supported = this.isSupported(command.subject);
      const id = uniqueId(`command-${slugPart(command.subject.slice(this.commandName.length + 1))}`, ids);
      ids.add(id);
      const snippet = [`- id: ${id}`, `  file: ${command.file}`, '  claim_type: command', `  subject: ${command.subject}`, '  verifier: command_registry', '  required: true'].join('\n');
      const where = claims.exists ? claimsFile : `${claimsFile} (the file does not exist yet)`;
      this.push(
        { start: command.span.start, end: command.span.end },
        command.file,
        'command-without-claim',
        'error',
        `\`${command.subject}\` is documented here but ${where} has no command claim for it${supported ? '' : `, and it is not in the registry of supported commands (docTruth.commands)`}`,
        `Add this claim to ${claimsFile}:\n${snippet}${supported ? '' : '\nand add it to docTruth.commands if the tool supports it; otherwise correct the docs.'}`
      );
    }
  }

  /**
   * True when a command subject (with the command name) is in the configured registry.
   * With no known command name, the subject's first word is taken as the name.
   */
  private isSupported(subject: string): boolean {
    if (this.commandName === undefined) {
      const space = subject.indexOf(' ');
      return this.registry().has(subject) || (space !== -1 && this.registry().has(subject.slice(space + 1)));
    }
    return this.registry().has(subject.startsWith(`${this.commandName} `) ? subject.slice(this.commandName.length + 1) : subject);
  }

  private registryCache: Set<string> | undefined;

  private registry(): Set<string> {
    if (!this.registryCache) this.registryCache = new Set(this.config.commands.map(collapseSpaces));
    return this.registryCache;
  }

  // ---------------------------------------------------------------- claims

  private checkClaims(): ClaimsState {
    const state: ClaimsState = { usable: true, exists: false, commandSubjects: new Set(), ids: new Set() };
    const file = this.repo.normalize(this.config.claimsFile);
    if (file === null) {
      state.usable = false;
      this.findings.push({
        check: CHECK,
        rule: 'claim-outside-repo',
        severity: 'error',
        message: `the claims file "${this.config.claimsFile}" (docTruth.claimsFile) leaves the repository, so it was not read`,
        fix: 'Set docTruth.claimsFile in .kit-guard.yaml to a path inside the repository, e.g. docs/truth-claims.yaml.'
      });
      return state;
    }
    const read = this.repo.read(file);
    if (!read.ok) {
      if (read.reason === 'missing') return state;
      state.usable = false;
      this.findings.push({ check: CHECK, rule: 'claims-invalid', severity: 'error', message: `${read.message}, so no claim was checked`, file, fix: 'Make the claims file a readable YAML list of claims.' });
      return state;
    }
    state.exists = true;
    const parsed = parseYaml(read.text, { file }, CHECK);
    if (!parsed.ok) {
      state.usable = false;
      this.findings.push(...parsed.findings);
      return state;
    }
    const data = parsed.data ?? [];
    if (!Array.isArray(data)) {
      state.usable = false;
      this.findings.push({
        check: CHECK,
        rule: 'claims-invalid',
        severity: 'error',
        message: `${file} must be a YAML list of claims, but it holds ${describeValue(data)}`,
        file,
        line: 1,
        column: 1,
        fix: 'Write each claim as a list item:\n- id: command-export-build\n  file: docs/reference/cli.md\n  claim_type: command\n  subject: <command> export build\n  verifier: command_registry'
      });
      return state;
    }
    const validate = compileSchema(shippedSchema('docs-claim'));
    const firstIdAt = new Map<string, number>();
    data.forEach((claim: unknown, index: number) => {
      const record = isRecord(claim) ? claim : undefined;
      if (record && record.claim_type === 'command' && typeof record.subject === 'string') state.commandSubjects.add(this.commandKey(record.subject));
      if (record && typeof record.id === 'string') state.ids.add(record.id);
      if (!validate(claim)) {
        const errors = (validate.errors ?? []).map((e) => ({ ...e, instancePath: `/${index}${e.instancePath}` }));
        this.findings.push(...schemaErrorsToFindings(errors, parsed, { check: CHECK, rule: 'claim-invalid', file, subject: `claim ${index + 1}` }));
        return;
      }
      const valid = claim as { id: string; file: string; claim_type: string; subject: string };
      const first = firstIdAt.get(valid.id);
      if (first !== undefined) {
        this.push(parsed.valueSpan([index, 'id']), file, 'claim-duplicate-id', 'error', `claim id "${valid.id}" is already used by claim ${first + 1}; ids must be unique`, `Rename this claim, e.g. "${uniqueId(valid.id, state.ids)}", or remove the duplicate.`);
      } else firstIdAt.set(valid.id, index);
      this.checkClaimPath(parsed, file, index, 'file', valid.file, 'claim-file-missing', `the document of claim "${valid.id}"`);
      if (PATH_CLAIM_TYPES.has(valid.claim_type)) {
        this.checkClaimPath(parsed, file, index, 'subject', valid.subject, 'claim-path-missing', `the ${valid.claim_type.replace('_', ' ')} claimed by "${valid.id}"`, valid.claim_type === 'generated_file');
      }
      if (valid.claim_type === 'command') this.checkCommandClaim(parsed, file, index, valid.id, valid.subject);
    });
    if (this.commandName === undefined && state.commandSubjects.size > 0) {
      this.findings.push({
        check: CHECK,
        rule: 'command-name-unknown',
        severity: 'notice',
        message: `${file} has command claims, but the tool's command name is unknown (no docTruth.commandName and no project.name in the manifest), so the docs were not searched for documented commands`,
        file,
        line: 1,
        column: 1,
        fix: 'Set docTruth.commandName in .kit-guard.yaml (e.g. `commandName: wazir`), or project.name in the manifest.'
      });
    }
    return state;
  }

  /** A path named in a claim must exist, case-exactly, inside the repository (it is never looked up outside). */
  private checkClaimPath(parsed: ParsedYaml, claimsFile: string, index: number, key: 'file' | 'subject', value: string, missingRule: string, what: string, generated = false): void {
    const span = parsed.valueSpan([index, key]);
    const normal = isAbsolutePath(value) ? null : this.repo.normalize(value);
    if (normal === null) {
      this.push(span, claimsFile, 'claim-outside-repo', 'error', `${what}, "${value}", is outside the repository; it was not looked up`, 'Claims name repository-relative paths, e.g. docs/guide.md.');
      return;
    }
    const found = this.lookup(normal);
    if (found.kind !== 'missing') return;
    if (found.actual !== undefined) {
      const rule = key === 'subject' ? 'claim-path-case-mismatch' : missingRule;
      this.push(span, claimsFile, rule, 'error', `${what}, "${value}", exists only as "${found.actual}" (different letter case); paths are case-sensitive on GitHub and Linux`, `Use ${found.actual}`);
      return;
    }
    let fix: string;
    if (generated) fix = `Generate it (kit-guard export build) and commit it, or correct the path.`;
    else {
      const sameName = (this.basenameIndex().get(path.posix.basename(normal).toLowerCase()) ?? []).slice(0, 3);
      fix = sameName.length ? `Use the existing path ${sameName.join(' or ')}, or create ${normal}.` : `Create ${normal}, or correct the path.`;
    }
    this.push(span, claimsFile, missingRule, 'error', `${what}, "${value}", does not exist`, fix);
  }

  private checkCommandClaim(parsed: ParsedYaml, claimsFile: string, index: number, id: string, subject: string): void {
    const key = this.commandKey(subject);
    if (!this.isSupported(key)) {
      const prefix = this.commandName !== undefined ? `${this.commandName} ` : '';
      const rest = prefix && key.startsWith(prefix) ? key.slice(prefix.length) : key;
      const near = closestStrings(rest, [...this.registry()], 3).map((c) => `${prefix}${c}`);
      this.push(
        parsed.valueSpan([index, 'subject']),
        claimsFile,
        'command-unsupported',
        'error',
        `claim "${id}" names the command "${subject}", which is not in the registry of supported commands (docTruth.commands)`,
        near.length ? `Did you mean ${near.map((n) => `"${n}"`).join(', ')}? If the command is new, add "${rest}" to docTruth.commands.` : `Correct the subject, or add "${rest}" to docTruth.commands if the tool supports it.`
      );
    }
    if (this.commandName !== undefined && !this.documented.has(key)) {
      this.push(
        parsed.valueSpan([index]),
        claimsFile,
        'command-claim-undocumented',
        'error',
        `claim "${id}" says \`${key}\` is documented, but no inline code span in the docs (${this.config.docs.join(', ')}) shows it`,
        `Document \`${key}\` in the docs as inline code (e.g. in the claim's file), or remove the claim.`
      );
    }
  }

  /** A command claim's subject as documented subjects are written: whitespace collapsed, command name first. */
  private commandKey(subject: string): string {
    const collapsed = collapseSpaces(subject);
    if (this.commandName === undefined || collapsed === this.commandName || collapsed.startsWith(`${this.commandName} `)) return collapsed;
    return `${this.commandName} ${collapsed}`;
  }

  // ---------------------------------------------------------------- output

  private push(span: Span, file: string, rule: string, severity: Severity, message: string, fix: string): void {
    this.findings.push(at({ check: CHECK, rule, severity, message, file, fix }, span));
  }

  /** Reports at the link being checked (positions are only worked out here). */
  private pushAtLink(file: string, rule: string, severity: Severity, message: string, fix: string): void {
    const link = this.link as MarkdownLink;
    this.push({ start: link.start, end: link.end }, file, rule, severity, message, fix);
  }

  /** How findings name the link being checked. */
  private what(): string {
    return describeLink(this.link as MarkdownLink, this.uses);
  }
}

/**
 * Reduces an inline code span to the command it documents, as the seed did:
 * `<cmd> <family>` or `<cmd> <family> <sub>`; a third token that is a flag (`--x`), a
 * placeholder (`<x>`), `...` or `*` drops out unless `<family> <token>` is a kept flag.
 * Returns null when the span is not a command.
 */
export function commandSubject(code: string, commandName: string, keptFlags: readonly string[]): string | null {
  // most code spans are not commands: decide that before splitting anything
  let start = 0;
  while (start < code.length && /\s/.test(code[start] as string)) start++;
  if (!code.startsWith(commandName, start)) return null;
  const tokens = code.trim().split(/\s+/);
  if (tokens[0] !== commandName || tokens.length < 2) return null;
  const family = tokens[1] as string;
  const third = tokens[2];
  if (third === undefined || third === '...' || third === '*') return `${commandName} ${family}`;
  if (keptFlags.includes(`${family} ${third}`)) return `${commandName} ${family} ${third}`;
  if (third.startsWith('--') || third.startsWith('<')) return `${commandName} ${family}`;
  return `${commandName} ${family} ${third}`;
}

function manifestProjectName(kit: Kit): string | undefined {
  const project = kit.manifest?.data.project;
  const name = isRecord(project) ? project.name : undefined;
  return typeof name === 'string' && name.trim() !== '' && !/\s/.test(name.trim()) ? name.trim() : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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

function isAbsolutePath(value: string): boolean {
  return value.startsWith('/') || value.startsWith('~') || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\');
}

/** How a finding names the link: `link`, `image`, `link definition [x] (used 2 times)`. */
function describeLink(link: MarkdownLink, uses: number | undefined): string {
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

/** Up to `limit` candidates closest to `value` by edit distance (at most 2, or a third of the longer length). */
function closestStrings(value: string, candidates: readonly string[], limit: number): string[] {
  const scored: { candidate: string; distance: number }[] = [];
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    const max = Math.max(2, Math.floor(Math.max(value.length, lower.length) / 3));
    const distance = boundedDistance(value, lower, max);
    if (distance <= max) scored.push({ candidate, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, limit).map((s) => s.candidate);
}

/** Levenshtein distance, giving up (returning max + 1) as soon as it must exceed `max`. */
function boundedDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = new Uint16Array(b.length + 1);
  let current = new Uint16Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [previous, current] = [current, previous];
  }
  return previous[b.length] as number;
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

function collapseSpaces(value: string): string {
  return value.trim().split(/\s+/).join(' ');
}

/** A claim id part from a command: lowercase words joined by `-` (`export --check` -> `export-check`). */
function slugPart(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'command';
}

function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value} (${JSON.stringify(value)})`;
}
