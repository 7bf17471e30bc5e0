import { afterAll, describe, expect, it } from '@jest/globals';
import { changelogCheck } from '../../src/checks/changelog.js';
import { loadKit } from '../../src/kit/load.js';
import type { ChangeContext } from '../../src/model/change.js';
import { applyEdits } from '../../src/model/edit.js';
import type { Finding } from '../../src/model/finding.js';
import { cleanupFolders, makeFolder } from '../helpers/folder.js';

afterAll(cleanupFolders);

const REPO: ChangeContext = { repositoryUrl: 'https://github.com/acme/kit' };

async function check(changelog: string, change: ChangeContext = REPO): Promise<Finding[]> {
  const folder = makeFolder({ files: { 'CHANGELOG.md': changelog } });
  return changelogCheck.run({ kit: loadKit(folder.dir), change });
}

const fixed = (text: string, findings: readonly Finding[]): string => applyEdits(text, findings.flatMap((f) => f.edits ?? []));

const HEAD = '# Changelog\n\n';
const VERSIONS = '## [1.1.0] - 2024-02-01\n\n### Added\n- more\n\n## [1.0.0] - 2024-01-05\n\n### Added\n- first\n';

describe('changelog links from the repository address', () => {
  it('a changelog without links gets compare and release-tag links from repositoryUrl', async () => {
    const text = `${HEAD}## [Unreleased]\n\n${VERSIONS}`;
    const findings = await check(text);
    expect(findings.map((f) => [f.rule, f.edits?.length])).toEqual([
      ['link-reference-missing', 1],
      ['link-reference-missing', 1],
      ['link-reference-missing', 1]
    ]);
    const after = fixed(text, findings);
    expect(after).toBe(
      `${text}\n[Unreleased]: https://github.com/acme/kit/compare/v1.1.0...HEAD\n[1.1.0]: https://github.com/acme/kit/compare/v1.0.0...v1.1.0\n[1.0.0]: https://github.com/acme/kit/releases/tag/v1.0.0\n`
    );
    expect(await check(after)).toEqual([]);
    expect(await check(after, {})).toEqual([]);
  });

  it('without repositoryUrl, or with one that is not a GitHub address, there is no edit', async () => {
    const text = `${HEAD}## [Unreleased]\n\n${VERSIONS}`;
    expect((await check(text, {})).some((f) => f.edits)).toBe(false);
    expect((await check(text, { repositoryUrl: 'https://gitlab.com/acme/kit' })).some((f) => f.edits)).toBe(false);
    expect((await check(text, { repositoryUrl: 'https://github.com/acme/kit;rm -rf' })).some((f) => f.edits)).toBe(false);
  });

  it('a missing [Unreleased] in a file without links gets the heading and every definition in one edit', async () => {
    const text = `${HEAD}${VERSIONS}`;
    const findings = await check(text);
    expect(findings.map((f) => [f.rule, f.edits?.length])).toEqual([
      ['unreleased-missing', 2],
      ['link-reference-missing', undefined],
      ['link-reference-missing', undefined]
    ]);
    const after = fixed(text, findings);
    expect(after).toBe(
      `${HEAD}## [Unreleased]\n\n${VERSIONS}\n[Unreleased]: https://github.com/acme/kit/compare/v1.1.0...HEAD\n[1.1.0]: https://github.com/acme/kit/compare/v1.0.0...v1.1.0\n[1.0.0]: https://github.com/acme/kit/releases/tag/v1.0.0\n`
    );
    expect(await check(after)).toEqual([]);
  });

  it('the tag prefix follows existing release-tag links; links of another pattern are kept as the pattern', async () => {
    const bare = `${HEAD}## [Unreleased]\n\n${VERSIONS}\n[1.0.0]: https://github.com/acme/kit/releases/tag/1.0.0\n`;
    const after = fixed(bare, await check(bare));
    expect(after).toContain('[1.1.0]: https://github.com/acme/kit/compare/1.0.0...1.1.0\n');
    expect(after).toContain('[Unreleased]: https://github.com/acme/kit/compare/1.1.0...HEAD\n');
    expect(await check(after)).toEqual([]);
    // release-tag links that disagree on the prefix: no edit
    const mixed = `${HEAD}## [Unreleased]\n\n${VERSIONS}\n[1.1.0]: https://github.com/acme/kit/releases/tag/v1.1.0\n[1.0.0]: https://github.com/acme/kit/releases/tag/1.0.0\n`;
    expect((await check(mixed)).filter((f) => f.rule === 'link-reference-missing').map((f) => f.edits)).toEqual([undefined]);
    // the changelog's own compare links win over the repository address
    const own = `${HEAD}## [Unreleased]\n\n${VERSIONS}\n[Unreleased]: https://github.com/other/fork/compare/v1.1.0...HEAD\n`;
    expect(fixed(own, await check(own))).toContain('[1.1.0]: https://github.com/other/fork/compare/v1.0.0...v1.1.0\n');
  });

  it('an [Unreleased] with no release below it gets no placeholder link', async () => {
    const text = `${HEAD}## [Unreleased]\n\n### Added\n- a\n`;
    const findings = await check(text);
    expect(findings.map((f) => [f.rule, f.edits])).toEqual([['link-reference-missing', undefined]]);
  });
});
