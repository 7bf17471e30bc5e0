import { RULES, RULE_CHECK_IDS, ruleAnchor, type RuleCheckId } from './index.js';
import type { RuleSpec } from '../model/rule.js';

const CHECK_TITLES: Record<RuleCheckId, string> = {
  schema: 'schema: the manifest, hooks, skills, examples and mappings',
  'doc-truth': 'doc-truth: links, fragments and claims in the docs',
  changelog: 'changelog: Keep a Changelog, and entries for the change',
  commits: 'commits: Conventional Commits in the range and the pull request title',
  branch: 'branch: the branch name',
  export: 'export: host exports are fresh (optional check)',
  config: 'config: the configuration itself'
};

/** Escapes a value for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * docs/rules.md, generated from the registry (src/rules/): one section per rule, with its
 * default severity, whether its fix is machine-applicable, and an example. Regenerate with
 * `npm run docs:rules`; a test fails when the file is stale.
 */
export function renderRulesDoc(): string {
  const out: string[] = [
    '# Rules',
    '',
    '<!-- Generated from src/rules/ by `npm run docs:rules`; do not edit by hand. -->',
    '',
    'Every finding names its rule as `check/rule`. Set a rule\'s severity, or turn it off, in `.kit-guard.yaml`:',
    '',
    '```yaml',
    'rules:',
    '  commits/header-too-long: warning',
    '  doc-truth/line-anchor-in-markdown: off',
    '  branch: off            # a whole check',
    '```',
    '',
    'A key that names no check or rule is a configuration error that proposes the nearest known id.',
    '"Machine fix" means the finding\'s `fix` is a corrected value or exact change, not advice. "Auto-fix" means the finding carries machine edits where the fix is unambiguous, which `kit-guard check --fix` applies (and `--fix-dry-run` prints as a diff). Example messages are abridged.',
    ''
  ];
  for (const check of RULE_CHECK_IDS) {
    out.push(`## ${CHECK_TITLES[check]}`, '', '| Rule | Severity | Machine fix | Auto-fix | Summary |', '| --- | --- | --- | --- | --- |');
    for (const rule of RULES[check] as readonly RuleSpec[]) out.push(`| [\`${check}/${rule.id}\`](#${ruleAnchor(check, rule.id)}) | ${rule.severity} | ${rule.fixable ? 'yes' : 'no'} | ${rule.autofix ? 'yes' : 'no'} | ${cell(rule.summary)} |`);
    out.push('');
    for (const rule of RULES[check] as readonly RuleSpec[]) {
      out.push(`### ${ruleAnchor(check, rule.id)}`, '', `\`${check}/${rule.id}\` (default: ${rule.severity}${rule.fixable ? ', machine fix' : ''}${rule.autofix ? ', auto-fix' : ''}): ${rule.summary}`, '');
      out.push(`Example: ${rule.example.input}`, '', `> ${rule.example.message}`, '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
