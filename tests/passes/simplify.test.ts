// The simplification pass: rewritten programs compute the same numbers, and the gradients users
// see (`nnc grad`) carry the combined forms y_hat - y and p - y (golden files).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../../compiler/check/check-file.js';
import { topoOrder } from '../../compiler/ir/graph.js';
import { evaluate } from '../../compiler/interp/interpreter.js';
import type { NDArray } from '../../compiler/interp/ndarray.js';
import { initialWeights } from '../../compiler/check/init-weights.js';
import { simplify } from '../../compiler/passes/simplify.js';
import { lossAndGradients } from '../../compiler/training/train-graph.js';
import { nnc, root } from '../helpers/cli.js';
import { expectClose, randomArray } from '../helpers/compare.js';
import { expectGolden } from '../helpers/golden.js';

const files = ['dsl-examples/xor.nn', 'tests/fixtures/sigmoid_bce.nn', 'tests/fixtures/softmax_ce.nn', 'dsl-examples/batchnorm_classifier.nn'];

describe('simplify', () => {
  for (const f of files) {
    it(`${f}: loss and gradients are unchanged and smaller`, () => {
      const text = readFileSync(join(root, f), 'utf8');
      const training = checkFile({ path: f, text }, 'training', { seed: 1 }).models[0]!;
      const cfg = checkFile({ path: f, text }).trains.get(training.name) ?? {
        loss: 'binary_crossentropy', metrics: [], output: null,
      };
      const { figures, grads, trainable } = lossAndGradients(training, cfg as never);
      const roots = [figures.loss, ...trainable.map((p) => grads.get(p)!)];
      const map = simplify(training.graph, roots);
      const after = roots.map((r) => map.get(r)!);
      expect(topoOrder(after).length).toBeLessThanOrEqual(topoOrder(roots).length);
      const w = initialWeights(training.params, 3);
      const params = new Map<string, NDArray>(training.params.map((p) => [p.name, { shape: p.shape, data: w.get(p.name)! }]));
      params.set('optimizer.step', { shape: [], data: new Float64Array([2]) });
      const rows = 5;
      const input = training.inputs[0]!;
      const features = input.shape.slice(1) as number[];
      const target = topoOrder(roots).find((n) => n.op === 'input' && n.attrs.name === '__targets')!;
      const tshape = target.type.shape.map((d) => (typeof d === 'number' ? d : rows));
      const tdata = target.type.dtype === 'i32' ? Int32Array.from({ length: tshape.reduce((a, b) => a * b, 1) }, (_, i) => i % 3) : randomArray(tshape.reduce((a, b) => a * b, 1), 8, 0, 1);
      const inputs = new Map<string, NDArray>([
        [input.name, { shape: [rows, ...features], data: randomArray(rows * features.reduce((a, b) => a * b, 1), 7) }],
        ['__targets', { shape: tshape, data: tdata }],
      ]);
      const a = evaluate(roots, { inputs, params }, 'f64');
      const b = evaluate(after, { inputs, params }, 'f64');
      a.forEach((x, i) => expectClose(b[i]!.data, x.data, 1e-12, 1e-12, `${f} root ${i}`));
    });
  }
});

describe('nnc grad shows the simplified gradients', () => {
  for (const f of ['dsl-examples/xor.nn', 'tests/fixtures/sigmoid_bce.nn', 'tests/fixtures/softmax_ce.nn']) {
    it(f, () => {
      const r = nnc(['grad', f]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expectGolden(`grad/${f.split('/').pop()!.replace('.nn', '.txt')}`, r.stdout);
    });
  }
  it('sigmoid + binary cross-entropy gives out - y at the logits', () => {
    expect(nnc(['grad', 'tests/fixtures/sigmoid_bce.nn']).stdout).toMatch(/ = \(out - y\) \* /);
  });
  it('softmax + sparse categorical cross-entropy gives probs - one_hot(y)', () => {
    const out = nnc(['grad', 'tests/fixtures/softmax_ce.nn']).stdout;
    const onehot = /(t\d+) = one_hot\(y\)/.exec(out)![1]!;
    expect(out).toContain(`(probs - ${onehot}) * `);
  });
});
