// ===== k0_matmul =====
// kernel 0 (matmul + epilogue): %2, %5
//   %2 = matmul(%0, %1) : f32[N, 2]
//   inline %4 = add(%2, %3) : f32[N, 2]
//   %5 = relu(%4) : f32[N, 2] -> buf0
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<f32>;
@group(0) @binding(2) var<storage, read> p_W: array<f32>;
@group(0) @binding(3) var<storage, read> p_c: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_buf0: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 2u + col;
  let r0 = p_c[col];
  let e1 = (v + r0);
  let e2 = max(e1, 0.0);
  out_buf0[idx] = e2;
}

// One row per invocation, all 2 columns in 1 vec4 accumulators.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 2u;
  let P = 2u;
  let i = wid.x * 8u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  var s0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t < K; t += 1u) {
    let a_0 = in_x[ra + t];
    let b0_0 = vec4<f32>(p_W[(t) * P + 0u], p_W[(t) * P + 1u], p_W[(t) * P + 1u], p_W[(t) * P + 1u]);
    s0 += a_0 * b0_0;
  }
  if (i < M) {
    epi(i, 0u, s0[0]);
    epi(i, 1u, s0[1]);
  }
}

// ===== k0_matmul, variant for N <= 2 =====
// kernel 0 (matmul + epilogue): %2, %5
//   %2 = matmul(%0, %1) : f32[N, 2]
//   inline %4 = add(%2, %3) : f32[N, 2]
//   %5 = relu(%4) : f32[N, 2] -> buf0
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<f32>;
@group(0) @binding(2) var<storage, read> p_W: array<f32>;
@group(0) @binding(3) var<storage, read> p_c: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_buf0: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 2u + col;
  let r0 = p_c[col];
  let e1 = (v + r0);
  let e2 = max(e1, 0.0);
  out_buf0[idx] = e2;
}

// One row per invocation, all 2 columns in 1 vec4 accumulators.
@compute @workgroup_size(1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 2u;
  let P = 2u;
  let i = wid.x * 1u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  var s0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t < K; t += 1u) {
    let a_0 = in_x[ra + t];
    let b0_0 = vec4<f32>(p_W[(t) * P + 0u], p_W[(t) * P + 1u], p_W[(t) * P + 1u], p_W[(t) * P + 1u]);
    s0 += a_0 * b0_0;
  }
  if (i < M) {
    epi(i, 0u, s0[0]);
    epi(i, 1u, s0[1]);
  }
}

// ===== k0_matmul, variant for hardware GPUs =====
// kernel 0 (matmul + epilogue): %2, %5
//   %2 = matmul(%0, %1) : f32[N, 2]
//   inline %4 = add(%2, %3) : f32[N, 2]
//   %5 = relu(%4) : f32[N, 2] -> buf0
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<f32>;
@group(0) @binding(2) var<storage, read> p_W: array<f32>;
@group(0) @binding(3) var<storage, read> p_c: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_buf0: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 2u + col;
  let r0 = p_c[col];
  let e1 = (v + r0);
  let e2 = max(e1, 0.0);
  out_buf0[idx] = e2;
}

// One row per invocation, all 2 columns in 1 vec4 accumulators.
@compute @workgroup_size(32)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 2u;
  let P = 2u;
  let i = wid.x * 32u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  var s0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t < K; t += 1u) {
    let a_0 = in_x[ra + t];
    let b0_0 = vec4<f32>(p_W[(t) * P + 0u], p_W[(t) * P + 1u], p_W[(t) * P + 1u], p_W[(t) * P + 1u]);
    s0 += a_0 * b0_0;
  }
  if (i < M) {
    epi(i, 0u, s0[0]);
    epi(i, 1u, s0[1]);
  }
}

// ===== k1_matmul =====
// kernel 1 (matmul + epilogue): %7, %9
//   %7 = matmul(%5, %6) : f32[N, 1]
//   %9 = add(%7, %8) : f32[N, 1] -> t9_add
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf0: array<f32>;
@group(0) @binding(2) var<storage, read> p_w: array<f32>;
@group(0) @binding(3) var<storage, read> p_b: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_t9_add: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 1u + col;
  let r0 = p_b[0u];
  let e1 = (v + r0);
  out_t9_add[idx] = e1;
}

// One row per invocation, all 1 columns in 1 vec4 accumulators.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 2u;
  let P = 1u;
  let i = wid.x * 8u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  var s0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t < K; t += 1u) {
    let a_0 = v_buf0[ra + t];
    let b0_0 = vec4<f32>(p_w[(t) * P + 0u], p_w[(t) * P + 0u], p_w[(t) * P + 0u], p_w[(t) * P + 0u]);
    s0 += a_0 * b0_0;
  }
  if (i < M) {
    epi(i, 0u, s0[0]);
  }
}

// ===== k1_matmul, variant for N <= 2 =====
// kernel 1 (matmul + epilogue): %7, %9
//   %7 = matmul(%5, %6) : f32[N, 1]
//   %9 = add(%7, %8) : f32[N, 1] -> t9_add
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf0: array<f32>;
@group(0) @binding(2) var<storage, read> p_w: array<f32>;
@group(0) @binding(3) var<storage, read> p_b: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_t9_add: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 1u + col;
  let r0 = p_b[0u];
  let e1 = (v + r0);
  out_t9_add[idx] = e1;
}

// One row per invocation, all 1 columns in 1 vec4 accumulators.
@compute @workgroup_size(1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 2u;
  let P = 1u;
  let i = wid.x * 1u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  var s0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t < K; t += 1u) {
    let a_0 = v_buf0[ra + t];
    let b0_0 = vec4<f32>(p_w[(t) * P + 0u], p_w[(t) * P + 0u], p_w[(t) * P + 0u], p_w[(t) * P + 0u]);
    s0 += a_0 * b0_0;
  }
  if (i < M) {
    epi(i, 0u, s0[0]);
  }
}

// ===== k1_matmul, variant for hardware GPUs =====
// kernel 1 (matmul + epilogue): %7, %9
//   %7 = matmul(%5, %6) : f32[N, 1]
//   %9 = add(%7, %8) : f32[N, 1] -> t9_add
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf0: array<f32>;
@group(0) @binding(2) var<storage, read> p_w: array<f32>;
@group(0) @binding(3) var<storage, read> p_b: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_t9_add: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 1u + col;
  let r0 = p_b[0u];
  let e1 = (v + r0);
  out_t9_add[idx] = e1;
}

// One row per invocation, all 1 columns in 1 vec4 accumulators.
@compute @workgroup_size(32)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 2u;
  let P = 1u;
  let i = wid.x * 32u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  var s0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t < K; t += 1u) {
    let a_0 = v_buf0[ra + t];
    let b0_0 = vec4<f32>(p_w[(t) * P + 0u], p_w[(t) * P + 0u], p_w[(t) * P + 0u], p_w[(t) * P + 0u]);
    s0 += a_0 * b0_0;
  }
  if (i < M) {
    epi(i, 0u, s0[0]);
  }
}
