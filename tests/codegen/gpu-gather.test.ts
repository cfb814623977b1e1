// The device-side batch gather: a training set uploaded once, each step gathering its rows from the
// epoch's shuffled order on the GPU, trains exactly as batches gathered on the CPU and uploaded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateModule } from '../../compiler/codegen/codegen.js';
import type { OpenedDevice } from '../../runtime/device.js';
import { GpuEngine } from '../../runtime/gpu-engine.js';
import { epochOrder } from '../../runtime/shuffle.js';
import { train } from '../../runtime/trainer.js';
import type { StepEngine } from '../../runtime/train-types.js';
import type { Dataset } from '../../runtime/train-types.js';
import { testDevice } from '../helpers/gpu.js';
import { build, uniform } from '../training/engines.js';

let gpu: OpenedDevice;
beforeAll(async () => {
  gpu = await testDevice();
});
afterAll(() => gpu?.destroy());

const source = `
version 1
model m {
  input x: [N, 6]
  layers {
    h   = Dense(10, activation = relu)
    bn  = BatchNorm()
    Dropout(0.2)
    out = Dense(3, activation = softmax)
  }
}
train m {
  data      = inline(x = [[0, 0, 0, 0, 0, 0]], y = [0])
  loss      = sparse_categorical_crossentropy
  metrics   = [accuracy]
  optimizer = adam(lr = 0.01)
  batch     = 8
  epochs    = 1
  seed      = 2
}
`;

function dataset(rows: number, seed: number): Dataset {
  const r = uniform(seed);
  return {
    rows,
    features: Float32Array.from({ length: rows * 6 }, () => 2 * r() - 1),
    featureShape: [6],
    targets: Int32Array.from({ length: rows }, () => Math.floor(r() * 3)),
    targetShape: [],
  };
}

/** The engine without its resident-data methods: the trainer then gathers on the CPU. */
function cpuGathering(e: GpuEngine): StepEngine {
  return {
    metricNames: e.metricNames,
    weightNames: e.weightNames,
    trainStep: (f, t, n) => e.trainStep(f, t, n),
    readTotals: () => e.readTotals(),
    resetTotals: () => e.resetTotals(),
    evaluate: (d, b) => e.evaluate(d, b),
    getState: () => e.getState(),
    setState: (s) => e.setState(s),
  };
}

describe('GpuEngine with resident training data', () => {
  it('the trainer gathers on the device when it can, with the same history and weights as on the CPU', async () => {
    const b = build(source, 9);
    const mod = generateModule(b.graphs);
    const data = dataset(37, 5);
    const opts = { epochs: 3, batch: 8, seed: 4, shuffle: true, validation: dataset(11, 6), earlyStopping: null };
    const cpu = await GpuEngine.create(gpu.device, mod);
    const dev = await GpuEngine.create(gpu.device, mod);
    try {
      cpu.setState(b.initial);
      dev.setState(b.initial);
      const rowsCalls: number[] = [];
      const trainStepRows = dev.trainStepRows.bind(dev);
      dev.trainStepRows = (start, n) => {
        rowsCalls.push(n);
        trainStepRows(start, n);
      };
      const hc = await train(cpuGathering(cpu), data, opts);
      const hd = await train(dev, data, opts);
      expect(rowsCalls).toEqual(Array.from({ length: 3 }, () => [8, 8, 8, 8, 5]).flat());
      expect(hd).toEqual(hc);
      const sc = await cpu.getState();
      const sd = await dev.getState();
      for (const [name, v] of sc) expect(Array.from(sd.get(name)!), name).toEqual(Array.from(v));
      // Released after training: another step on resident rows has nothing to gather from.
      expect(() => dev.trainStepRows(0, 1)).toThrow(/needs resident data/);
    } finally {
      cpu.destroy();
      dev.destroy();
    }
  });

  it('trainStepRows (gathered on the GPU) equals trainStep (gathered on the CPU)', async () => {
    const b = build(source, 9);
    const mod = generateModule(b.graphs);
    const rows = 29;
    const data = dataset(rows, 4);
    const cpu = await GpuEngine.create(gpu.device, mod);
    const dev = await GpuEngine.create(gpu.device, mod);
    try {
      cpu.setState(b.initial);
      dev.setState(b.initial);
      expect(dev.setResidentData(data)).toBe(true);
      for (const epoch of [1, 2]) {
        const order = epochOrder(rows, 3, epoch);
        dev.setRowOrder(order);
        for (let start = 0; start < rows; start += 8) {
          const n = Math.min(8, rows - start);
          const x = new Float32Array(n * 6);
          const y = new Int32Array(n);
          for (let i = 0; i < n; i++) {
            const row = order[start + i]!;
            x.set(data.features.subarray(row * 6, row * 6 + 6), i * 6);
            y[i] = (data.targets as Int32Array)[row]!;
          }
          cpu.trainStep(x, y, n);
          dev.trainStepRows(start, n);
        }
      }
      const tc = await cpu.readTotals();
      const td = await dev.readTotals();
      expect(td.count).toBe(tc.count);
      expect(td.loss).toBe(tc.loss);
      const sc = await cpu.getState();
      const sd = await dev.getState();
      for (const [name, v] of sc) expect(Array.from(sd.get(name)!), name).toEqual(Array.from(v));
      expect(() => dev.trainStepRows(25, 8)).toThrow(/outside the 29 resident rows/);
    } finally {
      cpu.destroy();
      dev.destroy();
    }
  });
});
