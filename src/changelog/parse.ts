import { isIsoDate, VERSION_LABEL } from './version.js';
import { normalizeLabel } from '../markdown/text.js';

/**
 * A model of a Keep a Changelog 1.1.0 file with positions (1-based lines, UTF-16
 * columns, end exclusive), built leniently: anything it cannot read as the format is kept
 * and described so a check can report it, never thrown.
 */

export interface TextSpan {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A bullet: `- text` or `* text`, with its continuation and nested lines. */
export interface ChangelogEntry {
  /** The text after the marker, continuation lines joined with `\n`, trailing spaces removed. */
  text: string;
  /** Line of the marker and its 1-based column. */
  line: number;
  column: number;
  /** Last line of the entry (continuations included). */
  endLine: number;
  marker: '-' | '*' | '+';
}

/** A `### Category` subsection of a version. */
export interface ChangelogCategory {
  name: string;
  line: number;
  /** Span of the name (after `### `). */
  nameSpan: TextSpan;
  /** Span of the whole heading line. */
  span: TextSpan;
  entries: ChangelogEntry[];
}

/** How a `## ...` heading was read. */
export type VersionKind = 'unreleased' | 'release' | 'invalid';

/** A `## ...` section. */
export interface ChangelogVersion {
  kind: VersionKind;
  /** The heading text after `## `. */
  heading: string;
  line: number;
  /** Span of the whole heading line (from the `#`). */
  span: TextSpan;
  /** The version or `Unreleased` as written, without brackets (undefined for an unreadable heading). */
  label?: string;
  /** Span of the label including its brackets when bracketed. */
  labelSpan?: TextSpan;
  bracketed: boolean;
  /** The URL of an inline link `[1.2.3](url)`: the heading needs no link reference definition. */
  linkUrl?: string;
  /** The reference of a full reference link `[1.2.3][ref]`. */
  referenceLabel?: string;
  /** The date text as written, when there is one. */
  date?: string;
  dateSpan?: TextSpan;
  yanked: boolean;
  /** Problems with the heading's form; the heading was still understood unless `kind` is `invalid`. */
  headingProblems: string[];
  categories: ChangelogCategory[];
  /** Bullets directly under the version, before any `###` category. */
  looseEntries: ChangelogEntry[];
  /** Last line of the section. */
  endLine: number;
}

/** A link reference definition `[label]: url`. */
export interface LinkReference {
  label: string;
  url: string;
  line: number;
  /** Span of `[label]`. */
  labelSpan: TextSpan;
}

export interface ChangelogDocument {
  /** The `# Title` heading, if any. */
  title?: { text: string; line: number };
  versions: ChangelogVersion[];
  linkReferences: LinkReference[];
  /** Normalised labels used by reference links anywhere outside definitions (`[x]`, `[t][x]`, `[x][]`). */
  referencedLabels: Set<string>;
  /** Number of lines in the file. */
  lineCount: number;
}

const ATX = /^( {0,3})(#{1,6})(?:[ \t]+|$)/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const BULLET = /^([ \t]*)([-*+])(?:[ \t]+|$)/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const LINK_DEFINITION = /^( {0,3})\[([^\]]+)\]:[ \t]*(\S+)/;

/** Parses a changelog. Never throws. */
export function parseChangelog(text: string): ChangelogDocument {
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  const lines = text.slice(bom).split(/\r?\n|\r/);
  // a byte-order mark shifts every column of line 1 by one code unit
  const col = (line: number, index: number): number => index + 1 + (line === 1 ? bom : 0);
  const span = (line: number, start: number, end: number): TextSpan => ({ line, column: col(line, start), endLine: line, endColumn: col(line, end) });

  const doc: ChangelogDocument = { versions: [], linkReferences: [], referencedLabels: new Set(), lineCount: lines.length };
  let version: ChangelogVersion | undefined;
  let category: ChangelogCategory | undefined;
  let entry: ChangelogEntry | undefined;
  let entryIndent = 0;
  let blankSinceEntry = false;
  let fence: string | undefined;
  let inComment = false;

  const endEntry = (): void => {
    entry = undefined;
    blankSinceEntry = false;
  };
  const closeVersion = (line: number): void => {
    if (version) version.endLine = Math.max(version.line, line);
  };

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i] as string;

    if (fence !== undefined) {
      const close = FENCE.exec(raw);
      if (close && (close[1] as string)[0] === fence[0] && (close[1] as string).length >= fence.length && raw.trim() === close[1]) fence = undefined;
      if (entry) appendToEntry(entry, raw, lineNo);
      continue;
    }
    if (inComment) {
      if (raw.includes('-->')) inComment = false;
      continue;
    }
    const open = FENCE.exec(raw);
    if (open) {
      fence = open[1] as string;
      if (entry && indentWidth(raw) >= entryIndent) appendToEntry(entry, raw, lineNo);
      else endEntry();
      continue;
    }
    if (raw.trimStart().startsWith('<!--')) {
      if (!raw.includes('-->', raw.indexOf('<!--') + 4)) inComment = true;
      continue;
    }

    if (raw.trim() === '') {
      if (entry) blankSinceEntry = true;
      continue;
    }

    const heading = ATX.exec(raw);
    if (heading) {
      endEntry();
      const level = (heading[2] as string).length;
      const contentStart = (heading[0] as string).length;
      const content = stripClosingHashes(raw.slice(contentStart));
      collectReferences(content, doc.referencedLabels);
      // a version under "#" or "###" (conventional-changelog writes majors and patches so) is still a version
      const misleveled = (level === 1 || level === 3) && looksLikeVersion(content);
      if (level === 2 || misleveled) {
        closeVersion(lineNo - 1);
        category = undefined;
        version = parseVersionHeading(content, lineNo, (heading[1] as string).length, contentStart, raw.length, span);
        if (misleveled) version.headingProblems.push(`it is a level-${level} heading; version headings use "##"`);
        doc.versions.push(version);
      } else if (level === 1) {
        closeVersion(lineNo - 1);
        version = undefined;
        category = undefined;
        if (!doc.title) doc.title = { text: content, line: lineNo };
      } else if (level === 3 && version) {
        category = {
          name: content,
          line: lineNo,
          nameSpan: span(lineNo, contentStart, contentStart + content.length),
          span: span(lineNo, (heading[1] as string).length, raw.trimEnd().length),
          entries: []
        };
        version.categories.push(category);
      }
      // deeper headings stay inside the current category
      continue;
    }

    const definition = LINK_DEFINITION.exec(raw);
    if (definition && !(entry && !blankSinceEntry)) {
      endEntry();
      const start = (definition[1] as string).length;
      const label = definition[2] as string;
      doc.linkReferences.push({ label, url: definition[3] as string, line: lineNo, labelSpan: span(lineNo, start, start + label.length + 2) });
      continue;
    }
    collectReferences(raw, doc.referencedLabels);

    const bullet = THEMATIC_BREAK.test(raw) ? null : BULLET.exec(raw);
    const indent = indentWidth(raw);
    if (entry && indent >= entryIndent) {
      appendToEntry(entry, raw, lineNo);
      blankSinceEntry = false;
      continue;
    }
    if (bullet && version) {
      const markerIndex = (bullet[1] as string).length;
      entry = {
        text: raw.slice((bullet[0] as string).length).trimEnd(),
        line: lineNo,
        column: col(lineNo, markerIndex),
        endLine: lineNo,
        marker: bullet[2] as '-' | '*' | '+'
      };
      // continuation lines are indented past the marker (at least two columns)
      entryIndent = indentWidth(bullet[1] as string) + 2;
      blankSinceEntry = false;
      if (category) category.entries.push(entry);
      else version.looseEntries.push(entry);
      continue;
    }
    if (entry && !blankSinceEntry && !bullet) {
      // a lazy continuation line: not indented, but the paragraph of the bullet goes on
      appendToEntry(entry, raw, lineNo);
      continue;
    }
    endEntry();
  }
  closeVersion(lines.length);
  return doc;
}

function appendToEntry(entry: ChangelogEntry, raw: string, lineNo: number): void {
  entry.text += `\n${raw.trim()}`;
  entry.endLine = lineNo;
}

function indentWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    if (ch === ' ') width++;
    else if (ch === '\t') width += 4 - (width % 4);
    else break;
  }
  return width;
}

function stripClosingHashes(content: string): string {
  return content.replace(/[ \t]+#+[ \t]*$/, '').replace(/^#+[ \t]*$/, '').trim();
}

/** Records labels used by reference-style links: `[text][label]`, `[label][]` and `[label]`. */
function collectReferences(line: string, into: Set<string>): void {
  const pattern = /\[([^\]]*)\](?:\[([^\]]*)\])?(?!\()/g;
  for (let m = pattern.exec(line); m; m = pattern.exec(line)) {
    const label = m[2] ? m[2] : (m[1] as string);
    if (label.trim()) into.add(normalizeLabel(label));
  }
}

/** True when a heading's text starts with a version or `Unreleased` (bracketed or not). */
function looksLikeVersion(content: string): boolean {
  const label = /^\[([^\]]*)\]/.exec(content)?.[1] ?? /^\S+/.exec(content)?.[0] ?? '';
  return VERSION_LABEL.test(label.trim()) || /^unreleased$/i.test(label.trim());
}

/**
 * Reads a version heading: `[Unreleased]`, `[1.2.3] - 2024-01-31`, `[1.2.3] - 2024-01-31 [YANKED]`.
 * Also understood, with a problem noted: the unbracketed `1.2.3 - 2024-01-31`, an inline
 * link `[1.2.3](url)`, a date in parentheses, and a missing ` - `.
 */
function parseVersionHeading(
  content: string,
  lineNo: number,
  hashIndex: number,
  contentStart: number,
  lineLength: number,
  span: (line: number, start: number, end: number) => TextSpan
): ChangelogVersion {
  const version: ChangelogVersion = {
    kind: 'invalid',
    heading: content,
    line: lineNo,
    span: span(lineNo, hashIndex, lineLength),
    bracketed: false,
    yanked: false,
    headingProblems: [],
    categories: [],
    looseEntries: [],
    endLine: lineNo
  };
  let label: string;
  let labelLength: number;
  const bracketed = /^\[([^\]]*)\]/.exec(content);
  if (bracketed) {
    label = (bracketed[1] as string).trim();
    labelLength = (bracketed[0] as string).length;
    version.bracketed = true;
  } else {
    label = /^\S+/.exec(content)?.[0] ?? '';
    labelLength = label.length;
  }
  version.labelSpan = span(lineNo, contentStart, contentStart + labelLength);
  let consumed = labelLength;
  if (version.bracketed) {
    // `[1.2.3](url)` is a link already; `[1.2.3][ref]` names its reference
    const inline = /^\(([^()\s]*)\)/.exec(content.slice(consumed));
    const reference = /^\[([^\]]+)\]/.exec(content.slice(consumed));
    if (inline) {
      version.linkUrl = inline[1] as string;
      consumed += (inline[0] as string).length;
    } else if (reference) {
      version.referenceLabel = reference[1] as string;
      consumed += (reference[0] as string).length;
    }
  }
  let rest = content.slice(consumed);

  if (/^unreleased$/i.test(label)) {
    version.kind = 'unreleased';
    version.label = label;
    if (!version.bracketed) version.headingProblems.push('the label is not in brackets');
    return version;
  }
  if (!VERSION_LABEL.test(label)) {
    version.headingProblems.push(`"${label || content}" is neither a version nor "Unreleased"`);
    return version;
  }
  version.kind = 'release';
  version.label = label;
  if (!version.bracketed) version.headingProblems.push('the version is not in brackets');

  const yanked = /[ \t]*\[yanked\][ \t]*$/i.exec(rest);
  if (yanked) {
    version.yanked = true;
    rest = rest.slice(0, yanked.index);
  }
  const dateMatch = /^([ \t]*)(?:([-–—])[ \t]*)?(\S.*?)?[ \t]*$/.exec(rest);
  let dateText = dateMatch?.[3];
  if (dateText) {
    if (!dateMatch?.[2]) version.headingProblems.push('a " - " must separate the version from the date');
    let offset = contentStart + consumed + rest.indexOf(dateText);
    const parenthesized = /^\((\S+)\)$/.exec(dateText);
    if (parenthesized) {
      version.headingProblems.push('the date is in parentheses');
      dateText = parenthesized[1] as string;
      offset += 1;
    }
    // the date is the first word; anything after it is extra text in the heading
    const word = /^\S+/.exec(dateText)?.[0] ?? dateText;
    version.date = isIsoDate(word) || !/\s/.test(dateText) ? word : dateText;
    version.dateSpan = span(lineNo, offset, offset + version.date.length);
    if (version.date !== dateText) version.headingProblems.push(`unexpected text after the date: "${dateText.slice(word.length).trim()}"`);
  }
  return version;
}
