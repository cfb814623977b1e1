import { helpText, parseArgs, type FlagSpec } from '../args.js';
import { loadModel } from '../load.js';
import { summarize } from '../summary.js';
import type { Io } from '../io.js';

const flags: readonly FlagSpec[] = [
  { name: 'model', alias: 'm', kind: 'string', help: 'the model to show (default: the first in the file)' },
  { name: 'help', alias: 'h', kind: 'switch', help: 'show this help' },
];

export const summary = {
  summary: "print a model's layers, output shapes and parameter counts (Keras's format)",
  async run(argv: readonly string[], io: Io): Promise<number> {
    const a = parseArgs('summary', argv, flags);
    if (a.flags.has('help')) {
      io.out(helpText('nnc summary FILE [--model M]', "Prints the model's layers, their output shapes and parameter counts, as Keras's model.summary() does.", flags));
      return 0;
    }
    const { model } = loadModel(a.positionals[0], a.flags.get('model') as string | undefined);
    io.out(summarize(model));
    return 0;
  },
};
