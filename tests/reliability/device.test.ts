// Device faults and limits: a model beyond the adapter's limits (buffer size, storage buffers per
// stage, workgroup storage) fails with a clear message and never hangs; a device destroyed in the
// middle of training makes every wait reject (DeviceLostError), never hang; the CLI turns each into
// one `nnc: error:` line and exits (the device is always destroyed, or the process would not).
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PARAM_ELEMENTS } from '../../compiler/check/context.js';
import { generate, generateModule } from '../../compiler/codegen/codegen.js';
import { newGraph } from '../../compiler/ir/new-graph.js';
import { createDevice, type OpenedDevice } from '../../runtime/device.js';
import { ModuleRunner } from '../../runtime/executor.js';
import { DeviceLostError, GpuEngine } from '../../runtime/gpu-engine.js';
import type { CompiledModule } from '../../runtime/program.js';
import { gpuFault } from '../../cli/gpu-errors.js';
import { root, userStderr } from '../helpers/cli.js';
import { testDevice } from '../helpers/gpu.js';
import { build } from '../training/engines.js';

const BIN = join(root, 'dist', 'cli', 'main.js');
const LOSE_DEVICE = join(import.meta.dirname, 'fixtures', 'lose-device.mjs');
const STACK = /\n\s+at /;

let gpu: OpenedDevice;
let work: string;
beforeAll(async () => {
  gpu = await testDevice();
  work = mkdtempSync(join(tmpdir(), 'nnc-device-'));
});
afterAll(() => {
  gpu?.destroy();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** `p`, or a failure after `ms`: a hang is a test failure, not a stuck run. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} hung for ${ms} ms`)), ms)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function nnc(args: readonly string[], cwd: string, nodeArgs: readonly string[] = [], env: Record<string, string> = {}): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...nodeArgs, BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    p.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => p.kill('SIGKILL'), 90_000); // a hang shows as signal SIGKILL
    p.on('error', reject);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr: userStderr(stderr) });
    });
  });
}

const bufferLimit = (d: GPUDevice): number => Math.min(d.limits.maxBufferSize, d.limits.maxStorageBufferBindingSize);

describe('models beyond the adapter limits', () => {
  it('a buffer over maxBufferSize / maxStorageBufferBindingSize fails at creation with the sizes named', async () => {
    const limit = bufferLimit(gpu.device);
    const g = newGraph();
    const x = g.leaf('input', { name: 'x' }, { shape: ['N', 1], dtype: 'f32' });
    const w = g.leaf('param', { name: 'huge', trainable: true }, { shape: [Math.floor(limit / 4) + 1], dtype: 'f32' });
    const mod = generate({ outputs: [{ name: 'y', node: g.node('mul', [x, w], {}) }] });
    const err = await within(ModuleRunner.create(gpu.device, mod), 30_000, 'ModuleRunner.create').catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(new RegExp(`^buffer 'huge' needs ${4 * (Math.floor(limit / 4) + 1)} bytes, more than this device allows \\(maxBufferSize \\d+, maxStorageBufferBindingSize \\d+\\)$`));
    expect(gpuFault(err, '(m)')!.message.split('\n')).toHaveLength(1);
    // The device is still usable afterwards.
    const ok = generate({ outputs: [{ name: 'y', node: g.node('relu', [x], {}) }] });
    const runner = await ModuleRunner.create(gpu.device, ok);
    expect((await runner.run('predict', { x: { data: Float32Array.of(-1, 2), shape: [2, 1] } }))['y']!.data).toEqual(Float32Array.of(0, 2));
    runner.destroy();
  });

  it('nnc train of a model beyond the limit prints one line and exits 1, before initializing any weight', async () => {
    const limit = bufferLimit(gpu.device);
    const features = 64;
    const units = Math.ceil(limit / 4 / features) + 1;
    const overCap = units * features > MAX_PARAM_ELEMENTS; // then the checker refuses it first
    const row = `[${Array.from({ length: features }, () => 0).join(', ')}]`;
    writeFileSync(
      join(work, 'big.nn'),
      `model big {\n  input x: [N, ${features}]\n  layers {\n    Dense(${units})\n  }\n}\ntrain big {\n  data = inline(x = [${row}], y = [[0]])\n  loss = sparse_categorical_crossentropy\n  optimizer = sgd()\n}\n`,
    );
    const r = await nnc(['train', 'big.nn', '--backend', 'webgpu', '-q', '--save', 'w.safetensors'], work);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).not.toMatch(STACK);
    const lines = r.stderr.trimEnd().split('\n');
    if (overCap) expect(lines[0]).toMatch(/^big\.nn:4:5: error: parameter 'dense\.kernel' of shape/);
    else {
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^nnc: error: the model does not fit this GPU \(big\): buffer '[\w.]+' needs \d+ bytes, more than this device allows \(maxBufferSize \d+, maxStorageBufferBindingSize \d+\); try a smaller batch or model, or --backend cpu$/);
    }
  });

  it('more storage buffers per kernel than the device allows: a clear error, not a GPU validation failure', async () => {
    const n = gpu.device.limits.maxStorageBuffersPerShaderStage + 1;
    const mod: CompiledModule = {
      symbols: [],
      buffers: Array.from({ length: n }, (_, i) => ({ name: `b${i}`, dtype: 'f32' as const, shape: [4], role: 'state' as const })),
      kernels: [
        {
          name: 'k_wide',
          implements: [],
          wgsl: '// never compiled: validation comes first',
          entryPoint: 'main',
          bindings: Array.from({ length: n }, (_, i) => ({ name: `v${i}`, buffer: `b${i}`, access: i === n - 1 ? ('read_write' as const) : ('read' as const) })),
          dispatch: { kind: 'linear', threads: [4], workgroupSize: 4 },
        },
      ],
      programs: { predict: { inputs: [], outputs: [{ name: 'y', buffer: `b${n - 1}` }], steps: [0] } },
    };
    const err = await within(ModuleRunner.create(gpu.device, mod), 30_000, 'ModuleRunner.create').catch((e: unknown) => e as Error);
    expect(err.message).toBe(
      `invalid compiled module:\n  kernel 'k_wide' binds ${n} storage buffers, more than this device's maxStorageBuffersPerShaderStage (${n - 1})`,
    );
    expect(gpuFault(err, '(m)')!.message).toBe(
      `the model does not fit this GPU (m): invalid compiled module: kernel 'k_wide' binds ${n} storage buffers, more than this device's maxStorageBuffersPerShaderStage (${n - 1}); try a smaller batch or model, or --backend cpu`,
    );
  });

  it('more workgroup storage than maxComputeWorkgroupStorageSize: the pipeline fails with the sizes named', async () => {
    const limit = gpu.device.limits.maxComputeWorkgroupStorageSize;
    const k = limit / 4 + 16;
    const wgsl = `struct Dims { unused: u32, }
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
var<workgroup> tile: array<f32, ${k}>;
@compute @workgroup_size(64)
fn main(@builtin(local_invocation_index) li: u32) {
  tile[li] = 1.0;
  workgroupBarrier();
  out[li] = tile[${k - 1}u - li];
}`;
    const mod: CompiledModule = {
      symbols: [],
      buffers: [{ name: 'o', dtype: 'f32', shape: [64], role: 'state' }],
      kernels: [{ name: 'k_big_tile', implements: [], wgsl, entryPoint: 'main', bindings: [{ name: 'out', buffer: 'o', access: 'read_write' }], dispatch: { kind: 'linear', threads: [64], workgroupSize: 64 } }],
      programs: { predict: { inputs: [], outputs: [{ name: 'y', buffer: 'o' }], steps: [0] } },
    };
    const err = await within(ModuleRunner.create(gpu.device, mod), 30_000, 'ModuleRunner.create').catch((e: unknown) => e as Error);
    expect(err.message).toMatch(/^kernel 'k_big_tile': /);
    expect(err.message).toMatch(new RegExp(`${k * 4}|${limit}`));
    const line = gpuFault(err, '(m)');
    expect(line).not.toBeNull();
    expect(line!.message.split('\n')).toHaveLength(1);
  });
});

const XOR = `model xor {
  input x: [N, 2]
  layers {
    Dense(4, activation = tanh)
    Dense(1)
  }
}
train xor {
  data      = inline(x = [[0, 0], [0, 1], [1, 0], [1, 1]], y = [[0], [1], [1], [0]])
  loss      = mse
  optimizer = adam(lr = 0.05)
  batch     = 4
  epochs    = 3
}
`;

describe('a device lost in the middle of a run', () => {
  it('GpuEngine: readTotals, evaluate and getState reject with DeviceLostError instead of hanging', async () => {
    const own = await createDevice();
    const b = build(XOR, 1);
    const engine = await GpuEngine.create(own.device, generateModule(b.graphs));
    engine.setState(b.initial);
    const f = Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1);
    const t = Float32Array.of(0, 1, 1, 0);
    for (let i = 0; i < 5; i++) engine.trainStep(f, t, 4);
    expect((await engine.readTotals()).count).toBe(20);
    for (let i = 0; i < 50; i++) engine.trainStep(f, t, 4);
    own.destroy(); // while 50 steps are queued
    const e1 = await within(engine.readTotals(), 10_000, 'readTotals').catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(DeviceLostError);
    expect((e1 as DeviceLostError).message).toBe('the GPU device was destroyed');
    engine.trainStep(f, t, 4); // queuing more work does not throw synchronously...
    await expect(within(engine.readTotals(), 10_000, 'readTotals')).rejects.toBeInstanceOf(DeviceLostError); // ...and still fails cleanly
    await expect(within(engine.getState(), 10_000, 'getState')).rejects.toBeInstanceOf(DeviceLostError);
    const data = { rows: 4, features: f, featureShape: [2], targets: t, targetShape: [1] };
    await expect(within(engine.evaluate(data, 4), 10_000, 'evaluate')).rejects.toBeInstanceOf(DeviceLostError);
    expect(() => engine.destroy()).not.toThrow();
  });

  it('ModuleRunner.run on a destroyed device rejects instead of hanging', async () => {
    const own = await createDevice();
    const g = newGraph();
    const x = g.leaf('input', { name: 'x' }, { shape: ['N', 2], dtype: 'f32' });
    const runner = await ModuleRunner.create(own.device, generate({ outputs: [{ name: 'y', node: g.node('exp', [x], {}) }] }));
    own.destroy();
    await expect(within(runner.run('predict', { x: { data: Float32Array.of(1, 2), shape: [1, 2] } }), 10_000, 'run')).rejects.toBeDefined();
    runner.destroy();
  });

  it('nnc train: the device destroyed mid-training gives one line naming the last checkpoint, and the process exits', async () => {
    const dir = join(work, 'lost');
    cpSync(join(root, 'tests', 'corpus', 'fixtures'), dir, { recursive: true });
    writeFileSync(join(dir, 'w.safetensors'), 'old weights');
    const r = await nnc(
      ['train', 'clf.nn', '--backend', 'webgpu', '--epochs', '200', '-q', '--checkpoint', 'ck', '--save', 'w.safetensors'],
      dir,
      ['--import', LOSE_DEVICE],
      { NNC_TEST_LOSE_DEVICE_AFTER: '60' },
    );
    expect(r.signal, 'the process hung').toBeNull();
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).not.toMatch(STACK);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^nnc: error: the GPU device was destroyed while training; nothing was saved; the checkpoint of epoch \d+ in 'ck' is intact: continue with 'nnc train clf\.nn --resume ck'$/,
    );
  });
});
