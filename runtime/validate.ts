// Checks a CompiledModule against itself and the device's limits before anything is created on
// the device, so a damaged or hand-edited module fails with a clear message instead of a GPU error.

import { batchBound, type CompiledModule, type Dim, type KernelSpec } from './program.js';
import { formatShape } from './shapes.js';

export interface RunnerLimits {
  readonly maxStorageBuffersPerShaderStage: number;
  readonly maxComputeInvocationsPerWorkgroup: number;
  readonly maxComputeWorkgroupSizeX: number;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function validateModule(mod: CompiledModule, limits: RunnerLimits): void {
  const errors: string[] = [];
  const symbols = new Set<string>();
  for (const s of mod.symbols) {
    if (!IDENT.test(s)) errors.push(`symbol '${s}' is not a valid WGSL identifier`);
    if (symbols.has(s)) errors.push(`symbol '${s}' is declared twice`);
    symbols.add(s);
  }
  const checkDims = (dims: readonly Dim[], where: string): void => {
    for (const d of dims) {
      if (typeof d === 'number' ? !(Number.isInteger(d) && d >= 0) : !symbols.has(d)) {
        errors.push(`${where}: dimension '${d}' is neither a non-negative integer nor a declared symbol`);
      }
    }
  };

  const buffers = new Map(mod.buffers.map((b) => [b.name, b]));
  if (buffers.size !== mod.buffers.length) errors.push('two buffers share a name');
  for (const b of mod.buffers) {
    const where = `buffer '${b.name}'`;
    if (b.dtype !== 'f32' && b.dtype !== 'i32') errors.push(`${where}: unknown dtype '${String(b.dtype)}'`);
    checkDims(b.shape, where);
    const persistent = b.role === 'param' || b.role === 'state' || b.role === 'const';
    if (persistent && b.shape.some((d) => typeof d === 'string')) {
      errors.push(`${where}: a ${b.role} buffer must have a fixed shape, got ${formatShape(b.shape)}`);
    }
    if (b.role === 'const') {
      const n = b.shape.reduce<number>((p, d) => p * (typeof d === 'number' ? d : 1), 1);
      if (!b.data) errors.push(`${where}: a const buffer needs data`);
      else if (b.data.length !== n) errors.push(`${where}: has ${b.data.length} values for shape ${formatShape(b.shape)}`);
    }
  }

  mod.kernels.forEach((k, i) => checkKernel(k, i));
  function checkKernel(k: KernelSpec, i: number): void {
    const where = `kernel '${k.name}'`;
    if (k.bindings.length > limits.maxStorageBuffersPerShaderStage) {
      errors.push(
        `${where} binds ${k.bindings.length} storage buffers, more than this device's maxStorageBuffersPerShaderStage (${limits.maxStorageBuffersPerShaderStage})`,
      );
    }
    const access = new Map<string, string[]>();
    for (const b of k.bindings) {
      if (!buffers.has(b.buffer)) errors.push(`${where}: binding '${b.name}' names unknown buffer '${b.buffer}'`);
      access.set(b.buffer, [...(access.get(b.buffer) ?? []), b.access]);
    }
    for (const [buf, acc] of access) {
      // WebGPU forbids a writable storage binding aliasing any other binding of the same buffer.
      if (acc.length > 1 && acc.includes('read_write')) errors.push(`${where} binds buffer '${buf}' twice, once writable`);
    }
    checkDispatch(k.dispatch, where, i);
    (k.variants ?? []).forEach((v, j) => {
      const at = `${where} variant ${j + 1}`;
      const bound = batchBound(v.when);
      if (bound && !mod.symbols.includes(bound.dim)) errors.push(`${at}: dimension '${bound.dim}' is not one of the module's symbols`);
      if ('gpu' in v.when && v.when.gpu !== true) errors.push(`${at}: condition 'gpu' must be true`);
      if (!('gpu' in v.when) && 'subgroupSize' in v.when && (!Number.isInteger(v.when.subgroupSize) || v.when.subgroupSize < 1)) {
        errors.push(`${at}: subgroup size ${v.when.subgroupSize} is not a positive integer`);
      }
      // A device condition may carry a batch bound, whole or not at all.
      const device = 'gpu' in v.when ? 'gpu' : 'subgroupSize' in v.when ? 'subgroupSize' : null;
      if (device && ('dim' in v.when) !== ('atMost' in v.when)) errors.push(`${at}: a ${device} condition gives both 'dim' and 'atMost', or neither`);
      checkDispatch(v.dispatch, at, i);
    });
  }

  function checkDispatch(d: KernelSpec['dispatch'], where: string, i: number): void {
    if (d.kind === 'linear') {
      checkDims(d.threads, `${where} dispatch`);
      const max = Math.min(limits.maxComputeInvocationsPerWorkgroup, limits.maxComputeWorkgroupSizeX);
      if (!Number.isInteger(d.workgroupSize) || d.workgroupSize < 1 || d.workgroupSize > max) {
        errors.push(`${where}: workgroup size ${d.workgroupSize} is outside 1..${max}`);
      }
    } else if (d.kind === 'grid') {
      for (const [axis, a] of [['x', d.x], ['y', d.y], ['z', d.z]] as const) {
        checkDims(a.dims, `${where} dispatch ${axis}`);
        if (!Number.isInteger(a.per) || a.per < 1) errors.push(`${where}: dispatch ${axis}.per must be a positive integer`);
      }
    } else {
      errors.push(`${where} (#${i}): unknown dispatch kind`);
    }
  }

  for (const [name, p] of Object.entries(mod.programs)) {
    for (const io of [...p.inputs, ...p.outputs]) {
      if (!buffers.has(io.buffer)) errors.push(`program '${name}': '${io.name}' names unknown buffer '${io.buffer}'`);
    }
    for (const s of p.steps) {
      if (!Number.isInteger(s) || s < 0 || s >= mod.kernels.length) errors.push(`program '${name}': step ${s} is not a kernel index`);
    }
  }
  if (errors.length > 0) throw new Error(`invalid compiled module:\n  ${errors.join('\n  ')}`);
}
