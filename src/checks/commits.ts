import { AUTHOR_GLOB_OPTIONS, compileSafeGlobs } from '../pattern/safe-regex.js';
import type { CommitsConfig } from '../kit/config.js';
import { parseCommitMessage, scopeParts, type ParsedCommitMessage } from '../conventional/parse.js';
import { shortenHeader, suggestHeader, suggestScope, suggestType } from '../conventional/suggest.js';
import type { Check, CommitInfo } from '../contract/check.js';
import { append } from '../model/append.js';
import { RULES, type FindingOf, type RuleOf } from '../rules/index.js';

const CHECK = 'commits';

/** What is being checked: a commit of the range, or the pull request title. */
type Subject =
  | { kind: 'commit'; commit: CommitInfo; isHead: boolean }
  | { kind: 'title' };

/**
 * Commit messages (every commit of base..head) and the pull request title follow
 * Conventional Commits with the configured types and scopes. Merge commits, bot authors
 * and configured subject prefixes are skipped. Each finding proposes the corrected header.
 */
export const commitsCheck: Check<'commits'> = {
  id: CHECK,
  description: 'Commit messages and the pull request title follow Conventional Commits (type(scope)!: subject).',
  rules: RULES.commits,
  needs: ['range', 'title'],
  run({ kit, change }) {
    const config = kit.config.commits;
    const findings: FindingOf<'commits'>[] = [];
    const commits = change.commits ?? [];
    const isIgnoredAuthor = authorMatcher(config.ignoreAuthors);
    const lastSha = commits[commits.length - 1]?.sha;
    for (const commit of commits) {
      if (commit.parents.length >= 2) continue;
      if (isIgnoredAuthor(commit.authorName, commit.authorEmail)) continue;
      if (hasIgnoredPrefix(commit.subject, config)) continue;
      append(findings, checkMessage(commit.message, config, { kind: 'commit', commit, isHead: commit.sha === lastSha }));
    }
    if (config.checkTitle && change.title !== undefined && !hasIgnoredPrefix(change.title, config) && !madeByBot(commits, isIgnoredAuthor)) {
      append(findings, checkMessage(change.title, config, { kind: 'title' }));
    }
    return findings;
  }
};

/** Author globs match the name or the e-mail address, case-insensitively; `[`/`]` are literal (`dependabot[bot]`). */
export function authorMatcher(globs: readonly string[]): (name: string, email: string) => boolean {
  if (globs.length === 0) return () => false;
  const match = compileSafeGlobs(globs, AUTHOR_GLOB_OPTIONS);
  return (name, email) => match(name) || match(email);
}

function hasIgnoredPrefix(subject: string, config: CommitsConfig): boolean {
  return config.ignoreSubjectPrefixes.some((prefix) => prefix !== '' && subject.startsWith(prefix));
}

/** A pull request whose every commit is by an ignored author (a bot) keeps the bot's title format. */
function madeByBot(commits: readonly CommitInfo[], isIgnoredAuthor: (name: string, email: string) => boolean): boolean {
  const own = commits.filter((c) => c.parents.length < 2);
  return own.length > 0 && own.every((c) => isIgnoredAuthor(c.authorName, c.authorEmail));
}

/** Checks one message (a commit's or the title) and returns its findings. */
export function checkMessage(message: string, config: CommitsConfig, subject: Subject): FindingOf<'commits'>[] {
  const parsed = parseCommitMessage(message);
  const findings: FindingOf<'commits'>[] = [];
  let suggestion: string | undefined;
  // only messages with a problem pay for a proposal
  const corrected = (): string => (suggestion ??= suggestHeader(parsed.header, config));
  const add = (rule: RuleOf<'commits'>, problem: string, proposal: string | undefined): void => {
    findings.push({ check: CHECK, rule: subject.kind === 'title' ? 'title-invalid' : rule, severity: 'error', message: `${describe(subject, parsed)}: ${problem}`, fix: fixText(subject, proposal) });
  };

  const header = parsed.conventional;
  if (!header) {
    add('header-invalid', `${parsed.headerProblem ?? 'the header is not conventional'}; expected "type(scope): subject" with type one of ${config.types.join(', ')}`, `Reword it to: ${corrected()}`);
    return findings;
  }
  // Conventional Commits 1.0.0: types are not case-sensitive (`Feat:` is `feat:`)
  if (!config.types.some((type) => type.toLowerCase() === header.type.toLowerCase())) {
    const near = suggestType(header.type, config.types);
    add(
      'type-unknown',
      `type "${header.type}" is not allowed (allowed: ${config.types.join(', ')})`,
      near ? `Reword it to: ${corrected()}` : `Use one of the allowed types, e.g.: ${corrected()}`
    );
  }
  if (header.scope !== undefined && config.scopes.length > 0) {
    const unknown = scopeParts(header.scope).filter((s) => !config.scopes.includes(s));
    if (unknown.length) {
      const near = unknown.map((s) => suggestScope(s, config.scopes));
      add(
        'scope-unknown',
        `scope${unknown.length > 1 ? 's' : ''} ${unknown.map((s) => `"${s}"`).join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not allowed (allowed: ${config.scopes.join(', ')})`,
        `${near.every(Boolean) ? 'Reword it to' : 'Use an allowed scope or none, e.g.'}: ${corrected()}`
      );
    }
  }
  if (header.subject === '') {
    add('subject-empty', 'the subject after ":" is empty', `Say what the change does after the type, e.g.: ${corrected()}`);
  }
  if (config.maxHeaderLength > 0 && parsed.header.length > config.maxHeaderLength) {
    const short = shortenHeader(corrected(), config.maxHeaderLength);
    add(
      'header-too-long',
      `the header is ${parsed.header.length} characters long; at most ${config.maxHeaderLength} are allowed`,
      `Shorten it, e.g.: ${short.header}${short.rest ? `\nand move the rest ("${short.rest}") to the message body` : ''}`
    );
  }
  if (parsed.bodyWithoutBlankLine) {
    add('body-leading-blank', 'line 2 is not blank: the body must be separated from the header by a blank line, or parsers read it as part of the header', `Insert a blank line after the header:\n${parsed.header}\n\n${message.replace(/\r\n?/g, '\n').split('\n')[1]?.trim() ?? ''}`);
  }
  for (const bad of parsed.malformedBreaking) {
    add(
      'breaking-footer-invalid',
      `line ${bad.line} "${bad.text.trim()}" ${bad.reason}`,
      `Write the footer as: ${bad.corrected}\n(after a blank line, at the end of the message; or mark the header with "!", e.g. ${header.type}${header.scope ? `(${header.scope})` : ''}!: ${header.subject || '...'})`
    );
  }
  return findings;
}

function describe(subject: Subject, parsed: ParsedCommitMessage): string {
  if (subject.kind === 'title') return `pull request title "${parsed.header}"`;
  return `commit ${subject.commit.sha.slice(0, 7)} "${parsed.header}"`;
}

/** The proposal plus how to apply it: edit the title, amend the last commit, or reword an older one. */
function fixText(subject: Subject, proposal: string | undefined): string {
  const lines = proposal ? [subject.kind === 'title' ? proposal.replace(/^Reword it to:/, 'Change the title to:') : proposal] : [];
  if (subject.kind === 'title') {
    lines.push('Edit the pull request title (it becomes the commit message when the pull request is squash-merged), then re-run the check.');
  } else if (subject.isHead) {
    lines.push('It is the last commit: run `git commit --amend` to reword it, then `git push --force-with-lease`.');
  } else {
    const short = subject.commit.sha.slice(0, 7);
    const from = subject.commit.parents.length === 0 ? '--root' : `${short}^`;
    lines.push(
      `It is an older commit: run \`git rebase -i ${from}\`, change \`pick\` to \`reword\` on ${short}, save the new message, then \`git push --force-with-lease\`.` +
        ' (If the pull request is squash-merged, a correct pull request title is enough.)'
    );
  }
  return lines.join('\n');
}
