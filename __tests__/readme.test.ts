import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const README = readFileSync(path.resolve('README.md'), 'utf8');

describe('README', () => {
  it('opens with the two commands: install and run the main job, then the tests', () => {
    const firstBlock = /```bash\n([\s\S]*?)```/.exec(README)?.[1] ?? '';
    const commands = firstBlock.split('\n').filter(Boolean).map((l) => l.replace(/\s+#.*$/, ''));
    expect(commands).toEqual(['npm ci && npm run main', 'npm test']);
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.main).toContain('check --root content');
    expect(readFileSync('.ci/run', 'utf8')).toMatch(/^npm test$/m);
  });

  const excerpts = [...README.matchAll(/<!-- generated-excerpt: (\S+) -->\n```\w*\n([\s\S]*?)\n```/g)];

  it('shows one generated file for each of the five hosts', () => {
    expect(excerpts.map((m) => (m[1] as string).split('/')[3])).toEqual(['claude', 'codex', 'gemini', 'cursor', 'copilot']);
  });

  it.each(excerpts.map((m) => [m[1] as string, m[2] as string]))('shows %s as it is committed', (file, shown) => {
    const actual = readFileSync(path.resolve(file), 'utf8').split('\n');
    const lines = shown.split('\n');
    expect(actual.slice(0, lines.length)).toEqual(lines);
  });
});
