// The training engine of a compiled module on WebGPU: one `train_step` submit per batch, running
// totals kept on the GPU and read only when the trainer asks (end of epoch, progress display).
import { ModuleRunner, type TensorData } from './executor.js';
import type { CompiledModule, TrainingSpec } from './program.js';
import type { Dataset, StepEngine, Totals } from './train-types.js';

/** The device went away (destroyed, driver reset, out of memory): nothing more can run on it. */
export class DeviceLostError extends Error {
  /** The first line of the device's own message (may be empty). */
  readonly detail: string;
  constructor(readonly reason: string, message: string) {
    const detail = (message ?? '').trim().split('\n')[0]!;
    super(reason === 'destroyed' ? 'the GPU device was destroyed' : `the GPU device was lost${detail ? `: ${detail}` : ''}`);
    this.detail = detail;
    this.name = 'DeviceLostError';
  }
}

export class GpuEngine implements StepEngine {
  readonly metricNames: readonly string[];
  readonly weightNames: readonly string[];
  private readonly featureShape: readonly number[];
  private readonly targetShape: readonly number[];
  private pending: Promise<unknown>[] = [];
  private count = 0;
  private lostError: DeviceLostError | null = null;
  /** Waits on the GPU in progress: each is rejected when the device is lost, so none can hang. */
  private readonly waiting = new Set<(e: Error) => void>();

  private constructor(
    private readonly runner: ModuleRunner,
    private readonly spec: TrainingSpec,
  ) {
    this.metricNames = spec.totals.metrics.map((m) => m.name);
    this.weightNames = spec.weights;
    const shapeOf = (name: string) => {
      const b = runner.module.buffers.find((x) => x.name === name);
      if (!b) throw new Error(`the module has no buffer '${name}'`);
      return b.shape.slice(1).map((d) => {
        if (typeof d !== 'number') throw new Error(`buffer '${name}' has a symbolic dimension past the batch: ${String(d)}`);
        return d;
      });
    };
    this.featureShape = shapeOf(spec.features);
    this.targetShape = shapeOf(spec.targets);
    const lost: Promise<GPUDeviceLostInfo> | undefined = runner.device.lost;
    void lost?.then((info) => {
      const e = (this.lostError = new DeviceLostError(info.reason, info.message));
      for (const fail of this.waiting) fail(e);
      this.waiting.clear();
    });
  }

  /** A runner for `mod` (which must have training programs), with zeroed totals and initial state. */
  static async create(device: GPUDevice, mod: CompiledModule): Promise<GpuEngine> {
    if (!mod.training || !mod.programs.train_step || !mod.programs.evaluate) {
      throw new Error('this module has no training programs; compile it from a model with a train block');
    }
    const runner = await ModuleRunner.create(device, mod);
    for (const [name, v] of Object.entries(mod.training.stateInit)) {
      const b = mod.buffers.find((x) => x.name === name)!;
      runner.setTensor(name, new Float32Array(b.shape.reduce<number>((a, d) => a * (d as number), 1)).fill(v));
    }
    return new GpuEngine(runner, mod.training);
  }

  trainStep(features: Float32Array, targets: TensorData, rows: number): void {
    const p = this.runner.run('train_step', {
      [this.spec.features]: { data: features, shape: [rows, ...this.featureShape] },
      [this.spec.targets]: { data: targets, shape: [rows, ...this.targetShape] },
    });
    p.catch(() => undefined); // surfaced by the next readTotals
    this.pending.push(p);
    this.count += rows;
  }

  // ---- Optional fast path: the training set resident in device memory ------------------------
  // A data set that fits is uploaded once; each step then gathers its rows on the device (from the
  // epoch's shuffled order, uploaded once per epoch) in the same submit as the step, instead of
  // gathering on the CPU and uploading the batch. The StepEngine contract above is unchanged.

  /** Uploads `data` for trainStepRows; false (nothing uploaded) when it exceeds the device's buffer limits; null releases it. */
  setResidentData(data: Dataset | null): boolean {
    this.dropResident();
    if (!data) return false;
    const device = this.runner.device;
    const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
    const f = data.features.byteLength;
    const t = data.targets.byteLength;
    if (data.rows === 0 || f > limit || t > limit || 4 * data.rows > limit) return false;
    const make = (label: string, bytes: number) => device.createBuffer({ label, size: Math.max(16, Math.ceil(bytes / 4) * 4), usage: 0x80 | 0x8 });
    const features = make('resident features', f);
    const targets = make('resident targets', t);
    const order = make('resident row order', 4 * data.rows);
    device.queue.writeBuffer(features, 0, data.features.buffer, data.features.byteOffset, f);
    device.queue.writeBuffer(targets, 0, data.targets.buffer, data.targets.byteOffset, t);
    this.resident = { features, targets, order, rows: data.rows };
    this.setRowOrder(null);
    return true;
  }

  /** The order in which trainStepRows visits the resident rows (an epoch's shuffle); null: file order. */
  setRowOrder(order: Uint32Array | null): void {
    const r = this.resident;
    if (!r) throw new Error('setRowOrder needs resident data (setResidentData)');
    const o = order ?? Uint32Array.from({ length: r.rows }, (_, i) => i);
    if (o.length !== r.rows) throw new Error(`the row order has ${o.length} entries for ${r.rows} resident rows`);
    this.runner.device.queue.writeBuffer(r.order, 0, o.buffer, o.byteOffset, o.byteLength);
  }

  /** A training step on rows order[start .. start + rows) of the resident data, gathered on the device. */
  trainStepRows(start: number, rows: number): void {
    const r = this.resident;
    if (!r) throw new Error('trainStepRows needs resident data (setResidentData)');
    if (!(Number.isInteger(start) && Number.isInteger(rows) && start >= 0 && rows >= 0 && start + rows <= r.rows)) {
      throw new Error(`rows [${start}, ${start + rows}) are outside the ${r.rows} resident rows`);
    }
    const p = this.runner.run(
      'train_step',
      {},
      {
        [this.spec.features]: { shape: [rows, ...this.featureShape], source: r.features, index: r.order, offset: start },
        [this.spec.targets]: { shape: [rows, ...this.targetShape], source: r.targets, index: r.order, offset: start },
      },
    );
    p.catch(() => undefined); // surfaced by the next readTotals
    this.pending.push(p);
    this.count += rows;
  }

  private resident: { features: GPUBuffer; targets: GPUBuffer; order: GPUBuffer; rows: number } | null = null;

  private dropResident(): void {
    const r = this.resident;
    this.resident = null;
    if (!r) return;
    r.features.destroy();
    r.targets.destroy();
    r.order.destroy();
  }

  async readTotals(): Promise<Totals> {
    await this.settle();
    const flag = this.spec.nonfinite;
    const [totals, nonfinite] = await this.guard(Promise.all([this.readSums(this.spec.totals, this.count), flag ? this.runner.readTensor(flag) : null]));
    return nonfinite ? { ...totals, nonfinite: nonfinite[0]! } : totals;
  }

  resetTotals(): void {
    this.zero(this.spec.totals);
    if (this.spec.nonfinite) this.runner.setTensor(this.spec.nonfinite, new Float32Array(1));
    this.count = 0;
  }

  async evaluate(data: Dataset, batch: number): Promise<Totals> {
    await this.settle();
    this.zero(this.spec.evalTotals);
    const f = data.featureShape.reduce((a, b) => a * b, 1);
    const t = data.targetShape.reduce((a, b) => a * b, 1);
    for (let start = 0; start < data.rows; start += batch) {
      const rows = Math.min(batch, data.rows - start);
      const p = this.runner.run('evaluate', {
        [this.spec.features]: { data: data.features.subarray(start * f, (start + rows) * f), shape: [rows, ...this.featureShape] },
        [this.spec.targets]: { data: data.targets.subarray(start * t, (start + rows) * t), shape: [rows, ...this.targetShape] },
      });
      p.catch(() => undefined);
      this.pending.push(p);
    }
    await this.settle();
    return this.guard(this.readSums(this.spec.evalTotals, data.rows));
  }

  async getState(): Promise<Map<string, Float32Array>> {
    await this.settle();
    const names = [...this.spec.weights, ...this.spec.state];
    const values = await this.guard(Promise.all(names.map((n) => this.runner.readTensor(n))));
    return new Map(names.map((n, i) => [n, values[i] as Float32Array]));
  }

  setState(state: ReadonlyMap<string, Float32Array>): void {
    for (const [name, data] of state) this.runner.setTensor(name, data);
  }

  /** Runs `predict` on a batch of features. */
  async predict(features: Float32Array, rows: number): Promise<Record<string, { data: TensorData; shape: number[] }>> {
    await this.settle();
    return this.guard(this.runner.run('predict', { [this.spec.features]: { data: features, shape: [rows, ...this.featureShape] } }));
  }

  destroy(): void {
    this.dropResident();
    this.runner.destroy();
  }

  private async settle(): Promise<void> {
    const all = this.pending;
    this.pending = [];
    await this.guard(Promise.all(all));
  }

  /**
   * `p`, or the DeviceLostError once the device is lost (also when `p` failed because of it). Not
   * a Promise.race with device.lost: reactions on a promise that never settles would pile up.
   */
  private guard<T>(p: Promise<T>): Promise<T> {
    if (this.lostError) {
      p.catch(() => undefined);
      return Promise.reject(this.lostError);
    }
    return new Promise<T>((resolve, reject) => {
      const fail = (e: Error): void => reject(e);
      this.waiting.add(fail);
      p.then(
        (v) => {
          this.waiting.delete(fail);
          resolve(v);
        },
        (e: unknown) => {
          this.waiting.delete(fail);
          // A map aborted by the loss may reject just before device.lost settles: give it a moment.
          if (!this.lostError && (e as { name?: string } | null)?.name === 'AbortError') {
            this.waiting.add(fail);
            setTimeout(() => {
              this.waiting.delete(fail);
              reject(this.lostError ?? e);
            }, 100);
          } else reject(this.lostError ?? e);
        },
      );
    });
  }

  private zero(t: TrainingSpec['totals']): void {
    for (const name of [t.loss, ...t.metrics.map((m) => m.buffer)]) this.runner.setTensor(name, new Float32Array(1));
  }

  private async readSums(t: TrainingSpec['totals'], count: number): Promise<Totals> {
    const names = [t.loss, ...t.metrics.map((m) => m.buffer)];
    const v = await Promise.all(names.map((n) => this.runner.readTensor(n)));
    const metrics: Record<string, number> = {};
    t.metrics.forEach((m, i) => {
      metrics[m.name] = v[i + 1]![0]!;
    });
    return { count, loss: v[0]![0]!, metrics };
  }
}
