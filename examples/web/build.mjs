#!/usr/bin/env node
// Builds the digits page into a folder, and serves it on 127.0.0.1 on request:
//   app.js       the page script with the nnc runtime, bundled and minified by esbuild
//   index.html   the page
//   digits.nnb   `nnc train examples/web/digits.nn --save` then `nnc compile --weights`
//
// usage (after `npm run build`, which the model step's `nnc` needs):
//   node examples/web/build.mjs [--out DIR] [--epochs N] [--serve] [--port P]
// defaults: --out dist/web, the train block's epochs, port 8080. Open http://127.0.0.1:8080/ in a
// browser with WebGPU (Chrome, Edge; headless Chromium with --enable-unsafe-webgpu).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '..', '..');
const nncBin = join(root, 'dist', 'cli', 'main.js');

/** Bundles the page script (and the runtime it imports) into OUT/app.js; copies index.html. */
export async function buildPage(outDir) {
  const esbuild = await import('esbuild');
  mkdirSync(outDir, { recursive: true });
  const result = await esbuild.build({
    entryPoints: [join(here, 'main.ts')],
    outfile: join(outDir, 'app.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // The runtime loads Dawn (npm 'webgpu') only in Node, through a dynamic import; never in a page.
    external: ['webgpu'],
    logLevel: 'silent',
  });
  if (result.errors.length) throw new Error(result.errors.map((e) => e.text).join('\n'));
  copyFileSync(join(here, 'index.html'), join(outDir, 'index.html'));
  return { appBytes: statSync(join(outDir, 'app.js')).size };
}

function nnc(args) {
  const r = spawnSync(process.execPath, [nncBin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(`nnc ${args.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Trains the digits model (`epochs`: as the train block says when omitted) and compiles it to OUT/digits.nnb. */
export function buildModel(outDir, { epochs } = {}) {
  mkdirSync(outDir, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'nnc-web-'));
  try {
    const weights = join(tmp, 'digits.safetensors');
    const model = join(here, 'digits.nn');
    nnc(['train', model, '--save', weights, '--quiet', ...(epochs ? ['--epochs', String(epochs)] : [])]);
    nnc(['compile', model, '--weights', weights, '-o', join(outDir, 'digits.nnb'), '--quiet']);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { bundleBytes: statSync(join(outDir, 'digits.nnb')).size };
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.nnb': 'application/octet-stream', '.json': 'application/json' };

/** Serves `dir` read-only on `host` (127.0.0.1); port 0 picks a free one. */
export function serve(dir, { port = 0, host = '127.0.0.1' } = {}) {
  const base = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(base, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(base + sep) || req.method !== 'GET') {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const address = server.address();
      ok({ url: `http://${host}:${address.port}/`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

// Run as a script.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const out = resolve(opt('--out') ?? join(root, 'dist', 'web'));
  const epochs = opt('--epochs') ? Number(opt('--epochs')) : undefined;
  const page = await buildPage(out);
  const model = buildModel(out, { epochs });
  console.log(`Built ${out}: app.js ${page.appBytes} bytes, digits.nnb ${model.bundleBytes} bytes`);
  if (args.includes('--serve')) {
    const { url } = await serve(out, { port: Number(opt('--port') ?? 8080) });
    console.log(`Serving ${out} at ${url} (Ctrl-C stops)`);
  }
}
