// The device for GPU tests. No adapter is a test failure, never a skip: a silently skipped GPU
// suite would hide a broken machine setup (see .ci/run for how the adapter is installed).

import { afterAll, beforeAll } from 'vitest';
import { createDevice, type DeviceOptions, type OpenedDevice } from '../../runtime/device.js';

export async function testDevice(opts: DeviceOptions = {}): Promise<OpenedDevice> {
  try {
    return await createDevice(opts);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`GPU tests need a WebGPU adapter: ${why}`);
  }
}

/**
 * A suite's two devices, opened before its tests and destroyed after them: `gpu`, the adapter as
 * it is (lavapipe in CI: the general and subgroup forms), and `gpuForms`, the same adapter told to
 * run the kernels' forms for hardware GPUs.
 */
export function suiteDevices(): { readonly gpu: OpenedDevice; readonly gpuForms: OpenedDevice } {
  const opened: { gpu?: OpenedDevice; gpuForms?: OpenedDevice } = {};
  beforeAll(async () => {
    opened.gpu = await testDevice();
    opened.gpuForms = await testDevice({ kernelForms: 'gpu' });
  });
  afterAll(() => {
    opened.gpu?.destroy();
    opened.gpuForms?.destroy();
  });
  return {
    get gpu() {
      return opened.gpu!;
    },
    get gpuForms() {
      return opened.gpuForms!;
    },
  };
}
