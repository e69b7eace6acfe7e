/** Edit distance (insert, delete, substitute, swap of neighbours), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) d[0]![j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[s.length]![t.length]!;
}

/**
 * The known name closest to a misspelt one, or null when nothing is close enough to be a typo
 * (a third of the name's length, at least 1 edit; a different letter case alone always matches).
 */
export function nearest(name: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    const dist = editDistance(name, k);
    if (dist < bestDistance) [best, bestDistance] = [k, dist];
  }
  if (best === null) return null;
  return bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : null;
}

/** "unknown field "unitcost" (did you mean unitCost?)" — or, with no near name, the fields there are. */
export function unknownFieldsSentence(keys: readonly string[], known: readonly string[]): string {
  const parts = keys.map((k) => {
    const near = nearest(k, known);
    return near ? `unknown field "${k}" (did you mean ${near}?)` : `unknown field "${k}"`;
  });
  const allFar = keys.every((k) => nearest(k, known) === null);
  const list = allFar && known.length ? ` (the fields are: ${known.join(', ')})` : '';
  return parts.join(', ') + list;
}
