import { scalarEdit } from '../../model/edit.js';
import path from 'node:path';
import { isRecord } from '../../model/guards.js';
import { closestStrings } from '../../model/similarity.js';
import { parseYaml, type ParsedYaml } from '../../parse/yaml.js';
import { shippedSchema } from '../../schema/shipped.js';
import { compileSchema, schemaErrorsToFindings } from '../../schema/validate.js';
import type { CommandClaims, DocumentedCommands } from './commands.js';
import { CHECK, uniqueId, type DocTruthRun } from './run.js';
import { append } from '../../model/append.js';
import type { RuleOf } from '../../rules/index.js';

/** Claim types whose subject is a repository path that must exist. */
const PATH_CLAIM_TYPES = new Set(['path', 'generated_file', 'example', 'host_quickstart']);

/**
 * The claims file (docTruth.claimsFile): a YAML list of claims, each valid against the
 * shipped docs-claim schema; claimed paths exist; command claims name supported commands
 * that the docs show.
 */
export class ClaimsFile {
  constructor(
    private readonly run: DocTruthRun,
    private readonly commands: DocumentedCommands
  ) {}

  check(): CommandClaims {
    const state: CommandClaims = { usable: true, exists: false, commandSubjects: new Set(), ids: new Set() };
    const file = this.run.repo.normalize(this.run.config.claimsFile);
    if (file === null) {
      state.usable = false;
      this.run.findings.push({
        check: CHECK,
        rule: 'claim-outside-repo',
        severity: 'error',
        message: `the claims file "${this.run.config.claimsFile}" (docTruth.claimsFile) leaves the repository, so it was not read`,
        fix: 'Set docTruth.claimsFile in .kit-guard.yaml to a path inside the repository, e.g. docs/truth-claims.yaml.'
      });
      return state;
    }
    const read = this.run.repo.read(file);
    if (!read.ok) {
      if (read.reason === 'missing') return state;
      state.usable = false;
      this.run.findings.push({ check: CHECK, rule: 'claims-invalid', severity: 'error', message: `${read.message}, so no claim was checked`, file, fix: 'Make the claims file a readable YAML list of claims.' });
      return state;
    }
    state.exists = true;
    const parsed = parseYaml(read.text, { file }, CHECK);
    if (!parsed.ok) {
      state.usable = false;
      append(this.run.findings, parsed.findings);
      return state;
    }
    const data = parsed.data ?? [];
    if (!Array.isArray(data)) {
      state.usable = false;
      this.run.findings.push({
        check: CHECK,
        rule: 'claims-invalid',
        severity: 'error',
        message: `${file} must be a YAML list of claims, but it holds ${describeValue(data)}`,
        file,
        line: 1,
        column: 1,
        fix: 'Write each claim as a list item:\n- id: command-export-build\n  file: docs/reference/cli.md\n  claim_type: command\n  subject: <command> export build\n  verifier: command_registry'
      });
      return state;
    }
    const validate = compileSchema(shippedSchema('docs-claim'));
    const firstIdAt = new Map<string, number>();
    data.forEach((claim: unknown, index: number) => {
      const record = isRecord(claim) ? claim : undefined;
      if (record && record.claim_type === 'command' && typeof record.subject === 'string') state.commandSubjects.add(this.commands.commandKey(record.subject));
      if (record && typeof record.id === 'string') state.ids.add(record.id);
      if (!validate(claim)) {
        const errors = (validate.errors ?? []).map((e) => ({ ...e, instancePath: `/${index}${e.instancePath}` }));
        append(this.run.findings, schemaErrorsToFindings(errors, parsed, { check: CHECK, rule: 'claim-invalid', file, subject: `claim ${index + 1}` }));
        return;
      }
      const valid = claim as { id: string; file: string; claim_type: string; subject: string };
      const first = firstIdAt.get(valid.id);
      if (first !== undefined) {
        this.run.push(parsed.valueSpan([index, 'id']), file, 'claim-duplicate-id', 'error', `claim id "${valid.id}" is already used by claim ${first + 1}; ids must be unique`, `Rename this claim, e.g. "${uniqueId(valid.id, state.ids)}", or remove the duplicate.`);
      } else firstIdAt.set(valid.id, index);
      this.checkPath(parsed, file, index, 'file', valid.file, 'claim-file-missing', `the document of claim "${valid.id}"`);
      if (PATH_CLAIM_TYPES.has(valid.claim_type)) {
        this.checkPath(parsed, file, index, 'subject', valid.subject, 'claim-path-missing', `the ${valid.claim_type.replace('_', ' ')} claimed by "${valid.id}"`, valid.claim_type === 'generated_file');
      }
      if (valid.claim_type === 'command') this.checkCommand(parsed, file, index, valid.id, valid.subject);
    });
    if (this.run.commandName === undefined && state.commandSubjects.size > 0) {
      this.run.findings.push({
        check: CHECK,
        rule: 'command-name-unknown',
        severity: 'notice',
        message: `${file} has command claims, but the tool's command name is unknown (no docTruth.commandName and no project.name in the manifest), so the docs were not searched for documented commands`,
        file,
        line: 1,
        column: 1,
        fix: 'Set docTruth.commandName in .kit-guard.yaml (e.g. `commandName: wazir`), or project.name in the manifest.'
      });
    }
    return state;
  }

  /** A path named in a claim must exist, case-exactly, inside the repository (it is never looked up outside). */
  private checkPath(parsed: ParsedYaml, claimsFile: string, index: number, key: 'file' | 'subject', value: string, missingRule: RuleOf<'doc-truth'>, what: string, generated = false): void {
    const span = parsed.valueSpan([index, key]);
    const normal = isAbsolutePath(value) ? null : this.run.repo.normalize(value);
    if (normal === null) {
      this.run.push(span, claimsFile, 'claim-outside-repo', 'error', `${what}, "${value}", is outside the repository; it was not looked up`, 'Claims name repository-relative paths, e.g. docs/guide.md.');
      return;
    }
    const found = this.run.lookup(normal);
    if (found.kind !== 'missing') return;
    if (found.actual !== undefined) {
      const rule = key === 'subject' ? 'claim-path-case-mismatch' : missingRule;
      // an edit only when the claim wrote the plain repository path and exactly one path matches ignoring case
      const text = value === normal && this.run.uniqueCaseMatch(normal) === found.actual ? this.run.repo.readText(claimsFile) : undefined;
      const edit = text === undefined ? undefined : scalarEdit(claimsFile, text, span, found.actual);
      this.run.push(span, claimsFile, rule, 'error', `${what}, "${value}", exists only as "${found.actual}" (different letter case); paths are case-sensitive on GitHub and Linux`, `Use ${found.actual}`, edit ? [edit] : undefined);
      return;
    }
    let fix: string;
    if (generated) fix = `Generate it (kit-guard export build) and commit it, or correct the path.`;
    else {
      const sameName = (this.run.basenameIndex().get(path.posix.basename(normal).toLowerCase()) ?? []).slice(0, 3);
      fix = sameName.length ? `Use the existing path ${sameName.join(' or ')}, or create ${normal}.` : `Create ${normal}, or correct the path.`;
    }
    this.run.push(span, claimsFile, missingRule, 'error', `${what}, "${value}", does not exist`, fix);
  }

  private checkCommand(parsed: ParsedYaml, claimsFile: string, index: number, id: string, subject: string): void {
    const key = this.commands.commandKey(subject);
    if (!this.commands.isSupported(key)) {
      const prefix = this.run.commandName !== undefined ? `${this.run.commandName} ` : '';
      const rest = prefix && key.startsWith(prefix) ? key.slice(prefix.length) : key;
      const near = closestStrings(rest, [...this.commands.registry()], 3).map((c) => `${prefix}${c}`);
      this.run.push(
        parsed.valueSpan([index, 'subject']),
        claimsFile,
        'command-unsupported',
        'error',
        `claim "${id}" names the command "${subject}", which is not in the registry of supported commands (docTruth.commands)`,
        near.length ? `Did you mean ${near.map((n) => `"${n}"`).join(', ')}? If the command is new, add "${rest}" to docTruth.commands.` : `Correct the subject, or add "${rest}" to docTruth.commands if the tool supports it.`
      );
    }
    if (this.run.commandName !== undefined && !this.commands.has(key)) {
      this.run.push(
        parsed.valueSpan([index]),
        claimsFile,
        'command-claim-undocumented',
        'error',
        `claim "${id}" says \`${key}\` is documented, but no inline code span in the docs (${this.run.config.docs.join(', ')}) shows it`,
        `Document \`${key}\` in the docs as inline code (e.g. in the claim's file), or remove the claim.`
      );
    }
  }
}

function isAbsolutePath(value: string): boolean {
  return value.startsWith('/') || value.startsWith('~') || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\');
}

function describeValue(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value} (${JSON.stringify(value)})`;
}
