import { BRANCH_GLOB_OPTIONS, compileSafeGlobs, UnsafePatternError } from '../pattern/safe-regex.js';
import { shellQuote } from '../model/shell.js';
import type { Check } from '../contract/check.js';
import { RULES, type FindingOf } from '../rules/index.js';

const CHECK = 'branch';

/**
 * Compiles branch globs into one linear-time matcher (no globs: matches nothing). Throws
 * UnsafePatternError for a glob RE2 cannot run (configuration loading reports those first).
 */
export function branchMatcher(globs: readonly string[]): (branch: string) => boolean {
  return compileSafeGlobs(globs, BRANCH_GLOB_OPTIONS);
}

/** Prefix words people use for branches, and the prefixes to try instead, in order. */
const PREFIX_ALTERNATIVES: Record<string, string[]> = {
  feat: ['feat', 'feature'], feature: ['feature', 'feat'], features: ['feature', 'feat'], feats: ['feat', 'feature'],
  fix: ['fix', 'bugfix', 'hotfix'], fixes: ['fix', 'bugfix'], bugfix: ['fix', 'bugfix', 'hotfix'], bugfixes: ['fix', 'bugfix'], bug: ['fix', 'bugfix'], bugs: ['fix', 'bugfix'],
  hotfix: ['hotfix', 'fix'], hotfixes: ['hotfix', 'fix'],
  chore: ['chore'], chores: ['chore'], docs: ['docs', 'chore'], doc: ['docs', 'chore'], refactor: ['refactor', 'chore'], test: ['test', 'chore'], tests: ['test', 'chore'],
  ci: ['ci', 'chore'], build: ['build', 'chore'], deps: ['deps', 'chore'], perf: ['perf', 'chore'],
  release: ['release'], releases: ['release'], rel: ['release'], worktree: ['worktree']
};

/** Prefixes used for a name with no recognisable prefix, most likely first. */
const DEFAULT_PREFIXES = ['feat', 'feature', 'fix', 'chore'];

/**
 * The branch name follows the configured patterns (globs). Ignored names (bots, release
 * tooling) pass; with no branch (detached HEAD, a tag) nothing is checked, and a notice
 * says so when a pull request was expected to have one.
 */
export const branchCheck: Check<'branch'> = {
  id: CHECK,
  description: 'The branch under review has an allowed name.',
  rules: RULES.branch,
  needs: ['branch', 'title'],
  run({ kit, change }) {
    const config = kit.config.branch;
    const expected = change.title !== undefined;
    const raw = change.branch?.trim();
    const branch = raw?.startsWith('refs/heads/') ? raw.slice('refs/heads/'.length) : raw;
    if (!branch || branch.startsWith('refs/')) {
      if (!expected) return [];
      return [
        {
          check: CHECK,
          rule: 'name-unavailable',
          severity: 'notice',
          message: branch ? `"${branch}" is not a branch, so the branch name was not checked` : 'no branch name is known (detached HEAD), so the branch name was not checked',
          fix: 'Pass the pull request\'s head branch (the action does this from the event; on the command line use --branch <name>).'
        }
      ];
    }
    let ignored: (name: string) => boolean;
    let allowed: (name: string) => boolean;
    try {
      ignored = branchMatcher(config.ignore);
      allowed = branchMatcher(config.patterns);
    } catch (error) {
      if (!(error instanceof UnsafePatternError)) throw error;
      return [{ check: CHECK, rule: 'pattern-unsupported', severity: 'error', message: `the branch name was not checked: ${error.message}`, fix: 'Write the branch globs without negated groups or regular-expression lookaround.' }];
    }
    if (ignored(branch)) return [];
    if (config.patterns.length === 0 || allowed(branch)) return [];

    const suggested = suggestBranchName(branch, config.patterns);
    const finding: FindingOf<'branch'> = {
      check: CHECK,
      rule: 'name-invalid',
      severity: 'error',
      message: `branch "${branch}" matches none of the allowed names: ${config.patterns.join(', ')}`,
      fix: renameFix(branch, suggested, config.patterns)
    };
    return [finding];
  }
};

/**
 * A name close to `branch` that matches one of `patterns`: lower-cased (`Feature/Login` ->
 * `feature/login`), with a known prefix swapped for an allowed one (`bugfix/x` -> `fix/x`),
 * or with a prefix added (`my-feature` -> `feat/my-feature`). Undefined when none fits.
 */
export function suggestBranchName(branch: string, patterns: readonly string[]): string | undefined {
  const matches = branchMatcher(patterns);
  const clean = sanitize(branch);
  const prefixes = patternPrefixes(patterns);
  const candidates: string[] = [clean];

  const split = /^([a-z]+)[/_.-]+(.+)$/.exec(clean);
  if (split) {
    const [, head, rest] = split as unknown as [string, string, string];
    for (const alternative of PREFIX_ALTERNATIVES[head] ?? [head]) {
      for (const prefix of prefixes.filter((p) => p.word === alternative)) candidates.push(`${prefix.word}${prefix.separator}${rest}`);
    }
  }
  const hint = /\b(fix|bug|bugfix|hotfix)\b/.test(clean.replace(/[/_.-]/g, ' ')) ? ['fix', 'bugfix', ...DEFAULT_PREFIXES] : DEFAULT_PREFIXES;
  const ordered = [...prefixes].sort((a, b) => rank(a.word, hint) - rank(b.word, hint));
  for (const prefix of ordered) candidates.push(`${prefix.word}${prefix.separator}${clean}`);

  return candidates.find((c) => c !== branch && c.length > 0 && matches(c));
}

function rank(word: string, order: readonly string[]): number {
  const i = order.indexOf(word);
  return i === -1 ? order.length : i;
}

/** Literal prefixes of patterns like `feat/*`, `feat/**` or `worktree-*`. */
function patternPrefixes(patterns: readonly string[]): Array<{ word: string; separator: string }> {
  const out: Array<{ word: string; separator: string }> = [];
  for (const pattern of patterns) {
    const m = /^([A-Za-z0-9._]+(?:[-/][A-Za-z0-9._]+)*?)([/-])\*{1,2}$/.exec(pattern);
    if (m) out.push({ word: m[1] as string, separator: m[2] as string });
  }
  return out;
}

/** Lower case, characters git refuses or shells mangle replaced by `-`. */
function sanitize(branch: string): string {
  return branch
    .toLowerCase()
    .replace(/[^a-z0-9._/-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/\/{2,}/g, '/')
    .replace(/^[-/.]+|[-/.]+$/g, '');
}

function renameFix(branch: string, suggested: string | undefined, patterns: readonly string[]): string {
  const lines = [`Allowed branch names: ${patterns.join(', ')}.`];
  const target = suggested ?? '<new-name>';
  lines.push(
    `Rename the branch${suggested ? '' : ' to a name that matches one of them'}:`,
    `  git branch -m ${shellQuote(branch)} ${shellQuote(target)}`,
    `  git push origin -u ${shellQuote(target)}`,
    `  git push origin --delete ${shellQuote(branch)}   # if the old name was pushed`,
    'A pull request cannot change its head branch: open a new pull request from the renamed branch.'
  );
  return lines.join('\n');
}
