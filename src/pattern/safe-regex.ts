import picomatch from 'picomatch';
import { RE2JS } from 're2js';

/**
 * Regular expressions that come from a kit or its configuration (schema `pattern`,
 * `patternProperties`, branch and author globs) run on RE2, whose matching time is linear
 * in the input: a pattern such as `(a+)+$` cannot hang a run. RE2 cannot express
 * backreferences or lookaround; such a pattern is refused with UnsafePatternError.
 */
export class UnsafePatternError extends Error {
  constructor(
    readonly pattern: string,
    readonly reason: string
  ) {
    super(`pattern "${pattern}" cannot be run in linear time (RE2): ${reason}`);
    this.name = 'UnsafePatternError';
  }
}

/** A compiled linear-time regular expression. */
export interface SafeRegex {
  readonly source: string;
  /** True when the pattern matches somewhere in `input` (like RegExp#test). */
  test(input: string): boolean;
  /** True when the pattern matches all of `input`. */
  testExact(input: string): boolean;
  /** `/source/flags`, distinct per pattern (Ajv keys its cache of patterns by it). */
  toString(): string;
}

const cache = new Map<string, SafeRegex | UnsafePatternError>();

/**
 * Compiles an ECMAScript pattern on RE2. `flags` may hold `i` (case-insensitive), `s`
 * (dot matches newlines) and `m` (multi-line anchors); `u`, `g` and `y` change nothing
 * here. Throws UnsafePatternError for what RE2 cannot express.
 */
export function compileSafeRegex(source: string, flags = ''): SafeRegex {
  const key = `${flags}/${source}`;
  let entry = cache.get(key);
  if (!entry) {
    entry = compile(source, flags);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, entry);
  }
  if (entry instanceof UnsafePatternError) throw entry;
  return entry;
}

function compile(source: string, flags: string): SafeRegex | UnsafePatternError {
  let bits = 0;
  if (flags.includes('i')) bits |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('s')) bits |= RE2JS.DOTALL;
  if (flags.includes('m')) bits |= RE2JS.MULTILINE;
  try {
    const re = RE2JS.compile(RE2JS.translateRegExp(source), bits);
    // Ajv keys its cache of compiled patterns by toString(): it must differ per pattern and flags
    return { source, test: (input) => re.test(input), testExact: (input) => re.testExact(input), toString: () => `/${source}/${flags}` };
  } catch (error) {
    return new UnsafePatternError(source, explain(source, error));
  }
}

/** Says in words why RE2 refused a pattern. */
function explain(source: string, error: unknown): string {
  const raw = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
  if (/\(\?<?[=!]/.test(source) && /Perl syntax|\(\?/.test(raw)) return `lookahead and lookbehind are not supported (${raw})`;
  if (/\\[1-9]|\\k</.test(source) && /escape/.test(raw)) return `backreferences are not supported (${raw})`;
  return raw;
}

/**
 * The option for Ajv's `code.regExp`: schema `pattern` and `patternProperties` run on RE2.
 * Ajv calls it while compiling, so an unsupported pattern makes the compile throw
 * UnsafePatternError (the schema check reports it at the pattern).
 */
export function ajvRegExp(source: string, flags: string): { test(input: string): boolean } {
  return compileSafeRegex(source, flags);
}
ajvRegExp.code = 'ajvRegExp';

/** picomatch options used by callers that compile globs here. */
export type GlobOptions = Pick<picomatch.PicomatchOptions, 'bash' | 'dot' | 'nocase' | 'literalBrackets'>;

/**
 * Branch-name globs. `bash` makes a single `*` match `/` too, so `feat/*` accepts
 * `feat/team/login` as the seed's `^feat\/.+$` did; `**` behaves the same.
 */
export const BRANCH_GLOB_OPTIONS: GlobOptions = { bash: true, dot: true };

/** Author globs: case-insensitive, `[`/`]` literal (`dependabot[bot]`). */
export const AUTHOR_GLOB_OPTIONS: GlobOptions = { literalBrackets: true, nocase: true, dot: true, bash: true };

/** Repository path globs (docs, excludes, schema mappings), dotfiles included. */
export const PATH_GLOB_OPTIONS: GlobOptions = { dot: true };

/**
 * Lookarounds picomatch emits for every glob: "no `.` or `..` path segment here" and "at
 * least one character follows". Branch names, author names and repository paths never
 * hold `.`/`..` segments (Git refuses them, paths are normalised) and are never empty, so
 * dropping these leaves what a glob matches unchanged for them, and RE2 can run the rest.
 */
const PICOMATCH_LOOKAROUNDS = ['(?!(?:^|\\/)\\.{1,2}(?:\\/|$))', '(?!\\.{1,2}(?:\\/|$))', '(?!\\.)', '(?=.)'];

/**
 * A linear-time matcher for one glob (picomatch syntax). Throws UnsafePatternError when
 * the glob needs what RE2 lacks (negated extglobs such as `!(x)`, backreferences).
 */
export function compileSafeGlob(glob: string, options: GlobOptions): (input: string) => boolean {
  let regex: RegExp;
  try {
    regex = picomatch.makeRe(glob, options);
  } catch (error) {
    throw new UnsafePatternError(glob, error instanceof Error ? error.message : String(error));
  }
  let source = regex.source;
  for (const part of PICOMATCH_LOOKAROUNDS) source = source.split(part).join('');
  let safe: SafeRegex;
  try {
    safe = compileSafeRegex(source, regex.flags);
  } catch (error) {
    const reason = error instanceof UnsafePatternError ? error.reason : String(error);
    throw new UnsafePatternError(glob, /lookahead/.test(reason) ? 'negated patterns such as `!(…)` are not supported' : reason);
  }
  return (input) => safe.test(input);
}

/** One linear-time matcher for several globs (none: matches nothing). Throws UnsafePatternError like compileSafeGlob. */
export function compileSafeGlobs(globs: readonly string[], options: GlobOptions): (input: string) => boolean {
  const matchers = globs.map((glob) => compileSafeGlob(glob, options));
  if (matchers.length === 0) return () => false;
  return (input) => matchers.some((match) => match(input));
}

/** The globs among `globs` that cannot be compiled, each with its reason. */
export function unsafeGlobs(globs: readonly string[], options: GlobOptions): UnsafePatternError[] {
  const out: UnsafePatternError[] = [];
  for (const glob of globs) {
    try {
      compileSafeGlob(glob, options);
    } catch (error) {
      if (error instanceof UnsafePatternError) out.push(error);
      else throw error;
    }
  }
  return out;
}
