// Model-level figures: training and inference throughput of an MLP with BatchNorm, batch-1
// latency, and large matmuls, all through the public compiler and runtime APIs (the same path as
// `nnc train` and an app's predict).
import { checkFile } from '../compiler/check/check-file.js';
import { initialWeights } from '../compiler/check/init-weights.js';
import { generate, generateModule, type CodegenOptions, type ModuleGraphs } from '../compiler/codegen/codegen.js';
import { newGraph } from '../compiler/ir/new-graph.js';
import { buildTrainingModule } from '../compiler/training/train-graph.js';
import { GpuEngine } from '../runtime/gpu-engine.js';
import { mulberry32 } from '../runtime/shuffle.js';
import { compileKernels, pick } from '../runtime/pipelines.js';
import { sizeOf, type CompiledModule } from '../runtime/program.js';
import { bestPerRun, timeDispatch } from './micro.js';

/** 784 → hidden → hidden → 10, Dense + BatchNorm + ReLU blocks, softmax, sparse CE, Adam. */
export function mlpSource(hidden: number, batch: number): string {
  const zeros = new Array(784).fill(0).join(', ');
  return `version 1
model mlp {
  input x: [N, 784]
  layers {
    d1  = Dense(${hidden})
    bn1 = BatchNorm()
    Activation(relu)
    d2  = Dense(${hidden})
    bn2 = BatchNorm()
    Activation(relu)
    out = Dense(10, activation = softmax)
  }
}
train mlp {
  data      = inline(x = [[${zeros}]], y = [0])
  loss      = sparse_categorical_crossentropy
  optimizer = adam(lr = 0.001)
  batch     = ${batch}
  epochs    = 1
  seed      = 1
}
`;
}

export interface BuiltMlp {
  readonly graphs: ModuleGraphs;
  readonly initial: Map<string, Float32Array>;
}

export function buildMlp(hidden: number, batch: number): BuiltMlp {
  const text = mlpSource(hidden, batch);
  const inference = checkFile({ path: 'mlp.nn', text }, 'inference');
  const model = inference.models[0]!;
  const cfg = { ...inference.trains.get(model.name)!, seed: 1 };
  const training = checkFile({ path: 'mlp.nn', text }, 'training', { seed: 1 }).models[0]!;
  return { graphs: buildTrainingModule(model, training, cfg), initial: initialWeights(model.params, 1) };
}

export function compileMlp(b: BuiltMlp, opts: CodegenOptions = {}): CompiledModule {
  return generateModule(b.graphs, opts);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, c) => a - c);
  return s[Math.floor(s.length / 2)]!;
}

/** Deterministic data: features in [0, 1), labels 0..9 (the runtime's seeded generator). */
function data(rows: number, seed: number): { x: Float32Array; y: Int32Array } {
  const bits = mulberry32(seed);
  const next = () => (bits() >>> 8) / 16777216;
  return { x: Float32Array.from({ length: rows * 784 }, next), y: Int32Array.from({ length: rows }, () => Math.floor(next() * 10)) };
}

export interface TrainFigures {
  readonly samplesPerSecond: number;
  readonly msPerStep: number;
  /** CPU time of the whole process per step (JS, driver and, on a CPU adapter, the kernels). */
  readonly cpuMsPerStep: number;
  readonly submitsPerStep: number;
  readonly kernelsPerStep: number;
  readonly steps: number;
}

/**
 * Training throughput through GpuEngine (what the trainer drives): `steps` steps on distinct
 * batches after `warmup` steps, timed until the loss totals are read back (all work finished).
 * Submits are counted by wrapping the queue's submit during the timed steps.
 */
export async function trainThroughput(device: GPUDevice, b: BuiltMlp, mod: CompiledModule, batch: number, steps: number, warmup = 2, resident = false): Promise<TrainFigures> {
  const engine = await GpuEngine.create(device, mod);
  try {
    engine.setState(b.initial);
    const batches = Math.min(steps + warmup, 8);
    const d = data(batch * batches, 7);
    if (resident) {
      const ok = engine.setResidentData({ rows: batch * batches, features: d.x, featureShape: [784], targets: d.y, targetShape: [] });
      if (!ok) throw new Error('the benchmark data does not fit the device');
      // A shuffled order, as an epoch would have.
      engine.setRowOrder(Uint32Array.from({ length: batch * batches }, (_, i) => (i * 7919) % (batch * batches)));
    }
    const step = (i: number) => {
      const k = i % batches;
      if (resident) engine.trainStepRows(k * batch, batch);
      else engine.trainStep(d.x.subarray(k * batch * 784, (k + 1) * batch * 784), d.y.subarray(k * batch, (k + 1) * batch), batch);
    };
    for (let i = 0; i < warmup; i++) step(i);
    await engine.readTotals();
    const queue = device.queue;
    const submit = queue.submit.bind(queue);
    // run() submits before its first await, so the submits of the steps all happen in this loop.
    const timed = async (n: number) => {
      let submits = 0;
      queue.submit = (cmds: Iterable<GPUCommandBuffer>) => {
        submits++;
        submit(cmds);
      };
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      try {
        for (let i = 0; i < n; i++) step(i);
      } finally {
        queue.submit = submit;
      }
      const totals = await engine.readTotals();
      if (!Number.isFinite(totals.loss)) throw new Error('the benchmark model diverged (loss is not finite)');
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(c0);
      return { n, ms, cpuMs: (cpu.user + cpu.system) / 1000, submits };
    };
    let t = await timed(steps);
    // On a fast GPU the asked-for steps are over in milliseconds: time enough steps to last about
    // a second, so the figure is not the first step's latency and the final readback; and there,
    // where a run is cheap, the median of three runs.
    if (t.ms < 500) {
      const n = Math.min(20000, Math.ceil((steps * 1000) / Math.max(t.ms, 1)));
      const runs = [await timed(n), await timed(n), await timed(n)].sort((a, b) => a.ms - b.ms);
      t = runs[1]!;
    }
    steps = t.n;
    const ms = t.ms;
    const cpu = t.cpuMs;
    const submits = t.submits;
    return {
      samplesPerSecond: (batch * steps) / (ms / 1000),
      msPerStep: ms / steps,
      cpuMsPerStep: cpu / steps,
      submitsPerStep: submits / steps,
      kernelsPerStep: mod.programs.train_step!.steps.length,
      steps,
    };
  } finally {
    engine.destroy();
  }
}

export interface InferFigures {
  /** One prediction at a time, each awaited (upload, kernels, readback in turn). */
  readonly samplesPerSecond: number;
  /** PIPELINE_DEPTH predictions in flight (a server overlapping one's readback with the next upload). */
  readonly pipelinedSamplesPerSecond: number;
  readonly latencyMs: number; // median batch-1 latency
}

const PIPELINE_DEPTH = 4;

/** predict at `batch` rows (results read back each time), and the median batch-1 latency. */
export async function inference(device: GPUDevice, b: BuiltMlp, mod: CompiledModule, batch: number, runs: number, latencyRuns: number): Promise<InferFigures> {
  const engine = await GpuEngine.create(device, mod);
  try {
    engine.setState(b.initial);
    const d = data(batch, 9);
    await engine.predict(d.x, batch);
    const timed = async (n: number) => {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await engine.predict(d.x, batch);
      return performance.now() - t0;
    };
    let ms = await timed(runs);
    // Enough runs to last about half a second on a fast device, and the median of three.
    if (ms < 300) {
      runs = Math.min(5000, Math.ceil((runs * 500) / Math.max(ms, 1)));
      ms = [await timed(runs), await timed(runs), await timed(runs)].sort((a, b) => a - b)[1]!;
    }
    const sps = (batch * runs) / (ms / 1000);
    let issued = 0;
    const t1 = performance.now();
    await Promise.all(
      Array.from({ length: PIPELINE_DEPTH }, async () => {
        while (issued < runs) {
          issued++;
          await engine.predict(d.x, batch);
        }
      }),
    );
    const pipelined = (batch * runs) / ((performance.now() - t1) / 1000);
    const one = d.x.subarray(0, 784);
    for (let i = 0; i < 3; i++) await engine.predict(one, 1);
    const lat: number[] = [];
    for (let i = 0; i < latencyRuns; i++) {
      const t = performance.now();
      await engine.predict(one, 1);
      lat.push(performance.now() - t);
    }
    return { samplesPerSecond: sps, pipelinedSamplesPerSecond: pipelined, latencyMs: median(lat) };
  } finally {
    engine.destroy();
  }
}

export interface MatmulFigures {
  readonly n: number;
  readonly gflops: number;
  readonly variant: string;
}

/**
 * An n x n x n matmul as the compiler emits it, dispatched directly (no upload or readback in the
 * timing): the best of `reps` submits, each of as many dispatches as make it last about 50 ms
 * (one on a CPU adapter).
 */
export async function matmul(device: GPUDevice, n: number, reps: number): Promise<MatmulFigures> {
  const g = newGraph();
  const a = g.leaf('param', { name: 'a', trainable: false }, { shape: [n, n], dtype: 'f32' });
  const w = g.leaf('param', { name: 'w', trainable: false }, { shape: [n, n], dtype: 'f32' });
  const mod = generate({ outputs: [{ name: 'y', node: g.node('matmul', [a, w], {}) }] });
  if (mod.kernels.length !== 1) throw new Error('internal: the matmul benchmark expects one kernel');
  const [k] = await compileKernels(device, mod.kernels);
  const buffers = new Map<string, GPUBuffer>();
  for (const spec of mod.buffers) {
    const size = Math.max(16, 4 * sizeOf(spec.shape, new Map()));
    const buf = device.createBuffer({ size, usage: 0x80 | 0x8 });
    const fill = new Float32Array(size / 4);
    for (let i = 0; i < fill.length; i++) fill[i] = ((i * 7) % 13) / 13 - 0.5;
    device.queue.writeBuffer(buf, 0, fill);
    buffers.set(spec.name, buf);
  }
  const dims = device.createBuffer({ size: 16, usage: 0x40 | 0x8 });
  const group = device.createBindGroup({
    layout: k!.layout,
    entries: [
      { binding: 0, resource: { buffer: dims } },
      ...k!.spec.bindings.map((bd, i) => ({ binding: i + 1, resource: { buffer: buffers.get(bd.buffer)! } })),
    ],
  });
  // The form the runtime would run on this device (the subgroup variant where subgroups have 8
  // invocations, the GPU form on a hardware GPU).
  const form = pick(k!, new Map());
  const when = k!.variants.find((v) => v.pipeline === form.pipeline)?.when;
  const wgsl = k!.spec.variants?.find((v) => v.when === when)?.wgsl ?? k!.spec.wgsl;
  const d = form.dispatch;
  if (d.kind !== 'grid') throw new Error('internal: matmul dispatch is a grid');
  const wg = [d.x, d.y, d.z].map((ax) => Math.ceil(sizeOf(ax.dims, new Map()) / ax.per)) as [number, number, number];
  const best = await bestPerRun((times) => timeDispatch(device, form.pipeline, group, wg, times), reps, 50);
  for (const buf of buffers.values()) buf.destroy();
  dims.destroy();
  const variant = /\/\/ (One row per invocation|\d+ rows x \d+ columns per workgroup)[^\n]*/.exec(wgsl)?.[0].slice(3) ?? '';
  return { n, gflops: (2 * n * n * n) / best / 1e6, variant };
}

/** Device memory of one training step at batch `n`: persistent buffers plus the temps it uses. */
export function trainStepBytes(mod: CompiledModule, n: number): number {
  const bind = new Map(mod.symbols.map((s) => [s, n]));
  const prog = mod.programs.train_step!;
  const used = new Set<string>([...prog.inputs.map((i) => i.buffer)]);
  for (const s of prog.steps) for (const b of mod.kernels[s]!.bindings) used.add(b.buffer);
  for (const u of prog.updates ?? []) used.add(u.from).add(u.to);
  let total = 0;
  for (const b of mod.buffers) {
    if (b.role === 'param' || b.role === 'state' || b.role === 'const' || used.has(b.name)) total += Math.max(4, 4 * sizeOf(b.shape, bind));
  }
  return total;
}
