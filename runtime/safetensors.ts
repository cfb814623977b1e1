// safetensors read/write on plain bytes (no Node APIs, so it runs in a browser too).
// Layout: u64 little-endian header length n, n bytes of JSON header
// `{ name: { dtype, shape, data_offsets: [begin, end] }, "__metadata__"?: { string: string } }`,
// then the data section; offsets are relative to its start, data is little-endian row-major.
// F32 and I32 are read as is; F64, F16 and BF16 are widened/narrowed to F32, I64 to I32.

export class SafetensorsError extends Error {
  override readonly name = 'SafetensorsError';
}

export interface SafetensorsTensor {
  readonly dtype: 'F32' | 'I32';
  readonly shape: number[];
  readonly data: Float32Array | Int32Array;
}

const BYTES: Readonly<Record<string, number>> = { F32: 4, I32: 4, F64: 8, F16: 2, BF16: 2, I64: 8 };
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
// Beyond this, a header is surely corrupt (the reference implementation caps it at 100 MB).
const MAX_HEADER = 100_000_000;

function fail(msg: string): never {
  throw new SafetensorsError(`safetensors: ${msg}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** Decodes one tensor's bytes (already bounds-checked) into a typed array of its target type. */
function decode(dtype: string, name: string, view: DataView, count: number): Float32Array | Int32Array {
  switch (dtype) {
    case 'F32':
    case 'I32': {
      const out = dtype === 'F32' ? new Float32Array(count) : new Int32Array(count);
      if (LITTLE_ENDIAN) {
        new Uint8Array(out.buffer).set(new Uint8Array(view.buffer, view.byteOffset, count * 4));
      } else if (dtype === 'F32') {
        for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
      } else {
        for (let i = 0; i < count; i++) out[i] = view.getInt32(i * 4, true);
      }
      return out;
    }
    case 'F64':
      return Float32Array.from({ length: count }, (_, i) => view.getFloat64(i * 8, true));
    case 'F16':
      return Float32Array.from({ length: count }, (_, i) => halfToFloat(view.getUint16(i * 2, true)));
    case 'BF16': {
      const bits = new Uint32Array(count);
      for (let i = 0; i < count; i++) bits[i] = view.getUint16(i * 2, true) << 16;
      return new Float32Array(bits.buffer);
    }
    case 'I64': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const v = view.getBigInt64(i * 8, true);
        if (v < -2147483648n || v > 2147483647n) fail(`tensor '${name}': I64 value ${v} does not fit in I32`);
        out[i] = Number(v);
      }
      return out;
    }
    default:
      return fail(`tensor '${name}': unsupported dtype '${dtype}' (supported: ${Object.keys(BYTES).join(', ')})`);
  }
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

interface Entry {
  name: string;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

function parseEntry(name: string, v: unknown, dataLength: number): Entry {
  if (!isObject(v)) fail(`tensor '${name}': header entry is not an object`);
  const { dtype, shape, data_offsets: offsets } = v;
  if (typeof dtype !== 'string') fail(`tensor '${name}': missing dtype`);
  const size = BYTES[dtype];
  if (size === undefined) fail(`tensor '${name}': unsupported dtype '${dtype}' (supported: ${Object.keys(BYTES).join(', ')})`);
  if (!Array.isArray(shape) || !shape.every(isCount)) fail(`tensor '${name}': shape must be a list of non-negative integers`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    fail(`tensor '${name}': data_offsets must be [begin, end] with non-negative integers`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > dataLength) {
    fail(`tensor '${name}': data_offsets [${begin}, ${end}] lie outside the ${dataLength}-byte data section`);
  }
  const elements = (shape as number[]).reduce((p, d) => p * d, 1);
  if (end - begin !== elements * size) {
    fail(`tensor '${name}': ${end - begin} bytes but shape [${shape.join(', ')}] of ${dtype} needs ${elements * size}`);
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

/** Parses and validates a whole file; throws SafetensorsError on any inconsistency. */
export function readSafetensors(bytes: Uint8Array): Map<string, SafetensorsTensor> {
  return parse(bytes).tensors;
}

/** The `__metadata__` map (empty when absent), after validating the whole file. */
export function readSafetensorsMetadata(bytes: Uint8Array): Record<string, string> {
  return parse(bytes).metadata;
}

function parse(bytes: Uint8Array): { tensors: Map<string, SafetensorsTensor>; metadata: Record<string, string> } {
  if (bytes.length < 8) fail(`file is truncated: ${bytes.length} bytes, less than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (n > bytes.length - 8) fail(`header length ${n} goes beyond the end of the ${bytes.length}-byte file`);
  if (n > MAX_HEADER) fail(`header length ${n} is implausibly large`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    fail(`header is not valid UTF-8 JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isObject(header)) fail('header is not a JSON object');

  const dataStart = 8 + n;
  const dataLength = bytes.length - dataStart;
  const entries: Entry[] = [];
  let metadata: Record<string, string> = {};
  for (const [name, v] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (!isObject(v) || !Object.values(v).every((x) => typeof x === 'string')) fail('__metadata__ must map strings to strings');
      metadata = { ...(v as Record<string, string>) };
      continue;
    }
    entries.push(parseEntry(name, v, dataLength));
  }
  // Tensors must tile the data section exactly, as the reference implementation requires.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const e of sorted) {
    if (e.begin < at) fail(`tensor '${e.name}' overlaps another tensor's bytes at offset ${e.begin}`);
    if (e.begin > at) fail(`bytes ${at}..${e.begin} of the data section belong to no tensor`);
    at = e.end;
  }
  if (at !== dataLength) fail(`the data section has ${dataLength} bytes but the tensors cover ${at}`);

  const tensors = new Map<string, SafetensorsTensor>();
  for (const e of entries) {
    const count = e.shape.reduce((p, d) => p * d, 1);
    const tensorView = new DataView(bytes.buffer, bytes.byteOffset + dataStart + e.begin, e.end - e.begin);
    const data = decode(e.dtype, e.name, tensorView, count);
    tensors.set(e.name, { dtype: data instanceof Float32Array ? 'F32' : 'I32', shape: e.shape, data });
  }
  return { tensors, metadata };
}

/** Serializes tensors, sorted by name so the same tensors always give the same bytes. */
export function writeSafetensors(
  tensors: Iterable<readonly [string, { readonly shape: readonly number[]; readonly data: Float32Array | Int32Array }]>,
  metadata?: Readonly<Record<string, string>>,
): Uint8Array {
  const list = [...tensors].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) header['__metadata__'] = { ...metadata };
  let offset = 0;
  for (const [name, t] of list) {
    if (name === '__metadata__') fail(`'__metadata__' cannot name a tensor`);
    if (Object.hasOwn(header, name)) fail(`tensor '${name}' is given twice`);
    if (!t.shape.every((d) => isCount(d))) fail(`tensor '${name}': shape [${t.shape.join(', ')}] is not a list of non-negative integers`);
    const elements = t.shape.reduce((p, d) => p * d, 1);
    if (elements !== t.data.length) fail(`tensor '${name}': shape [${t.shape.join(', ')}] needs ${elements} values, got ${t.data.length}`);
    const dtype = t.data instanceof Float32Array ? 'F32' : 'I32';
    header[name] = { dtype, shape: [...t.shape], data_offsets: [offset, offset + 4 * elements] };
    offset += 4 * elements;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, padded, true);
  view.setUint32(4, 0, true);
  out.fill(0x20, 8, 8 + padded);
  out.set(json, 8);
  let at = 8 + padded;
  for (const [, t] of list) {
    if (LITTLE_ENDIAN) out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    else if (t.data instanceof Float32Array) t.data.forEach((v, i) => view.setFloat32(at + 4 * i, v, true));
    else t.data.forEach((v, i) => view.setInt32(at + 4 * i, v, true));
    at += t.data.byteLength;
  }
  return out;
}
