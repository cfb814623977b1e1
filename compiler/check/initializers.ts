// Weight initializers with Keras semantics, seeded and deterministic. The generator is xoshiro128**
// on 32-bit integers (Math.imul, >>>), so the uniform stream is bit-identical on every platform;
// normals use Box-Muller (Math.log/cos/sin), which V8 computes identically everywhere.

export interface InitArgDef {
  readonly type: 'number';
  readonly default: number;
  readonly doc: string;
}

export interface InitializerDef {
  /** Keyword arguments the initializer accepts, with their defaults. */
  readonly args: { readonly [name: string]: InitArgDef };
  /** The canonical name when this entry is an alias (`xavier_uniform` → `glorot_uniform`). */
  readonly aliasOf?: string;
  /** A message when `args` (defaults filled in) are unusable, else null. */
  validate(args: Readonly<Record<string, number>>): string | null;
  /** Row-major values for `shape`; missing args take their defaults. */
  init(shape: readonly number[], args: Readonly<Record<string, number>>, seed: number): Float32Array;
}

// ---- PRNG ---------------------------------------------------------------------------------------

/** Murmur3's 32-bit finalizer: a bijective avalanche mix. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** xoshiro128** seeded through splitmix32, so nearby seeds give unrelated streams. */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | undefined;

  constructor(seed: number) {
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      return fmix32(x);
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in the open interval (0, 1). */
  uniform(): number {
    return (this.nextU32() + 0.5) / 4294967296;
  }

  /** Standard normal (Box-Muller, both outputs used). */
  normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniform()));
    const theta = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** Standard normal re-drawn until within two standard deviations (TF's truncated_normal). */
  truncatedNormal(): number {
    for (;;) {
      const z = this.normal();
      if (Math.abs(z) <= 2) return z;
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A stable per-tensor seed: FNV-1a over the name's UTF-8, mixed with the global seed. */
export function seedFor(globalSeed: number, tensorName: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(tensorName)) h = Math.imul(h ^ b, 0x01000193);
  const lo = globalSeed >>> 0;
  const hi = Math.floor(globalSeed / 4294967296) >>> 0;
  return fmix32(fmix32(h ^ lo) ^ Math.imul(hi, 0x9e3779b9));
}

// ---- fans and variance scaling -------------------------------------------------------------------

/** Keras's `compute_fans`: rank 1 both fans are shape[0]; conv kernels multiply the receptive field. */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0] as number, fanOut: shape[0] as number };
  if (shape.length === 2) return { fanIn: shape[0] as number, fanOut: shape[1] as number };
  const receptive = shape.slice(0, -2).reduce((p, d) => p * d, 1);
  return { fanIn: (shape.at(-2) as number) * receptive, fanOut: (shape.at(-1) as number) * receptive };
}

/** Stddev of a standard normal truncated to [-2, 2]; Keras divides by it to keep the variance. */
export const TRUNCATED_NORMAL_STDDEV = 0.87962566103423978;

type Mode = 'fan_in' | 'fan_avg';

function count(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

function fill(shape: readonly number[], draw: () => number): Float32Array {
  const out = new Float32Array(count(shape));
  for (let i = 0; i < out.length; i++) out[i] = draw();
  return out;
}

function varianceScaling(scale: number, mode: Mode, distribution: 'truncated_normal' | 'uniform'): InitializerDef {
  return {
    args: {},
    validate: () => null,
    init(shape, _args, seed) {
      const { fanIn, fanOut } = computeFans(shape);
      const n = Math.max(1, mode === 'fan_in' ? fanIn : (fanIn + fanOut) / 2);
      const rng = new Rng(seed);
      if (distribution === 'uniform') {
        const limit = Math.sqrt((3 * scale) / n);
        return fill(shape, () => (2 * rng.uniform() - 1) * limit);
      }
      const stddev = Math.sqrt(scale / n) / TRUNCATED_NORMAL_STDDEV;
      return fill(shape, () => rng.truncatedNormal() * stddev);
    },
  };
}

function withDefaults(def: { readonly [name: string]: InitArgDef }, args: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, a] of Object.entries(def)) out[k] = args[k] ?? a.default;
  return out;
}

function arg(doc: string, value: number): InitArgDef {
  return { type: 'number', default: value, doc };
}

// ---- the registry ---------------------------------------------------------------------------------

const glorotNormal = varianceScaling(1, 'fan_avg', 'truncated_normal');
const glorotUniform = varianceScaling(1, 'fan_avg', 'uniform');

const constantArgs = { value: arg('the value of every element', 0) };
const normalArgs = { mean: arg('mean', 0), stddev: arg('standard deviation', 0.05) };
const uniformArgs = { min: arg('lower bound', -0.05), max: arg('upper bound', 0.05) };

export const initializers: { readonly [name: string]: InitializerDef } = {
  zeros: { args: {}, validate: () => null, init: (shape) => new Float32Array(count(shape)) },
  ones: { args: {}, validate: () => null, init: (shape) => new Float32Array(count(shape)).fill(1) },
  constant: {
    args: constantArgs,
    validate: (a) => (Number.isFinite(withDefaults(constantArgs, a).value) ? null : 'value must be finite'),
    init: (shape, a) => new Float32Array(count(shape)).fill(withDefaults(constantArgs, a).value as number),
  },
  random_normal: {
    args: normalArgs,
    validate(a) {
      const { stddev } = withDefaults(normalArgs, a);
      return (stddev as number) >= 0 ? null : `stddev must be >= 0, got ${stddev}`;
    },
    init(shape, a, seed) {
      const { mean, stddev } = withDefaults(normalArgs, a) as { mean: number; stddev: number };
      const rng = new Rng(seed);
      return fill(shape, () => mean + stddev * rng.normal());
    },
  },
  random_uniform: {
    args: uniformArgs,
    validate(a) {
      const { min, max } = withDefaults(uniformArgs, a) as { min: number; max: number };
      return min <= max ? null : `min (${min}) must not exceed max (${max})`;
    },
    init(shape, a, seed) {
      const { min, max } = withDefaults(uniformArgs, a) as { min: number; max: number };
      const rng = new Rng(seed);
      return fill(shape, () => min + (max - min) * rng.uniform());
    },
  },
  glorot_normal: glorotNormal,
  xavier_normal: { ...glorotNormal, aliasOf: 'glorot_normal' },
  glorot_uniform: glorotUniform,
  xavier_uniform: { ...glorotUniform, aliasOf: 'glorot_uniform' },
  he_normal: varianceScaling(2, 'fan_in', 'truncated_normal'),
  he_uniform: varianceScaling(2, 'fan_in', 'uniform'),
  lecun_normal: varianceScaling(1, 'fan_in', 'truncated_normal'),
  lecun_uniform: varianceScaling(1, 'fan_in', 'uniform'),
};
