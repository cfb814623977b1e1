// Optimizer updates as IR, following the reference text's formulas exactly (DSL.md section 5).
// Each optimizer slot is a persistent state tensor named `optimizer.<slot>.<param>`.
import type { Graph, Node, NodeOf } from '../ir/graph.js';
import type { OptimizerConfig } from '../check/train-types.js';
import { learningRate } from './schedules.js';

export interface SlotSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly init: number;
}

export interface OptimizerOutput {
  readonly updates: { buffer: string; node: Node }[];
  readonly slots: SlotSpec[];
}

export function optimizerUpdates(
  g: Graph,
  cfg: OptimizerConfig,
  params: readonly NodeOf<'param'>[],
  grads: ReadonlyMap<NodeOf<'param'>, Node>,
  step: Node,
): OptimizerOutput {
  const c = (v: number): Node => g.leaf('const', { values: [v] }, { shape: [], dtype: 'f32' });
  const add = (a: Node, b: Node) => g.node('add', [a, b], {});
  const sub = (a: Node, b: Node) => g.node('sub', [a, b], {});
  const mul = (a: Node, b: Node) => g.node('mul', [a, b], {});
  const div = (a: Node, b: Node) => g.node('div', [a, b], {});
  const lr = learningRate(g, cfg.lr, step);
  const updates: { buffer: string; node: Node }[] = [];
  const slots: SlotSpec[] = [];
  const slot = (kind: string, p: NodeOf<'param'>, init: number): Node => {
    const name = `optimizer.${kind}.${p.attrs.name}`;
    slots.push({ name, shape: p.type.shape as number[], init });
    return g.leaf('param', { name, trainable: false }, p.type);
  };
  // t = k + 1 for Adam's bias correction; beta^t = exp(t ln beta).
  const t = add(step, c(1));
  const powT = (beta: number) => g.node('exp', [mul(t, c(Math.log(beta)))], {});

  for (const w of params) {
    const grad = grads.get(w)!;
    const set = (node: Node) => updates.push({ buffer: w.attrs.name, node });
    switch (cfg.kind) {
      case 'sgd':
        set(sub(w, mul(lr, grad)));
        break;
      case 'momentum': {
        // v = g*v + lr*grad; w = w - v   (g: the momentum coefficient)
        const v = slot('velocity', w, 0);
        const v2 = add(mul(c(cfg.momentum), v), mul(lr, grad));
        updates.push({ buffer: `optimizer.velocity.${w.attrs.name}`, node: v2 });
        set(sub(w, v2));
        break;
      }
      case 'adagrad': {
        // r = r + grad^2; w = w - lr / (sqrt(r) + eps) * grad
        const r = slot('accumulator', w, cfg.initialAccumulator);
        const r2 = add(r, g.node('square', [grad], {}));
        updates.push({ buffer: `optimizer.accumulator.${w.attrs.name}`, node: r2 });
        set(sub(w, mul(div(lr, add(g.node('sqrt', [r2], {}), c(cfg.epsilon))), grad)));
        break;
      }
      case 'rmsprop': {
        // r = rho*r + (1 - rho)*grad^2; w = w - lr / (sqrt(r) + eps) * grad
        const r = slot('rms', w, 0);
        const r2 = add(mul(c(cfg.rho), r), mul(c(1 - cfg.rho), g.node('square', [grad], {})));
        updates.push({ buffer: `optimizer.rms.${w.attrs.name}`, node: r2 });
        set(sub(w, mul(div(lr, add(g.node('sqrt', [r2], {}), c(cfg.epsilon))), grad)));
        break;
      }
      case 'adam':
      case 'adamw': {
        // m = b1 m + (1-b1) grad; v = b2 v + (1-b2) grad^2; w = w - lr m_hat / (sqrt(v_hat) + eps)
        const m = slot('m', w, 0);
        const v = slot('v', w, 0);
        const m2 = add(mul(c(cfg.beta1), m), mul(c(1 - cfg.beta1), grad));
        const v2 = add(mul(c(cfg.beta2), v), mul(c(1 - cfg.beta2), g.node('square', [grad], {})));
        updates.push({ buffer: `optimizer.m.${w.attrs.name}`, node: m2 }, { buffer: `optimizer.v.${w.attrs.name}`, node: v2 });
        const mHat = div(m2, sub(c(1), powT(cfg.beta1)));
        const vHat = div(v2, sub(c(1), powT(cfg.beta2)));
        let next = sub(w, div(mul(lr, mHat), add(g.node('sqrt', [vHat], {}), c(cfg.epsilon))));
        // AdamW: decoupled weight decay, w = w - lr * weight_decay * w.
        if (cfg.kind === 'adamw') next = sub(next, mul(mul(lr, c(cfg.weightDecay)), w));
        set(next);
        break;
      }
    }
  }
  return { updates, slots };
}
