// ===== k0_elementwise =====
// kernel 0 (elementwise): %7
//   inline %2 = sub(%0, %1) : f32[N, 30]
//   inline %4 = sqrt(%3) : f32[30]
//   inline %6 = maximum(%4, %5) : f32[30]
//   %7 = div(%2, %6) : f32[N, 30] -> buf0
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<f32>;
@group(0) @binding(2) var<storage, read> p_normalization_mean: array<f32>;
@group(0) @binding(3) var<storage, read> p_normalization_variance: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_buf0: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 30u)) { return; }
  let r0 = in_x[i];
  let c1 = (i / 30u);
  let c2 = i % 30u;
  let r3 = p_normalization_mean[c2];
  let e4 = (r0 - r3);
  let r5 = p_normalization_variance[c2];
  let e6 = sqrt(r5);
  let e7 = max(e6, 1e-7);
  let e8 = (e4 / e7);
  out_buf0[i] = e8;
}

// ===== k1_matmul =====
// kernel 1 (matmul + epilogue): %9, %12
//   %9 = matmul(%7, %8) : f32[N, 10]
//   inline %11 = add(%9, %10) : f32[N, 10]
//   %12 = relu(%11) : f32[N, 10] -> buf1
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf0: array<f32>;
@group(0) @binding(2) var<storage, read> p_hidden_1_kernel: array<f32>;
@group(0) @binding(3) var<storage, read> p_hidden_1_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_buf1: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 10u + col;
  let r0 = p_hidden_1_bias[col];
  let e1 = (v + r0);
  let e2 = max(e1, 0.0);
  out_buf1[idx] = e2;
}

// One row per invocation, all 10 columns in 3 vec4 accumulators.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 30u;
  let P = 10u;
  let i = wid.x * 8u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  var s0 = vec4<f32>(0.0);
  var s1 = vec4<f32>(0.0);
  var s2 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a_0 = v_buf0[ra + t];
    let a_1 = v_buf0[ra + t + 1u];
    let a_2 = v_buf0[ra + t + 2u];
    let a_3 = v_buf0[ra + t + 3u];
    let b0_0 = vec4<f32>(p_hidden_1_kernel[(t) * P + 0u], p_hidden_1_kernel[(t) * P + 1u], p_hidden_1_kernel[(t) * P + 2u], p_hidden_1_kernel[(t) * P + 3u]);
    let b0_1 = vec4<f32>(p_hidden_1_kernel[(t + 1u) * P + 0u], p_hidden_1_kernel[(t + 1u) * P + 1u], p_hidden_1_kernel[(t + 1u) * P + 2u], p_hidden_1_kernel[(t + 1u) * P + 3u]);
    let b0_2 = vec4<f32>(p_hidden_1_kernel[(t + 2u) * P + 0u], p_hidden_1_kernel[(t + 2u) * P + 1u], p_hidden_1_kernel[(t + 2u) * P + 2u], p_hidden_1_kernel[(t + 2u) * P + 3u]);
    let b0_3 = vec4<f32>(p_hidden_1_kernel[(t + 3u) * P + 0u], p_hidden_1_kernel[(t + 3u) * P + 1u], p_hidden_1_kernel[(t + 3u) * P + 2u], p_hidden_1_kernel[(t + 3u) * P + 3u]);
    let b1_0 = vec4<f32>(p_hidden_1_kernel[(t) * P + 4u], p_hidden_1_kernel[(t) * P + 5u], p_hidden_1_kernel[(t) * P + 6u], p_hidden_1_kernel[(t) * P + 7u]);
    let b1_1 = vec4<f32>(p_hidden_1_kernel[(t + 1u) * P + 4u], p_hidden_1_kernel[(t + 1u) * P + 5u], p_hidden_1_kernel[(t + 1u) * P + 6u], p_hidden_1_kernel[(t + 1u) * P + 7u]);
    let b1_2 = vec4<f32>(p_hidden_1_kernel[(t + 2u) * P + 4u], p_hidden_1_kernel[(t + 2u) * P + 5u], p_hidden_1_kernel[(t + 2u) * P + 6u], p_hidden_1_kernel[(t + 2u) * P + 7u]);
    let b1_3 = vec4<f32>(p_hidden_1_kernel[(t + 3u) * P + 4u], p_hidden_1_kernel[(t + 3u) * P + 5u], p_hidden_1_kernel[(t + 3u) * P + 6u], p_hidden_1_kernel[(t + 3u) * P + 7u]);
    let b2_0 = vec4<f32>(p_hidden_1_kernel[(t) * P + 8u], p_hidden_1_kernel[(t) * P + 9u], p_hidden_1_kernel[(t) * P + 9u], p_hidden_1_kernel[(t) * P + 9u]);
    let b2_1 = vec4<f32>(p_hidden_1_kernel[(t + 1u) * P + 8u], p_hidden_1_kernel[(t + 1u) * P + 9u], p_hidden_1_kernel[(t + 1u) * P + 9u], p_hidden_1_kernel[(t + 1u) * P + 9u]);
    let b2_2 = vec4<f32>(p_hidden_1_kernel[(t + 2u) * P + 8u], p_hidden_1_kernel[(t + 2u) * P + 9u], p_hidden_1_kernel[(t + 2u) * P + 9u], p_hidden_1_kernel[(t + 2u) * P + 9u]);
    let b2_3 = vec4<f32>(p_hidden_1_kernel[(t + 3u) * P + 8u], p_hidden_1_kernel[(t + 3u) * P + 9u], p_hidden_1_kernel[(t + 3u) * P + 9u], p_hidden_1_kernel[(t + 3u) * P + 9u]);
    s0 += a_0 * b0_0;
    s0 += a_1 * b0_1;
    s0 += a_2 * b0_2;
    s0 += a_3 * b0_3;
    s1 += a_0 * b1_0;
    s1 += a_1 * b1_1;
    s1 += a_2 * b1_2;
    s1 += a_3 * b1_3;
    s2 += a_0 * b2_0;
    s2 += a_1 * b2_1;
    s2 += a_2 * b2_2;
    s2 += a_3 * b2_3;
  }
  for (; t < K; t += 1u) {
    let a_0 = v_buf0[ra + t];
    let b0_0 = vec4<f32>(p_hidden_1_kernel[(t) * P + 0u], p_hidden_1_kernel[(t) * P + 1u], p_hidden_1_kernel[(t) * P + 2u], p_hidden_1_kernel[(t) * P + 3u]);
    let b1_0 = vec4<f32>(p_hidden_1_kernel[(t) * P + 4u], p_hidden_1_kernel[(t) * P + 5u], p_hidden_1_kernel[(t) * P + 6u], p_hidden_1_kernel[(t) * P + 7u]);
    let b2_0 = vec4<f32>(p_hidden_1_kernel[(t) * P + 8u], p_hidden_1_kernel[(t) * P + 9u], p_hidden_1_kernel[(t) * P + 9u], p_hidden_1_kernel[(t) * P + 9u]);
    s0 += a_0 * b0_0;
    s1 += a_0 * b1_0;
    s2 += a_0 * b2_0;
  }
  if (i < M) {
    epi(i, 0u, s0[0]);
    epi(i, 1u, s0[1]);
    epi(i, 2u, s0[2]);
    epi(i, 3u, s0[3]);
    epi(i, 4u, s1[0]);
    epi(i, 5u, s1[1]);
    epi(i, 6u, s1[2]);
    epi(i, 7u, s1[3]);
    epi(i, 8u, s2[0]);
    epi(i, 9u, s2[1]);
  }
}

// ===== k1_matmul, variant for N <= 2 =====
// kernel 1 (matmul + epilogue): %9, %12
//   %9 = matmul(%7, %8) : f32[N, 10]
//   inline %11 = add(%9, %10) : f32[N, 10]
//   %12 = relu(%11) : f32[N, 10] -> buf1
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf0: array<f32>;
@group(0) @binding(2) var<storage, read> p_hidden_1_kernel: array<f32>;
@group(0) @binding(3) var<storage, read> p_hidden_1_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_buf1: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 10u + col;
  let r0 = p_hidden_1_bias[col];
  let e1 = (v + r0);
  let e2 = max(e1, 0.0);
  out_buf1[idx] = e2;
}

// One row per invocation, all 10 columns in 3 vec4 accumulators.
@compute @workgroup_size(1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 30u;
  let P = 10u;
  let i = wid.x * 1u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  var s0 = vec4<f32>(0.0);
  var s1 = vec4<f32>(0.0);
  var s2 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a_0 = v_buf0[ra + t];
    let a_1 = v_buf0[ra + t + 1u];
    let a_2 = v_buf0[ra + t + 2u];
    let a_3 = v_buf0[ra + t + 3u];
    let b0_0 = vec4<f32>(p_hidden_1_kernel[(t) * P + 0u], p_hidden_1_kernel[(t) * P + 1u], p_hidden_1_kernel[(t) * P + 2u], p_hidden_1_kernel[(t) * P + 3u]);
    let b0_1 = vec4<f32>(p_hidden_1_kernel[(t + 1u) * P + 0u], p_hidden_1_kernel[(t + 1u) * P + 1u], p_hidden_1_kernel[(t + 1u) * P + 2u], p_hidden_1_kernel[(t + 1u) * P + 3u]);
    let b0_2 = vec4<f32>(p_hidden_1_kernel[(t + 2u) * P + 0u], p_hidden_1_kernel[(t + 2u) * P + 1u], p_hidden_1_kernel[(t + 2u) * P + 2u], p_hidden_1_kernel[(t + 2u) * P + 3u]);
    let b0_3 = vec4<f32>(p_hidden_1_kernel[(t + 3u) * P + 0u], p_hidden_1_kernel[(t + 3u) * P + 1u], p_hidden_1_kernel[(t + 3u) * P + 2u], p_hidden_1_kernel[(t + 3u) * P + 3u]);
    let b1_0 = vec4<f32>(p_hidden_1_kernel[(t) * P + 4u], p_hidden_1_kernel[(t) * P + 5u], p_hidden_1_kernel[(t) * P + 6u], p_hidden_1_kernel[(t) * P + 7u]);
    let b1_1 = vec4<f32>(p_hidden_1_kernel[(t + 1u) * P + 4u], p_hidden_1_kernel[(t + 1u) * P + 5u], p_hidden_1_kernel[(t + 1u) * P + 6u], p_hidden_1_kernel[(t + 1u) * P + 7u]);
    let b1_2 = vec4<f32>(p_hidden_1_kernel[(t + 2u) * P + 4u], p_hidden_1_kernel[(t + 2u) * P + 5u], p_hidden_1_kernel[(t + 2u) * P + 6u], p_hidden_1_kernel[(t + 2u) * P + 7u]);
    let b1_3 = vec4<f32>(p_hidden_1_kernel[(t + 3u) * P + 4u], p_hidden_1_kernel[(t + 3u) * P + 5u], p_hidden_1_kernel[(t + 3u) * P + 6u], p_hidden_1_kernel[(t + 3u) * P + 7u]);
    let b2_0 = vec4<f32>(p_hidden_1_kernel[(t) * P + 8u], p_hidden_1_kernel[(t) * P + 9u], p_hidden_1_kernel[(t) * P + 9u], p_hidden_1_kernel[(t) * P + 9u]);
    let b2_1 = vec4<f32>(p_hidden_1_kernel[(t + 1u) * P + 8u], p_hidden_1_kernel[(t + 1u) * P + 9u], p_hidden_1_kernel[(t + 1u) * P + 9u], p_hidden_1_kernel[(t + 1u) * P + 9u]);
    let b2_2 = vec4<f32>(p_hidden_1_kernel[(t + 2u) * P + 8u], p_hidden_1_kernel[(t + 2u) * P + 9u], p_hidden_1_kernel[(t + 2u) * P + 9u], p_hidden_1_kernel[(t + 2u) * P + 9u]);
    let b2_3 = vec4<f32>(p_hidden_1_kernel[(t + 3u) * P + 8u], p_hidden_1_kernel[(t + 3u) * P + 9u], p_hidden_1_kernel[(t + 3u) * P + 9u], p_hidden_1_kernel[(t + 3u) * P + 9u]);
    s0 += a_0 * b0_0;
    s0 += a_1 * b0_1;
    s0 += a_2 * b0_2;
    s0 += a_3 * b0_3;
    s1 += a_0 * b1_0;
    s1 += a_1 * b1_1;
    s1 += a_2 * b1_2;
    s1 += a_3 * b1_3;
    s2 += a_0 * b2_0;
    s2 += a_1 * b2_1;
    s2 += a_2 * b2_2;
    s2 += a_3 * b2_3;
  }
  for (; t < K; t += 1u) {
    let a_0 = v_buf0[ra + t];
    let b0_0 = vec4<f32>(p_hidden_1_kernel[(t) * P + 0u], p_hidden_1_kernel[(t) * P + 1u], p_hidden_1_kernel[(t) * P + 2u], p_hidden_1_kernel[(t) * P + 3u]);
    let b1_0 = vec4<f32>(p_hidden_1_kernel[(t) * P + 4u], p_hidden_1_kernel[(t) * P + 5u], p_hidden_1_kernel[(t) * P + 6u], p_hidden_1_kernel[(t) * P + 7u]);
    let b2_0 = vec4<f32>(p_hidden_1_kernel[(t) * P + 8u], p_hidden_1_kernel[(t) * P + 9u], p_hidden_1_kernel[(t) * P + 9u], p_hidden_1_kernel[(t) * P + 9u]);
    s0 += a_0 * b0_0;
    s1 += a_0 * b1_0;
    s2 += a_0 * b2_0;
  }
  if (i < M) {
    epi(i, 0u, s0[0]);
    epi(i, 1u, s0[1]);
    epi(i, 2u, s0[2]);
    epi(i, 3u, s0[3]);
    epi(i, 4u, s1[0]);
    epi(i, 5u, s1[1]);
    epi(i, 6u, s1[2]);
    epi(i, 7u, s1[3]);
    epi(i, 8u, s2[0]);
    epi(i, 9u, s2[1]);
  }
}

// ===== k1_matmul, variant for subgroups of 8 =====
enable subgroups;
// kernel 1 (matmul + epilogue): %9, %12
//   %9 = matmul(%7, %8) : f32[N, 10]
//   inline %11 = add(%9, %10) : f32[N, 10]
//   %12 = relu(%11) : f32[N, 10] -> buf1
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf0: array<f32>;
@group(0) @binding(2) var<storage, read> p_hidden_1_kernel: array<f32>;
@group(0) @binding(3) var<storage, read> p_hidden_1_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_buf1: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 10u + col;
  let r0 = p_hidden_1_bias[col];
  let e1 = (v + r0);
  let e2 = max(e1, 0.0);
  out_buf1[idx] = e2;
}

// One row per invocation, all 10 columns in 3 vec4 accumulators.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(subgroup_invocation_id) sid: u32) {
  let M = dims.N;
  let K = 30u;
  let P = 10u;
  let i = wid.x * 8u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  // The column operand of each step is loaded once, spread over the lanes; subgroupBroadcast hands it out.
  let be0 = min(0u + sid, 11u);
  let be1 = min(8u + sid, 11u);
  let bt = min(sid, 2u);
  var s0 = vec4<f32>(0.0);
  var s1 = vec4<f32>(0.0);
  var s2 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a_0 = v_buf0[ra + t];
    let a_1 = v_buf0[ra + t + 1u];
    let a_2 = v_buf0[ra + t + 2u];
    let a_3 = v_buf0[ra + t + 3u];
    let mb0 = vec4<f32>(p_hidden_1_kernel[(t + (be0 / 3u)) * P + min(4u * (be0 % 3u) + 0u, 9u)], p_hidden_1_kernel[(t + (be0 / 3u)) * P + min(4u * (be0 % 3u) + 1u, 9u)], p_hidden_1_kernel[(t + (be0 / 3u)) * P + min(4u * (be0 % 3u) + 2u, 9u)], p_hidden_1_kernel[(t + (be0 / 3u)) * P + min(4u * (be0 % 3u) + 3u, 9u)]);
    let mb1 = vec4<f32>(p_hidden_1_kernel[(t + (be1 / 3u)) * P + min(4u * (be1 % 3u) + 0u, 9u)], p_hidden_1_kernel[(t + (be1 / 3u)) * P + min(4u * (be1 % 3u) + 1u, 9u)], p_hidden_1_kernel[(t + (be1 / 3u)) * P + min(4u * (be1 % 3u) + 2u, 9u)], p_hidden_1_kernel[(t + (be1 / 3u)) * P + min(4u * (be1 % 3u) + 3u, 9u)]);
    let b0_0 = subgroupBroadcast(mb0, 0u);
    let b0_1 = subgroupBroadcast(mb0, 3u);
    let b0_2 = subgroupBroadcast(mb0, 6u);
    let b0_3 = subgroupBroadcast(mb1, 1u);
    let b1_0 = subgroupBroadcast(mb0, 1u);
    let b1_1 = subgroupBroadcast(mb0, 4u);
    let b1_2 = subgroupBroadcast(mb0, 7u);
    let b1_3 = subgroupBroadcast(mb1, 2u);
    let b2_0 = subgroupBroadcast(mb0, 2u);
    let b2_1 = subgroupBroadcast(mb0, 5u);
    let b2_2 = subgroupBroadcast(mb1, 0u);
    let b2_3 = subgroupBroadcast(mb1, 3u);
    s0 += a_0 * b0_0;
    s0 += a_1 * b0_1;
    s0 += a_2 * b0_2;
    s0 += a_3 * b0_3;
    s1 += a_0 * b1_0;
    s1 += a_1 * b1_1;
    s1 += a_2 * b1_2;
    s1 += a_3 * b1_3;
    s2 += a_0 * b2_0;
    s2 += a_1 * b2_1;
    s2 += a_2 * b2_2;
    s2 += a_3 * b2_3;
  }
  for (; t < K; t += 1u) {
    let a_0 = v_buf0[ra + t];
    let mb0 = vec4<f32>(p_hidden_1_kernel[(t + 0u) * P + min(4u * bt + 0u, 9u)], p_hidden_1_kernel[(t + 0u) * P + min(4u * bt + 1u, 9u)], p_hidden_1_kernel[(t + 0u) * P + min(4u * bt + 2u, 9u)], p_hidden_1_kernel[(t + 0u) * P + min(4u * bt + 3u, 9u)]);
    let b0_0 = subgroupBroadcast(mb0, 0u);
    let b1_0 = subgroupBroadcast(mb0, 1u);
    let b2_0 = subgroupBroadcast(mb0, 2u);
    s0 += a_0 * b0_0;
    s1 += a_0 * b1_0;
    s2 += a_0 * b2_0;
  }
  if (i < M) {
    epi(i, 0u, s0[0]);
    epi(i, 1u, s0[1]);
    epi(i, 2u, s0[2]);
    epi(i, 3u, s0[3]);
    epi(i, 4u, s1[0]);
    epi(i, 5u, s1[1]);
    epi(i, 6u, s1[2]);
    epi(i, 7u, s1[3]);
    epi(i, 8u, s2[0]);
    epi(i, 9u, s2[1]);
  }
}

// ===== k1_matmul, variant for hardware GPUs =====
// kernel 1 (matmul + epilogue): %9, %12
//   %9 = matmul(%7, %8) : f32[N, 10]
//   inline %11 = add(%9, %10) : f32[N, 10]
//   %12 = relu(%11) : f32[N, 10] -> buf1
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf0: array<f32>;
@group(0) @binding(2) var<storage, read> p_hidden_1_kernel: array<f32>;
@group(0) @binding(3) var<storage, read> p_hidden_1_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_buf1: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 10u + col;
  let r0 = p_hidden_1_bias[col];
  let e1 = (v + r0);
  let e2 = max(e1, 0.0);
  out_buf1[idx] = e2;
}

// One row per invocation, all 10 columns in 3 vec4 accumulators.
@compute @workgroup_size(32)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 30u;
  let P = 10u;
  let i = wid.x * 32u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  var s0 = vec4<f32>(0.0);
  var s1 = vec4<f32>(0.0);
  var s2 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a_0 = v_buf0[ra + t];
    let a_1 = v_buf0[ra + t + 1u];
    let a_2 = v_buf0[ra + t + 2u];
    let a_3 = v_buf0[ra + t + 3u];
    let b0_0 = vec4<f32>(p_hidden_1_kernel[(t) * P + 0u], p_hidden_1_kernel[(t) * P + 1u], p_hidden_1_kernel[(t) * P + 2u], p_hidden_1_kernel[(t) * P + 3u]);
    let b0_1 = vec4<f32>(p_hidden_1_kernel[(t + 1u) * P + 0u], p_hidden_1_kernel[(t + 1u) * P + 1u], p_hidden_1_kernel[(t + 1u) * P + 2u], p_hidden_1_kernel[(t + 1u) * P + 3u]);
    let b0_2 = vec4<f32>(p_hidden_1_kernel[(t + 2u) * P + 0u], p_hidden_1_kernel[(t + 2u) * P + 1u], p_hidden_1_kernel[(t + 2u) * P + 2u], p_hidden_1_kernel[(t + 2u) * P + 3u]);
    let b0_3 = vec4<f32>(p_hidden_1_kernel[(t + 3u) * P + 0u], p_hidden_1_kernel[(t + 3u) * P + 1u], p_hidden_1_kernel[(t + 3u) * P + 2u], p_hidden_1_kernel[(t + 3u) * P + 3u]);
    let b1_0 = vec4<f32>(p_hidden_1_kernel[(t) * P + 4u], p_hidden_1_kernel[(t) * P + 5u], p_hidden_1_kernel[(t) * P + 6u], p_hidden_1_kernel[(t) * P + 7u]);
    let b1_1 = vec4<f32>(p_hidden_1_kernel[(t + 1u) * P + 4u], p_hidden_1_kernel[(t + 1u) * P + 5u], p_hidden_1_kernel[(t + 1u) * P + 6u], p_hidden_1_kernel[(t + 1u) * P + 7u]);
    let b1_2 = vec4<f32>(p_hidden_1_kernel[(t + 2u) * P + 4u], p_hidden_1_kernel[(t + 2u) * P + 5u], p_hidden_1_kernel[(t + 2u) * P + 6u], p_hidden_1_kernel[(t + 2u) * P + 7u]);
    let b1_3 = vec4<f32>(p_hidden_1_kernel[(t + 3u) * P + 4u], p_hidden_1_kernel[(t + 3u) * P + 5u], p_hidden_1_kernel[(t + 3u) * P + 6u], p_hidden_1_kernel[(t + 3u) * P + 7u]);
    let b2_0 = vec4<f32>(p_hidden_1_kernel[(t) * P + 8u], p_hidden_1_kernel[(t) * P + 9u], p_hidden_1_kernel[(t) * P + 9u], p_hidden_1_kernel[(t) * P + 9u]);
    let b2_1 = vec4<f32>(p_hidden_1_kernel[(t + 1u) * P + 8u], p_hidden_1_kernel[(t + 1u) * P + 9u], p_hidden_1_kernel[(t + 1u) * P + 9u], p_hidden_1_kernel[(t + 1u) * P + 9u]);
    let b2_2 = vec4<f32>(p_hidden_1_kernel[(t + 2u) * P + 8u], p_hidden_1_kernel[(t + 2u) * P + 9u], p_hidden_1_kernel[(t + 2u) * P + 9u], p_hidden_1_kernel[(t + 2u) * P + 9u]);
    let b2_3 = vec4<f32>(p_hidden_1_kernel[(t + 3u) * P + 8u], p_hidden_1_kernel[(t + 3u) * P + 9u], p_hidden_1_kernel[(t + 3u) * P + 9u], p_hidden_1_kernel[(t + 3u) * P + 9u]);
    s0 += a_0 * b0_0;
    s0 += a_1 * b0_1;
    s0 += a_2 * b0_2;
    s0 += a_3 * b0_3;
    s1 += a_0 * b1_0;
    s1 += a_1 * b1_1;
    s1 += a_2 * b1_2;
    s1 += a_3 * b1_3;
    s2 += a_0 * b2_0;
    s2 += a_1 * b2_1;
    s2 += a_2 * b2_2;
    s2 += a_3 * b2_3;
  }
  for (; t < K; t += 1u) {
    let a_0 = v_buf0[ra + t];
    let b0_0 = vec4<f32>(p_hidden_1_kernel[(t) * P + 0u], p_hidden_1_kernel[(t) * P + 1u], p_hidden_1_kernel[(t) * P + 2u], p_hidden_1_kernel[(t) * P + 3u]);
    let b1_0 = vec4<f32>(p_hidden_1_kernel[(t) * P + 4u], p_hidden_1_kernel[(t) * P + 5u], p_hidden_1_kernel[(t) * P + 6u], p_hidden_1_kernel[(t) * P + 7u]);
    let b2_0 = vec4<f32>(p_hidden_1_kernel[(t) * P + 8u], p_hidden_1_kernel[(t) * P + 9u], p_hidden_1_kernel[(t) * P + 9u], p_hidden_1_kernel[(t) * P + 9u]);
    s0 += a_0 * b0_0;
    s1 += a_0 * b1_0;
    s2 += a_0 * b2_0;
  }
  if (i < M) {
    epi(i, 0u, s0[0]);
    epi(i, 1u, s0[1]);
    epi(i, 2u, s0[2]);
    epi(i, 3u, s0[3]);
    epi(i, 4u, s1[0]);
    epi(i, 5u, s1[1]);
    epi(i, 6u, s1[2]);
    epi(i, 7u, s1[3]);
    epi(i, 8u, s2[0]);
    epi(i, 9u, s2[1]);
  }
}

// ===== k2_matmul =====
// kernel 2 (matmul + epilogue): %14, %17
//   %14 = matmul(%12, %13) : f32[N, 1]
//   inline %16 = add(%14, %15) : f32[N, 1]
//   %17 = sigmoid(%16) : f32[N, 1] -> t17_sigmoid
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf1: array<f32>;
@group(0) @binding(2) var<storage, read> p_output_kernel: array<f32>;
@group(0) @binding(3) var<storage, read> p_output_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_t17_sigmoid: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 1u + col;
  let r0 = p_output_bias[0u];
  let e1 = (v + r0);
  let e2 = (1.0 / (1.0 + exp(-e1)));
  out_t17_sigmoid[idx] = e2;
}

// One row per invocation, all 1 columns in 1 vec4 accumulators.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 10u;
  let P = 1u;
  let i = wid.x * 8u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  var s0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a_0 = v_buf1[ra + t];
    let a_1 = v_buf1[ra + t + 1u];
    let a_2 = v_buf1[ra + t + 2u];
    let a_3 = v_buf1[ra + t + 3u];
    let b0_0 = vec4<f32>(p_output_kernel[(t) * P + 0u], p_output_kernel[(t) * P + 0u], p_output_kernel[(t) * P + 0u], p_output_kernel[(t) * P + 0u]);
    let b0_1 = vec4<f32>(p_output_kernel[(t + 1u) * P + 0u], p_output_kernel[(t + 1u) * P + 0u], p_output_kernel[(t + 1u) * P + 0u], p_output_kernel[(t + 1u) * P + 0u]);
    let b0_2 = vec4<f32>(p_output_kernel[(t + 2u) * P + 0u], p_output_kernel[(t + 2u) * P + 0u], p_output_kernel[(t + 2u) * P + 0u], p_output_kernel[(t + 2u) * P + 0u]);
    let b0_3 = vec4<f32>(p_output_kernel[(t + 3u) * P + 0u], p_output_kernel[(t + 3u) * P + 0u], p_output_kernel[(t + 3u) * P + 0u], p_output_kernel[(t + 3u) * P + 0u]);
    s0 += a_0 * b0_0;
    s0 += a_1 * b0_1;
    s0 += a_2 * b0_2;
    s0 += a_3 * b0_3;
  }
  for (; t < K; t += 1u) {
    let a_0 = v_buf1[ra + t];
    let b0_0 = vec4<f32>(p_output_kernel[(t) * P + 0u], p_output_kernel[(t) * P + 0u], p_output_kernel[(t) * P + 0u], p_output_kernel[(t) * P + 0u]);
    s0 += a_0 * b0_0;
  }
  if (i < M) {
    epi(i, 0u, s0[0]);
  }
}

// ===== k2_matmul, variant for N <= 2 =====
// kernel 2 (matmul + epilogue): %14, %17
//   %14 = matmul(%12, %13) : f32[N, 1]
//   inline %16 = add(%14, %15) : f32[N, 1]
//   %17 = sigmoid(%16) : f32[N, 1] -> t17_sigmoid
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf1: array<f32>;
@group(0) @binding(2) var<storage, read> p_output_kernel: array<f32>;
@group(0) @binding(3) var<storage, read> p_output_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_t17_sigmoid: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 1u + col;
  let r0 = p_output_bias[0u];
  let e1 = (v + r0);
  let e2 = (1.0 / (1.0 + exp(-e1)));
  out_t17_sigmoid[idx] = e2;
}

// One row per invocation, all 1 columns in 1 vec4 accumulators.
@compute @workgroup_size(1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 10u;
  let P = 1u;
  let i = wid.x * 1u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  var s0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a_0 = v_buf1[ra + t];
    let a_1 = v_buf1[ra + t + 1u];
    let a_2 = v_buf1[ra + t + 2u];
    let a_3 = v_buf1[ra + t + 3u];
    let b0_0 = vec4<f32>(p_output_kernel[(t) * P + 0u], p_output_kernel[(t) * P + 0u], p_output_kernel[(t) * P + 0u], p_output_kernel[(t) * P + 0u]);
    let b0_1 = vec4<f32>(p_output_kernel[(t + 1u) * P + 0u], p_output_kernel[(t + 1u) * P + 0u], p_output_kernel[(t + 1u) * P + 0u], p_output_kernel[(t + 1u) * P + 0u]);
    let b0_2 = vec4<f32>(p_output_kernel[(t + 2u) * P + 0u], p_output_kernel[(t + 2u) * P + 0u], p_output_kernel[(t + 2u) * P + 0u], p_output_kernel[(t + 2u) * P + 0u]);
    let b0_3 = vec4<f32>(p_output_kernel[(t + 3u) * P + 0u], p_output_kernel[(t + 3u) * P + 0u], p_output_kernel[(t + 3u) * P + 0u], p_output_kernel[(t + 3u) * P + 0u]);
    s0 += a_0 * b0_0;
    s0 += a_1 * b0_1;
    s0 += a_2 * b0_2;
    s0 += a_3 * b0_3;
  }
  for (; t < K; t += 1u) {
    let a_0 = v_buf1[ra + t];
    let b0_0 = vec4<f32>(p_output_kernel[(t) * P + 0u], p_output_kernel[(t) * P + 0u], p_output_kernel[(t) * P + 0u], p_output_kernel[(t) * P + 0u]);
    s0 += a_0 * b0_0;
  }
  if (i < M) {
    epi(i, 0u, s0[0]);
  }
}

// ===== k2_matmul, variant for hardware GPUs =====
// kernel 2 (matmul + epilogue): %14, %17
//   %14 = matmul(%12, %13) : f32[N, 1]
//   inline %16 = add(%14, %15) : f32[N, 1]
//   %17 = sigmoid(%16) : f32[N, 1] -> t17_sigmoid
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf1: array<f32>;
@group(0) @binding(2) var<storage, read> p_output_kernel: array<f32>;
@group(0) @binding(3) var<storage, read> p_output_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_t17_sigmoid: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 1u + col;
  let r0 = p_output_bias[0u];
  let e1 = (v + r0);
  let e2 = (1.0 / (1.0 + exp(-e1)));
  out_t17_sigmoid[idx] = e2;
}

// One row per invocation, all 1 columns in 1 vec4 accumulators.
@compute @workgroup_size(32)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 10u;
  let P = 1u;
  let i = wid.x * 32u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  var s0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a_0 = v_buf1[ra + t];
    let a_1 = v_buf1[ra + t + 1u];
    let a_2 = v_buf1[ra + t + 2u];
    let a_3 = v_buf1[ra + t + 3u];
    let b0_0 = vec4<f32>(p_output_kernel[(t) * P + 0u], p_output_kernel[(t) * P + 0u], p_output_kernel[(t) * P + 0u], p_output_kernel[(t) * P + 0u]);
    let b0_1 = vec4<f32>(p_output_kernel[(t + 1u) * P + 0u], p_output_kernel[(t + 1u) * P + 0u], p_output_kernel[(t + 1u) * P + 0u], p_output_kernel[(t + 1u) * P + 0u]);
    let b0_2 = vec4<f32>(p_output_kernel[(t + 2u) * P + 0u], p_output_kernel[(t + 2u) * P + 0u], p_output_kernel[(t + 2u) * P + 0u], p_output_kernel[(t + 2u) * P + 0u]);
    let b0_3 = vec4<f32>(p_output_kernel[(t + 3u) * P + 0u], p_output_kernel[(t + 3u) * P + 0u], p_output_kernel[(t + 3u) * P + 0u], p_output_kernel[(t + 3u) * P + 0u]);
    s0 += a_0 * b0_0;
    s0 += a_1 * b0_1;
    s0 += a_2 * b0_2;
    s0 += a_3 * b0_3;
  }
  for (; t < K; t += 1u) {
    let a_0 = v_buf1[ra + t];
    let b0_0 = vec4<f32>(p_output_kernel[(t) * P + 0u], p_output_kernel[(t) * P + 0u], p_output_kernel[(t) * P + 0u], p_output_kernel[(t) * P + 0u]);
    s0 += a_0 * b0_0;
  }
  if (i < M) {
    epi(i, 0u, s0[0]);
  }
}
