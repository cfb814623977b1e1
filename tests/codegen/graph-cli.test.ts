// `nnc graph`: the graph of a model at each stage (forward IR, training step, fused kernels), in
// text and Graphviz dot, and the kernels per run, fused and unfused.
import { describe, expect, it } from 'vitest';
import { nnc } from '../helpers/cli.js';

describe('nnc graph', () => {
  it('prints the forward IR by default, with the kernel counts', () => {
    const r = nnc(['graph', 'dsl-examples/xor.nn']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^# \w+: forward IR/);
    expect(r.stdout).toMatch(/= matmul %\d+, %\d+ : f32\[N, 2\]/);
    const m = /train_step\s+(\d+) \/ (\d+)/.exec(r.stdout)!;
    expect(Number(m[1]) * 2).toBeLessThanOrEqual(Number(m[2]));
  });

  it('prints the training step with its updates (backward stage)', () => {
    const r = nnc(['graph', 'dsl-examples/batchnorm_classifier.nn', '--stage', 'backward']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^update dense_1\.kernel <- %\d+$/m);
    expect(r.stdout).toMatch(/^update batch_norm_1\.moving_mean <- %\d+$/m);
    expect(r.stdout).toContain('matmul_tn');
  });

  it('prints the fused kernels with the IR nodes each computes', () => {
    const r = nnc(['graph', 'dsl-examples/batchnorm_classifier.nn', '--stage', 'fused', '--program', 'predict']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^# predict: \d+ kernels, one submit/);
    expect(r.stdout).toMatch(/^kernel \d+ \(matmul \+ epilogue\)/m);
    expect(r.stdout).toMatch(/relu\(%\d+\) : f32\[N, 64\] -> /);
  });

  it('writes Graphviz dot; svg is left to Graphviz', () => {
    const ir = nnc(['graph', 'dsl-examples/xor.nn', '--format', 'dot']);
    expect(ir.code, ir.stderr).toBe(0);
    expect(ir.stdout).toMatch(/^digraph "/);
    expect(ir.stdout).toMatch(/n\d+ -> n\d+;/);
    const k = nnc(['graph', 'dsl-examples/xor.nn', '--stage', 'fused', '--format', 'dot']);
    expect(k.stdout).toMatch(/k\d+ -> k\d+ \[label=/);
    expect(k.stdout).toMatch(/^\/\/ kernels per run/m);
    const svg = nnc(['graph', 'dsl-examples/xor.nn', '--format', 'svg']);
    expect(svg.code).toBe(1);
    expect(svg.stderr).toContain('dot -Tsvg');
  });

  it('refuses a backward graph for a model without a train block', () => {
    const r = nnc(['graph', 'dsl-examples/xor_by_hand.nn', '--stage', 'backward']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no train block/);
  });
});
