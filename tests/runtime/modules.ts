// Hand-written CompiledModules with real WGSL, following the conventions documented at the top of
// runtime/executor.ts, as the compiler's codegen will emit them.

import type { BufferSpec, CompiledModule, KernelSpec } from '../../runtime/program.js';

const DIMS_N = `struct Dims { N: u32 }
@group(0) @binding(0) var<uniform> dims: Dims;`;

function linearKernel(
  name: string,
  wg: number,
  bindings: KernelSpec['bindings'],
  decls: string,
  body: string,
  threads: readonly (string | number)[],
  total: string,
): KernelSpec {
  return {
    name,
    implements: [name],
    entryPoint: 'main',
    bindings,
    dispatch: { kind: 'linear', threads, workgroupSize: wg },
    wgsl: `${DIMS_N}
${decls}
@compute @workgroup_size(${wg})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * (nwg.x * ${wg}u);
  if (i >= ${total}) { return; }
  ${body}
}`,
  };
}

/** y = x * 2 + 1 elementwise over x: [N, 2]. */
export function affineModule(): CompiledModule {
  const buffers: BufferSpec[] = [
    { name: 'x', dtype: 'f32', shape: ['N', 2], role: 'input' },
    { name: 'y', dtype: 'f32', shape: ['N', 2], role: 'temp' },
  ];
  const k = linearKernel(
    'affine',
    64,
    [
      { name: 'x', buffer: 'x', access: 'read' },
      { name: 'y', buffer: 'y', access: 'read_write' },
    ],
    `@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;`,
    'y[i] = x[i] * 2.0 + 1.0;',
    ['N', 2],
    'dims.N * 2u',
  );
  return {
    symbols: ['N'],
    buffers,
    kernels: [k],
    programs: { predict: { inputs: [{ name: 'x', buffer: 'x' }], outputs: [{ name: 'y', buffer: 'y' }], steps: [0] } },
  };
}

/**
 * A chain through a temp buffer, a param, a const, a state counter, and a grid matmul:
 *   t = x * w (per column), z = relu(t + b), p = z @ m (grid), c += 1 (a kernel ignoring dims).
 */
export function chainModule(): CompiledModule {
  const buffers: BufferSpec[] = [
    { name: 'x', dtype: 'f32', shape: ['N', 2], role: 'input' },
    { name: 'w', dtype: 'f32', shape: [2], role: 'param' },
    { name: 'b', dtype: 'f32', shape: [2], role: 'const', data: [0.5, -1] },
    { name: 'm', dtype: 'f32', shape: [2, 3], role: 'param' },
    { name: 'c', dtype: 'f32', shape: [4], role: 'state' },
    { name: 't', dtype: 'f32', shape: ['N', 2], role: 'temp' },
    { name: 'z', dtype: 'f32', shape: ['N', 2], role: 'temp' },
    { name: 'p', dtype: 'f32', shape: ['N', 3], role: 'temp' },
  ];
  const scale = linearKernel(
    'scale',
    32,
    [
      { name: 'x', buffer: 'x', access: 'read' },
      { name: 'w', buffer: 'w', access: 'read' },
      { name: 't', buffer: 't', access: 'read_write' },
    ],
    `@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> t: array<f32>;`,
    't[i] = x[i] * w[i % 2u];',
    ['N', 2],
    'dims.N * 2u',
  );
  const biasRelu = linearKernel(
    'bias_relu',
    16,
    [
      { name: 't', buffer: 't', access: 'read' },
      { name: 'b', buffer: 'b', access: 'read' },
      { name: 'z', buffer: 'z', access: 'read_write' },
    ],
    `@group(0) @binding(1) var<storage, read> t: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> z: array<f32>;`,
    'z[i] = max(t[i] + b[i % 2u], 0.0);',
    ['N', 2],
    'dims.N * 2u',
  );
  const matmul: KernelSpec = {
    name: 'matmul',
    implements: ['matmul'],
    entryPoint: 'main',
    bindings: [
      { name: 'z', buffer: 'z', access: 'read' },
      { name: 'm', buffer: 'm', access: 'read' },
      { name: 'p', buffer: 'p', access: 'read_write' },
    ],
    dispatch: { kind: 'grid', x: { dims: [3], per: 4 }, y: { dims: ['N'], per: 8 }, z: { dims: [], per: 1 } },
    wgsl: `${DIMS_N}
@group(0) @binding(1) var<storage, read> z: array<f32>;
@group(0) @binding(2) var<storage, read> m: array<f32>;
@group(0) @binding(3) var<storage, read_write> p: array<f32>;
@compute @workgroup_size(4, 8)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let col = gid.x;
  let row = gid.y;
  if (col >= 3u || row >= dims.N) { return; }
  var acc = 0.0;
  for (var k = 0u; k < 2u; k++) { acc += z[row * 2u + k] * m[k * 3u + col]; }
  p[row * 3u + col] = acc;
}`,
  };
  const count: KernelSpec = {
    name: 'count',
    implements: [],
    entryPoint: 'main',
    bindings: [{ name: 'c', buffer: 'c', access: 'read_write' }],
    dispatch: { kind: 'grid', x: { dims: [4], per: 4 }, y: { dims: [], per: 1 }, z: { dims: [], per: 1 } },
    wgsl: `${DIMS_N}
@group(0) @binding(1) var<storage, read_write> c: array<f32>;
@compute @workgroup_size(4)
fn main(@builtin(local_invocation_index) i: u32) { c[i] += 1.0; }`,
  };
  return {
    symbols: ['N'],
    buffers,
    kernels: [scale, biasRelu, matmul, count],
    programs: {
      predict: {
        inputs: [{ name: 'x', buffer: 'x' }],
        outputs: [
          { name: 'z', buffer: 'z' },
          { name: 'p', buffer: 'p' },
        ],
        steps: [0, 1, 2, 3],
      },
    },
  };
}

/** The JS reference of chainModule's outputs. */
export function chainReference(x: Float32Array, w: readonly number[], m: readonly number[]): { z: number[]; p: number[] } {
  const b = [0.5, -1];
  const z = Array.from(x, (v, i) => Math.max(Math.fround(v * (w[i % 2] as number)) + (b[i % 2] as number), 0));
  const n = x.length / 2;
  const p: number[] = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < 3; c++) p.push((z[r * 2] as number) * (m[c] as number) + (z[r * 2 + 1] as number) * (m[3 + c] as number));
  }
  return { z, p };
}

/** i32 in and out, workgroup size 1, so N = 70,000 needs more workgroups than one dimension holds. */
export function wideModule(): CompiledModule {
  const k = linearKernel(
    'wide',
    1,
    [
      { name: 'a', buffer: 'a', access: 'read' },
      { name: 'out', buffer: 'out', access: 'read_write' },
    ],
    `@group(0) @binding(1) var<storage, read> a: array<i32>;
@group(0) @binding(2) var<storage, read_write> out: array<i32>;`,
    'out[i] = a[i] * 3 + i32(i);',
    ['N'],
    'dims.N',
  );
  return {
    symbols: ['N'],
    buffers: [
      { name: 'a', dtype: 'i32', shape: ['N'], role: 'input' },
      { name: 'out', dtype: 'i32', shape: ['N'], role: 'temp' },
    ],
    kernels: [k],
    programs: { predict: { inputs: [{ name: 'a', buffer: 'a' }], outputs: [{ name: 'out', buffer: 'out' }], steps: [0] } },
  };
}
