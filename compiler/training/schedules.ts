// Learning-rate schedules as IR of the step counter k (0 for the first step), so the whole update
// runs on the GPU with no host round trip.
import type { Graph, Node } from '../ir/graph.js';
import type { Schedule } from '../check/train-types.js';

export function learningRate(g: Graph, s: Schedule, k: Node): Node {
  const c = (v: number): Node => g.leaf('const', { values: [v] }, { shape: [], dtype: 'f32' });
  const mul = (a: Node, b: Node) => g.node('mul', [a, b], {});
  const add = (a: Node, b: Node) => g.node('add', [a, b], {});
  switch (s.kind) {
    case 'constant':
      return c(s.lr);
    case 'linear_decay': {
      // lr_k = (1 - k/steps) * from + (k/steps) * to, then constant at `to`.
      const f = g.node('minimum', [mul(k, c(1 / s.steps)), c(1)], {});
      return add(c(s.from), mul(f, c(s.to - s.from)));
    }
    case 'exponential_decay':
      // lr * rate^(k / every) = lr * exp(k * ln(rate) / every)
      return mul(c(s.lr), g.node('exp', [mul(k, c(Math.log(s.rate) / s.every))], {}));
    case 'cosine_decay': {
      // lr * (1 + cos(pi * min(k, steps) / steps)) / 2
      const f = g.node('minimum', [k, c(s.steps)], {});
      const cos = g.node('cos', [mul(f, c(Math.PI / s.steps))], {});
      return mul(c(s.lr / 2), add(c(1), cos));
    }
  }
}
