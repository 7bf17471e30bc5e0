import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { exampleFixPatchSection, exampleSuggestionComment } from '../report/suggestion-example.js';

const README = readFileSync(path.resolve('README.md'), 'utf8');

/** A README block `<!-- rendered: name -->` fenced with four backticks (its content has three-backtick fences). */
const block = (name: string): string | undefined => new RegExp(`<!-- rendered: ${name} -->\\n\`\`\`\`markdown\\n([\\s\\S]*?)\\n\`\`\`\`\\n`).exec(README)?.[1];

describe('README: the suggestion and fix patch examples match the renderers', () => {
  it('shows an inline comment with a suggestion block exactly as the action renders it', () => {
    if (process.env.PRINT_EXAMPLES) process.stdout.write(`${exampleSuggestionComment()}\n----\n${exampleFixPatchSection()}\n`);
    expect(block('inline-suggestion')).toBe(exampleSuggestionComment());
  });

  it('shows the summary comment patch section exactly as the action renders it', () => {
    expect(block('fix-patch')).toBe(exampleFixPatchSection());
  });
});
