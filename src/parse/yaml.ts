import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { Finding, Position, Span } from '../model/finding.js';
import { LineIndex } from '../model/lines.js';

/** Where a parsed document sits in its file: front matter starts below the opening `---`. */
export interface TextOrigin {
  file: string;
  /** Lines before the parsed text in its file (0 for a whole file). */
  lineOffset?: number;
}

/** A parsed YAML (or JSON) text that can answer "where is this value?" for JSON pointers. */
export interface ParsedYaml<C extends string = string> {
  /** The plain data, or undefined when the text did not parse. */
  data: unknown;
  ok: boolean;
  /** Parse errors as findings (rule `parse-error`) at their own line and column. */
  findings: Finding<C, 'parse-error'>[];
  /** Span of the value at a JSON-pointer path (segments already decoded); falls back to the nearest ancestor. */
  valueSpan(path: readonly (string | number)[]): Span;
  /** Span of the key of the entry at `path` (its last segment), falling back to the value span. */
  keySpan(path: readonly (string | number)[]): Span;
}

/** Answers "where is this value/key?" for a parsed document. */
export type SpanLocator = Pick<ParsedYaml, 'valueSpan' | 'keySpan'>;

/** Alias expansions allowed before a document is refused (bounds "billion laughs" inputs). */
export const MAX_ALIAS_COUNT = 100;

/** A parse problem reported by the `yaml` package, with its code (e.g. `DUPLICATE_KEY`) and place. */
export interface YamlProblem {
  code: string;
  message: string;
  span: Span;
  /** Offset of the problem in the parsed text. */
  offset: number;
}

/** The raw result of parsing one YAML document with positions (shared by the YAML and JSON parsers). */
export interface YamlDocument {
  /** The document, or undefined when the parser itself threw. */
  doc: Document.Parsed | undefined;
  problems: YamlProblem[];
  locate: SpanLocator;
}

/**
 * Parses one YAML 1.2 document (core schema, unique keys, no merge keys) and builds a
 * locator for JSON pointers. Lower level than `parseYaml`: problems keep the parser's
 * codes so callers can pick which ones matter (the JSON parser keeps only duplicate keys).
 */
export function parseYamlDocument(text: string, lineOffset = 0): YamlDocument {
  // positions from our own line index: yaml's LineCounter knows only the lines its lexer
  // reached, so after an early error it put later offsets on the last line it had seen
  const lines = new LineIndex(text);
  const toPos = (offset: number): Position => {
    const p = lines.position(offset);
    return { line: p.line + lineOffset, column: p.column };
  };
  const top: Position = { line: lineOffset + 1, column: 1 };
  const spanOf = (range: readonly number[] | null | undefined): Span => {
    if (!range) return { start: top };
    return { start: toPos(range[0] as number), end: toPos(range[1] as number) };
  };
  /** A collection's span is its first line only, so a finding does not cover a whole block. */
  const nodeSpan = (node: YamlNode): Span => {
    const range = node.range;
    if (!range) return { start: top };
    if (!isCollection(node)) return spanOf(range);
    const start = range[0];
    const lineEnd = text.indexOf('\n', start);
    let end = Math.min(range[1], lineEnd === -1 ? text.length : lineEnd);
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    return { start: toPos(start), end: toPos(Math.max(end, start + 1)) };
  };

  let doc: Document.Parsed | undefined;
  const problems: YamlProblem[] = [];
  try {
    doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, version: '1.2', strict: true, merge: false, keepSourceTokens: false });
  } catch (error) {
    problems.push({ code: 'PARSER_FAILURE', message: `cannot parse: ${errorText(error)}`, span: { start: top }, offset: 0 });
  }
  for (const err of doc?.errors ?? []) {
    problems.push({ code: err.code, message: cleanMessage(err.message), span: { start: toPos(err.pos[0]), end: toPos(Math.max(err.pos[1], err.pos[0] + 1)) }, offset: err.pos[0] });
  }

  const nodeAt = (path: readonly (string | number)[]): { node: YamlNode | null; key: YamlNode | null; depth: number } => {
    let node: unknown = doc?.contents ?? null;
    let key: YamlNode | null = null;
    let depth = 0;
    for (const segment of path) {
      // follow aliases while descending; the last node stays the alias (its use site)
      if (isAlias(node) && doc) node = node.resolve(doc) ?? node;
      let next: unknown;
      let nextKey: YamlNode | null = null;
      if (isMap(node)) {
        const wanted = String(segment);
        const pair = node.items.find((p) => isPair(p) && keyString(p.key) === wanted);
        if (pair) {
          next = pair.value ?? null;
          nextKey = (pair.key as YamlNode | null) ?? null;
        }
      } else if (isSeq(node) && /^\d+$/.test(String(segment))) {
        next = node.items[Number(segment)];
      }
      if (next === undefined) break;
      node = next;
      key = nextKey;
      depth++;
    }
    return { node: (node as YamlNode | null) ?? null, key, depth };
  };

  const locate: SpanLocator = {
    valueSpan(path) {
      const { node, key, depth } = nodeAt(path);
      if (depth < path.length) return node ? nodeSpan(node) : { start: top };
      // an empty value (`key:` or `key: null`) has no useful range: point at its key instead
      if (!node || (isScalar(node) && node.value === null && key)) return key ? spanOf(key.range) : { start: top };
      return nodeSpan(node);
    },
    keySpan(path) {
      const { node, key, depth } = nodeAt(path);
      if (depth === path.length && key) return spanOf(key.range);
      return node ? nodeSpan(node) : { start: top };
    }
  };
  return { doc, problems, locate };
}

/**
 * Parses YAML 1.2 (core schema: dates stay strings, no custom tags executed) keeping
 * source ranges, so a check can point at the exact key or value. Duplicate keys and
 * excessive aliasing are parse errors. Never throws.
 */
export function parseYaml<C extends string>(text: string, origin: TextOrigin, check: C): ParsedYaml<C> {
  const lineOffset = origin.lineOffset ?? 0;
  const { doc, problems, locate } = parseYamlDocument(text, lineOffset);
  const findings = problems.map((p) =>
    p.code === 'DUPLICATE_KEY'
      ? { ...parseFinding(check, origin.file, `duplicate key: ${p.message}`, p.span), fix: 'Remove or rename one of the duplicate keys (YAML keeps neither silently); the file was not checked further.' }
      : parseFinding(check, origin.file, p.message, p.span)
  );
  let data: unknown;
  if (doc && findings.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      findings.push(
        parseFinding(check, origin.file, error instanceof RangeError ? `refused: ${errorText(error)}` : `refused: ${errorText(error)} (more than ${MAX_ALIAS_COUNT} alias expansions)`, {
          start: { line: lineOffset + 1, column: 1 }
        })
      );
    }
  }
  const ok = findings.length === 0;
  return { data: ok ? data : undefined, ok, findings, valueSpan: locate.valueSpan, keySpan: locate.keySpan };
}

/** The key of a pair as the JS conversion spells it: scalars stringified, null as ''. */
function keyString(key: unknown): string {
  if (isScalar(key)) return key.value === null || key.value === undefined ? '' : String(key.value);
  if (key === null || key === undefined) return '';
  return String(key);
}

function errorText(error: unknown): string {
  // a stack overflow here means nesting deeper than a parser can follow: say so in the user's terms
  if (error instanceof RangeError && /call stack/i.test(error.message)) return 'the nesting is too deep to read';
  return error instanceof Error ? error.message : String(error);
}

function cleanMessage(message: string): string {
  if (/maximum call stack size exceeded/i.test(message)) return 'the nesting is too deep to read';
  return message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
}

/** A `parse-error` finding: the file was not checked further. */
export function parseFinding<C extends string>(check: C, file: string, message: string, span: Span): Finding<C, 'parse-error'> {
  const f: Finding<C, 'parse-error'> = {
    check,
    rule: 'parse-error',
    severity: 'error',
    message: `${file}: ${message}`,
    file,
    line: span.start.line,
    column: span.start.column,
    fix: 'Fix the syntax at this position; the file was not checked further.'
  };
  if (span.end) {
    f.endLine = span.end.line;
    f.endColumn = span.end.column;
  }
  return f;
}
