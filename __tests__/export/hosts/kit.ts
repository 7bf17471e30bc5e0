import { expect } from '@jest/globals';
import { parse as parseToml } from 'smol-toml';
import { compileHost } from '../../../src/export/compile.js';
import type { CompileOptions, HostCompilation, HostId } from '../../../src/export/types.js';
import { validateHostFiles } from '../../../src/export/validate.js';
import { loadKit, type Kit } from '../../../src/kit/load.js';
import type { Finding } from '../../../src/model/finding.js';
import { parseFrontMatter } from '../../../src/parse/front-matter.js';
import { fixturePath, makeFolder } from '../../helpers/folder.js';

/** The export fixture kit: 2 roles (one with front matter), 2 workflows, 3 hooks, 1 skill. */
export const EXPORT_FIXTURE = fixturePath('kits', 'export-basic');

/** Loads the fixture kit, or a real git repository copied from it with `files` changed (null deletes). */
export function fixtureKit(files?: Record<string, string | null>): Kit {
  if (!files) return loadKit(EXPORT_FIXTURE);
  return loadKit(makeFolder({ fixture: EXPORT_FIXTURE, files }).dir);
}

/** Compiles one host of a kit (the fixture by default). */
export function compile(host: HostId, kit: Kit = fixtureKit(), options?: Partial<CompileOptions>): HostCompilation {
  return compileHost(kit, host, options);
}

export function paths(c: HostCompilation): string[] {
  return c.files.map((f) => f.path);
}

/** Content of one generated file; fails the test when it was not generated. */
export function content(c: HostCompilation, path: string): string {
  const file = c.files.find((f) => f.path === path);
  if (!file) throw new Error(`${c.host} did not generate ${path}; it generated: ${paths(c).join(', ')}`);
  return file.content;
}

/** Front matter of a generated Markdown file, asserting it opens the file. */
export function frontMatter(c: HostCompilation, path: string): Record<string, unknown> {
  const text = content(c, path);
  expect(text.startsWith('---\n')).toBe(true);
  const fm = parseFrontMatter(text, path, 'test');
  expect(fm.findings).toEqual([]);
  return fm.data ?? {};
}

export function body(c: HostCompilation, path: string): string {
  return parseFrontMatter(content(c, path), path, 'test').body;
}

export function json(c: HostCompilation, path: string): Record<string, unknown> {
  return JSON.parse(content(c, path)) as Record<string, unknown>;
}

export function toml(c: HostCompilation, path: string): Record<string, unknown> {
  return parseToml(content(c, path)) as Record<string, unknown>;
}

export function findings(c: HostCompilation, rule: string, file?: string): Finding[] {
  return c.findings.filter((f) => f.rule === rule && (file === undefined || f.file === file));
}

/** The output validates for its host, and nothing in the compilation is an error. */
export function expectValid(c: HostCompilation): void {
  expect(validateHostFiles(c.host, c.files)).toEqual([]);
  expect(c.findings.filter((f) => f.severity === 'error')).toEqual([]);
  for (const file of c.files) {
    expect(file.content.endsWith('\n')).toBe(true);
    expect(file.content.includes('\r')).toBe(false);
  }
}

/** Every finding has a fix text and the export check id. */
export function expectActionable(c: HostCompilation): void {
  for (const f of c.findings) {
    expect(f.check).toBe('export');
    expect(typeof f.fix).toBe('string');
    expect((f.fix ?? '').length).toBeGreaterThan(0);
  }
}
