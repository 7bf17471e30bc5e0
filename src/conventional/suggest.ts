import { parseHeader, scopeParts } from './parse.js';
import { closest } from '../model/similarity.js';

/** Words people use for a commit type, mapped to the Conventional Commits type. */
const TYPE_SYNONYMS: Record<string, string> = {
  feat: 'feat', feature: 'feat', features: 'feat', feats: 'feat', new: 'feat', add: 'feat', added: 'feat',
  fix: 'fix', fixes: 'fix', fixed: 'fix', bugfix: 'fix', bugfixes: 'fix', bug: 'fix', bugs: 'fix', hotfix: 'fix', patch: 'fix',
  doc: 'docs', docs: 'docs', documentation: 'docs',
  chore: 'chore', chores: 'chore', misc: 'chore', maintenance: 'chore', deps: 'chore', dependencies: 'chore', release: 'chore',
  refactor: 'refactor', refactoring: 'refactor', refactored: 'refactor', cleanup: 'refactor', clean: 'refactor',
  test: 'test', tests: 'test', testing: 'test',
  perf: 'perf', performance: 'perf', optimization: 'perf', optimisation: 'perf',
  ci: 'ci', build: 'build', style: 'style', format: 'style', formatting: 'style', revert: 'revert', reverts: 'revert'
};

/** Leading verbs of free-form subjects: the type they imply and the imperative to keep (undefined: drop the verb, the type says it). */
const VERBS: Record<string, { type: string; keep?: string }> = {
  add: { type: 'feat', keep: 'add' }, added: { type: 'feat', keep: 'add' }, adds: { type: 'feat', keep: 'add' }, adding: { type: 'feat', keep: 'add' },
  implement: { type: 'feat', keep: 'implement' }, implemented: { type: 'feat', keep: 'implement' }, implements: { type: 'feat', keep: 'implement' },
  introduce: { type: 'feat', keep: 'introduce' }, introduced: { type: 'feat', keep: 'introduce' }, introduces: { type: 'feat', keep: 'introduce' },
  create: { type: 'feat', keep: 'create' }, created: { type: 'feat', keep: 'create' }, creates: { type: 'feat', keep: 'create' },
  support: { type: 'feat', keep: 'support' }, allow: { type: 'feat', keep: 'allow' }, allowed: { type: 'feat', keep: 'allow' },
  fix: { type: 'fix' }, fixed: { type: 'fix' }, fixes: { type: 'fix' }, fixing: { type: 'fix' }, bugfix: { type: 'fix' }, hotfix: { type: 'fix' },
  resolve: { type: 'fix', keep: 'resolve' }, resolved: { type: 'fix', keep: 'resolve' }, resolves: { type: 'fix', keep: 'resolve' },
  correct: { type: 'fix', keep: 'correct' }, corrected: { type: 'fix', keep: 'correct' }, prevent: { type: 'fix', keep: 'prevent' },
  document: { type: 'docs', keep: 'document' }, documented: { type: 'docs', keep: 'document' }, docs: { type: 'docs' }, doc: { type: 'docs' },
  refactor: { type: 'refactor' }, refactored: { type: 'refactor' }, refactors: { type: 'refactor' },
  rename: { type: 'refactor', keep: 'rename' }, renamed: { type: 'refactor', keep: 'rename' }, move: { type: 'refactor', keep: 'move' }, moved: { type: 'refactor', keep: 'move' },
  remove: { type: 'refactor', keep: 'remove' }, removed: { type: 'refactor', keep: 'remove' }, delete: { type: 'refactor', keep: 'delete' }, deleted: { type: 'refactor', keep: 'delete' },
  simplify: { type: 'refactor', keep: 'simplify' }, simplified: { type: 'refactor', keep: 'simplify' }, cleanup: { type: 'refactor', keep: 'clean up' },
  test: { type: 'test', keep: 'test' }, tests: { type: 'test', keep: 'test' }, tested: { type: 'test', keep: 'test' },
  optimize: { type: 'perf', keep: 'optimize' }, optimized: { type: 'perf', keep: 'optimize' }, optimise: { type: 'perf', keep: 'optimise' }, speed: { type: 'perf', keep: 'speed' },
  bump: { type: 'chore', keep: 'bump' }, bumped: { type: 'chore', keep: 'bump' }, upgrade: { type: 'chore', keep: 'upgrade' }, upgraded: { type: 'chore', keep: 'upgrade' },
  update: { type: 'chore', keep: 'update' }, updated: { type: 'chore', keep: 'update' }, updates: { type: 'chore', keep: 'update' },
  revert: { type: 'revert', keep: 'revert' }, reverted: { type: 'revert', keep: 'revert' }
};

/** Words in a subject that say the change is documentation. */
const DOC_WORDS = /\b(readme|docs?|documentation|changelog|typos?)\b/i;

export interface HeaderRules {
  types: readonly string[];
  /** Allowed scopes; empty means any. */
  scopes: readonly string[];
}

/**
 * The allowed type closest to `type`: the same word in lower case, a known synonym
 * (`feature` -> `feat`, `bugfix` -> `fix`) or the nearest by edit distance.
 */
export function suggestType(type: string, allowed: readonly string[]): string | undefined {
  const lower = type.toLowerCase();
  if (allowed.includes(lower)) return lower;
  const synonym = TYPE_SYNONYMS[lower];
  if (synonym && allowed.includes(synonym)) return synonym;
  const near = closest(lower, allowed);
  if (near) return near;
  // a misspelled synonym, e.g. `feture`
  const nearSynonym = closest(lower, Object.keys(TYPE_SYNONYMS));
  const mapped = nearSynonym ? TYPE_SYNONYMS[nearSynonym] : undefined;
  return mapped && allowed.includes(mapped) ? mapped : undefined;
}

/** The allowed scope closest to `scope`, or undefined when none is close. */
export function suggestScope(scope: string, allowed: readonly string[]): string | undefined {
  const lower = scope.toLowerCase();
  return allowed.find((s) => s.toLowerCase() === lower) ?? closest(scope, allowed);
}

/**
 * A corrected header for `header` that satisfies the rules, e.g. `Added login page` ->
 * `feat: add login page`, `Fix: crash on start` -> `fix: crash on start`,
 * `feature(api): x` -> `feat(api): x`. When the subject is missing it holds a placeholder.
 */
export function suggestHeader(header: string, rules: HeaderRules): string {
  const text = header.trim();
  const { conventional } = parseHeader(text);
  if (conventional) {
    const type = rules.types.includes(conventional.type) ? conventional.type : (suggestType(conventional.type, rules.types) ?? fallbackType(rules.types, conventional.subject));
    return compose(type, fixScope(conventional.scope, rules.scopes), conventional.bang, conventional.subject);
  }

  // a type-like prefix with the wrong punctuation: `feat:add x`, `feat (api): x`, `[FEAT] x`, `Fix - x`
  const loose = /^[[(]?\s*(?<type>[A-Za-z]+)\s*(?:\(\s*(?<scope>[^()]*?)\s*\))?\s*(?<bang>!)?\s*(?:\]\s*[:\-–—]?|:+|\s[-–—>|]+|-+\s)\s*(?<subject>.*)$/.exec(text);
  if (loose?.groups) {
    const type = suggestType(loose.groups.type as string, rules.types);
    if (type) return compose(type, fixScope(loose.groups.scope || undefined, rules.scopes), loose.groups.bang === '!', loose.groups.subject as string);
  }

  // free text: guess the type from the leading verb (`Added login page` -> `feat: add login page`)
  const words = text.split(/\s+/);
  const first = (words[0] ?? '').replace(/[^A-Za-z]/g, '').toLowerCase();
  const verb = VERBS[first];
  if (verb) {
    let type = rules.types.includes(verb.type) ? verb.type : suggestType(verb.type, rules.types);
    if (verb.type === 'chore' && DOC_WORDS.test(text) && rules.types.includes('docs')) type = 'docs';
    const rest = words.slice(1).join(' ');
    const subject = verb.keep ? `${verb.keep}${rest ? ` ${rest}` : ''}` : rest;
    if (type) return compose(type, undefined, false, subject || text);
  }
  return compose(fallbackType(rules.types, text), undefined, false, text);
}

/**
 * A header no longer than `max`: the subject is cut at a word boundary. Returns the short
 * header and the words cut off (for the body).
 */
export function shortenHeader(header: string, max: number): { header: string; rest: string } {
  if (header.length <= max) return { header, rest: '' };
  let cut = header.lastIndexOf(' ', max);
  const colon = header.indexOf(': ');
  if (cut <= colon + 1) cut = max;
  return { header: header.slice(0, cut).trimEnd(), rest: header.slice(cut).trim() };
}

function fallbackType(types: readonly string[], subject: string): string {
  if (DOC_WORDS.test(subject) && types.includes('docs')) return 'docs';
  if (types.includes('chore')) return 'chore';
  return types[0] ?? 'chore';
}

function fixScope(scope: string | undefined, allowed: readonly string[]): string | undefined {
  if (scope === undefined || allowed.length === 0) return scope?.trim() || undefined;
  const parts = scopeParts(scope).map((p) => (allowed.includes(p) ? p : suggestScope(p, allowed))).filter((p): p is string => p !== undefined);
  return parts.length ? [...new Set(parts)].join(',') : undefined;
}

function compose(type: string, scope: string | undefined, bang: boolean, subject: string): string {
  return `${type}${scope ? `(${scope})` : ''}${bang ? '!' : ''}: ${normalizeSubject(subject)}`;
}

/** Trims, drops a trailing period, and lower-cases the first letter unless the first word is an acronym or a name (`API`, `GitHub`). */
export function normalizeSubject(subject: string): string {
  const text = subject.trim().replace(/\.+$/, '').trim();
  if (!text) return '<describe the change>';
  const first = text.split(/\s/, 1)[0] as string;
  const keepCase = first.length > 1 && /[A-Z]/.test(first.slice(1));
  return keepCase ? text : text.charAt(0).toLowerCase() + text.slice(1);
}
