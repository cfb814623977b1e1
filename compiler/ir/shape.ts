// Shape arithmetic with symbolic dimensions. Two symbolic dims are equal only when they have the
// same name; a size-1 dim broadcasts against anything, as in NumPy.
import { formatShape } from '../../runtime/shapes.js';
import { ShapeError } from './graph.js';
import type { Dim } from './types.js';

export { formatShape } from '../../runtime/shapes.js';

export function dimsEqual(a: readonly Dim[], b: readonly Dim[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** NumPy broadcasting of two shapes; throws ShapeError naming both shapes. */
export function broadcastShapes(a: readonly Dim[], b: readonly Dim[]): Dim[] {
  const n = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da === db || db === 1) out.push(da);
    else if (da === 1) out.push(db);
    else throw new ShapeError(`shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together (${da} vs ${db})`);
  }
  return out;
}

/** Normalizes a possibly negative axis against `rank`; throws ShapeError when out of range. */
export function normalizeAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(axis) || a < 0 || a >= rank) {
    throw new ShapeError(`axis ${axis} is out of range for a tensor of rank ${rank}`);
  }
  return a;
}

/** Product of the fixed dims and the list of symbolic ones, e.g. [N, 3, 4] → {fixed: 12, syms: ['N']}. */
export function splitSize(shape: readonly Dim[]): { fixed: number; syms: string[] } {
  let fixed = 1;
  const syms: string[] = [];
  for (const d of shape) {
    if (typeof d === 'number') fixed *= d;
    else syms.push(d);
  }
  return { fixed, syms };
}

/** Whether two shapes have the same number of elements for every binding of their symbols. */
export function sameSize(a: readonly Dim[], b: readonly Dim[]): boolean {
  const x = splitSize(a);
  const y = splitSize(b);
  return x.fixed === y.fixed && [...x.syms].sort().join() === [...y.syms].sort().join();
}
