// Every VJP rule against central finite differences in float64 on the interpreter. Each case is
// loss = sum(op(inputs) * R) with a fixed random R, so every output element matters; the gradient
// of each differentiable input from `gradients` must match (f(x+h) - f(x-h)) / 2h elementwise.
import { describe, expect, it } from 'vitest';
import { gradients, unbroadcast } from '../../compiler/autodiff/autodiff.js';
import { topoOrder, type Graph, type Node } from '../../compiler/ir/graph.js';
import { newGraph } from '../../compiler/ir/new-graph.js';
import { ops } from '../../compiler/ir/ops/index.js';
import type { Dim, OpName } from '../../compiler/ir/types.js';
import { evaluate } from '../../compiler/interp/interpreter.js';
import type { NDArray } from '../../compiler/interp/ndarray.js';
import { randomArray } from '../helpers/compare.js';

const H = 1e-6;
const RTOL = 1e-6;
const ATOL = 1e-8;
const N = 3; // the binding of the symbolic batch dim

interface InputSpec {
  readonly shape: Dim[];
  /** Value range (default [-3, 3)). */
  readonly range?: readonly [number, number];
  /** Push values at least this far from 0 (kinks of relu/abs, division by small numbers). */
  readonly away?: number;
  /** Not differentiated (targets, labels, the dropout step). */
  readonly fixed?: boolean;
  readonly dtype?: 'f32' | 'i32';
  /** Explicit values (row-major, after binding N). */
  readonly values?: readonly number[];
  /** A param leaf instead of an input leaf. */
  readonly param?: boolean;
}

interface GradCase {
  readonly name: string;
  readonly inputs: Readonly<Record<string, InputSpec>>;
  build(g: Graph, x: Readonly<Record<string, Node>>): Node;
}

const c = (g: Graph, v: number): Node => g.leaf('const', { values: [v] }, { shape: [], dtype: 'f32' });
const un = (op: OpName, attrs: object = {}) => (g: Graph, x: Readonly<Record<string, Node>>) =>
  g.node(op as 'neg', [x['x']!], attrs as Record<string, never>);
const bin = (op: OpName, attrs: object = {}) => (g: Graph, x: Readonly<Record<string, Node>>) =>
  g.node(op as 'add', [x['a']!, x['b']!], attrs as Record<string, never>);
const X = (shape: Dim[], more: Partial<InputSpec> = {}): Record<string, InputSpec> => ({ x: { shape, ...more } });
const AB = (a: Dim[], b: Dim[], more: Partial<InputSpec> = {}, moreB: Partial<InputSpec> = {}) => ({
  a: { shape: a, ...more },
  b: { shape: b, ...more, ...moreB },
});

const cases: GradCase[] = [
  // Unary elementwise.
  { name: 'neg', inputs: X(['N', 3]), build: un('neg') },
  { name: 'relu (away from 0)', inputs: X(['N', 3], { away: 0.1 }), build: un('relu') },
  { name: 'leaky_relu', inputs: X(['N', 3], { away: 0.1 }), build: un('leaky_relu', { alpha: 0.1 }) },
  { name: 'sigmoid', inputs: X(['N', 3]), build: un('sigmoid') },
  { name: 'tanh', inputs: X(['N', 3]), build: un('tanh') },
  { name: 'exp', inputs: X(['N', 3]), build: un('exp') },
  { name: 'log (positive)', inputs: X(['N', 3], { range: [0.2, 3] }), build: un('log') },
  { name: 'sqrt (positive)', inputs: X(['N', 3], { range: [0.2, 3] }), build: un('sqrt') },
  { name: 'abs (away from 0)', inputs: X(['N', 3], { away: 0.1 }), build: un('abs') },
  { name: 'square', inputs: X(['N', 3]), build: un('square') },
  { name: 'pow 3 (negative base)', inputs: X(['N', 3]), build: un('pow', { exponent: 3 }) },
  { name: 'pow 1.5 (positive)', inputs: X(['N', 3], { range: [0.2, 3] }), build: un('pow', { exponent: 1.5 }) },
  { name: 'pow -0.7 (positive)', inputs: X(['N', 3], { range: [0.2, 3] }), build: un('pow', { exponent: -0.7 }) },
  { name: 'pow 2', inputs: X([4]), build: un('pow', { exponent: 2 }) },
  { name: 'pow 1', inputs: X([4]), build: un('pow', { exponent: 1 }) },
  { name: 'pow 0 (zero gradient)', inputs: X([4]), build: un('pow', { exponent: 0 }) },
  { name: 'sin', inputs: X(['N', 3]), build: un('sin') },
  { name: 'cos', inputs: X(['N', 3]), build: un('cos') },
  { name: 'sign (zero gradient)', inputs: X(['N', 3], { away: 0.1 }), build: un('sign') },
  {
    name: 'to_f32 (i32 labels scale x)',
    inputs: { x: { shape: ['N', 3] }, k: { shape: ['N', 3], dtype: 'i32', fixed: true, range: [-4, 5] } },
    build: (g, x) => g.node('mul', [x['x']!, g.node('to_f32', [x['k']!], {})], {}),
  },
  { name: 'broadcast_to [4] → [N, 3, 4]', inputs: X([4]), build: un('broadcast_to', { shape: ['N', 3, 4] }) },
  { name: 'broadcast_to [N, 1] → [N, 4]', inputs: X(['N', 1]), build: un('broadcast_to', { shape: ['N', 4] }) },
  { name: 'broadcast_to [] → [2, 3]', inputs: X([]), build: un('broadcast_to', { shape: [2, 3] }) },
  // Binary elementwise with broadcasting.
  { name: 'add [N,4] + [4]', inputs: AB(['N', 4], [4]), build: bin('add') },
  { name: 'sub [N,4] - [N,1]', inputs: AB(['N', 4], ['N', 1]), build: bin('sub') },
  { name: 'mul [N,1] * [N,3]', inputs: AB(['N', 1], ['N', 3]), build: bin('mul') },
  { name: 'mul rank-3 [N,2,3] * [2,1]', inputs: AB(['N', 2, 3], [2, 1]), build: bin('mul') },
  { name: 'div [N,3] / [3]', inputs: AB(['N', 3], [3], {}, { away: 0.5 }), build: bin('div') },
  { name: 'div [] / [N,2]', inputs: AB([], ['N', 2], {}, { away: 0.5 }), build: bin('div') },
  { name: 'minimum [N,3] vs [3]', inputs: AB(['N', 3], [3]), build: bin('minimum') },
  { name: 'maximum [N,3] vs [N,1]', inputs: AB(['N', 3], ['N', 1]), build: bin('maximum') },
  { name: 'gt (zero gradient)', inputs: AB(['N', 3], [3]), build: bin('gt') },
  { name: 'eq (zero gradient)', inputs: AB(['N', 3], [3]), build: bin('eq') },
  {
    name: 'sigmoid_bce (y fixed)',
    inputs: { a: { shape: ['N', 3], range: [-6, 6] }, b: { shape: ['N', 3], range: [0, 1], fixed: true } },
    build: bin('sigmoid_bce'),
  },
  {
    name: 'sigmoid_bce broadcast logits [N,1] vs y [N,3]',
    inputs: { a: { shape: ['N', 1] }, b: { shape: ['N', 3], range: [0, 1], fixed: true } },
    build: bin('sigmoid_bce'),
  },
  // Matrix products.
  { name: 'matmul [N,5] @ [5,7]', inputs: AB(['N', 5], [5, 7]), build: bin('matmul') },
  { name: 'matmul [N,3,4] @ [4,2,3]', inputs: AB(['N', 3, 4], [4, 2, 3]), build: bin('matmul') },
  { name: 'matmul [2,3,4] @ [4,5]', inputs: AB([2, 3, 4], [4, 5]), build: bin('matmul') },
  { name: 'matmul [4] @ [4,3]', inputs: AB([4], [4, 3]), build: bin('matmul') },
  { name: 'matmul [N,4] @ [4]', inputs: AB(['N', 4], [4]), build: bin('matmul') },
  { name: 'matmul_tn [N,4] ⊗ [N,5]', inputs: AB(['N', 4], ['N', 5]), build: bin('matmul_tn') },
  { name: 'matmul_tn [N,3,4] ⊗ [N,3,2,3]', inputs: AB(['N', 3, 4], ['N', 3, 2, 3]), build: bin('matmul_tn') },
  // Reductions.
  { name: 'sum over batch', inputs: X(['N', 3]), build: un('sum', { axes: [0], keepdims: false }) },
  { name: 'sum [0,2] keepdims', inputs: X(['N', 3, 4]), build: un('sum', { axes: [0, 2], keepdims: true }) },
  { name: 'sum all', inputs: X(['N', 3, 2]), build: un('sum', { axes: [0, 1, 2], keepdims: false }) },
  { name: 'mean middle keepdims', inputs: X(['N', 4, 3]), build: un('mean', { axes: [1], keepdims: true }) },
  { name: 'mean [0,2] (symbolic count)', inputs: X(['N', 3, 4]), build: un('mean', { axes: [0, 2], keepdims: false }) },
  { name: 'mean all', inputs: X(['N', 3]), build: un('mean', { axes: [0, 1], keepdims: false }) },
  { name: 'variance over batch', inputs: X(['N', 3]), build: un('variance', { axes: [0], keepdims: false }) },
  { name: 'variance [0,2] keepdims', inputs: X(['N', 3, 4]), build: un('variance', { axes: [0, 2], keepdims: true }) },
  { name: 'max last', inputs: X(['N', 5]), build: un('max', { axes: [1], keepdims: false }) },
  { name: 'max [0,2] keepdims', inputs: X(['N', 3, 4]), build: un('max', { axes: [0, 2], keepdims: true }) },
  { name: 'softmax last', inputs: X(['N', 6]), build: un('softmax', { axis: 1 }) },
  { name: 'softmax middle', inputs: X(['N', 4, 3]), build: un('softmax', { axis: 1 }) },
  {
    name: 'softmax_ce last (y fixed)',
    inputs: { a: { shape: ['N', 5] }, b: { shape: ['N', 5], range: [0, 1], fixed: true } },
    build: bin('softmax_ce', { axis: 1 }),
  },
  {
    name: 'softmax_ce middle (y fixed)',
    inputs: { a: { shape: ['N', 4, 3] }, b: { shape: ['N', 4, 3], range: [0, 1], fixed: true } },
    build: bin('softmax_ce', { axis: 1 }),
  },
  // Data movement.
  { name: 'transpose 2-D', inputs: X(['N', 3]), build: un('transpose', { perm: [1, 0] }) },
  { name: 'transpose 3-D', inputs: X(['N', 3, 2]), build: un('transpose', { perm: [2, 0, 1] }) },
  {
    name: 'reshape then square',
    inputs: X(['N', 6]),
    build: (g, x) => g.node('square', [g.node('reshape', [x['x']!], { shape: ['N', 2, 3] })], {}),
  },
  {
    name: 'concat 3 inputs',
    inputs: { a: { shape: ['N', 2] }, b: { shape: ['N', 3] }, c: { shape: ['N', 1] } },
    build: (g, x) => g.node('concat', [x['a']!, x['b']!, x['c']!], { axis: 1 }),
  },
  { name: 'concat axis 0', inputs: AB([2, 3], [1, 3]), build: (g, x) => g.node('concat', [x['a']!, x['b']!], { axis: 0 }) },
  { name: 'slice middle', inputs: X(['N', 5]), build: un('slice', { axis: 1, start: 1, size: 3 }) },
  { name: 'slice head of axis 0', inputs: X([4, 3]), build: un('slice', { axis: 0, start: 0, size: 2 }) },
  { name: 'slice tail', inputs: X(['N', 4, 2]), build: un('slice', { axis: 1, start: 2, size: 2 }) },
  // Ops without a gradient, composed so that a gradient still flows around them.
  {
    name: 'x * dim_size(x) (count is constant)',
    inputs: X(['N', 3]),
    build: (g, x) => g.node('mul', [x['x']!, g.node('dim_size', [x['x']!], { axes: [0, 1] })], {}),
  },
  {
    name: 'x * argmax(x) (index is constant)',
    inputs: X(['N', 3]),
    build: (g, x) => g.node('mul', [x['x']!, g.node('reshape', [g.node('argmax', [x['x']!], { axis: 1 })], { shape: ['N', 1] })], {}),
  },
  {
    name: 'x * one_hot(labels)',
    inputs: { x: { shape: ['N', 4] }, k: { shape: ['N'], dtype: 'i32', fixed: true, values: [2, 0, 3] } },
    build: (g, x) => g.node('mul', [x['x']!, g.node('one_hot', [x['k']!], { depth: 4 })], {}),
  },
  {
    name: 'x * dropout_mask(x, step)',
    inputs: { x: { shape: ['N', 8] }, step: { shape: [], fixed: true, values: [5] } },
    build: (g, x) => g.node('mul', [x['x']!, g.node('dropout_mask', [x['x']!, x['step']!], { rate: 0.3, seed: 42, stream: 1 })], {}),
  },
  {
    name: 'x + nonfinite(x) (the NaN/Inf flag is constant)',
    inputs: X(['N', 3]),
    build: (g, x) => g.node('add', [x['x']!, g.node('nonfinite', [x['x']!], {})], {}),
  },
  // Compositions.
  {
    name: 'fan-in: x * x + tanh(x) + x / 2',
    inputs: X(['N', 3]),
    build: (g, x) => {
      const v = x['x']!;
      const t = g.node('add', [g.node('mul', [v, v], {}), g.node('tanh', [v], {})], {});
      return g.node('add', [t, g.node('div', [v, c(g, 2)], {})], {});
    },
  },
  {
    name: 'MLP: mean(relu(x @ W1 + b1) @ W2 + b2)',
    inputs: {
      x: { shape: ['N', 4], fixed: true },
      W1: { shape: [4, 5], param: true },
      b1: { shape: [5], param: true },
      W2: { shape: [5, 2], param: true },
      b2: { shape: [2], param: true },
    },
    build: (g, x) => {
      const h = g.node('relu', [g.node('add', [g.node('matmul', [x['x']!, x['W1']!], {}), x['b1']!], {})], {});
      const out = g.node('add', [g.node('matmul', [h, x['W2']!], {}), x['b2']!], {});
      return g.node('mean', [out], { axes: [0, 1], keepdims: false });
    },
  },
];

function bind(shape: readonly Dim[]): number[] {
  return shape.map((d) => (typeof d === 'number' ? d : N));
}

function makeData(spec: InputSpec, seed: number): NDArray {
  const shape = bind(spec.shape);
  const size = shape.reduce((a, b) => a * b, 1);
  if (spec.values) {
    return { shape, data: spec.dtype === 'i32' ? Int32Array.from(spec.values) : Float64Array.from(spec.values) };
  }
  const [lo, hi] = spec.range ?? [-3, 3];
  const raw = randomArray(size, seed, lo, hi);
  if (spec.dtype === 'i32') return { shape, data: Int32Array.from(raw, (v) => Math.floor(v)) };
  const data = Float64Array.from(raw);
  if (spec.away) for (let i = 0; i < size; i++) data[i] = Math.sign(data[i]!) * (spec.away + Math.abs(data[i]!));
  return { shape, data };
}

interface Built {
  readonly g: Graph;
  readonly loss: Node;
  readonly leaves: Map<string, Node>;
  readonly feeds: Map<string, NDArray>;
}

function buildCase(cs: GradCase): Built {
  const g = newGraph();
  const leaves = new Map<string, Node>();
  const feeds = new Map<string, NDArray>();
  let seed = 1;
  for (const [name, spec] of Object.entries(cs.inputs)) {
    const type = { shape: spec.shape, dtype: spec.dtype ?? 'f32' } as const;
    leaves.set(name, spec.param ? g.leaf('param', { name, trainable: true }, type) : g.leaf('input', { name }, type));
    feeds.set(name, makeData(spec, 7919 * seed++));
  }
  const out = cs.build(g, Object.fromEntries(leaves));
  // R is an input so that it can take a symbolic shape.
  const R = g.leaf('input', { name: '__R' }, { shape: out.type.shape, dtype: 'f32' });
  feeds.set('__R', makeData({ shape: [...out.type.shape], range: [-1, 1] }, 4242));
  const prod = g.node('mul', [out, R], {});
  const rank = prod.type.shape.length;
  const loss = rank === 0 ? prod : g.node('sum', [prod], { axes: [...Array(rank).keys()], keepdims: false });
  return { g, loss, leaves, feeds };
}

function split(cs: GradCase, feeds: ReadonlyMap<string, NDArray>) {
  const inputs = new Map<string, NDArray>();
  const params = new Map<string, NDArray>();
  for (const [name, v] of feeds) (cs.inputs[name]?.param ? params : inputs).set(name, v);
  return { inputs, params };
}

function lossAt(cs: GradCase, loss: Node, feeds: ReadonlyMap<string, NDArray>): number {
  return evaluate([loss], split(cs, feeds), 'f64')[0]!.data[0]!;
}

describe('gradients match central finite differences (f64 interpreter)', () => {
  for (const cs of cases) {
    it(cs.name, () => {
      const { g, loss, leaves, feeds } = buildCase(cs);
      const wrtNames = Object.entries(cs.inputs)
        .filter(([, s]) => !s.fixed && (s.dtype ?? 'f32') === 'f32')
        .map(([n]) => n);
      const wrt = wrtNames.map((n) => leaves.get(n)!);
      const grads = gradients(g, loss, wrt);
      expect([...grads.keys()]).toEqual(wrt);
      // The loss is evaluated along: a gradient may not depend on the input that binds N.
      const analytic = evaluate([...grads.values(), loss], split(cs, feeds), 'f64');
      const L = lossAt(cs, loss, feeds);
      expect(Number.isFinite(L)).toBe(true);
      wrtNames.forEach((name, k) => {
        const base = feeds.get(name)!;
        const got = analytic[k]!;
        expect(got.shape, `${name}: gradient shape`).toEqual(base.shape);
        for (let j = 0; j < base.data.length; j++) {
          const at = (delta: number): number => {
            const d = Float64Array.from(base.data);
            d[j] = d[j]! + delta;
            return lossAt(cs, loss, new Map(feeds).set(name, { shape: base.shape, data: d }));
          };
          const numeric = (at(H) - at(-H)) / (2 * H);
          const a = got.data[j]!;
          const tol = RTOL * Math.max(Math.abs(a), Math.abs(numeric)) + ATOL * Math.max(1, Math.abs(L));
          expect(Math.abs(a - numeric), `d loss / d ${name}[${j}]: analytic ${a}, numeric ${numeric}`).toBeLessThanOrEqual(tol);
        }
      });
    });
  }
});

describe('the op table', () => {
  it('has a VJP rule for every op', () => {
    for (const [name, def] of Object.entries(ops)) expect(typeof def.vjp, name).toBe('function');
  });

  it('every op is covered by a gradient check case', () => {
    const seen = new Set<string>();
    for (const cs of cases) for (const n of topoOrder([buildCase(cs).loss])) seen.add(n.op);
    const missing = Object.keys(ops).filter((op) => !seen.has(op));
    expect(missing).toEqual([]);
  });

  it('rules of ops without a gradient return one null per input', () => {
    const g = newGraph();
    const x = g.leaf('input', { name: 'x' }, { shape: [2, 3], dtype: 'f32' });
    const k = g.leaf('input', { name: 'k' }, { shape: [2], dtype: 'i32' });
    const s = g.leaf('input', { name: 's' }, { shape: [], dtype: 'f32' });
    const nodes: Node[] = [
      g.node('gt', [x, x], {}),
      g.node('eq', [x, x], {}),
      g.node('sign', [x], {}),
      g.node('argmax', [x], { axis: 1 }),
      g.node('one_hot', [k], { depth: 3 }),
      g.node('to_f32', [k], {}),
      g.node('dropout_mask', [x, s], { rate: 0.5, seed: 1, stream: 0 }),
      g.node('dim_size', [x], { axes: [0] }),
      g.node('nonfinite', [x], {}),
    ];
    for (const n of nodes) {
      const rule = ops[n.op].vjp as (g: Graph, n: Node, dy: Node) => readonly (Node | null)[];
      expect(rule(g, n, n), n.op).toEqual(n.inputs.map(() => null));
    }
  });
});

describe('autodiff conventions', () => {
  it('max shares the gradient equally among ties', () => {
    const g = newGraph();
    const x = g.leaf('input', { name: 'x' }, { shape: [2, 3], dtype: 'f32' });
    const loss = g.node('sum', [g.node('max', [x], { axes: [1], keepdims: false })], { axes: [0], keepdims: false });
    const dx = gradients(g, loss, [x]).get(x)!;
    const [v] = evaluate([dx], { inputs: new Map([['x', { shape: [2, 3], data: Float64Array.from([1, 5, 5, 2, 2, 2]) }]]), params: new Map() });
    expect([...v!.data]).toEqual([0, 0.5, 0.5, 1 / 3, 1 / 3, 1 / 3]);
  });

  it('a wrt node the loss does not depend on gets zeros of its shape', () => {
    const g = newGraph();
    const x = g.leaf('input', { name: 'x' }, { shape: ['N', 2], dtype: 'f32' });
    const w = g.leaf('param', { name: 'w', trainable: true }, { shape: [3], dtype: 'f32' });
    const loss = g.node('sum', [x], { axes: [0, 1], keepdims: false });
    const grads = gradients(g, loss, [x, w]);
    expect(grads.get(w)!.type.shape).toEqual([3]);
    const [dx, dw] = evaluate([grads.get(x)!, grads.get(w)!, loss], {
      inputs: new Map([['x', { shape: [2, 2], data: Float64Array.from([1, 2, 3, 4]) }]]),
      params: new Map([['w', { shape: [3], data: Float64Array.from([1, 2, 3]) }]]),
    });
    expect([...dx!.data]).toEqual([1, 1, 1, 1]);
    expect([...dw!.data]).toEqual([0, 0, 0]);
  });

  it('skips subgraphs that do not feed the loss or do not depend on wrt', () => {
    const g = newGraph();
    const x = g.leaf('input', { name: 'x' }, { shape: ['N', 2], dtype: 'f32' });
    const w = g.leaf('param', { name: 'w', trainable: true }, { shape: [2], dtype: 'f32' });
    const frozen = g.leaf('param', { name: 'm', trainable: false }, { shape: [2], dtype: 'f32' });
    // A side branch that does not feed the loss (a moving-statistics update) ...
    const side = g.node('tanh', [g.node('mul', [w, c(g, 3)], {})], {});
    // ... and a branch of the loss that does not depend on w.
    const constBranch = g.node('relu', [frozen], {});
    const loss = g.node('sum', [g.node('mul', [g.node('mul', [x, w], {}), constBranch], {})], { axes: [0, 1], keepdims: false });
    gradients(g, loss, [w]);
    // Neither branch's VJP was built: its nodes would already exist (hash-consing) if it had been,
    // and node ids are handed out in order.
    const before = g.size;
    expect(g.node('gt', [frozen, c(g, 0)], {}).id).toBeGreaterThanOrEqual(before); // relu's VJP mask
    expect(g.node('square', [side], {}).id).toBeGreaterThanOrEqual(before); // tanh's VJP
  });

  it('rejects a non-scalar loss', () => {
    const g = newGraph();
    const x = g.leaf('input', { name: 'x' }, { shape: [2], dtype: 'f32' });
    expect(() => gradients(g, x, [x])).toThrow(/scalar/);
  });

  it('unbroadcast reduces leading axes and 1-dims, symbolic dims matching by name', () => {
    const g = newGraph();
    const grad = g.leaf('input', { name: 'g' }, { shape: [2, 'N', 'M', 3], dtype: 'f32' });
    expect(unbroadcast(g, grad, ['N', 'M', 3])).toBe(
      g.node('sum', [grad], { axes: [0], keepdims: false }),
    );
    const r = unbroadcast(g, grad, ['N', 1, 1]);
    expect(r.type.shape).toEqual(['N', 1, 1]);
    expect(r.op).toBe('reshape');
    expect(r.inputs[0]).toBe(g.node('sum', [grad], { axes: [0, 2, 3], keepdims: false }));
    expect(unbroadcast(g, grad, [2, 'N', 'M', 3])).toBe(grad);
    expect(() => unbroadcast(g, grad, ['K', 'M', 3])).toThrow(/broadcast/);
  });
});
