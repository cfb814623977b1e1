// Sizes an app pays for: the runtime (esbuild-bundled from runtime/index.ts, minified, 'webgpu'
// external since browsers never load it, then gzipped) and each example's bundle (.nnb, raw and
// gzipped), plus the browser example's page script (runtime + page code).
// `node dist/bench/sizes.js [--json]` after `npm run build`.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { compileBundle } from '../cli/commands/compile.js';

export interface Size {
  readonly name: string;
  readonly bytes: number;
  readonly gzip: number;
}

export interface Sizes {
  readonly runtime: Size;
  readonly page: Size;
  readonly bundles: readonly (Size & { readonly kernels: number; readonly programs: string })[];
}

/** Targets the issue sets: runtime < 25 KB gzipped; the xor bundle < 16 KB. */
export const TARGETS = { runtimeGzip: 25_000, xorBundle: 16_000 } as const;

const gz = (b: Uint8Array): number => gzipSync(b, { level: 9 }).length;

async function esbuildSize(root: string, entry: string, name: string): Promise<Size> {
  const esbuild = await import('esbuild');
  const r = await esbuild.build({
    entryPoints: [join(root, entry)],
    absWorkingDir: root,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external: ['webgpu'],
    write: false,
    logLevel: 'silent',
  });
  const out = r.outputFiles[0]!.contents;
  return { name, bytes: out.length, gzip: gz(out) };
}

const EXAMPLES: readonly { name: string; path: string; inferenceOnly?: boolean }[] = [
  { name: 'xor', path: 'dsl-examples/xor.nn' },
  { name: 'xor (inference only)', path: 'dsl-examples/xor.nn', inferenceOnly: true },
  { name: 'batchnorm_classifier', path: 'dsl-examples/batchnorm_classifier.nn' },
  { name: 'regression_dropout', path: 'dsl-examples/regression_dropout.nn' },
  { name: 'digits (examples/web)', path: 'examples/web/digits.nn' },
  { name: 'digits (inference only)', path: 'examples/web/digits.nn', inferenceOnly: true },
];

export async function measureSizes(root: string): Promise<Sizes> {
  const runtime = await esbuildSize(root, 'runtime/index.ts', 'runtime (runtime/index.ts, minified)');
  const page = await esbuildSize(root, 'examples/web/main.ts', 'examples/web page script (runtime + page)');
  const bundles = [];
  const cwd = process.cwd();
  process.chdir(root); // model files name their data relative to themselves; paths here are from the root
  try {
    for (const e of EXAMPLES) {
      const { bytes, manifest } = await compileBundle({ path: e.path, inferenceOnly: e.inferenceOnly ?? false });
      bundles.push({ name: e.name, bytes: bytes.length, gzip: gz(bytes), kernels: manifest.kernels.length, programs: Object.keys(manifest.programs).join('+') });
    }
  } finally {
    process.chdir(cwd);
  }
  return { runtime, page, bundles };
}

const kb = (n: number): string => `${(n / 1000).toFixed(1)} KB`;

// (The name check keeps this from running where the module is bundled into another script.)
if (process.argv[1] === fileURLToPath(import.meta.url) && import.meta.url.endsWith('/sizes.js')) {
  const root = join(import.meta.dirname, '..', '..');
  const s = await measureSizes(root);
  if (process.argv.includes('--json')) console.log(JSON.stringify(s, null, 2));
  else {
    console.log(`${s.runtime.name}: ${kb(s.runtime.bytes)}, gzipped ${kb(s.runtime.gzip)} (target < ${kb(TARGETS.runtimeGzip)})`);
    console.log(`${s.page.name}: ${kb(s.page.bytes)}, gzipped ${kb(s.page.gzip)}`);
    console.log('bundles (.nnb; manifest gzip-compressed inside):');
    for (const b of s.bundles) console.log(`  ${b.name.padEnd(26)} ${kb(b.bytes).padStart(9)} (gzipped ${kb(b.gzip)}), ${b.kernels} kernels, ${b.programs}`);
    console.log(`targets: xor bundle < ${kb(TARGETS.xorBundle)}`);
  }
}
