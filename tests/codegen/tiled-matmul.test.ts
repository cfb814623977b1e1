// The tiled matmul forms' parameters (TILES) on every operand layout, vec4 and scalar loads, with
// partial blocks and a partial last slab, and with column statistics where the form allows them:
// each kernel run directly on the test device (these are GPU forms; lavapipe runs them when asked),
// against sums computed here. Which form a shape gets is tested in matmul.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseMatmulVariant, matmulGeometry, matmulMain, STAT_TILE, TILES, tiledVariant } from '../../compiler/codegen/matmul-kernel.js';
import type { Dim } from '../../compiler/ir/types.js';
import type { OpenedDevice } from '../../runtime/device.js';
import { expectClose, randomArray } from '../helpers/compare.js';
import { testDevice } from '../helpers/gpu.js';

let gpu: OpenedDevice;
beforeAll(async () => {
  gpu = await testDevice();
});
afterAll(() => gpu?.destroy());

describe('tiled matmul forms equal a reference', () => {
  const layouts = [
    { name: 'A @ B', transA: false, transB: false },
    { name: 'Aᵀ @ B', transA: true, transB: false },
    { name: 'A @ Bᵀ', transA: false, transB: true },
  ];
  for (const [form, t] of Object.entries(TILES)) {
    for (const l of layouts) {
      for (const vec of [true, false]) {
        const stats = t.R % STAT_TILE === 0;
        it(`${form} (${t.tile.rows} x ${t.tile.cols}, ${t.R} x ${4 * t.CQ} per invocation): ${l.name}, ${vec ? 'vec4' : 'scalar'} loads${stats ? ', column sums' : ''}`, async () => {
          const [M, K, P] = vec ? [72, 40, 136] : [69, 37, 133];
          const geo = l.transA ? matmulGeometry('matmul_tn', [K, M], [K, P], false) : matmulGeometry('matmul', [M, K], [K, P], l.transB);
          const general = chooseMatmulVariant(geo);
          expect([general.aVec4, general.bVec4]).toEqual([vec, vec]);
          const v = tiledVariant(general, t.tile, t.R, t.CQ);
          const src = matmulMain(geo, v, 'A', 'B', 'epi', stats ? [{ kinds: ['sum'], partials: 'S' }] : undefined);
          const arr = (v4: boolean) => (v4 ? 'array<vec4<f32>>' : 'array<f32>');
          const code = [
            `@group(0) @binding(0) var<storage, read> A: ${arr(v.aVec4)};`,
            `@group(0) @binding(1) var<storage, read> B: ${arr(v.bVec4)};`,
            '@group(0) @binding(2) var<storage, read_write> Y: array<f32>;',
            '@group(0) @binding(3) var<storage, read_write> S: array<f32>;',
            `fn epi(row: u32, col: u32, v: f32)${stats ? ' -> vec4<f32>' : ''} {`,
            `  Y[row * ${P}u + col] = v;`,
            stats ? '  return vec4<f32>(v, 0.0, 0.0, 0.0);' : '  S[0] = S[0];',
            '}',
            src.main,
          ].join('\n');
          const a = randomArray(M * K, 3);
          const b = randomArray(K * P, 4);
          const aAt = (i: number, k: number) => (l.transA ? a[k * M + i]! : a[i * K + k]!);
          const bAt = (k: number, j: number) => (l.transB ? b[j * K + k]! : b[k * P + j]!);
          const want = new Float32Array(M * P);
          for (let i = 0; i < M; i++) for (let j = 0; j < P; j++) for (let k = 0; k < K; k++) want[i * P + j]! += aAt(i, k) * bAt(k, j);
          const tiles = Math.ceil(M / STAT_TILE);
          const sums = new Float32Array(tiles * P);
          for (let i = 0; i < M; i++) for (let j = 0; j < P; j++) sums[Math.floor(i / STAT_TILE) * P + j]! += want[i * P + j]!;
          const device = gpu.device;
          const buf = (data: Float32Array, usage: number) => {
            const g = device.createBuffer({ size: Math.max(16, data.byteLength), usage });
            device.queue.writeBuffer(g, 0, data);
            return g;
          };
          const bufs = [buf(a, 0x80 | 0x8), buf(b, 0x80 | 0x8), buf(new Float32Array(M * P), 0x80 | 0x8 | 0x4), buf(new Float32Array(tiles * P), 0x80 | 0x8 | 0x4)];
          const module = device.createShaderModule({ code });
          const pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main' } });
          const group = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: bufs.map((buffer, binding) => ({ binding, resource: { buffer } })) });
          const d = src.dispatch;
          if (d.kind !== 'grid') throw new Error('a matmul dispatch is a grid');
          const n = (ax: { dims: readonly Dim[]; per: number }) => Math.ceil(ax.dims.reduce<number>((p, x) => p * (x as number), 1) / ax.per);
          const enc = device.createCommandEncoder();
          const pass = enc.beginComputePass();
          pass.setPipeline(pipeline);
          pass.setBindGroup(0, group);
          pass.dispatchWorkgroups(n(d.x), n(d.y), n(d.z));
          pass.end();
          const reads = [bufs[2]!, bufs[3]!].map((src) => {
            const r = device.createBuffer({ size: src.size, usage: 0x1 | 0x8 });
            enc.copyBufferToBuffer(src, 0, r, 0, src.size);
            return r;
          });
          device.queue.submit([enc.finish()]);
          const [y, s] = await Promise.all(
            reads.map(async (r) => {
              await r.mapAsync(1);
              const out = new Float32Array(r.getMappedRange().slice(0));
              r.destroy();
              return out;
            }),
          );
          for (const g of bufs) g.destroy();
          expectClose(y!.subarray(0, M * P), want, 1e-5, 1e-5, `${form} ${l.name}`);
          if (stats) expectClose(s!.subarray(0, tiles * P), sums, 1e-4, 1e-4, `${form} ${l.name} column sums`);
        });
      }
    }
  }
});
