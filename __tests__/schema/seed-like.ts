/** Kit content modelled on the seed kit's formats (written for these tests), shared by the schema tests. */

/** A manifest modelled on the seed's own (manifest_version 2, every required key, extra `paths`). */
export const SEED_LIKE_MANIFEST = `manifest_version: 2
project:
  name: demo-kit
  display_name: Demo Kit
  version: 0.2.0
  description: A small kit of roles and workflows used to test the checker.
  license: MIT
versioning_policy:
  strategy: semver
  stability: pre-1.0-alpha
  compatibility: additive_changes_only_until_manifest_bump
paths:
  input: input
  roles: roles
  workflows: workflows
  skills: skills
  agents: agents
  hooks: hooks
  templates: templates
  schemas: schemas
  expertise: expertise
  docs: docs
  exports: exports
  tooling: tooling
  examples: examples
  memory: memory
  state_root_default: ~/.demo/projects/{project_slug}
hosts:
  - claude
  - codex
  - gemini
  - cursor
workflows:
  - clarify
  - spec_challenge
phases:
  - clarify
  - spec_challenge
phase_prerequisites:
  spec_challenge:
    required_artifacts: [clarification]
    required_phase_exits: [clarify]
roles:
  - clarifier
  - reviewer
export_targets:
  - claude
  - codex
required_hooks:
  - session_start
protected_paths:
  - roles
  - exports/hosts
prohibited_terms:
  - control plane
adapters:
  context_mode:
    enabled_by_default: false
    required: false
    install_mode: external
    package_presence: optional
index:
  core_parsers:
    - builtin-heuristic-markdown
  optional_language_plugins: []
validation_checks:
  - docs-truth
`;

export const SEED_LIKE_HOOK = `id: session_start
trigger: session_start
description: Prepare the run-local status files when a session opens.
input_contract:
  required:
    - project_root
allowed_side_effects: []
output_contract:
  produces:
    - bootstrap_text
failure_behavior:
  mode: capture
  exit_code: 0
host_fallback:
  claude: native_hook
  codex: wrapper_command
  gemini: wrapper_command
  cursor: native_or_wrapper
`;
