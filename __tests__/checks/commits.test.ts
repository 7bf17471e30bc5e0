import { afterAll, describe, expect, it } from '@jest/globals';
import { commitsCheck } from '../../src/checks/commits.js';
import type { ChangeContext } from '../../src/model/change.js';
import { collectChange } from '../../src/git/change.js';
import { loadKit, type Kit } from '../../src/kit/load.js';
import type { Finding } from '../../src/model/finding.js';
import { cleanupRepos, makeRepo, type TestRepo } from '../helpers/git-repo.js';

afterAll(cleanupRepos);

const BOT = { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' };

/** A repo whose branch `feat/x` (from main) holds the given commits. */
function branchRepo(config?: string): TestRepo {
  const repo = makeRepo({ files: { 'README.md': '# kit\n', ...(config ? { '.kit-guard.yaml': config } : {}) } });
  repo.git('checkout', '-q', '-b', 'feat/x');
  return repo;
}

async function check(repo: TestRepo, options: { title?: string } = {}): Promise<{ findings: Finding[]; change: ChangeContext; kit: Kit }> {
  const kit = loadKit(repo.dir);
  const change = await collectChange(kit, options, []);
  expect(change.problems).toBeUndefined();
  return { findings: await commitsCheck.run({ kit, change }), change, kit };
}

/** The fields every failing case pins down: commit findings have no file or position. */
function where(findings: Finding[]): Array<Pick<Finding, 'check' | 'rule' | 'severity' | 'file' | 'line' | 'column'>> {
  return findings.map(({ check, rule, severity, file, line, column }) => ({ check, rule, severity, file, line, column }));
}
const at = (rule: string) => ({ check: 'commits', rule, severity: 'error', file: undefined, line: undefined, column: undefined });

describe('checks/commits passing ranges', () => {
  it('passes conventional commits, merges, bots, "!" and BREAKING CHANGE footers', async () => {
    const repo = branchRepo();
    repo.commit('feat(api)!: drop the v1 endpoints');
    repo.commit('fix: handle empty input\n\nLonger explanation.\n\nBREAKING CHANGE: empty input now throws');
    repo.commit('refactor: split parser\n\nBREAKING-CHANGE: parse() moved');
    repo.commit('Bump lodash from 4.17.20 to 4.17.21', {}, BOT);
    repo.git('checkout', '-q', '-b', 'side');
    repo.commit('docs: side note', { 'side.md': 's' });
    repo.git('checkout', '-q', 'feat/x');
    repo.commit('test: cover parser', { 't.md': 't' });
    repo.git('merge', '-q', '--no-ff', '-m', 'Integrate the side work', 'side');
    repo.commit('Revert "feat(api)!: drop the v1 endpoints"');
    const { findings, change } = await check(repo, { title: 'feat(api)!: drop the v1 endpoints' });
    expect(change.commits?.length).toBe(8);
    expect(change.commits?.some((c) => c.parents.length === 2)).toBe(true);
    expect(findings).toEqual([]);
  });

  it('skips the title of a pull request whose commits are all by bots', async () => {
    const repo = branchRepo();
    repo.commit('Bump lodash from 4.17.20 to 4.17.21', {}, BOT);
    const { findings } = await check(repo, { title: 'Bump lodash from 4.17.20 to 4.17.21' });
    expect(findings).toEqual([]);
  });

  it('does not mistake "[bot]" in a glob for a character class', async () => {
    const repo = branchRepo();
    repo.commit('Added login page', {}, { name: 'Scott', email: 'scott@example.test' });
    const { findings } = await check(repo);
    expect(where(findings)).toEqual([at('header-invalid')]);
  });
});

describe('checks/commits rules', () => {
  it('header-invalid: proposes the corrected subject and how to reword an older commit', async () => {
    const repo = branchRepo();
    const bad = repo.commit('Added login page');
    repo.commit('feat: later work');
    const { findings } = await check(repo);
    expect(where(findings)).toEqual([at('header-invalid')]);
    const short = bad.slice(0, 7);
    expect(findings[0]?.message).toBe(
      `commit ${short} "Added login page": the header has no "type: " prefix; expected "type(scope): subject" with type one of feat, fix, docs, chore, refactor, test, ci, perf, build`
    );
    expect(findings[0]?.fix).toBe(
      `Reword it to: feat: add login page\nIt is an older commit: run \`git rebase -i ${short}^\`, change \`pick\` to \`reword\` on ${short}, save the new message, then \`git push --force-with-lease\`. (If the pull request is squash-merged, a correct pull request title is enough.)`
    );
  });

  it('header-invalid: the last commit is amended', async () => {
    const repo = branchRepo();
    repo.commit('feat:add search');
    const { findings } = await check(repo);
    expect(where(findings)).toEqual([at('header-invalid')]);
    expect(findings[0]?.fix).toBe('Reword it to: feat: add search\nIt is the last commit: run `git commit --amend` to reword it, then `git push --force-with-lease`.');
  });

  it('type-unknown: proposes the closest allowed type', async () => {
    const repo = branchRepo();
    repo.commit('feature(api): x');
    repo.commit('Fix: crash on start');
    const { findings } = await check(repo);
    expect(where(findings)).toEqual([at('type-unknown'), at('type-unknown')]);
    expect(findings[0]?.message).toMatch(/^commit [0-9a-f]{7} "feature\(api\): x": type "feature" is not allowed \(allowed: feat, fix, docs, chore, refactor, test, ci, perf, build\)$/);
    expect(findings.map((f) => f.fix?.split('\n')[0])).toEqual(['Reword it to: feat(api): x', 'Reword it to: fix: crash on start']);
  });

  it('type-unknown: passes configured extra types', async () => {
    const repo = branchRepo('commits:\n  types: [feat, fix, style]\n');
    repo.commit('style: format');
    expect((await check(repo)).findings).toEqual([]);
  });

  it('scope-unknown: only when scopes are configured, proposing the closest', async () => {
    const repo = branchRepo('commits:\n  scopes: [api, ui]\n');
    repo.commit('feat(apu): x');
    repo.commit('fix(ui,api): y');
    const { findings } = await check(repo);
    expect(where(findings)).toEqual([at('scope-unknown')]);
    expect(findings[0]?.message).toMatch(/"feat\(apu\): x": scope "apu" is not allowed \(allowed: api, ui\)$/);
    expect(findings[0]?.fix?.split('\n')[0]).toBe('Reword it to: feat(api): x');

    const open = branchRepo();
    open.commit('feat(anything): x');
    expect((await check(open)).findings).toEqual([]);
  });

  it('subject-empty', async () => {
    const repo = branchRepo();
    repo.commit('fix:');
    const { findings } = await check(repo);
    expect(where(findings)).toEqual([at('subject-empty')]);
    expect(findings[0]?.fix?.split('\n')[0]).toBe('Say what the change does after the type, e.g.: fix: <describe the change>');
  });

  it('header-too-long: only when a maximum is set', async () => {
    const repo = branchRepo('commits:\n  maxHeaderLength: 30\n');
    repo.commit('feat: add a search box to the top bar');
    repo.commit('feat: short one');
    const { findings } = await check(repo);
    expect(where(findings)).toEqual([at('header-too-long')]);
    expect(findings[0]?.message).toMatch(/: the header is 37 characters long; at most 30 are allowed$/);
    expect(findings[0]?.fix?.split('\n').slice(0, 2)).toEqual(['Shorten it, e.g.: feat: add a search box to the', 'and move the rest ("top bar") to the message body']);
  });

  it('breaking-footer-invalid: a lowercase footer tools would not see', async () => {
    const repo = branchRepo();
    repo.commit('feat: new config\n\nbreaking change: the config file moved');
    const { findings } = await check(repo);
    expect(where(findings)).toEqual([at('breaking-footer-invalid')]);
    expect(findings[0]?.message).toMatch(/: line 3 "breaking change: the config file moved" must be spelled "BREAKING CHANGE:" \(upper case, singular\), not "breaking change:", so tools do not see the breaking change$/);
    expect(findings[0]?.fix?.split('\n')[0]).toBe('Write the footer as: BREAKING CHANGE: the config file moved');
  });

  it('title-invalid: the pull request title by the same rules', async () => {
    const repo = branchRepo();
    repo.commit('feat: add login page');
    const { findings } = await check(repo, { title: 'Added login page' });
    expect(where(findings)).toEqual([at('title-invalid')]);
    expect(findings[0]?.message).toBe('pull request title "Added login page": the header has no "type: " prefix; expected "type(scope): subject" with type one of feat, fix, docs, chore, refactor, test, ci, perf, build');
    expect(findings[0]?.fix).toBe('Change the title to: feat: add login page\nEdit the pull request title (it becomes the commit message when the pull request is squash-merged), then re-run the check.');

    const typed = await check(repo, { title: 'feature: add login page' });
    expect(where(typed.findings)).toEqual([at('title-invalid')]);
    expect(typed.findings[0]?.fix?.split('\n')[0]).toBe('Change the title to: feat: add login page');
  });

  it('title-invalid: not checked when checkTitle is off', async () => {
    const repo = branchRepo('commits:\n  checkTitle: false\n');
    repo.commit('feat: add login page');
    expect((await check(repo, { title: 'Added login page' })).findings).toEqual([]);
  });

  it('a root commit is reworded with --root', async () => {
    const repo = makeRepo();
    repo.commit('Initial commit', { a: '1' });
    const kit = loadKit(repo.dir);
    // a repository's first push: the range starts before the root commit
    const root = repo.git('rev-list', '--max-parents=0', 'HEAD');
    const later = repo.commit('feat: more', { b: '1' });
    const commits = [
      { sha: root, parents: [], subject: 'Initial commit', message: 'Initial commit', authorName: 'Test Author', authorEmail: 'author@example.test' },
      { sha: later, parents: [root], subject: 'feat: more', message: 'feat: more', authorName: 'Test Author', authorEmail: 'author@example.test' }
    ];
    const findings = await commitsCheck.run({ kit, change: { commits } });
    expect(where(findings)).toEqual([at('header-invalid')]);
    expect(findings[0]?.fix).toContain(`run \`git rebase -i --root\`, change \`pick\` to \`reword\` on ${root.slice(0, 7)}`);
  });
});
