// Weight-only steps (BatchNorm's folded scale and shift) run once per change of the weights they
// read: a second prediction skips them and still matches the interpreter; setting a weight, or a
// training step that updates weights, makes exactly the affected steps run again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateModule } from '../../compiler/codegen/codegen.js';
import { evaluate } from '../../compiler/interp/interpreter.js';
import type { NDArray } from '../../compiler/interp/ndarray.js';
import type { OpenedDevice } from '../../runtime/device.js';
import { ModuleRunner } from '../../runtime/executor.js';
import { weightOnlySteps } from '../../runtime/weight-cache.js';
import { buildMlp } from '../../bench/models.js';
import { expectClose, randomArray } from '../helpers/compare.js';
import { testDevice } from '../helpers/gpu.js';

let gpu: OpenedDevice;
beforeAll(async () => {
  gpu = await testDevice();
});
afterAll(() => gpu?.destroy());

/** Counts dispatches encoded on the device from now on (the WebGPU calls themselves, unchanged). */
function countDispatches(device: GPUDevice): { readonly count: () => number; readonly restore: () => void } {
  const create = device.createCommandEncoder.bind(device);
  let n = 0;
  device.createCommandEncoder = (d?: GPUCommandEncoderDescriptor) => {
    const enc = create(d);
    const begin = enc.beginComputePass.bind(enc);
    enc.beginComputePass = (pd?: GPUComputePassDescriptor) => {
      const pass = begin(pd);
      const dispatch = pass.dispatchWorkgroups.bind(pass);
      pass.dispatchWorkgroups = (x: number, y?: number, z?: number) => {
        n++;
        dispatch(x, y, z);
      };
      return pass;
    };
    return enc;
  };
  return { count: () => n, restore: () => void (device.createCommandEncoder = create) };
}

describe('weight-only steps', () => {
  it('run again only when a weight they read changes, and predictions match the interpreter throughout', async () => {
    const m = buildMlp(24, 6);
    const mod = generateModule(m.graphs);
    const predict = mod.programs.predict!;
    const cached = weightOnlySteps(mod, predict);
    // The folded scale and shift of each of the two BatchNorms.
    expect(cached.length).toBe(2);
    const gamma1 = cached.find((w) => w.reads.includes('bn1.gamma'))!;
    expect(gamma1.reads.some((r) => r.startsWith('bn2.'))).toBe(false);

    const runner = await ModuleRunner.create(gpu.device, mod);
    const counter = countDispatches(gpu.device);
    try {
      const weights = new Map<string, Float32Array>();
      const set = (name: string, data: Float32Array) => {
        weights.set(name, data);
        runner.setTensor(name, data);
      };
      for (const [name, v] of m.initial) set(name, v);
      // Moving statistics away from 0 and 1, so folding them is not the identity; the rest as training starts.
      for (const b of mod.buffers.filter((x) => x.role === 'param' || x.role === 'state')) {
        if (weights.has(b.name)) continue;
        const n = b.shape.reduce<number>((a, d) => a * (d as number), 1);
        if (b.name.endsWith('moving_variance')) set(b.name, randomArray(n, 3, 0.5, 2));
        else if (b.name.endsWith('moving_mean')) set(b.name, randomArray(n, 4, -0.5, 0.5));
        else set(b.name, new Float32Array(n).fill(mod.training!.stateInit?.[b.name] ?? 0));
      }
      const x = randomArray(5 * 784, 9, 0, 1);
      const check = async (what: string): Promise<number> => {
        const before = counter.count();
        const got = await runner.run('predict', { x: { data: x, shape: [5, 784] } });
        const dispatched = counter.count() - before;
        const params = new Map<string, NDArray>([...weights].map(([k, v]) => [k, { shape: mod.buffers.find((b) => b.name === k)!.shape as number[], data: v }]));
        const [want] = evaluate(m.graphs.predict.outputs.map((o) => o.node), { inputs: new Map([['x', { shape: [5, 784], data: x }]]), params }, 'f32');
        expectClose(got[predict.outputs[0]!.name]!.data, want!.data, 1e-4, 1e-6, what);
        return dispatched;
      };
      const all = await check('first prediction');
      expect(all).toBe(predict.steps.length);
      expect(await check('second prediction')).toBe(all - 2);
      expect(await check('third prediction')).toBe(all - 2);
      set('bn1.gamma', randomArray(24, 5, 0.5, 1.5));
      expect(await check('after setting bn1.gamma')).toBe(all - 1);
      expect(await check('then again')).toBe(all - 2);

      // A training step updates both BatchNorms' weights and statistics.
      const spec = mod.training!;
      await runner.run('train_step', {
        [spec.features]: { data: randomArray(6 * 784, 12, 0, 1), shape: [6, 784] },
        [spec.targets]: { data: Int32Array.from({ length: 6 }, (_, i) => i % 10), shape: [6] },
      });
      for (const name of weights.keys()) weights.set(name, (await runner.readTensor(name)) as Float32Array);
      expect(await check('after a training step')).toBe(all);
      expect(await check('and once more')).toBe(all - 2);
    } finally {
      counter.restore();
      runner.destroy();
    }
  });
});
