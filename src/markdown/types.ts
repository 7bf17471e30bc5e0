import type { Position } from '../model/finding.js';

/**
 * How a link was written:
 * - `inline` `[t](dest "title")` (or an image `![a](src)`),
 * - `full` `[t][label]`, `collapsed` `[label][]`, `shortcut` `[label]` (reference uses),
 * - `definition` `[label]: dest "title"`,
 * - `autolink` `<https://...>` / `<user@host>`,
 * - `html` a raw HTML `<a href>` or `<img src>`.
 */
export type LinkKind = 'inline' | 'full' | 'collapsed' | 'shortcut' | 'definition' | 'autolink' | 'html';

/** A link (or image) found in a Markdown document. Positions are 1-based, UTF-16 columns, end exclusive. */
export interface MarkdownLink {
  readonly kind: LinkKind;
  /** An image (`![..](..)`, a reference image, or `<img src>`). */
  readonly image: boolean;
  /**
   * The destination as the renderer sees it: backslash escapes and entities resolved,
   * not percent-decoded. For reference uses, the definition's destination.
   */
  readonly destination: string;
  title?: string | undefined;
  /** Normalised label (definitions and reference uses). */
  label?: string | undefined;
  /** For reference uses: the definition that supplied the destination. */
  definition?: MarkdownLink | undefined;
  /** For raw HTML links: the element (`a`, `img`, `source`). */
  tag?: string | undefined;
  /** Where the link starts (`[`, `!`, `<`) and ends (worked out when read). */
  readonly start: Position;
  readonly end: Position;
  /** The same as 0-based string offsets. */
  readonly offset: number;
  readonly endOffset: number;
}

/** A heading (ATX or setext) with its rendered plain text, which is what heading ids are made from. */
export interface MarkdownHeading {
  readonly level: number;
  /** Rendered plain text: link text and inline code kept, URLs, image alt and HTML tags dropped, emphasis markers removed. */
  readonly text: string;
  readonly setext: boolean;
  readonly start: Position;
  readonly end: Position;
  readonly offset: number;
  readonly endOffset: number;
}

/** An explicit anchor from raw HTML: `id="x"` on any element or `name="x"` on `<a>`. */
export interface HtmlAnchor {
  readonly id: string;
  readonly attribute: 'id' | 'name';
  readonly start: Position;
  readonly end: Position;
  readonly offset: number;
  readonly endOffset: number;
}

/** An inline code span; `text` is its content as rendered (line endings as spaces, one padding space stripped). */
export interface CodeSpan {
  readonly text: string;
  readonly start: Position;
  readonly end: Position;
  readonly offset: number;
  readonly endOffset: number;
}

/** Everything the scanner reports about one document, each list in document order. */
export interface MarkdownScan {
  links: MarkdownLink[];
  headings: MarkdownHeading[];
  anchors: HtmlAnchor[];
  codeSpans: CodeSpan[];
}
