// Loading and saving weights files for a model: every parameter present, with its declared shape;
// files are written atomically so an interrupted save never leaves a half-written file.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { CheckedModel } from '../compiler/check/model-types.js';
import { readSafetensors, SafetensorsError, writeSafetensors } from '../runtime/safetensors.js';
import { UsageError } from './args.js';

export function loadWeights(path: string, model: CheckedModel): Map<string, Float32Array> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read weights file '${path}': ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message}`);
  }
  let tensors;
  try {
    tensors = readSafetensors(bytes);
  } catch (e) {
    if (e instanceof SafetensorsError) throw new UsageError(`${path}: not a valid safetensors file: ${e.message.replace(/^safetensors: /, '')}`);
    throw e;
  }
  const out = new Map<string, Float32Array>();
  const problems: string[] = [];
  for (const p of model.params) {
    const t = tensors.get(p.name);
    if (!t) {
      problems.push(`missing tensor '${p.name}' (shape [${p.shape.join(', ')}])`);
      continue;
    }
    if (t.dtype !== 'F32') {
      problems.push(`tensor '${p.name}' is ${t.dtype}; nnc weights are F32`);
      continue;
    }
    if (t.shape.length !== p.shape.length || t.shape.some((d, i) => d !== p.shape[i])) {
      problems.push(`tensor '${p.name}' has shape [${t.shape.join(', ')}] but model '${model.name}' declares [${p.shape.join(', ')}]`);
      continue;
    }
    out.set(p.name, t.data as Float32Array);
  }
  const known = new Set(model.params.map((p) => p.name));
  for (const name of tensors.keys()) {
    if (!known.has(name)) problems.push(`tensor '${name}' is not a parameter of model '${model.name}'`);
  }
  if (problems.length) throw new UsageError(`${path}: does not fit model '${model.name}':\n  ${problems.join('\n  ')}`);
  return out;
}

/** Writes `bytes` to `path` through a temporary file and a rename (atomic on one filesystem). */
export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new UsageError(`cannot write '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export function saveWeights(path: string, model: CheckedModel, weights: ReadonlyMap<string, Float32Array>, metadata?: Record<string, string>): void {
  const entries = model.params.map((p) => [p.name, { shape: p.shape, data: weights.get(p.name)! }] as const);
  writeFileAtomic(path, writeSafetensors(entries, { format: 'nnc', model: model.name, ...metadata }));
}

/**
 * Checks that `state` holds exactly the tensors `names` with the shapes `shapes` (a checkpoint
 * against the engine it is loaded into); throws a UsageError listing every difference.
 */
export function checkStateFits(
  state: ReadonlyMap<string, { readonly shape: readonly number[]; readonly data: Float32Array }>,
  names: readonly string[],
  shapes: ReadonlyMap<string, readonly number[]>,
  model: string,
): void {
  const problems: string[] = [];
  for (const name of names) {
    const t = state.get(name);
    const want = shapes.get(name) ?? [];
    if (!t) problems.push(`missing tensor '${name}' (shape [${want.join(', ')}])`);
    else if (t.shape.length !== want.length || t.shape.some((d, i) => d !== want[i])) {
      problems.push(`tensor '${name}' has shape [${t.shape.join(', ')}] but model '${model}' needs [${want.join(', ')}]`);
    }
  }
  const known = new Set(names);
  for (const name of state.keys()) if (!known.has(name)) problems.push(`tensor '${name}' is not part of model '${model}''s training state`);
  if (problems.length) throw new UsageError(`the checkpoint does not fit model '${model}' as this file trains it: ${problems.join('; ')}`);
}
