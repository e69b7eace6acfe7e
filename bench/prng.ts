export { mulberry32 } from '../shared/random';

/**
 * Skewed popularity: rank r gets weight 1 / (r + 1 + offset)^s. With s = 1, offset = 2 over 40,000
 * items and 5 M movements the three busiest items get 100,000+ movements each and the median item a
 * few dozen, the long tail a retail catalogue has.
 */
export function zipfSampler(n: number, random: () => number, s = 1, offset = 2): () => number {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r++) {
    sum += 1 / Math.pow(r + 1 + offset, s);
    cumulative[r] = sum;
  }
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Small quantities are common, large ones rare (1 most of the time for a sale). */
export function geometric(random: () => number, p: number, max: number): number {
  let q = 1;
  while (q < max && random() > p) q += 1;
  return q;
}
