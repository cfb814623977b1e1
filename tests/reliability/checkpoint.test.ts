// Checkpoints and resume: a run interrupted at any point (a kill in the middle of writing a
// checkpoint file included) and resumed with --resume ends bit-identical to a run that was never
// interrupted: the same weights file bytes and the same history. The kills are deterministic:
// NNC_TEST_CRASH_AFTER_CHECKPOINT_FILES=k tears the k-th checkpoint file write in half and
// SIGKILLs the process (cli/checkpoint-dir.ts). One more run is killed by the clock.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../runtime/checkpoint.js';
import { POINTER_FILE, readCheckpointFiles, writeCheckpoint } from '../../cli/checkpoint-dir.js';
import { train } from '../../runtime/trainer.js';
import type { Dataset, EpochSnapshot, History } from '../../runtime/train-types.js';
import { build, interpEngine, uniform } from '../training/engines.js';
import { root, userStderr } from '../helpers/cli.js';
import { pool } from '../helpers/pool.js';

const BIN = join(root, 'dist', 'cli', 'main.js');
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'nnc-ckpt-'));
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

// ---- a small model with everything a resume must restore ------------------------------------------
// Shuffling, dropout (counter-based on the step), BatchNorm statistics, Adam's slots and step,
// a validation split, early stopping with restore_best (its best state is checkpointed too).

const ROWS = 48;
function csv(): string {
  const r = uniform(42);
  const lines = ['a,b,c,d,label'];
  for (let i = 0; i < ROWS; i++) {
    const f = [r() * 2 - 1, r() * 2 - 1, r() * 2 - 1, r() * 2 - 1];
    lines.push([...f.map((v) => v.toFixed(3)), f[0]! + 0.5 * f[1]! - f[2]! > 0 ? 1 : 0].join(','));
  }
  return lines.join('\n') + '\n';
}

const MODEL = `model net {
  input x: [N, 4]
  layers {
    Dense(8)
    BatchNorm()
    Activation(relu)
    Dropout(0.25)
    Dense(1, activation = sigmoid)
  }
}
train net {
  data      = csv("data.csv", target = "label")
  validate  = split(0.25)
  loss      = binary_crossentropy
  metrics   = [accuracy]
  optimizer = adam(lr = 0.02)
  batch     = 8
  epochs    = 5
  seed      = 11
  early_stopping { monitor = val_loss; patience = 10; restore_best = true }
}
`;

interface Ran {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stderr: string;
}

/** Runs nnc; `killWhen` resolving kills the process with SIGKILL. */
function nnc(args: readonly string[], cwd: string, env: Record<string, string> = {}, killWhen?: () => Promise<void>): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const guard = setTimeout(() => p.kill('SIGKILL'), 120_000);
    let done = false;
    void killWhen?.().then(() => done || p.kill('SIGKILL'));
    p.on('error', reject);
    p.on('close', (code, signal) => {
      clearTimeout(guard);
      done = true;
      resolve({ code, signal, stderr: userStderr(stderr) });
    });
  });
}

function project(name: string): string {
  const dir = join(work, name);
  cpSync(join(work, 'base'), dir, { recursive: true });
  return dir;
}

const bytes = (dir: string, f: string): Buffer => readFileSync(join(dir, f));

// ---- the on-disk format -------------------------------------------------------------------------

describe('checkpoint files', () => {
  const state = new Map([
    ['w', Float32Array.of(1.5, -0, NaN, 3)],
    ['__step', Float32Array.of(7)],
  ]);
  const shapes = new Map<string, number[]>([
    ['w', [2, 2]],
    ['__step', []],
  ]);
  const ckpt = {
    run: { model: 'm', seed: 3, batch: 4, shuffle: true, rows: 10, validationRows: 2 },
    epoch: 2,
    epochs: 9,
    history: { loss: [0.1 + 0.2, 1 / 3], val_loss: [Infinity, NaN] },
    earlyStopping: { best: 0.30000000000000004, bestEpoch: 1, wait: 1, stopped: false, bestState: new Map([['w', Float32Array.of(1, 2, 3, 4)], ['__step', Float32Array.of(3)]]) },
    state,
  };

  it('round-trip exactly: doubles of the history, NaN and Inf, f32 bit patterns, early stopping', () => {
    const back = decodeCheckpoint(encodeCheckpoint(ckpt, shapes));
    expect(back.run).toEqual(ckpt.run);
    expect([back.epoch, back.epochs]).toEqual([2, 9]);
    expect(back.history).toEqual(ckpt.history);
    expect(Object.is(back.history['loss']![0], 0.1 + 0.2)).toBe(true);
    expect(back.earlyStopping).toMatchObject({ best: 0.30000000000000004, bestEpoch: 1, wait: 1, stopped: false });
    expect([...back.earlyStopping!.bestState!.get('w')!]).toEqual([1, 2, 3, 4]);
    const w = back.state.get('w')!;
    expect(w.shape).toEqual([2, 2]);
    expect(new Uint32Array(w.data.buffer)).toEqual(new Uint32Array(state.get('w')!.buffer));
  });

  it('are written atomically: the pointer names only complete checkpoints, older ones are removed', () => {
    const dir = join(work, 'unit');
    const files = encodeCheckpoint(ckpt, shapes);
    writeCheckpoint(dir, 1, files);
    writeCheckpoint(dir, 2, files);
    expect(readdirSync(dir).sort()).toEqual([POINTER_FILE, 'epoch-000002']);
    const read = readCheckpointFiles(dir);
    expect(read.epoch).toBe(2);
    expect(decodeCheckpoint(read.files).epoch).toBe(2);
    // A damaged file is detected by its hash, not silently loaded.
    const f = join(dir, 'epoch-000002', 'trainer.json');
    writeFileSync(f, readFileSync(f, 'utf8').replace('"wait": 1', '"wait": 2'));
    expect(() => readCheckpointFiles(dir)).toThrow(/damaged: its size or SHA-256 differs/);
  });
});

// ---- resume in-process: the trainer continues exactly ------------------------------------------

describe('resuming the trainer', () => {
  it('stopping after epoch 3 and resuming from its checkpoint equals an uninterrupted run (interpreter)', async () => {
    const text = MODEL.replace('csv("data.csv", target = "label")', 'inline(x = [[0, 0, 0, 0]], y = [[0]])');
    const r = uniform(9);
    const rows = 40;
    const data: Dataset = {
      rows,
      features: Float32Array.from({ length: rows * 4 }, () => r() * 2 - 1),
      featureShape: [4],
      targets: Float32Array.from({ length: rows }, () => (r() > 0.5 ? 1 : 0)),
      targetShape: [1],
    };
    const validation: Dataset = { ...data, rows: 8, features: data.features.slice(0, 32), targets: data.targets.slice(0, 8) };
    const b = build(text, 11);
    const shapes = new Map<string, number[]>(b.model.params.map((p) => [p.name, [...p.shape]]));
    for (const u of b.graphs.train_step!.updates ?? []) if (b.graphs.training!.state.includes(u.buffer)) shapes.set(u.buffer, u.node.type.shape as number[]);
    const es = { monitor: 'val_loss', patience: 2, minDelta: 0.001, restoreBest: true };
    const opts = { epochs: 8, batch: 8, seed: 11, shuffle: true, validation, earlyStopping: es };

    const a = interpEngine(b, data);
    const ha = await train(a, data, opts);

    // Run B: stop after epoch 3 (a crash), keeping that epoch's checkpoint in memory.
    let saved: Checkpoint | null = null;
    const crash = new Error('crash');
    const bEngine = interpEngine(b, data);
    const onEpochComplete = async (s: EpochSnapshot): Promise<void> => {
      const files = encodeCheckpoint({ run: { model: 'net', seed: 11, batch: 8, shuffle: true, rows, validationRows: 8 }, epoch: s.epoch, epochs: s.epochs, history: s.history, earlyStopping: s.earlyStopping, state: await bEngine.getState() }, shapes);
      saved = decodeCheckpoint(files);
      if (s.epoch === 3) throw crash;
    };
    await expect(train(bEngine, data, { ...opts, onEpochComplete })).rejects.toBe(crash);
    const ck = saved! as Checkpoint;
    expect(ck.epoch).toBe(3);
    // A fresh engine from the checkpoint alone.
    const c = interpEngine(b, data);
    c.setState(new Map([...ck.state].map(([k, t]) => [k, t.data])));
    const hc: History = await train(c, data, { ...opts, initialEpoch: ck.epoch, initialHistory: ck.history, initialEarlyStopping: ck.earlyStopping ?? undefined });
    expect(hc).toEqual(ha);
    const [sa, sc] = [await a.getState(), await c.getState()];
    for (const [k, v] of sa) expect(new Uint32Array(sc.get(k)!.buffer), k).toEqual(new Uint32Array(v.buffer));
  });

  it('refuses an initialEpoch beyond the epochs asked for', async () => {
    const one: Dataset = { rows: 1, features: new Float32Array(4), featureShape: [4], targets: new Float32Array(1), targetShape: [1] };
    const e = interpEngine(build(MODEL.replace('csv("data.csv", target = "label")', 'inline(x = [[0, 0, 0, 0]], y = [[0]])'), 1), one);
    const opts = { epochs: 2, batch: 1, seed: 1, shuffle: false, validation: null, earlyStopping: null, initialEpoch: 3 };
    await expect(train(e, one, opts)).rejects.toThrow(/initialEpoch must be a whole number from 0 to epochs \(2\)/);
  });
});

// ---- the CLI: kills at chosen points, then --resume ----------------------------------------------

describe('nnc train --checkpoint / --resume', () => {
  // Files written per checkpoint: state.safetensors, best.safetensors, trainer.json, then the
  // pointer (4 per epoch while a best state is kept). k = 1: the first file ever (no checkpoint
  // yet); 6: best.safetensors of epoch 2; 8: the pointer of epoch 2 (torn in its temporary file);
  // 11: trainer.json of epoch 3; 999: no kill (a completed run's final checkpoint).
  const KILLS = [1, 6, 8, 11, 999];

  it('a run killed while writing a checkpoint and resumed ends bit-identical to an uninterrupted run (cpu)', async () => {
    mkBase();
    const ref = project('ref');
    const jobs: (() => Promise<void>)[] = [
      async () => {
        const r = await nnc(['train', 'net.nn', '--backend', 'cpu', '-q', '--save', 'w.safetensors', '--history', 'h.json'], ref);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
      },
    ];
    const outcomes = new Map<number, string>();
    for (const k of KILLS) {
      jobs.push(async () => {
        const dir = project(`kill-${k}`);
        const crash = await nnc(['train', 'net.nn', '--backend', 'cpu', '-q', '--checkpoint', 'ck'], dir, { NNC_TEST_CRASH_AFTER_CHECKPOINT_FILES: String(k) });
        if (k === 999) expect(crash.code, crash.stderr).toBe(0);
        else expect(crash.signal, crash.stderr).toBe('SIGKILL');
        // Whatever the moment of the kill, the checkpoint directory holds the last complete epoch.
        let resumeArgs = ['--resume', 'ck'];
        if (existsSync(join(dir, 'ck', POINTER_FILE))) {
          const epoch = readCheckpointFiles(join(dir, 'ck')).epoch;
          outcomes.set(k, `killed at file ${k}: resumed after epoch ${epoch}`);
          expect(decodeCheckpoint(readCheckpointFiles(join(dir, 'ck')).files).epoch).toBe(epoch);
        } else {
          // Killed before the first checkpoint was complete: --resume says so; start again.
          const r = await nnc(['train', 'net.nn', '--backend', 'cpu', '-q', '--resume', 'ck'], dir);
          expect(r.code).toBe(1);
          expect(r.stderr).toBe("nnc: error: cannot resume from 'ck': no checkpoint in 'ck': it holds no checkpoint.json (no epoch was completed)\n");
          outcomes.set(k, `killed at file ${k}: no checkpoint yet, started again`);
          resumeArgs = ['--checkpoint', 'ck'];
        }
        const resumed = await nnc(['train', 'net.nn', '--backend', 'cpu', '-q', ...resumeArgs, '--save', 'w.safetensors', '--history', 'h.json'], dir);
        expect(resumed.stderr).toBe('');
        expect(resumed.code).toBe(0);
      });
    }
    await pool(jobs, Math.min(6, Math.max(4, availableParallelism())));
    for (const k of KILLS) {
      const dir = join(work, `kill-${k}`);
      expect(bytes(dir, 'w.safetensors').equals(bytes(ref, 'w.safetensors')), `weights after a kill at file ${k}`).toBe(true);
      expect(bytes(dir, 'h.json').toString(), `history after a kill at file ${k}`).toBe(bytes(ref, 'h.json').toString());
    }
    console.log(`checkpoint kills (cpu): ${[...outcomes.values()].join('; ')}; all bit-identical to the uninterrupted run`);
    expect(outcomes.size).toBe(KILLS.length);
  });

  it('the same on WebGPU: killed mid-checkpoint, resumed, bit-identical', async () => {
    mkBase();
    const ref = project('gpu-ref');
    const dir = project('gpu-kill');
    const [a, crash] = await Promise.all([
      nnc(['train', 'net.nn', '--backend', 'webgpu', '-q', '--save', 'w.safetensors', '--history', 'h.json'], ref),
      nnc(['train', 'net.nn', '--backend', 'webgpu', '-q', '--checkpoint', 'ck'], dir, { NNC_TEST_CRASH_AFTER_CHECKPOINT_FILES: '10' }),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(crash.signal).toBe('SIGKILL');
    expect(readCheckpointFiles(join(dir, 'ck')).epoch).toBe(2);
    const resumed = await nnc(['train', 'net.nn', '--backend', 'webgpu', '-q', '--resume', 'ck', '--save', 'w.safetensors', '--history', 'h.json'], dir);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(bytes(dir, 'w.safetensors').equals(bytes(ref, 'w.safetensors'))).toBe(true);
    expect(bytes(dir, 'h.json').toString()).toBe(bytes(ref, 'h.json').toString());
  });

  it('a kill at an arbitrary moment (by the clock, while checkpoints are being written) leaves the last complete one', async () => {
    mkBase();
    const dir = project('clock');
    writeFileSync(join(dir, 'net.nn'), MODEL.replace('epochs    = 5', 'epochs    = 400'));
    const pointer = join(dir, 'ck', POINTER_FILE);
    // Wait for the first checkpoint, then kill after a further 50-400 ms (seeded): mid-training,
    // possibly mid-write (a checkpoint is written every few milliseconds).
    const draw = uniform(12345);
    draw();
    const delay = 50 + Math.floor(draw() * 350);
    const r = await nnc(['train', 'net.nn', '--backend', 'cpu', '-q', '--checkpoint', 'ck'], dir, {}, async () => {
      while (!existsSync(pointer)) await new Promise((f) => setTimeout(f, 10));
      await new Promise((f) => setTimeout(f, delay));
    });
    expect(r.signal).toBe('SIGKILL');
    const ck = decodeCheckpoint(readCheckpointFiles(join(dir, 'ck')).files);
    expect(ck.epoch).toBeGreaterThanOrEqual(1);
    expect(ck.epoch).toBeLessThan(400);
    const left = readdirSync(join(dir, 'ck')).filter((f) => f !== POINTER_FILE);
    console.log(`killed by the clock ${delay} ms after the first checkpoint: the checkpoint of epoch ${ck.epoch} is intact (directory: ${left.join(', ')})`);
    // And it resumes (a few epochs, to keep this quick).
    const resumed = await nnc(['train', 'net.nn', '--backend', 'cpu', '-q', '--resume', 'ck', '--epochs', String(ck.epoch + 2)], dir);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readCheckpointFiles(join(dir, 'ck')).epoch).toBe(ck.epoch + 2);
  });
});

function mkBase(): void {
  const base = join(work, 'base');
  if (existsSync(base)) return;
  mkdirSync(base, { recursive: true });
  writeFileSync(join(base, 'data.csv'), csv());
  writeFileSync(join(base, 'net.nn'), MODEL);
}
