import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { registryLiterals } from '../../src/checks/doc-truth/commands.js';
import { loadKit } from '../../src/kit/load.js';
import { runChecks } from '../../src/pipeline/run.js';
import { cleanupRepos, folderWith } from '../helpers/git-repo.js';

afterAll(cleanupRepos);

const MANIFEST = 'manifest_version: 2\nproject: { name: wazir }\n';
const CLAIMS = 'docs/truth-claims.yaml';

async function docTruth(files: Record<string, string>) {
  const dir = folderWith({ 'wazir.manifest.yaml': MANIFEST, ...files });
  const { findings } = await runChecks(loadKit(dir), { checks: ['doc-truth'] });
  return { dir, findings: findings.map((f) => [f.file, f.line, f.rule]) };
}

describe('doc-truth scope on real kits', () => {
  it('checks local links in every Markdown file of the kit, not the generated exports', async () => {
    const { findings } = await docTruth({
      'expertise/a/guide.md': '# Guide\n\nSee [b](../b/missing.md).\n',
      'roles/reviewer.md': '# reviewer\n\n[plan](../workflows/plan.md)\n',
      'workflows/plan.md': '# plan\n',
      'exports/hosts/claude/.claude/agents/reviewer.md': '[broken](nowhere.md)\n',
      'docs/plans/2024-draft.md': '[broken](nowhere.md)\n'
    });
    expect(findings).toEqual([['expertise/a/guide.md', 3, 'link-target-missing']]);
  });

  it('reads the supported commands from the kit\'s registry source, statically (never running it)', async () => {
    const registry = [
      "import { writeFileSync } from 'node:fs';",
      "writeFileSync('ran.txt', 'the registry was executed'); // a comment with 'wazir bogus'",
      "export const SUPPORTED_COMMAND_SUBJECTS = new Set(['wazir validate', \"wazir capture ensure\", `wazir config`]);",
      "/* 'wazir hidden' */"
    ].join('\n');
    const claims = ['capture ensure', 'config', 'export build'].map((c, i) => `- id: c${i}\n  file: docs/cli.md\n  claim_type: command\n  subject: wazir ${c}\n  verifier: command_registry\n  required: true`).join('\n');
    const { dir, findings } = await docTruth({
      'tooling/src/checks/command-registry.js': registry,
      [CLAIMS]: `${claims}\n`,
      'docs/cli.md': 'Run `wazir capture ensure`, `wazir config` and `wazir export build`.\n',
      'docs/decisions/0001.md': 'We dropped `wazir frobnicate`.\n'
    });
    expect(existsSync(path.join(dir, 'ran.txt'))).toBe(false);
    // capture ensure and config come from the registry; export build is not in it; docs/decisions is not searched
    expect(findings).toEqual([[CLAIMS, 16, 'command-unsupported']]);
  });

  it('extracts string literals and skips comments', () => {
    expect(registryLiterals("// 'no'\nconst a = ['x y', \"z\\\"q\", `t`, `not ${'inner'} this`]; /* 'no' */")).toEqual(['x y', 'z"q', 't', 'inner']);
  });
});
