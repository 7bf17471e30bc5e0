/**
 * Reads the unified-diff `patch` GitHub gives for one file of a pull request (the hunks
 * only, no `diff --git` header) and returns the right-side lines: the added and context
 * lines of the new file, which are the only lines a review comment can be put on.
 * Pure; never throws (a malformed hunk header ends the hunk it would start).
 */
export function rightSideLines(patch: string): Map<number, string> {
  const lines = new Map<number, string>();
  let next = 0;
  let inHunk = false;
  const rows = patch.split('\n');
  if (rows.at(-1) === '') rows.pop(); // a trailing newline is not an empty context line
  for (const raw of rows) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('@@')) {
      const header = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
      inHunk = header !== null;
      if (header) next = Number(header[1]);
      continue;
    }
    if (!inHunk) continue;
    const marker = line[0];
    if (marker === '+' || marker === ' ') lines.set(next++, line.slice(1));
    else if (marker === undefined) lines.set(next++, ''); // a context line whose leading space was trimmed
    // '-' lines are the left side; '\' is "No newline at end of file"
  }
  return lines;
}
