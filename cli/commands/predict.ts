import { initialWeights } from '../../compiler/check/init-weights.js';
import { helpText, parseArgs, UsageError, type FlagSpec } from '../args.js';
import { chooseBackend, predict as runPredict, type Backend } from '../backend.js';
import { parseCsv } from '../csv.js';
import { loadModel, readText } from '../load.js';
import { loadWeights } from '../weights.js';
import type { Io } from '../io.js';

const flags: readonly FlagSpec[] = [
  { name: 'model', alias: 'm', kind: 'string', help: 'the model to run (default: the first in the file)' },
  { name: 'weights', alias: 'w', kind: 'string', help: 'safetensors weights (default: the initial values written in the file)' },
  { name: 'input', alias: 'i', kind: 'string', help: "CSV with a header row; columns in the input's feature order" },
  { name: 'backend', alias: 'b', kind: 'string', values: ['webgpu', 'cpu'], help: 'webgpu (default when an adapter exists) or cpu' },
  { name: 'header', kind: 'switch', help: 'print a header row naming the output columns' },
  { name: 'help', alias: 'h', kind: 'switch', help: 'show this help' },
];

/** Shortest text that reads back as the same float32. */
export function formatValue(v: number): string {
  if (Number.isInteger(v)) return String(v);
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === Math.fround(v)) return String(Number(s));
  }
  return String(v);
}

export const predict = {
  summary: 'run a model on the rows of a CSV file and print one row of outputs per input row',
  async run(argv: readonly string[], io: Io): Promise<number> {
    const a = parseArgs('predict', argv, flags);
    if (a.flags.has('help')) {
      io.out(helpText('nnc predict FILE [--weights W.safetensors] --input IN.csv [--backend webgpu|cpu]', 'Runs the model (inference mode) on every row of IN.csv and prints one CSV row of outputs per input row.', flags));
      return 0;
    }
    const inputPath = a.flags.get('input') as string | undefined;
    if (!inputPath) throw new UsageError('which inputs? give a CSV file with --input IN.csv');
    const { model } = loadModel(a.positionals[0], a.flags.get('model') as string | undefined);
    if (model.inputs.length !== 1) {
      throw new UsageError(`model '${model.name}' has ${model.inputs.length} inputs; 'nnc predict' feeds one input from a CSV file`);
    }
    const input = model.inputs[0]!;
    if (input.shape.length !== 2 || typeof input.shape[1] !== 'number' || input.dtype !== 'f32') {
      throw new UsageError(`input '${input.name}' has shape [${input.shape.join(', ')}]; 'nnc predict' reads rows of an f32 [N, features] input from CSV`);
    }
    const features = input.shape[1];
    const table = parseCsv(readText(inputPath, 'input file'), inputPath);
    if (table.header.length !== features) {
      throw new UsageError(`${inputPath}: has ${table.header.length} columns but input '${input.name}' takes ${features} features per row`);
    }
    const weightsPath = a.flags.get('weights') as string | undefined;
    let weights: Map<string, Float32Array>;
    if (weightsPath) weights = loadWeights(weightsPath, model);
    else {
      const random = model.params.filter((p) => p.init.kind === 'initializer' && p.init.name !== 'zeros' && p.init.name !== 'ones' && p.init.name !== 'constant');
      if (random.length) io.err(`nnc: note: no --weights given; using freshly initialized weights (seed 0) for ${random.map((p) => p.name).join(', ')}\n`);
      weights = initialWeights(model.params, 0);
    }
    const backend = await chooseBackend(a.flags.get('backend') as Backend | undefined, (l) => io.err(l + '\n'));
    const data = Float32Array.from(table.rows.flat());
    const outs = await runPredict(model, weights, new Map([[input.name, { data, shape: [table.rows.length, features] }]]), backend);
    const rows = table.rows.length;
    const widths = outs.map((o) => o.data.length / Math.max(rows, 1));
    const lines: string[] = [];
    if (a.flags.has('header')) {
      lines.push(outs.flatMap((o, k) => (widths[k] === 1 ? [o.name] : Array.from({ length: widths[k]! }, (_, j) => `${o.name}_${j}`))).join(','));
    }
    for (let r = 0; r < rows; r++) {
      lines.push(outs.flatMap((o, k) => Array.from(o.data.subarray(r * widths[k]!, (r + 1) * widths[k]!), formatValue)).join(','));
    }
    io.out(lines.join('\n') + '\n');
    return 0;
  },
};
