// The two regularization examples of the reference (BatchNorm + Dropout + L2 classifier, Dropout +
// L2 regression) train on their generated data: two epochs are enough to see the loss fall.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nnc, userStderr } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nnc-regularized-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cases = [
  { name: 'batchnorm_classifier', figures: ['loss', 'accuracy', 'val_loss', 'val_accuracy'] },
  { name: 'regression_dropout', figures: ['loss', 'mae', 'val_loss', 'val_mae'] },
];

describe('the regularization examples train', () => {
  for (const c of cases) {
    it(`${c.name}: two epochs, the training and validation losses decrease`, () => {
      const historyFile = join(dir, `${c.name}.json`);
      const r = nnc(['train', `dsl-examples/${c.name}.nn`, '--epochs', '2', '--history', historyFile]);
      expect(r.code, `nnc train failed:\n${userStderr(r.stderr)}${r.stdout}`).toBe(0);
      expect(r.stdout).toMatch(/^Epoch 2\/2 /m);
      const h = JSON.parse(readFileSync(historyFile, 'utf8')) as Record<string, number[]>;
      expect(Object.keys(h).sort()).toEqual([...c.figures].sort());
      for (const k of c.figures) {
        expect(h[k], k).toHaveLength(2);
        for (const v of h[k]!) expect(Number.isFinite(v), `${k}: ${v}`).toBe(true);
      }
      expect(h['loss']![1]).toBeLessThan(h['loss']![0]!);
      expect(h['val_loss']![1]).toBeLessThan(h['val_loss']![0]!);
    });
  }
});
