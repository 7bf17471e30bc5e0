import { describe, expect, it } from '@jest/globals';
import { planApi } from '../../src/action/github/plan.js';
import type { ActionSettings } from '../../src/action/inputs.js';

const settings = (over: Partial<ActionSettings> = {}): ActionSettings => ({
  workspace: '/w',
  root: '/w',
  rootPrefix: '',
  checks: [],
  eventName: 'pull_request',
  change: {},
  token: 'ghs_x',
  comment: 'both',
  maxInlineComments: 25,
  reportJson: '/t/r.json',
  releaseBranches: [],
  commitTarget: { kind: 'none', why: 'a test of the API plan' },
  reportSarif: '/t/r.sarif',
  pullRequest: { number: 1, baseRepo: 'octo/kit', headRepo: 'octo/kit' },
  ...over
});

describe('action/github/plan: what the run may do with the API, decided before any request', () => {
  it('reads and writes on a same-repository pull request', () => {
    expect(planApi(settings(), {})).toEqual({ read: true, write: true });
  });

  it('never writes on a pull_request from a fork, a deleted fork, or Dependabot, but still reads', () => {
    expect(planApi(settings({ pullRequest: { number: 1, baseRepo: 'octo/kit', headRepo: 'fork/kit' } }), {})).toMatchObject({ read: true, write: false, readOnly: expect.stringContaining('from a fork') });
    expect(planApi(settings({ pullRequest: { number: 1, baseRepo: 'octo/kit' } }), {})).toMatchObject({ write: false, readOnly: expect.stringContaining('deleted fork') });
    expect(planApi(settings(), { GITHUB_ACTOR: 'dependabot[bot]' })).toMatchObject({ write: false, readOnly: expect.stringContaining('Dependabot') });
  });

  it('writes on pull_request_target even for a fork (its token can; the files are only read)', () => {
    expect(planApi(settings({ eventName: 'pull_request_target', pullRequest: { number: 1, baseRepo: 'octo/kit', headRepo: 'fork/kit' } }), {})).toEqual({ read: true, write: true });
  });

  it('uses no API without a pull request or a token, and only reads with comment: off', () => {
    const { pullRequest: _, ...push } = settings({ eventName: 'push' });
    expect(planApi(push, {})).toMatchObject({ read: false, write: false });
    expect(planApi(settings({ token: '' }), {})).toMatchObject({ read: false, write: false, readOnly: 'no github-token' });
    expect(planApi(settings({ comment: 'off' }), {})).toMatchObject({ read: true, write: false });
  });
});
