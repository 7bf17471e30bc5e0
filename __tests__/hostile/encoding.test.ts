import { afterAll, describe, expect, it } from '@jest/globals';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { loadKit } from '../../src/kit/load.js';
import { runChecks } from '../../src/pipeline/run.js';
import { decodeUtf8 } from '../../src/repo/view.js';
import { snapshot } from '../export/writer-helpers.js';
import { cli } from '../helpers/cli.js';
import { cleanupRepos, fixturePath, folderWith, tempDir } from '../helpers/git-repo.js';

afterAll(cleanupRepos);

const bytes = (...parts: Array<string | number[]>): Uint8Array => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('bytes that are not UTF-8', () => {
  it('are located at their line and UTF-16 column', () => {
    expect(decodeUtf8(bytes('ok é\n'))).toBe('ok é\n');
    expect(decodeUtf8(bytes('line one\nab é ', [0xff], 'x\n'))).toEqual({ line: 2, column: 6, offset: 15 });
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], 'a', [0xc3]))).toEqual({ line: 1, column: 2, offset: 4 }); // cut short at the end, after a BOM
    expect(decodeUtf8(bytes('x', [0xed, 0xa0, 0x80]))).toEqual({ line: 1, column: 2, offset: 1 }); // an encoded surrogate
    expect(decodeUtf8(bytes([0xc0, 0xaf]))).toEqual({ line: 1, column: 1, offset: 0 }); // overlong
  });

  it('in Markdown, YAML and front matter are findings at their position', async () => {
    const dir = folderWith({
      'docs/page.md': bytes('# Page\n\nCaf', [0xe9], ' au lait\n'),
      '.kit-guard.yaml': 'schema:\n  mappings:\n    - files: ["data/*.yaml"]\n      schema: builtin:hook\n',
      'data/hook.yaml': bytes('id: x\nname: ', [0x80], '\n')
    });
    const { findings } = await runChecks(loadKit(dir), { checks: ['doc-truth', 'schema'] });
    expect(findings.filter((f) => f.file !== 'wazir.manifest.yaml').map((f) => [f.file, f.rule, f.line, f.column])).toEqual([
      ['data/hook.yaml', 'file-unreadable', 2, 7],
      ['docs/page.md', 'doc-unreadable', 3, 4]
    ]);
  });

  it('in a role are never exported (with U+FFFD): the build keeps the previous files and fails', async () => {
    const dir = tempDir();
    cpSync(fixturePath('kits', 'seed'), dir, { recursive: true });
    expect((await cli(['export', 'build', '--root', dir])).code).toBe(ExitCode.Clean);
    const before = snapshot(path.join(dir, 'exports'));
    const role = path.join(dir, 'roles/reviewer.md');
    writeFileSync(role, Buffer.concat([readFileSync(role), Buffer.from([0xff, 0x0a])]));
    const build = await cli(['export', 'build', '--root', dir, '--format', 'json']);
    expect(build.code).toBe(ExitCode.Findings);
    expect(JSON.parse(build.stdout).findings).toContainEqual(expect.objectContaining({ rule: 'source-unreadable', file: 'roles/reviewer.md', message: expect.stringContaining('is not valid UTF-8') }));
    const after = snapshot(path.join(dir, 'exports'));
    expect(after).toEqual(before);
    expect([...after.values()].some((b64) => Buffer.from(b64, 'base64').toString('utf8').includes('\uFFFD'))).toBe(false);
  });
});
