// Gradient graphs generated to WGSL and run on the device equal the interpreter (f32): the
// backward pass is ordinary IR, so every VJP rule's ops must have working kernels.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { gradients } from '../../compiler/autodiff/autodiff.js';
import { generate } from '../../compiler/codegen/codegen.js';
import type { Graph, Node } from '../../compiler/ir/graph.js';
import { newGraph } from '../../compiler/ir/new-graph.js';
import type { Dim } from '../../compiler/ir/types.js';
import { evaluate } from '../../compiler/interp/interpreter.js';
import type { NDArray } from '../../compiler/interp/ndarray.js';
import type { OpenedDevice } from '../../runtime/device.js';
import { ModuleRunner } from '../../runtime/executor.js';
import { expectClose, randomArray } from '../helpers/compare.js';
import { testDevice } from '../helpers/gpu.js';

let gpu: OpenedDevice;
beforeAll(async () => {
  gpu = await testDevice();
});
afterAll(() => gpu?.destroy());

type Data = Float32Array | Int32Array;

interface Model {
  readonly name: string;
  /** Builds the loss; `inp` and `param` declare leaves (param data is random in [-1, 1)). */
  build(g: Graph, inp: (name: string, shape: Dim[], dtype?: 'f32' | 'i32') => Node, param: (name: string, shape: number[]) => Node): Node;
  /** Custom data for inputs (size, seed); default uniform in [-2, 2). */
  readonly gen?: Readonly<Record<string, (size: number, seed: number) => Data>>;
  readonly batches: readonly number[];
}

const c = (g: Graph, v: number): Node => g.leaf('const', { values: [v] }, { shape: [], dtype: 'f32' });

const models: Model[] = [
  {
    name: 'MLP, mean squared error',
    batches: [1, 5, 33],
    build: (g, inp, param) => {
      const x = inp('x', ['N', 4]);
      const y = inp('y', ['N', 2]);
      const h = g.node('relu', [g.node('add', [g.node('matmul', [x, param('W1', [4, 8])], {}), param('b1', [8])], {})], {});
      const out = g.node('add', [g.node('matmul', [h, param('W2', [8, 2])], {}), param('b2', [2])], {});
      const err = g.node('square', [g.node('sub', [out, y], {})], {});
      return g.node('mean', [err], { axes: [0, 1], keepdims: false });
    },
  },
  {
    name: 'classifier: tanh, dropout, softmax cross-entropy on one-hot i32 labels',
    batches: [3, 40],
    gen: {
      labels: (n, seed) => Int32Array.from(randomArray(n, seed, 0, 3), Math.floor),
      step: () => Float32Array.of(11),
    },
    build: (g, inp, param) => {
      const x = inp('x', ['N', 5]);
      const labels = inp('labels', ['N'], 'i32');
      const step = inp('step', []);
      const h = g.node('tanh', [g.node('add', [g.node('matmul', [x, param('W1', [5, 6])], {}), param('b1', [6])], {})], {});
      const dropped = g.node('mul', [h, g.node('dropout_mask', [h, step], { rate: 0.25, seed: 7, stream: 0 })], {});
      const logits = g.node('add', [g.node('matmul', [dropped, param('W2', [6, 3])], {}), param('b2', [3])], {});
      const ce = g.node('softmax_ce', [logits, g.node('one_hot', [labels], { depth: 3 })], { axis: 1 });
      return g.node('mean', [ce], { axes: [0], keepdims: false });
    },
  },
  {
    name: 'rank-3 matmul, concat/slice, max, softmax on a middle axis, transpose, sigmoid_bce',
    batches: [2, 9],
    gen: { t: (n, seed) => randomArray(n, seed, 0, 1) },
    build: (g, inp, param) => {
      const x = inp('x', ['N', 3, 4]);
      const t = inp('t', ['N', 2]);
      const a = g.node('matmul', [x, param('W', [4, 2, 3])], {}); // [N,3,2,3]
      const s = g.node('softmax', [a], { axis: 1 });
      const m = g.node('max', [s], { axes: [1, 3], keepdims: false }); // [N,2]
      const both = g.node('concat', [m, g.node('sin', [t], {})], { axis: 1 }); // [N,4]
      const tr = g.node('transpose', [g.node('reshape', [both], { shape: ['N', 2, 2] })], { perm: [0, 2, 1] });
      const z = g.node('slice', [g.node('reshape', [tr], { shape: ['N', 4] })], { axis: 1, start: 1, size: 2 });
      const zz = g.node('maximum', [g.node('mul', [z, param('s', [2])], {}), c(g, -0.5)], {});
      const bce = g.node('sigmoid_bce', [zz, t], {});
      return g.node('mean', [bce], { axes: [0, 1], keepdims: false });
    },
  },
];

describe('gradient graphs on the GPU equal the interpreter (f32)', () => {
  for (const m of models) {
    it(m.name, async () => {
      const g = newGraph();
      const inputs: Node[] = [];
      const params = new Map<string, { node: Node; data: Float32Array }>();
      const loss = m.build(
        g,
        (name, shape, dtype = 'f32') => {
          const n = g.leaf('input', { name }, { shape, dtype });
          inputs.push(n);
          return n;
        },
        (name, shape) => {
          const node = g.leaf('param', { name, trainable: true }, { shape, dtype: 'f32' });
          const size = shape.reduce((a, b) => a * b, 1);
          params.set(name, { node, data: randomArray(size, 1000 + params.size * 31, -1, 1) });
          return node;
        },
      );
      const wrt = [...params.values()].map((p) => p.node);
      const grads = gradients(g, loss, wrt);
      const names = [...params.keys()];
      const outputs = [{ name: 'loss', node: loss }, ...names.map((n, k) => ({ name: `d_${n}`, node: grads.get(wrt[k]!)! }))];
      const mod = generate({ outputs });
      const runner = await ModuleRunner.create(gpu.device, mod);
      try {
        for (const [name, p] of params) runner.setTensor(name, p.data);
        const paramValues = new Map<string, NDArray>([...params].map(([n, p]) => [n, { shape: p.node.type.shape as number[], data: p.data }]));
        for (const [k, batch] of m.batches.entries()) {
          const feed = new Map<string, NDArray>();
          for (const [j, n] of inputs.entries()) {
            const name = (n.attrs as { name: string }).name;
            const shape = n.type.shape.map((d) => (typeof d === 'number' ? d : batch));
            const size = shape.reduce((a, b) => a * b, 1);
            const gen = m.gen?.[name];
            feed.set(name, { shape, data: gen ? gen(size, 77 * k + j + 1) : randomArray(size, 77 * k + j + 1, -2, 2) });
          }
          const want = evaluate(
            outputs.map((o) => o.node),
            { inputs: feed, params: paramValues },
            'f32',
          );
          const got = await runner.run('predict', Object.fromEntries([...feed].map(([n, v]) => [n, { data: v.data as Data, shape: v.shape }])));
          outputs.forEach((o, i) => {
            expectClose(got[o.name]!.data, want[i]!.data, 1e-5, 1e-6, `${m.name}: ${o.name}, batch ${batch}`);
          });
        }
      } finally {
        runner.destroy();
      }
    });
  }
});
