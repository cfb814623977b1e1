import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../runtime/train-types.js';
import { deriveSeed, permutation } from '../../runtime/shuffle.js';
import { splitValidation } from '../../runtime/trainer.js';
import { makeData } from './linear-engine.js';

/** Feature 0 of row i is i: the ids of a data set's rows. */
const ids = (d: Dataset): number[] => Array.from({ length: d.rows }, (_, i) => d.features[i * d.featureShape[0]!]!);
const data = (rows: number): Dataset => makeData(rows, 2, (i, j) => (j === 0 ? i : -i), ([x]) => 10 * x!);

describe('splitValidation', () => {
  it('sizes: round(rows * fraction), at least one row', () => {
    const cases: [number, number, number][] = [
      [10, 0.2, 2],
      [10, 0.01, 1],
      [7, 0.5, 4],
      [100, 0.25, 25],
      [3, 0.1, 1],
    ];
    for (const [rows, fraction, nVal] of cases) {
      const { train, validation } = splitValidation(data(rows), fraction, 1);
      expect([train.rows, validation.rows], `${rows} * ${fraction}`).toEqual([rows - nVal, nVal]);
      expect(train.features.length).toBe(train.rows * 2);
      expect(validation.targets.length).toBe(validation.rows);
    }
  });

  it('takes the tail of the seeded shuffle; both parts keep file order; rows stay whole', () => {
    const rows = 40;
    const { train, validation } = splitValidation(data(rows), 0.25, 9);
    const order = Array.from(permutation(rows, deriveSeed(9, 0)));
    expect(ids(validation)).toEqual(order.slice(30).sort((a, b) => a - b));
    expect(ids(train)).toEqual(order.slice(0, 30).sort((a, b) => a - b));
    expect([...ids(train), ...ids(validation)].sort((a, b) => a - b)).toEqual(Array.from({ length: rows }, (_, i) => i));
    for (const part of [train, validation]) {
      for (let i = 0; i < part.rows; i++) {
        expect(part.features[i * 2 + 1]).toBe(-part.features[i * 2]!);
        expect(part.targets[i]).toBe(10 * part.features[i * 2]!);
      }
    }
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const d = data(100);
    expect(ids(splitValidation(d, 0.2, 5).validation)).toEqual(ids(splitValidation(d, 0.2, 5).validation));
    expect(ids(splitValidation(d, 0.2, 5).validation)).not.toEqual(ids(splitValidation(d, 0.2, 6).validation));
  });

  it('keeps i32 targets i32 and shapes as they are', () => {
    const d: Dataset = {
      rows: 6,
      features: Float32Array.from([0, 1, 2, 3, 4, 5]),
      featureShape: [1],
      targets: Int32Array.from([0, 1, 2, 0, 1, 2]),
      targetShape: [],
    };
    const { train, validation } = splitValidation(d, 0.5, 3);
    expect(train.targets).toBeInstanceOf(Int32Array);
    expect(validation.targetShape).toEqual([]);
    for (const part of [train, validation]) {
      for (let i = 0; i < part.rows; i++) expect(part.targets[i]).toBe(part.features[i]! % 3);
    }
  });

  it('rejects fractions outside (0, 1) and splits that leave nothing to train on', () => {
    expect(() => splitValidation(data(10), 0, 1)).toThrow(/between 0 and 1/);
    expect(() => splitValidation(data(10), 1, 1)).toThrow(/between 0 and 1/);
    expect(() => splitValidation(data(10), Number.NaN, 1)).toThrow(/between 0 and 1/);
    expect(() => splitValidation(data(1), 0.2, 1)).toThrow(/leaves no rows to train on/);
    expect(() => splitValidation(data(4), 0.9, 1)).toThrow(/leaves no rows to train on/);
  });
});
