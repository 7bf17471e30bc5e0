import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The layers of src/, lowest first. A folder may import from its own layer and any layer
 * below, never from one above, and no two folders import each other (directly or in a
 * loop). Files directly in src/ (index.ts, the library entry) form the top layer.
 *
 *  0 model        the vocabulary: Finding, ChangeContext/CommitInfo, RuleSpec, line tables, helpers
 *  1 rules        the rule registry (one file per check): ids, severities, summaries, docs
 *  1 parse, markdown, changelog, conventional, diff   pure parsers of text (diff: pull request patches, the diff filter)
 *  1 pattern      linear-time (RE2) regular expressions and globs for user patterns
 *  2 repo         RepoView: the repository as read-only files
 *  3 schema       shipped schemas and JSON Schema validation
 *  4 kit          configuration and the loaded kit
 *  5 contract     the Check contract; git (reading the change)
 *  6 export       the host export compiler (one module per host in export/hosts/), writer and drift check
 *  7 checks       the checks
 *  8 pipeline     checkRepository: load, select, gather, run, configure, filter, summarize
 *  9 report, fix  renderers and reporters; the fix engine (edits applied, written atomically)
 * 10 cli, action  the edges (the action alone may import @actions/*)
 */
const LAYERS: readonly (readonly string[])[] = [
  ['model'],
  ['rules', 'parse', 'markdown', 'changelog', 'conventional', 'diff', 'pattern'],
  ['repo'],
  ['schema'],
  ['kit'],
  ['contract', 'git'],
  ['export'],
  ['checks'],
  ['pipeline'],
  ['report', 'fix'],
  ['cli', 'action'],
  ['(root)']
];

const SRC = path.resolve('src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The top folder of src/ a file belongs to; `(root)` for files directly in src/. */
function folderOf(file: string): string {
  const parts = path.relative(SRC, file).split(path.sep);
  return parts.length > 1 ? (parts[0] as string) : '(root)';
}

/** Relative imports of a file: static, `export ... from`, type-only and dynamic `import()`. */
function relativeImports(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)'(\.{1,2}\/[^']+)'/gm)) found.push(match[1] as string);
  return found;
}

/** Folder-level import edges, each with one file that makes it. */
function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(SRC)) {
    const from = folderOf(file);
    for (const spec of relativeImports(readFileSync(file, 'utf8'))) {
      const to = folderOf(path.resolve(path.dirname(file), spec));
      if (to === from) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      const edges = graph.get(from) as Map<string, string>;
      if (!edges.has(to)) edges.set(to, `${path.relative(SRC, file)} -> ${spec}`);
    }
  }
  return graph;
}

function layerOf(folder: string): number {
  return LAYERS.findIndex((layer) => layer.includes(folder));
}

/** Every cycle between folders, as folder lists (each found once from its smallest member). */
function cycles(graph: Map<string, Map<string, string>>): string[][] {
  const found: string[][] = [];
  const walk = (start: string, at: string, trail: string[]): void => {
    for (const next of graph.get(at)?.keys() ?? []) {
      if (next === start) found.push([...trail, start]);
      else if (next > start && !trail.includes(next)) walk(start, next, [...trail, next]);
    }
  };
  for (const start of [...graph.keys()].sort()) walk(start, start, [start]);
  return found;
}

describe('architecture', () => {
  const graph = folderGraph();

  it('places every folder of src/ in a layer', () => {
    const folders = new Set(sourceFiles(SRC).map(folderOf));
    expect([...folders].filter((f) => layerOf(f) === -1)).toEqual([]);
  });

  it('has no import from a lower layer to a higher one', () => {
    const upward: string[] = [];
    for (const [from, edges] of graph) {
      for (const [to, where] of edges) if (layerOf(to) > layerOf(from)) upward.push(`${from} (layer ${layerOf(from)}) imports ${to} (layer ${layerOf(to)}): ${where}`);
    }
    expect(upward).toEqual([]);
  });

  it('has no cycle between folders', () => {
    expect(cycles(graph).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('finds upward imports and cycles when there are some (the checks above can fail)', () => {
    expect(relativeImports("import type { A } from '../a/b.js';\nexport { c } from './c.js';\nconst d = () => import('../d/e.js');")).toEqual(['../a/b.js', './c.js', '../d/e.js']);
    const looped = new Map([
      ['kit', new Map([['checks', 'kit/x.ts']])],
      ['checks', new Map([['kit', 'checks/y.ts']])]
    ]);
    expect(cycles(looped)).toEqual([['checks', 'kit', 'checks']]);
    expect(layerOf('kit')).toBeLessThan(layerOf('checks'));
  });

  it('keeps @actions/* and Octokit out of the library: only src/action/ imports them', () => {
    const offenders = sourceFiles(SRC)
      .filter((file) => folderOf(file) !== 'action')
      .filter((file) => /from '(@actions\/|@octokit\/)/.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(SRC, file));
    expect(offenders).toEqual([]);
  });
});
