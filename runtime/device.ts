// Finds a WebGPU adapter and opens a device: `navigator.gpu` in a browser, npm `webgpu` (Dawn) in
// Node. The Node package is imported dynamically through a variable so that this module loads in a
// browser and bundlers do not try to pack Dawn's native addon.

import { notePollingDevice, paceDawnPolling } from './dawn-poll.js';
import { adapterIsHardware, setKernelForms, type KernelForms } from './pipelines.js';

export interface DeviceOptions {
  readonly powerPreference?: GPUPowerPreference;
  /** 'opengl': go straight to Dawn's OpenGL backend in compatibility mode (Node only). */
  readonly adapter?: 'default' | 'opengl';
  /**
   * false: do not enable the adapter's `subgroups` feature, so kernels run their general forms
   * (for comparisons and tests of those forms). Default: enabled where the adapter has it.
   */
  readonly subgroups?: boolean;
  /**
   * Which kernel forms to run: 'auto' (default) the forms for hardware GPUs on a GPU and the
   * general ones on a CPU adapter (lavapipe, SwiftShader); 'gpu' or 'cpu' choose regardless of
   * the adapter (tests run the GPU forms on lavapipe this way).
   */
  readonly kernelForms?: KernelForms;
}

export interface OpenedDevice {
  readonly device: GPUDevice;
  readonly adapterName: string;
  /** Destroys the device. Dawn keeps a thread alive until this is called. */
  destroy(): void;
}

/** The largest storage-buffer budget per kernel nnc compiles for: the largest the tests run (lavapipe's limit). */
export const MAX_STORAGE_BUDGET = 16;

/**
 * The storage buffers one kernel may bind when kernels are compiled for `device` itself (`nnc
 * train`, the bench): more let the fusion planner merge more kernels (the benchmark MLP's training
 * step: 24 kernels at WebGPU's guaranteed 8, 19 at 16). At most MAX_STORAGE_BUDGET; bundles,
 * compiled for any device, keep 8.
 */
export function storageBudget(device: GPUDevice): number {
  return Math.max(8, Math.min(MAX_STORAGE_BUDGET, device.limits.maxStorageBuffersPerShaderStage));
}

export const NO_ADAPTER_HINT =
  'no WebGPU adapter found; on Debian bookworm install Mesa 25 (lavapipe) from bookworm-backports: ' +
  'apt-get install -y -t bookworm-backports mesa-vulkan-drivers libvulkan1';

// Limits worth more than their defaults to the kernels; requested at the adapter's maximum.
const WANTED_LIMITS = [
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupsPerDimension',
] as const;

type WebGPUModule = typeof import('webgpu');

interface Found {
  readonly adapter: GPUAdapter;
  readonly backend: string;
}

function browserGPU(): GPU | undefined {
  return typeof navigator !== 'undefined' && 'gpu' in navigator ? navigator.gpu : undefined;
}

function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

let dawn: Promise<WebGPUModule> | undefined;
function loadDawn(): Promise<WebGPUModule> {
  if (!dawn) {
    const specifier = 'webgpu';
    dawn = (import(/* @vite-ignore */ specifier) as Promise<WebGPUModule>).then((m) => {
      // Dawn's instance reads these at creation; set them only where the user left them unset.
      process.env.XDG_RUNTIME_DIR ??= '/tmp';
      // GPUBufferUsage, GPUMapMode, ... for code written against the browser's globals.
      Object.assign(globalThis, m.globals);
      paceDawnPolling();
      return m;
    });
    dawn.catch(() => (dawn = undefined));
  }
  return dawn;
}

// One Dawn instance per backend, held for the life of the process: Dawn's Node binding keeps
// polling an instance for its devices' events, and an instance that the JS side let the garbage
// collector take crashes the process there (SIGSEGV or "futex facility returned an unexpected
// error code"), typically during createComputePipelineAsync.
const instances = new Map<string, GPU>();
function instance(m: WebGPUModule, flags: readonly string[]): GPU {
  const key = flags.join(' ');
  let gpu = instances.get(key);
  if (!gpu) instances.set(key, (gpu = m.create([...flags])));
  return gpu;
}

async function nodeAdapter(opts: DeviceOptions): Promise<Found | null> {
  let m: WebGPUModule;
  try {
    m = await loadDawn();
  } catch (e) {
    throw new Error(`cannot load the 'webgpu' package (npm install webgpu): ${e instanceof Error ? e.message : String(e)}`);
  }
  const base: GPURequestAdapterOptions = opts.powerPreference ? { powerPreference: opts.powerPreference } : {};
  if (opts.adapter !== 'opengl') {
    const adapter = await instance(m, []).requestAdapter(base);
    if (adapter) return { adapter, backend: '' };
  }
  // Old Mesa (bookworm's 22.x) has no Vulkan that Dawn accepts, but its OpenGL works headless.
  process.env.EGL_PLATFORM ??= 'surfaceless';
  const adapter = await instance(m, ['backend=opengl']).requestAdapter({ ...base, featureLevel: 'compatibility' });
  return adapter ? { adapter, backend: 'OpenGL, compatibility mode' } : null;
}

async function findAdapter(opts: DeviceOptions): Promise<Found | null> {
  const gpu = browserGPU();
  if (gpu) {
    const base: GPURequestAdapterOptions = opts.powerPreference ? { powerPreference: opts.powerPreference } : {};
    const adapter = await gpu.requestAdapter(base);
    return adapter ? { adapter, backend: '' } : null;
  }
  if (isNode()) return nodeAdapter(opts);
  return null;
}

function describe(found: Found): string {
  const i = found.adapter.info;
  const name = i.description || [i.vendor, i.architecture, i.device].filter(Boolean).join(' ') || 'unknown adapter';
  return found.backend ? `${name} (${found.backend})` : name;
}

export async function createDevice(opts: DeviceOptions = {}): Promise<OpenedDevice> {
  const found = await findAdapter(opts);
  if (!found) {
    throw new Error(
      browserGPU() || isNode() ? NO_ADAPTER_HINT : 'this environment has no WebGPU (navigator.gpu is missing)',
    );
  }
  const requiredLimits: Record<string, number> = {};
  for (const k of WANTED_LIMITS) {
    const v = found.adapter.limits[k];
    if (typeof v === 'number') requiredLimits[k] = v;
  }
  // Subgroups let kernels share loads between invocations (a matmul variant uses them on CPU adapters).
  const requiredFeatures: GPUFeatureName[] = opts.subgroups !== false && found.adapter.features.has('subgroups') ? ['subgroups'] : [];
  const device = await found.adapter.requestDevice({ label: 'nnc', requiredLimits, requiredFeatures });
  setKernelForms(device, opts.kernelForms ?? 'auto');
  const unnote = isNode() ? notePollingDevice(adapterIsHardware(device)) : () => undefined;
  let destroyed = false;
  return {
    device,
    adapterName: describe(found),
    destroy() {
      if (destroyed) return;
      destroyed = true;
      device.destroy();
      unnote();
    },
  };
}

/** True when an adapter can be found; opens no device, so nothing needs destroying. */
export async function hasWebGPU(opts: DeviceOptions = {}): Promise<boolean> {
  try {
    return (await findAdapter(opts)) !== null;
  } catch {
    return false;
  }
}
