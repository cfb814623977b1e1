// Keras 3-style training progress (keras/src/utils/progbar.py, verbose=1):
//
//   Epoch 3/100
//   12/40 ━━━━━━━━━━━━━━━━━━━━ 1s 23ms/step - accuracy: 0.6200 - loss: 0.6450
//
// On a terminal the second line is redrawn in place with `\r` while the epoch runs (the time is
// the epoch's ETA) and finished at the end of the epoch with the epoch's time, the time per step
// and the validation figures; from the second epoch on, the header adds the ETA of the whole run
// (`Epoch 3/100 - ETA 1:15`). Elsewhere (a pipe, a log file, CI) each epoch is one plain line, written
// when the epoch ends, without `\r` or escape codes:
//
//   Epoch 3/100 - 40/40 - 1s 23ms/step - accuracy: 0.6200 - loss: 0.6450 - val_accuracy: 0.6000 - val_loss: 0.7076

import type { EpochLogs, TrainCallbacks } from '../runtime/train-types.js';

export interface ProgressOptions {
  /** Redraw a live bar with `\r` (stdout is a terminal). */
  readonly tty: boolean;
  /** ANSI colours and bold (only used with `tty`; the caller decides from TTY and NO_COLOR). */
  readonly color: boolean;
  write(s: string): void;
  /** Milliseconds, monotonic; defaults to performance.now(). */
  readonly now?: () => number;
  /** The early-stopping monitor, named in the early-stop message. */
  readonly monitor?: string;
}

const BAR_WIDTH = 20;
/** Keras redraws at most every 0.05 s. */
const REDRAW_MS = 50;

const BOLD = '\x1b[1m';
const GREEN = '\x1b[32m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/** Python's `%.4e`: two-digit exponent at least. */
function exp4(v: number): string {
  const [m, e] = v.toExponential(4).split('e') as [string, string];
  const sign = e.startsWith('-') ? '-' : '+';
  const digits = e.replace(/^[+-]/, '');
  return `${m}e${sign}${digits.padStart(2, '0')}`;
}

/** A figure as Keras prints it: 4 decimals, or `%.4e` when |v| <= 1e-3. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return Math.abs(v) > 1e-3 ? v.toFixed(4) : exp4(v);
}

/** Keras's `_format_time`: time per step in s, ms or us, rounded. */
export function formatPerStep(ms: number): string {
  const s = ms / 1000;
  if (s >= 1 || s === 0) return `${Math.round(s)}s/step`;
  if (s >= 1e-3) return `${Math.round(ms)}ms/step`;
  return `${Math.round(ms * 1000)}us/step`;
}

/** Keras's ETA: `%ds`, `m:ss` past a minute, `h:mm:ss` past an hour (whole seconds, truncated). */
export function formatEta(ms: number): string {
  const eta = Math.max(0, ms / 1000);
  const two = (n: number): string => String(Math.floor(n)).padStart(2, '0');
  if (eta > 3600) return `${Math.floor(eta / 3600)}:${two((eta % 3600) / 60)}:${two(eta % 60)}`;
  if (eta > 60) return `${Math.floor(eta / 60)}:${two(eta % 60)}`;
  return `${Math.floor(eta)}s`;
}

/** ` - name: value` for every figure, Keras's order: training figures, then val_, each sorted. */
export function formatLogs(logs: Readonly<Record<string, number>>): string {
  const keys = Object.keys(logs);
  const train = keys.filter((k) => !k.startsWith('val_')).sort();
  const val = keys.filter((k) => k.startsWith('val_')).sort();
  return [...train, ...val].map((k) => ` - ${k}: ${formatValue(logs[k]!)}`).join('');
}

const defaultNow = (): number => performance.now();

export function kerasProgress(opts: ProgressOptions): TrainCallbacks {
  const now = opts.now ?? defaultNow;
  const { write, tty } = opts;
  const color = opts.tty && opts.color;
  const paint = (code: string, s: string): string => (color && s ? `${code}${s}${RESET}` : s);

  let epochs = 0;
  let start = 0;
  let firstEpochStart: number | null = null; // for the run's ETA in the epoch header
  let epochsTimed = 0;
  let afterFirst: number | null = null; // time when step 1 ended (Keras leaves step 1 out of the rate)
  let lastDraw = -Infinity;
  let shownWidth = 0; // visible characters of the last live line, to blank leftovers
  let running: Readonly<Record<string, number>> | null = null;

  /** Keras's _estimate_step_duration, in ms. */
  const perStep = (current: number, t: number): number => {
    if (current <= 0) return 0;
    if (afterFirst !== null && current > 1) return (t - afterFirst) / (current - 1);
    return (t - start) / current;
  };

  const counter = (current: number, target: number): string => `${String(current).padStart(String(target).length)}/${target}`;

  /** The live/final line without colour codes (for width) and with them (to write). */
  const line = (current: number, target: number, t: number, final: boolean, logs: Readonly<Record<string, number>> | null): { plain: string; shown: string } => {
    const done = Math.floor((BAR_WIDTH * current) / target);
    const c = counter(current, target);
    const per = perStep(current, t);
    const time = final ? `${Math.round((t - start) / 1000)}s` : formatEta(per * (target - current));
    const rest = ` ${formatPerStep(per)}${logs ? formatLogs(logs) : ''}`;
    const doneBar = '━'.repeat(done);
    const plain = `${c} ${doneBar}${' '.repeat(BAR_WIDTH - done)} ${time}${rest}`;
    const restBar = color ? paint(DIM, '━'.repeat(BAR_WIDTH - done)) : ' '.repeat(BAR_WIDTH - done);
    const shown = `${paint(BOLD, c)} ${paint(GREEN, doneBar)}${restBar} ${paint(BOLD, time)}${rest}`;
    return { plain, shown };
  };

  const draw = (current: number, target: number, t: number, final: boolean, logs: Readonly<Record<string, number>> | null): void => {
    const { plain, shown } = line(current, target, t, final, logs);
    const pad = Math.max(0, shownWidth - plain.length);
    shownWidth = plain.length;
    write(`\r${shown}${' '.repeat(pad)}${final ? '\n' : ''}`);
    lastDraw = t;
  };

  return {
    onEpochBegin(e, total) {
      epochs = total;
      start = now();
      firstEpochStart ??= start;
      afterFirst = null;
      lastDraw = -Infinity;
      shownWidth = 0;
      running = null;
      if (tty) {
        // After the first epoch, the header estimates what is left of the whole run (at most:
        // early stopping may end it sooner), from the mean time of the epochs so far.
        const left = epochsTimed > 0 ? ((start - firstEpochStart) / epochsTimed) * (total - e + 1) : null;
        write(`Epoch ${e}/${total}${left !== null ? paint(DIM, ` - ETA ${formatEta(left)}`) : ''}\n`);
      }
    },
    onBatchEnd(step, steps, logs) {
      const t = now();
      if (step === 1) afterFirst = t;
      if (logs) running = logs;
      if (tty && (step === 1 || step === steps || t - lastDraw >= REDRAW_MS)) draw(step, steps, t, false, running);
    },
    onEpochEnd(e: EpochLogs) {
      const t = now();
      epochsTimed++;
      const steps = e.steps;
      if (tty) {
        draw(steps, steps, t, true, e.logs);
      } else {
        const per = perStep(steps, t);
        write(`Epoch ${e.epoch}/${epochs || e.epoch} - ${steps}/${steps} - ${Math.round((t - start) / 1000)}s ${formatPerStep(per)}${formatLogs(e.logs)}\n`);
      }
    },
    onEarlyStop(stoppedAt, bestEpoch, restored) {
      const what = opts.monitor ? ` in ${opts.monitor}` : '';
      if (bestEpoch < 1) {
        write(`Early stopping: no improvement${what}; stopped after epoch ${stoppedAt}.\n`);
        return;
      }
      const n = stoppedAt - bestEpoch;
      const tail = restored ? `, restored the weights of epoch ${bestEpoch}` : ` (the best was epoch ${bestEpoch})`;
      write(`Early stopping: no improvement${what} for ${n} epoch${n === 1 ? '' : 's'}; stopped after epoch ${stoppedAt}${tail}.\n`);
    },
  };
}
