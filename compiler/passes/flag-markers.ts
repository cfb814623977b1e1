// Flag markers: the training step's divergence flag without reductions of its own.
//
// As a graph the flag is `max(flag, t1, t2, ...)` over terms `nonfinite(x)` (a scalar x: the
// loss) and `max(nonfinite(x))` over every axis (x: a new weight). Computed that way it costs a
// full reduction per weight, which WGSL cannot spread over workgroups without float atomics: 7 of
// the benchmark MLP's 36 kernels per step. The value is only ever 0 or 1, and max is idempotent,
// so the rule is:
//
//     update flag := max(flag, any nonfinite(x1), ..., any nonfinite(xn))
//       ->  drop the update; every kernel that computes some xi marks the flag (stores 1.0 into
//           it, an atomic store, so concurrent marks do not race) where xi is NaN or ±Inf
//
// The xi are weights' new values, which the step computes anyway and writes; the marks ride on
// those kernels (passes/fuse.ts realizes every xi; codegen/fused.ts emits the marks next to its
// stores). Same value as the graph: the flag keeps its old value unless some element is
// non-finite, then it is 1 (tested against the interpreter, which evaluates the graph).
import type { Node } from '../ir/graph.js';
import { classOf, throughViews } from './fuse.js';

/** The flag buffer and the values whose non-finite elements set it to 1. */
export interface FlagWatch {
  readonly buffer: string;
  readonly nodes: ReadonlySet<Node>;
}

type Update = { readonly buffer: string; readonly node: Node };

/** The watched value of one term of the flag's maximum, or null when the term has another form. */
function watchedOf(term: Node): Node | null {
  let t = throughViews(term);
  if (t.op === 'max') {
    const x = t.inputs[0]!;
    if (t.attrs.axes.length !== x.type.shape.length) return null; // not every axis: not an "any"
    t = throughViews(x);
  }
  if (t.op !== 'nonfinite') return null;
  const x = throughViews(t.inputs[0]!);
  // Marks are made in the kernels that compute values at their points: not for a leaf (no kernel
  // computes it) nor a value of a kernel template of its own (concat).
  const c = classOf(x);
  return c === 'point' || c === 'matmul' || c === 'reduce' || c === 'row' ? x : null;
}

/** The watched values of `u`'s new value when it has the flag's form (its buffer's old value once, maxed with terms). */
function flagForm(u: Update): Set<Node> | null {
  const watched = new Set<Node>();
  let old = 0;
  const stack = [u.node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.op === 'maximum') stack.push(...n.inputs);
    else if (n.op === 'param' && n.attrs.name === u.buffer) old++;
    else {
      const x = watchedOf(n);
      if (!x) return null;
      watched.add(x);
    }
  }
  return old === 1 && watched.size > 0 ? watched : null;
}

/**
 * Takes the update of `flag` out of `updates` when it has the flag's form, with what its marks
 * watch; otherwise the updates unchanged and no watch (the flag is then computed as a graph).
 */
export function flagMarkers(updates: readonly Update[], flag: string): { updates: Update[]; watch: FlagWatch | null } {
  const u = updates.find((x) => x.buffer === flag);
  const nodes = u ? flagForm(u) : null;
  if (!u || !nodes) return { updates: [...updates], watch: null };
  return { updates: updates.filter((x) => x !== u), watch: { buffer: flag, nodes } };
}
