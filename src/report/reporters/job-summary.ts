import type { Finding } from '../../model/finding.js';
import { DEFAULT_MAX_ROWS, renderMarkdown, type MarkdownRenderOptions } from '../render/markdown.js';
import type { Reporter, ReportContext, ReportOutcome } from '../reporter.js';

/** Something that appends Markdown to the job summary; in the action, `core.summary`. */
export interface SummarySink {
  write(markdown: string): Promise<void>;
}

/** Writes the run's Markdown report to the job summary through an injected sink. */
export class JobSummaryReporter implements Reporter {
  readonly name = 'job-summary';

  constructor(
    private readonly sink: SummarySink,
    private readonly options: Omit<MarkdownRenderOptions, 'pathPrefix' | 'failOn'> = {}
  ) {}

  async publish(findings: readonly Finding[], ctx: ReportContext): Promise<ReportOutcome> {
    const markdown = renderMarkdown({ findings, failed: ctx.failed, ran: ctx.ran }, { ...this.options, pathPrefix: ctx.pathPrefix, failOn: ctx.failOn });
    await this.sink.write(markdown);
    const maxRows = this.options.maxRows ?? DEFAULT_MAX_ROWS;
    const skipped = Math.max(0, findings.length - maxRows);
    return { reporter: this.name, published: findings.length - skipped, skipped, notes: skipped ? [`${skipped} findings beyond ${maxRows} rows are counted, not listed`] : [] };
  }
}
