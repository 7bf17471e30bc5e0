import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { cleanupRepos, folderWith } from '../helpers/git-repo.js';

// Each case runs in a child process with a time bound: a catastrophic regex would block
// the event loop, so an in-process test could never time out.
afterAll(cleanupRepos);

const BIN = path.resolve('lib/cli/index.js');
const LIB = path.resolve('lib/index.js');
const BOUND_MS = 20_000;
const HOSTILE = `${'a'.repeat(30)}!`;

function runNode(args: string[]): { code: number | null; stdout: string; stderr: string; timedOut: boolean } {
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: BOUND_MS, env: { PATH: process.env.PATH ?? '' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, timedOut: result.signal === 'SIGTERM' };
}

/** Runs the library's runChecks on `dir` in a child and prints the findings as JSON. */
function runLibrary(dir: string, checks: string[], change: Record<string, string>): ReturnType<typeof runNode> {
  const script = `import(${JSON.stringify(LIB)}).then(async (lib) => { const kit = lib.loadKit(${JSON.stringify(dir)}); const r = await lib.runChecks(kit, { checks: ${JSON.stringify(checks)}, change: ${JSON.stringify(change)} }); console.log(JSON.stringify(r.findings)); })`;
  return runNode(['--input-type=module', '-e', script]);
}

const SCHEMA = JSON.stringify({ type: 'object', properties: { name: { type: 'string', pattern: '^(a+)+$' } }, patternProperties: { '^(x+x+)+y$': { type: 'string' } } }, null, 2);
const SCHEMA_KIT = { '.kit-guard.yaml': 'schema:\n  mappings:\n    - files: ["data/*.yaml"]\n      schema: schemas/name.json\n', 'schemas/name.json': SCHEMA, 'data/hostile.yaml': `name: ${HOSTILE}\n${'x'.repeat(30)}: value\n` };

describe('hostile regular expressions finish in linear time', () => {
  it('a branch pattern (a+)+$ against 30 a\'s and a !: CLI', () => {
    const dir = folderWith({ '.kit-guard.yaml': 'branch:\n  patterns: ["(a+)+$"]\n', 'README.md': '# kit\n' });
    const run = runNode([BIN, 'check', 'branch', '--root', dir, '--branch', HOSTILE, '--format', 'json']);
    expect(run.timedOut).toBe(false);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('"rule": "name-invalid"');
  });

  it('a branch pattern (a+)+$ against 30 a\'s and a !: library', () => {
    const dir = folderWith({ '.kit-guard.yaml': 'branch:\n  patterns: ["(a+)+$"]\n', 'README.md': '# kit\n' });
    const run = runLibrary(dir, ['branch'], { branch: HOSTILE, title: 'feat: x' });
    expect(run.timedOut).toBe(false);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('name-invalid');
  });

  // the patternProperties key of 30 x's without a y is the catastrophic case of `^(x+x+)+y$`
  it('a schema pattern ^(a+)+$ and patternProperties: CLI and library', () => {
    const dir = folderWith(SCHEMA_KIT);
    const cli = runNode([BIN, 'check', 'schema', '--root', dir, '--format', 'json']);
    expect(cli.timedOut).toBe(false);
    expect(cli.code).toBe(1);
    const findings = (JSON.parse(cli.stdout) as { findings: Array<Record<string, unknown>> }).findings.filter((f) => f.file !== 'wazir.manifest.yaml');
    expect(findings.map((f) => [f.file, f.line, f.message])).toEqual([
      ['data/hostile.yaml', 1, 'data/hostile.yaml (schema schemas/name.json): /name must match pattern "^(a+)+$"']
    ]);
    const library = runLibrary(dir, ['schema'], {});
    expect(library.timedOut).toBe(false);
    expect(library.stdout).toContain('/name must match pattern');
  });

  it('refuses a schema pattern RE2 cannot run, at the pattern', () => {
    const schema = '{\n  "type": "object",\n  "properties": {\n    "name": { "type": "string", "pattern": "^(a)\\\\1$" }\n  }\n}\n';
    const dir = folderWith({ ...SCHEMA_KIT, 'schemas/name.json': schema });
    const cli = runNode([BIN, 'check', 'schema', '--root', dir, '--format', 'json']);
    expect(cli.timedOut).toBe(false);
    const findings = (JSON.parse(cli.stdout) as { findings: Array<Record<string, unknown>> }).findings;
    expect(findings).toContainEqual(expect.objectContaining({ file: 'schemas/name.json', line: 4, column: 44, message: expect.stringMatching(/backreferences are not supported/) }));
  });

  it('refuses a branch glob RE2 cannot run, at the glob in the configuration', () => {
    const dir = folderWith({ '.kit-guard.yaml': 'branch:\n  patterns:\n    - main\n    - "!(a)"\n', 'README.md': '# kit\n' });
    const run = runNode([BIN, 'check', 'branch', '--root', dir, '--branch', HOSTILE]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('.kit-guard.yaml:4:7: branch.patterns[1]: pattern "!(a)" cannot be run in linear time (RE2)');
  });
});
