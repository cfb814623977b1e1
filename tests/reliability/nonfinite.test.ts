// Numerical faults: the `nonfinite` op (GPU = interpreter, bit patterns included), the training
// step's on-GPU divergence flag (`totals.nonfinite`), and the trainer stopping on it with the epoch
// and the steps named, without handing a diverged epoch to checkpoints.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, generateModule } from '../../compiler/codegen/codegen.js';
import { newGraph } from '../../compiler/ir/new-graph.js';
import { opDef } from '../../compiler/ir/ops/index.js';
import { evaluate } from '../../compiler/interp/interpreter.js';
import { NONFINITE } from '../../compiler/training/train-graph.js';
import type { OpenedDevice } from '../../runtime/device.js';
import { ModuleRunner } from '../../runtime/executor.js';
import { GpuEngine } from '../../runtime/gpu-engine.js';
import { NonFiniteError, train } from '../../runtime/trainer.js';
import type { Dataset, EpochSnapshot, StepEngine, Totals } from '../../runtime/train-types.js';
import { build, interpEngine } from '../training/engines.js';
import { testDevice } from '../helpers/gpu.js';

let gpu: OpenedDevice;
beforeAll(async () => {
  gpu = await testDevice();
});
afterAll(() => gpu?.destroy());

/** Every class of f32: ±0, denormals, normals, the largest finite, ±Inf, NaNs (quiet, signalling, negative). */
function specials(): Float32Array {
  const bits = [
    0x00000000, 0x80000000, 0x00000001, 0x807fffff, 0x00800000, 0x3f800000, 0xbf800000, 0x7f7fffff, 0xff7fffff,
    0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7f800001, 0x7fbfffff, 0xffffffff, 0x4b800000, 0x3e99999a,
  ];
  return new Float32Array(Uint32Array.from(bits).buffer);
}

describe('the nonfinite op', () => {
  it('is 1 exactly where x is NaN or ±Inf, on the GPU as in the interpreter', async () => {
    const g = newGraph();
    const x = g.leaf('input', { name: 'x' }, { shape: ['N', 3], dtype: 'f32' });
    const out = g.node('nonfinite', [x], {});
    expect(out.type).toEqual({ shape: ['N', 3], dtype: 'f32' });
    const mod = generate({ outputs: [{ name: 'y', node: out }] });
    expect(mod.kernels.map((k) => k.wgsl).join('\n')).toMatch(/bitcast<u32>/);
    expect(mod.kernels.map((k) => k.wgsl).join('\n')).not.toMatch(/!=/);
    const runner = await ModuleRunner.create(gpu.device, mod);
    try {
      const s = specials();
      const data = new Float32Array(s.length * 2);
      data.set(s);
      data.set(s.map((v, i) => (i % 2 ? v * 3 : -v)), s.length); // more mixtures
      const rows = data.length / 3;
      const [want] = evaluate([out], { inputs: new Map([['x', { shape: [rows, 3], data }]]), params: new Map() }, 'f32');
      const got = await runner.run('predict', { x: { data, shape: [rows, 3] } });
      expect(Array.from(got['y']!.data)).toEqual(Array.from(want!.data));
      expect(Array.from(want!.data)).toEqual(Array.from(data, (v) => (Number.isFinite(v) ? 0 : 1)));
      expect(Array.from(got['y']!.data.subarray(0, s.length))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
    } finally {
      runner.destroy();
    }
  });

  it('passes no gradient', () => {
    const g = newGraph();
    const x = g.leaf('input', { name: 'x' }, { shape: [2], dtype: 'f32' });
    const y = g.node('nonfinite', [x], {});
    expect(opDef('nonfinite').vjp(g, y, x)).toEqual([null]);
  });
});

// ---- the training step's flag -------------------------------------------------------------------

const model = (lr: string) => `model reg {
  input x: [N, 2]
  layers {
    hidden = Dense(3, activation = relu)
    Dense(1)
  }
}
train reg {
  data      = inline(x = [[0, 0], [0, 1], [1, 0], [1, 1]], y = [[0], [1], [1], [2]])
  loss      = mse
  optimizer = sgd(lr = ${lr})
  batch     = 1
  epochs    = 3
  seed      = 5
}
`;

const data: Dataset = {
  rows: 8,
  features: Float32Array.from([0, 0, 0, 1, 1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 1]),
  featureShape: [2],
  targets: Float32Array.from([0, 1, 1, 2, 0, 1, 1, 2]),
  targetShape: [1],
};

describe('the divergence flag of train_step', () => {
  it('is part of the training spec and a scalar state buffer of the module', () => {
    const b = build(model('0.1'), 5);
    expect(b.graphs.training!.nonfinite).toBe(NONFINITE);
    const mod = generateModule(b.graphs);
    expect(mod.buffers.find((x) => x.name === NONFINITE)).toMatchObject({ role: 'state', shape: [], dtype: 'f32' });
    // Not a weight nor checkpointed optimizer state: it is a per-epoch total, like totals.loss.
    expect(b.graphs.training!.state).not.toContain(NONFINITE);
    expect(b.graphs.training!.weights).not.toContain(NONFINITE);
  });

  for (const backend of ['webgpu', 'cpu'] as const) {
    it(`${backend}: stays 0 while training is finite, is 1 once it diverges, resets with the totals`, async () => {
      const make = async (lr: string): Promise<StepEngine & { destroy?(): void }> => {
        const b = build(model(lr), 5);
        if (backend === 'cpu') return interpEngine(b, data);
        const e = await GpuEngine.create(gpu.device, generateModule(b.graphs));
        e.setState(b.initial);
        return e;
      };
      const fine = await make('0.01');
      const bad = await make('1e30');
      try {
        for (let s = 0; s < 4; s++) {
          fine.trainStep(data.features.subarray(2 * s, 2 * s + 2), data.targets.subarray(s, s + 1), 1);
          bad.trainStep(data.features.subarray(2 * s, 2 * s + 2), data.targets.subarray(s, s + 1), 1);
        }
        expect((await fine.readTotals()).nonfinite).toBe(0);
        const t = await bad.readTotals();
        expect(t.nonfinite).toBe(1);
        // The weights really are non-finite: the flag tells the truth.
        const state = await bad.getState();
        expect([...state.values()].some((v) => v.some((x) => !Number.isFinite(x)))).toBe(true);
        bad.resetTotals();
        expect((await bad.readTotals()).nonfinite).toBe(0);
      } finally {
        fine.destroy?.();
        bad.destroy?.();
      }
    });
  }

  it('costs no kernel of its own: a train step with the flag vs. the same module without it (GPU)', async () => {
    const b = build(model('0.01'), 5);
    const withFlag = generateModule(b.graphs);
    const step = b.graphs.train_step!;
    const without = generateModule({ ...b.graphs, train_step: { ...step, updates: step.updates!.filter((u) => u.buffer !== NONFINITE) }, training: { ...b.graphs.training!, nonfinite: undefined } });
    const time = async (mod: typeof withFlag): Promise<number> => {
      const e = await GpuEngine.create(gpu.device, mod);
      try {
        e.setState(b.initial);
        const run = async (n: number): Promise<number> => {
          const t0 = performance.now();
          for (let s = 0; s < n; s++) e.trainStep(data.features, data.targets, data.rows);
          await e.readTotals();
          return (performance.now() - t0) / n;
        };
        await run(20);
        return Math.min(await run(100), await run(100));
      } finally {
        e.destroy();
      }
    };
    const [a, c] = [await time(without), await time(withFlag)];
    const extra = withFlag.programs.train_step!.steps.length - without.programs.train_step!.steps.length;
    console.log(
      `divergence flag: ${extra} extra kernels in train_step (${without.programs.train_step!.steps.length} → ${withFlag.programs.train_step!.steps.length}); ` +
        `${a.toFixed(3)} ms/step without, ${c.toFixed(3)} ms/step with (lavapipe, tiny model: the worst case, where launches dominate)`,
    );
    // The flag is marked by the kernels that write the new weights (passes/flag-markers.ts).
    expect(extra).toBe(0);
  });
});

// ---- the trainer --------------------------------------------------------------------------------

/** A trivial engine whose `nonfinite` flag becomes 1 from step `badStep` (1-based, over the run). */
class FlaggingEngine implements StepEngine {
  readonly metricNames: readonly string[] = [];
  readonly weightNames: readonly string[] = ['w'];
  private steps = 0;
  private count = 0;
  private flagged = 0;
  constructor(private readonly badStep: number) {}
  trainStep(_f: Float32Array, _t: Float32Array | Int32Array, rows: number): void {
    this.steps++;
    this.count += rows;
    if (this.steps >= this.badStep) this.flagged = 1;
  }
  async readTotals(): Promise<Totals> {
    return { count: this.count, loss: this.count, metrics: {}, nonfinite: this.flagged };
  }
  resetTotals(): void {
    this.count = 0;
    this.flagged = 0;
  }
  async evaluate(): Promise<Totals> {
    return { count: 1, loss: 1, metrics: {} };
  }
  async getState(): Promise<Map<string, Float32Array>> {
    return new Map([['w', Float32Array.of(this.steps)]]);
  }
  setState(): void {}
}

describe('the trainer stops on non-finite values', () => {
  const opts = { epochs: 5, batch: 2, seed: 1, shuffle: true, validation: null, earlyStopping: null };

  it('names the epoch and the step range since the last clean read; diverged epochs never reach checkpoints', async () => {
    const e = new FlaggingEngine(11); // 4 steps per epoch: step 11 is step 3 of epoch 3
    const snaps: number[] = [];
    const err = await train(e, data, { ...opts, onEpochComplete: (s: EpochSnapshot) => void snaps.push(s.epoch) }).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(NonFiniteError);
    const n = err as NonFiniteError;
    expect([n.epoch, n.firstStep, n.lastStep, n.steps]).toEqual([3, 1, 4, 4]);
    expect(n.message).toBe('the loss or the weights became NaN or Inf in epoch 3, between steps 1 and 4 of 4');
    expect(snaps).toEqual([1, 2]);
    expect(n.history['loss']).toHaveLength(2);
  });

  it('narrows the range with progress reads', async () => {
    let clock = 0;
    const e = new FlaggingEngine(11);
    const onBatchEnd = () => undefined;
    const err = (await train(e, data, { ...opts, callbacks: { onBatchEnd } }, { now: () => (clock += 1000) }).catch((x: unknown) => x)) as NonFiniteError;
    expect(err).toBeInstanceOf(NonFiniteError);
    expect([err.epoch, err.firstStep, err.lastStep]).toEqual([3, 3, 3]);
    expect(err.message).toBe('the loss or the weights became NaN or Inf in epoch 3, at step 3 of 4');
  });

  it('a real diverging run on the interpreter stops in its first epoch', async () => {
    const b = build(model('1e30'), 5);
    const e = interpEngine(b, data);
    const err = await train(e, data, { ...opts, batch: 1 }).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(NonFiniteError);
    expect((err as NonFiniteError).epoch).toBe(1);
  });

  it('engines without the flag train as before (no NaN check)', async () => {
    class Plain extends FlaggingEngine {
      override async readTotals(): Promise<Totals> {
        const { nonfinite: _, ...t } = await super.readTotals();
        return t;
      }
    }
    const h = await train(new Plain(1), data, opts);
    expect(h.epochs).toBe(5);
  });
});
