// First values of a model's parameters: seeded initializers, or the literal values written in the file.
import { initializers, seedFor } from './initializers.js';
import type { ParamInfo } from './model-types.js';

export function initialWeights(params: readonly ParamInfo[], seed: number): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const p of params) {
    const n = p.shape.reduce((a, b) => a * b, 1);
    if (p.init.kind === 'values') {
      const v = p.init.values;
      out.set(p.name, v.length === 1 ? new Float32Array(n).fill(v[0]!) : Float32Array.from(v));
    } else {
      out.set(p.name, initializers[p.init.name]!.init(p.shape, p.init.args, seedFor(seed, p.name)));
    }
  }
  return out;
}
