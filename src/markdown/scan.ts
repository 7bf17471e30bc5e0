/**
 * A fast single-pass Markdown scanner for the doc checks. It follows CommonMark/GFM for
 * the constructs it reports (links, images, reference links and definitions,
 * autolinks, raw HTML links and anchors, headings, code spans) and for everything that
 * hides them (fenced and indented code, HTML blocks and comments, code spans, escapes,
 * YAML front matter), but builds no syntax tree: a line loop tracks block structure
 * (block quotes, list items, lazy continuation, fences, HTML blocks, setext headings,
 * GFM tables) and an inline pass runs once over each paragraph, heading and table row.
 * markdown-it is the reference it is tested against.
 */
import { BLOCK_TAG_NAMES, HtmlKind, isAsciiLetter, parseRawHtml, RAW_TEXT_TAG_NAMES, tagNameEnd } from './html.js';
import { Parser } from 'htmlparser2';
import { InlineParser, parseDestination, parseTitle, recordTag, scanLabel, skipSpace, toSource, type InlineUnit, type ScanSink } from './inline.js';
import { LineTable, ScannedHeading, ScannedLink } from './located.js';
import { normalizeLabel } from './text.js';
import type { MarkdownHeading, MarkdownLink, MarkdownScan } from './types.js';

export type { CodeSpan, HtmlAnchor, LinkKind, MarkdownHeading, MarkdownLink, MarkdownScan } from './types.js';

const enum C {
  Tab = 9,
  Newline = 10,
  Return = 13,
  Space = 32,
  Bang = 33,
  Hash = 35,
  RParen = 41,
  Star = 42,
  Plus = 43,
  Dash = 45,
  Dot = 46,
  Slash = 47,
  Colon = 58,
  Lt = 60,
  Equals = 61,
  Gt = 62,
  Question = 63,
  LBracket = 91,
  Underscore = 95,
  Backtick = 96,
  Pipe = 124,
  Tilde = 126
}

const enum Leaf {
  None,
  Paragraph,
  Fence,
  IndentedCode,
  Html,
  Table
}

/** An open block quote or list item. `relIndent`: columns a list item's content sits right of its parent's. */
interface Container {
  quote: boolean;
  relIndent: number;
  blankStart: boolean;
  hasContent: boolean;
}

interface HeadingDraft {
  level: number;
  setext: boolean;
  offset: number;
  endOffset: number;
  unit: InlineUnit;
}

interface PendingUnit {
  unit: InlineUnit;
  heading?: HeadingDraft;
}

/**
 * Scans a Markdown document (CommonMark + GFM as GitHub renders it, raw HTML on) and
 * returns its links, headings, explicit HTML anchors and inline code spans, each with
 * 1-based line/column positions (UTF-16 columns, end exclusive), in document order.
 */
export function scanMarkdown(text: string): MarkdownScan {
  return new BlockScanner(text).run();
}

function isSpaceOrTab(c: number): boolean {
  return c === C.Space || c === C.Tab;
}

class BlockScanner {
  private readonly s: string;
  private readonly n: number;
  private readonly containers: Container[] = [];
  private leaf = Leaf.None;
  /** Source ranges (start, end) of the open paragraph's or HTML block's lines. */
  private segs: number[] = [];
  private fenceChar = 0;
  private fenceLen = 0;
  private htmlType = 0;
  /** For HTML blocks of types 2-5: where their end marker is, searched once. */
  private htmlEndAt = -1;
  private readonly units: PendingUnit[] = [];
  private readonly definitions = new Map<string, MarkdownLink>();
  private readonly lines = new LineTable();
  private readonly sink: ScanSink = { lines: this.lines, links: [], anchors: [], codeSpans: [] };
  private readonly headings: HeadingDraft[] = [];

  // the line being processed
  private lineEnd = 0;
  private pos = 0;
  private col = 0;
  private baseCol = 0;
  private nsPos = 0;
  private nsCol = 0;

  constructor(text: string) {
    this.s = text;
    this.n = text.length;
  }

  run(): MarkdownScan {
    const s = this.s;
    const skipUntil = this.frontMatterEnd();
    let lineStart = 0;
    for (;;) {
      this.lines.starts.push(lineStart);
      const nl = s.indexOf('\n', lineStart);
      if (lineStart >= skipUntil) this.processLine(lineStart, nl === -1 ? this.n : nl);
      if (nl === -1) break;
      lineStart = nl + 1;
    }
    this.closeContainersFrom(0);
    this.closeLeaf();
    return this.finish();
  }

  /** Offset just past YAML front matter (`---` ... `---` or `...` at the top), or 0. */
  private frontMatterEnd(): number {
    const s = this.s;
    if (!s.startsWith('---')) return 0;
    let nl = s.indexOf('\n');
    if (nl === -1 || s.slice(3, nl).trim() !== '') return 0;
    for (;;) {
      const start = nl + 1;
      if (start >= this.n) return 0;
      nl = s.indexOf('\n', start);
      const line = s.slice(start, nl === -1 ? this.n : nl).trimEnd();
      if (line === '---' || line === '...') return nl === -1 ? this.n : nl + 1;
      if (nl === -1) return 0;
    }
  }

  /** Finds the first non-space character from `pos`, tracking virtual columns (tabs stop every 4). */
  private measure(): void {
    const s = this.s;
    let p = this.pos;
    let c = this.col;
    while (p < this.lineEnd) {
      const ch = s.charCodeAt(p);
      if (ch === C.Space) c++;
      else if (ch === C.Tab) c += 4 - (c % 4);
      else break;
      p++;
    }
    this.nsPos = p;
    this.nsCol = c;
  }

  /** Consumes indentation up to a column (a tab straddling it is left in place, as CommonMark's partial tabs). */
  private advanceTo(target: number): void {
    const s = this.s;
    while (this.pos < this.nsPos) {
      const next = s.charCodeAt(this.pos) === C.Tab ? this.col + 4 - (this.col % 4) : this.col + 1;
      if (next > target) break;
      this.pos++;
      this.col = next;
    }
    this.baseCol = target;
  }

  /** Consumes `>` at nsPos and one following space (or one column of a tab). */
  private consumeQuoteMarker(): void {
    this.pos = this.nsPos + 1;
    this.col = this.nsCol + 1;
    const ch = this.s.charCodeAt(this.pos);
    if (this.pos < this.lineEnd && ch === C.Space) {
      this.pos++;
      this.col++;
      this.baseCol = this.col;
    } else if (this.pos < this.lineEnd && ch === C.Tab) this.baseCol = this.col + 1;
    else this.baseCol = this.col;
  }

  private processLine(lineStart: number, end: number): void {
    const s = this.s;
    let lineEnd = end;
    if (lineEnd > lineStart && s.charCodeAt(lineEnd - 1) === C.Return) lineEnd--;
    this.lineEnd = lineEnd;
    this.pos = lineStart;
    this.col = 0;
    this.baseCol = 0;

    const containers = this.containers;
    if (containers.length === 0 && lineStart < lineEnd) {
      // fast paths for the most common lines: text at the top level, and code in a fence
      const first = s.charCodeAt(lineStart);
      if ((first >= 97 && first <= 122) || (first >= 65 && first <= 90) || first >= 128) {
        if (this.leaf === Leaf.Paragraph) {
          this.segs.push(lineStart, lineEnd);
          return;
        }
        if (this.leaf === Leaf.None) {
          this.leaf = Leaf.Paragraph;
          this.segs = [lineStart, lineEnd];
          return;
        }
      }
      if (this.leaf === Leaf.Fence && first !== this.fenceChar && first !== C.Space && first !== C.Tab) return;
    }
    let matched = 0;
    for (; matched < containers.length; matched++) {
      const container = containers[matched] as Container;
      this.measure();
      if (container.quote) {
        if (this.nsPos < lineEnd && this.nsCol - this.baseCol <= 3 && s.charCodeAt(this.nsPos) === C.Gt) this.consumeQuoteMarker();
        else break;
      } else if (this.nsPos >= lineEnd) {
        if (container.blankStart && !container.hasContent) break;
      } else if (this.nsCol - this.baseCol >= container.relIndent) this.advanceTo(this.baseCol + container.relIndent);
      else break;
    }
    let allMatched = matched === containers.length;
    if (!allMatched && this.leaf !== Leaf.Paragraph) {
      // only paragraphs continue lazily; anything else ends with its container
      this.closeContainersFrom(matched);
      allMatched = true;
    }

    if (allMatched && (this.leaf === Leaf.Fence || this.leaf === Leaf.Html || this.leaf === Leaf.IndentedCode)) {
      this.measure();
      if (this.leaf === Leaf.Fence) {
        if (this.isClosingFence()) this.closeLeaf();
        return;
      }
      if (this.leaf === Leaf.Html) {
        if (this.nsPos >= lineEnd && this.htmlType >= 6) {
          this.closeLeaf();
          return;
        }
        this.segs.push(this.pos, lineEnd);
        if (this.htmlType <= 5 && this.htmlEndsOnLine(this.pos, lineEnd)) this.closeLeaf();
        return;
      }
      // indented code continues through blank lines and lines indented 4+ columns
      if (this.nsPos >= lineEnd || this.nsCol - this.baseCol >= 4) return;
      this.closeLeaf();
    }

    let opened = false;
    for (;;) {
      this.measure();
      const nsPos = this.nsPos;
      if (nsPos >= lineEnd) break;
      if (this.nsCol - this.baseCol >= 4) break;
      const ch = s.charCodeAt(nsPos);
      // no block starts with a letter: the common case of a text line leaves at once
      if ((ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90) || ch >= 128) break;
      // tables, like paragraphs, are not interrupted by HTML blocks of type 7
      const paragraphTip = this.leaf === Leaf.Paragraph || this.leaf === Leaf.Table;
      const interrupting = this.leaf === Leaf.Paragraph && allMatched && !opened;
      if (interrupting && (ch === C.Pipe || ch === C.Dash || ch === C.Colon) && this.tableStart()) return;
      if (ch === C.Gt) {
        this.openBlock(matched, opened);
        opened = true;
        containers.push({ quote: true, relIndent: 0, blankStart: false, hasContent: true });
        this.consumeQuoteMarker();
        continue;
      }
      if (ch === C.Hash && this.atxHeading(matched, opened)) return;
      if ((ch === C.Backtick || ch === C.Tilde) && this.fenceStart(matched, opened)) return;
      if (ch === C.Lt) {
        const type = this.htmlBlockType(nsPos, lineEnd, paragraphTip);
        if (type > 0) {
          this.openBlock(matched, opened);
          this.leaf = Leaf.Html;
          this.htmlType = type;
          this.htmlEndAt = type >= 2 && type <= 5 ? s.indexOf(HTML_END_MARKERS[type] as string, nsPos) : -1;
          this.segs = [this.pos, lineEnd];
          if (type <= 5 && this.htmlEndsOnLine(nsPos, lineEnd)) this.closeLeaf();
          return;
        }
      }
      if ((ch === C.Equals || ch === C.Dash) && interrupting && this.setextHeading(ch, lineEnd)) return;
      if ((ch === C.Star || ch === C.Dash || ch === C.Underscore) && this.isThematicBreak(ch)) {
        this.openBlock(matched, opened);
        return;
      }
      if (this.listItem(matched, opened, interrupting)) {
        opened = true;
        continue;
      }
      break;
    }

    this.measure();
    if (this.nsPos >= lineEnd) {
      if (!allMatched && !opened) this.closeContainersFrom(matched);
      if (this.leaf === Leaf.Paragraph || this.leaf === Leaf.Table) this.closeLeaf();
      return;
    }
    const innermost = containers[containers.length - 1];
    if (innermost) innermost.hasContent = true;
    if (this.leaf === Leaf.Paragraph && !opened) {
      // continuation line, possibly lazy
      this.segs.push(this.nsPos, lineEnd);
      return;
    }
    if (this.leaf === Leaf.Table && !opened && this.nsCol - this.baseCol < 4) {
      this.units.push({ unit: { content: s, map: IDENTITY, from: this.nsPos, end: lineEnd, table: true } });
      return;
    }
    if (!opened) this.closeContainersFrom(matched);
    this.closeLeaf();
    if (this.nsCol - this.baseCol >= 4) {
      this.leaf = Leaf.IndentedCode;
      return;
    }
    this.leaf = Leaf.Paragraph;
    this.segs = [this.nsPos, lineEnd];
  }

  /** Before a new block starts: close unmatched containers (first block of the line) and the open leaf. */
  private openBlock(matched: number, opened: boolean): void {
    if (!opened) this.closeContainersFrom(matched);
    this.closeLeaf();
  }

  private closeContainersFrom(k: number): void {
    if (k >= this.containers.length) return;
    this.closeLeaf();
    this.containers.length = k;
  }

  private closeLeaf(): void {
    const leaf = this.leaf;
    this.leaf = Leaf.None;
    if (leaf === Leaf.Paragraph) this.closeParagraph(this.segs);
    else if (leaf === Leaf.Html) this.closeHtml(this.segs);
    this.segs = [];
  }

  private atxHeading(matched: number, opened: boolean): boolean {
    const s = this.s;
    const lineEnd = this.lineEnd;
    const start = this.nsPos;
    let p = start;
    while (p < lineEnd && s.charCodeAt(p) === C.Hash) p++;
    const level = p - start;
    if (level > 6 || (p < lineEnd && !isSpaceOrTab(s.charCodeAt(p)))) return false;
    this.openBlock(matched, opened);
    let end = lineEnd;
    while (end > p && isSpaceOrTab(s.charCodeAt(end - 1))) end--;
    const headingEnd = end;
    let cs = p;
    while (cs < end && isSpaceOrTab(s.charCodeAt(cs))) cs++;
    let k = end;
    while (k > cs && s.charCodeAt(k - 1) === C.Hash) k--;
    if (k < end) {
      if (k === cs) end = cs;
      else if (isSpaceOrTab(s.charCodeAt(k - 1))) {
        end = k;
        while (end > cs && isSpaceOrTab(s.charCodeAt(end - 1))) end--;
      }
    }
    const unit: InlineUnit = { content: s, map: IDENTITY, from: cs, end };
    const heading: HeadingDraft = { level, setext: false, offset: start, endOffset: headingEnd, unit };
    this.headings.push(heading);
    this.units.push({ unit, heading });
    return true;
  }

  private fenceStart(matched: number, opened: boolean): boolean {
    const s = this.s;
    const start = this.nsPos;
    const ch = s.charCodeAt(start);
    let p = start;
    while (p < this.lineEnd && s.charCodeAt(p) === ch) p++;
    const len = p - start;
    if (len < 3) return false;
    if (ch === C.Backtick) {
      const tick = s.indexOf('`', p);
      if (tick !== -1 && tick < this.lineEnd) return false;
    }
    this.openBlock(matched, opened);
    this.leaf = Leaf.Fence;
    this.fenceChar = ch;
    this.fenceLen = len;
    return true;
  }

  private isClosingFence(): boolean {
    if (this.nsCol - this.baseCol > 3) return false;
    const s = this.s;
    let p = this.nsPos;
    while (p < this.lineEnd && s.charCodeAt(p) === this.fenceChar) p++;
    if (p - this.nsPos < this.fenceLen) return false;
    while (p < this.lineEnd && isSpaceOrTab(s.charCodeAt(p))) p++;
    return p >= this.lineEnd;
  }

  /** CommonMark HTML block start condition (1-7) at `p`, or 0. Type 7 cannot interrupt a paragraph. */
  private htmlBlockType(p: number, end: number, paragraphTip: boolean): number {
    const s = this.s;
    if (p + 1 >= end) return 0;
    const next = s.charCodeAt(p + 1);
    if (next === C.Bang) {
      if (s.startsWith('<!--', p)) return 2;
      if (s.startsWith('<![CDATA[', p)) return 5;
      if (p + 2 < end && isAsciiLetter(s.charCodeAt(p + 2))) return 4;
      return 0;
    }
    if (next === C.Question) return 3;
    const closing = next === C.Slash;
    const nameStart = p + (closing ? 2 : 1);
    const nameEnd = tagNameEnd(s, nameStart, end);
    if (nameEnd === nameStart) return 0;
    const name = s.slice(nameStart, nameEnd).toLowerCase();
    const after = nameEnd < end ? s.charCodeAt(nameEnd) : -1;
    const endsName = after === -1 || isSpaceOrTab(after) || after === C.Gt;
    if (!closing && endsName && RAW_TEXT_TAG_NAMES.has(name)) return 1;
    if (BLOCK_TAG_NAMES.has(name) && (endsName || (after === C.Slash && s.charCodeAt(nameEnd + 1) === C.Gt))) return 6;
    if (paragraphTip) return 0;
    const html = parseRawHtml(s, p, end, false);
    if (!html || (html.kind !== HtmlKind.OpenTag && html.kind !== HtmlKind.CloseTag)) return 0;
    let q = html.end;
    while (q < end && isSpaceOrTab(s.charCodeAt(q))) q++;
    return q >= end ? 7 : 0;
  }

  /** True when an HTML block of type 1-5 ends on the line [from, end). */
  private htmlEndsOnLine(from: number, end: number): boolean {
    if (this.htmlType === 1) {
      const line = this.s.slice(from, end).toLowerCase();
      return line.includes('</script>') || line.includes('</pre>') || line.includes('</style>') || line.includes('</textarea>');
    }
    if (this.htmlEndAt === -1) return false;
    if (this.htmlEndAt < from) this.htmlEndAt = this.s.indexOf(HTML_END_MARKERS[this.htmlType] as string, from);
    return this.htmlEndAt !== -1 && this.htmlEndAt < end;
  }

  /** A setext underline under the open paragraph: turns the paragraph (minus definitions) into a heading. */
  private setextHeading(ch: number, lineEnd: number): boolean {
    if (this.nsCol - this.baseCol > 3) return false;
    const s = this.s;
    let p = this.nsPos;
    while (p < lineEnd && s.charCodeAt(p) === ch) p++;
    let q = p;
    while (q < lineEnd && isSpaceOrTab(s.charCodeAt(q))) q++;
    if (q < lineEnd) return false;
    const segs = this.segs;
    const unit = this.makeUnit(segs, 0, segs.length >> 1, true);
    const found: ScannedLink[] = [];
    unit.from = this.parseDefinitions(unit, found);
    if (unit.content.slice(unit.from, unit.end).trim() === '') return false;
    for (const d of found) this.addDefinition(d);
    const heading: HeadingDraft = { level: ch === C.Equals ? 1 : 2, setext: true, offset: toSource(unit, unit.from), endOffset: p, unit };
    this.headings.push(heading);
    this.units.push({ unit, heading });
    this.leaf = Leaf.None;
    this.segs = [];
    return true;
  }

  private isThematicBreak(ch: number): boolean {
    const s = this.s;
    let count = 0;
    for (let p = this.nsPos; p < this.lineEnd; p++) {
      const c = s.charCodeAt(p);
      if (c === ch) count++;
      else if (!isSpaceOrTab(c)) return false;
    }
    return count >= 3;
  }

  /** A list item marker at nsPos: opens the item container and consumes up to its content column. */
  private listItem(matched: number, opened: boolean, interrupting: boolean): boolean {
    const s = this.s;
    const lineEnd = this.lineEnd;
    const start = this.nsPos;
    const startCol = this.nsCol;
    const ch = s.charCodeAt(start);
    let markerEnd: number;
    let ordered = false;
    let first = 0;
    if (ch === C.Dash || ch === C.Plus || ch === C.Star) markerEnd = start + 1;
    else if (ch >= 48 && ch <= 57) {
      let q = start;
      while (q < lineEnd && q - start < 9 && s.charCodeAt(q) >= 48 && s.charCodeAt(q) <= 57) q++;
      const d = s.charCodeAt(q);
      if (q >= lineEnd || (d !== C.Dot && d !== C.RParen)) return false;
      markerEnd = q + 1;
      ordered = true;
      first = Number(s.slice(start, q));
    } else return false;
    if (markerEnd < lineEnd && !isSpaceOrTab(s.charCodeAt(markerEnd))) return false;
    const afterMarkerCol = this.nsCol + (markerEnd - start);
    this.pos = markerEnd;
    this.col = afterMarkerCol;
    this.measure();
    const blankAfter = this.nsPos >= lineEnd;
    if (interrupting && (blankAfter || (ordered && first !== 1))) {
      // restore: this line continues the paragraph
      this.pos = start;
      this.col = startCol;
      this.measure();
      return false;
    }
    const spaces = this.nsCol - afterMarkerCol;
    const contentCol = blankAfter || spaces >= 5 ? afterMarkerCol + 1 : this.nsCol;
    const parentBase = this.baseCol;
    this.openBlock(matched, opened);
    this.containers.push({ quote: false, relIndent: contentCol - parentBase, blankStart: blankAfter, hasContent: !blankAfter });
    this.advanceTo(contentCol);
    return true;
  }

  /**
   * A GFM table delimiter row under the open paragraph's last line (with as many
   * cells): earlier lines stay a paragraph, the last becomes the header row and the
   * following lines are rows until a blank line or another block.
   */
  private tableStart(): boolean {
    const s = this.s;
    const a = this.nsPos;
    const b = this.lineEnd;
    let dash = false;
    let pipe = false;
    for (let p = a; p < b; p++) {
      const c = s.charCodeAt(p);
      if (c === C.Dash) dash = true;
      else if (c === C.Pipe) pipe = true;
      else if (c !== C.Colon && !isSpaceOrTab(c)) return false;
    }
    if (!dash || !pipe) return false;
    const segs = this.segs;
    const lines = segs.length >> 1;
    const ha = segs[lines * 2 - 2] as number;
    const hb = segs[lines * 2 - 1] as number;
    const headerPipe = s.indexOf('|', ha);
    if (headerPipe === -1 || headerPipe >= hb || cellCount(s, ha, hb) !== cellCount(s, a, b)) return false;
    if (lines > 1) this.closeParagraph(segs.slice(0, lines * 2 - 2));
    this.leaf = Leaf.Table;
    this.segs = [];
    this.units.push({ unit: { content: s, map: IDENTITY, from: ha, end: hb, table: true } });
    return true;
  }

  /** Ends a paragraph: leading link reference definitions are recorded, the rest is inline content. */
  private closeParagraph(segs: number[]): void {
    const unit = this.makeUnit(segs, 0, segs.length >> 1, false);
    const found: ScannedLink[] = [];
    unit.from = this.parseDefinitions(unit, found);
    for (const d of found) this.addDefinition(d);
    if (unit.from < unit.end) this.units.push({ unit });
  }

  /**
   * Ends an HTML block: its content is real HTML (comments, script text, bogus
   * comments and all), so a real HTML parser reads it; `<a href>`, `<img src>` and
   * anchors are recorded at their tags.
   */
  private closeHtml(segs: number[]): void {
    const unit = this.makeUnit(segs, 0, segs.length >> 1, false);
    const html = unit.content.slice(unit.from, unit.end);
    if (html.indexOf('<') === -1) return;
    const base = unit.from;
    const sink = this.sink;
    const parser: Parser = new Parser(
      {
        onopentag(name, attributes, implied) {
          if (implied) return;
          const start = toSource(unit, base + parser.startIndex);
          const end = toSource(unit, base + parser.endIndex + 1);
          recordTag(sink, name, (attr) => (Object.hasOwn(attributes, attr) ? attributes[attr] : undefined), start, end);
        }
      },
      { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }
    );
    parser.end(html);
  }

  /**
   * Builds the text of lines [from, to) of a block. Lines that follow each other with
   * only whitespace between them are one slice of the source (the common case);
   * otherwise (container markers between lines, or `join`) lines are joined with `\n`.
   */
  private makeUnit(segs: number[], from: number, to: number, join: boolean): InlineUnit {
    const s = this.s;
    if (!join) {
      let contiguous = true;
      for (let k = from; k + 1 < to && contiguous; k++) {
        let newlines = 0;
        for (let p = segs[k * 2 + 1] as number, q = segs[k * 2 + 2] as number; p < q; p++) {
          const c = s.charCodeAt(p);
          if (c === C.Newline) newlines++;
          else if (c !== C.Space && c !== C.Tab && c !== C.Return) {
            contiguous = false;
            break;
          }
        }
        if (newlines !== 1) contiguous = false;
      }
      if (contiguous) return { content: s, map: IDENTITY, from: segs[from * 2] as number, end: segs[to * 2 - 1] as number };
    }
    const parts: string[] = [];
    const map: number[] = [];
    let offset = 0;
    for (let k = from; k < to; k++) {
      const a = segs[k * 2] as number;
      let b = segs[k * 2 + 1] as number;
      if (join) while (b > a && isSpaceOrTab(s.charCodeAt(b - 1))) b--;
      map.push(offset, a);
      parts.push(s.slice(a, b));
      offset += b - a + 1;
    }
    const content = parts.join('\n');
    return { content, map, from: 0, end: content.length };
  }

  /** Parses link reference definitions at the start of a block; returns where the rest begins. */
  private parseDefinitions(unit: InlineUnit, found: ScannedLink[]): number {
    const s = unit.content;
    const n = unit.end;
    let p = unit.from;
    for (;;) {
      let q = p;
      while (q < n && isSpaceOrTab(s.charCodeAt(q))) q++;
      if (q >= n || s.charCodeAt(q) !== C.LBracket) return p;
      const close = scanLabel(s, q, n);
      if (close < 0 || s.charCodeAt(close + 1) !== C.Colon) return p;
      const label = s.slice(q + 1, close);
      if (label.trim() === '') return p;
      const destStart = skipSpace(s, close + 2, n);
      if (destStart >= n) return p;
      const dest = parseDestination(s, destStart, n);
      if (!dest) return p;
      let end = dest.end;
      let title: string | undefined;
      const titleStart = skipSpace(s, dest.end, n);
      if (titleStart > dest.end && titleStart < n) {
        const t = parseTitle(s, titleStart, n);
        if (t && restIsBlank(s, t.end, n)) {
          title = t.value;
          end = t.end;
        }
      }
      if (title === undefined && !restIsBlank(s, dest.end, n)) return p;
      const d = new ScannedLink(this.lines, 'definition', false, dest.value, toSource(unit, q), toSource(unit, end));
      d.label = normalizeLabel(label);
      if (title !== undefined) d.title = title;
      found.push(d);
      const nl = s.indexOf('\n', end);
      if (nl === -1 || nl >= n) return n;
      p = nl + 1;
    }
  }

  private addDefinition(d: ScannedLink): void {
    this.sink.links.push(d);
    const label = d.label as string;
    if (!this.definitions.has(label)) this.definitions.set(label, d);
  }

  /** Runs the inline pass over every block (definitions are all known by now) and orders the results. */
  private finish(): MarkdownScan {
    const parser = new InlineParser(this.s, this.sink, this.definitions);
    const texts = new Map<HeadingDraft, string>();
    for (const pending of this.units) {
      const text = parser.parse(pending.unit, pending.heading !== undefined);
      if (pending.heading) texts.set(pending.heading, text ?? '');
    }
    const { links, anchors, codeSpans } = this.sink;
    const byOffset = (a: { offset: number }, b: { offset: number }): number => a.offset - b.offset;
    links.sort(byOffset);
    anchors.sort(byOffset);
    codeSpans.sort(byOffset);
    const headings: MarkdownHeading[] = this.headings.map((h) => new ScannedHeading(this.lines, h.level, texts.get(h) ?? '', h.setext, h.offset, h.endOffset));
    return { links, headings, anchors, codeSpans };
  }
}

/** The map of a unit parsed in place on the source. */
const IDENTITY: number[] = [0, 0];

/** End markers of HTML block types 2-5. */
const HTML_END_MARKERS: readonly string[] = ['', '', '-->', '?>', '>', ']]>'];

function restIsBlank(s: string, p: number, n: number): boolean {
  while (p < n) {
    const c = s.charCodeAt(p);
    if (c === C.Newline) return true;
    if (c !== C.Space && c !== C.Tab && c !== C.Return) return false;
    p++;
  }
  return true;
}

/** Cells of a table row: pipes split cells, a leading and a trailing pipe do not add one, `\|` is literal. */
function cellCount(s: string, a: number, b: number): number {
  while (a < b && isSpaceOrTab(s.charCodeAt(a))) a++;
  while (b > a && isSpaceOrTab(s.charCodeAt(b - 1))) b--;
  if (a < b && s.charCodeAt(a) === C.Pipe) a++;
  if (b > a && s.charCodeAt(b - 1) === C.Pipe && s.charCodeAt(b - 2) !== 92) b--;
  let cells = 1;
  for (let p = a; p < b; p++) {
    const c = s.charCodeAt(p);
    if (c === 92) p++;
    else if (c === C.Pipe) cells++;
  }
  return cells;
}
