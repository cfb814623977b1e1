import { initialWeights } from '../../compiler/check/init-weights.js';
import { helpText, parseArgs, UsageError, type FlagSpec } from '../args.js';
import { loadModel } from '../load.js';
import { saveWeights } from '../weights.js';
import type { Io } from '../io.js';

const flags: readonly FlagSpec[] = [
  { name: 'model', alias: 'm', kind: 'string', help: 'the model to initialize (default: the first in the file)' },
  { name: 'seed', alias: 's', kind: 'int', help: "random seed (default: the train block's seed, else 0)" },
  { name: 'output', alias: 'o', kind: 'string', help: 'the safetensors file to write' },
  { name: 'help', alias: 'h', kind: 'switch', help: 'show this help' },
];

export const init = {
  summary: "write a model's freshly initialized weights to a safetensors file",
  async run(argv: readonly string[], io: Io): Promise<number> {
    const a = parseArgs('init', argv, flags);
    if (a.flags.has('help')) {
      io.out(helpText('nnc init FILE [--model M] [--seed S] -o W.safetensors', "Initializes the model's parameters with their initializers (seeded, deterministic) and writes them.", flags));
      return 0;
    }
    const out = a.flags.get('output') as string | undefined;
    if (!out) throw new UsageError("where to? give the output file with -o W.safetensors");
    const { file, model } = loadModel(a.positionals[0], a.flags.get('model') as string | undefined);
    const seed = (a.flags.get('seed') as number | undefined) ?? file.trains.get(model.name)?.seed ?? 0;
    saveWeights(out, model, initialWeights(model.params, seed), { seed: String(seed) });
    io.err(`wrote ${model.params.length} tensors of model '${model.name}' (seed ${seed}) to ${out}\n`);
    return 0;
  },
};
