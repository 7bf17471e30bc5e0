import { describe, expect, it } from '@jest/globals';
import { parseChangelog } from '../../src/changelog/parse.js';
import { compareVersions, isIsoDate, toIsoDate, versionKey } from '../../src/changelog/version.js';

const SAMPLE = [
  '# Changelog', //                                   1
  '',
  'All notable changes. See [Keep a Changelog][kac].', // 3
  '',
  '## [Unreleased]', //                               5
  '',
  '### Added', //                                     7
  '- New login page', //                              8
  '  with two lines', //                              9
  '  - and a nested bullet', //                       10
  '* Star bullet', //                                 11
  'lazy continuation', //                             12
  '',
  '```', //                                           14
  '## [9.9.9] - not a heading inside a fence',
  '```',
  '<!--',
  '## [8.8.8] - not a heading inside a comment',
  '-->',
  '## [1.0.0] - 2024-01-31 [YANKED]', //              20
  '- loose entry', //                                 21
  '### Fixed', //                                     22
  '',
  '## 0.9.0 - 2023-12-01', //                         24
  '',
  '[Unreleased]: https://github.com/o/r/compare/v1.0.0...HEAD', // 26
  '[1.0.0]: https://github.com/o/r/compare/v0.9.0...v1.0.0', //   27
  '[kac]: https://keepachangelog.com/' //                          28
].join('\n');

describe('changelog/parse parseChangelog', () => {
  const doc = parseChangelog(SAMPLE);

  it('reads the title and the version sections, skipping fenced code and comments', () => {
    expect(doc.title).toEqual({ text: 'Changelog', line: 1 });
    expect(doc.versions.map((v) => [v.kind, v.label, v.line, v.bracketed])).toEqual([
      ['unreleased', 'Unreleased', 5, true],
      ['release', '1.0.0', 20, true],
      ['release', '0.9.0', 24, false]
    ]);
  });

  it('keeps positions of labels, dates and the yanked marker', () => {
    const v = doc.versions[1];
    expect(v?.labelSpan).toEqual({ line: 20, column: 4, endLine: 20, endColumn: 11 });
    expect(v?.date).toBe('2024-01-31');
    expect(v?.dateSpan).toEqual({ line: 20, column: 14, endLine: 20, endColumn: 24 });
    expect(v?.yanked).toBe(true);
    expect(v?.headingProblems).toEqual([]);
    expect(doc.versions[2]?.headingProblems).toEqual(['the version is not in brackets']);
  });

  it('collects multi-line bullets with their markers and columns', () => {
    const added = doc.versions[0]?.categories[0];
    expect(added?.name).toBe('Added');
    expect(added?.nameSpan).toEqual({ line: 7, column: 5, endLine: 7, endColumn: 10 });
    expect(added?.entries).toEqual([
      { text: 'New login page\nwith two lines\n- and a nested bullet', line: 8, column: 1, endLine: 10, marker: '-' },
      { text: 'Star bullet\nlazy continuation', line: 11, column: 1, endLine: 12, marker: '*' }
    ]);
  });

  it('puts bullets before any category in looseEntries and keeps empty categories', () => {
    expect(doc.versions[1]?.looseEntries.map((e) => [e.text, e.line])).toEqual([['loose entry', 21]]);
    expect(doc.versions[1]?.categories.map((c) => [c.name, c.entries.length])).toEqual([['Fixed', 0]]);
  });

  it('reads link reference definitions and the labels used', () => {
    expect(doc.linkReferences.map((d) => [d.label, d.line, d.labelSpan.column, d.labelSpan.endColumn])).toEqual([
      ['Unreleased', 26, 1, 13],
      ['1.0.0', 27, 1, 8],
      ['kac', 28, 1, 6]
    ]);
    expect(doc.referencedLabels.has('kac')).toBe(true);
    expect(doc.referencedLabels.has('unreleased')).toBe(true);
    expect(doc.referencedLabels.has('0.9.0')).toBe(false);
  });

  it('reads headings that are not versions as invalid, and odd separators as problems', () => {
    const other = parseChangelog('## Notes\n## [1.0.0] 2024-01-01\n## [1.1.0] - 2024-02-01 extra\n## [2.0.0]\n');
    expect(other.versions.map((v) => [v.kind, v.headingProblems])).toEqual([
      ['invalid', ['"Notes" is neither a version nor "Unreleased"']],
      ['release', ['a " - " must separate the version from the date']],
      ['release', ['unexpected text after the date: "extra"']],
      ['release', []]
    ]);
    expect(other.versions[3]?.date).toBeUndefined();
  });

  it('understands inline-link headings, dates in parentheses and versions under "#" or "###"', () => {
    const doc = parseChangelog(
      [
        '# Changelog',
        '## [v1.3.0](https://github.com/o/r/compare/v1.2.1...v1.3.0) - 2024-02-05',
        '### Commits',
        '# [2.0.0](https://x/compare/v1.3.0...v2.0.0) (2024-03-01)',
        '### [2.0.1][r201] (2024-03-02)',
        '### Bug Fixes'
      ].join('\n')
    );
    expect(doc.title).toEqual({ text: 'Changelog', line: 1 });
    expect(doc.versions.map((v) => [v.label, v.linkUrl, v.referenceLabel, v.date, v.headingProblems])).toEqual([
      ['v1.3.0', 'https://github.com/o/r/compare/v1.2.1...v1.3.0', undefined, '2024-02-05', []],
      ['2.0.0', 'https://x/compare/v1.3.0...v2.0.0', undefined, '2024-03-01', ['a " - " must separate the version from the date', 'the date is in parentheses', 'it is a level-1 heading; version headings use "##"']],
      ['2.0.1', undefined, 'r201', '2024-03-02', ['a " - " must separate the version from the date', 'the date is in parentheses', 'it is a level-3 heading; version headings use "##"']]
    ]);
    expect(doc.versions[0]?.categories.map((c) => c.name)).toEqual(['Commits']);
    expect(doc.versions[2]?.categories.map((c) => c.name)).toEqual(['Bug Fixes']);
    expect(doc.versions[1]?.dateSpan).toEqual({ line: 4, column: 47, endLine: 4, endColumn: 57 });
  });

  it('counts a byte-order mark in line 1 columns and accepts CRLF', () => {
    const bom = parseChangelog('\uFEFF## [Unreleased]\r\n### Added\r\n- x\r\n');
    expect(bom.versions[0]?.labelSpan).toEqual({ line: 1, column: 5, endLine: 1, endColumn: 17 });
    expect(bom.versions[0]?.categories[0]?.entries[0]?.text).toBe('x');
  });
});

describe('changelog/parse: headings other tools read differently', () => {
  it('calls a version-like label that is not SemVer "not SemVer", not "not a version"', () => {
    const [version] = parseChangelog('## [3.0.0rc1] - 2020-01-01\n').versions;
    expect(version).toMatchObject({ kind: 'release', label: '3.0.0rc1', date: '2020-01-01', headingProblems: ['"3.0.0rc1" is not SemVer (a pre-release follows a hyphen: "3.0.0-rc1")'] });
  });

  it('diagnoses "## [2.0.0]! - 2016-09-30" as a stray "!", with the date still read', () => {
    const [version] = parseChangelog('## [2.0.0]! - 2016-09-30\n').versions;
    expect(version).toMatchObject({ kind: 'release', label: '2.0.0', date: '2016-09-30', headingProblems: ['stray "!" after the version'] });
    expect(version?.dateSpan).toEqual({ line: 1, column: 15, endLine: 1, endColumn: 25 });
  });
});

describe('changelog/version', () => {
  it('orders by SemVer precedence', () => {
    expect(compareVersions('1.10.0', '1.9.0')).toBe(1);
    expect(compareVersions('v2.0.0', '2.0.0')).toBe(0);
    expect(compareVersions('1.0.0-rc.1', '1.0.0')).toBe(-1);
    expect(compareVersions('1.0.0-alpha.2', '1.0.0-alpha.10')).toBe(-1);
    expect(compareVersions('1.0.0-alpha', '1.0.0-1')).toBe(1);
    expect(compareVersions('1.2', '1.2.1')).toBe(-1);
    expect(compareVersions('x', '1.0.0')).toBeUndefined();
    expect(versionKey('V1.2.3+build.5')).toBe('1.2.3');
  });

  it('accepts only real ISO dates and converts common other forms', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-1-01')).toBe(false);
    expect(toIsoDate('2024/1/31')).toBe('2024-01-31');
    expect(toIsoDate('31.01.2024')).toBe('2024-01-31');
    expect(toIsoDate('Jan 31, 2024')).toBe('2024-01-31');
    expect(toIsoDate('31st January 2024')).toBe('2024-01-31');
    expect(toIsoDate('(2024-01-31)')).toBe('2024-01-31');
    expect(toIsoDate('2023-02-30')).toBeUndefined();
    expect(toIsoDate('01/02/2024')).toBeUndefined();
  });
});
