import { describe, expect, it } from '@jest/globals';
import { MAX_ALIAS_COUNT, parseYaml } from '../../src/parse/yaml.js';

const at = (span: { start: { line: number; column: number } }): string => `${span.start.line}:${span.start.column}`;

describe('parseYaml', () => {
  const text = [
    '# a comment line',
    'name: demo', // 2
    'list:', // 3
    '  - a: 1', // 4
    '    b: [10, 20]', // 5
    '  - {c: 3}', // 6
    '200: ok', // 7
    'true: yes', // 8
    '~: nothing', // 9
    'a/b: slash', // 10
    '~x: tilde', // 11
    'empty:', // 12
    'nested:', // 13
    '  inner: value' // 14
  ].join('\n');
  const parsed = parseYaml(text, { file: 'data.yaml' }, 'schema');

  it('parses YAML 1.2 data with ranges and no findings', () => {
    expect(parsed.ok).toBe(true);
    expect(parsed.findings).toEqual([]);
    expect(parsed.data).toMatchObject({ name: 'demo', '200': 'ok', true: 'yes', '': 'nothing', 'a/b': 'slash', '~x': 'tilde', empty: null });
  });

  it('points at values and keys of top-level entries', () => {
    expect(parsed.valueSpan(['name'])).toEqual({ start: { line: 2, column: 7 }, end: { line: 2, column: 11 } });
    expect(parsed.keySpan(['name'])).toEqual({ start: { line: 2, column: 1 }, end: { line: 2, column: 5 } });
  });

  it('walks second-level list items and flow collections', () => {
    expect(at(parsed.valueSpan(['list', '0', 'a']))).toBe('4:8');
    expect(at(parsed.valueSpan(['list', '0', 'b', '1']))).toBe('5:13');
    expect(at(parsed.keySpan(['list', '0', 'b']))).toBe('5:5');
    expect(at(parsed.valueSpan(['list', '1', 'c']))).toBe('6:9');
    expect(at(parsed.valueSpan(['list', 1]))).toBe('6:5'); // the `{` of the flow mapping
  });

  it('matches numeric, boolean and null keys by their stringified value', () => {
    expect(at(parsed.keySpan(['200']))).toBe('7:1');
    expect(at(parsed.valueSpan(['true']))).toBe('8:7');
    expect(at(parsed.keySpan(['']))).toBe('9:1');
  });

  it('finds keys that need pointer escapes once decoded (a~1b is a/b, ~0x is ~x)', () => {
    expect(at(parsed.valueSpan(['a/b']))).toBe('10:6');
    expect(at(parsed.keySpan(['~x']))).toBe('11:1');
  });

  it('points an empty value at its key', () => {
    expect(parsed.valueSpan(['empty'])).toEqual({ start: { line: 12, column: 1 }, end: { line: 12, column: 6 } });
  });

  it('keeps a collection span to its first line', () => {
    expect(parsed.valueSpan(['nested'])).toEqual({ start: { line: 14, column: 3 }, end: { line: 14, column: 15 } });
  });

  it('falls back to the nearest existing ancestor for a missing path', () => {
    expect(at(parsed.valueSpan(['nested', 'missing']))).toBe('14:3');
    expect(at(parsed.valueSpan(['nope']))).toBe('2:1');
    expect(at(parsed.keySpan(['list', '9']))).toBe('4:3');
  });

  it('adds the line offset (front matter) to every position', () => {
    const shifted = parseYaml('a: 1\nb: [x]\n', { file: 'doc.md', lineOffset: 1 }, 'schema');
    expect(at(shifted.valueSpan(['b', '0']))).toBe('3:5');
    expect(at(shifted.valueSpan([]))).toBe('2:1');
  });

  it('empty documents have data null and point at the first line', () => {
    const empty = parseYaml('', { file: 'e.yaml' }, 'schema');
    expect(empty.ok).toBe(true);
    expect(empty.data).toBeNull();
    expect(empty.valueSpan([])).toEqual({ start: { line: 1, column: 1 } });
  });

  it('counts columns in UTF-16 units and ignores CR in CRLF files', () => {
    const crlf = parseYaml('a: 1\r\nb: x\r\n', { file: 'c.yaml' }, 'schema');
    expect(crlf.valueSpan(['b'])).toEqual({ start: { line: 2, column: 4 }, end: { line: 2, column: 5 } });
    const astral = parseYaml('k: "😀😀"\nz: 1', { file: 'u.yaml' }, 'schema');
    expect(astral.valueSpan(['k']).end).toEqual({ line: 1, column: 10 });
  });

  it('keeps dates, NO and 1.10 as YAML 1.2 core reads them', () => {
    const p = parseYaml('date: 2024-01-01\ncountry: NO\nversion: 1.10\nmode: 0755', { file: 't.yaml' }, 'schema');
    expect(p.data).toEqual({ date: '2024-01-01', country: 'NO', version: 1.1, mode: 755 });
  });

  it('reports a duplicate key at the second key, with no data', () => {
    const dup = parseYaml('name: a\nother: 1\nname: b\n', { file: 'd.yaml' }, 'schema');
    expect(dup.ok).toBe(false);
    expect(dup.data).toBeUndefined();
    expect(dup.findings).toHaveLength(1);
    expect(dup.findings[0]).toMatchObject({ check: 'schema', rule: 'parse-error', file: 'd.yaml', line: 3, column: 1 });
    expect(dup.findings[0]?.message).toContain('duplicate key');
  });

  it('reports a syntax error at its line and column', () => {
    const bad = parseYaml('a: 1\nb: [1, 2\nc: 3\n', { file: 'b.yaml' }, 'schema');
    expect(bad.ok).toBe(false);
    expect(bad.findings[0]).toMatchObject({ rule: 'parse-error', file: 'b.yaml' });
    expect(bad.findings[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it('treats merge keys as ordinary keys under YAML 1.2', () => {
    const p = parseYaml('base: &b {x: 1}\nuse:\n  <<: *b\n', { file: 'm.yaml' }, 'schema');
    expect(p.data).toEqual({ base: { x: 1 }, use: { '<<': { x: 1 } } });
  });

  it('refuses a billion-laughs document quickly with a finding instead of expanding it', () => {
    const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    const names = 'abcdefghij';
    for (let i = 1; i < names.length; i++) {
      const prev = names[i - 1] as string;
      lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const started = Date.now();
    const bomb = parseYaml(lines.join('\n'), { file: 'bomb.yaml' }, 'schema');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(bomb.ok).toBe(false);
    expect(bomb.data).toBeUndefined();
    expect(bomb.findings).toEqual([
      expect.objectContaining({ rule: 'parse-error', file: 'bomb.yaml', line: 1, column: 1, message: expect.stringContaining(`more than ${MAX_ALIAS_COUNT} alias`) })
    ]);
  });

  it('allows a few aliases and points at the alias use site', () => {
    const p = parseYaml('base: &b hello\ncopy: *b\n', { file: 'a.yaml' }, 'schema');
    expect(p.data).toEqual({ base: 'hello', copy: 'hello' });
    expect(at(p.valueSpan(['copy']))).toBe('2:7');
  });
});

describe('parseYaml on nesting deeper than the parser can follow', () => {
  it('returns a parse-error finding saying so, and never throws', () => {
    const deep = `${'['.repeat(20000)}${']'.repeat(20000)}`;
    const parsed = parseYaml(deep, { file: 'deep.yaml' }, 'schema');
    expect(parsed.ok).toBe(false);
    // the parser either reports the overflow as its own error (at the depth it reached) or throws; both read the same
    expect(parsed.findings).toEqual([expect.objectContaining({ rule: 'parse-error', file: 'deep.yaml', line: 1, message: expect.stringMatching(/^deep\.yaml: (cannot parse: )?the nesting is too deep to read$/) })]);
  });
});

describe('parseYaml positions after an early syntax error (found by the fuzz suite)', () => {
  it('places every error inside the file, on the line where it is', () => {
    const text = '  nope: error\n- list\n  docs: ["**/*.md"]\n';
    const lengths = text.split('\n').map((l) => l.length);
    const findings = parseYaml(text, { file: 'f.yaml' }, 'config').findings;
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.endColumn).toBeLessThanOrEqual((lengths[(f.endLine as number) - 1] as number) + 1);
    }
    // the scalar error starts on line 2 and runs to line 3, not to column 14 of the 6-character line 2
    expect(findings.map((f) => [f.line, f.column, f.endLine, f.endColumn])).toContainEqual([2, 3, 3, 7]);
  });
});
