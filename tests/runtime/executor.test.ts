// ModuleRunner on a real device (lavapipe here): hand-written modules checked against JS.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModuleRunner } from '../../runtime/executor.js';
import { hasWebGPU, type OpenedDevice } from '../../runtime/device.js';
import type { CompiledModule } from '../../runtime/program.js';
import { testDevice } from '../helpers/gpu.js';
import { affineModule, chainModule, chainReference, wideModule } from './modules.js';

let gpu: OpenedDevice;
const runners: ModuleRunner[] = [];

beforeAll(async () => {
  gpu = await testDevice();
});
afterAll(() => {
  for (const r of runners) r.destroy();
  gpu?.destroy();
});

async function runner(mod: CompiledModule): Promise<ModuleRunner> {
  const r = await ModuleRunner.create(gpu.device, mod);
  runners.push(r);
  return r;
}

function seq(n: number, f: (i: number) => number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => f(i));
}

describe('device', () => {
  it('names its adapter and carries the adapter limits', () => {
    expect(gpu.adapterName.length).toBeGreaterThan(0);
    expect(gpu.device.limits.maxComputeWorkgroupsPerDimension).toBeGreaterThanOrEqual(65535);
    // Above the WebGPU default of 16384 on every adapter we know.
    expect(gpu.device.limits.maxComputeWorkgroupStorageSize).toBeGreaterThanOrEqual(16384);
  });

  it('hasWebGPU agrees', async () => {
    expect(await hasWebGPU()).toBe(true);
  });
});

describe('ModuleRunner', () => {
  it('runs an elementwise kernel with a symbolic batch', async () => {
    const r = await runner(affineModule());
    const x = seq(6, (i) => i - 2.5);
    const out = await r.run('predict', { x: { data: x, shape: [3, 2] } });
    expect(out.y!.shape).toEqual([3, 2]);
    expect(Array.from(out.y!.data)).toEqual(Array.from(x, (v) => v * 2 + 1));
  });

  it('repeated runs allocate nothing: plans, bind groups and staging buffers are reused', async () => {
    const r = await runner(affineModule());
    const device = gpu.device;
    const make = device.createBuffer.bind(device);
    const makeGroup = device.createBindGroup.bind(device);
    let buffers = 0;
    let groups = 0;
    device.createBuffer = (d) => (buffers++, make(d));
    device.createBindGroup = (d) => (groups++, makeGroup(d));
    try {
      const sizes = [4, 7, 4, 7, 4, 7];
      for (const [i, n] of sizes.entries()) {
        // From the fourth run on, both batch sizes have run on buffers big enough for either.
        if (i === 3) [buffers, groups] = [0, 0];
        const x = seq(2 * n, (j) => j - i);
        const out = await r.run('predict', { x: { data: x, shape: [n, 2] } });
        expect(Array.from(out.y!.data)).toEqual(Array.from(x, (v) => v * 2 + 1));
      }
      expect([buffers, groups]).toEqual([0, 0]);
      // Outputs read while another run is in flight each get their own staging buffer.
      const [a, b] = await Promise.all([1, 2].map((k) => r.run('predict', { x: { data: seq(8, (j) => j * k), shape: [4, 2] } })));
      expect(Array.from(a!.y!.data)).toEqual(Array.from(seq(8, (j) => j * 2 + 1)));
      expect(Array.from(b!.y!.data)).toEqual(Array.from(seq(8, (j) => j * 4 + 1)));
    } finally {
      device.createBuffer = make;
      device.createBindGroup = makeGroup;
    }
  });

  it('runs batch 3, then 5, then 3 again on the same runner', async () => {
    const r = await runner(affineModule());
    for (const n of [3, 5, 3, 1]) {
      const x = seq(2 * n, (i) => i * 0.25 + n);
      const out = await r.run('predict', { x: { data: x, shape: [n, 2] } });
      expect(out.y!.shape).toEqual([n, 2]);
      expect(Array.from(out.y!.data)).toEqual(Array.from(x, (v) => v * 2 + 1));
    }
  });

  it('handles an empty batch by skipping the dispatch', async () => {
    const r = await runner(affineModule());
    const out = await r.run('predict', { x: { data: new Float32Array(0), shape: [0, 2] } });
    expect(out.y!.shape).toEqual([0, 2]);
    expect(out.y!.data.length).toBe(0);
  });

  it('keeps overlapping runs apart', async () => {
    const r = await runner(affineModule());
    const xs = [2, 7, 4].map((n) => seq(2 * n, (i) => i + 10 * n));
    const outs = await Promise.all(xs.map((x) => r.run('predict', { x: { data: x, shape: [x.length / 2, 2] } })));
    outs.forEach((o, k) => expect(Array.from(o.y!.data)).toEqual(Array.from(xs[k]!, (v) => v * 2 + 1)));
  });

  it('chains kernels through temps, with params, a const, state and a grid dispatch', async () => {
    const r = await runner(chainModule());
    const w = [2, -0.5];
    const m = [1, 2, 3, -1, 0.5, 0.25];
    r.setTensor('w', Float32Array.from(w));
    r.setTensor('m', Float32Array.from(m));
    for (const n of [5, 19]) {
      const x = seq(2 * n, (i) => Math.sin(i) * 3);
      const out = await r.run('predict', { x: { data: x, shape: [n, 2] } });
      const want = chainReference(x, w, m);
      expect(out.z!.shape).toEqual([n, 2]);
      expect(out.p!.shape).toEqual([n, 3]);
      expect(Array.from(out.z!.data)).toEqual(want.z.map(Math.fround));
      Array.from(out.p!.data).forEach((v, i) => expect(v).toBeCloseTo(want.p[i]!, 5));
    }
    // The state counter ran once per run, in a kernel that never reads `dims`.
    expect(Array.from(await r.readTensor('c'))).toEqual([2, 2, 2, 2]);
    expect(Array.from(await r.readTensor('b'))).toEqual([0.5, -1]);
    expect(Array.from(await r.readTensor('w'))).toEqual(w);
    expect((await r.readTensor('t')).length).toBe(38); // temps hold the last run's values
  });

  it('spreads a dispatch over y when x would pass the device limit (i32 in and out)', async () => {
    const r = await runner(wideModule());
    const n = 70_000;
    expect(n).toBeGreaterThan(gpu.device.limits.maxComputeWorkgroupsPerDimension);
    const a = Int32Array.from({ length: n }, (_, i) => (i % 1000) - 500);
    const out = await r.run('predict', { a: { data: a, shape: [n] } });
    expect(out.out!.data).toBeInstanceOf(Int32Array);
    const want = Int32Array.from(a, (v, i) => v * 3 + i);
    const firstBad = out.out!.data.findIndex((v, i) => v !== want[i]);
    expect(firstBad).toBe(-1);
  });
});

describe('ModuleRunner errors', () => {
  it('names the input and both shapes on a shape mismatch', async () => {
    const r = await runner(affineModule());
    await expect(r.run('predict', { x: { data: new Float32Array(12), shape: [4, 3] } })).rejects.toThrow(
      "input 'x' has shape [4, 3] but the model expects [N, 2]",
    );
    await expect(r.run('predict', { x: { data: new Float32Array(7), shape: [4, 2] } })).rejects.toThrow(/8 values\) but 7 values/);
    await expect(r.run('predict', {})).rejects.toThrow("missing input 'x'");
    await expect(r.run('predict', { x: { data: new Float32Array(2), shape: [1, 2] }, q: { data: new Float32Array(1), shape: [1] } })).rejects.toThrow(/unknown input 'q'/);
    await expect(r.run('predict', { x: { data: new Int32Array(2), shape: [1, 2] } })).rejects.toThrow(/pass a Float32Array, not a Int32Array/);
    // Still usable after refused runs.
    const out = await r.run('predict', { x: { data: Float32Array.from([1, 2]), shape: [1, 2] } });
    expect(Array.from(out.y!.data)).toEqual([3, 5]);
  });

  it('validates setTensor and readTensor', async () => {
    const r = await runner(chainModule());
    expect(() => r.setTensor('w', new Float32Array(3))).toThrow(/'w' has shape \[2\] \(2 values\), got 3 values/);
    expect(() => r.setTensor('t', new Float32Array(2))).toThrow(/temp buffer/);
    expect(() => r.setTensor('b', new Float32Array(2))).toThrow(/const buffer/);
    expect(() => r.setTensor('nope', new Float32Array(2))).toThrow(/no buffer 'nope'/);
    await expect(r.readTensor('z')).rejects.toThrow(/before a run/);
  });

  it('reports a WGSL compile error with the kernel name', async () => {
    const good = affineModule();
    const bad: CompiledModule = {
      ...good,
      kernels: [{ ...good.kernels[0]!, name: 'broken_kernel', wgsl: good.kernels[0]!.wgsl.replace('y[i] =', 'y[i] = undeclared +') }],
    };
    await expect(ModuleRunner.create(gpu.device, bad)).rejects.toThrow(/kernel 'broken_kernel': WGSL does not compile:\n\s+\d+:\d+ .*undeclared/);
  });

  it('reports a binding whose access disagrees with the WGSL, with the kernel name', async () => {
    const good = affineModule();
    const k = good.kernels[0]!;
    const bad: CompiledModule = { ...good, kernels: [{ ...k, name: 'wrong_access', bindings: [k.bindings[0]!, { ...k.bindings[1]!, access: 'read' }] }] };
    await expect(ModuleRunner.create(gpu.device, bad)).rejects.toThrow(/kernel 'wrong_access'/);
  });

  it('refuses params with symbolic shapes and unknown buffers before touching the device', async () => {
    const good = chainModule();
    const bad: CompiledModule = {
      ...good,
      buffers: good.buffers.map((b) => (b.name === 'w' ? { ...b, shape: ['N'] } : b)),
      programs: { predict: { ...good.programs.predict, outputs: [{ name: 'q', buffer: 'missing' }] } },
    };
    const err = await ModuleRunner.create(gpu.device, bad).then(
      () => new Error('no error'),
      (e: unknown) => e as Error,
    );
    expect(err.message).toMatch(/buffer 'w': a param buffer must have a fixed shape, got \[N\]/);
    expect(err.message).toMatch(/'q' names unknown buffer 'missing'/);
  });

  it('refuses use after destroy', async () => {
    const r = await ModuleRunner.create(gpu.device, affineModule());
    r.destroy();
    r.destroy();
    await expect(r.run('predict', { x: { data: new Float32Array(2), shape: [1, 2] } })).rejects.toThrow(/destroyed/);
  });
});
