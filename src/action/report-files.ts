import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { labelFindings } from '../diff/filter.js';
import { fingerprintFindings } from '../diff/fingerprint.js';
import type { Finding } from '../model/finding.js';
import { renderJson } from '../report/render/json.js';
import { renderSarif, type SarifOptions } from '../report/render/sarif.js';
import type { Reporter, ReportContext, ReportOutcome } from '../report/reporter.js';

/**
 * Writes the report files: `report-json` (the CLI's `--format json`) and `report-sarif`
 * (SARIF 2.1.0 for code scanning). Written before any API call, so an API outage never
 * loses a finding.
 */
export class ReportFilesReporter implements Reporter {
  readonly name = 'report-files';

  constructor(
    private readonly files: { json: string; sarif: string },
    private readonly sarif: Omit<SarifOptions, 'pathPrefix' | 'fingerprints'> & {
      /** The text of a repository file's line, for fingerprints that survive lines shifting. */
      lineText?: (path: string, line: number) => string | undefined;
    } = {}
  ) {}

  async publish(findings: readonly Finding[], ctx: ReportContext): Promise<ReportOutcome> {
    write(this.files.json, renderJson({ findings, failed: ctx.failed, ran: ctx.ran }));
    const { lineText, ...sarif } = this.sarif;
    const fingerprints = fingerprintFindings(labelFindings(findings, undefined, ctx.pathPrefix), lineText);
    write(this.files.sarif, renderSarif(findings, { ...sarif, pathPrefix: ctx.pathPrefix, fingerprints }));
    return { reporter: this.name, published: findings.length, skipped: 0, notes: [`wrote ${this.files.json} and ${this.files.sarif}`] };
  }
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}
