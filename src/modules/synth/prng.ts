/**
 * A small seedable generator (splitmix32) and the draws the simulation needs. `Math.random` is never used:
 * the whole population must follow from the seed.
 *
 * Every person draws from streams of their own (life, identity, one per data holder for ids and one per
 * holder for noise), each seeded from (seed, person, stream). So a person's life does not depend on the
 * persons before them, nor on which holders are written or how much noise is asked for.
 */
export class Prng {
  private state: number;
  /** Box-Muller makes two normals at a time; the second one waits here. */
  private spare = Number.NaN;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  /** Starts over from a new seed, so that one instance can serve person after person. */
  reseed(seed: number): this {
    this.state = seed | 0;
    this.spare = Number.NaN;
    return this;
  }

  /** The next 32 random bits, as an unsigned integer. */
  next(): number {
    this.state = (this.state + 0x9e3779b9) | 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.float();
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  normal(mean: number, sd: number): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = Number.NaN;
      return mean + sd * z;
    }
    let u = this.float();
    while (u === 0) u = this.float();
    const v = this.float();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }

  /** Exponential waiting time for a rate per unit of time. */
  exponential(rate: number): number {
    let u = this.float();
    while (u === 0) u = this.float();
    return -Math.log(u) / rate;
  }

  /** Poisson count (Knuth's method; the rates here are small). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.float();
    while (p > limit) {
      k++;
      p *= this.float();
    }
    return k;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.float() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Picks by weight; `weights` runs parallel to `items`. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let u = this.float() * total;
    for (let i = 0; i < items.length; i++) {
      u -= weights[i] ?? 0;
      if (u < 0) return items[i] as T;
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new Error('pick from an empty list');
    return last;
  }
}

/** A bijection on 32-bit integers (lowbias32 after a keyed xor): distinct inputs give distinct outputs. */
export function permute32(x: number, key: number): number {
  let z = (x ^ key) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d);
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Mixes a seed (any safe integer) with a person index and a stream number into a 32-bit stream seed. */
export function streamSeed(seed: number, person: number, stream: number): number {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  let h = permute32(lo, 0x2545f491);
  h = permute32(h ^ hi, 0x9e3779b9);
  h = permute32(h ^ (person >>> 0), 0x85ebca6b);
  return permute32(h ^ Math.imul(stream + 1, 0x27d4eb2d), 0xc2b2ae35);
}
