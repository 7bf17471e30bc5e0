import { describe, expect, it } from '@jest/globals';
import { parseCommitMessage, parseHeader, scopeParts } from '../../src/conventional/parse.js';
import { editDistance, closest } from '../../src/model/similarity.js';
import { normalizeSubject, shortenHeader, suggestHeader, suggestType } from '../../src/conventional/suggest.js';
import { SEED_COMMIT_TYPES } from '../../src/kit/config.js';

const RULES = { types: SEED_COMMIT_TYPES, scopes: [] as string[] };

describe('conventional/parse parseHeader', () => {
  it('reads type, scope, bang and subject', () => {
    expect(parseHeader('feat(api)!: drop v1 endpoints')).toEqual({ conventional: { type: 'feat', scope: 'api', bang: true, subject: 'drop v1 endpoints' } });
    expect(parseHeader('fix: crash on start')).toEqual({ conventional: { type: 'fix', bang: false, subject: 'crash on start' } });
  });

  it('keeps an empty subject as empty (a rule decides), but a missing space is not conventional', () => {
    expect(parseHeader('feat:')).toEqual({ conventional: { type: 'feat', bang: false, subject: '' } });
    expect(parseHeader('feat: ')).toEqual({ conventional: { type: 'feat', bang: false, subject: '' } });
    expect(parseHeader('feat:add x')).toEqual({ problem: 'a space must follow the ":"' });
  });

  it('explains headers that are not conventional', () => {
    expect(parseHeader('Added login page')).toEqual({ problem: 'the header has no "type: " prefix' });
    expect(parseHeader('feat (api): x')).toEqual({ problem: 'the header does not have the form "type(scope): subject"' });
    expect(parseHeader('feat(): x')).toEqual({ problem: 'the scope in "()" is empty' });
    expect(parseHeader('')).toEqual({ problem: 'the header is empty' });
  });

  it('splits multiple scopes on commitlint delimiters', () => {
    expect(scopeParts('api, ui/core')).toEqual(['api', 'ui', 'core']);
  });
});

describe('conventional/parse parseCommitMessage', () => {
  it('separates body and footers, joining continuation lines', () => {
    const parsed = parseCommitMessage('feat: x\n\nThe body\nspans lines.\n\nRefs #12\nReviewed-by: Ann\n  and Bob');
    expect(parsed.body).toBe('The body\nspans lines.');
    expect(parsed.footers).toEqual([
      { token: 'Refs', separator: ' #', value: '12', line: 6 },
      { token: 'Reviewed-by', separator: ': ', value: 'Ann\n  and Bob', line: 7 }
    ]);
    expect(parsed.breaking).toBe(false);
  });

  it('detects breaking changes from "!" and from both footer spellings', () => {
    expect(parseCommitMessage('feat!: x').breaking).toBe(true);
    const footer = parseCommitMessage('feat: x\n\nBREAKING CHANGE: config moved');
    expect(footer.breaking).toBe(true);
    expect(footer.breakingDescription).toBe('config moved');
    expect(footer.malformedBreaking).toEqual([]);
    expect(parseCommitMessage('fix: y\n\nbody\n\nBREAKING-CHANGE: gone').breaking).toBe(true);
  });

  it('reports breaking-change footers that tools would not see', () => {
    const parsed = parseCommitMessage('feat: x\n\nbreaking change: config moved');
    expect(parsed.breaking).toBe(false);
    expect(parsed.malformedBreaking).toEqual([
      { line: 3, text: 'breaking change: config moved', reason: 'must be spelled "BREAKING CHANGE:" (upper case, singular), not "breaking change:"', corrected: 'BREAKING CHANGE: config moved' }
    ]);
    expect(parseCommitMessage('feat: x\n\nBREAKING CHANGES: a').malformedBreaking[0]?.reason).toContain('not "BREAKING CHANGES:"');
    expect(parseCommitMessage('feat: x\n\nBREAKING CHANGE:a').malformedBreaking[0]?.reason).toBe('needs a space after ":"');
    expect(parseCommitMessage('feat: x\n\nBREAKING CHANGE:').malformedBreaking[0]?.reason).toBe('has no description');
  });

  it('handles CRLF messages', () => {
    const parsed = parseCommitMessage('fix: a\r\n\r\nBREAKING CHANGE: b\r\n');
    expect(parsed.header).toBe('fix: a');
    expect(parsed.breaking).toBe(true);
  });
});

describe('conventional/suggest', () => {
  it('proposes corrected headers', () => {
    expect(suggestHeader('Added login page', RULES)).toBe('feat: add login page');
    expect(suggestHeader('Fix: crash on start', RULES)).toBe('fix: crash on start');
    expect(suggestHeader('feature(api): x', RULES)).toBe('feat(api): x');
    expect(suggestHeader('feat:add x', RULES)).toBe('feat: add x');
    expect(suggestHeader('feat (api): x', RULES)).toBe('feat(api): x');
    expect(suggestHeader('[FEAT] New dashboard.', RULES)).toBe('feat: new dashboard');
    expect(suggestHeader('Fixed crash when the API is down', RULES)).toBe('fix: crash when the API is down');
    expect(suggestHeader('Update README', RULES)).toBe('docs: update README');
    expect(suggestHeader('WIP', RULES)).toBe('chore: WIP');
    expect(suggestHeader('feat:', RULES)).toBe('feat: <describe the change>');
  });

  it('finds the closest type by case, synonym or spelling', () => {
    expect(suggestType('Feat', SEED_COMMIT_TYPES)).toBe('feat');
    expect(suggestType('bugfix', SEED_COMMIT_TYPES)).toBe('fix');
    expect(suggestType('feture', SEED_COMMIT_TYPES)).toBe('feat');
    expect(suggestType('chroe', SEED_COMMIT_TYPES)).toBe('chore');
    expect(suggestType('zzz', SEED_COMMIT_TYPES)).toBeUndefined();
  });

  it('keeps the case of acronyms and names', () => {
    expect(normalizeSubject('API keys rotate.')).toBe('API keys rotate');
    expect(normalizeSubject('GitHub login')).toBe('GitHub login');
    expect(normalizeSubject('Login page')).toBe('login page');
  });

  it('shortens at a word boundary', () => {
    expect(shortenHeader('feat: add a very long subject line here', 24)).toEqual({ header: 'feat: add a very long', rest: 'subject line here' });
  });
});

describe('conventional/similarity', () => {
  it('counts swaps of neighbours as one edit', () => {
    expect(editDistance('chore', 'chroe')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(closest('Fixd', ['Added', 'Fixed'])).toBe('Fixed');
    expect(closest('Zebra', ['Added', 'Fixed'])).toBeUndefined();
  });
});
