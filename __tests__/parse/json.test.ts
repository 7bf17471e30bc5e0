import { describe, expect, it } from '@jest/globals';
import { firstJsonErrorOffset, hasDuplicateKey, parseJson } from '../../src/parse/json.js';
import { parseYamlDocument } from '../../src/parse/yaml.js';

const at = (span: { start: { line: number; column: number } }): string => `${span.start.line}:${span.start.column}`;

describe('parseJson', () => {
  it('returns JSON.parse data with pointer positions', () => {
    const text = '{\n  "name": "demo",\n  "items": [\n    {"id": 1},\n    {"id": "two"}\n  ],\n  "a/b": true\n}\n';
    const parsed = parseJson(text, { file: 'x.json' }, 'schema');
    expect(parsed.ok).toBe(true);
    expect(parsed.findings).toEqual([]);
    expect(parsed.data).toEqual({ name: 'demo', items: [{ id: 1 }, { id: 'two' }], 'a/b': true });
    expect(parsed.valueSpan(['name'])).toEqual({ start: { line: 2, column: 11 }, end: { line: 2, column: 17 } });
    expect(at(parsed.keySpan(['name']))).toBe('2:3');
    expect(at(parsed.valueSpan(['items', '1', 'id']))).toBe('5:12');
    expect(at(parsed.keySpan(['a/b']))).toBe('7:3');
    expect(at(parsed.valueSpan(['items', '1', 'missing']))).toBe('5:5');
  });

  it('counts a tab before a value as one column', () => {
    const parsed = parseJson('{\n\t"port": "80"\n}', { file: 't.json' }, 'schema');
    expect(at(parsed.valueSpan(['port']))).toBe('2:10');
  });

  it('reports a syntax error at the position V8 names', () => {
    const parsed = parseJson('{\n  "a": 1,\n}\n', { file: 'trailing.json' }, 'schema');
    expect(parsed.ok).toBe(false);
    expect(parsed.data).toBeUndefined();
    expect(parsed.findings).toEqual([
      expect.objectContaining({ check: 'schema', rule: 'parse-error', severity: 'error', file: 'trailing.json', line: 3, column: 1, message: 'trailing.json: invalid JSON: Expected double-quoted property name' })
    ]);
  });

  it('locates "Unexpected token" errors, which V8 reports without a position', () => {
    const parsed = parseJson('{\n  "a": 1,\n  "b": }\n', { file: 'tok.json' }, 'schema');
    expect(parsed.findings).toEqual([expect.objectContaining({ rule: 'parse-error', file: 'tok.json', line: 3, column: 8, message: "tok.json: invalid JSON: Unexpected token '}'" })]);
    const literal = parseJson('{\n  "ok": tru\n}', { file: 'lit.json' }, 'schema');
    expect(literal.findings[0]).toMatchObject({ line: 2, column: 12 });
    expect(literal.findings[0]?.message).not.toMatch(/\n/);
  });

  it('puts an empty or truncated document at its end', () => {
    expect(parseJson('', { file: 'e.json' }, 'schema').findings[0]).toMatchObject({ line: 1, column: 1, message: 'e.json: invalid JSON: Unexpected end of JSON input' });
    expect(parseJson('{"a": [1,\n2', { file: 'cut.json' }, 'schema').findings[0]).toMatchObject({ line: 2, column: 2 });
  });

  it('reports content after the value', () => {
    expect(parseJson('{"a": 1}\nmore', { file: 'm.json' }, 'schema').findings[0]).toMatchObject({ line: 2, column: 1 });
  });

  it('rejects comments (strict JSON, not JSONC)', () => {
    expect(parseJson('{\n  // note\n  "a": 1\n}', { file: 'c.json' }, 'schema').findings[0]).toMatchObject({ rule: 'parse-error', line: 2, column: 3 });
  });

  it('reports a duplicate key at the second occurrence, which JSON.parse would hide', () => {
    const parsed = parseJson('{\n  "name": "a",\n  "other": 1,\n  "name": "b"\n}', { file: 'dup.json' }, 'schema');
    expect(parsed.ok).toBe(false);
    expect(parsed.data).toBeUndefined();
    expect(parsed.findings).toEqual([expect.objectContaining({ rule: 'parse-error', file: 'dup.json', line: 4, column: 3, message: expect.stringContaining('duplicate key "name"') })]);
  });

  it('adds the line offset', () => {
    const parsed = parseJson('{"a": x}', { file: 'o.json', lineOffset: 4 }, 'schema');
    expect(parsed.findings[0]).toMatchObject({ line: 5, column: 7 });
  });
});

describe('hasDuplicateKey (the fast path that skips the YAML parse when no key repeats)', () => {
  it.each([
    ['{"a": 1, "b": {"a": 2}, "c": [{"a": 3}, {"a": 4}]}', false],
    ['{"a": 1, "b": 2, "a": 3}', true],
    ['{"x": {"k": 1, "k": 2}}', true],
    ['[{"k": 1}, {"k": 2}]', false],
    ['[{"k": 1, "j": [1, {"k": 2}], "k": 3}]', true],
    ['{"a": "b", "b": "a"}', false],
    ['{"\\u0061": 1, "a": 2}', true],
    ['{"a\\"b": 1, "a\\\\": 2, "a\\\\\\"b": 3}', false],
    ['{"a\\\\": 1, "a\\u005c": 2}', true],
    ['{"": 1, " ": 2, "": 3}', true],
    ['{"k": "}", "j": "{\\"k\\": 1,", "k2": ","}', false],
    ['"just a string"', false],
    ['{}', false]
  ])('%s -> %s', (text, expected) => {
    expect(JSON.parse(text)).toBeDefined();
    expect(hasDuplicateKey(text)).toBe(expected);
    // the YAML parser, which reports the duplicate with its position, agrees
    expect(parseYamlDocument(text).problems.some((p) => p.code === 'DUPLICATE_KEY')).toBe(expected);
  });

  it('leaves positions to the first finding that needs them, with the same spans', () => {
    const text = '{\n  "name": "demo",\n  "list": [1, {"deep": true}]\n}';
    const parsed = parseJson(text, { file: 'lazy.json', lineOffset: 2 }, 'schema');
    expect(parsed.findings).toEqual([]);
    expect(parsed.valueSpan(['list', 1, 'deep'])).toEqual(parseYamlDocument(text, 2).locate.valueSpan(['list', 1, 'deep']));
    expect(at(parsed.keySpan(['name']))).toBe('4:3');
  });
});

describe('firstJsonErrorOffset', () => {
  it.each([
    ['{"a": }', 6],
    ['[1, 2,]', 6],
    ['{"a" 1}', 5],
    ['{"a": "x\\q"}', 9],
    ['{"a": "\\u12G4"}', 11],
    ['{"a": 01}', 7],
    ['{"a": -}', 7],
    ['{"a": 1.}', 8],
    ['[1] [2]', 4],
    ['{"a": nul}', 9],
    ['{"a": 1', 7],
    ["{'a': 1}", 1]
  ])('%s fails at %i', (text, offset) => {
    expect(firstJsonErrorOffset(text)).toBe(offset);
  });

  it('handles deep nesting without recursion', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(99_999) + '}';
    expect(firstJsonErrorOffset(deep)).toBe(deep.length - 1);
  });
});
