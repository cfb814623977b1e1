// The contract between the trainer (epochs, batches, early stopping, history, progress) and the
// engine that runs one training step: the GPU runner of a compiled program, or the reference
// interpreter. The trainer never sees a graph or a kernel.

export type TensorData = Float32Array | Int32Array;

/** A data set in memory: `rows` examples; features row-major [rows, ...featureShape]. */
export interface Dataset {
  readonly rows: number;
  readonly features: Float32Array;
  readonly featureShape: readonly number[]; // per example, e.g. [20]
  readonly targets: TensorData; // f32 values/one-hot, or i32 class indices
  readonly targetShape: readonly number[]; // per example, e.g. [1], [10] or [] for i32 labels
}

/** Sums over the examples seen since the last reset; the trainer divides by `count`. */
export interface Totals {
  readonly count: number;
  readonly loss: number; // sum of per-example loss (without regularization penalties)
  readonly metrics: Readonly<Record<string, number>>; // metric name → sum over examples
  /** 1 once a step's loss or new weights held a NaN or ±Inf since the reset, else 0; absent: not tracked. */
  readonly nonfinite?: number;
}

export interface StepEngine {
  /** Metric names the engine computes, in display order (e.g. ['accuracy']). */
  readonly metricNames: readonly string[];
  /**
   * Runs one training step on a batch (forward, loss, backward, optimizer and BN updates),
   * adding the batch's loss and metric sums to the running totals. May return before the GPU is
   * done: the trainer only waits in `readTotals`.
   */
  trainStep(features: Float32Array, targets: TensorData, batchRows: number): void;
  /** The totals accumulated by `trainStep` since `resetTotals`. */
  readTotals(): Promise<Totals>;
  resetTotals(): void;
  /** Loss and metric sums of the model in inference mode over `data` (batched internally). */
  evaluate(data: Dataset, batch: number): Promise<Totals>;
  /** Every parameter and persistent state tensor (BN statistics, optimizer slots, step), by name. */
  getState(): Promise<Map<string, Float32Array>>;
  setState(state: ReadonlyMap<string, Float32Array>): void;
  /** The trainable and BN-statistics tensors only (what a weights file holds). */
  readonly weightNames: readonly string[];
  /**
   * Optional: keeps `data` on the device (false when it does not fit; null releases it). While it
   * is there the trainer calls `setRowOrder` once per epoch and `trainStepRows` instead of
   * `trainStep`, so batches are gathered where the model runs, bit for bit the same rows.
   */
  setResidentData?(data: Dataset | null): boolean;
  /** The epoch's row order (null: file order) for `trainStepRows`. */
  setRowOrder?(order: Uint32Array | null): void;
  /** `trainStep` on the resident rows order[start .. start + rows). */
  trainStepRows?(start: number, rows: number): void;
}

export interface EarlyStoppingOptions {
  readonly monitor: string; // 'val_loss', 'loss', 'val_accuracy', ...
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBest: boolean;
}

export interface TrainOptions {
  readonly epochs: number;
  readonly batch: number;
  readonly seed: number;
  readonly shuffle: boolean;
  readonly validation: Dataset | null;
  readonly earlyStopping: EarlyStoppingOptions | null;
  /** Called as training goes; the CLI renders Keras-style progress from these. */
  readonly callbacks?: TrainCallbacks;
  /**
   * Resuming (Keras's `initial_epoch`): the epochs already run. Training continues with epoch
   * `initialEpoch + 1`; shuffling and dropout depend only on (seed, epoch, step), so a resumed run
   * from the state saved after that epoch ends bit-identical to one that never stopped. Default 0.
   */
  readonly initialEpoch?: number;
  /** The history of those epochs; the result's history continues it. */
  readonly initialHistory?: Readonly<Record<string, readonly number[]>>;
  /** The early-stopping state after epoch `initialEpoch`, as a checkpoint stored it. */
  readonly initialEarlyStopping?: EarlyStoppingState;
  /**
   * Called (and awaited) after every completed epoch, after validation and early stopping, before
   * training stops early or goes on: where checkpoints are written. Not called for an epoch whose
   * loss or weights became non-finite.
   */
  readonly onEpochComplete?: (snapshot: EpochSnapshot) => void | Promise<void>;
}

/** Early stopping's running state (Keras's EarlyStopping: best, wait, best weights). */
export interface EarlyStoppingState {
  /** The best monitored figure so far; null before the first epoch. */
  readonly best: number | null;
  readonly bestEpoch: number | null;
  readonly wait: number;
  /** Training stopped early after this epoch. */
  readonly stopped: boolean;
  /** With restore_best: the state of the best epoch (absent when it is the latest epoch's). */
  readonly bestState: ReadonlyMap<string, Float32Array> | null;
}

/** What the trainer knows at the end of an epoch, for a checkpoint. */
export interface EpochSnapshot {
  readonly epoch: number; // 1-based, completed
  readonly epochs: number; // the total asked for
  readonly history: Readonly<Record<string, readonly number[]>>;
  readonly earlyStopping: EarlyStoppingState | null;
}

export interface EpochLogs {
  readonly epoch: number; // 1-based
  readonly logs: Readonly<Record<string, number>>; // loss, accuracy, val_loss, val_accuracy, ...
  readonly ms: number;
  readonly steps: number;
}

export interface TrainCallbacks {
  onEpochBegin?(epoch: number, epochs: number, steps: number): void;
  /** After a step; `logs` holds running means when the trainer read them (it may skip reads). */
  onBatchEnd?(step: number, steps: number, logs: Readonly<Record<string, number>> | null): void | Promise<void>;
  onEpochEnd?(e: EpochLogs): void;
  onEarlyStop?(epoch: number, bestEpoch: number, restored: boolean): void;
}

export interface History {
  /** One entry per epoch for each figure: loss, val_loss, and every metric (and val_ metric). */
  readonly history: Readonly<Record<string, readonly number[]>>;
  readonly epochs: number; // epochs actually run
  readonly bestEpoch: number | null; // 1-based; with early stopping
  readonly stoppedEarly: boolean;
  readonly restoredBest: boolean;
}
