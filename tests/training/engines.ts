// Building both training engines (WebGPU and the reference interpreter) of a `.nn` source text
// the way `nnc train` does (cli/commands/train.ts): the model checked in inference and in training
// mode, buildTrainingModule, generateModule for the GPU, the same initial weights on both.
import { checkFile } from '../../compiler/check/check-file.js';
import { initialWeights } from '../../compiler/check/init-weights.js';
import type { CheckedModel } from '../../compiler/check/model-types.js';
import type { TrainConfig } from '../../compiler/check/train-types.js';
import { generateModule } from '../../compiler/codegen/codegen.js';
import { InterpEngine } from '../../compiler/interp/train-engine.js';
import { buildTrainingModule } from '../../compiler/training/train-graph.js';
import { GpuEngine } from '../../runtime/gpu-engine.js';
import type { Dataset } from '../../runtime/train-types.js';

export interface Built {
  readonly model: CheckedModel; // inference mode
  readonly cfg: TrainConfig;
  readonly graphs: ReturnType<typeof buildTrainingModule>;
  readonly initial: Map<string, Float32Array>;
}

/** Checks `text` in both modes and builds its training module; `seed` seeds weights and dropout. */
export function build(text: string, seed: number, path = 'model.nn'): Built {
  const inference = checkFile({ path, text }, 'inference');
  const model = inference.models.find((m) => inference.trains.has(m.name));
  if (!model) throw new Error(`${path}: no model with a train block`);
  const cfg = { ...inference.trains.get(model.name)!, seed };
  const training = checkFile({ path, text }, 'training', { seed }).models.find((m) => m.name === model.name)!;
  const graphs = buildTrainingModule(model, training, cfg);
  return { model, cfg, graphs, initial: initialWeights(model.params, seed) };
}

/** Shapes of every weight and state tensor, as the CLI gives them to InterpEngine. */
function engineShapes(b: Built): Map<string, number[]> {
  const shapes = new Map<string, number[]>(b.model.params.map((p) => [p.name, [...p.shape]]));
  for (const u of b.graphs.train_step!.updates ?? []) {
    if (!shapes.has(u.buffer) && b.graphs.training!.state.includes(u.buffer)) shapes.set(u.buffer, u.node.type.shape as number[]);
  }
  return shapes;
}

export function interpEngine(b: Built, data: Pick<Dataset, 'featureShape' | 'targetShape'>): InterpEngine {
  const e = new InterpEngine(b.graphs as never, engineShapes(b), data.featureShape, data.targetShape);
  e.setState(b.initial);
  return e;
}

export async function gpuEngine(device: GPUDevice, b: Built): Promise<GpuEngine> {
  const e = await GpuEngine.create(device, generateModule(b.graphs));
  e.setState(b.initial);
  return e;
}

/** Deterministic values in [0, 1) (xorshift32), independent of the code under test. */
export function uniform(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s >>> 8) / 16777216;
  };
}

/**
 * How far `actual` is from `expected`: `err` is the worst |a - e| / max(abs, rel * |e|) (<= 1
 * passes; NaN anywhere counts as Infinity) at index `at`; `rel` is the worst plain relative error
 * |a - e| / |e| over the elements large enough for the relative tolerance to govern.
 */
export function worstError(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number, abs: number): { err: number; at: number; rel: number } {
  if (actual.length !== expected.length) return { err: Infinity, at: -1, rel: Infinity };
  let err = 0;
  let at = 0;
  let worstRel = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const d = Math.abs(a - e);
    const x = Number.isNaN(d) ? Infinity : d / Math.max(abs, rel * Math.abs(e));
    if (x > err) {
      err = x;
      at = i;
    }
    if (rel * Math.abs(e) >= abs) worstRel = Math.max(worstRel, Number.isNaN(d) ? Infinity : d / Math.abs(e));
  }
  return { err, at, rel: worstRel };
}
