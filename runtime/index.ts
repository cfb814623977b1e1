// The runtime's public entry (package export "./runtime"): everything an app needs to run a
// compiled model, and nothing from the compiler.

export type * from './program.js';
export { sizeOf } from './program.js';
export { createDevice, hasWebGPU, NO_ADAPTER_HINT, type DeviceOptions, type OpenedDevice } from './device.js';
export { ModuleRunner, type ProgramName, type TensorData, type TensorInput, type TensorOutput } from './executor.js';
export {
  readSafetensors,
  readSafetensorsMetadata,
  writeSafetensors,
  SafetensorsError,
  type SafetensorsTensor,
} from './safetensors.js';
