// `nnc train` against an independent float64 implementation (reference-mlp.ts, written from
// DSL.md section 5 with no code shared with compiler/ or runtime/). For each optimizer a `.nn`
// file with `shuffle = false` and no dropout is initialized with `nnc init --seed`, trained for
// exactly 20 steps with `nnc train --weights ... --save ...`, and the saved weights are compared
// with the reference trained from the same initial file on the same rows in the same order. This
// is what `--weights`, `--save`, `--seed` and `shuffle = false` are for: comparing nnc with an
// outside implementation. The per-epoch losses of `--history` are compared as well.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSafetensors, readSafetensorsMetadata } from '../../runtime/safetensors.js';
import { nnc, userStderr } from '../helpers/cli.js';
import { uniform, worstError } from './engines.js';
import { lossAndGradient, trainReference, type RefConfig, type RefOptimizer, type Weights } from './reference-mlp.js';

const REL = 1e-3;
const ABS = 1e-4;

const dir = mkdtempSync(join(tmpdir(), 'nnc-reference-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const worst = new Map<string, number>();
afterAll(() => {
  if (worst.size) console.log(`nnc train vs float64 reference, worst relative error: ${[...worst].map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', ')}`);
});

interface Case {
  readonly name: string;
  /** The optimizer as written in the .nn file (some rely on DSL.md's defaults). */
  readonly optimizerText: string;
  /** The same optimizer, every value spelled out, for the reference. */
  readonly optimizer: RefOptimizer;
  readonly inputs: number;
  readonly layers: RefConfig['layers'];
  readonly loss: RefConfig['loss'] | 'sparse_categorical_crossentropy';
  readonly rows: number;
  readonly batch: number;
  readonly epochs: number;
  readonly seed: number;
  /** Targets of a row of features. */
  readonly target: (x: readonly number[]) => number[];
}

const argmax = (v: readonly number[]): number => v.indexOf(Math.max(...v));
const oneHot = (k: number, n: number): number[] => Array.from({ length: n }, (_, i) => (i === k ? 1 : 0));

// Every case takes exactly 20 steps: rows / batch (rounded up) * epochs.
const cases: Case[] = [
  {
    name: 'sgd',
    optimizerText: 'sgd(lr = 0.2)',
    optimizer: { kind: 'sgd', lr: { kind: 'constant', lr: 0.2 } },
    inputs: 4,
    layers: [
      { name: 'hidden', units: 6, activation: 'relu', l2: 0.01 },
      { name: 'out', units: 3, activation: 'softmax' },
    ],
    loss: 'categorical_crossentropy',
    rows: 36, batch: 8, epochs: 4, seed: 3, // 5 steps per epoch, the last of 4 rows
    target: (x) => oneHot(argmax([x[0]! + x[1]!, x[2]! - x[0]!, x[3]! + 0.3]), 3),
  },
  {
    name: 'momentum',
    optimizerText: 'momentum(lr = exponential_decay(0.1, 0.5, 8))', // momentum = 0.9 by default
    optimizer: { kind: 'momentum', lr: { kind: 'exponential_decay', lr: 0.1, rate: 0.5, every: 8 }, momentum: 0.9 },
    inputs: 3,
    layers: [
      { name: 'h', units: 5, activation: 'sigmoid', l1: 0.01 },
      { name: 'y', units: 2, activation: 'linear' },
    ],
    loss: 'mse',
    rows: 40, batch: 10, epochs: 5, seed: 4,
    target: (x) => [x[0]! - 2 * x[1]! + 0.5, x[2]! * x[0]!],
  },
  {
    name: 'adagrad',
    optimizerText: 'adagrad(lr = cosine_decay(0.1, 15))', // epsilon = 1e-7, initial_accumulator = 0.1
    optimizer: { kind: 'adagrad', lr: { kind: 'cosine_decay', lr: 0.1, steps: 15 }, epsilon: 1e-7, initialAccumulator: 0.1 },
    inputs: 4,
    layers: [
      { name: 'hidden', units: 6, activation: 'relu', l2: 0.005 },
      { name: 'prob', units: 1, activation: 'sigmoid' },
    ],
    loss: 'binary_crossentropy',
    rows: 36, batch: 8, epochs: 4, seed: 5,
    target: (x) => [x[0]! * x[1]! + x[2]! - x[3]! > 0 ? 1 : 0],
  },
  {
    name: 'rmsprop',
    optimizerText: 'rmsprop(lr = linear_decay(0.01, 0.001, 12), rho = 0.8, epsilon = 1e-6)',
    optimizer: { kind: 'rmsprop', lr: { kind: 'linear_decay', from: 0.01, to: 0.001, steps: 12 }, rho: 0.8, epsilon: 1e-6 },
    inputs: 4,
    layers: [
      { name: 'hidden', units: 6, activation: 'relu' },
      { name: 'out', units: 3, activation: 'softmax' },
    ],
    loss: 'sparse_categorical_crossentropy',
    rows: 30, batch: 6, epochs: 4, seed: 6, // 5 steps per epoch
    target: (x) => [argmax([x[0]!, x[1]! - x[2]!, x[3]! * 0.5])],
  },
  {
    name: 'adam',
    optimizerText: 'adam(lr = 0.02)', // beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7
    optimizer: { kind: 'adam', lr: { kind: 'constant', lr: 0.02 }, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
    inputs: 3,
    layers: [
      { name: 'a', units: 5, activation: 'relu', l2: 0.01 },
      { name: 'b', units: 4, activation: 'sigmoid' },
      { name: 'c', units: 1, activation: 'linear' },
    ],
    loss: 'mse',
    rows: 36, batch: 8, epochs: 4, seed: 7,
    target: (x) => [Math.sin(2 * x[0]!) + x[1]! * x[2]!],
  },
  {
    name: 'adamw',
    optimizerText: 'adamw(lr = linear_decay(0.03, 0.003, 20), beta1 = 0.85, weight_decay = 0.05)',
    optimizer: { kind: 'adamw', lr: { kind: 'linear_decay', from: 0.03, to: 0.003, steps: 20 }, beta1: 0.85, beta2: 0.999, epsilon: 1e-7, weightDecay: 0.05 },
    inputs: 4,
    layers: [
      { name: 'hidden', units: 5, activation: 'sigmoid', l2: 0.01 },
      { name: 'prob', units: 1, activation: 'sigmoid' },
    ],
    loss: 'binary_crossentropy',
    rows: 40, batch: 8, epochs: 4, seed: 8,
    target: (x) => [x[0]! + x[1]! * x[1]! - x[3]! > 0.2 ? 1 : 0],
  },
];

/** Features with two decimals (exactly what the file says, up to f32 rounding) and their targets. */
function dataOf(c: Case): { x: number[][]; y: number[][] } {
  const r = uniform(1000 + c.seed);
  const x = Array.from({ length: c.rows }, () => Array.from({ length: c.inputs }, () => Math.round((2 * r() - 1) * 100) / 100));
  return { x, y: x.map(c.target) };
}

const list = (rows: readonly number[][]): string => `[${rows.map((r) => `[${r.join(', ')}]`).join(', ')}]`;

function source(c: Case, x: number[][], y: number[][]): string {
  const layer = (l: RefConfig['layers'][number]): string =>
    `    ${l.name} = Dense(${l.units}, activation = ${l.activation}${l.l1 ? `, l1 = ${l.l1}` : ''}${l.l2 ? `, l2 = ${l.l2}` : ''})`;
  const targets = c.loss === 'sparse_categorical_crossentropy' ? `[${y.map((t) => t[0]).join(', ')}]` : list(y);
  return `version 1
model ${c.name} {
  input x: [N, ${c.inputs}]
  layers {
${c.layers.map(layer).join('\n')}
  }
}
train ${c.name} {
  data      = inline(x = ${list(x)}, y = ${targets})
  loss      = ${c.loss}
  optimizer = ${c.optimizerText}
  batch     = ${c.batch}
  epochs    = ${c.epochs}
  seed      = 999
  shuffle   = false
}
`;
}

function tensors(path: string): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const [name, t] of readSafetensors(readFileSync(path))) out.set(name, t.data as Float32Array);
  return out;
}

function expectOk(r: ReturnType<typeof nnc>, what: string): void {
  expect(r.code, `${what} failed:\n${userStderr(r.stderr)}${r.stdout}`).toBe(0);
}

/** Cases whose .nn file and initial weights (`nnc init`) are written; both backends share them. */
const prepared = new Set<string>();

function check(c: Case, backend: 'webgpu' | 'cpu'): void {
  expect(Math.ceil(c.rows / c.batch) * c.epochs, 'the case takes 20 steps').toBe(20);
  const { x, y } = dataOf(c);
  const nn = join(dir, `${c.name}.nn`);
  const initPath = join(dir, `${c.name}.init.safetensors`);
  if (!prepared.has(c.name)) {
    writeFileSync(nn, source(c, x, y));
    expectOk(nnc(['init', nn, '--seed', String(c.seed), '-o', initPath]), 'nnc init');
    prepared.add(c.name);
  }
  const out = join(dir, `${c.name}-${backend}.safetensors`);
  const historyPath = join(dir, `${c.name}-${backend}.history.json`);
  expectOk(
    nnc(['train', nn, '--weights', initPath, '--save', out, '--history', historyPath, '--backend', backend, '--seed', String(c.seed), '--quiet']),
    `nnc train --backend ${backend}`,
  );
  const init = tensors(initPath);
  const trained = tensors(out);
  expect(readSafetensorsMetadata(readFileSync(out))).toMatchObject({ epochs: String(c.epochs), seed: String(c.seed) });

  // The reference reads the same f32 values nnc does.
  const f32 = (rows: number[][]) => rows.map((r) => r.map(Math.fround));
  const targets = c.loss === 'sparse_categorical_crossentropy' ? y.map((t) => oneHot(t[0]!, c.layers[c.layers.length - 1]!.units)) : y;
  const cfg: RefConfig = { inputs: c.inputs, layers: c.layers, loss: c.loss === 'sparse_categorical_crossentropy' ? 'categorical_crossentropy' : c.loss, optimizer: c.optimizer, batch: c.batch, epochs: c.epochs };
  const ref = trainReference(cfg, init, f32(x), f32(targets));
  expect(ref.steps).toBe(20);

  const label = `${c.name} (${backend})`;
  expect([...trained.keys()].sort()).toEqual([...ref.weights.keys()].sort());
  for (const [name, want] of ref.weights) {
    const got = trained.get(name)!;
    const w = worstError(got, want, REL, ABS);
    worst.set(label, Math.max(worst.get(label) ?? 0, w.rel));
    expect(w.err, `${label}: ${name}[${w.at}]: nnc ${got[w.at]}, reference ${want[w.at]}`).toBeLessThanOrEqual(1);
  }
  // Not vacuous: every kernel moved well beyond the tolerance.
  for (const l of c.layers) {
    const name = `${l.name}.kernel`;
    expect(worstError(ref.weights.get(name)!, init.get(name)!, REL, ABS).err, `${name} moved`).toBeGreaterThan(10);
  }

  const history = JSON.parse(readFileSync(historyPath, 'utf8')) as Record<string, number[]>;
  const w = worstError(history['loss']!, ref.epochLoss, REL, ABS);
  expect(w.err, `${label}: epoch ${w.at + 1} loss: nnc ${history['loss']![w.at]}, reference ${ref.epochLoss[w.at]}`).toBeLessThanOrEqual(1);
}

describe('the float64 reference itself', () => {
  it('has the gradients of its loss (central differences)', () => {
    for (const c of cases) {
      const { x, y } = dataOf(c);
      const last = c.layers[c.layers.length - 1]!.units;
      const targets = c.loss === 'sparse_categorical_crossentropy' ? y.map((t) => oneHot(t[0]!, last)) : y;
      const cfg: RefConfig = { inputs: c.inputs, layers: c.layers, loss: c.loss === 'sparse_categorical_crossentropy' ? 'categorical_crossentropy' : c.loss, optimizer: c.optimizer, batch: c.batch, epochs: 1 };
      const r = uniform(c.seed);
      const w: Weights = new Map();
      let width = c.inputs;
      for (const l of c.layers) {
        w.set(`${l.name}.kernel`, Float64Array.from({ length: width * l.units }, () => r() - 0.5));
        w.set(`${l.name}.bias`, Float64Array.from({ length: l.units }, () => 0.2 * (r() - 0.5)));
        width = l.units;
      }
      const xb = x.slice(0, 7);
      const yb = targets.slice(0, 7);
      const { grad } = lossAndGradient(cfg, w, xb, yb);
      for (const [name, v] of w) {
        for (let i = 0; i < v.length; i++) {
          const keep = v[i]!;
          const h = 1e-6;
          v[i] = keep + h;
          const up = lossAndGradient(cfg, w, xb, yb).loss;
          v[i] = keep - h;
          const down = lossAndGradient(cfg, w, xb, yb).loss;
          v[i] = keep;
          expect(grad.get(name)![i]!, `${c.name}: d loss / d ${name}[${i}]`).toBeCloseTo((up - down) / (2 * h), 6);
        }
      }
    }
  });
});

describe('nnc train (webgpu) agrees with the float64 reference after 20 steps', () => {
  for (const c of cases) it(`${c.name}: ${c.optimizerText}, ${c.loss}`, () => check(c, 'webgpu'));
});

describe('nnc train (cpu) agrees with the float64 reference after 20 steps', () => {
  for (const c of cases.filter((x) => x.name === 'sgd' || x.name === 'adam')) it(`${c.name}: ${c.optimizerText}, ${c.loss}`, () => check(c, 'cpu'));
});
