import { applyEdits, EditConflictError, type Edit } from '../../src/model/edit.js';

const edit = (startLine: number, startColumn: number, endLine: number, endColumn: number, text: string): Edit => ({
  file: 'a.md',
  start: { line: startLine, column: startColumn },
  end: { line: endLine, column: endColumn },
  text,
});

describe('applyEdits', () => {
  test('replaces spans by 1-based line and UTF-16 column, end exclusive, in any order', () => {
    const text = '### fixed\nsee [x](Docs/a.md)\n';
    const result = applyEdits(text, [edit(2, 9, 2, 13, 'docs'), edit(1, 5, 1, 6, 'F')]);
    expect(result).toBe('### Fixed\nsee [x](docs/a.md)\n');
  });

  test('inserts at a line end and after the last line, and counts astral characters as two columns', () => {
    expect(applyEdits('a\nb', [edit(2, 2, 2, 2, '\nc')])).toBe('a\nb\nc');
    expect(applyEdits('😀x\n', [edit(1, 3, 1, 4, 'y')])).toBe('😀y\n');
    expect(applyEdits('a\n', [edit(1, 1, 1, 1, '## [Unreleased]\n\n')])).toBe('## [Unreleased]\n\na\n');
  });

  test('applies an identical edit proposed twice once', () => {
    expect(applyEdits('abc', [edit(1, 2, 1, 3, 'X'), edit(1, 2, 1, 3, 'X')])).toBe('aXc');
  });

  test('refuses overlapping edits and positions outside the text, leaving nothing half-applied', () => {
    expect(() => applyEdits('abcdef', [edit(1, 1, 1, 4, 'x'), edit(1, 3, 1, 5, 'y')])).toThrow(EditConflictError);
    expect(() => applyEdits('abc', [edit(1, 1, 1, 1, 'x'), edit(1, 1, 1, 1, 'y')])).toThrow(EditConflictError);
    expect(() => applyEdits('abc', [edit(3, 1, 3, 1, 'x')])).toThrow(EditConflictError);
    expect(() => applyEdits('abc', [edit(1, 2, 1, 9, 'x')])).toThrow(EditConflictError);
    expect(() => applyEdits('abc', [edit(1, 3, 1, 2, 'x')])).toThrow(EditConflictError);
  });
});
