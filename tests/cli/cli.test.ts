// The nnc command end to end: real files, the real binary, the real device.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSafetensors } from '../../runtime/safetensors.js';
import { nnc, userStderr } from '../helpers/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'nnc-cli-'));

describe('nnc predict', () => {
  it('computes XOR by hand on WebGPU: 0, 1, 1, 0', () => {
    const r = nnc(['predict', 'dsl-examples/xor_by_hand.nn', '--input', 'dsl-examples/data/xor.csv', '--backend', 'webgpu']);
    expect(userStderr(r.stderr)).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('0\n1\n1\n0\n');
  });
  it('gives the same on the cpu interpreter, with a header on request', () => {
    const r = nnc(['predict', 'dsl-examples/xor_by_hand.nn', '--input', 'dsl-examples/data/xor.csv', '--backend', 'cpu', '--header']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('y\n0\n1\n1\n0\n');
  });
  it('runs with weights written by nnc init, GPU equal to cpu', () => {
    const dir = tmp();
    const w = join(dir, 'w.safetensors');
    expect(nnc(['init', 'dsl-examples/batchnorm_classifier.nn', '--seed', '3', '-o', w]).code).toBe(0);
    const rows = ['a' + Array.from({ length: 19 }, (_, i) => `,f${i}`).join('')];
    for (let r = 0; r < 9; r++) rows.push(Array.from({ length: 20 }, (_, i) => ((r * 7 + i * 3) % 11) / 5 - 1).join(','));
    writeFileSync(join(dir, 'in.csv'), rows.join('\n') + '\n');
    const gpu = nnc(['predict', 'dsl-examples/batchnorm_classifier.nn', '--weights', w, '--input', join(dir, 'in.csv'), '--backend', 'webgpu']);
    const cpu = nnc(['predict', 'dsl-examples/batchnorm_classifier.nn', '--weights', w, '--input', join(dir, 'in.csv'), '--backend', 'cpu']);
    expect(gpu.code).toBe(0);
    expect(cpu.code).toBe(0);
    const a = gpu.stdout.trim().split('\n').map(Number);
    const b = cpu.stdout.trim().split('\n').map(Number);
    expect(a).toHaveLength(9);
    a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(b[i]!))));
    for (const v of a) expect(v > 0 && v < 1).toBe(true); // sigmoid output
  });
  it('refuses a CSV with the wrong number of columns, naming both counts', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'in.csv'), 'a,b,c\n1,2,3\n');
    const r = nnc(['predict', 'dsl-examples/xor_by_hand.nn', '--input', join(dir, 'in.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('has 3 columns but input \'x\' takes 2 features per row');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('names the row and column of a non-numeric cell', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'in.csv'), 'a,b\n1,2\n3,x\n');
    const r = nnc(['predict', 'dsl-examples/xor_by_hand.nn', '--input', join(dir, 'in.csv')]);
    expect(r.code).toBe(1);
    expect(userStderr(r.stderr)).toBe(`nnc: error: ${join(dir, 'in.csv')}:3: column 'b' holds 'x', which is not a number\n`);
  });
  it('refuses weights that do not fit the model, listing each problem', () => {
    const dir = tmp();
    const w = join(dir, 'w.safetensors');
    expect(nnc(['init', 'dsl-examples/xor.nn', '-o', w]).code).toBe(0);
    const r = nnc(['predict', 'dsl-examples/xor_by_hand.nn', '--weights', w, '--input', 'dsl-examples/data/xor.csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("missing tensor 'W' (shape [2, 2])");
    expect(r.stderr).toContain("tensor 'hidden_layer.kernel' is not a parameter of model 'xor_by_hand'");
  });
});

describe('nnc summary', () => {
  it('prints the batchnorm classifier as Keras does: 3,841 / 3,649 / 192', () => {
    const r = nnc(['summary', 'dsl-examples/batchnorm_classifier.nn']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('│ dense_1 (Dense)                 │ (None, 64)             │         1,344 │');
    expect(r.stdout).toContain('│ batch_norm_1                    │ (None, 64)             │           256 │\n│ (BatchNormalization)            │                        │               │');
    expect(r.stdout).toContain(' Total params: 3,841 (15.00 KB)\n Trainable params: 3,649 (14.25 KB)\n Non-trainable params: 192 (768.00 B)\n');
  });
  it('counts 12,545 parameters in the dropout regression model', () => {
    const r = nnc(['summary', 'dsl-examples/regression_dropout.nn']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('│ dense (Dense)                   │ (None, 128)            │         4,224 │');
    expect(r.stdout).toContain('│ dropout_1 (Dropout)             │ (None, 64)             │             0 │');
    expect(r.stdout).toContain(' Total params: 12,545 (49.00 KB)');
  });
  it('prints the XOR network like the reference', () => {
    const r = nnc(['summary', 'dsl-examples/xor.nn']);
    expect(r.stdout).toBe(
      [
        'Model: "xor"',
        '┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓',
        '┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃',
        '┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩',
        '│ hidden_layer (Dense)            │ (None, 2)              │             6 │',
        '├─────────────────────────────────┼────────────────────────┼───────────────┤',
        '│ output_layer (Dense)            │ (None, 1)              │             3 │',
        '└─────────────────────────────────┴────────────────────────┴───────────────┘',
        ' Total params: 9 (36.00 B)',
        ' Trainable params: 9 (36.00 B)',
        ' Non-trainable params: 0 (0.00 B)',
        '',
      ].join('\n'),
    );
  });
});

describe('nnc init', () => {
  it('writes deterministic weights: the same seed gives the same bytes', () => {
    const dir = tmp();
    expect(nnc(['init', 'dsl-examples/xor.nn', '--seed', '5', '-o', join(dir, 'a.safetensors')]).code).toBe(0);
    expect(nnc(['init', 'dsl-examples/xor.nn', '--seed', '5', '-o', join(dir, 'b.safetensors')]).code).toBe(0);
    expect(nnc(['init', 'dsl-examples/xor.nn', '--seed', '6', '-o', join(dir, 'c.safetensors')]).code).toBe(0);
    const a = readFileSync(join(dir, 'a.safetensors'));
    expect(a.equals(readFileSync(join(dir, 'b.safetensors')))).toBe(true);
    expect(a.equals(readFileSync(join(dir, 'c.safetensors')))).toBe(false);
    const t = readSafetensors(a);
    expect([...t.keys()].sort()).toEqual(['hidden_layer.bias', 'hidden_layer.kernel', 'output_layer.bias', 'output_layer.kernel']);
    expect(t.get('hidden_layer.kernel')!.shape).toEqual([2, 2]);
  });
  it('needs -o and says so', () => {
    const r = nnc(['init', 'dsl-examples/xor.nn']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('nnc: error: where to? give the output file with -o W.safetensors\n');
  });
});

describe('bad input never gives a stack trace', () => {
  it('a malformed file: exit 1, located diagnostics, no output file', () => {
    const dir = tmp();
    const f = join(dir, 'bad.nn');
    writeFileSync(f, 'model m {\n  input x: [N, 2]\n  layers {\n    Dense(3, activation = rellu)\n  }\n}\n');
    const out = join(dir, 'w.safetensors');
    const r = nnc(['init', f, '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${f}:4:27: error: unknown activation 'rellu'`);
    expect(r.stderr).toContain("hint: did you mean 'relu'?");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });
  it('a missing file, an unknown command and an unknown option', () => {
    expect(nnc(['check', 'nope.nn']).stderr).toBe("nnc: error: cannot read model file 'nope.nn': no such file\n");
    expect(nnc(['chek']).stderr).toContain("nnc: error: unknown command 'chek'");
    const r = nnc(['summary', 'dsl-examples/xor.nn', '--modle', 'x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("has no option '--modle' (did you mean '--model'?)");
  });
  it('an unknown --model names the models of the file', () => {
    const r = nnc(['summary', 'dsl-examples/xor.nn', '--model', 'xr']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no model named 'xr'; it declares 'xor'");
  });
});

describe('--help', () => {
  for (const cmd of ['check', 'summary', 'init', 'predict']) {
    it(`nnc ${cmd} --help`, () => {
      const r = nnc([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^usage: nnc ${cmd} `));
    });
  }
  it('nnc --help lists the commands', () => {
    const r = nnc(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('summary');
  });
});
