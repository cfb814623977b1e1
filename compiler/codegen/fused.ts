// Emits the kernels of a fusion plan (passes/fuse.ts) as WGSL. Each kernel evaluates its nodes
// at "points": the member nodes at the kernel's own point (one output element per invocation,
// or per loop iteration), and every inlined node wherever a member needs it, by walking the IR:
// elementwise ops apply their WGSL expression to their operands read at the broadcast point,
// index ops (reshape, broadcast_to, transpose, slice, one_hot) move the point, and values that
// live in memory (realized in another kernel, or leaves) are loads. Loads and subexpressions are
// bound once with `let`, and a value that depends only on the outer loop variables is hoisted
// out of a reduction's inner loop.
import type { Binding, Dispatch, KernelSpec, VariantCondition } from '../../runtime/program.js';
import type { Node } from '../ir/graph.js';
import { opDef } from '../ir/ops/index.js';
import { reducedShape } from '../ir/ops/reduce.js';
import { nonfiniteTest } from '../ir/ops/finite.js';
import { dropThreshold, MIX_U32_WGSL } from '../ir/ops/random.js';
import { f32Lit } from '../ir/ops/wgsl-literal.js';
import { formatType } from '../ir/printer.js';
import { dimsEqual, sameSize } from '../ir/shape.js';
import type { Dim } from '../ir/types.js';
import {
  classOf,
  finishersOf,
  FusionConflict,
  isScalarConst,
  matmulOperands,
  matmulShape,
  rowOpsInput,
  throughViews,
  type FusionPlan,
  type PlanKernel,
} from '../passes/fuse.js';
import { dimExpr, fixedSize, productExpr, strideExprs } from './index-math.js';
import { gpuVariants, matmulMain, smallBatchSubgroupVariant, smallBatchVariant, STAT_TILE, statWords, SUBGROUP, subgroupVariant, type ColumnStats, type MatmulVariant, type RowOps } from './matmul-kernel.js';
import type { KernelContext } from './kernel-types.js';

const WG = 64;

/** What the emitter needs from the program: buffers, labels, the Dims struct. */
export interface EmitEnv {
  /** The buffer holding a leaf or a node realized in some kernel (views seen through). */
  bufferOf(n: Node): string;
  /** `%k`, the node's number in the program's topological order. */
  label(n: Node): string;
  readonly dimsStruct: string;
  /** Buffers the plan writes in place (update node → persistent buffer). */
  readonly inPlace: ReadonlyMap<Node, string>;
  /** The buffer of partial column statistics a finishing reduction kernel reads (plan.partials). */
  partialsOf(finish: PlanKernel): string;
}

interface Expr {
  readonly e: string;
  readonly lvl: number;
}

/**
 * A point of some shape: its linear index and/or coordinates (computed lazily), and whether it is
 * the kernel's own point. `quad`: component c of a quad (below) whose first point is `base`; its
 * coordinates are the base's with c added to the last.
 */
interface Pt {
  readonly shape: readonly Dim[];
  lin: Expr | null;
  coords: Expr[] | null;
  readonly id: boolean;
  readonly quad?: { readonly base: Pt };
}

/**
 * A quad: four consecutive elements along the last axis of the kernel's point, the first at a
 * multiple of 4, evaluated by a loop over the component `c` (QUAD_LOOP) with the same scalar
 * arithmetic as one element. An index expression that `at` knows is a base's plus c: a value
 * there is component c of one vec4 loaded at the base before the loop, and stores there go to
 * component c of a vec4 variable stored after it. Values that do not depend on c are computed
 * once, before the loop. Fewer, wider memory accesses: lavapipe reads and writes a storage buffer
 * lane by lane, with a test and a branch per lane for each access, so one vec4 costs much less
 * than four scalars (BatchNorm's normalize-and-ReLU kernel of the benchmark MLP: 0.59 -> 0.36 ms).
 */
interface Quad {
  /** The loop's level (Writer.sinks). */
  readonly lvl: number;
  readonly at: Map<string, string>;
  /** Per binding stored: its vec4 variable and the base it is stored at. */
  readonly stores: Map<BindingInfo, { readonly base: string; readonly v: string }>;
}

/** The loop over a quad's components. */
const QUAD_LOOP = 'for (var c = 0u; c < 4u; c++) {';

const lit = (e: string): Expr => ({ e, lvl: 0 });
const maxLvl = (xs: readonly Expr[]): number => xs.reduce((m, x) => Math.max(m, x.lvl), 0);

interface BindingInfo {
  name: string;
  buffer: string;
  access: 'read' | 'read_write';
  dtype: string;
  vec4: boolean;
}

class Writer {
  readonly bindings: BindingInfo[] = [];
  private readonly byBuffer = new Map<string, BindingInfo>();
  readonly helpers = new Set<string>();
  readonly wgVars: string[] = [];
  /** Statement sinks per level: level 0 is per invocation (or output), level 1 an inner loop. */
  sinks: string[][] = [[]];
  private readonly memo = new Map<string, Expr>();
  private n = 0;
  readonly memberVar = new Map<Node, Expr>();
  readonly evaluated = new Set<Node>();
  readonly storeLines: string[] = [];
  /** The quad being evaluated (see Quad), if any. */
  private quad: Quad | null = null;

  constructor(
    readonly env: EmitEnv,
    readonly kernel: PlanKernel,
    readonly plan: FusionPlan,
  ) {}

  fresh(p: string): string {
    return `${p}${this.n++}`;
  }

  /** Emits `let name = e;` at the expression's level and returns the name. */
  bind(p: string, x: Expr): Expr {
    const name = this.fresh(p);
    this.sinks[x.lvl]!.push(`let ${name} = ${x.e};`);
    return { e: name, lvl: x.lvl };
  }

  resetLevel(lvl: number): void {
    for (const [k, v] of this.memo) if (v.lvl >= lvl) this.memo.delete(k);
  }

  binding(buffer: string, dtype: string, access: 'read' | 'read_write', vec4 = false, prefix = 'v'): BindingInfo {
    let b = this.byBuffer.get(buffer);
    if (b) {
      if (access === 'read_write') b.access = 'read_write';
      if (vec4 && !b.vec4) throw new Error(`internal: buffer '${buffer}' is read as vec4 after scalar reads`);
      return b;
    }
    b = { name: `${prefix}_${buffer.replace(/[^A-Za-z0-9_]/g, '_')}`, buffer, access, dtype, vec4 };
    if (this.bindings.some((x) => x.name === b!.name)) b.name = `${b.name}_${this.bindings.length}`;
    this.bindings.push(b);
    this.byBuffer.set(buffer, b);
    return b;
  }

  private prefixOf(n: Node): string {
    return n.op === 'param' ? 'p' : n.op === 'input' ? 'in' : n.op === 'const' ? 'c' : 'v';
  }

  /** The in-place target buffer this kernel writes for `leaf`, if any. */
  private writesInPlace(buffer: string): boolean {
    for (const m of this.kernel.members) if (this.env.inPlace.get(m) === buffer) return true;
    return false;
  }

  // ---- quads --------------------------------------------------------------------------------

  /** Starts a quad (see Quad) whose loop body is level `lvl`; `endQuad` ends it. */
  beginQuad(lvl: number): void {
    this.quad = { lvl, at: new Map(), stores: new Map() };
  }

  /** The vec4 index of a quad's base (a multiple of 4). */
  static quadSlot(base: string): string {
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(base) ? `${base} / 4u` : `(${base}) / 4u`;
  }

  /** The component-c form of the quad's index expression `base` (level 0), made known to the quad. */
  quadIndex(base: string): Expr {
    if (!this.quad) throw new Error('internal: a quad index outside a quad');
    const e = `(${base} + c)`;
    this.quad.at.set(e, base);
    return { e, lvl: this.quad.lvl };
  }

  /** Ends the quad: its vec4 variables' stores, for after the loop. */
  endQuad(): string[] {
    const q = this.quad;
    if (!q) throw new Error('internal: no quad to end');
    this.quad = null;
    return [...q.stores].map(([b, st]) => `${b.name}[${Writer.quadSlot(st.base)}] = ${st.v};`);
  }

  /** The base of the quad's vec4 holding index expression `idx` of `buffer`, or null where there is none. */
  private quadAt(buffer: string, dtype: string, idx: string): string | null {
    const base = this.quad?.at.get(idx);
    if (base === undefined || dtype !== 'f32') return null;
    const b = this.byBuffer.get(buffer);
    return b === undefined || b.vec4 ? base : null; // a buffer bound for scalars (a matmul operand) stays so
  }

  // ---- points -------------------------------------------------------------------------------

  linOf(p: Pt): Expr {
    if (p.lin) return p.lin;
    const c = this.coordsOf(p);
    const strides = strideExprs(p.shape);
    const terms: string[] = [];
    p.shape.forEach((d, k) => {
      if (d === 1 || c[k]!.e === '0u') return;
      terms.push(strides[k] === '1u' ? c[k]!.e : `${c[k]!.e} * ${strides[k]}`);
    });
    const x: Expr = { e: terms.length === 0 ? '0u' : terms.join(' + '), lvl: maxLvl(c) };
    p.lin = terms.length <= 1 ? x : this.bind('l', x);
    return p.lin;
  }

  coordsOf(p: Pt): Expr[] {
    if (p.coords) return p.coords;
    if (p.quad) {
      const base = this.coordsOf(p.quad.base);
      p.coords = [...base.slice(0, -1), this.quadIndex(base[base.length - 1]!.e)];
      return p.coords;
    }
    const lin = p.lin!;
    const strides = strideExprs(p.shape);
    p.coords = p.shape.map((d, k) => {
      if (d === 1) return lit('0u');
      if (p.shape.length === 1) return lin;
      const q = strides[k] === '1u' ? lin.e : `(${lin.e} / ${strides[k]})`;
      const e = k === 0 ? q : `${q} % ${dimExpr(d)}`;
      return this.bind('c', { e, lvl: lin.lvl });
    });
    return p.coords;
  }

  /** The point of operand `x` (of a broadcasting op over `p`'s shape). */
  derive(p: Pt, x: Node): Pt {
    const s = x.type.shape;
    if (dimsEqual(s, p.shape)) return p;
    if (sameSize(s, p.shape)) return { shape: s, lin: this.linOf(p), coords: null, id: p.id };
    const c = this.coordsOf(p);
    const off = p.shape.length - s.length;
    return { shape: s, lin: null, coords: s.map((d, k) => (d === 1 ? lit('0u') : c[k + off]!)), id: false };
  }

  private key(p: Pt): string {
    return p.lin ? `l:${p.lin.e}` : `c:${p.coords!.map((c) => c.e).join(',')}`;
  }

  // ---- evaluation ---------------------------------------------------------------------------

  /** A load of buffer-backed `n` at point `p`. */
  load(n: Node, p: Pt): Expr {
    const buffer = this.env.bufferOf(n);
    const idx = this.linOf(p);
    const k = `ld:${buffer}:${idx.e}`;
    const hit = this.memo.get(k);
    if (hit) return hit;
    const rw = this.writesInPlace(buffer);
    if (rw && !p.id) throw new FusionConflict(`buffer '${buffer}' is read away from the point its in-place update writes`);
    const base = this.quadAt(buffer, n.type.dtype, idx.e);
    if (base !== null) {
      const kq = `ldq:${buffer}:${base}`;
      let v = this.memo.get(kq);
      if (!v) {
        const b = this.binding(buffer, 'f32', rw ? 'read_write' : 'read', true, this.prefixOf(n));
        v = this.bind('q', lit(`${b.name}[${Writer.quadSlot(base)}]`));
        this.memo.set(kq, v);
      }
      return { e: `${v.e}[c]`, lvl: this.quad!.lvl };
    }
    const b = this.binding(buffer, n.type.dtype, rw ? 'read_write' : 'read', false, this.prefixOf(n));
    const read = b.vec4 ? `${b.name}[(${idx.e}) / 4u][(${idx.e}) % 4u]` : `${b.name}[${idx.e}]`;
    const r = this.bind('r', { e: read, lvl: idx.lvl });
    this.memo.set(k, r);
    return r;
  }

  /** The value of `n` at point `p`. */
  value(n: Node, p: Pt): Expr {
    if (isScalarConst(n)) return lit(f32Lit((n as Node & { op: 'const' }).attrs.values[0]!));
    const mv = this.memberVar.get(n);
    if (mv) {
      if (!p.id) throw new FusionConflict(`${this.env.label(n)} is read away from its own point`);
      return mv;
    }
    if (this.kernel.members.includes(n)) throw new Error(`internal: member ${this.env.label(n)} used before it is computed`);
    const c = classOf(n);
    if (c === 'leaf' || this.plan.kernelOf.has(n)) return this.load(n, p);
    if (c === 'view') return this.value(n.inputs[0]!, { shape: n.inputs[0]!.type.shape, lin: this.linOf(p), coords: null, id: p.id });
    if (c !== 'point') throw new Error(`internal: ${this.env.label(n)} (${n.op}) is neither computed here nor in memory`);
    const k = `v:${n.id}:${this.key(p)}`;
    const hit = this.memo.get(k);
    if (hit) return hit;
    const x = this.compute(n, p);
    this.memo.set(k, x);
    return x;
  }

  /** Computes pointwise `n` at `p` from its operands (inline, or as a member at the kernel's point). */
  compute(n: Node, p: Pt): Expr {
    this.evaluated.add(n);
    const def = opDef(n.op);
    const simple = (e: Expr) => (/^[A-Za-z_][A-Za-z0-9_]*$|^\(?-?[0-9.e+-]+\)?$/.test(e.e) ? e : this.bind('e', e));
    switch (n.op) {
      case 'transpose': {
        const c = this.coordsOf(p);
        const inC: Expr[] = new Array(c.length);
        n.attrs.perm.forEach((src, k) => {
          inC[src] = c[k]!;
        });
        return this.value(n.inputs[0]!, { shape: n.inputs[0]!.type.shape, lin: null, coords: inC, id: false });
      }
      case 'slice': {
        const c = [...this.coordsOf(p)];
        const a = c[n.attrs.axis]!;
        c[n.attrs.axis] = { e: n.attrs.start ? `(${a.e} + ${n.attrs.start}u)` : a.e, lvl: a.lvl };
        return this.value(n.inputs[0]!, { shape: n.inputs[0]!.type.shape, lin: null, coords: c, id: false });
      }
      case 'one_hot': {
        const c = this.coordsOf(p);
        const x = n.inputs[0]!;
        const label = this.value(x, { shape: x.type.shape, lin: null, coords: c.slice(0, -1), id: false });
        const last = c[c.length - 1]!;
        const cast = x.type.dtype === 'i32' ? 'i32' : 'f32';
        return simple({ e: `select(0.0, 1.0, ${label.e} == ${cast}(${last.e}))`, lvl: Math.max(label.lvl, last.lvl) });
      }
      case 'dropout_mask': {
        const { rate, seed, stream } = n.attrs;
        this.helpers.add(MIX_U32_WGSL);
        const step = this.value(n.inputs[1]!, { shape: [], lin: lit('0u'), coords: [], id: false });
        const lin = this.linOf(p);
        const s = this.bind('h', { e: `mix_u32(${seed >>> 0}u ^ mix_u32(${stream >>> 0}u ^ mix_u32(u32(${step.e}))))`, lvl: step.lvl });
        return this.bind('e', {
          e: `select(0.0, ${f32Lit(1 / (1 - rate))}, mix_u32(${lin.e} ^ ${s.e}) >= ${dropThreshold(rate)}u)`,
          lvl: Math.max(lin.lvl, s.lvl),
        });
      }
      case 'dim_size': {
        const shape = n.inputs[0]!.type.shape;
        return lit(`f32(${productExpr(n.attrs.axes.map((a) => shape[a]!))})`);
      }
      default: {
        if (def.wgsl.kind !== 'elementwise') throw new Error(`internal: ${n.op} is not pointwise`);
        const form = def.wgsl as { expr(args: readonly string[], attrs: unknown): string };
        const args = n.inputs.map((x) => this.value(x, this.derive(p, x)));
        return simple({ e: form.expr(args.map((a) => a.e), n.attrs), lvl: maxLvl(args) });
      }
    }
  }

  /**
   * Computes member `m` (pointwise) at the kernel's point and records it. A member whose shape
   * differs from the kernel's by dims of 1 (samePoints) is computed at its own shape from the
   * point's linear index (derive's same-size case).
   */
  member(m: Node, p: Pt, value?: Expr): void {
    const v = value ?? this.compute(m, this.derive(p, m));
    const named = /^[A-Za-z_][A-Za-z0-9_]*$/.test(v.e) ? v : this.bind('e', v);
    this.memberVar.set(m, named);
    this.evaluated.add(m);
  }

  /**
   * Stores of the kernel's stored members at point `p` (emitted after every load of the point);
   * `only`: those of its members (a matmul's row values are stored at their rows, apart).
   */
  stores(p: Pt, lvl: number, only?: (m: Node) => boolean): void {
    const stored = (this.plan.stores.get(this.kernel) ?? []).filter((m) => !only || only(m));
    for (const m of stored) {
      const v = this.memberVar.get(m);
      if (!v) throw new Error(`internal: stored member ${this.env.label(m)} was not computed`);
      const buffer = this.env.bufferOf(m);
      const prefix = this.env.inPlace.has(m) ? 'p' : 'out';
      const idx = this.linOf(p);
      const base = this.quadAt(buffer, 'f32', idx.e);
      if (base !== null) {
        const bq = this.binding(buffer, 'f32', 'read_write', true, prefix);
        let st = this.quad!.stores.get(bq);
        if (!st) {
          st = { base, v: this.fresh('o') };
          this.sinks[0]!.push(`var ${st.v}: vec4<f32>;`);
          this.quad!.stores.set(bq, st);
        }
        if (st.base !== base) throw new Error(`internal: a quad stores ${bq.name} at two bases`);
        this.sinks[lvl]!.push(`${st.v}[c] = ${v.e};`);
        continue;
      }
      const b = this.binding(buffer, 'f32', 'read_write', false, prefix);
      this.sinks[lvl]!.push(b.vec4 ? `${b.name}[(${idx.e}) / 4u][(${idx.e}) % 4u] = ${v.e};` : `${b.name}[${idx.e}] = ${v.e};`);
    }
    this.marks(lvl, only);
  }

  /**
   * The divergence flag's marks (passes/flag-markers.ts) for the watched members, where the stores
   * are: at points inside the output. The flag is f32 to its readers; an atomic store of 1.0's
   * bits, so invocations marking it at once do not race.
   */
  private marks(lvl: number, only?: (m: Node) => boolean): void {
    const watch = this.plan.watch;
    if (!watch) return;
    for (const m of this.kernel.members) {
      if (!watch.nodes.has(m) || (only && !only(m))) continue;
      const v = this.memberVar.get(m);
      if (!v) throw new Error(`internal: watched member ${this.env.label(m)} was not computed`);
      const b = this.binding(watch.buffer, 'atomic<u32>', 'read_write', false, 'flag');
      this.sinks[lvl]!.push(`if (${nonfiniteTest(v.e)}) { atomicStore(&${b.name}[0], 0x3f800000u); }`);
    }
  }

  /** Computes every pointwise member at the kernel point `p`, in order. */
  members(p: Pt): void {
    for (const m of this.kernel.members) {
      if (this.memberVar.has(m)) continue;
      this.member(m, p);
    }
  }
}


const indent = (lines: readonly string[], pad: string) => lines.map((l) => `${pad}${l}`);

function linearPrologue(total: string): string[] {
  return [
    `@compute @workgroup_size(${WG})`,
    'fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {',
    `  let i = gid.x + gid.y * nwg.x * ${WG}u;`,
    `  if (i >= ${total}) { return; }`,
  ];
}

/** An entry point and its dispatch; matmuls may add run-time variants (same header, other entry). */
interface Body {
  readonly main: string;
  readonly dispatch: Dispatch;
  readonly variants?: readonly { readonly when: VariantCondition; readonly main: string; readonly dispatch: Dispatch }[];
}

/** The body (helpers, workgroup variables, entry point) and dispatch of one planned kernel. */
function emitBody(w: Writer): Body {
  const k = w.kernel;
  switch (k.kind) {
    case 'ew':
      return emitEw(w);
    case 'matmul':
      return emitMatmul(w);
    case 'reduce':
      return emitReduce(w);
    case 'row':
      return emitRow(w);
    case 'single':
      return emitSingle(w);
  }
}

/** Whether a kernel over `shape` can take its points in quads: the last axis a fixed multiple of 4. */
function quadShape(shape: readonly Dim[]): boolean {
  const last = shape.length ? fixedSize([shape[shape.length - 1]!]) : null;
  return last !== null && last % 4 === 0;
}

function emitEw(w: Writer): { main: string; dispatch: Dispatch } {
  const shape = w.kernel.shape;
  if (quadShape(shape)) return emitEwQuads(w);
  const p: Pt = { shape, lin: lit('i'), coords: null, id: true };
  w.members(p);
  w.stores(p, 0);
  return {
    main: [...linearPrologue(productExpr(shape)), ...indent(w.sinks[0]!, '  '), '}', ''].join('\n'),
    dispatch: { kind: 'linear', threads: shape, workgroupSize: WG },
  };
}

/** An elementwise kernel whose invocations take a quad each (see Quad): element `base` and the next three. */
function emitEwQuads(w: Writer): { main: string; dispatch: Dispatch } {
  const shape = w.kernel.shape;
  const threads = [...shape.slice(0, -1), (fixedSize([shape[shape.length - 1]!]) as number) / 4];
  const base: Pt = { shape, lin: lit('base'), coords: null, id: true };
  const [pre, body]: string[][] = [[], []];
  w.sinks = [pre, body];
  w.beginQuad(1);
  const p: Pt = { shape, lin: w.quadIndex('base'), coords: null, id: true, quad: { base } };
  w.members(p);
  w.stores(p, 1);
  const post = w.endQuad();
  const lines = ['// Four consecutive elements per invocation.', 'let base = i * 4u;', ...pre, QUAD_LOOP, ...indent(body, '  '), '}', ...post];
  return {
    main: [...linearPrologue(productExpr(threads)), ...indent(lines, '  '), '}', ''].join('\n'),
    dispatch: { kind: 'linear', threads, workgroupSize: WG },
  };
}

const statKind = (an: Node): 'sum' | 'moments' => (an.op === 'variance' ? 'moments' : 'sum');

/** Words of partial statistics per row tile and column for a finishing kernel. */
export const partialWords = (finish: PlanKernel): number => statWords(finish.anchors.map(statKind));

/** Whether the epilogue of `mm`'s kernel reads a buffer of the output's size (an optimizer's state, a residual). */
function readsAtOutput(w: Writer, mm: Node): boolean {
  const seen = new Set<Node>();
  const walk = (n: Node): boolean => {
    if (seen.has(n)) return false;
    seen.add(n);
    for (const x of n.inputs) {
      if (x === mm) continue;
      if (w.kernel.members.includes(x)) {
        if (walk(x)) return true; // computed here, not read
        continue;
      }
      const c = classOf(x);
      if (c === 'leaf' || w.plan.kernelOf.has(x)) {
        if (sameSize(x.type.shape, mm.type.shape)) return true;
      } else if (walk(x)) return true;
    }
    return false;
  };
  return w.kernel.members.some((m) => m !== mm && walk(m));
}

function emitMatmul(w: Writer): Body {
  const mm = w.kernel.anchors[0]!;
  const { a, b } = matmulOperands(mm);
  const { geo, variant } = matmulShape(mm);
  const finishers = finishersOf(w.plan, w.kernel);
  const prefix = (n: Node) => (n.op === 'param' ? 'p' : n.op === 'input' ? 'in' : n.op === 'const' ? 'c' : 'v');
  const ba = w.binding(w.env.bufferOf(a), 'f32', 'read', variant.aVec4, prefix(a));
  const bb = w.binding(w.env.bufferOf(b), 'f32', 'read', variant.bVec4, prefix(b));
  w.evaluated.add(mm);
  // The epilogue: every member at the output element (row, col), then the stores.
  const P = productExpr(geo.pDims);
  const out = mm.type.shape;
  const rank2 = out.length === 2;
  const point = (): Pt => ({ shape: out, lin: lit('idx'), coords: rank2 ? [lit('row'), lit('col')] : null, id: true });
  w.memberVar.set(mm, lit('v'));
  // Row ops over the columns (fusion rule 3c): a function giving their input at (row, col); the
  // epilogue then takes the softmax's value as `sm`; softmax_ce's target is another function, and
  // the values with one per row (softmax_ce, argmax) go to `row_epi`, which stores them.
  const rowAnchors = w.kernel.anchors.slice(1);
  const rowOp = (op: string) => rowAnchors.find((n) => n.op === op);
  const [sm, ce, am] = [rowOp('softmax'), rowOp('softmax_ce'), rowOp('argmax')];
  const rowValued = new Set<Node>([ce, am].filter((n): n is Node => n !== undefined));
  const fns: string[] = [];
  /** Emits the sinks so far as function `head`'s body (with `idx` where it is used), then starts afresh. */
  const fn = (head: string, ret: string[]): void => {
    const body = [...w.sinks[0]!, ...ret];
    if (body.some((l) => /\bidx\b/.test(l))) body.unshift(`let idx = row * ${P} + col;`);
    fns.push([`${head} {`, ...indent(body, '  '), '}', ''].join('\n'));
    w.sinks = [[]];
    w.resetLevel(0);
  };
  let rowOps: RowOps | undefined;
  if (rowAnchors.length) {
    // An argmax may take the softmax's values instead of its input (passes/fuse.ts rowOpsInput).
    const amOfSoftmax = am !== undefined && sm !== undefined && am.inputs[0] === sm;
    const x = rowOpsInput(rowAnchors);
    const known = (sm ? 1 : 0) + rowValued.size;
    if (known !== rowAnchors.length || !x) {
      throw new Error(`internal: a matmul kernel with ${w.kernel.anchors.map((n) => n.op).join(', ')}`);
    }
    fn('fn softmax_input(row: u32, col: u32, v: f32) -> f32', [`return ${w.value(x, point()).e};`]);
    if (ce) fn('fn ce_target(row: u32, col: u32) -> f32', [`return ${w.value(ce.inputs[1]!, point()).e};`]);
    if (rowValued.size) {
      const rowPt: Pt = { shape: out.slice(0, -1), lin: lit('row'), coords: rank2 ? [lit('row')] : null, id: true };
      if (ce) w.member(ce, rowPt, lit('ce'));
      if (am) w.member(am, rowPt, lit('am'));
      w.stores(rowPt, 0, (m) => rowValued.has(m));
      fn(`fn row_epi(row: u32${ce ? ', ce: f32' : ''}${am ? ', am: f32' : ''})`, []);
    }
    if (sm) w.member(sm, point(), lit('sm'));
    rowOps = { input: 'softmax_input', softmax: sm !== undefined, ...(ce ? { ce: { target: 'ce_target' } } : {}), ...(am ? { argmax: amOfSoftmax ? ('softmax' as const) : ('z' as const) } : {}), ...(rowValued.size ? { row: 'row_epi' } : {}) };
  }
  const p = point();
  w.sinks[0]!.unshift(`let idx = row * ${P} + col;`);
  // By quads (see Quad) where each invocation's accumulators are whole quads of one row (every
  // layout but rows, whose epilogue takes the row's values; no column statistics), and where the
  // epilogue reads buffers of the output's size (an optimizer's state, a residual). On lavapipe,
  // with the elementwise kernels' quads, that made the benchmark MLP's step 1.09-1.19x faster
  // (same-process A/Bs); quads in epilogues that read only per-column values (bias, ReLU) made
  // its inference 0.9x (bench/RESULTS.md, tenth session).
  const Pf = fixedSize(geo.pDims);
  const quad = rank2 && variant.layout !== 'rows' && Pf !== null && Pf % 4 === 0 && !rowAnchors.length && !finishers.length && readsAtOutput(w, mm);
  if (quad) {
    const [pre, body] = [w.sinks[0]!, [] as string[]];
    w.sinks = [pre, body];
    w.beginQuad(1);
    w.memberVar.set(mm, { e: 'v[c]', lvl: 1 });
    const pc: Pt = { shape: out, lin: w.quadIndex('idx'), coords: [lit('row'), w.quadIndex('col')], id: true };
    w.members(pc);
    w.stores(pc, 1);
    const post = w.endQuad();
    w.sinks = [[...pre, QUAD_LOOP, ...indent(body, '  '), '}', ...post]];
  } else {
    w.members(p);
    w.stores(p, 0, (m) => !rowValued.has(m));
  }
  let stats: ColumnStats | undefined;
  let ret = '';
  if (finishers.length) {
    // The values the finishing kernels' reductions reduce, at this output element.
    const xs = finishers.flatMap((f) => f.anchors.map((an) => w.value(an.inputs[0]!, p).e));
    while (xs.length < 4) xs.push('0.0');
    w.sinks[0]!.push(`return vec4<f32>(${xs.join(', ')});`);
    ret = ' -> vec4<f32>';
    stats = finishers.map((f) => ({
      kinds: f.anchors.map(statKind),
      partials: w.binding(w.env.partialsOf(f), 'f32', 'read_write', false, 'out').name,
    }));
  }
  const name = quad ? 'epi4' : 'epi';
  const src = matmulMain(geo, variant, ba.name, bb.name, name, stats, rowOps, quad);
  const head = quad ? 'fn epi4(row: u32, col: u32, v: vec4<f32>)' : `fn epi(row: u32, col: u32, v: f32${sm ? ', sm: f32' : ''})${ret}`;
  const epi = `${fns.join('')}${[`${head} {`, ...indent(w.sinks[0]!, '  '), '}', ''].join('\n')}`;
  const variants: { when: VariantCondition; main: string; dispatch: Dispatch }[] = [];
  const addForm = (v: MatmulVariant, when: VariantCondition) => {
    const alt = matmulMain(geo, v, ba.name, bb.name, name, stats, rowOps, quad);
    variants.push({ when, main: `${epi}\n${alt.main}`, dispatch: alt.dispatch });
  };
  // The small-batch form puts one row in a workgroup, less than a tile of statistics. It comes
  // first: at a batch of one or two it beats the subgroup form's 16- or 32-row workgroups too.
  const small = stats ? null : smallBatchVariant(geo, variant);
  if (small) addForm(small.variant, small.when);
  const shared = subgroupVariant(geo, variant);
  if (shared) {
    const smallShared = smallBatchSubgroupVariant(geo, shared);
    if (smallShared) addForm(smallShared.variant, smallShared.when);
    addForm(shared, { subgroupSize: SUBGROUP });
  }
  for (const form of gpuVariants(geo, variant, stats !== undefined)) addForm(form.variant, form.when);
  return { main: `${epi}\n${src.main}`, dispatch: src.dispatch, ...(variants.length ? { variants } : {}) };
}

/** Reductions that are few and long use a workgroup tree reduction; the rest one invocation each. */
function cooperative(out: readonly Dim[], red: readonly Dim[]): boolean {
  const nOut = fixedSize(out);
  return nOut !== null && nOut <= 4 && (fixedSize(red) ?? Infinity) >= 256;
}

// The GPU forms of a reduction (variants for hardware adapters). One invocation per output
// element leaves a GPU nearly idle when the outputs are few (a BatchNorm gradient's 256 column
// sums are 256 invocations, each looping over the whole batch, one memory latency per step), and
// a workgroup of 64 with one load in flight per invocation is as slow on a long reduction. The
// GPU forms give each output GPU_SLICES invocations (GPU_OUTS outputs per workgroup), or one
// workgroup of GPU_COOP invocations with GPU_UNROLL independent loads each, then merge in
// workgroup memory. On a CPU adapter the same trees cost a coroutine switch per barrier, so
// those keep the forms above.
const GPU_OUTS = 8;
const GPU_SLICES = 32;
const GPU_COOP = 256;
const GPU_UNROLL = 8;

/** One reduction's accumulator: its variables, their workgroup arrays, and the merge of two partial results. */
interface Acc {
  readonly an: Node;
  readonly vars: readonly string[];
  readonly parts: readonly string[];
  readonly init: readonly string[];
  merge(a: string, b: string): string[];
}

/** Stores each accumulator into its workgroup arrays at `at`, then a tree over `span` partial results `stride` apart. */
function workgroupTree(accs: readonly Acc[], at: string, lane: string, span: number, stride: number): string[] {
  const L = [...accs.flatMap((a) => a.parts.map((p, q) => `${p}[${at}] = ${a.init[q]};`)), 'workgroupBarrier();'];
  L.push(`for (var s = ${span / 2}u; s > 0u; s = s >> 1u) {`, `  if (${lane} < s) {`);
  for (const a of accs) {
    const m = a.merge(at, stride === 1 ? `${at} + s` : `${at} + s * ${stride}u`);
    L.push(...(m.length > 1 ? ['    {', ...indent(m, '      '), '    }'] : indent(m, '    ')));
  }
  L.push('  }', '  workgroupBarrier();', '}');
  return L;
}

/**
 * The GPU form shared by column reductions and the merge of partial column statistics: GPU_OUTS
 * outputs per workgroup, each computed by GPU_SLICES invocations (`body`, with `o` the output,
 * `i` it clamped, `slice` the invocation's slice), merged by a tree in workgroup memory; the first
 * slice runs `epilogue`. Every invocation reaches the barriers.
 */
function slicedForm(accs: readonly Acc[], what: string, outShape: readonly Dim[], nOut: number, body: readonly string[], epilogue: readonly string[]): { when: VariantCondition; main: string; dispatch: Dispatch } {
  const main = [
    ...accs.flatMap((a) => a.parts.map((p) => `var<workgroup> ${p}: array<f32, ${GPU_OUTS * GPU_SLICES}>;`)),
    '',
    `// GPU form: ${GPU_OUTS} ${what}, then a tree in workgroup memory.`,
    `@compute @workgroup_size(${GPU_OUTS * GPU_SLICES})`,
    'fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {',
    `  let o = wid.x * ${GPU_OUTS}u + lid.x % ${GPU_OUTS}u;`,
    `  let slice = lid.x / ${GPU_OUTS}u;`,
    '  // Past the last output: clamped loads, no store (every invocation reaches the barriers).',
    `  let i = min(o, ${nOut - 1}u);`,
    ...indent(body, '  '),
    ...indent(workgroupTree(accs, 'lid.x', 'slice', GPU_SLICES, GPU_OUTS), '  '),
    `  if (slice == 0u && o < ${nOut}u) {`,
    ...indent(epilogue, '    '),
    '  }',
    '}',
    '',
  ].join('\n');
  return { when: { gpu: true }, main, dispatch: { kind: 'grid', x: { dims: outShape, per: GPU_OUTS }, y: { dims: [], per: 1 }, z: { dims: [], per: 1 } } };
}

/** Chan's merge of partial result b into a (count partN, mean partMu, squared deviations part): a variance's, or a column statistic's moments. */
function chanMerge(j: number): Acc['merge'] {
  return (a: string, b: string) => [
    `let na = partN${j}[${a}];`,
    `let nb = partN${j}[${b}];`,
    'let nn = na + nb;',
    'if (nb > 0.0) {',
    `  let d = partMu${j}[${b}] - partMu${j}[${a}];`,
    `  partMu${j}[${a}] = partMu${j}[${a}] + d * (nb / nn);`,
    `  part${j}[${a}] = part${j}[${a}] + part${j}[${b}] + d * d * (na * nb / nn);`,
    `  partN${j}[${a}] = nn;`,
    '}',
  ];
}

function emitReduce(w: Writer): Body {
  const k = w.kernel;
  const producer = w.plan.partials.get(k);
  if (producer) return emitFinish(w, producer);
  const first = k.anchors[0]! as Node & { op: 'sum' | 'mean' | 'max' };
  const inShape = first.inputs[0]!.type.shape;
  const { axes, keepdims } = first.attrs;
  const outShape = reducedShape(inShape, first.attrs);
  const redShape = axes.map((a) => inShape[a]!);
  const kept = inShape.map((_, i) => i).filter((i) => !axes.includes(i));
  const coop = cooperative(outShape, redShape);
  const total = productExpr(outShape);
  const R = productExpr(redShape);
  const nRed = fixedSize(redShape); // null: the reduced length is symbolic
  // Sinks: 0 = before the loop (hoisted), 1 = loop body; after the loop a fresh level-0 sink.
  const pre: string[] = [];
  const body: string[] = [];
  w.sinks = [pre, body];
  const outPt: Pt = { shape: outShape, lin: lit('i'), coords: null, id: true };
  const redCoords: Expr[] = redShape.length === 1 ? [{ e: 'r', lvl: 1 }] : [];
  if (redShape.length > 1) {
    const strides = strideExprs(redShape);
    redShape.forEach((d, j) => {
      const q = strides[j] === '1u' ? 'r' : `(r / ${strides[j]})`;
      const e = j === 0 ? q : `${q} % ${dimExpr(d)}`;
      redCoords.push(w.bind('rc', { e, lvl: 1 }));
    });
  }
  const inPt = (): Pt => {
    const oc = w.coordsOf(outPt);
    const coords: Expr[] = inShape.map((_, ax) => {
      const j = axes.indexOf(ax);
      if (j >= 0) return redCoords[j]!;
      return keepdims ? oc[ax]! : oc[kept.indexOf(ax)]!;
    });
    return { shape: inShape, lin: null, coords, id: false };
  };
  // Per anchor: its accumulator variables, loop step, and the tree merge of two partial results.
  // A variance keeps Welford's count, mean and sum of squared deviations (m2, in acc).
  const accs: Acc[] = k.anchors.map((an, j) => {
    const x = w.value(an.inputs[0]!, inPt());
    w.evaluated.add(an);
    if (an.op === 'variance') {
      body.push(`let d${j} = ${x.e} - mu${j};`, `n${j} = n${j} + 1.0;`, `mu${j} = mu${j} + d${j} / n${j};`, `acc${j} = acc${j} + d${j} * (${x.e} - mu${j});`);
      return {
        an,
        vars: [`var acc${j} = 0.0;`, `var mu${j} = 0.0;`, `var n${j} = 0.0;`],
        parts: [`part${j}`, `partMu${j}`, `partN${j}`],
        init: [`acc${j}`, `mu${j}`, `n${j}`],
        merge: chanMerge(j),
      };
    }
    const comb = (a: string, b: string) => (an.op === 'max' ? `max(${a}, ${b})` : `${a} + ${b}`);
    body.push(`acc${j} = ${comb(`acc${j}`, x.e)};`);
    return {
      an,
      vars: [`var acc${j} = ${an.op === 'max' ? '-3.402823e+38' : '0.0'};`],
      parts: [`part${j}`],
      init: [`acc${j}`],
      merge: (a: string, b: string) => [`part${j}[${a}] = ${comb(`part${j}[${a}]`, `part${j}[${b}]`)};`],
    };
  });
  // The epilogue reads each reduction's result from its accumulator (a tree form copies the
  // merged result back into it first).
  const post: string[] = [];
  w.sinks = [post];
  k.anchors.forEach((an, j) => w.member(an, outPt, { e: an.op === 'mean' || an.op === 'variance' ? `acc${j} / f32(${R})` : `acc${j}`, lvl: 0 }));
  w.members(outPt);
  w.stores(outPt, 0);
  const vars = accs.flatMap((a) => a.vars);
  const wgArrays = (n: number) => accs.flatMap((a) => a.parts.map((p) => `var<workgroup> ${p}: array<f32, ${n}>;`));
  const mergedBack = (at: string) => accs.flatMap((a) => a.parts.slice(0, 1).map((p) => `acc${accs.indexOf(a)} = ${p}[${at}];`));
  if (!coop) {
    const L: string[] = [];
    const variants: { when: VariantCondition; main: string; dispatch: Dispatch }[] = [];
    L.push(`// One invocation per output element, looping over the ${redShape.length > 1 ? 'reduced coordinates' : 'reduced axis'}.`);
    L.push(...linearPrologue(total));
    L.push(...indent(pre, '  '), ...indent(vars, '  '));
    L.push(`  for (var r = 0u; r < ${R}; r++) {`, ...indent(body, '    '), '  }');
    L.push(...indent(post, '  '), '}', '');
    const nOut = fixedSize(outShape);
    // Worth it where each output has a long loop; the workgroup count must fit one grid axis.
    if (nOut !== null && (nRed ?? Infinity) >= 2 * GPU_SLICES && Math.ceil(nOut / GPU_OUTS) <= 65535) {
      const loop = [...pre, ...vars, `for (var r = slice; r < ${R}; r += ${GPU_SLICES}u) {`, ...indent(body, '  '), '}'];
      const what = `output elements per workgroup, each reduced by ${GPU_SLICES} invocations (strided partial results)`;
      variants.push(slicedForm(accs, what, outShape, nOut, loop, [...mergedBack('lid.x'), ...post]));
    }
    return { main: L.join('\n'), dispatch: { kind: 'linear', threads: outShape, workgroupSize: WG }, ...(variants.length ? { variants } : {}) };
  }
  // A workgroup per output element: strided partial results, then a tree in workgroup memory;
  // the general and the GPU form differ in the workgroup's size and the loop over the reduction.
  const perOutput = (size: number, comment: string, loop: readonly string[]) =>
    [
      ...wgArrays(size),
      '',
      comment,
      `@compute @workgroup_size(${size})`,
      'fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {',
      '  let i = wid.x + wid.y * nwg.x;',
      ...indent(pre, '  '),
      ...indent(vars, '  '),
      ...indent(loop, '  '),
      ...indent(workgroupTree(accs, 'lid.x', 'lid.x', size, 1), '  '),
      '  if (lid.x == 0u) {',
      ...indent([...mergedBack('0'), ...post], '    '),
      '  }',
      '}',
      '',
    ].join('\n');
  const grid: Dispatch = { kind: 'grid', x: { dims: outShape, per: 1 }, y: { dims: [], per: 1 }, z: { dims: [], per: 1 } };
  const main = perOutput(WG, '// One workgroup per output element: strided partial results, then a tree reduction in workgroup memory.', [
    `for (var r = lid.x; r < ${R}; r += ${WG}u) {`,
    ...indent(body, '  '),
    '}',
  ]);
  // GPU form: GPU_UNROLL loads in flight per invocation (blocks of the body that do not depend on
  // one another's loads), the rounds that fit whole without a bound check, then the rest. The
  // number of whole rounds is a constant where the reduced length is fixed.
  const round = GPU_COOP * GPU_UNROLL;
  const whole = nRed === null ? `${R} / ${round}u` : `${Math.floor(nRed / round)}u`;
  const tailFrom = nRed === null ? `${R} / ${round}u * ${round}u` : `${Math.floor(nRed / round) * round}u`;
  const block = (q: number) => ['{', `  let r = r0 + ${q * GPU_COOP}u;`, ...indent(body, '  '), '}'];
  const gpuMain = perOutput(GPU_COOP, `// GPU form: one workgroup of ${GPU_COOP} per output element, ${GPU_UNROLL} independent loads in flight per invocation, then a tree in workgroup memory.`, [
    `for (var q = 0u; q < ${whole}; q++) {`,
    `  let r0 = q * ${round}u + lid.x;`,
    ...indent(Array.from({ length: GPU_UNROLL }, (_, q) => block(q)).flat(), '  '),
    '}',
    ...(nRed === null || nRed % round !== 0 ? [`for (var r = ${tailFrom} + lid.x; r < ${R}; r += ${GPU_COOP}u) {`, ...indent(body, '  '), '}'] : []),
  ]);
  return { main, dispatch: grid, variants: [{ when: { gpu: true }, main: gpuMain, dispatch: grid }] };
}

/**
 * A reduction kernel whose reductions a matmul epilogue computed per row tile (plan.partials): one
 * invocation per column merges the tiles' partial results (sums add; means and squared deviations
 * merge with Chan's formula), then runs the kernel's epilogue and stores. The GPU form gives each
 * column GPU_SLICES invocations, each merging every GPU_SLICES-th tile, then a tree in workgroup
 * memory: one invocation walking 128 tiles (a batch of 1024) is 128 memory latencies in a row,
 * measured on an H100 as 29 us per kernel.
 */
function emitFinish(w: Writer, producer: PlanKernel): Body {
  const k = w.kernel;
  const { geo } = matmulShape(producer.anchors[0]!);
  const kinds = k.anchors.map(statKind);
  const W = partialWords(k);
  const outShape = k.shape;
  const M = productExpr(geo.mDims);
  const part = w.binding(w.env.partialsOf(k), 'f32', 'read', false, 'v').name;
  const post: string[] = [];
  w.sinks = [post];
  const outPt: Pt = { shape: outShape, lin: lit('i'), coords: null, id: true };
  k.anchors.forEach((an, j) => {
    w.evaluated.add(an);
    const fin = an.op === 'sum' ? `sum${j}` : an.op === 'mean' ? `sum${j} / f32(M)` : `m2${j} / f32(M)`;
    w.member(an, outPt, { e: fin, lvl: 0 });
  });
  w.members(outPt);
  w.stores(outPt, 0);
  const vars = ['var n = 0.0;', ...kinds.flatMap((kind, j) => (kind === 'sum' ? [`var sum${j} = 0.0;`] : [`var mu${j} = 0.0;`, `var m2${j} = 0.0;`]))];
  /** The loop over tiles `first`, `first + step`, ...: each tile's statistics merged into the running ones. */
  const tiles = (first: string, step: string): string[] => {
    const L = [`for (var t = ${first}; t < T; ${step === '1u' ? 't++' : `t += ${step}`}) {`, `  let nt = f32(min(${STAT_TILE}u, M - t * ${STAT_TILE}u));`, '  let nn = n + nt;'];
    let word = 0;
    kinds.forEach((kind, j) => {
      const at = (wd: number) => `${part}[(t * ${W}u + ${wd}u) * P + i]`;
      if (kind === 'sum') L.push(`  sum${j} = sum${j} + ${at(word++)};`);
      else L.push(`  let d${j} = ${at(word++)} - mu${j};`, `  mu${j} = mu${j} + d${j} * (nt / nn);`, `  m2${j} = m2${j} + ${at(word++)} + d${j} * d${j} * (n * nt / nn);`);
    });
    L.push('  n = nn;', '}');
    return L;
  };
  const head = [`let M = ${M};`, `let P = ${productExpr(geo.pDims)};`, `let T = (M + ${STAT_TILE - 1}u) / ${STAT_TILE}u;`, ...vars];
  const L: string[] = [];
  L.push(`// One invocation per column: merges the ${STAT_TILE}-row tiles' partial statistics written by the matmul kernel.`);
  L.push(...linearPrologue(productExpr(outShape)));
  L.push(...indent([...head, ...tiles('0u', '1u')], '  '));
  L.push(...indent(post, '  '), '}', '');
  const main = L.join('\n');
  const dispatch: Dispatch = { kind: 'linear', threads: outShape, workgroupSize: WG };
  const nOut = fixedSize(outShape);
  if (nOut === null || Math.ceil(nOut / GPU_OUTS) > 65535) return { main, dispatch };
  // The GPU form's partial results merge as the tree merges a reduction's (sums add; means and
  // squared deviations by Chan's formula, a slice that had no tile counting zero rows).
  const accs: Acc[] = kinds.map((kind, j) =>
    kind === 'sum'
      ? { an: k.anchors[j]!, vars: [], parts: [`part${j}`], init: [`sum${j}`], merge: (a: string, b: string) => [`part${j}[${a}] = part${j}[${a}] + part${j}[${b}];`] }
      : {
          an: k.anchors[j]!,
          vars: [],
          parts: [`part${j}`, `partMu${j}`, `partN${j}`],
          init: [`m2${j}`, `mu${j}`, 'n'],
          merge: chanMerge(j),
        },
  );
  const mergedBack = kinds.flatMap((kind, j) => (kind === 'sum' ? [`sum${j} = part${j}[lid.x];`] : [`m2${j} = part${j}[lid.x];`]));
  const what = `columns per workgroup, each merged by ${GPU_SLICES} invocations (tiles slice, slice + ${GPU_SLICES}, ...)`;
  return { main, dispatch, variants: [slicedForm(accs, what, outShape, nOut, [...head, ...tiles('slice', `${GPU_SLICES}u`)], [...mergedBack, ...post])] };
}

function emitRow(w: Writer): { main: string; dispatch: Dispatch } {
  const an = w.kernel.anchors[0]! as Node & { op: 'softmax' | 'softmax_ce' | 'argmax' };
  const axis = an.attrs.axis;
  const inShape = an.inputs[0]!.type.shape;
  const rows = [...inShape.slice(0, axis), ...inShape.slice(axis + 1)];
  const A = productExpr([inShape[axis]!]);
  const inner = productExpr(inShape.slice(axis + 1));
  w.evaluated.add(an);
  const pre: string[] = [];
  w.sinks = [pre];
  const L: string[] = [...linearPrologue(productExpr(rows))];
  L.push(`  let A = ${A};`, `  let inner = ${inner};`, '  let base = (i / inner) * A * inner + i % inner;');
  const loop = (): { body: string[]; pt: Pt } => {
    const body: string[] = [];
    w.sinks = [pre, body];
    w.resetLevel(1);
    return { body, pt: { shape: inShape, lin: { e: '(base + a * inner)', lvl: 1 }, coords: null, id: an.op === 'softmax' } };
  };
  const rowPt: Pt = { shape: an.type.shape, lin: lit('i'), coords: null, id: true };
  const parts: string[] = [];
  /** The row's one value (`e`, after the loops), its epilogue members and stores. */
  const rowResult = (e: string): void => {
    const post: string[] = [];
    w.sinks = [post];
    w.resetLevel(1);
    w.member(an, rowPt, { e, lvl: 0 });
    w.members(rowPt);
    w.stores(rowPt, 0);
    parts.push(...indent(post, '  '));
  };
  if (an.op === 'softmax') {
    const x = an.inputs[0]!;
    const l1 = loop();
    const x1 = w.value(x, { ...l1.pt, id: false });
    parts.push('  var m = -3.402823e+38;', '  for (var a = 0u; a < A; a++) {', ...indent(l1.body, '    '), `    m = max(m, ${x1.e});`, '  }');
    const l2 = loop();
    const x2 = w.value(x, { ...l2.pt, id: false });
    parts.push('  var s = 0.0;', '  for (var a = 0u; a < A; a++) {', ...indent(l2.body, '    '), `    s = s + exp(${x2.e} - m);`, '  }');
    const l3 = loop();
    const x3 = w.value(x, { ...l3.pt, id: false });
    w.member(an, l3.pt, w.bind('p', { e: `exp(${x3.e} - m) / s`, lvl: 1 }));
    w.members(l3.pt);
    w.stores(l3.pt, 1);
    parts.push('  for (var a = 0u; a < A; a++) {', ...indent(l3.body, '    '), '  }');
  } else if (an.op === 'softmax_ce') {
    const [z, y] = an.inputs as readonly [Node, Node];
    const l1 = loop();
    const z1 = w.value(z, l1.pt);
    parts.push('  var m = -3.402823e+38;', '  for (var a = 0u; a < A; a++) {', ...indent(l1.body, '    '), `    m = max(m, ${z1.e});`, '  }');
    const l2 = loop();
    const z2 = w.value(z, l2.pt);
    const y2 = w.value(y, l2.pt);
    parts.push('  var s = 0.0;', '  var dot = 0.0;', '  for (var a = 0u; a < A; a++) {', ...indent(l2.body, '    '));
    parts.push(`    s = s + exp(${z2.e} - m);`, `    dot = dot + ${y2.e} * ${z2.e};`, '  }');
    rowResult('m + log(s) - dot');
  } else {
    const x = an.inputs[0]!;
    const l1 = loop();
    const x1 = w.value(x, l1.pt);
    // Strictly greater: the first maximum wins, as in the interpreter.
    parts.push('  var m = -3.402823e+38;', '  var k = 0u;', '  var first = true;', '  for (var a = 0u; a < A; a++) {', ...indent(l1.body, '    '));
    parts.push(`    if (first || ${x1.e} > m) { m = ${x1.e}; k = a; first = false; }`, '  }');
    rowResult('f32(k)');
  }
  L.push(...indent(pre, '  '), ...parts, '}', '');
  return { main: L.join('\n'), dispatch: { kind: 'linear', threads: rows, workgroupSize: WG } };
}

function emitSingle(w: Writer): { main: string; dispatch: Dispatch } {
  const n = w.kernel.anchors[0]!;
  const def = opDef(n.op);
  if (def.wgsl.kind !== 'kernel') throw new Error(`internal: ${n.op} has no kernel template`);
  w.evaluated.add(n);
  const inputs = n.inputs.map((x) => {
    const src = throughViews(x);
    const prefix = src.op === 'param' ? 'p' : src.op === 'input' ? 'in' : src.op === 'const' ? 'c' : 'v';
    return w.binding(w.env.bufferOf(src), src.type.dtype, 'read', false, prefix).name;
  });
  const stored = w.plan.stores.get(w.kernel) ?? [];
  if (stored.length !== 1 || stored[0] !== n) throw new Error(`internal: kernel for ${n.op} must store exactly its node`);
  const out = w.binding(w.env.bufferOf(n), 'f32', 'read_write', false, 'out').name;
  const ctx: KernelContext = {
    node: n,
    inputs,
    output: out,
    dim: (d: Dim) => dimExpr(d),
    size: (s: readonly Dim[]) => productExpr(s),
    linearIndex: (total: string) => linearPrologue(total).join('\n'),
  };
  const src = def.wgsl.emit(ctx);
  return { main: src.body, dispatch: src.dispatch };
}

const KIND_TITLE: Record<PlanKernel['kind'], string> = {
  ew: 'elementwise',
  matmul: 'matmul',
  reduce: 'reduction',
  row: 'row',
  single: 'kernel',
};

/** Emits one planned kernel as a KernelSpec; throws FusionConflict when the plan is not emittable. */
export function emitKernel(env: EmitEnv, plan: FusionPlan, k: PlanKernel, index: number, name: string): KernelSpec {
  const w = new Writer(env, k, plan);
  const { main, dispatch, variants } = emitBody(w);
  const stored = new Set(plan.stores.get(k) ?? []);
  const describe = (n: Node) =>
    `${env.label(n)} = ${n.op}(${n.inputs.map((x) => env.label(x)).join(', ')}) : ${formatType(n.type)}${stored.has(n) ? ` -> ${env.bufferOf(n)}` : ''}`;
  const nodes = [...w.evaluated].sort((a, b) => Number(env.label(a).slice(1)) - Number(env.label(b).slice(1)));
  const members = new Set(k.members);
  // A matmul's second anchor is a softmax in its epilogue (fusion rule 3c).
  const epilogue = members.size > (k.kind === 'matmul' ? 1 : k.anchors.length);
  const kindTitle = k.kind === 'matmul' || k.kind === 'reduce' || k.kind === 'row' ? `${KIND_TITLE[k.kind]}${epilogue ? ' + epilogue' : ''}` : KIND_TITLE[k.kind];
  // Column statistics (plan.partials): what the matmul writes for which reductions, and back.
  const finishers = finishersOf(plan, k);
  const producer = plan.partials.get(k);
  const statsLines = [
    ...finishers.map((f) => `//   partial statistics of ${f.anchors.map((a) => env.label(a)).join(', ')} per row tile -> ${env.partialsOf(f)}`),
    ...(producer ? [`//   (reductions finished from the partial statistics of ${env.label(producer.anchors[0]!)}'s kernel in ${env.partialsOf(k)})`] : []),
  ];
  const watched = plan.watch ? k.members.filter((m) => plan.watch!.nodes.has(m)) : [];
  const marksLine = watched.length ? [`//   ${plan.watch!.buffer} := 1 where ${watched.map((m) => env.label(m)).join(', ')} ${watched.length > 1 ? 'hold' : 'holds'} NaN or ±Inf`] : [];
  const header = [
    `// kernel ${index} (${kindTitle}): ${k.members.map((m) => env.label(m)).join(', ')}`,
    ...nodes.map((n) => `//   ${members.has(n) ? '' : 'inline '}${describe(n)}`),
    ...statsLines,
    ...marksLine,
    env.dimsStruct,
    '@group(0) @binding(0) var<uniform> dims: Dims;',
    ...w.bindings.map(
      (b, i) =>
        `@group(0) @binding(${i + 1}) var<storage, ${b.access}> ${b.name}: array<${b.vec4 ? 'vec4<f32>' : b.dtype}>;`,
    ),
    ...w.wgVars,
    '',
    ...[...w.helpers],
  ].join('\n');
  const bindings: Binding[] = w.bindings.map((b) => ({ name: b.name, buffer: b.buffer, access: b.access }));
  return {
    name,
    implements: nodes.map((n) => env.label(n)),
    wgsl: `${header}\n${main}`,
    entryPoint: 'main',
    bindings,
    dispatch,
    // A subgroup condition needs the WGSL extension, enabled before any declaration.
    ...(variants ? { variants: variants.map((v) => ({ when: v.when, wgsl: `${'subgroupSize' in v.when ? 'enable subgroups;\n' : ''}${header}\n${v.main}`, dispatch: v.dispatch })) } : {}),
  };
}
