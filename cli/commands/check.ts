import { helpText, parseArgs, type FlagSpec } from '../args.js';
import { CompileError, renderDiagnostic } from '../../compiler/syntax/diagnostics.js';
import { loadFile } from '../load.js';
import type { Io } from '../io.js';

const flags: readonly FlagSpec[] = [{ name: 'help', alias: 'h', kind: 'switch', help: 'show this help' }];

export const check = {
  summary: 'parse and check a model file, reporting every error',
  async run(argv: readonly string[], io: Io): Promise<number> {
    const a = parseArgs('check', argv, flags);
    if (a.flags.has('help')) {
      io.out(helpText('nnc check FILE...', 'Parses and checks each FILE (models, shapes, train blocks) and reports every error found.', flags));
      return 0;
    }
    if (a.positionals.length === 0) loadFile(undefined); // says which file is missing
    // Every file is checked; the errors of all of them are reported before the exit status.
    let failed = 0;
    for (const path of a.positionals) {
      try {
        const file = loadFile(path);
        const models = file.models.map((m) => `${m.name} (${m.params.reduce((s, p) => s + p.shape.reduce((x, y) => x * y, 1), 0).toLocaleString('en-US')} params${file.trains.has(m.name) ? ', trainable by its train block' : ''})`);
        io.out(`${file.file.path}: ok: ${models.join('; ')}\n`);
      } catch (e) {
        if (a.positionals.length === 1 || !(e instanceof CompileError)) throw e;
        io.err(e.diagnostics.map((d) => renderDiagnostic(e.file, d)).join('\n\n') + '\n');
        failed++;
      }
    }
    if (failed) io.err(`${failed} of ${a.positionals.length} files have errors\n`);
    return failed ? 1 : 0;
  },
};
