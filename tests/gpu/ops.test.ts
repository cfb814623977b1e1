// Every op of the op table, run as generated WGSL on the real device and compared with the
// reference interpreter (f32), on shapes with symbolic batch dims and broadcasting, both fused and
// as one kernel per IR node. Kernels with forms for hardware GPUs (reductions) run those too, on
// a device told to use them (kernelForms: 'gpu'; lavapipe itself gets the general forms).
import { describe, expect, it } from 'vitest';
import { generate } from '../../compiler/codegen/codegen.js';
import type { Graph, Node } from '../../compiler/ir/graph.js';
import { newGraph } from '../../compiler/ir/new-graph.js';
import type { Dim } from '../../compiler/ir/types.js';
import { evaluate } from '../../compiler/interp/interpreter.js';
import type { NDArray } from '../../compiler/interp/ndarray.js';
import { ModuleRunner } from '../../runtime/executor.js';
import { adapterIsHardware, compileKernels, isHardwareGpu, pick } from '../../runtime/pipelines.js';
import type { KernelSpec } from '../../runtime/program.js';
import { expectClose, randomArray } from '../helpers/compare.js';
import { suiteDevices } from '../helpers/gpu.js';

const devices = suiteDevices();

const hasGpuForm = (k: KernelSpec) => (k.variants ?? []).some((v) => 'gpu' in v.when);

type Data = Float32Array | Int32Array;

interface Case {
  readonly name: string;
  build(g: Graph, inp: (name: string, shape: Dim[], dtype?: 'f32' | 'i32') => Node): Node;
  readonly batches?: readonly number[];
  readonly positive?: boolean; // inputs in (0.1, 2) for log/sqrt/pow
  /** Custom data for some inputs (size, seed); i32 inputs need one. */
  readonly gen?: Readonly<Record<string, (size: number, seed: number) => Data>>;
}

/** Small whole numbers (as f32): ties for eq, argmax and max. */
const ints = (lo: number, hi: number) => (size: number, seed: number): Float32Array =>
  randomArray(size, seed, lo, hi + 1).map(Math.floor);
const labels = (lo: number, hi: number) => (size: number, seed: number): Int32Array => Int32Array.from(ints(lo, hi)(size, seed));

const cases: Case[] = [
  { name: 'neg', build: (g, i) => g.node('neg', [i('x', ['N', 3])], {}) },
  { name: 'relu', build: (g, i) => g.node('relu', [i('x', ['N', 3])], {}) },
  { name: 'leaky_relu', build: (g, i) => g.node('leaky_relu', [i('x', ['N', 3])], { alpha: 0.1 }) },
  { name: 'sigmoid', build: (g, i) => g.node('sigmoid', [i('x', ['N', 3])], {}) },
  { name: 'tanh', build: (g, i) => g.node('tanh', [i('x', ['N', 3])], {}) },
  { name: 'exp', build: (g, i) => g.node('exp', [i('x', ['N', 3])], {}) },
  { name: 'log', build: (g, i) => g.node('log', [i('x', ['N', 3])], {}), positive: true },
  { name: 'sqrt', build: (g, i) => g.node('sqrt', [i('x', ['N', 3])], {}), positive: true },
  { name: 'abs', build: (g, i) => g.node('abs', [i('x', ['N', 3])], {}) },
  { name: 'square', build: (g, i) => g.node('square', [i('x', ['N', 3])], {}) },
  { name: 'pow 3 (odd, negative base)', build: (g, i) => g.node('pow', [i('x', ['N', 3])], { exponent: 3 }) },
  { name: 'pow 1.5', build: (g, i) => g.node('pow', [i('x', ['N', 3])], { exponent: 1.5 }), positive: true },
  { name: 'add broadcast row', build: (g, i) => g.node('add', [i('x', ['N', 4]), i('b', [4])], {}) },
  { name: 'sub broadcast column', build: (g, i) => g.node('sub', [i('x', ['N', 4]), i('c', ['N', 1])], {}) },
  { name: 'mul rank-3 broadcast', build: (g, i) => g.node('mul', [i('x', ['N', 2, 3]), i('y', [2, 1])], {}) },
  { name: 'div by scalar const', build: (g, i) => g.node('div', [i('x', ['N', 3]), g.leaf('const', { values: [4] }, { shape: [], dtype: 'f32' })], {}) },
  { name: 'matmul [N,5]@[5,7]', build: (g, i) => g.node('matmul', [i('x', ['N', 5]), i('w', [5, 7])], {}), batches: [1, 17, 40] },
  { name: 'matmul [N,3,4]@[4,2,3]', build: (g, i) => g.node('matmul', [i('x', ['N', 3, 4]), i('w', [4, 2, 3])], {}) },
  { name: 'matmul [N,33]@[33,20] (several tiles)', build: (g, i) => g.node('matmul', [i('x', ['N', 33]), i('w', [33, 20])], {}), batches: [35] },
  { name: 'sum over batch', build: (g, i) => g.node('sum', [i('x', ['N', 3])], { axes: [0], keepdims: false }) },
  { name: 'sum all', build: (g, i) => g.node('sum', [i('x', ['N', 3])], { axes: [0, 1], keepdims: false }) },
  { name: 'mean middle keepdims', build: (g, i) => g.node('mean', [i('x', ['N', 4, 3])], { axes: [1], keepdims: true }) },
  { name: 'max last', build: (g, i) => g.node('max', [i('x', ['N', 5])], { axes: [1], keepdims: false }) },
  { name: 'variance over batch, few columns (workgroup tree)', build: (g, i) => g.node('variance', [i('x', ['N', 3])], { axes: [0], keepdims: false }) },
  { name: 'variance over batch, 40 columns', build: (g, i) => g.node('variance', [i('x', ['N', 40])], { axes: [0], keepdims: false }) },
  // Long reductions whose GPU forms (tests below) have whole unrolled rounds and a tail.
  { name: 'sum all of a fixed 700 x 3', build: (g, i) => g.node('sum', [i('x', [700, 3])], { axes: [0, 1], keepdims: false }) },
  { name: 'variance all of a fixed 5000', build: (g, i) => g.node('variance', [i('x', [5000])], { axes: [0], keepdims: false }) },
  // Positive values: 3000 signed ones cancel, and a different summation order is then visible.
  { name: 'sum over batch, 20 columns', build: (g, i) => g.node('sum', [i('x', ['N', 20])], { axes: [0], keepdims: false }), batches: [1, 7, 130, 3000], positive: true },
  { name: 'variance middle keepdims', build: (g, i) => g.node('variance', [i('x', ['N', 4, 3])], { axes: [1], keepdims: true }) },
  {
    name: 'mean + variance of a matmul (column statistics in its epilogue)',
    build: (g, i) => {
      const y = g.node('matmul', [i('x', ['N', 9]), i('w', [9, 40])], {});
      const attrs = { axes: [0], keepdims: false };
      return g.node('add', [g.node('mean', [y], attrs), g.node('variance', [y], attrs)], {});
    },
    batches: [1, 13, 130],
  },
  { name: 'softmax last', build: (g, i) => g.node('softmax', [i('x', ['N', 6])], { axis: 1 }) },
  { name: 'softmax middle', build: (g, i) => g.node('softmax', [i('x', ['N', 4, 3])], { axis: 1 }) },
  { name: 'transpose 2-D', build: (g, i) => g.node('transpose', [i('x', ['N', 3])], { perm: [1, 0] }) },
  { name: 'transpose 3-D', build: (g, i) => g.node('transpose', [i('x', ['N', 3, 2])], { perm: [2, 0, 1] }) },
  { name: 'reshape then relu', build: (g, i) => g.node('relu', [g.node('reshape', [i('x', ['N', 6])], { shape: ['N', 2, 3] })], {}) },
  { name: 'concat 3 inputs', build: (g, i) => g.node('concat', [i('a', ['N', 2]), i('b', ['N', 3]), i('c', ['N', 1])], { axis: 1 }) },
  { name: 'concat axis 0 of params', build: (g, i) => g.node('concat', [i('a', [2, 3]), i('b', [1, 3])], { axis: 0 }) },
  {
    name: 'chain sharing a node (fan-out)',
    build: (g, i) => {
      const h = g.node('tanh', [i('x', ['N', 3])], {});
      return g.node('add', [g.node('mul', [h, h], {}), h], {});
    },
  },
  // Ops added with autodiff.
  { name: 'sign', build: (g, i) => g.node('sign', [i('x', ['N', 3])], {}), gen: { x: ints(-2, 2) } },
  { name: 'sin', build: (g, i) => g.node('sin', [i('x', ['N', 3])], {}) },
  { name: 'cos', build: (g, i) => g.node('cos', [i('x', ['N', 3])], {}) },
  { name: 'to_f32 (i32 input)', build: (g, i) => g.node('to_f32', [i('k', ['N', 3], 'i32')], {}), gen: { k: labels(-1000, 1000) } },
  {
    name: 'broadcast_to [4] → [N,3,4] (then + [N,1,1])',
    build: (g, i) => g.node('add', [g.node('broadcast_to', [i('x', [4])], { shape: ['N', 3, 4] }), i('y', ['N', 1, 1])], {}),
  },
  { name: 'broadcast_to [N,1] → [N,4]', build: (g, i) => g.node('broadcast_to', [i('x', ['N', 1])], { shape: ['N', 4] }) },
  {
    name: 'broadcast_to of a scalar const (zeros)',
    build: (g, i) => g.node('add', [i('x', ['N', 2]), g.node('broadcast_to', [g.leaf('const', { values: [0.5] }, { shape: [], dtype: 'f32' })], { shape: ['N', 2] })], {}),
  },
  { name: 'gt broadcast', build: (g, i) => g.node('gt', [i('a', ['N', 4]), i('b', [4])], {}), gen: { a: ints(-2, 2), b: ints(-2, 2) } },
  { name: 'eq broadcast', build: (g, i) => g.node('eq', [i('a', ['N', 4]), i('b', ['N', 1])], {}), gen: { a: ints(-2, 2), b: ints(-2, 2) } },
  { name: 'minimum', build: (g, i) => g.node('minimum', [i('a', ['N', 3]), i('b', [3])], {}) },
  { name: 'maximum', build: (g, i) => g.node('maximum', [i('a', ['N', 3]), i('b', ['N', 1])], {}) },
  {
    name: 'sigmoid_bce',
    build: (g, i) => g.node('sigmoid_bce', [i('z', ['N', 3]), i('y', ['N', 3])], {}),
    gen: { y: (n, seed) => randomArray(n, seed, 0, 1) },
  },
  { name: 'matmul_tn [N,4]⊗[N,5]', build: (g, i) => g.node('matmul_tn', [i('a', ['N', 4]), i('b', ['N', 5])], {}), batches: [1, 17, 40] },
  { name: 'matmul_tn [N,3,4]⊗[N,3,2,3]', build: (g, i) => g.node('matmul_tn', [i('a', ['N', 3, 4]), i('b', ['N', 3, 2, 3])], {}) },
  { name: 'matmul_tn [N,33]⊗[N,20] (several tiles)', build: (g, i) => g.node('matmul_tn', [i('a', ['N', 33]), i('b', ['N', 20])], {}), batches: [35] },
  { name: 'slice middle', build: (g, i) => g.node('slice', [i('x', ['N', 5, 2])], { axis: 1, start: 1, size: 3 }) },
  { name: 'slice axis 0', build: (g, i) => g.node('slice', [i('x', [4, 3])], { axis: 0, start: 2, size: 2 }) },
  {
    name: 'softmax_ce last',
    build: (g, i) => g.node('softmax_ce', [i('z', ['N', 6]), i('y', ['N', 6])], { axis: 1 }),
    gen: { y: (n, seed) => randomArray(n, seed, 0, 1) },
  },
  {
    name: 'softmax_ce middle',
    build: (g, i) => g.node('softmax_ce', [i('z', ['N', 4, 3]), i('y', ['N', 4, 3])], { axis: 1 }),
    gen: { y: (n, seed) => randomArray(n, seed, 0, 1) },
  },
  { name: 'argmax last (ties: first wins)', build: (g, i) => g.node('argmax', [i('x', ['N', 5])], { axis: 1 }), gen: { x: ints(0, 2) } },
  { name: 'argmax middle (ties)', build: (g, i) => g.node('argmax', [i('x', ['N', 4, 3])], { axis: 1 }), gen: { x: ints(0, 2) } },
  { name: 'argmax random', build: (g, i) => g.node('argmax', [i('x', ['N', 7])], { axis: 1 }) },
  { name: 'one_hot (with out-of-range labels)', build: (g, i) => g.node('one_hot', [i('k', ['N'], 'i32')], { depth: 4 }), gen: { k: labels(-1, 4) } },
  {
    name: 'dropout_mask rate 0.3',
    build: (g, i) => g.node('dropout_mask', [i('x', ['N', 37]), i('step', [])], { rate: 0.3, seed: 1234, stream: 2 }),
    gen: { step: (_n, seed) => Float32Array.of(seed * 17) },
  },
  {
    name: 'dropout_mask rate 0 keeps all',
    build: (g, i) => g.node('dropout_mask', [i('x', ['N', 5]), i('step', [])], { rate: 0, seed: 0, stream: 0 }),
    gen: { step: () => Float32Array.of(3) },
  },
  { name: 'dim_size symbolic', build: (g, i) => g.node('dim_size', [i('x', ['N', 3, 2])], { axes: [0, 2] }) },
];

describe('every op on the GPU equals the interpreter', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const g = newGraph();
      const inputs: Node[] = [];
      const out = c.build(g, (name, shape, dtype = 'f32') => {
        const n = g.leaf('input', { name }, { shape, dtype });
        inputs.push(n);
        return n;
      });
      // Fused (the default), and one kernel per IR node (each op's own kernel template); each
      // module with GPU forms also on the device that runs them.
      const runs = [true, false].flatMap((fuse) => {
        const mod = generate({ outputs: [{ name: 'y', node: out }] }, { fuse });
        return [{ fuse, mod, device: devices.gpu.device, label: '' }, ...(mod.kernels.some(hasGpuForm) ? [{ fuse, mod, device: devices.gpuForms.device, label: ' (GPU forms)' }] : [])];
      });
      for (const { fuse, mod, device, label } of runs) {
        const runner = await ModuleRunner.create(device, mod);
        try {
          for (const [k, batch] of (c.batches ?? [1, 7, 130]).entries()) {
            const feed = new Map<string, NDArray>();
            for (const [j, n] of inputs.entries()) {
              const shape = n.type.shape.map((d) => (typeof d === 'number' ? d : batch));
              const size = shape.reduce((a, b) => a * b, 1);
              const name = (n.attrs as { name: string }).name;
              const seed = 100 * k + j + 1;
              const custom = c.gen?.[name];
              const data: Data = custom
                ? custom(size, seed)
                : c.positive
                  ? randomArray(size, seed, 0.1, 2)
                  : randomArray(size, seed, -3, 3);
              feed.set(name, { shape, data });
            }
            const [want] = evaluate([out], { inputs: feed, params: new Map() }, 'f32');
            const got = await runner.run('predict', Object.fromEntries([...feed].map(([name, v]) => [name, { data: v.data as Data, shape: v.shape }])));
            expectClose(got['y']!.data, want!.data, 1e-5, 1e-6, `${c.name} batch ${batch}${fuse ? '' : ' (unfused)'}${label}`);
          }
        } finally {
          runner.destroy();
        }
      }
    });
  }
});

describe('GPU forms of reductions', () => {
  it('are compiled only where the device runs them: not on a CPU adapter unless told to', async () => {
    expect(isHardwareGpu(devices.gpu.device)).toBe(false); // lavapipe is a fallback (CPU) adapter
    expect(isHardwareGpu(devices.gpuForms.device)).toBe(true);
    const g = newGraph();
    const x = g.leaf('input', { name: 'x' }, { shape: ['N', 20], dtype: 'f32' });
    const mod = generate({ outputs: [{ name: 'y', node: g.node('sum', [x], { axes: [0], keepdims: false }) }] });
    expect(mod.kernels).toHaveLength(1);
    expect(mod.kernels[0]!.variants?.map((v) => v.when)).toEqual([{ gpu: true }]);
    const [plain] = await compileKernels(devices.gpu.device, mod.kernels);
    const [forms] = await compileKernels(devices.gpuForms.device, mod.kernels);
    expect(plain!.variants).toHaveLength(0);
    expect(forms!.variants.map((v) => v.when)).toEqual([{ gpu: true }]);
    expect(pick(forms!, new Map([['N', 1]])).pipeline).toBe(forms!.variants[0]!.pipeline);
  });

  it('run on an adapter that is not a fallback one; without that flag, not on the CPU implementations known by name', () => {
    const on = (info: Record<string, unknown>) => adapterIsHardware({ adapterInfo: info } as unknown as GPUDevice);
    expect(on({ vendor: 'nvidia', device: 'nvidia-h100-80gb-hbm3', isFallbackAdapter: false })).toBe(true);
    expect(on({ vendor: 'mesa', architecture: 'software', isFallbackAdapter: true })).toBe(false);
    expect(on({ vendor: 'apple', architecture: 'metal-3' })).toBe(true);
    for (const cpu of [{ description: 'llvmpipe (LLVM 15.0.6)' }, { vendor: 'google', architecture: 'swiftshader' }, { description: 'Microsoft Basic Render Driver' }]) expect(on(cpu)).toBe(false);
  });

  it('exist for long reductions and not for short ones', () => {
    const kernelsOf = (shape: Dim[], axes: number[]) => {
      const g = newGraph();
      const x = g.leaf('input', { name: 'x' }, { shape, dtype: 'f32' });
      return generate({ outputs: [{ name: 'y', node: g.node('sum', [x], { axes, keepdims: false }) }] }).kernels;
    };
    expect(kernelsOf(['N', 20], [0]).some(hasGpuForm)).toBe(true); // column sums over the batch
    expect(kernelsOf([700, 3], [0, 1]).some(hasGpuForm)).toBe(true); // one long sum
    expect(kernelsOf([40, 6], [0]).some(hasGpuForm)).toBe(false); // 40 rows: one invocation each is enough
    expect(kernelsOf(['N', 4, 3], [1]).some(hasGpuForm)).toBe(false); // symbolic outputs, 4-long sums
  });
});
