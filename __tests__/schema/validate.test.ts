import { describe, expect, it } from '@jest/globals';
import { parseJson } from '../../src/parse/json.js';
import { parseFrontMatter } from '../../src/parse/front-matter.js';
import { parseYaml } from '../../src/parse/yaml.js';
import { compileSchema, createAjv, pointerSegments, schemaDialect, schemaErrorsToFindings } from '../../src/schema/validate.js';

const OPTIONS = { check: 'schema', rule: 'mapping-invalid', file: 'data.yaml' };

/** Validates YAML text against a schema and returns `line:column rule message` lines. */
function check(schema: Record<string, unknown>, text: string): { line?: number; column?: number; message: string; fix?: string }[] {
  const parsed = parseYaml(text, { file: 'data.yaml' }, 'schema');
  expect(parsed.findings).toEqual([]);
  const validate = compileSchema(schema);
  validate(parsed.data);
  return schemaErrorsToFindings(validate.errors, parsed, OPTIONS).map((f) => {
    const out: { line?: number; column?: number; message: string; fix?: string } = { message: f.message };
    if (f.line !== undefined) out.line = f.line;
    if (f.column !== undefined) out.column = f.column;
    if (f.fix !== undefined) out.fix = f.fix;
    return out;
  });
}

describe('schemaErrorsToFindings on YAML', () => {
  const schema = {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'port'],
    properties: {
      name: { type: 'string' },
      port: { type: 'integer' },
      version: { type: 'string' },
      description: { type: 'string' },
      jobs: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string' }, steps: { type: 'array', items: { type: 'object', properties: { run: { type: 'string' } } } } }
        }
      },
      'a/b': { type: 'integer' },
      '~x': { type: 'integer' },
      codes: { type: 'object', additionalProperties: { type: 'string' } },
      mode: { enum: ['block', 'warn'] }
    }
  };

  it('puts a missing required property at the first key of the parent mapping', () => {
    expect(check(schema, '# header\n\nport: 80\n')).toEqual([expect.objectContaining({ line: 3, column: 1, message: '(root) is missing the required property "name"' })]);
  });

  it('puts a missing property of a flow mapping at its `{`', () => {
    expect(check(schema, 'name: x\nport: 1\njobs:\n  - {steps: []}\n')).toEqual([expect.objectContaining({ line: 4, column: 5, message: '/jobs/0 is missing the required property "id"' })]);
  });

  it('puts an unknown key at the key and lists the allowed ones', () => {
    const [finding] = check(schema, 'name: x\nport: 1\nnmae: typo\n');
    expect(finding).toMatchObject({ line: 3, column: 1, message: '"nmae" is not an allowed property' });
    expect(finding?.fix).toContain('allowed: name, port');
  });

  it('puts a wrong type at the value, with a quoting hint for strings', () => {
    expect(check(schema, 'name: x\nport: "80"\n')).toEqual([expect.objectContaining({ line: 2, column: 7, message: '/port must be integer, not string "80"' })]);
    const [version] = check(schema, 'name: x\nport: 1\nversion: 1.10\n');
    expect(version).toMatchObject({ line: 3, column: 10, message: '/version must be string, not number 1.1' });
    expect(version?.fix).toContain('Quote the value');
  });

  it('puts an empty value at its key', () => {
    expect(check(schema, 'name: x\nport: 1\ndescription:\n')).toEqual([expect.objectContaining({ line: 3, column: 1, message: '/description must be string, not empty' })]);
  });

  it('walks second-level list items', () => {
    const text = 'name: x\nport: 1\njobs:\n  - id: a\n  - id: b\n    steps:\n      - run: 5\n';
    expect(check(schema, text)).toEqual([expect.objectContaining({ line: 7, column: 14, message: '/jobs/1/steps/0/run must be string, not number 5' })]);
  });

  it('decodes pointer escapes (a~1b, ~0x) before looking keys up', () => {
    expect(check(schema, 'name: x\nport: 1\na/b: no\n~x: no\n')).toEqual([
      expect.objectContaining({ line: 3, column: 6, message: '/a~1b must be integer, not string "no"' }),
      expect.objectContaining({ line: 4, column: 5, message: '/~0x must be integer, not string "no"' })
    ]);
  });

  it('matches numeric keys by their stringified value', () => {
    expect(check(schema, 'name: x\nport: 1\ncodes:\n  200: ok\n  404: 7\n')).toEqual([expect.objectContaining({ line: 5, column: 8, message: '/codes/404 must be string, not number 7' })]);
  });

  it('names the allowed values of an enum', () => {
    expect(check(schema, 'name: x\nport: 1\nmode: stop\n')).toEqual([expect.objectContaining({ line: 3, column: 7, message: '/mode must be one of "block", "warn"', fix: 'Use one of: "block", "warn".' })]);
  });

  it('collapses anyOf branches to the best match', () => {
    const s = { anyOf: [{ type: 'string' }, { type: 'object', required: ['a'], properties: { a: { type: 'integer' } } }] };
    expect(check(s, 'a: nope\n')).toEqual([expect.objectContaining({ line: 1, column: 4, message: '/a must be integer, not string "nope"' })]);
  });

  it('keeps a oneOf error that has no branch errors to explain it', () => {
    const s = { oneOf: [{ type: 'object' }, { type: 'object', properties: { a: {} } }] };
    expect(check(s, 'a: 1\n')).toEqual([expect.objectContaining({ line: 1, column: 1, message: '(root) must match exactly one schema in oneOf' })]);
  });

  it('puts a bad property name at the key', () => {
    const s = { type: 'object', propertyNames: { pattern: '^[a-z]+$' } };
    const findings = check(s, 'good: 1\nBad: 2\n');
    expect(findings).toEqual([expect.objectContaining({ line: 2, column: 1, message: expect.stringContaining('property name "Bad"') })]);
  });

  it('drops if/then restatements, keeping the real error', () => {
    const s = { type: 'object', if: { properties: { kind: { const: 'x' } } }, then: { required: ['extra'] } };
    expect(check(s, 'kind: x\n')).toEqual([expect.objectContaining({ line: 1, column: 1, message: '(root) is missing the required property "extra"' })]);
  });

  it('reports a root type error of an empty document at 1:1', () => {
    expect(check({ type: 'object' }, '')).toEqual([expect.objectContaining({ line: 1, column: 1, message: '(root) must be object, not empty' })]);
  });
});

describe('schemaErrorsToFindings with JSON and front matter', () => {
  it('places JSON errors at the value', () => {
    const parsed = parseJson('{\n  "name": 1\n}', { file: 'x.json' }, 'schema');
    const validate = compileSchema({ type: 'object', properties: { name: { type: 'string' } } });
    validate(parsed.data);
    expect(schemaErrorsToFindings(validate.errors, parsed, { ...OPTIONS, file: 'x.json' })).toEqual([expect.objectContaining({ file: 'x.json', line: 2, column: 11 })]);
  });

  it('adds the front matter line offset', () => {
    const fm = parseFrontMatter('---\nname: demo\ndescription: 5\n---\nbody\n', 'SKILL.md', 'schema');
    const validate = compileSchema({ type: 'object', properties: { description: { type: 'string' } } });
    validate(fm.data);
    expect(schemaErrorsToFindings(validate.errors, fm.parsed!, { ...OPTIONS, file: 'SKILL.md' })).toEqual([expect.objectContaining({ line: 3, column: 14 })]);
  });
});

describe('schema helpers', () => {
  it('decodes pointer segments', () => {
    expect(pointerSegments('')).toEqual([]);
    expect(pointerSegments('/a~1b/0/~0x')).toEqual(['a/b', '0', '~x']);
  });

  it('picks the dialect from $schema', () => {
    expect(schemaDialect({})).toBe('2020-12');
    expect(schemaDialect({ $schema: 'https://json-schema.org/draft/2020-12/schema' })).toBe('2020-12');
    expect(schemaDialect({ $schema: 'https://json-schema.org/draft/2019-09/schema' })).toBe('2019-09');
    expect(schemaDialect({ $schema: 'http://json-schema.org/draft-07/schema#' })).toBe('draft-07');
    expect(schemaDialect({ $schema: 'http://json-schema.org/draft-06/schema#' })).toBe('draft-07');
    expect(schemaDialect({ $schema: 'http://json-schema.org/draft-04/schema#' })).toBe('unsupported');
    expect(schemaDialect({ $schema: 'https://example.com/my-meta' })).toBe('unknown');
  });

  it('validates formats (ajv-formats is registered)', () => {
    const validate = createAjv('draft-07').compile({ type: 'string', format: 'date-time' });
    expect(validate('2026-01-01T00:00:00Z')).toBe(true);
    expect(validate('yesterday')).toBe(false);
  });

  it('never returns another schema registered under the same $id', () => {
    const first = compileSchema({ $id: 'https://example.test/same.json', type: 'string' });
    const second = compileSchema({ $id: 'https://example.test/same.json', type: 'integer' });
    expect(first('text')).toBe(true);
    expect(second('text')).toBe(false);
    expect(second(3)).toBe(true);
  });

  it('tolerates editor keywords such as markdownDescription', () => {
    expect(() => compileSchema({ type: 'object', markdownDescription: '**x**' })).not.toThrow();
  });
});
