// Dispatch arithmetic: how many workgroups each kernel launches. Pure functions, so the splitting
// over x and y can be tested without a device large enough to need it.

import type { Dispatch } from './program.js';
import { sizeOf } from './program.js';

export type WorkgroupCount = readonly [x: number, y: number, z: number];

/**
 * `linear`: T invocations in workgroups of `workgroupSize`; W = ceil(T / size) workgroups spread
 * as x = min(W, maxPerDim), y = ceil(W / x). The kernel folds them back with
 * `gid.x + gid.y * (num_workgroups.x * size)` and returns past T. Null when T == 0 (skip).
 */
export function linearWorkgroups(threads: number, workgroupSize: number, maxPerDim: number): WorkgroupCount | null {
  if (!Number.isInteger(workgroupSize) || workgroupSize < 1) {
    throw new Error(`workgroup size must be a positive integer, got ${workgroupSize}`);
  }
  if (threads === 0) return null;
  const w = Math.ceil(threads / workgroupSize);
  const x = Math.min(w, maxPerDim);
  const y = Math.ceil(w / x);
  if (y > maxPerDim) {
    throw new Error(
      `${threads} invocations need ${w} workgroups of ${workgroupSize}, more than ${maxPerDim} x ${maxPerDim}`,
    );
  }
  return [x, y, 1];
}

/** `grid`: ceil(product(dims) / per) on each axis. Null when any axis is empty (skip). */
export function gridWorkgroups(
  axes: readonly { readonly count: number; readonly per: number }[],
  maxPerDim: number,
): WorkgroupCount | null {
  const n = axes.map(({ count, per }, i) => {
    if (!Number.isInteger(per) || per < 1) throw new Error(`grid axis ${'xyz'[i]}: 'per' must be a positive integer, got ${per}`);
    const c = Math.ceil(count / per);
    if (c > maxPerDim) throw new Error(`grid axis ${'xyz'[i]} needs ${c} workgroups, more than the device's ${maxPerDim}`);
    return c;
  });
  if (n.some((c) => c === 0)) return null;
  return [n[0] ?? 1, n[1] ?? 1, n[2] ?? 1];
}

/** Workgroup counts for a kernel's dispatch once the symbols are bound; null means skip it. */
export function workgroupsFor(
  dispatch: Dispatch,
  bindings: ReadonlyMap<string, number>,
  maxPerDim: number,
): WorkgroupCount | null {
  if (dispatch.kind === 'linear') {
    return linearWorkgroups(sizeOf(dispatch.threads, bindings), dispatch.workgroupSize, maxPerDim);
  }
  const axes = [dispatch.x, dispatch.y, dispatch.z].map((a) => ({ count: sizeOf(a.dims, bindings), per: a.per }));
  return gridWorkgroups(axes, maxPerDim);
}
