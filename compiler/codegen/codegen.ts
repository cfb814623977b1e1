// Program code generation. By default kernels are fused (passes/fuse.ts plans them, fused.ts emits
// them) and temporaries share buffers by liveness (passes/memory-plan.ts); `fuse: false` gives the
// reference form: one kernel per IR node that computes something. Either way leaves become
// buffers and reshapes alias their input's buffer.
import type { BufferSpec, CompiledModule, KernelSpec, ProgramSpec, TrainingSpec } from '../../runtime/program.js';
import { topoOrder, type Node } from '../ir/graph.js';
import { DEFAULT_FUSE_OPTIONS, planFusion, throughViews, type FusionPlan, type PlanKernel } from '../passes/fuse.js';
import { foldBatchNorm } from '../passes/fold-bn.js';
import { rewriteMoments } from '../passes/moments.js';
import { splitSums } from '../passes/split-sums.js';
import { flagMarkers, type FlagWatch } from '../passes/flag-markers.js';
import { planMemory, type TempUse } from '../passes/memory-plan.js';
import { emitKernel, partialWords, type EmitEnv } from './fused.js';
import { STAT_TILE } from './matmul-kernel.js';
import { opDef } from '../ir/ops/index.js';
import { f32Lit } from '../ir/ops/wgsl-literal.js';
import { formatType } from '../ir/printer.js';
import type { Dim } from '../ir/types.js';
import { elementwiseBody } from './elementwise-kernel.js';
import { dimExpr, productExpr } from './index-math.js';
import type { KernelContext } from './kernel-types.js';

export interface ForwardProgram {
  readonly outputs: readonly { readonly name: string; readonly node: Node }[];
}

/** A program's graph: the values it returns and the persistent buffers it overwrites. */
export interface ProgramGraph extends ForwardProgram {
  readonly updates?: readonly { readonly buffer: string; readonly node: Node }[];
}

export interface ModuleGraphs {
  readonly predict: ProgramGraph;
  readonly train_step?: ProgramGraph;
  readonly evaluate?: ProgramGraph;
  readonly training?: TrainingSpec;
}

const WG = 64;

function linearIndex(total: string): string {
  return `@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  if (i >= ${total}) { return; }`;
}

function isScalarConst(n: Node): n is Node & { op: 'const' } {
  return n.op === 'const' && n.attrs.values.length === 1;
}

function symbolsOf(nodes: readonly Node[]): string[] {
  const syms = new Set<string>();
  for (const n of nodes) for (const d of n.type.shape) if (typeof d === 'string') syms.add(d);
  return [...syms].sort();
}

/** A WGSL identifier for a buffer, prefixed by role so user names never clash with WGSL words. */
function wgslName(prefix: string, name: string): string {
  return `${prefix}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

export interface CodegenOptions {
  /** Fuse kernels (default true); false: one kernel per IR node, the unfused reference. */
  readonly fuse?: boolean;
  /** Share temp buffers between values whose lifetimes do not overlap (default true; fused only). */
  readonly reuseBuffers?: boolean;
  /** The storage-buffer budget of one kernel (default 8, WebGPU's guaranteed minimum). */
  readonly maxStorageBuffers?: number;
  /** Rewrite inference-mode BatchNorm into a scale and shift (passes/fold-bn.ts; default true; fused only). */
  readonly foldBatchNorm?: boolean;
  /** Rewrite mean((x - mean(x))^2) into variance(x) (passes/moments.ts; default true; fused only). */
  readonly moments?: boolean;
  /** Sum a large matrix by columns, then the column sums (passes/split-sums.ts; default true; fused only). */
  readonly splitSums?: boolean;
  /** Reductions over a matmul's rows as partial statistics in its epilogue (passes/fuse.ts 3b; default true). */
  readonly columnStats?: boolean;
  /** The divergence flag as marks in the kernels writing the new weights (passes/flag-markers.ts; default true; fused only). */
  readonly flagMarkers?: boolean;
}

export function generate(program: ForwardProgram, options: CodegenOptions = {}): CompiledModule {
  return generateModule({ predict: program }, options);
}

/** Generates every program of a module; programs share leaf buffers by name (weights, state). */
export function generateModule(graphs: ModuleGraphs, options: CodegenOptions = {}): CompiledModule {
  const named = (['predict', 'train_step', 'evaluate'] as const).flatMap((p) => (graphs[p] ? [[p, graphs[p]] as const] : []));
  const roots = named.flatMap(([, g]) => [...g.outputs.map((o) => o.node), ...(g.updates ?? []).map((u) => u.node)]);
  const symbols = symbolsOf(topoOrder(roots));
  const buffers = new Map<string, BufferSpec>();
  const kernels: KernelSpec[] = [];
  const programs: Record<string, ProgramSpec> = {};
  for (const [name, g] of named) {
    const prefix = name === 'predict' ? '' : `${name}.`;
    programs[name] =
      options.fuse === false
        ? emitProgram(prefix, g, symbols, buffers, kernels)
        : emitFusedProgram(prefix, g, symbols, buffers, kernels, options, graphs.training?.nonfinite);
  }
  return {
    symbols,
    buffers: [...buffers.values()],
    kernels,
    programs: programs as unknown as CompiledModule['programs'],
    ...(graphs.training ? { training: graphs.training } : {}),
  };
}

function addBuffer(buffers: Map<string, BufferSpec>, spec: BufferSpec): void {
  const prev = buffers.get(spec.name);
  if (!prev) buffers.set(spec.name, spec);
  else if (prev.role !== spec.role || prev.dtype !== spec.dtype || prev.shape.join() !== spec.shape.join()) {
    throw new Error(`internal: buffer '${spec.name}' is declared twice differently`);
  }
}

function dimsStructOf(symbols: readonly string[]): string {
  return symbols.length ? `struct Dims {\n${symbols.map((s) => `  ${s}: u32,`).join('\n')}\n}` : 'struct Dims {\n  unused: u32,\n}';
}

/** The fused form of a program: planned kernels, in-place updates, temps sharing buffers. */
function emitFusedProgram(
  prefix: string,
  program: ProgramGraph,
  symbols: readonly string[],
  bufferTable: Map<string, BufferSpec>,
  kernels: KernelSpec[],
  options: CodegenOptions,
  flag: string | undefined,
): ProgramSpec {
  // Graph rewrites before planning: each maps the program's roots to new roots of equal value.
  const rewrites: ((roots: readonly Node[]) => Node[])[] = [];
  if (options.foldBatchNorm !== false) rewrites.push((r) => foldBatchNorm(r).roots);
  if (options.moments !== false) rewrites.push((r) => rewriteMoments(r).roots);
  if (options.splitSums !== false) rewrites.push((r) => splitSums(r).roots);
  for (const rewrite of rewrites) {
    const before = [...program.outputs.map((o) => o.node), ...(program.updates ?? []).map((u) => u.node)];
    const after = rewrite(before);
    if (after.every((n, i) => n === before[i])) continue;
    const nOut = program.outputs.length;
    program = {
      outputs: program.outputs.map((o, i) => ({ name: o.name, node: after[i]! })),
      ...(program.updates ? { updates: program.updates.map((u, i) => ({ buffer: u.buffer, node: after[nOut + i]! })) } : {}),
    };
  }
  // Last, after the rewrites above (they rebuild the graph): the divergence flag's update becomes marks.
  let watch: FlagWatch | null = null;
  let updates = program.updates ?? [];
  if (flag && options.flagMarkers !== false) ({ updates, watch } = flagMarkers(updates, flag));
  const roots = [...program.outputs.map((o) => o.node), ...updates.map((u) => u.node)];
  const order = topoOrder([...roots, ...(watch?.nodes ?? [])]);
  const num = new Map<number, number>();
  order.forEach((n, k) => num.set(n.id, k));
  const plan: FusionPlan = planFusion(
    roots,
    updates,
    {
      ...DEFAULT_FUSE_OPTIONS,
      ...(options.maxStorageBuffers ? { maxStorageBuffers: options.maxStorageBuffers } : {}),
      ...(options.columnStats === false ? { columnStats: false } : {}),
    },
    watch,
  );
  const push = (b: BufferSpec) => addBuffer(bufferTable, b);
  // The flag is no longer read by the program's graph, but it is still its state buffer.
  if (watch) push({ name: watch.buffer, dtype: 'f32', shape: [], role: 'state' });

  // Leaves the program touches.
  const leafBuffer = new Map<Node, string>();
  for (const n of order) {
    if (n.op === 'input') {
      push({ name: n.attrs.name, dtype: n.type.dtype, shape: n.type.shape, role: 'input' });
      leafBuffer.set(n, n.attrs.name);
    } else if (n.op === 'param') {
      push({ name: n.attrs.name, dtype: n.type.dtype, shape: n.type.shape, role: n.attrs.trainable ? 'param' : 'state' });
      leafBuffer.set(n, n.attrs.name);
    } else if (n.op === 'const') {
      if (isScalarConst(n) && !updates.some((u) => u.node === n)) continue;
      const name = `${prefix}const_${num.get(n.id)}`;
      push({ name, dtype: n.type.dtype, shape: n.type.shape, role: 'const', data: n.attrs.values });
      leafBuffer.set(n, name);
    }
  }

  // Stored values: in place, or a temp (named after the node, then mapped to a shared slot).
  const tempOf = new Map<Node, string>();
  const index = new Map(plan.kernels.map((k, i) => [k, i]));
  const uses = new Map<string, { shape: readonly Dim[]; def: number; last: number }>();
  for (const k of plan.kernels) {
    for (const n of plan.stores.get(k) ?? []) {
      if (plan.inPlace.has(n)) continue;
      const name = `${prefix}t${num.get(n.id)}_${n.op}`;
      tempOf.set(n, name);
      uses.set(name, { shape: n.type.shape, def: index.get(k)!, last: index.get(k)! });
    }
  }
  for (const k of plan.kernels) {
    for (const [n] of plan.reads.get(k) ?? []) {
      const t = tempOf.get(n);
      if (t) uses.get(t)!.last = Math.max(uses.get(t)!.last, index.get(k)!);
    }
  }
  // Partial column statistics (plan.partials): [tiles, words, columns], one tile per STAT_TILE
  // rows; a symbolic row count (the batch) cannot be divided in a shape, so there one per row.
  const partialsOf = new Map<PlanKernel, string>();
  for (const [finish, producer] of plan.partials) {
    const mm = producer.anchors[0]!;
    const words = partialWords(finish);
    const name = `${prefix}t${num.get(finish.anchors[0]!.id)}_partials`;
    partialsOf.set(finish, name);
    const rows = mm.type.shape[0]!;
    const tiles = typeof rows === 'number' ? Math.ceil(rows / STAT_TILE) : rows;
    uses.set(name, { shape: [tiles, words, ...mm.type.shape.slice(1)], def: index.get(producer)!, last: index.get(finish)! });
  }
  for (const r of roots) {
    const t = tempOf.get(throughViews(r));
    if (t) uses.get(t)!.last = Infinity;
  }
  // Program outputs keep buffers of their own: the runner reads an output's shape from its buffer.
  const ownBuffers = new Set(program.outputs.map((o) => tempOf.get(throughViews(o.node))).filter((t) => t !== undefined));
  // Values of the weights alone (BatchNorm's folded scale and shift, say) keep buffers of their
  // own too: the runtime computes them again only when a weight they read has changed.
  const written = new Set(updates.map((u) => u.buffer));
  for (const k of plan.kernels) {
    const reads = [...(plan.reads.get(k) ?? new Map()).keys()];
    const weightOnly = reads.length > 0 && reads.every((n) => (n.op === 'param' && !written.has(n.attrs.name)) || n.op === 'const');
    if (!weightOnly || plan.partials.has(k)) continue;
    for (const n of plan.stores.get(k) ?? []) {
      const t = tempOf.get(n);
      if (t && n.type.shape.every((d) => typeof d === 'number')) ownBuffers.add(t);
    }
  }
  const temps: TempUse[] = [...uses].filter(([name]) => !ownBuffers.has(name)).map(([name, u]) => ({ name, ...u }));
  const reuse = options.reuseBuffers !== false;
  const memory = reuse ? planMemory(temps, `${prefix}buf`) : null;
  for (const [name, u] of uses) if (!memory || ownBuffers.has(name)) push({ name, dtype: 'f32', shape: u.shape, role: 'temp' });
  if (memory) for (const s of memory.slots) push({ name: s.name, dtype: 'f32', shape: s.shape, role: 'temp' });

  const bufferOf = (n0: Node): string => {
    const n = throughViews(n0);
    const leaf = leafBuffer.get(n);
    if (leaf) return leaf;
    const inPlace = plan.inPlace.get(n);
    if (inPlace) return inPlace;
    const t = tempOf.get(n);
    if (!t) throw new Error(`internal: ${n.op} %${num.get(n.id)} has no buffer`);
    return memory?.slotOf.get(t) ?? t;
  };
  const env: EmitEnv = {
    bufferOf,
    label: (n) => `%${num.get(n.id)}`,
    dimsStruct: dimsStructOf(symbols),
    inPlace: plan.inPlace,
    partialsOf: (k) => {
      const t = partialsOf.get(k);
      if (!t) throw new Error('internal: a finishing kernel has no partials buffer');
      return memory?.slotOf.get(t) ?? t;
    },
  };
  const steps: number[] = [];
  for (const k of plan.kernels) {
    const i = kernels.length;
    const spec = emitKernel(env, plan, k, i, `${prefix}k${i}_${k.kind === 'ew' ? 'elementwise' : k.anchors[0]!.op}`);
    steps.push(i);
    kernels.push(spec);
  }

  const inputs = order.filter((n) => n.op === 'input').map((n) => ({ name: (n.attrs as { name: string }).name, buffer: leafBuffer.get(n)! }));
  const outputs = program.outputs.map((o) => {
    if (isScalarConst(o.node)) throw new Error(`output '${o.name}' is a constant; constant outputs are not supported`);
    return { name: o.name, buffer: bufferOf(o.node) };
  });
  const targets = new Set(updates.map((u) => u.buffer));
  const copies = updates.flatMap((u) => {
    const from = bufferOf(u.node);
    if (from === u.buffer) return [];
    if (targets.has(from)) throw new Error(`internal: update of '${u.buffer}' reads '${from}', which the same program overwrites`);
    return [{ from, to: u.buffer }];
  });
  return { inputs, outputs, steps, ...(copies.length ? { updates: copies } : {}) };
}

function emitProgram(
  prefix: string,
  program: ProgramGraph,
  symbols: readonly string[],
  bufferTable: Map<string, BufferSpec>,
  kernels: KernelSpec[],
): ProgramSpec {
  const updates = program.updates ?? [];
  const order = topoOrder([...program.outputs.map((o) => o.node), ...updates.map((u) => u.node)]);
  const bufferOf = new Map<number, string>();
  const steps: number[] = [];
  const num = new Map<number, number>();
  order.forEach((n, k) => num.set(n.id, k));
  const label = (n: Node) => `%${num.get(n.id)}`;
  const buffers = { push: (b: BufferSpec) => addBuffer(bufferTable, b) };
  const dimsStruct = dimsStructOf(symbols);

  for (const n of order) {
    const def = opDef(n.op);
    if (n.op === 'input') {
      buffers.push({ name: n.attrs.name, dtype: n.type.dtype, shape: n.type.shape, role: 'input' });
      bufferOf.set(n.id, n.attrs.name);
      continue;
    }
    if (n.op === 'param') {
      buffers.push({ name: n.attrs.name, dtype: n.type.dtype, shape: n.type.shape, role: n.attrs.trainable ? 'param' : 'state' });
      bufferOf.set(n.id, n.attrs.name);
      continue;
    }
    if (n.op === 'const') {
      // Scalars are inlined where used, unless a program writes one into a persistent buffer.
      if (isScalarConst(n) && !updates.some((u) => u.node === n)) continue;
      const name = `${prefix}const_${num.get(n.id)}`;
      buffers.push({ name, dtype: n.type.dtype, shape: n.type.shape, role: 'const', data: n.attrs.values });
      bufferOf.set(n.id, name);
      continue;
    }
    if (def.wgsl.kind === 'view') {
      bufferOf.set(n.id, bufferOf.get(n.inputs[0]!.id)!);
      continue;
    }
    const out = `${prefix}t${num.get(n.id)}_${n.op}`;
    buffers.push({ name: out, dtype: n.type.dtype, shape: n.type.shape, role: 'temp' });
    bufferOf.set(n.id, out);

    // Bindings: each distinct input buffer once, then the output.
    const bindings: { name: string; buffer: string; access: 'read' | 'read_write' }[] = [];
    const dtypeOf = new Map<string, string>([[out, n.type.dtype]]);
    const varOf = new Map<string, string>();
    for (const x of n.inputs) {
      if (isScalarConst(x)) continue;
      const buf = bufferOf.get(x.id)!;
      if (!varOf.has(buf)) {
        const v = wgslName(x.op === 'param' ? 'p' : x.op === 'input' ? 'in' : 'v', buf);
        varOf.set(buf, v);
        bindings.push({ name: v, buffer: buf, access: 'read' });
        dtypeOf.set(buf, x.type.dtype);
      }
    }
    const outVar = 'out';
    bindings.push({ name: outVar, buffer: out, access: 'read_write' });

    let body: string;
    let dispatch: KernelSpec['dispatch'];
    if (def.wgsl.kind === 'elementwise') {
      const form = def.wgsl as { expr(args: readonly string[], attrs: unknown): string };
      const operands = n.inputs.map((x) =>
        isScalarConst(x)
          ? ({ kind: 'literal', text: f32Lit(x.attrs.values[0]!) } as const)
          : ({ kind: 'buffer', name: varOf.get(bufferOf.get(x.id)!)! } as const),
      );
      body = elementwiseBody(n, operands, outVar, (args) => form.expr(args, n.attrs), linearIndex);
      dispatch = { kind: 'linear', threads: n.type.shape, workgroupSize: WG };
    } else if (def.wgsl.kind === 'kernel') {
      if (n.inputs.some(isScalarConst)) {
        throw new Error(`internal: kernel op '${n.op}' got an inlined scalar operand`);
      }
      const ctx: KernelContext = {
        node: n,
        inputs: n.inputs.map((x) => varOf.get(bufferOf.get(x.id)!)!),
        output: outVar,
        dim: (d: Dim) => dimExpr(d),
        size: (s: readonly Dim[]) => productExpr(s),
        linearIndex,
      };
      ({ body, dispatch } = def.wgsl.emit(ctx));
    } else {
      throw new Error(`internal: op '${n.op}' has no kernel form`);
    }

    const header = [
      `// kernel ${kernels.length}: ${label(n)} = ${n.op}(${n.inputs.map(label).join(', ')}) : ${formatType(n.type)}`,
      dimsStruct,
      '@group(0) @binding(0) var<uniform> dims: Dims;',
      ...bindings.map(
        (b, k) =>
          `@group(0) @binding(${k + 1}) var<storage, ${b.access}> ${b.name}: array<${dtypeOf.get(b.buffer)}>;`,
      ),
      '',
    ].join('\n');
    steps.push(kernels.length);
    kernels.push({
      name: `${prefix}k${kernels.length}_${n.op}`,
      implements: [label(n)],
      wgsl: `${header}\n${body}`,
      entryPoint: 'main',
      bindings,
      dispatch,
    });
  }

  const inputs = order.filter((n) => n.op === 'input').map((n) => ({ name: (n.attrs as { name: string }).name, buffer: bufferOf.get(n.id)! }));
  const outputs = program.outputs.map((o) => {
    if (isScalarConst(o.node)) throw new Error(`output '${o.name}' is a constant; constant outputs are not supported`);
    return { name: o.name, buffer: bufferOf.get(o.node.id)! };
  });
  const targets = new Set(updates.map((u) => u.buffer));
  const copies = updates.flatMap((u) => {
    const from = bufferOf.get(u.node.id)!;
    if (from === u.buffer) return [];
    // Copies run in order after every kernel: a source that is itself overwritten would be read late.
    if (targets.has(from)) throw new Error(`internal: update of '${u.buffer}' reads '${from}', which the same program overwrites`);
    return [{ from, to: u.buffer }];
  });
  return { inputs, outputs, steps, ...(copies.length ? { updates: copies } : {}) };
}
