/**
 * The diff filter: reads pull request patches into the lines a review comment can be put
 * on, and labels findings as in the diff's files and lines (never dropping one). Pure.
 */
export { rightSideLines } from './patch.js';
export { indexDiff, labelFindings, type ChangedFile, type DiffIndex, type LabelledFinding } from './filter.js';
export { parseUnifiedDiff } from './unified.js';
export { fingerprint, fingerprintFindings } from './fingerprint.js';
