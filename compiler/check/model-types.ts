// The result of checking a model: its lowered forward graph and what it owns.
import type { Graph, Node, NodeOf } from '../ir/graph.js';
import type { Dim, DType } from '../ir/types.js';
import type { Span } from '../syntax/ast.js';
import type { ActivationName } from './registries.js';

/** How a parameter gets its first value. */
export type InitSpec =
  | { readonly kind: 'initializer'; readonly name: string; readonly args: Readonly<Record<string, number>> }
  | { readonly kind: 'values'; readonly values: readonly number[] }; // one value fills the tensor

export interface ParamInfo {
  readonly name: string; // weights-file name: `dense.kernel` or the `param` name
  readonly shape: readonly number[];
  readonly init: InitSpec;
  readonly trainable: boolean;
  readonly l1: number;
  readonly l2: number;
  readonly node: NodeOf<'param'>;
  readonly span: Span;
}

export interface LayerInfo {
  readonly name: string;
  /** The layer's output value (in the graph of the mode it was lowered in). */
  readonly output: Node;
  readonly cls: string; // Keras class name for summaries: Dense, BatchNormalization, Dropout, Activation
  readonly outputShape: readonly Dim[];
  readonly params: readonly string[];
}

export interface ActivationSpec {
  readonly name: ActivationName;
  readonly alpha: number; // leaky_relu
  readonly axis: number; // softmax
  readonly temperature: number; // softmax
}

/** Inference mode: BatchNorm uses moving statistics and Dropout is the identity. */
export type LowerMode = 'inference' | 'training';

export interface CheckedModel {
  readonly name: string;
  readonly span: Span;
  readonly graph: Graph;
  readonly mode: LowerMode;
  readonly inputs: readonly { readonly name: string; readonly dtype: DType; readonly shape: readonly Dim[]; readonly node: Node }[];
  readonly params: readonly ParamInfo[];
  readonly layers: readonly LayerInfo[];
  readonly outputs: readonly { readonly name: string; readonly node: Node; readonly span: Span }[];
  /** Training mode: new values of BN moving statistics, by buffer name (empty at inference). */
  readonly stateUpdates: readonly { readonly buffer: string; readonly node: Node }[];
  /** Training mode: the step counter leaf that dropout masks and lr schedules read. */
  readonly step: Node | null;
}

/** The buffer of the optimizer's step counter (f32 scalar). */
export const STEP_BUFFER = 'optimizer.step';
