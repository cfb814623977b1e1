// The bundle container (docs/bundle-format.md): magic, version, flags, section lengths, the
// manifest (gzip-compressed JSON), the weights (safetensors), and a CRC-32 over everything before
// it. Reading validates every byte before anything is created on a device. No Node APIs: runs in
// browsers too (gzip through the Compression Streams API).

import { BundleError, bundleFail, checkManifest, type BundleManifest } from './bundle-manifest.js';
import type { BufferSpec } from './program.js';
import { readSafetensors, type SafetensorsTensor } from './safetensors.js';

export { BundleError, type BundleManifest } from './bundle-manifest.js';

/** "\x89NNB\r\n\x1a\n": a non-ASCII first byte and CR LF / ^Z catch text-mode transfers, as PNG's does. */
export const BUNDLE_MAGIC: readonly number[] = [0x89, 0x4e, 0x4e, 0x42, 0x0d, 0x0a, 0x1a, 0x0a];
/**
 * The format version this runtime writes; it reads every version up to this one (1 lacks the
 * subgroup variant condition, 2 the gpu condition).
 */
export const BUNDLE_FORMAT_VERSION = 3;
/** Flag bit 0: the manifest section is gzip (RFC 1952) of the JSON; clear: the JSON itself. */
export const FLAG_GZIP = 1;
export const HEADER_BYTES = 40;
const TRAILER_BYTES = 4;
// Lengths past this are corrupt, whatever a header claims (and keep every offset a safe integer).
const MAX_SECTION = 2 ** 40;

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, as zlib, PNG and gzip compute it). */
export function crc32(bytes: Uint8Array): number {
  let t = crcTable;
  if (!t) {
    t = crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      t[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const hex = (n: number): string => n.toString(16).padStart(8, '0');

async function pipe(bytes: Uint8Array, stream: GenericTransformStream): Promise<ReadableStreamDefaultReader<Uint8Array>> {
  const writer = (stream.writable as WritableStream<Uint8Array>).getWriter();
  writer.write(bytes.slice()).catch(() => undefined);
  writer.close().catch(() => undefined);
  return (stream.readable as ReadableStream<Uint8Array>).getReader();
}

interface Zlib {
  gzipSync(b: Uint8Array): Uint8Array;
  gunzipSync(b: Uint8Array, o: { maxOutputLength: number }): Uint8Array;
}

/** Node's zlib when the runtime runs in Node (20.16+): much faster to start than Node's web streams. */
function nodeZlib(): Zlib | undefined {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return p?.getBuiltinModule?.('node:zlib') as Zlib | undefined;
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const z = nodeZlib();
  if (z) return new Uint8Array(z.gzipSync(bytes));
  const reader = await pipe(bytes, new CompressionStream('gzip'));
  const parts: Uint8Array[] = [];
  for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
  return concat(parts);
}

/** Inflates at most `expected` bytes; a stream that is damaged or longer or shorter is refused. */
async function gunzip(bytes: Uint8Array, expected: number): Promise<Uint8Array> {
  const z = nodeZlib();
  if (z) {
    let out: Uint8Array;
    try {
      out = z.gunzipSync(bytes, { maxOutputLength: Math.max(1, expected) });
    } catch (e) {
      if (e instanceof RangeError) bundleFail(`the manifest inflates to more than the ${expected} bytes the header gives`);
      bundleFail(`the manifest does not inflate (${String((e as Error).message ?? e).split('\n')[0]})`);
    }
    if (out.length !== expected) bundleFail(`the manifest inflates to ${out.length} bytes, the header gives ${expected}`);
    return out;
  }
  const out = new Uint8Array(expected);
  let at = 0;
  try {
    const reader = await pipe(bytes, new DecompressionStream('gzip'));
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      if (at + r.value.length > expected) {
        reader.cancel().catch(() => undefined);
        bundleFail(`the manifest inflates to more than the ${expected} bytes the header gives`);
      }
      out.set(r.value, at);
      at += r.value.length;
    }
  } catch (e) {
    if (e instanceof BundleError) throw e;
    bundleFail(`the manifest does not inflate (${String((e as Error).message ?? e).split('\n')[0]})`);
  }
  if (at !== expected) bundleFail(`the manifest inflates to ${at} bytes, the header gives ${expected}`);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const pad8 = (n: number): number => (8 - (n % 8)) % 8;

function setU64(view: DataView, at: number, v: number): void {
  view.setUint32(at, v % 2 ** 32, true);
  view.setUint32(at + 4, Math.floor(v / 2 ** 32), true);
}

function getU64(view: DataView, at: number, what: string): number {
  const v = view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
  if (v > MAX_SECTION) bundleFail(`the ${what} length ${v} is implausibly large; the file is damaged`);
  return v;
}

/** Serializes a manifest and the safetensors bytes of its tensors into one bundle. */
export async function encodeBundle(manifest: BundleManifest, weights: Uint8Array, opts: { compress?: boolean } = {}): Promise<Uint8Array> {
  const json = new TextEncoder().encode(JSON.stringify(manifest));
  const compress = opts.compress ?? true;
  const stored = compress ? await gzip(json) : json;
  const padding = pad8(HEADER_BYTES + stored.length);
  const total = HEADER_BYTES + stored.length + padding + weights.length + TRAILER_BYTES;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(BUNDLE_MAGIC, 0);
  view.setUint32(8, BUNDLE_FORMAT_VERSION, true);
  view.setUint32(12, compress ? FLAG_GZIP : 0, true);
  setU64(view, 16, stored.length);
  setU64(view, 24, json.length);
  setU64(view, 32, weights.length);
  out.set(stored, HEADER_BYTES);
  out.set(weights, HEADER_BYTES + stored.length + padding);
  view.setUint32(total - TRAILER_BYTES, crc32(out.subarray(0, total - TRAILER_BYTES)), true);
  return out;
}

export interface DecodedBundle {
  readonly manifest: BundleManifest;
  /** Initial contents of param and state buffers, by buffer name (checked against the buffers). */
  readonly tensors: ReadonlyMap<string, SafetensorsTensor>;
}

function asBytes(bytes: Uint8Array | ArrayBuffer): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  if (ArrayBuffer.isView(bytes)) {
    const v = bytes as ArrayBufferView;
    return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  }
  throw new BundleError('invalid bundle: expected the bundle as a Uint8Array or an ArrayBuffer');
}

/** The header's fixed fields; throws on a wrong magic, a version this runtime cannot read, or bad sizes. */
export function readBundleHeader(input: Uint8Array | ArrayBuffer): { version: number; flags: number; stored: number; json: number; weights: number; padding: number } {
  const bytes = asBytes(input);
  const n = bytes.length;
  const magicOk = BUNDLE_MAGIC.every((b, i) => i >= n || bytes[i] === b);
  if (!magicOk) bundleFail('not an nnc bundle (the file does not start with the bundle magic \\x89NNB\\r\\n\\x1a\\n)');
  if (n < HEADER_BYTES + TRAILER_BYTES) bundleFail(`the file is truncated: ${n} bytes, shorter than a bundle's ${HEADER_BYTES}-byte header and ${TRAILER_BYTES}-byte checksum`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version > 0xffff) bundleFail(`format version ${version} is not plausible; the header is damaged`);
  if (version > BUNDLE_FORMAT_VERSION) {
    throw new BundleError(`bundle format version ${version} is newer than this runtime reads (version ${BUNDLE_FORMAT_VERSION}); update the nnc runtime, or recompile the model with this nnc`);
  }
  if (version < 1) bundleFail(`format version ${version} does not exist; this runtime reads version ${BUNDLE_FORMAT_VERSION}`);
  const flags = view.getUint32(12, true);
  if ((flags & ~FLAG_GZIP) !== 0) bundleFail(`unknown flags 0x${hex(flags)} in the header`);
  const stored = getU64(view, 16, 'manifest');
  const json = getU64(view, 24, 'manifest JSON');
  const weights = getU64(view, 32, 'weights');
  if (!(flags & FLAG_GZIP) && json !== stored) bundleFail(`an uncompressed manifest of ${stored} bytes but a JSON length of ${json}`);
  const padding = pad8(HEADER_BYTES + stored);
  const total = HEADER_BYTES + stored + padding + weights + TRAILER_BYTES;
  if (n < total) bundleFail(`the file is truncated (or its header damaged): ${n} bytes, but its header describes ${total}`);
  if (n > total) bundleFail(`the file has ${n - total} bytes past the end its header describes (${total} bytes)`);
  return { version, flags, stored, json, weights, padding };
}

/**
 * Validates a whole bundle (magic, version, sizes, checksum, manifest, tensors) and decodes it.
 * Touches no device; every failure is a BundleError with a one-line message.
 */
export async function decodeBundle(input: Uint8Array | ArrayBuffer): Promise<DecodedBundle> {
  const bytes = asBytes(input);
  const h = readBundleHeader(bytes);
  const end = bytes.length - TRAILER_BYTES;
  const stored = new DataView(bytes.buffer, bytes.byteOffset + end, TRAILER_BYTES).getUint32(0, true);
  const actual = crc32(bytes.subarray(0, end));
  if (stored !== actual) bundleFail(`checksum mismatch (CRC-32 stored ${hex(stored)}, computed ${hex(actual)}): the file is damaged`);
  const section = bytes.subarray(HEADER_BYTES, HEADER_BYTES + h.stored);
  for (let i = HEADER_BYTES + h.stored; i < HEADER_BYTES + h.stored + h.padding; i++) {
    if (bytes[i] !== 0) bundleFail('the padding after the manifest is not zero');
  }
  const jsonBytes = h.flags & FLAG_GZIP ? await gunzip(section, h.json) : section;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(jsonBytes));
  } catch (e) {
    bundleFail(`the manifest is not UTF-8 JSON (${(e as Error).message})`);
  }
  const manifest = checkManifest(parsed, h.version);
  const at = HEADER_BYTES + h.stored + h.padding;
  let tensors: Map<string, SafetensorsTensor>;
  try {
    tensors = readSafetensors(bytes.subarray(at, at + h.weights));
  } catch (e) {
    bundleFail(`the weights section: ${(e as Error).message}`);
  }
  checkTensors(manifest, tensors);
  return { manifest, tensors };
}

/** Every embedded tensor is a param or state buffer of the same dtype and shape; all weights are there. */
export function checkTensors(manifest: BundleManifest, tensors: ReadonlyMap<string, SafetensorsTensor>, what = 'the weights section'): void {
  const buffers = new Map<string, BufferSpec>(manifest.buffers.map((b) => [b.name, b]));
  for (const [name, t] of tensors) {
    const b = buffers.get(name);
    if (!b || (b.role !== 'param' && b.role !== 'state')) bundleFail(`${what} holds '${name}', which is no param or state buffer of model '${manifest.model}'`);
    if (t.dtype !== (b.dtype === 'f32' ? 'F32' : 'I32')) bundleFail(`${what}: '${name}' is ${t.dtype}, the buffer is ${b.dtype}`);
    if (t.shape.length !== b.shape.length || t.shape.some((d, i) => d !== b.shape[i])) {
      bundleFail(`${what}: '${name}' has shape [${t.shape.join(', ')}], the model declares [${b.shape.join(', ')}]`);
    }
  }
  const missing = manifest.weights.filter((w) => !tensors.has(w));
  if (missing.length) bundleFail(`${what} lacks ${missing.map((m) => `'${m}'`).join(', ')}`);
}
