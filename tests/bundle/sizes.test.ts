// The size targets: the runtime an app ships (minified, gzipped) and a small model's bundle.
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TARGETS } from '../../bench/sizes.js';
import { compileBundle } from '../../cli/commands/compile.js';
import { root } from '../helpers/cli.js';

describe('sizes', () => {
  it(`the runtime is under ${TARGETS.runtimeGzip / 1000} KB minified and gzipped`, async () => {
    const esbuild = await import('esbuild');
    const r = await esbuild.build({ entryPoints: [join(root, 'runtime/index.ts')], bundle: true, minify: true, format: 'esm', platform: 'browser', external: ['webgpu'], write: false, logLevel: 'silent' });
    const gz = gzipSync(r.outputFiles[0]!.contents, { level: 9 }).length;
    expect(gz).toBeLessThan(TARGETS.runtimeGzip);
  });

  it(`the xor bundle, training programs included, is under ${TARGETS.xorBundle / 1000} KB`, async () => {
    const { bytes } = await compileBundle({ path: join(root, 'dsl-examples/xor.nn') });
    expect(bytes.length).toBeLessThan(TARGETS.xorBundle);
  });
});
