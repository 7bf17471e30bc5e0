import { indexDiff, labelFindings } from '../../src/diff/filter.js';
import { fingerprintFindings } from '../../src/diff/fingerprint.js';
import { suggestionFor } from '../../src/diff/suggestion.js';
import type { Finding } from '../../src/model/finding.js';
import { renderInlineComment } from '../../src/report/render/comment.js';
import { buildFixPatch, MAX_FIX_PATCH_COMMENT_CHARS, renderFixPatchSection } from '../../src/report/render/fix-patch.js';

/**
 * The pull request the README's suggestion and patch examples are rendered from: it adds
 * a `### fixed` heading (a fix on the diff's lines), while a released version further
 * down has `### security` (a fix outside them).
 */
const CHANGELOG = [
  '# Changelog', '', '## [Unreleased]', '', '### Added', '- Login page', '',
  '### fixed', //                                                   8 (added)
  '- Crash on start', '', '## [1.0.0] - 2024-01-31', '', '### Added', '- First release', '',
  '### security', //                                                16 (not in the diff)
  '- Escape file names', ''
].join('\n');

const category = (line: number, from: string, to: string): Finding => ({
  check: 'changelog',
  rule: 'unknown-category',
  severity: 'error',
  file: 'CHANGELOG.md',
  line,
  column: 5,
  endLine: line,
  endColumn: 5 + from.length,
  message: `"### ${from}" is not an allowed category (allowed: Added, Changed, Deprecated, Removed, Fixed, Security)`,
  fix: `Rename it to "### ${to}".`,
  edits: [{ file: 'CHANGELOG.md', start: { line, column: 5 }, end: { line, column: 5 + from.length }, text: to }]
});

const ON_DIFF = category(8, 'fixed', 'Fixed');
const OUTSIDE = category(16, 'security', 'Security');
const DIFF = indexDiff([{ path: 'CHANGELOG.md', status: 'modified', patch: '@@ -5,6 +5,9 @@\n ### Added\n - Login page\n \n+### fixed\n+- Crash on start\n+\n ## [1.0.0] - 2024-01-31\n \n ### Added' }]);

export function exampleSuggestionComment(): string {
  const labelled = labelFindings([ON_DIFF], DIFF);
  const suggestion = suggestionFor(ON_DIFF.edits!, CHANGELOG, DIFF.files.get('CHANGELOG.md')!);
  return renderInlineComment(ON_DIFF, fingerprintFindings(labelled)[0]!, undefined, suggestion!.text);
}

export function exampleFixPatchSection(): string {
  const fix = buildFixPatch([OUTSIDE], () => ({ text: CHANGELOG }));
  return `#### Fixes to apply\n\n${renderFixPatchSection(fix, { maxChars: MAX_FIX_PATCH_COMMENT_CHARS, scope: 'unsuggested' }).trimEnd()}`;
}
