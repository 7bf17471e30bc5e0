import { defineRules } from './define.js';

export const COMMITS_RULES = defineRules([
  { id: 'header-invalid', severity: 'error', summary: 'A commit header is not a Conventional Commits header (`type(scope): subject`).', fixable: true, example: { input: 'commit `Added the thing`', message: 'commit abc1234 "Added the thing": the header is not `type(scope): subject`' } },
  { id: 'type-unknown', severity: 'error', summary: 'A commit type is not one of commits.types.', fixable: true, example: { input: 'commit `feture: add x`', message: 'commit abc1234: type "feture" is not allowed (did you mean feat?)' } },
  { id: 'scope-unknown', severity: 'error', summary: 'A commit scope is not one of commits.scopes (when scopes are configured).', fixable: true, example: { input: 'commit `fix(exprot): ...`', message: 'commit abc1234: scope "exprot" is not allowed' } },
  { id: 'subject-empty', severity: 'error', summary: 'A commit header has nothing after `type:`.', fixable: false, example: { input: 'commit `fix: `', message: 'commit abc1234: the subject is empty' } },
  { id: 'header-too-long', severity: 'error', summary: 'A commit header is longer than commits.headerMaxLength.', fixable: true, example: { input: 'a 120-character header', message: 'commit abc1234: the header is 120 characters, more than 100' } },
  { id: 'breaking-footer-invalid', severity: 'error', summary: 'A `BREAKING CHANGE` footer is malformed or empty.', fixable: true, example: { input: 'footer `BREAKING CHANGE:` with no text', message: 'commit abc1234: the BREAKING CHANGE footer has no description' } },
  { id: 'title-invalid', severity: 'error', summary: 'The pull request title is not a valid Conventional Commits header (it becomes the squash commit).', fixable: true, example: { input: 'title `Update stuff`', message: 'the pull request title "Update stuff": the header is not `type(scope): subject`' } },
  { id: 'range-unavailable', severity: 'error', summary: 'The commit range could not be read (unknown base, shallow clone, no git), so range rules did not run.', fixable: false, example: { input: '`--base nope`', message: 'base revision "nope" is not a known commit, so commits and changelog changes could not be checked' } }
]);
