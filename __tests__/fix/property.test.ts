import { afterAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readdirSync, readFileSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixRepository } from '../../src/fix/index.js';
import type { Finding } from '../../src/model/finding.js';
import { checkRepository } from '../../src/pipeline/check-repository.js';
import { cleanupFolders, makeFolder, tempDir } from '../helpers/folder.js';

afterAll(cleanupFolders);

/*
 * The fuzz suite's generators live in fuzz/run.mjs, a script that runs on import (top-level
 * await over lib/), so they cannot be imported here. These follow the same recipe: text
 * joined from the tokens of each format plus short noise, biased toward fixable problems.
 */
const noise = fc.string({ maxLength: 6 });
const pick = (tokens: readonly string[], max = 30) => fc.array(fc.oneof(fc.constantFrom(...tokens), noise), { maxLength: max }).map((parts) => parts.join(''));

const MD_TOKENS = [
  '\n', '# Kit\n', '## Install\n', '## install\n', ' ', 'text', '[g](Docs/Guide.md)', '[g](docs/guide.md#instal)', '[g](docs/guide.md#Usage)', '[i](#Install)', '[i](#instal)',
  '[s](setup.md)', '[s](Setup.md)', '[o](out/secret.md)', '[o](docs/out/secret.md)', '[o](../outside.md)', '<a href="Docs/Guide.md">g</a>', '[r]: Docs/Guide.md\n', '[r]',
  '`kg check`', '`kg export build`', '`kg nope`', '(', ')', '[', ']', '#', '%20', '\\', '`', '\r\n'
];
const CHANGELOG_TOKENS = [
  '# Changelog\n', '## [Unreleased]\n', '## [1.1.0] - 2024-02-01\n', '## [1.0.0] - 2024/1/5\n', '## [0.9.0] - Jan 5, 2024\n', '## [0.8.0] - 05/01/2024\n', '### Added\n', '### fixed\n', '### FIXED\n',
  '### Nope\n', '- entry\n', '\n', '[1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0\n', '[0.7.0]: https://github.com/o/r/compare/v0.6.0...v0.7.0\n', '[Unreleased]: https://github.com/o/r/compare/v1.1.0...HEAD\n',
  '[x]: https://example.com/other\n', '\r\n', '[', ']'
];
const CLAIMS_TOKENS = ['- id: c1\n  file: README.md\n  claim_type: command\n  subject: kg check\n  verifier: command_registry\n  required: true\n', '- id: c2\n  file: readme.md\n  claim_type: path\n  subject: Docs/guide.md\n  verifier: path_exists\n  required: true\n', '\n', '  '];

/** How many findings each check/rule has in each file. */
function tally(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(`${f.check}/${f.rule} ${f.file ?? ''}`, (counts.get(`${f.check}/${f.rule} ${f.file ?? ''}`) ?? 0) + 1);
  return counts;
}

/** Every file under a folder (symbolic links not followed) with its bytes. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.set(child, readFileSync(path.join(dir, child), 'latin1'));
    }
  };
  walk('');
  return out;
}

describe('fix: property', () => {
  it('never writes outside the repository and never adds a finding', async () => {
    const outside = tempDir('kit-guard-outside-');
    writeFileSync(path.join(outside, 'secret.md'), '# Secret\n\n[g](Guide.md)\n');
    writeFileSync(path.join(outside, 'guide.md'), '# Guide\n');
    const outsideBefore = snapshot(outside);
    const appliedRules = new Set<string>();
    await fc.assert(
      fc.asyncProperty(pick(MD_TOKENS), pick(MD_TOKENS), pick(CHANGELOG_TOKENS), pick(CLAIMS_TOKENS, 4), async (readme, doc, changelog, claims) => {
        const repo = makeFolder({
          files: {
            '.kit-guard.yaml': 'docTruth:\n  commandName: kg\n  commands: ["check", "export build"]\n',
            'README.md': readme,
            'docs/extra.md': doc,
            'docs/guide.md': '# Guide\n\n## Install\n\n## Usage\n',
            'docs/setup.md': '# Setup\n',
            'CHANGELOG.md': changelog,
            'docs/truth-claims.yaml': claims
          }
        });
        symlinkSync(outside, path.join(repo.dir, 'docs/out'));
        const options = { root: repo.dir, checks: ['doc-truth', 'changelog'], parallel: false as const };
        const before = await checkRepository(options);
        const fixed = await fixRepository(options);
        for (const f of fixed.applied) appliedRules.add(`${f.check}/${f.rule}`);
        // nothing outside changed, and every written file is a regular file inside the repository
        expect(snapshot(outside)).toEqual(outsideBefore);
        const realRoot = realpathSync(repo.dir);
        for (const file of fixed.written) {
          const real = realpathSync(path.join(repo.dir, file));
          expect(path.relative(realRoot, real).startsWith('..')).toBe(false);
          expect(statSync(real).isFile()).toBe(true);
        }
        // the files on disk now check to no more findings of any rule in any file than before
        const after = await checkRepository(options);
        const had = tally(before.findings);
        const added = [...tally(after.findings)].filter(([key, count]) => count > (had.get(key) ?? 0));
        expect(added).toEqual([]);
      }),
      { numRuns: 60, seed: 20261206 }
    );
    // the inputs do reach the fixes (not only inputs nothing could be done about)
    expect([...appliedRules]).toEqual(expect.arrayContaining(['changelog/date-invalid', 'changelog/link-reference-missing', 'changelog/unknown-category', 'doc-truth/fragment-missing', 'doc-truth/link-case-mismatch']));
  });
});
