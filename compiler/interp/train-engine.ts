// The training engine on the reference interpreter: runs the same train_step and evaluate graphs
// as the GPU, in f32, so both backends train identically up to float summation order.
import type { ModuleGraphs, ProgramGraph } from '../codegen/codegen.js';
import type { TrainingSpec } from '../../runtime/program.js';
import type { Dataset, StepEngine, TensorData, Totals } from '../../runtime/train-types.js';
import { evaluate } from './interpreter.js';
import type { NDArray } from './ndarray.js';

export class InterpEngine implements StepEngine {
  readonly metricNames: readonly string[];
  readonly weightNames: readonly string[];
  private readonly state = new Map<string, NDArray>();
  private count = 0;

  constructor(
    private readonly graphs: ModuleGraphs & { training: TrainingSpec },
    shapes: ReadonlyMap<string, readonly number[]>, // every weight and state tensor
    private readonly featureShape: readonly number[],
    private readonly targetShape: readonly number[],
  ) {
    this.metricNames = graphs.training.totals.metrics.map((m) => m.name);
    this.weightNames = graphs.training.weights;
    for (const [name, shape] of shapes) {
      const n = shape.reduce((a, b) => a * b, 1);
      this.state.set(name, { shape, data: new Float32Array(n).fill(graphs.training.stateInit[name] ?? 0) });
    }
    for (const t of [graphs.training.totals, graphs.training.evalTotals]) {
      for (const name of [t.loss, ...t.metrics.map((m) => m.buffer)]) this.state.set(name, { shape: [], data: new Float32Array(1) });
    }
    if (graphs.training.nonfinite) this.state.set(graphs.training.nonfinite, { shape: [], data: new Float32Array(1) });
  }

  private run(program: ProgramGraph, features: Float32Array, targets: TensorData, rows: number): void {
    const t = this.graphs.training;
    const inputs = new Map<string, NDArray>([
      [t.features, { shape: [rows, ...this.featureShape], data: features }],
      [t.targets, { shape: [rows, ...this.targetShape], data: targets }],
    ]);
    const updates = program.updates ?? [];
    const values = evaluate(updates.map((u) => u.node), { inputs, params: this.state }, 'f32');
    // Every update reads the old values: assign only after all are computed.
    updates.forEach((u, i) => {
      const v = values[i]!;
      this.state.set(u.buffer, { shape: this.state.get(u.buffer)!.shape, data: Float32Array.from(v.data) });
    });
  }

  trainStep(features: Float32Array, targets: TensorData, rows: number): void {
    this.run(this.graphs.train_step!, features, targets, rows);
    this.count += rows;
  }

  async readTotals(): Promise<Totals> {
    const totals = this.sums(this.graphs.training.totals, this.count);
    const flag = this.graphs.training.nonfinite;
    return flag ? { ...totals, nonfinite: this.state.get(flag)!.data[0]! } : totals;
  }

  resetTotals(): void {
    this.zero(this.graphs.training.totals);
    const flag = this.graphs.training.nonfinite;
    if (flag) this.state.set(flag, { shape: [], data: new Float32Array(1) });
    this.count = 0;
  }

  async evaluate(data: Dataset, batch: number): Promise<Totals> {
    this.zero(this.graphs.training.evalTotals);
    const f = data.featureShape.reduce((a, b) => a * b, 1);
    const t = data.targetShape.reduce((a, b) => a * b, 1);
    for (let start = 0; start < data.rows; start += batch) {
      const rows = Math.min(batch, data.rows - start);
      this.run(this.graphs.evaluate!, data.features.subarray(start * f, (start + rows) * f), data.targets.subarray(start * t, (start + rows) * t), rows);
    }
    return this.sums(this.graphs.training.evalTotals, data.rows);
  }

  async getState(): Promise<Map<string, Float32Array>> {
    const t = this.graphs.training;
    return new Map([...t.weights, ...t.state].map((n) => [n, Float32Array.from(this.state.get(n)!.data)]));
  }

  setState(state: ReadonlyMap<string, Float32Array>): void {
    for (const [name, data] of state) {
      const prev = this.state.get(name);
      if (!prev) throw new Error(`no state tensor '${name}'`);
      if (prev.data.length !== data.length) throw new Error(`state tensor '${name}' has ${prev.data.length} values, got ${data.length}`);
      this.state.set(name, { shape: prev.shape, data: Float32Array.from(data) });
    }
  }

  /** Runs the predict graph on a batch. */
  predict(features: Float32Array, rows: number): NDArray[] {
    const t = this.graphs.training;
    const inputs = new Map([[t.features, { shape: [rows, ...this.featureShape], data: features }]]);
    return evaluate(this.graphs.predict.outputs.map((o) => o.node), { inputs, params: this.state }, 'f32');
  }

  private zero(t: TrainingSpec['totals']): void {
    for (const name of [t.loss, ...t.metrics.map((m) => m.buffer)]) this.state.set(name, { shape: [], data: new Float32Array(1) });
  }

  private sums(t: TrainingSpec['totals'], count: number): Totals {
    const metrics: Record<string, number> = {};
    for (const m of t.metrics) metrics[m.name] = this.state.get(m.buffer)!.data[0]!;
    return { count, loss: this.state.get(t.loss)!.data[0]!, metrics };
  }
}
