// BatchNorm folding: the rewritten inference program computes the same numbers as the original one
// (f64 interpreter, with non-trivial moving statistics, gamma and beta), and Dense + BatchNorm +
// ReLU then compiles to one matmul kernel whose epilogue applies the scale, shift and activation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../../compiler/check/check-file.js';
import { generate } from '../../compiler/codegen/codegen.js';
import { topoOrder } from '../../compiler/ir/graph.js';
import { evaluate } from '../../compiler/interp/interpreter.js';
import type { NDArray } from '../../compiler/interp/ndarray.js';
import { foldBatchNorm } from '../../compiler/passes/fold-bn.js';
import { mlpSource } from '../../bench/models.js';
import { root } from '../helpers/cli.js';
import { expectClose, randomArray } from '../helpers/compare.js';

const sources: [string, string, number][] = [
  ['dsl-examples/batchnorm_classifier.nn', readFileSync(join(root, 'dsl-examples/batchnorm_classifier.nn'), 'utf8'), 2],
  ['MLP 784-32-32-10', mlpSource(32, 16), 2],
  [
    'BatchNorm without scale or center, after an activation',
    `version 1
model m {
  input x: [N, 5]
  layers {
    Dense(6, activation = tanh)
    BatchNorm(scale = false, center = false)
    Dense(3)
    BatchNorm(scale = false)
  }
}
`,
    2,
  ],
];

describe('foldBatchNorm', () => {
  for (const [name, text, layers] of sources) {
    it(`${name}: same predictions, ${layers} BatchNorm layers folded`, () => {
      const model = checkFile({ path: 'm.nn', text }).models[0]!;
      const roots = model.outputs.map((o) => o.node);
      const { roots: after, folded } = foldBatchNorm(roots);
      expect(folded).toBe(layers);
      // No division by the standard deviation is left at the batch's size: only [features]-sized.
      for (const n of topoOrder(after)) if (n.op === 'div' || n.op === 'sqrt') expect(n.type.shape.some((d) => typeof d === 'string'), n.op).toBe(false);
      const params = new Map<string, NDArray>();
      model.params.forEach((p, i) => {
        const size = p.shape.reduce((a, b) => a * b, 1);
        const lo = p.name.endsWith('moving_variance') ? 0.2 : -1;
        params.set(p.name, { shape: p.shape, data: Float64Array.from(randomArray(size, 31 + i, lo, 2)) });
      });
      const input = model.inputs[0]!;
      const shape = input.shape.map((d) => (typeof d === 'number' ? d : 7));
      const inputs = new Map<string, NDArray>([[input.name, { shape, data: Float64Array.from(randomArray(shape.reduce((a, b) => a * b, 1), 5, -2, 2)) }]]);
      const a = evaluate(roots, { inputs, params }, 'f64');
      const b = evaluate(after, { inputs, params }, 'f64');
      a.forEach((x, i) => expectClose(b[i]!.data, x.data, 1e-10, 1e-12, `${name} output ${i}`));
    });
  }

  it('Dense + BatchNorm + ReLU is one matmul kernel with a scale, shift and ReLU epilogue', () => {
    const model = checkFile({ path: 'mlp.nn', text: mlpSource(256, 128) }).models[0]!;
    const mod = generate({ outputs: model.outputs });
    const matmuls = mod.kernels.filter((k) => k.name.includes('matmul'));
    expect(matmuls).toHaveLength(3);
    // Both hidden layers: the matmul kernel applies relu; nothing else touches a [N, 256] value.
    expect(matmuls.filter((k) => /relu/.test(k.wgsl.split('\n').filter((l) => l.startsWith('//')).join('\n')))).toHaveLength(2);
    for (const k of mod.kernels.filter((k) => !k.name.includes('matmul'))) expect(k.wgsl).not.toMatch(/f32\[N, 256\]/);
    // The scale and shift of each layer come from a small kernel over its 256 features (two within
    // the default 8-buffer budget; one where a kernel may bind 16); the softmax is the classifier
    // matmul's epilogue.
    expect(mod.kernels.length).toBe(5);
    expect(matmuls.at(-1)!.wgsl).toMatch(/= softmax\(/);
    expect(generate({ outputs: model.outputs }, { maxStorageBuffers: 16 }).kernels.length).toBe(4);
  });
});
