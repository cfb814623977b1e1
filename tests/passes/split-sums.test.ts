// The split-sums rewrite: a sum of every element of a large fixed matrix becomes a sum of its
// column sums, and nothing else is touched; the rewritten program computes the same numbers (f64
// interpreter), the benchmark MLP's training step included, whose divergence flag then takes the
// column sums of the new weights from the weight-gradient kernels' epilogues; and on the GPU the
// training step computes the same with and without the split.
import { describe, expect, it } from 'vitest';
import { generateModule } from '../../compiler/codegen/codegen.js';
import { Graph, topoOrder, type Node } from '../../compiler/ir/graph.js';
import { shapeRule } from '../../compiler/ir/ops/index.js';
import type { Dim } from '../../compiler/ir/types.js';
import { evaluate } from '../../compiler/interp/interpreter.js';
import { splitSums, SPLIT_MIN } from '../../compiler/passes/split-sums.js';
import { ModuleRunner } from '../../runtime/executor.js';
import { buildMlp } from '../../bench/models.js';
import { expectClose, randomArray } from '../helpers/compare.js';
import { expectSameResults } from '../helpers/rewrite-check.js';
import { suiteDevices } from '../helpers/gpu.js';
import { worstError } from '../training/engines.js';

const devices = suiteDevices();

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

  it("splits the divergence flag's sums over the benchmark MLP's weights: same step results, column sums in the weight-gradient kernels", () => {
    const m = buildMlp(24, 6); // W1 is 784 x 24
    const g = m.graphs.train_step!;
    const roots = [...g.outputs.map((o) => o.node), ...(g.updates ?? []).map((u) => u.node)];
    const { roots: after, rewritten } = splitSums(roots);
    expect(rewritten).toBe(1);
    expectSameResults(roots, after, 6);
    // Fused: the first layer's weight-gradient kernel writes the column sums' partial statistics.
    const mod = generateModule(m.graphs);
    const header = (k: { wgsl: string }) => k.wgsl.split('struct Dims')[0]!;
    const wgrad = mod.programs.train_step!.steps.map((s) => mod.kernels[s]!).filter((k) => k.name.includes('matmul_tn') && /nonfinite\(/.test(header(k)));
    expect(wgrad.length).toBe(1);
    expect(header(wgrad[0]!)).toContain('partial statistics of');
  });

  for (const forms of ['general', 'GPU'] as const) {
    it(`runs on the GPU (${forms} kernel forms): the training step computes the same with and without the split, and counts a NaN weight`, async () => {
      const device = forms === 'GPU' ? devices.gpuForms.device : devices.gpu.device;
      const m = buildMlp(24, 6);
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
        // A NaN in the first layer's weights: the next step's flag counts it, split or not.
        for (const r of runners) {
          const w1 = await r.readTensor('d1.kernel');
          w1[100] = NaN;
          r.setTensor('d1.kernel', w1 as Float32Array);
        }
        await step();
        const [f, u] = await Promise.all(runners.map((r) => r.readTensor(spec.nonfinite!)));
        expect(f![0]).toBeGreaterThan(0);
        expect(f![0]).toBe(u![0]);
      } finally {
        for (const r of runners) r.destroy();
      }
    });
  }
});
