import { defineRules } from './define.js';

/** Rules of the configuration itself (`.kit-guard.yaml`, the action's `config` input): reported as errors that stop the run. */
export const CONFIG_RULES = defineRules([
  { id: 'invalid-config', severity: 'error', summary: 'The configuration does not match its schema, or names an unknown rule.', fixable: true, example: { input: '`rules: { commits/heder-too-long: off }`', message: 'rules: "commits/heder-too-long" is not a known rule (did you mean commits/header-too-long?)' } }
]);
