// dsl-examples/xor.nn trains as its file says, on both backends, and its printed predictions on the
// four training rows round to XOR's truth table.
import { describe, expect, it } from 'vitest';
import { nnc, userStderr } from '../helpers/cli.js';

/** The predictions `nnc train` prints, "  [0, 1] -> 0.9936", as [[inputs], output]. */
function predictions(stdout: string): [number[], number][] {
  return [...stdout.matchAll(/^\s+\[([^\]]*)\] -> (\S+)$/gm)].map((m) => [m[1]!.split(',').map(Number), Number(m[2])]);
}

describe('nnc train dsl-examples/xor.nn', () => {
  for (const backend of ['webgpu', 'cpu']) {
    it(`learns XOR on ${backend}: predictions round to 0, 1, 1, 0`, () => {
      const r = nnc(['train', 'dsl-examples/xor.nn', '--backend', backend]);
      expect(r.code, `nnc train failed:\n${userStderr(r.stderr)}${r.stdout}`).toBe(0);
      expect(r.stdout).toMatch(/^Epoch 100\/100 /m);
      const p = predictions(r.stdout);
      expect(p.map(([x]) => x)).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
      expect(p.map(([, y]) => Math.round(y))).toEqual([0, 1, 1, 0]);
    });
  }
});
