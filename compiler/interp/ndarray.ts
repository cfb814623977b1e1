// Dense row-major arrays for the reference interpreter. Float arrays are Float64Array (the oracle
// for gradient checks) or Float32Array (rounding like the GPU after every op).
export type FloatArray = Float32Array | Float64Array;
export type Data = FloatArray | Int32Array;

export interface NDArray {
  readonly shape: readonly number[];
  readonly data: Data;
}

export function sizeOfShape(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** A shape seen as [outer, size, inner] around `axis`: the layout every per-axis kernel walks. */
export function aroundAxis(shape: readonly number[], axis: number): { outer: number; size: number; inner: number } {
  return { outer: sizeOfShape(shape.slice(0, axis)), size: shape[axis]!, inner: sizeOfShape(shape.slice(axis + 1)) };
}

export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/**
 * For each output index of shape `out`, the index into an operand of shape `inShape` broadcast to
 * `out` (right-aligned, size-1 dims repeat).
 */
export function broadcastIndex(inShape: readonly number[], out: readonly number[]): Int32Array {
  const n = sizeOfShape(out);
  const idx = new Int32Array(n);
  const offset = out.length - inShape.length;
  const inStrides = stridesOf(inShape);
  const coord = new Array<number>(out.length).fill(0);
  for (let i = 0; i < n; i++) {
    let j = 0;
    for (let a = 0; a < inShape.length; a++) {
      if (inShape[a] !== 1) j += coord[a + offset]! * inStrides[a]!;
    }
    idx[i] = j;
    for (let a = out.length - 1; a >= 0; a--) {
      if (++coord[a]! < out[a]!) break;
      coord[a] = 0;
    }
  }
  return idx;
}
