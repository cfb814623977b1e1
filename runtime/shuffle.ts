// Seeded, deterministic shuffling for the trainer: a small 32-bit PRNG (mulberry32), a seed
// derivation that gives every (seed, stream) pair its own independent stream, and Fisher–Yates.
// Pure integer arithmetic (Math.imul, >>> 0), so the same seed gives the same order on every
// JavaScript engine, in Node and in browsers.

const TWO_32 = 4294967296;

/** The murmur3 32-bit finalizer: a bijection on uint32 that spreads every input bit. */
function fmix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * The seed of stream `stream` of a run seeded with `seed` (any integer, negative or above 2^32
 * included). Streams of one seed, and the same stream of different seeds, are unrelated.
 * The trainer uses stream 0 for the validation split and stream `e` for epoch `e` (1-based).
 */
export function deriveSeed(seed: number, stream: number): number {
  const s = Math.trunc(seed);
  const lo = s >>> 0;
  const hi = Math.floor(s / TWO_32) >>> 0;
  const base = fmix32(lo ^ fmix32((hi + 0x9e3779b9) >>> 0));
  return fmix32((base + Math.imul((Math.trunc(stream) >>> 0) + 1, 0x9e3779b9)) >>> 0);
}

/** mulberry32: a generator of uint32 values from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A uniform integer in [0, n) for 1 <= n <= 2^32, without modulo bias (rejection sampling). */
function below(next: () => number, n: number): number {
  const limit = TWO_32 - (TWO_32 % n);
  let u = next();
  while (u >= limit) u = next();
  return u % n;
}

/** A seeded permutation of 0..n-1 (Fisher–Yates). */
export function permutation(n: number, seed: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const next = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = below(next, i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/** The row order of epoch `epoch` (1-based): reproducible from (seed, epoch) alone. */
export function epochOrder(rows: number, seed: number, epoch: number): Uint32Array {
  return permutation(rows, deriveSeed(seed, epoch));
}
