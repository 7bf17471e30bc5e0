import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EVENT_MAP, HOST_COMPILERS, HOST_EVENTS, HOST_FILE_RULES, HOST_IDS, HOST_LABELS, PROJECT_DIR } from '../../../src/export/hosts/index.js';

const SCHEMAS = path.resolve('schemas');

/** Every enum and every object's property names found anywhere in a JSON value, with where. */
function walk(value: unknown, where: string, visit: (kind: 'enum' | 'keys', list: string[], where: string) => void): void {
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${where}/${i}`, visit));
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (Array.isArray(record.enum) && record.enum.every((v) => typeof v === 'string')) visit('enum', record.enum as string[], where);
    if (record.properties && typeof record.properties === 'object') visit('keys', Object.keys(record.properties), `${where}/properties`);
    for (const [key, inner] of Object.entries(record)) walk(inner, `${where}/${key}`, visit);
  }
}

describe('host registry', () => {
  it('has one entry per host in every per-host table of the compiler and validator', () => {
    const ids = [...HOST_IDS].sort();
    for (const table of [HOST_COMPILERS, HOST_LABELS, HOST_EVENTS, EVENT_MAP, PROJECT_DIR, HOST_FILE_RULES]) expect(Object.keys(table).sort()).toEqual(ids);
  });

  it('lists exactly HOST_IDS wherever a shipped schema enumerates hosts, and a section for each where it keys by host', () => {
    const ids = [...HOST_IDS].sort();
    let enums = 0;
    let sections = 0;
    for (const name of readdirSync(SCHEMAS).filter((f) => f.endsWith('.json'))) {
      const schema = JSON.parse(readFileSync(path.join(SCHEMAS, name), 'utf8')) as unknown;
      walk(schema, name, (kind, list, where) => {
        if (!list.some((v) => (HOST_IDS as readonly string[]).includes(v))) return;
        const hosts = list.filter((v) => (HOST_IDS as readonly string[]).includes(v)).sort();
        if (kind === 'enum') {
          enums++;
          expect({ where, hosts: [...list].sort() }).toEqual({ where, hosts: ids });
        } else if (hosts.length > 1) {
          sections++;
          expect({ where, hosts }).toEqual({ where, hosts: ids });
        }
      });
    }
    expect(enums).toBeGreaterThanOrEqual(4);
    expect(sections).toBeGreaterThanOrEqual(2);
  });

  it('ships the file schemas each host validates its exports against', () => {
    const shipped = new Set(readdirSync(path.join(SCHEMAS, 'hosts')));
    for (const host of HOST_IDS) expect([...shipped].filter((f) => f.startsWith(`${host}-`)).length).toBeGreaterThan(0);
  });
});
