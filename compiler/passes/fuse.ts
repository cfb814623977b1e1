// Kernel fusion: decides which IR nodes are computed together in one kernel and which are
// recomputed where they are used. The rules, after XLA's:
//
// 1. Anchors: a matmul, a reduction (sum/mean/max), a row op (softmax, softmax_ce, argmax) or a
//    concat is the head of a kernel of its own. Everything else (elementwise ops and pure index
//    transforms: broadcast_to, reshape, transpose, slice, one_hot, dropout_mask, dim_size) is
//    "pointwise": it can be evaluated inline at any point of any kernel.
// 2. A pointwise node is *realized* (computed once, at its own points, in some kernel) when a
//    program returns it, when a matmul or concat must read it from memory, or when inlining it
//    would duplicate work: several users, or a user that broadcasts it, and an inline cost above a
//    small budget. Otherwise it is inlined into its user's kernel, never duplicating an expensive
//    producer; a reduction is never recomputed (it is an anchor, computed once).
// 3. Realized nodes start as kernels of their own, then merge: a pointwise kernel joins the kernel
//    that produces its operand at the same points (an epilogue of a matmul, a reduction or a row
//    op, or a longer elementwise chain); kernels with the same iteration space and no dependency
//    between them merge into one multi-output kernel (the optimizer's m, v and w updates; sibling
//    reductions over the same axes such as BatchNorm's backward sums).
// 3b. Column statistics: a reduction kernel whose reductions (sum, mean, variance) run over the
//    rows of a value the matmul kernel computes at its own points leaves its loop to that matmul:
//    each matmul workgroup writes the statistics of its rows (partial sums; mean and squared
//    deviations for a variance, merged later with Chan's formula), and the reduction kernel only
//    finishes them. WGSL has no float atomics, so partial results plus one small pass it is.
//    A finishing kernel then reads little, so pointwise consumers get a second chance to join it.
// 3c. Row epilogues: a softmax over the columns of a matmul whose kernel computes each output row
//    in one invocation (a classifier's few columns) joins the matmul's kernel, with everything
//    that followed it: that invocation reads the row where it computes it. So do a softmax_ce and
//    an argmax of the same row (their one value per row stored at the row, their users elsewhere).
// 4. A merge is legal when it creates no cycle between kernels, when every node computed in the
//    kernel is read there only at its own point (a value another invocation computes needs a
//    kernel boundary), and when the kernel stays within the storage-buffer budget.
// 5. Updates of persistent buffers (weights, optimizer slots, statistics) are written in place when
//    every other reader of the old value can run first; otherwise they are copied at the end of
//    the step, as before.
// 6. Values the divergence flag watches (passes/flag-markers.ts) are realized, and the kernel
//    computing one binds the flag to mark it: one more buffer in its budget.
//
// The plan is pure data; codegen/fused.ts emits it, following exactly the read rules of
// `footprint` below (which the emitter re-checks).
import { topoOrder, type Node } from '../ir/graph.js';
import { opDef } from '../ir/ops/index.js';
import { dimsEqual, sameSize } from '../ir/shape.js';
import type { Dim } from '../ir/types.js';
import { chooseMatmulVariant, matmulGeometry, type MatmulGeometry, type MatmulVariant } from '../codegen/matmul-kernel.js';
import type { FlagWatch } from './flag-markers.js';

export type NodeClass = 'leaf' | 'view' | 'point' | 'matmul' | 'reduce' | 'row' | 'single';

export type KernelKind = 'ew' | 'matmul' | 'reduce' | 'row' | 'single';

const POINT_KERNEL_OPS = new Set(['transpose', 'slice', 'one_hot', 'dropout_mask', 'dim_size']);

export function classOf(n: Node): NodeClass {
  switch (n.op) {
    case 'input':
    case 'param':
    case 'const':
      return 'leaf';
    case 'reshape':
      return 'view';
    case 'matmul':
    case 'matmul_tn':
      return 'matmul';
    case 'sum':
    case 'mean':
    case 'max':
    case 'variance':
      return 'reduce';
    case 'softmax':
    case 'softmax_ce':
    case 'argmax':
      return 'row';
    case 'concat':
      return 'single';
    default:
      if (opDef(n.op).wgsl.kind === 'elementwise' || POINT_KERNEL_OPS.has(n.op)) return 'point';
      return 'single';
  }
}

export const isScalarConst = (n: Node): boolean => n.op === 'const' && n.attrs.values.length === 1;

/**
 * Two iteration spaces whose points are the same: equal shapes, or shapes that differ only by dims
 * of 1 ([1, 256] and [256], as a keepdims reduction leaves them), so one linear index names the
 * same point in both. The emitter computes each member at its own shape from that index.
 */
export function samePoints(a: readonly Dim[], b: readonly Dim[]): boolean {
  const squeeze = (s: readonly Dim[]) => s.filter((d) => d !== 1);
  return dimsEqual(a, b) || dimsEqual(squeeze(a), squeeze(b));
}

/** How a kernel reads a value: at its own point (`id`, the same linear index) or elsewhere. */
export type Rel = 'id' | 'other';

/** A planned kernel: its anchors (heads), every node it computes at its own points, its space. */
export interface PlanKernel {
  readonly id: number;
  kind: KernelKind;
  /** matmul: [mm], then row ops of its rows (3c: softmax, softmax_ce, argmax); reduce: sibling reductions over the same input shape and axes; row/single: [node]. */
  anchors: Node[];
  /** Nodes computed here at the kernel's points (anchors included), in topological order. */
  members: Node[];
  /** The iteration space: the shape of every member (up to dims of 1: see samePoints). */
  shape: readonly Dim[];
}

export interface FusionPlan {
  /** Kernels in dispatch order. */
  readonly kernels: readonly PlanKernel[];
  readonly kernelOf: ReadonlyMap<Node, PlanKernel>;
  /** Nodes each kernel must write to memory (read by another kernel, or returned by the program). */
  readonly stores: ReadonlyMap<PlanKernel, readonly Node[]>;
  /** Update nodes written straight into their persistent buffer (no copy at the end of the step). */
  readonly inPlace: ReadonlyMap<Node, string>;
  /** Nodes a kernel reads from memory: realized elsewhere or leaves, with how it reads them. */
  readonly reads: ReadonlyMap<PlanKernel, ReadonlyMap<Node, ReadonlySet<Rel>>>;
  /**
   * Reduction kernels that finish column statistics (3b), each with the matmul kernel whose
   * epilogue computes its anchors' partial results over the matmul's row tiles.
   */
  readonly partials: ReadonlyMap<PlanKernel, PlanKernel>;
  /** The divergence flag's marks (passes/flag-markers.ts): each kernel computing a watched node marks it. */
  readonly watch: FlagWatch | null;
}

/** The reductions whose partial results a matmul epilogue can compute. */
const STAT_OPS = new Set(['sum', 'mean', 'variance']);
/** At most this many reductions per matmul, over all its finishing kernels (the epilogue returns them as one vec4). */
const MAX_COLUMN_STATS = 4;

export interface FuseOptions {
  /** Storage buffers one kernel may bind (WebGPU's default limit is 8). */
  readonly maxStorageBuffers: number;
  /** Inline cost above which a value with several users (or a broadcast user) is computed once. */
  readonly inlineBudget: number;
  /** Reductions over a matmul's rows computed as partial statistics in its epilogue (3b). */
  readonly columnStats: boolean;
}

export const DEFAULT_FUSE_OPTIONS: FuseOptions = { maxStorageBuffers: 8, inlineBudget: 14, columnStats: true };

/** Cost of evaluating one element of an op inline (a load counts 2: loads are what costs most). */
function opCost(n: Node): number {
  switch (n.op) {
    case 'exp':
    case 'log':
    case 'tanh':
    case 'sigmoid':
    case 'pow':
    case 'sin':
    case 'cos':
    case 'sigmoid_bce':
    case 'dropout_mask':
      return 8;
    case 'div':
    case 'sqrt':
      return 4;
    case 'reshape':
    case 'broadcast_to':
    case 'dim_size':
      return 0;
    default:
      return 1;
  }
}

/** The node whose buffer holds `n`'s data when `n` is a chain of reshapes (views). */
export function throughViews(n: Node): Node {
  let x = n;
  while (x.op === 'reshape') x = x.inputs[0]!;
  return x;
}

/** For a matmul's right operand: the stored [P, K] matrix when it is a 2-D transpose, else null. */
export function transposedOperand(b: Node): Node | null {
  const x = throughViews(b);
  if (x.op === 'transpose' && x.type.shape.length === 2 && x.attrs.perm[0] === 1 && x.attrs.perm[1] === 0) return throughViews(x.inputs[0]!);
  return null;
}

/** The buffer-backed operands a matmul reads (views and a 2-D transpose of the right one seen through). */
export function matmulOperands(n: Node): { a: Node; b: Node; transB: boolean } {
  const a = throughViews(n.inputs[0]!);
  const tb = n.op === 'matmul' ? transposedOperand(n.inputs[1]!) : null;
  return tb ? { a, b: tb, transB: true } : { a, b: throughViews(n.inputs[1]!), transB: false };
}

/**
 * The relation of an input read by `user` at some point of `user`: `id` when the input has the
 * same element count (a same-shape operand or a reshape keeps the linear index), else `other`.
 */
function inputRel(user: Node, input: Node, rel: Rel): Rel {
  if (rel === 'other') return 'other';
  switch (user.op) {
    case 'transpose':
    case 'slice':
    case 'one_hot':
    case 'dropout_mask':
      return 'other';
    default:
      return sameSize(user.type.shape, input.type.shape) ? 'id' : 'other';
  }
}

/** The inputs a pointwise node actually reads (dropout_mask reads only the step; dim_size nothing). */
export function pointInputs(n: Node): readonly Node[] {
  if (n.op === 'dropout_mask') return [n.inputs[1]!];
  if (n.op === 'dim_size') return [];
  return n.inputs;
}

class Planner {
  readonly order: Node[];
  readonly pos = new Map<Node, number>();
  readonly users = new Map<Node, Node[]>();
  readonly roots: Set<Node>;
  /** The nodes holding the roots' data (roots seen through views). */
  readonly rootValues: Set<Node>;
  readonly realized = new Set<Node>();
  readonly kernelOf = new Map<Node, PlanKernel>();
  kernels: PlanKernel[] = [];
  private nextId = 0;
  /** Update node → persistent buffer it is written into in place; buffer → its leaf. */
  readonly inPlace = new Map<Node, string>();
  private readonly leafOfBuffer = new Map<string, Node>();
  private readonly footprints = new Map<PlanKernel, Map<Node, Set<Rel>>>();
  /** Column statistics (3b): finishing reduction kernel → matmul kernel, and back. */
  readonly partialOf = new Map<PlanKernel, PlanKernel>();
  private readonly statsOf = new Map<PlanKernel, PlanKernel[]>();

  constructor(
    roots: readonly Node[],
    private readonly updates: readonly { readonly buffer: string; readonly node: Node }[],
    private readonly opts: FuseOptions,
    private readonly watch: FlagWatch | null,
  ) {
    // Watched values are computed even where nothing else reads them (the loss, for the flag alone).
    this.order = topoOrder([...roots, ...(watch?.nodes ?? [])]);
    this.order.forEach((n, i) => this.pos.set(n, i));
    for (const n of this.order) {
      for (const x of new Set(n.inputs)) {
        let u = this.users.get(x);
        if (!u) this.users.set(x, (u = []));
        u.push(n);
      }
      if (n.op === 'param' || n.op === 'input') this.leafOfBuffer.set(n.attrs.name, n);
    }
    this.roots = new Set(roots);
    this.rootValues = new Set(roots.map(throughViews));
  }

  plan(): FusionPlan {
    this.decideRealized();
    for (const n of this.order) if (this.realized.has(n)) this.newKernel(n);
    this.fitBindings();
    this.decideInPlace();
    this.mergeVertical();
    this.mergeHorizontal();
    this.mergeRowEpilogues();
    if (this.opts.columnStats) {
      this.assignColumnStats();
      // A reduction that now finishes column statistics reads little (its loop went to the matmul),
      // so a pointwise consumer that did not fit it before may fit now (an optimizer's weight update).
      this.mergeVertical();
    }
    const kernels = this.schedule();
    const stores = new Map<PlanKernel, Node[]>();
    const reads = new Map<PlanKernel, Map<Node, Set<Rel>>>();
    for (const k of kernels) {
      reads.set(k, this.footprint(k));
      stores.set(k, []);
    }
    for (const k of kernels) {
      for (const [n] of reads.get(k)!) {
        const owner = this.kernelOf.get(n);
        if (owner && owner !== k && !stores.get(owner)!.includes(n)) stores.get(owner)!.push(n);
      }
    }
    for (const r of this.rootValues) {
      const owner = this.kernelOf.get(r);
      if (owner && !stores.get(owner)!.includes(r)) stores.get(owner)!.push(r);
    }
    for (const s of stores.values()) s.sort((a, b) => this.pos.get(a)! - this.pos.get(b)!);
    return { kernels, kernelOf: this.kernelOf, stores, inPlace: this.inPlace, reads, partials: this.partialOf, watch: this.watch };
  }

  // ---- 1. what is computed once, and where values must live in memory --------------------------

  private decideRealized(): void {
    const needBuffer = (n: Node) => {
      const x = throughViews(n);
      if (classOf(x) !== 'leaf') this.realized.add(x);
    };
    for (const r of this.roots) {
      const x = throughViews(r);
      if (classOf(x) !== 'leaf') this.realized.add(x);
    }
    // A flag mark is made where its value is a member of a kernel (see flag-markers.ts).
    for (const x of this.watch?.nodes ?? []) if (classOf(x) !== 'leaf') this.realized.add(x);
    for (const n of this.order) {
      const c = classOf(n);
      if (c === 'matmul' || c === 'reduce' || c === 'row' || c === 'single') this.realized.add(n);
      if (c === 'matmul') {
        const { a, b } = matmulOperands(n);
        needBuffer(a);
        needBuffer(b);
      } else if (c === 'single') {
        for (const x of n.inputs) if (!isScalarConst(x)) needBuffer(x);
      }
    }
    // Inline cost of each pointwise node with its not-realized producers (producers first), and
    // whether its value is the same for every example of a batch (a function of the weights only).
    const cost = new Map<Node, number>();
    const invariant = new Map<Node, boolean>();
    for (const n of this.order) {
      const c = classOf(n);
      if (c === 'leaf') invariant.set(n, n.op !== 'input');
      if (c !== 'point' && c !== 'view') continue;
      invariant.set(n, n.type.shape.every((d) => typeof d === 'number') && pointInputs(n).every((x) => invariant.get(x) === true));
      let total = opCost(n);
      for (const x of pointInputs(n)) {
        const xc = classOf(x);
        if (isScalarConst(x)) continue;
        if (xc === 'leaf' || this.realized.has(x) || (xc !== 'point' && xc !== 'view')) total += 2;
        else total += cost.get(x) ?? 2;
      }
      if (!this.realized.has(n) && c === 'point') {
        const us = this.users.get(n) ?? [];
        const broadcast = us.some((u) => classOf(u) === 'point' && !sameSize(u.type.shape, n.type.shape) && pointInputs(u).includes(n));
        if ((us.length > 1 || broadcast) && total > this.opts.inlineBudget) this.realized.add(n);
        // A weight-only value that a broadcast would recompute for every element (BatchNorm's folded
        // scale and shift): computed once per run instead. Not a scalar made from one buffer (Adam's
        // bias corrections, 1 - beta^t from the step counter): reading it costs a load and a binding
        // in each kernel as its recomputation does, and both corrections share the step's binding,
        // which lets more kernels merge within the storage-buffer budget.
        else if (broadcast && invariant.get(n) && total >= 8 && opCost(n) > 0 && !(n.type.shape.length === 0 && this.exprSources(n, new Set()).size <= 1)) {
          this.realized.add(n);
        }
      }
      cost.set(n, this.realized.has(n) ? 2 : total);
    }
  }

  private newKernel(n: Node): void {
    const c = classOf(n);
    const kind: KernelKind = c === 'point' ? 'ew' : (c as KernelKind);
    const k: PlanKernel = { id: this.nextId++, kind, anchors: kind === 'ew' ? [] : [n], members: [n], shape: n.type.shape };
    this.kernels.push(k);
    this.kernelOf.set(n, k);
  }

  // ---- what a kernel reads, and how ------------------------------------------------------------

  /** Values read from memory by `k` (realized elsewhere, or leaves), with their relations; throws on a self conflict. */
  footprint(k: PlanKernel): Map<Node, Set<Rel>> {
    const hit = this.footprints.get(k);
    if (hit) return hit;
    const reads = new Map<Node, Set<Rel>>();
    const seen = new Set<string>();
    const members = new Set(k.members);
    const visit = (n: Node, rel: Rel) => {
      const key = `${n.id}:${rel}`;
      if (seen.has(key)) return;
      seen.add(key);
      if (isScalarConst(n)) return;
      if (members.has(n)) {
        if (rel !== 'id') throw new FusionConflict(`%${n.id} is read away from its own point in the kernel that computes it`);
        return;
      }
      if (classOf(n) === 'leaf' || this.realized.has(n)) {
        let s = reads.get(n);
        if (!s) reads.set(n, (s = new Set()));
        s.add(rel);
        return;
      }
      // Inline: a view or a pointwise node.
      for (const x of pointInputs(n)) visit(x, inputRel(n, x, rel));
    };
    for (const m of k.members) {
      const c = classOf(m);
      if (c === 'point') for (const x of pointInputs(m)) visit(x, inputRel(m, x, 'id'));
      else if (c === 'matmul') {
        const { a, b } = matmulOperands(m);
        visit(a, 'other');
        visit(b, 'other');
      } else if (c === 'reduce' || c === 'row' || c === 'single') {
        if (c === 'reduce' && this.partialOf.has(k)) continue; // reads the matmul's partial results
        // A row op in a matmul's epilogue (3c) reads its row where the invocation computes it.
        const rel: Rel = c === 'row' && k.kind === 'matmul' ? 'id' : 'other';
        for (const x of m.inputs) visit(x, rel);
      }
    }
    // A matmul computing column statistics evaluates the reduced values at its own points.
    for (const fin of this.statsOf.get(k) ?? []) for (const an of fin.anchors) visit(an.inputs[0]!, 'id');
    this.footprints.set(k, reads);
    return reads;
  }

  /**
   * Storage buffers `k` binds: what it reads, plus what it stores (in-place stores share a read's
   * binding), plus the divergence flag where it marks it.
   */
  private bindingCount(k: PlanKernel, reads: Map<Node, Set<Rel>>, replaced: readonly PlanKernel[]): number {
    const marks = this.watch !== null && k.members.some((m) => this.watch!.nodes.has(m));
    let n = reads.size + (this.partialOf.has(k) ? 1 : 0) + (this.statsOf.get(k)?.length ?? 0) + (marks ? 1 : 0);
    for (const m of k.members) {
      const target = this.inPlace.get(m);
      const leaf = target ? this.leafOfBuffer.get(target) : undefined;
      if (leaf && reads.has(leaf)) continue; // written through the binding that reads it
      const external = this.rootValues.has(m) || this.kernels.some((o) => !replaced.includes(o) && this.footprint(o).has(m));
      if (external) n++;
    }
    return n;
  }

  /** Buffers read by inline node `n`'s expression (through other inline nodes). */
  private inlineReads(n: Node, memo: Map<Node, Set<Node>>): Set<Node> {
    const hit = memo.get(n);
    if (hit) return hit;
    const out = new Set<Node>();
    memo.set(n, out);
    for (const x of pointInputs(n)) {
      if (isScalarConst(x)) continue;
      if (classOf(x) === 'leaf' || this.realized.has(x)) out.add(x);
      else for (const y of this.inlineReads(x, memo)) out.add(y);
    }
    return out;
  }

  /**
   * Splits kernels whose inline expressions read more buffers than a kernel may bind: the inline
   * node reading the most buffers that still fit one kernel is computed once, in a kernel of its own.
   */
  private fitBindings(): void {
    for (let i = 0; i < this.kernels.length; i++) {
      const k = this.kernels[i]!;
      for (;;) {
        this.footprints.delete(k);
        if (this.bindingCount(k, this.footprint(k), []) <= this.opts.maxStorageBuffers) break;
        const memo = new Map<Node, Set<Node>>();
        let best: Node | null = null;
        let bestSize = 1;
        const seen = new Set<Node>();
        const visit = (n: Node) => {
          if (seen.has(n) || isScalarConst(n) || classOf(n) === 'leaf' || (this.realized.has(n) && !k.members.includes(n))) return;
          seen.add(n);
          if (!k.members.includes(n) && classOf(n) === 'point') {
            const size = this.inlineReads(n, memo).size;
            if (size > bestSize && size < this.opts.maxStorageBuffers) {
              best = n;
              bestSize = size;
            }
          }
          for (const x of classOf(n) === 'point' ? pointInputs(n) : n.inputs) visit(x);
        };
        for (const m of k.members) visit(m);
        if (!best) throw new Error(`internal: a kernel reads more than ${this.opts.maxStorageBuffers} buffers and cannot be split`);
        this.realized.add(best);
        this.newKernel(best);
        this.footprints.clear();
      }
    }
  }

  // ---- kernel graph ---------------------------------------------------------------------------

  /** Kernels that must run before `k`: producers of what it reads, and readers of what it overwrites. */
  private preds(k: PlanKernel): Set<PlanKernel> {
    const out = new Set<PlanKernel>();
    for (const [n] of this.footprint(k)) {
      const owner = this.kernelOf.get(n);
      if (owner && owner !== k) out.add(owner);
    }
    const producer = this.partialOf.get(k);
    if (producer) out.add(producer);
    for (const m of k.members) {
      const target = this.inPlace.get(m);
      if (!target) continue;
      const leaf = this.leafOfBuffer.get(target);
      if (!leaf) continue;
      for (const other of this.kernels) if (other !== k && this.footprint(other).has(leaf)) out.add(other);
    }
    return out;
  }

  private predCache = new Map<PlanKernel, Set<PlanKernel>>();
  private predsCached(k: PlanKernel): Set<PlanKernel> {
    let p = this.predCache.get(k);
    if (!p) this.predCache.set(k, (p = this.preds(k)));
    return p;
  }

  /** Whether `to` is reachable from `from` through at least one other kernel (following preds backwards). */
  private reachesIndirectly(from: PlanKernel, to: PlanKernel): boolean {
    // Search predecessors of `to` (excluding `from` directly) for `from`.
    const stack = [...this.predsCached(to)].filter((p) => p !== from);
    const seen = new Set<PlanKernel>(stack);
    while (stack.length) {
      const k = stack.pop()!;
      for (const p of this.predsCached(k)) {
        if (p === from) return true;
        if (!seen.has(p)) {
          seen.add(p);
          stack.push(p);
        }
      }
    }
    return false;
  }

  private hasCycle(): boolean {
    const state = new Map<PlanKernel, number>();
    for (const k of this.kernels) {
      if (state.get(k) === 2) continue;
      const stack: [PlanKernel, Iterator<PlanKernel>][] = [[k, this.predsCached(k)[Symbol.iterator]()]];
      state.set(k, 1);
      while (stack.length) {
        const [cur, it] = stack[stack.length - 1]!;
        const nx = it.next();
        if (nx.done) {
          state.set(cur, 2);
          stack.pop();
          continue;
        }
        const s = state.get(nx.value);
        if (s === 1) return true;
        if (s !== 2) {
          state.set(nx.value, 1);
          stack.push([nx.value, this.predsCached(nx.value)[Symbol.iterator]()]);
        }
      }
    }
    return false;
  }

  private invalidate(): void {
    this.predCache.clear();
  }

  // ---- in-place updates -----------------------------------------------------------------------

  private decideInPlace(): void {
    const targets = new Set<Node>();
    for (const u of this.updates) {
      const x = u.node;
      const k = this.kernelOf.get(x);
      const leaf = this.leafOfBuffer.get(u.buffer);
      if (!k || !leaf || targets.has(x) || x !== throughViews(x)) continue;
      if (this.updates.some((v) => v !== u && v.node === x)) continue;
      const rel = this.footprint(k).get(leaf);
      if (rel && rel.has('other')) continue;
      if (!dimsEqual(leaf.type.shape, x.type.shape)) continue;
      this.inPlace.set(x, u.buffer);
      this.invalidate();
      if (this.hasCycle()) {
        this.inPlace.delete(x);
        this.invalidate();
        continue;
      }
      targets.add(x);
    }
  }

  // ---- merging --------------------------------------------------------------------------------

  private compatible(a: PlanKernel, b: PlanKernel): KernelKind | null {
    // Before the points: a row op with one value per row joins at the matmul's rows (3c).
    if (a.kind === 'matmul' && b.kind === 'row') return rowEpilogue(a, b) ? 'matmul' : null;
    if (!samePoints(a.shape, b.shape)) return null;
    if (a.kind === 'single' || b.kind === 'single') return null;
    if (a.kind === 'ew') return b.kind;
    if (b.kind === 'ew') return a.kind;
    if (a.kind === 'reduce' && b.kind === 'reduce') {
      const x = a.anchors[0]!;
      const y = b.anchors[0]!;
      const ax = reduceAxes(x);
      const ay = reduceAxes(y);
      if (ax) {
        if (!ay) return null;
        const same = dimsEqual(x.inputs[0]!.type.shape, y.inputs[0]!.type.shape) && ax.join() === ay.join();
        return same ? 'reduce' : null;
      }
    }
    return null;
  }

  /** Tries to merge `b` into `a`; keeps the plan unchanged and returns false when illegal. */
  private tryMerge(a: PlanKernel, b: PlanKernel): boolean {
    if (a === b) return false;
    const kind = this.compatible(a, b);
    if (!kind) return false;
    if (this.reachesIndirectly(a, b) || this.reachesIndirectly(b, a)) return false;
    const merged: PlanKernel = {
      id: a.id,
      kind,
      anchors: [...a.anchors, ...b.anchors],
      members: [...a.members, ...b.members].sort((x, y) => this.pos.get(x)! - this.pos.get(y)!),
      // The space of the kernel with anchors (a pointwise kernel's may differ by unit dims).
      shape: a.kind === 'ew' && b.kind !== 'ew' ? b.shape : a.shape,
    };
    // Column statistics (3b) already assigned stay with the merged kernel: a finisher still reads
    // the partial results, a matmul still writes them. Only a pointwise kernel joins such a kernel.
    const finishes = this.partialOf.get(a);
    const stats = this.statsOf.get(a);
    if (this.partialOf.has(b) || this.statsOf.has(b) || ((finishes || stats) && b.kind !== 'ew')) return false;
    if (finishes) this.partialOf.set(merged, finishes);
    if (stats) this.statsOf.set(merged, stats);
    const legal = (): boolean => {
      let reads: Map<Node, Set<Rel>>;
      try {
        reads = this.footprint(merged);
      } catch (e) {
        if (e instanceof FusionConflict) return false;
        throw e;
      }
      // In-place targets must still be read only at their own points.
      for (const m of merged.members) {
        const t = this.inPlace.get(m);
        const leaf = t ? this.leafOfBuffer.get(t) : undefined;
        if (leaf && reads.get(leaf)?.has('other')) return false;
      }
      return this.bindingCount(merged, reads, [a, b]) <= this.opts.maxStorageBuffers;
    };
    const ok = legal();
    this.footprints.delete(merged);
    this.partialOf.delete(merged);
    this.statsOf.delete(merged);
    if (!ok) return false;
    // Commit.
    this.footprints.delete(a);
    this.footprints.delete(b);
    a.kind = merged.kind;
    a.anchors = merged.anchors;
    a.members = merged.members;
    a.shape = merged.shape;
    for (const m of b.members) this.kernelOf.set(m, a);
    this.kernels = this.kernels.filter((k) => k !== b);
    this.invalidate();
    if (this.hasCycle()) throw new Error('internal: kernel fusion created a cycle');
    return true;
  }

  /** Pointwise kernels join the kernel that produces their operand at the same points. */
  private mergeVertical(): void {
    for (let changed = true; changed; ) {
      changed = false;
      const byPos = [...this.kernels].sort((x, y) => this.pos.get(x.members[0]!)! - this.pos.get(y.members[0]!)!);
      for (const c of byPos) {
        if (!this.kernels.includes(c) || c.kind !== 'ew') continue;
        const producers = new Set<PlanKernel>();
        for (const [n, rel] of this.footprint(c)) {
          const owner = this.kernelOf.get(n);
          if (owner && owner !== c && rel.has('id') && !rel.has('other')) producers.add(owner);
        }
        // Latest producer first: it can absorb the chain without reordering earlier work.
        const cand = [...producers].sort((x, y) => this.lastPos(y) - this.lastPos(x));
        for (const p of cand) {
          if (this.tryMerge(p, c)) {
            changed = true;
            break;
          }
        }
      }
    }
  }

  /**
   * 3c. A row op (softmax, softmax_ce, argmax) over the columns of a matmul whose kernel computes
   * each row in one invocation (the rows layout) joins that kernel: the invocation holds the whole
   * row, so the row op (and what follows a softmax) becomes the matmul's epilogue.
   */
  private mergeRowEpilogues(): void {
    for (const r of [...this.kernels]) {
      if (r.kind !== 'row' || !this.kernels.includes(r)) continue;
      const x = r.anchors[0]!.inputs[0]!;
      // An argmax of a softmax that joined a matmul's kernel goes to that kernel.
      const host = this.kernelOf.get(x);
      if (host && host !== r && host.kind === 'matmul') {
        this.tryMerge(host, r);
        continue;
      }
      const mms = [...this.exprSources(x, new Set())].filter((n) => classOf(n) === 'matmul');
      const k = mms.length === 1 ? this.kernelOf.get(mms[0]!) : undefined;
      if (k) this.tryMerge(k, r);
    }
  }

  /** Independent kernels over the same space become one multi-output kernel. */
  private mergeHorizontal(): void {
    const byPos = () => [...this.kernels].sort((x, y) => this.pos.get(x.members[0]!)! - this.pos.get(y.members[0]!)!);
    for (let changed = true; changed; ) {
      changed = false;
      const ks = byPos();
      for (let i = 0; i < ks.length; i++) {
        const b = ks[i]!;
        if (!this.kernels.includes(b) || (b.kind !== 'ew' && b.kind !== 'reduce')) continue;
        for (let j = 0; j < i; j++) {
          const a = ks[j]!;
          if (!this.kernels.includes(a) || a === b) continue;
          if (this.tryMerge(a, b)) {
            changed = true;
            break;
          }
        }
      }
    }
  }

  // ---- column statistics (3b) -------------------------------------------------------------------

  /** Realized nodes and leaves that inline expression `n` reads (through pointwise nodes and views). */
  private exprSources(n: Node, out: Set<Node>, seen = new Set<Node>()): Set<Node> {
    if (seen.has(n) || isScalarConst(n)) return out;
    seen.add(n);
    if (classOf(n) === 'leaf' || this.realized.has(n)) out.add(n);
    else for (const x of pointInputs(n)) this.exprSources(x, out, seen);
    return out;
  }

  /** Hands reduction kernels over the rows of a matmul's output to that matmul's epilogue (3b). */
  private assignColumnStats(): void {
    for (const r of [...this.kernels]) {
      if (r.kind !== 'reduce' || r.anchors.length > MAX_COLUMN_STATS) continue;
      const x0 = r.anchors[0]!.inputs[0]!;
      const rowsOnly = r.anchors.every(
        (an) => STAT_OPS.has(an.op) && reduceAxes(an)?.join() === '0' && dimsEqual(an.inputs[0]!.type.shape, x0.type.shape),
      );
      if (!rowsOnly || x0.type.shape.length !== 2) continue;
      const sources = new Set<Node>();
      for (const an of r.anchors) this.exprSources(an.inputs[0]!, sources);
      const candidates = new Set<PlanKernel>();
      for (const n of sources) {
        const k = this.kernelOf.get(n);
        if (!k || k.kind !== 'matmul' || !dimsEqual(k.anchors[0]!.type.shape, x0.type.shape) || !statsLayout(k.anchors[0]!)) continue;
        const taken = (this.statsOf.get(k) ?? []).reduce((t, f) => t + f.anchors.length, 0);
        if (taken + r.anchors.length <= MAX_COLUMN_STATS) candidates.add(k);
      }
      for (const m of candidates) if (this.tryColumnStats(r, m)) break;
    }
  }

  private tryColumnStats(r: PlanKernel, m: PlanKernel): boolean {
    const undo = () => {
      this.partialOf.delete(r);
      const rest = this.statsOf.get(m)!.filter((f) => f !== r);
      if (rest.length) this.statsOf.set(m, rest);
      else this.statsOf.delete(m);
      this.footprints.delete(m);
      this.footprints.delete(r);
      this.invalidate();
    };
    this.partialOf.set(r, m);
    this.statsOf.set(m, [...(this.statsOf.get(m) ?? []), r]);
    this.footprints.delete(m); // only these two footprints depend on the assignment
    this.footprints.delete(r);
    this.invalidate();
    try {
      if (this.bindingCount(m, this.footprint(m), []) > this.opts.maxStorageBuffers || this.hasCycle()) {
        undo();
        return false;
      }
    } catch (e) {
      if (!(e instanceof FusionConflict)) throw e;
      undo();
      return false;
    }
    return true;
  }

  private lastPos(k: PlanKernel): number {
    return Math.max(...k.members.map((m) => this.pos.get(m)!));
  }

  /** Kernels in an order that respects every dependency, stable by first member's position. */
  private schedule(): PlanKernel[] {
    this.invalidate();
    const indeg = new Map<PlanKernel, number>();
    const succ = new Map<PlanKernel, PlanKernel[]>();
    for (const k of this.kernels) {
      indeg.set(k, 0);
      succ.set(k, []);
    }
    for (const k of this.kernels) {
      for (const p of this.predsCached(k)) {
        succ.get(p)!.push(k);
        indeg.set(k, indeg.get(k)! + 1);
      }
    }
    const key = (k: PlanKernel) => this.pos.get(k.members[0]!)!;
    const ready = this.kernels.filter((k) => indeg.get(k) === 0);
    const out: PlanKernel[] = [];
    while (ready.length) {
      ready.sort((x, y) => key(x) - key(y));
      const k = ready.shift()!;
      out.push(k);
      for (const s of succ.get(k)!) {
        indeg.set(s, indeg.get(s)! - 1);
        if (indeg.get(s) === 0) ready.push(s);
      }
    }
    if (out.length !== this.kernels.length) throw new Error('internal: fused kernels have a cycle');
    return out;
  }
}

export class FusionConflict extends Error {}

/** The reduced axes of a reduction over axes (sum, mean, max, variance); null for any other op. */
export function reduceAxes(n: Node): readonly number[] | null {
  return n.op === 'sum' || n.op === 'mean' || n.op === 'max' || n.op === 'variance' ? n.attrs.axes : null;
}

/** A matmul node's geometry and the kernel variant its shape picks. */
export function matmulShape(mm: Node): { geo: MatmulGeometry; variant: MatmulVariant } {
  const { transB } = matmulOperands(mm);
  const geo = matmulGeometry(mm.op as 'matmul' | 'matmul_tn', mm.inputs[0]!.type.shape, mm.inputs[1]!.type.shape, transB);
  return { geo, variant: chooseMatmulVariant(geo) };
}

/**
 * Whether row kernel `r` can be the epilogue of matmul kernel `k` (3c): a softmax, softmax_ce or
 * argmax over the last axis of a value of the matmul's output shape, that axis being all of the
 * matmul's columns (one column dim), in the rows layout (one invocation per output row, every
 * column in registers); the kernel's other row ops of the same input and other kinds.
 */
function rowEpilogue(k: PlanKernel, r: PlanKernel): boolean {
  const [mm, ...rowOps] = k.anchors;
  const [op, ...rest] = r.anchors;
  if (!mm || !op || rest.length > 0 || (op.op !== 'softmax' && op.op !== 'softmax_ce' && op.op !== 'argmax')) return false;
  // One op of each kind, all of one input (one function computes it).
  if (rowOps.some((o) => o.op === op.op)) return false;
  const x = rowOpsInput([...rowOps, op]);
  if (!x) return false;
  // A value per row is stored at its row; what reads it stays in kernels of its own.
  if (op.op !== 'softmax' && r.members.length !== 1) return false;
  if (op.op === 'softmax_ce' && !dimsEqual(op.inputs[1]!.type.shape, mm.type.shape)) return false;
  const { geo, variant } = matmulShape(mm);
  return op.attrs.axis === x.type.shape.length - 1 && dimsEqual(x.type.shape, mm.type.shape) && geo.pDims.length === 1 && variant.layout === 'rows';
}

/**
 * The one input of a matmul kernel's row ops (3c), or null when they have several. An argmax of
 * the kernel's softmax (an accuracy metric of probabilities) counts as taking the softmax's input:
 * the epilogue computes it from the softmax's values.
 */
export function rowOpsInput(ops: readonly Node[]): Node | null {
  const sm = ops.find((o) => o.op === 'softmax');
  const inputOf = (o: Node): Node => (o.op === 'argmax' && sm !== undefined && o.inputs[0] === sm ? sm.inputs[0]! : o.inputs[0]!);
  const x = ops.length ? inputOf(ops[0]!) : null;
  return x && ops.every((o) => inputOf(o) === x) ? x : null;
}

/** Whether a matmul's kernel has per-invocation columns over row tiles (the 'cols' layout, one row dim). */
function statsLayout(mm: Node): boolean {
  const { geo, variant } = matmulShape(mm);
  return geo.mDims.length === 1 && variant.layout === 'cols';
}

/** The finishing kernels whose partial statistics matmul kernel `producer` computes (3b). */
export function finishersOf(plan: FusionPlan, producer: PlanKernel): PlanKernel[] {
  return [...plan.partials].filter(([, p]) => p === producer).map(([f]) => f);
}

/** Plans the kernels of one program: `roots` are its outputs and update values. */
export function planFusion(
  roots: readonly Node[],
  updates: readonly { readonly buffer: string; readonly node: Node }[],
  opts: FuseOptions = DEFAULT_FUSE_OPTIONS,
  watch: FlagWatch | null = null,
): FusionPlan {
  return new Planner(roots, updates, opts, watch).plan();
}
