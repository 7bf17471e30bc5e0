import { describe, expect, it } from '@jest/globals';
import { renderSarif } from '../../src/report/render/sarif.js';
import { validateSarif } from './sarif-schema.js';
import { SAMPLE_FINDINGS } from './sample-findings.js';

interface SarifLog {
  version: string;
  runs: { tool: { driver: { rules: { id: string; fullDescription: { text: string }; helpUri?: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; partialFingerprints?: Record<string, string>; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: Record<string, number> } }[] }[] }[];
}

describe('report/render/sarif', () => {
  const fingerprints = SAMPLE_FINDINGS.map((_, i) => `fp${i}`);
  const log = JSON.parse(
    renderSarif(SAMPLE_FINDINGS, { pathPrefix: 'content', fingerprints, describeRule: (c, r) => `${r} of ${c}`, ruleHelpUri: (c, r) => (c === 'doc-truth' ? `https://example.test/rules#${c}-${r}` : undefined) })
  ) as SarifLog;

  it('is valid SARIF 2.1.0 (the official JSON Schema), with one run', () => {
    expect(validateSarif(log)).toEqual([]);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
  });

  it('lists each rule once with its description, and every finding as a result pointing at its rule', () => {
    const run = log.runs[0]!;
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(run.tool.driver.rules.find((r) => r.id === 'doc-truth/link-target-missing')).toMatchObject({
      fullDescription: { text: 'link-target-missing of doc-truth' },
      helpUri: 'https://example.test/rules#doc-truth-link-target-missing'
    });
    expect(run.tool.driver.rules.find((r) => r.id === 'branch/name-not-allowed')!.helpUri).toBeUndefined();
    expect(run.results).toHaveLength(SAMPLE_FINDINGS.length);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
  });

  it('maps severities, repository paths, regions and the fingerprint of each finding', () => {
    const results = log.runs[0]!.results;
    const link = results.find((r) => r.ruleId === 'doc-truth/link-target-missing')!;
    expect(link.level).toBe('error');
    expect(link.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'content/README.md' }, region: { startLine: 12, startColumn: 5, endLine: 12, endColumn: 27 } });
    expect(link.partialFingerprints).toEqual({ 'kitGuard/v1': 'fp0' });
    expect(results.find((r) => r.ruleId === 'doc-truth/fragment-missing')!.level).toBe('note');
    expect(results.find((r) => r.ruleId === 'branch/name-not-allowed')!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('content');
  });

  it('is valid with no findings too, and the schema rejects a broken log (the check can fail)', () => {
    expect(validateSarif(JSON.parse(renderSarif([])))).toEqual([]);
    expect(validateSarif({ version: '2.1.0', runs: [{ results: [] }] }).length).toBeGreaterThan(0);
  });
});
