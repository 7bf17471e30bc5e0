import { afterAll, describe, expect, it } from '@jest/globals';
import {
  decideCommitBack,
  exportCommitMessage,
  exportOwnership,
  isOwnExportCommit,
  messageText,
  planCommitFiles,
  type CommitTarget
} from '../../src/export/commit-plan.js';
import { loadKit } from '../../src/kit/load.js';
import type { ExportFinding } from '../../src/export/types.js';
import { cleanupRepos, tempDir } from '../helpers/git-repo.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

afterAll(() => cleanupRepos());

const pr = (fork = false): CommitTarget => ({ kind: 'pull-request', branch: 'feature', headSha: 'a'.repeat(40), fork, number: 7 });
const release: CommitTarget = { kind: 'release', branch: 'main', why: 'tag v1.0.0 pushed' };
const error: ExportFinding = { check: 'export', rule: 'source-unreadable', severity: 'error', message: 'roles/planner.md: front matter is not valid YAML', file: 'roles/planner.md' };

describe('commit plan: files', () => {
  it('commits exactly what the build wrote and removed, under the kit folder, sorted', () => {
    const plan = planCommitFiles({ written: ['exports/b.md', 'exports/a.md'], removed: ['exports/old.md'], findings: [] }, 'kit');
    expect(plan).toEqual({ status: 'changes', additions: ['kit/exports/a.md', 'kit/exports/b.md'], deletions: ['kit/exports/old.md'] });
  });

  it('makes no commit when the build changed nothing', () => {
    expect(planCommitFiles({ written: [], removed: [], findings: [] })).toEqual({ status: 'unchanged' });
  });

  it('never commits a build with an error, whatever it wrote', () => {
    const plan = planCommitFiles({ written: ['exports/a.md'], removed: ['exports/hosts/claude/.claude/agents/planner.md'], findings: [error] });
    expect(plan).toMatchObject({ status: 'refused', errors: [error] });
    // a warning alone does not stop the commit
    expect(planCommitFiles({ written: ['exports/a.md'], removed: [], findings: [{ ...error, severity: 'warning' }] }).status).toBe('changes');
  });
});

describe('commit plan: message and trailer', () => {
  it('is a conventional chore with the trailer in its last paragraph, which the loop guard recognises', () => {
    const message = exportCommitMessage('1.2.3', { additions: ['a', 'b'], deletions: ['c'] });
    expect(message.headline).toBe('chore(exports): refresh host exports');
    const text = messageText(message);
    expect(text).toMatch(/\n\nKit-Guard-Export: 1\.2\.3\n$/);
    expect(isOwnExportCommit(text)).toBe(true);
  });

  it('does not take a contributor commit that merely mentions the trailer for its own', () => {
    expect(isOwnExportCommit('fix: handle Kit-Guard-Export: lines\n\nKit-Guard-Export: is our trailer name.\n\nSigned-off-by: A <a@b>')).toBe(false);
    expect(isOwnExportCommit('feat: roles')).toBe(false);
    expect(isOwnExportCommit('chore(exports): refresh host exports\r\n\r\nKit-Guard-Export: 0.1.0\r\n')).toBe(true);
  });
});

describe('commit plan: guards', () => {
  it('commits on a same-repository PR and on a release by default', () => {
    expect(decideCommitBack({ target: pr(), ownership: 'kit-guard', headMessage: 'feat: x' })).toMatchObject({ action: 'commit' });
    expect(decideCommitBack({ target: release, ownership: 'kit-guard', headMessage: 'feat: x' })).toMatchObject({ action: 'commit' });
  });

  it('never pushes to a fork: suggests instead, even when commit is asked for', () => {
    expect(decideCommitBack({ mode: 'commit', target: pr(true), ownership: 'kit-guard', headMessage: 'feat: x' })).toMatchObject({ action: 'suggest' });
  });

  it('builds nothing on its own commit', () => {
    const own = messageText(exportCommitMessage('0.1.0', { additions: ['a'], deletions: [] }));
    expect(decideCommitBack({ target: pr(), ownership: 'kit-guard', headMessage: own })).toMatchObject({ action: 'none' });
    expect(decideCommitBack({ target: release, ownership: 'kit-guard', headMessage: own })).toMatchObject({ action: 'none' });
  });

  it('never rewrites exports another tool wrote: says what the first build would do instead', () => {
    expect(decideCommitBack({ mode: 'commit', target: pr(), ownership: 'foreign', headMessage: 'feat: x' })).toMatchObject({ action: 'first-build' });
    expect(decideCommitBack({ target: pr(), ownership: 'none' })).toMatchObject({ action: 'none' });
  });

  it("writes nothing with exports: check, nor with suggest on a release, nor on other events", () => {
    expect(decideCommitBack({ mode: 'check', target: pr(), ownership: 'kit-guard' })).toMatchObject({ action: 'none' });
    expect(decideCommitBack({ mode: 'suggest', target: pr(), ownership: 'kit-guard', headMessage: 'x' })).toMatchObject({ action: 'suggest' });
    expect(decideCommitBack({ mode: 'suggest', target: release, ownership: 'kit-guard', headMessage: 'x' })).toMatchObject({ action: 'none' });
    expect(decideCommitBack({ target: { kind: 'none', why: 'a merge_group event commits no exports' }, ownership: 'kit-guard' })).toMatchObject({ action: 'none' });
  });
});

describe('commit plan: who wrote the exports', () => {
  function kitWithRecord(record: object | undefined): string {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'wazir.manifest.yaml'), 'manifest_version: 2\nproject:\n  name: acme\n');
    if (record) {
      mkdirSync(path.join(dir, 'exports', 'hosts', 'claude'), { recursive: true });
      writeFileSync(path.join(dir, 'exports', 'hosts', 'claude', 'export.manifest.json'), JSON.stringify(record));
    }
    return dir;
  }

  it("reads kit-guard's generator, a seed-style record without one, or none", () => {
    expect(exportOwnership(loadKit(kitWithRecord({ host: 'claude', source_hashes: {}, files: {}, generator: { name: 'kit-guard', version: '0.1.0', format: 1 } })))).toBe('kit-guard');
    expect(exportOwnership(loadKit(kitWithRecord({ host: 'claude', source_hashes: { 'roles/a.md': 'f00d' } })))).toBe('foreign');
    expect(exportOwnership(loadKit(kitWithRecord(undefined)))).toBe('none');
  });
});
