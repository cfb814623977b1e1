// Pure arithmetic of the runtime: dispatch sizes and symbol binding. No device needed.

import { describe, expect, it } from 'vitest';
import { gridWorkgroups, linearWorkgroups, workgroupsFor } from '../../runtime/dispatch.js';
import { bindSymbols, resolveShape } from '../../runtime/shapes.js';

describe('linear dispatch', () => {
  it('fits in x while it can', () => {
    expect(linearWorkgroups(1, 64, 65535)).toEqual([1, 1, 1]);
    expect(linearWorkgroups(64, 64, 65535)).toEqual([1, 1, 1]);
    expect(linearWorkgroups(65, 64, 65535)).toEqual([2, 1, 1]);
    expect(linearWorkgroups(65535 * 64, 64, 65535)).toEqual([65535, 1, 1]);
  });

  it('spills into y past the per-dimension limit, covering every invocation', () => {
    expect(linearWorkgroups(65535 * 64 + 1, 64, 65535)).toEqual([65535, 2, 1]);
    expect(linearWorkgroups(10, 1, 4)).toEqual([4, 3, 1]);
    for (const [t, wg, max] of [[1000, 7, 13], [169 * 5, 5, 13], [12, 1, 4]] as const) {
      const [x, y] = linearWorkgroups(t, wg, max)!;
      expect(x).toBeLessThanOrEqual(max);
      expect(x * y * wg).toBeGreaterThanOrEqual(t);
      expect(x * (y - 1) * wg).toBeLessThan(t); // the last row of workgroups is needed
    }
  });

  it('skips empty dispatches and refuses impossible ones', () => {
    expect(linearWorkgroups(0, 64, 65535)).toBeNull();
    expect(() => linearWorkgroups(17, 1, 4)).toThrow(/more than 4 x 4/);
    expect(() => linearWorkgroups(5, 0, 4)).toThrow(/positive integer/);
  });
});

describe('grid dispatch', () => {
  it('rounds each axis up and skips empty grids', () => {
    expect(gridWorkgroups([{ count: 10, per: 4 }, { count: 3, per: 8 }, { count: 1, per: 1 }], 65535)).toEqual([3, 1, 1]);
    expect(gridWorkgroups([{ count: 0, per: 4 }, { count: 3, per: 8 }, { count: 1, per: 1 }], 65535)).toBeNull();
    expect(() => gridWorkgroups([{ count: 100, per: 1 }, { count: 1, per: 1 }, { count: 1, per: 1 }], 50)).toThrow(/axis x/);
  });

  it('binds symbols in dims', () => {
    const b = new Map([['N', 20]]);
    expect(workgroupsFor({ kind: 'grid', x: { dims: [3], per: 4 }, y: { dims: ['N'], per: 8 }, z: { dims: [], per: 1 } }, b, 65535)).toEqual([1, 3, 1]);
    expect(workgroupsFor({ kind: 'linear', threads: ['N', 2], workgroupSize: 64 }, b, 65535)).toEqual([1, 1, 1]);
  });
});

describe('binding symbols from input shapes', () => {
  it('binds each symbol once and resolves shapes', () => {
    const b = bindSymbols([
      { name: 'x', expected: ['N', 2], actual: [4, 2] },
      { name: 'y', expected: ['N', 'K'], actual: [4, 7] },
    ]);
    expect([...b]).toEqual([['N', 4], ['K', 7]]);
    expect(resolveShape(['N', 'K', 3], b)).toEqual([4, 7, 3]);
    expect(() => resolveShape(['M'], b)).toThrow(/'M' is not bound/);
  });

  it('names the input and both shapes on a mismatch', () => {
    expect(() => bindSymbols([{ name: 'x', expected: ['N', 2], actual: [4, 3] }])).toThrow(
      "input 'x' has shape [4, 3] but the model expects [N, 2]",
    );
    expect(() => bindSymbols([{ name: 'x', expected: ['N', 2], actual: [4] }])).toThrow(
      "input 'x' has shape [4] but the model expects [N, 2]",
    );
    expect(() =>
      bindSymbols([
        { name: 'x', expected: ['N', 2], actual: [4, 2] },
        { name: 'y', expected: ['N', 1], actual: [5, 1] },
      ]),
    ).toThrow("input 'y' has shape [5, 1] but the model expects [N, 1] with N = 4 (from input 'x')");
    expect(() => bindSymbols([{ name: 'x', expected: ['N'], actual: [1.5] }])).toThrow(/non-negative integers/);
  });
});
