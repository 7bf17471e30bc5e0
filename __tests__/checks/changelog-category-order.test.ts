import { afterAll, describe, expect, it } from '@jest/globals';
import { changelogCheck } from '../../src/checks/changelog.js';
import { loadKit } from '../../src/kit/load.js';
import { applyEdits } from '../../src/model/edit.js';
import type { Finding } from '../../src/model/finding.js';
import { cleanupFolders, makeFolder } from '../helpers/folder.js';

afterAll(cleanupFolders);

const LINKS = ['[Unreleased]: https://github.com/o/r/compare/v1.0.0...HEAD', '[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0', ''];

async function check(changelog: string): Promise<Finding[]> {
  const folder = makeFolder({ files: { 'CHANGELOG.md': changelog, 'README.md': '# kit\n' } });
  return changelogCheck.run({ kit: loadKit(folder.dir), change: {} });
}

const order = (findings: readonly Finding[]): Finding[] => findings.filter((f) => f.rule === 'category-order');

function changelog(unreleased: readonly string[]): string {
  return ['# Changelog', '', '## [Unreleased]', '', ...unreleased, '## [1.0.0] - 2024-01-31', '', '### Added', '- First', '', ...LINKS].join('\n');
}

describe('changelog/category-order', () => {
  it('categories in the configured order give no finding', async () => {
    expect(await check(changelog(['### Added', '- a', '', '### Fixed', '- b', '', '### Security', '- c', '']))).toEqual([]);
  });

  it('an out-of-order version gives one notice at the first late heading, whose edit moves whole blocks', async () => {
    const text = changelog(['### Security', '- s1', '', '### Fixed', '- f1', '  continued', '', '  second paragraph', '', '#### Detail', '- f2', '', '### Added', '- a1', '']);
    const findings = await check(text);
    expect(findings.map((f) => [f.rule, f.severity, f.line, f.column])).toEqual([['category-order', 'notice', 8, 5]]);
    expect(findings[0]?.message).toBe('"### Fixed" comes after "### Security" in "## [Unreleased]"; categories go in the order Added, Changed, Deprecated, Removed, Fixed, Security');
    const after = applyEdits(text, findings.flatMap((f) => f.edits ?? []));
    expect(after).toBe(changelog(['### Added', '- a1', '', '### Fixed', '- f1', '  continued', '', '  second paragraph', '', '#### Detail', '- f2', '', '### Security', '- s1', '']));
    expect(await check(after)).toEqual([]);
  });

  it('keeps each separator where it was, CRLF line endings, and the last block ends where the version did', async () => {
    const lines = ['# Changelog', '', '## [Unreleased]', '', '### Fixed', '- f', '### Added', '- a', '', '', ...LINKS];
    const text = lines.join('\r\n');
    const findings = order(await check(text));
    const after = applyEdits(text, findings.flatMap((f) => f.edits ?? []));
    expect(after).toBe(['# Changelog', '', '## [Unreleased]', '', '### Added', '- a', '### Fixed', '- f', '', '', ...LINKS].join('\r\n'));
    expect(order(await check(after))).toEqual([]);
  });

  it('the last version before the link references stops at them', async () => {
    const text = ['# Changelog', '', '## [Unreleased]', '', '## [1.0.0] - 2024-01-31', '', '### Fixed', '- f', '', '### Added', '- a', '', ...LINKS].join('\n');
    const findings = order(await check(text));
    expect(findings).toHaveLength(1);
    const after = applyEdits(text, findings.flatMap((f) => f.edits ?? []));
    expect(after).toBe(['# Changelog', '', '## [Unreleased]', '', '## [1.0.0] - 2024-01-31', '', '### Added', '- a', '', '### Fixed', '- f', '', ...LINKS].join('\n'));
    expect(await check(after)).toEqual([]);
  });

  it('a version with an unknown or a repeated category gets the finding without an edit', async () => {
    const unknown = order(await check(changelog(['### Fixed', '- f', '', '### Notes', '- n', '', '### Added', '- a', ''])));
    expect(unknown.map((f) => [f.line, f.edits])).toEqual([[11, undefined]]);
    const repeated = order(await check(changelog(['### Fixed', '- f', '', '### Added', '- a', '', '### Added', '- b', ''])));
    expect(repeated.map((f) => [f.line, f.edits])).toEqual([[8, undefined]]);
    // a repeated heading alone is category-duplicate's finding, not an order one
    expect(order(await check(changelog(['### Added', '- a', '', '### Fixed', '- f', '', '### Added', '- b', ''])))).toEqual([]);
  });

  it('no edit when a block holds a code fence or an HTML comment', async () => {
    const fenced = order(await check(changelog(['### Fixed', '- f', '', '  ```', '  code', '  ```', '', '### Added', '- a', ''])));
    expect(fenced).toHaveLength(1);
    expect(fenced[0]?.edits).toBeUndefined();
  });

  it('no edit when an entry of the last category sits below a link reference definition', async () => {
    const text = ['# Changelog', '', '## [Unreleased]', '', '### Fixed', '- f', '', '### Added', '', '[x]: https://example.test', '', '- a', '', ...LINKS].join('\n');
    const findings = order(await check(text));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.edits).toBeUndefined();
  });

  it('is reported once per version', async () => {
    const text = ['# Changelog', '', '## [Unreleased]', '', '### Fixed', '- f', '', '### Changed', '- c', '', '### Added', '- a', '', '## [1.0.0] - 2024-01-31', '', '### Removed', '- r', '', '### Added', '- First', '', ...LINKS].join('\n');
    const findings = order(await check(text));
    expect(findings.map((f) => f.line)).toEqual([8, 19]);
    const after = applyEdits(text, findings.flatMap((f) => f.edits ?? []));
    expect(await check(after)).toEqual([]);
    expect(applyEdits(after, (await check(after)).flatMap((f) => f.edits ?? []))).toBe(after);
  });
});
