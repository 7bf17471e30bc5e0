/**
 * Small text helpers shared by the Markdown scanner: CommonMark unescaping (backslash
 * escapes and HTML entities, via markdown-it's own tables so both agree), reference
 * label normalisation and character classes.
 */
import MarkdownIt from 'markdown-it';

let utils: { unescapeAll(s: string): string } | undefined;

/** markdown-it's helpers (entity table, unescaping); the instance is only built once. */
function mdUtils(): { unescapeAll(s: string): string } {
  if (!utils) utils = new MarkdownIt('zero').utils;
  return utils;
}

/** Applies CommonMark backslash escapes and decodes HTML entities, as for link destinations and titles. */
export function unescapeMarkdown(s: string): string {
  if (s.indexOf('\\') === -1 && s.indexOf('&') === -1) return s;
  return mdUtils().unescapeAll(s);
}

/** Decodes HTML entities only (attribute values: a backslash is literal in HTML). */
export function decodeEntities(s: string): string {
  let amp = s.indexOf('&');
  if (amp === -1) return s;
  let out = '';
  let last = 0;
  while (amp !== -1) {
    const semi = s.indexOf(';', amp + 1);
    if (semi === -1) break;
    if (semi - amp <= 33 && isEntityBody(s, amp + 1, semi)) {
      out += s.slice(last, amp) + mdUtils().unescapeAll(s.slice(amp, semi + 1));
      last = semi + 1;
      amp = s.indexOf('&', last);
    } else amp = s.indexOf('&', amp + 1);
  }
  return last === 0 ? s : out + s.slice(last);
}

function isEntityBody(s: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c === 35 && i === from))) return false;
  }
  return true;
}

/**
 * Normalises a link label for matching references to definitions (the Markdown scanner
 * and the changelog parser alike): trimmed, inner whitespace collapsed to one space,
 * Unicode case-folded as markdown-it does (lower, then upper, so `ß` matches `SS`), and
 * given in lower case.
 */
export function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase().toUpperCase().toLowerCase();
}

/** ASCII punctuation (what a backslash can escape in CommonMark). */
export function isAsciiPunct(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

const UNICODE_PUNCT = /[\p{P}\p{S}]/u;
const UNICODE_SPACE = /\s/u;

/** Unicode punctuation or symbol (CommonMark's flanking rules). */
export function isPunctuation(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 128) return isAsciiPunct(c);
  return UNICODE_PUNCT.test(ch);
}

/** Unicode whitespace; the empty string (start or end of text) counts as whitespace. */
export function isWhitespace(ch: string): boolean {
  if (ch === '') return true;
  const c = ch.charCodeAt(0);
  if (c < 128) return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
  return UNICODE_SPACE.test(ch);
}
