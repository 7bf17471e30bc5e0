import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { commandSubject, docTruthCheck } from '../../src/checks/doc-truth/index.js';
import { loadKit, type Kit } from '../../src/kit/load.js';
import { compareFindings, type Finding } from '../../src/model/finding.js';
import { cleanupRepos, makeRepo, type TestRepo } from '../helpers/git-repo.js';

afterAll(cleanupRepos);

const MANIFEST = 'manifest_version: 2\nproject:\n  name: wazir\n  version: 1.0.0\n';

function kitWith(files: Record<string, string>, setup?: (repo: TestRepo) => void): Kit {
  const repo = makeRepo({ files: { 'wazir.manifest.yaml': MANIFEST, ...files } });
  setup?.(repo);
  return loadKit(repo.dir);
}

async function run(kit: Kit): Promise<Finding[]> {
  return [...(await docTruthCheck.run({ kit, change: {} }))].sort(compareFindings);
}

type Where = Pick<Finding, 'check' | 'rule' | 'severity' | 'file' | 'line' | 'column'>;

/** The fields every failing case pins down. */
function where(findings: Finding[]): Where[] {
  return findings.map(({ check, rule, severity, file, line, column }) => ({ check, rule, severity, file, line, column }));
}

function finding(rule: string, file: string, line: number, column: number, severity: Finding['severity'] = 'error'): Where {
  return { check: 'doc-truth', rule, severity, file, line, column };
}

/** Runs the check on one doc (docs/page.md) beside the given files. */
async function page(text: string, files: Record<string, string> = {}, setup?: (repo: TestRepo) => void): Promise<Finding[]> {
  return run(kitWith({ 'docs/page.md': text, 'docs/guide.md': '# Guide\n\n## Install\n', ...files }, setup));
}

describe('doc-truth: local link targets', () => {
  it('accepts links to existing files, folders, the root, and with titles, queries and escapes (edge cases 1, 3, 5, 9, 10, 11)', async () => {
    const findings = await page(
      [
        '[g](guide.md) [s](sub/) [s2](sub) [r](/README.md) [up](../README.md)',
        '[sp](my%20file.md) [sp2](<my file.md>) [q](guide.md?plain=1) [t](guide.md "Title") [root](/)',
        '<a href="guide.md">g</a> <img src="sub/pic.png"> ![i](sub/pic.png)'
      ].join('\n'),
      { 'README.md': '# Kit\n', 'docs/sub/pic.png': 'png', 'docs/my file.md': '# Spaced\n' }
    );
    expect(findings).toEqual([]);
  });

  it('reports a missing file at the link, suggesting a similar name in the folder', async () => {
    const findings = await page('Intro text\n\nSee [the guide](guid.md) now.\n');
    expect(where(findings)).toEqual([finding('link-target-missing', 'docs/page.md', 3, 5)]);
    expect(findings[0]).toMatchObject({ endLine: 3, endColumn: 25 });
    expect(findings[0]?.fix).toContain('guide.md');
  });

  it('suggests where a file moved when a file of that name exists elsewhere', async () => {
    const findings = await page('[c](setup.md)\n', { 'docs/reference/setup.md': '# Setup\n' });
    expect(where(findings)).toEqual([finding('link-target-missing', 'docs/page.md', 1, 1)]);
    expect(findings[0]?.fix).toContain('reference/setup.md');
  });

  it('reports a link that exists only in another letter case, with the on-disk spelling as fix (edge case 2)', async () => {
    const findings = await page('[g](Guide.md) [d](../Docs/guide.md)\n');
    expect(where(findings)).toEqual([finding('link-case-mismatch', 'docs/page.md', 1, 1), finding('link-case-mismatch', 'docs/page.md', 1, 15)]);
    expect(findings[0]?.fix).toBe('Change the link to guide.md');
    expect(findings[1]?.fix).toBe('Change the link to guide.md');
  });

  it('reports a link to a folder that holds no files, since git stores no empty folders (edge case 4)', async () => {
    const findings = await page('[e](empty/)\n', {}, (repo) => mkdirSync(path.join(repo.dir, 'docs', 'empty', 'nested'), { recursive: true }));
    expect(where(findings)).toEqual([finding('link-target-missing', 'docs/page.md', 1, 1)]);
    expect(findings[0]?.message).toContain('git stores no empty folders');
  });

  it('refuses links that leave the repository and never looks them up (edge case 6)', async () => {
    const findings = await page('[x](../../../../etc/hosts)\n');
    expect(where(findings)).toEqual([finding('link-outside-repo', 'docs/page.md', 1, 1)]);
  });

  it('reports a trailing slash on a file and a backslash separator (edge cases 7, 8)', async () => {
    const findings = await page('[a](guide.md/)\n[b](..\\docs\\guide.md)\n');
    expect(where(findings)).toEqual([finding('link-target-missing', 'docs/page.md', 1, 1), finding('link-target-missing', 'docs/page.md', 2, 1)]);
    expect(findings[0]?.fix).toBe('Remove the trailing slash: guide.md');
    expect(findings[1]?.fix).toBe('Write the path with forward slashes: ../docs/guide.md');
  });

  it('skips external links: any scheme and protocol-relative URLs (edge case 46)', async () => {
    expect(await page('[m](mailto:a@b.test) [h](https://x.test/missing.md) [c](//cdn.test/a.js) [f](ftp://x) <https://x.test/y>\n')).toEqual([]);
  });

  it('ignores links in inline code, fences, indented code, HTML comments and escaped brackets (edge cases 32-35, 50)', async () => {
    const findings = await page(
      [
        '`[x](missing1.md)` [[Page]] docs/missing2.md \\[x](missing3.md)',
        '',
        '```md',
        '[x](missing4.md)',
        '```',
        '',
        '    [x](missing5.md)',
        '',
        '<!-- [x](missing6.md)',
        '<a href="missing7.md"> -->'
      ].join('\n')
    );
    expect(findings).toEqual([]);
  });

  it('checks raw HTML <a href> and <img src> (edge case 39)', async () => {
    const findings = await page('<a href="missing.md">x</a>\n\n<p>\n  <img src="img/nope.png">\n</p>\n');
    expect(where(findings)).toEqual([finding('link-target-missing', 'docs/page.md', 1, 1), finding('link-target-missing', 'docs/page.md', 4, 3)]);
  });

  it('checks the srcset candidates of <picture> sources and images, naming the tag', async () => {
    const doc = [
      '<picture>',
      '  <source media="(prefers-color-scheme: dark)" srcset="art/night.svg">',
      '  <img alt="logo" src="art/day.svg" srcset="art/day.svg 1x,art/day-big.svg 2x">',
      '</picture>',
      ''
    ].join('\n');
    expect(await page(doc, { 'docs/art/night.svg': 'svg', 'docs/art/day.svg': 'svg', 'docs/art/day-big.svg': 'svg' })).toEqual([]);
    const findings = await page(doc, { 'docs/art/day.svg': 'svg' });
    expect(where(findings)).toEqual([finding('link-target-missing', 'docs/page.md', 2, 3), finding('link-target-missing', 'docs/page.md', 3, 3)]);
    expect(findings.map((f) => f.message)).toEqual([
      'the <source> tag points at "art/night.svg", which does not exist (resolved to docs/art/night.svg)',
      'the <img> tag points at "art/day-big.svg", which does not exist (resolved to docs/art/day-big.svg)'
    ]);
  });

  it('checks an image file and ignores its fragment (edge case 40)', async () => {
    expect(await page('![a](img/logo.png#gh-dark-mode-only)\n', { 'docs/img/logo.png': 'png' })).toEqual([]);
    const findings = await page('![a](img/gone.png#gh-dark-mode-only)\n');
    expect(where(findings)).toEqual([finding('link-target-missing', 'docs/page.md', 1, 1)]);
  });

  it('follows a symlink inside the repository and reports a dangling one (edge case 47)', async () => {
    const ok = await page('[l](link.md)\n', { 'README.md': '# Kit\n' }, (repo) => symlinkSync('../README.md', path.join(repo.dir, 'docs', 'link.md')));
    expect(ok).toEqual([]);
    const dangling = await page('[l](dangling.md)\n', {}, (repo) => symlinkSync('nowhere.md', path.join(repo.dir, 'docs', 'dangling.md')));
    expect(where(dangling)).toEqual([finding('link-target-missing', 'docs/page.md', 1, 1)]);
  });
});

describe('doc-truth: reference links and definitions', () => {
  it('reports a broken definition once, at the definition, saying how often it is used (edge case 36)', async () => {
    const findings = await page('Use [x][ref] and [again][REF] and [ref].\n\n[REF]: missing.md\n');
    expect(where(findings)).toEqual([finding('link-target-missing', 'docs/page.md', 3, 1)]);
    expect(findings[0]?.message).toContain('used 3 times');
  });

  it('treats an undefined reference as text (edge case 37)', async () => {
    expect(await page('[x][nope] and [nope]\n')).toEqual([]);
  });

  it('checks a definition even when nothing uses it (edge case 38)', async () => {
    const findings = await page('Text\n\n[unused]: missing.md\n');
    expect(where(findings)).toEqual([finding('link-target-missing', 'docs/page.md', 3, 1)]);
    expect(findings[0]?.message).toContain('not used in this file');
  });

  it('checks fragments of definitions', async () => {
    const findings = await page('[x][g]\n\n[g]: guide.md#nowhere\n');
    expect(where(findings)).toEqual([finding('fragment-missing', 'docs/page.md', 3, 1)]);
  });
});

describe('doc-truth: fragments', () => {
  const HEADINGS = [
    '# Setup', // setup
    '# Setup', // setup-1
    '# Setup 1', // setup-1-1
    '## Foo & Bar', // foo--bar
    "## What's new?", // whats-new
    '## C++ API (v2.0)', // c-api-v20
    '## 🚀 Launch', // -launch
    '## ⚠️ Notes', // \uFE0F-notes
    '## :rocket: Go', // rocket-go
    '## `npm install`', // npm-install
    '## [Docs](https://x.test) here', // docs-here
    '## ![logo](l.png) Title', // title
    '## Übersicht', // übersicht
    '## Install', // install
    'Intro', // intro (setext)
    '=====',
    '> ## Note', // note
    '## Title {#custom}', // title-custom
    '<a id="anchor"></a> <div id="box"></div> <span name="spanned"></span> <a name="named"></a>',
    ''
  ].join('\n');

  it('accepts GitHub ids: duplicates, cascade, punctuation, emoji, shortcodes, code, link text, encoding, setext, quotes, HTML anchors (edge cases 12-22, 24, 26, 27, 31)', async () => {
    const links = [
      '#', '#top', '#setup', '#setup-1', '#setup-1-1', '#foo--bar', '#whats-new', '#c-api-v20', '#-launch', '#%EF%B8%8F-notes', '#rocket-go',
      '#npm-install', '#docs-here', '#title', '#%C3%BCbersicht', '#übersicht', '#install', '#intro', '#note', '#title-custom', '#anchor', '#box',
      '#named', '#user-content-install'
    ];
    const findings = await page(`${HEADINGS}\n${links.map((l, i) => `[l${i}](${l})`).join(' ')}\n`, { 'docs/l.png': 'png' });
    expect(findings).toEqual([]);
  });

  it('reports fragments GitHub does not create, with the closest anchors as fix (edge cases 13, 15, 18, 23, 30, 31)', async () => {
    const doc = `${HEADINGS}[a](#setup-2)\n[b](#foo-bar)\n[c](#launch)\n[d](#logo-title)\n[e](#custom)\n[f](#spanned)\n`;
    const findings = await page(doc, { 'docs/l.png': 'png' });
    expect(where(findings)).toEqual([20, 21, 22, 23, 24, 25].map((line) => finding('fragment-missing', 'docs/page.md', line, 1)));
    expect(findings[1]?.fix).toContain('#foo--bar');
    expect(findings[2]?.fix).toContain('#-launch');
  });

  it('reports a fragment that matches only in another case, with configurable severity (edge case 25)', async () => {
    const findings = await page('## Install\n\n[i](#Install)\n');
    expect(where(findings)).toEqual([finding('fragment-case-mismatch', 'docs/page.md', 3, 1)]);
    expect(findings[0]?.fix).toBe('Use #install');
    const lenient = await page('## Install\n\n[i](#Install)\n', { '.kit-guard.yaml': 'docTruth:\n  fragmentCaseMismatch: warning\n' });
    expect(where(lenient)).toEqual([finding('fragment-case-mismatch', 'docs/page.md', 3, 1, 'warning')]);
  });

  it('does not take headings from code, front matter or attribute syntax (edge cases 28-30)', async () => {
    const doc = ['---', 'title: Hi', '---', '```bash', '# comment', '```', '', '    # indented', '', '[a](#comment) [b](#title-hi) [c](#indented)', ''].join('\n');
    const findings = await page(doc);
    expect(where(findings)).toEqual([finding('fragment-missing', 'docs/page.md', 10, 1), finding('fragment-missing', 'docs/page.md', 10, 15), finding('fragment-missing', 'docs/page.md', 10, 30)]);
  });

  it('checks fragments in other Markdown files, including ones outside the scanned docs (edge case 41)', async () => {
    const files = { 'docs/plans/roadmap.md': '# Roadmap\n\n## Next steps\n' };
    expect(await page('[a](guide.md#install) [b](plans/roadmap.md#next-steps) [c](/docs/guide.md#guide)\n', files)).toEqual([]);
    const findings = await page('[a](guide.md#uninstall) [b](plans/roadmap.md#later)\n', files);
    expect(where(findings)).toEqual([finding('fragment-missing', 'docs/page.md', 1, 1), finding('fragment-missing', 'docs/page.md', 1, 25)]);
    expect(findings[0]?.message).toContain('docs/guide.md');
    expect(findings[0]?.fix).toContain('#install');
  });

  it("checks a folder link's fragment against the folder's README (edge case 42)", async () => {
    const files = { 'docs/sub/README.md': '# Sub\n\n## Setup\n', 'docs/bare/file.txt': 'x' };
    expect(await page('[s](sub/#setup)\n', files)).toEqual([]);
    const findings = await page('[s](sub/#teardown)\n[b](bare/#x)\n', files);
    expect(where(findings)).toEqual([finding('fragment-missing', 'docs/page.md', 1, 1), finding('fragment-missing', 'docs/page.md', 2, 1)]);
    expect(findings[1]?.message).toContain('no README');
  });

  it('accepts line anchors on source files and notes them on rendered Markdown (edge case 43)', async () => {
    const files = { 'src/app.ts': 'export {};\n' };
    expect(await page('[a](../src/app.ts#L10) [b](../src/app.ts#L10-L20) [c](../src/app.ts#L19C5-L21C11) [d](guide.md?plain=1#L3)\n', files)).toEqual([]);
    const findings = await page('[a](guide.md#L10)\n', files);
    expect(where(findings)).toEqual([finding('line-anchor-in-markdown', 'docs/page.md', 1, 1, 'notice')]);
    expect(findings[0]?.fix).toContain('guide.md?plain=1#L10');
  });

  it("accepts #readme on a README (edge case 44) and skips fragments of non-Markdown files", async () => {
    expect(await page('[r](../README.md#readme) [j](data.json#key)\n', { 'README.md': '# Kit\n', 'docs/data.json': '{}' })).toEqual([]);
  });
});

describe('doc-truth: which docs are scanned', () => {
  it('scans README.md and docs/**/*.md but not plans, research, audit or daemon notes', async () => {
    const kit = kitWith({
      'README.md': '[a](missing-a.md)\n',
      'docs/deep/x.md': '[b](missing-b.md)\n',
      'docs/plans/p.md': '[c](missing-c.md)\n',
      'docs/research/r.md': '[d](missing-d.md)\n',
      'notes/n.md': '[e](missing-e.md)\n'
    });
    expect(where(await run(kit))).toEqual([finding('link-target-missing', 'docs/deep/x.md', 1, 1), finding('link-target-missing', 'README.md', 1, 1)]);
  });

  it('uses the configured docs globs and excludes', async () => {
    const kit = kitWith({
      '.kit-guard.yaml': 'docTruth:\n  docs: ["notes/**/*.md"]\n  exclude: ["notes/old/**"]\n',
      'README.md': '[a](missing-a.md)\n',
      'notes/n.md': 'Text\n[e](missing-e.md)\n',
      'notes/old/o.md': '[f](missing-f.md)\n'
    });
    expect(where(await run(kit))).toEqual([finding('link-target-missing', 'notes/n.md', 2, 1)]);
  });
});

const CLAIM = (id: string, type: string, subject: string, file = 'README.md'): string =>
  `- id: ${id}\n  file: ${file}\n  claim_type: ${type}\n  subject: ${subject}\n  verifier: command_registry\n  required: true\n`;

describe('doc-truth: documented commands', () => {
  it('reports exactly `wazir config` and `wazir init` when the docs mention them and no claims exist (the seed case)', async () => {
    const kit = kitWith({
      'README.md': '# Wazir\n\nRun `wazir init` first, then `wazir config`.\n',
      'docs/guide.md': '# Guide\n\nAgain: `wazir init --force`.\n\n```sh\nwazir frobnicate\n```\n'
    });
    const findings = await run(kit);
    expect(where(findings)).toEqual([finding('command-without-claim', 'README.md', 3, 5), finding('command-without-claim', 'README.md', 3, 30)]);
    expect(findings.map((f) => f.message)).toEqual([
      '`wazir init` is documented here but docs/truth-claims.yaml (the file does not exist yet) has no command claim for it',
      '`wazir config` is documented here but docs/truth-claims.yaml (the file does not exist yet) has no command claim for it'
    ]);
    expect(findings[0]?.fix).toBe(
      'Add this claim to docs/truth-claims.yaml:\n- id: command-init\n  file: README.md\n  claim_type: command\n  subject: wazir init\n  verifier: command_registry\n  required: true'
    );
  });

  it('passes when every documented command has a supported, documented claim', async () => {
    const kit = kitWith({
      'README.md': 'Use `wazir export build`, `wazir export --check`, `wazir index <query>`, `wazir validate ...` and `wazir doctor --json`.\n',
      'docs/truth-claims.yaml':
        CLAIM('c1', 'command', 'wazir export build') + CLAIM('c2', 'command', 'wazir export --check') + CLAIM('c3', 'command', 'wazir index') + CLAIM('c4', 'command', 'wazir validate') + CLAIM('c5', 'command', 'doctor')
    });
    expect(await run(kit)).toEqual([]);
  });

  it('reports a command claim outside the registry at its subject, suggesting close commands', async () => {
    const kit = kitWith({ 'README.md': 'Run `wazir exprot build`.\n', 'docs/truth-claims.yaml': CLAIM('c1', 'command', 'wazir exprot build') });
    const findings = await run(kit);
    expect(where(findings)).toEqual([finding('command-unsupported', 'docs/truth-claims.yaml', 4, 12)]);
    expect(findings[0]?.fix).toContain('"wazir export build"');
  });

  it('reports a command claim that no doc mentions, at the claim', async () => {
    const kit = kitWith({ 'README.md': '# Kit\n', 'docs/truth-claims.yaml': CLAIM('c1', 'command', 'wazir doctor') + CLAIM('c2', 'command', 'wazir status') });
    expect(where(await run(kit))).toEqual([finding('command-claim-undocumented', 'docs/truth-claims.yaml', 1, 3), finding('command-claim-undocumented', 'docs/truth-claims.yaml', 7, 3)]);
  });

  it('takes the command name and registry from the configuration', async () => {
    const kit = kitWith({
      '.kit-guard.yaml': 'docTruth:\n  commandName: kg\n  commands: ["check", "export build"]\n',
      'README.md': 'Run `kg check` and `kg export build`; `wazir init` is another tool.\n',
      'docs/truth-claims.yaml': CLAIM('c1', 'command', 'kg check') + CLAIM('c2', 'command', 'kg export build')
    });
    expect(await run(kit)).toEqual([]);
  });

  it('finds no documented commands when no command name is known, and says so when command claims exist', async () => {
    const bare = makeRepo({ files: { 'README.md': 'Run `wazir init`.\n' } });
    expect(await run(loadKit(bare.dir))).toEqual([]);
    const claimed = makeRepo({ files: { 'README.md': 'Run `wazir doctor`.\n', 'docs/truth-claims.yaml': CLAIM('c1', 'command', 'wazir doctor') } });
    expect(where(await run(loadKit(claimed.dir)))).toEqual([finding('command-name-unknown', 'docs/truth-claims.yaml', 1, 1, 'notice')]);
  });

  it('says when a documented command without a claim is not in the registry either', async () => {
    const kit = kitWith({ 'README.md': '# Kit\n\nTry `wazir frobnicate now`.\n', 'docs/truth-claims.yaml': CLAIM('c1', 'command', 'wazir doctor') });
    const findings = await run(kit);
    expect(where(findings)).toEqual([finding('command-claim-undocumented', 'docs/truth-claims.yaml', 1, 3), finding('command-without-claim', 'README.md', 3, 5)]);
    expect(findings[1]?.message).toContain('not in the registry of supported commands');
    expect(findings[1]?.fix).toContain('subject: wazir frobnicate now');
  });

  it('treats an empty claims file as a file with no claims', async () => {
    const kit = kitWith({ 'README.md': 'Run `wazir init`.\n', 'docs/truth-claims.yaml': '# no claims yet\n' });
    const findings = await run(kit);
    expect(where(findings)).toEqual([finding('command-without-claim', 'README.md', 1, 5)]);
    expect(findings[0]?.message).not.toContain('does not exist yet');
  });

  it('reduces code spans to command subjects as the seed did', () => {
    const kept = ['export --check'];
    expect(commandSubject('wazir export build --force', 'wazir', kept)).toBe('wazir export build');
    expect(commandSubject('  wazir   export --check ', 'wazir', kept)).toBe('wazir export --check');
    expect(commandSubject('wazir export --verbose', 'wazir', kept)).toBe('wazir export');
    expect(commandSubject('wazir index <query>', 'wazir', kept)).toBe('wazir index');
    expect(commandSubject('wazir capture *', 'wazir', kept)).toBe('wazir capture');
    expect(commandSubject('wazir', 'wazir', kept)).toBeNull();
    expect(commandSubject('wazirx init', 'wazir', kept)).toBeNull();
    expect(commandSubject('npm install', 'wazir', kept)).toBeNull();
  });
});

describe('doc-truth: claims file', () => {
  it('passes a valid claims file whose paths exist', async () => {
    const kit = kitWith({
      'README.md': '# Kit\n',
      'exports/hosts/claude/CLAUDE.md': '# Claude\n',
      'docs/truth-claims.yaml': CLAIM('p1', 'generated_file', 'exports/hosts/claude/CLAUDE.md') + CLAIM('p2', 'path', 'docs') + CLAIM('p3', 'example', 'README.md')
    });
    expect(await run(kit)).toEqual([]);
  });

  it('reports YAML syntax errors at their position', async () => {
    const kit = kitWith({ 'README.md': '# Kit\n', 'docs/truth-claims.yaml': '- id: a\n  file: [unclosed\n' });
    const findings = await run(kit);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.check === 'doc-truth' && f.rule === 'parse-error' && f.file === 'docs/truth-claims.yaml')).toBe(true);
    expect(findings[0]?.line).toBe(3);
  });

  it('reports a claims file that is not a list at 1:1', async () => {
    const kit = kitWith({ 'README.md': '# Kit\n', 'docs/truth-claims.yaml': 'claims:\n  - id: a\n' });
    expect(where(await run(kit))).toEqual([finding('claims-invalid', 'docs/truth-claims.yaml', 1, 1)]);
  });

  it('reports schema errors at the offending key or value', async () => {
    const kit = kitWith({
      'README.md': '# Kit\n',
      'docs/truth-claims.yaml': [
        '- id: a', // 1
        '  file: README.md',
        '  claim_type: commandz', // 3 enum
        '  subject: x',
        '  verifier: v',
        '- id: b', // 6
        '  file: README.md',
        '  claim_type: path',
        '  subject: README.md',
        '  verifier: v',
        '  extra: 1', // 11 unknown key
        '- file: README.md', // 12 missing id
        '  claim_type: path',
        '  subject: README.md',
        '  verifier: v',
        ''
      ].join('\n')
    });
    expect(where(await run(kit))).toEqual([
      finding('claim-invalid', 'docs/truth-claims.yaml', 3, 15),
      finding('claim-invalid', 'docs/truth-claims.yaml', 11, 3),
      finding('claim-invalid', 'docs/truth-claims.yaml', 12, 3)
    ]);
  });

  it('reports a list item that is not a mapping at the item', async () => {
    const kit = kitWith({ 'README.md': '# Kit\n', 'docs/truth-claims.yaml': CLAIM('p1', 'path', 'README.md') + '- just a string\n' });
    expect(where(await run(kit))).toEqual([finding('claim-invalid', 'docs/truth-claims.yaml', 7, 3)]);
  });

  it('reports a duplicate id at the second id', async () => {
    const kit = kitWith({ 'README.md': '# Kit\n', 'docs/truth-claims.yaml': CLAIM('same', 'path', 'README.md') + CLAIM('same', 'path', 'docs') });
    expect(where(await run(kit))).toEqual([finding('claim-duplicate-id', 'docs/truth-claims.yaml', 7, 7)]);
  });

  it('reports claimed paths that are missing, differ in case, or leave the repository (never looked up)', async () => {
    const kit = kitWith({
      'README.md': '# Kit\n',
      'docs/truth-claims.yaml':
        CLAIM('p1', 'path', 'docs/missing.md') + CLAIM('p2', 'generated_file', 'readme.md') + CLAIM('p3', 'path', '../../etc/passwd') + CLAIM('p4', 'host_quickstart', '/etc/passwd')
    });
    const findings = await run(kit);
    expect(where(findings)).toEqual([
      finding('claim-path-missing', 'docs/truth-claims.yaml', 4, 12),
      finding('claim-path-case-mismatch', 'docs/truth-claims.yaml', 10, 12),
      finding('claim-outside-repo', 'docs/truth-claims.yaml', 16, 12),
      finding('claim-outside-repo', 'docs/truth-claims.yaml', 22, 12)
    ]);
    expect(findings[1]?.fix).toBe('Use README.md');
  });

  it("reports a claim whose own document does not exist", async () => {
    const kit = kitWith({ 'README.md': '# Kit\n', 'docs/truth-claims.yaml': CLAIM('p1', 'path', 'README.md', 'docs/gone.md') });
    expect(where(await run(kit))).toEqual([finding('claim-file-missing', 'docs/truth-claims.yaml', 2, 9)]);
  });

  it('reads the claims file named in the configuration', async () => {
    const kit = kitWith({
      '.kit-guard.yaml': 'docTruth:\n  claimsFile: meta/claims.yaml\n',
      'README.md': 'Run `wazir doctor`.\n',
      'meta/claims.yaml': CLAIM('c1', 'command', 'wazir doctor')
    });
    expect(await run(kit)).toEqual([]);
  });
});
