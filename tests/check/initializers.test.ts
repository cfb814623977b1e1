import { describe, expect, it } from 'vitest';
import {
  computeFans,
  initializers,
  Rng,
  seedFor,
  TRUNCATED_NORMAL_STDDEV,
} from '../../compiler/check/initializers.js';

function moments(a: Float32Array): { mean: number; std: number; maxAbs: number } {
  let s = 0;
  let maxAbs = 0;
  for (const v of a) {
    s += v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const mean = s / a.length;
  let q = 0;
  for (const v of a) q += (v - mean) ** 2;
  return { mean, std: Math.sqrt(q / a.length), maxAbs };
}

function bits(a: Float32Array): number[] {
  return Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
}

describe('PRNG', () => {
  it('matches the xoshiro128** reference sequence for state {1, 2, 3, 4}', () => {
    const rng = new Rng(0);
    Object.assign(rng, { s0: 1, s1: 2, s2: 3, s3: 4 });
    const got = Array.from({ length: 6 }, () => rng.nextU32());
    expect(got).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('is deterministic and seeds give different streams', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 8 }, () => a.nextU32());
    expect(Array.from({ length: 8 }, () => b.nextU32())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.nextU32())).not.toEqual(sa);
  });
});

describe('seedFor', () => {
  it('is stable, and differs by name and by global seed', () => {
    expect(seedFor(7, 'dense.kernel')).toBe(seedFor(7, 'dense.kernel'));
    expect(seedFor(7, 'dense.kernel')).not.toBe(seedFor(7, 'dense.bias'));
    expect(seedFor(7, 'dense.kernel')).not.toBe(seedFor(8, 'dense.kernel'));
    expect(seedFor(2 ** 40, 'w')).not.toBe(seedFor(0, 'w'));
    const s = seedFor(123, 'x');
    expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
  });

  it('pins exact seeds and values, so a change of hash or generator is a visible decision', () => {
    // Changing these changes every model's initial weights.
    expect([seedFor(7, 'dense.kernel'), seedFor(0, 'a')]).toEqual([264842566, 3744112697]);
    expect(bits(initializers.glorot_uniform!.init([2, 2], {}, 1))).toEqual([1043076407, 1059011363, 1064578385, 3167240306]);
    expect(bits(initializers.he_normal!.init([2, 2], {}, 1))).toEqual([1022641291, 3214578797, 3205276324, 1024280366]);
  });
});

describe('computeFans (Keras)', () => {
  it('follows compute_fans for each rank', () => {
    expect(computeFans([])).toEqual({ fanIn: 1, fanOut: 1 });
    expect(computeFans([5])).toEqual({ fanIn: 5, fanOut: 5 });
    expect(computeFans([3, 4])).toEqual({ fanIn: 3, fanOut: 4 });
    expect(computeFans([3, 3, 8, 16])).toEqual({ fanIn: 72, fanOut: 144 });
  });
});

describe('initializers', () => {
  const seed = seedFor(1, 'w');

  it('same seed gives the same bits, different tensor names differ', () => {
    for (const [name, def] of Object.entries(initializers)) {
      const a = def.init([17, 9], {}, seed);
      expect(bits(def.init([17, 9], {}, seed)), name).toEqual(bits(a));
      if (!['zeros', 'ones', 'constant'].includes(name)) {
        expect(bits(def.init([17, 9], {}, seedFor(1, 'v'))), name).not.toEqual(bits(a));
      }
    }
  });

  it('constants', () => {
    expect(Array.from(initializers.zeros!.init([2, 2], {}, seed))).toEqual([0, 0, 0, 0]);
    expect(Array.from(initializers.ones!.init([3], {}, seed))).toEqual([1, 1, 1]);
    expect(Array.from(initializers.constant!.init([2], { value: 2.5 }, seed))).toEqual([2.5, 2.5]);
    expect(Array.from(initializers.constant!.init([2], {}, seed))).toEqual([0, 0]);
  });

  it('random_normal and random_uniform take Keras defaults and arguments', () => {
    const n = moments(initializers.random_normal!.init([200_000], {}, seed));
    expect(n.mean).toBeCloseTo(0, 3);
    expect(n.std).toBeCloseTo(0.05, 3);
    const m = moments(initializers.random_normal!.init([200_000], { mean: 3, stddev: 2 }, seed));
    expect(m.mean).toBeCloseTo(3, 1);
    expect(Math.abs(m.std - 2)).toBeLessThan(0.02);
    expect(m.maxAbs).toBeGreaterThan(3 + 2 * 2 * 1.5); // not truncated: tails beyond 2 std exist
    const u = initializers.random_uniform!.init([200_000], { min: 1, max: 3 }, seed);
    expect(u.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(1);
    expect(u.reduce((a, b) => Math.max(a, b))).toBeLessThanOrEqual(3);
    const um = moments(u);
    expect(um.mean).toBeCloseTo(2, 2);
    expect(um.std).toBeCloseTo(2 / Math.sqrt(12), 2);
    const d = moments(initializers.random_uniform!.init([200_000], {}, seed));
    expect(d.maxAbs).toBeLessThanOrEqual(0.05);
  });

  const shape = [400, 600];
  const cases: [string, number][] = [
    ['glorot_normal', 2 / (400 + 600)],
    ['xavier_normal', 2 / (400 + 600)],
    ['glorot_uniform', 2 / (400 + 600)],
    ['xavier_uniform', 2 / (400 + 600)],
    ['he_normal', 2 / 400],
    ['he_uniform', 2 / 400],
    ['lecun_normal', 1 / 400],
    ['lecun_uniform', 1 / 400],
  ];
  for (const [name, variance] of cases) {
    it(`${name} has variance ${variance.toPrecision(3)} and the right support`, () => {
      const a = initializers[name]!.init(shape, {}, seed);
      expect(a.length).toBe(400 * 600);
      const { mean, std, maxAbs } = moments(a);
      const want = Math.sqrt(variance);
      expect(Math.abs(mean)).toBeLessThan(want * 0.01);
      expect(Math.abs(std / want - 1)).toBeLessThan(0.01);
      if (name.endsWith('_uniform')) {
        expect(maxAbs).toBeLessThanOrEqual(Math.sqrt(3) * want);
        expect(maxAbs).toBeGreaterThan(Math.sqrt(3) * want * 0.999);
      } else {
        // truncated at 2 of the pre-correction standard deviations, as Keras does
        const limit = (2 * want) / TRUNCATED_NORMAL_STDDEV;
        expect(maxAbs).toBeLessThanOrEqual(limit * (1 + 1e-6));
        expect(maxAbs).toBeGreaterThan(limit * 0.99);
      }
    });
  }

  it('aliases share their definition and say so', () => {
    expect(initializers.xavier_uniform!.aliasOf).toBe('glorot_uniform');
    expect(initializers.xavier_normal!.aliasOf).toBe('glorot_normal');
    expect(bits(initializers.xavier_uniform!.init([4, 5], {}, 9))).toEqual(bits(initializers.glorot_uniform!.init([4, 5], {}, 9)));
  });

  it('declares its arguments with defaults and validates them', () => {
    expect(initializers.random_normal!.args).toMatchObject({ mean: { default: 0 }, stddev: { default: 0.05 } });
    expect(initializers.random_uniform!.args).toMatchObject({ min: { default: -0.05 }, max: { default: 0.05 } });
    expect(initializers.constant!.args).toMatchObject({ value: { default: 0 } });
    expect(Object.keys(initializers.he_normal!.args)).toEqual([]);
    expect(initializers.random_uniform!.validate({ min: 1, max: 0 })).toMatch(/min/);
    expect(initializers.random_normal!.validate({ stddev: -1 })).toMatch(/stddev/);
    expect(initializers.random_normal!.validate({})).toBeNull();
  });

  it('handles empty and scalar shapes', () => {
    expect(initializers.he_normal!.init([0, 5], {}, seed).length).toBe(0);
    expect(initializers.glorot_uniform!.init([], {}, seed).length).toBe(1);
  });
});
