import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { makeFolder } from '../helpers/folder.js';
import { cli } from '../helpers/cli.js';
import { cleanupRepos, makeRepo } from '../helpers/git-repo.js';

afterAll(cleanupRepos);

const VERSION = (JSON.parse(readFileSync(path.resolve('package.json'), 'utf8')) as { version: string }).version;

const USAGE_LINE = 'Usage: kit-guard check [check-id ...]';

describe('cli/main: usage', () => {
  it('--version prints the package version', async () => {
    expect(await cli(['--version'])).toEqual({ code: ExitCode.Clean, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('--help prints the commands, options and exit codes', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(USAGE_LINE);
    expect(stdout).toContain('--fail-on LEVEL');
    expect(stdout).toContain('Exit codes: 0 clean, 1 findings');
  });

  it.each([
    [[], "kit-guard: a command is required"],
    [['lint'], "kit-guard: unknown command 'lint' (expected check or export)"],
    [['check', '--bogus'], "kit-guard: unknown option '--bogus' for 'check'"],
    [['check', '--host', 'claude'], "kit-guard: unknown option '--host' for 'check'"],
    [['export', 'build', '--base', 'main'], "kit-guard: unknown option '--base' for 'export build'"],
    [['export'], "kit-guard: 'export' needs a subcommand: build or check"],
    [['export', 'push'], "kit-guard: unknown export subcommand 'push' (expected build or check)"],
    [['check', '--format', 'xml'], "kit-guard: --format must be one of text, json (got 'xml')"],
    [['check', '--fail-on', 'fatal'], "kit-guard: --fail-on must be one of error, warning, notice (got 'fatal')"],
    [['check', '--root'], 'kit-guard: --root needs a value'],
    [['check', '--root', 'no/such/dir'], "kit-guard: --root: 'no/such/dir' is not a directory"],
    [['export', 'check', '--host', 'vim'], "kit-guard: --host: unknown host 'vim' (known: claude, codex, gemini, cursor, copilot)"]
  ])('%j exits 2 naming the problem, with the usage line', async (argv, message) => {
    const { code, stdout, stderr } = await cli(argv);
    expect(code).toBe(ExitCode.Usage);
    expect(stdout).toBe('');
    expect(stderr.split('\n')[0]).toBe(message);
    expect(stderr).toContain(USAGE_LINE);
  });

  it('an unknown check id exits 2 and lists the known ids', async () => {
    const repo = makeFolder({ files: { 'README.md': '# x\n' } });
    const { code, stderr } = await cli(['check', 'spelling', 'branch', '--root', repo.dir]);
    expect(code).toBe(ExitCode.Usage);
    expect(stderr).toMatch(/^kit-guard: unknown check: spelling \(known: schema, doc-truth, changelog, commits, branch/);
  });

  it('an invalid .kit-guard.yaml exits 2 naming the file, line and column', async () => {
    const repo = makeFolder({ files: { 'kit/.kit-guard.yaml': 'rules:\n  branch: off\nfailOn: fatal\n' } });
    const { code, stdout, stderr } = await cli(['check', 'branch', '--root', 'kit'], repo.dir);
    expect(code).toBe(ExitCode.Usage);
    expect(stdout).toBe('');
    expect(stderr.split('\n')[0]).toBe('kit-guard: the configuration cannot be used:');
    expect(stderr).toMatch(/^ {2}kit\/\.kit-guard\.yaml:3:9: .*failOn/m);
  });

  it('malformed YAML in .kit-guard.yaml exits 2 at the parse error', async () => {
    const repo = makeFolder({ files: { '.kit-guard.yaml': 'failOn: error\nfailOn: warning\n' } });
    const { code, stderr } = await cli(['check', 'branch', '--root', repo.dir]);
    expect(code).toBe(ExitCode.Usage);
    expect(stderr).toMatch(/\.kit-guard\.yaml:2:1: /);
  });
});

describe('cli/main: check', () => {
  it('exits 1 on a finding at the fail level and prints it grouped, with the fix and the count line', async () => {
    const repo = makeFolder({ files: { 'README.md': '# x\n' } });
    const { code, stdout, stderr } = await cli(['check', 'branch', '--root', repo.dir, '--branch', 'Login_Page']);
    expect(stderr).toBe('');
    expect(code).toBe(ExitCode.Findings);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('(repository)');
    expect(lines[1]).toMatch(/^ {2}- {2}error {2}branch\/name-invalid {2}.*Login_Page/);
    expect(lines[2]).toMatch(/^ {4}fix: \S/);
    expect(stdout.endsWith('\n1 error, 0 warnings, 0 notices\n')).toBe(true);
  });

  it('exits 0 with a clean count line when nothing is found', async () => {
    const repo = makeFolder({ files: { 'README.md': '# x\n' } });
    const { code, stdout } = await cli(['check', 'branch', '--root', repo.dir, '--branch', 'feat/login']);
    expect(code).toBe(ExitCode.Clean);
    expect(stdout).toBe('0 errors, 0 warnings, 0 notices\n');
  });

  it('--fail-on and the configured rules decide failing', async () => {
    const repo = makeFolder({ files: { '.kit-guard.yaml': 'rules:\n  branch: warning\n' } });
    const lenient = await cli(['check', 'branch', '--root', repo.dir, '--branch', 'Login_Page']);
    expect(lenient.code).toBe(ExitCode.Clean);
    expect(lenient.stdout).toMatch(/warning {2}branch\/name-invalid/);
    const strict = await cli(['check', 'branch', '--root', repo.dir, '--branch', 'Login_Page', '--fail-on', 'warning']);
    expect(strict.code).toBe(ExitCode.Findings);
  });

  it('--format json prints {findings, counts, failed, ran}', async () => {
    const repo = makeFolder({ files: { 'README.md': '# x\n' } });
    const { code, stdout } = await cli(['check', 'branch', '--root', repo.dir, '--branch', 'Login_Page', '--format', 'json']);
    expect(code).toBe(ExitCode.Findings);
    const report = JSON.parse(stdout) as { findings: { check: string; rule: string; severity: string }[]; counts: unknown; failed: boolean; ran: string[] };
    expect(Object.keys(report)).toEqual(['findings', 'counts', 'failed', 'ran']);
    expect(report.findings.map((f) => `${f.check}/${f.rule}/${f.severity}`)).toEqual(['branch/name-invalid/error']);
    expect(report.counts).toEqual({ error: 1, warning: 0, notice: 0 });
    expect(report.failed).toBe(true);
    expect(report.ran).toEqual(['branch']);
  });

  it('reads commits base..head from git with --base and reports a bad one', async () => {
    const repo = makeRepo({ files: { 'README.md': '# x\n' } });
    const base = repo.git('rev-parse', 'HEAD');
    repo.git('checkout', '-q', '-b', 'feat/thing');
    const good = repo.commit('feat: add a thing', { 'a.txt': 'a\n' });
    const bad = repo.commit('added stuff', { 'b.txt': 'b\n' });
    const { code, stdout } = await cli(['check', 'commits', 'branch', '--root', repo.dir, '--base', base, '--format', 'json']);
    expect(code).toBe(ExitCode.Findings);
    const report = JSON.parse(stdout) as { findings: { check: string; rule: string; message: string }[] };
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ check: 'commits', rule: 'header-invalid' });
    expect(report.findings[0]!.message).toContain(bad.slice(0, 7));
    expect(report.findings[0]!.message).not.toContain(good.slice(0, 7));
  });

  it('points at a broken link by file, line and column, relative to the current directory', async () => {
    const repo = makeFolder({ files: { 'kit/README.md': '# Kit\n\nSee [the guide](docs/guide.md) and [ok](README.md).\n' } });
    const { code, stdout } = await cli(['check', 'doc-truth', '--root', 'kit'], repo.dir);
    expect(code).toBe(ExitCode.Findings);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('kit/README.md');
    expect(lines[1]).toMatch(/^ {2}3:5 {2}error {2}doc-truth\/\S+ {2}.*docs\/guide\.md/);
    expect(stdout.endsWith('\n1 error, 0 warnings, 0 notices in 1 file\n')).toBe(true);
  });

  it("passes on this project's own kit (content/) with every check", async () => {
    const repo = makeFolder({ fixture: path.resolve('content') });
    const { code, stdout, stderr } = await cli(['check', '--root', repo.dir, '--branch', 'main']);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/(^|\n)0 errors, 0 warnings, \d+ notices? in \d+ files?\n$/);
    expect(code).toBe(ExitCode.Clean);
  });
});

describe('cli/main: export', () => {
  it('export check reports drift (exit 1) until export build writes the files (then exit 0)', async () => {
    const repo = makeFolder({ fixture: path.resolve('content') });
    // the fixture's committed exports may or may not exist; remove them so there is drift
    repo.write({ exports: null });
    const before = await cli(['export', 'check', '--root', repo.dir, '--host', 'codex']);
    expect(before.code).toBe(ExitCode.Findings);
    expect(before.stdout).toMatch(/\nExports out of date for codex: run 'kit-guard export build --root .*'\.\n$/);
    const build = await cli(['export', 'build', '--root', repo.dir, '--host', 'codex']);
    expect(build.code).toBe(ExitCode.Clean);
    const after = await cli(['export', 'check', '--root', repo.dir, '--host', 'codex']);
    // compile notices (lossy conversions) may remain; drift does not
    expect(after.stdout).toMatch(/(^|\n)0 errors, 0 warnings, \d+ notices? in \d+ files?\nExports are up to date\.\n$/);
    expect(after.code).toBe(ExitCode.Clean);
  });

  it('export build in the native layout refuses a host whose record folder holds another exporter\'s export, and builds the others', async () => {
    const repo = makeFolder({ fixture: path.resolve('content') });
    const config = readFileSync(path.join(repo.dir, '.kit-guard.yaml'), 'utf8');
    const seed = 'exports/hosts/claude';
    repo.write({
      exports: null,
      '.kit-guard.yaml': `${config}  layout: native\n`,
      [`${seed}/host-package.json`]: JSON.stringify({ host: 'claude', sources: ['AGENTS.md'], files: ['CLAUDE.md'] }),
      [`${seed}/export.manifest.json`]: JSON.stringify({ host: 'claude', source_hashes: {} }),
      [`${seed}/CLAUDE.md`]: 'written by the seed\n'
    });
    const build = await cli(['export', 'build', '--root', repo.dir, '--host', 'claude,codex']);
    expect(build.code).toBe(ExitCode.Findings);
    expect(build.stdout).toContain('export-path-taken');
    expect(build.stdout).toContain(`git rm -r ${seed}`);
    expect(readFileSync(path.join(repo.dir, seed, 'CLAUDE.md'), 'utf8')).toBe('written by the seed\n');
    expect(JSON.parse(readFileSync(path.join(repo.dir, seed, 'export.manifest.json'), 'utf8'))).toEqual({ host: 'claude', source_hashes: {} });
    expect(() => readFileSync(path.join(repo.dir, '.claude', 'agents', 'reviewer.md'))).toThrow();
    expect(readFileSync(path.join(repo.dir, '.codex', 'agents', 'reviewer.toml'), 'utf8')).toContain('name = "reviewer"');
  });

  it('applies the configured rules to export findings, but drift still fails', async () => {
    const repo = makeFolder({ fixture: path.resolve('content') });
    repo.write({ exports: null, '.kit-guard.yaml': 'rules:\n  export: off\n' });
    const { code, stdout } = await cli(['export', 'check', '--root', repo.dir, '--host', 'codex', '--format', 'json']);
    expect(code).toBe(ExitCode.Findings);
    expect(JSON.parse(stdout)).toEqual({ findings: [], counts: { error: 0, warning: 0, notice: 0 }, failed: true, ran: ['export'] });
  });
});
