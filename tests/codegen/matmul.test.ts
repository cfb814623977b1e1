// The matmul kernel template in every variant the shape picks (columns per invocation or one row
// per invocation; the small-batch form chosen at run time; the forms that share loads through
// subgroups of 8 invocations, and the general ones on a device without subgroups; the GPU forms,
// with the contraction split over slices of invocations, on a device told to run them; vec4 or scalar
// loads; a contraction that is or is not a multiple of 4; a transposed left operand (matmul_tn)
// or right operand (a matmul by a 2-D transpose, read in place); column statistics in the
// epilogue), with a fused epilogue, on the GPU against the interpreter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../compiler/codegen/codegen.js';
import { chooseMatmulVariant, GPU_SMALL_BATCH, matmulGeometry, MIN_SHARED_CONTRACTION, SHARED_LARGE_OUTPUT, SHARED_LONG_CONTRACTION, SHARED_SMALL_BATCH, SHARED_TWO_QUADS, SUBGROUP } from '../../compiler/codegen/matmul-kernel.js';
import { topoOrder, type Graph, type Node } from '../../compiler/ir/graph.js';
import { newGraph } from '../../compiler/ir/new-graph.js';
import type { Dim } from '../../compiler/ir/types.js';
import { evaluate } from '../../compiler/interp/interpreter.js';
import type { NDArray } from '../../compiler/interp/ndarray.js';
import { createDevice, type OpenedDevice } from '../../runtime/device.js';
import { ModuleRunner } from '../../runtime/executor.js';
import { compileKernels, fixedSubgroupSize, pick } from '../../runtime/pipelines.js';
import { expectClose, randomArray } from '../helpers/compare.js';
import { testDevice } from '../helpers/gpu.js';

let gpu: OpenedDevice;
/** The same adapter with the subgroups feature left off: kernels run their general forms. */
let plain: OpenedDevice;
/** The same adapter running the forms for hardware GPUs (without subgroups, which would come first). */
let gpuForms: OpenedDevice;
beforeAll(async () => {
  gpu = await testDevice();
  plain = await createDevice({ subgroups: false });
  gpuForms = await createDevice({ subgroups: false, kernelForms: 'gpu' });
});
afterAll(() => {
  gpu?.destroy();
  plain?.destroy();
  gpuForms?.destroy();
});

it('lavapipe runs the subgroup variants (subgroups of 8 invocations)', () => {
  // CI's adapter; elsewhere the variants run only where the device has subgroups of exactly 8.
  if (gpu.adapterName.includes('llvmpipe')) expect(fixedSubgroupSize(gpu.device)).toBe(SUBGROUP);
  expect(fixedSubgroupSize(plain.device)).toBeNull();
});

interface Case {
  readonly name: string;
  readonly build: (g: Graph, x: (name: string, shape: Dim[]) => Node) => Node;
  readonly batches: readonly number[];
  /** The layout the template must pick for this shape. */
  readonly layout: 'cols' | 'rows';
  /** The output is statistics over the rows of the matmul (no small-batch form then). */
  readonly stats?: boolean;
  /** Absolute and relative tolerance against the interpreter (default 1e-5). */
  readonly tol?: number;
}

const relu = (g: Graph, y: Node) => g.node('relu', [y], {});
const bias = (g: Graph, y: Node, b: Node) => g.node('add', [y, b], {});

const cases: Case[] = [
  { name: '[N,64]@[64,48] + bias, relu (vec4 both sides)', layout: 'cols', batches: [1, 9, 70], build: (g, x) => relu(g, bias(g, g.node('matmul', [x('a', ['N', 64]), x('w', [64, 48])], {}), x('b', [48]))) },
  { name: '[N,30]@[30,37] (scalar loads, contraction tail)', layout: 'cols', batches: [1, 3, 17], build: (g, x) => g.node('matmul', [x('a', ['N', 30]), x('w', [30, 37])], {}) },
  { name: '[N,5]@[5,300] (wide, two column quads per invocation)', layout: 'cols', batches: [2, 11], build: (g, x) => g.node('matmul', [x('a', ['N', 5]), x('w', [5, 300])], {}) },
  { name: '[N,40]@[40,10] (few columns: one row per invocation)', layout: 'rows', batches: [1, 65, 130], build: (g, x) => g.node('matmul', [x('a', ['N', 40]), x('w', [40, 10])], {}) },
  { name: '[N,7]@[7,3] + bias', layout: 'rows', batches: [1, 4], build: (g, x) => bias(g, g.node('matmul', [x('a', ['N', 7]), x('w', [7, 3])], {}), x('b', [3])) },
  { name: '[N,24]@transpose([36,24]) (transposed right operand, vec4)', layout: 'cols', batches: [1, 5, 33], build: (g, x) => g.node('matmul', [x('a', ['N', 24]), g.node('transpose', [x('w', [36, 24])], { perm: [1, 0] })], {}) },
  { name: '[N,18]@transpose([20,18]) (transposed, scalar)', layout: 'cols', batches: [2, 6, 20], build: (g, x) => g.node('matmul', [x('a', ['N', 18]), g.node('transpose', [x('w', [20, 18])], { perm: [1, 0] })], {}) },
  { name: '[N,21]@[21,8] (few columns, vec4, contraction tail)', layout: 'rows', batches: [2, 21], build: (g, x) => g.node('matmul', [x('a', ['N', 21]), x('w', [21, 8])], {}) },
  { name: '[N,16]@transpose([12,16]) (transposed vec4, few columns)', layout: 'rows', batches: [1, 19], build: (g, x) => g.node('matmul', [x('a', ['N', 16]), g.node('transpose', [x('w', [12, 16])], { perm: [1, 0] })], {}) },
  { name: '[N,18]@transpose([12,18]) (transposed scalar, few columns)', layout: 'rows', batches: [2, 11], build: (g, x) => g.node('matmul', [x('a', ['N', 18]), g.node('transpose', [x('w', [12, 18])], { perm: [1, 0] })], {}) },
  { name: '[N,6]@transpose([12,6]) (transposed, few columns; contraction too short for a subgroup form)', layout: 'rows', batches: [2, 3, 70], build: (g, x) => g.node('matmul', [x('a', ['N', 6]), g.node('transpose', [x('w', [12, 6])], { perm: [1, 0] })], {}) },
  { name: 'matmul_tn [N,36]⊗[N,40] (vec4 rows)', layout: 'cols', batches: [1, 9, 66], build: (g, x) => g.node('matmul_tn', [x('a', ['N', 36]), x('b', ['N', 40])], {}) },
  { name: 'matmul_tn [N,19]⊗[N,23] (scalar)', layout: 'cols', batches: [7], build: (g, x) => g.node('matmul_tn', [x('a', ['N', 19]), x('b', ['N', 23])], {}) },
  { name: 'matmul_tn [N,12]⊗[N,40] (12 rows: fewer than the 16 of the subgroup form)', layout: 'cols', batches: [5], build: (g, x) => g.node('matmul_tn', [x('a', ['N', 12]), x('b', ['N', 40])], {}) },
  { name: 'matmul_tn [N,21]⊗[N,5] (few columns)', layout: 'rows', batches: [2, 40], build: (g, x) => g.node('matmul_tn', [x('a', ['N', 21]), x('b', ['N', 5])], {}) },
  { name: '[N,2,12]@[12,3,4] (multi-dim operands)', layout: 'rows', batches: [3], build: (g, x) => g.node('matmul', [x('a', ['N', 2, 12]), x('w', [12, 3, 4])], {}) },
  // Contractions long enough for the GPU forms to split them over slices (of 32 steps or more).
  { name: '[N,202]@[202,48] (scalar loads, contraction tail in every slice)', layout: 'cols', batches: [1, 9, 70], build: (g, x) => g.node('matmul', [x('a', ['N', 202]), x('w', [202, 48])], {}) },
  { name: '[N,256]@transpose([36,256]) (transposed vec4, slices)', layout: 'cols', batches: [1, 3, 40], build: (g, x) => g.node('matmul', [x('a', ['N', 256]), g.node('transpose', [x('w', [36, 256])], { perm: [1, 0] })], {}) },
  { name: '[N,260]@[260,10] (few columns, slices)', layout: 'rows', batches: [1, 33, 300], build: (g, x) => g.node('matmul', [x('a', ['N', 260]), x('w', [260, 10])], {}) },
  { name: 'matmul_tn [N,36]⊗[N,48] at large batches (the batch is the contraction: slices)', layout: 'cols', batches: [70, 301], build: (g, x) => g.node('matmul_tn', [x('a', ['N', 36]), x('b', ['N', 48])], {}) },
  // From ROWS_FIRST_COLUMNS columns the subgroup form walks down the row blocks first.
  { name: '[N,20]@[20,1024] (1024 columns: row blocks first in the subgroup form)', layout: 'cols', batches: [2, 11, 37], build: (g, x) => g.node('matmul', [x('a', ['N', 20]), x('w', [20, 1024])], {}) },
  { name: 'matmul_tn [N,36]⊗[N,1028] (row blocks first, a partial column strip)', layout: 'cols', batches: [19], build: (g, x) => g.node('matmul_tn', [x('a', ['N', 36]), x('b', ['N', 1028])], {}) },
  // Long contractions: the subgroup form's 32-row blocks (and a 16-row form for small batches);
  // from 512 columns two column quads per invocation.
  { name: '[N,256]@[256,516] (long: 32-row blocks, two column quads, a partial strip)', layout: 'cols', batches: [1, 3, 45], build: (g, x) => g.node('matmul', [x('a', ['N', 256]), x('w', [256, 516])], {}) },
  { name: '[N,260]@transpose([600,260]) (long, transposed scalar, two column quads)', layout: 'cols', batches: [2, 5, 33], build: (g, x) => g.node('matmul', [x('a', ['N', 260]), g.node('transpose', [x('w', [600, 260])], { perm: [1, 0] })], {}) },
  { name: 'matmul_tn [N,70]⊗[N,520] (a large output: 32-row blocks, a partial one)', layout: 'cols', batches: [9, 40], build: (g, x) => g.node('matmul_tn', [x('a', ['N', 70]), x('b', ['N', 520])], {}) },
  { name: '[N,20]@[20,300] (wide: two workgroups of columns, a partial one)', layout: 'cols', batches: [2, 7, 45], build: (g, x) => g.node('matmul', [x('a', ['N', 20]), x('w', [20, 300])], {}) },
  // Tiled GPU forms (workgroup-memory staging; the batch counted as 1024 rows or steps): without
  // column statistics from 256 blocks of 32 x 64 outputs, or a column operand of more than 4M
  // values (narrow blocks); with them, a column operand read transposed (64 x 64 blocks).
  { name: '[N,160]@transpose([520,160]) + bias, relu (tiled, narrow: vec4 both sides, partial blocks)', layout: 'cols', batches: [1, 9, 300], build: (g, x) => relu(g, bias(g, g.node('matmul', [x('a', ['N', 160]), g.node('transpose', [x('w', [520, 160])], { perm: [1, 0] })], {}), x('b', [520]))) },
  { name: '[N,130]@transpose([516,130]) (tiled, narrow: scalar loads, a partial slab)', layout: 'cols', batches: [1, 3, 260], build: (g, x) => g.node('matmul', [x('a', ['N', 130]), g.node('transpose', [x('w', [516, 130])], { perm: [1, 0] })], {}) },
  { name: 'matmul_tn [N,132]⊗[N,4100] (tiled, narrow, past the small batches: vec4, row blocks first in the subgroup form)', layout: 'cols', batches: [70, 300], build: (g, x) => g.node('matmul_tn', [x('a', ['N', 132]), x('b', ['N', 4100])], {}) },
  { name: 'matmul_tn [N,130]⊗[N,4099] (tiled, narrow: scalar, row blocks first in the subgroup form)', layout: 'cols', batches: [263], build: (g, x) => g.node('matmul_tn', [x('a', ['N', 130]), x('b', ['N', 4099])], {}) },
  { name: '[N,128]@[128,520] (tiled, narrow: plain operands)', layout: 'cols', batches: [1, 12, 300], build: (g, x) => g.node('matmul', [x('a', ['N', 128]), x('w', [128, 520])], {}) },
  {
    name: 'sum over the rows of [N,128]@transpose([520,128]) (column statistics, tiled in 64 x 64 blocks)',
    layout: 'cols',
    stats: true,
    batches: [5, 300],
    // Sums of 300 dot products of 128 steps, cancelling: rounding in any order reaches 2e-5.
    tol: 1e-4,
    build: (g, x) => g.node('sum', [g.node('matmul', [x('a', ['N', 128]), g.node('transpose', [x('w', [520, 128])], { perm: [1, 0] })], {})], { axes: [0], keepdims: false }),
  },
  {
    name: 'mean and variance over the rows of [N,17]@[17,40] + bias (column statistics, partial tiles)',
    layout: 'cols',
    stats: true,
    batches: [1, 13, 45, 300],
    build: (g, x) => {
      const y = bias(g, g.node('matmul', [x('a', ['N', 17]), x('w', [17, 40])], {}), x('b', [40]));
      const attrs = { axes: [0], keepdims: false };
      return g.node('mul', [g.node('mean', [y], attrs), g.node('variance', [y], attrs)], {});
    },
  },
  {
    name: 'sum over the rows of relu([N,300]@[300,40]) (column statistics, slices)',
    layout: 'cols',
    stats: true,
    batches: [5, 300],
    build: (g, x) => g.node('sum', [relu(g, g.node('matmul', [x('a', ['N', 300]), x('w', [300, 40])], {}))], { axes: [0], keepdims: false }),
  },
  {
    name: 'sum over the rows of [N,16]@[16,1024] (column statistics, row blocks first)',
    layout: 'cols',
    stats: true,
    batches: [5, 40],
    build: (g, x) => g.node('sum', [g.node('matmul', [x('a', ['N', 16]), x('w', [16, 1024])], {})], { axes: [0], keepdims: false }),
  },
];

describe('matmul template variants equal the interpreter', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const g = newGraph();
      const leaves: Node[] = [];
      const out = c.build(g, (name, shape) => {
        const n = g.leaf('input', { name }, { shape, dtype: 'f32' });
        leaves.push(n);
        return n;
      });
      const mm = topoOrder([out]).find((n) => n.op === 'matmul' || n.op === 'matmul_tn')!;
      const transB = mm.inputs[1]!.op === 'transpose';
      const b = transB ? mm.inputs[1]!.inputs[0]!.type.shape.slice().reverse() : mm.inputs[1]!.type.shape;
      expect(chooseMatmulVariant(matmulGeometry(mm.op as 'matmul', mm.inputs[0]!.type.shape, b, transB)).layout).toBe(c.layout);
      const mod = generate({ outputs: [{ name: 'y', node: out }] });
      // With statistics, a finishing kernel follows the matmul's.
      expect(mod.kernels).toHaveLength(c.stats ? 2 : 1);
      const kernel = mod.kernels[0]!;
      // Matmuls over a batch of rows (one symbolic dim) also carry the small-batch variant (batch <=
      // 2), and every matmul with a contraction of 16 or more the subgroup one (cols layout: and at
      // least 16 rows).
      const small = mm.op === 'matmul' && mm.inputs[0]!.type.shape.length === 2 && !c.stats;
      const rows = mm.op === 'matmul_tn' ? mm.inputs[0]!.type.shape.at(-1)! : 'N';
      const K = mm.op === 'matmul_tn' ? 'N' : mm.inputs[0]!.type.shape.at(-1)!;
      const longEnough = typeof K === 'string' || K >= MIN_SHARED_CONTRACTION;
      const shared = longEnough && (c.layout === 'rows' || typeof rows === 'string' || rows >= 2 * SUBGROUP);
      // Last the GPU forms: for all batches, and where the rows are the batch possibly one for
      // batches up to GPU_SMALL_BATCH first (none where a form would be the general one).
      const gpuWhens = (kernel.variants ?? []).map((v) => v.when).filter((w) => 'gpu' in w);
      expect([[{ gpu: true }], [{ gpu: true, dim: 'N', atMost: GPU_SMALL_BATCH }], [{ gpu: true, dim: 'N', atMost: GPU_SMALL_BATCH }, { gpu: true }]]).toContainEqual(gpuWhens);
      if (/tiled/.test(c.name)) expect(kernel.variants!.at(-1)!.wgsl, 'the last GPU form is tiled').toContain('staged through workgroup memory');
      if (/narrow/.test(c.name)) expect(kernel.variants!.at(-1)!.wgsl).toContain('32 rows x 64 columns per workgroup');
      if (/64 x 64 blocks/.test(c.name)) expect(kernel.variants!.at(-1)!.wgsl).toContain('64 rows x 64 columns per workgroup');
      if (/slices/.test(c.name)) expect(kernel.variants!.some((v) => 'gpu' in v.when && v.wgsl.includes('the contraction split over')), 'a GPU form splits the contraction').toBe(true);
      // Where the rows are the batch and the contraction long, the subgroup form of 32-row blocks
      // has one of 16 rows before it, for batches up to SHARED_SMALL_BATCH.
      const smallShared = shared && c.layout === 'cols' && mm.op === 'matmul' && mm.inputs[0]!.type.shape.length === 2 && typeof K === 'number' && K >= SHARED_LONG_CONTRACTION;
      const sharedWhens = shared ? [...(smallShared ? [{ subgroupSize: SUBGROUP, dim: 'N', atMost: SHARED_SMALL_BATCH }] : []), { subgroupSize: SUBGROUP }] : [];
      const whens = [...(small ? [{ dim: 'N', atMost: 2 }] : []), ...sharedWhens, ...gpuWhens];
      expect(kernel.variants?.map((v) => v.when) ?? []).toEqual(whens);
      if (small) expect(c.batches.some((n) => n <= 2) && c.batches.some((n) => n > 2), 'both forms run').toBe(true);
      if (smallShared) expect(c.batches.some((n) => n > 2 && n <= SHARED_SMALL_BATCH) && c.batches.some((n) => n > SHARED_SMALL_BATCH), 'both subgroup forms run').toBe(true);
      if (c.stats) expect(kernel.wgsl).toContain('partial statistics of');
      const sub = kernel.variants?.find((v) => 'subgroupSize' in v.when);
      if (sub) expect(sub.wgsl.includes('row blocks of a column strip in turn'), 'row blocks first exactly from ROWS_FIRST_COLUMNS columns').toBe(/row blocks first/.test(c.name));
      // The subgroup form's blocks: 32 rows (not where 16 would leave less padding) for long
      // contractions and, where the contraction is the batch, large outputs; two column quads
      // from SHARED_TWO_QUADS columns.
      const P = mm.type.shape.at(-1) as number;
      const large = typeof K === 'number' ? K >= SHARED_LONG_CONTRACTION : typeof rows === 'number' && rows * P >= SHARED_LARGE_OUTPUT;
      const unbounded = kernel.variants?.find((v) => 'subgroupSize' in v.when && !('dim' in v.when));
      if (unbounded && c.layout === 'cols') {
        expect(unbounded.wgsl.includes('// 32 rows x'), '32-row blocks').toBe(large && !(typeof rows === 'number' && rows < 64));
        expect(unbounded.wgsl.includes(' x 2 vec4 accumulators per invocation'), 'two column quads').toBe(large && P >= SHARED_TWO_QUADS);
      }
      // Which form runs: the runtime compiles the subgroup form only where subgroups have 8
      // invocations, the GPU forms only on a hardware GPU (or where told to).
      for (const dev of [gpu, plain, gpuForms]) {
        const [compiled] = await compileKernels(dev.device, [kernel]);
        const withShared = shared && fixedSubgroupSize(dev.device) === SUBGROUP;
        const withGpu = dev === gpuForms;
        expect(compiled!.variants.map((v) => v.when)).toEqual(whens.filter((w) => ('gpu' in w ? withGpu : 'subgroupSize' in w ? withShared : true)));
        const big = pick(compiled!, new Map([['N', 70]])).pipeline;
        const at70 = (withGpu && compiled!.variants.find((v) => 'gpu' in v.when)) || (withShared && compiled!.variants.find((v) => 'subgroupSize' in v.when && !('dim' in v.when))) || compiled!;
        expect(big).toBe(at70.pipeline);
        if (smallShared && withShared) {
          const sixteen = compiled!.variants.find((v) => 'subgroupSize' in v.when && 'dim' in v.when)!;
          expect(pick(compiled!, new Map([['N', 9]])).pipeline).toBe(sixteen.pipeline);
          expect(pick(compiled!, new Map([['N', SHARED_SMALL_BATCH + 1]])).pipeline).not.toBe(sixteen.pipeline);
        }
        // At batch 1 the small-batch form wins over the subgroup one (it comes first).
        if (small) expect(pick(compiled!, new Map([['N', 1]])).pipeline).toBe(compiled!.variants[0]!.pipeline);
      }
      for (const dev of [gpu, plain, gpuForms]) {
        const runner = await ModuleRunner.create(dev.device, mod);
        try {
          for (const [k, batch] of c.batches.entries()) {
            const feed = new Map<string, NDArray>();
            leaves.forEach((n, j) => {
              const shape = n.type.shape.map((d) => (typeof d === 'number' ? d : batch));
              feed.set((n.attrs as { name: string }).name, { shape, data: randomArray(shape.reduce((p, q) => p * q, 1), 10 * k + j + 1) });
            });
            const [want] = evaluate([out], { inputs: feed, params: new Map() }, 'f32');
            const got = await runner.run('predict', Object.fromEntries([...feed].map(([name, v]) => [name, { data: v.data as Float32Array, shape: v.shape }])));
            expectClose(got['y']!.data, want!.data, c.tol ?? 1e-5, c.tol ?? 1e-5, `${c.name} batch ${batch}${dev === plain ? ' (no subgroups)' : dev === gpuForms ? ' (GPU forms)' : ''}`);
          }
        } finally {
          runner.destroy();
        }
      }
    });
  }
});
