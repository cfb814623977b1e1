import { describe, expect, it } from 'vitest';
import { readSafetensors, readSafetensorsMetadata, SafetensorsError, writeSafetensors } from '../../runtime/safetensors.js';

/** Builds a file by hand: header object, then raw data bytes; `n` overrides the stored length. */
function build(header: unknown, data: Uint8Array = new Uint8Array(0), opts: { n?: number; raw?: string } = {}): Uint8Array {
  const json = new TextEncoder().encode(opts.raw ?? JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, opts.n ?? json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function f32bytes(values: number[]): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}

describe('safetensors round trip', () => {
  it('writes and reads F32 and I32 tensors with metadata', () => {
    const w = Float32Array.from([1.5, -2, 3.25, 0, 1e-30, -7]);
    const idx = Int32Array.from([-1, 0, 2147483647]);
    const bytes = writeSafetensors(
      [
        ['dense.kernel', { shape: [2, 3], data: w }],
        ['a.labels', { shape: [3], data: idx }],
        ['empty', { shape: [0, 4], data: new Float32Array(0) }],
        ['scalar', { shape: [], data: Float32Array.from([42]) }],
      ],
      { format: 'nnc', seed: '7' },
    );
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0); // data starts 8-aligned
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(Object.keys(header)).toEqual(['__metadata__', 'a.labels', 'dense.kernel', 'empty', 'scalar']); // sorted
    const back = readSafetensors(bytes);
    expect(back.get('dense.kernel')).toEqual({ dtype: 'F32', shape: [2, 3], data: w });
    expect(back.get('a.labels')).toEqual({ dtype: 'I32', shape: [3], data: idx });
    expect(back.get('empty')!.data.length).toBe(0);
    expect(back.get('scalar')).toEqual({ dtype: 'F32', shape: [], data: Float32Array.from([42]) });
    expect(readSafetensorsMetadata(bytes)).toEqual({ format: 'nnc', seed: '7' });
  });

  it('gives the same bytes whatever the input order', () => {
    const a: [string, { shape: number[]; data: Float32Array }] = ['a', { shape: [1], data: Float32Array.from([1]) }];
    const b: [string, { shape: number[]; data: Float32Array }] = ['b', { shape: [2], data: Float32Array.from([2, 3]) }];
    expect(writeSafetensors([a, b])).toEqual(writeSafetensors(new Map([b, a])));
  });

  it('reads from a subarray at an odd offset', () => {
    const bytes = writeSafetensors([['x', { shape: [2], data: Float32Array.from([1, 2]) }]]);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(readSafetensors(shifted.subarray(3)).get('x')!.data).toEqual(Float32Array.from([1, 2]));
  });

  it('converts F64, F16, BF16 to F32 and I64 to I32', () => {
    const f64 = new Uint8Array(Float64Array.from([0.5, -3]).buffer);
    const f16 = new Uint8Array(Uint16Array.from([0x3c00, 0xc000, 0x0001, 0x7c00]).buffer); // 1, -2, 2^-24, inf
    const bf16 = new Uint8Array(Uint16Array.from([0x3f80, 0xc040]).buffer); // 1, -3
    const i64 = new Uint8Array(BigInt64Array.from([5n, -6n]).buffer);
    const data = new Uint8Array([...f64, ...f16, ...bf16, ...i64]);
    const bytes = build(
      {
        d: { dtype: 'F64', shape: [2], data_offsets: [0, 16] },
        h: { dtype: 'F16', shape: [4], data_offsets: [16, 24] },
        b: { dtype: 'BF16', shape: [2], data_offsets: [24, 28] },
        l: { dtype: 'I64', shape: [2], data_offsets: [28, 44] },
      },
      data,
    );
    const t = readSafetensors(bytes);
    expect(t.get('d')).toEqual({ dtype: 'F32', shape: [2], data: Float32Array.from([0.5, -3]) });
    expect(Array.from(t.get('h')!.data)).toEqual([1, -2, Math.fround(2 ** -24), Infinity]);
    expect(Array.from(t.get('b')!.data)).toEqual([1, -3]);
    expect(t.get('l')).toEqual({ dtype: 'I32', shape: [2], data: Int32Array.from([5, -6]) });
  });
});

describe('safetensors corruption', () => {
  const one = { x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
  const cases: [string, Uint8Array, RegExp][] = [
    ['a truncated length', new Uint8Array(5), /truncated/],
    ['a header length beyond the file', build(one, f32bytes([1, 2]), { n: 1000 }), /header length 1000 goes beyond/],
    ['a huge u64 header length', (() => { const b = build(one, f32bytes([1, 2])); new DataView(b.buffer).setUint32(4, 1, true); return b; })(), /beyond the end/],
    ['invalid JSON', build(null, f32bytes([1, 2]), { raw: '{"x": {' }), /not valid UTF-8 JSON/],
    ['invalid UTF-8', build(null, new Uint8Array(0), { raw: '\u0000' }).map((v, i) => (i === 8 ? 0xff : v)), /not valid UTF-8 JSON/],
    ['a non-object header', build([1, 2]), /not a JSON object/],
    ['offsets out of range', build({ x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, f32bytes([1])), /outside the 4-byte data section/],
    ['reversed offsets', build({ x: { dtype: 'F32', shape: [0], data_offsets: [4, 0] } }, f32bytes([1])), /outside/],
    ['overlapping tensors', build({ x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, y: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, f32bytes([1, 2])), /overlaps/],
    ['a byte count not matching the shape', build({ x: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, f32bytes([1, 2])), /8 bytes but shape \[3\] of F32 needs 12/],
    ['an unsupported dtype', build({ x: { dtype: 'U8', shape: [4], data_offsets: [0, 4] } }, f32bytes([1])), /unsupported dtype 'U8'/],
    ['a bad shape', build({ x: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, f32bytes([1])), /shape must be/],
    ['missing offsets', build({ x: { dtype: 'F32', shape: [1] } }, f32bytes([1])), /data_offsets/],
    ['bytes owned by no tensor', build({ x: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, f32bytes([1, 2])), /belong to no tensor/],
    ['trailing bytes', build({ x: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32bytes([1, 2])), /cover 4/],
    ['bad metadata', build({ __metadata__: { a: 1 } }), /__metadata__/],
    ['an I64 out of I32 range', build({ x: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(BigInt64Array.from([2n ** 40n]).buffer)), /does not fit/],
  ];
  for (const [what, bytes, message] of cases) {
    it(`refuses ${what}`, () => {
      let err: unknown;
      try {
        readSafetensors(bytes);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SafetensorsError);
      const msg = (err as Error).message;
      expect(msg).toMatch(message);
      expect(msg).not.toContain('\n');
    });
  }

  it('refuses to write inconsistent tensors', () => {
    expect(() => writeSafetensors([['x', { shape: [3], data: new Float32Array(2) }]])).toThrow(SafetensorsError);
    expect(() => writeSafetensors([['__metadata__', { shape: [1], data: new Float32Array(1) }]])).toThrow(/cannot name/);
    expect(() => writeSafetensors([['x', { shape: [1], data: new Float32Array(1) }], ['x', { shape: [1], data: new Float32Array(1) }]])).toThrow(/twice/);
  });
});
