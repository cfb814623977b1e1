#!/usr/bin/env node
// The `nnc` command. User mistakes print located diagnostics or one clear line and exit 1;
// only an internal fault prints a stack trace (and asks for a bug report).
import { CompileError, renderDiagnostic } from '../compiler/syntax/diagnostics.js';
import { UsageError } from './args.js';
import { check } from './commands/check.js';
import { compile } from './commands/compile.js';
import { grad } from './commands/grad.js';
import { graph } from './commands/graph.js';
import { init } from './commands/init.js';
import { predict } from './commands/predict.js';
import { summary } from './commands/summary.js';
import { train } from './commands/train.js';
import { processIo, type Io } from './io.js';

interface Command {
  readonly summary: string;
  run(argv: readonly string[], io: Io): Promise<number>;
}

const commands: Readonly<Record<string, Command>> = { check, summary, init, predict, train, grad, compile, graph };

function usage(): string {
  const names = Object.keys(commands);
  const w = Math.max(...names.map((n) => n.length));
  return [
    'usage: nnc COMMAND [options]',
    '',
    'commands:',
    ...names.map((n) => `  ${n.padEnd(w)}  ${commands[n]!.summary}`),
    '',
    "Run 'nnc COMMAND --help' for a command's options.",
    '',
  ].join('\n');
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.out('nnc 0.1.0\n');
    return 0;
  }
  const cmd = commands[name];
  try {
    if (!cmd) throw new UsageError(`unknown command '${name}'; the commands are ${Object.keys(commands).join(', ')}`);
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof CompileError) {
      io.err(e.diagnostics.map((d) => renderDiagnostic(e.file, d)).join('\n\n') + '\n');
      const n = e.diagnostics.filter((d) => d.severity === 'error').length;
      io.err(`${n} error${n === 1 ? '' : 's'} in ${e.file.path}\n`);
      return 1;
    }
    if (e instanceof UsageError) {
      io.err(`nnc: error: ${e.message}\n`);
      return 1;
    }
    const err = e as Error;
    io.err(`nnc: internal error: ${err.message}\nThis is a bug in nnc; please report it with the input that caused it.\n${err.stack ?? ''}\n`);
    return 70;
  }
}

// Run when executed as the `nnc` binary (not when imported by tests).
const self = process.argv[1] ?? '';
if (/(^|[\\/])(main\.js|nnc(\.js)?)$/.test(self)) {
  main(process.argv.slice(2), processIo).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`nnc: internal error: ${String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
