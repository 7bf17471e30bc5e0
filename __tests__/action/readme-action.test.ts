import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { exampleInlineComment, exampleSummaryComment } from '../report/comment-example.js';

const README = readFileSync(path.resolve('README.md'), 'utf8');
const META = parseYaml(readFileSync(path.resolve('action.yml'), 'utf8')) as {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
};

/** The rows of the first table under a `### heading` of the README, as cell lists (pipes unescaped). */
function table(heading: string): string[][] {
  const start = README.indexOf(`\n### ${heading}\n`);
  expect(start).toBeGreaterThan(-1);
  const rows = README.slice(start).split('\n').slice(2);
  const lines = rows.slice(rows.findIndex((l) => l.startsWith('|')));
  return lines
    .slice(2, lines.findIndex((l) => !l.startsWith('|')))
    .map((l) => l.slice(2, -2).split(/ (?<!\\)\| /).map((c) => c.replace(/\\\|/g, '|')));
}

const code = (cell: string): string => (cell === '(empty)' ? '' : cell.replace(/^`|`$/g, ''));

describe('README: the action section matches action.yml and the renderers', () => {
  it('lists every input with its default and description, in order', () => {
    expect(table('Inputs').map(([name, def, description]) => [code(name!), code(def!), description])).toEqual(
      Object.entries(META.inputs).map(([name, spec]) => [name, spec.default ?? '', spec.description])
    );
  });

  it('lists every output with its description, in order', () => {
    expect(table('Outputs').map(([name, description]) => [code(name!), description])).toEqual(Object.entries(META.outputs).map(([name, spec]) => [name, spec.description]));
  });

  it('shows the summary comment and the inline comment exactly as the action renders them', () => {
    const block = (name: string): string | undefined => new RegExp(`<!-- rendered: ${name} -->\\n\`\`\`markdown\\n([\\s\\S]*?)\\n\`\`\`\\n`).exec(README)?.[1];
    expect(block('summary-comment')).toBe(exampleSummaryComment());
    expect(block('inline-comment')).toBe(exampleInlineComment());
  });

  it('shows the least permissions the action needs', () => {
    const workflow = /## Action usage\n\n```yaml\n([\s\S]*?)```/.exec(README)?.[1] ?? '';
    expect(parseYaml(workflow)).toMatchObject({ permissions: { contents: 'read', 'pull-requests': 'write' } });
  });
});
