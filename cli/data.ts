// Turning a train block's data sources into in-memory data sets, with errors that say which file,
// row and column is wrong.
import { dirname, isAbsolute, join } from 'node:path';
import type { CheckedModel } from '../compiler/check/model-types.js';
import type { DataSource, TrainConfig } from '../compiler/check/train-types.js';
import type { Dataset } from '../runtime/train-types.js';
import { UsageError } from './args.js';
import { parseCsv } from './csv.js';
import { readText } from './load.js';

/** Targets as the loss needs them: i32 class indices for sparse losses, f32 rows otherwise. */
function targetsFor(
  cfg: TrainConfig,
  model: CheckedModel,
  values: readonly number[],
  perRow: number,
  rows: number,
  where: string,
): { targets: Float32Array | Int32Array; targetShape: number[] } {
  const out = model.outputs.find((o) => o.name === (cfg.output ?? model.outputs[0]!.name))!.node;
  const classes = out.type.shape[out.type.shape.length - 1];
  const checkClass = (v: number, r: number) => {
    if (!Number.isInteger(v) || v < 0 || (typeof classes === 'number' && v >= classes)) {
      throw new UsageError(`${where}: row ${r + 1}: label ${v} is not a class index from 0 to ${typeof classes === 'number' ? classes - 1 : '?'}`);
    }
  };
  if (cfg.loss === 'sparse_categorical_crossentropy') {
    if (perRow !== 1) throw new UsageError(`${where}: sparse_categorical_crossentropy takes one class index per row, found ${perRow} values per row`);
    values.forEach(checkClass);
    return { targets: Int32Array.from(values), targetShape: [] };
  }
  const width = out.type.shape.slice(1).reduce<number>((a, d) => a * (typeof d === 'number' ? d : NaN), 1);
  // A single label column for a categorical loss: one-hot it, as users of CSV data expect.
  if (cfg.loss === 'categorical_crossentropy' && perRow === 1 && width > 1) {
    const t = new Float32Array(rows * width);
    values.forEach((v, r) => {
      checkClass(v, r);
      t[r * width + v] = 1;
    });
    return { targets: t, targetShape: out.type.shape.slice(1) as number[] };
  }
  if (perRow !== width) {
    throw new UsageError(`${where}: each row has ${perRow} target value${perRow === 1 ? '' : 's'} but output '${model.outputs[0]!.name}' has ${width} per row`);
  }
  return { targets: Float32Array.from(values), targetShape: out.type.shape.slice(1) as number[] };
}

export function loadDataset(src: DataSource, cfg: TrainConfig, model: CheckedModel, nnPath: string): Dataset {
  const input = model.inputs[0]!;
  const featureShape = input.shape.slice(1) as number[];
  const perRow = featureShape.reduce((a, b) => a * b, 1);
  if (src.kind === 'inline') {
    const rows = src.features.shape[0]!;
    const where = `${nnPath}:${src.span.line}`;
    const tPer = src.targets.shape.slice(1).reduce((a, b) => a * b, 1);
    return { rows, features: Float32Array.from(src.features.values), featureShape, ...targetsFor(cfg, model, src.targets.values, tPer, rows, where) };
  }
  // Relative to the .nn file; shown as the user would write it from here (not made absolute).
  const path = isAbsolute(src.path) ? src.path : join(dirname(nnPath), src.path);
  const table = parseCsv(readText(path, 'data file'), path);
  const col = (c: string | number): number => {
    const k = typeof c === 'number' ? c : table.header.indexOf(c);
    if (k < 0 || k >= table.header.length) {
      throw new UsageError(`${path}: no column ${typeof c === 'number' ? `number ${c}` : `'${c}'`}; the columns are ${table.header.join(', ')}`);
    }
    if (typeof c === 'string' && table.header.indexOf(c, k + 1) >= 0) {
      throw new UsageError(`${path}: the header names column '${c}' more than once (columns ${k + 1} and ${table.header.indexOf(c, k + 1) + 1}); rename one`);
    }
    return k;
  };
  const target = col(src.target);
  const features = src.features ? src.features.map(col) : table.header.map((_, k) => k).filter((k) => k !== target);
  if (features.length !== perRow) {
    throw new UsageError(`${path}: ${features.length} feature columns but input '${input.name}' takes ${perRow} per row`);
  }
  const rows = table.rows.length;
  const f = new Float32Array(rows * perRow);
  table.rows.forEach((r, i) => features.forEach((k, j) => (f[i * perRow + j] = r[k]!)));
  return { rows, features: f, featureShape, ...targetsFor(cfg, model, table.rows.map((r) => r[target]!), 1, rows, path) };
}

/** Per-feature mean and population variance (what Keras's Normalization.adapt computes). */
export function featureStats(data: Dataset): { mean: Float32Array; variance: Float32Array } {
  const f = data.featureShape.reduce((a, b) => a * b, 1);
  const mean = new Float64Array(f);
  const sq = new Float64Array(f);
  for (let r = 0; r < data.rows; r++) {
    for (let j = 0; j < f; j++) mean[j] += data.features[r * f + j]!;
  }
  for (let j = 0; j < f; j++) mean[j] /= data.rows;
  for (let r = 0; r < data.rows; r++) {
    for (let j = 0; j < f; j++) sq[j] += (data.features[r * f + j]! - mean[j]!) ** 2;
  }
  // A feature constant in the training rows gets variance 1 (as scikit-learn's StandardScaler
  // does), so an unusual value at prediction time is not divided by ~0.
  return { mean: Float32Array.from(mean), variance: Float32Array.from(sq, (v) => (v / data.rows > 1e-12 ? v / data.rows : 1)) };
}
