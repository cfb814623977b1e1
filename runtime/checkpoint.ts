// Training checkpoints as bytes (no Node APIs; cli/checkpoint-dir.ts puts them on disk atomically).
//
// A checkpoint is what is needed to continue a run after epoch E exactly as if it had never
// stopped: every tensor of the engine's state (weights, BN statistics, optimizer slots and the
// step counter), early stopping's state (with the best epoch's tensors when restore_best keeps
// them), the history, and the random state. The random state is the seed and the epoch: shuffling
// draws epochOrder(rows, seed, epoch) and dropout hashes (seed, stream, step, index), with the
// step counter among the state tensors, so nothing else is needed.
//
// Files: `state.safetensors` (every state tensor), `best.safetensors` (only with a kept best
// state) and `trainer.json` (everything else). Numbers in trainer.json are JSON numbers, which
// round-trip doubles exactly; NaN and ±Inf are written as the strings "NaN", "Infinity", "-Infinity".

import { readSafetensors, readSafetensorsMetadata, SafetensorsError, writeSafetensors } from './safetensors.js';
import type { EarlyStoppingState } from './train-types.js';

export const CHECKPOINT_FORMAT = 'nnc-checkpoint';
export const CHECKPOINT_VERSION = 1;
export const STATE_FILE = 'state.safetensors';
export const BEST_FILE = 'best.safetensors';
export const META_FILE = 'trainer.json';

export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
}

/** The run a checkpoint belongs to: a resumed run must match it to continue it exactly. */
export interface CheckpointRun {
  readonly model: string;
  readonly seed: number;
  readonly batch: number;
  readonly shuffle: boolean;
  /** Rows of the training data (after a validation split) and of the validation data. */
  readonly rows: number;
  readonly validationRows: number | null;
}

export interface Checkpoint {
  readonly run: CheckpointRun;
  /** Epochs completed (1-based number of the last one) and the total the run asked for. */
  readonly epoch: number;
  readonly epochs: number;
  readonly history: Readonly<Record<string, readonly number[]>>;
  readonly earlyStopping: EarlyStoppingState | null;
  /** Every state tensor, with its shape. */
  readonly state: ReadonlyMap<string, { readonly shape: readonly number[]; readonly data: Float32Array }>;
}

type Json = number | string | boolean | null | Json[] | { [k: string]: Json };

function encodeNumber(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}

function decodeNumber(v: unknown, what: string): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  throw new CheckpointError(`${META_FILE}: ${what} is not a number`);
}

function tensors(state: ReadonlyMap<string, Float32Array>, shapes: ReadonlyMap<string, readonly number[]>): [string, { shape: readonly number[]; data: Float32Array }][] {
  return [...state].map(([name, data]) => {
    const shape = shapes.get(name);
    if (!shape) throw new CheckpointError(`no shape known for state tensor '${name}'`);
    return [name, { shape, data }];
  });
}

/** The files of a checkpoint, by name. `shapes` gives every state tensor's shape. */
export function encodeCheckpoint(c: Omit<Checkpoint, 'state'> & { readonly state: ReadonlyMap<string, Float32Array> }, shapes: ReadonlyMap<string, readonly number[]>): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const meta = { format: CHECKPOINT_FORMAT, model: c.run.model, epoch: String(c.epoch) };
  files.set(STATE_FILE, writeSafetensors(tensors(c.state, shapes), meta));
  const es = c.earlyStopping;
  if (es?.bestState) files.set(BEST_FILE, writeSafetensors(tensors(es.bestState, shapes), { ...meta, best_epoch: String(es.bestEpoch) }));
  const json: { [k: string]: Json } = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    run: { ...c.run },
    epoch: c.epoch,
    epochs: c.epochs,
    // The random state: counter-based streams of (seed, epoch) and the step tensor in the state.
    rng: { seed: c.run.seed, epoch: c.epoch },
    history: Object.fromEntries(Object.entries(c.history).map(([k, v]) => [k, v.map(encodeNumber)])),
    early_stopping: es
      ? { best: es.best === null ? null : encodeNumber(es.best), best_epoch: es.bestEpoch, wait: es.wait, stopped: es.stopped, best_state: es.bestState !== null }
      : null,
  };
  files.set(META_FILE, new TextEncoder().encode(JSON.stringify(json, null, 1) + '\n'));
  return files;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function readState(name: string, bytes: Uint8Array | undefined): Map<string, { shape: number[]; data: Float32Array }> {
  if (!bytes) throw new CheckpointError(`${name} is missing`);
  try {
    const meta = readSafetensorsMetadata(bytes);
    if (meta['format'] !== CHECKPOINT_FORMAT) throw new CheckpointError(`${name} is not an nnc checkpoint file`);
    const out = new Map<string, { shape: number[]; data: Float32Array }>();
    for (const [k, t] of readSafetensors(bytes)) {
      if (!(t.data instanceof Float32Array)) throw new CheckpointError(`${name}: tensor '${k}' is ${t.dtype}, not F32`);
      out.set(k, { shape: t.shape, data: t.data });
    }
    return out;
  } catch (e) {
    if (e instanceof SafetensorsError) throw new CheckpointError(`${name}: ${e.message}`);
    throw e;
  }
}

/** Decodes and validates a checkpoint's files; throws CheckpointError naming what is wrong. */
export function decodeCheckpoint(files: ReadonlyMap<string, Uint8Array>): Checkpoint {
  const raw = files.get(META_FILE);
  if (!raw) throw new CheckpointError(`${META_FILE} is missing`);
  let j: unknown;
  try {
    j = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch {
    throw new CheckpointError(`${META_FILE} is not valid JSON`);
  }
  if (!isObj(j) || j['format'] !== CHECKPOINT_FORMAT) throw new CheckpointError(`${META_FILE} is not an nnc checkpoint`);
  if (j['version'] !== CHECKPOINT_VERSION) throw new CheckpointError(`${META_FILE} has version ${String(j['version'])}; this nnc reads version ${CHECKPOINT_VERSION}`);
  const run = j['run'];
  if (
    !isObj(run) ||
    typeof run['model'] !== 'string' ||
    !Number.isSafeInteger(run['seed']) ||
    !isCount(run['batch']) ||
    typeof run['shuffle'] !== 'boolean' ||
    !isCount(run['rows']) ||
    !(run['validationRows'] === null || isCount(run['validationRows']))
  ) {
    throw new CheckpointError(`${META_FILE}: 'run' is malformed`);
  }
  const epoch = j['epoch'];
  const epochs = j['epochs'];
  if (!isCount(epoch) || epoch < 1 || !isCount(epochs)) throw new CheckpointError(`${META_FILE}: 'epoch' is malformed`);
  const h = j['history'];
  if (!isObj(h)) throw new CheckpointError(`${META_FILE}: 'history' is malformed`);
  const history: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(h)) {
    if (!Array.isArray(v) || v.length !== epoch) throw new CheckpointError(`${META_FILE}: history '${k}' does not have ${epoch} entries`);
    history[k] = v.map((x, i) => decodeNumber(x, `history '${k}'[${i}]`));
  }
  const es = j['early_stopping'];
  let earlyStopping: EarlyStoppingState | null = null;
  if (es !== null) {
    if (!isObj(es) || !isCount(es['wait']) || typeof es['stopped'] !== 'boolean' || !(es['best_epoch'] === null || isCount(es['best_epoch']))) {
      throw new CheckpointError(`${META_FILE}: 'early_stopping' is malformed`);
    }
    const best = es['best'] === null ? null : decodeNumber(es['best'], 'early_stopping.best');
    let bestState: Map<string, Float32Array> | null = null;
    if (es['best_state'] === true) bestState = new Map([...readState(BEST_FILE, files.get(BEST_FILE))].map(([k, t]) => [k, t.data]));
    earlyStopping = { best, bestEpoch: es['best_epoch'] as number | null, wait: es['wait'], stopped: es['stopped'], bestState };
  }
  return {
    run: run as unknown as CheckpointRun,
    epoch,
    epochs,
    history,
    earlyStopping,
    state: readState(STATE_FILE, files.get(STATE_FILE)),
  };
}
