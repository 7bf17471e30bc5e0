import { isVirtualPath, type Kit } from '../kit/load.js';
import { compareFindings } from '../model/finding.js';
import { buildCanonicalKit, EXPORT_CHECK } from './canonical.js';
import { HOST_COMPILERS, HOST_IDS, isHostId } from './hosts/index.js';
import type { CanonicalKit, CompileOptions, ExportFinding, HostCompilation, HostId } from './types.js';
import { validateHostFiles } from './validate.js';

/** What compileKit returns: one compilation per host, plus findings about the host list itself. */
export type KitCompilation = HostCompilation[] & {
  /** Unknown host names and "nothing to export" notices; not tied to one host. */
  findings: ExportFinding[];
};

/** The kit's export options: `kit.config.exports`, overridden by `options`. */
export function resolveCompileOptions(kit: Kit, options: Partial<CompileOptions> = {}): CompileOptions {
  return {
    layout: options.layout ?? kit.config.exports.layout,
    legacyCommands: options.legacyCommands ?? kit.config.exports.legacyCommands,
    // the native tree holds every configured host's files, whichever hosts this run builds
    targets: options.targets ?? exportHosts(kit).hosts
  };
}

/**
 * Repository-relative folder a host's files are written under: `<exports>/hosts/<host>`
 * for the package layout (the seed's), the repository root for the native one.
 */
export function outputRoot(kit: Kit, host: HostId, layout: CompileOptions['layout']): string {
  if (layout === 'native') return '';
  const exportsDir = kit.paths.exports && !isVirtualPath(kit.paths.exports) ? kit.paths.exports : 'exports';
  return `${exportsDir}/hosts/${host}`;
}

/**
 * Errors that stop any export: the manifest missing, unparsable or not a mapping. Every
 * export is derived from the manifest, so building from a broken one would remove
 * generated files and checking against it would call stale files up to date.
 */
export function manifestProblems(kit: Kit): ExportFinding[] {
  const file = kit.manifest?.file ?? kit.config.manifest;
  const stop = 'no generated file was compared or changed';
  if (!kit.manifest) {
    return [{ check: EXPORT_CHECK, rule: 'manifest-unreadable', severity: 'error', file, message: `the manifest ${file} is missing or cannot be read, so ${stop}`, fix: `Create ${file} (or set \`manifest\` in .kit-guard.yaml), then run the export again.` }];
  }
  if (kit.manifest.ok) return [];
  const { parsed } = kit.manifest;
  if (!parsed.ok) {
    return parsed.findings.map((f) => ({ ...f, check: EXPORT_CHECK, rule: 'manifest-invalid', severity: 'error' as const, message: `${f.message} (the manifest does not parse, so ${stop})` }));
  }
  const kind = Array.isArray(parsed.data) ? 'a list' : parsed.data === null || parsed.data === undefined ? 'empty' : `a ${typeof parsed.data}`;
  const span = parsed.valueSpan([]);
  return [{ check: EXPORT_CHECK, rule: 'manifest-invalid', severity: 'error', file, line: span.start.line, column: span.start.column, message: `the manifest ${file} is ${kind}, not a mapping of keys to values, so ${stop}`, fix: 'Write the manifest as a YAML mapping (project:, export_targets:, ...).' }];
}

/** The hosts to export (`exports.hosts`, else the manifest's `export_targets`), with an error for each unknown name. */
export function exportHosts(kit: Kit): { hosts: HostId[]; findings: ExportFinding[] } {
  const configured = kit.config.exports.hosts;
  const names = configured ?? kit.exportTargets;
  const where = configured ? (kit.configFile ?? '.kit-guard.yaml') : (kit.manifest?.file ?? kit.config.manifest);
  const field = configured ? 'exports.hosts' : 'export_targets';
  const hosts: HostId[] = [];
  const findings: ExportFinding[] = [];
  for (const name of names) {
    if (isHostId(name)) {
      if (!hosts.includes(name)) hosts.push(name);
      continue;
    }
    findings.push({
      check: EXPORT_CHECK,
      rule: 'unknown-host',
      severity: 'error',
      message: `${field} names "${name}", which is not a host kit-guard exports to; it is skipped`,
      file: where,
      fix: `Use one of: ${HOST_IDS.join(', ')}.`
    });
  }
  if (names.length === 0) {
    findings.push({
      check: EXPORT_CHECK,
      rule: 'no-hosts',
      severity: 'notice',
      message: 'no export hosts are configured, so nothing is exported',
      file: where,
      fix: `List hosts in the manifest's export_targets or in exports.hosts of .kit-guard.yaml (${HOST_IDS.join(', ')}).`
    });
  }
  return { hosts, findings };
}

/**
 * Compiles the kit for one host: generated files (paths relative to the host's output
 * root), the sources read, and findings (derived fields, lossiness, missing fields, and
 * validation of the output against the host's schemas). Pure: reads through `kit.repo`.
 */
export function compileHost(kit: Kit, host: HostId, options?: Partial<CompileOptions>): HostCompilation {
  const resolved = resolveCompileOptions(kit, options);
  return compileModel(buildCanonicalKit(kit), host, resolved, outputRoot(kit, host, resolved.layout));
}

/**
 * Compiles the kit for every configured host (see exportHosts). The canonical model is
 * built once. Source findings (unreadable files, malformed front matter) appear in each
 * host's compilation; use `uniqueFindings` when reporting across hosts.
 */
export function compileKit(kit: Kit, options?: Partial<CompileOptions>): KitCompilation {
  const resolved = resolveCompileOptions(kit, options);
  const { hosts, findings } = exportHosts(kit);
  const model = hosts.length ? buildCanonicalKit(kit) : undefined;
  const compilations = model ? hosts.map((host) => compileModel(model, host, resolved, outputRoot(kit, host, resolved.layout))) : [];
  return Object.assign(compilations, { findings });
}

/** Compiles an already built model for one host and validates the output. */
export function compileModel(model: CanonicalKit, host: HostId, options: CompileOptions, root = ''): HostCompilation {
  const compilation = HOST_COMPILERS[host].compile(model, options);
  const validation = validateHostFiles(host, compilation.files, root);
  return { ...compilation, root, findings: [...compilation.findings, ...validation].sort(compareFindings) };
}

/** Findings without exact duplicates (the same source problem reported by several hosts), in stable order. */
export function uniqueFindings(findings: readonly ExportFinding[]): ExportFinding[] {
  const seen = new Set<string>();
  const out: ExportFinding[] = [];
  for (const f of findings) {
    const key = JSON.stringify([f.check, f.rule, f.severity, f.file, f.line, f.column, f.message]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out.sort(compareFindings);
}
