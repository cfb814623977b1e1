// Core IR types: tensor types with symbolic dimensions, and the attributes of every op.
import type { Dim, DType } from '../../runtime/program.js';

export type { Dim, DType };

export interface TensorType {
  readonly shape: readonly Dim[];
  readonly dtype: DType;
}

export interface NoAttrs {
  readonly _?: never;
}
export interface AxesAttrs {
  readonly axes: readonly number[]; // normalized: non-negative, sorted, unique
  readonly keepdims: boolean;
}

/**
 * The attributes of each op. This map is the list of primitives: the op table, the interpreter
 * and codegen are all indexed by its keys, so adding an op here forces every part to handle it.
 */
export interface OpAttrMap {
  // Leaves: become buffers.
  readonly input: { readonly name: string };
  readonly param: { readonly name: string; readonly trainable: boolean };
  readonly const: { readonly values: readonly number[] }; // row-major; scalars have one value
  // Unary elementwise.
  readonly neg: NoAttrs;
  readonly relu: NoAttrs;
  readonly leaky_relu: { readonly alpha: number };
  readonly sigmoid: NoAttrs;
  readonly tanh: NoAttrs;
  readonly exp: NoAttrs;
  readonly log: NoAttrs;
  readonly sqrt: NoAttrs;
  readonly abs: NoAttrs;
  readonly square: NoAttrs;
  readonly pow: { readonly exponent: number };
  readonly sign: NoAttrs; // -1, 0 or 1
  readonly sin: NoAttrs;
  readonly cos: NoAttrs;
  readonly to_f32: NoAttrs; // i32 → f32 cast (also accepts f32: identity)
  readonly broadcast_to: { readonly shape: readonly Dim[] }; // NumPy broadcast of the input to `shape`
  // Binary elementwise, NumPy broadcasting.
  readonly add: NoAttrs;
  readonly sub: NoAttrs;
  readonly mul: NoAttrs;
  readonly div: NoAttrs;
  readonly gt: NoAttrs; // 1.0 where a > b, else 0.0
  readonly eq: NoAttrs; // 1.0 where a == b, else 0.0
  readonly minimum: NoAttrs;
  readonly maximum: NoAttrs;
  readonly sigmoid_bce: NoAttrs; // (logits z, targets y) → max(z,0) - z*y + log(1 + exp(-|z|)), elementwise
  // Structured.
  readonly matmul: NoAttrs; // [..., K] @ [K, ...]
  readonly sum: AxesAttrs;
  readonly mean: AxesAttrs;
  readonly max: AxesAttrs;
  readonly variance: AxesAttrs; // biased: mean((x - mean(x))^2) over the axes
  readonly softmax: { readonly axis: number }; // normalized, non-negative
  readonly transpose: { readonly perm: readonly number[] };
  readonly reshape: { readonly shape: readonly Dim[] };
  readonly concat: { readonly axis: number }; // normalized, non-negative
  readonly slice: { readonly axis: number; readonly start: number; readonly size: number }; // along a fixed-size axis
  /** A^T @ B over the flattened common leading axes: [L..., K] ⊗ [L..., Q...] → [K, Q...]. */
  readonly matmul_tn: NoAttrs;
  readonly softmax_ce: { readonly axis: number }; // (logits z, targets y) → logsumexp(z) - sum(y*z), axis removed
  readonly argmax: { readonly axis: number }; // f32 index of the first maximum, axis removed
  readonly one_hot: { readonly depth: number }; // i32 [...] → f32 [..., depth]; out-of-range indices give zeros
  /** (x, step) → 0 or 1/(1-rate) per element of x, from a counter-based hash of (seed, stream, step, index). */
  readonly dropout_mask: { readonly rate: number; readonly seed: number; readonly stream: number };
  /** (x) → f32 scalar: the product of x's dims at `axes` (symbolic dims are read at run time). */
  readonly dim_size: { readonly axes: readonly number[] };
  /** 1.0 where x is NaN or ±Inf, else 0.0 (f32 out; the divergence flag of a training step). */
  readonly nonfinite: NoAttrs;
}

export type OpName = keyof OpAttrMap;
