// Soak: 300 short epochs of a small model on the GPU through the real trainer (shuffling,
// validation, early-stopping bookkeeping, progress reads, the divergence flag). Live GPU buffers
// and bind groups must not grow per step or per epoch, and neither must the JS heap (measured
// after a full GC) nor, beyond allocator noise, the process's RSS. The figures are printed.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateModule } from '../../compiler/codegen/codegen.js';
import type { OpenedDevice } from '../../runtime/device.js';
import { GpuEngine } from '../../runtime/gpu-engine.js';
import { splitValidation, train } from '../../runtime/trainer.js';
import type { Dataset } from '../../runtime/train-types.js';
import { testDevice } from '../helpers/gpu.js';
import { build, uniform } from '../training/engines.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let gpu: OpenedDevice;
beforeAll(async () => {
  gpu = await testDevice();
});
afterAll(() => gpu?.destroy());

const MODEL = `model soak {
  input x: [N, 6]
  layers {
    Dense(16, activation = relu)
    Dropout(0.1)
    Dense(3, activation = softmax)
  }
}
train soak {
  data      = inline(x = [[0, 0, 0, 0, 0, 0]], y = [[0]])
  loss      = sparse_categorical_crossentropy
  metrics   = [accuracy]
  optimizer = adam(lr = 0.01)
}
`;

/** Counts live buffers and bind groups made on `device` (wrapping its factory methods). */
function instrument(device: GPUDevice): { live(): number; created(): number; bindGroups(): number } {
  let live = 0;
  let created = 0;
  let groups = 0;
  const createBuffer = device.createBuffer.bind(device);
  const createBindGroup = device.createBindGroup.bind(device);
  device.createBuffer = (desc: GPUBufferDescriptor): GPUBuffer => {
    const b = createBuffer(desc);
    live++;
    created++;
    const destroy = b.destroy.bind(b);
    let gone = false;
    b.destroy = (): undefined => {
      if (!gone) live--;
      gone = true;
      return destroy();
    };
    return b;
  };
  device.createBindGroup = (desc: GPUBindGroupDescriptor): GPUBindGroup => {
    groups++;
    return createBindGroup(desc);
  };
  return { live: () => live, created: () => created, bindGroups: () => groups };
}

interface Sample {
  readonly epoch: number;
  readonly rss: number;
  readonly heap: number;
  readonly live: number;
  readonly bindGroups: number;
}

const MB = 1024 * 1024;

describe('soak', () => {
  it('300 epochs on the GPU: flat buffer counts, heap and RSS', async () => {
    const epochs = 300;
    const r = uniform(3);
    const rows = 60;
    const features = Float32Array.from({ length: rows * 6 }, () => r() * 2 - 1);
    const targets = Int32Array.from({ length: rows }, (_, i) => (features[i * 6]! + features[i * 6 + 1]! > 0 ? (features[i * 6 + 2]! > 0 ? 2 : 1) : 0));
    const all: Dataset = { rows, features, featureShape: [6], targets, targetShape: [] };
    const { train: data, validation } = splitValidation(all, 0.2, 3);
    const counts = instrument(gpu.device);
    const b = build(MODEL, 3);
    const engine = await GpuEngine.create(gpu.device, generateModule(b.graphs));
    engine.setState(b.initial);
    const samples: Sample[] = [];
    const sample = (epoch: number): void => {
      gc();
      samples.push({ epoch, rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed, live: counts.live(), bindGroups: counts.bindGroups() });
    };
    const t0 = performance.now();
    const history = await train(
      engine,
      data,
      {
        epochs,
        batch: 16, // 3 steps: 2 full batches and a short one (two batch sizes, two bind-group sets)
        seed: 3,
        shuffle: true,
        validation,
        earlyStopping: { monitor: 'val_loss', patience: epochs, minDelta: 0, restoreBest: true },
        callbacks: {
          onBatchEnd: () => undefined, // progress reads, as the CLI's progress bar makes them (at most every 100 ms)
          onEpochEnd: (e) => {
            if (e.epoch === 20 || e.epoch % 50 === 0) sample(e.epoch);
          },
        },
      },
    );
    const seconds = (performance.now() - t0) / 1000;
    engine.destroy();
    const after = counts.live();
    expect(history.epochs).toBe(epochs);
    const first = samples[0]!;
    const last = samples[samples.length - 1]!;
    const fmt = (s: Sample): string =>
      `epoch ${s.epoch}: RSS ${(s.rss / MB).toFixed(1)} MB, heap ${(s.heap / MB).toFixed(2)} MB, ${s.live} live GPU buffers, ${s.bindGroups} bind groups made`;
    console.log(
      [`soak: ${epochs} epochs x ${Math.ceil(data.rows / 16)} steps on the GPU in ${seconds.toFixed(1)} s (${counts.created()} buffers created in all, staging included)`, ...samples.map(fmt), `after engine.destroy(): ${after} live GPU buffers`].join('\n  '),
    );
    // GPU objects: exactly flat from the first sample on (staging buffers are destroyed after each read).
    for (const s of samples) {
      expect(s.live, fmt(s)).toBe(first.live);
      expect(s.bindGroups, fmt(s)).toBe(first.bindGroups);
    }
    expect(after).toBe(0);
    // JS heap after a full GC: no per-epoch growth (280 epochs would show even 10 KB each as ~3 MB).
    expect(last.heap - first.heap).toBeLessThan(2 * MB);
    // RSS: native allocators keep some slack; a per-step leak of GPU objects shows in the exact counts above; this catches gross native growth.
    expect(last.rss - first.rss).toBeLessThan(64 * MB);
  });
});
