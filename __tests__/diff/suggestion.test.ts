import { describe, expect, it } from '@jest/globals';
import { suggestionBlock, suggestionFor } from '../../src/diff/suggestion.js';
import { rightSideLines } from '../../src/diff/patch.js';
import type { Edit } from '../../src/model/edit.js';

const TEXT = ['# Changelog', '', '## [Unreleased]', '', '### fixed', '- Crash', '', '## [1.0.0] - 2024-01-31', ''].join('\n');
/** Every line of TEXT is on the right side, as for an added file. */
const ALL = new Map(TEXT.split('\n').map((line, i) => [i + 1, line]));
const edit = (sl: number, sc: number, el: number, ec: number, text: string): Edit => ({ file: 'CHANGELOG.md', start: { line: sl, column: sc }, end: { line: el, column: ec }, text });

/** Applies a suggestion as GitHub does: lines startLine..line replaced by the block's lines. */
function applySuggestion(text: string, s: { startLine: number; line: number; text: string }): string {
  const lines = text.split('\n');
  lines.splice(s.startLine - 1, s.line - s.startLine + 1, ...(s.text === '' ? [] : s.text.split('\n')));
  return lines.join('\n');
}

describe('suggestionFor', () => {
  it('replaces exactly the one line a word edit touches', () => {
    const s = suggestionFor([edit(5, 5, 5, 10, 'Fixed')], TEXT, ALL);
    expect(s).toEqual({ startLine: 5, line: 5, text: '### Fixed' });
    expect(applySuggestion(TEXT, s!)).toBe(TEXT.replace('### fixed', '### Fixed'));
  });

  it('an insertion at the start of a line replaces that line with the insertion and the line', () => {
    const s = suggestionFor([edit(8, 1, 8, 1, '## [1.1.0] - 2024-02-01\n\n')], TEXT, ALL);
    expect(s).toEqual({ startLine: 8, line: 8, text: '## [1.1.0] - 2024-02-01\n\n## [1.0.0] - 2024-01-31' });
  });

  it('covers every line of a multi-line edit, and a deleted whole line is an empty suggestion', () => {
    expect(suggestionFor([edit(5, 1, 6, 8, '### Fixed\n- No crash')], TEXT, ALL)).toEqual({ startLine: 5, line: 6, text: '### Fixed\n- No crash' });
    expect(suggestionFor([edit(6, 1, 7, 1, '')], TEXT, ALL)).toEqual({ startLine: 6, line: 6, text: '' });
    expect(suggestionFor([edit(5, 5, 5, 10, 'Fixed'), edit(6, 3, 6, 8, 'No crash')], TEXT, ALL)).toEqual({ startLine: 5, line: 6, text: '### Fixed\n- No crash' });
  });

  it('gives none when a line is not on the right side of the diff, or reads differently there', () => {
    const patch = '@@ -3,2 +3,4 @@\n ## [Unreleased]\n \n+### fixed\n+- Crash\n';
    const right = rightSideLines(patch);
    expect(suggestionFor([edit(5, 5, 5, 10, 'Fixed')], TEXT, right)).toEqual({ startLine: 5, line: 5, text: '### Fixed' });
    expect(suggestionFor([edit(8, 1, 8, 1, '## [Unreleased]\n\n')], TEXT, right)).toBeUndefined();
    expect(suggestionFor([edit(5, 5, 6, 3, 'Fixed\n- ')], TEXT, new Map([[5, '### fixed']]))).toBeUndefined();
    // the workspace is not the head (a merge commit): its line 5 is not what the diff shows
    expect(suggestionFor([edit(5, 5, 5, 10, 'Fixed')], TEXT, new Map([[5, '### Bug fixes']]))).toBeUndefined();
  });

  it('gives none for conflicting edits, and for a change that joins a line with the next', () => {
    expect(suggestionFor([edit(5, 5, 5, 10, 'Fixed'), edit(5, 6, 5, 8, 'X')], TEXT, ALL)).toBeUndefined();
    expect(suggestionFor([edit(5, 10, 6, 1, ' ')], TEXT, ALL)).toBeUndefined();
    expect(suggestionFor([], TEXT, ALL)).toBeUndefined();
  });

  it('keeps a last line without a line break as it is', () => {
    const text = 'a\n### fixed';
    expect(suggestionFor([edit(2, 5, 2, 10, 'Fixed')], text, new Map([[1, 'a'], [2, '### fixed']]))).toEqual({ startLine: 2, line: 2, text: '### Fixed' });
    expect(suggestionFor([edit(2, 10, 2, 10, '\n')], text, new Map([[1, 'a'], [2, '### fixed']]))).toBeUndefined();
  });
});

describe('suggestionBlock', () => {
  it('uses a fence longer than any backtick run in the text, so content cannot close it', () => {
    expect(suggestionBlock('### Fixed')).toBe('```suggestion\n### Fixed\n```');
    expect(suggestionBlock('')).toBe('```suggestion\n```');
    const hostile = '```\n@admin <script>x</script>\n`````';
    const block = suggestionBlock(hostile);
    expect(block.startsWith('``````suggestion\n')).toBe(true);
    expect(block.endsWith('\n``````')).toBe(true);
    // no line inside is a fence as long as the opening one
    expect(block.split('\n').slice(1, -1).every((l) => !/^`{6,}\s*$/.test(l))).toBe(true);
  });
});
