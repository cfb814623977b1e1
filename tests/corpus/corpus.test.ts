// The bad-input corpus: every case must give one clear, located message and a non-zero exit,
// never a stack trace, and must leave output files alone. Source cases run through checkFile
// in-process; CLI cases run the built binary (dist/nnc.js), several at a time.
//
// CORPUS_PRINT=1 prints each case's actual first line (to review a new case's message).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFile } from '../../compiler/check/check-file.js';
import { CompileError, renderDiagnostic } from '../../compiler/syntax/diagnostics.js';
import { root, userStderr } from '../helpers/cli.js';
import { cliCases, type CliCase } from './cli-cases.js';
import { sourceCases } from './source-cases.js';
import { pool } from '../helpers/pool.js';

const PRINT = process.env['CORPUS_PRINT'] === '1';
const BIN = join(root, 'dist', 'nnc.js');
const FIXTURES = join(import.meta.dirname, 'fixtures');
const STACK = /\n\s+at /;
const BUILD_IN_FLUX = /^file:\/\/\S+\/dist\/\S+\.js:\d+$|SyntaxError: The requested module|ERR_MODULE_NOT_FOUND/m;

// ---- source cases -------------------------------------------------------------------------------

function diagnose(text: string): CompileError {
  try {
    checkFile({ path: 'bad.nn', text });
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw new Error(`not a CompileError: ${e instanceof Error ? e.stack : String(e)}`);
  }
  throw new Error('the file checked cleanly');
}

describe('corpus: source cases (checkFile)', () => {
  it('has distinct names', () => {
    expect(new Set(sourceCases.map((c) => c.name)).size).toBe(sourceCases.length);
  });
  for (const c of sourceCases) {
    it(c.name, () => {
      const e = diagnose(c.text);
      const d = e.diagnostics[0]!;
      const rendered = renderDiagnostic(e.file, d);
      if (PRINT) console.log(`${c.name} | ${rendered.split('\n')[0]}${d.hint ? ` | hint: ${d.hint}` : ''}`);
      expect(rendered.split('\n')[0]).toBe(c.first);
      expect(d.hint).toBe(c.hint);
      expect(e.message).not.toMatch(STACK);
      // Every diagnostic lies inside the file, and the caret sits under its column.
      const lines = c.text.split('\n');
      for (const x of e.diagnostics) {
        expect(x.span.line).toBeGreaterThanOrEqual(1);
        expect(x.span.line).toBeLessThanOrEqual(lines.length);
        expect(x.span.col).toBeGreaterThanOrEqual(1);
        expect(x.span.col).toBeLessThanOrEqual(lines[x.span.line - 1]!.length + 1);
        expect(x.span.start).toBeLessThanOrEqual(c.text.length);
      }
      const caret = rendered.split('\n').find((l) => /\|\s*\^/.test(l))!;
      expect(caret.indexOf('^') - caret.indexOf('|') - 2).toBe(d.span.col - 1);
    });
  }
});

// ---- CLI cases ----------------------------------------------------------------------------------

interface Ran {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    p.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => p.kill('SIGKILL'), 60_000);
    p.on('error', reject);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

let work: string;
const prepared = new Map<string, string>(); // name → directory made once for cases to copy
const results = new Map<string, { dir: string; ran: Ran }>();

async function prepare(): Promise<void> {
  // A real checkpoint of reg.nn after its 3 epochs, and damaged copies of it.
  const base = join(work, 'prep');
  cpSync(FIXTURES, base, { recursive: true });
  const r = await run(['train', 'reg.nn', '--backend', 'cpu', '--quiet', '--checkpoint', 'ck'], base);
  if (r.code !== 0) throw new Error(`preparing a checkpoint failed:\n${r.stderr}`);
  prepared.set('ck', join(base, 'ck'));
  const pointer = JSON.parse(readFileSync(join(base, 'ck', 'checkpoint.json'), 'utf8')) as { dir: string };
  for (const [name, damage] of [
    ['ck-damaged', (d: string) => {
      const f = join(d, pointer.dir, 'state.safetensors');
      const b = readFileSync(f);
      b[b.length - 1] ^= 0xff;
      writeFileSync(f, b);
    }],
    ['ck-missing-state', (d: string) => rmSync(join(d, pointer.dir, 'state.safetensors'))],
  ] as const) {
    const d = join(work, name);
    cpSync(join(base, 'ck'), d, { recursive: true });
    damage(d);
    prepared.set(name, d);
  }
}

function setUp(c: CliCase, k: number): string {
  const dir = join(work, `case-${k}`);
  cpSync(FIXTURES, dir, { recursive: true });
  for (const [to, from] of Object.entries(c.copy ?? {})) cpSync(prepared.get(from)!, join(dir, to), { recursive: true });
  for (const [path, content] of Object.entries({ ...c.files, ...c.keep })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build first (npx tsc -p tsconfig.json)`);
  work = mkdtempSync(join(tmpdir(), 'nnc-corpus-'));
  await prepare();
  const jobs = cliCases.map((c, k) => async () => {
    let dir = setUp(c, k);
    let ran = await run(c.args, dir, c.env);
    // dist/ being rebuilt by a concurrent `tsc` makes Node fail to load a half-written module:
    // that is the build's state, not nnc's behaviour; run the case once more in a fresh copy.
    if (BUILD_IN_FLUX.test(ran.stderr)) {
      await new Promise((r) => setTimeout(r, 3000));
      dir = setUp(c, k + cliCases.length);
      ran = await run(c.args, dir, c.env);
    }
    results.set(c.name, { dir, ran });
  });
  // Each run is ~1 s of CPU, mostly module loading; a few more runs than cores keep the CPUs busy.
  await pool(jobs, Math.min(8, Math.max(4, availableParallelism())));
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('corpus: CLI cases (the nnc binary)', () => {
  it('has distinct names', () => {
    expect(new Set(cliCases.map((c) => c.name)).size).toBe(cliCases.length);
  });
  for (const c of cliCases) {
    it(c.name, () => {
      const { dir, ran } = results.get(c.name)!;
      const stderr = userStderr(ran.stderr);
      const text = c.stdout ? ran.stdout : stderr;
      const first = text.split('\n')[0]!;
      if (PRINT) console.log(`${c.name} | ${ran.code} | ${first}`);
      expect(ran.signal, 'killed by a signal').toBeNull();
      expect(first).toBe(c.first);
      expect(ran.code).toBe(c.code);
      if (c.also) expect(text.split('\n').map((l) => l.trim())).toContain(c.also);
      expect(ran.stdout + ran.stderr).not.toMatch(STACK);
      expect(ran.stdout + ran.stderr).not.toMatch(/internal error/);
      // One message: a usage error is one `nnc: error:` line (indented detail lines may follow).
      if (first.startsWith('nnc: error:')) expect(stderr.split('\n').filter((l) => l.startsWith('nnc: ')).length).toBe(1);
      for (const [path, content] of Object.entries(c.keep ?? {})) expect(readFileSync(join(dir, path), 'utf8'), `${path} was changed`).toBe(content);
      for (const path of c.absent ?? []) expect(existsSync(join(dir, path)), `${path} was created`).toBe(false);
    });
  }
});

describe('corpus: size', () => {
  it('holds at least 150 cases', () => {
    const n = sourceCases.length + cliCases.length;
    console.log(`bad-input corpus: ${n} cases (${sourceCases.length} source cases through checkFile, ${cliCases.length} CLI cases through the nnc binary)`);
    expect(n).toBeGreaterThanOrEqual(150);
  });
});
