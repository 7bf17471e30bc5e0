import { describe, expect, it } from '@jest/globals';
import type { Finding } from '../../src/model/finding.js';
import { MultiReporter, type Reporter, type ReportContext } from '../../src/report/reporter.js';
import { AnnotationReporter, annotationProperties, planAnnotations, type AnnotationProperties } from '../../src/report/reporters/annotations.js';
import { JobSummaryReporter } from '../../src/report/reporters/job-summary.js';
import { SAMPLE_FINDINGS } from './sample-findings.js';

const CTX: ReportContext = { failed: true, failOn: 'error', ran: ['doc-truth'], pathPrefix: 'content' };

function finding(severity: Finding['severity'], line: number): Finding {
  return { check: 'doc-truth', rule: 'link-target-missing', severity, message: `m${line}`, file: 'docs/a.md', line, column: 2, fix: 'f' };
}

describe('report/reporters/annotations: annotationProperties', () => {
  it('makes files repository-relative and keeps columns on a one-line range, end inclusive', () => {
    expect(annotationProperties(SAMPLE_FINDINGS[0]!, 'content')).toEqual({
      title: 'doc-truth/link-target-missing',
      file: 'content/README.md',
      startLine: 12,
      endLine: 12,
      startColumn: 5,
      endColumn: 26
    });
  });

  it('drops columns on a multi-line range and ends it on the last line actually covered', () => {
    // 7:5 to 9:1 (exclusive) covers lines 7 and 8
    expect(annotationProperties(SAMPLE_FINDINGS[4]!, '')).toEqual({ title: 'schema/invalid-value', file: 'wazir.manifest.yaml', startLine: 7, endLine: 8 });
  });

  it('gives only a title to a finding with no file, and only a file to a whole-file finding', () => {
    expect(annotationProperties(SAMPLE_FINDINGS[1]!, 'content')).toEqual({ title: 'branch/name-not-allowed' });
    expect(annotationProperties({ check: 'c', rule: 'r', severity: 'error', message: 'm', file: 'x.md' }, 'kit')).toEqual({ title: 'c/r', file: 'kit/x.md' });
  });
});

describe('report/reporters/annotations: planAnnotations', () => {
  it('annotates everything under the limits, errors first, and puts the fix in the message', () => {
    const plan = planAnnotations(SAMPLE_FINDINGS, { pathPrefix: 'content' });
    expect(plan.annotations.map((a) => `${a.severity} ${a.properties.file ?? '-'}:${a.properties.startLine ?? '-'}`)).toEqual([
      'error -:-',
      'error content/README.md:12',
      'error content/wazir.manifest.yaml:7',
      'warning content/CHANGELOG.md:3',
      'notice content/README.md:3'
    ]);
    expect(plan.annotations[1]!.message).toBe('Link target `docs/setup.md` does not exist.\n\nFix: Create docs/setup.md or point the link at an existing file.');
    expect(plan.omitted).toEqual({ error: 0, warning: 0, notice: 0 });
  });

  it('stops at 10 per severity, keeps a slot for the failure message, and says how many were left out', () => {
    const many = [...Array.from({ length: 12 }, (_, i) => finding('error', i + 1)), ...Array.from({ length: 11 }, (_, i) => finding('warning', 100 + i)), finding('notice', 200)];
    const plan = planAnnotations(many, { reserveErrorSlot: true });
    const by = (s: string): number => plan.annotations.filter((a) => a.severity === s).length;
    expect(by('error')).toBe(9);
    expect(by('warning')).toBe(10);
    expect(plan.omitted).toEqual({ error: 3, warning: 1, notice: 0 });
    const last = plan.annotations.at(-1)!;
    expect(last.severity).toBe('notice');
    expect(last.message).toMatch(/^4 more findings \(3 errors, 1 warning\) not annotated/);
    expect(by('notice')).toBe(2); // the real notice plus the overflow notice
    // the first nine errors, in file order, are the ones shown
    expect(plan.annotations.filter((a) => a.severity === 'error').map((a) => a.properties.startLine)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('reserves a notice slot for the overflow notice when notices alone overflow', () => {
    const plan = planAnnotations(Array.from({ length: 11 }, (_, i) => finding('notice', i + 1)));
    expect(plan.annotations).toHaveLength(10);
    expect(plan.omitted.notice).toBe(2);
    expect(plan.annotations.at(-1)!.message).toMatch(/^2 more findings \(2 notices\)/);
  });
});

describe('report/reporters', () => {
  it('AnnotationReporter sends each planned annotation to the sink', async () => {
    const calls: [string, string, AnnotationProperties][] = [];
    const sink = {
      error: (m: string, p: AnnotationProperties) => void calls.push(['error', m, p]),
      warning: (m: string, p: AnnotationProperties) => void calls.push(['warning', m, p]),
      notice: (m: string, p: AnnotationProperties) => void calls.push(['notice', m, p])
    };
    const outcome = await new AnnotationReporter(sink).publish(SAMPLE_FINDINGS, CTX);
    expect(outcome).toEqual({ reporter: 'annotations', published: 5, skipped: 0, notes: [] });
    expect(calls.map(([s, , p]) => `${s} ${p.file ?? '-'}`)).toEqual(['error -', 'error content/README.md', 'error content/wazir.manifest.yaml', 'warning content/CHANGELOG.md', 'notice content/README.md']);
  });

  it('JobSummaryReporter writes the rendered Markdown once', async () => {
    const written: string[] = [];
    const outcome = await new JobSummaryReporter({ write: async (md) => void written.push(md) }).publish(SAMPLE_FINDINGS, CTX);
    expect(written).toHaveLength(1);
    expect(written[0]).toContain('| ❌ error | content/README.md:12:5 |');
    expect(written[0]).toContain('Fail level: error.');
    expect(outcome.published).toBe(5);
  });

  it('MultiReporter keeps going when a reporter throws, even a non-Error', async () => {
    const seen: string[] = [];
    const broken: Reporter = {
      name: 'broken',
      publish: async () => {
        throw 'token refused';
      }
    };
    const working: Reporter = {
      name: 'working',
      publish: async (findings) => {
        seen.push(`got ${findings.length}`);
        return { reporter: 'working', published: findings.length, skipped: 0, notes: [] };
      }
    };
    const outcomes = await new MultiReporter([broken, working]).publishAll(SAMPLE_FINDINGS, CTX);
    expect(outcomes).toEqual([
      { reporter: 'broken', published: 0, skipped: 5, notes: ['failed: token refused'] },
      { reporter: 'working', published: 5, skipped: 0, notes: [] }
    ]);
    expect(seen).toEqual(['got 5']);
  });
});
