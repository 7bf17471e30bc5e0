import { afterAll, describe, expect, it } from '@jest/globals';
import { exportVerdict } from '../../src/cli/main.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import type { Finding } from '../../src/model/finding.js';
import { escapeControl } from '../../src/report/escape.js';
import { renderText } from '../../src/report/render/text.js';
import { createAjv, schemaErrorsToFindings } from '../../src/schema/validate.js';
import { parseYaml } from '../../src/parse/yaml.js';
import { cli } from '../helpers/cli.js';
import { cleanupRepos, folderWith } from '../helpers/git-repo.js';

afterAll(cleanupRepos);

const notice = (message: string, file?: string): Finding => ({ check: 'export', rule: 'derived-field', severity: 'notice', message, ...(file ? { file } : {}), fix: 'State it.' });

describe('cli output a person reads', () => {
  it('accepts a value starting with "-" (--title -x)', async () => {
    const dir = folderWith({ 'README.md': '# kit\n' });
    const { code, stdout, stderr } = await cli(['check', 'commits', '--root', dir, '--title', '-x']);
    expect(stderr).toBe('');
    expect(code).toBe(ExitCode.Findings);
    expect(stdout).toContain('pull request title "-x"');
  });

  it('outside a git work tree, check commits branch says what was not checked', async () => {
    const dir = folderWith({ 'README.md': '# kit\n' });
    const { code, stdout } = await cli(['check', 'commits', 'branch', '--root', dir]);
    expect(code).toBe(ExitCode.Clean);
    expect(stdout).toContain('commits/range-unavailable  the kit is not inside a git work tree, so no commit message was checked');
    expect(stdout).toContain('branch/name-unavailable    the kit is not inside a git work tree and no branch name was given, so the branch name was not checked');
    expect(stdout.endsWith('\n0 errors, 0 warnings, 2 notices\n')).toBe(true);
  });

  it('escapes control bytes of commit messages and file names in text output', async () => {
    const dir = folderWith({ 'docs/evil\u001b[2Jname.md': '[x](missing.md)\n' });
    const { stdout } = await cli(['check', 'commits', 'doc-truth', '--root', dir, '--title', 'Added \u001b]0;pwned\u0007 title\u0008over']);
    expect(stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(stdout).toContain('docs/evil\\x1b[2Jname.md');
    expect(stdout).toContain('pull request title "Added \\x1b]0;pwned\\x07 title\\x08over"');
    expect(escapeControl('a\u202eb\tc\nd')).toBe('a\\u202eb\tc\nd');
  });

  it('--min-severity warning hides notices and says how many', async () => {
    const dir = folderWith({ 'README.md': '# kit\n' });
    const { stdout } = await cli(['check', 'commits', '--root', dir, '--min-severity', 'warning']);
    expect(stdout).toBe('0 errors, 0 warnings, 0 notices (1 finding below the shown severity hidden)\n');
    expect((await cli(['check', '--min-severity', 'loud'])).stderr).toContain("--min-severity must be one of error, warning, notice (got 'loud')");
  });

  it('folds three or more notices of one rule and host into one line', () => {
    const findings = [notice('Codex CLI: a derived', 'roles/a.md'), notice('Codex CLI: b derived', 'roles/b.md'), notice('Codex CLI: c derived', 'roles/c.md'), notice('Cursor: a derived', 'roles/a.md')];
    const text = renderText(findings, { groupNoticesFrom: 3 });
    expect(text.split('\n').filter((l) => l.includes('notice  export/derived-field'))).toEqual([
      '  -  notice  export/derived-field  Codex CLI: 3 notices like this one (roles/a.md: a derived)',
      '  1  notice  export/derived-field  Cursor: a derived'.replace('  1  ', '  -  ')
    ]);
    expect(text.endsWith('0 errors, 0 warnings, 4 notices in 3 files\n')).toBe(true);
  });

  it('counts no files for findings about no file', () => {
    expect(renderText([{ check: 'branch', rule: 'name-invalid', severity: 'error', message: 'x' }]).endsWith('\n1 error, 0 warnings, 0 notices\n')).toBe(true);
  });

  it('export check ends with a line that agrees with the findings', () => {
    const migration: Finding = { check: 'export', rule: 'export-format-migration', severity: 'warning', message: 'm', file: 'exports/hosts/claude/export.manifest.json' };
    const hosts = [
      { host: 'claude', upToDate: true, findings: [migration] },
      { host: 'codex', upToDate: true, findings: [] }
    ];
    expect(exportVerdict({ hosts }, [migration], undefined)).toBe("Exports match their sources, but claude was written by another exporter: 'kit-guard export build' would rewrite files (see the warnings above).");
    expect(exportVerdict({ hosts: [{ host: 'codex', upToDate: true, findings: [] }] }, [{ ...migration, rule: 'invalid-export', severity: 'error' }], 'kit')).toBe('Generated files match their sources, but 1 error above must be fixed.');
    expect(exportVerdict({ hosts: [{ host: 'codex', upToDate: false, findings: [] }] }, [], 'kit')).toBe("Exports out of date for codex: run 'kit-guard export build --root kit'.");
  });

  it('says "an object", "an array", "an integer" in fixes', () => {
    const ajv = createAjv('2020-12');
    const validate = ajv.compile({ type: 'object', properties: { a: { type: 'object' }, b: { type: 'array' }, c: { type: 'integer' } } });
    const text = 'a: 1\nb: 2\nc: x\n';
    validate(parseYaml(text, { file: 'f.yaml' }, 'schema').data);
    const fixes = schemaErrorsToFindings(validate.errors, parseYaml(text, { file: 'f.yaml' }, 'schema'), { check: 'schema', rule: 'r', file: 'f.yaml', subject: 'f' }).map((f) => f.fix);
    expect(fixes).toEqual(['Change the value to an object.', 'Change the value to an array.', 'Change the value to an integer.']);
  });
});
