// Cold start of a bundle in Node: from the bundle's bytes to the first prediction, and the second
// prediction, each run in a fresh process (nothing cached: Dawn instance, adapter, device,
// pipelines). Phases: validate+decode (no device), open the device, create the runner (pipelines
// compiled in parallel with createComputePipelineAsync, buffers, weights), first predict, second;
// for training bundles, then the first evaluate (the training pipelines are compiled at first use).
// `node dist/bench/cold-start.js [--json] [--runs N]` after `npm run build`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileBundle } from '../cli/commands/compile.js';
import { createDevice } from '../runtime/device.js';
import { decodeBundle, loadBundle } from '../runtime/index.js';

export interface ColdStart {
  readonly name: string;
  readonly bytes: number;
  readonly kernels: number;
  readonly adapter: string;
  /** Medians over the runs, in milliseconds. */
  readonly decodeMs: number;
  readonly deviceMs: number;
  readonly loadMs: number;
  readonly firstPredictMs: number;
  /** bytes → first prediction: device + load (decode included) + first predict. */
  readonly firstPredictionMs: number;
  readonly secondPredictMs: number;
  /** Training bundles: the first evaluate() after that (it compiles the training pipelines). */
  readonly firstEvaluateMs: number | null;
  readonly runs: number;
}

interface ChildResult {
  adapter: string;
  decodeMs: number;
  deviceMs: number;
  loadMs: number;
  firstPredictMs: number;
  secondPredictMs: number;
  firstEvaluateMs: number | null;
}

/** One measurement, in this process (meant to be a fresh one). */
async function measureOnce(bytes: Uint8Array, rows: number): Promise<ChildResult> {
  const t0 = performance.now();
  const { manifest } = await decodeBundle(bytes);
  const t1 = performance.now();
  const opened = await createDevice();
  const t2 = performance.now();
  try {
    const model = await loadBundle(bytes, { device: opened.device }); // decodes again: counted in loadMs
    const t3 = performance.now();
    const per = (manifest.inputs[0]!.shape.slice(1) as number[]).reduce((a, b) => a * b, 1);
    const x = Float32Array.from({ length: rows * per }, (_, i) => (i % 17) / 16);
    await model.predict(x);
    const t4 = performance.now();
    await model.predict(x);
    const t5 = performance.now();
    let firstEvaluateMs: number | null = null;
    const t = manifest.training;
    if (t) {
      const spec = manifest.buffers.find((b) => b.name === t.targets)!;
      const targetShape = spec.shape.slice(1) as number[];
      const n = rows * targetShape.reduce((a, b) => a * b, 1);
      const targets = spec.dtype === 'i32' ? new Int32Array(n) : new Float32Array(n);
      await model.evaluate({ rows, features: x, featureShape: manifest.inputs[0]!.shape.slice(1) as number[], targets, targetShape });
      firstEvaluateMs = performance.now() - t5;
    }
    model.dispose();
    return { adapter: opened.adapterName, decodeMs: t1 - t0, deviceMs: t2 - t1, loadMs: t3 - t2, firstPredictMs: t4 - t3, secondPredictMs: t5 - t4, firstEvaluateMs };
  } finally {
    opened.destroy();
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const EXAMPLES = [
  { name: 'xor', path: 'dsl-examples/xor.nn', rows: 4 },
  { name: 'xor (inference only)', path: 'dsl-examples/xor.nn', rows: 4, inferenceOnly: true },
  { name: 'digits', path: 'examples/web/digits.nn', rows: 32 },
  { name: 'digits (inference only)', path: 'examples/web/digits.nn', rows: 32, inferenceOnly: true },
] as const;

export async function measureColdStart(root: string, runs = 3): Promise<ColdStart[]> {
  const dir = mkdtempSync(join(tmpdir(), 'nnc-cold-'));
  const self = fileURLToPath(import.meta.url);
  const out: ColdStart[] = [];
  const cwd = process.cwd();
  try {
    process.chdir(root);
    for (const e of EXAMPLES) {
      const { bytes, manifest } = await compileBundle({ path: e.path, inferenceOnly: 'inferenceOnly' in e });
      const file = join(dir, `${e.name.replace(/\W+/g, '_')}.nnb`);
      writeFileSync(file, bytes);
      const results: ChildResult[] = [];
      for (let r = 0; r < runs; r++) {
        const p = spawnSync(process.execPath, [self, '--child', file, String(e.rows)], { encoding: 'utf8', timeout: 300_000 });
        const line = p.stdout.split('\n').find((l) => l.startsWith('{'));
        if (p.status !== 0 || !line) throw new Error(`cold-start child failed (${p.status}): ${p.stderr}`);
        results.push(JSON.parse(line) as ChildResult);
      }
      const m = (k: Exclude<keyof ChildResult, 'adapter' | 'firstEvaluateMs'>) => median(results.map((x) => x[k]));
      out.push({
        name: e.name,
        bytes: bytes.length,
        kernels: manifest.kernels.length,
        adapter: results[0]!.adapter,
        decodeMs: m('decodeMs'),
        deviceMs: m('deviceMs'),
        loadMs: m('loadMs'),
        firstPredictMs: m('firstPredictMs'),
        firstPredictionMs: median(results.map((x) => x.deviceMs + x.loadMs + x.firstPredictMs)),
        secondPredictMs: m('secondPredictMs'),
        firstEvaluateMs: results[0]!.firstEvaluateMs === null ? null : median(results.map((x) => x.firstEvaluateMs!)),
        runs,
      });
    }
  } finally {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

// (The name check keeps this from running where the module is bundled into another script.)
if (process.argv[1] === fileURLToPath(import.meta.url) && import.meta.url.endsWith('/cold-start.js')) {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    const r = await measureOnce(readFileSync(args[1]!), Number(args[2]));
    console.log(JSON.stringify(r));
  } else {
    const root = join(import.meta.dirname, '..', '..');
    const i = args.indexOf('--runs');
    const results = await measureColdStart(root, i >= 0 ? Number(args[i + 1]) : 3);
    if (args.includes('--json')) console.log(JSON.stringify(results, null, 2));
    else {
      console.log(`cold start in Node, fresh process per run, median of ${results[0]?.runs} (${results[0]?.adapter}):`);
      for (const c of results) {
        console.log(
          `  ${c.name.padEnd(24)} ${String(c.kernels).padStart(4)} kernels: bytes → first prediction ${c.firstPredictionMs.toFixed(0)} ms ` +
            `(validate ${c.decodeMs.toFixed(1)}, device ${c.deviceMs.toFixed(0)}, pipelines+buffers ${c.loadMs.toFixed(0)}, predict ${c.firstPredictMs.toFixed(1)}); second prediction ${c.secondPredictMs.toFixed(1)} ms` +
            (c.firstEvaluateMs === null ? '' : `; then the first evaluate (compiles the training pipelines) ${c.firstEvaluateMs.toFixed(0)} ms`),
        );
      }
    }
  }
}
