// Bundles compiled by `nnc compile`, run by the runtime alone: the same numbers as `nnc predict`,
// training through the runtime API, weights in and out. Needs a WebGPU adapter (fails without).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundle, readSafetensors, type Model } from '../../runtime/index.js';
import { nnc, root, userStderr } from '../helpers/cli.js';
import { testDevice } from '../helpers/gpu.js';
import type { OpenedDevice } from '../../runtime/device.js';

const dir = mkdtempSync(join(tmpdir(), 'nnc-bundle-'));
const XOR_X = [[0, 0], [0, 1], [1, 0], [1, 1]];
const XOR_Y = [[0], [1], [1], [0]];

function ok(args: readonly string[]): string {
  const r = nnc(args);
  expect(userStderr(r.stderr), `nnc ${args.join(' ')}`).toBe('');
  expect(r.code, `nnc ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

/** Runs tests/bundle/fixtures/predict.mjs: a script that imports only 'nnc/runtime'. */
function runtimeScript(bundle: string, csv: string): string {
  const r = spawnSync(process.execPath, [join(root, 'tests/bundle/fixtures/predict.mjs'), bundle, csv], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  expect(userStderr(r.stderr)).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

let opened: OpenedDevice;
const models: Model[] = [];
const load = async (bytes: Uint8Array): Promise<Model> => {
  const m = await loadBundle(bytes, { device: opened.device });
  models.push(m);
  return m;
};

beforeAll(async () => {
  opened = await testDevice();
});
afterAll(() => {
  for (const m of models) m.dispose();
  opened?.destroy();
});

describe('a script that imports only the runtime predicts what nnc predict prints', () => {
  it('xor, trained, with its training programs in the bundle', () => {
    const w = join(dir, 'xor.safetensors');
    ok(['train', 'dsl-examples/xor.nn', '--epochs', '30', '--save', w, '--quiet']);
    ok(['compile', 'dsl-examples/xor.nn', '--weights', w, '-o', join(dir, 'xor.nnb'), '--quiet']);
    const expected = ok(['predict', 'dsl-examples/xor.nn', '--weights', w, '--input', 'dsl-examples/data/xor.csv', '--backend', 'webgpu']);
    expect(expected.trim().split('\n')).toHaveLength(4);
    expect(runtimeScript(join(dir, 'xor.nnb'), 'dsl-examples/data/xor.csv')).toBe(expected);
  }, 180_000);

  it('batchnorm_classifier, inference only, with weights from nnc init', () => {
    const w = join(dir, 'bn.safetensors');
    const init = nnc(['init', 'dsl-examples/batchnorm_classifier.nn', '--seed', '5', '-o', w]);
    expect(init.code, init.stderr).toBe(0);
    const out = join(dir, 'bn.nnb');
    const r = nnc(['compile', 'dsl-examples/batchnorm_classifier.nn', '--weights', w, '--inference-only', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Compiled model 'batchnorm_classifier': \d+ kernels, programs predict, 14 weight tensors\.\nWrote .*bn\.nnb \(bundle: [\d.]+ KiB\)\n$/);
    const rows = ['f0' + Array.from({ length: 19 }, (_, i) => `,f${i + 1}`).join('')];
    for (let r = 0; r < 7; r++) rows.push(Array.from({ length: 20 }, (_, i) => (((r * 5 + i * 3) % 13) / 6 - 1).toFixed(3)).join(','));
    writeFileSync(join(dir, 'bn.csv'), rows.join('\n') + '\n');
    const expected = ok(['predict', 'dsl-examples/batchnorm_classifier.nn', '--weights', w, '--input', join(dir, 'bn.csv'), '--backend', 'webgpu']);
    expect(runtimeScript(out, join(dir, 'bn.csv'))).toBe(expected);
  }, 180_000);

  it('writes an ES module of the same bytes with --format esm', async () => {
    const out = join(dir, 'esm.nnb');
    ok(['compile', 'dsl-examples/xor.nn', '-o', out, '--format', 'esm', '--quiet']);
    const mod = (await import(pathToFileURL(`${out}.js`).href)) as { default: Uint8Array; model: string };
    expect(mod.model).toBe('xor');
    expect(Buffer.from(mod.default).equals(readFileSync(out))).toBe(true);
    expect(readFileSync(join(dir, 'esm.nnb.d.ts'), 'utf8')).toContain('declare const bytes: Uint8Array');
    // -o x.js: the module alone.
    ok(['compile', 'dsl-examples/xor.nn', '-o', join(dir, 'only.js'), '--format', 'esm', '--quiet']);
    expect(existsSync(join(dir, 'only.js'))).toBe(true);
    expect(existsSync(join(dir, 'only.nnb'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it('compiles for 16 storage buffers per kernel with --storage-buffers 16: fewer kernels, the same training', async () => {
    const narrow = join(dir, 'bn8.nnb');
    const wide = join(dir, 'bn16.nnb');
    const kernels = (out: string) => Number(out.match(/: (\d+) kernels,/)![1]);
    const k8 = kernels(ok(['compile', 'dsl-examples/batchnorm_classifier.nn', '-o', narrow, '--seed', '3']));
    const k16 = kernels(ok(['compile', 'dsl-examples/batchnorm_classifier.nn', '-o', wide, '--seed', '3', '--storage-buffers', '16']));
    expect(k16).toBeLessThan(k8);
    const [a, b] = [await load(readFileSync(narrow)), await load(readFileSync(wide))];
    // nnc graph shows the same difference.
    const steps = (extra: readonly string[]) => Number(ok(['graph', 'dsl-examples/batchnorm_classifier.nn', ...extra]).match(/train_step\s+(\d+) \//)![1]);
    expect(steps(['--storage-buffers', '16'])).toBeLessThan(steps([]));
    // Both train the same: two epochs of 48 rows, in batches of 16 (dropout draws the same masks).
    const x = Array.from({ length: 48 }, (_, r) => Array.from({ length: 20 }, (_, i) => Math.sin(r * 1.3 + i * 0.7)));
    const y = x.map((row) => [row[0]! + row[3]! > 0 ? 1 : 0]);
    const opts = { epochs: 2, batch: 16, validation: null, shuffle: false } as const;
    const [ha, hb] = [await a.train({ x, y }, opts), await b.train({ x, y }, opts)];
    expect(ha.history.loss).toHaveLength(2);
    // Merged kernels add in another order; Adam's first steps magnify rounding (measured: 6e-5).
    for (let e = 0; e < 2; e++) expect(hb.history.loss![e]!).toBeCloseTo(ha.history.loss![e]!, 3);
    const [pa, pb] = [await a.predict(x), await b.predict(x)];
    for (let i = 0; i < pa.data.length; i++) expect(pb.data[i]!).toBeCloseTo(pa.data[i]!, 3);
  }, 180_000);

  it('refuses --storage-buffers outside 8 to 16 in one line', () => {
    const r = nnc(['compile', 'dsl-examples/xor.nn', '-o', join(dir, 'never.nnb'), '--storage-buffers', '4']);
    expect(r.code).toBe(1);
    expect(userStderr(r.stderr)).toBe('nnc: error: --storage-buffers must be between 8 (every WebGPU device allows 8) and 16, not 4\n');
    expect(existsSync(join(dir, 'never.nnb'))).toBe(false);
  });

  it('explains a missing -o in one line', () => {
    const r = nnc(['compile', 'dsl-examples/xor.nn']);
    expect(r.code).toBe(1);
    expect(userStderr(r.stderr)).toBe('nnc: error: where to? give the bundle to write with -o OUT.nnb\n');
  });
});

describe('the Model API', () => {
  it('takes nested arrays, flat typed arrays and { data, shape } alike, and names a wrong shape', async () => {
    const m = await load(readFileSync(join(dir, 'xor.nnb')));
    expect(m.name).toBe('xor');
    expect(m.trainable).toBe(true);
    const a = await m.predict(XOR_X, { nested: true });
    const b = await m.predict(new Float32Array(XOR_X.flat()));
    const c = await m.predict({ data: XOR_X.flat(), shape: [4, 2] });
    const d = await m.predict(new Float32Array(XOR_X.flat()), { batch: 3 });
    expect(a.shape).toEqual([4, 1]);
    for (const p of [b, c, d]) expect(Array.from(p.data)).toEqual(Array.from(a.data));
    expect(a.nested).toEqual(Array.from(a.data, (v) => [v]));
    expect((await m.predict([1, 0])).shape).toEqual([1, 1]); // one example without its batch dim
    await expect(m.predict([[0, 0, 1], [1, 1, 0]])).rejects.toThrow("input 'x' has shape [2, 3] but the model takes [N, 2]");
    await expect(m.predict(new Float32Array(5))).rejects.toThrow("input 'x' has 5 values, not a whole number of rows of 2");
    await expect(m.predict([[0, 1], [1]])).rejects.toThrow(/ragged/);
    await expect(m.predict({ y: XOR_X })).rejects.toThrow("model 'xor' has no input 'y'; its inputs are 'x'");
  });

  it('trains through the trainer, changing the weights; getWeights round-trips through setWeights', async () => {
    const m = await load(readFileSync(join(dir, 'xor.nnb')));
    const w0 = await m.getWeights();
    const p0 = (await m.predict(XOR_X)).data;
    const epochs: number[] = [];
    const history = await m.train({ x: XOR_X, y: XOR_Y }, { epochs: 40, callbacks: { onEpochEnd: (e) => void epochs.push(e.epoch) } });
    expect(history.epochs).toBe(40);
    expect(epochs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(history.history['loss']!.at(-1)!).toBeLessThan(history.history['loss']![0]!);
    const w1 = await m.getWeights();
    const p1 = (await m.predict(XOR_X)).data;
    expect(Buffer.from(w1).equals(Buffer.from(w0))).toBe(false);
    expect(Array.from(p1)).not.toEqual(Array.from(p0));
    const t0 = readSafetensors(w0);
    const t1 = readSafetensors(w1);
    expect([...t1.keys()].sort()).toEqual(['hidden_layer.bias', 'hidden_layer.kernel', 'output_layer.bias', 'output_layer.kernel']);
    expect(Array.from(t1.get('hidden_layer.kernel')!.data)).not.toEqual(Array.from(t0.get('hidden_layer.kernel')!.data));

    m.setWeights(w0);
    expect(Buffer.from(await m.getWeights()).equals(Buffer.from(w0))).toBe(true);
    expect(Array.from((await m.predict(XOR_X)).data)).toEqual(Array.from(p0));
    m.setWeights(w1.slice().buffer);
    expect(Array.from((await m.predict(XOR_X)).data)).toEqual(Array.from(p1));

    const ev = await m.evaluate({ x: XOR_X, y: XOR_Y });
    expect(ev['loss']).toBeCloseTo(history.history['loss']!.at(-1)!, 1);
    const withState = readSafetensors(await m.getWeights({ optimizerState: true }));
    expect(withState.get('optimizer.step')!.data[0]).toBe(40);
  });

  it('continues from a bundle saved after training (toBundle), optimizer state included', async () => {
    const m = await load(readFileSync(join(dir, 'xor.nnb')));
    await m.train({ x: XOR_X, y: XOR_Y }, { epochs: 5 });
    const saved = await m.toBundle();
    const again = await load(saved);
    expect(Array.from((await again.predict(XOR_X)).data)).toEqual(Array.from((await m.predict(XOR_X)).data));
    expect(readSafetensors(await again.getWeights({ optimizerState: true })).get('optimizer.step')!.data[0]).toBe(5);
    // Both continue identically: the optimizer state travelled too.
    await m.train({ x: XOR_X, y: XOR_Y }, { epochs: 3 });
    await again.train({ x: XOR_X, y: XOR_Y }, { epochs: 3 });
    expect(Array.from((await again.predict(XOR_X)).data)).toEqual(Array.from((await m.predict(XOR_X)).data));
  });

  it('compiles the training pipelines at the first train or evaluate, carrying over weights set before', async () => {
    const bytes = readFileSync(join(dir, 'xor.nnb'));
    const a = await load(bytes);
    const fresh = Array.from((await a.predict(XOR_X)).data);
    await a.train({ x: XOR_X, y: XOR_Y }, { epochs: 5 });
    const w = await a.getWeights({ optimizerState: true });
    const trained = Array.from((await a.predict(XOR_X)).data);

    const b = await load(bytes); // predict kernels only, so far
    b.setWeights(w);
    expect(Array.from((await b.predict(XOR_X)).data)).toEqual(trained);
    expect(Buffer.from(await b.getWeights({ optimizerState: true })).equals(Buffer.from(w))).toBe(true);
    const ev = await b.evaluate({ x: XOR_X, y: XOR_Y }); // now the whole module, from the weights set above
    expect(ev['loss']).toBeGreaterThanOrEqual(0);
    expect(Array.from((await b.predict(XOR_X)).data)).toEqual(trained);
    expect(readSafetensors(await b.getWeights({ optimizerState: true })).get('optimizer.step')!.data[0]).toBe(5);

    const c = await loadBundle(bytes, { device: opened.device, prepareTraining: true });
    models.push(c);
    expect(Array.from((await c.predict(XOR_X)).data)).toEqual(fresh);
  });

  it('writes weights that nnc predict reads', async () => {
    const m = await load(readFileSync(join(dir, 'xor.nnb')));
    await m.train({ x: new Float32Array(XOR_X.flat()), y: new Float32Array(XOR_Y.flat()) }, { epochs: 10 });
    const w = join(dir, 'tuned.safetensors');
    writeFileSync(w, await m.getWeights());
    const out = ok(['predict', 'dsl-examples/xor.nn', '--weights', w, '--input', 'dsl-examples/data/xor.csv', '--backend', 'webgpu']);
    const mine = (await m.predict(XOR_X)).data;
    out.trim().split('\n').forEach((line, i) => expect(Math.fround(Number(line))).toBe(mine[i]));
  });

  it('refuses weights of another model and training an inference-only bundle', async () => {
    const m = await load(readFileSync(join(dir, 'bn.nnb')));
    expect(m.trainable).toBe(false);
    await expect(m.train({ x: [[0]], y: [[0]] })).rejects.toThrow(/has no training programs; compile it from a model with a train block, without --inference-only/);
    const xorWeights = readFileSync(join(dir, 'xor.safetensors'));
    expect(() => m.setWeights(xorWeights)).toThrow(/setWeights: the weights holds 'hidden_layer\.bias', which is no param or state buffer of model 'batchnorm_classifier'/);
    const p = await m.predict(new Float32Array(40));
    expect(p.shape).toEqual([2, 1]);
  });

  it('trains a classifier with class labels as nested arrays or Int32Array, with validation', async () => {
    const out = join(dir, 'digits.nnb');
    ok(['compile', 'examples/web/digits.nn', '-o', out, '--quiet']);
    const m = await load(readFileSync(out));
    expect(m.manifest.train).toMatchObject({ loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'], validationSplit: 0.2 });
    const csv = readFileSync('dsl-examples/data/digits.csv', 'utf8').trim().split('\n').slice(1, 201).map((l) => l.split(',').map(Number));
    const x = csv.map((r) => r.slice(0, 64));
    const y = csv.map((r) => r[64]!);
    const h = await m.train({ x, y }, { epochs: 3 });
    expect(Object.keys(h.history).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    const ev = await m.evaluate({ x, y: Int32Array.from(y) });
    expect(ev['accuracy']).toBeGreaterThan(0.5);
    await expect(m.train({ x, y: y.map((v) => v + 10) }, { epochs: 1 })).rejects.toThrow(/row 1: label 10 is not a class index from 0 to 9/);
    await expect(m.train({ x: x.slice(1), y }, { epochs: 1 })).rejects.toThrow(/y has 200 values; 199 rows of x need 199/);
  });
});
