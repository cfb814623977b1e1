// Dropout's random mask, reproducible across backends: a counter-based hash of (seed, stream,
// step, element index), written once in WGSL and once in JS, so the GPU and the interpreter keep
// exactly the same elements. No RNG state: the training step counter (an f32 scalar tensor) is an
// input, so each step draws a new mask and a replayed step draws the same one.
import { ShapeError } from '../graph.js';
import { formatShape } from '../shape.js';
import type { NDArray } from '../../interp/ndarray.js';
import type { TensorType } from '../types.js';
import * as B from './build.js';
import type { OpDef } from './op-def.js';
import { f32Lit } from './wgsl-literal.js';

/** The 32-bit integer finalizer ("lowbias32"); the WGSL twin is `mix_u32` below. */
export function mixU32(x: number): number {
  let h = x >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h = (h ^ (h >>> 15)) >>> 0;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return h;
}

/** WGSL's u32(f32) conversion: truncation toward zero, clamped to the u32 range (NaN → 0). */
export function f32ToU32(v: number): number {
  if (!(v > 0)) return 0;
  if (v >= 4294967295) return 4294967295;
  return Math.trunc(v);
}

/** Keep threshold: an element is kept when its hash is >= floor(rate * 2^32). */
/** The WGSL twin of `mixU32`: both sides of the dropout hash must agree bit for bit. */
export const MIX_U32_WGSL = `fn mix_u32(x: u32) -> u32 {
  var h = x;
  h ^= h >> 16u;
  h *= 0x7feb352du;
  h ^= h >> 15u;
  h *= 0x846ca68bu;
  h ^= h >> 16u;
  return h;
}
`;

export function dropThreshold(rate: number): number {
  return Math.floor(rate * 4294967296);
}

/** The hash of element `index` at `step` (step already converted to u32). */
export function dropoutHash(seed: number, stream: number, step: number, index: number): number {
  return mixU32((index ^ mixU32((seed ^ mixU32((stream ^ mixU32(step)) >>> 0)) >>> 0)) >>> 0);
}

export const dropout_mask: OpDef<'dropout_mask'> = {
  arity: 2,
  shape: (inputs, { rate, seed, stream }) => {
    const [x, step] = inputs as readonly [TensorType, TensorType];
    if (inputs.length !== 2 || step.shape.length !== 0) {
      throw new ShapeError(`dropout_mask needs (x, step) with a scalar step, got step ${formatShape(step.shape)}`);
    }
    if (!(rate >= 0 && rate < 1)) throw new ShapeError(`dropout rate must be in [0, 1), got ${rate}`);
    for (const [what, v] of [['seed', seed], ['stream', stream]] as const) {
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new ShapeError(`dropout ${what} must be a u32, got ${v}`);
    }
    return { shape: x.shape, dtype: 'f32' };
  },
  interp: (inputs, { rate, seed, stream }, ctx) => {
    const [x, step] = inputs as readonly [NDArray, NDArray];
    const n = x.data.length;
    const out = ctx.alloc(n);
    const s = f32ToU32(step.data[0]!);
    const threshold = dropThreshold(rate);
    const scale = 1 / (1 - rate);
    for (let i = 0; i < n; i++) out[i] = dropoutHash(seed, stream, s, i) >= threshold ? scale : 0;
    return { shape: ctx.shape, data: out };
  },
  wgsl: {
    kind: 'kernel',
    emit: (ctx) => {
      const { rate, seed, stream } = ctx.node.attrs as { rate: number; seed: number; stream: number };
      const [, step] = ctx.inputs as readonly [string, string];
      const body = `${MIX_U32_WGSL}
${ctx.linearIndex(ctx.size(ctx.node.type.shape))}
  let u = mix_u32(i ^ mix_u32(${seed >>> 0}u ^ mix_u32(${stream >>> 0}u ^ mix_u32(u32(${step}[0])))));
  ${ctx.output}[i] = select(0.0, ${f32Lit(1 / (1 - rate))}, u >= ${dropThreshold(rate)}u);
}
`;
      return { body, dispatch: { kind: 'linear', threads: ctx.node.type.shape, workgroupSize: 64 } };
    },
  },
  // The mask is constant with respect to x (only its shape is used) and to the step.
  vjp: (_g, node) => B.noGradient(node),
};
