// Kernel fusion: the fused programs compute the same numbers as the unfused ones (one kernel per IR
// node) on the GPU, training steps included; the fusion plan respects its own rules (bindings,
// in-place updates, no kernel reading a value another invocation of it computes); and the MLP of
// the benchmark needs at most half the kernels per training step.
import { describe, expect, it } from 'vitest';
import { generate, generateModule } from '../../compiler/codegen/codegen.js';
import { newGraph } from '../../compiler/ir/new-graph.js';
import { evaluate } from '../../compiler/interp/interpreter.js';
import { expectClose, randomArray } from '../helpers/compare.js';
import { planFusion } from '../../compiler/passes/fuse.js';
import { rewriteMoments } from '../../compiler/passes/moments.js';
import { ModuleRunner, type TensorData } from '../../runtime/executor.js';
import type { CompiledModule } from '../../runtime/program.js';
import { buildMlp, mlpSource } from '../../bench/models.js';
import { suiteDevices } from '../helpers/gpu.js';
import { build, uniform, worstError } from '../training/engines.js';

const devices = suiteDevices();

const mlp = (optimizer: string, extra = '') => `
version 1
model m {
  input x: [N, 12]
  layers {
    d1  = Dense(16, use_bias = false)
    bn1 = BatchNorm()
    Activation(relu)
    ${extra}
    d2  = Dense(20, activation = tanh, l2 = 0.01)
    out = Dense(4, activation = softmax)
  }
}
train m {
  data      = inline(x = [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]], y = [0])
  loss      = sparse_categorical_crossentropy
  metrics   = [accuracy]
  optimizer = ${optimizer}
  batch     = 8
  epochs    = 1
  seed      = 3
}
`;

const regression = `
version 1
model r {
  input x: [N, 12]
  layers {
    h   = Dense(9, activation = sigmoid, l1 = 0.001)
    Dropout(0.3)
    bn  = BatchNorm(momentum = 0.8)
    out = Dense(3)
  }
}
train r {
  data      = inline(x = [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]], y = [[0, 0, 0]])
  loss      = mse
  metrics   = [mae]
  optimizer = rmsprop(lr = 0.01)
  batch     = 8
  epochs    = 1
  seed      = 5
}
`;

// Layers wider than 16 columns: their matmuls compute BatchNorm's column statistics in the epilogue.
const wide = `
version 1
model w {
  input x: [N, 12]
  layers {
    d1  = Dense(40, use_bias = false)
    bn1 = BatchNorm()
    Activation(relu)
    d2  = Dense(24, use_bias = false)
    bn2 = BatchNorm(momentum = 0.9)
    Activation(tanh)
    out = Dense(4, activation = softmax)
  }
}
train w {
  data      = inline(x = [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]], y = [0])
  loss      = sparse_categorical_crossentropy
  optimizer = momentum(lr = 0.05, momentum = 0.9)
  batch     = 8
  epochs    = 1
  seed      = 4
}
`;

interface Case {
  readonly name: string;
  readonly source: string;
  readonly labels: 'sparse' | 'dense';
}

// A Dense bias right before a BatchNorm has a gradient that is zero up to rounding, which Adam
// would amplify into noise: the models avoid it (use_bias = false) where Adam trains them.
const cases: Case[] = [
  { name: 'MLP with BatchNorm and Dropout, Adam, softmax + sparse CE', source: mlp('adam(lr = 0.01)', 'Dropout(0.25)'), labels: 'sparse' },
  { name: 'regression with Dropout and BatchNorm, RMSprop, L1', source: regression, labels: 'dense' },
  { name: 'wide Dense + BatchNorm (column statistics in matmul epilogues), SGD momentum', source: wide, labels: 'sparse' },
];

async function runner(mod: CompiledModule, initial: ReadonlyMap<string, Float32Array>, device = devices.gpu.device): Promise<ModuleRunner> {
  const r = await ModuleRunner.create(device, mod);
  for (const [name, v] of initial) r.setTensor(name, v);
  for (const [name, v] of Object.entries(mod.training?.stateInit ?? {})) {
    const b = mod.buffers.find((x) => x.name === name)!;
    r.setTensor(name, new Float32Array(b.shape.reduce<number>((a, d) => a * (d as number), 1)).fill(v));
  }
  return r;
}

describe('fused programs compute what the unfused ones compute', () => {
  // 'wide': compiled for 16 storage buffers per kernel, as `nnc train` and the bench compile for a
  // device that allows them (lavapipe, in the subgroup forms it runs; and in the GPU forms).
  const forms = ['general', 'gpu', 'wide', 'wide-gpu'] as const;
  const labels = { general: '', gpu: ', fused kernels in their GPU forms', wide: ', 16 storage buffers per kernel', 'wide-gpu': ', 16 storage buffers per kernel, GPU forms' };
  for (const [c, form] of cases.flatMap((c) => forms.map((f) => [c, f] as const))) {
    it(`${c.name}${labels[form]}`, async () => {
      const b = build(c.source, 7);
      const wide = form === 'wide' || form === 'wide-gpu';
      const gpuForms = form === 'gpu' || form === 'wide-gpu';
      const fused = generateModule(b.graphs, wide ? { maxStorageBuffers: 16 } : {});
      if (wide) {
        expect(devices.gpu.device.limits.maxStorageBuffersPerShaderStage).toBeGreaterThanOrEqual(16);
        expect(fused.kernels.some((k) => k.bindings.length > 8)).toBe(true);
      }
      const unfused = generateModule(b.graphs, { fuse: false });
      for (const p of ['predict', 'train_step', 'evaluate'] as const) {
        expect(fused.programs[p]!.steps.length, p).toBeLessThan(unfused.programs[p]!.steps.length);
      }
      const spec = fused.training!;
      const feat = fused.buffers.find((x) => x.name === spec.features)!.shape.slice(1) as number[];
      const targ = fused.buffers.find((x) => x.name === spec.targets)!;
      const tshape = targ.shape.slice(1) as number[];
      const r = uniform(11);
      const batch = (rows: number) => {
        const x = Float32Array.from({ length: rows * feat.reduce((p, q) => p * q, 1) }, () => 2 * r() - 1);
        const n = rows * tshape.reduce((p, q) => p * q, 1);
        const y: TensorData = c.labels === 'sparse' ? Int32Array.from({ length: n }, () => Math.floor(r() * 4)) : Float32Array.from({ length: n }, () => r());
        return {
          [spec.features]: { data: x, shape: [rows, ...feat] },
          [spec.targets]: { data: y, shape: [rows, ...tshape] },
        };
      };
      // 13 rows: one full tile of eight and a partial one; 5: a partial tile only.
      const batches = [batch(8), batch(13), batch(5)];
      if (gpuForms) expect(fused.programs.train_step!.steps.some((i) => fused.kernels[i]!.variants?.some((v) => 'gpu' in v.when))).toBe(true);
      const rf = await runner(fused, b.initial, gpuForms ? devices.gpuForms.device : devices.gpu.device);
      const ru = await runner(unfused, b.initial);
      try {
        for (const inp of batches) {
          await rf.run('train_step', inp);
          await ru.run('train_step', inp);
        }
        // Every weight, BN statistic, optimizer slot, the step and the totals agree.
        for (const name of [...spec.weights, ...spec.state, spec.totals.loss, ...spec.totals.metrics.map((m) => m.buffer)]) {
          const a = await rf.readTensor(name);
          const e = await ru.readTensor(name);
          const w = worstError(a, e, 1e-4, 1e-6);
          expect(w.err, `${name}[${w.at}]: fused ${a[w.at]}, unfused ${e[w.at]}`).toBeLessThanOrEqual(1);
        }
        const held = batch(6);
        const pf = await rf.run('predict', { [spec.features]: held[spec.features]! });
        const pu = await ru.run('predict', { [spec.features]: held[spec.features]! });
        for (const k of Object.keys(pu)) {
          expect(pf[k]!.shape).toEqual(pu[k]!.shape);
          const w = worstError(pf[k]!.data, pu[k]!.data, 1e-4, 1e-6);
          expect(w.err, `predict ${k}[${w.at}]`).toBeLessThanOrEqual(1);
        }
        await rf.run('evaluate', held);
        await ru.run('evaluate', held);
        const ef = await rf.readTensor(spec.evalTotals.loss);
        const eu = await ru.readTensor(spec.evalTotals.loss);
        expect(worstError(ef, eu, 1e-4, 1e-6).err).toBeLessThanOrEqual(1);
      } finally {
        rf.destroy();
        ru.destroy();
      }
      // Most of the time is the driver compiling the unfused programs' ~100 kernels: 35-46 s with
      // an empty shader cache on the 2-core machine, hence more than the suite's default 60 s.
    }, 150_000);
  }
});

describe('the fusion plan', () => {
  it('halves the kernels of the benchmark MLP training step (784-256-256-10, BatchNorm, Adam)', () => {
    const m = buildMlp(256, 128);
    const fused = generateModule(m.graphs).programs.train_step!.steps.length;
    const unfused = generateModule(m.graphs, { fuse: false }).programs.train_step!.steps.length;
    expect(fused * 2).toBeLessThanOrEqual(unfused);
    expect(mlpSource(256, 128)).toContain('BatchNorm');
  });

  it("computes BatchNorm's statistics in the matmul epilogues, mean and variance finished by one kernel", () => {
    for (const [m, widths] of [[buildMlp(256, 128), 2], [build(wide, 7), 2]] as const) {
      const g = m.graphs.train_step!;
      const roots = [...g.outputs.map((o) => o.node), ...(g.updates ?? []).map((u) => u.node)];
      const plan = planFusion(rewriteMoments(roots).roots, g.updates ?? []);
      const finishing = [...plan.partials];
      // Forward: each BatchNorm's mean and variance; backward: the sums over the batch of dy-terms.
      const forward = finishing.filter(([k]) => k.anchors.map((a) => a.op).join() === 'mean,variance');
      expect(forward.length).toBe(widths);
      expect(finishing.length).toBeGreaterThan(widths);
      for (const [finish, producer] of finishing) {
        expect(producer.kind).toBe('matmul');
        expect(finish.kind).toBe('reduce');
        expect(plan.kernels.indexOf(producer)).toBeLessThan(plan.kernels.indexOf(finish));
      }
    }
    const mod = generateModule(buildMlp(256, 128).graphs);
    const kernels = mod.programs.train_step!.steps.map((i) => mod.kernels[i]!);
    expect(kernels.filter((k) => k.wgsl.includes('partial statistics written by the matmul')).length).toBeGreaterThanOrEqual(2);
    // Each variance is computed in the kernel that computes the mean of the same operand.
    const variances = kernels.flatMap((k) => [...k.wgsl.split('struct Dims')[0]!.matchAll(/= variance\((%\d+)\)/g)].map((v) => [k, v[1]!] as const));
    expect(variances.length).toBe(2);
    for (const [k, x] of variances) expect(k.wgsl.split('struct Dims')[0]).toContain(`= mean(${x})`);
  });

  it('computes a value at the points of a reduction in its kernel, also where the shapes differ by dims of 1 ([1, C] from a [C] sum)', async () => {
    const g = newGraph();
    const x = g.leaf('input', { name: 'x' }, { shape: ['N', 6], dtype: 'f32' });
    const s = g.node('sum', [x], { axes: [0], keepdims: false });
    // As BatchNorm's gradient leaves it: a per-column value reshaped to [1, C], then scaled by 1/N.
    const t = g.node('reshape', [g.node('mul', [s, g.node('exp', [s], {})], {})], { shape: [1, 6] });
    const y = g.node('div', [t, g.node('dim_size', [x], { axes: [0] })], {});
    const z = g.node('add', [x, g.node('broadcast_to', [y], { shape: ['N', 6] })], {});
    const plan = planFusion([y, z], []);
    expect(plan.kernels.map((k) => k.kind)).toEqual(['reduce', 'ew']);
    expect(plan.kernelOf.get(y)).toBe(plan.kernelOf.get(s));
    expect(plan.kernelOf.get(y)!.shape).toEqual([6]);
    const mod = generate({ outputs: [{ name: 'y', node: y }, { name: 'z', node: z }] });
    expect(mod.kernels).toHaveLength(2);
    for (const dev of [devices.gpu, devices.gpuForms]) {
      const run = await ModuleRunner.create(dev.device, mod);
      try {
        for (const batch of [1, 37]) {
          const data = randomArray(batch * 6, batch);
          const [wantY, wantZ] = evaluate([y, z], { inputs: new Map([['x', { shape: [batch, 6], data }]]), params: new Map() }, 'f32');
          const got = await run.run('predict', { x: { data, shape: [batch, 6] } });
          expect(got['y']!.shape).toEqual([1, 6]);
          expectClose(got['y']!.data, wantY!.data, 1e-5, 1e-5, `y at batch ${batch}`);
          expectClose(got['z']!.data, wantZ!.data, 1e-5, 1e-5, `z at batch ${batch}`);
        }
      } finally {
        run.destroy();
      }
    }
  });

  it('computes a softmax over the columns of a rows-layout matmul in its epilogue, with what follows it', async () => {
    const g = newGraph();
    const x = g.leaf('input', { name: 'x' }, { shape: ['N', 260], dtype: 'f32' });
    const w = g.leaf('input', { name: 'w' }, { shape: [260, 10], dtype: 'f32' });
    const b = g.leaf('input', { name: 'b' }, { shape: [10], dtype: 'f32' });
    const logits = g.node('add', [g.node('matmul', [x, w], {}), b], {});
    const sm = g.node('softmax', [logits], { axis: 1 });
    const y = g.node('mul', [g.node('sub', [sm, g.node('tanh', [logits], {})], {}), sm], {});
    const plan = planFusion([y], []);
    expect(plan.kernels).toHaveLength(1);
    expect(plan.kernels[0]!.anchors.map((n) => n.op)).toEqual(['matmul', 'softmax']);
    // Not where the invocation lacks the row: a softmax over the batch axis, or over a matmul's
    // 40 columns (one column quad per invocation).
    expect(planFusion([g.node('softmax', [logits], { axis: 0 })], []).kernels).toHaveLength(2);
    const wide = g.node('matmul', [x, g.leaf('input', { name: 'w2' }, { shape: [260, 40], dtype: 'f32' })], {});
    expect(planFusion([g.node('softmax', [wide], { axis: 1 })], []).kernels).toHaveLength(2);
    // Nor where the invocation's row is more than the softmax's axis: [N, 260] @ [260, 3, 4] has 12
    // columns per row, the softmax runs over the last 4.
    const grouped = g.node('matmul', [x, g.leaf('input', { name: 'w3' }, { shape: [260, 3, 4], dtype: 'f32' })], {});
    expect(planFusion([g.node('softmax', [grouped], { axis: 2 })], []).kernels).toHaveLength(2);
    const mod = generate({ outputs: [{ name: 'y', node: y }] });
    expect(mod.kernels).toHaveLength(1);
    // Batch 1: the small-batch form; 37: the subgroup form on lavapipe; GPU forms split the contraction.
    for (const dev of [devices.gpu, devices.gpuForms]) {
      const run = await ModuleRunner.create(dev.device, mod);
      try {
        for (const batch of [1, 37, 300]) {
          const feed = new Map([
            ['x', { shape: [batch, 260], data: randomArray(batch * 260, batch, -1, 1) }],
            ['w', { shape: [260, 10], data: randomArray(2600, 3, -0.3, 0.3) }],
            ['b', { shape: [10], data: randomArray(10, 4) }],
          ]);
          const [want] = evaluate([y], { inputs: feed, params: new Map() }, 'f32');
          const got = await run.run('predict', Object.fromEntries([...feed].map(([k, v]) => [k, { data: v.data, shape: v.shape }])));
          expectClose(got['y']!.data, want!.data, 1e-5, 1e-6, `batch ${batch}`);
        }
      } finally {
        run.destroy();
      }
    }
  });

  it("computes a softmax_ce and an argmax (of the logits, or of the softmax) of a rows-layout matmul's rows in its epilogue too, each value stored at its row", async () => {
    const g = newGraph();
    const x = g.leaf('input', { name: 'x' }, { shape: ['N', 260], dtype: 'f32' });
    const w = g.leaf('input', { name: 'w' }, { shape: [260, 10], dtype: 'f32' });
    const b = g.leaf('input', { name: 'b' }, { shape: [10], dtype: 'f32' });
    const labels = g.leaf('input', { name: 'labels' }, { shape: ['N'], dtype: 'i32' });
    const logits = g.node('add', [g.node('matmul', [x, w], {}), b], {});
    const sm = g.node('softmax', [logits], { axis: 1 });
    const grad = g.node('sub', [sm, g.node('one_hot', [labels], { depth: 10 })], {});
    const ce = g.node('softmax_ce', [logits, g.node('one_hot', [labels], { depth: 10 })], { axis: 1 });
    const am = g.node('argmax', [logits], { axis: 1 });
    const total = g.node('sum', [ce], { axes: [0], keepdims: false });
    const outputs = { grad, ce, am, total };
    const plan = planFusion(Object.values(outputs), []);
    expect(plan.kernels).toHaveLength(2);
    expect(new Set(plan.kernels[0]!.anchors.map((n) => n.op))).toEqual(new Set(['matmul', 'softmax', 'softmax_ce', 'argmax']));
    expect(plan.kernels[1]!.anchors).toEqual([total]);
    // Not an argmax of another input than the kernel's other row ops (one function computes it),
    // nor a softmax_ce whose value an elementwise op takes at its rows (that stays with the row op).
    const other = planFusion([sm, g.node('argmax', [g.node('tanh', [logits], {})], { axis: 1 })], []);
    expect(other.kernels.map((k) => k.anchors.map((n) => n.op).join('+'))).toEqual(['matmul+softmax', 'argmax']);
    const scaled = planFusion([g.node('exp', [g.node('softmax_ce', [logits, grad], { axis: 1 })], {})], []);
    expect(scaled.kernels.map((k) => k.kind)).toEqual(['matmul', 'row']);
    // An argmax of the kernel's softmax (an accuracy metric of probabilities) takes the softmax's
    // values, the same ones the epilogue stores.
    const amProbs = g.node('argmax', [sm], { axis: 1 });
    const probs = planFusion([grad, amProbs], []);
    expect(probs.kernels).toHaveLength(1);
    expect(probs.kernels[0]!.anchors.map((n) => n.op)).toEqual(['matmul', 'softmax', 'argmax']);
    const both = { ...outputs, amProbs, sm };
    const mod = generate({ outputs: Object.entries(both).map(([name, node]) => ({ name, node })) });
    // The matmul with its row ops, the sum, and the second argmax (a kernel has one op of each kind).
    expect(mod.kernels).toHaveLength(3);
    expect(mod.kernels.filter((k) => k.wgsl.includes('fn row_epi(row: u32'))).toHaveLength(1);
    for (const dev of [devices.gpu, devices.gpuForms]) {
      const run = await ModuleRunner.create(dev.device, mod);
      try {
        for (const batch of [1, 37, 300]) {
          const feed = new Map([
            ['x', { shape: [batch, 260], data: randomArray(batch * 260, batch, -1, 1) }],
            ['w', { shape: [260, 10], data: randomArray(2600, 3, -0.3, 0.3) }],
            ['b', { shape: [10], data: randomArray(10, 4) }],
            ['labels', { shape: [batch], data: Int32Array.from({ length: batch }, (_, i) => (i * 7) % 10) }],
          ]);
          const want = evaluate(Object.values(both), { inputs: feed, params: new Map() }, 'f32');
          const got = await run.run('predict', Object.fromEntries([...feed].map(([k, v]) => [k, { data: v.data, shape: v.shape }])));
          Object.keys(both).forEach((name, i) => {
            if (name === 'am' || name === 'amProbs') expect([...got[name]!.data], `${name} at batch ${batch}`).toEqual([...want[i]!.data]);
            else expectClose(got[name]!.data, want[i]!.data, 1e-5, 1e-5, `${name} at batch ${batch}`);
          });
        }
      } finally {
        run.destroy();
      }
    }
  });

  it('keeps every kernel within the storage-buffer budget, and writes optimizer updates in place', () => {
    const m = buildMlp(32, 16);
    for (const limit of [8, 6]) {
      const mod = generateModule(m.graphs, { maxStorageBuffers: limit });
      for (const k of mod.kernels) expect(k.bindings.length, k.name).toBeLessThanOrEqual(limit);
    }
    const mod = generateModule(m.graphs);
    // Adam's m, v and w, BN statistics, the step and the totals: all written in place.
    expect(mod.programs.train_step!.updates ?? []).toEqual([]);
    // A buffer written in place is bound once, read_write.
    for (const k of mod.kernels) {
      const names = k.bindings.map((bd) => bd.buffer);
      expect(new Set(names).size, k.name).toBe(names.length);
    }
  });

  it('names the IR nodes each kernel implements in its header', () => {
    const m = buildMlp(32, 16);
    const mod = generateModule(m.graphs);
    for (const k of mod.kernels) {
      expect(k.wgsl).toMatch(/^\/\/ kernel \d+ \((elementwise|matmul|reduction|row|kernel)/);
      expect(k.implements.length).toBeGreaterThan(0);
      for (const label of k.implements) expect(k.wgsl).toContain(`${label} = `);
    }
  });

  it('schedules every kernel after the kernels it reads from, and readers of an old value before its in-place update', () => {
    const m = buildMlp(32, 16);
    const g = m.graphs.train_step!;
    const roots = [...g.outputs.map((o) => o.node), ...(g.updates ?? []).map((u) => u.node)];
    const plan = planFusion(roots, g.updates ?? []);
    const at = new Map(plan.kernels.map((k, i) => [k, i]));
    for (const k of plan.kernels) {
      for (const [n] of plan.reads.get(k)!) {
        const owner = plan.kernelOf.get(n);
        if (owner && owner !== k) expect(at.get(owner)!).toBeLessThan(at.get(k)!);
      }
    }
    for (const [node, buffer] of plan.inPlace) {
      const writer = plan.kernelOf.get(node)!;
      for (const k of plan.kernels) {
        if (k === writer) continue;
        const readsOld = [...plan.reads.get(k)!.keys()].some((n) => n.op === 'param' && n.attrs.name === buffer);
        if (readsOld) expect(at.get(k)!, `a reader of ${buffer} runs after its update`).toBeLessThan(at.get(writer)!);
      }
    }
  });
});
