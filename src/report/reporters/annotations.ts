import { compareFindings, SEVERITIES, type Finding, type Severity } from '../../model/finding.js';
import { plural, withPrefix } from '../counts.js';
import type { Reporter, ReportContext, ReportOutcome } from '../reporter.js';
import { ruleDocsLink } from '../../rules/index.js';

/** Where an annotation points: the shape of `@actions/core`'s AnnotationProperties. */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  /** Only set when the annotation is on one line (GitHub ignores columns otherwise). */
  startColumn?: number;
  /** Inclusive, like GitHub's. */
  endColumn?: number;
}

/** Something that emits annotations; `@actions/core` satisfies it. */
export interface AnnotationSink {
  error(message: string, properties: AnnotationProperties): void;
  warning(message: string, properties: AnnotationProperties): void;
  notice(message: string, properties: AnnotationProperties): void;
}

export interface PlannedAnnotation {
  severity: Severity;
  message: string;
  properties: AnnotationProperties;
}

export interface AnnotationPlan {
  annotations: PlannedAnnotation[];
  /** Findings left out per severity because of the display limits. */
  omitted: Record<Severity, number>;
}

/** GitHub displays at most this many annotations of each severity per step. */
export const ANNOTATIONS_PER_SEVERITY = 10;

export interface AnnotationPlanOptions {
  pathPrefix?: string;
  /** Display limit per severity; default 10 each. */
  limits?: Partial<Record<Severity, number>>;
  /** Keep one error slot free for the run's own failure message (`setFailed` is an error annotation too). */
  reserveErrorSlot?: boolean;
  /**
   * Where kit-guard's docs are browsed, e.g. `https://github.com/owner/kit-guard/blob/v1`:
   * each annotation then ends with a link to its rule's section of docs/rules.md.
   */
  docsBase?: string;
}

/**
 * Decides which findings become annotations and where each points. Errors come first,
 * then warnings, then notices, each in file order, up to GitHub's display limit per
 * severity. When anything is left out, the last notice slot holds a notice saying how
 * many, so nothing disappears silently. Pure.
 */
export function planAnnotations(findings: readonly Finding[], options: AnnotationPlanOptions = {}): AnnotationPlan {
  const sorted = [...findings].sort(compareFindings);
  const limit = (s: Severity): number => options.limits?.[s] ?? ANNOTATIONS_PER_SEVERITY;
  const bySeverity = (s: Severity): Finding[] => sorted.filter((f) => f.severity === s);

  const errorLimit = Math.max(0, limit('error') - (options.reserveErrorSlot ? 1 : 0));
  const omitted: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  const chosen: Finding[] = [];
  const take = (s: Severity, max: number): void => {
    const all = bySeverity(s);
    chosen.push(...all.slice(0, max));
    omitted[s] = Math.max(0, all.length - max);
  };
  take('error', errorLimit);
  take('warning', limit('warning'));
  const notices = bySeverity('notice');
  const overflowBeforeNotices = omitted.error + omitted.warning > 0;
  const noticeRoom = limit('notice') - (overflowBeforeNotices || notices.length > limit('notice') ? 1 : 0);
  take('notice', Math.max(0, noticeRoom));

  const annotations: PlannedAnnotation[] = chosen.map((f) => {
    const docs = options.docsBase === undefined ? undefined : ruleDocsLink(f.check, f.rule);
    const message = f.fix ? `${f.message}\n\nFix: ${f.fix}` : f.message;
    return {
      severity: f.severity,
      message: docs ? `${message}\n\nDocs: ${options.docsBase?.replace(/\/+$/, '')}/${docs}` : message,
      properties: annotationProperties(f, options.pathPrefix)
    };
  });
  const left = SEVERITIES.filter((s) => omitted[s] > 0);
  if (left.length) {
    const total = left.reduce((n, s) => n + omitted[s], 0);
    const detail = left.map((s) => plural(omitted[s], s)).join(', ');
    annotations.push({
      severity: 'notice',
      message: `${plural(total, 'more finding')} (${detail}) not annotated: GitHub shows ${ANNOTATIONS_PER_SEVERITY} annotations of each severity per step. The job summary and the log list every finding.`,
      properties: { title: 'kit-guard: more findings' }
    });
  }
  return { annotations, omitted };
}

/**
 * Converts a finding's range (1-based, end exclusive) to GitHub's annotation properties
 * (end line and column inclusive, columns only on a single line), with the file made
 * repository-relative.
 */
export function annotationProperties(f: Finding, pathPrefix?: string): AnnotationProperties {
  const props: AnnotationProperties = { title: `${f.check}/${f.rule}` };
  if (f.file === undefined) return props;
  props.file = withPrefix(pathPrefix, f.file);
  if (f.line === undefined) return props;
  props.startLine = f.line;
  let endLine = f.endLine ?? f.line;
  // an exclusive end at column 1 means the range stopped at the end of the previous line
  if (f.endLine !== undefined && f.endColumn === 1 && endLine > f.line) endLine--;
  props.endLine = Math.max(endLine, f.line);
  if (props.endLine === f.line && f.column !== undefined) {
    props.startColumn = f.column;
    if (f.endLine !== undefined && f.endColumn !== undefined && f.endLine === f.line && f.endColumn > f.column) {
      props.endColumn = f.endColumn - 1;
    }
  }
  return props;
}

/** Publishes findings as workflow-command annotations through an injected sink (`@actions/core` in the action). */
export class AnnotationReporter implements Reporter {
  readonly name = 'annotations';

  constructor(
    private readonly sink: AnnotationSink,
    private readonly options: Omit<AnnotationPlanOptions, 'pathPrefix' | 'reserveErrorSlot'> = {}
  ) {}

  async publish(findings: readonly Finding[], ctx: ReportContext): Promise<ReportOutcome> {
    const plan = planAnnotations(findings, { ...this.options, pathPrefix: ctx.pathPrefix, reserveErrorSlot: ctx.failed });
    for (const a of plan.annotations) this.sink[a.severity](a.message, a.properties);
    const skipped = plan.omitted.error + plan.omitted.warning + plan.omitted.notice;
    const notes = skipped ? [`${plural(skipped, 'finding')} over the display limit were not annotated`] : [];
    return { reporter: this.name, published: findings.length - skipped, skipped, notes };
  }
}
