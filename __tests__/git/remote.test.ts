import { afterAll, describe, expect, it } from '@jest/globals';
import { changelogCheck } from '../../src/checks/changelog.js';
import { commitsCheck } from '../../src/checks/commits.js';
import { parseGitHubRemote } from '../../src/git/remote.js';
import { loadKit } from '../../src/kit/load.js';
import { gatherChange } from '../../src/pipeline/gather.js';
import { cleanupRepos, makeRepo } from '../helpers/git-repo.js';

afterAll(cleanupRepos);

describe('parseGitHubRemote', () => {
  it.each([
    ['https://github.com/o/r', 'https://github.com/o/r'],
    ['https://github.com/o/r.git', 'https://github.com/o/r'],
    ['https://github.com/o/r/', 'https://github.com/o/r'],
    ['https://github.com/Owner-1/my_repo.js.git\n', 'https://github.com/Owner-1/my_repo.js'],
    ['https://x-access-token:secret@github.com/o/r.git', 'https://github.com/o/r'],
    ['git@github.com:o/r.git', 'https://github.com/o/r'],
    ['git@github.com:o/r', 'https://github.com/o/r'],
    ['ssh://git@github.com/o/r.git', 'https://github.com/o/r'],
    ['ssh://git@github.com/o/r', 'https://github.com/o/r']
  ])('%j is %j', (url, expected) => {
    expect(parseGitHubRemote(url)).toBe(expected);
  });

  it.each([
    'https://github.com/o/r;rm -rf',
    'https://github.com/o/r;rm -rf /',
    'https://github.com/o/$(id)',
    'https://github.com/o/r`id`',
    'https://github.com/o/r/tree/main',
    'https://github.com/o',
    'https://github.com/../r',
    'https://github.com/o/..',
    'https://github.com/o/r?x=1',
    'https://github.com/o/r#frag',
    'https://github.com/o/r"><script>',
    'https://github.com.evil.test/o/r',
    'https://evil.test/github.com/o/r',
    'https://gitlab.com/o/r.git',
    'http://github.com/o/r',
    'git@gitlab.com:o/r.git',
    'ssh://git@bitbucket.org/o/r.git',
    '/srv/git/r.git',
    'file:///tmp/r',
    '',
    'https://github.com/o/r\nhttps://evil.test/x'
  ])('%j is not a GitHub repository', (url) => {
    expect(parseGitHubRemote(url)).toBeUndefined();
  });
});

describe('the origin remote in the gathered change', () => {
  it('is read only when a selected check needs it, and parsed', async () => {
    const repo = makeRepo({ files: { 'CHANGELOG.md': '# Changelog\n' } });
    repo.git('remote', 'add', 'origin', 'git@github.com:acme/kit.git');
    const kit = loadKit(repo.dir);
    expect((await gatherChange(kit, [changelogCheck])).repositoryUrl).toBe('https://github.com/acme/kit');
    expect((await gatherChange(kit, [commitsCheck])).repositoryUrl).toBeUndefined();
    // what the caller gave wins, and no remote is read
    expect((await gatherChange(kit, [changelogCheck], { repositoryUrl: 'https://github.com/o/r' })).repositoryUrl).toBe('https://github.com/o/r');
    repo.git('remote', 'set-url', 'origin', 'https://gitlab.com/acme/kit.git');
    expect((await gatherChange(kit, [changelogCheck])).repositoryUrl).toBeUndefined();
    repo.git('remote', 'remove', 'origin');
    expect((await gatherChange(kit, [changelogCheck])).repositoryUrl).toBeUndefined();
  });
});
