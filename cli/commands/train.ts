import { initialWeights } from '../../compiler/check/init-weights.js';
import type { CheckedModel } from '../../compiler/check/model-types.js';
import { NORMALIZATION } from '../../compiler/check/model.js';
import type { TrainConfig } from '../../compiler/check/train-types.js';
import { generateModule } from '../../compiler/codegen/codegen.js';
import { InterpEngine } from '../../compiler/interp/train-engine.js';
import { buildTrainingModule, TrainSetupError } from '../../compiler/training/train-graph.js';
import { createDevice } from '../../runtime/device.js';
import { GpuEngine } from '../../runtime/gpu-engine.js';
import { splitValidation, train as runTrainer } from '../../runtime/trainer.js';
import type { Dataset, History, StepEngine } from '../../runtime/train-types.js';
import { helpText, parseArgs, UsageError, type FlagSpec } from '../args.js';
import { chooseBackend, type Backend } from '../backend.js';
import { featureStats, loadDataset } from '../data.js';
import { loadFile } from '../load.js';
import { kerasProgress } from '../progress.js';
import { loadWeights, saveWeights, writeFileAtomic } from '../weights.js';
import { formatValue } from './predict.js';
import type { Io } from '../io.js';

const flags: readonly FlagSpec[] = [
  { name: 'model', alias: 'm', kind: 'string', help: 'the model to train (default: the first with a train block)' },
  { name: 'epochs', alias: 'e', kind: 'int', help: "number of epochs (default: the train block's)" },
  { name: 'seed', alias: 's', kind: 'int', help: "random seed for initialization, shuffling and dropout (default: the train block's)" },
  { name: 'weights', alias: 'w', kind: 'string', help: 'start from these weights instead of fresh initialization' },
  { name: 'save', kind: 'string', help: 'write the trained weights here (safetensors, written atomically)' },
  { name: 'history', kind: 'string', help: 'write the per-epoch figures here as JSON' },
  { name: 'backend', alias: 'b', kind: 'string', values: ['webgpu', 'cpu'], help: 'webgpu (default when an adapter exists) or cpu' },
  { name: 'quiet', alias: 'q', kind: 'switch', help: 'print nothing but errors' },
  { name: 'help', alias: 'h', kind: 'switch', help: 'show this help' },
];

function engineShapes(model: CheckedModel, graphs: ReturnType<typeof buildTrainingModule>): Map<string, number[]> {
  const shapes = new Map<string, number[]>(model.params.map((p) => [p.name, [...p.shape]]));
  // Optimizer slots and the step counter: shapes from their leaves in the train_step graph.
  for (const u of graphs.train_step!.updates ?? []) {
    if (!shapes.has(u.buffer) && graphs.training!.state.includes(u.buffer)) shapes.set(u.buffer, u.node.type.shape as number[]);
  }
  return shapes;
}

async function makeEngine(backend: Backend, model: CheckedModel, graphs: ReturnType<typeof buildTrainingModule>, data: Dataset): Promise<{ engine: StepEngine & { predict?: unknown }; close(): void; gpu: GpuEngine | null; cpu: InterpEngine | null }> {
  if (backend === 'cpu') {
    const cpu = new InterpEngine(graphs as never, engineShapes(model, graphs), data.featureShape, data.targetShape);
    return { engine: cpu, close: () => undefined, gpu: null, cpu };
  }
  const opened = await createDevice();
  try {
    const gpu = await GpuEngine.create(opened.device, generateModule(graphs));
    return { engine: gpu, gpu, cpu: null, close: () => (gpu.destroy(), opened.destroy()) };
  } catch (e) {
    opened.destroy();
    throw e;
  }
}

function pickTrained(models: readonly CheckedModel[], trains: ReadonlyMap<string, TrainConfig>, name: string | undefined, path: string): CheckedModel {
  if (name !== undefined) {
    const m = models.find((x) => x.name === name);
    if (!m) throw new UsageError(`${path}: no model named '${name}'; it declares ${models.map((x) => `'${x.name}'`).join(', ')}`);
    if (!trains.has(name)) throw new UsageError(`${path}: model '${name}' has no train block; add 'train ${name} { ... }'`);
    return m;
  }
  const m = models.find((x) => trains.has(x.name));
  if (!m) throw new UsageError(`${path}: no model has a train block; add one, as in 'train ${models[0]?.name ?? 'NAME'} { data = ..., loss = ..., optimizer = ... }'`);
  return m;
}

export const train = {
  summary: "train a model with its file's train block, on WebGPU or the cpu interpreter",
  async run(argv: readonly string[], io: Io): Promise<number> {
    const a = parseArgs('train', argv, flags);
    if (a.flags.has('help')) {
      io.out(helpText('nnc train FILE [--model M] [--epochs N] [--seed S] [--weights IN.safetensors] [--save OUT.safetensors] [--history H.json] [--backend webgpu|cpu] [--quiet]', "Trains the model as its train block says: every step (forward, loss, gradients, optimizer update) runs as generated WGSL in one GPU submit.", flags));
      return 0;
    }
    const path = a.positionals[0];
    const quiet = a.flags.has('quiet');
    const say = (s: string) => quiet || io.out(s);
    const inference = loadFile(path);
    const model = pickTrained(inference.models, inference.trains, a.flags.get('model') as string | undefined, path!);
    const fileCfg = inference.trains.get(model.name)!;
    const seed = (a.flags.get('seed') as number | undefined) ?? fileCfg.seed;
    const cfg: TrainConfig = { ...fileCfg, seed, epochs: (a.flags.get('epochs') as number | undefined) ?? fileCfg.epochs };
    if (cfg.epochs < 1) throw new UsageError('--epochs must be at least 1');
    if (model.inputs.length !== 1) throw new UsageError(`model '${model.name}' has ${model.inputs.length} inputs; training feeds one input`);
    const training = loadFile(path, 'training', { seed }).models.find((m) => m.name === model.name)!;

    let graphs;
    try {
      graphs = buildTrainingModule(model, training, cfg);
    } catch (e) {
      if (e instanceof TrainSetupError) throw new UsageError(`${path}: ${e.message}`);
      throw e;
    }
    let data = loadDataset(cfg.data, cfg, model, path!);
    let validation: Dataset | null = null;
    if (cfg.validate?.kind === 'split') ({ train: data, validation } = splitValidation(data, cfg.validate.fraction, seed));
    else if (cfg.validate) validation = loadDataset(cfg.validate, cfg, model, path!);
    const test = cfg.test ? loadDataset(cfg.test, cfg, model, path!) : null;
    const weightsPath = a.flags.get('weights') as string | undefined;
    const weights = weightsPath ? loadWeights(weightsPath, model) : initialWeights(model.params, seed);
    // normalize = true: statistics from the training split only, stored with the weights.
    if (!weightsPath && weights.has(NORMALIZATION.mean)) {
      const stats = featureStats(data);
      weights.set(NORMALIZATION.mean, stats.mean);
      weights.set(NORMALIZATION.variance, stats.variance);
    }
    const savePath = a.flags.get('save') as string | undefined;
    const historyPath = a.flags.get('history') as string | undefined;

    const backend = await chooseBackend(a.flags.get('backend') as Backend | undefined, (l) => io.err(l + '\n'));
    const made = await makeEngine(backend, model, graphs, data);
    try {
      made.engine.setState(weights);
      const tty = Boolean(process.stdout.isTTY) && !quiet;
      const color = tty && !process.env['NO_COLOR'];
      const callbacks = quiet ? {} : kerasProgress({ tty, color, write: (s) => io.out(s), monitor: cfg.earlyStopping?.monitor });
      const history: History = await runTrainer(made.engine, data, {
        epochs: cfg.epochs,
        batch: cfg.batch,
        seed,
        shuffle: cfg.shuffle,
        validation,
        earlyStopping: cfg.earlyStopping,
        callbacks,
      });
      const state = await made.engine.getState();
      if (history.restoredBest && !history.stoppedEarly) say(`Restored the weights of epoch ${history.bestEpoch} (the best ${cfg.earlyStopping!.monitor}).\n`);
      const figures: Record<string, number | number[]> = { ...history.history } as Record<string, number[]>;
      if (test) {
        const t = await made.engine.evaluate(test, cfg.batch);
        figures['test_loss'] = t.loss / t.count;
        for (const [m, v] of Object.entries(t.metrics)) figures[`test_${m}`] = v / t.count;
        say(`Test: loss: ${formatValue(t.loss / t.count)}${Object.entries(t.metrics).map(([m, v]) => ` - ${m}: ${(v / t.count).toFixed(4)}`).join('')}\n`);
      }
      // Small data sets (XOR): show what the trained model predicts for each training row.
      if (!quiet && data.rows <= 16 && validation === null) {
        const preds = made.gpu ? await made.gpu.predict(data.features, data.rows) : null;
        const out = preds ? (Object.values(preds)[0]!.data as Float32Array) : made.cpu!.predict(data.features, data.rows)[0]!.data;
        const per = data.featureShape.reduce((x, y) => x * y, 1);
        const width = out.length / data.rows;
        say('Predictions on the training data:\n');
        for (let r = 0; r < data.rows; r++) {
          const x = Array.from(data.features.subarray(r * per, (r + 1) * per), formatValue).join(', ');
          const y = Array.from(out.subarray(r * width, (r + 1) * width), (v) => v.toFixed(4)).join(', ');
          say(`  [${x}] -> ${y}\n`);
        }
      }
      const nonFinite = [...state].find(([, v]) => v.some((x) => !Number.isFinite(x)));
      if (savePath) {
        if (nonFinite) throw new UsageError(`training diverged: '${nonFinite[0]}' holds NaN or Inf; ${savePath} was not written (try a smaller lr)`);
        saveWeights(savePath, model, new Map(model.params.map((p) => [p.name, state.get(p.name)!])), { seed: String(seed), epochs: String(history.epochs) });
        say(`Saved the weights to ${savePath}\n`);
      }
      if (historyPath) writeFileAtomic(historyPath, JSON.stringify(figures, null, 2) + '\n');
      if (!savePath) say('(add --save W.safetensors to keep the trained weights)\n');
      return 0;
    } finally {
      made.close();
    }
  },
};
