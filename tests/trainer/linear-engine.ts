// A real StepEngine for the trainer's tests: linear regression y = x·w + b (one output) trained by
// plain mini-batch SGD on the mean squared error, in JavaScript. Loss: squared error per example.
// Metrics: `mae` (absolute error) and `accuracy` (the share of examples predicted within
// `tolerance` of the target). Parameters live in Float32Arrays, as on a GPU.

import type { Dataset, StepEngine, TensorData, Totals } from '../../runtime/train-types.js';

export type LinearMetric = 'mae' | 'accuracy';

export interface LinearEngineOptions {
  readonly inputs: number;
  readonly lr: number;
  readonly metrics?: readonly LinearMetric[];
  /** |prediction - target| below this counts as accurate (default 0.25). */
  readonly tolerance?: number;
  /** Initial kernel (default zeros) and bias (default 0). */
  readonly kernel?: readonly number[];
  readonly bias?: number;
  /** Keep a copy of every batch's features (to check batch order). */
  readonly record?: boolean;
}

interface Sums {
  count: number;
  loss: number;
  metrics: Record<string, number>;
}

export class LinearEngine implements StepEngine {
  readonly metricNames: readonly string[];
  readonly weightNames = ['dense.kernel', 'dense.bias'] as const;
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
  /** The optimizer's step counter (persistent state, like Adam's t). */
  readonly step = new Float32Array(1);
  /** Copies of the features of every batch trained on, when `record`. */
  readonly batches: Float32Array[] = [];
  /** Row counts of every batch trained on. */
  readonly batchRows: number[] = [];
  readTotalsCalls = 0;
  getStateCalls = 0;
  setStateCalls = 0;
  private totals: Sums;
  private readonly tolerance: number;

  constructor(private readonly opts: LinearEngineOptions) {
    this.metricNames = [...(opts.metrics ?? ['mae'])];
    this.kernel = Float32Array.from(opts.kernel ?? new Array<number>(opts.inputs).fill(0));
    this.bias = Float32Array.from([opts.bias ?? 0]);
    this.tolerance = opts.tolerance ?? 0.25;
    this.totals = this.zero();
  }

  private zero(): Sums {
    return { count: 0, loss: 0, metrics: Object.fromEntries(this.metricNames.map((m) => [m, 0])) };
  }

  private predict(features: Float32Array, row: number): number {
    const d = this.opts.inputs;
    let p = this.bias[0]!;
    for (let j = 0; j < d; j++) p += features[row * d + j]! * this.kernel[j]!;
    return p;
  }

  /** Adds the batch's loss and metric sums to `sums`; returns the prediction errors. */
  private forward(features: Float32Array, targets: TensorData, rows: number, sums: Sums): Float64Array {
    const err = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const e = this.predict(features, i) - targets[i]!;
      err[i] = e;
      sums.count++;
      sums.loss += e * e;
      if ('mae' in sums.metrics) sums.metrics.mae! += Math.abs(e);
      if ('accuracy' in sums.metrics) sums.metrics.accuracy! += Math.abs(e) < this.tolerance ? 1 : 0;
    }
    return err;
  }

  trainStep(features: Float32Array, targets: TensorData, batchRows: number): void {
    const d = this.opts.inputs;
    if (features.length !== batchRows * d || targets.length !== batchRows) {
      throw new Error(`trainStep: ${features.length} features and ${targets.length} targets for ${batchRows} rows`);
    }
    if (this.opts.record) this.batches.push(features.slice());
    this.batchRows.push(batchRows);
    const err = this.forward(features, targets, batchRows, this.totals);
    // d/dw mean((xw + b - y)^2) = 2/n sum(err * x)
    const lr = this.opts.lr;
    const scale = (2 / batchRows) * lr;
    for (let j = 0; j < d; j++) {
      let g = 0;
      for (let i = 0; i < batchRows; i++) g += err[i]! * features[i * d + j]!;
      this.kernel[j] = this.kernel[j]! - scale * g;
    }
    let gb = 0;
    for (let i = 0; i < batchRows; i++) gb += err[i]!;
    this.bias[0] = this.bias[0]! - scale * gb;
    this.step[0] = this.step[0]! + 1;
  }

  async readTotals(): Promise<Totals> {
    this.readTotalsCalls++;
    await Promise.resolve(); // a GPU read resolves later
    return { count: this.totals.count, loss: this.totals.loss, metrics: { ...this.totals.metrics } };
  }

  resetTotals(): void {
    this.totals = this.zero();
  }

  async evaluate(data: Dataset, batch: number): Promise<Totals> {
    const sums = this.zero();
    const d = this.opts.inputs;
    for (let start = 0; start < data.rows; start += batch) {
      const n = Math.min(batch, data.rows - start);
      this.forward(data.features.subarray(start * d, (start + n) * d), data.targets.subarray(start, start + n), n, sums);
    }
    return sums;
  }

  async getState(): Promise<Map<string, Float32Array>> {
    this.getStateCalls++;
    return this.snapshot();
  }

  /** The state now, synchronously (for the tests' own bookkeeping). */
  snapshot(): Map<string, Float32Array> {
    return new Map([
      ['dense.kernel', this.kernel.slice()],
      ['dense.bias', this.bias.slice()],
      ['optimizer.step', this.step.slice()],
    ]);
  }

  setState(state: ReadonlyMap<string, Float32Array>): void {
    this.setStateCalls++;
    for (const [name, into] of [
      ['dense.kernel', this.kernel],
      ['dense.bias', this.bias],
      ['optimizer.step', this.step],
    ] as const) {
      const v = state.get(name);
      if (!v || v.length !== into.length) throw new Error(`setState: missing or mis-sized '${name}'`);
      into.set(v);
    }
  }
}

/** A data set with `rows` rows of `inputs` features from `x(i, j)` and targets `y(features)`. */
export function makeData(rows: number, inputs: number, x: (i: number, j: number) => number, y: (xs: number[]) => number): Dataset {
  const features = new Float32Array(rows * inputs);
  const targets = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    const xs: number[] = [];
    for (let j = 0; j < inputs; j++) {
      features[i * inputs + j] = x(i, j);
      xs.push(features[i * inputs + j]!);
    }
    targets[i] = y(xs);
  }
  return { rows, features, featureShape: [inputs], targets, targetShape: [1] };
}

/** Row ids of every recorded batch, when feature 0 of row i is i. */
export function batchIds(engine: LinearEngine): number[][] {
  const d = engine.kernel.length;
  return engine.batches.map((b) => Array.from({ length: b.length / d }, (_, i) => b[i * d]!));
}

export function stateEquals(a: ReadonlyMap<string, Float32Array>, b: ReadonlyMap<string, Float32Array>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w || w.length !== v.length || v.some((x, i) => !Object.is(x, w[i]))) return false;
  }
  return true;
}
