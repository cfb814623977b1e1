// What an op's kernel template receives from codegen and returns to it. Only types live here, so
// the op table can name them without depending on the code generator.
import type { Dispatch } from '../../runtime/program.js';
import type { Node } from '../ir/graph.js';
import type { Dim } from '../ir/types.js';

export interface KernelContext {
  readonly node: Node;
  /** WGSL names of the input arrays (`array<f32>` storage bindings), in input order. */
  readonly inputs: readonly string[];
  /** WGSL name of the output array. */
  readonly output: string;
  /** A WGSL u32 expression for one dimension: `4u` or `dims.N`. */
  dim(d: Dim): string;
  /** A WGSL u32 expression for the element count of a shape. */
  size(shape: readonly Dim[]): string;
  /** The standard entry-point prologue for a linear dispatch: declares `i` and returns past `total`. */
  linearIndex(total: string): string;
}

export interface KernelSource {
  /** WGSL after the shared header (Dims struct and bindings): helper fns and the `main` entry point. */
  readonly body: string;
  readonly dispatch: Dispatch;
}
