/**
 * The inline half of the Markdown scanner: finds links, images, reference uses,
 * autolinks, raw HTML tags and code spans in one left-to-right pass over a block's
 * text, following CommonMark's precedence (code spans, autolinks and raw HTML bind
 * tighter than link brackets; a link cannot contain another link). For headings it
 * also renders the plain text that heading ids are made from.
 */
import { attributeValue, HtmlKind, isAsciiLetter, parseRawHtml } from './html.js';
import { isAsciiPunct, isPunctuation, isWhitespace, normalizeLabel, unescapeMarkdown } from './text.js';
import { ScannedAnchor, ScannedCodeSpan, ScannedLink, type LineTable } from './located.js';
import type { MarkdownLink } from './types.js';
import { lastAtOrBelow } from '../model/lines.js';

/**
 * Text of one block (a paragraph, a heading's content, a table row or an HTML block):
 * the range [from, end) of `content`, with a map back to source offsets (pairs of
 * content offset and source offset, one pair per source line, in increasing order).
 * Blocks whose lines follow each other directly are parsed in place: `content` is the
 * source itself and the map is the identity `[0, 0]`.
 */
export interface InlineUnit {
  content: string;
  map: number[];
  /** Where inline parsing starts (after any link reference definitions). */
  from: number;
  /** Where the block's text ends (exclusive). */
  end: number;
  /** A GFM table row: `\|` is a literal pipe even inside code spans (cells are split first). */
  table?: boolean;
}

/** Maps an offset in a unit's content back to the source text. */
export function toSource(unit: InlineUnit, offset: number): number {
  const map = unit.map;
  if (map.length === 2) return (map[1] as number) + offset - (map[0] as number);
  const at = lastAtOrBelow(map, offset, 2);
  return (map[at * 2 + 1] as number) + offset - (map[at * 2] as number);
}

/** Where findings of a scan are collected (offsets now, positions later). */
export interface ScanSink {
  lines: LineTable;
  links: ScannedLink[];
  anchors: ScannedAnchor[];
  codeSpans: ScannedCodeSpan[];
}

/**
 * Records what the doc checks need from an HTML open tag: `<a href>`, `<img src>`, the
 * image candidates of `srcset` on `<img>` and `<source>` (a README's `<picture>` logo for
 * dark mode), `id` on any element, `<a name>`.
 */
export function recordTag(sink: ScanSink, name: string, attribute: (name: string) => string | null | undefined, start: number, end: number): void {
  const push = (destination: string, image: boolean): void => {
    const link = new ScannedLink(sink.lines, 'html', image, destination, start, end);
    link.tag = name;
    sink.links.push(link);
  };
  if (name === 'a') {
    const href = attribute('href');
    if (typeof href === 'string') push(href.trim(), false);
    const anchorName = attribute('name');
    if (typeof anchorName === 'string' && anchorName !== '') sink.anchors.push(new ScannedAnchor(sink.lines, anchorName, 'name', start, end));
  } else if (name === 'img' || name === 'source') {
    const src = name === 'img' ? attribute('src') : undefined;
    if (typeof src === 'string') push(src.trim(), true);
    const srcset = attribute('srcset');
    if (typeof srcset === 'string') for (const url of srcsetUrls(srcset)) push(url, true);
  }
  const id = attribute('id');
  if (typeof id === 'string' && id !== '') sink.anchors.push(new ScannedAnchor(sink.lines, id, 'id', start, end));
}

/** The URLs of a `srcset` value (HTML's candidate list: a URL, optional descriptors, commas between). */
function srcsetUrls(value: string): string[] {
  const urls: string[] = [];
  const n = value.length;
  let i = 0;
  const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
  while (i < n) {
    while (i < n && (isSpace(value.charCodeAt(i)) || value.charCodeAt(i) === 44)) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isSpace(value.charCodeAt(i))) i++;
    let url = value.slice(start, i);
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
    } else {
      // descriptors ("2x", "480w") run to the next comma outside parentheses
      let depth = 0;
      while (i < n) {
        const c = value.charCodeAt(i);
        if (c === 40) depth++;
        else if (c === 41 && depth > 0) depth--;
        else if (c === 44 && depth === 0) break;
        i++;
      }
    }
    if (url !== '') urls.push(url);
  }
  return urls;
}

const enum C {
  Tab = 9,
  Newline = 10,
  Return = 13,
  Space = 32,
  Bang = 33,
  Quote = 34,
  Ampersand = 38,
  Apostrophe = 39,
  LParen = 40,
  RParen = 41,
  Star = 42,
  Colon = 58,
  Lt = 60,
  Gt = 62,
  At = 64,
  LBracket = 91,
  Backslash = 92,
  RBracket = 93,
  Underscore = 95,
  Backtick = 96,
  Tilde = 126
}

/** Characters that start an inline construct (`!` is checked at `[`). */
const SPECIALS = ['\\', '`', '<', '[', ']'];

/**
 * Next occurrence of each special character, found with `indexOf` (fast native
 * search) and cached, so text between constructs is never walked character by
 * character and each character is searched for once per text.
 */
class SpecialFinder {
  private readonly next = new Int32Array(SPECIALS.length).fill(-2);
  private readonly searchedFrom = new Int32Array(SPECIALS.length);

  constructor(readonly text: string) {}

  /** Offset of the first special character at or after `from`, or the text length. */
  find(from: number): number {
    const s = this.text;
    let best = s.length;
    for (let k = 0; k < SPECIALS.length; k++) {
      let at = this.next[k] as number;
      if (at === -2 || (at !== -1 && at < from) || (this.searchedFrom[k] as number) > from) {
        at = s.indexOf(SPECIALS[k] as string, from);
        this.next[k] = at;
        this.searchedFrom[k] = from;
      }
      if (at !== -1 && at < best) best = at;
    }
    return best;
  }
}

interface Opener {
  /** Offset of `[` (or of `!` for an image). */
  pos: number;
  /** Offset where the link text starts. */
  textStart: number;
  image: boolean;
  active: boolean;
  /** Output counts when the opener was pushed (an image's alt text is not rendered as links). */
  linkCount: number;
  anchorCount: number;
  codeSpanCount: number;
}

/** A span of a heading's content replaced in its plain text: `replacement` null removes it. */
interface TextMark {
  start: number;
  end: number;
  replacement: string | null;
}

/** Scans inline content. One instance is reused for every block of a document. */
export class InlineParser {
  private s = '';
  private n = 0;
  private unit!: InlineUnit;
  private openers: Opener[] = [];
  private marks: TextMark[] | null = null;
  /** For each backtick run length: searching for a closer from at or after this offset already failed. */
  private backtickFail: number[] = [];

  private readonly sourceFinder: SpecialFinder;

  constructor(
    private readonly source: string,
    private readonly sink: ScanSink,
    private readonly definitions: Map<string, MarkdownLink>
  ) {
    this.sourceFinder = new SpecialFinder(source);
  }

  /** Scans a unit, recording links, code spans and HTML anchors; returns the rendered plain text when asked. */
  parse(unit: InlineUnit, wantText: boolean): string | undefined {
    this.unit = unit;
    this.s = unit.content;
    this.n = unit.end;
    if (this.openers.length) this.openers = [];
    if (this.backtickFail.length) this.backtickFail = [];
    this.marks = wantText ? [] : null;
    const s = this.s;
    const n = this.n;
    const finder = s === this.source ? this.sourceFinder : new SpecialFinder(s);
    let i = unit.from;
    for (;;) {
      i = finder.find(i);
      if (i >= n) break;
      switch (s.charCodeAt(i)) {
        case C.Backslash:
          i += i + 1 < n && isAsciiPunct(s.charCodeAt(i + 1)) ? 2 : 1;
          break;
        case C.Backtick:
          i = this.codeSpan(i);
          break;
        case C.Lt:
          i = this.angle(i);
          break;
        case C.LBracket:
          if (i > unit.from && s.charCodeAt(i - 1) === C.Bang && !isEscaped(s, i - 1, unit.from)) this.pushOpener(i - 1, i + 1, true);
          else this.pushOpener(i, i + 1, false);
          i++;
          break;
        default:
          i = this.closeBracket(i);
      }
    }
    return wantText ? this.plainText() : undefined;
  }

  private src(offset: number): number {
    return toSource(this.unit, offset);
  }

  private pushOpener(pos: number, textStart: number, image: boolean): void {
    this.openers.push({ pos, textStart, image, active: true, linkCount: this.sink.links.length, anchorCount: this.sink.anchors.length, codeSpanCount: this.sink.codeSpans.length });
  }

  /** A code span at a backtick run, or the run as literal text when it has no closer. */
  private codeSpan(start: number): number {
    const s = this.s;
    let p = start;
    while (p < this.n && s.charCodeAt(p) === C.Backtick) p++;
    const len = p - start;
    const failedFrom = this.backtickFail[len];
    if (failedFrom !== undefined && p >= failedFrom) return p;
    let q = p;
    for (;;) {
      const at = s.indexOf('`', q);
      if (at === -1 || at >= this.n) {
        this.backtickFail[len] = p;
        return p;
      }
      let e = at;
      while (e < this.n && s.charCodeAt(e) === C.Backtick) e++;
      if (e - at === len) {
        let text = s.slice(p, at);
        // a line ending is a space; the next line's indentation was never part of the paragraph
        if (text.indexOf('\n') !== -1) text = text.replace(/\r?\n[ \t]*/g, ' ');
        if (this.unit.table && text.indexOf('\\|') !== -1) text = text.replaceAll('\\|', '|');
        if (text.length >= 2 && text.charCodeAt(0) === C.Space && text.charCodeAt(text.length - 1) === C.Space && text.trim() !== '') {
          text = text.slice(1, -1);
        }
        this.sink.codeSpans.push(new ScannedCodeSpan(this.sink.lines, text, this.src(start), this.src(e)));
        if (this.marks) this.marks.push({ start, end: e, replacement: text });
        return e;
      }
      q = e;
    }
  }

  /** An autolink or raw HTML at `<`, else a literal `<`. */
  private angle(start: number): number {
    const s = this.s;
    const n = this.n;
    const auto = this.autolinkEnd(start);
    if (auto > 0) {
      const inner = s.slice(start + 1, auto - 1);
      const isEmail = inner.indexOf(':') === -1;
      const destination = isEmail ? `mailto:${inner}` : inner;
      this.sink.links.push(new ScannedLink(this.sink.lines, 'autolink', false, destination, this.src(start), this.src(auto)));
      if (this.marks) this.marks.push({ start, end: auto, replacement: inner });
      return auto;
    }
    const html = parseRawHtml(s, start, n, true);
    if (!html) return start + 1;
    if (html.kind === HtmlKind.OpenTag && html.attributes.length > 0) {
      const attrs = html.attributes;
      recordTag(this.sink, html.name, (name) => attributeValue(attrs, name), this.src(start), this.src(html.end));
    }
    if (this.marks) this.marks.push({ start, end: html.end, replacement: null });
    return html.end;
  }

  /** End offset of a URI or email autolink at `<`, or -1. */
  private autolinkEnd(start: number): number {
    const s = this.s;
    const n = this.n;
    let p = start + 1;
    if (p >= n) return -1;
    if (isAsciiLetter(s.charCodeAt(p))) {
      let q = p + 1;
      while (q < n && q - p <= 32) {
        const c = s.charCodeAt(q);
        if (isAsciiLetter(c) || (c >= 48 && c <= 57) || c === 43 || c === 46 || c === 45) q++;
        else break;
      }
      const schemeLen = q - p;
      if (q < n && s.charCodeAt(q) === C.Colon && schemeLen >= 2 && schemeLen <= 32) {
        q++;
        while (q < n) {
          const c = s.charCodeAt(q);
          if (c === C.Gt) return q + 1;
          if (c <= C.Space || c === C.Lt) return -1;
          q++;
        }
        return -1;
      }
    }
    // email: local part, @, domain labels
    let q = p;
    while (q < n && isEmailLocal(s.charCodeAt(q))) q++;
    if (q === p || q >= n || s.charCodeAt(q) !== C.At) return -1;
    q++;
    for (;;) {
      const labelStart = q;
      while (q < n && isAlnum(s.charCodeAt(q)) || (q < n && s.charCodeAt(q) === 45 && q > labelStart)) q++;
      const labelLen = q - labelStart;
      if (labelLen === 0 || labelLen > 63 || s.charCodeAt(q - 1) === 45) return -1;
      if (q < n && s.charCodeAt(q) === 46) {
        q++;
        continue;
      }
      break;
    }
    p = q;
    return p < n && s.charCodeAt(p) === C.Gt ? p + 1 : -1;
  }

  /** A `]`: try to close the innermost opener as an inline link or a reference use. */
  private closeBracket(i: number): number {
    const openers = this.openers;
    const opener = openers[openers.length - 1];
    if (!opener) return i + 1;
    if (!opener.active) {
      openers.pop();
      return i + 1;
    }
    const s = this.s;
    let end = -1;
    let kind: MarkdownLink['kind'] = 'inline';
    let destination = '';
    let title: string | undefined;
    let definition: MarkdownLink | undefined;
    if (i + 1 < this.n && s.charCodeAt(i + 1) === C.LParen) {
      const tail = this.inlineTail(i + 2);
      if (tail) {
        end = tail.end;
        destination = tail.destination;
        title = tail.title;
      }
    }
    if (end < 0) {
      let label: string | undefined;
      let after = i + 1;
      kind = 'shortcut';
      if (i + 1 < this.n && s.charCodeAt(i + 1) === C.LBracket) {
        const close = scanLabel(s, i + 1, this.n);
        if (close >= 0) {
          after = close + 1;
          if (close > i + 2) {
            label = s.slice(i + 2, close);
            kind = 'full';
          } else kind = 'collapsed';
        }
      }
      if (label === undefined) label = s.slice(opener.textStart, i);
      if (label.length <= 999) definition = this.definitions.get(normalizeLabel(label));
      if (definition) {
        end = after;
        destination = definition.destination;
        if (definition.title !== undefined) title = definition.title;
      }
    }
    openers.pop();
    if (end < 0) return i + 1;

    const sink = this.sink;
    if (opener.image) {
      // the alt text is plain text when rendered: links, anchors and code inside it are not
      sink.links.length = opener.linkCount;
      sink.anchors.length = opener.anchorCount;
      sink.codeSpans.length = opener.codeSpanCount;
    } else {
      for (const o of openers) if (!o.image) o.active = false;
    }
    const found = new ScannedLink(sink.lines, kind, opener.image, destination, this.src(opener.pos), this.src(end));
    if (title !== undefined) found.title = title;
    if (definition) {
      found.definition = definition;
      if (definition.label !== undefined) found.label = definition.label;
    }
    sink.links.push(found);
    if (this.marks) {
      if (opener.image) this.marks.push({ start: opener.pos, end, replacement: null });
      else {
        this.marks.push({ start: opener.pos, end: opener.textStart, replacement: null });
        this.marks.push({ start: i, end, replacement: null });
      }
    }
    return end;
  }

  /** Parses `dest "title")` after `](`, as markdown-it does; null when it is not an inline link. */
  private inlineTail(start: number): { end: number; destination: string; title?: string } | null {
    const s = this.s;
    const n = this.n;
    let p = skipSpace(s, start, n);
    if (p >= n) return null;
    let destination = '';
    let title: string | undefined;
    const dest = parseDestination(s, p, n);
    if (dest) {
      destination = dest.value;
      p = dest.end;
      const beforeTitle = p;
      p = skipSpace(s, p, n);
      if (p < n && p !== beforeTitle) {
        const t = parseTitle(s, p, n);
        if (t) {
          title = t.value;
          p = skipSpace(s, t.end, n);
        }
      }
    }
    if (p >= n || s.charCodeAt(p) !== C.RParen) return null;
    return title === undefined ? { end: p + 1, destination } : { end: p + 1, destination, title };
  }

  /** The heading's rendered plain text from its content and the marks recorded while scanning. */
  private plainText(): string {
    const marks = this.marks ?? [];
    const s = this.s;
    const first = this.unit.from;
    if (marks.length === 0 && !hasTextSyntax(s, first, this.n)) return s.slice(first, this.n).trim();
    marks.sort((a, b) => a.start - b.start);
    const pieces: string[] = [];
    const delim: boolean[] = [];
    // for delimiters: the characters beside them in the source (flanking is decided there)
    const before: string[] = [];
    const after: string[] = [];
    let cur = first;
    const literal = (text: string): void => {
      if (text === '') return;
      pieces.push(text);
      delim.push(false);
      before.push('');
      after.push('');
    };
    const text = (from: number, to: number): void => {
      let run = from;
      for (let i = from; i < to; i++) {
        const c = s.charCodeAt(i);
        if (c === C.Backslash && i + 1 < to && isAsciiPunct(s.charCodeAt(i + 1))) {
          literal(s.slice(run, i));
          literal(s[i + 1] as string);
          i++;
          run = i + 1;
        } else if (c === C.Ampersand) {
          const semi = s.indexOf(';', i + 1);
          if (semi !== -1 && semi < to && semi - i <= 33) {
            const decoded = unescapeMarkdown(s.slice(i, semi + 1));
            if (decoded !== s.slice(i, semi + 1)) {
              literal(s.slice(run, i));
              literal(decoded);
              i = semi;
              run = i + 1;
            }
          }
        } else if (c === C.Star || c === C.Underscore || c === C.Tilde) {
          literal(s.slice(run, i));
          pieces.push(s[i] as string);
          delim.push(true);
          before.push(i > first ? (s[i - 1] as string) : '');
          after.push(i + 1 < this.n ? (s[i + 1] as string) : '');
          run = i + 1;
        }
      }
      literal(s.slice(run, to));
    };
    for (const mark of marks) {
      if (mark.start < cur) continue;
      text(cur, mark.start);
      if (mark.replacement !== null) literal(mark.replacement);
      cur = mark.end;
    }
    text(cur, this.n);
    if (delim.includes(true)) removeEmphasis(pieces, delim, before, after);
    const joined = pieces.join('');
    return (joined.indexOf('\n') === -1 ? joined : joined.replace(/[ \t\r]*\n[ \t\r]*/g, '\n')).trim();
  }
}

/** True when text in [from, to) holds characters that render differently: escapes, entities, emphasis, line breaks. */
function hasTextSyntax(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === C.Backslash || c === C.Ampersand || c === C.Star || c === C.Underscore || c === C.Tilde || c === C.Newline) return true;
  }
  return false;
}

/** True when the character at `p` is preceded by an odd number of backslashes (within the block). */
function isEscaped(s: string, p: number, from: number): boolean {
  let k = p - 1;
  while (k >= from && s.charCodeAt(k) === C.Backslash) k--;
  return (p - 1 - k) % 2 === 1;
}

function isAlnum(c: number): boolean {
  return isAsciiLetter(c) || (c >= 48 && c <= 57);
}

function isEmailLocal(c: number): boolean {
  // a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-
  return isAlnum(c) || (c !== 34 && c !== 40 && c !== 41 && c !== 44 && c !== 58 && c !== 59 && c !== 60 && c !== 62 && c !== 64 && c !== 91 && c !== 92 && c !== 93 && c >= 33 && c <= 126);
}

/** Skips spaces, tabs and line endings (markdown-it's rule between link parts). */
export function skipSpace(s: string, p: number, n: number): number {
  while (p < n) {
    const c = s.charCodeAt(p);
    if (c === C.Space || c === C.Tab || c === C.Newline || c === C.Return) p++;
    else break;
  }
  return p;
}

/** A link destination at `p`: `<...>` or a run without spaces and with balanced parentheses. */
export function parseDestination(s: string, p: number, n: number): { value: string; end: number } | null {
  const start = p;
  if (s.charCodeAt(p) === C.Lt) {
    p++;
    while (p < n) {
      const c = s.charCodeAt(p);
      if (c === C.Newline || c === C.Return || c === C.Lt) return null;
      if (c === C.Gt) return { value: unescapeMarkdown(s.slice(start + 1, p)), end: p + 1 };
      if (c === C.Backslash && p + 1 < n) {
        p += 2;
        continue;
      }
      p++;
    }
    return null;
  }
  let level = 0;
  while (p < n) {
    const c = s.charCodeAt(p);
    if (c <= C.Space || c === 0x7f) break;
    if (c === C.Backslash && p + 1 < n) {
      if (s.charCodeAt(p + 1) === C.Space) break;
      p += 2;
      continue;
    }
    if (c === C.LParen) {
      level++;
      if (level > 32) return null;
    } else if (c === C.RParen) {
      if (level === 0) break;
      level--;
    }
    p++;
  }
  if (p === start || level !== 0) return null;
  return { value: unescapeMarkdown(s.slice(start, p)), end: p };
}

/** A link title at `p`: `"..."`, `'...'` or `(...)`. */
export function parseTitle(s: string, p: number, n: number): { value: string; end: number } | null {
  let marker = s.charCodeAt(p);
  if (marker !== C.Quote && marker !== C.Apostrophe && marker !== C.LParen) return null;
  const start = p + 1;
  if (marker === C.LParen) marker = C.RParen;
  p++;
  while (p < n) {
    const c = s.charCodeAt(p);
    if (c === marker) return { value: unescapeMarkdown(s.slice(start, p)), end: p + 1 };
    if (c === C.LParen && marker === C.RParen) return null;
    if (c === C.Backslash && p + 1 < n) p++;
    p++;
  }
  return null;
}

/**
 * A link label `[...]` at `p`: returns the offset of its `]`, or -1. Labels hold no
 * unescaped brackets and at most 999 characters.
 */
export function scanLabel(s: string, p: number, n: number): number {
  let q = p + 1;
  const limit = Math.min(n, p + 1 + 1000);
  while (q < limit) {
    const c = s.charCodeAt(q);
    if (c === C.RBracket) return q;
    if (c === C.LBracket) return -1;
    if (c === C.Backslash) q++;
    q++;
  }
  return -1;
}

/** A run of one delimiter character in a heading's text, for emphasis matching. */
interface DelimiterRun {
  ch: string;
  /** Index of its first piece. */
  from: number;
  count: number;
  open: boolean;
  close: boolean;
  /** Characters not matched yet. */
  left: number;
  /** Characters matched as a closer (taken from the front) and as an opener (from the back). */
  usedFront: number;
  usedBack: number;
}

/**
 * Removes emphasis and strikethrough delimiters (`*`, `_`, `~`) that pair up under
 * CommonMark's flanking rules and its "rule of 3", keeping unpaired ones (such as
 * `_` inside `snake_case`).
 */
function removeEmphasis(pieces: string[], delim: boolean[], sourceBefore: readonly string[], sourceAfter: readonly string[]): void {
  const runs: DelimiterRun[] = [];
  for (let i = 0; i < pieces.length; i++) {
    if (!delim[i]) continue;
    const ch = pieces[i] as string;
    let j = i;
    while (j + 1 < pieces.length && delim[j + 1] && pieces[j + 1] === ch) j++;
    const before = sourceBefore[i] as string;
    const after = sourceAfter[j] as string;
    const left = !isWhitespace(after) && (!isPunctuation(after) || isWhitespace(before) || isPunctuation(before));
    const right = !isWhitespace(before) && (!isPunctuation(before) || isWhitespace(after) || isPunctuation(after));
    let open = left;
    let close = right;
    if (ch === '_') {
      open = left && (!right || isPunctuation(before));
      close = right && (!left || isPunctuation(after));
    }
    const count = j - i + 1;
    if (ch === '~' && count > 2) {
      open = false;
      close = false;
    }
    runs.push({ ch, from: i, count, open, close, left: count, usedFront: 0, usedBack: 0 });
    i = j;
  }
  const stack: DelimiterRun[] = [];
  for (const run of runs) {
    if (run.close) {
      for (let k = stack.length - 1; k >= 0 && run.left > 0; k--) {
        const opener = stack[k] as DelimiterRun;
        if (opener.ch !== run.ch || opener.left === 0) continue;
        if (run.ch === '~') {
          if (opener.count !== run.count) continue;
        } else if ((opener.close || run.open) && (opener.count + run.count) % 3 === 0 && !(opener.count % 3 === 0 && run.count % 3 === 0)) {
          continue; // the rule of 3
        }
        const take = Math.min(opener.left, run.left);
        for (let t = 0; t < take; t++) {
          pieces[opener.from + opener.count - 1 - opener.usedBack - t] = '';
          pieces[run.from + run.usedFront + t] = '';
        }
        opener.usedBack += take;
        run.usedFront += take;
        opener.left -= take;
        run.left -= take;
        stack.length = opener.left === 0 ? k : k + 1;
      }
    }
    if (run.open && run.left > 0) stack.push(run);
  }
}
