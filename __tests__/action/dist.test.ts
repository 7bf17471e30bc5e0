import { afterAll, describe, expect, it } from '@jest/globals';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { cleanupRepos, makeRepo, type TestRepo } from '../helpers/git-repo.js';
import { cleanupRunners, pullRequestPayload, runAction } from './harness.js';

afterAll(() => {
  cleanupRepos();
  cleanupRunners();
});

/** A repository with a base commit on main and a pull request branch on top of it. */
function pullRequestRepo(options: { base: Record<string, string>; branch: string; commits: [string, Record<string, string | null>][] }): { repo: TestRepo; baseSha: string; headSha: string } {
  const repo = makeRepo({ files: options.base });
  const baseSha = repo.git('rev-parse', 'HEAD');
  repo.git('checkout', '-q', '-b', options.branch);
  let headSha = baseSha;
  for (const [message, files] of options.commits) headSha = repo.commit(message, files);
  return { repo, baseSha, headSha };
}

const BROKEN_README = '# Kit\n\nRead [the setup](docs/setup.md) first.\n';

describe('action (dist/index.js under Node 24)', () => {
  it('annotates findings, writes the summary and outputs, and fails the step (exit 1)', () => {
    const { repo, baseSha, headSha } = pullRequestRepo({
      base: { 'README.md': '# Kit\n' },
      branch: 'Login_Page',
      commits: [['docs: link the guide', { 'README.md': BROKEN_README }]]
    });
    const run = runAction({
      workspace: repo.dir,
      inputs: { checks: 'doc-truth, branch, commits' },
      payload: pullRequestPayload({ baseSha, headSha, headRef: 'Login_Page', title: 'docs: link the guide' })
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);

    const link = run.annotations.find((a) => a.properties.file === 'README.md');
    expect(link).toBeDefined();
    expect(link!.command).toBe('error');
    expect(link!.properties).toMatchObject({ line: '3', endLine: '3', col: '6' });
    expect(link!.properties.title).toMatch(/^doc-truth\//);
    expect(link!.message).toContain('docs/setup.md');
    expect(link!.message).toMatch(/\n\nFix: \S/);

    const branch = run.annotations.find((a) => a.properties.title === 'branch/name-invalid');
    expect(branch).toMatchObject({ command: 'error', properties: { title: 'branch/name-invalid' } });
    expect(branch!.message).toContain('Login_Page');

    // setFailed's own error annotation closes the run
    const failure = run.annotations.at(-1)!;
    expect(failure).toEqual({ command: 'error', properties: {}, message: "kit-guard: 2 errors, 0 warnings, 0 notices in 1 file; findings at or above 'error' fail the run." });

    expect(run.summary).toContain('### kit-guard: ❌ failed');
    expect(run.summary).toContain(`| ❌ error | [README.md:3:6](https://github.com/Codertocat/Hello-World/blob/${headSha}/README.md#L3) |`);
    expect(run.summary).toMatch(/\| ❌ error \| — \| <code>branch\/name-invalid<\/code> \|/);
    expect(run.outputs).toEqual({ findings: '2', errors: '2', warnings: '0', notices: '0', failed: 'true' });

    // phases are grouped in the log
    expect(run.commands.filter((c) => c.command === 'group').map((c) => c.message)).toEqual(['Read settings', 'Run checks', 'Report']);
  });

  it('passes a clean pull request (exit 0) and names files from the repository root when the kit is in a folder', () => {
    const { repo, baseSha, headSha } = pullRequestRepo({
      base: { 'kit/README.md': '# Kit\n\nSee [docs](docs/guide.md).\n', 'kit/docs/guide.md': '# Guide\n' },
      branch: 'feat/guide',
      commits: [['docs: expand the guide', { 'kit/docs/guide.md': '# Guide\n\nMore.\n' }]]
    });
    const run = runAction({
      workspace: repo.dir,
      inputs: { root: 'kit', checks: 'doc-truth\nbranch\ncommits' },
      payload: pullRequestPayload({ baseSha, headSha, headRef: 'feat/guide', title: 'docs: expand the guide' })
    });
    expect(run.stderr).toBe('');
    expect(run.annotations).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.summary).toContain('### kit-guard: ✅ passed');
    expect(run.outputs).toEqual({ findings: '0', errors: '0', warnings: '0', notices: '0', failed: 'false' });

    // the same kit with a broken link: the annotation names kit/README.md, not README.md
    repo.commit('docs: break a link', { 'kit/README.md': BROKEN_README });
    const broken = runAction({
      workspace: repo.dir,
      inputs: { root: 'kit', checks: 'doc-truth' },
      payload: pullRequestPayload({ baseSha, headSha: repo.git('rev-parse', 'HEAD'), headRef: 'feat/guide', title: 'docs: expand the guide' })
    });
    expect(broken.code).toBe(1);
    expect(broken.annotations[0]!.properties).toMatchObject({ file: 'kit/README.md', line: '3', col: '6' });
  });

  it('checks commits base..head and the title from the real payload', () => {
    const { repo, baseSha, headSha } = pullRequestRepo({
      base: { 'README.md': '# Kit\n' },
      branch: 'fix/typo',
      commits: [['fixed the typo', { 'README.md': '# Kit.\n' }]]
    });
    const run = runAction({
      workspace: repo.dir,
      inputs: { checks: 'commits' },
      payload: pullRequestPayload({ baseSha, headSha, headRef: 'fix/typo', title: 'Fix typo' })
    });
    expect(run.code).toBe(1);
    const titles = run.annotations.filter((a) => a.command === 'error' && a.properties.title).map((a) => a.properties.title);
    expect(titles).toEqual(['commits/header-invalid', 'commits/title-invalid']);
    expect(run.annotations.find((a) => a.properties.title === 'commits/header-invalid')!.message).toContain(headSha.slice(0, 7));
    expect(run.outputs.errors).toBe('2');
  });

  it('fail-on: warning fails on a warning, and the default does not', () => {
    const { repo, baseSha, headSha } = pullRequestRepo({
      base: { 'README.md': '# Kit\n', '.kit-guard.yaml': 'rules:\n  branch: warning\n' },
      branch: 'Login_Page',
      commits: [['docs: touch', { 'README.md': '# Kit!\n' }]]
    });
    const payload = pullRequestPayload({ baseSha, headSha, headRef: 'Login_Page', title: 'docs: touch' });
    const lenient = runAction({ workspace: repo.dir, inputs: { checks: 'branch' }, payload });
    expect(lenient.code).toBe(0);
    expect(lenient.annotations.map((a) => `${a.command} ${a.properties.title ?? ''}`)).toEqual(['warning branch/name-invalid']);
    expect(lenient.outputs.failed).toBe('false');
    const strict = runAction({ workspace: repo.dir, inputs: { checks: 'branch', 'fail-on': 'warning' }, payload });
    expect(strict.code).toBe(1);
    expect(strict.outputs.failed).toBe('true');
  });

  it('the config input overrides the kit configuration', () => {
    const { repo, baseSha, headSha } = pullRequestRepo({ base: { 'README.md': '# Kit\n' }, branch: 'Login_Page', commits: [['docs: touch', { 'README.md': '# Kit!\n' }]] });
    const run = runAction({
      workspace: repo.dir,
      inputs: { checks: 'branch', config: 'branch:\n  patterns: ["Login_*"]\n' },
      payload: pullRequestPayload({ baseSha, headSha, headRef: 'Login_Page', title: 'docs: touch' })
    });
    expect(run.annotations).toEqual([]);
    expect(run.code).toBe(0);
  });

  it.each([
    [{ 'fail-on': 'fatal' }, "kit-guard: input 'fail-on': must be one of error, warning, notice (got 'fatal')"],
    [{ root: '../elsewhere' }, /^kit-guard: input 'root': '\.\.\/elsewhere' is outside the repository/],
    [{ root: 'missing' }, "kit-guard: input 'root': 'missing' is not a folder in the repository"],
    [{ checks: 'branch spelling' }, /^kit-guard: unknown check: spelling \(known: schema, doc-truth/]
  ])('bad input %j fails the step with a message naming it', (inputs, message) => {
    const repo = makeRepo({ files: { 'README.md': '# Kit\n' } });
    const head = repo.git('rev-parse', 'HEAD');
    const run = runAction({ workspace: repo.dir, inputs, payload: pullRequestPayload({ baseSha: head, headSha: head, headRef: 'feat/x', title: 'feat: x' }) });
    expect(run.code).toBe(1);
    const errors = run.annotations.filter((a) => a.command === 'error');
    expect(errors).toHaveLength(1);
    if (typeof message === 'string') expect(errors[0]!.message).toBe(message);
    else expect(errors[0]!.message).toMatch(message);
    expect(run.outputs).toEqual({});
  });

  it('a bad config input is annotated at its line and fails the step', () => {
    const repo = makeRepo({ files: { 'README.md': '# Kit\n' } });
    const head = repo.git('rev-parse', 'HEAD');
    const run = runAction({
      workspace: repo.dir,
      inputs: { config: 'rules:\n  branch: off\nfailOn: fatal\n' },
      payload: pullRequestPayload({ baseSha: head, headSha: head, headRef: 'feat/x', title: 'feat: x' })
    });
    expect(run.code).toBe(1);
    const [problem, failure] = run.annotations;
    expect(problem!.properties).toEqual({ title: 'config/invalid-config' });
    expect(problem!.message).toMatch(/failOn/);
    expect(failure!.message).toMatch(/^kit-guard: the configuration cannot be used:\ninput 'config':3:9: /);
  });

  it("passes on this project's own kit (content/) with every check", () => {
    const repo = makeRepo({ files: { 'NOTES.md': '# Notes\n' } });
    cpSync(path.resolve('content'), path.join(repo.dir, 'content'), { recursive: true });
    const baseSha = repo.commit('chore: add the kit');
    repo.git('checkout', '-q', '-b', 'chore/tidy');
    const headSha = repo.commit('chore: tidy the notes', { 'NOTES.md': '# Notes\n\nTidy.\n' });
    const run = runAction({
      workspace: repo.dir,
      inputs: { root: 'content' },
      payload: pullRequestPayload({ baseSha, headSha, headRef: 'chore/tidy', title: 'chore: tidy the notes' })
    });
    expect(run.stderr).toBe('');
    expect(run.annotations.filter((a) => a.command !== 'notice')).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ errors: '0', warnings: '0', failed: 'false' });
  });
});
