// Per-example losses and metrics as IR. Where the model ends in sigmoid (softmax) and the loss is a
// binary (categorical) cross-entropy, the loss is computed from the logits in stable form, so the
// gradient reaching the logits is the combined `y_hat - y` of the reference's back-propagation
// chapter instead of a chain through the activation.
import type { Graph, Node } from '../ir/graph.js';
import type { LossName, MetricName } from '../check/registries.js';

/** Keras's clipping epsilon for cross-entropies on probabilities. */
const EPS = 1e-7;

const scalar = (g: Graph, v: number): Node => g.leaf('const', { values: [v] }, { shape: [], dtype: 'f32' });

/** Mean over every axis but the batch axis: a per-example figure of shape [N]. */
export function perExample(g: Graph, x: Node): Node {
  const rank = x.type.shape.length;
  if (rank <= 1) return x;
  return g.node('mean', [x], { axes: Array.from({ length: rank - 1 }, (_, i) => i + 1), keepdims: false });
}

function clip(g: Graph, p: Node, lo: number, hi: number): Node {
  return g.node('minimum', [g.node('maximum', [p, scalar(g, lo)], {}), scalar(g, hi)], {});
}

/** The logits behind a softmax over the last axis, if `out` is one. */
function softmaxLogits(out: Node): Node | null {
  return out.op === 'softmax' && out.attrs.axis === out.type.shape.length - 1 ? out.inputs[0]! : null;
}

/** Targets as the model's output shape: one-hot for sparse (i32 class index) targets. */
export function denseTargets(g: Graph, loss: LossName, out: Node, target: Node): Node {
  if (loss !== 'sparse_categorical_crossentropy') return target;
  const depth = out.type.shape[out.type.shape.length - 1];
  if (typeof depth !== 'number') throw new Error('internal: sparse targets need a fixed class count');
  return g.node('one_hot', [target], { depth });
}

export function lossPerExample(g: Graph, loss: LossName, out: Node, target: Node): Node {
  switch (loss) {
    case 'mse':
      return perExample(g, g.node('square', [g.node('sub', [out, target], {})], {}));
    case 'mae':
      return perExample(g, g.node('abs', [g.node('sub', [out, target], {})], {}));
    case 'binary_crossentropy': {
      if (out.op === 'sigmoid') return perExample(g, g.node('sigmoid_bce', [out.inputs[0]!, target], {}));
      const p = clip(g, out, EPS, 1 - EPS);
      const one = scalar(g, 1);
      const ll = g.node('add', [
        g.node('mul', [target, g.node('log', [p], {})], {}),
        g.node('mul', [g.node('sub', [one, target], {}), g.node('log', [g.node('sub', [one, p], {})], {})], {}),
      ], {});
      return perExample(g, g.node('neg', [ll], {}));
    }
    case 'categorical_crossentropy':
    case 'sparse_categorical_crossentropy': {
      const y = denseTargets(g, loss, out, target);
      const axis = out.type.shape.length - 1;
      const z = softmaxLogits(out);
      if (z) return perExample(g, g.node('softmax_ce', [z, y], { axis }));
      const p = clip(g, out, EPS, 1);
      const ll = g.node('sum', [g.node('mul', [y, g.node('log', [p], {})], {})], { axes: [axis], keepdims: false });
      return perExample(g, g.node('neg', [ll], {}));
    }
  }
}

/** A metric per example (shape [N]); accuracy follows Keras's choice by loss and output width. */
export function metricPerExample(g: Graph, metric: MetricName, loss: LossName, out: Node, target: Node): Node {
  if (metric !== 'accuracy') return lossPerExample(g, metric, out, target);
  const axis = out.type.shape.length - 1;
  const width = out.type.shape[axis];
  if (loss === 'sparse_categorical_crossentropy') {
    const labels = g.node('to_f32', [target], {});
    return perExample(g, g.node('eq', [g.node('argmax', [out], { axis }), labels], {}));
  }
  if (loss === 'categorical_crossentropy' || (width !== 1 && loss !== 'binary_crossentropy')) {
    return perExample(g, g.node('eq', [g.node('argmax', [out], { axis }), g.node('argmax', [target], { axis })], {}));
  }
  // Binary accuracy: the prediction thresholded at 0.5 equals the 0/1 target.
  return perExample(g, g.node('eq', [g.node('gt', [out, scalar(g, 0.5)], {}), target], {}));
}
