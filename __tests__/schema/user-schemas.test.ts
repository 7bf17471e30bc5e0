import { afterAll, describe, expect, it } from '@jest/globals';
import { RepoView } from '../../src/repo/view.js';
import { UserSchemaSet } from '../../src/schema/user-schemas.js';
import { cleanupRepos, makeRepo } from '../helpers/git-repo.js';

afterAll(cleanupRepos);

function setFor(files: Record<string, string>): UserSchemaSet {
  const repo = makeRepo({ files });
  return new UserSchemaSet(new RepoView(repo.dir), 'schema', ['schemas']);
}

describe('UserSchemaSet', () => {
  it('compiles a 2020-12 schema with formats and validates data', () => {
    const set = setFor({ 'schemas/a.schema.json': JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'https://x.test/a.json', type: 'object', properties: { at: { type: 'string', format: 'date-time' } } }) });
    const result = set.compile('schemas/a.schema.json');
    if (!result.ok) throw new Error(JSON.stringify(result.findings));
    expect(result.validate({ at: '2026-01-01T00:00:00Z' })).toBe(true);
    expect(result.validate({ at: 'soon' })).toBe(false);
  });

  it('compiles draft-07 and draft-06 schemas with their own Ajv', () => {
    const set = setFor({
      'schemas/seven.schema.json': JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', definitions: { n: { type: 'number' } }, properties: { n: { $ref: '#/definitions/n' } } }),
      'schemas/six.schema.json': JSON.stringify({ $schema: 'http://json-schema.org/draft-06/schema#', properties: { s: { type: 'string' } } })
    });
    const seven = set.compile('schemas/seven.schema.json');
    const six = set.compile('schemas/six.schema.json');
    expect(seven.ok && seven.validate({ n: 'x' })).toBe(false);
    expect(six.ok && six.validate({ s: 'x' })).toBe(true);
  });

  it('reports a schema that breaks its meta-schema at the offending keyword', () => {
    const text = '{\n  "type": "object",\n  "properties": {\n    "a": { "type": "strng" }\n  }\n}\n';
    const set = setFor({ 'schemas/bad.schema.json': text });
    const result = set.compile('schemas/bad.schema.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.findings[0]).toMatchObject({ check: 'schema', rule: 'schema-invalid', file: 'schemas/bad.schema.json', line: 4, column: 20 });
    expect(result.findings.map((f) => f.message).join('\n')).toContain('/properties/a/type');
  });

  it('reports a JSON syntax error in a schema file as a parse error', () => {
    const set = setFor({ 'schemas/broken.schema.json': '{\n  "type": "object",\n}\n' });
    const result = set.compile('schemas/broken.schema.json');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.findings).toEqual([expect.objectContaining({ rule: 'parse-error', file: 'schemas/broken.schema.json', line: 3, column: 1 })]);
  });

  it('refuses draft-04 at its $schema value', () => {
    const set = setFor({ 'schemas/old.schema.json': '{\n  "$schema": "http://json-schema.org/draft-04/schema#",\n  "type": "object"\n}\n' });
    const result = set.compile('schemas/old.schema.json');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.findings).toEqual([expect.objectContaining({ rule: 'schema-invalid', line: 2, column: 14 })]);
  });

  it('keeps two schemas with the same $id apart and warns about the clash', () => {
    const set = setFor({
      'schemas/one.schema.json': JSON.stringify({ $id: 'https://x.test/same.json', type: 'string' }),
      'schemas/two.schema.json': '{\n  "$id": "https://x.test/same.json",\n  "type": "integer"\n}\n'
    });
    const one = set.compile('schemas/one.schema.json');
    const two = set.compile('schemas/two.schema.json');
    expect(one.ok && one.validate('text')).toBe(true);
    expect(two.ok && two.validate('text')).toBe(false);
    expect(two.ok && two.validate(4)).toBe(true);
    expect(set.takeExtraFindings()).toEqual([expect.objectContaining({ rule: 'schema-id-duplicate', severity: 'warning', file: 'schemas/two.schema.json', line: 2, column: 10 })]);
  });

  it('resolves a relative $ref to another repository schema by $id or by path, without fetching', () => {
    const set = setFor({
      'schemas/common.schema.json': JSON.stringify({ $id: 'https://x.test/schemas/common.schema.json', $defs: { name: { type: 'string', minLength: 2 } } }),
      'schemas/user.schema.json': JSON.stringify({ $id: 'https://x.test/schemas/user.schema.json', properties: { name: { $ref: 'common.schema.json#/$defs/name' } } }),
      'schemas/plain/part.json': JSON.stringify({ type: 'integer' }),
      'schemas/plain/whole.json': JSON.stringify({ properties: { n: { $ref: './part.json' } } })
    });
    const user = set.compile('schemas/user.schema.json');
    if (!user.ok) throw new Error(JSON.stringify(user.findings));
    expect(user.validate({ name: 'ab' })).toBe(true);
    expect(user.validate({ name: 'a' })).toBe(false);
    const whole = set.compile('schemas/plain/whole.json');
    if (!whole.ok) throw new Error(JSON.stringify(whole.findings));
    expect(whole.validate({ n: 1 })).toBe(true);
    expect(whole.validate({ n: 'x' })).toBe(false);
  });

  it('reports an unresolvable (remote) $ref at the $ref value', () => {
    const text = '{\n  "properties": {\n    "a": { "$ref": "https://example.com/remote.json" }\n  }\n}\n';
    const set = setFor({ 'schemas/remote.schema.json': text });
    const result = set.compile('schemas/remote.schema.json');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.findings).toEqual([expect.objectContaining({ rule: 'schema-invalid', line: 3, column: 20, message: expect.stringContaining('cannot resolve $ref') })]);
  });

  it('reports a non-object schema at the root', () => {
    const set = setFor({ 'schemas/list.schema.json': '[1, 2]' });
    const result = set.compile('schemas/list.schema.json');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.findings).toEqual([expect.objectContaining({ rule: 'schema-invalid', line: 1, column: 1 })]);
  });

  it('accepts boolean schemas', () => {
    const set = setFor({ 'schemas/any.schema.json': 'true' });
    const result = set.compile('schemas/any.schema.json');
    expect(result.ok && result.validate({ anything: 1 })).toBe(true);
  });
});
