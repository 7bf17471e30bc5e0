import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../src/kit/load.js';
import {
  changeFromEvent,
  getSettings,
  InputError,
  parseChecksInput,
  parseCommentInput,
  parseCountInput,
  parseConfigInput,
  parseExportsInput,
  parseFailOnInput,
  parseRootInput,
  pullRequestFromEvent,
  readEventPayload,
  repositoryUrlFromEnv
} from '../../src/action/inputs.js';
import { cleanupFolders, makeFolder } from '../helpers/folder.js';

afterAll(cleanupFolders);

/** Real webhook payloads from @octokit/webhooks-examples. */
function examples(event: string): Record<string, unknown>[] {
  const file = path.resolve('node_modules/@octokit/webhooks-examples/api.github.com/index.json');
  const events = JSON.parse(readFileSync(file, 'utf8')) as { name: string; examples: Record<string, unknown>[] }[];
  return events.find((e) => e.name === event)!.examples;
}

describe('action/inputs: changeFromEvent', () => {
  it('takes base sha, head sha, head branch and title from a pull_request payload', () => {
    const opened = examples('pull_request').find((e) => e.action === 'opened')!;
    expect(changeFromEvent('pull_request', opened)).toEqual({
      base: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
      head: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
      branch: 'changes',
      title: 'Update the README with new information.'
    });
  });

  it('takes before/after and the branch from a push, leaving out zero shas and tags', () => {
    const pushes = examples('push');
    const branchCreated = pushes.find((e) => e.ref === 'refs/heads/master')!;
    expect(changeFromEvent('push', branchCreated)).toEqual({ head: '6113728f27ae82c7b1a177c8d03f9e96e0adf246', branch: 'master' });
    const tagDeleted = pushes.find((e) => e.ref === 'refs/tags/simple-tag' && e.deleted === true)!;
    expect(changeFromEvent('push', tagDeleted)).toEqual({ base: '6113728f27ae82c7b1a177c8d03f9e96e0adf246' });
    expect(changeFromEvent('push', { ...branchCreated, before: 'a'.repeat(40) })).toMatchObject({ base: 'a'.repeat(40) });
  });

  it('knows nothing for other events or an empty payload', () => {
    expect(changeFromEvent('workflow_dispatch', examples('workflow_dispatch')[0]!)).toEqual({});
    expect(changeFromEvent('pull_request', {})).toEqual({});
  });

  it('reads the payload file, treating a missing or broken file as empty', () => {
    const repo = makeFolder();
    writeFileSync(path.join(repo.dir, 'event.json'), '{"pull_request": {"title": "x"}}');
    writeFileSync(path.join(repo.dir, 'broken.json'), '{');
    expect(readEventPayload(path.join(repo.dir, 'event.json'))).toEqual({ pull_request: { title: 'x' } });
    expect(readEventPayload(path.join(repo.dir, 'broken.json'))).toEqual({});
    expect(readEventPayload(path.join(repo.dir, 'missing.json'))).toEqual({});
    expect(readEventPayload(undefined)).toEqual({});
  });
});

describe('action/inputs: repositoryUrlFromEnv', () => {
  it('is the github.com address of GITHUB_REPOSITORY, and nothing elsewhere or for a hostile name', () => {
    expect(repositoryUrlFromEnv({ GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'octo-org/hello-world' })).toEqual({ repositoryUrl: 'https://github.com/octo-org/hello-world' });
    expect(repositoryUrlFromEnv({ GITHUB_SERVER_URL: 'https://ghe.example.test', GITHUB_REPOSITORY: 'o/r' })).toEqual({});
    expect(repositoryUrlFromEnv({ GITHUB_REPOSITORY: 'o/r' })).toEqual({});
    expect(repositoryUrlFromEnv({ GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r;rm -rf' })).toEqual({});
    expect(repositoryUrlFromEnv({ GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r/x' })).toEqual({});
  });
});

describe('action/inputs: single inputs', () => {
  it('checks: split on commas, spaces and new lines, de-duplicated', () => {
    expect(parseChecksInput('')).toEqual([]);
    expect(parseChecksInput(' schema, doc-truth\nbranch  schema ')).toEqual(['schema', 'doc-truth', 'branch']);
  });

  it('fail-on: a severity, or empty for the configuration', () => {
    expect(parseFailOnInput('')).toBeUndefined();
    expect(parseFailOnInput('warning')).toBe('warning');
    expect(() => parseFailOnInput('Error')).toThrow(new InputError("input 'fail-on': must be one of error, warning, notice (got 'Error')"));
  });

  it('root: a folder inside the workspace, made repository-relative', () => {
    const repo = makeFolder({ files: { 'kits/main/README.md': '# x\n', 'file.txt': 'x' } });
    expect(parseRootInput('', repo.dir)).toEqual({ root: repo.dir, rootPrefix: '' });
    expect(parseRootInput('./kits/main/', repo.dir)).toEqual({ root: path.join(repo.dir, 'kits/main'), rootPrefix: 'kits/main' });
    expect(() => parseRootInput('..', repo.dir)).toThrow(/^input 'root': '\.\.' is outside the repository/);
    expect(() => parseRootInput('/etc', repo.dir)).toThrow(/^input 'root': '\/etc' is outside the repository/);
    expect(() => parseRootInput('file.txt', repo.dir)).toThrow("input 'root': 'file.txt' is not a folder in the repository");
  });

  it('config: a mapping validated by the configuration schema, errors at their line', () => {
    expect(parseConfigInput('')).toBeUndefined();
    expect(parseConfigInput('failOn: warning\nrules:\n  branch: off\n')).toEqual({ failOn: 'warning', rules: { branch: 'off' } });
    expect(parseConfigInput('{"commits": {"scopes": ["cli"]}}')).toEqual({ commits: { scopes: ['cli'] } });
    expect(() => parseConfigInput('- a\n- b\n')).toThrow("input 'config': must be a mapping of configuration keys, like the .kit-guard.yaml file (got a list)");

    const invalid = catchError(() => parseConfigInput('rules:\n  branch: off\ncommits:\n  typos: [feat]\n'));
    expect(invalid).toBeInstanceOf(ConfigError);
    expect((invalid as ConfigError).findings[0]).toMatchObject({ file: "input 'config'", line: 4, rule: 'invalid-config' });

    const malformed = catchError(() => parseConfigInput('failOn: error\nfailOn: notice\n'));
    expect(malformed).toBeInstanceOf(ConfigError);
    expect((malformed as ConfigError).findings[0]).toMatchObject({ file: "input 'config'", line: 2, column: 1 });
  });
});

describe('action/inputs: getSettings', () => {
  it('combines inputs, workspace and event into typed settings', () => {
    const repo = makeFolder({ files: { 'content/README.md': '# x\n' } });
    mkdirSync(path.join(repo.dir, '.runner'));
    const eventPath = path.join(repo.dir, '.runner', 'event.json');
    writeFileSync(eventPath, JSON.stringify(examples('pull_request').find((e) => e.action === 'opened')));
    const inputs: Record<string, string> = {
      root: 'content',
      checks: 'branch,commits',
      'fail-on': 'notice',
      config: 'commits:\n  checkTitle: false\n',
      'github-token': 'ghs_x',
      comment: 'summary',
      'max-inline-comments': '5',
      'report-json': 'out/report.json',
      exports: 'suggest',
      'release-branches': 'main, release/*'
    };
    const settings = getSettings((name) => inputs[name] ?? '', { GITHUB_WORKSPACE: repo.dir, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventPath, RUNNER_TEMP: '/runner/tmp' });
    expect(settings).toEqual({
      workspace: repo.dir,
      root: path.join(repo.dir, 'content'),
      rootPrefix: 'content',
      checks: ['branch', 'commits'],
      failOn: 'notice',
      configOverrides: { commits: { checkTitle: false } },
      eventName: 'pull_request',
      change: { base: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e', head: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821', branch: 'changes', title: 'Update the README with new information.' },
      token: 'ghs_x',
      comment: 'summary',
      maxInlineComments: 5,
      reportJson: path.join(repo.dir, 'out/report.json'),
      reportSarif: '/runner/tmp/kit-guard.sarif',
      pullRequest: { number: 2, baseRepo: 'Codertocat/Hello-World', headRepo: 'Codertocat/Hello-World' },
      exportsMode: 'suggest',
      releaseBranches: ['main', 'release/*'],
      commitTarget: { kind: 'pull-request', branch: 'changes', headSha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821', fork: false, number: 2 },
      repository: { owner: 'Codertocat', repo: 'Hello-World' }
    });
  });

  it("refuses an 'exports' value it does not know, naming the input", () => {
    expect(() => parseExportsInput('push')).toThrow("input 'exports': must be one of commit, suggest, check (got 'push')");
    expect(parseExportsInput('')).toBeUndefined();
    expect(parseExportsInput(' check ')).toBe('check');
  });

  it('reads comment, max-inline-comments and the pull request of the event, and rejects bad values by name', () => {
    expect(parseCommentInput('')).toBe('both');
    expect(parseCommentInput('Inline')).toBe('inline');
    expect(() => parseCommentInput('all')).toThrow("input 'comment': must be one of summary, inline, both, off (got 'all')");
    expect(parseCountInput('max-inline-comments', '', 25)).toBe(25);
    expect(() => parseCountInput('max-inline-comments', '-1', 25)).toThrow("input 'max-inline-comments': must be a whole number of 0 or more (got '-1')");
    const fork = structuredClone(examples('pull_request').find((e) => e.action === 'opened')) as { pull_request: { head: { repo: unknown } } };
    fork.pull_request.head.repo = null;
    expect(pullRequestFromEvent(fork as unknown as Record<string, unknown>)).toEqual({ number: 2, baseRepo: 'Codertocat/Hello-World' });
    expect(pullRequestFromEvent(examples('push')[0]!)).toBeUndefined();
  });

  it('takes a merge queue group\'s base and head, and no branch name', () => {
    expect(changeFromEvent('merge_group', { merge_group: { base_sha: 'b'.repeat(40), head_sha: 'h'.repeat(40), head_ref: 'refs/heads/gh-readonly-queue/main/pr-1-abc' } })).toEqual({ base: 'b'.repeat(40), head: 'h'.repeat(40) });
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}
