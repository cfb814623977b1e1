// The training loop: epochs of seeded mini-batches through a StepEngine, validation, history,
// Keras-style early stopping, and progress callbacks. Runs in Node and in browsers (no Node APIs);
// the engine does the arithmetic, the trainer only orders rows and reads totals.
//
// Semantics (DSL.md section 5, Keras's `fit` where DSL.md says nothing):
// - Epoch e (1-based) visits the rows in the order `epochOrder(rows, seed, e)` when `shuffle` is
//   true, in file order otherwise. Batches hold `batch` rows; the last one holds what is left.
// - `loss` and every metric of an epoch are the engine's sums over the epoch's examples divided by
//   the count (the running mean Keras prints at the end of an epoch: the weights change during
//   it). `val_*` figures come from `engine.evaluate` after the epoch, in inference mode.
// - Early stopping follows Keras's EarlyStopping: the first epoch always improves; an epoch
//   improves when its figure is below best - min_delta (above best + min_delta for monitors named
//   like `*accuracy*`/`*acc`); after `patience` epochs in a row without improvement training
//   stops. With `restore_best` the state of the best epoch is put back at the end, whether
//   training stopped early or ran all its epochs (Keras 3 restores in on_train_end).

import type { Dataset, EpochLogs, History, StepEngine, TensorData, Totals, TrainOptions } from './train-types.js';
import { deriveSeed, epochOrder, permutation } from './shuffle.js';

export { deriveSeed, epochOrder, mulberry32, permutation } from './shuffle.js';

/** Progress reads (which wait for the GPU) are at least this many milliseconds apart. */
export const PROGRESS_READ_INTERVAL_MS = 100;

/** Test and embedding hooks, not part of the train block's semantics. */
export interface TrainHooks {
  /** Milliseconds, monotonic; defaults to performance.now(). */
  readonly now?: () => number;
}

const defaultNow = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

const isCount = (n: number): boolean => Number.isInteger(n) && n >= 1;

/** Checks that a data set's arrays hold `rows` examples of its shapes. */
export function checkDataset(data: Dataset, what: string): void {
  if (!Number.isInteger(data.rows) || data.rows < 1) {
    throw new Error(`the ${what} has no rows (rows = ${data.rows}); training needs at least one example`);
  }
  const fs = product(data.featureShape);
  const ts = product(data.targetShape);
  if (data.features.length !== data.rows * fs) {
    throw new Error(
      `the ${what} has ${data.features.length} feature values, but ${data.rows} rows of shape [${data.featureShape.join(', ')}] need ${data.rows * fs}`,
    );
  }
  if (data.targets.length !== data.rows * ts) {
    throw new Error(
      `the ${what} has ${data.targets.length} target values, but ${data.rows} rows of shape [${data.targetShape.join(', ')}] need ${data.rows * ts}`,
    );
  }
}

const newTargets = (like: TensorData, n: number): TensorData => (like instanceof Int32Array ? new Int32Array(n) : new Float32Array(n));

/** The rows `indices` of `data`, in that order, copied into new arrays. */
export function selectRows(data: Dataset, indices: ArrayLike<number>): Dataset {
  const fs = product(data.featureShape);
  const ts = product(data.targetShape);
  const n = indices.length;
  const features = new Float32Array(n * fs);
  const targets = newTargets(data.targets, n * ts);
  for (let i = 0; i < n; i++) {
    const r = indices[i]!;
    features.set(data.features.subarray(r * fs, (r + 1) * fs), i * fs);
    targets.set(data.targets.subarray(r * ts, (r + 1) * ts), i * ts);
  }
  return { rows: n, features, featureShape: data.featureShape, targets, targetShape: data.targetShape };
}

/**
 * `validate = split(fraction)`: shuffles the rows with `seed` (stream 0, independent of the epoch
 * orders), then the last round(rows * fraction) rows of the shuffled order (at least one) are the
 * validation set and the others the training set. Each part keeps its rows in file order, as
 * Keras's validation_split does; which rows go where is what the seed decides.
 */
export function splitValidation(data: Dataset, fraction: number, seed: number): { train: Dataset; validation: Dataset } {
  checkDataset(data, 'training data');
  if (!Number.isFinite(fraction) || fraction <= 0 || fraction >= 1) {
    throw new Error(`validate = split(${fraction}): the fraction must be between 0 and 1 (exclusive), e.g. split(0.2)`);
  }
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const rows = data.rows;
  const nVal = Math.max(1, Math.round(rows * fraction));
  if (nVal >= rows) {
    throw new Error(
      `validate = split(${fraction}) of ${rows} row${rows === 1 ? '' : 's'} leaves no rows to train on; use a smaller fraction or more data`,
    );
  }
  const order = permutation(rows, deriveSeed(seed, 0));
  const train = order.slice(0, rows - nVal).sort();
  const validation = order.slice(rows - nVal).sort();
  return { train: selectRows(data, train), validation: selectRows(data, validation) };
}

/** Whether a monitored figure is better higher ('max': accuracies) or lower ('min'). */
export function monitorMode(monitor: string): 'min' | 'max' {
  const name = monitor.startsWith('val_') ? monitor.slice(4) : monitor;
  return name.includes('accuracy') || name === 'acc' || name.endsWith('_acc') ? 'max' : 'min';
}

/** The figures an epoch reports, in history order: loss, metrics, then their val_ forms. */
export function logNames(metricNames: readonly string[], hasValidation: boolean): string[] {
  const train = ['loss', ...metricNames];
  return hasValidation ? [...train, ...train.map((k) => `val_${k}`)] : train;
}

/** Means of a Totals, under `prefix` ('' or 'val_'). */
function means(totals: Totals, metricNames: readonly string[], prefix: string, into: Record<string, number>): Record<string, number> {
  const c = totals.count;
  into[`${prefix}loss`] = c > 0 ? totals.loss / c : NaN;
  for (const m of metricNames) {
    const sum = totals.metrics[m];
    into[`${prefix}${m}`] = c > 0 && sum !== undefined ? sum / c : NaN;
  }
  return into;
}

/** Gathers batches into reused buffers (one pair per batch size); file order needs no copy. */
class BatchGatherer {
  private readonly fs: number;
  private readonly ts: number;
  private readonly buffers = new Map<number, { features: Float32Array; targets: TensorData }>();

  constructor(private readonly data: Dataset) {
    this.fs = product(data.featureShape);
    this.ts = product(data.targetShape);
  }

  gather(order: Uint32Array | null, start: number, rows: number): { features: Float32Array; targets: TensorData } {
    const { fs, ts, data } = this;
    if (order === null) {
      return {
        features: data.features.subarray(start * fs, (start + rows) * fs),
        targets: data.targets.subarray(start * ts, (start + rows) * ts),
      };
    }
    let buf = this.buffers.get(rows);
    if (!buf) {
      buf = { features: new Float32Array(rows * fs), targets: newTargets(data.targets, rows * ts) };
      this.buffers.set(rows, buf);
    }
    const { features, targets } = buf;
    const srcF = data.features;
    const srcT = data.targets;
    for (let i = 0; i < rows; i++) {
      const r = order[start + i]!;
      if (fs === 1) features[i] = srcF[r]!;
      else features.set(srcF.subarray(r * fs, (r + 1) * fs), i * fs);
      if (ts === 1) targets[i] = srcT[r]!;
      else targets.set(srcT.subarray(r * ts, (r + 1) * ts), i * ts);
    }
    return buf;
  }
}

function copyState(state: ReadonlyMap<string, Float32Array>): Map<string, Float32Array> {
  const copy = new Map<string, Float32Array>();
  for (const [k, v] of state) copy.set(k, v.slice());
  return copy;
}

function checkOptions(engine: StepEngine, data: Dataset, opts: TrainOptions): void {
  if (!isCount(opts.epochs)) throw new Error(`epochs must be a whole number of at least 1, got ${opts.epochs}`);
  if (!isCount(opts.batch)) throw new Error(`batch must be a whole number of at least 1, got ${opts.batch}`);
  if (!Number.isInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  const initial = opts.initialEpoch ?? 0;
  if (!Number.isInteger(initial) || initial < 0 || initial > opts.epochs) {
    throw new Error(`initialEpoch must be a whole number from 0 to epochs (${opts.epochs}), got ${initial}`);
  }
  checkDataset(data, 'training data');
  const v = opts.validation;
  if (v) {
    checkDataset(v, 'validation data');
    const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
    if (!same(v.featureShape, data.featureShape)) {
      throw new Error(`the validation data has features of shape [${v.featureShape.join(', ')}], the training data [${data.featureShape.join(', ')}]`);
    }
    if (!same(v.targetShape, data.targetShape) || (v.targets instanceof Int32Array) !== (data.targets instanceof Int32Array)) {
      throw new Error('the validation targets do not have the shape and type of the training targets');
    }
  }
  const es = opts.earlyStopping;
  if (es) {
    if (!Number.isInteger(es.patience) || es.patience < 0) {
      throw new Error(`early_stopping: patience must be a whole number of at least 0, got ${es.patience}`);
    }
    if (!Number.isFinite(es.minDelta) || es.minDelta < 0) {
      throw new Error(`early_stopping: min_delta must be a number of at least 0, got ${es.minDelta}`);
    }
    const known = logNames(engine.metricNames, v !== null);
    if (!known.includes(es.monitor)) {
      const noVal = es.monitor.startsWith('val_') && v === null && logNames(engine.metricNames, true).includes(es.monitor);
      throw new Error(
        noVal
          ? `early_stopping monitors '${es.monitor}', but there is no validation data; add validate = split(0.2) (or another data source), or monitor one of: ${known.join(', ')}`
          : `early_stopping monitors '${es.monitor}', which training does not report; it reports: ${known.join(', ')}`,
      );
    }
  }
}

const isThenable = (x: unknown): x is PromiseLike<unknown> =>
  typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';

/**
 * Thrown when the engine reports NaN or Inf in the loss or the weights (its `nonfinite` flag):
 * training stops at the read that saw it. The trainer reads the flag with the totals, at progress
 * reads and at the end of every epoch, so the step is known to the range between two reads.
 */
export class NonFiniteError extends Error {
  constructor(
    /** The epoch (1-based) in which a step produced the first non-finite value. */
    readonly epoch: number,
    /** The first and last step (1-based) the non-finite value may come from. */
    readonly firstStep: number,
    readonly lastStep: number,
    readonly steps: number,
    /** Every complete (finite) epoch's figures. */
    readonly history: Readonly<Record<string, readonly number[]>>,
  ) {
    const where = firstStep === lastStep ? `at step ${lastStep} of ${steps}` : `between steps ${firstStep} and ${lastStep} of ${steps}`;
    super(`the loss or the weights became NaN or Inf in epoch ${epoch}, ${where}`);
    this.name = 'NonFiniteError';
  }
}

/**
 * Trains `engine` on `data` for `opts.epochs` epochs (fewer when early stopping stops it) and
 * returns the history. The engine must copy the arrays `trainStep` receives before returning
 * (WebGPU's writeBuffer does): the trainer reuses them for the next batch. When the engine counts
 * non-finite values (`Totals.nonfinite`), training stops with a NonFiniteError as soon as a read
 * sees a non-zero count; `onEpochComplete` never sees such an epoch.
 */
export async function train(engine: StepEngine, data: Dataset, opts: TrainOptions, hooks: TrainHooks = {}): Promise<History> {
  checkOptions(engine, data, opts);
  // Batches gathered on the device when the engine can hold the data set there.
  const resident = engine.setResidentData !== undefined && engine.setRowOrder !== undefined && engine.trainStepRows !== undefined && engine.setResidentData(data);
  try {
    return await epochs(engine, data, opts, hooks, resident);
  } finally {
    if (resident) engine.setResidentData!(null);
  }
}

async function epochs(engine: StepEngine, data: Dataset, opts: TrainOptions, hooks: TrainHooks, resident: boolean): Promise<History> {
  const now = hooks.now ?? defaultNow;
  const cb = opts.callbacks ?? {};
  const metricNames = engine.metricNames;
  const validation = opts.validation;
  const names = logNames(metricNames, validation !== null);
  const initialEpoch = opts.initialEpoch ?? 0;
  const history: Record<string, number[]> = {};
  for (const k of names) history[k] = [...(opts.initialHistory?.[k] ?? [])].slice(0, initialEpoch);

  const rows = data.rows;
  const batch = opts.batch;
  const steps = Math.ceil(rows / batch);
  const batches = new BatchGatherer(data);

  const es = opts.earlyStopping;
  const mode = es ? monitorMode(es.monitor) : 'min';
  const resumed = opts.initialEarlyStopping;
  let best = resumed?.best ?? (mode === 'min' ? Infinity : -Infinity);
  let bestEpoch: number | null = resumed?.bestEpoch ?? null;
  let bestState: Map<string, Float32Array> | null = resumed?.bestState ? copyState(resumed.bestState) : null;
  let wait = resumed?.wait ?? 0;
  let stopped = resumed?.stopped ?? false;
  let epochsRun = initialEpoch;

  /** Reads the totals and stops on the non-finite flag; `clean` is the last step known to be finite. */
  const read = async (epoch: number, clean: number, step: number): Promise<Totals> => {
    const t = await engine.readTotals();
    if (t.nonfinite !== undefined && t.nonfinite !== 0) throw new NonFiniteError(epoch, clean + 1, step, steps, history);
    return t;
  };

  for (let epoch = initialEpoch + 1; epoch <= opts.epochs && !stopped; epoch++) {
    const t0 = now();
    cb.onEpochBegin?.(epoch, opts.epochs, steps);
    engine.resetTotals();
    const order = opts.shuffle ? epochOrder(rows, opts.seed, epoch) : null;
    if (resident) engine.setRowOrder!(order);
    let lastRead = t0;
    let clean = 0;
    const logs: Record<string, number> = {};

    for (let s = 0; s < steps; s++) {
      const start = s * batch;
      const n = Math.min(batch, rows - start);
      if (resident) engine.trainStepRows!(start, n);
      else {
        const { features, targets } = batches.gather(order, start, n);
        engine.trainStep(features, targets, n);
      }
      if (s === steps - 1) {
        means(await read(epoch, clean, s + 1), metricNames, '', logs);
        if (cb.onBatchEnd) {
          const r = cb.onBatchEnd(steps, steps, { ...logs });
          if (isThenable(r)) await r;
        }
      } else if (cb.onBatchEnd) {
        let running: Record<string, number> | null = null;
        if (now() - lastRead >= PROGRESS_READ_INTERVAL_MS) {
          running = means(await read(epoch, clean, s + 1), metricNames, '', {});
          clean = s + 1;
          lastRead = now();
        }
        const r = cb.onBatchEnd(s + 1, steps, running);
        if (isThenable(r)) await r;
      }
    }

    if (validation) means(await engine.evaluate(validation, batch), metricNames, 'val_', logs);
    const ordered: Record<string, number> = {};
    for (const k of names) {
      const value = logs[k]!;
      ordered[k] = value;
      history[k]!.push(value);
    }
    epochsRun = epoch;
    const epochLogs: EpochLogs = { epoch, logs: ordered, ms: now() - t0, steps };
    cb.onEpochEnd?.(epochLogs);

    if (es) {
      const current = ordered[es.monitor];
      if (current === undefined) throw new Error(`early_stopping monitors '${es.monitor}', which training does not report; it reports: ${names.join(', ')}`);
      const improved = mode === 'min' ? current < best - es.minDelta : current > best + es.minDelta;
      if (improved) {
        best = current;
        bestEpoch = epoch;
        wait = 0;
        // The last epoch's state is the final state: nothing to keep.
        if (es.restoreBest && epoch < opts.epochs) bestState = copyState(await engine.getState());
      } else {
        wait++;
        if (wait >= es.patience && epoch > 1) stopped = true;
      }
    }
    if (opts.onEpochComplete) {
      const snapshot = {
        epoch,
        epochs: opts.epochs,
        history,
        earlyStopping: es ? { best: Number.isFinite(best) ? best : null, bestEpoch, wait, stopped, bestState } : null,
      };
      const r = opts.onEpochComplete(snapshot);
      if (isThenable(r)) await r;
    }
  }

  let restored = false;
  if (es?.restoreBest && bestEpoch !== null && bestEpoch !== epochsRun && bestState) {
    engine.setState(bestState);
    restored = true;
  }
  if (stopped) cb.onEarlyStop?.(epochsRun, bestEpoch ?? 0, restored);
  return { history, epochs: epochsRun, bestEpoch: es ? bestEpoch : null, stoppedEarly: stopped, restoredBest: restored };
}
