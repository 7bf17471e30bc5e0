import { LineIndex } from '../model/lines.js';
import type { Span } from '../model/finding.js';
import { parseFinding, parseYamlDocument, type ParsedYaml, type SpanLocator, type TextOrigin } from './yaml.js';

/**
 * Parses strict JSON (RFC 8259: no comments, no trailing commas) keeping positions.
 *
 * The data comes from `JSON.parse`, so what is accepted is exactly what any JSON
 * consumer accepts. A syntax error becomes a `parse-error` finding at its line and column.
 * Positions for JSON pointers come from the `yaml` parser, which reads JSON as a YAML
 * flow document; it also reports duplicate keys, which `JSON.parse` silently collapses
 * to the last one. Returns the same shape as `parseYaml`. Never throws.
 */
export function parseJson<C extends string>(text: string, origin: TextOrigin, check: C): ParsedYaml<C> {
  const lineOffset = origin.lineOffset ?? 0;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = syntaxErrorOffset(text, message);
    const lines = new LineIndex(text);
    const start = lines.position(offset);
    const end = lines.position(Math.min(offset + 1, text.length));
    const span: Span = { start: { line: start.line + lineOffset, column: start.column } };
    if (end.line === start.line && end.column > start.column) span.end = { line: end.line + lineOffset, column: end.column };
    const finding = parseFinding(check, origin.file, `invalid JSON: ${cleanJsonMessage(message)}`, span);
    return { data: undefined, ok: false, findings: [finding], valueSpan: () => span, keySpan: () => span };
  }
  if (!hasDuplicateKey(text)) {
    // the common case: no finding, so positions are only worked out if a later check asks for one
    let locate: SpanLocator | undefined;
    const locator = (): SpanLocator => (locate ??= parseYamlDocument(text, lineOffset).locate);
    return { data, ok: true, findings: [], valueSpan: (path) => locator().valueSpan(path), keySpan: (path) => locator().keySpan(path) };
  }
  const { problems, locate } = parseYamlDocument(text, lineOffset);
  // only duplicate keys matter here: JSON.parse already decided the syntax
  const findings = problems
    .filter((p) => p.code === 'DUPLICATE_KEY')
    .map((p) => {
      const key = keyAt(text, p.offset);
      const finding = parseFinding(check, origin.file, `duplicate key${key === undefined ? '' : ` ${JSON.stringify(key)}`}: JSON.parse would silently keep only the last value`, p.span);
      return { ...finding, fix: 'Remove or rename one of the duplicate keys; the file was not checked further.' };
    });
  const ok = findings.length === 0;
  return { data: ok ? data : undefined, ok, findings, valueSpan: locate.valueSpan, keySpan: locate.keySpan };
}

/**
 * True when an object of `text` (JSON that `JSON.parse` accepted) repeats a key, compared
 * after unescaping as JSON.parse and the YAML parser both do (`"a"` equals `"\u0061"`).
 * One pass over the text with no parse tree: keys are the strings right after `{` or `,`
 * inside an object.
 */
export function hasDuplicateKey(text: string): boolean {
  /** Per open container: the keys seen so far for an object, null for an array. */
  const stack: (Set<string> | null)[] = [];
  let top: Set<string> | null = null;
  let expectKey = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // find the closing quote: one not preceded by an odd number of backslashes
      let end = text.indexOf('"', i + 1);
      for (;;) {
        let backslashes = 0;
        for (let k = end - 1; text.charCodeAt(k) === 0x5c; k--) backslashes++;
        if (backslashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      if (top !== null && expectKey) {
        const raw = text.slice(i + 1, end);
        const key = raw.indexOf('\\') === -1 ? raw : (JSON.parse(text.slice(i, end + 1)) as string);
        if (top.has(key)) return true;
        top.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === 0x7b) {
      stack.push(top);
      top = new Set();
      expectKey = true;
    } else if (c === 0x5b) {
      stack.push(top);
      top = null;
    } else if (c === 0x7d || c === 0x5d) {
      top = stack.pop() ?? null;
      expectKey = false;
    } else if (c === 0x2c) {
      expectKey = top !== null;
    }
  }
  return false;
}

/** The JSON string key starting at `offset`, if one does. */
function keyAt(text: string, offset: number): string | undefined {
  const quoted = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(offset, offset + 10_000));
  if (!quoted) return undefined;
  try {
    return JSON.parse(quoted[0]) as string;
  } catch {
    return undefined;
  }
}

/** V8's message without the echoed source snippet, which can be long and adds nothing to a located finding. */
function cleanJsonMessage(message: string): string {
  return message
    .replace(/,\s*(?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '')
    .replace(/ at position \d+(?: \(line \d+ column \d+\))?$/, '')
    .replace(/ in JSON$/, '')
    .replace(/[\u0000-\u001f]/g, (c) => JSON.stringify(c).slice(1, -1))
    .trim();
}

/**
 * Where a JSON syntax error is. V8 names the offset ("at position N") for most errors;
 * for "Unexpected token" and "Unexpected end" it does not, so the text is scanned for
 * the first offset that cannot continue a JSON value.
 */
function syntaxErrorOffset(text: string, message: string): number {
  const reported = / at position (\d+)/.exec(message);
  if (reported) return Math.min(Number(reported[1]), text.length);
  return firstJsonErrorOffset(text);
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * Offset of the first character that makes `text` invalid JSON (or the text length when
 * the input ends too early). Iterative, so deeply nested input cannot overflow the stack.
 * Used only to place a finding after `JSON.parse` has rejected the text.
 */
export function firstJsonErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  const skipWs = (): void => {
    while (i < n && WHITESPACE.has(text.charCodeAt(i))) i++;
  };
  // a string starting at i (a '"'); returns false at the bad offset (i left there)
  const scanString = (): boolean => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === undefined) {
          i = n;
          return false;
        }
        if (e === 'u') {
          for (let k = 2; k < 6; k++) {
            if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) {
              i = Math.min(i + k, n);
              return false;
            }
          }
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(e)) {
          i++;
          return false;
        }
        i += 2;
        continue;
      }
      i++;
    }
    return false;
  };
  const scanNumber = (): boolean => {
    if (text[i] === '-') i++;
    if (text[i] === '0') {
      i++;
    } else if (/[1-9]/.test(text[i] ?? '')) {
      while (/[0-9]/.test(text[i] ?? '')) i++;
    } else return false;
    if (text[i] === '.') {
      i++;
      if (!/[0-9]/.test(text[i] ?? '')) return false;
      while (/[0-9]/.test(text[i] ?? '')) i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!/[0-9]/.test(text[i] ?? '')) return false;
      while (/[0-9]/.test(text[i] ?? '')) i++;
    }
    return true;
  };
  const scanLiteral = (word: string): boolean => {
    for (let k = 0; k < word.length; k++) {
      if (text[i] !== word[k]) return false;
      i++;
    }
    return true;
  };

  // containers on the way down: '{' or '['; `expect` says what may come next
  const stack: string[] = [];
  type Expect = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close';
  let expect: Expect = 'value';
  for (;;) {
    skipWs();
    if (i >= n) return n; // the input ended too early
    const ch = text[i] as string;
    const top = stack[stack.length - 1];
    switch (expect) {
      case 'value':
      case 'value-or-close': {
        if (expect === 'value-or-close' && ch === ']') {
          stack.pop();
          i++;
          expect = 'comma-or-close';
          break;
        }
        if (ch === '{') {
          stack.push('{');
          i++;
          expect = 'key-or-close';
        } else if (ch === '[') {
          stack.push('[');
          i++;
          expect = 'value-or-close';
        } else if (ch === '"') {
          if (!scanString()) return i;
          expect = 'comma-or-close';
        } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
          if (!scanNumber()) return i;
          expect = 'comma-or-close';
        } else if (ch === 't' || ch === 'f' || ch === 'n') {
          if (!scanLiteral(ch === 't' ? 'true' : ch === 'f' ? 'false' : 'null')) return i;
          expect = 'comma-or-close';
        } else return i;
        break;
      }
      case 'key':
      case 'key-or-close': {
        if (expect === 'key-or-close' && ch === '}') {
          stack.pop();
          i++;
          expect = 'comma-or-close';
          break;
        }
        if (ch !== '"' || !scanString()) return i;
        expect = 'colon';
        break;
      }
      case 'colon':
        if (ch !== ':') return i;
        i++;
        expect = 'value';
        break;
      case 'comma-or-close':
        if (top === undefined) return i; // content after the top-level value
        if (ch === ',') {
          i++;
          expect = top === '{' ? 'key' : 'value';
        } else if ((ch === '}' && top === '{') || (ch === ']' && top === '[')) {
          stack.pop();
          i++;
        } else return i;
        break;
    }
  }
}
