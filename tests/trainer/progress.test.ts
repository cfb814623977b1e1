import { describe, expect, it } from 'vitest';
import { formatEta, formatLogs, formatPerStep, formatValue, kerasProgress } from '../../cli/progress.js';
import { train } from '../../runtime/trainer.js';
import { LinearEngine, makeData } from './linear-engine.js';

const logs = { loss: 0.645, accuracy: 0.62, val_loss: 0.70755, val_accuracy: 0.6 };

/** Drives one epoch of `steps` steps, `stepMs` each, then `tailMs` of validation. */
function epoch(cb: ReturnType<typeof kerasProgress>, clock: { t: number }, e: number, epochs: number, steps: number, stepMs: number, tailMs = 0): void {
  cb.onEpochBegin!(e, epochs, steps);
  for (let s = 1; s <= steps; s++) {
    clock.t += stepMs;
    void cb.onBatchEnd!(s, steps, s === steps ? { loss: logs.loss, accuracy: logs.accuracy } : null);
  }
  clock.t += tailMs;
  cb.onEpochEnd!({ epoch: e, logs, ms: steps * stepMs + tailMs, steps });
}

function capture(tty: boolean, color: boolean, monitor?: string): { out: string[]; clock: { t: number }; cb: ReturnType<typeof kerasProgress> } {
  const out: string[] = [];
  const clock = { t: 0 };
  const cb = kerasProgress({ tty, color, write: (s) => void out.push(s), now: () => clock.t, ...(monitor ? { monitor } : {}) });
  return { out, clock, cb };
}

describe('number and time formats (Keras progbar)', () => {
  it('figures: 4 decimals, %.4e when tiny', () => {
    expect(formatValue(0.645)).toBe('0.6450');
    expect(formatValue(12.3456789)).toBe('12.3457');
    expect(formatValue(0.000123)).toBe('1.2300e-04');
    expect(formatValue(0)).toBe('0.0000e+00');
    expect(formatValue(-2.5e-7)).toBe('-2.5000e-07');
    expect(formatValue(Number.NaN)).toBe('nan');
    expect(formatValue(Infinity)).toBe('inf');
  });
  it('time per step in s, ms or us; ETA in s, m:ss, h:mm:ss', () => {
    expect(formatPerStep(23.4)).toBe('23ms/step');
    expect(formatPerStep(1500)).toBe('2s/step');
    expect(formatPerStep(0.25)).toBe('250us/step');
    expect(formatPerStep(0)).toBe('0s/step');
    expect(formatEta(1999)).toBe('1s');
    expect(formatEta(75_000)).toBe('1:15');
    expect(formatEta(3_725_000)).toBe('1:02:05');
  });
  it('orders figures as Keras prints them: training ones sorted, then val_ ones sorted', () => {
    expect(formatLogs({ loss: 1, mae: 0.5, accuracy: 0.25, val_mae: 2, val_loss: 3 })).toBe(
      ' - accuracy: 0.2500 - loss: 1.0000 - mae: 0.5000 - val_loss: 3.0000 - val_mae: 2.0000',
    );
  });
});

describe('kerasProgress, not a terminal', () => {
  it('writes one plain line per epoch, nothing while it runs', () => {
    const { out, clock, cb } = capture(false, true);
    epoch(cb, clock, 3, 100, 40, 25);
    epoch(cb, clock, 4, 100, 40, 25, 40);
    expect(out).toEqual([
      'Epoch 3/100 - 40/40 - 1s 25ms/step - accuracy: 0.6200 - loss: 0.6450 - val_accuracy: 0.6000 - val_loss: 0.7076\n',
      'Epoch 4/100 - 40/40 - 1s 26ms/step - accuracy: 0.6200 - loss: 0.6450 - val_accuracy: 0.6000 - val_loss: 0.7076\n',
    ]);
    expect(out.join('')).not.toMatch(/[\r\x1b]/);
  });

  it('prints the early-stop message', () => {
    const { out, cb } = capture(false, false, 'val_loss');
    cb.onEarlyStop!(27, 24, true);
    cb.onEarlyStop!(6, 5, false);
    expect(out).toEqual([
      'Early stopping: no improvement in val_loss for 3 epochs; stopped after epoch 27, restored the weights of epoch 24.\n',
      'Early stopping: no improvement in val_loss for 1 epoch; stopped after epoch 6 (the best was epoch 5).\n',
    ]);
  });

  it('renders a real training run', async () => {
    const out: string[] = [];
    const d = makeData(10, 1, (i) => i / 9, ([x]) => 2 * x! + 1);
    const cb = kerasProgress({ tty: false, color: false, write: (s) => void out.push(s), now: () => 0 });
    const h = await train(new LinearEngine({ inputs: 1, lr: 0.1 }), d, { epochs: 2, batch: 4, seed: 1, shuffle: true, validation: null, earlyStopping: null, callbacks: cb });
    expect(out).toEqual(
      [0, 1].map((i) => `Epoch ${i + 1}/2 - 3/3 - 0s 0s/step - loss: ${h.history.loss![i]!.toFixed(4)} - mae: ${h.history.mae![i]!.toFixed(4)}\n`),
    );
  });
});

describe('kerasProgress, terminal', () => {
  it('redraws a live bar with \\r and ends the epoch with the full line', () => {
    const { out, clock, cb } = capture(true, false);
    epoch(cb, clock, 3, 100, 40, 100);
    expect(out[0]).toBe('Epoch 3/100\n');
    // Step 12 of 40 at 100 ms/step: 6 of 20 bar cells, 2.8 s left.
    expect(out).toContain(`\r12/40 ${'━'.repeat(6)}${' '.repeat(14)} 2s 100ms/step`);
    // Steps 1-40, each redrawn (100 ms apart > 50 ms), then the final line.
    expect(out).toHaveLength(1 + 40 + 1);
    expect(out[1]).toBe(`\r 1/40 ${' '.repeat(20)} 3s 100ms/step`);
    const last = out.at(-1)!;
    expect(last).toBe(`\r40/40 ${'━'.repeat(20)} 4s 100ms/step - accuracy: 0.6200 - loss: 0.6450 - val_accuracy: 0.6000 - val_loss: 0.7076\n`);
    expect(out.join('')).not.toMatch(/\x1b/);
  });

  it('blanks what is left of a longer previous line', () => {
    const { out, clock, cb } = capture(true, false);
    cb.onEpochBegin!(1, 1, 2);
    clock.t += 10;
    void cb.onBatchEnd!(1, 2, { loss: 123.456789, accuracy: 0.5, mae: 99.5 });
    clock.t += 10;
    void cb.onBatchEnd!(2, 2, { loss: 1 });
    // The second line shows the latest read; the rest of the longer first line becomes spaces.
    expect(out[2]!.length).toBeGreaterThanOrEqual(out[1]!.length);
    expect(out[2]!.trimEnd()).toBe(`\r2/2 ${'━'.repeat(20)} 0s 10ms/step - loss: 1.0000`);
  });

  it('throttles redraws to every 50 ms', () => {
    const { out, clock, cb } = capture(true, false);
    epoch(cb, clock, 1, 1, 100, 10);
    // Step 1, then every 5th step (50 ms), step 100 and the final line.
    expect(out.filter((s) => s.startsWith('\r')).length).toBe(1 + 20 + 1);
  });

  it('uses colour only when asked', () => {
    const plain = capture(true, false);
    epoch(plain.cb, plain.clock, 1, 2, 4, 100);
    const colored = capture(true, true);
    epoch(colored.cb, colored.clock, 1, 2, 4, 100);
    expect(plain.out.join('')).not.toMatch(/\x1b/);
    const text = colored.out.join('');
    expect(text).toContain('\x1b[32m━━━━━━━━━━\x1b[0m'); // green done part at step 2 of 4
    expect(text).toContain('\x1b[2m━━━━━━━━━━\x1b[0m'); // dim remainder
    expect(text).toContain('\x1b[1m4/4\x1b[0m');
    // Without the codes the lines read the same, bar remainder aside.
    const strip = (s: string): string => s.replace(/\x1b\[\d+m/g, '');
    expect(strip(colored.out.at(-1)!)).toBe(plain.out.at(-1));
  });
});
