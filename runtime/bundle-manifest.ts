// The manifest of a bundle (docs/bundle-format.md): its TypeScript form and a checker that turns
// untrusted JSON into a BundleManifest or throws a one-line error naming the offending field.
// Everything here runs before any device work.

import type { CompiledModule, Dim, DType } from './program.js';
import { validateModule } from './validate.js';

/** A model input or output as the manifest lists it: shape with symbolic dims (e.g. ["N", 64]). */
export interface TensorInfo {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly Dim[];
}

export interface BundleEarlyStopping {
  readonly monitor: string;
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBest: boolean;
}

/** The train block's settings that the runtime trainer uses as defaults. */
export interface BundleTrainSettings {
  readonly loss: string;
  readonly metrics: readonly string[];
  readonly batch: number;
  readonly epochs: number;
  readonly shuffle: boolean;
  readonly seed: number;
  /** `validate = split(f)` in the train block: f; null otherwise (other sources are not embedded). */
  readonly validationSplit: number | null;
  readonly earlyStopping: BundleEarlyStopping | null;
  /** The optimizer as the train block configures it; informational (its arithmetic is in the kernels). */
  readonly optimizer: Readonly<Record<string, unknown>>;
}

export interface BundleManifest extends CompiledModule {
  readonly format: number;
  /** What wrote the bundle, e.g. "nnc 0.1.0". */
  readonly generator: string;
  readonly model: string;
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  /** The tensors a weights file holds (the model's parameters and statistics), in declaration order. */
  readonly weights: readonly string[];
  /** Present when the bundle has the training programs. */
  readonly train: BundleTrainSettings | null;
}

/** Every bundle problem, thrown before the device is touched; the message is one line. */
export class BundleError extends Error {
  override readonly name = 'BundleError';
}

export function bundleFail(msg: string): never {
  throw new BundleError(`invalid bundle: ${msg}`);
}

// --- a small structural checker ---------------------------------------------------------------

type Check = (v: unknown, at: string) => void;

const bad = (at: string, want: string, v: unknown): never =>
  bundleFail(`manifest ${at} must be ${want}, got ${v === undefined ? 'nothing' : JSON.stringify(v)?.slice(0, 40)}`);

const str: Check = (v, at) => {
  if (typeof v !== 'string') bad(at, 'a string', v);
};
const num: Check = (v, at) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) bad(at, 'a number', v);
};
const count: Check = (v, at) => {
  if (!Number.isSafeInteger(v) || (v as number) < 0) bad(at, 'a non-negative integer', v);
};
const int: Check = (v, at) => {
  if (!Number.isSafeInteger(v)) bad(at, 'an integer', v);
};
const bool: Check = (v, at) => {
  if (typeof v !== 'boolean') bad(at, 'true or false', v);
};
const oneOf =
  (...values: readonly string[]): Check =>
  (v, at) => {
    if (!values.includes(v as string)) bad(at, `one of ${values.join(', ')}`, v);
  };
const isTrue: Check = (v, at) => {
  if (v !== true) bad(at, 'true', v);
};
const dim: Check = (v, at) => {
  if (typeof v !== 'string') count(v, at);
};
const list =
  (item: Check): Check =>
  (v, at) => {
    if (!Array.isArray(v)) bad(at, 'a list', v);
    (v as unknown[]).forEach((x, i) => item(x, `${at}[${i}]`));
  };
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Fields named `key?` are optional. */
const obj = (fields: Readonly<Record<string, Check>>): Check => {
  const list = Object.entries(fields).map(([k, c]) => ({ key: k.replace(/\?$/, ''), optional: k.endsWith('?'), c }));
  return (v, at) => {
    if (!isObj(v)) bad(at, 'an object', v);
    for (const { key, optional, c } of list) {
      const x = (v as Record<string, unknown>)[key];
      if (x !== undefined || !optional) c(x, `${at}.${key}`);
    }
  };
};
const nullable =
  (c: Check): Check =>
  (v, at) => {
    if (v !== null) c(v, at);
  };
const record =
  (c: Check): Check =>
  (v, at) => {
    if (!isObj(v)) bad(at, 'an object', v);
    for (const [k, x] of Object.entries(v as object)) c(x, `${at}.${k}`);
  };

const io = list(obj({ name: str, buffer: str }));
const program = obj({ inputs: io, outputs: io, steps: list(count), 'updates?': list(obj({ from: str, to: str })) });
const axis = obj({ dims: list(dim), per: count });
const dispatch: Check = (v, at) => {
  if (isObj(v) && v['kind'] === 'linear') obj({ threads: list(dim), workgroupSize: count })(v, at);
  else if (isObj(v) && v['kind'] === 'grid') obj({ x: axis, y: axis, z: axis })(v, at);
  else bad(`${at}.kind`, "'linear' or 'grid'", isObj(v) ? v['kind'] : v);
};
/** A device condition's optional batch bound. */
const optionalBound = { 'dim?': str, 'atMost?': count };
const condition: Check = (v, at) => {
  if (isObj(v) && 'subgroupSize' in v) obj({ subgroupSize: count, ...optionalBound })(v, at);
  else if (isObj(v) && 'gpu' in v) obj({ gpu: isTrue, ...optionalBound })(v, at);
  else obj({ dim: str, atMost: count })(v, at);
};
const totals = obj({ loss: str, metrics: list(obj({ name: str, buffer: str })) });
const tensorInfo = list(obj({ name: str, dtype: oneOf('f32', 'i32'), shape: list(dim) }));

const manifestShape = obj({
  format: count,
  generator: str,
  model: str,
  inputs: tensorInfo,
  outputs: tensorInfo,
  weights: list(str),
  symbols: list(str),
  buffers: list(
    obj({
      name: str,
      dtype: oneOf('f32', 'i32'),
      shape: list(dim),
      role: oneOf('input', 'param', 'state', 'const', 'temp'),
      'data?': list(num),
    }),
  ),
  kernels: list(
    obj({
      name: str,
      implements: list(str),
      wgsl: str,
      entryPoint: str,
      bindings: list(obj({ name: str, buffer: str, access: oneOf('read', 'read_write') })),
      dispatch,
      'variants?': list(obj({ when: condition, wgsl: str, dispatch })),
    }),
  ),
  programs: obj({ predict: program, 'train_step?': program, 'evaluate?': program }),
  'training?': obj({
    features: str,
    targets: str,
    totals,
    evalTotals: totals,
    weights: list(str),
    state: list(str),
    stateInit: record(num),
  }),
  train: nullable(
    obj({
      loss: str,
      metrics: list(str),
      batch: count,
      epochs: count,
      shuffle: bool,
      seed: int,
      validationSplit: nullable(num),
      earlyStopping: nullable(obj({ monitor: str, patience: count, minDelta: num, restoreBest: bool })),
      optimizer: record(() => undefined),
    }),
  ),
});

const sameShape = (a: readonly Dim[], b: readonly Dim[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** Checks parsed JSON against the manifest's shape and its cross-references; returns it typed. */
export function checkManifest(v: unknown, version: number): BundleManifest {
  manifestShape(v, '');
  const m = v as BundleManifest;
  if (m.format !== version) bundleFail(`the manifest says format ${m.format} but the header says ${version}`);
  // The module's own consistency, with limits left to the device (checked again when it exists).
  try {
    validateModule(m, { maxStorageBuffersPerShaderStage: Infinity, maxComputeInvocationsPerWorkgroup: Infinity, maxComputeWorkgroupSizeX: Infinity });
  } catch (e) {
    bundleFail(String((e as Error).message).replace(/^invalid compiled module:\s*/, 'compiled module: ').replace(/\n\s*/g, '; '));
  }
  const buffers = new Map(m.buffers.map((b) => [b.name, b]));
  const buffer = (name: string, where: string) => buffers.get(name) ?? bundleFail(`${where} names unknown buffer '${name}'`);
  for (const [name, p] of Object.entries(m.programs)) {
    for (const u of p.updates ?? []) {
      const from = buffer(u.from, `program '${name}' update`);
      const to = buffer(u.to, `program '${name}' update`);
      if (to.role !== 'param' && to.role !== 'state') bundleFail(`program '${name}' updates '${to.name}', a ${to.role} buffer`);
      if (from.dtype !== to.dtype) bundleFail(`program '${name}' copies '${from.name}' into '${to.name}' of another dtype`);
    }
  }
  const predict = m.programs.predict;
  for (const [what, infos, ios] of [['input', m.inputs, predict.inputs], ['output', m.outputs, predict.outputs]] as const) {
    if (infos.length !== ios.length) bundleFail(`the manifest lists ${infos.length} ${what}s but 'predict' has ${ios.length}`);
    infos.forEach((t, i) => {
      const io = ios[i]!;
      const b = buffer(io.buffer, `'predict' ${what} '${io.name}'`);
      // An output may live in a shared (memory-planned) buffer of another shape; an input never does.
      if (io.name !== t.name || (what === 'input' && (b.role !== 'input' || b.dtype !== t.dtype || !sameShape(b.shape, t.shape)))) {
        bundleFail(`${what} '${t.name}' does not match 'predict' ${what} '${io.name}' (buffer '${b.name}')`);
      }
    });
  }
  for (const w of m.weights) {
    const b = buffer(w, 'weights');
    if (b.role !== 'param' && b.role !== 'state') bundleFail(`weights names '${w}', a ${b.role} buffer`);
  }
  const t = m.training;
  const hasPrograms = Boolean(m.programs.train_step && m.programs.evaluate);
  if (Boolean(t) !== hasPrograms || Boolean(t) !== Boolean(m.train)) {
    bundleFail('training, train, and the train_step and evaluate programs must be present together');
  }
  if (t) {
    for (const name of [t.features, t.targets]) {
      if (buffer(name, 'training').role !== 'input') bundleFail(`training names '${name}', which is not an input buffer`);
    }
    for (const [name, prog] of [['train_step', m.programs.train_step!], ['evaluate', m.programs.evaluate!]] as const) {
      const ins = prog.inputs.map((i) => i.buffer).sort().join();
      if (ins !== [t.features, t.targets].sort().join()) bundleFail(`'${name}' must take exactly the features '${t.features}' and targets '${t.targets}'`);
    }
    const inputs = predict.inputs;
    if (inputs.length !== 1 || inputs[0]!.buffer !== t.features) bundleFail(`'predict' of a trainable bundle must take only the features '${t.features}'`);
    for (const tt of [t.totals, t.evalTotals]) {
      for (const name of [tt.loss, ...tt.metrics.map((x) => x.buffer)]) {
        const b = buffer(name, 'training totals');
        if (b.role !== 'state' || b.shape.length !== 0 || b.dtype !== 'f32') bundleFail(`training total '${name}' must be an f32 scalar state buffer`);
      }
    }
    for (const name of [...t.weights, ...t.state, ...Object.keys(t.stateInit)]) {
      const b = buffer(name, 'training');
      if ((b.role !== 'param' && b.role !== 'state') || b.dtype !== 'f32') bundleFail(`training names '${name}', which is not an f32 param or state buffer`);
    }
    for (const name of [t.features, t.targets]) {
      if (buffers.get(name)!.shape.slice(1).some((d) => typeof d !== 'number')) bundleFail(`'${name}' has a symbolic dimension past the batch`);
    }
    if (t.weights.join() !== m.weights.join()) bundleFail('training.weights and weights differ');
    const s = m.train!;
    if (s.batch < 1 || s.epochs < 1) bundleFail('train.batch and train.epochs must be at least 1');
    if (s.validationSplit !== null && !(s.validationSplit > 0 && s.validationSplit < 1)) bundleFail('train.validationSplit must lie between 0 and 1');
    if (s.metrics.join() !== t.totals.metrics.map((x) => x.name).join()) bundleFail('train.metrics and training.totals.metrics differ');
  }
  return m;
}
