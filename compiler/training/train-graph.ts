// The programs of a trainable module: `predict` (inference mode), `train_step` (forward in training
// mode, loss, gradients by autodiff, optimizer and BN-statistics updates, running totals: all in
// one program, so one submit per step) and `evaluate` (inference-mode loss and metric totals).
import { gradients } from '../autodiff/autodiff.js';
import type { ModuleGraphs, ProgramGraph } from '../codegen/codegen.js';
import { simplify } from '../passes/simplify.js';
import type { CheckedModel } from '../check/model-types.js';
import { STEP_BUFFER } from '../check/model-types.js';
import type { TrainConfig } from '../check/train-types.js';
import type { Graph, Node, NodeOf } from '../ir/graph.js';
import type { TrainingSpec } from '../../runtime/program.js';
import { lossPerExample, metricPerExample } from './losses.js';
import { optimizerUpdates } from './optimizers.js';

/** The input buffer that receives the targets of a batch. */
export const TARGETS = '__targets';

/** The scalar state buffer flagging non-finite values (NaN, ±Inf) in the new loss and weights: 0 or 1. */
export const NONFINITE = 'totals.nonfinite';

export class TrainSetupError extends Error {}

export interface Figures {
  readonly updates: { buffer: string; node: Node }[];
  readonly loss: Node; // mean data loss + penalties (scalar)
}

function c(g: Graph, v: number): Node {
  return g.leaf('const', { values: [v] }, { shape: [], dtype: 'f32' });
}

function pickOutput(model: CheckedModel, cfg: TrainConfig): Node {
  const o = cfg.output ? model.outputs.find((x) => x.name === cfg.output) : model.outputs[0];
  if (!o) throw new TrainSetupError(`model '${model.name}' has no output '${cfg.output}'`);
  return o.node;
}

function targetLeaf(g: Graph, out: Node, cfg: TrainConfig): Node {
  const shape = out.type.shape;
  if (cfg.loss === 'sparse_categorical_crossentropy') {
    if (typeof shape[shape.length - 1] !== 'number' || shape.length < 2) {
      throw new TrainSetupError(`sparse_categorical_crossentropy needs an output of shape [N, classes], not [${shape.join(', ')}]`);
    }
    return g.leaf('input', { name: TARGETS }, { shape: shape.slice(0, -1), dtype: 'i32' });
  }
  return g.leaf('input', { name: TARGETS }, { shape, dtype: 'f32' });
}

/** l1 * sum(|w|) + l2 * sum(w^2) over the regularized parameters (no 1/2 factor, as in Keras). */
function penalty(g: Graph, model: CheckedModel): Node | null {
  let total: Node | null = null;
  const add = (t: Node) => {
    total = total ? g.node('add', [total, t], {}) : t;
  };
  const all = (x: Node) => g.node('sum', [x], { axes: x.type.shape.map((_, i) => i), keepdims: false });
  for (const p of model.params) {
    if (p.l2 > 0) add(g.node('mul', [all(g.node('square', [p.node], {})), c(g, p.l2)], {}));
    if (p.l1 > 0) add(g.node('mul', [all(g.node('abs', [p.node], {})), c(g, p.l1)], {}));
  }
  return total;
}

/** Loss and metric totals: `prefix.loss += sum(per-example loss + penalty)`, likewise each metric. */
function figures(g: Graph, model: CheckedModel, cfg: TrainConfig, prefix: string): Figures {
  const out = pickOutput(model, cfg);
  const target = targetLeaf(g, out, cfg);
  const perEx = lossPerExample(g, cfg.loss, out, target);
  const pen = penalty(g, model);
  const batchMean = g.node('mean', [perEx], { axes: [0], keepdims: false });
  const loss = pen ? g.node('add', [batchMean, pen], {}) : batchMean;
  const total = (name: string, perExample: Node) => {
    const acc = g.leaf('param', { name: `${prefix}.${name}`, trainable: false }, { shape: [], dtype: 'f32' });
    return { buffer: `${prefix}.${name}`, node: g.node('add', [acc, g.node('sum', [perExample], { axes: [0], keepdims: false })], {}) };
  };
  const updates = [total('loss', pen ? g.node('add', [perEx, pen], {}) : perEx)];
  for (const m of cfg.metrics) updates.push(total(m, metricPerExample(g, m, cfg.loss, out, target)));
  return { updates, loss };
}

/** The training loss of `training` (a model lowered in training mode) and its gradient per trainable parameter. */
export function lossAndGradients(training: CheckedModel, cfg: TrainConfig): { figures: Figures; grads: Map<NodeOf<'param'>, Node>; trainable: NodeOf<'param'>[] } {
  const figs = figures(training.graph, training, cfg, 'totals');
  const trainable = training.params.filter((p) => p.trainable).map((p) => p.node as NodeOf<'param'>);
  return { figures: figs, grads: gradients(training.graph, figs.loss, trainable), trainable };
}

/**
 * Builds the module's programs from the model lowered twice: in inference mode (predict,
 * evaluate) and in training mode (train_step).
 */
export function buildTrainingModule(inference: CheckedModel, training: CheckedModel, cfg: TrainConfig): ModuleGraphs {
  const g = training.graph;
  const step = training.step;
  if (!step) throw new Error('internal: the training model was not lowered in training mode');
  const { figures: train, grads, trainable } = lossAndGradients(training, cfg);
  const opt = optimizerUpdates(g, cfg.optimizer, trainable, grads, step);
  const stepUpdate = { buffer: STEP_BUFFER, node: g.node('add', [step, c(g, 1)], {}) };
  const evaluate = figures(inference.graph, inference, cfg, 'eval_totals');
  const flagUpdate = nonfiniteFlag(g, train.loss, [...opt.updates, ...training.stateUpdates], new Set(inference.params.map((p) => p.name)));

  const spec: TrainingSpec = {
    features: inference.inputs[0]!.name,
    targets: TARGETS,
    totals: { loss: 'totals.loss', metrics: cfg.metrics.map((m) => ({ name: m, buffer: `totals.${m}` })) },
    evalTotals: { loss: 'eval_totals.loss', metrics: cfg.metrics.map((m) => ({ name: m, buffer: `eval_totals.${m}` })) },
    weights: inference.params.map((p) => p.name),
    state: [...opt.slots.map((s) => s.name), STEP_BUFFER],
    stateInit: Object.fromEntries(opt.slots.filter((s) => s.init !== 0).map((s) => [s.name, s.init])),
    nonfinite: NONFINITE,
  };
  return {
    predict: simplified(inference.graph, { outputs: inference.outputs }),
    train_step: simplified(g, { outputs: [], updates: [...opt.updates, ...training.stateUpdates, stepUpdate, ...train.updates, flagUpdate] }),
    evaluate: simplified(inference.graph, { outputs: [], updates: evaluate.updates }),
    training: spec,
  };
}

/**
 * The divergence flag: `max(flag, nonfinite(loss), max over weights w of max(nonfinite(new w)))`,
 * 1 once a step has produced a NaN or ±Inf, else 0; the trainer reads it with the totals. As a
 * graph it is a few full reductions; the fused step computes it without them, in the kernels
 * that write the new weights (passes/flag-markers.ts recognizes this form).
 */
function nonfiniteFlag(g: Graph, loss: Node, updates: readonly { buffer: string; node: Node }[], weights: ReadonlySet<string>): { buffer: string; node: Node } {
  const any = (x: Node): Node => {
    const m = g.node('nonfinite', [x], {});
    return x.type.shape.length === 0 ? m : g.node('max', [m], { axes: x.type.shape.map((_, i) => i), keepdims: false });
  };
  let acc: Node = g.node('maximum', [g.leaf('param', { name: NONFINITE, trainable: false }, { shape: [], dtype: 'f32' }), any(loss)], {});
  for (const u of updates) if (weights.has(u.buffer)) acc = g.node('maximum', [acc, any(u.node)], {});
  return { buffer: NONFINITE, node: acc };
}

/** A program with the algebraic simplification pass applied to everything it computes. */
export function simplified(g: Graph, p: ProgramGraph): ProgramGraph {
  const updates = p.updates ?? [];
  const map = simplify(g, [...p.outputs.map((o) => o.node), ...updates.map((u) => u.node)]);
  return {
    outputs: p.outputs.map((o) => ({ ...o, node: map.get(o.node)! })),
    ...(p.updates ? { updates: updates.map((u) => ({ buffer: u.buffer, node: map.get(u.node)! })) } : {}),
  };
}
