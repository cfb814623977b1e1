// The moments rewrite: mean((x - mean(x))^2) becomes variance(x) wherever the subtraction lines
// mean(x) up with the reduced axes, and nowhere else; the rewritten program computes the same
// numbers (f64 interpreter), BatchNorm's training graph included, and on the GPU the rewritten
// training step (statistics in matmul epilogues) matches the interpreter running the original.
import { describe, expect, it } from 'vitest';
import { Graph, topoOrder, type Node } from '../../compiler/ir/graph.js';
import { shapeRule } from '../../compiler/ir/ops/index.js';
import { evaluate } from '../../compiler/interp/interpreter.js';
import type { NDArray } from '../../compiler/interp/ndarray.js';
import { rewriteMoments } from '../../compiler/passes/moments.js';
import type { Dim } from '../../compiler/ir/types.js';
import { buildMlp } from '../../bench/models.js';
import { expectClose, randomArray } from '../helpers/compare.js';
import { expectSameResults } from '../helpers/rewrite-check.js';

type Build = (g: Graph, x: Node) => Node;

const mean = (g: Graph, x: Node, axes: number[], keepdims = false) => g.node('mean', [x], { axes, keepdims });
const sq = (g: Graph, x: Node) => g.node('square', [x], {});
const sub = (g: Graph, a: Node, b: Node) => g.node('sub', [a, b], {});

const matching: [string, Dim[], Build][] = [
  ['over the batch (BatchNorm on features)', ['N', 5], (g, x) => mean(g, sq(g, sub(g, x, mean(g, x, [0]))), [0])],
  ['over the leading two axes', ['N', 3, 4], (g, x) => mean(g, sq(g, sub(g, x, mean(g, x, [0, 1]))), [0, 1])],
  ['keepdims on a middle axis', ['N', 4, 3], (g, x) => mean(g, sq(g, sub(g, x, mean(g, x, [1], true))), [1], true)],
  [
    'mean without keepdims reshaped to the keepdims form',
    ['N', 4, 3],
    (g, x) => mean(g, sq(g, sub(g, x, g.node('reshape', [mean(g, x, [1])], { shape: ['N', 1, 3] }))), [1]),
  ],
];

const notMatching: [string, Dim[], Build][] = [
  // The mean is over another axis than the outer one: not a variance.
  ['different axes', [6, 5], (g, x) => mean(g, sq(g, sub(g, x, mean(g, x, [1], true))), [0])],
  // mean over axis 1 without keepdims broadcasts along the wrong axis of a square matrix.
  ['misaligned broadcast', [5, 5], (g, x) => mean(g, sq(g, sub(g, x, mean(g, x, [1]))), [1])],
  ['mean of another tensor', ['N', 5], (g, x) => mean(g, sq(g, sub(g, x, mean(g, g.node('relu', [x], {}), [0]))), [0])],
  ['sum instead of mean', ['N', 5], (g, x) => g.node('sum', [sq(g, sub(g, x, mean(g, x, [0])))], { axes: [0], keepdims: false })],
];

function run(roots: readonly Node[], x: Node, seed: number): NDArray[] {
  const shape = x.type.shape.map((d) => (typeof d === 'number' ? d : 9));
  const size = shape.reduce((a, b) => a * b, 1);
  // An offset far from zero: where E[x^2] - E[x]^2 would lose digits, the rewrite must not.
  const data = Float64Array.from(randomArray(size, seed, -1, 1), (v) => 1000 + v);
  return evaluate(roots, { inputs: new Map([['x', { shape, data }]]), params: new Map() }, 'f64');
}

describe('rewriteMoments', () => {
  for (const [name, shape, build] of matching) {
    it(`rewrites ${name}, same values`, () => {
      const g = new Graph(shapeRule);
      const x = g.leaf('input', { name: 'x' }, { shape, dtype: 'f32' });
      const before = build(g, x);
      const { roots, rewritten } = rewriteMoments([before]);
      expect(rewritten).toBe(1);
      expect(roots[0]!.op).toBe('variance');
      expect(roots[0]!.type.shape).toEqual(before.type.shape);
      const [a] = run([before], x, 3);
      const [b] = run(roots, x, 3);
      expectClose(b!.data, a!.data, 1e-9, 1e-12, name);
    });
  }
  for (const [name, shape, build] of notMatching) {
    it(`leaves ${name} alone`, () => {
      const g = new Graph(shapeRule);
      const x = g.leaf('input', { name: 'x' }, { shape, dtype: 'f32' });
      const before = build(g, x);
      const { roots, rewritten } = rewriteMoments([before]);
      expect(rewritten).toBe(0);
      expect(roots[0]).toBe(before);
    });
  }

  it("finds nothing to rewrite in the benchmark MLP's training step: BatchNorm lowers to the variance op itself", () => {
    // (Its gradient then sends nothing back through the mean: compiler/check/layers.ts.)
    const m = buildMlp(24, 6);
    const g = m.graphs.train_step!;
    const roots = [...g.outputs.map((o) => o.node), ...(g.updates ?? []).map((u) => u.node)];
    expect(topoOrder(roots).filter((n) => n.op === 'variance').length).toBe(2);
    const { roots: after, rewritten } = rewriteMoments(roots);
    expect(rewritten).toBe(0);
    expect(after).toEqual(roots);
  });
});
