// A loaded bundle: predict, train, evaluate, weights in and out. The app-facing API of the runtime:
//
//   const model = await loadBundle(bytes);          // validates everything, then opens a device
//   const { data, shape } = await model.predict([[0, 1], [1, 1]]);
//   await model.train({ x, y }, { epochs: 5, callbacks: { onEpochEnd: (e) => console.log(e.logs) } });
//   const weights = await model.getWeights();        // safetensors bytes, as `nnc train --save` writes
//   model.dispose();
//
// Inputs are typed arrays (with or without a shape) or nested JS arrays; outputs are typed arrays
// with a shape, and nested arrays on request.

import { checkTensors, decodeBundle, encodeBundle } from './bundle.js';
import { BundleError, type BundleManifest, type TensorInfo } from './bundle-manifest.js';
import { createDevice, type DeviceOptions, type OpenedDevice } from './device.js';
import { setKernelForms } from './pipelines.js';
import { ModuleRunner, type TensorData } from './executor.js';
import { GpuEngine } from './gpu-engine.js';
import type { CompiledModule, Dim } from './program.js';
import { readSafetensors, writeSafetensors, type SafetensorsTensor } from './safetensors.js';
import { splitValidation, train as runTrainer } from './trainer.js';
import type { Dataset, EarlyStoppingOptions, History, TrainCallbacks } from './train-types.js';

/** Nested JS arrays of numbers, e.g. [[0, 1], [1, 0]]. */
export type NestedArray = readonly (number | NestedArray)[];
/** Anything the model accepts as a tensor: a typed array (rows inferred), one with a shape, or nested arrays. */
export type TensorLike =
  | Float32Array
  | Int32Array
  | Float64Array
  | NestedArray
  | { readonly data: ArrayLike<number>; readonly shape: readonly number[] };

export interface LoadOptions extends DeviceOptions {
  /** Run on this device (the caller keeps owning it); otherwise the model opens one and destroys it in dispose(). */
  readonly device?: GPUDevice;
  /**
   * Compile the training programs' pipelines at load. By default a bundle's first prediction
   * waits only for the `predict` kernels; the training ones are compiled at the first train() or
   * evaluate().
   */
  readonly prepareTraining?: boolean;
}

export interface PredictOptions {
  /** Run at most this many rows per submit (large inputs); default: all rows at once. */
  readonly batch?: number;
  /** Also return the values as nested JS arrays (`nested`). */
  readonly nested?: boolean;
}

export interface Prediction {
  readonly name: string;
  readonly data: TensorData;
  readonly shape: number[];
  readonly nested?: NestedArray;
}

/** Training data: features `x` and targets `y` (class indices for sparse losses), or a Dataset. */
export type TrainData = { readonly x: TensorLike; readonly y: TensorLike } | Dataset;

export interface ModelTrainOptions {
  /** Defaults for all of these: the train block's settings stored in the bundle. */
  readonly epochs?: number;
  readonly batch?: number;
  readonly seed?: number;
  readonly shuffle?: boolean;
  /** A split fraction of the data (like `validate = split(0.2)`), separate data, or null for none. */
  readonly validation?: number | TrainData | null;
  readonly earlyStopping?: EarlyStoppingOptions | null;
  readonly callbacks?: TrainCallbacks;
}

const product = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
const fmt = (s: readonly Dim[]): string => `[${s.join(', ')}]`;

/** Values laid out row-major in `shape` as nested arrays. */
export function toNested(data: ArrayLike<number>, shape: readonly number[]): NestedArray {
  const build = (at: number, d: number): NestedArray => {
    const n = shape[d]!;
    const stride = product(shape.slice(d + 1));
    return Array.from({ length: n }, (_, i) => (d === shape.length - 1 ? data[at + i]! : build(at + i * stride, d + 1)));
  };
  return shape.length === 0 ? [data[0]!] : build(0, 0);
}

function flatten(v: NestedArray, what: string): { values: number[]; shape: number[] } {
  const shape: number[] = [];
  for (let x: unknown = v; Array.isArray(x); x = x[0]) shape.push(x.length);
  const values: number[] = [];
  const walk = (x: unknown, d: number): void => {
    if (d === shape.length) {
      if (typeof x !== 'number') throw new Error(`${what}: nested arrays must hold numbers of one rectangular shape, found ${JSON.stringify(x)?.slice(0, 30)}`);
      values.push(x);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[d]) {
      throw new Error(`${what}: nested arrays are ragged (expected ${shape[d]} entries at depth ${d + 1}, found ${Array.isArray(x) ? x.length : 'a number'})`);
    }
    for (const y of x) walk(y, d + 1);
  };
  walk(v, 0);
  return { values, shape };
}

function isShaped(v: unknown): v is { data: ArrayLike<number>; shape: readonly number[] } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'data' in v && 'shape' in v;
}

/** A tensor of `info`'s dtype from anything TensorLike; checks the shape against `info`'s. */
function toTensor(v: TensorLike, info: TensorInfo, what: string): { data: TensorData; shape: number[] } {
  let values: ArrayLike<number>;
  let shape: number[];
  if (isShaped(v)) {
    values = v.data;
    shape = [...v.shape];
    if (product(shape) !== values.length) throw new Error(`${what} has shape ${fmt(shape)} (${product(shape)} values) but ${values.length} values`);
  } else if (Array.isArray(v)) {
    ({ values, shape } = flatten(v as NestedArray, what));
    // One example without its batch dimension.
    if (shape.length === info.shape.length - 1) shape.unshift(1);
  } else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    values = v as ArrayLike<number>;
    const rest = info.shape.slice(1);
    if (rest.some((d) => typeof d !== 'number')) throw new Error(`${what}: give its shape ({ data, shape }), the model takes ${fmt(info.shape)}`);
    const per = product(rest as number[]);
    if (per === 0 || values.length % per !== 0) {
      throw new Error(`${what} has ${values.length} values, not a whole number of rows of ${per} (the model takes ${fmt(info.shape)})`);
    }
    shape = [values.length / per, ...(rest as number[])];
  } else {
    throw new Error(`${what} must be a typed array, { data, shape }, or nested arrays of numbers`);
  }
  const fits = shape.length === info.shape.length && info.shape.every((d, i) => typeof d !== 'number' || d === shape[i]);
  if (!fits) throw new Error(`${what} has shape ${fmt(shape)} but the model takes ${fmt(info.shape)}`);
  if (info.dtype === 'i32') {
    if (values instanceof Int32Array) return { data: values, shape };
    const data = Int32Array.from(values);
    for (let i = 0; i < values.length; i++) {
      if (data[i] !== values[i]) throw new Error(`${what} holds ${values[i]}, but it takes i32 integers`);
    }
    return { data, shape };
  }
  return { data: values instanceof Float32Array ? values : Float32Array.from(values), shape };
}

/** The kernels and buffers of `predict` alone, as a module (same symbols, so the same Dims uniform). */
function predictModule(m: BundleManifest): CompiledModule {
  const p = m.programs.predict;
  const kernels = p.steps.map((i) => m.kernels[i]!);
  const used = new Set([...p.inputs, ...p.outputs].map((io) => io.buffer));
  for (const k of kernels) for (const b of k.bindings) used.add(b.buffer);
  return { symbols: m.symbols, buffers: m.buffers.filter((b) => used.has(b.name)), kernels, programs: { predict: { ...p, steps: kernels.map((_, i) => i) } } };
}

export class Model {
  private disposed = false;
  /** Predicts until training is asked for: the predict kernels only (all of them without training programs). */
  private runner: ModuleRunner | null = null;
  /** Runs everything once training was asked for (or at load with prepareTraining). */
  private engine: GpuEngine | null = null;
  private engineReady: Promise<GpuEngine> | null = null;
  /** The param and state tensors while no engine holds them (the runner holds only predict's). */
  private held: Map<string, TensorData> | null;

  private constructor(
    /** The bundle's manifest: programs, buffers, kernels, train settings. */
    readonly manifest: BundleManifest,
    readonly device: GPUDevice,
    /** The adapter the model opened, or '' when the caller passed a device. */
    readonly adapterName: string,
    private readonly owned: OpenedDevice | null,
    tensors: ReadonlyMap<string, SafetensorsTensor>,
  ) {
    this.held = new Map([...tensors].map(([k, t]) => [k, t.data]));
  }

  /** @internal use loadBundle */
  static async create(manifest: BundleManifest, tensors: ReadonlyMap<string, SafetensorsTensor>, opts: LoadOptions): Promise<Model> {
    const opened = opts.device ? null : await createDevice(opts);
    if (opts.device && opts.kernelForms) setKernelForms(opts.device, opts.kernelForms);
    const model = new Model(manifest, opts.device ?? opened!.device, opened?.adapterName ?? '', opened, tensors);
    try {
      // Predict never writes persistent buffers, so the engine can take over the held tensors later.
      if (manifest.training && (opts.prepareTraining || manifest.programs.predict.updates?.length)) await model.trainingEngine('load');
      else {
        const mod = manifest.training ? predictModule(manifest) : manifest;
        const runner = (model.runner = await ModuleRunner.create(model.device, mod));
        const names = new Set(mod.buffers.map((b) => b.name));
        for (const [k, t] of tensors) if (names.has(k)) runner.setTensor(k, t.data);
      }
    } catch (e) {
      model.dispose();
      throw e;
    }
    return model;
  }

  get name(): string {
    return this.manifest.model;
  }
  get inputs(): readonly TensorInfo[] {
    return this.manifest.inputs;
  }
  get outputs(): readonly TensorInfo[] {
    return this.manifest.outputs;
  }
  /** Whether the bundle has the training programs (compiled from a model with a train block). */
  get trainable(): boolean {
    return this.manifest.training !== undefined;
  }

  /** Runs the model on `input` and returns its first output. */
  async predict(input: TensorLike | Readonly<Record<string, TensorLike>>, opts: PredictOptions = {}): Promise<Prediction> {
    const all = await this.predictAll(input, opts);
    return all[this.manifest.outputs[0]!.name]!;
  }

  /** Runs the model; every output by name. A model with several inputs takes a record by input name. */
  async predictAll(input: TensorLike | Readonly<Record<string, TensorLike>>, opts: PredictOptions = {}): Promise<Record<string, Prediction>> {
    this.alive();
    const infos = this.manifest.inputs;
    let given: Readonly<Record<string, TensorLike>>;
    // A plain object other than { data, shape } maps input names to tensors.
    if (isRecordOf(input) && !isShaped(input)) given = input as Record<string, TensorLike>;
    else if (infos.length === 1) given = { [infos[0]!.name]: input as TensorLike };
    else throw new Error(`model '${this.name}' has inputs ${infos.map((i) => `'${i.name}'`).join(', ')}: pass { ${infos.map((i) => i.name).join(', ')} }`);
    const unknown = Object.keys(given).filter((k) => !infos.some((i) => i.name === k));
    if (unknown.length) throw new Error(`model '${this.name}' has no input '${unknown[0]}'; its inputs are ${infos.map((i) => `'${i.name}'`).join(', ')}`);
    const feeds = infos.map((info) => {
      const v = given[info.name];
      if (v === undefined) throw new Error(`missing input '${info.name}' (shape ${fmt(info.shape)})`);
      return { info, ...toTensor(v, info, `input '${info.name}'`) };
    });

    const rows = feeds[0]!.shape[0]!;
    const batch = opts.batch;
    if (batch !== undefined && (!Number.isInteger(batch) || batch < 1)) throw new Error(`batch must be a whole number of at least 1, got ${batch}`);
    const chunks: { start: number; n: number }[] = [];
    if (batch === undefined || rows <= batch) chunks.push({ start: 0, n: rows });
    else {
      const sym = infos[0]!.shape[0];
      const batched = typeof sym === 'string' && infos.every((i) => i.shape[0] === sym) && this.manifest.outputs.every((o) => o.shape[0] === sym);
      if (!batched) throw new Error(`the batch option needs every input and output to start with the batch dimension`);
      for (let s = 0; s < rows; s += batch) chunks.push({ start: s, n: Math.min(batch, rows - s) });
    }
    // All chunks are submitted before any is awaited: the queue orders them.
    const runs = chunks.map(({ start, n }) => {
      const sliced = feeds.map((f) => {
        const per = product(f.shape.slice(1));
        return { ...f, data: chunks.length === 1 ? f.data : f.data.subarray(start * per, (start + n) * per), shape: [n, ...f.shape.slice(1)] };
      });
      if (!this.runner) return this.engine!.predict(sliced[0]!.data as Float32Array, n);
      return this.runner.run('predict', Object.fromEntries(sliced.map((f) => [f.info.name, { data: f.data, shape: f.shape }])));
    });
    const results = await Promise.all(runs);
    // Each output as the manifest declares it: its symbols bound by the inputs' shapes (a buffer
    // shared by the memory plan may be larger than the output it holds).
    const bound = new Map<string, number>();
    for (const f of feeds) f.info.shape.forEach((d, i) => typeof d === 'string' && bound.set(d, f.shape[i]!));
    const batchSym = infos[0]!.shape[0];
    const declared = (o: TensorInfo, p: { data: TensorData; shape: number[] }, rowsHere: number): { data: TensorData; shape: number[] } => {
      if (o.shape.some((d) => typeof d === 'string' && !bound.has(d))) return p;
      const shape = o.shape.map((d) => (typeof d === 'number' ? d : d === batchSym ? rowsHere : bound.get(d)!));
      const n = product(shape);
      return n === p.data.length ? { data: p.data, shape } : n < p.data.length ? { data: p.data.slice(0, n), shape } : p;
    };
    const out: Record<string, Prediction> = {};
    for (const o of this.manifest.outputs) {
      const parts = results.map((r, c) => declared(o, r[o.name]!, chunks[c]!.n));
      let data = parts[0]!.data;
      const shape = [...parts[0]!.shape];
      if (parts.length > 1) {
        data = o.dtype === 'f32' ? new Float32Array(parts.reduce((a, p) => a + p.data.length, 0)) : new Int32Array(parts.reduce((a, p) => a + p.data.length, 0));
        let at = 0;
        for (const p of parts) {
          data.set(p.data, at);
          at += p.data.length;
        }
        shape[0] = rows;
      }
      out[o.name] = { name: o.name, data, shape, ...(opts.nested ? { nested: toNested(data, shape) } : {}) };
    }
    return out;
  }

  /**
   * Trains with the runtime trainer (one GPU submit per batch); options default to the train
   * block's settings stored in the bundle. Returns the per-epoch history.
   */
  async train(data: TrainData, options: ModelTrainOptions = {}): Promise<History> {
    const engine = await this.trainingEngine('train');
    const s = this.manifest.train!;
    let ds = this.dataset(data, 'training data');
    const seed = options.seed ?? s.seed;
    const v = options.validation === undefined ? s.validationSplit : options.validation;
    let validation: Dataset | null = null;
    if (typeof v === 'number') ({ train: ds, validation } = splitValidation(ds, v, seed));
    else if (v) validation = this.dataset(v, 'validation data');
    return runTrainer(engine, ds, {
      epochs: options.epochs ?? s.epochs,
      batch: options.batch ?? s.batch,
      seed,
      shuffle: options.shuffle ?? s.shuffle,
      validation,
      earlyStopping: options.earlyStopping === undefined ? s.earlyStopping : options.earlyStopping,
      ...(options.callbacks ? { callbacks: options.callbacks } : {}),
    });
  }

  /** Mean loss and metrics over `data` in inference mode, e.g. { loss: 0.12, accuracy: 0.97 }. */
  async evaluate(data: TrainData, opts: { readonly batch?: number } = {}): Promise<Record<string, number>> {
    const engine = await this.trainingEngine('evaluate');
    const ds = this.dataset(data, 'evaluation data');
    const t = await engine.evaluate(ds, opts.batch ?? this.manifest.train!.batch);
    const out: Record<string, number> = { loss: t.loss / t.count };
    for (const [k, v] of Object.entries(t.metrics)) out[k] = v / t.count;
    return out;
  }

  /**
   * The weights as safetensors bytes (what `nnc train --save` writes, loadable by `nnc predict
   * --weights`); with `optimizerState`, also the optimizer's slots and step counter.
   */
  async getWeights(opts: { readonly optimizerState?: boolean } = {}): Promise<Uint8Array> {
    this.alive();
    const names = [...this.manifest.weights, ...(opts.optimizerState && this.manifest.training ? this.manifest.training.state : [])];
    return writeSafetensors(await this.read(names), { format: 'nnc', model: this.name });
  }

  /** Replaces the weights (and optimizer state, if the bytes hold it) from safetensors bytes. */
  setWeights(bytes: Uint8Array | ArrayBuffer): void {
    this.alive();
    let tensors: Map<string, SafetensorsTensor>;
    try {
      tensors = readSafetensors(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
    } catch (e) {
      throw new BundleError(`setWeights: ${(e as Error).message}`);
    }
    checkTensors(this.manifest, tensors, 'setWeights: the weights');
    for (const [k, t] of tensors) {
      this.held?.set(k, t.data);
      if (this.runner && this.runner.module.buffers.some((b) => b.name === k)) this.runner.setTensor(k, t.data);
    }
    if (this.engine) this.engine.setState(new Map([...tensors].map(([k, t]) => [k, t.data as Float32Array])));
  }

  /** A new bundle: this one's programs with the current weights and optimizer state (e.g. after fine-tuning). */
  async toBundle(): Promise<Uint8Array> {
    this.alive();
    const names = [...this.manifest.weights, ...(this.manifest.training?.state ?? [])];
    return encodeBundle(this.manifest, writeSafetensors(await this.read(names), { format: 'nnc', model: this.name }));
  }

  /** Frees the GPU buffers, and destroys the device if the model opened it. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.engine?.destroy();
    this.runner?.destroy();
    this.owned?.destroy();
  }

  private alive(): void {
    if (this.disposed) throw new Error(`model '${this.name}' was disposed`);
  }

  /** The engine, created at the first need: every pipeline, and the held tensors uploaded. */
  private trainingEngine(what: string): Promise<GpuEngine> {
    this.alive();
    if (!this.manifest.training) {
      return Promise.reject(new Error(`${what}: this bundle of '${this.name}' has no training programs; compile it from a model with a train block, without --inference-only`));
    }
    this.engineReady ??= (async () => {
      const engine = await GpuEngine.create(this.device, this.manifest);
      if (this.disposed) {
        engine.destroy();
        throw new Error(`model '${this.name}' was disposed`);
      }
      engine.setState(new Map([...this.held!].map(([k, v]) => [k, v as Float32Array])));
      this.engine = engine;
      this.held = null;
      const runner = this.runner;
      this.runner = null;
      if (runner) {
        await this.device.queue.onSubmittedWorkDone(); // predictions already submitted finish first
        runner.destroy();
      }
      return engine;
    })();
    this.engineReady.catch(() => (this.engineReady = null));
    return this.engineReady;
  }

  private async read(names: readonly string[]): Promise<[string, { shape: number[]; data: TensorData }][]> {
    const specs = new Map(this.manifest.buffers.map((b) => [b.name, b]));
    const state = this.engine ? await this.engine.getState() : null;
    // A tensor the bundle did not hold and no engine has yet: its initial value (zeros, or stateInit).
    const initial = (n: string): TensorData => new Float32Array(product(specs.get(n)!.shape as number[])).fill(this.manifest.training?.stateInit[n] ?? 0);
    const onRunner = (n: string): boolean => this.runner?.module.buffers.some((b) => b.name === n) ?? false;
    const values = await Promise.all(names.map((n) => state?.get(n) ?? this.held?.get(n)?.slice() ?? (onRunner(n) ? this.runner!.readTensor(n) : initial(n))));
    return names.map((n, i) => [n, { shape: specs.get(n)!.shape as number[], data: values[i]! }]);
  }

  private dataset(data: TrainData, what: string): Dataset {
    const t = this.manifest.training!;
    const specs = new Map(this.manifest.buffers.map((b) => [b.name, b]));
    const fSpec = specs.get(t.features)!;
    const tSpec = specs.get(t.targets)!;
    const featureShape = fSpec.shape.slice(1) as number[];
    const targetShape = tSpec.shape.slice(1) as number[];
    if ('rows' in data) {
      const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
      if (!same(data.featureShape, featureShape) || !same(data.targetShape, targetShape)) {
        throw new Error(`the ${what} has rows of ${fmt(data.featureShape)} -> ${fmt(data.targetShape)}; the model trains on ${fmt(featureShape)} -> ${fmt(targetShape)}`);
      }
      return data;
    }
    const x = toTensor(data.x, { name: t.features, dtype: 'f32', shape: fSpec.shape }, `the ${what}'s x`);
    const rows = x.shape[0]!;
    const per = product(targetShape);
    let y: { data: TensorData; shape: number[] };
    const loss = this.manifest.train!.loss;
    const yInfo = { name: t.targets, dtype: tSpec.dtype, shape: tSpec.shape };
    const yFlat = (v: TensorLike): ArrayLike<number> => (isShaped(v) ? v.data : Array.isArray(v) ? flatten(v, `the ${what}'s y`).values : (v as ArrayLike<number>));
    const labels = yFlat(data.y);
    if (labels.length === rows && per !== 1 && loss === 'categorical_crossentropy') {
      // One class index per row for a one-hot loss: one-hot it (as nnc train does for CSV labels).
      const onehot = new Float32Array(rows * per);
      for (let r = 0; r < rows; r++) {
        const c = labels[r]!;
        if (!Number.isInteger(c) || c < 0 || c >= per) throw new Error(`the ${what}'s y: row ${r + 1}: label ${c} is not a class index from 0 to ${per - 1}`);
        onehot[r * per + c] = 1;
      }
      y = { data: onehot, shape: [rows, ...targetShape] };
    } else if (labels.length === rows * per) {
      // Any layout with the right number of values per row ([N], [N, 1], flat).
      y = toTensor({ data: labels, shape: [rows, ...targetShape] }, yInfo, `the ${what}'s y`);
    } else {
      throw new Error(`the ${what}'s y has ${labels.length} values; ${rows} rows of x need ${rows * per} (rows of ${fmt(targetShape)})`);
    }
    if (loss === 'sparse_categorical_crossentropy') {
      const classes = this.manifest.outputs[0]!.shape.at(-1);
      y.data.forEach((c, r) => {
        if (c < 0 || (typeof classes === 'number' && c >= classes)) throw new Error(`the ${what}'s y: row ${r + 1}: label ${c} is not a class index from 0 to ${Number(classes) - 1}`);
      });
    }
    return { rows, features: x.data as Float32Array, featureShape, targets: y.data, targetShape };
  }
}

function isRecordOf(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

/**
 * Loads a bundle: validates all of it (magic, version, sizes, checksum, manifest, weights) before
 * any device work, then compiles its pipelines (in parallel) and uploads its weights.
 */
export async function loadBundle(bytes: Uint8Array | ArrayBuffer, opts: LoadOptions = {}): Promise<Model> {
  const { manifest, tensors } = await decodeBundle(bytes);
  return Model.create(manifest, tensors, opts);
}
