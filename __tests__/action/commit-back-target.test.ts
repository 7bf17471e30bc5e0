import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { commitTargetFromEvent } from '../../src/action/commit-back/target.js';
import { pullRequestFromEvent } from '../../src/action/inputs.js';
import { classifyGraphqlError } from '../../src/action/commit-back/github.js';

/** Real webhook payloads (@octokit/webhooks-examples). */
function example(event: string, pick: (e: Record<string, unknown>) => boolean): Record<string, unknown> {
  const events = JSON.parse(readFileSync(path.resolve('node_modules/@octokit/webhooks-examples/api.github.com/index.json'), 'utf8')) as { name: string; examples: Record<string, unknown>[] }[];
  const found = events.find((e) => e.name === event)?.examples.find(pick);
  if (!found) throw new Error(`no ${event} example`);
  return structuredClone(found);
}

describe('commit-back target from the event', () => {
  it('a same-repository pull request targets its head branch; a fork or a deleted fork is a fork', () => {
    const payload = example('pull_request', (e) => e.action === 'opened');
    const target = (name: string) => commitTargetFromEvent(name, payload, [], pullRequestFromEvent(payload));
    expect(target('pull_request')).toMatchObject({ kind: 'pull-request', branch: 'changes', fork: false });
    const pr = payload.pull_request as { head: { repo: { full_name: string } | null } };
    pr.head.repo = { ...pr.head.repo!, full_name: 'someone/Hello-World' };
    expect(target('pull_request')).toMatchObject({ kind: 'pull-request', fork: true });
    pr.head.repo = null;
    expect(target('pull_request_target')).toMatchObject({ kind: 'pull-request', fork: true });
  });

  it('a published release targets its target branch; a tag push the default branch; a push only a configured release branch', () => {
    const published = example('release', (e) => e.action === 'published');
    expect(commitTargetFromEvent('release', published, [])).toMatchObject({ kind: 'release', branch: 'master' });
    const push = example('push', (e) => typeof e.ref === 'string' && e.ref.startsWith('refs/heads/'));
    const branch = (push.ref as string).slice('refs/heads/'.length);
    expect(commitTargetFromEvent('push', push, [])).toMatchObject({ kind: 'none' });
    expect(commitTargetFromEvent('push', push, [branch])).toMatchObject({ kind: 'release', branch });
    expect(commitTargetFromEvent('push', { ...push, ref: 'refs/heads/release/2.x' }, ['release/*'])).toMatchObject({ kind: 'release', branch: 'release/2.x' });
    const tag = { ...push, ref: 'refs/tags/v1.0.0' };
    expect(commitTargetFromEvent('push', tag, [])).toMatchObject({ kind: 'release', branch: (push.repository as { default_branch: string }).default_branch });
    expect(commitTargetFromEvent('merge_group', {}, ['main'])).toMatchObject({ kind: 'none' });
  });
});

describe('GraphQL failures', () => {
  it('tells a moved branch, a protected branch, a missing mutation and an unreachable API apart', () => {
    expect(classifyGraphqlError({ errors: [{ type: 'STALE_DATA', message: 'Expected branch to point to "abc" but it did not. Pull and try again.' }] }).status).toBe('moved');
    expect(classifyGraphqlError({ errors: [{ type: 'UNPROCESSABLE', message: 'Repository rule violations found\n\nChanges must be made through a pull request.' }] }).status).toBe('protected');
    expect(classifyGraphqlError({ errors: [{ message: "Field 'createCommitOnBranch' doesn't exist on type 'Mutation'" }] }).status).toBe('unavailable');
    expect(classifyGraphqlError(Object.assign(new Error('fetch failed'), { status: 500 })).status).toBe('unavailable');
    expect(classifyGraphqlError(Object.assign(new Error('Resource not accessible by integration'), { status: 403 })).status).toBe('forbidden');
  });
});
