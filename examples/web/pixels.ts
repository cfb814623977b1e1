// From a drawing to the 8x8 image the digits model reads, made the way the UCI optical digits were:
// the digit is scaled into a 32x32 bitmap (its height filling it, centred), and each 4x4 block of
// that bitmap counts its "on" pixels, giving 64 values from 0 to 16, row-major.

/** How much of a bitmap cell must be inked for the cell to count as on. */
const ON = 0.35;

/**
 * `alpha`: the drawing's coverage, one value per pixel (0 = empty, 255 = ink), row-major
 * `width` x `height` (e.g. every fourth byte of a canvas's RGBA ImageData). Returns 64 counts.
 */
export function toDigitPixels(alpha: ArrayLike<number>, width: number, height: number, stride = 1): Float32Array {
  const at = (x: number, y: number): number => alpha[(y * width + x) * stride]! / 255;
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (at(x, y) > 0.1) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  const out = new Float32Array(64);
  if (x1 < 0) return out;
  // The bounding box, scaled so that its longer side spans the 32x32 bitmap, centred.
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const side = Math.max(w, h);
  const cx = (x0 + x1 + 1) / 2;
  const cy = (y0 + y1 + 1) / 2;
  const cell = side / 32; // source pixels per bitmap pixel
  for (let by = 0; by < 32; by++) {
    for (let bx = 0; bx < 32; bx++) {
      // Mean coverage of the source area under this bitmap pixel (at least one source pixel).
      const sx0 = cx - side / 2 + bx * cell;
      const sy0 = cy - side / 2 + by * cell;
      const xa = Math.floor(sx0);
      const ya = Math.floor(sy0);
      const xb = Math.max(xa + 1, Math.floor(sx0 + cell));
      const yb = Math.max(ya + 1, Math.floor(sy0 + cell));
      let sum = 0;
      let n = 0;
      for (let y = ya; y < yb; y++) {
        for (let x = xa; x < xb; x++) {
          n++;
          if (x >= 0 && y >= 0 && x < width && y < height) sum += at(x, y);
        }
      }
      if (sum / n >= ON) out[(by >> 2) * 8 + (bx >> 2)] += 1;
    }
  }
  return out;
}
