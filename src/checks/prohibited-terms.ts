import { at, type Finding } from '../model/finding.js';
import { LineIndex } from '../model/lines.js';

/**
 * The prohibited-terms rule: a term the manifest lists in `prohibited_terms` must not
 * appear in a declared role or workflow file. A pure rule over one file's text; the schema
 * check, which reads those files, reports its findings under its own id.
 */
export function prohibitedTermFindings<C extends string>(check: C, file: string, text: string, terms: readonly string[], manifestFile: string): Finding<C, 'prohibited-term'>[] {
  if (terms.length === 0) return [];
  const findings: Finding<C, 'prohibited-term'>[] = [];
  const lines = new LineIndex(text);
  for (const term of terms) {
    for (const offset of findTermOccurrences(text, term)) {
      const written = text.slice(offset, offset + term.length);
      findings.push(
        at(
          {
            check,
            rule: 'prohibited-term',
            severity: 'error',
            message: `${file} contains the prohibited term "${term}" ("${written}")`,
            file,
            fix: `Reword or remove "${written}"; ${manifestFile} lists "${term}" in prohibited_terms.`
          },
          { start: lines.position(offset), end: lines.position(offset + term.length) }
        )
      );
    }
  }
  return findings;
}

/**
 * Offsets where `term` occurs in `text`, case-insensitively and on word boundaries the
 * way the seed matched (`\b` is required only at an end of the term that is a word
 * character, ASCII letters, digits and `_`). The term is compared as a string, never
 * turned into a regular expression.
 */
export function findTermOccurrences(text: string, term: string): number[] {
  const needle = lowerSameLength(term);
  if (needle === '') return [];
  const hay = lowerSameLength(text);
  const boundaryBefore = isWordChar(needle.charCodeAt(0));
  const boundaryAfter = isWordChar(needle.charCodeAt(needle.length - 1));
  const hits: number[] = [];
  let from = 0;
  for (;;) {
    const at = hay.indexOf(needle, from);
    if (at === -1) break;
    const end = at + needle.length;
    const okBefore = !boundaryBefore || at === 0 || !isWordChar(hay.charCodeAt(at - 1));
    const okAfter = !boundaryAfter || end >= hay.length || !isWordChar(hay.charCodeAt(end));
    if (okBefore && okAfter) {
      hits.push(at);
      from = end;
    } else from = at + 1;
  }
  return hits;
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** Lower case with offsets preserved: characters whose lower case is longer (e.g. "İ") are kept as they are. */
function lowerSameLength(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (const ch of text) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}
