// Compiles every kernel of a module into a compute pipeline, all in parallel, with explicit bind
// group layouts. Explicit layouts (not 'auto') keep every declared binding in the layout even when
// the WGSL leaves it unused (a kernel that ignores `dims`), so one bind group recipe fits all.

import { batchBound, type Dispatch, type KernelSpec, type KernelVariant, type VariantCondition } from './program.js';

const COMPUTE = 0x4; // GPUShaderStage.COMPUTE, as a number so no globals are needed.

export interface CompiledKernel {
  readonly spec: KernelSpec;
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
  /**
   * The spec's run-time variants, compiled against the same layout (so bind groups fit both), in
   * the spec's order; those whose device condition does not hold are left out (never compiled).
   */
  readonly variants: readonly { readonly when: VariantCondition; readonly pipeline: GPUComputePipeline; readonly dispatch: Dispatch }[];
}

/** The pipeline and dispatch of `k` when the symbols are bound to `bindings`: the first variant that applies, else its own. */
export function pick(k: CompiledKernel, bindings: ReadonlyMap<string, number>): { pipeline: GPUComputePipeline; dispatch: Dispatch } {
  for (const v of k.variants) {
    // A device condition was checked when the variant was compiled; a batch bound is checked here.
    const bound = batchBound(v.when);
    if (!bound) return v;
    const n = bindings.get(bound.dim);
    if (n !== undefined && n <= bound.atMost) return v;
  }
  return { pipeline: k.pipeline, dispatch: k.spec.dispatch };
}

/**
 * The subgroup size of `device` when it is fixed (the adapter's smallest and largest agree) and
 * the `subgroups` feature is enabled; null otherwise.
 */
export function fixedSubgroupSize(device: GPUDevice): number | null {
  if (!device.features.has('subgroups')) return null;
  const info = device.adapterInfo as GPUAdapterInfo | undefined;
  const min = info?.subgroupMinSize;
  return typeof min === 'number' && min > 0 && min === info?.subgroupMaxSize ? min : null;
}

/** Which kernel forms a device runs: 'auto' decides by its adapter (isHardwareGpu). */
export type KernelForms = 'auto' | 'gpu' | 'cpu';
const formsOf = new WeakMap<GPUDevice, 'gpu' | 'cpu'>();

/** Makes compileKernels treat `device` as a hardware GPU ('gpu') or a CPU adapter ('cpu'); 'auto' undoes it. */
export function setKernelForms(device: GPUDevice, forms: KernelForms): void {
  if (forms === 'auto') formsOf.delete(device);
  else formsOf.set(device, forms);
}

/**
 * Whether `device` runs the variants for hardware GPUs: its adapter is not a fallback (CPU)
 * adapter. Where the adapter info lacks isFallbackAdapter (older browsers), the known CPU
 * implementations are recognized by name.
 */
export function isHardwareGpu(device: GPUDevice): boolean {
  const forced = formsOf.get(device);
  return forced ? forced === 'gpu' : adapterIsHardware(device);
}

/** Whether the adapter of `device` is a hardware GPU, whatever forms it was told to run. */
export function adapterIsHardware(device: GPUDevice): boolean {
  const info = device.adapterInfo as (GPUAdapterInfo & { isFallbackAdapter?: boolean }) | undefined;
  if (typeof info?.isFallbackAdapter === 'boolean') return !info.isFallbackAdapter;
  const name = [info?.vendor, info?.architecture, info?.device, info?.description].join(' ');
  return !/llvmpipe|lavapipe|swiftshader|software|warp|basic render/i.test(name);
}

interface DeviceTraits {
  readonly subgroupSize: number | null;
  readonly gpu: boolean;
}

/** Whether a variant's condition can hold on a device with these traits (a `dim` condition is decided per run). */
function applicable(v: KernelVariant, d: DeviceTraits): boolean {
  if ('gpu' in v.when) return d.gpu;
  if ('subgroupSize' in v.when) return v.when.subgroupSize === d.subgroupSize;
  return true;
}

function layoutEntries(kernel: KernelSpec): GPUBindGroupLayoutEntry[] {
  const entries: GPUBindGroupLayoutEntry[] = [{ binding: 0, visibility: COMPUTE, buffer: { type: 'uniform' } }];
  kernel.bindings.forEach((b, i) => {
    entries.push({
      binding: i + 1,
      visibility: COMPUTE,
      buffer: { type: b.access === 'read' ? 'read-only-storage' : 'storage' },
    });
  });
  return entries;
}

function describeMessages(info: GPUCompilationInfo): string {
  return info.messages
    .filter((m) => m.type === 'error')
    .map((m) => `  ${m.lineNum}:${m.linePos} ${m.message}`)
    .join('\n');
}

async function compileOne(device: GPUDevice, kernel: KernelSpec, traits: DeviceTraits): Promise<CompiledKernel> {
  const usable = (kernel.variants ?? []).filter((v) => applicable(v, traits));
  // Synchronous creation calls between push and pop, so this scope sees only this kernel's errors.
  const forms = [kernel.wgsl, ...usable.map((v) => v.wgsl)];
  device.pushErrorScope('validation');
  const modules = forms.map((code, i) => device.createShaderModule({ label: i ? `${kernel.name} (variant ${i})` : kernel.name, code }));
  const layout = device.createBindGroupLayout({ label: kernel.name, entries: layoutEntries(kernel) });
  const pipelineLayout = device.createPipelineLayout({ label: kernel.name, bindGroupLayouts: [layout] });
  const scope = device.popErrorScope();

  const infos = await Promise.all(modules.map((m) => m.getCompilationInfo()));
  const wgslErrors = infos.map(describeMessages).filter(Boolean).join('\n');
  if (wgslErrors) throw new Error(`kernel '${kernel.name}': WGSL does not compile:\n${wgslErrors}`);
  const scoped = await scope;
  if (scoped) throw new Error(`kernel '${kernel.name}': ${scoped.message}`);
  try {
    const pipelines = await Promise.all(
      modules.map((module, i) =>
        device.createComputePipelineAsync({ label: i ? `${kernel.name} (variant ${i})` : kernel.name, layout: pipelineLayout, compute: { module, entryPoint: kernel.entryPoint } }),
      ),
    );
    const variants = usable.map((v, i) => ({ when: v.when, pipeline: pipelines[i + 1]!, dispatch: v.dispatch }));
    return { spec: kernel, pipeline: pipelines[0]!, layout, variants };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new Error(`kernel '${kernel.name}': cannot create its pipeline: ${msg.trim()}`);
  }
}

/**
 * Compiles all kernels at once; reports every failing kernel, not only the first. Kernels with the
 * same WGSL and binding layout (programs often share some: predict and evaluate) compile once.
 */
export async function compileKernels(device: GPUDevice, kernels: readonly KernelSpec[]): Promise<CompiledKernel[]> {
  const keyOf = (k: KernelSpec) => `${k.entryPoint}|${k.bindings.map((b) => b.access).join(',')}|${k.wgsl}|${JSON.stringify(k.variants ?? [])}`;
  const unique = new Map<string, KernelSpec>();
  for (const k of kernels) if (!unique.has(keyOf(k))) unique.set(keyOf(k), k);
  const specs = [...unique.values()];
  const traits: DeviceTraits = { subgroupSize: fixedSubgroupSize(device), gpu: isHardwareGpu(device) };
  const settled = await Promise.allSettled(specs.map((k) => compileOne(device, k, traits)));
  const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason instanceof Error ? s.reason.message : String(s.reason)] : []));
  if (errors.length > 0) throw new Error(errors.join('\n'));
  const byKey = new Map(specs.map((k, i) => [keyOf(k), (settled[i] as PromiseFulfilledResult<CompiledKernel>).value]));
  return kernels.map((k) => {
    const c = byKey.get(keyOf(k))!;
    return c.spec === k ? c : { ...c, spec: k };
  });
}
