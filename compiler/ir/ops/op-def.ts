// The shape of one op-table entry: everything the pipeline needs to know about a primitive.
import type { KernelContext, KernelSource } from '../../codegen/kernel-types.js';
import type { FloatArray, NDArray } from '../../interp/ndarray.js';
import type { Graph, Node, NodeOf } from '../graph.js';
import type { OpAttrMap, OpName, TensorType } from '../types.js';

export interface InterpContext {
  /** The output shape with every symbol bound. */
  readonly shape: readonly number[];
  /** A zeroed float array of the interpreter's precision. */
  alloc(size: number): FloatArray;
}

/** How codegen emits an op. */
export type WgslForm<K extends OpName> =
  /** An expression of the operands' values (f32), fusable into any elementwise kernel. */
  | { readonly kind: 'elementwise'; expr(args: readonly string[], attrs: OpAttrMap[K]): string }
  /** A kernel of its own. */
  | { readonly kind: 'kernel'; emit(ctx: KernelContext): KernelSource }
  /** A buffer the caller fills (inputs, params, constants). */
  | { readonly kind: 'leaf' }
  /** Same data, new shape: shares its input's buffer. */
  | { readonly kind: 'view' };

/**
 * Reverse-mode rule: given the node and the gradient `dy` of the loss with respect to its output,
 * the gradient with respect to each input (null where none flows). Broadcast reduction happens
 * centrally in autodiff, so a rule may return a gradient of the broadcast (output) shape.
 * Returns one entry per input (leaves: an empty array). Rules build ordinary IR with `g`.
 */
export type VjpRule<K extends OpName> = (g: Graph, node: NodeOf<K>, dy: Node) => readonly (Node | null)[];

export interface OpDef<K extends OpName> {
  /** Number of inputs, or 'variadic' (at least one). */
  readonly arity: number | 'variadic';
  shape(inputs: readonly TensorType[], attrs: OpAttrMap[K]): TensorType;
  interp(inputs: readonly NDArray[], attrs: OpAttrMap[K], ctx: InterpContext): NDArray;
  readonly wgsl: WgslForm<K>;
  /** Required for every op: an op without a meaningful gradient returns nulls. */
  readonly vjp: VjpRule<K>;
}

export type OpTable = { readonly [K in OpName]: OpDef<K> };
