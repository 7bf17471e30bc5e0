import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { HostDefinition } from '../../../src/export/hosts/definition.js';
import {
  EVENT_MAP,
  HOST_BUILTIN_COMMANDS,
  HOST_COMPILERS,
  HOST_EVENTS,
  HOST_FILE_RULES,
  HOST_IDS,
  HOST_LABELS,
  HOSTS,
  PROJECT_DIR,
  hostDefinition,
  isHostId
} from '../../../src/export/hosts/index.js';
import type { HostId } from '../../../src/export/types.js';
import { hostSchemaNames } from '../../../src/export/validate.js';

const SCHEMAS = path.resolve('schemas');
const HOSTS_DIR = path.resolve('src/export/hosts');

/** Compile-time: HostId is exactly the registry's ids (a literal union, not `string`). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const hostIdIsTheRegistry: Equal<HostId, 'claude' | 'codex' | 'gemini' | 'cursor' | 'copilot'> = true;
const hostIdIsNotString: Equal<HostId, string> = false;

/** Every field of a HostDefinition; a compile error here means the interface changed and this list must follow. */
const FIELDS: Record<keyof HostDefinition, true> = {
  id: true,
  label: true,
  events: true,
  eventMap: true,
  projectDir: true,
  rewriteProjectDir: true,
  fileRules: true,
  builtinCommands: true,
  builtinClashEffect: true,
  compile: true
};

/** Value imports (not `import type`) of a source file, as written. */
function valueImports(text: string): string[] {
  return [...text.matchAll(/^import (?!type )[^;]*? from '([^']+)';/gms)].map((m) => m[1] as string);
}

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
  it('defines each host in one module with every field, unique ids and HostId equal to the registry', () => {
    expect(hostIdIsTheRegistry && !hostIdIsNotString).toBe(true);
    const ids = HOSTS.map((h) => h.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(HOST_IDS).toEqual(ids);
    for (const host of HOSTS) {
      expect(Object.keys(host).sort()).toEqual(Object.keys(FIELDS).sort());
      expect(host.label).not.toBe('');
      expect(host.events.length).toBeGreaterThan(0);
      expect(Object.values(host.eventMap).filter((e) => !host.events.includes(e as string))).toEqual([]);
      expect(host.fileRules.length).toBeGreaterThan(0);
      expect(host.builtinCommands.length).toBeGreaterThan(0);
      expect(typeof host.rewriteProjectDir).toBe('function');
      expect(typeof host.compile).toBe('function');
      expect(hostDefinition(host.id)).toBe(host);
      expect(isHostId(host.id)).toBe(true);
      // the module is named after the host, and only the registry lists it
      expect(readFileSync(path.join(HOSTS_DIR, `${host.id}.ts`), 'utf8')).toContain(`export const ${host.id}: HostDefinition<'${host.id}'> = {`);
    }
    expect(isHostId('vscode')).toBe(false);
  });

  it('derives every per-host table from the definitions', () => {
    for (const host of HOSTS) {
      expect(HOST_LABELS[host.id]).toBe(host.label);
      expect(HOST_EVENTS[host.id]).toBe(host.events);
      expect(EVENT_MAP[host.id]).toBe(host.eventMap);
      expect(PROJECT_DIR[host.id]).toBe(host.projectDir);
      expect(HOST_FILE_RULES[host.id]).toBe(host.fileRules);
      expect(HOST_BUILTIN_COMMANDS[host.id]).toBe(host.builtinCommands);
      expect(HOST_COMPILERS[host.id].host).toBe(host.id);
    }
  });

  it('keeps the host modules free of the registry and of modules that read it (no ES module cycle)', () => {
    const readers = new Set(['./index.js', '../canonical.js', '../compile.js', '../validate.js', '../plan.js', '../index.js']);
    for (const file of readdirSync(HOSTS_DIR).filter((f) => f.endsWith('.ts') && f !== 'index.ts')) {
      const offending = valueImports(readFileSync(path.join(HOSTS_DIR, file), 'utf8')).filter((spec) => readers.has(spec));
      expect({ file, offending }).toEqual({ file, offending: [] });
    }
    expect(valueImports("import type { A } from './index.js';\nimport { b } from './index.js';")).toEqual(['./index.js']);
  });

  it('validates with shipped schemas only, each named after its host', () => {
    const shipped = new Set(readdirSync(path.join(SCHEMAS, 'hosts')).map((f) => f.replace(/\.schema\.json$/, '')));
    for (const name of hostSchemaNames()) expect({ name, shipped: shipped.has(name) }).toEqual({ name, shipped: true });
    for (const host of HOSTS) for (const rule of host.fileRules) if (rule.schema) expect(rule.schema.startsWith(`${host.id}-`)).toBe(true);
  });

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
