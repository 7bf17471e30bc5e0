import { compareFindings, type Finding, type Severity } from '../../model/finding.js';
import { withPrefix } from '../counts.js';

export interface SarifOptions {
  /** The kit's folder in the repository, put before every finding's file. */
  pathPrefix?: string;
  /** A description for a rule (`check`, `rule`); default names the rule and its check. */
  describeRule?: (check: string, rule: string) => string;
  /** A web page documenting a rule (`helpUri`); none when it returns undefined. */
  ruleHelpUri?: (check: string, rule: string) => string | undefined;
  /** One fingerprint per finding, in the order given (`partialFingerprints`). */
  fingerprints?: readonly string[];
  /** The tool version written in `tool.driver.version`. */
  version?: string;
  /** Where the rules are documented (`tool.driver.informationUri`). */
  informationUri?: string;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', notice: 'note' };

/**
 * Renders findings as a SARIF 2.1.0 log that GitHub code scanning accepts: one run, the
 * rules that fired with their descriptions, one result per finding with its location
 * (1-based, end column exclusive as SARIF wants) and a `partialFingerprints` entry. A
 * finding with no file points at the repository root. Pure; returns JSON text.
 */
export function renderSarif(findings: readonly Finding[], options: SarifOptions = {}): string {
  const order = findings.map((f, i) => ({ f, i })).sort((a, b) => compareFindings(a.f, b.f));
  const ruleIds: string[] = [];
  const ruleIndex = new Map<string, number>();
  for (const { f } of order) {
    const id = `${f.check}/${f.rule}`;
    if (!ruleIndex.has(id)) {
      ruleIndex.set(id, ruleIds.length);
      ruleIds.push(id);
    }
  }
  const describe = options.describeRule ?? ((check: string, rule: string) => `${rule} (a rule of the ${check} check)`);
  const rules = ruleIds.map((id) => {
    const [check, rule] = splitId(id);
    const text = describe(check, rule);
    const helpUri = options.ruleHelpUri?.(check, rule);
    return { id, name: rule, shortDescription: { text: `${check}: ${rule}` }, fullDescription: { text }, help: { text }, ...(helpUri ? { helpUri } : {}), properties: { tags: [check] } };
  });
  const results = order.map(({ f, i }) => {
    const id = `${f.check}/${f.rule}`;
    const result: Record<string, unknown> = {
      ruleId: id,
      ruleIndex: ruleIndex.get(id),
      level: LEVEL[f.severity],
      message: { text: f.fix ? `${f.message}\n\nFix: ${f.fix}` : f.message },
      locations: [location(f, options.pathPrefix)]
    };
    const fp = options.fingerprints?.[i];
    if (fp) result.partialFingerprints = { 'kitGuard/v1': fp };
    return result;
  });
  const driver: Record<string, unknown> = { name: 'kit-guard', rules };
  if (options.version) driver.version = options.version;
  if (options.informationUri) driver.informationUri = options.informationUri;
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver }, results, columnKind: 'utf16CodeUnits' }]
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function splitId(id: string): [string, string] {
  const slash = id.indexOf('/');
  return [id.slice(0, slash), id.slice(slash + 1)];
}

function location(f: Finding, pathPrefix: string | undefined): Record<string, unknown> {
  const uri = f.file === undefined ? withPrefix(pathPrefix, '') || '.' : withPrefix(pathPrefix, f.file);
  const physical: Record<string, unknown> = { artifactLocation: { uri: encodeUri(uri) } };
  if (f.file !== undefined && f.line !== undefined) {
    const region: Record<string, number> = { startLine: f.line };
    if (f.column !== undefined) region.startColumn = f.column;
    if (f.endLine !== undefined && f.endLine >= f.line) region.endLine = f.endLine;
    if (f.endColumn !== undefined && f.endLine !== undefined && (f.endLine > f.line || f.endColumn > (f.column ?? 1))) region.endColumn = f.endColumn;
    physical.region = region;
  }
  return { physicalLocation: physical };
}

/** A repository path as a relative URI reference (spaces, `#`, `%` and the like percent-encoded). */
function encodeUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}
