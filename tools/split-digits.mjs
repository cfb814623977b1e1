#!/usr/bin/env node
// Splits dsl-examples/data/digits.csv (1,797 rows) into a training file and a held-out test file
// for dsl-examples/digits.nn, deterministically: its own seeded PRNG, no dependencies, so every
// run writes byte-identical files.
//
//   dsl-examples/data/digits_train.csv   1,438 rows (80%)
//   dsl-examples/data/digits_test.csv      359 rows (20%)
//
// The split is stratified: within each class (label 0..9) the rows are shuffled with mulberry32
// (seed 20250301) and the first round(20% of the class) go to the test file, so both files keep
// the class balance of the whole set. Rows keep their original order within each file, and every
// row is copied byte for byte.
//
//   node tools/split-digits.mjs           # writes both files
//   node tools/split-digits.mjs --check   # exits 1 if the files on disk differ from what it would write

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SEED = 20250301;
export const TEST_FRACTION = 0.2;
const dataDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'dsl-examples', 'data');

/** mulberry32, as in tools/gen-data.mjs. */
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

/** Returns { train, test } CSV texts (header row first in each). */
export function splitDigits(text) {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0];
  const rows = lines.slice(1);
  const labelCol = header.split(',').indexOf('label');
  if (labelCol < 0) throw new Error("digits.csv has no 'label' column");
  const byClass = new Map();
  rows.forEach((r, i) => {
    const label = r.split(',')[labelCol];
    if (!byClass.has(label)) byClass.set(label, []);
    byClass.get(label).push(i);
  });
  const rand = mulberry32(SEED);
  const isTest = new Uint8Array(rows.length);
  for (const label of [...byClass.keys()].sort((a, b) => Number(a) - Number(b))) {
    const idx = byClass.get(label);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    for (const i of idx.slice(0, Math.round(idx.length * TEST_FRACTION))) isTest[i] = 1;
  }
  const pick = (want) => [header, ...rows.filter((_, i) => isTest[i] === want)].join('\n') + '\n';
  return { train: pick(0), test: pick(1) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { train, test } = splitDigits(readFileSync(join(dataDir, 'digits.csv'), 'utf8'));
  const files = { 'digits_train.csv': train, 'digits_test.csv': test };
  if (process.argv.includes('--check')) {
    let ok = true;
    for (const [name, want] of Object.entries(files)) {
      let have = '';
      try {
        have = readFileSync(join(dataDir, name), 'utf8');
      } catch {}
      if (have !== want) {
        console.error(`${name} differs from what tools/split-digits.mjs writes`);
        ok = false;
      }
    }
    process.exit(ok ? 0 : 1);
  }
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dataDir, name), text);
    console.log(`wrote dsl-examples/data/${name}: ${text.split('\n').length - 2} rows`);
  }
}
