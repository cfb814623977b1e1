// BatchNorm folding at inference (ONNX Runtime's MatMul + BatchNormalization fusion, in the form
// that survives weight updates). BatchNorm in inference mode lowers to
//
//     y = (x - mean) / sqrt(var + eps) * gamma + beta          (mean, var: moving statistics)
//
// and when x = x0 @ W + b this is x0 @ W' + b' with W' = W * s and b' = (b - mean) * s + beta,
// s = gamma / sqrt(var + eps). Weights change while training, so the fold cannot happen once at
// compile time. The rewrite keeps W and computes the per-feature scale and shift from the current
// weights in the program itself:
//
//     y = (x0 @ W) * s + t,   s = gamma / sqrt(var + eps),   t = (b - mean) * s + beta
//
// s and t are [features]-sized values of the parameters only; the fusion planner computes them once
// per run (one small kernel, shared by every BatchNorm layer of the same width) and the matmul's
// epilogue applies them with the activation: Dense + BatchNorm + ReLU is one matmul kernel whose
// store is `max(acc * s[j] + t[j], 0)`. Multiplying W by s instead would cost a pass over the
// whole weight matrix every run; the epilogue costs one multiply-add per output element.
//
// Rules (each keeps the value of the node it replaces; tested against the unrewritten program):
//   add(mul(div(sub(X, mean), sqrt(add(var, eps))), gamma), beta)  ->  add(mul(X', s), t)
//   and the same without gamma and/or without beta, where mean and var are parameters with the
//   shape [K] of X's last axis, and X = add(X', b) with a [K] parameter b is folded into t.
import { Graph, topoOrder, type Node } from '../ir/graph.js';
import { shapeRule } from '../ir/ops/index.js';
import { dimsEqual } from '../ir/shape.js';

const isVector = (n: Node, k: number | string | undefined): boolean => n.op === 'param' && n.type.shape.length === 1 && n.type.shape[0] === k;

interface BnMatch {
  readonly x: Node;
  readonly mean: Node;
  readonly variance: Node;
  readonly eps: Node;
  readonly gamma: Node | null;
  readonly beta: Node | null;
}

/** The normalization `div(sub(x, mean), sqrt(add(var, eps)))`, if `d` is one. */
function normalization(d: Node): Omit<BnMatch, 'gamma' | 'beta'> | null {
  if (d.op !== 'div') return null;
  const [c, s] = d.inputs as [Node, Node];
  if (c.op !== 'sub' || s.op !== 'sqrt') return null;
  const [x, mean] = c.inputs as [Node, Node];
  const k = x.type.shape[x.type.shape.length - 1];
  const a = s.inputs[0]!;
  if (a.op !== 'add') return null;
  const [variance, eps] = a.inputs as [Node, Node];
  if (!isVector(mean, k) || !isVector(variance, k)) return null;
  if (!(eps.op === 'const' && eps.attrs.values.length === 1)) return null;
  if (!dimsEqual(d.type.shape, x.type.shape)) return null;
  return { x, mean, variance, eps };
}

/** A BatchNorm whose top node is `n` (its largest form: with gamma and beta when present). */
function matchTop(n: Node): BnMatch | null {
  const k = n.type.shape[n.type.shape.length - 1];
  let beta: Node | null = null;
  let gamma: Node | null = null;
  let cur = n;
  if (cur.op === 'add' && isVector(cur.inputs[1]!, k)) {
    beta = cur.inputs[1]!;
    cur = cur.inputs[0]!;
  }
  if (cur.op === 'mul' && isVector(cur.inputs[1]!, k)) {
    gamma = cur.inputs[1]!;
    cur = cur.inputs[0]!;
  }
  const norm = normalization(cur);
  return norm ? { ...norm, gamma, beta } : null;
}

/**
 * Rewrites every inference-mode BatchNorm reachable from `roots` into a scale and shift. Returns the
 * rewritten roots (in a new graph) and how many BatchNorms were folded; the roots unchanged when none.
 */
export function foldBatchNorm(roots: readonly Node[]): { roots: Node[]; folded: number } {
  const order = topoOrder(roots);
  const users = new Map<Node, Node[]>();
  for (const n of order) for (const x of n.inputs) users.set(x, [...(users.get(x) ?? []), n]);
  // Tops: matches whose node is not the inner part of a larger match.
  const tops = new Map<Node, BnMatch>();
  for (const n of order) {
    const m = matchTop(n);
    if (m) tops.set(n, m);
  }
  for (const [n, m] of [...tops]) {
    const us = users.get(n) ?? [];
    const inner = us.length === 1 && tops.has(us[0]!) && tops.get(us[0]!)!.x === m.x;
    if (inner && !roots.includes(n)) tops.delete(n);
  }
  if (tops.size === 0) return { roots: [...roots], folded: 0 };

  const g = new Graph(shapeRule);
  const map = new Map<Node, Node>();
  const copy = (n: Node): Node => map.get(n)!;
  const c = (v: number) => g.leaf('const', { values: [v] }, { shape: [], dtype: 'f32' });
  for (const n of order) {
    const m = tops.get(n);
    if (m) {
      const k = m.mean.type.shape;
      // s = gamma / sqrt(var + eps); t = (b - mean) * s + beta
      const std = g.node('sqrt', [g.node('add', [copy(m.variance), copy(m.eps)], {})], {});
      const s = m.gamma ? g.node('div', [copy(m.gamma), std], {}) : g.node('div', [c(1), std], {});
      let x = copy(m.x);
      let shift: Node = g.node('neg', [copy(m.mean)], {});
      if (m.x.op === 'add' && m.x.inputs[1]!.op === 'param' && dimsEqual(m.x.inputs[1]!.type.shape, k)) {
        x = copy(m.x.inputs[0]!);
        shift = g.node('sub', [copy(m.x.inputs[1]!), copy(m.mean)], {});
      }
      let t: Node = g.node('mul', [shift, s], {});
      if (m.beta) t = g.node('add', [t, copy(m.beta)], {});
      map.set(n, g.node('add', [g.node('mul', [x, s], {}), t], {}));
      continue;
    }
    if (n.inputs.length === 0) {
      map.set(n, g.leaf(n.op as 'param', n.attrs as never, n.type) as unknown as Node);
      continue;
    }
    map.set(n, g.node(n.op, n.inputs.map(copy), n.attrs as never) as unknown as Node);
  }
  return { roots: roots.map(copy), folded: tops.size };
}
