import { appendLines } from '../../model/edit.js';
import { LineIndex } from '../../model/lines.js';
import type { CodeSpan } from '../../markdown/scan.js';
import { SEED_COMMANDS } from '../../kit/config.js';
import { collapseSpaces, uniqueId, type DocTruthRun } from './run.js';

/** A command documented in an inline code span, where it is first documented. */
interface DocumentedCommand {
  subject: string;
  file: string;
  span: CodeSpan;
}

/** What the claims file says about commands, as far as it could be read. */
export interface CommandClaims {
  /** False when the file exists but is unusable (parse errors, not a list): command rules are then skipped. */
  usable: boolean;
  exists: boolean;
  /** Normalised subjects of command claims (valid or not, so a typo elsewhere does not cascade). */
  commandSubjects: Set<string>;
  ids: Set<string>;
}

/**
 * The string literals of a JavaScript or TypeScript source ('…', "…", and `…` without
 * substitutions), escapes undone. A scan of the text: the file is never run or imported.
 */
export function registryLiterals(source: string): string[] {
  const out: string[] = [];
  const LITERAL = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\$]|\\.|\$(?!\{))*)`/g;
  for (let m = LITERAL.exec(source); m; m = LITERAL.exec(source)) {
    const raw = m[1] ?? m[2] ?? m[3];
    if (raw === undefined) continue; // a comment
    out.push(raw.replace(/\\(.)/g, '$1'));
  }
  return out;
}

/**
 * The commands the docs document (`wazir export build` in inline code) and the registry of
 * supported ones (docTruth.commands): every documented command needs a command claim.
 */
export class DocumentedCommands {
  private readonly documented = new Map<string, DocumentedCommand>();
  private registryCache: Set<string> | undefined;

  constructor(private readonly run: DocTruthRun) {}

  /** Records commands documented in inline code spans (`wazir export build`), first place first. */
  collect(doc: string, spans: readonly CodeSpan[]): void {
    const commandName = this.run.commandName;
    if (commandName === undefined) return;
    for (const span of spans) {
      const subject = commandSubject(span.text, commandName, this.run.config.keptFlags);
      if (subject !== null && !this.documented.has(subject)) this.documented.set(subject, { subject, file: doc, span });
    }
  }

  /** True when the docs show this command (a key from `commandKey`). */
  has(key: string): boolean {
    return this.documented.has(key);
  }

  /** Reports documented commands the claims file has no command claim for. */
  checkClaimed(claims: CommandClaims): void {
    const commandName = this.run.commandName;
    if (!claims.usable || commandName === undefined) return;
    const claimsFile = this.run.config.claimsFile;
    const ids = new Set(claims.ids);
    const pending: { command: DocumentedCommand; supported: boolean; snippet: string; entry: string[] }[] = [];
    for (const command of this.documented.values()) {
      if (claims.commandSubjects.has(command.subject)) continue;
      const supported = this.isSupported(command.subject);
      const id = uniqueId(`command-${slugPart(command.subject.slice(commandName.length + 1))}`, ids);
      ids.add(id);
      const entry = [`- id: ${yamlScalar(id)}`, `  file: ${yamlScalar(command.file)}`, '  claim_type: command', `  subject: ${yamlScalar(command.subject)}`, '  verifier: command_registry', '  required: true'];
      const snippet = [`- id: ${id}`, `  file: ${command.file}`, '  claim_type: command', `  subject: ${command.subject}`, '  verifier: command_registry', '  required: true'].join('\n');
      pending.push({ command, supported, snippet, entry });
    }
    // One edit appends every supported command's claim to the claims file, the same edit on each
    // finding (identical edits apply once); unsupported commands are not claimed by themselves.
    const claimsText = claims.exists ? this.run.repo.readText(claimsFile) : undefined;
    // only a claims file that is a block list at the left margin gets entries appended
    const appendable = claimsText !== undefined && /^- /m.test(claimsText);
    const entries = pending.filter((p) => p.supported).flatMap((p) => p.entry);
    const edit = appendable && claimsText !== undefined && entries.length ? appendLines(new LineIndex(claimsText), claimsFile, entries) : undefined;
    for (const { command, supported, snippet } of pending) {
      const where = claims.exists ? claimsFile : `${claimsFile} (the file does not exist yet)`;
      this.run.push(
        { start: command.span.start, end: command.span.end },
        command.file,
        'command-without-claim',
        'error',
        `\`${command.subject}\` is documented here but ${where} has no command claim for it${supported ? '' : `, and it is not in the registry of supported commands (docTruth.commands)`}`,
        `Add this claim to ${claimsFile}:\n${snippet}${supported ? '' : '\nand add it to docTruth.commands if the tool supports it; otherwise correct the docs.'}`,
        supported && edit ? [edit] : undefined
      );
    }
  }

  /**
   * True when a command subject (with the command name) is in the configured registry.
   * With no known command name, the subject's first word is taken as the name.
   */
  isSupported(subject: string): boolean {
    const commandName = this.run.commandName;
    if (commandName === undefined) {
      const space = subject.indexOf(' ');
      return this.registry().has(subject) || (space !== -1 && this.registry().has(subject.slice(space + 1)));
    }
    return this.registry().has(subject.startsWith(`${commandName} `) ? subject.slice(commandName.length + 1) : subject);
  }

  /**
   * The supported commands: read from the kit's own registry source file when it has one
   * (its string literals starting with the command name), else docTruth.commands. A
   * configured docTruth.commands other than the built-in list is always added.
   */
  registry(): Set<string> {
    if (!this.registryCache) {
      const configured = this.run.config.commands;
      const fromSource = this.registryFromSource();
      const builtIn = configured.length === SEED_COMMANDS.length && configured.every((c, i) => c === SEED_COMMANDS[i]);
      const commands = fromSource === undefined ? configured : builtIn ? fromSource : [...fromSource, ...configured];
      this.registryCache = new Set(commands.map(collapseSpaces));
    }
    return this.registryCache;
  }

  /** Command subjects (without the command name) in the registry source file; undefined when there is none or it names none. */
  private registryFromSource(): string[] | undefined {
    const file = this.run.config.commandRegistry;
    const commandName = this.run.commandName;
    if (!file || commandName === undefined) return undefined;
    const read = this.run.repo.read(file);
    if (!read.ok) return undefined;
    const subjects = registryLiterals(read.text)
      .map(collapseSpaces)
      .filter((literal) => literal === commandName || literal.startsWith(`${commandName} `))
      .map((literal) => literal.slice(commandName.length + 1))
      .filter((subject) => subject !== '');
    return subjects.length ? subjects : undefined;
  }

  /** A command claim's subject as documented subjects are written: whitespace collapsed, command name first. */
  commandKey(subject: string): string {
    const commandName = this.run.commandName;
    const collapsed = collapseSpaces(subject);
    if (commandName === undefined || collapsed === commandName || collapsed.startsWith(`${commandName} `)) return collapsed;
    return `${commandName} ${collapsed}`;
  }
}

/**
 * Reduces an inline code span to the command it documents, as the seed did:
 * `<cmd> <family>` or `<cmd> <family> <sub>`; a third token that is a flag (`--x`), a
 * placeholder (`<x>`), `...` or `*` drops out unless `<family> <token>` is a kept flag.
 * Returns null when the span is not a command.
 */
export function commandSubject(code: string, commandName: string, keptFlags: readonly string[]): string | null {
  // most code spans are not commands: decide that before splitting anything
  let start = 0;
  while (start < code.length && /\s/.test(code[start] as string)) start++;
  if (!code.startsWith(commandName, start)) return null;
  const tokens = code.trim().split(/\s+/);
  if (tokens[0] !== commandName || tokens.length < 2) return null;
  const family = tokens[1] as string;
  const third = tokens[2];
  if (third === undefined || third === '...' || third === '*') return `${commandName} ${family}`;
  if (keptFlags.includes(`${family} ${third}`)) return `${commandName} ${family} ${third}`;
  if (third.startsWith('--') || third.startsWith('<')) return `${commandName} ${family}`;
  return `${commandName} ${family} ${third}`;
}

/** A claim id part from a command: lowercase words joined by `-` (`export --check` -> `export-check`). */
function slugPart(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'command';
}

/** A YAML scalar for `value`: plain when that reads back the same, else double-quoted. */
function yamlScalar(value: string): string {
  return /^[A-Za-z0-9_./][^:#'"\n]*$/.test(value) && !/\s$/.test(value) && !/^(true|false|null|yes|no|on|off|~|[-+]?[0-9.]+)$/i.test(value) ? value : JSON.stringify(value);
}
