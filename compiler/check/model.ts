// Checking one model declaration and lowering it to the forward graph IR.
import type { Node } from '../ir/graph.js';
import { newGraph } from '../ir/new-graph.js';
import { formatShape } from '../ir/shape.js';
import type { Dim } from '../ir/types.js';
import type { Arg, Expr, ModelDecl, ModelStmt, Span, TypeAst } from '../syntax/ast.js';
import type { DiagnosticBag } from '../syntax/diagnostics.js';
import { bindArgs, type ArgSpec } from './args.js';
import { MAX_DIM, ModelContext } from './context.js';
import { lowerExpr } from './expr.js';
import { resolveInitializer } from './init-spec.js';
import { applyLayer } from './layers.js';
import { tensorLiteral } from './literals.js';
import { STEP_BUFFER, type CheckedModel, type InitSpec, type LowerMode } from './model-types.js';

const paramOptions: readonly ArgSpec[] = [
  { name: 'l1', kind: 'number', default: 0, check: (v) => (v >= 0 ? null : `'l1' must not be negative, found ${v}`) },
  { name: 'l2', kind: 'number', default: 0, check: (v) => (v >= 0 ? null : `'l2' must not be negative, found ${v}`) },
  { name: 'trainable', kind: 'bool', default: true },
];

function readDims(bag: DiagnosticBag, t: TypeAst, allowSymbols: boolean, what: string): Dim[] | null {
  const dims: Dim[] = [];
  for (const d of t.dims) {
    if (d.kind === 'sym') {
      if (!allowSymbols) {
        bag.error(d.span, `${what} must have a fixed shape; '${d.name}' is a symbolic dimension`);
        return null;
      }
      dims.push(d.name);
    } else if (!Number.isInteger(d.value) || d.value < 1) {
      bag.error(d.span, `a dimension must be a positive whole number, found ${d.value}`);
      return null;
    } else if (d.value > MAX_DIM) {
      bag.error(d.span, `a dimension must be at most ${MAX_DIM} (2^31 - 1), found ${d.value}`);
      return null;
    } else dims.push(d.value);
  }
  return dims;
}

function paramInit(ctx: ModelContext, init: Expr | null, shape: readonly number[], name: string): InitSpec | null {
  if (init === null) return { kind: 'initializer', name: 'zeros', args: {} };
  if (init.kind === 'num') return { kind: 'values', values: [init.value] };
  if (init.kind === 'list') {
    const lit = tensorLiteral(init);
    if ('bad' in lit) {
      ctx.bag.error(lit.bad.span, lit.why);
      return null;
    }
    if (lit.shape.length !== shape.length || lit.shape.some((d, i) => d !== shape[i])) {
      ctx.bag.error(init.span, `the initial value of '${name}' has shape ${formatShape(lit.shape)} but '${name}' is declared ${formatShape(shape)}`);
      return null;
    }
    return { kind: 'values', values: lit.values };
  }
  return resolveInitializer(ctx.bag, init);
}

/** Options of lowering: the dropout seed (training mode), and input standardization. */
export interface TrainingOptions {
  readonly seed: number;
  /** Standardize the first input with stored statistics, as `csv(..., normalize = true)` asks. */
  readonly normalize?: boolean;
}

/** Buffers of the input standardization (Keras's Normalization layer): per-feature mean and variance. */
export const NORMALIZATION = { mean: 'normalization.mean', variance: 'normalization.variance' } as const;

/** (x - mean) / max(sqrt(variance), 1e-7) with per-feature statistics set from the training data. */
function normalizeInput(ctx: ModelContext, x: Node, span: Span): Node | null {
  const last = x.type.shape[x.type.shape.length - 1];
  if (typeof last !== 'number' || x.type.dtype !== 'f32') {
    ctx.bag.error(span, `normalize = true needs an f32 input with a fixed last dimension, not [${x.type.shape.join(', ')}]`);
    return null;
  }
  const stat = (name: string, v: number) => ctx.addParam(name, [last], { kind: 'values', values: [v] }, { trainable: false, l1: 0, l2: 0, span });
  const mean = stat(NORMALIZATION.mean, 0);
  const variance = stat(NORMALIZATION.variance, 1);
  const g = ctx.g;
  const std = g.node('maximum', [g.node('sqrt', [variance], {}), ctx.scalar(1e-7)], {});
  const y = g.node('div', [g.node('sub', [x, mean], {}), std], {});
  ctx.layers.push({ name: 'normalization', cls: 'Normalization', output: y, outputShape: y.type.shape, params: [mean.attrs.name, variance.attrs.name] });
  return y;
}

/** Whether `node` reads an input or a parameter (else it is a constant expression). */
function dependsOnData(node: Node): boolean {
  const seen = new Set<Node>();
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.op === 'input' || n.op === 'param') return true;
    if (seen.has(n)) continue;
    seen.add(n);
    stack.push(...n.inputs);
  }
  return false;
}

export function checkModel(decl: ModelDecl, bag: DiagnosticBag, mode: LowerMode = 'inference', opts: TrainingOptions = { seed: 0 }): CheckedModel | null {
  const g = newGraph();
  const training =
    mode === 'training'
      ? { step: g.leaf('param', { name: STEP_BUFFER, trainable: false }, { shape: [], dtype: 'f32' as const }), seed: opts.seed, updates: [], dropoutLayers: 0 }
      : null;
  const ctx = new ModelContext(g, bag, mode, training);
  const errorsBefore = bag.items.length;
  const inputs: { name: string; dtype: 'f32' | 'i32'; shape: Dim[]; node: Node }[] = [];
  const outputs: { name: string; node: Node; span: Span }[] = [];
  let layersOut: { name: string; node: Node | null; span: Span } | null = null;

  const stmt = (s: ModelStmt): void => {
    switch (s.kind) {
      case 'input': {
        const shape = readDims(bag, s.type, true, `input '${s.name.name}'`);
        if (!shape) return ctx.define(s.name.name, s.name.span, null, 'input');
        const node = ctx.g.leaf('input', { name: s.name.name }, { shape, dtype: s.type.dtype });
        inputs.push({ name: s.name.name, dtype: s.type.dtype, shape, node });
        const value = opts.normalize && inputs.length === 1 ? normalizeInput(ctx, node, s.span) : node;
        return ctx.define(s.name.name, s.name.span, value, 'input');
      }
      case 'param': {
        const name = s.name.name;
        const shape = readDims(bag, s.type, false, `parameter '${name}'`) as number[] | null;
        if (s.type.dtype !== 'f32') bag.error(s.type.span, `parameter '${name}' must be f32`);
        const init = shape && paramInit(ctx, s.init, shape, name);
        const opts = bindArgs(s.name, `param '${name}'`, s.options as Arg[], paramOptions, bag);
        if (!shape || !init || !opts || s.type.dtype !== 'f32') return ctx.define(name, s.name.span, null, 'param');
        const node = ctx.addParam(name, shape, init, {
          trainable: opts.get('trainable') as boolean,
          l1: opts.get('l1') as number,
          l2: opts.get('l2') as number,
          span: s.span,
        });
        return ctx.define(name, s.name.span, node, 'param');
      }
      case 'let':
        return ctx.define(s.name.name, s.name.span, lowerExpr(ctx, s.value), 'value');
      case 'output': {
        let node = lowerExpr(ctx, s.value);
        if (node && s.type) {
          const want = readDims(bag, s.type, true, `output '${s.name.name}'`);
          if (want && (want.length !== node.type.shape.length || want.some((d, i) => d !== node!.type.shape[i]))) {
            bag.error(s.value.span, `output '${s.name.name}' is declared ${formatShape(want)} but its value has shape ${formatShape(node.type.shape)}`);
            node = null;
          }
        }
        if (node && !dependsOnData(node)) {
          bag.error(s.value.span, `output '${s.name.name}' is a constant; an output must depend on an input or a parameter`);
          node = null;
        }
        ctx.define(s.name.name, s.name.span, node, 'output');
        if (node) outputs.push({ name: s.name.name, node, span: s.span });
        return;
      }
      case 'layers': {
        if (layersOut) {
          bag.error(s.span, `a model has at most one layers block (the first is at line ${layersOut.span.line})`);
          return;
        }
        if (inputs.length !== 1) {
          bag.error(s.span, `a layers block starts from the model's single input, but this model declares ${inputs.length === 0 ? 'no input' : `${inputs.length} inputs (${inputs.map((i) => i.name).join(', ')})`}; use pipes instead`);
          layersOut = { name: '', node: null, span: s.span };
          return;
        }
        let x: Node | null = ctx.env.get(inputs[0]!.name)?.node ?? null;
        for (const item of s.items) {
          if (!x) break;
          x = applyLayer(ctx, x, item.expr, item.name);
        }
        const last = ctx.layers[ctx.layers.length - 1];
        if (s.items.length === 0) bag.error(s.span, 'this layers block is empty');
        layersOut = { name: last?.name ?? 'output', node: x, span: s.span };
        if (x && last) ctx.define(last.name, s.items[s.items.length - 1]!.span, x, 'value');
        return;
      }
    }
  };
  for (const s of decl.body) stmt(s);

  // A layers block makes the model's output unless the model declares outputs of its own.
  const block = layersOut as { name: string; node: Node | null; span: Span } | null; // assigned in stmt()
  if (outputs.length === 0 && block?.node) outputs.push({ name: block.name, node: block.node, span: block.span });
  if (outputs.length === 0 && !block && bag.items.length === errorsBefore) {
    bag.error(decl.name.span, `model '${decl.name.name}' has no output; add 'output y = ...' or a layers block`);
  }
  if (bag.items.length > errorsBefore) return null;
  return {
    name: decl.name.name,
    span: decl.span,
    graph: ctx.g,
    mode,
    inputs,
    params: ctx.params,
    layers: ctx.layers,
    outputs,
    stateUpdates: training?.updates ?? [],
    step: training?.step ?? null,
  };
}
