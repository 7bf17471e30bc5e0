import { describe, expect, it } from '@jest/globals';
import { parseFrontMatter } from '../../src/parse/front-matter.js';

describe('parseFrontMatter', () => {
  it('splits front matter and body and keeps file line numbers', () => {
    const text = '---\nname: demo\ntags: [a, b]\n---\n# Title\n\nBody.\n';
    const fm = parseFrontMatter(text, 'skills/demo/SKILL.md', 'schema');
    expect(fm.present).toBe(true);
    expect(fm.findings).toEqual([]);
    expect(fm.data).toEqual({ name: 'demo', tags: ['a', 'b'] });
    expect(fm.body).toBe('# Title\n\nBody.\n');
    expect(fm.bodyLine).toBe(5);
    expect(fm.bodyOffset).toBe(text.indexOf('# Title'));
    expect(fm.parsed?.valueSpan(['tags', '1']).start).toEqual({ line: 3, column: 11 });
    expect(fm.parsed?.keySpan(['name']).start).toEqual({ line: 2, column: 1 });
  });

  it('is absent when the file does not open with ---', () => {
    expect(parseFrontMatter('# Title\n---\na: 1\n---\n', 'a.md', 'schema')).toMatchObject({ present: false, data: undefined, findings: [] });
    expect(parseFrontMatter('----\na: 1\n----\n', 'b.md', 'schema').present).toBe(false);
    expect(parseFrontMatter('--- title\na: 1\n---\n', 'c.md', 'schema').present).toBe(false);
  });

  it('reports an unclosed block at 1:1 instead of reading the whole file as YAML', () => {
    const fm = parseFrontMatter('---\nname: x\n# body\n', 'open.md', 'schema');
    expect(fm.present).toBe(true);
    expect(fm.data).toBeUndefined();
    expect(fm.findings).toEqual([expect.objectContaining({ check: 'schema', rule: 'front-matter-invalid', file: 'open.md', line: 1, column: 1 })]);
  });

  it('refuses other languages without parsing (never executes) them', () => {
    const fm = parseFrontMatter('---js\nmodule.exports = { a: 1 }\n---\nbody\n', 'js.md', 'schema');
    expect(fm.data).toBeUndefined();
    expect(fm.findings).toEqual([expect.objectContaining({ rule: 'front-matter-invalid', line: 1, column: 4 })]);
    expect(fm.body).toBe('body\n');
  });

  it('reads empty and comment-only front matter as an empty mapping', () => {
    expect(parseFrontMatter('---\n---\nbody', 'e.md', 'schema')).toMatchObject({ present: true, data: {}, findings: [] });
    expect(parseFrontMatter('---\n# only a comment\n---\nbody', 'c.md', 'schema')).toMatchObject({ present: true, data: {}, findings: [] });
  });

  it('reports a list or scalar front matter at its first content line', () => {
    const fm = parseFrontMatter('---\n- a\n- b\n---\n', 'list.md', 'schema');
    expect(fm.data).toBeUndefined();
    expect(fm.findings).toEqual([expect.objectContaining({ rule: 'front-matter-invalid', line: 2, column: 1 })]);
  });

  it('reports YAML errors at their line in the file', () => {
    const fm = parseFrontMatter('---\nname: a\nname: b\n---\n', 'dup.md', 'schema');
    expect(fm.data).toBeUndefined();
    expect(fm.findings).toEqual([expect.objectContaining({ rule: 'parse-error', file: 'dup.md', line: 3, column: 1 })]);
  });

  it('handles a BOM and CRLF line endings', () => {
    const fm = parseFrontMatter('\uFEFF---\r\nname: x\r\ndescription: y\r\n---\r\nbody\r\n', 'crlf.md', 'schema');
    expect(fm.findings).toEqual([]);
    expect(fm.data).toEqual({ name: 'x', description: 'y' });
    expect(fm.parsed?.valueSpan(['description'])).toEqual({ start: { line: 3, column: 14 }, end: { line: 3, column: 15 } });
    expect(fm.bodyLine).toBe(5);
  });
});
