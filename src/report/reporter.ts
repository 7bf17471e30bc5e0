import type { Finding, Severity } from '../model/finding.js';

/**
 * What every reporter is told about the run besides the findings. Kept as plain data so
 * a reporter can be tested without a runner.
 */
export interface ReportContext {
  /** True when a finding is at or above the fail level. */
  failed: boolean;
  failOn: Severity;
  /** Ids of the checks that ran. */
  ran: readonly string[];
  /**
   * The kit root relative to the repository (`''` when the kit is the repository), put
   * before every finding's kit-relative file so reports name repository paths.
   */
  pathPrefix: string;
}

/** What one reporter did: how many findings it published and why any were held back. */
export interface ReportOutcome {
  reporter: string;
  /** Findings published individually (annotations, table rows, comments). */
  published: number;
  /** Findings not published individually (over a display limit, outside the diff). */
  skipped: number;
  /** Human-readable notes for the log (limits hit, fallbacks taken, errors met). */
  notes: string[];
}

/**
 * One output of a run: annotations, the job summary and, later, pull request review
 * comments or a summary comment. A reporter only does I/O; rendering lives in
 * `report/render/`. Adding an output never touches the pipeline: add a Reporter.
 */
export interface Reporter {
  readonly name: string;
  publish(findings: readonly Finding[], ctx: ReportContext): Promise<ReportOutcome>;
}

/**
 * Passes each call to several reporters in order. A reporter that throws does not stop
 * the others or hide findings: its error becomes a note in its outcome.
 */
export class MultiReporter implements Reporter {
  readonly name = 'multi';

  constructor(private readonly reporters: readonly Reporter[]) {}

  /** Publishes through every reporter; returns one outcome per reporter. */
  async publishAll(findings: readonly Finding[], ctx: ReportContext): Promise<ReportOutcome[]> {
    const outcomes: ReportOutcome[] = [];
    for (const reporter of this.reporters) {
      try {
        outcomes.push(await reporter.publish(findings, ctx));
      } catch (error) {
        outcomes.push({ reporter: reporter.name, published: 0, skipped: findings.length, notes: [`failed: ${describeError(error)}`] });
      }
    }
    return outcomes;
  }

  async publish(findings: readonly Finding[], ctx: ReportContext): Promise<ReportOutcome> {
    const outcomes = await this.publishAll(findings, ctx);
    return {
      reporter: this.name,
      published: outcomes.reduce((n, o) => n + o.published, 0),
      skipped: outcomes.reduce((n, o) => n + o.skipped, 0),
      notes: outcomes.flatMap((o) => o.notes.map((note) => `${o.reporter}: ${note}`))
    };
  }
}

/** A readable message for anything thrown, including non-Error values. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
