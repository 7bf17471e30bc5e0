export { planFixes, type FixedFile, type FixPlan, type SkippedFix } from './plan.js';
export { unifiedPatch } from './patch.js';
export { readEditableText, writablePath, writeFixedFiles, type RefusedWrite, type WriteOutcome } from './write.js';
export { computeFixes, fixRepository, type FixOptions, type FixResult, type WrittenFixResult } from './repository.js';
