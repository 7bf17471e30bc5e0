import type { Kit } from '../kit/load.js';
import type { ChangelogConfig } from '../kit/config.js';
import { normalizeLabel } from '../markdown/text.js';
import {
  parseChangelog,
  type ChangelogCategory,
  type ChangelogDocument,
  type ChangelogEntry,
  type ChangelogVersion,
  type TextSpan
} from '../changelog/parse.js';
import { compareVersions, toIsoDate, versionKey, isIsoDate } from '../changelog/version.js';
import { parseCommitMessage } from '../conventional/parse.js';
import { closest, similarity } from '../model/similarity.js';
import type { Severity } from '../model/finding.js';
import { branchMatcher } from './branch.js';
import { authorMatcher } from './commits.js';
import type { ChangeContext, Check, CommitInfo } from '../contract/check.js';
import { append } from '../model/append.js';
import { RULES, type FindingOf, type RuleOf } from '../rules/index.js';
import { appendLines, deleteLine, insertBeforeLine, lineEnding, replaceSpan, type Edit } from '../model/edit.js';
import { LineIndex } from '../model/lines.js';

const CHECK = 'changelog';

/** Words people use for a changelog category, mapped to the Keep a Changelog one. */
const CATEGORY_SYNONYMS: Record<string, string> = {
  add: 'Added', adds: 'Added', addition: 'Added', additions: 'Added', new: 'Added', feature: 'Added', features: 'Added', 'new features': 'Added',
  change: 'Changed', changes: 'Changed', changed: 'Changed', updated: 'Changed', updates: 'Changed', improvements: 'Changed', improved: 'Changed',
  enhancements: 'Changed', 'breaking changes': 'Changed', breaking: 'Changed', refactor: 'Changed', performance: 'Changed',
  deprecation: 'Deprecated', deprecations: 'Deprecated', deprecate: 'Deprecated',
  remove: 'Removed', removal: 'Removed', removals: 'Removed', deleted: 'Removed', dropped: 'Removed',
  fix: 'Fixed', fixes: 'Fixed', 'bug fixes': 'Fixed', bugfixes: 'Fixed', bugfix: 'Fixed', bugs: 'Fixed', 'bug fix': 'Fixed',
  'security fixes': 'Security', vulnerabilities: 'Security', vulnerability: 'Security'
};

/** The category a commit type's change belongs in. */
const TYPE_CATEGORY: Record<string, string> = {
  feat: 'Added', fix: 'Fixed', perf: 'Changed', refactor: 'Changed', revert: 'Changed', build: 'Changed',
  deprecate: 'Deprecated', remove: 'Removed', security: 'Security', docs: 'Changed', chore: 'Changed'
};

/**
 * The changelog follows Keep a Changelog 1.1.0 (Unreleased section, known categories,
 * valid headings and dates, newest first, link references). With a base revision it also
 * checks what the change did: a new `[Unreleased]` entry on branches that need one, no
 * new entries in released versions, and a warning when feat/fix commits came without one.
 */
export const changelogCheck: Check<'changelog'> = {
  id: CHECK,
  description: 'The changelog follows Keep a Changelog, and changes add an [Unreleased] entry.',
  rules: RULES.changelog,
  needs: ['range', 'branch', 'title', 'remote'],
  baseFiles(kit: Kit): string[] {
    const file = kit.repo.normalize(kit.config.changelog.file);
    return file ? [file] : [];
  },
  run({ kit, change }) {
    const config = kit.config.changelog;
    const file = kit.repo.normalize(config.file);
    const required = entriesRequired(change, config);
    if (!file) {
      return [
        {
          check: CHECK,
          rule: 'file-missing',
          severity: 'error',
          message: `the configured changelog "${config.file}" is outside the repository, so it was not read`,
          fix: 'Set changelog.file in .kit-guard.yaml to a path inside the kit, e.g. CHANGELOG.md.'
        }
      ];
    }
    const read = kit.repo.read(file);
    if (!read.ok) return [missingFile(kit, file, read.reason, read.message, required, change)];

    const doc = parseChangelog(read.text);
    const findings = structureFindings(doc, file, config, read.text, change.repositoryUrl);
    const baseText = change.baseFiles?.get(file);
    if (baseText !== undefined) append(findings, diffFindings(kit, doc, baseText === null ? undefined : parseChangelog(baseText), file, change, required));
    return findings;
  }
};

/** True when the branch under review must add an Unreleased entry. */
function entriesRequired(change: ChangeContext, config: ChangelogConfig): boolean {
  return change.branch !== undefined && branchMatcher(config.requireEntriesBranches)(change.branch.replace(/^refs\/heads\//, ''));
}

function place(finding: FindingOf<'changelog'>, span: TextSpan | undefined): FindingOf<'changelog'> {
  if (!span) return finding;
  return { ...finding, line: span.line, column: span.column, endLine: span.endLine, endColumn: span.endColumn };
}

function missingFile(kit: Kit, file: string, reason: string, detail: string, required: boolean, change: ChangeContext): FindingOf<'changelog'> {
  if (reason !== 'missing') {
    return { check: CHECK, rule: 'file-missing', severity: 'error', file, message: `the changelog could not be read: ${detail}`, fix: 'Make the changelog a readable text file inside the repository, or point changelog.file at one.' };
  }
  const actual = kit.repo.lookup(file).actual;
  const deleted = typeof change.baseFiles?.get(file) === 'string';
  const severity: Severity = required || deleted ? 'error' : 'notice';
  let message = `${file} does not exist`;
  if (actual) message += ` (but ${actual} does: file names are case-sensitive)`;
  if (deleted) message += '; this change deletes it';
  else if (required) message += `, and branch "${change.branch}" must add an [Unreleased] entry`;
  else message += ', so changelog rules were not run';
  const fix = actual
    ? `Rename it: git mv ${actual} ${file} (or set changelog.file: ${actual} in .kit-guard.yaml).`
    : `Create ${file} in Keep a Changelog form:\n# Changelog\n\n## [Unreleased]\n\n### Added\n- <your change>\n\n(or set changelog.file in .kit-guard.yaml if it lives elsewhere).`;
  return { check: CHECK, rule: 'file-missing', severity, file, message, fix };
}

function entriesOf(version: ChangelogVersion): ChangelogEntry[] {
  return [...version.looseEntries, ...version.categories.flatMap((c) => c.entries)].sort((a, b) => a.line - b.line);
}

/** The canonical form of a version heading, for fix texts. */
function canonicalHeading(version: ChangelogVersion): string {
  if (version.kind === 'unreleased') return '## [Unreleased]';
  const date = version.date ? (toIsoDate(version.date) ?? (isIsoDate(version.date) ? version.date : 'YYYY-MM-DD')) : 'YYYY-MM-DD';
  return `## [${version.label ?? 'x.y.z'}] - ${date}${version.yanked ? ' [YANKED]' : ''}`;
}

/** Rules on the file alone. */
function structureFindings(doc: ChangelogDocument, file: string, config: ChangelogConfig, text: string, repositoryUrl: string | undefined): FindingOf<'changelog'>[] {
  const findings: FindingOf<'changelog'>[] = [];
  const add = (rule: RuleOf<'changelog'>, severity: Severity, message: string, fix: string, span?: TextSpan, edits?: Edit[]): void => {
    const finding = place({ check: CHECK, rule, severity, file, message, fix }, span);
    if (edits?.length) finding.edits = edits;
    findings.push(finding);
  };
  const eol = lineEnding(text);

  if (!doc.versions.some((v) => v.kind === 'unreleased')) {
    const firstVersion = doc.versions[0];
    if (firstVersion) {
      add('unreleased-missing', 'error', 'there is no "## [Unreleased]" section', `Add "## [Unreleased]" on its own line above "## ${firstVersion.heading}" (line ${firstVersion.line}), followed by a blank line.`, firstVersion.span, unreleasedEdits(doc, file, text, firstVersion, eol, linkPattern(doc, repositoryUrl)));
    } else if (doc.title) {
      add('unreleased-missing', 'error', 'there is no "## [Unreleased]" section', `Add "## [Unreleased]" below the title "# ${doc.title.text}" (line ${doc.title.line}), with a blank line before it.`, { line: doc.title.line, column: 1, endLine: doc.title.line, endColumn: 1 });
    } else {
      add('unreleased-missing', 'error', 'there is no "## [Unreleased]" section', 'Start the file with:\n# Changelog\n\n## [Unreleased]\n', { line: 1, column: 1, endLine: 1, endColumn: 1 });
    }
  }

  const seen = new Map<string, ChangelogVersion>();
  let previousRelease: ChangelogVersion | undefined;
  let sawRelease = false;
  for (const version of doc.versions) {
    if (version.kind === 'invalid') {
      add(
        'version-heading-invalid',
        'error',
        `"## ${version.heading}" is not a version heading: ${version.headingProblems.join('; ')}`,
        'Use "## [Unreleased]" or "## [1.2.3] - YYYY-MM-DD". Other text belongs above the first version heading (as a paragraph or a "#"-level heading) or in another document.',
        version.span
      );
      continue;
    }
    if (version.headingProblems.length) {
      add('version-heading-invalid', 'warning', `"## ${version.heading}": ${version.headingProblems.join('; ')}`, `Write it as: ${canonicalHeading(version)}`, version.span);
    }

    const key = version.kind === 'unreleased' ? 'unreleased' : versionKey(version.label as string);
    const first = seen.get(key);
    if (first) {
      add('version-duplicate', 'error', `${version.kind === 'unreleased' ? '[Unreleased]' : `version ${version.label}`} appears twice (first on line ${first.line})`, `Merge the two sections into the one on line ${first.line} and delete this heading.`, version.labelSpan);
    } else {
      seen.set(key, version);
    }

    if (version.kind === 'unreleased') {
      if (sawRelease) add('version-order', 'warning', '[Unreleased] comes after a released version', 'Move the [Unreleased] section to the top, above every released version.', version.labelSpan);
    } else {
      sawRelease = true;
      if (version.date === undefined) {
        add('date-invalid', 'error', `version ${version.label} has no release date`, `Add the release date: ${canonicalHeading(version)}`, version.span);
      } else if (!isIsoDate(version.date)) {
        const iso = toIsoDate(version.date);
        add(
          'date-invalid',
          'error',
          `"${version.date}" is not a real date in ISO form YYYY-MM-DD`,
          iso ? `Write it as ${iso}: ${canonicalHeading(version)}` : 'Write the release date as YYYY-MM-DD (e.g. 2024-01-31), and check that the day exists.',
          version.dateSpan,
          iso && version.dateSpan && UNAMBIGUOUS_DATE.test(version.date) ? [replaceSpan(file, version.dateSpan.line, version.dateSpan.column, version.dateSpan.endColumn, iso)] : undefined
        );
      }
      if (!first && previousRelease) {
        const order = compareVersions(version.label as string, previousRelease.label as string);
        if (order !== undefined && order > 0 && !releasedLater(previousRelease, version)) {
          add(
            'version-order',
            'warning',
            `version ${version.label} is listed below the older version ${previousRelease.label} (line ${previousRelease.line}); newest versions come first`,
            `Move the ${version.label} section above the ${previousRelease.label} section.`,
            version.labelSpan
          );
        }
      }
      if (!first) previousRelease = version;
    }

    const firstOfName = new Map<string, ChangelogCategory>();
    for (const category of version.categories) {
      // merged branches often leave a second "### Added" in one version: readers then miss half of it
      const earlier = firstOfName.get(category.name);
      if (earlier) {
        add(
          'category-duplicate',
          'warning',
          `"### ${category.name}" appears again in "## ${version.heading}" (first on line ${earlier.line})`,
          `Move the entries under this heading to the "### ${category.name}" on line ${earlier.line} and delete this heading.`,
          category.nameSpan
        );
      } else firstOfName.set(category.name, category);
      if (!config.categories.includes(category.name)) {
        const suggestion = closestCategory(category.name, config.categories);
        // only a letter-case slip is fixed by itself, and only when the version has no such category yet
        const sameWord = config.categories.find((c) => c.toLowerCase() === category.name.toLowerCase());
        const span = category.nameSpan;
        add(
          'unknown-category',
          'error',
          `"### ${category.name}" is not an allowed category (allowed: ${config.categories.join(', ')})`,
          suggestion ? `Rename it to "### ${suggestion}".` : `Use one of: ${config.categories.map((c) => `### ${c}`).join(', ')}.`,
          span,
          sameWord !== undefined && !version.categories.some((c) => c.name === sameWord) ? [replaceSpan(file, span.line, span.column, span.endColumn, sameWord)] : undefined
        );
      }
      if (category.entries.length === 0) {
        add('empty-category', 'error', `"### ${category.name}" has no entries`, `Add at least one "- " entry under it, or delete the heading (line ${category.line}).`, category.span);
      }
    }
    const outOfOrder = categoryOrderFinding(doc, version, file, config.categories, text);
    if (outOfOrder) findings.push(outOfOrder);
    for (const entry of version.looseEntries) {
      const category = guessCategory(entry.text, config.categories);
      add(
        'entry-outside-category',
        'error',
        `this entry sits directly under "## ${version.heading}" instead of under a "### <category>" heading`,
        `Put it under a category heading, e.g.:\n### ${category}\n${entry.marker} ${firstLine(entry.text)}`,
        { line: entry.line, column: entry.column, endLine: entry.line, endColumn: entry.column + 1 }
      );
    }
  }

  append(findings, linkReferenceFindings(doc, file, text, linkPattern(doc, repositoryUrl)));
  return findings;
}

/**
 * The edits adding `## [Unreleased]` above the first version, with its `[Unreleased]` link
 * reference definition (above the first one, or at the end of a file that has none). Only
 * when the compare URL is known for sure (see linkPattern): without a definition the new
 * heading would bring a new `link-reference-missing` finding, and a fix never adds findings.
 */
function unreleasedEdits(doc: ChangelogDocument, file: string, text: string, firstVersion: ChangelogVersion, eol: string, links: LinkPattern): Edit[] | undefined {
  const heading = insertBeforeLine(file, firstVersion.line, `## [Unreleased]${eol}${eol}`);
  const firstDefinition = doc.linkReferences[0];
  const pattern = links.certain ? links.pattern : undefined;
  const latest = doc.versions.find((v) => v.kind === 'release' && v.label);
  if (!pattern || !latest?.label || (firstDefinition && firstDefinition.line <= firstVersion.line)) return undefined;
  const definition = `[Unreleased]: ${pattern.base}${pattern.tagPrefix}${latest.label.replace(/^v/i, '')}...HEAD${eol}`;
  if (firstDefinition) return [heading, insertBeforeLine(file, firstDefinition.line, definition)];
  // no definition yet (the URL is the repository's): this edit appends every missing one, and link-reference-missing has none
  return [heading, appendDefinitions(doc, new LineIndex(text), file, [definition.slice(0, -eol.length), ...(missingDefinitionLines(doc, links) ?? [])])];
}

/**
 * `category-order`: a version whose configured category headings are not in the configured
 * order (first occurrences), at the first heading that comes too late. Its edit moves whole category blocks (the
 * heading and everything up to the next category heading; the last one up to the version's
 * end, before any link reference definitions) into the configured order, each block's text
 * byte for byte and the separators between blocks where they were. Only when every category
 * heading of the version is a configured one, none appears twice, and no block holds a code
 * fence or an HTML comment (moved, an unclosed one could swallow what follows).
 */
function categoryOrderFinding(doc: ChangelogDocument, version: ChangelogVersion, file: string, allowed: readonly string[], text: string): FindingOf<'changelog'> | undefined {
  const rank = (c: ChangelogCategory): number => allowed.indexOf(c.name);
  let highest: ChangelogCategory | undefined;
  let late: ChangelogCategory | undefined;
  const seen = new Set<string>();
  for (const category of version.categories) {
    // a repeated heading is category-duplicate's finding: only first occurrences are ordered
    if (rank(category) < 0 || seen.has(category.name)) continue;
    seen.add(category.name);
    if (highest && rank(category) < rank(highest)) {
      late = category;
      break;
    }
    if (!highest || rank(category) > rank(highest)) highest = category;
  }
  if (!late || !highest) return undefined;
  const finding = place(
    {
      check: CHECK,
      rule: 'category-order',
      severity: 'notice',
      file,
      message: `"### ${late.name}" comes after "### ${highest.name}" in "## ${version.heading}"; categories go in the order ${allowed.join(', ')}`,
      fix: `Move the "### ${late.name}" section (line ${late.line}) above "### ${highest.name}" (line ${highest.line}), keeping the order ${allowed.join(', ')}.`
    },
    late.nameSpan
  );
  const edit = categoryOrderEdit(doc, version, file, allowed, text);
  if (edit) finding.edits = [edit];
  return finding;
}

function categoryOrderEdit(doc: ChangelogDocument, version: ChangelogVersion, file: string, allowed: readonly string[], text: string): Edit | undefined {
  const categories = version.categories;
  const names = categories.map((c) => c.name);
  if (names.some((n) => !allowed.includes(n)) || new Set(names).size !== names.length) return undefined;
  const index = new LineIndex(text);
  // the last block ends before the version's link reference definitions, and before its trailing blank lines
  const last = categories[categories.length - 1] as ChangelogCategory;
  const definition = doc.linkReferences.find((d) => d.line > last.line && d.line <= version.endLine);
  let end = definition ? definition.line - 1 : version.endLine;
  // an entry below those definitions would stay behind and join another category
  if (last.entries.some((e) => e.endLine > end)) return undefined;
  const lineEnds = (line: number): number => index.lineStart(line) + index.lineText(line).length;
  const blocks: string[] = [];
  const gaps: string[] = [];
  for (let i = 0; i < categories.length; i++) {
    const from = (categories[i] as ChangelogCategory).line;
    const next = categories[i + 1];
    let to = next ? next.line - 1 : end;
    while (to > from && index.lineText(to).trim() === '') to--;
    for (let line = from; line <= to; line++) if (/^\s*(```|~~~|<!--)/.test(index.lineText(line)) || index.lineText(line).includes('<!--')) return undefined;
    blocks.push(text.slice(index.lineStart(from), lineEnds(to)));
    if (next) gaps.push(text.slice(lineEnds(to), index.lineStart(next.line)));
    else end = to;
  }
  const order = categories.map((_, i) => i).sort((a, b) => allowed.indexOf(names[a] as string) - allowed.indexOf(names[b] as string));
  const replacement = order.map((i, position) => `${blocks[i] as string}${gaps[position] ?? ''}`).join('');
  const start = index.lineStart(categories[0]?.line as number);
  const stop = lineEnds(end);
  if (replacement === text.slice(start, stop)) return undefined;
  return { file, start: index.position(start), end: index.position(stop), text: replacement };
}

/** Dates read the same way everywhere: year first (`2024/01/05`, `2024-1-5`) or with the month's name (`Jan 5, 2024`). */
const UNAMBIGUOUS_DATE = /^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|[A-Za-z]{3,}\.? \d{1,2}(st|nd|rd|th)?,? \d{4}|\d{1,2}(st|nd|rd|th)? [A-Za-z]{3,}\.?,? \d{4})$/;

/**
 * Versions reported one by one for a missing link reference; past this many, one more
 * finding counts the rest, so a long changelog without link references gives a readable
 * report (and a bounded one: 150,000 findings cost more memory than the file).
 */
export const LINK_REFERENCE_DETAIL_LIMIT = 20;

/**
 * The edit appending link reference definitions at the end of the file; the first ones of a
 * file come after a blank line (right below an entry they would read as its continuation).
 */
function appendDefinitions(doc: ChangelogDocument, index: LineIndex, file: string, lines: readonly string[]): Edit {
  const lastLine = index.text.replace(/\r?\n$/, '').split('\n').pop() ?? '';
  const blank = doc.linkReferences.length === 0 && lastLine.trim() !== '';
  return appendLines(index, file, blank ? ['', ...lines] : lines);
}

/** The definitions to add for every bracketed version heading without one, when the URL pattern is certain. */
function missingDefinitionLines(doc: ChangelogDocument, links: LinkPattern): string[] | undefined {
  const pattern = links.pattern;
  if (!links.certain || !pattern) return undefined;
  const defined = new Set(doc.linkReferences.map((d) => normalizeLabel(d.label)));
  const releases = doc.versions.filter((v) => v.kind === 'release');
  const releaseIndex = new Map(releases.map((v, i) => [v, i]));
  const lines: string[] = [];
  for (const version of doc.versions) {
    if (version.kind === 'invalid' || !version.bracketed || !version.label || version.linkUrl !== undefined) continue;
    const label = normalizeLabel(version.referenceLabel ?? version.label);
    if (defined.has(label)) continue;
    defined.add(label);
    const url = suggestLinkUrl(version, releases, releaseIndex, pattern);
    // an [Unreleased] with no release below it has no tag to compare from: no placeholder is written
    if (url.includes('<')) return undefined;
    lines.push(`[${version.referenceLabel ?? version.label}]: ${url}`);
  }
  return lines;
}

function linkReferenceFindings(doc: ChangelogDocument, file: string, text: string, links: LinkPattern): FindingOf<'changelog'>[] {
  const findings: FindingOf<'changelog'>[] = [];
  const index = new LineIndex(text);
  const defined = new Set(doc.linkReferences.map((d) => normalizeLabel(d.label)));
  const releases = doc.versions.filter((v) => v.kind === 'release');
  const releaseIndex = new Map(releases.map((v, i) => [v, i]));
  const pattern = links.pattern;
  const reported = new Set<string>();
  // Link references are a recommendation: a changelog that uses none gets a notice, one that uses some and misses this one a warning.
  const severity = doc.linkReferences.length > 0 ? 'warning' : 'notice';
  let folded = 0;
  let firstFolded: ChangelogVersion | undefined;
  const missing = (version: ChangelogVersion, message: string, fix: string): void => {
    findings.push(place({ check: CHECK, rule: 'link-reference-missing', severity, file, message, fix }, version.labelSpan));
  };
  for (const version of doc.versions) {
    if (version.kind === 'invalid' || !version.bracketed || !version.label || version.linkUrl !== undefined) continue;
    const label = normalizeLabel(version.referenceLabel ?? version.label);
    if (defined.has(label) || reported.has(label)) continue;
    reported.add(label);
    if (reported.size > LINK_REFERENCE_DETAIL_LIMIT) {
      folded++;
      firstFolded ??= version;
      continue;
    }
    const written = version.referenceLabel ?? version.label;
    missing(version, `"[${written}]" has no link reference definition, so the heading is not a link`, `Add at the end of the file: [${written}]: ${suggestLinkUrl(version, releases, releaseIndex, pattern)}`);
  }
  if (firstFolded) {
    const many = folded !== 1;
    missing(
      firstFolded,
      `${folded} more version heading${many ? 's' : ''} from here on ha${many ? 've' : 's'} no link reference definition, so ${many ? 'they are' : 'it is'} not links`,
      `Add a definition for each at the end of the file, e.g. [${firstFolded.referenceLabel ?? firstFolded.label}]: ${suggestLinkUrl(firstFolded, releases, releaseIndex, pattern)}`
    );
  }
  // Every missing definition is added by one edit, the same on each finding (identical edits apply once),
  // and only when the URL pattern is known for sure (see linkPattern).
  // A file with no definition and no [Unreleased] heading gets them all from unreleased-missing's edit instead (two
  // appends at the end of the file would conflict).
  const lines = missingDefinitionLines(doc, links);
  if (lines?.length && !(doc.linkReferences.length === 0 && !doc.versions.some((v) => v.kind === 'unreleased'))) {
    const edit = appendDefinitions(doc, index, file, lines);
    for (const finding of findings) if (finding.rule === 'link-reference-missing') finding.edits = [edit];
  }
  for (const definition of doc.linkReferences) {
    if (doc.referencedLabels.has(normalizeLabel(definition.label))) continue;
    findings.push({
      ...place(
        {
          check: CHECK,
          rule: 'link-reference-unused',
          severity: 'notice',
          file,
          message: `the link reference "[${definition.label}]" is not used by any heading or link`,
          fix: `Delete line ${definition.line}, or fix its label to match a version heading.`
        },
        definition.labelSpan
      ),
      edits: [deleteLine(index, file, definition.line)]
    });
  }
  return findings;
}

interface ComparePattern {
  base: string;
  tagPrefix: string;
}

/** The compare URL pattern of a changelog's links, and whether it is sure enough for machine edits. */
interface LinkPattern {
  pattern?: ComparePattern;
  certain: boolean;
}

/** A GitHub repository address as ChangeContext.repositoryUrl gives it; anything else is not used for links. */
const GITHUB_REPOSITORY_URL = /^https:\/\/github\.com\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/**
 * The URL pattern for new link reference definitions: learned from the changelog's own
 * compare links (certain when they all agree), else, when the changelog has none, the
 * repository's GitHub address (`<url>/compare/v1.0.0...v1.1.0`) with the tag prefix its
 * `releases/tag/` links use (`v` when it has none; not certain when they disagree).
 */
function linkPattern(doc: ChangelogDocument, repositoryUrl: string | undefined): LinkPattern {
  const learned = compareUrlPattern(doc);
  if (learned) return { pattern: learned, certain: compareUrlPatternUnambiguous(doc) };
  if (repositoryUrl === undefined || !GITHUB_REPOSITORY_URL.test(repositoryUrl)) return { certain: false };
  const prefixes = new Set<string>();
  for (const definition of doc.linkReferences) {
    const tag = /\/releases\/tag\/(\S+)$/.exec(definition.url)?.[1];
    if (tag !== undefined) prefixes.add(tagPrefixOf(tag));
  }
  if (prefixes.size > 1) return { certain: false };
  return { pattern: { base: `${repositoryUrl}/compare/`, tagPrefix: prefixes.values().next().value ?? 'v' }, certain: true };
}

/** The tag prefix (`v` or none) a tag name uses. */
function tagPrefixOf(tag: string): string {
  return /^v\d/i.test(tag) ? (tag[0] as string) : '';
}

/** `https://host/owner/repo/compare/` and the tag prefix of one compare link, if it is one. */
function comparePatternOf(url: string): ComparePattern | undefined {
  const m = /^(https?:\/\/\S+?\/compare\/)(\S+?)\.\.\.?(\S+)$/.exec(url);
  if (!m) return undefined;
  return { base: m[1] as string, tagPrefix: tagPrefixOf(m[3] === 'HEAD' ? (m[2] as string) : (m[3] as string)) };
}

/** The compare patterns of the changelog's link reference definitions, in order. */
function comparePatterns(doc: ChangelogDocument): ComparePattern[] {
  return doc.linkReferences.map((d) => comparePatternOf(d.url)).filter((p): p is ComparePattern => p !== undefined);
}

/** True when every compare link of the changelog has one base URL and one tag prefix. */
function compareUrlPatternUnambiguous(doc: ChangelogDocument): boolean {
  return new Set(comparePatterns(doc).map((p) => `${p.base} ${p.tagPrefix}`)).size === 1;
}

/** Learns `https://host/owner/repo/compare/` and the tag prefix (`v` or none) from existing definitions. */
function compareUrlPattern(doc: ChangelogDocument): ComparePattern | undefined {
  return comparePatterns(doc)[0];
}

function suggestLinkUrl(version: ChangelogVersion, releases: readonly ChangelogVersion[], releaseIndex: ReadonlyMap<ChangelogVersion, number>, pattern: ComparePattern | undefined): string {
  const base = pattern?.base ?? 'https://github.com/OWNER/REPO/compare/';
  const tag = (label: string): string => `${pattern?.tagPrefix ?? 'v'}${label.replace(/^v/i, '')}`;
  if (version.kind === 'unreleased') {
    const latest = releases[0];
    return latest?.label ? `${base}${tag(latest.label)}...HEAD` : `${base}<first-tag>...HEAD`;
  }
  const index = releaseIndex.get(version) ?? -1;
  const older = releases[index + 1];
  if (older?.label) return `${base}${tag(older.label)}...${tag(version.label as string)}`;
  return `${base.replace(/\/compare\/$/, '/releases/tag/')}${tag(version.label as string)}`;
}

/**
 * True when `upper` was released after `lower` by their dates: maintenance lines
 * (`1.4.2` released after `2.0.0-rc.1`) listed by release date are newest first too.
 */
function releasedLater(upper: ChangelogVersion, lower: ChangelogVersion): boolean {
  return upper.date !== undefined && lower.date !== undefined && isIsoDate(upper.date) && isIsoDate(lower.date) && upper.date > lower.date;
}

/** The allowed category closest to `name`: same word in another case, a synonym, or the nearest spelling. */
export function closestCategory(name: string, allowed: readonly string[]): string | undefined {
  const clean = name.replace(/[:.]+$/, '').trim();
  const lower = clean.toLowerCase();
  const sameCase = allowed.find((c) => c.toLowerCase() === lower);
  if (sameCase) return sameCase;
  const synonym = CATEGORY_SYNONYMS[lower];
  if (synonym && allowed.includes(synonym)) return synonym;
  return closest(clean, allowed);
}

/** A category for an entry outside any, from its first word. */
function guessCategory(text: string, allowed: readonly string[]): string {
  const word = (/^[\s`*_]*([A-Za-z]+)/.exec(text)?.[1] ?? '').toLowerCase();
  const guesses: Array<[RegExp, string]> = [
    [/^(add|added|adds|new|introduce|introduced|support)/, 'Added'],
    [/^(fix|fixed|fixes|resolve|resolved|correct)/, 'Fixed'],
    [/^(remove|removed|delete|deleted|drop|dropped)/, 'Removed'],
    [/^(deprecate|deprecated)/, 'Deprecated']
  ];
  let guess = /security|cve-|vulnerab/i.test(text) ? 'Security' : guesses.find(([re]) => re.test(word))?.[1] ?? 'Changed';
  if (!allowed.includes(guess)) guess = allowed[0] ?? guess;
  return guess;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}

/** Rules that compare the changelog with its text at the base revision. */
function diffFindings(kit: Kit, doc: ChangelogDocument, base: ChangelogDocument | undefined, file: string, change: ChangeContext, required: boolean): FindingOf<'changelog'>[] {
  const findings: FindingOf<'changelog'>[] = [];
  const config = kit.config.changelog;
  const unreleased = doc.versions.filter((v) => v.kind === 'unreleased');
  const baseUnreleased = new Set((base?.versions ?? []).filter((v) => v.kind === 'unreleased').flatMap(entriesOf).map((e) => e.text));
  // exact comparison, as the seed did: a reordered entry is not new, a reworded one is
  const newEntries = unreleased.flatMap(entriesOf).filter((e) => !baseUnreleased.has(e.text));
  const heading = unreleased[0];

  if (newEntries.length === 0) {
    const snippet = changelogSnippet(change, kit);
    const where = heading ? `under "## ${heading.heading}" (line ${heading.line})` : 'under a new "## [Unreleased]" section at the top';
    if (required) {
      findings.push(
        place(
          {
            check: CHECK,
            rule: 'entry-required',
            severity: 'error',
            file,
            message: `branch "${change.branch}" must add an entry under [Unreleased], but this change adds none`,
            fix: `Add an entry ${where}, e.g.:\n${snippet}`
          },
          heading?.span
        )
      );
    } else {
      const wanted = entryCommits(change.commits ?? [], config.entryCommitTypes, kit);
      if (wanted.length) {
        const listed = wanted.slice(0, 3).map((c) => `${c.sha.slice(0, 7)} "${c.subject}"`).join(', ');
        findings.push(
          place(
            {
              check: CHECK,
              rule: 'entry-missing-for-commits',
              severity: 'warning',
              file,
              message: `${wanted.length} ${config.entryCommitTypes.join('/')} commit${wanted.length > 1 ? 's' : ''} (${listed}${wanted.length > 3 ? ', ...' : ''}) but no new [Unreleased] entry`,
              fix: `Add an entry ${where}, e.g.:\n${snippet}`
            },
            heading?.span
          )
        );
      }
    }
  }

  if (base) append(findings, releasedEntryFindings(doc, base, file));
  return findings;
}

/** New bullets under versions that were already released at the base. Edits of existing bullets (typo fixes) are allowed. */
function releasedEntryFindings(doc: ChangelogDocument, base: ChangelogDocument, file: string): FindingOf<'changelog'>[] {
  const released = new Map<string, ChangelogVersion>();
  for (const v of base.versions) if (v.kind === 'release' && v.label && !released.has(versionKey(v.label))) released.set(versionKey(v.label), v);
  const findings: FindingOf<'changelog'>[] = [];
  for (const version of doc.versions) {
    if (version.kind !== 'release' || !version.label) continue;
    const before = released.get(versionKey(version.label));
    if (!before) continue;
    for (const entry of addedEntries(entriesOf(before), entriesOf(version))) {
      findings.push({
        check: CHECK,
        rule: 'entry-in-released-version',
        severity: 'error',
        file,
        line: entry.line,
        column: entry.column,
        endLine: entry.line,
        endColumn: entry.column + 1,
        message: `a new entry was added under ${version.label}, which was already released`,
        fix: `Move it under "## [Unreleased]" (in the matching "### <category>"): released versions describe what shipped.`
      });
    }
  }
  return findings;
}

/**
 * Entries of `after` that are additions rather than edits: exact matches are unchanged;
 * a changed entry pairs with the most similar removed one (a typo fix); the rest are new.
 */
function addedEntries(before: readonly ChangelogEntry[], after: readonly ChangelogEntry[]): ChangelogEntry[] {
  const remaining = new Map<string, number>();
  for (const e of before) remaining.set(e.text, (remaining.get(e.text) ?? 0) + 1);
  const unmatched: ChangelogEntry[] = [];
  for (const e of after) {
    const count = remaining.get(e.text) ?? 0;
    if (count > 0) remaining.set(e.text, count - 1);
    else unmatched.push(e);
  }
  const removed = [...remaining].flatMap(([text, count]) => new Array<string>(count).fill(text));
  // a rewritten section would cost too many comparisons: count changed entries as edits
  if (removed.length * unmatched.length > 10_000) return unmatched.slice(removed.length);
  const key = (text: string): string => text.toLowerCase().slice(0, 200);
  for (const old of removed) {
    let best = -1;
    let bestScore = 0.5;
    unmatched.forEach((e, i) => {
      const score = similarity(key(old), key(e.text));
      if (score >= bestScore) {
        best = i;
        bestScore = score;
      }
    });
    if (best >= 0) unmatched.splice(best, 1);
  }
  return unmatched;
}

/** Non-merge, non-bot commits whose conventional type calls for a changelog entry. */
function entryCommits(commits: readonly CommitInfo[], types: readonly string[], kit: Kit): CommitInfo[] {
  const isBot = authorMatcher(kit.config.commits.ignoreAuthors);
  return commits.filter((c) => {
    if (c.parents.length >= 2 || isBot(c.authorName, c.authorEmail)) return false;
    const type = parseCommitMessage(c.message).conventional?.type;
    return type !== undefined && types.includes(type);
  });
}

/**
 * A ready-to-paste `### Category` + bullets snippet built from the change's commits
 * (feat -> Added, fix -> Fixed, ...), else from the pull request title, else a placeholder.
 */
export function changelogSnippet(change: ChangeContext, kit: Kit): string {
  const config = kit.config.changelog;
  const isBot = authorMatcher(kit.config.commits.ignoreAuthors);
  const byCategory = new Map<string, string[]>();
  const addItem = (type: string, subject: string): void => {
    const category = TYPE_CATEGORY[type];
    if (!category || !config.categories.includes(category) || !subject) return;
    const text = subject.charAt(0).toUpperCase() + subject.slice(1);
    const list = byCategory.get(category) ?? [];
    if (!list.includes(text)) list.push(text);
    byCategory.set(category, list);
  };
  const candidates = (change.commits ?? []).filter((c) => c.parents.length < 2 && !isBot(c.authorName, c.authorEmail)).map((c) => parseCommitMessage(c.message).conventional).filter((h) => h !== undefined);
  // entry-worthy types first (feat, fix), then anything else that maps to a category
  const preferred = candidates.filter((h) => config.entryCommitTypes.includes(h.type));
  for (const h of preferred.length ? preferred : candidates) addItem(h.type, h.subject);
  if (byCategory.size === 0 && change.title) {
    const title = parseCommitMessage(change.title).conventional;
    if (title) addItem(title.type, title.subject);
  }
  if (byCategory.size === 0) {
    const branchType = /^(feat|feature|fix|bugfix|hotfix)\//.exec(change.branch ?? '')?.[1];
    const category = branchType === 'feat' || branchType === 'feature' ? 'Added' : branchType ? 'Fixed' : 'Changed';
    const chosen = config.categories.includes(category) ? category : (config.categories[0] ?? category);
    return `### ${chosen}\n- <describe your change for users>`;
  }
  const blocks: string[] = [];
  let budget = 5;
  for (const category of config.categories) {
    const items = byCategory.get(category);
    if (!items || budget <= 0) continue;
    const shown = items.slice(0, budget);
    budget -= shown.length;
    blocks.push(`### ${category}\n${shown.map((s) => `- ${s}`).join('\n')}`);
  }
  return blocks.join('\n\n');
}
