/**
 * kit-guard's library: load a kit, run its checks, compile and check host exports, and
 * render reports. Re-exports only: importing this module has no side effects and never
 * loads @actions/* (the GitHub Action lives in dist/, built from src/action/).
 */
export { loadKit, loadConfig, ConfigError, CONFIG_FILES, DEFAULT_PATHS, type Kit, type KitItem, type LoadedManifest, type LoadOptions } from './kit/load.js';
export {
  defaultConfig,
  type BranchConfig,
  type ChangelogConfig,
  type CommitsConfig,
  type DocTruthConfig,
  type ExportsConfig,
  type KitConfig,
  type SchemaConfig,
  type SchemaMapping
} from './kit/config.js';
export { RepoView, type PathLookup, type ReadResult } from './repo/view.js';
export { runChecks, selectChecks, applyRuleConfig, summarize, UnknownCheckError, type FindingFilter, type RunOptions, type RunResult } from './pipeline/run.js';
export { checkRepository, type CheckRepositoryOptions, type RepositoryCheckResult } from './pipeline/check-repository.js';
export { gatherChange, insideGitWorkTree, wantedBaseFiles } from './pipeline/gather.js';
export { CHECKS, CHECK_IDS, OPTIONAL_CHECKS, checkById, type Check, type CheckContext, type ChangeContext, type CommitInfo } from './checks/index.js';
export { SEVERITIES, atLeast, compareFindings, type Finding, type Position, type Severity, type Span } from './model/finding.js';
export { applyEdits, EditConflictError, type Edit } from './model/edit.js';
export { collectChange, type ChangeOptions } from './git/change.js';
export {
  buildExports,
  checkExports,
  exportCheck,
  compileHost,
  compileKit,
  exportHosts,
  HOST_IDS,
  isHostId,
  type BuildOptions,
  type BuildResult,
  type CompileOptions,
  type ExportCheckOptions,
  type ExportCheckResult,
  type ExportFile,
  type HostCompilation,
  type HostId
} from './export/index.js';
export { indexDiff, labelFindings, rightSideLines, parseUnifiedDiff, fingerprint, fingerprintFindings, type ChangedFile, type DiffIndex, type LabelledFinding } from './diff/index.js';
export * from './report/index.js';
export {
  computeFixes,
  fixRepository,
  planFixes,
  unifiedPatch,
  writeFixedFiles,
  type FixedFile,
  type FixOptions,
  type FixPlan,
  type FixResult,
  type RefusedWrite,
  type SkippedFix,
  type WriteOutcome,
  type WrittenFixResult
} from './fix/index.js';
