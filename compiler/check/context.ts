// The state shared while one model is checked and lowered: the graph, the names in scope, the
// parameters and layers created so far, and the diagnostics.
import { ShapeError, type Graph, type Node, type NodeOf } from '../ir/graph.js';
import type { OpAttrMap, OpName } from '../ir/types.js';
import type { Span } from '../syntax/ast.js';
import type { DiagnosticBag } from '../syntax/diagnostics.js';
import type { InitSpec, LayerInfo, LowerMode, ParamInfo } from './model-types.js';
import { layerBaseNames, type LayerName } from './registries.js';

/** The largest dimension a shape may have: kernels index with u32 and sizes travel as u32. */
export const MAX_DIM = 2 ** 31 - 1;
/** The most values one parameter may hold (1 GiB of f32): beyond, weights files and GPU buffers fail. */
export const MAX_PARAM_ELEMENTS = 2 ** 28;

export interface Binding {
  /** null when the defining expression had an error: uses stay silent instead of cascading. */
  readonly node: Node | null;
  readonly span: Span;
  readonly what: 'input' | 'param' | 'value' | 'output';
}

/** What lowering in training mode adds: the step counter, the dropout seed and state updates. */
export interface TrainingLowering {
  /** The optimizer step counter (a whole number stored as f32 scalar state). */
  readonly step: Node;
  readonly seed: number;
  /** New values of persistent non-trainable state (BN moving statistics), by buffer name. */
  readonly updates: { buffer: string; node: Node }[];
  dropoutLayers: number;
}

export class ModelContext {
  readonly env = new Map<string, Binding>();
  readonly params: ParamInfo[] = [];
  readonly layers: LayerInfo[] = [];
  private readonly layerSpans = new Map<string, Span>();
  private readonly layerCounts = new Map<LayerName, number>();

  constructor(
    readonly g: Graph,
    readonly bag: DiagnosticBag,
    readonly mode: LowerMode,
    readonly training: TrainingLowering | null = null,
  ) {}

  /** Builds a node; a shape error becomes a diagnostic at `span` and the result is null. */
  build<K extends OpName>(span: Span, op: K, inputs: readonly Node[], attrs: OpAttrMap[K], context?: string): NodeOf<K> | null {
    const int = inputs.find((x) => x.type.dtype === 'i32');
    if (int) {
      const what = int.op === 'input' ? `input '${int.attrs.name}'` : 'this value';
      this.bag.error(span, `${what} holds i32 class indices and cannot be used in arithmetic; declare it as f32 to compute with it`);
      return null;
    }
    try {
      return this.g.node(op, inputs, attrs);
    } catch (e) {
      if (e instanceof ShapeError) {
        this.bag.error(span, context ? `${context}: ${e.message}` : e.message);
        return null;
      }
      throw e;
    }
  }

  scalar(value: number): Node {
    return this.g.leaf('const', { values: [value] }, { shape: [], dtype: 'f32' });
  }

  define(name: string, span: Span, node: Node | null, what: Binding['what']): void {
    const prev = this.env.get(name);
    if (prev) {
      this.bag.error(span, `'${name}' is already defined at line ${prev.span.line}, column ${prev.span.col}`);
      return;
    }
    this.env.set(name, { node, span, what });
  }

  /** A fresh layer name: the given one (checked for clashes) or Keras's default for the class. */
  layerName(cls: LayerName, given: { name: string; span: Span } | null, span: Span): string {
    if (given) {
      const prev = this.layerSpans.get(given.name);
      if (prev) this.bag.error(given.span, `a layer named '${given.name}' already exists (line ${prev.line}, column ${prev.col})`);
      this.layerSpans.set(given.name, given.span);
      return given.name;
    }
    for (;;) {
      const k = this.layerCounts.get(cls) ?? 0;
      this.layerCounts.set(cls, k + 1);
      const name = k === 0 ? layerBaseNames[cls] : `${layerBaseNames[cls]}_${k}`;
      if (!this.layerSpans.has(name)) {
        this.layerSpans.set(name, span);
        return name;
      }
    }
  }

  addParam(
    name: string,
    shape: readonly number[],
    init: InitSpec,
    opts: { trainable: boolean; l1: number; l2: number; span: Span },
  ): NodeOf<'param'> {
    const count = shape.reduce((a, b) => a * b, 1);
    if (count > MAX_PARAM_ELEMENTS) {
      this.bag.error(
        opts.span,
        `parameter '${name}' of shape [${shape.join(', ')}] would hold ${count.toLocaleString('en-US')} values; nnc supports at most ${MAX_PARAM_ELEMENTS.toLocaleString('en-US')} (1 GiB of f32) per parameter`,
      );
    }
    const node = this.g.leaf('param', { name, trainable: opts.trainable }, { shape, dtype: 'f32' });
    this.params.push({ name, shape, init, trainable: opts.trainable, l1: opts.l1, l2: opts.l2, node, span: opts.span });
    return node;
  }
}
