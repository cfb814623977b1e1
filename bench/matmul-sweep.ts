// Matmul forms side by side on this machine's adapter: for each shape (the bench's 1024³ and
// 4096³, and the training step's matmuls of the MLP-1024 at batch 1024 and of the MLP-256 at batch
// 128 and 1024), the register-blocked GPU form and tiled forms with several blocks, slab depths and
// rows x columns per invocation, each checked against a CPU reference at sampled outputs before it is timed.
// `node dist/bench/matmul-sweep.js [--only TEXT]` (after `npm run build`; only the shapes whose name
// has TEXT): a tool for choosing the forms' parameters, not part of `npm run bench`.
import { gpuForm, matmulGeometry, matmulMain, chooseMatmulVariant, tiledVariant, type MatmulGeometry, type MatmulVariant, type Tile } from '../compiler/codegen/matmul-kernel.js';
import { createDevice } from '../runtime/device.js';
import { mulberry32 } from '../runtime/shuffle.js';
import { bestPerRun, fmaCeiling, timeDispatch } from './micro.js';

interface Shape {
  readonly name: string;
  readonly geo: MatmulGeometry;
  readonly M: number;
  readonly K: number;
  readonly P: number;
}

const shape = (name: string, op: 'matmul' | 'matmul_tn', M: number, K: number, P: number, transB = false): Shape => {
  // matmulGeometry takes B's logical shape [K, P], however it is stored.
  const geo = op === 'matmul' ? matmulGeometry('matmul', [M, K], [K, P], transB) : matmulGeometry('matmul_tn', [K, M], [K, P], false);
  return { name, geo, M, K, P };
};

const SHAPES: Shape[] = [
  shape('1024³', 'matmul', 1024, 1024, 1024),
  shape('4096³', 'matmul', 4096, 4096, 4096),
  shape('MLP-1024 layer 1 [1024,784]@[784,1024]', 'matmul', 1024, 784, 1024),
  shape('MLP-1024 input gradient [1024,1024]@[1024,1024]ᵀ', 'matmul', 1024, 1024, 1024, true),
  shape('MLP-1024 weight gradient [1024,1024]ᵀ@[1024,1024]', 'matmul_tn', 1024, 1024, 1024),
  shape('MLP-256 weight gradient, batch 1024 [1024,784]ᵀ@[1024,256]', 'matmul_tn', 784, 1024, 256),
  shape('MLP-256 layer 1, batch 1024 [1024,784]@[784,256]', 'matmul', 1024, 784, 256),
  shape('MLP-256 weight gradient, batch 128 [128,784]ᵀ@[128,256]', 'matmul_tn', 784, 128, 256),
];

/** Tiles, with the rows (R) and column quads (CQ) each invocation holds (8 and 2 where not given). */
const FORMS: { tile: Tile; R?: number; CQ?: number }[] = [
  { tile: { rows: 64, cols: 64, depth: 16 } },
  { tile: { rows: 64, cols: 128, depth: 16 } },
  { tile: { rows: 128, cols: 128, depth: 8 } },
  { tile: { rows: 128, cols: 128, depth: 16 } },
  { tile: { rows: 64, cols: 128, depth: 16 }, CQ: 4 },
  { tile: { rows: 128, cols: 128, depth: 8 }, CQ: 4 },
  { tile: { rows: 128, cols: 128, depth: 8 }, R: 16 },
  { tile: { rows: 128, cols: 256, depth: 8 }, CQ: 4 },
  { tile: { rows: 256, cols: 128, depth: 8 }, R: 16 },
  { tile: { rows: 64, cols: 64, depth: 16 }, R: 4 },
  { tile: { rows: 32, cols: 64, depth: 16 }, R: 4 },
  { tile: { rows: 64, cols: 64, depth: 16 }, R: 4, CQ: 1 },
  { tile: { rows: 32, cols: 32, depth: 16 }, R: 4, CQ: 1 },
];

function wgsl(s: Shape, v: MatmulVariant): { code: string; wg: [number, number, number] } {
  const arr = (vec: boolean) => (vec ? 'array<vec4<f32>>' : 'array<f32>');
  const src = matmulMain(s.geo, v, 'A', 'B');
  const code = `@group(0) @binding(0) var<storage, read> A: ${arr(v.aVec4)};
@group(0) @binding(1) var<storage, read> B: ${arr(v.bVec4)};
@group(0) @binding(2) var<storage, read_write> Y: array<f32>;
fn epi(row: u32, col: u32, v: f32) { Y[row * ${s.P}u + col] = v; }
${src.main}`;
  const d = src.dispatch;
  if (d.kind !== 'grid') throw new Error('internal: a matmul dispatch is a grid');
  const n = (ax: { dims: readonly (number | string)[]; per: number }) => Math.ceil(ax.dims.reduce<number>((p, x) => p * (x as number), 1) / ax.per);
  return { code, wg: [n(d.x), n(d.y), n(d.z)] };
}

async function main(): Promise<void> {
  const opened = await createDevice();
  const device = opened.device;
  console.log(`adapter: ${opened.adapterName}`);
  const warm = performance.now();
  // Busy first, so the clock is up (see main.ts).
  while (performance.now() - warm < 3000) await fmaCeiling(device, 2);
  const only = process.argv.indexOf('--only');
  for (const s of SHAPES.filter((x) => only < 0 || x.name.includes(process.argv[only + 1]!))) {
    const bits = mulberry32(7);
    const a = Float32Array.from({ length: s.M * s.K }, () => (bits() >>> 8) / 16777216 - 0.5);
    const b = Float32Array.from({ length: s.K * s.P }, () => (bits() >>> 8) / 16777216 - 0.5);
    // Stored layouts: A [M,K] or, transposed, [K,M]; B [K,P] or, transposed, [P,K].
    const aAt = (i: number, t: number) => (s.geo.transA ? a[t * s.M + i]! : a[i * s.K + t]!);
    const bAt = (t: number, j: number) => (s.geo.transB ? b[j * s.K + t]! : b[t * s.P + j]!);
    const buf = (data: Float32Array | number, usage: number) => {
      const size = typeof data === 'number' ? data : data.byteLength;
      const g = device.createBuffer({ size, usage });
      if (typeof data !== 'number') device.queue.writeBuffer(g, 0, data);
      return g;
    };
    const bufA = buf(a, 0x80 | 0x8);
    const bufB = buf(b, 0x80 | 0x8);
    const bufY = buf(4 * s.M * s.P, 0x80 | 0x4 | 0x8);
    const read = device.createBuffer({ size: 4 * s.M * s.P, usage: 0x1 | 0x8 });
    const general = chooseMatmulVariant(s.geo);
    const forms: { label: string; v: MatmulVariant }[] = [{ label: 'register blocks (GPU form)', v: gpuForm(s.geo, general, s.M, false) }];
    for (const { tile: t, R = 8, CQ = 2 } of FORMS) forms.push({ label: `tiled ${t.rows}x${t.cols}, depth ${t.depth}, ${R}x${4 * CQ}`, v: tiledVariant(general, t, R, CQ) });
    const flops = 2 * s.M * s.K * s.P;
    console.log(`\n${s.name}: ${(flops / 1e9).toFixed(2)} GFLOP`);
    for (const f of forms) {
      try {
        const { code, wg } = wgsl(s, f.v);
        const module = device.createShaderModule({ code });
        const err = (await module.getCompilationInfo()).messages.find((m) => m.type === 'error');
        if (err) throw new Error(err.message);
        const pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main' } });
        const group = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [bufA, bufB, bufY].map((buffer, binding) => ({ binding, resource: { buffer } })) });
        const enc = device.createCommandEncoder();
        enc.clearBuffer(bufY);
        const pass = enc.beginComputePass();
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, group);
        pass.dispatchWorkgroups(...wg);
        pass.end();
        enc.copyBufferToBuffer(bufY, 0, read, 0, 4 * s.M * s.P);
        device.queue.submit([enc.finish()]);
        await read.mapAsync(1);
        const y = new Float32Array(read.getMappedRange().slice(0));
        read.unmap();
        let worst = 0;
        const pick = mulberry32(11);
        for (let n = 0; n < 400; n++) {
          const i = n < 4 ? [0, s.M - 1][n % 2]! : pick() % s.M;
          const j = n < 4 ? [0, s.P - 1][n >> 1]! : pick() % s.P;
          let want = 0;
          for (let t = 0; t < s.K; t++) want += aAt(i, t) * bAt(t, j);
          worst = Math.max(worst, Math.abs(y[i * s.P + j]! - want) / (1e-3 + Math.abs(want)));
        }
        const ms = await bestPerRun((times) => timeDispatch(device, pipeline, group, wg, times), 3, 40);
        const ok = worst < 1e-3 ? 'ok' : `WRONG (worst relative error ${worst.toExponential(2)})`;
        console.log(`  ${f.label.padEnd(30)} ${(flops / ms / 1e6).toFixed(0).padStart(7)} GFLOP/s  ${(ms * 1000).toFixed(1).padStart(8)} us  ${wg.join('x').padEnd(10)} ${ok}`);
      } catch (e) {
        console.log(`  ${f.label.padEnd(30)} failed: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    for (const g of [bufA, bufB, bufY, read]) g.destroy();
  }
  opened.destroy();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
