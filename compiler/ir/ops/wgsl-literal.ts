// Formats a JS number as a WGSL f32 literal (`1.0`, `1e-07`, `(-0.5)`).
export function f32Lit(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`cannot emit non-finite constant ${x} in WGSL`);
  // WGSL rounds the decimal to f32 itself; the shortest JS form keeps generated code readable.
  let s = String(x);
  if (!/[.eE]/.test(s)) s += '.0';
  return x < 0 || Object.is(x, -0) ? `(${s})` : s;
}
