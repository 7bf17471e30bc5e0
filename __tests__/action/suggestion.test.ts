import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildExports } from '../../src/export/write.js';
import { loadKit } from '../../src/kit/load.js';
import { cleanupRepos, fixturePath, makeRepo, type TestRepo } from '../helpers/git-repo.js';
import { BOT, GitHubStandin, type StandinPull } from '../helpers/github-standin.js';
import { cleanupRunners, pullFromRepo, pullRequestPayload, runActionAsync, STANDIN_TOKEN as TOKEN, type ActionRun } from './harness.js';

// End-to-end: dist/index.js under Node 24, a real git repository at the event's head, a real
// pull_request payload and the loopback GitHub stand-in (every request checked against
// @octokit/openapi). A machine fix on the diff's lines becomes a suggestion block that,
// applied as GitHub applies it, makes the next run clean; a fix outside the diff becomes
// a patch in the summary comment that `git apply` takes.

const MARKER = '<!-- kit-guard:summary -->';
let api: GitHubStandin;

beforeAll(async () => {
  api = await new GitHubStandin().start();
});

afterAll(async () => {
  await api.stop();
  cleanupRepos();
  cleanupRunners();
});


function run(repo: TestRepo, pull: StandinPull, inputs: Record<string, string> = { checks: 'changelog' }): Promise<ActionRun> {
  const payload = pullRequestPayload({ baseSha: pull.baseSha, headSha: pull.headSha, headRef: pull.headRef, title: pull.title }) as { number: number; pull_request: { number: number } };
  payload.number = pull.number;
  payload.pull_request.number = pull.number;
  return runActionAsync({ workspace: repo.dir, api: api.url, token: TOKEN, inputs, payload: payload as unknown as Record<string, unknown>, eventName: 'pull_request' });
}

const LINKS = ['[Unreleased]: https://github.com/o/r/compare/v1.0.0...HEAD', '[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0', ''];
const summaries = (issue: number) => api.issueComments.filter((c) => c.issue === issue && c.user.login === BOT.login && c.body.includes(MARKER));
const inlineOf = (pull: number) => api.reviewComments.filter((c) => c.pull === pull && c.user.login === BOT.login);

/** The content of the one suggestion block in a comment body (its fence may be longer than three backticks). */
function suggestionIn(body: string): string {
  const m = /^(`{3,})suggestion\n([\s\S]*?)^\1$/m.exec(body);
  if (!m) throw new Error(`no suggestion block in:\n${body}`);
  return m[2]!.replace(/\n$/, '');
}

/** Applies a suggestion as GitHub's "Commit suggestion" does: the file at the head with lines start_line..line replaced. */
function applySuggestion(text: string, comment: { line: number; start_line?: number; body: string }): string {
  const lines = text.split('\n');
  const start = comment.start_line ?? comment.line;
  const block = suggestionIn(comment.body);
  lines.splice(start - 1, comment.line - start + 1, ...(block === '' ? [] : block.split('\n')));
  return lines.join('\n');
}

describe('action suggests machine fixes (dist/index.js, loopback GitHub)', () => {
  it('a fix on the diff is a suggestion block; applied as GitHub applies it, the next run is clean', async () => {
    const base = ['# Changelog', '', '## [Unreleased]', '', '### Added', '- Login page', '', '## [1.0.0] - 2024-01-31', '', '### Added', '- First release', '', ...LINKS];
    const repo = makeRepo({ files: { 'README.md': '# Kit\n', 'CHANGELOG.md': base.join('\n') } });
    const baseSha = repo.git('rev-parse', 'HEAD');
    repo.git('checkout', '-q', '-b', 'docs/changelog');
    const head = [...base.slice(0, 7), '### fixed', '- Crash on start', '', ...base.slice(7)];
    repo.commit('docs: note the crash fix', { 'CHANGELOG.md': head.join('\n') });
    let pull = pullFromRepo(repo, 31, baseSha, 'docs: note the crash fix', 'docs/changelog');
    api.addPull(pull);

    const first = await run(repo, pull);
    expect(first.stderr).toBe('');
    expect(api.violations).toEqual([]);
    expect(first.outputs).toMatchObject({ findings: '1', errors: '1' });
    const [comment] = inlineOf(31);
    expect(inlineOf(31)).toHaveLength(1);
    expect(comment).toMatchObject({ path: 'CHANGELOG.md', line: 8 });
    expect(comment!.start_line).toBeUndefined();
    expect(comment!.body).toContain('**Suggested change**');
    expect(suggestionIn(comment!.body)).toBe('### Fixed');
    // the fix is suggested inline, so the summary comment has no patch for it
    expect(summaries(31)[0]!.body).not.toContain('Fixes to apply');
    // the job summary carries every fix of the run as a patch
    expect(first.summary).toContain('### Fixes to apply');
    expect(first.summary).toContain('+### Fixed');

    // "Commit suggestion": the file at the head commit with the comment's lines replaced by the block
    const atHead = repo.git('show', `${pull.headSha}:CHANGELOG.md`);
    const applied = applySuggestion(`${atHead}\n`, comment!);
    expect(applied).toBe(head.join('\n').replace('### fixed', '### Fixed'));
    repo.commit('Update CHANGELOG.md', { 'CHANGELOG.md': applied });
    pull = pullFromRepo(repo, 31, baseSha, 'docs: note the crash fix', 'docs/changelog');
    api.addPull(pull);

    const second = await run(repo, pull);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(api.violations).toEqual([]);
    expect(second.outputs).toMatchObject({ findings: '0', failed: 'false' });
    expect(inlineOf(31)).toEqual([]);
    expect(summaries(31)).toHaveLength(1);
    expect(summaries(31)[0]!.body).toContain('No findings: every check passed on this pull request.');
  });

  it('a fix spanning several changed lines is a multi-line suggestion (start_line..line) that makes the next run clean', async () => {
    const repo = makeRepo({ files: { 'README.md': '# Kit\n' } });
    const baseSha = repo.git('rev-parse', 'HEAD');
    repo.git('checkout', '-q', '-b', 'docs/changelog');
    const added = [
      '# Changelog', '', '## [1.1.0] - 2024-02-01', '', '### Fixed', '- Crash', '', '## [1.0.0] - 2024-01-31', '', '### Added', '- First', '',
      '[1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0', '[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0', ''
    ].join('\n');
    repo.commit('docs: start the changelog', { 'CHANGELOG.md': added });
    let pull = pullFromRepo(repo, 33, baseSha, 'docs: start the changelog', 'docs/changelog');
    api.addPull(pull);

    const first = await run(repo, pull);
    expect(first.stderr).toBe('');
    expect(api.violations).toEqual([]);
    const [comment] = inlineOf(33);
    expect(inlineOf(33)).toHaveLength(1);
    // the heading goes above line 3 and its link definition above line 13: one comment covers 3..13
    expect(comment).toMatchObject({ path: 'CHANGELOG.md', start_line: 3, line: 13 });
    expect(api.calls('pulls/create-review').at(-1)!.body).toMatchObject({ comments: [expect.objectContaining({ start_line: 3, line: 13, side: 'RIGHT', start_side: 'RIGHT' })] });
    const applied = applySuggestion(repo.git('show', `${pull.headSha}:CHANGELOG.md`) + '\n', comment!);
    expect(applied).toContain('## [Unreleased]\n\n## [1.1.0] - 2024-02-01');
    expect(applied).toContain('[Unreleased]: https://github.com/o/r/compare/v1.1.0...HEAD\n[1.1.0]: ');
    repo.commit('Update CHANGELOG.md', { 'CHANGELOG.md': applied });
    pull = pullFromRepo(repo, 33, baseSha, 'docs: start the changelog', 'docs/changelog');
    api.addPull(pull);
    const second = await run(repo, pull);
    expect(second.code).toBe(0);
    expect(second.outputs).toMatchObject({ findings: '0' });
    expect(inlineOf(33)).toEqual([]);
  });

  it('a fix outside the diff is a patch in the summary comment that git apply takes', async () => {
    const base = ['# Changelog', '', '## [Unreleased]', '', '### Added', '- Login page', '', '## [1.0.0] - 2024-01-31', '', '### Added', '- First release', '', '### fixed', '- Crash on start', '', ...LINKS];
    const repo = makeRepo({ files: { 'README.md': '# Kit\n', 'CHANGELOG.md': base.join('\n') } });
    const baseSha = repo.git('rev-parse', 'HEAD');
    repo.git('checkout', '-q', '-b', 'docs/changelog');
    // the change adds an entry at the top; the released "### fixed" (line 14 after it) is outside the hunk
    repo.commit('docs: note the login page', { 'CHANGELOG.md': [...base.slice(0, 6), '- Logout button', ...base.slice(6)].join('\n') });
    let pull = pullFromRepo(repo, 32, baseSha, 'docs: note the login page', 'docs/changelog');
    api.addPull(pull);

    const first = await run(repo, pull);
    expect(first.stderr).toBe('');
    expect(api.violations).toEqual([]);
    expect(first.outputs).toMatchObject({ findings: '1' });
    expect(inlineOf(32)).toEqual([]);
    const body = summaries(32)[0]!.body;
    expect(body).toContain('#### Fixes to apply');
    expect(body).toContain('1 fix kit-guard can make that no inline suggestion carries');
    expect(body).toContain('`git apply fixes.patch`');
    const patch = /^```diff\n([\s\S]*?)^```$/m.exec(body)![1]!;
    expect(patch.startsWith('--- a/CHANGELOG.md\n+++ b/CHANGELOG.md\n')).toBe(true);
    const file = path.join(repo.dir, '..', `fixes-${path.basename(repo.dir)}.patch`);
    writeFileSync(file, patch);
    // real git apply: --check first, then for real; the next run is clean
    execFileSync('git', ['apply', '--check', file], { cwd: repo.dir });
    execFileSync('git', ['apply', file], { cwd: repo.dir });
    repo.commit('docs: apply the kit-guard patch');
    pull = pullFromRepo(repo, 32, baseSha, 'docs: note the login page', 'docs/changelog');
    api.addPull(pull);
    const second = await run(repo, pull);
    expect(second.code).toBe(0);
    expect(second.outputs).toMatchObject({ findings: '0' });
    expect(summaries(32)[0]!.body).not.toContain('Fixes to apply');
  });
  it('a generated export edited by hand in the pull request gets suggestions that restore it, one per changed region; applied, the next run is clean', async () => {
    const repo = makeRepo({ fixture: fixturePath('kits', 'export-basic') });
    await buildExports(loadKit(repo.dir));
    repo.commit('chore: build exports');
    const baseSha = repo.git('rev-parse', 'HEAD');
    repo.git('checkout', '-q', '-b', 'docs/changelog');
    const file = 'exports/hosts/claude/.claude/agents/planner.md';
    const built = readFileSync(path.join(repo.dir, file), 'utf8');
    const lines = built.split('\n');
    // two regions edited by hand: each becomes its own suggestion
    lines[1] = `${lines[1]} (edited by hand)`;
    lines.splice(lines.length - 1, 0, 'A line nobody generated.');
    repo.commit('docs: tweak the planner agent', { [file]: lines.join('\n') });
    let pull = pullFromRepo(repo, 33, baseSha, 'docs: tweak the planner agent', 'docs/changelog');
    api.addPull(pull);
    const inputs = { checks: 'export', exports: 'suggest' };

    const first = await run(repo, pull, inputs);
    expect(first.stderr).toBe('');
    expect(api.violations).toEqual([]);
    // the one error is the hand edit; the rest is the export's own advice (lossiness, trust gates)
    expect(first.outputs).toMatchObject({ errors: '1', failed: 'true' });
    const comments = inlineOf(33).sort((a, b) => a.line - b.line);
    expect(comments.map((c) => [c.path, c.line])).toEqual([[file, 2], [file, lines.length - 1]]);
    for (const c of comments) expect(c.body).toContain('export/export-hand-edited');
    // a partial text patch of a generated file is no fix (its record stays): not in the fix patches
    expect(summaries(33)[0]!.body).not.toContain('Fixes to apply');
    expect(first.summary).not.toContain('### Fixes to apply');

    // commit both suggestions, one after the other, as GitHub applies them
    let text = `${repo.git('show', `${pull.headSha}:${file}`)}\n`;
    for (const c of [...comments].reverse()) text = applySuggestion(text, c);
    expect(text).toBe(built);
    repo.commit('Apply suggestions from code review', { [file]: text });
    pull = pullFromRepo(repo, 33, baseSha, 'docs: tweak the planner agent', 'docs/changelog');
    api.addPull(pull);

    const second = await run(repo, pull, inputs);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(api.violations).toEqual([]);
    expect(second.outputs).toMatchObject({ errors: '0', failed: 'false' });
    expect(inlineOf(33)).toEqual([]);
  });
});
