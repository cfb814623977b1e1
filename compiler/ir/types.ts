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
  // Binary elementwise, NumPy broadcasting.
  readonly add: NoAttrs;
  readonly sub: NoAttrs;
  readonly mul: NoAttrs;
  readonly div: NoAttrs;
  // Structured.
  readonly matmul: NoAttrs; // [..., K] @ [K, ...]
  readonly sum: AxesAttrs;
  readonly mean: AxesAttrs;
  readonly max: AxesAttrs;
  readonly softmax: { readonly axis: number }; // normalized, non-negative
  readonly transpose: { readonly perm: readonly number[] };
  readonly reshape: { readonly shape: readonly Dim[] };
  readonly concat: { readonly axis: number }; // normalized, non-negative
}

export type OpName = keyof OpAttrMap;
