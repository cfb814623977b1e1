// The TF.js anchor of the targets, measured on this machine's adapter: TensorFlow.js 4.22
// with its WebGPU backend, on the same Dawn (the `webgpu` package) that nnc runs on, for the
// benchmark's MLP (784-256-256-10, BatchNorm, softmax + sparse categorical cross-entropy, Adam,
// batch 128), inference at batch 1024, batch-1 latency and a 1024^3 matmul. Medians of repeated
// runs. Not part of `npm run bench` or the tests (TF.js is no dependency of nnc); to run it:
//   npm install --no-save @tensorflow/tfjs@4.22.0 @tensorflow/tfjs-backend-webgpu@4.22.0
//   node bench/tfjs-anchor.mjs
import { create, globals } from 'webgpu';

Object.assign(globalThis, globals);
Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) }, configurable: true });
const tf = await import('@tensorflow/tfjs');
await import('@tensorflow/tfjs-backend-webgpu');
if (!(await tf.setBackend('webgpu'))) throw new Error('TF.js found no WebGPU adapter');
await tf.ready();

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const time = async (f) => {
  const t0 = performance.now();
  await f();
  return (performance.now() - t0) / 1000;
};

const model = tf.sequential();
model.add(tf.layers.dense({ units: 256, inputShape: [784] }));
model.add(tf.layers.batchNormalization());
model.add(tf.layers.activation({ activation: 'relu' }));
model.add(tf.layers.dense({ units: 256 }));
model.add(tf.layers.batchNormalization());
model.add(tf.layers.activation({ activation: 'relu' }));
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
model.compile({ optimizer: tf.train.adam(0.001), loss: 'sparseCategoricalCrossentropy' });

const B = 128;
const STEPS = 20;
const x = tf.randomUniform([B * STEPS, 784]);
const y = tf.floor(tf.randomUniform([B * STEPS], 0, 10));
// fit() over STEPS batches, as Keras users train; one warm-up epoch compiles the shaders.
const fit = () => model.fit(x, y, { batchSize: B, epochs: 1, verbose: 0, shuffle: false });
await fit();
const train = [];
for (let r = 0; r < 5; r++) train.push((B * STEPS) / (await time(fit)));
console.log(`adapter: ${(await navigator.gpu.requestAdapter())?.info.description ?? 'unknown'}`);
console.log(`TF.js ${tf.version.tfjs}, backend ${tf.getBackend()}`);
console.log(`train MLP-256, batch 128 (fit): ${median(train).toFixed(0)} samples/s (${train.map((v) => v.toFixed(0)).join(', ')})`);

const xi = tf.randomUniform([1024, 784]);
const predict = (input) => model.predict(input, { batchSize: input.shape[0] }).data();
for (let i = 0; i < 3; i++) await predict(xi);
const infer = [];
for (let r = 0; r < 10; r++) infer.push(1024 / (await time(() => predict(xi))));
console.log(`inference, batch 1024: ${median(infer).toFixed(0)} samples/s`);

const x1 = tf.randomUniform([1, 784]);
for (let i = 0; i < 5; i++) await predict(x1);
const latency = [];
for (let r = 0; r < 50; r++) latency.push(1000 * (await time(() => predict(x1))));
console.log(`batch-1 latency: ${median(latency).toFixed(3)} ms (median)`);

const n = 1024;
const a = tf.randomUniform([n, n]);
const b = tf.randomUniform([n, n]);
const product = async () => {
  const c = tf.matMul(a, b);
  await c.data();
  c.dispose();
};
for (let i = 0; i < 2; i++) await product();
const gflops = [];
for (let r = 0; r < 5; r++) gflops.push((2 * n ** 3) / (await time(product)) / 1e9);
console.log(`matmul 1024^3: ${median(gflops).toFixed(2)} GFLOP/s (one 4 MB readback included)`);
process.exit(0);
