// Kernels that take their points in quads (four consecutive elements along the last axis, vec4
// loads and stores where an operand is read at the quad's own elements, scalar ones elsewhere),
// on the GPU against the interpreter: elementwise kernels whose last axis is a multiple of 4, and
// matmul epilogues that read buffers of the output's size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../compiler/codegen/codegen.js';
import type { Graph, Node } from '../../compiler/ir/graph.js';
import { newGraph } from '../../compiler/ir/new-graph.js';
import type { Dim } from '../../compiler/ir/types.js';
import { evaluate } from '../../compiler/interp/interpreter.js';
import type { NDArray } from '../../compiler/interp/ndarray.js';
import type { KernelSpec } from '../../runtime/program.js';
import { ModuleRunner } from '../../runtime/executor.js';
import type { OpenedDevice } from '../../runtime/device.js';
import { expectClose, randomArray } from '../helpers/compare.js';
import { testDevice } from '../helpers/gpu.js';

let gpu: OpenedDevice;
beforeAll(async () => {
  gpu = await testDevice();
});
afterAll(() => gpu?.destroy());

interface Leaf {
  readonly node: Node;
  readonly gen: (n: number, seed: number) => Float32Array | Int32Array;
}

/** Generates the program of `outputs`, checks its kernels' WGSL, and compares every batch's outputs with the interpreter. */
async function check(build: (g: Graph, x: (name: string, shape: Dim[], dtype?: 'f32' | 'i32', gen?: Leaf['gen']) => Node) => Record<string, Node>, batches: readonly number[], wgsl: (kernels: readonly KernelSpec[]) => void): Promise<void> {
  const g = newGraph();
  const leaves: Leaf[] = [];
  const outputs = build(g, (name, shape, dtype = 'f32', gen = (n, seed) => randomArray(n, seed)) => {
    const node = g.leaf('input', { name }, { shape, dtype });
    leaves.push({ node, gen });
    return node;
  });
  const mod = generate({ outputs: Object.entries(outputs).map(([name, node]) => ({ name, node })) });
  wgsl(mod.kernels);
  const runner = await ModuleRunner.create(gpu.device, mod);
  try {
    for (const [k, batch] of batches.entries()) {
      const feed = new Map<string, NDArray>();
      leaves.forEach(({ node, gen }, j) => {
        const shape = node.type.shape.map((d) => (typeof d === 'number' ? d : batch));
        feed.set((node.attrs as { name: string }).name, { shape, data: gen(shape.reduce((p, q) => p * q, 1), 10 * k + j + 1) });
      });
      const want = evaluate(Object.values(outputs), { inputs: feed, params: new Map() }, 'f32');
      const got = await runner.run('predict', Object.fromEntries([...feed].map(([name, v]) => [name, { data: v.data as Float32Array, shape: v.shape }])));
      Object.keys(outputs).forEach((name, i) => expectClose(got[name]!.data, want[i]!.data, 1e-5, 1e-5, `${name} at batch ${batch}`));
    }
  } finally {
    runner.destroy();
  }
}

const quadKernel = (k: KernelSpec) => k.wgsl.includes('let base = i * 4u;');

describe('elementwise kernels in quads', () => {
  it('reads operands broadcast, transposed, sliced, one-hot and hashed, and writes two outputs, as the interpreter does', async () => {
    await check(
      (g, x) => {
        const a = x('a', ['N', 12]);
        const labels = x('labels', ['N'], 'i32', (n, seed) => Int32Array.from(randomArray(n, seed, 0, 12), Math.floor));
        const step = x('step', [], 'f32', () => Float32Array.of(5));
        const scaled = g.node('mul', [g.node('add', [a, x('b', [12])], {}), x('r', ['N', 1])], {}); // per column, per row
        const moved = g.node('add', [g.node('transpose', [x('wt', [12, 'N'])], { perm: [1, 0] }), g.node('slice', [x('u', ['N', 16])], { axis: 1, start: 2, size: 12 })], {});
        const hot = g.node('mul', [g.node('one_hot', [labels], { depth: 12 }), g.node('dropout_mask', [a, step], { rate: 0.5, seed: 3, stream: 1 })], {});
        const y = g.node('add', [g.node('add', [scaled, moved], {}), hot], {});
        return { y, z: g.node('sigmoid', [y], {}) };
      },
      [1, 3, 37],
      (kernels) => {
        // y's kernel, then z's (y is an output too).
        expect(kernels).toHaveLength(2);
        for (const k of kernels) {
          expect(quadKernel(k), k.name).toBe(true);
          expect(k.wgsl).toContain('for (var c = 0u; c < 4u; c++) {');
          expect(k.wgsl).toMatch(/var<storage, read_write> out_\w+: array<vec4<f32>>;/);
        }
        const w = kernels[0]!.wgsl;
        // vec4 where read at the quad's elements (the input, the bias by column)...
        for (const b of ['in_a', 'in_b']) expect(w).toContain(`var<storage, read> ${b}: array<vec4<f32>>;`);
        // ...and scalars elsewhere: per row, transposed, sliced, integer labels, the step.
        for (const b of ['in_r: array<f32>', 'in_wt: array<f32>', 'in_u: array<f32>', 'in_labels: array<i32>', 'in_step: array<f32>']) expect(w).toContain(b);
      },
    );
  });

  it('keeps one element per invocation where the last axis is not a multiple of 4', async () => {
    await check(
      (g, x) => ({ y: g.node('exp', [g.node('add', [x('a', ['N', 6]), x('b', [6])], {})], {}) }),
      [1, 5],
      (kernels) => {
        expect(kernels).toHaveLength(1);
        expect(quadKernel(kernels[0]!)).toBe(false);
        expect(kernels[0]!.wgsl).not.toContain('vec4');
      },
    );
  });
});

describe('matmul epilogues in quads', () => {
  const relu = (g: Graph, y: Node) => g.node('relu', [y], {});
  const forms = (k: KernelSpec) => [k.wgsl, ...(k.variants ?? []).map((v) => v.wgsl)];

  it('reads a residual of the output size as vec4s in every form, the bias by column', async () => {
    await check(
      (g, x) => ({ y: relu(g, g.node('add', [g.node('add', [g.node('matmul', [x('a', ['N', 64]), x('w', [64, 48])], {}), x('b', [48])], {}), x('res', ['N', 48])], {})) }),
      [1, 9, 70],
      (kernels) => {
        expect(kernels).toHaveLength(1);
        for (const w of forms(kernels[0]!)) {
          expect(w).toContain('fn epi4(row: u32, col: u32, v: vec4<f32>)');
          expect(w).toMatch(/in_res\[idx \/ 4u\]/);
          expect(w).toMatch(/in_b\[col \/ 4u\]/);
        }
      },
    );
  });

  it('reads an operand bound for scalar loads at scalar indices inside the quad', async () => {
    // matmul_tn of [20, 6] and [20, 20]: 6 rows, so the left operand is read one value at a time;
    // the epilogue adds it, reshaped to the output's [6, 20].
    await check(
      (g, x) => {
        const a = x('a', [20, 6]);
        return { y: g.node('add', [g.node('matmul_tn', [a, x('b', [20, 20])], {}), g.node('reshape', [a], { shape: [6, 20] })], {}) };
      },
      [1],
      (kernels) => {
        expect(kernels).toHaveLength(1);
        for (const w of forms(kernels[0]!)) {
          expect(w).toContain('fn epi4(');
          expect(w).toContain('in_a: array<f32>');
          expect(w).toContain('in_a[(idx + c)]');
        }
      },
    );
  });

  it('keeps the scalar epilogue where it reads only per-column values (measured faster there)', async () => {
    await check(
      (g, x) => ({ y: relu(g, g.node('add', [g.node('matmul', [x('a', ['N', 64]), x('w', [64, 48])], {}), x('b', [48])], {})) }),
      [2, 17],
      (kernels) => {
        for (const w of forms(kernels[0]!)) {
          expect(w).not.toContain('epi4');
          expect(w).toContain('fn epi(row: u32, col: u32, v: f32)');
        }
      },
    );
  });
});
