import { describe, expect, it } from '@jest/globals';
import { renderJson } from '../../src/report/render/json.js';
import { escapeMarkdown, renderMarkdown } from '../../src/report/render/markdown.js';
import { renderText } from '../../src/report/render/text.js';
import { countLine, withPrefix } from '../../src/report/counts.js';
import { golden } from './golden.js';
import { SAMPLE_FINDINGS } from './sample-findings.js';

const RAN = ['schema', 'doc-truth', 'changelog', 'commits', 'branch'];

describe('report/render/text', () => {
  it('groups by file, repository-wide findings first, with fixes indented and a count line', () => {
    const text = renderText(SAMPLE_FINDINGS, { pathPrefix: 'content' });
    expect(text).toBe(golden('sample.txt', text));
    // the structure, stated independently of the golden file
    const lines = text.split('\n');
    expect(lines[0]).toBe('(repository)');
    expect(lines).toContain('content/README.md');
    expect(lines.at(-2)).toBe('3 errors, 1 warning, 1 notice in 3 files');
  });

  it('aligns columns within a file and keeps multi-line fixes under the finding', () => {
    const text = renderText(SAMPLE_FINDINGS);
    const readme = text.split('\n\n').find((block) => block.startsWith('README.md\n'));
    expect(readme).toBe(
      [
        'README.md',
        '  3:1   notice  doc-truth/fragment-missing     Heading #install | <script>alert(1)</script> *bold* @octocat',
        '                                               second line',
        '    fix: Use `#installation`.',
        '  12:5  error   doc-truth/link-target-missing  Link target `docs/setup.md` does not exist.',
        '    fix: Create docs/setup.md or point the link at an existing file.'
      ].join('\n')
    );
    const changelog = text.split('\n\n').find((block) => block.startsWith('CHANGELOG.md\n'));
    expect(changelog).toBe(
      [
        'CHANGELOG.md',
        '  3  warning  changelog/missing-entry  feat/fix commits since the base but no new entry under [Unreleased].',
        '    fix: Add under ## [Unreleased]:',
        '         ### Added',
        '         - Login with SSO'
      ].join('\n')
    );
  });

  it('prints only the count line when there is nothing to report', () => {
    expect(renderText([])).toBe('0 errors, 0 warnings, 0 notices\n');
  });
});

describe('report/render/json', () => {
  it('writes {findings, counts, failed, ran} with sorted findings and a fixed key order', () => {
    const json = renderJson({ findings: SAMPLE_FINDINGS, failed: true, ran: RAN });
    expect(json).toBe(golden('sample.json', json));
    const parsed = JSON.parse(json) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['findings', 'counts', 'failed', 'ran']);
    expect(parsed.counts).toEqual({ error: 3, warning: 1, notice: 1 });
    const findings = parsed.findings as Record<string, unknown>[];
    expect(findings.map((f) => `${String(f.file ?? '')}:${String(f.line ?? '')}`)).toEqual([':', 'CHANGELOG.md:3', 'README.md:3', 'README.md:12', 'wazir.manifest.yaml:7']);
    expect(Object.keys(findings[4]!)).toEqual(['check', 'rule', 'severity', 'message', 'file', 'line', 'column', 'endLine', 'endColumn', 'fix']);
  });

  it('writes a finding\'s machine edits last, and no edits key where it has none', () => {
    const edit = { file: 'CHANGELOG.md', start: { line: 3, column: 5 }, end: { line: 3, column: 10 }, text: 'Fixed' };
    const finding = { check: 'changelog', rule: 'unknown-category', severity: 'warning' as const, message: 'm', file: 'CHANGELOG.md', line: 3, column: 5, edits: [edit] };
    const [written] = (JSON.parse(renderJson({ findings: [finding], failed: false, ran: RAN })) as { findings: Record<string, unknown>[] }).findings;
    expect(Object.keys(written!).slice(-2)).toEqual(['docs', 'edits']);
    expect(written!.edits).toEqual([edit]);
    const { edits: _none, ...plain } = finding;
    expect(Object.keys((JSON.parse(renderJson({ findings: [plain], failed: false, ran: RAN })) as { findings: Record<string, unknown>[] }).findings[0]!)).not.toContain('edits');
  });

  it('is the same whatever order the findings arrive in', () => {
    const reversed = renderJson({ findings: [...SAMPLE_FINDINGS].reverse(), failed: true, ran: RAN });
    expect(reversed).toBe(renderJson({ findings: SAMPLE_FINDINGS, failed: true, ran: RAN }));
  });
});

describe('report/render/markdown', () => {
  it('renders the job summary table with every piece of user text escaped', () => {
    const md = renderMarkdown({ findings: SAMPLE_FINDINGS, failed: true, ran: RAN }, { pathPrefix: 'content', failOn: 'error' });
    expect(md).toBe(golden('sample.md', md));
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('@octocat');
    // the hostile message stays in one cell: its pipe is escaped and its new line is a <br>
    const row = md.split('\n').find((l) => l.includes('fragment-missing'))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(7);
    expect(row).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(row).toContain('<br>second line');
  });

  it('links locations when given a URL builder and cuts long tables with a count', () => {
    const many = Array.from({ length: 5 }, (_, i) => ({ ...SAMPLE_FINDINGS[0]!, line: i + 1 }));
    const md = renderMarkdown({ findings: many, failed: false, ran: ['doc-truth'] }, { maxRows: 2, fileUrl: (file, line) => `https://github.com/o/r/blob/abc/${file}#L${line}` });
    expect(md).toContain('| ❌ error | [README.md:1:5](https://github.com/o/r/blob/abc/README.md#L1) |');
    expect(md.split('\n').filter((l) => l.startsWith('| ❌'))).toHaveLength(2);
    expect(md).toContain('…and 3 more findings not shown here');
    expect(md.startsWith('### kit-guard: ✅ passed with findings\n')).toBe(true);
  });

  it('says passed and draws no table for a clean run', () => {
    const md = renderMarkdown({ findings: [], failed: false, ran: ['schema'] }, { failOn: 'warning' });
    expect(md).toBe('### kit-guard: ✅ passed\n\n0 errors, 0 warnings, 0 notices. Fail level: warning. Checks: <code>schema</code>.\n');
  });

  it('escapes Markdown and HTML so text cannot change the page', () => {
    expect(escapeMarkdown('a|b <b>x</b> *y* _z_ [l](u) `c` ~s~ $m$ \\ @me & "q"\nnext')).toBe(
      'a\\|b &lt;b&gt;x&lt;/b&gt; \\*y\\* \\_z\\_ \\[l\\](u) \\`c\\` \\~s\\~ \\$m\\$ \\\\ &#64;me &amp; &quot;q&quot;<br>next'
    );
  });
});

describe('report/counts', () => {
  it('pluralises and counts distinct files only', () => {
    expect(countLine(SAMPLE_FINDINGS.slice(0, 1))).toBe('1 error, 0 warnings, 0 notices in 1 file');
    expect(countLine(SAMPLE_FINDINGS.slice(1, 2))).toBe('1 error, 0 warnings, 0 notices');
  });

  it('joins a kit folder to kit-relative paths', () => {
    expect(withPrefix('', 'a.md')).toBe('a.md');
    expect(withPrefix('.', 'a.md')).toBe('a.md');
    expect(withPrefix('./content/', 'a.md')).toBe('content/a.md');
    expect(withPrefix('../kit', 'docs/a.md')).toBe('../kit/docs/a.md');
  });
});
