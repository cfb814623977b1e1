// `nnc compile`: a model file to one self-contained bundle (.nnb, docs/bundle-format.md): the
// compiled programs (predict; train_step and evaluate when the model has a train block), the train
// block's settings, and the weights with the optimizer's initial state.
import { initialWeights } from '../../compiler/check/init-weights.js';
import type { CheckedModel } from '../../compiler/check/model-types.js';
import { NORMALIZATION } from '../../compiler/check/model.js';
import type { TrainConfig } from '../../compiler/check/train-types.js';
import { generate, generateModule } from '../../compiler/codegen/codegen.js';
import { buildTrainingModule, TrainSetupError } from '../../compiler/training/train-graph.js';
import { BUNDLE_FORMAT_VERSION, crc32, encodeBundle } from '../../runtime/bundle.js';
import type { BundleManifest, BundleTrainSettings, TensorInfo } from '../../runtime/bundle-manifest.js';
import type { CompiledModule } from '../../runtime/program.js';
import { writeSafetensors } from '../../runtime/safetensors.js';
import { splitValidation } from '../../runtime/trainer.js';
import { helpText, parseArgs, UsageError, type FlagSpec } from '../args.js';
import { storageBuffers, storageBuffersFlag } from '../storage-buffers.js';
import { featureStats, loadDataset } from '../data.js';
import { loadFile } from '../load.js';
import { loadWeights, writeFileAtomic } from '../weights.js';
import type { Io } from '../io.js';

export const GENERATOR = 'nnc 0.1.0';

const flags: readonly FlagSpec[] = [
  { name: 'model', alias: 'm', kind: 'string', help: 'the model to compile (default: the first in the file)' },
  { name: 'output', alias: 'o', kind: 'string', help: 'the bundle to write (.nnb; with --format esm, a .js path writes only the module)' },
  { name: 'weights', alias: 'w', kind: 'string', help: 'embed these weights (default: freshly initialized with the seed)' },
  { name: 'inference-only', kind: 'switch', help: 'leave out train_step, evaluate and the train settings' },
  { name: 'seed', alias: 's', kind: 'int', help: "seed for initialization, and for dropout in train_step (default: the train block's, else 0)" },
  { name: 'format', alias: 'f', kind: 'string', values: ['nnb', 'esm'], help: 'nnb (default), or esm: also an ES module exporting the bytes' },
  storageBuffersFlag,
  { name: 'uncompressed', kind: 'switch', help: 'store the manifest as plain JSON instead of gzip' },
  { name: 'quiet', alias: 'q', kind: 'switch', help: 'print nothing but errors' },
  { name: 'help', alias: 'h', kind: 'switch', help: 'show this help' },
];

export interface CompileOptions {
  readonly path: string;
  readonly model?: string;
  readonly weights?: string;
  readonly inferenceOnly?: boolean;
  readonly seed?: number;
  readonly compress?: boolean;
  /** Storage buffers one kernel may bind (default 8: every WebGPU device). */
  readonly storageBuffers?: number;
}

export interface CompiledBundle {
  readonly bytes: Uint8Array;
  readonly manifest: BundleManifest;
  readonly model: CheckedModel;
}

function pick(models: readonly CheckedModel[], name: string | undefined, path: string): CheckedModel {
  if (name === undefined) return models[0]!;
  const m = models.find((x) => x.name === name);
  if (!m) throw new UsageError(`${path}: no model named '${name}'; it declares ${models.map((x) => `'${x.name}'`).join(', ')}`);
  return m;
}

function tensorInfo(name: string, node: { type: { dtype: 'f32' | 'i32'; shape: readonly (number | string)[] } }): TensorInfo {
  return { name, dtype: node.type.dtype, shape: [...node.type.shape] };
}

function trainSettings(cfg: TrainConfig, seed: number): BundleTrainSettings {
  return {
    loss: cfg.loss,
    metrics: [...cfg.metrics],
    batch: cfg.batch,
    epochs: cfg.epochs,
    shuffle: cfg.shuffle,
    seed,
    validationSplit: cfg.validate?.kind === 'split' ? cfg.validate.fraction : null,
    earlyStopping: cfg.earlyStopping ? { ...cfg.earlyStopping } : null,
    optimizer: JSON.parse(JSON.stringify(cfg.optimizer)) as Record<string, unknown>,
  };
}

/** Compiles a model file into bundle bytes (the work of `nnc compile`, without writing files). */
export async function compileBundle(opts: CompileOptions): Promise<CompiledBundle> {
  const path = opts.path;
  const file = loadFile(path);
  const model = pick(file.models, opts.model, path);
  const cfg = file.trains.get(model.name);
  const seed = opts.seed ?? cfg?.seed ?? 0;
  const training = cfg !== undefined && !opts.inferenceOnly;
  if (training && model.inputs.length !== 1) {
    throw new UsageError(`${path}: model '${model.name}' has ${model.inputs.length} inputs; training programs feed one input (add --inference-only to compile predict alone)`);
  }

  const budget = opts.storageBuffers ? { maxStorageBuffers: opts.storageBuffers } : {};
  let mod: CompiledModule;
  if (training) {
    const trainingModel = loadFile(path, 'training', { seed }).models.find((m) => m.name === model.name)!;
    try {
      mod = generateModule(buildTrainingModule(model, trainingModel, { ...cfg, seed }), budget);
    } catch (e) {
      if (e instanceof TrainSetupError) throw new UsageError(`${path}: ${e.message}`);
      throw e;
    }
  } else {
    mod = generate({ outputs: model.outputs }, budget);
  }

  const weights = opts.weights ? loadWeights(opts.weights, model) : initialWeights(model.params, seed);
  // normalize = true without given weights: statistics of the training split, as nnc train computes them.
  if (!opts.weights && cfg && weights.has(NORMALIZATION.mean)) {
    let data = loadDataset(cfg.data, cfg, model, path);
    if (cfg.validate?.kind === 'split') data = splitValidation(data, cfg.validate.fraction, seed).train;
    const stats = featureStats(data);
    weights.set(NORMALIZATION.mean, stats.mean);
    weights.set(NORMALIZATION.variance, stats.variance);
  }
  const shapes = new Map(mod.buffers.map((b) => [b.name, b.shape as number[]]));
  const tensors: [string, { shape: number[]; data: Float32Array }][] = model.params.map((p) => [p.name, { shape: [...p.shape], data: weights.get(p.name)! }]);
  // The optimizer's initial state (slots, step counter), so the bundle holds the whole training state.
  for (const name of training ? mod.training!.state : []) {
    const shape = shapes.get(name)!;
    const fill = mod.training!.stateInit[name] ?? 0;
    tensors.push([name, { shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(fill) }]);
  }

  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT_VERSION,
    generator: GENERATOR,
    model: model.name,
    inputs: model.inputs.map((i) => tensorInfo(i.name, i.node)),
    outputs: model.outputs.map((o) => tensorInfo(o.name, o.node)),
    weights: model.params.map((p) => p.name),
    train: training ? trainSettings(cfg, seed) : null,
    ...mod,
  };
  const st = writeSafetensors(tensors, { format: 'nnc', model: model.name, seed: String(seed) });
  const bytes = await encodeBundle(manifest, st, { compress: opts.compress ?? true });
  return { bytes, manifest, model };
}

/** An ES module exporting the bundle's bytes, for app bundlers (no fetch, no file loader). */
export function esmModule(bytes: Uint8Array, manifest: BundleManifest): string {
  const b64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  const crc = crc32(bytes.subarray(0, bytes.length - 4)).toString(16).padStart(8, '0');
  return [
    `// nnc bundle of model '${manifest.model}': format version ${manifest.format}, ${bytes.length} bytes, CRC-32 ${crc}. Written by ${manifest.generator}.`,
    `// Usage: import bundle from './this-file.js'; const model = await loadBundle(bundle);`,
    `const base64 = '${b64}';`,
    `const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));`,
    `export const model = ${JSON.stringify(manifest.model)};`,
    `export default bytes;`,
    '',
  ].join('\n');
}

const ESM_TYPES = `declare const bytes: Uint8Array;\nexport declare const model: string;\nexport default bytes;\n`;

const kb = (n: number): string => (n < 10_000 ? `${n} bytes` : `${(n / 1024).toFixed(1)} KiB`);

export const compile = {
  summary: 'compile a model into one self-contained bundle (.nnb) for the runtime, in Node or a browser',
  async run(argv: readonly string[], io: Io): Promise<number> {
    const a = parseArgs('compile', argv, flags);
    if (a.flags.has('help')) {
      io.out(
        helpText(
          'nnc compile FILE [--model M] -o OUT.nnb [--weights W.safetensors] [--inference-only] [--seed S] [--format nnb|esm] [--storage-buffers N]',
          "Compiles the model's programs (predict; train_step and evaluate when it has a train block) into WGSL kernels and writes them, the train settings and the weights into one bundle. Load it with loadBundle() from 'nnc/runtime'.",
          flags,
        ),
      );
      return 0;
    }
    const out = a.flags.get('output') as string | undefined;
    if (!out) throw new UsageError('where to? give the bundle to write with -o OUT.nnb');
    const esm = a.flags.get('format') === 'esm';
    const path = a.positionals[0];
    if (!path) throw new UsageError('which model file? give the path of a .nn file');
    if (a.positionals.length > 1) throw new UsageError(`one model file at a time; got ${a.positionals.join(', ')}`);
    const seed = a.flags.get('seed') as number | undefined;
    const weights = a.flags.get('weights') as string | undefined;
    const model = a.flags.get('model') as string | undefined;
    const budget = storageBuffers(a);
    const { bytes, manifest } = await compileBundle({
      ...(budget !== undefined ? { storageBuffers: budget } : {}),
      path,
      ...(model !== undefined ? { model } : {}),
      ...(weights !== undefined ? { weights } : {}),
      ...(seed !== undefined ? { seed } : {}),
      inferenceOnly: a.flags.has('inference-only'),
      compress: !a.flags.has('uncompressed'),
    });
    const written: string[] = [];
    const jsOnly = esm && out.endsWith('.js');
    if (!jsOnly) {
      writeFileAtomic(out, bytes);
      written.push(out);
    }
    if (esm) {
      const js = jsOnly ? out : `${out}.js`;
      writeFileAtomic(js, esmModule(bytes, manifest));
      writeFileAtomic(`${js.slice(0, -3)}.d.ts`, ESM_TYPES);
      written.push(js, `${js.slice(0, -3)}.d.ts`);
    }
    if (!a.flags.has('quiet')) {
      const programs = Object.keys(manifest.programs).join(', ');
      io.out(
        `Compiled model '${manifest.model}': ${manifest.kernels.length} kernels, programs ${programs}, ${manifest.weights.length} weight tensors${manifest.train ? ' and the optimizer state' : ''}.\n` +
          `Wrote ${written.join(', ')} (bundle: ${kb(bytes.length)})\n`,
      );
    }
    return 0;
  },
};
