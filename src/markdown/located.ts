/**
 * Scan results that know where they are. Positions are worked out from the document's
 * line table only when asked for: a check reads them for the few items it reports, so
 * a large scan does not allocate two position objects per link.
 */
import type { Position } from '../model/finding.js';
import { positionIn } from '../model/lines.js';
import type { CodeSpan, HtmlAnchor, LinkKind, MarkdownHeading, MarkdownLink } from './types.js';

/** Offsets of line starts in a document (filled while scanning), answering offset -> line/column. */
export class LineTable {
  readonly starts: number[] = [];

  /** 1-based line and UTF-16 column of an offset. */
  position(offset: number): Position {
    return positionIn(this.starts, offset);
  }
}

/** Something found at [offset, endOffset) of a document, with positions on demand. */
abstract class Located {
  readonly #lines: LineTable;

  constructor(
    lines: LineTable,
    readonly offset: number,
    readonly endOffset: number
  ) {
    this.#lines = lines;
  }

  get start(): Position {
    return this.#lines.position(this.offset);
  }

  get end(): Position {
    return this.#lines.position(this.endOffset);
  }
}

export class ScannedLink extends Located implements MarkdownLink {
  title: string | undefined = undefined;
  label: string | undefined = undefined;
  definition: MarkdownLink | undefined = undefined;
  tag: string | undefined = undefined;

  constructor(
    lines: LineTable,
    readonly kind: LinkKind,
    readonly image: boolean,
    readonly destination: string,
    offset: number,
    endOffset: number
  ) {
    super(lines, offset, endOffset);
  }
}

export class ScannedAnchor extends Located implements HtmlAnchor {
  constructor(
    lines: LineTable,
    readonly id: string,
    readonly attribute: 'id' | 'name',
    offset: number,
    endOffset: number
  ) {
    super(lines, offset, endOffset);
  }
}

export class ScannedCodeSpan extends Located implements CodeSpan {
  constructor(
    lines: LineTable,
    readonly text: string,
    offset: number,
    endOffset: number
  ) {
    super(lines, offset, endOffset);
  }
}

export class ScannedHeading extends Located implements MarkdownHeading {
  constructor(
    lines: LineTable,
    readonly level: number,
    readonly text: string,
    readonly setext: boolean,
    offset: number,
    endOffset: number
  ) {
    super(lines, offset, endOffset);
  }
}
