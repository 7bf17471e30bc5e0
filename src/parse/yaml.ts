import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { Finding, Position, Span } from '../model/finding.js';

/** Where a parsed document sits in its file: front matter starts below the opening `---`. */
export interface TextOrigin {
  file: string;
  /** Lines before the parsed text in its file (0 for a whole file). */
  lineOffset?: number;
}

/** A parsed YAML (or JSON) text that can answer "where is this value?" for JSON pointers. */
export interface ParsedYaml {
  /** The plain data, or undefined when the text did not parse. */
  data: unknown;
  ok: boolean;
  /** Parse errors as findings (rule `parse-error`) at their own line and column. */
  findings: Finding[];
  /** Span of the value at a JSON-pointer path (segments already decoded); falls back to the nearest ancestor. */
  valueSpan(path: readonly (string | number)[]): Span;
  /** Span of the key of the entry at `path` (its last segment), falling back to the value span. */
  keySpan(path: readonly (string | number)[]): Span;
}

/** Alias expansions allowed before a document is refused (bounds "billion laughs" inputs). */
export const MAX_ALIAS_COUNT = 100;

/**
 * Parses YAML 1.2 (core schema: dates stay strings, no custom tags executed) keeping
 * source ranges, so a check can point at the exact key or value. Duplicate keys and
 * excessive aliasing are parse errors. Never throws.
 */
export function parseYaml(text: string, origin: TextOrigin, check: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const lineOffset = origin.lineOffset ?? 0;
  const toPos = (offset: number): Position => {
    const p = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line: p.line + lineOffset, column: p.col };
  };
  const spanOf = (range: readonly number[] | null | undefined): Span => {
    if (!range) return { start: { line: lineOffset + 1, column: 1 } };
    return { start: toPos(range[0] as number), end: toPos(range[1] as number) };
  };

  let doc: Document.Parsed | undefined;
  const findings: Finding[] = [];
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, version: '1.2', strict: true, merge: false, keepSourceTokens: false });
  } catch (error) {
    findings.push(parseFinding(check, origin.file, `cannot parse: ${String((error as Error).message ?? error)}`, { start: { line: lineOffset + 1, column: 1 } }));
  }
  if (doc) {
    for (const err of doc.errors) {
      findings.push(parseFinding(check, origin.file, cleanMessage(err.message), { start: toPos(err.pos[0]), end: toPos(err.pos[1]) }));
    }
  }
  let data: unknown;
  if (doc && doc.errors.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      findings.push(
        parseFinding(check, origin.file, `refused: ${String((error as Error).message)} (more than ${MAX_ALIAS_COUNT} alias expansions)`, {
          start: { line: lineOffset + 1, column: 1 }
        })
      );
    }
  }
  const ok = findings.length === 0;

  const nodeAt = (path: readonly (string | number)[]): { node: YamlNode | null; key: YamlNode | null; depth: number } => {
    let node: unknown = doc?.contents ?? null;
    let key: YamlNode | null = null;
    let depth = 0;
    for (const segment of path) {
      if (isAlias(node) && doc) node = node.resolve(doc) ?? node;
      let next: unknown;
      let nextKey: YamlNode | null = null;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && keyString(p.key) === String(segment));
        if (pair) {
          next = pair.value;
          nextKey = (pair.key as YamlNode) ?? null;
        }
      } else if (isSeq(node) && typeof segment === 'number' || (isSeq(node) && /^\d+$/.test(String(segment)))) {
        next = (node as { items: unknown[] }).items[Number(segment)];
      }
      if (next === undefined) break;
      node = next;
      key = nextKey;
      depth++;
    }
    return { node: (node as YamlNode) ?? null, key, depth };
  };

  return {
    data,
    ok,
    findings,
    valueSpan(path) {
      const { node, key, depth } = nodeAt(path);
      if (depth < path.length) return spanOf(firstKeyRange(node) ?? node?.range);
      // an empty value (null) has no useful range: point at its key instead
      if (!node || (isScalar(node) && node.value === null && key)) return spanOf(key?.range);
      return spanOf(node.range);
    },
    keySpan(path) {
      const { node, key, depth } = nodeAt(path);
      if (depth === path.length && key) return spanOf(key.range);
      return spanOf(firstKeyRange(node) ?? node?.range);
    }
  };
}

function keyString(key: unknown): string {
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  return String(key);
}

/** For a mapping, the range of its first key (where "missing property" errors are best shown). */
function firstKeyRange(node: YamlNode | null): readonly number[] | undefined {
  if (node && isMap(node)) {
    const first = node.items[0];
    if (first && isPair(first) && first.key && (first.key as YamlNode).range) return (first.key as YamlNode).range as readonly number[];
  }
  return undefined;
}

function cleanMessage(message: string): string {
  return message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
}

function parseFinding(check: string, file: string, message: string, span: Span): Finding {
  const f: Finding = { check, rule: 'parse-error', severity: 'error', message: `${file}: ${message}`, file, line: span.start.line, column: span.start.column, fix: 'Fix the syntax at this position; the file was not checked further.' };
  if (span.end) {
    f.endLine = span.end.line;
    f.endColumn = span.end.column;
  }
  return f;
}
