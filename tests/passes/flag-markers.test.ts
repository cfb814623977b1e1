// The flag-markers pass: the training step's divergence flag (max of the old flag and "any
// non-finite" of the new loss and weights) becomes marks in the kernels that write those values.
// It recognizes exactly the flag's form; the benchmark MLP's step loses the flag's 7 reduction
// kernels; every kernel writing a weight marks the flag; and on the GPU the marked flag equals the
// graph's (fused without marks, unfused, and the interpreter) after every step of a finite and of
// a diverging run.
import { describe, expect, it } from 'vitest';
import { generateModule, type CodegenOptions } from '../../compiler/codegen/codegen.js';
import type { Node } from '../../compiler/ir/graph.js';
import { newGraph } from '../../compiler/ir/new-graph.js';
import { flagMarkers } from '../../compiler/passes/flag-markers.js';
import { throughViews } from '../../compiler/passes/fuse.js';
import { NONFINITE } from '../../compiler/training/train-graph.js';
import { GpuEngine } from '../../runtime/gpu-engine.js';
import type { StepEngine } from '../../runtime/train-types.js';
import { buildMlp } from '../../bench/models.js';
import { randomArray } from '../helpers/compare.js';
import { suiteDevices } from '../helpers/gpu.js';
import { build, interpEngine } from '../training/engines.js';

const devices = suiteDevices();

describe('flagMarkers', () => {
  it("recognizes the training step's flag: the update leaves, every new weight and the loss are watched", () => {
    const m = buildMlp(16, 4);
    const step = m.graphs.train_step!;
    const spec = m.graphs.training!;
    const { updates, watch } = flagMarkers(step.updates!, NONFINITE);
    expect(watch?.buffer).toBe(NONFINITE);
    expect(updates.map((u) => u.buffer)).toEqual(step.updates!.map((u) => u.buffer).filter((b) => b !== NONFINITE));
    const weights = step.updates!.filter((u) => spec.weights.includes(u.buffer)).map((u) => throughViews(u.node));
    expect(weights.length).toBe(spec.weights.length);
    for (const w of weights) expect(watch!.nodes.has(w)).toBe(true);
    const others = [...watch!.nodes].filter((n) => !weights.includes(n));
    expect(others.map((n) => `${n.op} ${JSON.stringify(n.type.shape)}`)).toEqual(['mean []']); // the loss
  });

  it('leaves every other form of update alone', () => {
    const g = newGraph();
    const flag = g.leaf('param', { name: 'f', trainable: false }, { shape: [], dtype: 'f32' });
    const x = g.leaf('input', { name: 'x' }, { shape: [4, 3], dtype: 'f32' });
    const y = g.node('relu', [x], {});
    const nf = (v: Node) => g.node('nonfinite', [v], {});
    const anyOf = (v: Node, axes: number[]) => g.node('max', [nf(v)], { axes, keepdims: false });
    const loss = g.node('sum', [y], { axes: [0, 1], keepdims: false });
    const cases: [string, Node][] = [
      ['a count (sum) instead of a maximum', g.node('add', [flag, g.node('sum', [nf(y)], { axes: [0, 1], keepdims: false })], {})],
      ['the old flag twice', g.node('maximum', [flag, g.node('maximum', [flag, nf(loss)], {})], {})],
      ['no old flag', g.node('maximum', [anyOf(y, [0, 1]), nf(loss)], {})],
      ['a maximum over some axes only', g.node('maximum', [flag, g.node('max', [anyOf(y, [0])], { axes: [0], keepdims: false })], {})],
      ['a term that is not nonfinite', g.node('maximum', [flag, loss], {})],
      ['a leaf watched (no kernel computes it)', g.node('maximum', [flag, anyOf(x, [0, 1])], {})],
    ];
    for (const [name, node] of cases) {
      const { updates, watch } = flagMarkers([{ buffer: 'f', node }], 'f');
      expect(watch, name).toBeNull();
      expect(updates.map((u) => u.node), name).toEqual([node]);
    }
    // The form itself, with a view in between: watched through it.
    const ok = g.node('maximum', [flag, g.node('maximum', [nf(loss), anyOf(g.node('reshape', [y], { shape: [12] }), [0])], {})], {});
    const { watch } = flagMarkers([{ buffer: 'f', node: ok }], 'f');
    expect([...(watch?.nodes ?? [])].sort((a, b) => a.id - b.id)).toEqual([y, loss].sort((a, b) => a.id - b.id));
  });

  it("takes the flag's reductions out of the benchmark MLP's step: 5 kernels fewer, and every kernel writing a weight marks the flag", () => {
    const m = buildMlp(256, 128);
    const spec = m.graphs.training!;
    const count = (opts: CodegenOptions) => {
      const mod = generateModule(m.graphs, opts);
      return { mod, kernels: mod.programs.train_step!.steps.map((s) => mod.kernels[s]!) };
    };
    const marked = count({});
    const graphForm = count({ flagMarkers: false });
    expect(graphForm.kernels.length - marked.kernels.length).toBe(5);
    expect(marked.mod.buffers.find((b) => b.name === NONFINITE)).toMatchObject({ role: 'state', shape: [], dtype: 'f32' });
    const marks = (k: { wgsl: string }) => (k.wgsl.match(/atomicStore\(&flag_totals_nonfinite\[0\], 0x3f800000u\)/g) ?? []).length;
    const writers = marked.kernels.filter((k) => k.bindings.some((b) => b.access === 'read_write' && spec.weights.includes(b.buffer)));
    expect(writers.length).toBeGreaterThan(0);
    for (const k of writers) {
      const written = k.bindings.filter((b) => b.access === 'read_write' && spec.weights.includes(b.buffer)).length;
      expect(marks(k), k.name).toBe(written);
      expect(k.wgsl, k.name).toContain('var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;');
    }
    // The loss's mark: one kernel more than the weights' writers marks the flag; none reads it.
    expect(marked.kernels.filter((k) => marks(k) > 0).length).toBe(writers.length + 1);
    for (const k of marked.kernels) expect(k.wgsl.includes('p_totals_nonfinite'), k.name).toBe(false);
  });
});

// ---- on the GPU -----------------------------------------------------------------------------------

const model = (lr: string) => `model net {
  input x: [N, 6]
  layers {
    d1 = Dense(8)
    bn = BatchNorm()
    Activation(relu)
    Dense(3, activation = softmax)
  }
}
train net {
  data      = inline(x = [[0, 0, 0, 0, 0, 0]], y = [0])
  loss      = sparse_categorical_crossentropy
  optimizer = adam(lr = ${lr})
  batch     = 5
  epochs    = 1
  seed      = 2
}
`;

describe('the marked flag on the GPU', () => {
  const rows = 5;
  const x = Float32Array.from(randomArray(rows * 6, 21, -2, 2));
  const y = Int32Array.from({ length: rows }, (_, i) => i % 3);
  for (const [lr, diverges] of [
    ['0.01', false],
    ['1e30', true],
  ] as const) {
    it(`${diverges ? 'a diverging' : 'a finite'} run (adam, lr ${lr}): the same flag after every step as the graph form, the unfused step and the interpreter`, async () => {
      const b = build(model(lr), 2);
      const engines: [string, StepEngine & { destroy?(): void }][] = [['interpreter', interpEngine(b, { featureShape: [6], targetShape: [] })]];
      const gpu = async (name: string, device: GPUDevice, opts: CodegenOptions) => {
        const e = await GpuEngine.create(device, generateModule(b.graphs, opts));
        e.setState(b.initial);
        engines.push([name, e]);
      };
      try {
        await gpu('marks, general forms', devices.gpu.device, {});
        await gpu('marks, GPU forms', devices.gpuForms.device, {});
        await gpu('graph form, fused', devices.gpu.device, { flagMarkers: false });
        await gpu('unfused', devices.gpu.device, { fuse: false });
        const flags = new Map<string, number[]>(engines.map(([n]) => [n, []]));
        for (let s = 0; s < 6; s++) {
          for (const [name, e] of engines) {
            e.trainStep(x, y, rows);
            flags.get(name)!.push((await e.readTotals()).nonfinite!);
          }
        }
        const reference = flags.get('interpreter')!;
        for (const [name, f] of flags) expect(f, name).toEqual(reference);
        expect(reference.every((v) => v === 0 || v === 1)).toBe(true);
        expect(reference[reference.length - 1]).toBe(diverges ? 1 : 0);
      } finally {
        for (const [, e] of engines) e.destroy?.();
      }
    });
  }

  it("a NaN only in BatchNorm's moving mean (which training does not read): only that update's mark can set the flag, and it does", async () => {
    const b = build(model('0.01'), 2);
    const state = new Map(b.initial);
    const mean = Float32Array.from(state.get('bn.moving_mean')!);
    mean[3] = NaN;
    state.set('bn.moving_mean', mean);
    const engines: [string, StepEngine & { destroy?(): void; setState(s: ReadonlyMap<string, Float32Array>): void }][] = [['interpreter', interpEngine(b, { featureShape: [6], targetShape: [] })]];
    try {
      for (const [name, device] of [
        ['general forms', devices.gpu.device],
        ['GPU forms', devices.gpuForms.device],
      ] as const) {
        engines.push([name, await GpuEngine.create(device, generateModule(b.graphs))]);
      }
      for (const [name, e] of engines) {
        e.setState(state);
        e.trainStep(x, y, rows);
        const t = await e.readTotals();
        expect(Number.isFinite(t.loss), name).toBe(true);
        expect(t.nonfinite, name).toBe(1);
      }
    } finally {
      for (const [, e] of engines) e.destroy?.();
    }
  });
});
