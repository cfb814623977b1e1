// Semantics of the ops added with autodiff, on the interpreter: values the gradient checks and the
// GPU parity tests take for granted (dropout statistics and hash, ties, stable losses, shape errors).
import { describe, expect, it } from 'vitest';
import { ShapeError, type Node } from '../../compiler/ir/graph.js';
import { newGraph } from '../../compiler/ir/new-graph.js';
import { dropoutHash, mixU32 } from '../../compiler/ir/ops/random.js';
import type { Dim } from '../../compiler/ir/types.js';
import { evaluate } from '../../compiler/interp/interpreter.js';
import type { NDArray } from '../../compiler/interp/ndarray.js';

function run(node: Node, inputs: Record<string, NDArray>): number[] {
  return [...evaluate([node], { inputs: new Map(Object.entries(inputs)), params: new Map() }, 'f64')[0]!.data];
}

const f64 = (shape: number[], values: number[]): NDArray => ({ shape, data: Float64Array.from(values) });

/** The hash in exact integer arithmetic (BigInt), as the WGSL text reads. */
function mixRef(x: bigint): bigint {
  const M = 0xffffffffn;
  let h = x & M;
  h ^= h >> 16n;
  h = (h * 0x7feb352dn) & M;
  h ^= h >> 15n;
  h = (h * 0x846ca68bn) & M;
  h ^= h >> 16n;
  return h;
}

describe('dropout_mask', () => {
  const g = newGraph();
  const x = g.leaf('input', { name: 'x' }, { shape: ['N', 100], dtype: 'f32' });
  const step = g.leaf('input', { name: 'step' }, { shape: [], dtype: 'f32' });
  const mask = (rate: number, seed = 9, stream = 0) => g.node('dropout_mask', [x, step], { rate, seed, stream });
  const xs = f64([100, 100], new Array(10000).fill(1));
  const at = (m: Node, s: number) => run(m, { x: xs, step: f64([], [s]) });

  it('the JS hash equals the WGSL one computed exactly', () => {
    for (const v of [0, 1, 2, 12345, 0x7fffffff, 0x80000000, 0xdeadbeef, 0xffffffff]) {
      expect(mixU32(v)).toBe(Number(mixRef(BigInt(v))));
    }
    const ref = mixRef(77n ^ mixRef(5n ^ mixRef(3n ^ mixRef(1000n))));
    expect(dropoutHash(5, 3, 1000, 77)).toBe(Number(ref));
  });

  it('keeps a fraction 1 - rate, scaled by 1 / (1 - rate)', () => {
    for (const rate of [0.1, 0.5, 0.8]) {
      const v = at(mask(rate), 4);
      const kept = v.filter((e) => e !== 0);
      expect(kept.every((e) => Math.abs(e - 1 / (1 - rate)) < 1e-12)).toBe(true);
      const sigma = Math.sqrt(10000 * rate * (1 - rate));
      expect(Math.abs(kept.length - 10000 * (1 - rate))).toBeLessThan(4 * sigma);
    }
  });

  it('rate 0 keeps every element', () => {
    expect(at(mask(0), 123).every((e) => e === 1)).toBe(true);
  });

  it('is a function of (seed, stream, step, index)', () => {
    const a = at(mask(0.5), 1);
    expect(at(mask(0.5), 1)).toEqual(a);
    expect(at(mask(0.5), 2)).not.toEqual(a);
    expect(at(mask(0.5, 10), 1)).not.toEqual(a);
    expect(at(mask(0.5, 9, 1), 1)).not.toEqual(a);
  });

  it('rejects a rate of 1 and a non-scalar step', () => {
    expect(() => mask(1)).toThrow(ShapeError);
    expect(() => g.node('dropout_mask', [x, x], { rate: 0.5, seed: 0, stream: 0 })).toThrow(/scalar step/);
  });
});

describe('argmax, one_hot, to_f32', () => {
  it('argmax: the first maximum wins, along any axis', () => {
    const g = newGraph();
    const x = g.leaf('input', { name: 'x' }, { shape: [2, 3], dtype: 'f32' });
    const data = { x: f64([2, 3], [1, 3, 3, 2, 2, 2]) };
    expect(run(g.node('argmax', [x], { axis: 1 }), data)).toEqual([1, 0]);
    expect(run(g.node('argmax', [x], { axis: 0 }), data)).toEqual([1, 0, 0]);
  });

  it('one_hot: a row per label, zeros for labels out of range', () => {
    const g = newGraph();
    const k = g.leaf('input', { name: 'k' }, { shape: ['N'], dtype: 'i32' });
    const oh = g.node('one_hot', [k], { depth: 3 });
    expect(oh.type).toEqual({ shape: ['N', 3], dtype: 'f32' });
    expect(run(oh, { k: { shape: [4], data: Int32Array.from([2, -1, 0, 3]) } })).toEqual([0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
  });

  it('to_f32 turns i32 into f32', () => {
    const g = newGraph();
    const k = g.leaf('input', { name: 'k' }, { shape: [3], dtype: 'i32' });
    const f = g.node('to_f32', [k], {});
    expect(f.type.dtype).toBe('f32');
    expect(run(f, { k: { shape: [3], data: Int32Array.from([-2, 0, 7]) } })).toEqual([-2, 0, 7]);
  });
});

describe('losses from logits', () => {
  const sig = (z: number) => 1 / (1 + Math.exp(-z));

  it('sigmoid_bce equals the binary cross-entropy of sigmoid(z), and stays finite for large |z|', () => {
    const g = newGraph();
    const z = g.leaf('input', { name: 'z' }, { shape: [4], dtype: 'f32' });
    const y = g.leaf('input', { name: 'y' }, { shape: [4], dtype: 'f32' });
    const zs = [-2, -0.3, 0.5, 3];
    const ys = [0, 0.2, 1, 0.7];
    const got = run(g.node('sigmoid_bce', [z, y], {}), { z: f64([4], zs), y: f64([4], ys) });
    zs.forEach((zi, i) => {
      const want = -(ys[i]! * Math.log(sig(zi)) + (1 - ys[i]!) * Math.log(1 - sig(zi)));
      expect(got[i]).toBeCloseTo(want, 12);
    });
    const big = run(g.node('sigmoid_bce', [z, y], {}), { z: f64([4], [200, -200, 200, -200]), y: f64([4], [0, 1, 1, 0]) });
    [200, 200, 0, 0].forEach((want, i) => expect(big[i]).toBeCloseTo(want, 12));
  });

  it('softmax_ce equals -sum(y * log softmax(z)) along the axis', () => {
    const g = newGraph();
    const z = g.leaf('input', { name: 'z' }, { shape: [2, 3, 2], dtype: 'f32' });
    const y = g.leaf('input', { name: 'y' }, { shape: [2, 3, 2], dtype: 'f32' });
    const zs = [0.1, -1, 2, 0.5, -0.3, 1.5, 3, 0, -2, 1, 0.25, 0.75];
    const ys = [0.2, 0, 0.5, 1, 0.3, 0, 0, 0.6, 1, 0.4, 0, 0];
    const node = g.node('softmax_ce', [z, y], { axis: 1 });
    expect(node.type.shape).toEqual([2, 2]);
    const got = run(node, { z: f64([2, 3, 2], zs), y: f64([2, 3, 2], ys) });
    const idx = (o: number, a: number, j: number) => o * 6 + a * 2 + j;
    for (let o = 0; o < 2; o++) {
      for (let j = 0; j < 2; j++) {
        const lse = Math.log([0, 1, 2].reduce((s, a) => s + Math.exp(zs[idx(o, a, j)]!), 0));
        const want = -[0, 1, 2].reduce((s, a) => s + ys[idx(o, a, j)]! * (zs[idx(o, a, j)]! - lse), 0);
        expect(got[o * 2 + j]).toBeCloseTo(want, 12);
      }
    }
    const huge = run(g.node('softmax_ce', [z, y], { axis: 1 }), { z: f64([2, 3, 2], zs.map((v) => v * 1000)), y: f64([2, 3, 2], ys) });
    expect(huge.every(Number.isFinite)).toBe(true);
  });
});

describe('shape rules of the new ops', () => {
  const g = newGraph();
  const t = (name: string, shape: Dim[]) => g.leaf('input', { name }, { shape, dtype: 'f32' });

  it('broadcast_to follows NumPy, symbols matching by name', () => {
    expect(g.node('broadcast_to', [t('a', [1, 3])], { shape: ['N', 2, 3] }).type.shape).toEqual(['N', 2, 3]);
    expect(g.node('broadcast_to', [t('b', ['N', 1])], { shape: ['N', 4] }).type.shape).toEqual(['N', 4]);
    expect(() => g.node('broadcast_to', [t('c', ['N', 1])], { shape: ['M', 4] })).toThrow(ShapeError);
    expect(() => g.node('broadcast_to', [t('d', [2, 3])], { shape: [3] })).toThrow(ShapeError);
  });

  it('slice needs a fixed axis and a range inside it', () => {
    expect(g.node('slice', [t('e', ['N', 5])], { axis: 1, start: 3, size: 2 }).type.shape).toEqual(['N', 2]);
    expect(() => g.node('slice', [t('e', ['N', 5])], { axis: 1, start: 4, size: 2 })).toThrow(ShapeError);
    expect(() => g.node('slice', [t('e', ['N', 5])], { axis: 0, start: 0, size: 1 })).toThrow(/symbolic/);
  });

  it('matmul_tn contracts the common leading dims', () => {
    expect(g.node('matmul_tn', [t('f', ['N', 3, 4]), t('h', ['N', 3, 2, 5])], {}).type.shape).toEqual([4, 2, 5]);
    expect(() => g.node('matmul_tn', [t('f', ['N', 3, 4]), t('i', ['N', 2, 5])], {})).toThrow(ShapeError);
  });

  it('gt, eq, minimum, maximum broadcast; compare results are f32', () => {
    expect(g.node('gt', [t('j', ['N', 3]), t('k', [3])], {}).type).toEqual({ shape: ['N', 3], dtype: 'f32' });
    expect(g.node('maximum', [t('j', ['N', 3]), t('l', ['N', 1])], {}).type.shape).toEqual(['N', 3]);
  });

  it('dim_size is the product of the chosen dims, symbols bound at run time', () => {
    const x = t('m', ['N', 3, 4]);
    const n = g.node('dim_size', [x], { axes: [0, 2] });
    expect(n.type).toEqual({ shape: [], dtype: 'f32' });
    expect(run(n, { m: f64([5, 3, 4], new Array(60).fill(0)) })).toEqual([20]);
  });
});
