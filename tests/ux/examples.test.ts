// The example files a new user starts from (dsl-examples/, subfolders included): each checks, its
// data files exist and fit the model, its header comment says how to run it and what it reaches,
// and the digits train/test split is the one tools/split-digits.mjs writes. The figures in the
// headers are measured by hand (training them all here would take minutes); a short `nnc train`
// of every subfolder example checks that its train block runs.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../../compiler/check/check-file.js';
import { train } from '../../cli/commands/train.js';
import { root } from '../helpers/cli.js';

function nnFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === 'data' ? [] : nnFiles(p);
    return f.endsWith('.nn') ? [p] : [];
  });
}
const files = nnFiles(join(root, 'dsl-examples')).sort();
const rel = (p: string): string => relative(root, p);

/** The examples docs/tutorial.md walks through that this suite's authors wrote. */
const TUTORIAL = [
  'dsl-examples/digits.nn',
  'dsl-examples/iris.nn',
  'dsl-examples/diabetes.nn',
  'dsl-examples/residual.nn',
  'dsl-examples/tutorial/activations.nn',
  'dsl-examples/tutorial/softmax.nn',
  'dsl-examples/tutorial/backprop.nn',
  ...['sgd', 'sgd_decay', 'momentum', 'adagrad', 'rmsprop', 'adam'].map((o) => `dsl-examples/optimizers/${o}.nn`),
];

describe('dsl-examples', () => {
  it('has the examples the tutorial uses', () => {
    const names = files.map(rel);
    for (const f of TUTORIAL) expect(names).toContain(f);
  });

  for (const file of files) {
    it(`${rel(file)} checks, and its data files exist`, () => {
      const text = readFileSync(file, 'utf8');
      const checked = checkFile({ path: rel(file), text });
      expect(checked.models.length).toBeGreaterThan(0);
      for (const m of text.matchAll(/csv\("([^"]+)"/g)) {
        const data = resolve(dirname(file), m[1]!);
        expect(existsSync(data), `${rel(file)} reads ${m[1]}, which is missing`).toBe(true);
      }
      // A header comment that shows the command and what it gives.
      const header = text.split('\n').filter((l) => l.startsWith('#'));
      expect(header.length, `${rel(file)} has no header comment`).toBeGreaterThan(1);
      if (TUTORIAL.includes(rel(file)) && !rel(file).startsWith('dsl-examples/optimizers/')) {
        expect(header.join('\n'), `${rel(file)}'s header names no command`).toMatch(/nnc (train|predict|grad)/);
      }
    });
  }

  it('the optimizer comparison has the same model, data and budget in every file, and a README with the figures', () => {
    const dir = join(root, 'dsl-examples', 'optimizers');
    const bodies = readdirSync(dir)
      .filter((f) => f.endsWith('.nn'))
      .map((f) => {
        const text = readFileSync(join(dir, f), 'utf8');
        // Everything but the comments, the model's name and the optimizer line.
        return text
          .split('\n')
          .filter((l) => !l.startsWith('#') && !/^\s*optimizer\s*=/.test(l))
          .join('\n')
          .replace(new RegExp(`\\b${f.slice(0, -3)}\\b`, 'g'), 'NAME');
      });
    expect(new Set(bodies).size).toBe(1);
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    for (const o of ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam']) expect(readme).toMatch(new RegExp(`\\| \`${o}\\.nn\` \\|[^\\n]*\\d\\.\\d{4}`));
  });

  it('digits_train.csv and digits_test.csv are what tools/split-digits.mjs writes', () => {
    execFileSync(process.execPath, [join(root, 'tools', 'split-digits.mjs'), '--check'], { cwd: root });
    const count = (f: string): number => readFileSync(join(root, 'dsl-examples', 'data', f), 'utf8').trim().split('\n').length - 1;
    expect(count('digits_train.csv') + count('digits_test.csv')).toBe(count('digits.csv'));
    expect(count('digits_test.csv')).toBe(359);
  });

  it('every train block in the subfolders runs (one epoch, cpu, in-process)', async () => {
    for (const file of files.filter((f) => rel(f).split('/').length > 2)) {
      const checked = checkFile({ path: rel(file), text: readFileSync(file, 'utf8') });
      for (const name of checked.trains.keys()) {
        const out: string[] = [];
        const io = { out: (t: string) => void out.push(t), err: (t: string) => void out.push(t) };
        const code = await train.run([file, '--model', name, '--epochs', '1', '--backend', 'cpu'], io);
        expect(code, `nnc train ${rel(file)} --model ${name}:\n${out.join('')}`).toBe(0);
        expect(out.join(''), rel(file)).toMatch(/^(Best|Final) epoch 1: (val_)?loss \d/m);
      }
    }
  }, 120_000);
});
