// Every example model: its forward program on the GPU equals the reference interpreter (1e-5
// relative) for several batch sizes, with seeded initial weights.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFile } from '../../compiler/check/check-file.js';
import { initialWeights } from '../../compiler/check/init-weights.js';
import { generate } from '../../compiler/codegen/codegen.js';
import { evaluate } from '../../compiler/interp/interpreter.js';
import type { NDArray } from '../../compiler/interp/ndarray.js';
import type { OpenedDevice } from '../../runtime/device.js';
import { ModuleRunner } from '../../runtime/executor.js';
import { root } from '../helpers/cli.js';
import { expectClose, randomArray } from '../helpers/compare.js';
import { testDevice } from '../helpers/gpu.js';

const dir = join(root, 'dsl-examples');
const files = readdirSync(dir).filter((f) => f.endsWith('.nn')).sort();

let gpu: OpenedDevice;
beforeAll(async () => {
  gpu = await testDevice();
});
afterAll(() => gpu?.destroy());

describe('examples on the GPU equal the interpreter', () => {
  it('finds the examples', () => expect(files.length).toBeGreaterThanOrEqual(4));
  for (const f of files) {
    it(f, async () => {
      const checked = checkFile({ path: f, text: readFileSync(join(dir, f), 'utf8') });
      for (const model of checked.models) {
        const weights = initialWeights(model.params, 11);
        // Non-trivial BN statistics, so the inference normalization is exercised.
        for (const p of model.params) {
          if (p.name.endsWith('moving_mean')) weights.set(p.name, randomArray(weights.get(p.name)!.length, 5, -0.5, 0.5));
          if (p.name.endsWith('moving_variance')) weights.set(p.name, randomArray(weights.get(p.name)!.length, 6, 0.5, 2));
        }
        const runner = await ModuleRunner.create(gpu.device, generate({ outputs: model.outputs }));
        try {
          for (const p of model.params) runner.setTensor(p.name, weights.get(p.name)!);
          const params = new Map<string, NDArray>(model.params.map((p) => [p.name, { shape: p.shape, data: weights.get(p.name)! }]));
          for (const batch of [1, 4, 67]) {
            const inputs = new Map<string, NDArray>();
            for (const [k, inp] of model.inputs.entries()) {
              const shape = inp.shape.map((d) => (typeof d === 'number' ? d : batch));
              inputs.set(inp.name, { shape, data: randomArray(shape.reduce((a, b) => a * b, 1), 31 * batch + k, -2, 2) });
            }
            const want = evaluate(model.outputs.map((o) => o.node), { inputs, params }, 'f32');
            const got = await runner.run('predict', Object.fromEntries([...inputs].map(([n, v]) => [n, { data: v.data as Float32Array, shape: v.shape }])));
            model.outputs.forEach((o, k) => expectClose(got[o.name]!.data, want[k]!.data, 1e-5, 1e-6, `${f} ${o.name} batch ${batch}`));
          }
        } finally {
          runner.destroy();
        }
      }
    });
  }
});
