// The runtime ships without the compiler: it may import only its own files and the 'webgpu'
// package (dynamically, for Node). Scans every import line of runtime/.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const runtimeDir = join(root, 'runtime');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Specifiers of static imports, re-exports, dynamic imports and `typeof import(...)`. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/gm, /^\s*import\s*['"]([^'"]+)['"]/gm, /\bimport\s*\(\s*(?:\/\*.*?\*\/\s*)?['"]([^'"]+)['"]/g];
  for (const p of patterns) for (const m of text.matchAll(p)) found.push(m[1] as string);
  return found;
}

describe('runtime/ dependencies', () => {
  const files = sources(runtimeDir);

  it('finds the runtime sources', () => {
    expect(files.map((f) => relative(runtimeDir, f))).toEqual(
      expect.arrayContaining(['executor.ts', 'device.ts', 'safetensors.ts', 'program.ts', 'model.ts', 'bundle.ts', 'bundle-manifest.ts', 'index.ts']),
    );
  });

  for (const file of files) {
    it(`${relative(root, file)} imports nothing from compiler/ or chevrotain`, () => {
      const text = readFileSync(file, 'utf8');
      for (const spec of specifiers(text)) {
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          expect(relative(runtimeDir, target).startsWith('..'), `${spec} leaves runtime/`).toBe(false);
        } else {
          expect(['webgpu'], `package '${spec}'`).toContain(spec);
        }
      }
      expect(text).not.toMatch(/chevrotain/);
      expect(text).not.toMatch(/['"][./]*compiler\//);
    });
  }

  it('loads webgpu only dynamically, so the runtime loads in a browser', () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, relative(root, file)).not.toMatch(/^\s*import\b[^(]*['"]webgpu['"]/m);
      expect(text, relative(root, file)).not.toMatch(/^\s*import\b[^(]*['"]node:/m);
    }
  });

  it('bundles (esbuild, as an app would) from runtime/ files alone, with no chevrotain and no compiler', async () => {
    const esbuild = await import('esbuild');
    const r = await esbuild.build({
      entryPoints: [join(runtimeDir, 'index.ts')],
      absWorkingDir: root,
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      external: ['webgpu'],
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(r.metafile.inputs);
    expect(inputs.length).toBeGreaterThan(5);
    for (const i of inputs) expect(i, 'an input of the runtime bundle').toMatch(/^runtime\/[\w-]+\.ts$/);
    const text = r.outputFiles[0]!.text;
    expect(text).not.toMatch(/chevrotain/i);
    expect(text).not.toMatch(/^\s*import\s[^(]*from\s*['"]/m); // no static import left: 'webgpu' only dynamically
  });
});
