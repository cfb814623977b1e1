// The device's own ceilings, measured in the same run as the model figures they are compared
// with: the f32 multiply-add rate (a kernel of independent vec4 FMA chains, no memory traffic) and
// copy bandwidth (copyBufferToBuffer of a large buffer). Times are wall clock around a submit and
// onSubmittedWorkDone (timestamp queries are optional in WebGPU and absent on lavapipe); each
// figure is the best of several repetitions, since a ceiling is what the device can reach.

const STORAGE = 0x80;
const COPY_SRC = 0x4;
const COPY_DST = 0x8;

export async function timeSubmit(device: GPUDevice, encode: (enc: GPUCommandEncoder) => void): Promise<number> {
  const enc = device.createCommandEncoder();
  encode(enc);
  const t0 = performance.now();
  device.queue.submit([enc.finish()]);
  await device.queue.onSubmittedWorkDone();
  return performance.now() - t0;
}

/** Times one submit of a compute pass that dispatches `pipeline` over `wg` workgroups `times` times. */
export function timeDispatch(device: GPUDevice, pipeline: GPUComputePipeline, group: GPUBindGroup, wg: readonly [number, number, number], times = 1): Promise<number> {
  return timeSubmit(device, (enc) => {
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    for (let i = 0; i < times; i++) pass.dispatchWorkgroups(wg[0], wg[1], wg[2]);
    pass.end();
  });
}

/**
 * The best time per repetition of `run(times)` (it runs something `times` times in one submit)
 * over `reps` submits, with `times` chosen so that a submit lasts about `targetMs`: on a fast GPU
 * one dispatch takes microseconds, less than a submit's own round trip, and a figure timed from
 * one dispatch would measure the driver. A first single run pays for first use; where it already
 * lasts `targetMs` (a CPU adapter) it counts as one of the `reps`.
 */
export async function bestPerRun(run: (times: number) => Promise<number>, reps: number, targetMs = 40, max = 2000): Promise<number> {
  let best = await run(1);
  let times = 1;
  if (best < targetMs) {
    best = Math.min(best, await run(1));
    times = Math.max(1, Math.min(max, Math.ceil(targetMs / Math.max(best, 1e-3))));
  }
  for (let i = times === 1 ? 1 : 0; i < reps; i++) best = Math.min(best, (await run(times)) / times);
  return best;
}

/** The lowest of `reps` timings of `run` (a ceiling is what the device can reach), after an untimed warm-up run if asked. */
export async function bestOf(run: () => Promise<number>, reps: number, warmup: boolean): Promise<number> {
  if (warmup) await run();
  let best = Infinity;
  for (let i = 0; i < reps; i++) best = Math.min(best, await run());
  return best;
}

async function pipelineOf(device: GPUDevice, code: string): Promise<GPUComputePipeline> {
  const module = device.createShaderModule({ code });
  const info = await module.getCompilationInfo();
  const err = info.messages.find((m) => m.type === 'error');
  if (err) throw new Error(`bench shader: ${err.message}`);
  return device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main' } });
}

export interface FmaResult {
  readonly gflops: number;
  readonly ms: number;
  /** The kernel that reached it: vec4 or scalar chains. */
  readonly form: 'vec4' | 'scalar';
}

/**
 * f32 FMA ceiling: each invocation runs independent chains `a = a * m + c` for ITER iterations,
 * unrolled by 4 (loop overhead is significant on CPU drivers), either 8 vec4 chains or 32 scalar
 * ones; the ceiling is the better of the two. On an H100 the vec4 chains reach half the scalar
 * rate (32 against 64 TFLOP/s, the GPU's nominal f32 rate at 1980 MHz); on lavapipe the scalar
 * ones are faster too (68-72 against 53-63 GFLOP/s on a 2-core machine). FLOPs = 2 per lane FMA.
 */
export async function fmaCeiling(device: GPUDevice, reps = 5): Promise<FmaResult> {
  const vec = await fmaForm(device, 'vec4', reps);
  const scalar = await fmaForm(device, 'scalar', reps);
  return vec.gflops >= scalar.gflops ? vec : scalar;
}

async function fmaForm(device: GPUDevice, form: 'vec4' | 'scalar', reps: number): Promise<FmaResult> {
  const ACC = form === 'vec4' ? 8 : 32;
  const lanes = form === 'vec4' ? 4 : 1;
  const T = form === 'vec4' ? 'vec4<f32>' : 'f32';
  const ITER = 512;
  const WG = 64;
  const decl = Array.from({ length: ACC }, (_, j) => `var a${j} = ${T}(f32(gid.x) * ${j + 1}e-9);`).join('\n  ');
  const body = Array.from({ length: 4 }, () => Array.from({ length: ACC }, (_, j) => `a${j} = a${j} * m + c;`).join(' ')).join('\n    ');
  const pick = form === 'vec4' ? '' : '.x';
  const code = `@group(0) @binding(0) var<storage, read_write> io: array<vec4<f32>>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let m = io[0]${pick};
  let c = io[1]${pick};
  ${decl}
  for (var k = 0u; k < ${ITER / 4}u; k++) {
    ${body}
  }
  io[gid.x + 2u] = vec4<f32>(${Array.from({ length: ACC }, (_, j) => `a${j}`).join(' + ')});
}`;
  const pipeline = await pipelineOf(device, code);
  // 512 workgroups keep a CPU adapter busy for tens of milliseconds; a GPU needs far more
  // invocations in flight to reach its rate (an H100 holds about 270,000 at once).
  const measure = async (groups: number): Promise<FmaResult> => {
    const buf = device.createBuffer({ size: (WG * groups + 2) * 16, usage: STORAGE | COPY_DST });
    device.queue.writeBuffer(buf, 0, new Float32Array([0.999999, 0.999998, 0.999997, 0.999996, 1e-7, 1e-7, 1e-7, 1e-7]));
    const group = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: buf } }] });
    const best = await bestPerRun((times) => timeDispatch(device, pipeline, group, [groups, 1, 1], times), reps);
    buf.destroy();
    return { gflops: (WG * groups * ITER * ACC * lanes * 2) / best / 1e6, ms: best, form };
  };
  const small = await measure(512);
  return small.ms >= 5 ? small : measure(32768);
}

export interface CopyResult {
  /** Bytes read plus bytes written per second (STREAM's convention), in GB/s. */
  readonly gbps: number;
  readonly mb: number;
}

/** Copy bandwidth: copyBufferToBuffer of a 64 MiB buffer (128 MiB of traffic per copy). */
export async function copyBandwidth(device: GPUDevice, reps = 5): Promise<CopyResult> {
  const bytes = 64 << 20;
  const a = device.createBuffer({ size: bytes, usage: STORAGE | COPY_SRC | COPY_DST });
  const b = device.createBuffer({ size: bytes, usage: STORAGE | COPY_SRC | COPY_DST });
  const run = (times: number) =>
    timeSubmit(device, (enc) => {
      for (let i = 0; i < times; i++) enc.copyBufferToBuffer(a, 0, b, 0, bytes);
    });
  const best = await bestPerRun(run, reps);
  a.destroy();
  b.destroy();
  return { gbps: (2 * bytes) / best / 1e6, mb: bytes / (1 << 20) };
}

/**
 * Memory traffic through a shader: a kernel copying 64 MiB with one vec4 load and one vec4 store
 * per invocation (read + write bytes per second). Far below copyBufferToBuffer on CPU adapters,
 * where every shader load is a per-lane gather: the cost that bounds matmul there.
 */
export async function shaderCopyBandwidth(device: GPUDevice, reps = 5): Promise<CopyResult> {
  const bytes = 64 << 20;
  const n = bytes / 16;
  const WG = 64;
  const pipeline = await pipelineOf(
    device,
    `@group(0) @binding(0) var<storage, read> src: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> dst: array<vec4<f32>>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  if (i < ${n}u) { dst[i] = src[i]; }
}`,
  );
  const a = device.createBuffer({ size: bytes, usage: STORAGE | COPY_DST });
  const b = device.createBuffer({ size: bytes, usage: STORAGE });
  const group = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: a } },
      { binding: 1, resource: { buffer: b } },
    ],
  });
  const groups = n / WG;
  const x = Math.min(groups, device.limits.maxComputeWorkgroupsPerDimension);
  const best = await bestPerRun((times) => timeDispatch(device, pipeline, group, [x, Math.ceil(groups / x), 1], times), reps);
  a.destroy();
  b.destroy();
  return { gbps: (2 * bytes) / best / 1e6, mb: bytes / (1 << 20) };
}
