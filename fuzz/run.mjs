#!/usr/bin/env node
// Fuzzes every parser and every check through the built library (lib/) with generated and
// mutated inputs, with a fixed seed so a run is repeatable:
//   npm run build:lib && node fuzz/run.mjs [--cases N] [--seed S]
// Each input must: not throw, finish within a time bound, and place every finding inside
// its file (1 <= line <= lines, 1 <= column <= line length + 1, end not before start).
// `npm run fuzz` runs 100,000 cases in total; .ci/run runs a short pass.
// Prints one line per target (cases, slowest input) and exits 1 on the first failure,
// printing the counterexample fast-check shrank it to.

import fc from 'fast-check';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lib = (p) => import(path.join(ROOT, 'lib', p));

const { parseYaml } = await lib('parse/yaml.js');
const { parseJson } = await lib('parse/json.js');
const { parseFrontMatter } = await lib('parse/front-matter.js');
const { scanMarkdown } = await lib('markdown/scan.js');
const { parseChangelog } = await lib('changelog/parse.js');
const { parseCommitMessage } = await lib('conventional/parse.js');
const { checkMessage } = await lib('checks/commits.js');
const { branchMatcher, suggestBranchName } = await lib('checks/branch.js');
const { defaultConfig } = await lib('kit/config.js');
const { loadKit, ConfigError } = await lib('kit/load.js');
const { runChecks } = await lib('pipeline/run.js');
const { checkExports } = await lib('export/check.js');
const { UnsafePatternError } = await lib('pattern/safe-regex.js');

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}
const TOTAL = option('--cases', 100_000);
const SEED = option('--seed', 20261205);

/** Share of the cases per target (parsers are cheap; whole-kit runs cost milliseconds each). */
const WEIGHTS = { yaml: 16, json: 12, frontMatter: 12, markdown: 16, changelog: 12, commit: 14, branch: 10, config: 1, checks: 1.5, content: 0.3 };
const WEIGHT_SUM = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);
const casesFor = (target) => Math.max(1, Math.round((TOTAL * WEIGHTS[target]) / WEIGHT_SUM));

/** Per-input time bounds: a parser has no business taking a second; a whole kit run on a small kit neither. */
const PARSER_BOUND_MS = 1000;
const KIT_BOUND_MS = 5000;

// ---------------------------------------------------------------------------
// Checks on every result

/**
 * Line lengths under the two conventions the parsers use: lines end at \n only (model/lines.ts,
 * markdown, YAML, JSON; a \r is a character of its line) or at \n, \r\n and a lone \r (the
 * changelog parser, and editors). A BOM is a character of line 1, as on disk.
 */
function lineLayouts(text) {
  return [text.split('\n').map((l) => l.length), text.split(/\r\n|\r|\n/).map((l) => l.length)];
}

/** Throws when a finding's position is not inside `text` under either line convention. */
function assertInside(finding, text, where) {
  if (finding.line === undefined) return;
  const inside = (lengths) => {
    const ok = (line, column) => Number.isInteger(line) && line >= 1 && line <= lengths.length && (column === undefined || (Number.isInteger(column) && column >= 1 && column <= (lengths[line - 1] ?? 0) + 1));
    if (!ok(finding.line, finding.column)) return `at ${finding.line}:${finding.column} (${lengths.length} lines)`;
    if (finding.endLine === undefined) return '';
    if (!ok(finding.endLine, finding.endColumn)) return `ending at ${finding.endLine}:${finding.endColumn}`;
    if (finding.endLine < finding.line || (finding.endLine === finding.line && finding.endColumn !== undefined && finding.column !== undefined && finding.endColumn < finding.column)) return 'ending before it starts';
    return '';
  };
  const problems = lineLayouts(text).map(inside);
  if (problems.every((p) => p !== '')) throw new Error(`${where}: finding outside its file ${problems[0]}: ${JSON.stringify(finding)}`);
}

const stats = new Map();
function timed(target, bound, fn) {
  const started = performance.now();
  const result = fn();
  const after = (value) => {
    const ms = performance.now() - started;
    const s = stats.get(target) ?? { cases: 0, slowest: 0 };
    s.cases++;
    s.slowest = Math.max(s.slowest, ms);
    stats.set(target, s);
    if (ms > bound) throw new Error(`${target}: one input took ${ms.toFixed(0)} ms (bound ${bound} ms)`);
    return value;
  };
  return result instanceof Promise ? result.then(after) : after(result);
}

// ---------------------------------------------------------------------------
// Inputs: text built from the tokens each format is made of, plus raw noise

const noise = fc.string({ unit: 'binary', maxLength: 200 });
const pick = (tokens, max = 40) => fc.array(fc.oneof(fc.constantFrom(...tokens), noise.map((s) => s.slice(0, 8))), { maxLength: max }).map((parts) => parts.join(''));

const YAML_TOKENS = ['\n', '  ', '- ', ': ', 'key', 'name', '"', "'", '[', ']', '{', '}', ',', '#', '&a ', '*a', '<<: *a', '|\n', '>-\n', '---\n', '...\n', '!!str ', '? ', '\t', '\r\n', '123', '1e9', 'true', 'null', '~', '%YAML 1.2\n', '\uFEFF', '\u00e9', '😀'];
const JSON_TOKENS = ['{', '}', '[', ']', '"a"', '"b"', ':', ',', '1', '-0.5e3', 'true', 'null', '"\\u00e9"', '"\\ud800"', '\n', ' ', '"', '\\', '/*', '*/', '//'];
const MD_TOKENS = ['\n', '# ', '## ', '[a](b.md)', '[x](#frag)', '](', '[', ']', '(', ')', '`', '```\n', '~~~\n', '<a id="x">', '<img src="y.png" srcset="a 1x, b 2x">', '<!--', '-->', '![i](', '[ref]: ./r.md', '[ref]', '| a | b |\n', '|---|---|\n', '\\|', '> ', '- ', '1. ', '    ', '\t', '*', '_', '&amp;', '&#x0;', '<', '>', 'http://x', '\r', '\u00e9', '😀', '\u202e'];
const CHANGELOG_TOKENS = ['# Changelog\n', '## [Unreleased]\n', '## [1.2.3] - 2024-01-31\n', '## [2.0.0]! - 2016-09-30\n', '## [3.0.0rc1]\n', '## 1.0 (2020/01/01)\n', '### Added\n', '### Fixed\n', '### Nope\n', '- entry\n', '  continued\n', '* star\n', '\n', '[1.2.3]: https://github.com/o/r/compare/v1.2.2...v1.2.3\n', '[Unreleased]: x\n', '<!-- c -->\n', '```\n', '[YANKED]', ' - ', '2024-02-30', 'v', '[', ']', '#'];
const COMMIT_TOKENS = ['feat', 'Feat', 'fix', 'CI', '(', ')', 'scope', '!', ':', ': ', ' ', '\n', '\n\n', 'BREAKING CHANGE: x', 'BREAKING-CHANGE:', 'breaking changes: none', 'Refs: #1', 'Signed-off-by: a <b@c>', 'Merge ', 'Revert "', 'fixup! ', '\r\n', '#', 'x'.repeat(80), '\u001b[31m', '\u0000'];
const BRANCH_TOKENS = ['feat', 'fix', '/', '-', '_', '.', 'a', 'A', 'refs/heads/', '..', '@{', '~', '^', ' ', '*', '(', ')', '+', '!', 'main', 'release/1.2', '\u00e9'];
const GLOB_TOKENS = ['*', '**', '?', '[a-z]', '{a,b}', '(a+)+', '+(ab)', '@(x|y)', '!(z)', '!', 'feat/', 'a', '\\', '$', '^', '.', '[', ']', '(', ')', '|'];
const CONFIG_TOKENS = ['branch:\n', '  patterns: ', '["(a+)+$"]', '[main, "feat/*"]', '  ignore: []\n', 'commits:\n', '  types: [feat, fix]\n', '  maxHeaderLength: 72\n', 'docTruth:\n', '  docs: ["**/*.md"]\n', '  links: []\n', 'rules:\n', '  commits/header-too-long: off\n', '  nope: error\n', 'failOn: warning\n', 'schema:\n  mappings:\n    - files: ["x/*.yaml"]\n      schema: s.json\n', 'exports:\n  layout: native\n', '\n', '- list\n', ': ', '[', '{'];

const yamlText = fc.oneof(pick(YAML_TOKENS), noise);
const jsonText = fc.oneof(pick(JSON_TOKENS), fc.json(), noise);
const markdownText = fc.oneof(pick(MD_TOKENS, 60), noise);
const frontMatterText = fc.tuple(fc.constantFrom('---\n', '---\r\n', '+++\n', '', '\uFEFF---\n'), yamlText, fc.constantFrom('\n---\n', '---', '\n...\n', ''), markdownText).map((p) => p.join(''));
const changelogText = fc.oneof(pick(CHANGELOG_TOKENS, 60), noise);
const commitText = fc.oneof(pick(COMMIT_TOKENS, 30), noise);
const branchName = fc.oneof(pick(BRANCH_TOKENS, 20), noise.map((s) => s.slice(0, 60)));
const globs = fc.array(pick(GLOB_TOKENS, 8), { maxLength: 4 });
const configText = fc.oneof(pick(CONFIG_TOKENS, 20), yamlText);

// ---------------------------------------------------------------------------
// Targets

const findingsInside = (findings, text, where) => {
  for (const f of findings) assertInside(f, text, where);
};

const targets = {
  yaml: fc.property(yamlText, (text) => timed('yaml', PARSER_BOUND_MS, () => findingsInside(parseYaml(text, { file: 'f.yaml' }, 'fuzz').findings, text, 'yaml'))),
  json: fc.property(jsonText, (text) => timed('json', PARSER_BOUND_MS, () => findingsInside(parseJson(text, { file: 'f.json' }, 'fuzz').findings, text, 'json'))),
  frontMatter: fc.property(frontMatterText, (text) => timed('frontMatter', PARSER_BOUND_MS, () => findingsInside(parseFrontMatter(text, 'f.md', 'fuzz').findings, text, 'front matter'))),
  markdown: fc.property(markdownText, (text) =>
    timed('markdown', PARSER_BOUND_MS, () => {
      const scan = scanMarkdown(text);
      for (const item of [...scan.links, ...scan.headings, ...scan.anchors, ...scan.codeSpans]) {
        const end = item.end;
        assertInside({ line: item.start.line, column: item.start.column, ...(end ? { endLine: end.line, endColumn: end.column } : {}) }, text, 'markdown');
      }
    })
  ),
  changelog: fc.property(changelogText, (text) =>
    timed('changelog', PARSER_BOUND_MS, () => {
      const doc = parseChangelog(text);
      for (const v of doc.versions) {
        assertInside({ line: v.span.line, column: v.span.column, endLine: v.span.endLine, endColumn: v.span.endColumn }, text, 'changelog heading');
        if (v.dateSpan) assertInside({ line: v.dateSpan.line, column: v.dateSpan.column, endLine: v.dateSpan.endLine, endColumn: v.dateSpan.endColumn }, text, 'changelog date');
      }
    })
  ),
  commit: fc.property(commitText, (message) =>
    timed('commit', PARSER_BOUND_MS, () => {
      parseCommitMessage(message);
      const config = { ...defaultConfig().commits, maxHeaderLength: 72, scopes: ['api'] };
      checkMessage(message, config, { kind: 'commit', commit: { sha: 'a'.repeat(40), parents: ['b'.repeat(40)], subject: message.split('\n')[0], message, authorName: 'x', authorEmail: 'x@y' }, isHead: true });
      checkMessage(message, config, { kind: 'title' });
    })
  ),
  branch: fc.property(branchName, globs, (branch, patterns) =>
    timed('branch', PARSER_BOUND_MS, () => {
      try {
        branchMatcher(patterns)(branch);
        suggestBranchName(branch, patterns);
      } catch (error) {
        if (!(error instanceof UnsafePatternError)) throw error; // refused with a reason: the check turns it into a finding
      }
    })
  )
};

// Whole-kit targets write into one scratch kit and run the checks through the library API.
const scratch = mkdtempSync(path.join(tmpdir(), 'kit-guard-fuzz-'));
const kitDir = path.join(scratch, 'kit');
const contentDir = path.join(scratch, 'content');
cpSync(path.join(ROOT, 'content'), contentDir, { recursive: true });
const contentFiles = listFiles(contentDir).filter((f) => /\.(md|ya?ml|json)$/.test(f) && !f.startsWith('exports/'));

function listFiles(dir, rel = '') {
  const out = [];
  for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) for (const f of listFiles(dir, child)) out.push(f);
    else out.push(child);
  }
  return out;
}

function writeKit(files) {
  rmSync(kitDir, { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(kitDir, name)), { recursive: true });
    writeFileSync(path.join(kitDir, name), text);
  }
}

/** Runs every check on the kit in kitDir; the texts given are used to check positions. */
async function runAll(target, texts) {
  let kit;
  try {
    kit = loadKit(kitDir);
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const f of error.findings) if (f.file && texts[f.file] !== undefined) assertInside(f, texts[f.file], `${target} config`);
      return;
    }
    throw error;
  }
  const { findings } = await runChecks(kit, { checks: ['doc-truth', 'schema', 'changelog', 'commits', 'branch'], change: { branch: 'feat/x', title: 'feat: fuzz' }, parallel: false });
  const exported = await checkExports(kit);
  for (const f of [...findings, ...exported.findings]) {
    if (f.check === 'export' && f.rule !== 'source-unreadable' && f.rule !== 'front-matter-invalid' && f.rule !== 'parse-error') continue; // generated files are not in `texts`
    if (f.file !== undefined && texts[f.file] !== undefined) assertInside(f, texts[f.file], `${target} ${f.check}/${f.rule}`);
    if (f.rule === 'internal-error') throw new Error(`${target}: internal error: ${f.message}`);
  }
}

const MANIFEST = readFileSync(path.join(contentDir, 'wazir.manifest.yaml'), 'utf8');

const asyncTargets = {
  config: fc.asyncProperty(configText, async (config) => {
    writeKit({ '.kit-guard.yaml': config, 'wazir.manifest.yaml': MANIFEST, 'README.md': '# kit\n' });
    await timed('config', KIT_BOUND_MS, () => runAll('config', { '.kit-guard.yaml': config }));
  }),
  checks: fc.asyncProperty(markdownText, changelogText, yamlText, frontMatterText, async (md, changelog, hook, role) => {
    const files = { 'wazir.manifest.yaml': MANIFEST, 'README.md': md, 'docs/guide.md': md, 'CHANGELOG.md': changelog, 'hooks/definitions/session_start.yaml': hook, 'roles/reviewer.md': role };
    writeKit(files);
    await timed('checks', KIT_BOUND_MS, () => runAll('checks', files));
  }),
  // mutations of the repository's own kit (content/): byte flips, cuts and insertions in one or two files
  content: fc.asyncProperty(
    fc.array(fc.tuple(fc.constantFrom(...contentFiles), fc.nat(), fc.oneof(fc.constant(''), noise.map((s) => s.slice(0, 12))), fc.nat({ max: 20 })), { minLength: 1, maxLength: 2 }),
    async (mutations) => {
      rmSync(kitDir, { recursive: true, force: true });
      cpSync(contentDir, kitDir, { recursive: true });
      const texts = {};
      for (const [file, at, insert, cut] of mutations) {
        const original = texts[file] ?? readFileSync(path.join(kitDir, file), 'utf8');
        const i = at % (original.length + 1);
        texts[file] = original.slice(0, i) + insert + original.slice(i + cut);
        writeFileSync(path.join(kitDir, file), texts[file]);
      }
      await timed('content', KIT_BOUND_MS * 4, () => runAll('content', texts));
    }
  )
};

// ---------------------------------------------------------------------------

let failed = false;
const started = Date.now();
try {
  for (const [name, property] of Object.entries(targets)) {
    const result = fc.check(property, { numRuns: casesFor(name), seed: SEED });
    report(name, result);
  }
  for (const [name, property] of Object.entries(asyncTargets)) {
    const result = await fc.check(property, { numRuns: casesFor(name), seed: SEED });
    report(name, result);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
const total = [...stats.values()].reduce((n, s) => n + s.cases, 0);
console.log(`fuzz: ${total} cases in ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${SEED}${failed ? ', FAILED' : ', no failure'}`);
process.exit(failed ? 1 : 0);

function report(name, result) {
  const s = stats.get(name) ?? { cases: 0, slowest: 0 };
  console.log(`${name.padEnd(12)} ${String(s.cases).padStart(6)} cases, slowest ${s.slowest.toFixed(1)} ms${result.failed ? '  FAILED' : ''}`);
  if (result.failed) {
    failed = true;
    console.log(fc.defaultReportMessage(result));
    console.log(`error: ${result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance)}`);
  }
}
