import { describe, expect, it } from '@jest/globals';
import picomatch from 'picomatch';
import { defaultConfig } from '../../src/kit/config.js';
import { ajvRegExp, compileSafeGlob, compileSafeRegex, UnsafePatternError } from '../../src/pattern/safe-regex.js';

const HOSTILE = `${'a'.repeat(30)}!`;

describe('pattern/safe-regex', () => {
  it('runs a catastrophic pattern in linear time', () => {
    const started = Date.now();
    expect(compileSafeRegex('^(a+)+$').test(HOSTILE)).toBe(false);
    expect(compileSafeRegex('^(a+)+$').test('a'.repeat(100_000) + '!')).toBe(false);
    expect(ajvRegExp('^(a|aa)+$', 'u').test('a'.repeat(5000) + 'b')).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('matches like RegExp on ordinary ECMAScript patterns', () => {
    const cases: Array<[string, string, string[]]> = [
      ['^[a-z][a-z0-9-]*$', '', ['abc', 'a-1', '1a', 'A', '']],
      ['^\\u00e9+$', 'u', ['éé', 'e']],
      ['^x\\/y$', '', ['x/y', 'xy']],
      ['^(?<name>[A-Z]+)-\\d{2,}$', '', ['AB-12', 'AB-1', 'ab-12']],
      ['colou?r', 'i', ['COLOR', 'colour', 'clr']]
    ];
    for (const [source, flags, inputs] of cases) {
      const safe = compileSafeRegex(source, flags);
      for (const input of inputs) expect([source, input, safe.test(input)]).toEqual([source, input, new RegExp(source, flags).test(input)]);
    }
  });

  it('refuses backreferences and lookaround with a reason', () => {
    expect(() => compileSafeRegex('(a)\\1')).toThrow(/backreferences are not supported/);
    expect(() => compileSafeRegex('^(?!foo)')).toThrow(/lookahead and lookbehind are not supported/);
    expect(() => compileSafeRegex('(?<=a)b')).toThrow(UnsafePatternError);
  });

  it('matches every configured glob as picomatch does, without its lookarounds', () => {
    const config = defaultConfig();
    const globs = [...config.branch.patterns, ...config.branch.ignore, ...config.docTruth.docs, ...config.docTruth.exclude, ...config.commits.ignoreAuthors, ...config.changelog.requireEntriesBranches, '*.md', '**/*.md', 'a/{b,c}/*.md', 'release/v[0-9]*', '@(a|b)', '+(ab)', '(a+)+$'];
    const inputs = ['main', 'feat/x', 'feat/a/b', 'worktree-x', 'dependabot/npm/x', 'README.md', 'docs/a.md', 'docs/plans/x.md', 'docs/x/plans/y.md', 'dependabot[bot]', 'Renovate[bot]', 'x@users.noreply.github.com[bot]', '.github/x.md', 'a/b/c.md', 'release/v1', 'ab', 'a', 'abab', 'aaa$', 'aaaaaaaaa!'];
    const optionSets = [{ bash: true, dot: true }, { dot: true }, { literalBrackets: true, nocase: true, dot: true, bash: true }];
    for (const glob of globs) {
      for (const options of optionSets) {
        const safe = compileSafeGlob(glob, options);
        const reference = picomatch(glob, options);
        for (const input of inputs) expect([glob, options, input, safe(input)]).toEqual([glob, options, input, reference(input)]);
      }
    }
  });

  it('refuses a negated extglob it cannot run on RE2', () => {
    expect(() => compileSafeGlob('!(foo)', { dot: true })).toThrow(/negated patterns/);
  });
});
