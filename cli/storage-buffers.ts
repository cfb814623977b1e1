// `--storage-buffers N` (nnc compile, nnc graph): how many storage buffers one kernel may bind.
// WebGPU guarantees 8 on every device, so that is the default for a bundle; a larger budget lets
// the fusion planner merge more kernels, for devices that allow it (the runtime then refuses, with
// a clear error, a device that allows fewer). `nnc train` compiles for its own device
// (runtime/device.ts storageBudget) and takes no flag.
import { MAX_STORAGE_BUDGET as MOST } from '../runtime/device.js';
import { UsageError, type FlagSpec, type Parsed } from './args.js';

export const storageBuffersFlag: FlagSpec = {
  name: 'storage-buffers',
  kind: 'int',
  help: `storage buffers one kernel may bind: 8 (default) runs on every WebGPU device; up to ${MOST} fuses more kernels, for devices whose maxStorageBuffersPerShaderStage allows it`,
};

/** The `--storage-buffers` value, checked; undefined when not given. */
export function storageBuffers(a: Parsed): number | undefined {
  const n = a.flags.get('storage-buffers') as number | undefined;
  if (n !== undefined && (n < 8 || n > MOST)) {
    throw new UsageError(`--storage-buffers must be between 8 (every WebGPU device allows 8) and ${MOST}, not ${n}`);
  }
  return n;
}
