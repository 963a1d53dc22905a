import seedrandom from 'seedrandom';

/** A seeded source of the few distributions the generator needs. */
export interface Random {
  uniform(min?: number, max?: number): number;
  bernoulli(p: number): boolean;
  normal(mean?: number, sd?: number): number;
  poisson(lambda: number): number;
  int(minInclusive: number, maxInclusive: number): number;
  pick<T>(choices: ReadonlyArray<readonly [T, number]>): T;
}

/** Deterministic for a given seed (seedrandom's ARC4 generator). */
export function createRandom(seed: number | string): Random {
  const next = seedrandom(String(seed));
  const uniform = (min = 0, max = 1): number => min + (max - min) * next();
  return {
    uniform,
    bernoulli: (p) => next() < p,
    normal(mean = 0, sd = 1) {
      // Box-Muller; 1 - u keeps the log argument away from 0.
      const u = 1 - next();
      const v = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    poisson(lambda) {
      // Knuth's method is fine for the small rates used here.
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = next();
      while (p > limit) {
        k += 1;
        p *= next();
      }
      return k;
    },
    int: (minInclusive, maxInclusive) => minInclusive + Math.floor(next() * (maxInclusive - minInclusive + 1)),
    pick(choices) {
      const total = choices.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [value, weight] of choices) {
        r -= weight;
        if (r < 0) return value;
      }
      return choices[choices.length - 1]![0];
    },
  };
}
