/**
 * Reports: pure renderers (text, JSON, Markdown) and the reporters that publish through
 * an injected sink (annotations, job summary). Re-exports only; no side effects.
 */
export { countBySeverity, countFiles, countLine, plural, withPrefix } from './counts.js';
export { renderText, NO_FILE_HEADING, type TextRenderOptions } from './render/text.js';
export { renderJson, toJsonReport, type JsonReport } from './render/json.js';
export { DEFAULT_MAX_ROWS, escapeMarkdown, escapeUrl, renderMarkdown, type MarkdownRenderOptions } from './render/markdown.js';
export {
  COMMENT_MAX_LENGTH,
  INLINE_MARKER_PREFIX,
  SUMMARY_MARKER,
  inlineFingerprint,
  inlineMarker,
  renderInlineComment,
  renderSummaryComment,
  type CommentSection,
  type SummaryCommentInput,
  type SummaryCommentOptions
} from './render/comment.js';
export { renderSarif, type SarifOptions } from './render/sarif.js';
export { describeError, MultiReporter, type Reporter, type ReportContext, type ReportOutcome } from './reporter.js';
export {
  ANNOTATIONS_PER_SEVERITY,
  AnnotationReporter,
  annotationProperties,
  planAnnotations,
  type AnnotationPlan,
  type AnnotationPlanOptions,
  type AnnotationProperties,
  type AnnotationSink,
  type PlannedAnnotation
} from './reporters/annotations.js';
export { JobSummaryReporter, type SummarySink } from './reporters/job-summary.js';
export { escapeControl } from './escape.js';
