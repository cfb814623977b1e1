// Checks a graph rewrite on a whole program: the rewritten roots compute what the original ones
// compute (f64 interpreter), every leaf fed from a seeded generator (labels for i32 inputs).
import { expect } from 'vitest';
import { topoOrder, type Node } from '../../compiler/ir/graph.js';
import { evaluate } from '../../compiler/interp/interpreter.js';
import type { NDArray } from '../../compiler/interp/ndarray.js';
import { expectClose, randomArray } from './compare.js';

/** Feeds the leaves of `roots` (symbolic dims bound to `batch`) and compares `after` with `roots`, root by root. */
export function expectSameResults(roots: readonly Node[], after: readonly Node[], batch: number): void {
  expect(after).toHaveLength(roots.length);
  const leaves = topoOrder(roots).filter((n) => n.op === 'input' || n.op === 'param');
  const inputs = new Map<string, NDArray>();
  const params = new Map<string, NDArray>();
  leaves.forEach((n, i) => {
    const shape = n.type.shape.map((d) => (typeof d === 'number' ? d : batch));
    const size = shape.reduce((a, b) => a * b, 1);
    const name = (n.attrs as { name: string }).name;
    if (n.type.dtype === 'i32') inputs.set(name, { shape, data: Int32Array.from({ length: size }, (_, k) => (k * 7 + i) % 10) });
    else (n.op === 'input' ? inputs : params).set(name, { shape, data: Float64Array.from(randomArray(size, 40 + i, 0.1, 1)) });
  });
  const a = evaluate(roots, { inputs, params }, 'f64');
  const b = evaluate(after, { inputs, params }, 'f64');
  a.forEach((x, i) => expectClose(b[i]!.data, x.data, 1e-9, 1e-12, `root ${i}`));
}
