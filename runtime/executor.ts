// Runs a CompiledModule on a GPUDevice.
//
// Conventions the compiler's codegen follows (the runtime relies on them exactly):
//
// - Every kernel's WGSL declares the symbol uniform, one u32 field per entry of `mod.symbols`, in
//   order (or a single `unused: u32` when there are none), at group 0 binding 0:
//       struct Dims { N: u32, M: u32 }
//       @group(0) @binding(0) var<uniform> dims: Dims;
//   The runtime binds it to every kernel, used or not (bind group layouts are explicit).
// - `kernel.bindings[i]` is `@group(0) @binding(i + 1)`, a storage buffer declared
//   `var<storage, read>` for access 'read' and `var<storage, read_write>` for 'read_write'.
//   Each is bound with exactly the buffer's current byte size, so `arrayLength` is the element count.
//   A buffer may appear in several bindings of one kernel only if none of them is read_write.
// - `linear` dispatch: T = product(threads) invocations, W = ceil(T / workgroupSize) workgroups,
//   launched as x = min(W, maxComputeWorkgroupsPerDimension), y = ceil(W / x), z = 1; skipped when
//   T == 0. The kernel declares `@workgroup_size(WG)` and computes its index as
//   `let i = gid.x + gid.y * (nwg.x * WG);` (gid = global_invocation_id, nwg = num_workgroups)
//   and returns when `i >= T`.
// - `grid` dispatch: ceil(product(x.dims) / x.per) x ceil(product(y.dims) / y.per) x
//   ceil(product(z.dims) / z.per) workgroups; skipped when any is 0.
// - Buffers: one GPUBuffer per BufferSpec, 4 bytes per element (f32 or i32), at least 4 bytes.
//   param/state/const buffers live as long as the runner (const ones are uploaded from `data` at
//   creation); input/temp buffers are sized from the symbols bound by a run's input shapes. They
//   grow when a run needs more and are kept otherwise, so alternating batch sizes (the short last
//   batch of an epoch) does not reallocate. Bind groups are cached per symbol binding.
// - Inputs may instead be gathered on the device (`run`'s `gathered` argument): rows of a data set
//   already in device memory, picked by a u32 index buffer, copied into the input buffer by a small
//   gather kernel dispatched first in the same pass (still one submit per run).
// - One run = one command encoder, one compute pass with every dispatch of the program in order,
//   the copies of the outputs to staging buffers, and one queue.submit. Everything up to the
//   submit is synchronous, so overlapping runs are ordered by the queue.

import { bindingKey, bindSymbols, formatShape, resolveShape } from './shapes.js';
import { compileKernels, pick, type CompiledKernel } from './pipelines.js';
import { linearWorkgroups, workgroupsFor, type WorkgroupCount } from './dispatch.js';
import { validateModule } from './validate.js';
import { persistentWrites, weightOnlySteps, type WeightOnlyStep } from './weight-cache.js';
import type { BufferSpec, CompiledModule, DType, ProgramSpec } from './program.js';
import { sizeOf } from './program.js';

// GPUBufferUsage / GPUMapMode bits as numbers: the runner then works on a device from any source,
// without relying on the globals being installed.
const MAP_READ = 0x1;
const COPY_SRC = 0x4;
const COPY_DST = 0x8;
const UNIFORM = 0x40;
const STORAGE = 0x80;
const MAP_MODE_READ = 0x1;

export type TensorData = Float32Array | Int32Array;
export interface TensorInput {
  readonly data: TensorData;
  readonly shape: readonly number[];
}
export interface TensorOutput {
  data: TensorData;
  shape: number[];
}
export type ProgramName = keyof CompiledModule['programs'];

/**
 * An input gathered on the device instead of uploaded: rows `index[offset], index[offset + 1], ...`
 * of a data set already in device memory (row-major, 4 bytes per element, f32 or i32 as the input's
 * dtype). `shape` is the gathered batch's shape, [rows, ...row shape]; `index` holds u32 row numbers,
 * typically an epoch's shuffled order uploaded once.
 */
export interface GatheredInput {
  readonly shape: readonly number[];
  readonly source: GPUBuffer;
  readonly index: GPUBuffer;
  readonly offset: number;
}

const GATHER_WG = 64;
const GATHER_WGSL = `// Gathers rows of a resident data set into a program input: dst[r, e] = src[index[offset + r], e].
struct Params { elements: u32, row: u32, offset: u32, unused: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> src: array<u32>;
@group(0) @binding(2) var<storage, read> index: array<u32>;
@group(0) @binding(3) var<storage, read_write> dst: array<u32>;
@compute @workgroup_size(${GATHER_WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${GATHER_WG}u;
  if (i >= p.elements) { return; }
  let r = i / p.row;
  dst[i] = src[index[p.offset + r] * p.row + i % p.row];
}
`;

const BIND_GROUP_CACHE_LIMIT = 16;

function sameValues(a: Uint32Array | null, b: Uint32Array): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function byteSize(elements: number): number {
  return Math.max(4, elements * 4);
}

function typedName(data: TensorData): string {
  return data instanceof Float32Array ? 'Float32Array' : 'Int32Array';
}

function expectedArray(dtype: DType): string {
  return dtype === 'f32' ? 'Float32Array' : 'Int32Array';
}

function isTensorData(data: unknown): data is TensorData {
  return data instanceof Float32Array || data instanceof Int32Array;
}

function checkDtype(what: string, dtype: DType, data: unknown): void {
  if (!isTensorData(data)) throw new Error(`${what} must be a Float32Array or Int32Array`);
  if (typedName(data) !== expectedArray(dtype)) {
    throw new Error(`${what} is ${dtype}: pass a ${expectedArray(dtype)}, not a ${typedName(data)}`);
  }
}

function fromBytes(dtype: DType, bytes: ArrayBuffer): TensorData {
  return dtype === 'f32' ? new Float32Array(bytes) : new Int32Array(bytes);
}

interface Transient {
  buffer: GPUBuffer;
  capacity: number;
}

/** What a program needs at one binding of its symbols, worked out once (run() is on the latency path). */
interface Plan {
  readonly used: ReadonlySet<string>;
  readonly sizes: ReadonlyMap<string, number>;
  readonly counts: readonly (WorkgroupCount | null)[];
  /** Each step's pipeline: the kernel's own, or the variant its bindings select. */
  readonly pipelines: readonly GPUComputePipeline[];
  readonly outputs: readonly { readonly name: string; readonly spec: BufferSpec; readonly shape: number[]; readonly n: number }[];
  readonly dims: Uint32Array;
}

/** A mappable buffer that outputs are copied into; reused across runs once read. */
interface Staging {
  readonly buffer: GPUBuffer;
  readonly bytes: number;
}

/** What a weight-only step last ran with: its reads' versions, its output buffers, its workgroups. */
interface RanWith {
  readonly versions: readonly number[];
  readonly outputs: readonly GPUBuffer[];
  readonly count: WorkgroupCount;
}

/** Free staging buffers kept per size: enough for a few outputs read at once. */
const STAGING_POOL_PER_SIZE = 4;

export class ModuleRunner {
  private readonly specs: Map<string, BufferSpec>;
  private readonly persistent = new Map<string, GPUBuffer>();
  private readonly transient = new Map<string, Transient>();
  private readonly bindGroups = new Map<string, (GPUBindGroup | undefined)[]>();
  private readonly dims: GPUBuffer;
  private lastBindings: ReadonlyMap<string, number> | undefined;
  /** The symbol values last written to the dims uniform (queued writes land in order). */
  private dimsWritten: Uint32Array | null = null;
  private readonly plans = new Map<string, Plan>();
  private readonly stagingPool = new Map<number, GPUBuffer[]>();
  private destroyed = false;
  /** Per persistent buffer, a count of the writes to it (weight-cache.ts). */
  private readonly versions = new Map<string, number>();
  /** Per program, its weight-only steps and the persistent buffers it writes. */
  private readonly weightOnly = new Map<ProgramName, { readonly steps: readonly WeightOnlyStep[]; readonly writes: readonly string[] }>();
  /** Per program and weight-only step: what it last ran with. */
  private readonly ranWith = new Map<string, RanWith>();
  private gatherPipeline: GPUComputePipeline | undefined;
  private readonly gathers = new Map<
    string,
    { readonly params: GPUBuffer; readonly groups: Map<number, GPUBindGroup>; source: GPUBuffer | null; index: GPUBuffer | null; dst: GPUBuffer | null }
  >();

  private constructor(
    readonly device: GPUDevice,
    readonly module: CompiledModule,
    private readonly kernels: readonly CompiledKernel[],
  ) {
    this.specs = new Map(module.buffers.map((b) => [b.name, b]));
    this.dims = device.createBuffer({
      label: 'dims',
      size: Math.max(16, Math.ceil((module.symbols.length * 4) / 16) * 16),
      usage: UNIFORM | COPY_DST,
    });
    try {
      for (const spec of module.buffers) {
        if (spec.role === 'input' || spec.role === 'temp') continue;
        const buffer = this.allocate(spec, sizeOf(spec.shape, new Map()));
        this.persistent.set(spec.name, buffer);
        if (spec.role === 'const' && spec.data && spec.data.length > 0) {
          const data = spec.dtype === 'f32' ? Float32Array.from(spec.data) : Int32Array.from(spec.data);
          device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
        }
      }
    } catch (e) {
      this.destroy(); // a buffer over the device's limits: free the ones already made
      throw e;
    }
  }

  /** Validates the module, compiles every pipeline in parallel, and creates the persistent buffers. */
  static async create(device: GPUDevice, mod: CompiledModule): Promise<ModuleRunner> {
    validateModule(mod, device.limits);
    const kernels = await compileKernels(device, mod.kernels);
    return new ModuleRunner(device, mod, kernels);
  }

  /** Overwrites a param or state tensor (row-major). */
  setTensor(bufferName: string, data: TensorData): void {
    this.checkAlive();
    const spec = this.spec(bufferName);
    if (spec.role !== 'param' && spec.role !== 'state') {
      throw new Error(`setTensor: '${bufferName}' is a ${spec.role} buffer; only param and state tensors can be set`);
    }
    checkDtype(`tensor '${bufferName}'`, spec.dtype, data);
    const n = sizeOf(spec.shape, new Map());
    if (data.length !== n) {
      throw new Error(`setTensor: '${bufferName}' has shape ${formatShape(spec.shape)} (${n} values), got ${data.length} values`);
    }
    const buffer = this.persistent.get(bufferName) as GPUBuffer;
    if (n > 0) this.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    this.bump(bufferName);
  }

  private bump(name: string): void {
    this.versions.set(name, (this.versions.get(name) ?? 0) + 1);
  }

  /** `program`'s weight-only steps and the persistent buffers it writes, worked out once. */
  private weightOnlyOf(program: ProgramName, prog: ProgramSpec): { readonly steps: readonly WeightOnlyStep[]; readonly writes: readonly string[] } {
    let info = this.weightOnly.get(program);
    if (!info) this.weightOnly.set(program, (info = { steps: weightOnlySteps(this.module, prog), writes: persistentWrites(this.module, prog) }));
    return info;
  }

  /** Weight-only steps of `program` whose kept results are still valid for this run's counts. */
  private upToDate(program: ProgramName, steps: readonly WeightOnlyStep[], counts: readonly (WorkgroupCount | null)[]): Set<number> {
    const skip = new Set<number>();
    for (const w of steps) {
      const last = this.ranWith.get(`${String(program)}:${w.step}`);
      const count = counts[w.step];
      if (!last || !count || last.count.some((c, i) => c !== count[i])) continue;
      if (w.reads.some((r, i) => (this.versions.get(r) ?? 0) !== last.versions[i])) continue;
      if (w.writes.some((b, i) => this.buffer(b) !== last.outputs[i])) continue;
      skip.add(w.step);
    }
    return skip;
  }

  /** Reads any buffer back; input/temp buffers hold what the last run left there. */
  async readTensor(bufferName: string): Promise<TensorData> {
    this.checkAlive();
    const spec = this.spec(bufferName);
    let buffer = this.persistent.get(bufferName);
    let n: number;
    if (buffer) n = sizeOf(spec.shape, new Map());
    else {
      buffer = this.transient.get(bufferName)?.buffer;
      if (!buffer || !this.lastBindings) throw new Error(`readTensor: '${bufferName}' holds nothing before a run uses it`);
      n = sizeOf(spec.shape, this.lastBindings);
    }
    const encoder = this.device.createCommandEncoder({ label: `read ${bufferName}` });
    const staging = this.stage(encoder, buffer, n);
    this.device.queue.submit([encoder.finish()]);
    return this.readStaging(staging, spec.dtype, n);
  }

  /** Runs a program: binds the symbols from the input shapes, dispatches every step, reads outputs. */
  async run(
    program: ProgramName,
    inputs: Readonly<Record<string, TensorInput>>,
    gathered: Readonly<Record<string, GatheredInput>> = {},
  ): Promise<Record<string, TensorOutput>> {
    this.checkAlive();
    const prog = this.module.programs[program];
    if (!prog) throw new Error(`the module has no program '${String(program)}'`);

    // Everything that can fail on the CPU side happens before any GPU call.
    const expected = prog.inputs.map((i) => i.name);
    const unknown = Object.keys(inputs).filter((k) => !expected.includes(k));
    if (unknown.length > 0) {
      throw new Error(`unknown input${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')}; '${program}' takes ${expected.map((e) => `'${e}'`).join(', ')}`);
    }
    for (const g of Object.keys(gathered)) {
      if (!expected.includes(g)) throw new Error(`unknown gathered input '${g}'; '${program}' takes ${expected.map((e) => `'${e}'`).join(', ')}`);
      if (inputs[g]) throw new Error(`input '${g}' is given both as data and as a gathered input`);
    }
    const gatheredInputs = prog.inputs.flatMap((io) => {
      const g = gathered[io.name];
      return g ? [{ name: io.name, expected: this.spec(io.buffer).shape, actual: g.shape, buffer: io.buffer, gather: g }] : [];
    });
    const shaped = prog.inputs.filter((io) => !gathered[io.name]).map((io) => {
      const given = inputs[io.name];
      if (!given) throw new Error(`missing input '${io.name}'`);
      const spec = this.spec(io.buffer);
      checkDtype(`input '${io.name}'`, spec.dtype, given.data);
      const n = given.shape.reduce((p, d) => p * d, 1);
      if (given.data.length !== n) {
        throw new Error(`input '${io.name}' has shape ${formatShape(given.shape)} (${n} values) but ${given.data.length} values`);
      }
      return { name: io.name, expected: spec.shape, actual: given.shape, buffer: io.buffer, data: given.data };
    });
    const bindings = bindSymbols([...shaped, ...gatheredInputs]);
    const key = bindingKey(this.module.symbols, bindings);
    // Gathered inputs make their own bind groups: a run that gathers is a plan of its own.
    const planKey = `${String(program)}|${key}|${gatheredInputs.map((g) => g.name).join(',')}`;
    const cached = this.plans.get(planKey);
    const plan = cached ?? this.plan(program, prog, bindings);

    const device = this.device;
    // Errors the device can raise here are decided by the pipelines, bind groups, dispatch sizes
    // and allocations, all fixed per plan: a plan that ran cleanly once, with no new allocation,
    // runs without error scopes (two fewer round trips to the device per run).
    const allocates = this.needsTransient(plan);
    const scoped = !cached || allocates;
    if (scoped) {
      device.pushErrorScope('out-of-memory');
      device.pushErrorScope('validation');
    }
    let staged: Staging[] = [];
    let thrown: { error: unknown } | undefined;
    let skip = new Set<number>();
    let ran: [string, RanWith][] = [];
    try {
      if (allocates) this.ensureTransient(plan.used, plan.sizes);
      const info = this.weightOnlyOf(program, prog);
      skip = this.upToDate(program, info.steps, plan.counts);
      // What the weight-only steps that run now run with (taken before any later write).
      ran = info.steps.flatMap((w) => {
        const count = plan.counts[w.step];
        if (skip.has(w.step) || !count) return [];
        const entry: RanWith = { versions: w.reads.map((r) => this.versions.get(r) ?? 0), outputs: w.writes.map((b) => this.buffer(b)), count };
        return [[`${String(program)}:${w.step}`, entry]];
      });
      // The symbol values change with the batch size only: most runs skip this write.
      if (!sameValues(this.dimsWritten, plan.dims)) {
        device.queue.writeBuffer(this.dims, 0, plan.dims);
        this.dimsWritten = plan.dims;
      }
      for (const inp of shaped) {
        if (inp.data.length === 0) continue;
        device.queue.writeBuffer(this.buffer(inp.buffer), 0, inp.data.buffer, inp.data.byteOffset, inp.data.byteLength);
      }
      const encoder = device.createCommandEncoder({ label: String(program) });
      const pass = encoder.beginComputePass({ label: String(program) });
      for (const g of gatheredInputs) this.encodeGather(pass, g.name, g.gather, this.buffer(g.buffer), plan.sizes.get(g.buffer) as number);
      for (let i = 0; i < prog.steps.length; i++) {
        const wg = plan.counts[i];
        if (!wg || skip.has(i)) continue;
        pass.setPipeline(plan.pipelines[i]!);
        pass.setBindGroup(0, this.bindGroup(key, prog.steps[i]!, plan.sizes));
        pass.dispatchWorkgroups(wg[0], wg[1], wg[2]);
      }
      pass.end();
      for (const u of prog.updates ?? []) {
        const bytes = 4 * (plan.sizes.get(u.to) as number);
        if (bytes > 0) encoder.copyBufferToBuffer(this.buffer(u.from), 0, this.buffer(u.to), 0, bytes);
      }
      staged = plan.outputs.map((o) => this.stage(encoder, this.buffer(o.spec.name), o.n));
      device.queue.submit([encoder.finish()]);
      for (const b of info.writes) this.bump(b);
      this.lastBindings = bindings;
    } catch (error) {
      thrown = { error };
    }
    if (scoped) {
      // Pop in reverse order of the pushes, also when a CPU-side error escaped the block above.
      const validation = device.popErrorScope();
      const oom = device.popErrorScope();
      const gpuError = thrown ? null : ((await validation) ?? (await oom));
      if (gpuError) thrown = { error: new Error(`running '${program}' failed on the device: ${gpuError.message.trim()}`) };
      else if (!thrown && !cached) this.plans.set(planKey, plan);
    }
    // Weight-only steps that ran, and succeeded, stay valid until a weight they read changes.
    for (const [key, entry] of ran) {
      if (thrown) this.ranWith.delete(key);
      else this.ranWith.set(key, entry);
    }
    if (thrown) {
      for (const st of staged) st.buffer.destroy();
      throw thrown.error;
    }
    const outputs = plan.outputs;
    const data = await Promise.all(outputs.map((out, i) => this.readStaging(staged[i] as Staging, out.spec.dtype, out.n)));
    const result: Record<string, TensorOutput> = {};
    outputs.forEach((out, i) => {
      result[out.name] = { data: data[i] as TensorData, shape: out.shape };
    });
    return result;
  }

  /** The sizes, workgroup counts and outputs of `program` at `bindings` (errors name the buffer or kernel). */
  private plan(program: ProgramName, prog: NonNullable<CompiledModule['programs'][ProgramName]>, bindings: ReadonlyMap<string, number>): Plan {
    const used = new Set<string>([...prog.inputs, ...prog.outputs].map((io) => io.buffer));
    for (const u of prog.updates ?? []) used.add(u.from).add(u.to);
    for (const s of prog.steps) for (const b of (this.kernels[s] as CompiledKernel).spec.bindings) used.add(b.buffer);
    const sizes = new Map<string, number>();
    for (const name of used) {
      const spec = this.spec(name);
      try {
        sizes.set(name, sizeOf(spec.shape, bindings));
      } catch {
        throw new Error(`buffer '${name}' has shape ${formatShape(spec.shape)}, whose symbols the inputs of '${program}' do not all bind`);
      }
    }
    const picked = prog.steps.map((s) => pick(this.kernels[s] as CompiledKernel, bindings));
    const counts = prog.steps.map((s, i) => {
      const k = (this.kernels[s] as CompiledKernel).spec;
      try {
        return workgroupsFor(picked[i]!.dispatch, bindings, this.device.limits.maxComputeWorkgroupsPerDimension);
      } catch (e) {
        throw new Error(`kernel '${k.name}': ${e instanceof Error ? e.message : String(e)}`);
      }
    });
    const outputs = prog.outputs.map((io) => {
      const spec = this.spec(io.buffer);
      return { name: io.name, spec, shape: resolveShape(spec.shape, bindings), n: sizes.get(io.buffer) as number };
    });
    if (this.plans.size >= BIND_GROUP_CACHE_LIMIT) this.plans.clear();
    return { used, sizes, counts, pipelines: picked.map((p) => p.pipeline), outputs, dims: Uint32Array.from(this.module.symbols, (s) => bindings.get(s) ?? 0) };
  }

  /** True when a temp or input buffer of `plan` must be (re)allocated first. */
  private needsTransient(plan: Plan): boolean {
    for (const name of plan.used) {
      const role = this.spec(name).role;
      if (role !== 'input' && role !== 'temp') continue;
      const have = this.transient.get(name);
      if (!have || have.capacity < byteSize(plan.sizes.get(name) as number)) return true;
    }
    return false;
  }

  /** Encodes the gather of `elements` values of input `name` into its buffer (same pass as the program). */
  private encodeGather(pass: GPUComputePassEncoder, name: string, g: GatheredInput, dst: GPUBuffer, elements: number): void {
    if (elements === 0) return;
    const row = g.shape.slice(1).reduce((a, d) => a * d, 1);
    const device = this.device;
    this.gatherPipeline ??= device.createComputePipeline({
      label: 'gather rows',
      layout: 'auto',
      compute: { module: device.createShaderModule({ label: 'gather rows', code: GATHER_WGSL }), entryPoint: 'main' },
    });
    let cache = this.gathers.get(name);
    if (!cache) {
      cache = { params: device.createBuffer({ label: `gather ${name}`, size: 16, usage: UNIFORM | COPY_DST }), groups: new Map(), source: null, index: null, dst: null };
      this.gathers.set(name, cache);
    }
    device.queue.writeBuffer(cache.params, 0, Uint32Array.of(elements, Math.max(row, 1), g.offset, 0));
    // Bind groups per batch size, made again only when a buffer changes (the offset travels in
    // the uniform), so a training run makes none per step.
    if (cache.source !== g.source || cache.index !== g.index || cache.dst !== dst) {
      cache.groups.clear();
      Object.assign(cache, { source: g.source, index: g.index, dst });
    }
    let group = cache.groups.get(elements);
    if (!group) {
      group = device.createBindGroup({
        label: `gather ${name}`,
        layout: this.gatherPipeline.getBindGroupLayout(0),
        entries: [
          { binding: 0, resource: { buffer: cache.params } },
          { binding: 1, resource: { buffer: g.source } },
          { binding: 2, resource: { buffer: g.index } },
          { binding: 3, resource: { buffer: dst, offset: 0, size: byteSize(elements) } },
        ],
      });
      cache.groups.set(elements, group);
    }
    const wg = linearWorkgroups(elements, GATHER_WG, device.limits.maxComputeWorkgroupsPerDimension)!;
    pass.setPipeline(this.gatherPipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(wg[0], wg[1], wg[2]);
  }

  /** Frees every buffer. The device stays the caller's to destroy. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const pool of this.stagingPool.values()) for (const b of pool) b.destroy();
    this.stagingPool.clear();
    for (const g of this.gathers.values()) g.params.destroy();
    this.gathers.clear();
    for (const b of this.persistent.values()) b.destroy();
    for (const t of this.transient.values()) t.buffer.destroy();
    this.dims.destroy();
    this.persistent.clear();
    this.transient.clear();
    this.bindGroups.clear();
  }

  private checkAlive(): void {
    if (this.destroyed) throw new Error('this ModuleRunner was destroyed');
  }

  private spec(name: string): BufferSpec {
    const s = this.specs.get(name);
    if (!s) throw new Error(`the module has no buffer '${name}'`);
    return s;
  }

  private buffer(name: string): GPUBuffer {
    const b = this.persistent.get(name) ?? this.transient.get(name)?.buffer;
    if (!b) throw new Error(`buffer '${name}' is not allocated`);
    return b;
  }

  private allocate(spec: BufferSpec, elements: number): GPUBuffer {
    const size = byteSize(elements);
    const limits = this.device.limits;
    if (size > limits.maxBufferSize || size > limits.maxStorageBufferBindingSize) {
      throw new Error(
        `buffer '${spec.name}' needs ${size} bytes, more than this device allows (maxBufferSize ${limits.maxBufferSize}, maxStorageBufferBindingSize ${limits.maxStorageBufferBindingSize})`,
      );
    }
    return this.device.createBuffer({ label: spec.name, size, usage: STORAGE | COPY_SRC | COPY_DST });
  }

  /** Grows input/temp buffers that are too small for this run; drops bind groups if any moved. */
  private ensureTransient(used: ReadonlySet<string>, sizes: ReadonlyMap<string, number>): void {
    for (const name of used) {
      const spec = this.spec(name);
      if (spec.role !== 'input' && spec.role !== 'temp') continue;
      const need = byteSize(sizes.get(name) as number);
      const have = this.transient.get(name);
      if (have && have.capacity >= need) continue;
      // Cached bind groups may point at the buffer being replaced.
      this.bindGroups.clear();
      const buffer = this.allocate(spec, sizes.get(name) as number);
      have?.buffer.destroy();
      this.transient.set(name, { buffer, capacity: need });
    }
    if (this.bindGroups.size >= BIND_GROUP_CACHE_LIMIT) this.bindGroups.clear();
  }

  private bindGroup(key: string, kernelIndex: number, sizes: ReadonlyMap<string, number>): GPUBindGroup {
    let groups = this.bindGroups.get(key);
    if (!groups) this.bindGroups.set(key, (groups = []));
    const cached = groups[kernelIndex];
    if (cached) return cached;
    const k = this.kernels[kernelIndex] as CompiledKernel;
    const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: this.dims } }];
    k.spec.bindings.forEach((b, i) => {
      entries.push({ binding: i + 1, resource: { buffer: this.buffer(b.buffer), offset: 0, size: byteSize(sizes.get(b.buffer) as number) } });
    });
    const group = this.device.createBindGroup({ label: k.spec.name, layout: k.layout, entries });
    groups[kernelIndex] = group;
    return group;
  }

  /** Encodes a copy of the first `elements` values of `buffer` into a mappable buffer (pooled). */
  private stage(encoder: GPUCommandEncoder, buffer: GPUBuffer, elements: number): Staging {
    const bytes = byteSize(elements);
    const staging = this.stagingPool.get(bytes)?.pop() ?? this.device.createBuffer({ label: 'staging', size: bytes, usage: MAP_READ | COPY_DST });
    if (elements > 0) encoder.copyBufferToBuffer(buffer, 0, staging, 0, elements * 4);
    return { buffer: staging, bytes };
  }

  private async readStaging(staging: Staging, dtype: DType, elements: number): Promise<TensorData> {
    const { buffer, bytes } = staging;
    let reusable = false;
    try {
      await buffer.mapAsync(MAP_MODE_READ);
      // slice() copies out of the mapping, which unmap() detaches.
      const data = fromBytes(dtype, buffer.getMappedRange(0, bytes).slice(0, elements * 4));
      buffer.unmap();
      reusable = !this.destroyed;
      return data;
    } finally {
      let pool = this.stagingPool.get(bytes);
      if (reusable && !pool && this.stagingPool.size < BIND_GROUP_CACHE_LIMIT) this.stagingPool.set(bytes, (pool = []));
      if (reusable && pool && pool.length < STAGING_POOL_PER_SIZE) pool.push(buffer);
      else buffer.destroy();
    }
  }
}
