/**
 * Host exports: the pure compiler (kit in, files out), the writer (`buildExports`) and
 * the drift check (`checkExports`, and `exportCheck` for the check runner).
 * Re-exports only; no side effects.
 */
export { compileHost, compileKit, compileModel, exportHosts, outputRoot, resolveCompileOptions, uniqueFindings, type KitCompilation } from './compile.js';
export { HOST_IDS, HOSTS, isHostId, type FileRule, type HostDefinition } from './hosts/index.js';
export type { CompileOptions, ExportFile, ExportKind, HostCompilation, HostId } from './types.js';
export { nodeFileWriter, type FileReader, type FileStat, type FileWriter } from './fs.js';
export { compileSelected, planExports, type ExportPlan, type HostPlan, type PlannedFile, type PlannedRemoval } from './plan.js';
export { buildExports, writeExports, type BuildOptions, type BuildResult, type HostBuildResult } from './write.js';
export { checkCompiled, checkExports, exportCheck, type ExportCheckOptions, type ExportCheckResult, type HostCheckResult } from './check.js';
export {
  EXPORT_MANIFEST_FILE,
  HOST_PACKAGE_FILE,
  RECORD_FORMAT,
  generatorInfo,
  hostRecordDir,
  parseRecord,
  renderRecord,
  stableJson,
  type ExportLayout,
  type ExportManifestRecord,
  type GeneratorInfo,
  type HostPackageRecord,
  type HostRecord,
  type RecordRead
} from './record.js';
