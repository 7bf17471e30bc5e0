import { describe, expect, it } from '@jest/globals';
import { codeFence } from '../../src/markdown/fence.js';

describe('codeFence', () => {
  it('is three backticks, or one longer than the longest backtick run in the text', () => {
    expect(codeFence('plain')).toBe('```');
    expect(codeFence('a ``` b ` c')).toBe('````');
    expect(codeFence('`````')).toBe('``````');
  });

  it('copes with more backtick runs than a spread may pass (a large patch)', () => {
    expect(codeFence('` '.repeat(500_000))).toBe('```');
  });
});
