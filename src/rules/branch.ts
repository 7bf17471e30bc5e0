import { defineRules } from './define.js';

export const BRANCH_RULES = defineRules([
  { id: 'name-invalid', severity: 'error', summary: 'The branch name matches none of the allowed patterns (branch.allowed).', fixable: true, example: { input: 'branch `my-work`', message: 'branch "my-work" matches none of the allowed names: main, develop, feat/*, ...' } },
  { id: 'name-unavailable', severity: 'warning', summary: 'The branch name could not be determined (detached HEAD and none given), so it was not checked.', fixable: false, example: { input: 'a detached HEAD in a pull request run', message: 'the branch name is unknown, so it was not checked' } }
]);
