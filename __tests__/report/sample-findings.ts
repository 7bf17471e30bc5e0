import type { Finding } from '../../src/model/finding.js';

/** A varied set of findings shared by the renderer tests: files, no file, no column, multi-line fix, hostile text. */
export const SAMPLE_FINDINGS: Finding[] = [
  {
    check: 'doc-truth',
    rule: 'link-target-missing',
    severity: 'error',
    message: 'Link target `docs/setup.md` does not exist.',
    file: 'README.md',
    line: 12,
    column: 5,
    endLine: 12,
    endColumn: 27,
    fix: 'Create docs/setup.md or point the link at an existing file.'
  },
  {
    check: 'branch',
    rule: 'name-not-allowed',
    severity: 'error',
    message: "Branch 'Feature/Login' does not match any allowed pattern.",
    fix: 'git branch -m Feature/Login feat/login'
  },
  {
    check: 'changelog',
    rule: 'missing-entry',
    severity: 'warning',
    message: 'feat/fix commits since the base but no new entry under [Unreleased].',
    file: 'CHANGELOG.md',
    line: 3,
    fix: 'Add under ## [Unreleased]:\n### Added\n- Login with SSO'
  },
  {
    check: 'doc-truth',
    rule: 'fragment-missing',
    severity: 'notice',
    message: 'Heading #install | <script>alert(1)</script> *bold* @octocat\nsecond line',
    file: 'README.md',
    line: 3,
    column: 1,
    fix: 'Use `#installation`.'
  },
  {
    check: 'schema',
    rule: 'invalid-value',
    severity: 'error',
    message: '/hosts/0 must be one of claude, codex, gemini, cursor',
    file: 'wazir.manifest.yaml',
    line: 7,
    column: 5,
    endLine: 9,
    endColumn: 1,
    fix: 'Use one of: claude, codex, gemini, cursor.'
  }
];
