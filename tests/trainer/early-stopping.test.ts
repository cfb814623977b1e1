// Early stopping on real validation curves: a linear model trained on y = 2x + 1 and validated on
// y = x + 0.5. Full-batch gradient descent from w = b = 0 carries the model across the validation
// line, so val_loss falls for 5 epochs, then rises for good (checked below, not assumed).

import { describe, expect, it } from 'vitest';
import type { EarlyStoppingOptions, TrainOptions } from '../../runtime/train-types.js';
import { monitorMode, train } from '../../runtime/trainer.js';
import { LinearEngine, makeData, stateEquals } from './linear-engine.js';

const trainData = makeData(20, 1, (i) => i / 19, ([x]) => 2 * x! + 1);
const valData = makeData(10, 1, (i) => i / 9, ([x]) => x! + 0.5);
const LR = 0.05;
const BEST = 5;

const opts = (epochs: number, earlyStopping: EarlyStoppingOptions | null, extra: Partial<TrainOptions> = {}): TrainOptions => ({
  epochs,
  batch: 20,
  seed: 3,
  shuffle: true,
  validation: valData,
  earlyStopping,
  ...extra,
});
const es = (o: Partial<EarlyStoppingOptions>): EarlyStoppingOptions => ({ monitor: 'val_loss', patience: 0, minDelta: 0, restoreBest: false, ...o });
const engine = (lr = LR): LinearEngine => new LinearEngine({ inputs: 1, lr, metrics: ['mae', 'accuracy'] });

/** The state after training exactly `epochs` epochs without early stopping. */
async function stateAfter(epochs: number): Promise<Map<string, Float32Array>> {
  const e = engine();
  await train(e, trainData, opts(epochs, null));
  return e.snapshot();
}

describe('the validation curve of these tests', () => {
  it('falls for 5 epochs, then rises', async () => {
    const h = await train(engine(), trainData, opts(30, null));
    const v = h.history.val_loss!;
    for (let i = 1; i < v.length; i++) {
      if (i < BEST) expect(v[i]!, `epoch ${i + 1}`).toBeLessThan(v[i - 1]!);
      else expect(v[i]!, `epoch ${i + 1}`).toBeGreaterThan(v[i - 1]!);
    }
    // Improvements per epoch, for the min_delta tests: 0.30, 0.18, 0.09, 0.03.
    expect(v[2]! - v[3]!).toBeGreaterThan(0.05);
    expect(v[3]! - v[4]!).toBeLessThan(0.05);
    expect(v[3]! - v[4]!).toBeGreaterThan(0.01);
  });
});

describe('early stopping', () => {
  it('patience 0 stops at the first epoch without improvement', async () => {
    const stops: [number, number, boolean][] = [];
    const e = engine();
    const h = await train(e, trainData, opts(30, es({ patience: 0 }), { callbacks: { onEarlyStop: (a, b, r) => void stops.push([a, b, r]) } }));
    expect(h).toMatchObject({ epochs: BEST + 1, bestEpoch: BEST, stoppedEarly: true, restoredBest: false });
    expect(stops).toEqual([[BEST + 1, BEST, false]]);
    for (const v of Object.values(h.history)) expect(v).toHaveLength(BEST + 1);
    expect(stateEquals(e.snapshot(), await stateAfter(BEST + 1))).toBe(true);
    expect(e.getStateCalls).toBe(0); // no restore_best: no copies
  });

  it('patience 2 waits two epochs without improvement, then stops', async () => {
    const h = await train(engine(), trainData, opts(30, es({ patience: 2 })));
    expect(h).toMatchObject({ epochs: BEST + 2, bestEpoch: BEST, stoppedEarly: true });
  });

  it('restore_best after stopping early puts back the best epoch’s state', async () => {
    const stops: [number, number, boolean][] = [];
    const e = engine();
    const h = await train(e, trainData, opts(30, es({ patience: 3, restoreBest: true }), { callbacks: { onEarlyStop: (a, b, r) => void stops.push([a, b, r]) } }));
    expect(h).toMatchObject({ epochs: BEST + 3, bestEpoch: BEST, stoppedEarly: true, restoredBest: true });
    expect(stops).toEqual([[BEST + 3, BEST, true]]);
    expect(stateEquals(e.snapshot(), await stateAfter(BEST))).toBe(true);
    expect(e.getStateCalls).toBe(BEST); // a copy after each improving epoch
    expect(e.setStateCalls).toBe(1);
    // The restored model scores the best epoch's val_loss.
    const t = await e.evaluate(valData, 20);
    expect(t.loss / t.count).toBe(h.history.val_loss![BEST - 1]);
  });

  it('restore_best also restores when training runs all its epochs', async () => {
    let called = false;
    const e = engine();
    const h = await train(e, trainData, opts(12, es({ patience: 20, restoreBest: true }), { callbacks: { onEarlyStop: () => void (called = true) } }));
    expect(h).toMatchObject({ epochs: 12, bestEpoch: BEST, stoppedEarly: false, restoredBest: true });
    expect(called).toBe(false);
    expect(stateEquals(e.snapshot(), await stateAfter(BEST))).toBe(true);
  });

  it('restore_best with the last epoch best leaves the final state alone', async () => {
    const e = engine();
    const h = await train(e, trainData, opts(4, es({ patience: 1, restoreBest: true })));
    expect(h).toMatchObject({ epochs: 4, bestEpoch: 4, stoppedEarly: false, restoredBest: false });
    expect(e.setStateCalls).toBe(0);
    expect(e.getStateCalls).toBe(3); // epochs 1-3; the last epoch's state is the final one
    expect(stateEquals(e.snapshot(), await stateAfter(4))).toBe(true);
  });

  it('min_delta: smaller gains are no improvement and do not move the best epoch', async () => {
    // Epoch 5 gains ~0.03 < 0.05 over epoch 4: with patience 0 training stops there.
    const h0 = await train(engine(), trainData, opts(30, es({ minDelta: 0.05 })));
    expect(h0).toMatchObject({ epochs: 5, bestEpoch: 4, stoppedEarly: true });
    // With patience 2 and restore_best, epoch 5 (lower val_loss, but not by min_delta) is not the best.
    const e = engine();
    const h2 = await train(e, trainData, opts(30, es({ minDelta: 0.05, patience: 2, restoreBest: true })));
    expect(h2).toMatchObject({ epochs: 6, bestEpoch: 4, stoppedEarly: true, restoredBest: true });
    expect(h2.history.val_loss![4]!).toBeLessThan(h2.history.val_loss![3]!);
    expect(stateEquals(e.snapshot(), await stateAfter(4))).toBe(true);
  });

  it('an unchanged figure is no improvement (strictly lower is needed)', async () => {
    // lr = 0: every epoch has exactly the same loss.
    const h = await train(engine(0), trainData, opts(10, es({ monitor: 'loss' })));
    expect(h).toMatchObject({ epochs: 2, bestEpoch: 1, stoppedEarly: true });
    expect(h.history.loss![1]).toBe(h.history.loss![0]);
  });

  it('accuracy monitors improve upwards', async () => {
    expect(monitorMode('val_accuracy')).toBe('max');
    expect(monitorMode('accuracy')).toBe('max');
    expect(monitorMode('val_loss')).toBe('min');
    expect(monitorMode('mae')).toBe('min');
    // Training accuracy (|error| < 0.25) on y = 2x + 1 with lr 0.2 rises 0, 0.05, 0.35, 0.45 then
    // stalls at 0.45 in epoch 5.
    const h = await train(engine(0.2), trainData, opts(30, es({ monitor: 'accuracy' }), { validation: null }));
    const acc = h.history.accuracy!;
    expect(acc.slice(0, 5)).toEqual([0, 0.05, 0.35, 0.45, 0.45]);
    expect(h).toMatchObject({ epochs: 5, bestEpoch: 4, stoppedEarly: true });
    // min_delta applies upwards too: +0.05 in epoch 2 is not more than 0.1.
    const h2 = await train(engine(0.2), trainData, opts(30, es({ monitor: 'accuracy', minDelta: 0.1 }), { validation: null }));
    expect(h2).toMatchObject({ epochs: 2, bestEpoch: 1, stoppedEarly: true });
  });

  it('when the epochs run out before patience does, training did not stop early', async () => {
    const h = await train(engine(), trainData, opts(BEST + 1, es({ patience: 2 })));
    expect(h).toMatchObject({ epochs: BEST + 1, bestEpoch: BEST, stoppedEarly: false });
  });
});
