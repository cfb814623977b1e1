import { describe, expect, it } from 'vitest';
import type { Dataset, EpochLogs, Totals, TrainOptions } from '../../runtime/train-types.js';
import { epochOrder } from '../../runtime/shuffle.js';
import { PROGRESS_READ_INTERVAL_MS, train } from '../../runtime/trainer.js';
import { batchIds, LinearEngine, makeData, stateEquals } from './linear-engine.js';

const base: TrainOptions = { epochs: 3, batch: 4, seed: 7, shuffle: true, validation: null, earlyStopping: null };

/** 10 rows whose feature 0 is the row id (feature 1 a function of it), targets on a line. */
const idData = (rows = 10): Dataset => makeData(rows, 2, (i, j) => (j === 0 ? i : Math.sin(i)), ([a, b]) => 0.1 * a! - b! + 0.5);
/** Well-conditioned regression data: y = 2 x0 - x1 + 1, x in [0, 1]. */
const lineData = (rows: number): Dataset =>
  makeData(rows, 2, (i, j) => (j === 0 ? i / (rows - 1) : ((i * 7) % rows) / rows), ([a, b]) => 2 * a! - b! + 1);

const chunk = (xs: number[], n: number): number[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** Records the count of every `readTotals` result. */
class CountingEngine extends LinearEngine {
  readonly counts: number[] = [];
  override async readTotals(): Promise<Totals> {
    const t = await super.readTotals();
    this.counts.push(t.count);
    return t;
  }
}

describe('batches and order', () => {
  it('shuffle = false visits rows in file order, with the last partial batch', async () => {
    const e = new LinearEngine({ inputs: 2, lr: 0, record: true });
    await train(e, idData(), { ...base, shuffle: false });
    const epoch = chunk([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4);
    expect(batchIds(e)).toEqual([...epoch, ...epoch, ...epoch]);
    expect(e.batchRows).toEqual([4, 4, 2, 4, 4, 2, 4, 4, 2]);
  });

  it('shuffle = true visits each epoch in the order epochOrder(rows, seed, epoch)', async () => {
    const e = new LinearEngine({ inputs: 2, lr: 0, record: true });
    await train(e, idData(), base);
    const ids = batchIds(e);
    for (let epoch = 1; epoch <= 3; epoch++) {
      const seen = ids.slice((epoch - 1) * 3, epoch * 3);
      expect(seen).toEqual(chunk(Array.from(epochOrder(10, 7, epoch)), 4));
    }
    // Every epoch is a permutation of the rows, and the epochs differ.
    const epochs = chunk(ids.flat(), 10);
    for (const ep of epochs) expect([...ep].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(epochs[0]).not.toEqual(epochs[1]);
  });

  it('same seed: same batches and bit-identical final state; another seed: another order', async () => {
    const run = async (seed: number): Promise<LinearEngine> => {
      const e = new LinearEngine({ inputs: 2, lr: 0.1, record: true });
      await train(e, lineData(23), { ...base, seed, batch: 5, epochs: 6 });
      return e;
    };
    const [a, b, c] = [await run(11), await run(11), await run(12)];
    expect(a.batches).toEqual(b.batches);
    expect(stateEquals(a.snapshot(), b.snapshot())).toBe(true);
    expect(a.batches).not.toEqual(c.batches);
    expect(stateEquals(a.snapshot(), c.snapshot())).toBe(false);
  });

  it('counts every row each epoch (totals.count == rows), the last partial batch included', async () => {
    const e = new CountingEngine({ inputs: 2, lr: 0.05 });
    await train(e, lineData(23), { ...base, batch: 5, epochs: 4 });
    expect(e.counts).toEqual([23, 23, 23, 23]);
    expect(e.batchRows).toEqual(Array.from({ length: 4 }, () => [5, 5, 5, 5, 3]).flat());
  });

  it('batch larger than the data: one batch of all rows', async () => {
    const e = new CountingEngine({ inputs: 2, lr: 0.05 });
    await train(e, lineData(6), { ...base, batch: 64, epochs: 2 });
    expect(e.batchRows).toEqual([6, 6]);
    expect(e.counts).toEqual([6, 6]);
  });

  it('i32 targets are gathered as i32', async () => {
    const seen: string[] = [];
    class Probe extends LinearEngine {
      override trainStep(f: Float32Array, t: Float32Array | Int32Array, rows: number): void {
        seen.push(t.constructor.name);
        super.trainStep(f, Float32Array.from(t), rows);
      }
    }
    const d: Dataset = { rows: 5, features: Float32Array.from([0, 1, 2, 3, 4]), featureShape: [1], targets: Int32Array.from([0, 1, 0, 1, 0]), targetShape: [] };
    await train(new Probe({ inputs: 1, lr: 0.01 }), d, { ...base, batch: 2, epochs: 1 });
    expect(seen).toEqual(['Int32Array', 'Int32Array', 'Int32Array']);
  });
});

describe('figures and history', () => {
  it('loss and metrics are per-example means over the epoch', async () => {
    // lr = 0: the weights stay put, so the means are those of a fixed model over the data.
    const d = lineData(11);
    const e = new LinearEngine({ inputs: 2, lr: 0, kernel: [0.5, 0.25], bias: 0.1 });
    const h = await train(e, d, { ...base, batch: 4, epochs: 2, shuffle: false });
    let se = 0;
    let ae = 0;
    for (let i = 0; i < 11; i++) {
      const err = Math.fround(0.5) * d.features[2 * i]! + 0.25 * d.features[2 * i + 1]! + Math.fround(0.1) - d.targets[i]!;
      se += err * err;
      ae += Math.abs(err);
    }
    expect(h.history.loss![0]).toBeCloseTo(se / 11, 10);
    expect(h.history.mae![1]).toBeCloseTo(ae / 11, 10);
  });

  it('history holds one entry per epoch for loss, metrics and their val_ forms; callbacks see the same', async () => {
    const d = lineData(30);
    const validation = lineData(9);
    const e = new LinearEngine({ inputs: 2, lr: 0.1, metrics: ['mae', 'accuracy'] });
    const ends: EpochLogs[] = [];
    const begins: number[][] = [];
    const h = await train(e, d, {
      ...base,
      batch: 8,
      epochs: 5,
      validation,
      callbacks: { onEpochBegin: (ep, eps, steps) => begins.push([ep, eps, steps]), onEpochEnd: (l) => ends.push(l) },
    });
    expect(Object.keys(h.history)).toEqual(['loss', 'mae', 'accuracy', 'val_loss', 'val_mae', 'val_accuracy']);
    for (const v of Object.values(h.history)) expect(v).toHaveLength(5);
    expect(h).toMatchObject({ epochs: 5, bestEpoch: null, stoppedEarly: false, restoredBest: false });
    expect(begins).toEqual([1, 2, 3, 4, 5].map((ep) => [ep, 5, 4]));
    expect(ends.map((l) => l.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(ends.every((l) => l.steps === 4 && l.ms >= 0)).toBe(true);
    expect(ends.map((l) => l.logs.val_loss)).toEqual(h.history.val_loss);
    expect(Object.keys(ends[0]!.logs)).toEqual(Object.keys(h.history));
    // Training helps: the loss falls and validation agrees (same line).
    expect(h.history.loss![4]!).toBeLessThan(h.history.loss![0]!);
    expect(h.history.val_loss![4]!).toBeLessThan(h.history.val_loss![0]!);
    // val_ figures are the evaluation of the final model of each epoch.
    const final = await e.evaluate(validation, 8);
    expect(h.history.val_loss![4]).toBeCloseTo(final.loss / final.count, 12);
  });
});

describe('progress reads', () => {
  it('reads running means at most every 100 ms (never every step), and once at epoch end', async () => {
    let clock = 0;
    class Slow extends LinearEngine {
      override trainStep(f: Float32Array, t: Float32Array | Int32Array, rows: number): void {
        clock += 30; // each step takes 30 ms
        super.trainStep(f, t, rows);
      }
    }
    const e = new Slow({ inputs: 2, lr: 0.05 });
    const got: [number, number, Record<string, number> | null][] = [];
    const h = await train(
      e,
      lineData(20),
      { ...base, batch: 2, epochs: 1, callbacks: { onBatchEnd: (s, n, logs) => void got.push([s, n, logs ? { ...logs } : null]) } },
      { now: () => clock },
    );
    expect(got.map(([s]) => s)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(got.every(([, n]) => n === 10)).toBe(true);
    // 30 ms steps: reads after steps 4 (120 ms) and 8 (240 ms), then the epoch-end read at step 10.
    expect(got.filter(([, , l]) => l !== null).map(([s]) => s)).toEqual([4, 8, 10]);
    expect(e.readTotalsCalls).toBe(3);
    expect(PROGRESS_READ_INTERVAL_MS).toBe(100);
    const [, , last] = got[9]!;
    expect(last).toEqual({ loss: h.history.loss![0], mae: h.history.mae![0] });
    const [, , at4] = got[3]!;
    expect(Object.keys(at4!)).toEqual(['loss', 'mae']);
    expect(Number.isFinite(at4!.loss)).toBe(true);
  });

  it('without onBatchEnd the trainer reads totals once per epoch', async () => {
    const f = new LinearEngine({ inputs: 2, lr: 0.05 });
    await train(f, lineData(20), { ...base, batch: 1, epochs: 3 });
    expect(f.readTotalsCalls).toBe(3);
  });

  it('awaits an async onBatchEnd before the next step', async () => {
    const order: string[] = [];
    class Log extends LinearEngine {
      override trainStep(f: Float32Array, t: Float32Array | Int32Array, rows: number): void {
        order.push('step');
        super.trainStep(f, t, rows);
      }
    }
    await train(new Log({ inputs: 2, lr: 0.05 }), lineData(6), {
      ...base,
      batch: 2,
      epochs: 1,
      callbacks: {
        onBatchEnd: async () => {
          await new Promise((r) => setTimeout(r, 1));
          order.push('cb');
        },
      },
    });
    expect(order).toEqual(['step', 'cb', 'step', 'cb', 'step', 'cb']);
  });
});

describe('option errors', () => {
  const e = (): LinearEngine => new LinearEngine({ inputs: 2, lr: 0.1 });
  const d = lineData(8);
  it('rejects bad epochs, batch, seed and empty or inconsistent data', async () => {
    await expect(train(e(), d, { ...base, epochs: 0 })).rejects.toThrow('epochs must be a whole number of at least 1, got 0');
    await expect(train(e(), d, { ...base, epochs: 2.5 })).rejects.toThrow(/epochs must be a whole number/);
    await expect(train(e(), d, { ...base, batch: 0 })).rejects.toThrow('batch must be a whole number of at least 1, got 0');
    await expect(train(e(), d, { ...base, batch: Number.NaN })).rejects.toThrow(/batch must be/);
    await expect(train(e(), d, { ...base, seed: 1.5 })).rejects.toThrow(/seed must be an integer/);
    const empty: Dataset = { rows: 0, features: new Float32Array(0), featureShape: [2], targets: new Float32Array(0), targetShape: [1] };
    await expect(train(e(), empty, base)).rejects.toThrow(/training data has no rows/);
    await expect(train(e(), { ...d, features: d.features.subarray(1) }, base)).rejects.toThrow(/training data has 15 feature values, but 8 rows of shape \[2\] need 16/);
    await expect(train(e(), d, { ...base, validation: empty })).rejects.toThrow(/validation data has no rows/);
    await expect(train(e(), d, { ...base, validation: makeData(3, 3, () => 0, () => 0) })).rejects.toThrow(/validation data has features of shape \[3\]/);
  });

  it('rejects an unknown monitor, naming what training reports', async () => {
    const es = { monitor: 'val_acc', patience: 1, minDelta: 0, restoreBest: false };
    await expect(train(e(), d, { ...base, validation: lineData(4), earlyStopping: es })).rejects.toThrow(
      "early_stopping monitors 'val_acc', which training does not report; it reports: loss, mae, val_loss, val_mae",
    );
    await expect(train(e(), d, { ...base, earlyStopping: { ...es, monitor: 'val_loss' } })).rejects.toThrow(
      /early_stopping monitors 'val_loss', but there is no validation data; add validate = split\(0.2\).*monitor one of: loss, mae/,
    );
    await expect(train(e(), d, { ...base, earlyStopping: { ...es, monitor: 'loss', patience: -1 } })).rejects.toThrow(/patience must be/);
    await expect(train(e(), d, { ...base, earlyStopping: { ...es, monitor: 'loss', minDelta: -0.1 } })).rejects.toThrow(/min_delta must be/);
  });

  it('checks before training anything', async () => {
    const x = e();
    await expect(train(x, d, { ...base, earlyStopping: { monitor: 'nope', patience: 0, minDelta: 0, restoreBest: false } })).rejects.toThrow(/nope/);
    expect(x.batchRows).toEqual([]);
  });
});
