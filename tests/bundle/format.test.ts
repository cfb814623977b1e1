// The bundle container without a GPU: layout, checksum, and every refusal, each one line and each
// before any device work (a trap device that throws on any use proves the second).
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { compileBundle } from '../../cli/commands/compile.js';
import {
  BUNDLE_FORMAT_VERSION,
  BundleError,
  crc32,
  decodeBundle,
  encodeBundle,
  loadBundle,
  readBundleHeader,
  readSafetensors,
  type BundleManifest,
} from '../../runtime/index.js';

// loadBundle without a device would open one: make that observable, and fail loudly.
const opened = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../runtime/device.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../runtime/device.js')>()),
  createDevice: async () => {
    opened.count++;
    throw new Error('createDevice was called');
  },
}));

/** A device that records and refuses every use: loadBundle must refuse a bad bundle before it. */
function trapDevice(): { device: GPUDevice; touched: string[] } {
  const touched: string[] = [];
  const device = new Proxy({} as GPUDevice, {
    get(_, key) {
      touched.push(String(key));
      throw new Error(`the device was used (${String(key)})`);
    },
  });
  return { device, touched };
}

/** The weights section's bytes. */
function decodeWeights(bytes: Uint8Array): Uint8Array {
  const h = readBundleHeader(bytes);
  return bytes.subarray(40 + h.stored + h.padding, bytes.length - 4);
}

/** Rewrites the trailing CRC so that only the deliberate change is wrong. */
function resealed(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  new DataView(out.buffer).setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
  return out;
}

async function expectRefused(bytes: Uint8Array, pattern: RegExp): Promise<string> {
  const { device, touched } = trapDevice();
  let error: unknown;
  try {
    await loadBundle(bytes, { device });
  } catch (e) {
    error = e;
  }
  expect(error, 'loadBundle should refuse').toBeInstanceOf(BundleError);
  const msg = (error as Error).message;
  expect(msg).toMatch(pattern);
  expect(msg, 'one line').not.toContain('\n');
  expect(touched, 'no device work before refusing').toEqual([]);
  return msg;
}

let xor: { bytes: Uint8Array; manifest: BundleManifest };

beforeAll(async () => {
  xor = await compileBundle({ path: 'dsl-examples/xor.nn' });
});

describe('crc32', () => {
  it('matches the standard check values', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
    expect(crc32(new TextEncoder().encode('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });
});

describe('layout', () => {
  it('starts with the magic and version, and its sections add up to the file', () => {
    const b = xor.bytes;
    expect(Array.from(b.subarray(0, 8))).toEqual([0x89, 0x4e, 0x4e, 0x42, 0x0d, 0x0a, 0x1a, 0x0a]);
    const h = readBundleHeader(b);
    expect(h.version).toBe(BUNDLE_FORMAT_VERSION);
    expect(h.flags).toBe(1); // gzip manifest
    expect(40 + h.stored + h.padding + h.weights + 4).toBe(b.length);
    expect((40 + h.stored + h.padding) % 8).toBe(0);
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    expect(view.getUint32(b.length - 4, true)).toBe(crc32(b.subarray(0, b.length - 4)));
  });

  it('still reads version 1 (written before variants could depend on the subgroup size)', async () => {
    const { manifest, tensors } = await decodeBundle(xor.bytes);
    const v1 = { ...manifest, format: 1, kernels: manifest.kernels.map((k) => ({ ...k, variants: k.variants?.filter((v) => 'dim' in v.when) })) };
    const bytes = (await encodeBundle(v1, decodeWeights(xor.bytes))).slice();
    new DataView(bytes.buffer).setUint32(8, 1, true);
    const back = await decodeBundle(resealed(bytes));
    expect(back.manifest.format).toBe(1);
    expect([...back.tensors.keys()]).toEqual([...tensors.keys()]);
  });

  it('still reads version 2 (written before variants for hardware GPUs)', async () => {
    const { manifest } = await decodeBundle(xor.bytes);
    const v2 = { ...manifest, format: 2, kernels: manifest.kernels.map((k) => ({ ...k, variants: k.variants?.filter((v) => !('gpu' in v.when)) })) };
    const bytes = (await encodeBundle(v2, decodeWeights(xor.bytes))).slice();
    new DataView(bytes.buffer).setUint32(8, 2, true);
    const back = await decodeBundle(resealed(bytes));
    expect(back.manifest.format).toBe(2);
    expect(back.manifest.kernels.flatMap((k) => k.variants ?? []).some((v) => 'subgroupSize' in v.when)).toBe(true);
  });

  it('holds the manifest and the weights with the optimizer state', async () => {
    const { manifest, tensors } = await decodeBundle(xor.bytes);
    expect(manifest.model).toBe('xor');
    expect(manifest.format).toBe(BUNDLE_FORMAT_VERSION);
    expect(Object.keys(manifest.programs).sort()).toEqual(['evaluate', 'predict', 'train_step']);
    expect(manifest.inputs).toEqual([{ name: 'x', dtype: 'f32', shape: ['N', 2] }]);
    expect(manifest.outputs).toEqual([{ name: 'output_layer', dtype: 'f32', shape: ['N', 1] }]);
    expect(manifest.train).toMatchObject({ loss: 'mse', batch: 4, epochs: 100, seed: 7, shuffle: true, metrics: [], earlyStopping: null, validationSplit: null });
    expect(manifest.train!.optimizer).toMatchObject({ kind: 'adam' });
    for (const w of manifest.weights) expect(tensors.has(w)).toBe(true);
    for (const s of manifest.training!.state) expect(tensors.has(s), s).toBe(true);
    expect(tensors.get('optimizer.step')!.data[0]).toBe(0);
  });

  it('is deterministic, and reads the same uncompressed', async () => {
    const again = await compileBundle({ path: 'dsl-examples/xor.nn' });
    expect(Buffer.from(again.bytes).equals(Buffer.from(xor.bytes))).toBe(true);
    const plain = await compileBundle({ path: 'dsl-examples/xor.nn', compress: false });
    expect(readBundleHeader(plain.bytes).flags).toBe(0);
    expect((await decodeBundle(plain.bytes)).manifest).toEqual((await decodeBundle(xor.bytes)).manifest);
  });

  it('inflates through Compression Streams as browsers do, refusing a manifest longer or shorter than the header says', async () => {
    const p = process as { getBuiltinModule?: unknown };
    const saved = p.getBuiltinModule;
    for (const streams of [false, true]) {
      if (streams) p.getBuiltinModule = undefined; // the browser path: no Node zlib
      try {
        const { manifest } = await decodeBundle(xor.bytes);
        const re = await encodeBundle(manifest, decodeWeights(xor.bytes));
        expect((await decodeBundle(re)).manifest).toEqual(manifest);
        const h = readBundleHeader(xor.bytes);
        for (const [j, pattern] of [[1000, /inflates to more than the 1000 bytes the header gives/], [h.json + 5, new RegExp(`inflates to ${h.json} bytes, the header gives ${h.json + 5}`)]] as const) {
          const bad = xor.bytes.slice();
          new DataView(bad.buffer).setUint32(24, j, true);
          await expectRefused(resealed(bad), pattern);
        }
      } finally {
        p.getBuiltinModule = saved;
      }
    }
  });

  it('accepts an ArrayBuffer and a view into a larger buffer', async () => {
    const big = new Uint8Array(xor.bytes.length + 16);
    big.set(xor.bytes, 8);
    expect((await decodeBundle(big.subarray(8, 8 + xor.bytes.length))).manifest.model).toBe('xor');
    expect((await decodeBundle(xor.bytes.slice().buffer)).manifest.model).toBe('xor');
  });
});

describe('refusals, before any device work', () => {
  it('refuses a file with one flipped byte, wherever the byte is', async () => {
    const h = readBundleHeader(xor.bytes);
    const weightsAt = 40 + h.stored + h.padding;
    const positions = [3, 13, 20, 41, 40 + Math.floor(h.stored / 2), weightsAt + 20, xor.bytes.length - 10, xor.bytes.length - 2];
    for (const at of positions) {
      const bad = xor.bytes.slice();
      bad[at]! ^= 0x10;
      await expectRefused(bad, /^invalid bundle: |^bundle format version/);
    }
    const bad = xor.bytes.slice();
    bad[40 + 100]! ^= 0x01;
    const msg = await expectRefused(bad, /checksum mismatch \(CRC-32 stored [0-9a-f]{8}, computed [0-9a-f]{8}\): the file is damaged/);
    expect(msg.startsWith('invalid bundle: ')).toBe(true);
  });

  it('refuses a truncated file, saying so', async () => {
    for (const n of [0, 5, 30, 44, xor.bytes.length - 1, Math.floor(xor.bytes.length / 2)]) {
      await expectRefused(xor.bytes.subarray(0, n), n < 44 && n > 8 ? /truncated/ : /truncated|not an nnc bundle/);
    }
    await expectRefused(xor.bytes.subarray(0, xor.bytes.length - 1), new RegExp(`truncated \\(or its header damaged\\): ${xor.bytes.length - 1} bytes, but its header describes ${xor.bytes.length}`));
  });

  it('refuses trailing bytes and a foreign file', async () => {
    const longer = new Uint8Array(xor.bytes.length + 3);
    longer.set(xor.bytes);
    await expectRefused(longer, /3 bytes past the end/);
    await expectRefused(new TextEncoder().encode('{"format": 1, "model": "xor"}' + ' '.repeat(40)), /not an nnc bundle/);
  });

  it('refuses a future version, naming both versions', async () => {
    const future = xor.bytes.slice();
    new DataView(future.buffer).setUint32(8, 4, true);
    const msg = await expectRefused(resealed(future), /version 4 is newer than this runtime reads \(version 3\)/);
    expect(msg).toBe('bundle format version 4 is newer than this runtime reads (version 3); update the nnc runtime, or recompile the model with this nnc');
    // Even a future bundle with a changed layout (its checksum unreadable to us) is refused by version.
    const weird = xor.bytes.slice(0, 200);
    new DataView(weird.buffer).setUint32(8, 7, true);
    await expectRefused(weird, /version 7 is newer .*\(version 3\)/);
  });

  it('refuses a manifest of the wrong shape, naming the field', async () => {
    const { manifest, tensors } = await decodeBundle(xor.bytes);
    const st = xor.bytes.subarray(40 + readBundleHeader(xor.bytes).stored + readBundleHeader(xor.bytes).padding, xor.bytes.length - 4);
    expect(readSafetensors(st).size).toBe(tensors.size);
    const cases: [unknown, RegExp][] = [
      [{ ...manifest, kernels: 'none' }, /manifest \.kernels must be a list/],
      [{ ...manifest, buffers: manifest.buffers.map((b, i) => (i === 0 ? { ...b, dtype: 'f64' } : b)) }, /\.buffers\[0\]\.dtype must be one of f32, i32/],
      [{ ...manifest, programs: { ...manifest.programs, predict: { ...manifest.programs.predict, steps: [9999] } } }, /step 9999 is not a kernel index/],
      [{ ...manifest, format: 2 }, /the manifest says format 2 but the header says 3/],
      [{ ...manifest, weights: [...manifest.weights, 'nope'] }, /weights names unknown buffer 'nope'/],
      [{ ...manifest, train: null }, /must be present together/],
      [{ ...manifest, kernels: manifest.kernels.map((k, i) => (i === 2 ? { ...k, dispatch: { kind: 'spiral' } } : k)) }, /\.kernels\[2\]\.dispatch\.kind must be 'linear' or 'grid'/],
      [{ ...manifest, kernels: manifest.kernels.map((k, i) => (i === 1 ? { ...k, variants: [{ when: { dim: 'N', atMost: -1 }, wgsl: k.wgsl, dispatch: k.dispatch }] } : k)) }, /\.kernels\[1\]\.variants\[0\]\.when\.atMost must be a non-negative integer/],
      [{ ...manifest, kernels: manifest.kernels.map((k, i) => (i === 1 ? { ...k, variants: [{ when: { dim: 'Q', atMost: 2 }, wgsl: k.wgsl, dispatch: k.dispatch }] } : k)) }, /kernel '[^']+' variant 1: dimension 'Q' is not one of the module's symbols/],
      [{ ...manifest, kernels: manifest.kernels.map((k, i) => (i === 1 ? { ...k, variants: [{ when: { subgroupSize: 'eight' }, wgsl: k.wgsl, dispatch: k.dispatch }] } : k)) }, /\.kernels\[1\]\.variants\[0\]\.when\.subgroupSize must be a non-negative integer/],
      [{ ...manifest, kernels: manifest.kernels.map((k, i) => (i === 1 ? { ...k, variants: [{ when: { subgroupSize: 0 }, wgsl: k.wgsl, dispatch: k.dispatch }] } : k)) }, /kernel '[^']+' variant 1: subgroup size 0 is not a positive integer/],
      [{ ...manifest, kernels: manifest.kernels.map((k, i) => (i === 1 ? { ...k, variants: [{ when: {}, wgsl: k.wgsl, dispatch: k.dispatch }] } : k)) }, /\.kernels\[1\]\.variants\[0\]\.when\.dim must be a string/],
      [{ ...manifest, kernels: manifest.kernels.map((k, i) => (i === 1 ? { ...k, variants: [{ when: { gpu: 'yes' }, wgsl: k.wgsl, dispatch: k.dispatch }] } : k)) }, /\.kernels\[1\]\.variants\[0\]\.when\.gpu must be true/],
      [{ ...manifest, kernels: manifest.kernels.map((k, i) => (i === 1 ? { ...k, variants: [{ when: { gpu: true, dim: 'N' }, wgsl: k.wgsl, dispatch: k.dispatch }] } : k)) }, /kernel '[^']+' variant 1: a gpu condition gives both 'dim' and 'atMost', or neither/],
      [{ ...manifest, kernels: manifest.kernels.map((k, i) => (i === 1 ? { ...k, variants: [{ when: { gpu: true, dim: 'Q', atMost: 4 }, wgsl: k.wgsl, dispatch: k.dispatch }] } : k)) }, /kernel '[^']+' variant 1: dimension 'Q' is not one of the module's symbols/],
      [{ ...manifest, kernels: manifest.kernels.map((k, i) => (i === 1 ? { ...k, variants: [{ when: { subgroupSize: 8, atMost: 16 }, wgsl: k.wgsl, dispatch: k.dispatch }] } : k)) }, /kernel '[^']+' variant 1: a subgroupSize condition gives both 'dim' and 'atMost', or neither/],
      [{ ...manifest, kernels: manifest.kernels.map((k, i) => (i === 1 ? { ...k, variants: [{ when: { subgroupSize: 8, dim: 'N', atMost: 'many' }, wgsl: k.wgsl, dispatch: k.dispatch }] } : k)) }, /\.kernels\[1\]\.variants\[0\]\.when\.atMost must be a non-negative integer/],
    ];
    for (const [m, pattern] of cases) await expectRefused(await encodeBundle(m as BundleManifest, st), pattern);
    // Well-formed bounded conditions pass, the subgroup one included (large matmuls carry it).
    for (const when of [{ subgroupSize: 8, dim: 'N', atMost: 16 }, { gpu: true, dim: 'N', atMost: 256 }]) {
      const m = { ...manifest, kernels: manifest.kernels.map((k, i) => (i === 1 ? { ...k, variants: [{ when, wgsl: k.wgsl, dispatch: k.dispatch }] } : k)) };
      expect((await decodeBundle(await encodeBundle(m as BundleManifest, st))).manifest.kernels[1]!.variants![0]!.when).toEqual(when);
    }
  });

  it('refuses weights that do not fit the buffers', async () => {
    const { manifest } = await decodeBundle(xor.bytes);
    const { writeSafetensors } = await import('../../runtime/safetensors.js');
    const wrong = writeSafetensors([['hidden_layer.kernel', { shape: [3, 2], data: new Float32Array(6) }]]);
    await expectRefused(await encodeBundle(manifest, wrong), /'hidden_layer\.kernel' has shape \[3, 2\], the model declares \[2, 2\]/);
    const missing = writeSafetensors([['hidden_layer.kernel', { shape: [2, 2], data: new Float32Array(4) }]]);
    await expectRefused(await encodeBundle(manifest, missing), /lacks 'hidden_layer\.bias'/);
    await expectRefused(await encodeBundle(manifest, new Uint8Array([1, 2, 3])), /the weights section: safetensors: file is truncated/);
  });

  it('opens no device for a bad bundle when none is given', async () => {
    const bad = xor.bytes.slice();
    bad[60]! ^= 0x40;
    const future = xor.bytes.slice();
    new DataView(future.buffer).setUint32(8, BUNDLE_FORMAT_VERSION + 1, true);
    for (const b of [bad, xor.bytes.subarray(0, 100), resealed(future)]) {
      await expect(loadBundle(b)).rejects.toThrow(BundleError);
    }
    expect(opened.count).toBe(0);
    // The control: a good bundle does ask for a device (here refused by the mock).
    await expect(loadBundle(xor.bytes)).rejects.toThrow('createDevice was called');
    expect(opened.count).toBe(1);
  });
});
