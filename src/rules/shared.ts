import { defineRules } from './define.js';

/** Rules several checks report under their own id (a file they read could not be parsed, a check crashed). */
export const SHARED_RULES = defineRules([
  { id: 'parse-error', severity: 'error', summary: 'A YAML or JSON file does not parse.', fixable: false, example: { input: 'hooks/x.yaml: `trigger: [a`', message: 'hooks/x.yaml does not parse: flow sequence is not closed' } },
  { id: 'front-matter-invalid', severity: 'error', summary: 'A Markdown file\'s front matter is not a closed, parseable YAML mapping.', fixable: false, example: { input: '`---` with no closing `---`', message: 'the front matter of roles/a.md is not closed' } },
  { id: 'internal-error', severity: 'error', summary: 'The check itself failed; a bug in kit-guard, reported so the other checks still count.', fixable: false, example: { input: 'any input that makes a check throw', message: 'the schema check failed unexpectedly: ...' } }
]);
