import { stringify as stringifyToml } from 'smol-toml';
import { stringify as stringifyYaml } from 'yaml';

/** `\r\n` and lone `\r` become `\n`, so outputs are byte-identical on every OS. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Trims trailing whitespace at the end and ends the text with exactly one newline ('' stays ''). */
export function endWithNewline(text: string): string {
  const trimmed = normalizeNewlines(text).replace(/\s+$/, '');
  return trimmed === '' ? '' : `${trimmed}\n`;
}

/**
 * A Markdown file with YAML front matter. Undefined fields are left out; field order is
 * the object's own (callers build it in a fixed order), so the output is deterministic.
 * Front matter is always the first line, as hosts require.
 */
export function renderFrontMatter(fields: Record<string, unknown>, body: string): string {
  const clean = withoutUndefined(fields);
  const yaml = Object.keys(clean).length === 0 ? '' : stringifyYaml(clean, { lineWidth: 0, minContentWidth: 0, defaultKeyType: 'PLAIN', singleQuote: false });
  const text = endWithNewline(body);
  return `---\n${yaml}---\n${text === '' ? '' : `\n${text}`}`;
}

/** Pretty JSON with a trailing newline; key order is the object's own. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** TOML through smol-toml with a trailing newline; undefined fields are left out. */
export function renderToml(value: Record<string, unknown>): string {
  return endWithNewline(stringifyToml(withoutUndefined(value)));
}

/** Drops undefined values (one level) so optional fields do not appear as `null`/empty. */
export function withoutUndefined(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out;
}

/** Lowercase-hyphenated name from an id: `spec_challenge` -> `spec-challenge`, `Code Review` -> `code-review`. */
export function toName(id: string): string {
  return id
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Sorted copy of unique strings. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareStrings);
}

/** Locale-independent string order (code units), so output never depends on the machine's locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
