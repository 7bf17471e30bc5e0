import type { ChangeOptions } from '../../src/git/change.js';
import type { Files } from '../helpers/folder.js';
import { SEED_LIKE_HOOK, SEED_LIKE_MANIFEST } from '../schema/seed-like.js';

/**
 * One failing case per auto-fixable rule: the files of a plain folder (data literals), the
 * check to run, and what the fixed file must hold. A newcomer adds a case by adding an entry.
 */
export interface FixCase {
  /** `check/rule`, as the registry names it. */
  rule: string;
  files: Files;
  /** A file and a line it must contain after the fix. */
  expect: { file: string; contains: string };
  /** What the run is told of the change (e.g. the repository's GitHub address); nothing when omitted. */
  change?: ChangeOptions;
}

const CHANGELOG_HEAD = '# Changelog\n\nAll notable changes.\n\n';

export const FIX_CASES: FixCase[] = [
  {
    rule: 'changelog/unreleased-missing',
    files: { 'CHANGELOG.md': `${CHANGELOG_HEAD}## [1.1.0] - 2024-02-01\n\n### Added\n- more\n\n## [1.0.0] - 2024-01-05\n\n### Added\n- first release\n\n[1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0\n[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0\n` },
    expect: { file: 'CHANGELOG.md', contains: '## [Unreleased]\n\n## [1.1.0] - 2024-02-01' }
  },
  {
    rule: 'changelog/date-invalid',
    files: { 'CHANGELOG.md': `${CHANGELOG_HEAD}## [Unreleased]\n\n## [1.0.0] - 2024/1/5\n\n### Added\n- first release\n` },
    expect: { file: 'CHANGELOG.md', contains: '## [1.0.0] - 2024-01-05\n' }
  },
  {
    rule: 'changelog/unknown-category',
    files: { 'CHANGELOG.md': `${CHANGELOG_HEAD}## [Unreleased]\n\n### fixed\n- a crash\n\n## [1.0.0] - 2024-01-05\n\n### Added\n- first release\n` },
    expect: { file: 'CHANGELOG.md', contains: '### Fixed\n- a crash' }
  },
  {
    rule: 'changelog/category-order',
    files: { 'CHANGELOG.md': `${CHANGELOG_HEAD}## [Unreleased]\n\n### Fixed\n- a crash\n\n### Added\n- a flag\n\n## [1.0.0] - 2024-01-05\n\n### Added\n- first release\n` },
    expect: { file: 'CHANGELOG.md', contains: '## [Unreleased]\n\n### Added\n- a flag\n\n### Fixed\n- a crash\n\n## [1.0.0]' }
  },
  {
    rule: 'changelog/link-reference-missing',
    files: {
      'CHANGELOG.md': `${CHANGELOG_HEAD}## [Unreleased]\n\n## [1.1.0] - 2024-02-01\n\n### Added\n- more\n\n## [1.0.0] - 2024-01-05\n\n### Added\n- first release\n\n[Unreleased]: https://github.com/o/r/compare/v1.1.0...HEAD\n[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0\n`
    },
    expect: { file: 'CHANGELOG.md', contains: '[1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0\n' }
  },
  {
    // no links to learn the URL from: the repository's GitHub address gives it
    rule: 'changelog/link-reference-missing',
    files: { 'CHANGELOG.md': `${CHANGELOG_HEAD}## [Unreleased]\n\n## [1.1.0] - 2024-02-01\n\n### Added\n- more\n\n## [1.0.0] - 2024-01-05\n\n### Added\n- first release\n` },
    change: { repositoryUrl: 'https://github.com/o/r' },
    expect: { file: 'CHANGELOG.md', contains: '- first release\n\n[Unreleased]: https://github.com/o/r/compare/v1.1.0...HEAD\n[1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0\n[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0\n' }
  },
  {
    rule: 'changelog/unreleased-missing',
    files: { 'CHANGELOG.md': `${CHANGELOG_HEAD}## [1.0.0] - 2024-01-05\n\n### Added\n- first release\n` },
    change: { repositoryUrl: 'https://github.com/o/r' },
    expect: { file: 'CHANGELOG.md', contains: '## [Unreleased]\n\n## [1.0.0] - 2024-01-05\n\n### Added\n- first release\n\n[Unreleased]: https://github.com/o/r/compare/v1.0.0...HEAD\n[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0\n' }
  },
  {
    rule: 'changelog/link-reference-unused',
    files: {
      'CHANGELOG.md': `${CHANGELOG_HEAD}## [Unreleased]\n\n## [1.0.0] - 2024-01-05\n\n### Added\n- first release\n\n[Unreleased]: https://github.com/o/r/compare/v1.0.0...HEAD\n[0.9.0]: https://github.com/o/r/releases/tag/v0.9.0\n[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0\n`
    },
    expect: { file: 'CHANGELOG.md', contains: 'v1.0.0...HEAD\n[1.0.0]: https' }
  }
,
  {
    rule: 'schema/hook-id-mismatch',
    files: { 'wazir.manifest.yaml': SEED_LIKE_MANIFEST, 'hooks/definitions/session_start.yaml': SEED_LIKE_HOOK.replace('id: session_start', 'id: "session_begin"') },
    expect: { file: 'hooks/definitions/session_start.yaml', contains: 'id: "session_start"\n' }
  },
  {
    rule: 'schema/skill-name-mismatch',
    files: {
      'wazir.manifest.yaml': SEED_LIKE_MANIFEST,
      'skills/brainstorming/SKILL.md': '---\nname: wz:brainstorm\ndescription: Use before implementation to agree on a design.\n---\n# Brainstorming\n'
    },
    expect: { file: 'skills/brainstorming/SKILL.md', contains: 'name: wz:brainstorming\n' }
  }
,
  {
    rule: 'doc-truth/link-case-mismatch',
    files: { 'README.md': '# Kit\n\nSee [the guide](Docs/Guide.md) and [setup][s].\n\n[s]: ./docs/SETUP.md\n', 'docs/guide.md': '# Guide\n', 'docs/setup.md': '# Setup\n' },
    expect: { file: 'README.md', contains: 'See [the guide](docs/guide.md) and [setup][s].\n\n[s]: ./docs/setup.md\n' }
  },
  {
    rule: 'doc-truth/link-target-missing',
    files: { 'README.md': '# Kit\n\nSee [guide.md](guide.md).\n', 'docs/guide.md': '# Guide\n' },
    expect: { file: 'README.md', contains: 'See [guide.md](docs/guide.md).\n' }
  },
  {
    rule: 'doc-truth/fragment-missing',
    files: { 'README.md': '# Kit\n\nSee [install](docs/guide.md#instal).\n', 'docs/guide.md': '# Guide\n\n## Install\n\n## Usage\n' },
    expect: { file: 'README.md', contains: '(docs/guide.md#install)' }
  },
  {
    rule: 'doc-truth/fragment-case-mismatch',
    files: { 'README.md': '# Kit\n\n## Install\n\nSee <a href="#Install">install</a> and [it](#INSTALL "Install").\n' },
    expect: { file: 'README.md', contains: 'See <a href="#install">install</a> and [it](#install "Install").\n' }
  }
,
  {
    rule: 'doc-truth/line-anchor-in-markdown',
    files: { 'README.md': '# Kit\n\nSee [line 3](docs/guide.md#L3).\n', 'docs/guide.md': '# Guide\n\ntext\n' },
    expect: { file: 'README.md', contains: '[line 3](docs/guide.md?plain=1#L3)' }
  },
  {
    rule: 'doc-truth/claim-path-case-mismatch',
    files: { 'README.md': '# Kit\n', 'tools/run.sh': 'echo\n', 'docs/truth-claims.yaml': claim('c1', 'path', 'Tools/Run.sh') },
    expect: { file: 'docs/truth-claims.yaml', contains: '  subject: tools/run.sh\n' }
  },
  {
    rule: 'doc-truth/claim-file-missing',
    files: { 'README.md': '# Kit\n', 'tools/run.sh': 'echo\n', 'docs/truth-claims.yaml': claim('c1', 'path', 'tools/run.sh', 'readme.md') },
    expect: { file: 'docs/truth-claims.yaml', contains: '  file: README.md\n' }
  },
  {
    rule: 'doc-truth/command-without-claim',
    files: {
      '.kit-guard.yaml': 'docTruth:\n  commandName: kg\n  commands: ["check", "export build"]\n',
      'README.md': 'Run `kg check` and `kg export build`.\n',
      'docs/truth-claims.yaml': claim('c1', 'command', 'kg check')
    },
    expect: { file: 'docs/truth-claims.yaml', contains: '- id: command-export-build\n  file: README.md\n  claim_type: command\n  subject: kg export build\n' }
  }
];

/** One claim of a claims file, as the docs-claim schema wants it. */
function claim(id: string, type: string, subject: string, file = 'README.md'): string {
  return `- id: ${id}\n  file: ${file}\n  claim_type: ${type}\n  subject: ${subject}\n  verifier: ${type === 'command' ? 'command_registry' : 'path_exists'}\n  required: true\n`;
}
