// The split-sums rewrite: a sum of every element of a large fixed matrix becomes a sum of its
// column sums, and nothing else is touched; the rewritten program computes the same numbers (f64
// interpreter), a training step with an L2 penalty over a large weight included; and on the GPU
// that training step computes the same with and without the split.
import { describe, expect, it } from 'vitest';
import { generateModule } from '../../compiler/codegen/codegen.js';
import { Graph, topoOrder, type Node } from '../../compiler/ir/graph.js';
import { shapeRule } from '../../compiler/ir/ops/index.js';
import type { Dim } from '../../compiler/ir/types.js';
import { evaluate } from '../../compiler/interp/interpreter.js';
import { splitSums, SPLIT_MIN } from '../../compiler/passes/split-sums.js';
import { ModuleRunner } from '../../runtime/executor.js';
import { expectClose, randomArray } from '../helpers/compare.js';
import { expectSameResults } from '../helpers/rewrite-check.js';
import { suiteDevices } from '../helpers/gpu.js';
import { build, worstError } from '../training/engines.js';

const devices = suiteDevices();

/** A classifier of 784 features whose first weight (784 x 24) has an L2 penalty: sum(w^2) over 18,816 values. */
const l2Model = `model reg {
  input x: [N, 784]
  layers {
    d1 = Dense(24, activation = relu, l2 = 0.001)
    Dense(10, activation = softmax)
  }
}
train reg {
  data      = inline(x = [[${new Array(784).fill(0).join(', ')}]], y = [0])
  loss      = sparse_categorical_crossentropy
  optimizer = adam(lr = 0.001)
  batch     = 6
  epochs    = 1
  seed      = 3
}
`;

const sum = (g: Graph, x: Node, axes: number[], keepdims = false) => g.node('sum', [x], { axes, keepdims });

describe('splitSums', () => {
  it('rewrites the sum of a large matrix into the sum of its column sums, same value', () => {
    const g = new Graph(shapeRule);
    const x = g.leaf('input', { name: 'x' }, { shape: [200, 90], dtype: 'f32' });
    const z = g.leaf('input', { name: 'z' }, { shape: [200, 90], dtype: 'f32' });
    const before = g.node('add', [sum(g, g.node('nonfinite', [x], {}), [0, 1]), sum(g, g.node('relu', [z], {}), [0, 1])], {});
    const { roots, rewritten } = splitSums([before]);
    expect(rewritten).toBe(2);
    const sums = topoOrder(roots).filter((n) => n.op === 'sum');
    expect(sums.map((n) => (n as Node & { op: 'sum' }).attrs.axes.join())).toEqual(['0', '0', '0', '0']);
    const data = Float64Array.from(randomArray(200 * 90, 5, -1, 1));
    data[17] = Infinity;
    data[4000] = NaN;
    const feed = {
      inputs: new Map([
        ['x', { shape: [200, 90], data }],
        ['z', { shape: [200, 90], data: Float64Array.from(randomArray(200 * 90, 6, -1, 1)) }],
      ]),
      params: new Map(),
    };
    const [a] = evaluate([before], feed, 'f64');
    const [b] = evaluate(roots, feed, 'f64');
    expect(b!.shape).toEqual(a!.shape);
    expectClose(b!.data, a!.data, 1e-12, 1e-9, 'sum');
  });

  const untouched: [string, Dim[], number[], boolean?][] = [
    ['a small matrix', [100, 100], [0, 1]],
    ['a symbolic matrix (the batch)', ['N', 400], [0, 1]],
    ['a sum over one axis', [400, 100], [0]],
    ['keepdims', [400, 100], [0, 1], true],
    ['a rank-3 tensor', [40, 30, 20], [0, 1, 2]],
    ['a matrix with fewer than 8 columns', [SPLIT_MIN / 4, 4], [0, 1]],
  ];
  for (const [name, shape, axes, keepdims] of untouched) {
    it(`leaves ${name} alone`, () => {
      const g = new Graph(shapeRule);
      const before = sum(g, g.leaf('input', { name: 'x' }, { shape, dtype: 'f32' }), axes, keepdims);
      const { roots, rewritten } = splitSums([before]);
      expect(rewritten).toBe(0);
      expect(roots[0]).toBe(before);
    });
  }

  it("splits an L2 penalty's sum over a 784 x 24 weight: same step results, and the flag's maximum is left alone", () => {
    const m = build(l2Model, 3);
    const g = m.graphs.train_step!;
    const roots = [...g.outputs.map((o) => o.node), ...(g.updates ?? []).map((u) => u.node)];
    const { roots: after, rewritten } = splitSums(roots);
    expect(rewritten).toBe(1);
    expectSameResults(roots, after, 6);
    // The fused step has the column sums of the squared weight as a reduction of its own.
    const mod = generateModule(m.graphs);
    const header = (k: { wgsl: string }) => k.wgsl.split('struct Dims')[0]!;
    const cols = mod.programs.train_step!.steps.map((s) => mod.kernels[s]!).filter((k) => /= sum\(%\d+\) : f32\[24\]/.test(header(k)) && /square\(%\d+\) : f32\[784, 24\]/.test(header(k)));
    expect(cols.length).toBe(1);
  });

  for (const forms of ['general', 'GPU'] as const) {
    it(`runs on the GPU (${forms} kernel forms): the training step computes the same with and without the split, and flags a NaN weight`, async () => {
      const device = forms === 'GPU' ? devices.gpuForms.device : devices.gpu.device;
      const m = build(l2Model, 3);
      const mods = [generateModule(m.graphs), generateModule(m.graphs, { splitSums: false })];
      const spec = mods[0]!.training!;
      const rows = 6;
      const x = Float32Array.from(randomArray(rows * 784, 9, 0, 1));
      const y = Int32Array.from({ length: rows }, (_, i) => i % 10);
      const runners = await Promise.all(mods.map((mod) => ModuleRunner.create(device, mod)));
      const step = () => Promise.all(runners.map((r) => r.run('train_step', { [spec.features]: { data: x, shape: [rows, 784] }, [spec.targets]: { data: y, shape: [rows] } })));
      try {
        for (const r of runners) for (const [name, v] of m.initial) r.setTensor(name, v);
        await step();
        for (const name of [...spec.weights, ...spec.state]) {
          const [a, e] = await Promise.all(runners.map((r) => r.readTensor(name)));
          const w = worstError(a!, e!, 1e-5, 1e-7);
          expect(w.err, `${name}[${w.at}]`).toBeLessThanOrEqual(1);
        }
        expect((await runners[0]!.readTensor(spec.nonfinite!))[0]).toBe(0);
        // A NaN in the first layer's weights: the next step's flag is set, split or not.
        for (const r of runners) {
          const w1 = await r.readTensor('d1.kernel');
          w1[100] = NaN;
          r.setTensor('d1.kernel', w1 as Float32Array);
        }
        await step();
        const [f, u] = await Promise.all(runners.map((r) => r.readTensor(spec.nonfinite!)));
        expect(f![0]).toBe(1);
        expect(u![0]).toBe(1);
      } finally {
        for (const r of runners) r.destroy();
      }
    });
  }
});
