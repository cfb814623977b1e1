// What `nnc train` prints: a live bar with ETAs and colours on a terminal only (never with
// NO_COLOR), one plain line per epoch elsewhere, the final summary line, and nothing but errors
// with --quiet. The terminal runs use a pseudo-terminal from util-linux's `script`. Most runs use
// the cpu backend: what is printed does not depend on it, and it starts faster.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kerasProgress } from '../../cli/progress.js';
import { nnc, root, userStderr } from '../helpers/cli.js';

const bin = join(root, 'dist', 'cli', 'main.js');
const ESC = '\x1b[';

/** Runs nnc under a pseudo-terminal; returns what the terminal received. */
function onTerminal(args: readonly string[], env: Record<string, string | undefined>): { code: number; out: string } {
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const cmd = [process.execPath, bin, ...args].map(quote).join(' ');
  const base: Record<string, string | undefined> = { ...process.env, TERM: 'xterm-256color', COLUMNS: '160' };
  delete base['NO_COLOR'];
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: root, encoding: 'utf8', env: { ...base, ...env } as NodeJS.ProcessEnv, timeout: 120_000 });
  return { code: r.status ?? -1, out: r.stdout };
}

describe('nnc train on a terminal', () => {
  it('draws a live bar with ETAs, in colour', () => {
    const r = onTerminal(['train', 'dsl-examples/iris.nn', '--epochs', '3'], {});
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(ESC); // colour codes
    expect(r.out).toMatch(/\r/); // redrawn in place
    // The epoch's ETA in the live line, and the run's ETA in the header from epoch 2 on.
    const plain = r.out.replace(/\x1b\[\d+m/g, '');
    expect(plain).toMatch(/\r\s*1\/8 ━* *\d+s \d+[mu]?s\/step/);
    expect(plain).toMatch(/^Epoch 2\/3 - ETA \d+s\r?$/m);
    expect(plain).toMatch(/^Best epoch \d: val_loss \d\.\d{4}, val_accuracy \d\.\d{4}\r?$/m);
  });

  it('never colours with NO_COLOR, but still redraws the bar', () => {
    const r = onTerminal(['train', 'dsl-examples/iris.nn', '--epochs', '2', '--backend', 'cpu'], { NO_COLOR: '1' });
    expect(r.code, r.out).toBe(0);
    expect(r.out).not.toContain(ESC);
    expect(r.out).toMatch(/\r\s*8\/8 ━{20} /);
  });

  it('prints nothing with --quiet', () => {
    const r = onTerminal(['train', 'dsl-examples/iris.nn', '--epochs', '2', '--quiet', '--backend', 'cpu'], {});
    expect(r.code, r.out).toBe(0);
    expect(userStderr(r.out).trim()).toBe('');
  });
});

describe('nnc train elsewhere (a pipe)', () => {
  it('writes one plain line per epoch and the summary, without escape codes', () => {
    const r = nnc(['train', 'dsl-examples/iris.nn', '--epochs', '3', '--backend', 'cpu'], { env: { NO_COLOR: '' } });
    expect(r.code, userStderr(r.stderr)).toBe(0);
    expect(r.stdout).not.toMatch(/[\r\x1b]/);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => /^Epoch \d\/3 - 8\/8 - \d+s \d+[mu]?s\/step - accuracy: /.test(l))).toHaveLength(3);
    expect(lines).toContainEqual(expect.stringMatching(/^Best epoch [123]: val_loss \d\.\d{4}, val_accuracy \d\.\d{4}$/));
  });

  it('says "Final epoch" with the training figures when there is no validation data', () => {
    const r = nnc(['train', 'dsl-examples/xor.nn', '--epochs', '5', '--backend', 'cpu']);
    expect(r.code, userStderr(r.stderr)).toBe(0);
    expect(r.stdout).toMatch(/^Final epoch 5: loss \d\.\d{4}$/m);
  });

  it('--quiet prints nothing at all, and still writes the files asked for', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnc-quiet-'));
    const r = nnc(['train', 'dsl-examples/iris.nn', '--epochs', '2', '--quiet', '--history', join(dir, 'h.json'), '--plot', join(dir, 'c.svg'), '--save', join(dir, 'w.safetensors')]);
    expect(r.code, userStderr(r.stderr)).toBe(0);
    expect(r.stdout).toBe('');
    expect(userStderr(r.stderr).trim()).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'h.json'), 'utf8')).loss).toHaveLength(2);
    expect(readFileSync(join(dir, 'c.svg'), 'utf8')).toMatch(/^<\?xml[^]*<\/svg>\n$/);
  });

  it('--quiet still prints errors', () => {
    const r = nnc(['train', 'dsl-examples/no-such-file.nn', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(userStderr(r.stderr)).toMatch(/no-such-file\.nn/);
  });
});

describe('the run ETA in the epoch header', () => {
  it('estimates the rest of the run from the mean epoch time, on a terminal only', () => {
    for (const tty of [true, false]) {
      const out: string[] = [];
      const clock = { t: 0 };
      const cb = kerasProgress({ tty, color: false, write: (s) => void out.push(s), now: () => clock.t });
      for (let e = 1; e <= 3; e++) {
        cb.onEpochBegin!(e, 40, 2);
        clock.t += 1000;
        void cb.onBatchEnd!(1, 2, null);
        clock.t += 1000;
        void cb.onBatchEnd!(2, 2, { loss: 1 });
        cb.onEpochEnd!({ epoch: e, logs: { loss: 1 }, ms: 2000, steps: 2 });
        clock.t += 500; // validation, checkpoints: part of the epoch's cost
      }
      const headers = out.filter((s) => s.startsWith('Epoch') && s.endsWith('\n') && !s.includes(' - 2/2'));
      if (tty) expect(headers).toEqual(['Epoch 1/40\n', 'Epoch 2/40 - ETA 1:37\n', 'Epoch 3/40 - ETA 1:35\n']);
      else expect(headers).toEqual([]);
    }
  });
});
