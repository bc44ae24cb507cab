import { describe, expect, it } from 'vitest';
import { IdMinter, localPatientNumber } from './holder.js';
import { isValidNationalId, nationalIdOf } from './identities.js';
import { Prng, permute32, streamSeed } from './prng.js';

describe('the seeded generator', () => {
  it('repeats itself for a seed and differs between seeds', () => {
    const draw = (seed: number): number[] => {
      const rng = new Prng(seed);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(new Prng(3).reseed(1).next()).toBe(new Prng(1).next());
  });

  it('draws uniform floats and normals with the right moments', () => {
    const rng = new Prng(11);
    const n = 100_000;
    let sum = 0;
    let sumSq = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const f = rng.float();
      min = Math.min(min, f);
      max = Math.max(max, f);
      const z = rng.normal(0, 1);
      sum += z;
      sumSq += z * z;
    }
    expect(min >= 0 && max < 1 && min < 0.001 && max > 0.999).toBe(true);
    expect(Math.abs(sum / n)).toBeLessThan(0.02);
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.02);
  });

  it('gives every person and stream a seed of its own', () => {
    const seeds = new Set<number>();
    for (let person = 0; person < 20_000; person++)
      for (let stream = 0; stream < 4; stream++) seeds.add(streamSeed(42, person, stream));
    expect(seeds.size).toBeGreaterThan(80_000 - 5);
    expect(streamSeed(2 ** 40 + 1, 0, 0)).not.toBe(streamSeed(1, 0, 0));
  });
});

describe('identifiers', () => {
  it('never repeat: ids, national identifiers and local numbers are bijections of the person', () => {
    const ids = new Set<string>();
    const rng = new Prng(1);
    const hospital = new IdMinter(1, 42);
    const insurer = new IdMinter(3, 42);
    for (let person = 0; person < 3_000; person++) {
      for (const minter of [hospital, insurer]) {
        minter.begin(person, rng);
        for (let k = 0; k < 20; k++) ids.add(minter.next());
      }
    }
    expect(ids.size).toBe(3_000 * 2 * 20);
    const a = Array.from({ length: 50_000 }, (_, i) => permute32(i, 77));
    expect(new Set(a).size).toBe(a.length);
    const national = Array.from({ length: 50_000 }, (_, i) => nationalIdOf(i, 9));
    expect(new Set(national).size).toBe(national.length);
    expect(national.every(isValidNationalId)).toBe(true);
    expect(isValidNationalId('123456789012')).toBe(false);
    expect(new Set(Array.from({ length: 5_000 }, (_, i) => localPatientNumber('insurer', i, 3))).size).toBe(
      5_000,
    );
  });
});
