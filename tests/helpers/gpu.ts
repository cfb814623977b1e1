// The device for GPU tests. No adapter is a test failure, never a skip: a silently skipped GPU
// suite would hide a broken machine setup (see .ci/run for how the adapter is installed).

import { createDevice, type DeviceOptions, type OpenedDevice } from '../../runtime/device.js';

export async function testDevice(opts: DeviceOptions = {}): Promise<OpenedDevice> {
  try {
    return await createDevice(opts);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`GPU tests need a WebGPU adapter: ${why}`);
  }
}
