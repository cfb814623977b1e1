// dsl-examples/breast_cancer.nn: early stopping on val_loss stops the run before its epochs are
// up, restores the weights of the best epoch, and that epoch classifies at least 95% of the
// validation split correctly.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nnc, root, userStderr } from '../helpers/cli.js';

const file = 'dsl-examples/breast_cancer.nn';
const dir = mkdtempSync(join(tmpdir(), 'nnc-breast-cancer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(`nnc train ${file}`, () => {
  it('stops early, restores the best epoch, and that epoch reaches 95% validation accuracy', () => {
    const epochs = Number(/^\s*epochs\s*=\s*(\d+)/m.exec(readFileSync(join(root, file), 'utf8'))?.[1]);
    expect(epochs).toBeGreaterThan(0);
    const historyFile = join(dir, 'history.json');
    const r = nnc(['train', file, '--history', historyFile]);
    expect(r.code, `nnc train failed:\n${userStderr(r.stderr)}${r.stdout}`).toBe(0);

    const h = JSON.parse(readFileSync(historyFile, 'utf8')) as Record<string, number[]>;
    const valLoss = h['val_loss']!;
    const valAccuracy = h['val_accuracy']!;
    expect(valLoss.length).toBeGreaterThan(1);
    expect(valLoss.length, 'early stopping should end the run before its epochs are up').toBeLessThan(epochs);
    expect(valAccuracy).toHaveLength(valLoss.length);

    const best = valLoss.indexOf(Math.min(...valLoss)); // 0-based
    const m = /^Early stopping: .*stopped after epoch (\d+), restored the weights of epoch (\d+)\.$/m.exec(r.stdout);
    expect(m, `no early-stopping line in:\n${r.stdout}`).not.toBeNull();
    expect(Number(m![1])).toBe(valLoss.length);
    expect(Number(m![2])).toBe(best + 1);
    expect(valAccuracy[best]).toBeGreaterThanOrEqual(0.95);
  });
});
