#!/usr/bin/env node
// Generates the benchmark repositories: deterministic (seeded PRNG), every link valid, so a
// check run measures the happy path. Usage:
//   node bench/generate.mjs [--out DIR] [--which large|seed|both] [--no-git]
// Without --out the repositories go to a new temporary folder, whose path is printed.
// This file imports nothing from src/: the benchmark runs the built CLI as a user would.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** mulberry32: a small, fast, seeded PRNG; the same seed always gives the same repository. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p
  };
}

const WORDS = (
  'agent artifact branch build cache change check claim clean commit config context contract cursor ' +
  'debug default depth design diff docs draft entry event example export field file filter finding ' +
  'folder format gate guard handoff header heading host hook index input kit layout link loop ' +
  'manifest marker matrix merge model module network notice option order output package parser path ' +
  'phase plan policy prompt queue range reader record release report repository review role rule run ' +
  'schema scope section session setting signal skill slug source spec stage state status step summary ' +
  'table target task template test token tool trace trigger update value verify version warning ' +
  'window workflow writer yaml anchor bridge channel cluster column cursor driver engine fragment'
).split(/\s+/);

/** A GitHub-style slug for the headings this generator writes (lowercase letters, digits, spaces, `:` and `&`). */
function slugOf(text) {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}

/** Headings with GitHub's duplicate numbering, as github-slugger does it (`notes`, `notes-1`, ...). */
function withSlugs(titles) {
  const occurrences = new Map();
  return titles.map((title) => {
    const base = slugOf(title);
    let slug = base;
    while (occurrences.has(slug)) {
      occurrences.set(base, occurrences.get(base) + 1);
      slug = `${base}-${occurrences.get(base)}`;
    }
    occurrences.set(slug, 0);
    return { title, slug };
  });
}

function sentence(rng, min = 8, max = 18) {
  const n = min + rng.int(max - min + 1);
  const words = [];
  for (let i = 0; i < n; i++) words.push(rng.pick(WORDS));
  const first = words[0];
  words[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return `${words.join(' ')}.`;
}

function paragraph(rng, sentences) {
  const out = [];
  for (let i = 0; i < sentences; i++) out.push(sentence(rng));
  return out.join(' ');
}

function rel(fromFile, toPath) {
  const r = path.posix.relative(path.posix.dirname(fromFile), toPath);
  return r === '' ? '.' : r;
}

/** Collects files in memory and writes them once; tracks counts for the summary. */
class TreeWriter {
  constructor(root) {
    this.root = root;
    this.files = 0;
    this.bytes = 0;
    this.links = 0;
    this.dirs = new Set();
  }
  write(relPath, text) {
    const abs = path.join(this.root, ...relPath.split('/'));
    const dir = path.dirname(abs);
    if (!this.dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.dirs.add(dir);
    }
    writeFileSync(abs, text);
    this.files += 1;
    this.bytes += Buffer.byteLength(text);
  }
}

function svg(label) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><text x="4" y="20">${label}</text></svg>\n`;
}

function hookYaml(id, trigger, hosts, rng) {
  const mode = rng.pick(['block', 'warn', 'capture']);
  return [
    `id: ${id}`,
    `trigger: ${trigger}`,
    `description: ${sentence(rng, 6, 12)}`,
    'input_contract:',
    '  required:',
    '    - run_id',
    `    - ${rng.pick(['phase', 'tool_name', 'project_root'])}`,
    'allowed_side_effects:',
    `  - ${rng.pick(['write_run_state', 'read_manifest', 'block_execution'])}`,
    'output_contract:',
    '  produces:',
    `    - ${rng.pick(['guard_decision', 'capture_record', 'summary'])}`,
    'failure_behavior:',
    `  mode: ${mode}`,
    ...(mode === 'block' ? [`  exit_code: ${40 + rng.int(10)}`] : []),
    'host_fallback:',
    ...hosts.map((h) => `  ${h}: ${rng.pick(['native_hook', 'wrapper_command', 'native_or_wrapper', 'manual_step'])}`),
    ''
  ].join('\n');
}

const SEED_TRIGGERS = [
  'session_start',
  'pre_tool_capture_route',
  'post_tool_capture',
  'pre_compact_summary',
  'stop_handoff_harvest',
  'protected_path_write_guard',
  'loop_cap_guard'
];

function manifestYaml({ name, roles, workflows, hooks, hosts }) {
  const list = (key, items, indent = '') => [`${indent}${key}:`, ...items.map((i) => `${indent}  - ${i}`)];
  return [
    'manifest_version: 2',
    'project:',
    `  name: ${name}`,
    `  display_name: ${name}`,
    '  version: 1.0.0',
    '  description: A generated kit for benchmarking kit-guard.',
    '  license: MIT',
    'versioning_policy:',
    '  strategy: semver',
    '  stability: stable',
    '  compatibility: additive_until_manifest_bump',
    'paths:',
    ...['roles', 'workflows', 'skills', 'hooks', 'templates', 'schemas', 'expertise', 'docs', 'exports', 'tooling', 'examples'].map((p) => `  ${p}: ${p}`),
    `  state_root_default: ~/.${name}/projects/{project_slug}`,
    ...list('hosts', hosts),
    ...list('workflows', workflows),
    ...list('phases', workflows.slice(0, 10)),
    ...list('roles', roles),
    ...list('export_targets', hosts),
    ...list('required_hooks', hooks),
    ...list('protected_paths', ['roles', 'workflows', 'schemas']),
    ...list('prohibited_terms', ['forbidden phrase alpha', 'forbidden phrase beta']),
    'adapters:',
    '  context_mode:',
    '    enabled_by_default: false',
    '    required: false',
    '    install_mode: external',
    '    package_presence: optional',
    'index:',
    '  core_parsers:',
    '    - builtin-heuristic-markdown',
    '  optional_language_plugins: []',
    'validation_checks:',
    '  - docs-truth',
    ''
  ].join('\n');
}

const HOOK_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://bench.example/schemas/hook.schema.json',
  type: 'object',
  required: ['id', 'trigger', 'description', 'input_contract', 'allowed_side_effects', 'output_contract', 'failure_behavior', 'host_fallback'],
  properties: {
    id: { type: 'string', minLength: 1 },
    trigger: { enum: SEED_TRIGGERS },
    description: { type: 'string' },
    input_contract: { type: 'object' },
    allowed_side_effects: { type: 'array', items: { type: 'string' } },
    output_contract: { type: 'object' },
    failure_behavior: { type: 'object', required: ['mode'] },
    host_fallback: { type: 'object', additionalProperties: { type: 'string' } }
  }
};

const CLAIM_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://bench.example/schemas/docs-claim.schema.json',
  type: 'object',
  required: ['id', 'file', 'claim_type', 'subject', 'verifier'],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    file: { type: 'string' },
    claim_type: { enum: ['command', 'path', 'host_quickstart', 'generated_file', 'example'] },
    subject: { type: 'string' },
    verifier: { type: 'string' },
    required: { type: 'boolean' }
  }
};

const RECORD_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://bench.example/schemas/record.schema.json',
  type: 'object',
  required: ['id', 'kind', 'owner', 'tags', 'limits'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^rec-[0-9]{4}$' },
    kind: { enum: ['policy', 'profile', 'matrix'] },
    owner: { type: 'string', minLength: 1 },
    tags: { type: 'array', items: { type: 'string' }, maxItems: 20 },
    limits: {
      type: 'object',
      additionalProperties: { type: 'integer', minimum: 0 }
    },
    notes: { type: 'string' }
  }
};

function json(value) {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The documented commands and their claims (subjects from the seed's registry, so no configuration is needed). */
const COMMANDS = ['validate', 'validate docs', 'validate hooks', 'validate manifest', 'export build', 'export --check', 'doctor', 'index build'];

function claimYaml(claims) {
  return claims
    .map((c) => [`- id: ${c.id}`, `  file: ${c.file}`, `  claim_type: ${c.type}`, `  subject: ${c.subject}`, `  verifier: ${c.verifier}`, '  required: true'].join('\n'))
    .join('\n')
    .concat('\n');
}

function changelog(rng, releases) {
  const lines = ['# Changelog', '', 'All notable changes are recorded here, following [Keep a Changelog](https://keepachangelog.com/en/1.1.0/).', '', '## [Unreleased]', '', '### Added', '', `- ${sentence(rng)}`, ''];
  const refs = ['[Unreleased]: https://example.com/bench/compare/v1.0.' + (releases - 1) + '...HEAD'];
  const start = Date.UTC(2020, 0, 1);
  for (let i = releases - 1; i >= 0; i--) {
    const date = new Date(start + i * 5 * 86400000).toISOString().slice(0, 10);
    lines.push(`## [1.0.${i}] - ${date}`, '');
    for (const cat of ['Added', 'Fixed']) {
      lines.push(`### ${cat}`, '');
      const n = 1 + rng.int(4);
      for (let k = 0; k < n; k++) lines.push(`- ${sentence(rng)}`);
      lines.push('');
    }
    refs.push(i === 0 ? '[1.0.0]: https://example.com/bench/releases/tag/v1.0.0' : `[1.0.${i}]: https://example.com/bench/compare/v1.0.${i - 1}...v1.0.${i}`);
  }
  return `${lines.join('\n')}\n${refs.join('\n')}\n`;
}

/**
 * Writes one Markdown document with links of every kind to other documents. `pages` holds
 * every linkable document (path and headings), so every target and fragment exists.
 */
function docPage(rng, page, pages, dirs, images, opts) {
  const { file, headings } = page;
  const out = [];
  let links = 0;
  const refs = [];
  const other = () => {
    let p = rng.pick(pages);
    if (p === page) p = pages[(pages.indexOf(p) + 1) % pages.length];
    return p;
  };
  const linkFor = (kind) => {
    links++;
    switch (kind) {
      case 'file': {
        const t = other();
        return `[${rng.pick(WORDS)} ${rng.pick(WORDS)}](${rel(file, t.file)})`;
      }
      case 'fragment': {
        const t = other();
        return `[${rng.pick(WORDS)} section](${rel(file, t.file)}#${rng.pick(t.headings).slug})`;
      }
      case 'self':
        return `[see ${rng.pick(WORDS)}](#${rng.pick(headings).slug})`;
      case 'dir':
        return `[the ${rng.pick(WORDS)} folder](${rel(file, rng.pick(dirs))}/)`;
      case 'ref': {
        const t = other();
        const label = `r${refs.length + 1}`;
        refs.push(`[${label}]: ${rel(file, t.file)}#${rng.pick(t.headings).slug}`);
        return `[${rng.pick(WORDS)} reference][${label}]`;
      }
      case 'image':
        return `![${rng.pick(WORDS)} diagram](${rel(file, rng.pick(images))})`;
      case 'external':
        return `[${rng.pick(WORDS)} upstream](https://example.com/${rng.pick(WORDS)}/${rng.int(1000)})`;
      case 'autolink':
        return `<https://example.org/${rng.pick(WORDS)}>`;
      default:
        throw new Error(kind);
    }
  };
  const plan = opts.linkPlan;
  out.push(`# ${headings[0].title}`, '');
  let planIndex = 0;
  for (let h = 1; h < headings.length; h++) {
    out.push(`## ${headings[h].title}`, '');
    const paras = opts.paragraphs;
    for (let p = 0; p < paras; p++) {
      let text = paragraph(rng, opts.sentences);
      // spread the planned links over the paragraphs
      const perPara = Math.ceil(plan.length / ((headings.length - 1) * paras));
      for (let k = 0; k < perPara && planIndex < plan.length; k++) text += ` ${sentence(rng, 4, 8).slice(0, -1)} ${linkFor(plan[planIndex++])}.`;
      out.push(text, '');
    }
    if (h === 1) {
      // code that looks like links and commands but is not
      out.push('```markdown', `[not a link](missing-${rng.int(1000)}.md) and ![no image](none.png)`, '```', '');
      out.push(`Inline code is text too: \`[fake](nowhere.md)\`.`, '');
    }
    if (h === 2 && opts.command) out.push(`Run \`${opts.commandName} ${opts.command}\` to ${rng.pick(WORDS)} the ${rng.pick(WORDS)}.`, '');
  }
  while (planIndex < plan.length) out.push(`${sentence(rng)} ${linkFor(plan[planIndex++])}`, '');
  if (refs.length) out.push(...refs, '');
  return { text: out.join('\n'), links };
}

function headingTitles(rng, count) {
  const titles = [`${rng.pick(WORDS)} ${rng.pick(WORDS)} ${rng.pick(WORDS)}`];
  for (let i = 1; i < count; i++) {
    const r = rng.int(6);
    if (r === 0) titles.push('Notes');
    else if (r === 1) titles.push(`Step ${i}: ${rng.pick(WORDS)} the ${rng.pick(WORDS)}`);
    else if (r === 2) titles.push(`${rng.pick(WORDS)} & ${rng.pick(WORDS)}`);
    else titles.push(`${rng.pick(WORDS)} ${rng.pick(WORDS)} ${rng.int(100)}`);
  }
  return titles.map((t) => t.charAt(0).toUpperCase() + t.slice(1));
}

function gitInit(root) {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Bench',
    GIT_AUTHOR_EMAIL: 'bench@example.test',
    GIT_COMMITTER_NAME: 'Bench',
    GIT_COMMITTER_EMAIL: 'bench@example.test',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null'
  };
  const git = (...args) => execFileSync('git', args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'chore: import the generated kit');
  git('checkout', '-q', '-b', 'feat/bench');
  return git;
}

/** Adds a feature commit with a new [Unreleased] entry, so the changelog and commit checks have a real range. */
function featureCommit(root, git) {
  const file = path.join(root, 'CHANGELOG.md');
  execFileSync(process.execPath, ['-e', `const fs=require('fs');const f=${JSON.stringify(file)};fs.writeFileSync(f,fs.readFileSync(f,'utf8').replace('### Added\\n\\n','### Added\\n\\n- A benchmark entry added on the feature branch.\\n'))`]);
  git('add', '-A');
  git('commit', '-q', '-m', 'feat(bench): add a changelog entry');
}

/**
 * Shared layout writer. `spec` sets the sizes; documents under `docs/` link to each other with
 * every kind of link; roles, workflows, skills and hooks match the manifest exactly.
 */
function generateKit(root, spec) {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const rng = prng(spec.seed);
  const w = new TreeWriter(root);
  const hosts = ['claude', 'codex', 'gemini', 'cursor'];
  const name = spec.name;

  const roles = Array.from({ length: spec.roles }, (_, i) => `role-${String(i).padStart(3, '0')}`);
  const workflows = Array.from({ length: spec.workflows }, (_, i) => (i % 3 === 0 ? `flow_${String(i).padStart(3, '0')}` : `flow-${String(i).padStart(3, '0')}`));
  const hookIds = Array.from({ length: spec.hooks }, (_, i) => (i < SEED_TRIGGERS.length && spec.hooks === SEED_TRIGGERS.length ? SEED_TRIGGERS[i] : `hook_${String(i).padStart(4, '0')}`));

  // images and the documents' plan (paths and headings) first, so links can target anything
  const images = Array.from({ length: spec.images }, (_, i) => `docs/assets/img-${String(i).padStart(3, '0')}.svg`);
  for (const img of images) w.write(img, svg(path.posix.basename(img)));
  const pages = [];
  const dirs = new Set(['docs']);
  for (let i = 0; i < spec.docPages; i++) {
    const s = i % spec.sections;
    const t = Math.floor(i / spec.sections) % spec.subsections;
    const dir = `docs/s${String(s).padStart(2, '0')}/t${t}`;
    dirs.add(`docs/s${String(s).padStart(2, '0')}`);
    dirs.add(dir);
    pages.push({ file: `${dir}/page-${String(i).padStart(5, '0')}.md`, headings: withSlugs(headingTitles(rng, spec.headings)) });
  }
  const dirList = [...dirs].sort();

  const commandName = name;
  let docBytes = 0;
  for (let i = 0; i < pages.length; i++) {
    const page = pages[i];
    const command = i % 10 === 3 ? COMMANDS[(i / 10) % COMMANDS.length | 0] : undefined;
    const { text, links } = docPage(rng, page, pages, dirList, images, { ...spec.page, command, commandName });
    w.write(page.file, text);
    w.links += links;
    docBytes += text.length;
  }

  // documented commands also in the docs index, so every claim is documented even in small repos
  const index = [
    `# ${name} documentation`,
    '',
    ...COMMANDS.map((c) => `- \`${commandName} ${c}\``),
    '',
    ...dirList.filter((d) => d.split('/').length === 2).map((d) => `- [${d}](${rel('docs/README.md', d)}/)`),
    ''
  ].join('\n');
  w.write('docs/README.md', index);
  w.links += dirList.filter((d) => d.split('/').length === 2).length;

  const roleBody = (id) => [`# ${id}`, '', '## Purpose', '', paragraph(rng, 3), '', '## Inputs', '', `- ${sentence(rng)}`, `- ${sentence(rng)}`, '', '## Outputs', '', paragraph(rng, spec.contentParagraphs), ''].join('\n');
  for (const id of roles) w.write(`roles/${id}.md`, roleBody(id));
  for (const id of workflows) w.write(`workflows/${id.replace(/_/g, '-')}.md`, `${roleBody(id)}\n## Primary Role\n\n- \`${rng.pick(roles)}\`\n`);
  for (let i = 0; i < spec.skills; i++) {
    const id = `skill-${String(i).padStart(3, '0')}`;
    w.write(`skills/${id}/SKILL.md`, `---\nname: ${id}\ndescription: ${sentence(rng)}\n---\n\n# ${id}\n\n${paragraph(rng, spec.contentParagraphs)}\n`);
  }
  for (let i = 0; i < hookIds.length; i++) w.write(`hooks/definitions/${hookIds[i]}.yaml`, hookYaml(hookIds[i], SEED_TRIGGERS[i % SEED_TRIGGERS.length], hosts, rng));

  w.write('schemas/hook.schema.json', json(HOOK_SCHEMA));
  w.write('schemas/docs-claim.schema.json', json(CLAIM_SCHEMA));
  w.write('templates/examples/docs-claim.example.json', json({ id: 'c1', file: 'README.md', claim_type: 'path', subject: 'README.md', verifier: 'path_exists' }));
  for (let i = 0; i < spec.artifactSchemas; i++) {
    const schemaName = `artifact-${String(i).padStart(2, '0')}`;
    w.write(`schemas/${schemaName}.schema.json`, json({ ...RECORD_SCHEMA, $id: `https://bench.example/schemas/${schemaName}.schema.json`, properties: { ...RECORD_SCHEMA.properties, id: { type: 'string' } } }));
    w.write(`templates/examples/${schemaName}.example.json`, json({ id: `a-${i}`, kind: 'policy', owner: 'team', tags: ['x'], limits: { depth: 3 } }));
  }

  if (spec.records) {
    w.write('schemas/record.schema.json', json(RECORD_SCHEMA));
    for (let i = 0; i < spec.records; i++) {
      const tags = Array.from({ length: 1 + rng.int(6) }, () => rng.pick(WORDS));
      const limits = new Map(Array.from({ length: 2 + rng.int(5) }, () => [`${rng.pick(WORDS)}_${rng.int(50)}`, rng.int(1000)]));
      w.write(
        `data/records/rec-${String(i).padStart(4, '0')}.yaml`,
        [`id: rec-${String(i).padStart(4, '0')}`, `kind: ${rng.pick(['policy', 'profile', 'matrix'])}`, `owner: ${rng.pick(WORDS)}`, 'tags:', ...tags.map((t) => `  - ${t}`), 'limits:', ...[...limits].map(([k, v]) => `  ${k}: ${v}`), `notes: ${sentence(rng)}`, ''].join('\n')
      );
    }
    w.write('.kit-guard.yaml', ['# the generated records are validated against their schema', 'schema:', '  mappings:', '    - files:', '        - data/records/*.yaml', '      schema: schemas/record.schema.json', ''].join('\n'));
  }

  for (let i = 0; i < spec.expertise; i++) {
    const paras = Array.from({ length: spec.expertiseParagraphs }, () => paragraph(rng, 6)).join('\n\n');
    w.write(`expertise/area-${String(i % 20).padStart(2, '0')}/module-${String(i).padStart(4, '0')}.md`, `# Module ${i}\n\n${paras}\n`);
  }
  for (let i = 0; i < spec.tooling; i++) {
    w.write(`tooling/src/module-${String(i).padStart(3, '0')}.js`, `// generated module ${i}\nexport const values = ${JSON.stringify(Array.from({ length: 40 }, () => rng.pick(WORDS)))};\n`);
  }
  w.write('expertise/README.md', '# Expertise\n\nReference modules.\n');
  w.write('tooling/README.md', '# Tooling\n\nGenerated helper modules.\n');
  w.write('examples/README.md', '# Examples\n\nNothing to see.\n');
  w.write('exports/README.md', '# Exports\n\nGenerated host packages go under `hosts/`.\n');

  const claims = [
    ...COMMANDS.map((c, i) => ({ id: `command-${i}`, file: 'docs/README.md', type: 'command', subject: `${commandName} ${c}`, verifier: 'command_registry' })),
    ...Array.from({ length: spec.pathClaims }, (_, i) => ({ id: `path-${i}`, file: 'docs/README.md', type: 'path', subject: pages[(i * 7919) % pages.length].file, verifier: 'path_exists' }))
  ];
  w.write('docs/truth-claims.yaml', claimYaml(claims));
  w.write('wazir.manifest.yaml', manifestYaml({ name, roles, workflows, hooks: hookIds, hosts }));
  w.write('CHANGELOG.md', changelog(rng, spec.releases));
  w.write(
    'README.md',
    [`# ${name}`, '', `Run \`${commandName} validate\` to check the kit and \`${commandName} export build\` to build it.`, '', `- [Docs](docs/README.md)`, `- [First page](${pages[0].file}#${pages[0].headings[0].slug})`, `- [Roles](roles/)`, `- [Changelog](CHANGELOG.md)`, ''].join('\n')
  );
  w.links += 4;

  if (spec.git) featureCommit(root, gitInit(root));
  return { root, files: w.files, bytes: w.bytes, links: w.links, markdown: pages.length + roles.length + workflows.length + spec.skills + spec.expertise + 2, docBytes };
}

/** (a) The large repository: 10,000 Markdown files (about 50 MB, 100,000 links) and about 2,000 YAML files. */
export function generateLarge(root, { git = true } = {}) {
  return generateKit(root, {
    seed: 0x5eed1,
    name: 'benchkit',
    roles: 200,
    workflows: 200,
    skills: 100,
    hooks: 500,
    records: 1500,
    docPages: 9498,
    sections: 50,
    subsections: 10,
    headings: 7,
    images: 60,
    page: { paragraphs: 1, sentences: 7, linkPlan: ['file', 'file', 'file', 'fragment', 'fragment', 'self', 'dir', 'ref', 'image', 'external', 'autolink'] },
    contentParagraphs: 4,
    artifactSchemas: 10,
    expertise: 0,
    expertiseParagraphs: 0,
    tooling: 0,
    pathClaims: 200,
    releases: 300,
    git
  });
}

/** (b) A seed-sized repository: about 1,000 files and 15 MB, laid out like the seed, no configuration. */
export function generateSeedSized(root, { git = true } = {}) {
  return generateKit(root, {
    seed: 0x5eed2,
    name: 'wazir',
    roles: 10,
    workflows: 15,
    skills: 30,
    hooks: 7,
    records: 0,
    docPages: 420,
    sections: 6,
    subsections: 4,
    headings: 9,
    images: 12,
    page: { paragraphs: 4, sentences: 10, linkPlan: ['file', 'file', 'fragment', 'fragment', 'self', 'dir', 'ref', 'image', 'external', 'file', 'fragment', 'autolink'] },
    contentParagraphs: 8,
    artifactSchemas: 20,
    expertise: 420,
    expertiseParagraphs: 14,
    tooling: 50,
    pathClaims: 40,
    releases: 20,
    git
  });
}

function parseCli(argv) {
  const opts = { out: undefined, which: 'both', git: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') opts.out = argv[++i];
    else if (a === '--which') opts.which = argv[++i];
    else if (a === '--no-git') opts.git = false;
    else throw new Error(`unknown argument ${a} (use --out DIR, --which large|seed|both, --no-git)`);
  }
  if (!['large', 'seed', 'both'].includes(opts.which)) throw new Error(`--which must be large, seed or both`);
  return opts;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = parseCli(process.argv.slice(2));
  const out = path.resolve(opts.out ?? mkdtempSync(path.join(tmpdir(), 'kit-guard-bench-')));
  const made = [];
  if (opts.which !== 'seed') made.push(['large', generateLarge(path.join(out, 'large'), opts)]);
  if (opts.which !== 'large') made.push(['seed', generateSeedSized(path.join(out, 'seed'), opts)]);
  for (const [label, r] of made) {
    console.log(`${label}: ${r.root} (${r.files} files, ${r.markdown} Markdown, ${(r.bytes / 1e6).toFixed(1)} MB, ${r.links} links)`);
  }
}
