import { initialWeights } from '../../compiler/check/init-weights.js';
import type { CheckedModel } from '../../compiler/check/model-types.js';
import { NORMALIZATION } from '../../compiler/check/model.js';
import type { TrainConfig } from '../../compiler/check/train-types.js';
import { generateModule } from '../../compiler/codegen/codegen.js';
import { InterpEngine } from '../../compiler/interp/train-engine.js';
import { buildTrainingModule, TrainSetupError } from '../../compiler/training/train-graph.js';
import { CheckpointError, decodeCheckpoint, encodeCheckpoint, type Checkpoint, type CheckpointRun } from '../../runtime/checkpoint.js';
import { POINTER_FILE, readCheckpointFiles, writeCheckpoint } from '../checkpoint-dir.js';
import { createDevice, storageBudget } from '../../runtime/device.js';
import { GpuEngine } from '../../runtime/gpu-engine.js';
import { NonFiniteError, splitValidation, train as runTrainer } from '../../runtime/trainer.js';
import type { Dataset, EpochSnapshot, History, StepEngine } from '../../runtime/train-types.js';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { helpText, parseArgs, UsageError, type FlagSpec } from '../args.js';
import { chooseBackend, type Backend } from '../backend.js';
import { featureStats, loadDataset } from '../data.js';
import { gpuFault } from '../gpu-errors.js';
import { loadFile } from '../load.js';
import { kerasProgress } from '../progress.js';
import { plotHistory, summaryLine } from '../plot.js';
import { checkStateFits, loadWeights, saveWeights, writeFileAtomic } from '../weights.js';
import { formatValue } from './predict.js';
import type { Io } from '../io.js';

const flags: readonly FlagSpec[] = [
  { name: 'model', alias: 'm', kind: 'string', help: 'the model to train (default: the first with a train block)' },
  { name: 'epochs', alias: 'e', kind: 'int', help: "number of epochs (default: the train block's)" },
  { name: 'seed', alias: 's', kind: 'int', help: "random seed for initialization, shuffling and dropout (default: the train block's)" },
  { name: 'weights', alias: 'w', kind: 'string', help: 'start from these weights instead of fresh initialization' },
  { name: 'save', kind: 'string', help: 'write the trained weights here (safetensors, written atomically)' },
  { name: 'history', kind: 'string', help: 'write the per-epoch figures here as JSON' },
  { name: 'plot', kind: 'string', help: 'draw the loss and metric curves (train, validation, test, best epoch) here as an SVG chart' },
  { name: 'checkpoint', kind: 'string', help: 'after every epoch, save the whole training state in this directory (atomically)' },
  { name: 'resume', kind: 'string', help: "continue from the last complete epoch of a --checkpoint directory (and keep checkpointing there)" },
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

/** Test hook for the crash-safety tests: see WriteFaults in cli/checkpoint-dir.ts. */
function checkpointFaults(): { crashAfterFiles?: number } {
  const v = process.env['NNC_TEST_CRASH_AFTER_CHECKPOINT_FILES'];
  return v && /^\d+$/.test(v) ? { crashAfterFiles: Number(v) } : {};
}

function readResume(dir: string): Checkpoint {
  try {
    return decodeCheckpoint(readCheckpointFiles(dir).files);
  } catch (e) {
    if (e instanceof CheckpointError) throw new UsageError(`cannot resume from '${dir}': ${e.message}`);
    throw e;
  }
}

/** A resumed run must be the same run: same model, seed, batch, shuffling and data sizes. */
function checkResumable(ckpt: Checkpoint, run: CheckpointRun, dir: string, epochs: number): void {
  const diffs: string[] = [];
  const r = ckpt.run;
  if (r.model !== run.model) diffs.push(`it is of model '${r.model}', not '${run.model}'`);
  if (r.seed !== run.seed) diffs.push(`it was made with seed ${r.seed}, this run has seed ${run.seed}`);
  if (r.batch !== run.batch) diffs.push(`it was made with batch = ${r.batch}, this run has batch = ${run.batch}`);
  if (r.shuffle !== run.shuffle) diffs.push(`it was made with shuffle = ${r.shuffle}, this run has shuffle = ${run.shuffle}`);
  if (r.rows !== run.rows) diffs.push(`it was made with ${r.rows} training rows, the data now gives ${run.rows}`);
  if (r.validationRows !== run.validationRows) diffs.push(`it was made with ${r.validationRows ?? 'no'} validation rows, this run has ${run.validationRows ?? 'none'}`);
  if (ckpt.epoch > epochs) diffs.push(`it has completed ${ckpt.epoch} epochs, more than the ${epochs} asked for`);
  if (diffs.length) throw new UsageError(`cannot resume from '${dir}' (epoch ${ckpt.epoch}): ${diffs.join('; ')}`);
}

async function makeEngine(backend: Backend, model: CheckedModel, graphs: ReturnType<typeof buildTrainingModule>, data: Dataset): Promise<{ engine: StepEngine & { predict?: unknown }; close(): void; gpu: GpuEngine | null; cpu: InterpEngine | null }> {
  if (backend === 'cpu') {
    const cpu = new InterpEngine(graphs as never, engineShapes(model, graphs), data.featureShape, data.targetShape);
    return { engine: cpu, close: () => undefined, gpu: null, cpu };
  }
  const opened = await createDevice();
  try {
    const gpu = await GpuEngine.create(opened.device, generateModule(graphs, { maxStorageBuffers: storageBudget(opened.device) }));
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
      io.out(helpText('nnc train FILE [--model M] [--epochs N] [--seed S] [--weights IN.safetensors] [--save OUT.safetensors] [--history H.json] [--plot CURVES.svg] [--checkpoint DIR | --resume DIR] [--backend webgpu|cpu] [--quiet]', "Trains the model as its train block says: every step (forward, loss, gradients, optimizer update) runs as generated WGSL in one GPU submit.", flags));
      return 0;
    }
    const path = a.positionals[0];
    const quiet = a.flags.has('quiet');
    const say = (s: string) => quiet || io.out(s);
    const inference = loadFile(path);
    const model = pickTrained(inference.models, inference.trains, a.flags.get('model') as string | undefined, path!);
    const fileCfg = inference.trains.get(model.name)!;
    const weightsPath = a.flags.get('weights') as string | undefined;
    const resumeDir = a.flags.get('resume') as string | undefined;
    const checkpointDir = (a.flags.get('checkpoint') as string | undefined) ?? resumeDir;
    if (resumeDir !== undefined && weightsPath !== undefined) throw new UsageError('--resume continues a checkpoint, which holds the weights: drop --weights');
    if (checkpointDir !== undefined && existsSync(checkpointDir) && !statSync(checkpointDir).isDirectory()) {
      throw new UsageError(`--${resumeDir !== undefined ? 'resume' : 'checkpoint'} '${checkpointDir}' is a file, not a directory`);
    }
    if (checkpointDir !== undefined && resumeDir === undefined && existsSync(join(checkpointDir, POINTER_FILE))) {
      throw new UsageError(`'${checkpointDir}' already holds a checkpoint; continue it with --resume ${checkpointDir}, or choose another directory`);
    }
    // The checkpoint first: its seed is the run's (dropout is compiled with it).
    const resume = resumeDir !== undefined ? readResume(resumeDir) : null;
    const seed = (a.flags.get('seed') as number | undefined) ?? resume?.run.seed ?? fileCfg.seed;
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
    if (cfg.validate?.kind === 'split') {
      try {
        ({ train: data, validation } = splitValidation(data, cfg.validate.fraction, seed));
      } catch (e) {
        throw new UsageError(`${path}:${cfg.validate.span.line}:${cfg.validate.span.col}: ${(e as Error).message}`);
      }
    } else if (cfg.validate) validation = loadDataset(cfg.validate, cfg, model, path!);
    const test = cfg.test ? loadDataset(cfg.test, cfg, model, path!) : null;
    const run: CheckpointRun = { model: model.name, seed, batch: cfg.batch, shuffle: cfg.shuffle, rows: data.rows, validationRows: validation?.rows ?? null };
    if (resume) checkResumable(resume, run, resumeDir!, cfg.epochs);
    const shapes = engineShapes(model, graphs);
    const stateNames = [...graphs.training!.weights, ...graphs.training!.state];
    if (resume) {
      try {
        checkStateFits(resume.state, stateNames, shapes, model.name);
      } catch (e) {
        if (e instanceof UsageError) throw new UsageError(`cannot resume from '${resumeDir}': ${e.message}`);
        throw e;
      }
    }
    const given = resume ? new Map([...resume.state].map(([k, t]) => [k, t.data])) : weightsPath ? loadWeights(weightsPath, model) : null;
    // The engine before fresh weights: a model beyond the device's limits fails before that work.
    // An output nobody can write is reported now, not after the whole run.
    for (const flag of ['save', 'history', 'plot'] as const) {
      const out = a.flags.get(flag) as string | undefined;
      if (out !== undefined && !existsSync(dirname(resolve(out)))) {
        throw new UsageError(`cannot write --${flag} '${out}': the directory '${dirname(out)}' does not exist`);
      }
    }
    const backend = await chooseBackend(a.flags.get('backend') as Backend | undefined, (l) => io.err(l + '\n'));
    let made: Awaited<ReturnType<typeof makeEngine>>;
    try {
      made = await makeEngine(backend, model, graphs, data);
    } catch (e) {
      throw gpuFault(e, `(${model.name})`) ?? e;
    }
    const savePath = a.flags.get('save') as string | undefined;
    const historyPath = a.flags.get('history') as string | undefined;
    /** What to do after a failure: where the last good checkpoint is and how to continue from it. */
    const resumeHint = (epoch: number | null, fix: string): string =>
      epoch !== null && checkpointDir !== undefined
        ? `; the checkpoint of epoch ${epoch} in '${checkpointDir}' is intact: ${fix ? `${fix}, then ` : ''}continue with 'nnc train ${path} --resume ${checkpointDir}'`
        : checkpointDir !== undefined
          ? `; no epoch was completed, so '${checkpointDir}' holds no checkpoint${fix ? `: ${fix} and start again` : ''}`
          : `${fix ? `; ${fix} and start again` : ''} (with --checkpoint DIR a run can resume from its last complete epoch)`;
    let lastCheckpoint: number | null = resume?.epoch ?? null;

    const tty = Boolean(process.stdout.isTTY) && !quiet;
    try {
      const weights = given ?? initialWeights(model.params, seed);
      // normalize = true: statistics from the training split only, stored with the weights.
      if (!weightsPath && !resume && weights.has(NORMALIZATION.mean)) {
        const stats = featureStats(data);
        weights.set(NORMALIZATION.mean, stats.mean);
        weights.set(NORMALIZATION.variance, stats.variance);
      }
      made.engine.setState(weights);
      const color = tty && !process.env['NO_COLOR'];
      const callbacks = quiet ? {} : kerasProgress({ tty, color, write: (s) => io.out(s), monitor: cfg.earlyStopping?.monitor });
      if (resume) say(`Resuming from the checkpoint of epoch ${resume.epoch} in ${resumeDir}\n`);
      const faults = checkpointFaults();
      const onEpochComplete =
        checkpointDir === undefined
          ? undefined
          : async (snap: EpochSnapshot): Promise<void> => {
              const state = await made.engine.getState();
              // Never checkpoint a diverged state: the previous checkpoint stays the current one.
              const bad = [...state].find(([, v]) => v.some((x) => !Number.isFinite(x)));
              if (bad) throw new UsageError(`training diverged: '${bad[0]}' holds NaN or Inf after epoch ${snap.epoch}; it was not checkpointed${resumeHint(lastCheckpoint, 'lower the learning rate')}`);
              const files = encodeCheckpoint({ run, epoch: snap.epoch, epochs: snap.epochs, history: snap.history, earlyStopping: snap.earlyStopping, state }, shapes);
              try {
                writeCheckpoint(checkpointDir, snap.epoch, files, faults);
              } catch (e) {
                const code = (e as NodeJS.ErrnoException).code;
                throw new UsageError(`cannot write the checkpoint of epoch ${snap.epoch} to '${checkpointDir}': ${code ?? (e as Error).message}`);
              }
              lastCheckpoint = snap.epoch;
            };
      let history: History;
      try {
        history = await runTrainer(made.engine, data, {
          epochs: cfg.epochs,
          batch: cfg.batch,
          seed,
          shuffle: cfg.shuffle,
          validation,
          earlyStopping: cfg.earlyStopping,
          callbacks,
          ...(resume ? { initialEpoch: resume.epoch, initialHistory: resume.history, initialEarlyStopping: resume.earlyStopping ?? undefined } : {}),
          ...(onEpochComplete ? { onEpochComplete } : {}),
        });
      } catch (e) {
        if (tty) io.out('\n'); // end a live progress line
        if (e instanceof NonFiniteError) {
          const when = e.firstStep === e.lastStep ? '' : ' (the check runs at progress updates and at the end of each epoch)';
          throw new UsageError(`training diverged: ${e.message}${when}; nothing was saved${resumeHint(lastCheckpoint, 'lower the learning rate')}`);
        }
        throw gpuFault(e, 'while training', `; nothing was saved${resumeHint(lastCheckpoint, '')}`) ?? e;
      }
      const state = await made.engine.getState();
      if (history.restoredBest && !history.stoppedEarly) say(`Restored the weights of epoch ${history.bestEpoch} (the best ${cfg.earlyStopping!.monitor}).\n`);
      const figures: Record<string, number | number[]> = { ...history.history } as Record<string, number[]>;
      if (test) {
        const t = await made.engine.evaluate(test, cfg.batch);
        figures['test_loss'] = t.loss / t.count;
        for (const [m, v] of Object.entries(t.metrics)) figures[`test_${m}`] = v / t.count;
      }
      const summary = summaryLine(figures, { bestEpoch: history.bestEpoch, monitor: cfg.earlyStopping?.monitor, epochs: history.epochs, restoredBest: history.restoredBest });
      if (summary) say(summary + '\n');
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
      const plotPath = a.flags.get('plot') as string | undefined;
      if (plotPath) {
        writeFileAtomic(plotPath, plotHistory(figures, { title: model.name, bestEpoch: history.bestEpoch, monitor: cfg.earlyStopping?.monitor }));
        say(`Wrote the training curves to ${plotPath}\n`);
      }
      if (!savePath) say('(add --save W.safetensors to keep the trained weights)\n');
      return 0;
    } catch (e) {
      throw gpuFault(e, `(${model.name})`) ?? e;
    } finally {
      made.close();
    }
  },
};
