#!/usr/bin/env node
// Writes the two synthetic data sets of dsl-examples/ (deterministic: own seeded PRNG, no
// dependencies, so every run writes byte-identical files):
//
//   dsl-examples/data/batchnorm_classifier.csv  1,000 rows, f0..f19 + label (0/1)
//   dsl-examples/data/regression_dropout.csv    1,000 rows, f0..f31 + target
//
// The reference's Keras code trains these models on np.random.rand features and random targets,
// which nothing can learn; here the targets are noisy functions of a few of the features, so a
// trained model measurably beats chance (classifier) and the target's variance (regression).
//
//   node tools/gen-data.mjs            # writes both files
//   node tools/gen-data.mjs --stats    # also prints what the noise-free rule scores on each

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SEED = 20250101;
const ROWS = 1000;
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'dsl-examples', 'data');

/** mulberry32: a small 32-bit PRNG with a good enough spread for synthetic data. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws by Box–Muller (one value per call, the partner is discarded). */
function normal(rand) {
  return () => {
    const u = 1 - rand(); // (0, 1]: log(u) is finite
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/** Rounds to 3 decimals (about 4 significant digits for N(0, 1) values), without "-0". */
function fmt(x) {
  const s = x.toFixed(3);
  return s === '-0.000' ? '0.000' : s;
}

function writeCsv(name, header, rows) {
  const text = [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
  writeFileSync(join(outDir, name), text);
  return text.length;
}

/**
 * Binary classification: 20 standard-normal features; the label is whether a nonlinear score of
 * five of them (linear terms, one product, one sine) plus Gaussian noise exceeds 0. The other 15
 * features are distractors.
 */
function classifier(seed) {
  const rand = mulberry32(seed);
  const gauss = normal(rand);
  const score = (f) => 1.2 * f[0] - 1.0 * f[1] + 0.9 * f[2] * f[3] + 1.2 * Math.sin(1.5 * f[4]);
  const rows = [];
  let agree = 0;
  let ones = 0;
  for (let i = 0; i < ROWS; i++) {
    const f = Array.from({ length: 20 }, gauss);
    const clean = score(f);
    const label = clean + 0.3 * gauss() > 0 ? 1 : 0;
    if ((clean > 0 ? 1 : 0) === label) agree++;
    ones += label;
    rows.push([...f.map(fmt), String(label)]);
  }
  const header = [...Array.from({ length: 20 }, (_, k) => `f${k}`), 'label'];
  return { bytes: writeCsv('batchnorm_classifier.csv', header, rows), stats: `noise-free rule accuracy ${(agree / ROWS).toFixed(3)}, ${ones} of ${ROWS} labels are 1` };
}

/**
 * Regression: 32 standard-normal features; the target is a smooth function of six of them plus
 * Gaussian noise (standard deviation 0.3). The other 26 features are distractors.
 */
function regression(seed) {
  const rand = mulberry32(seed);
  const gauss = normal(rand);
  const fn = (f) => 1.5 * Math.sin(f[0]) + 0.8 * f[1] - 0.6 * f[2] + 0.5 * f[3] * f[4] + 0.3 * f[5] * f[5];
  const rows = [];
  const ys = [];
  let noiseSq = 0;
  for (let i = 0; i < ROWS; i++) {
    const f = Array.from({ length: 32 }, gauss);
    const noise = 0.3 * gauss();
    const y = fn(f) + noise;
    noiseSq += noise * noise;
    ys.push(y);
    rows.push([...f.map(fmt), fmt(y)]);
  }
  const mean = ys.reduce((a, b) => a + b, 0) / ROWS;
  const variance = ys.reduce((a, b) => a + (b - mean) ** 2, 0) / ROWS;
  const header = [...Array.from({ length: 32 }, (_, k) => `f${k}`), 'target'];
  return { bytes: writeCsv('regression_dropout.csv', header, rows), stats: `target variance ${variance.toFixed(3)}, noise-only mse ${(noiseSq / ROWS).toFixed(3)}` };
}

const results = { 'batchnorm_classifier.csv': classifier(SEED), 'regression_dropout.csv': regression(SEED + 1) };
for (const [name, r] of Object.entries(results)) {
  console.log(`wrote dsl-examples/data/${name} (${r.bytes} bytes)${process.argv.includes('--stats') ? `: ${r.stats}` : ''}`);
}
