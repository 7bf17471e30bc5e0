/**
 * Parsing of Conventional Commits 1.0.0 messages: `type(scope)!: subject`, an optional
 * body, and footers (`Token: value` or `Token #value`), including `BREAKING CHANGE:`.
 */

/** A footer (git trailer) of a commit message. */
export interface CommitFooter {
  /** The token as written, e.g. `Refs`, `Signed-off-by`, `BREAKING CHANGE`. */
  token: string;
  /** `: ` or ` #`. */
  separator: ': ' | ' #';
  /** The value, continuation lines joined with `\n`. */
  value: string;
  /** 1-based line of the message where the footer starts. */
  line: number;
}

/** A line that tries to announce a breaking change but is not spelled as the specification says. */
export interface MalformedBreakingFooter {
  /** 1-based line of the message. */
  line: number;
  text: string;
  /** What is wrong, as a sentence fragment. */
  reason: string;
  /** The line as it should be written. */
  corrected: string;
}

/** The parts of a header `type(scope)!: subject`. */
export interface ConventionalHeader {
  type: string;
  /** The scope as written, without parentheses; undefined when there is none. */
  scope?: string;
  /** `!` after the type/scope. */
  bang: boolean;
  /** The description after `: `, trimmed; empty when missing. */
  subject: string;
}

export interface ParsedCommitMessage {
  /** The first line, without trailing whitespace. */
  header: string;
  /** Set when the header has the conventional shape; undefined otherwise. */
  conventional?: ConventionalHeader;
  /** Why the header is not conventional, when it is not. */
  headerProblem?: string;
  /** The text between the header and the footers, trimmed. */
  body: string;
  footers: CommitFooter[];
  /** True when the header has `!` or a `BREAKING CHANGE:`/`BREAKING-CHANGE:` footer is present. */
  breaking: boolean;
  /** The description of the breaking change from its footer, when one is given. */
  breakingDescription?: string;
  malformedBreaking: MalformedBreakingFooter[];
  /** True when a body or footer starts on line 2, with no blank line after the header. */
  bodyWithoutBlankLine: boolean;
}

const HEADER = /^(?<type>[A-Za-z][A-Za-z0-9_-]*)(?:\((?<scope>[^()\r\n]*)\))?(?<bang>!)?:(?<rest>.*)$/;
const FOOTER = /^(?<token>BREAKING CHANGE|BREAKING-CHANGE|[A-Za-z][A-Za-z0-9-]*)(?<sep>: | #)(?<value>.*)$/;
/** Lines that look like an attempt at a breaking-change footer, in any spelling. */
const BREAKING_LIKE = /^\s*breaking[\s_-]*changes?\s*:/i;
const BREAKING_VALID = /^BREAKING[ -]CHANGE: \S/;
/** Values that say there is no breaking change (`Breaking changes: none`): prose, not a footer. */
const NO_BREAKING = /^(?:none|no|n\/a|nothing|-+)\.?$/i;

/**
 * Parses the header alone. Returns the conventional parts, or a reason why the header
 * does not have the `type(scope)!: subject` shape.
 */
export function parseHeader(header: string): { conventional?: ConventionalHeader; problem?: string } {
  const text = header.trimEnd();
  const m = HEADER.exec(text);
  if (!m?.groups) {
    if (!text.trim()) return { problem: 'the header is empty' };
    if (!text.includes(':')) return { problem: 'the header has no "type: " prefix' };
    return { problem: 'the header does not have the form "type(scope): subject"' };
  }
  const { type, scope, bang, rest } = m.groups as { type: string; scope?: string; bang?: string; rest: string };
  if (scope !== undefined && scope.trim() === '') return { problem: 'the scope in "()" is empty' };
  if (rest.length > 0 && !rest.startsWith(' ')) return { problem: 'a space must follow the ":"' };
  const conventional: ConventionalHeader = { type, bang: bang === '!', subject: rest.trim() };
  if (scope !== undefined) conventional.scope = scope;
  return { conventional };
}

/** Splits a scope like `api,ui` or `api/ui` into its parts (commitlint's delimiters). */
export function scopeParts(scope: string): string[] {
  return scope
    .split(/[,/\\]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Parses a whole commit message. Never throws. */
export function parseCommitMessage(message: string): ParsedCommitMessage {
  const lines = message.replace(/\r\n?/g, '\n').split('\n');
  const header = (lines[0] ?? '').trimEnd();
  const { conventional, problem } = parseHeader(header);

  // paragraphs after the header, as [firstLineIndex, lastLineIndex] pairs (0-based)
  const paragraphs: Array<[number, number]> = [];
  let start = -1;
  for (let i = 1; i <= lines.length; i++) {
    const blank = i === lines.length || (lines[i] as string).trim() === '';
    if (!blank && start < 0) start = i;
    if (blank && start >= 0) {
      paragraphs.push([start, i - 1]);
      start = -1;
    }
  }

  // the footer section is the last paragraph, when it starts with a footer line
  const last = paragraphs[paragraphs.length - 1];
  const footers: CommitFooter[] = [];
  let bodyEnd = lines.length;
  if (last && FOOTER.test(lines[last[0]] as string)) {
    bodyEnd = last[0];
    for (let i = last[0]; i <= last[1]; i++) {
      const text = lines[i] as string;
      const m = FOOTER.exec(text);
      if (m?.groups) {
        footers.push({ token: m.groups.token as string, separator: m.groups.sep as ': ' | ' #', value: m.groups.value as string, line: i + 1 });
      } else if (footers.length) {
        const previous = footers[footers.length - 1] as CommitFooter;
        previous.value += `\n${text}`;
      }
    }
  }
  const body = lines.slice(1, bodyEnd).join('\n').trim();

  const breakingFooter = footers.find((f) => (f.token === 'BREAKING CHANGE' || f.token === 'BREAKING-CHANGE') && f.separator === ': ');
  // a correctly spelled footer that is not in the last paragraph still counts (parsers find it)
  const breakingLine = lines.findIndex((l, i) => i > 0 && BREAKING_VALID.test(l));
  const malformedBreaking: MalformedBreakingFooter[] = [];
  for (let i = 1; i < lines.length; i++) {
    const text = lines[i] as string;
    if (!BREAKING_LIKE.test(text)) continue;
    const value = text.slice(text.indexOf(':') + 1).trim();
    if (NO_BREAKING.test(value)) continue;
    const corrected = `BREAKING CHANGE: ${value || '<what breaks and how to migrate>'}`;
    if (BREAKING_VALID.test(text)) continue;
    const token = text.slice(0, text.indexOf(':'));
    // what conventional-commits-parser (commitlint, semantic-release, conventional-changelog)
    // does with the line: it matches /^[\s|*]*(BREAKING CHANGE|BREAKING-CHANGE)[:\s]+/i
    const singular = /^\s*BREAKING[ -]CHANGE$/i.test(token);
    let reason: string;
    if (/^BREAKING[ -]CHANGE$/.test(token) && !value) reason = 'has no description: the specification requires one, and parsers record an empty breaking-change note';
    else if (/^BREAKING[ -]CHANGE$/.test(token)) reason = 'needs a space after ":" as the specification says (conventional-commits-parser still reads it as a breaking change; stricter parsers do not)';
    else if (/^\s/.test(text) && singular) reason = 'must start at the beginning of the line as the specification says (conventional-commits-parser still reads it; stricter parsers do not)';
    else if (singular) reason = `must be spelled "BREAKING CHANGE:" in upper case as the specification says, not "${token.trim()}:" (conventional-commits-parser reads it case-insensitively; git trailers and stricter parsers do not)`;
    else reason = `is not read as a breaking change by conventional-commits-parser (commitlint, semantic-release) or any parser following the specification: write "BREAKING CHANGE:", not "${token.trim()}:"`;
    malformedBreaking.push({ line: i + 1, text, reason, corrected });
  }

  const parsed: ParsedCommitMessage = {
    header,
    body,
    footers,
    breaking: Boolean(conventional?.bang) || breakingFooter !== undefined || breakingLine > 0,
    malformedBreaking,
    bodyWithoutBlankLine: lines.length > 1 && (lines[1] as string).trim() !== ''
  };
  if (conventional) parsed.conventional = conventional;
  if (problem) parsed.headerProblem = problem;
  const description = breakingFooter?.value ?? (breakingLine > 0 ? (lines[breakingLine] as string).replace(/^BREAKING[ -]CHANGE: /, '') : undefined);
  if (description !== undefined) parsed.breakingDescription = description.trim();
  return parsed;
}
