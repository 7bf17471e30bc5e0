/**
 * Raw HTML recognition for the Markdown scanner, following CommonMark's definition of
 * raw HTML (open and closing tags, comments, processing instructions, declarations,
 * CDATA). Only what the doc checks need is extracted from tags: `href`, `src`, `id`
 * and `name` attribute values with their offsets. Written as charCode loops so it can
 * run at every `<` of a large document without building regular expressions.
 */
import { decodeEntities } from './text.js';

/** An attribute of an open tag: lowercase name, decoded value (null when written without `=`). */
export interface HtmlAttribute {
  name: string;
  value: string | null;
}

/** What a recognised raw HTML construct is. */
export enum HtmlKind {
  OpenTag,
  CloseTag,
  Comment,
  Other
}

/** The result of parsing one raw HTML construct. */
export interface HtmlConstruct {
  kind: HtmlKind;
  /** Offset just past the construct. */
  end: number;
  /** Lowercase tag name for tags. */
  name: string;
  /** Attributes of an open tag (only collected when asked for). */
  attributes: HtmlAttribute[];
}

const enum C {
  Tab = 9,
  Newline = 10,
  FormFeed = 12,
  Return = 13,
  Space = 32,
  Bang = 33,
  Quote = 34,
  Apostrophe = 39,
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
  Backtick = 96
}

/** ASCII letter (a-z, A-Z). */
export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHtmlSpace(c: number): boolean {
  return c === C.Space || c === C.Tab || c === C.Newline || c === C.Return || c === C.FormFeed;
}

function isTagNameChar(c: number): boolean {
  return isAsciiLetter(c) || isAsciiDigit(c) || c === C.Dash;
}

function isAttrNameStart(c: number): boolean {
  return isAsciiLetter(c) || c === C.Underscore || c === C.Colon;
}

function isAttrNameChar(c: number): boolean {
  return isAttrNameStart(c) || isAsciiDigit(c) || c === C.Dot || c === C.Dash;
}

/** Offset of the first `-->` at or after `from`, or -1. */
function findCommentEnd(s: string, from: number, max: number): number {
  const at = s.indexOf('-->', from);
  return at === -1 || at + 3 > max ? -1 : at + 3;
}

/**
 * Parses the raw HTML construct starting at `s[start] === '<'` (CommonMark's rules, as
 * markdown-it implements them), or returns null. Attribute values are collected only
 * when `withAttributes` is set, and then entity-decoded.
 */
export function parseRawHtml(s: string, start: number, max: number, withAttributes: boolean): HtmlConstruct | null {
  let p = start + 1;
  if (p >= max) return null;
  const c = s.charCodeAt(p);
  if (c === C.Bang) {
    if (s.startsWith('<!--', start)) {
      if (s.startsWith('<!-->', start)) return { kind: HtmlKind.Comment, end: start + 5, name: '', attributes: [] };
      if (s.startsWith('<!--->', start)) return { kind: HtmlKind.Comment, end: start + 6, name: '', attributes: [] };
      const end = findCommentEnd(s, start + 4, max);
      return end === -1 ? null : { kind: HtmlKind.Comment, end, name: '', attributes: [] };
    }
    if (s.startsWith('<![CDATA[', start)) {
      const at = s.indexOf(']]>', start + 9);
      return at === -1 || at + 3 > max ? null : { kind: HtmlKind.Other, end: at + 3, name: '', attributes: [] };
    }
    if (p + 1 < max && isAsciiLetter(s.charCodeAt(p + 1))) {
      const at = s.indexOf('>', p + 2);
      return at === -1 || at >= max ? null : { kind: HtmlKind.Other, end: at + 1, name: '', attributes: [] };
    }
    return null;
  }
  if (c === C.Question) {
    const at = s.indexOf('?>', p + 1);
    return at === -1 || at + 2 > max ? null : { kind: HtmlKind.Other, end: at + 2, name: '', attributes: [] };
  }
  if (c === C.Slash) {
    p++;
    if (p >= max || !isAsciiLetter(s.charCodeAt(p))) return null;
    const nameStart = p;
    while (p < max && isTagNameChar(s.charCodeAt(p))) p++;
    const name = s.slice(nameStart, p).toLowerCase();
    while (p < max && isHtmlSpace(s.charCodeAt(p))) p++;
    if (p >= max || s.charCodeAt(p) !== C.Gt) return null;
    return { kind: HtmlKind.CloseTag, end: p + 1, name, attributes: [] };
  }
  if (!isAsciiLetter(c)) return null;
  const nameStart = p;
  while (p < max && isTagNameChar(s.charCodeAt(p))) p++;
  const name = s.slice(nameStart, p).toLowerCase();
  const attributes: HtmlAttribute[] = [];
  for (;;) {
    const wsStart = p;
    while (p < max && isHtmlSpace(s.charCodeAt(p))) p++;
    if (p >= max) return null;
    const d = s.charCodeAt(p);
    if (d === C.Gt) return { kind: HtmlKind.OpenTag, end: p + 1, name, attributes };
    if (d === C.Slash) {
      return p + 1 < max && s.charCodeAt(p + 1) === C.Gt ? { kind: HtmlKind.OpenTag, end: p + 2, name, attributes } : null;
    }
    if (p === wsStart || !isAttrNameStart(d)) return null;
    const attrStart = p;
    while (p < max && isAttrNameChar(s.charCodeAt(p))) p++;
    const attrEnd = p;
    let q = p;
    while (q < max && isHtmlSpace(s.charCodeAt(q))) q++;
    let value: string | null = null;
    if (q < max && s.charCodeAt(q) === C.Equals) {
      q++;
      while (q < max && isHtmlSpace(s.charCodeAt(q))) q++;
      if (q >= max) return null;
      const quote = s.charCodeAt(q);
      if (quote === C.Quote || quote === C.Apostrophe) {
        const close = s.indexOf(quote === C.Quote ? '"' : "'", q + 1);
        if (close === -1 || close >= max) return null;
        if (withAttributes) value = s.slice(q + 1, close);
        p = close + 1;
      } else {
        const valueStart = q;
        while (q < max) {
          const v = s.charCodeAt(q);
          if (v <= C.Space || v === C.Quote || v === C.Apostrophe || v === C.Equals || v === C.Lt || v === C.Gt || v === C.Backtick) break;
          q++;
        }
        if (q === valueStart) return null;
        if (withAttributes) value = s.slice(valueStart, q);
        p = q;
      }
    }
    if (withAttributes) attributes.push({ name: s.slice(attrStart, attrEnd).toLowerCase(), value: value === null ? null : decodeEntities(value) });
  }
}

/** Value of the first attribute with this (lowercase) name, or undefined. */
export function attributeValue(attributes: readonly HtmlAttribute[], name: string): string | null | undefined {
  for (const a of attributes) if (a.name === name) return a.value;
  return undefined;
}

/** Block-level HTML tag names (CommonMark HTML block type 6). */
export const BLOCK_TAG_NAMES: ReadonlySet<string> = new Set([
  'address', 'article', 'aside', 'base', 'basefont', 'blockquote', 'body', 'caption', 'center', 'col', 'colgroup', 'dd',
  'details', 'dialog', 'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'frame',
  'frameset', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head', 'header', 'hr', 'html', 'iframe', 'legend', 'li', 'link',
  'main', 'menu', 'menuitem', 'nav', 'noframes', 'ol', 'optgroup', 'option', 'p', 'param', 'search', 'section',
  'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'title', 'tr', 'track', 'ul'
]);

/** Tags whose HTML block (type 1) runs to their closing tag. */
export const RAW_TEXT_TAG_NAMES: ReadonlySet<string> = new Set(['script', 'pre', 'style', 'textarea']);

/** Reads a tag name at `p` (after `<` or `</`); returns its end offset, or p when there is none. */
export function tagNameEnd(s: string, p: number, max: number): number {
  if (p >= max || !isAsciiLetter(s.charCodeAt(p))) return p;
  let q = p + 1;
  while (q < max && isTagNameChar(s.charCodeAt(q))) q++;
  return q;
}
