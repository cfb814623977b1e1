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
export { loadBundle, Model, toNested, type LoadOptions, type ModelTrainOptions, type NestedArray, type PredictOptions, type Prediction, type TensorLike, type TrainData } from './model.js';
export {
  BUNDLE_FORMAT_VERSION,
  BUNDLE_MAGIC,
  crc32,
  decodeBundle,
  encodeBundle,
  readBundleHeader,
  type DecodedBundle,
} from './bundle.js';
export { BundleError, type BundleEarlyStopping, type BundleManifest, type BundleTrainSettings, type TensorInfo } from './bundle-manifest.js';
export { GpuEngine } from './gpu-engine.js';
export { train, splitValidation, monitorMode, PROGRESS_READ_INTERVAL_MS, type TrainHooks } from './trainer.js';
export type * from './train-types.js';
