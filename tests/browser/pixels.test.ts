// The page's drawing → 8x8 step (examples/web/pixels.ts), in Node: the digit is scaled to fill a
// 32x32 bitmap and each 4x4 block counts its inked pixels (0..16), as the UCI digits were made.
import { describe, expect, it } from 'vitest';
import { toDigitPixels } from '../../examples/web/pixels.js';

function canvas(w: number, h: number, ink: (x: number, y: number) => boolean): Uint8Array {
  const a = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) a[y * w + x] = ink(x, y) ? 255 : 0;
  return a;
}

describe('toDigitPixels', () => {
  it('gives zeros for an empty drawing', () => {
    expect(Array.from(toDigitPixels(new Uint8Array(64 * 64), 64, 64))).toEqual(new Array(64).fill(0));
  });

  it('scales a small square anywhere on the canvas up to the whole image', () => {
    const a = toDigitPixels(canvas(256, 256, (x, y) => x >= 10 && x < 42 && y >= 200 && y < 232), 256, 256);
    expect(Array.from(a)).toEqual(new Array(64).fill(16));
  });

  it('keeps the aspect ratio: a tall bar stays a centred column', () => {
    const a = toDigitPixels(canvas(256, 256, (x, y) => x >= 120 && x < 136 && y >= 0 && y < 256), 256, 256);
    for (let r = 0; r < 8; r++) {
      const row = Array.from(a.subarray(r * 8, r * 8 + 8));
      expect(row.slice(0, 3)).toEqual([0, 0, 0]);
      expect(row.slice(5)).toEqual([0, 0, 0]);
      expect(row[3]! + row[4]!).toBe(8); // 16 of 256 pixels wide: 2 of the 32 bitmap columns, times 4 bitmap rows per block
    }
  });

  it('reads RGBA image data through a stride, and counts values 0..16', () => {
    const w = 40;
    const rgba = new Uint8Array(w * w * 4);
    for (let y = 0; y < w; y++) for (let x = 0; x < w; x++) if ((x - 20) ** 2 + (y - 20) ** 2 < 15 ** 2 && (x - 20) ** 2 + (y - 20) ** 2 > 9 ** 2) rgba[(y * w + x) * 4 + 3] = 255;
    const a = toDigitPixels(rgba.subarray(3), w, w, 4);
    expect(a.every((v) => Number.isInteger(v) && v >= 0 && v <= 16)).toBe(true);
    expect(a[27]! + a[28]! + a[35]! + a[36]!).toBeLessThan(a[3]! + a[4]! + a[24]! + a[31]!); // a ring: ink at the edges, not the centre
  });
});
