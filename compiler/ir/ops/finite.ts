// `nonfinite`: 1.0 where x is NaN or ±Inf, else 0.0. The training step's divergence flag is the
// maximum of it over the new loss and every new weight, so divergence is detected on the GPU
// without reading the weights back (passes/flag-markers.ts: how the fused step computes it). The
// WGSL tests the exponent bits (all ones: Inf or NaN) of the f32 pattern: `x != x` is not used
// because shader compilers may assume there are no NaNs and fold it away.
import { noGradient } from './build.js';
import type { OpDef } from './op-def.js';

/** The WGSL condition that f32 expression `x` is NaN or ±Inf (its exponent bits all ones). */
export const nonfiniteTest = (x: string): string => `(bitcast<u32>(f32(${x})) & 0x7f800000u) == 0x7f800000u`;

export const nonfinite: OpDef<'nonfinite'> = {
  arity: 1,
  shape: (inputs) => ({ shape: inputs[0]!.shape, dtype: 'f32' }),
  interp: (inputs, _attrs, ctx) => {
    const x = inputs[0]!.data;
    const out = ctx.alloc(x.length);
    for (let i = 0; i < out.length; i++) out[i] = Number.isFinite(x[i]!) ? 0 : 1;
    return { shape: ctx.shape, data: out };
  },
  wgsl: {
    kind: 'elementwise',
    expr: (args) => `select(0.0, 1.0, ${nonfiniteTest(args[0]!)})`,
  },
  // A 0/1 indicator: no gradient flows through it.
  vjp: (_g, node) => noGradient(node),
};
