// Training is reproducible: the same file and seed give bit-identical weights (through the CLI, and
// on the GPU with Dropout, whose masks come from the seed and the step counter); another seed
// gives other weights.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDevice } from '../../runtime/device.js';
import { readSafetensors } from '../../runtime/safetensors.js';
import { train } from '../../runtime/trainer.js';
import type { Dataset, TrainOptions } from '../../runtime/train-types.js';
import { nnc, userStderr } from '../helpers/cli.js';
import { testDevice } from '../helpers/gpu.js';
import { build, gpuEngine, uniform } from './engines.js';

const dir = mkdtempSync(join(tmpdir(), 'nnc-determinism-'));
let gpu: OpenedDevice;
beforeAll(async () => {
  gpu = await testDevice();
});
afterAll(() => {
  gpu?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const bytesOf = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function trainXor(out: string, ...extra: string[]): string {
  const r = nnc(['train', 'dsl-examples/xor.nn', '--save', out, '--backend', 'webgpu', ...extra]);
  expect(r.code, `nnc train failed:\n${userStderr(r.stderr)}${r.stdout}`).toBe(0);
  return r.stdout;
}

/** The printed predictions, "  [0, 1] -> 0.9936", as [[inputs], output]. */
function predictions(stdout: string): [number[], number][] {
  return [...stdout.matchAll(/^\s+\[([^\]]*)\] -> (\S+)$/gm)].map((m) => [m[1]!.split(',').map(Number), Number(m[2])]);
}

describe('nnc train dsl-examples/xor.nn', () => {
  it('gives bit-identical weights twice, predicts XOR, and other weights with another --seed', () => {
    const a = join(dir, 'a.safetensors');
    const b = join(dir, 'b.safetensors');
    const c = join(dir, 'c.safetensors');
    const outA = trainXor(a);
    const outB = trainXor(b);
    const bytesA = readFileSync(a);
    expect(Buffer.compare(bytesA, readFileSync(b)), 'two runs with the same seed wrote different files').toBe(0);
    // The printed losses and predictions too (the timings may differ).
    const figures = (out: string) => [...out.matchAll(/loss: (\S+)|-> (\S+)/g)].map((m) => m[0]);
    expect(figures(outA).length).toBe(104);
    expect(figures(outB)).toEqual(figures(outA));

    const preds = predictions(outA);
    expect(preds.map(([x]) => x)).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
    expect(preds.map(([, y]) => Math.round(y))).toEqual([0, 1, 1, 0]);

    trainXor(c, '--seed', '8', '--quiet');
    const ta = readSafetensors(bytesA);
    const tc = readSafetensors(readFileSync(c));
    expect([...tc.keys()]).toEqual([...ta.keys()]);
    for (const [name, t] of ta) {
      const other = tc.get(name)!.data;
      // Biases start at zero whatever the seed, but training moves them differently too.
      expect(t.data.some((v, i) => v !== other[i]), `${name} differs with --seed 8`).toBe(true);
    }
  });
});

const dropoutModel = `
version 1
model drop {
  input x: [N, 4]
  layers {
    h   = Dense(16, activation = relu)
    Dropout(0.5)
    g   = Dense(8, activation = tanh)
    Dropout(0.3)
    out = Dense(1)
  }
}
train drop {
  data      = inline(x = [[0, 0, 0, 0]], y = [[0]])
  loss      = mse
  optimizer = adam(lr = 0.01)
  batch     = 6
  epochs    = 3
  seed      = 5
}
`;

function regression(rows: number): Dataset {
  const r = uniform(77);
  const features = Float32Array.from({ length: rows * 4 }, () => 2 * r() - 1);
  const targets = Float32Array.from({ length: rows }, (_, i) => Math.sin(3 * features[i * 4]!) - features[i * 4 + 2]! * features[i * 4 + 3]!);
  return { rows, features, featureShape: [4], targets, targetShape: [1] };
}

describe('Dropout on the GPU', () => {
  const data = regression(20);
  const opts: TrainOptions = { epochs: 3, batch: 6, seed: 5, shuffle: false, validation: null, earlyStopping: null };

  /** Weights after training from `seed`'s graph (dropout masks) and the initial weights of seed 5. */
  async function trained(seed: number): Promise<Map<string, Float32Array>> {
    const b = build(dropoutModel, seed);
    const init = build(dropoutModel, 5).initial;
    const e = await gpuEngine(gpu.device, b);
    try {
      e.setState(init);
      await train(e, data, { ...opts, seed });
      return await e.getState();
    } finally {
      e.destroy();
    }
  }

  it('trains to bit-identical weights and state with the same seed, to other weights with another', async () => {
    const first = await trained(5);
    const second = await trained(5);
    expect(first.get('optimizer.step')).toEqual(Float32Array.of(12));
    for (const [name, v] of first) {
      expect(v.every(Number.isFinite), `${name} is finite`).toBe(true);
      expect(Buffer.compare(bytesOf(v), bytesOf(second.get(name)!)), `${name} differs between two runs with the same seed`).toBe(0);
    }
    // Rows in file order and the same initial weights: only the dropout masks depend on the seed.
    const other = await trained(6);
    for (const name of ['h.kernel', 'g.kernel', 'out.kernel']) {
      expect(first.get(name)!.some((v, i) => v !== other.get(name)![i]), `${name} differs with another dropout seed`).toBe(true);
    }
  });

  it('retrains to the same bits after setState puts back the initial weights, step and optimizer state', async () => {
    const b = build(dropoutModel, 5);
    const e = await gpuEngine(gpu.device, b);
    try {
      await train(e, data, opts);
      const once = await e.getState();
      const reset = new Map([...once].map(([n, v]) => [n, b.initial.get(n) ?? new Float32Array(v.length)]));
      e.setState(reset);
      await train(e, data, opts);
      const twice = await e.getState();
      for (const [name, v] of once) {
        expect(Buffer.compare(bytesOf(v), bytesOf(twice.get(name)!)), `${name} differs after a reset`).toBe(0);
      }
    } finally {
      e.destroy();
    }
  });
});
