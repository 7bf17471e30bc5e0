/**
 * A backtick fence for a fenced code block around `text`: longer than any backtick run in
 * it (at least three), so no line of the content can close the block early. A loop, not
 * `Math.max(...runs)`: a large patch can hold more runs than a spread may pass.
 */
export function codeFence(text: string): string {
  let longest = 0;
  for (const run of text.matchAll(/`+/g)) longest = Math.max(longest, run[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}
