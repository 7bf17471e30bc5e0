/**
 * Edit distance (optimal string alignment: insertions, deletions, substitutions and
 * swaps of neighbours each cost 1), used to propose the closest allowed value. With
 * `max`, it gives up as soon as the distance must exceed it and returns `max + 1`, so
 * comparing one word with thousands of names stays cheap.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  // three rolling rows: the one before the previous is needed for a swap of neighbours
  let before = new Uint32Array(b.length + 1);
  let previous = new Uint32Array(b.length + 1);
  let current = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let best = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) best = Math.min(best, (before[j - 2] as number) + 1);
      current[j] = best;
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length] as number;
}

/**
 * The candidate closest to `value` (case-insensitive), or undefined when none is within
 * `maxDistance` (default: a third of the longer word, at least 1). Ties keep the first candidate.
 */
export function closest(value: string, candidates: readonly string[], maxDistance?: number): string | undefined {
  const lower = value.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    const limit = maxDistance ?? Math.max(1, Math.floor(Math.max(lower.length, candidate.length) / 3));
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Similarity in [0, 1]: 1 for equal strings, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - editDistance(a, b) / longest;
}

/**
 * Up to `limit` candidates closest to `value` (compared lowercased), nearest first, then
 * alphabetically; a candidate qualifies within 2 edits, or a third of the longer length.
 */
export function closestStrings(value: string, candidates: readonly string[], limit: number): string[] {
  const scored: { candidate: string; distance: number }[] = [];
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    const max = Math.max(2, Math.floor(Math.max(value.length, lower.length) / 3));
    const distance = editDistance(value, lower, max);
    if (distance <= max) scored.push({ candidate, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, limit).map((s) => s.candidate);
}
