// Training parity: the generated WGSL train step (GpuEngine) against the reference interpreter
// (InterpEngine) running the same train_step graph. Both start from the same initial weights and
// see the same shuffled batches through the real trainer; after 10 steps every weight and every
// state tensor (BatchNorm moving statistics, optimizer slots, the step counter) agrees, as do the
// loss totals, evaluate() and predict. Models have BatchNorm and Dropout, so the training-mode
// lowering (batch statistics, dropout masks from the step counter) is covered, and an L1 or L2
// penalty, so the regularized loss is too. Every optimizer and every lr schedule appears.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateModule } from '../../compiler/codegen/codegen.js';
import type { OpenedDevice } from '../../runtime/device.js';
import { train } from '../../runtime/trainer.js';
import type { Dataset, TrainOptions } from '../../runtime/train-types.js';
import { testDevice } from '../helpers/gpu.js';
import { build, gpuEngine, interpEngine, uniform, worstError } from './engines.js';

const REL = 1e-3;
const ABS = 1e-5;

let gpu: OpenedDevice;
beforeAll(async () => {
  gpu = await testDevice();
});
afterAll(() => gpu?.destroy());

/** 6 features → Dense(8, relu, l2) → BatchNorm → Dropout → Dense(3, softmax); integer labels. */
const classifier = (optimizer: string): string => `
version 1
model mlp {
  input x: [N, 6]
  layers {
    hidden = Dense(8, activation = relu, l2 = 0.01)
    norm   = BatchNorm(momentum = 0.9)
    drop   = Dropout(0.25)
    out    = Dense(3, activation = softmax)
  }
}
train mlp {
  data      = inline(x = [[0, 0, 0, 0, 0, 0]], y = [0])
  loss      = sparse_categorical_crossentropy
  metrics   = [accuracy]
  optimizer = ${optimizer}
  batch     = 8
  epochs    = 2
  seed      = 11
}
`;

/** 5 features → Dense(6, relu, l1) → BatchNorm → Dropout → Dense(1, sigmoid, l1); 0/1 targets. */
const binary = (optimizer: string): string => `
version 1
model bin {
  input x: [N, 5]
  layers {
    h   = Dense(6, activation = relu, l1 = 0.01)
    bn  = BatchNorm()
    Dropout(0.2)
    out = Dense(1, activation = sigmoid, l1 = 0.005)
  }
}
train bin {
  data      = inline(x = [[0, 0, 0, 0, 0]], y = [[0]])
  loss      = binary_crossentropy
  metrics   = [accuracy, mse]
  optimizer = ${optimizer}
  batch     = 8
  epochs    = 2
  seed      = 4
}
`;

/** `rows` examples of `features` values in [-1, 1); targets from a fixed rule of the features. */
function classes(rows: number, seed: number): Dataset {
  const r = uniform(seed);
  const features = Float32Array.from({ length: rows * 6 }, () => 2 * r() - 1);
  const targets = Int32Array.from({ length: rows }, (_, i) => {
    const f = features.subarray(i * 6, i * 6 + 6);
    const s = [f[0]! + f[1]! - f[2]!, f[3]! - f[0]! + 0.5 * f[4]!, f[5]! - f[1]! + 0.2];
    return s.indexOf(Math.max(...s));
  });
  return { rows, features, featureShape: [6], targets, targetShape: [] };
}

function binaries(rows: number, seed: number): Dataset {
  const r = uniform(seed);
  const features = Float32Array.from({ length: rows * 5 }, () => 2 * r() - 1);
  const targets = Float32Array.from({ length: rows }, (_, i) => {
    const f = features.subarray(i * 5, i * 5 + 5);
    return f[0]! * f[1]! + f[2]! - 0.5 * f[3]! > 0.1 * f[4]! ? 1 : 0;
  });
  return { rows, features, featureShape: [5], targets, targetShape: [1] };
}

interface Case {
  readonly name: string;
  readonly source: string;
  readonly seed: number;
  readonly data: (rows: number, seed: number) => Dataset;
}

// 37 rows in batches of 8: 5 steps per epoch (the last one of 5 rows), 2 epochs = 10 steps.
const cases: Case[] = [
  { name: 'sgd', source: classifier('sgd(lr = 0.1)'), seed: 11, data: classes },
  { name: 'momentum', source: classifier('momentum(lr = 0.05, momentum = 0.9)'), seed: 12, data: classes },
  { name: 'adagrad', source: classifier('adagrad(lr = 0.05)'), seed: 13, data: classes },
  { name: 'rmsprop', source: classifier('rmsprop(lr = 0.01)'), seed: 14, data: classes },
  { name: 'adam', source: classifier('adam(lr = 0.01)'), seed: 15, data: classes },
  { name: 'adamw', source: classifier('adamw(lr = 0.01, weight_decay = 0.05)'), seed: 16, data: classes },
  { name: 'sgd', source: binary('sgd(lr = linear_decay(0.3, 0.03, 6))'), seed: 21, data: binaries },
  { name: 'momentum', source: binary('momentum(lr = exponential_decay(0.1, 0.5, 3), momentum = 0.8)'), seed: 22, data: binaries },
  { name: 'adagrad', source: binary('adagrad(lr = cosine_decay(0.1, 7), initial_accumulator = 0.05)'), seed: 23, data: binaries },
  { name: 'rmsprop', source: binary('rmsprop(lr = linear_decay(0.02, 0.002, 20), rho = 0.8)'), seed: 24, data: binaries },
  { name: 'adam', source: binary('adam(lr = exponential_decay(0.02, 0.7, 2), beta1 = 0.8, beta2 = 0.99)'), seed: 25, data: binaries },
  { name: 'adamw', source: binary('adamw(lr = cosine_decay(0.02, 20), weight_decay = 0.1)'), seed: 26, data: binaries },
];

/** Worst relative error seen per optimizer (printed at the end for the record). */
const worst = new Map<string, number>();
afterAll(() => {
  if (worst.size) console.log(`GPU vs interpreter, worst relative error per optimizer: ${[...worst].map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', ')}`);
});

function expectAgree(what: string, optimizer: string, actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  const w = worstError(actual, expected, REL, ABS);
  worst.set(optimizer, Math.max(worst.get(optimizer) ?? 0, w.rel));
  expect(w.err, `${what}[${w.at}]: gpu ${actual[w.at]}, interpreter ${expected[w.at]}`).toBeLessThanOrEqual(1);
}

describe('training modules compile to WGSL', () => {
  // Regression: after the simplification pass (1d538e2) folded the penalty's upstream gradient
  // l * 1 into a scalar constant, the sum's VJP reshaped that constant; scalar constants are
  // inlined and get no buffer, so codegen's view op (reshape) had no buffer to alias and
  // generateModule threw "Cannot read properties of undefined (reading 'replace')".
  for (const reg of ['l2 = 0.01', 'l1 = 0.01']) {
    it(`with an ${reg.slice(0, 2)} penalty`, () => {
      const b = build(classifier('sgd(lr = 0.1)').replace('l2 = 0.01', reg), 1);
      const mod = generateModule(b.graphs);
      expect(Object.keys(mod.programs).sort()).toEqual(['evaluate', 'predict', 'train_step']);
    });
  }
});

describe('GPU and interpreter train identically', () => {
  for (const c of cases) {
    const optimizer = c.source.match(/optimizer = (.*)/)![1]!;
    it(`${c.source.includes('model mlp') ? 'softmax classifier' : 'sigmoid binary'}: ${optimizer}`, async () => {
      const b = build(c.source, c.seed);
      const data = c.data(37, c.seed);
      const held = c.data(13, c.seed + 100);
      const opts: TrainOptions = { epochs: 2, batch: 8, seed: c.seed, shuffle: true, validation: held, earlyStopping: null };
      const cpu = interpEngine(b, data);
      const dev = await gpuEngine(gpu.device, b);
      try {
        const hc = await train(cpu, data, opts);
        const hg = await train(dev, data, opts);

        // Loss and metric figures of both epochs, including val_ ones (evaluate after each epoch).
        expect(Object.keys(hg.history)).toEqual(Object.keys(hc.history));
        for (const k of Object.keys(hc.history)) expectAgree(`history.${k}`, c.name, hg.history[k]!, hc.history[k]!);
        const tc = await cpu.readTotals();
        const tg = await dev.readTotals();
        expect(tg.count).toBe(tc.count);
        expectAgree('totals.loss', c.name, [tg.loss], [tc.loss]);
        for (const m of Object.keys(tc.metrics)) expectAgree(`totals.${m}`, c.name, [tg.metrics[m]!], [tc.metrics[m]!]);

        // Every weight and state tensor.
        const sc = await cpu.getState();
        const sg = await dev.getState();
        expect([...sg.keys()].sort()).toEqual([...sc.keys()].sort());
        const names = [...sc.keys()];
        for (const n of b.model.params.map((p) => p.name)) expect(names).toContain(n);
        expect(names.some((n) => n.endsWith('moving_variance'))).toBe(true);
        if (c.name !== 'sgd') expect(names.some((n) => n.startsWith('optimizer.') && n !== 'optimizer.step')).toBe(true);
        expect(sc.get('optimizer.step')).toEqual(Float32Array.of(10));
        for (const [n, v] of sc) {
          expect(v.every(Number.isFinite), `${n} is finite`).toBe(true);
          expectAgree(n, c.name, sg.get(n)!, v);
        }
        // Training moved the weights away from their initial values, and BatchNorm's statistics.
        for (const [n, v] of b.initial) {
          if (n.endsWith('.bias') || n.endsWith('.beta')) continue;
          expect(worstError(sc.get(n)!, v, 1e-4, 1e-6).err, `${n} changed`).toBeGreaterThan(1);
        }

        // evaluate() on held-out rows, with a batch that does not divide them.
        const ec = await cpu.evaluate(held, 5);
        const eg = await dev.evaluate(held, 5);
        expect(eg.count).toBe(13);
        expectAgree('evaluate.loss', c.name, [eg.loss], [ec.loss]);
        for (const m of Object.keys(ec.metrics)) expectAgree(`evaluate.${m}`, c.name, [eg.metrics[m]!], [ec.metrics[m]!]);

        // predict (inference mode: moving statistics, no dropout).
        const pc = cpu.predict(held.features, held.rows)[0]!;
        const pg = Object.values(await dev.predict(held.features, held.rows))[0]!;
        expect(pg.shape).toEqual([...pc.shape]);
        expectAgree('predict', c.name, pg.data, pc.data);
        // Probabilities: softmax rows sum to 1, sigmoid outputs lie in (0, 1).
        const width = pc.shape[1]!;
        for (let r = 0; r < held.rows; r++) {
          const row = Array.from(pg.data.subarray(r * width, (r + 1) * width));
          expect(row.every((p) => p > 0 && p < 1)).toBe(true);
          if (width > 1) expect(row.reduce((a, p) => a + p, 0)).toBeCloseTo(1, 5);
        }
      } finally {
        dev.destroy();
      }
    });
  }
});
