import { helpText, parseArgs, type FlagSpec } from '../args.js';
import { loadFile } from '../load.js';
import type { Io } from '../io.js';

const flags: readonly FlagSpec[] = [{ name: 'help', alias: 'h', kind: 'switch', help: 'show this help' }];

export const check = {
  summary: 'parse and check a model file, reporting every error',
  async run(argv: readonly string[], io: Io): Promise<number> {
    const a = parseArgs('check', argv, flags);
    if (a.flags.has('help')) {
      io.out(helpText('nnc check FILE', 'Parses and checks FILE (models, shapes, train blocks) and reports every error found.', flags));
      return 0;
    }
    const file = loadFile(a.positionals[0]);
    const models = file.models.map((m) => `${m.name} (${m.params.reduce((s, p) => s + p.shape.reduce((x, y) => x * y, 1), 0).toLocaleString('en-US')} params${file.trains.has(m.name) ? ', trainable by its train block' : ''})`);
    io.out(`${file.file.path}: ok: ${models.join('; ')}\n`);
    return 0;
  },
};
