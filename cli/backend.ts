// Running a checked model's forward program on a backend: WebGPU (generated WGSL on the device) or
// cpu (the reference interpreter). The default is WebGPU when an adapter exists.
import { generate } from '../compiler/codegen/codegen.js';
import type { CheckedModel } from '../compiler/check/model-types.js';
import { evaluate } from '../compiler/interp/interpreter.js';
import type { NDArray } from '../compiler/interp/ndarray.js';
import { createDevice, hasWebGPU, NO_ADAPTER_HINT } from '../runtime/device.js';
import { ModuleRunner } from '../runtime/executor.js';
import { gpuFault } from './gpu-errors.js';

export type Backend = 'webgpu' | 'cpu';

export interface Tensor {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

export async function chooseBackend(requested: Backend | undefined, notice: (line: string) => void): Promise<Backend> {
  if (requested) return requested;
  if (await hasWebGPU()) return 'webgpu';
  notice(`nnc: note: running on the cpu interpreter because ${NO_ADAPTER_HINT}`);
  return 'cpu';
}

export async function predict(
  model: CheckedModel,
  weights: ReadonlyMap<string, Float32Array>,
  inputs: ReadonlyMap<string, Tensor>,
  backend: Backend,
): Promise<{ name: string; data: Float32Array; shape: number[] }[]> {
  if (backend === 'cpu') {
    const params = new Map<string, NDArray>(model.params.map((p) => [p.name, { shape: p.shape, data: weights.get(p.name)! }]));
    const outs = evaluate(model.outputs.map((o) => o.node), { inputs, params }, 'f32');
    return outs.map((o, k) => ({ name: model.outputs[k]!.name, data: Float32Array.from(o.data), shape: [...o.shape] }));
  }
  const mod = generate({ outputs: model.outputs });
  const opened = await createDevice();
  try {
    const runner = await ModuleRunner.create(opened.device, mod).catch((e: unknown) => {
      throw gpuFault(e, `(${model.name})`) ?? e;
    });
    for (const p of model.params) runner.setTensor(p.name, weights.get(p.name)!);
    const feed = Object.fromEntries([...inputs].map(([k, v]) => [k, { data: v.data, shape: v.shape }]));
    const result = await runner.run('predict', feed).catch((e: unknown) => {
      throw gpuFault(e, `(${model.name}, ${inputs.values().next().value?.shape[0] ?? 0} rows)`) ?? e;
    });
    runner.destroy();
    return model.outputs.map((o) => {
      const r = result[o.name]!;
      return { name: o.name, data: r.data as Float32Array, shape: r.shape };
    });
  } finally {
    opened.destroy();
  }
}
