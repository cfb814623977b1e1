// ===== k0_elementwise =====
// kernel 0 (elementwise): %7
//   inline %2 = sub(%0, %1) : f32[N, 4]
//   inline %4 = sqrt(%3) : f32[4]
//   inline %6 = maximum(%4, %5) : f32[4]
//   %7 = div(%2, %6) : f32[N, 4] -> buf0
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_normalization_mean: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> p_normalization_variance: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> out_buf0: array<vec4<f32>>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= dims.N) { return; }
  // Four consecutive elements per invocation.
  let base = i * 4u;
  let q0 = in_x[base / 4u];
  let c1 = (base / 4u);
  let c2 = base % 4u;
  let q3 = p_normalization_mean[c2 / 4u];
  let q5 = p_normalization_variance[c2 / 4u];
  var o9: vec4<f32>;
  for (var c = 0u; c < 4u; c++) {
    let e4 = (q0[c] - q3[c]);
    let e6 = sqrt(q5[c]);
    let e7 = max(e6, 1e-7);
    let e8 = (e4 / e7);
    o9[c] = e8;
  }
  out_buf0[base / 4u] = o9;
}

// ===== k1_matmul =====
// kernel 1 (matmul + epilogue): %9, %12
//   %9 = matmul(%7, %8) : f32[N, 16]
//   inline %11 = add(%9, %10) : f32[N, 16]
//   %12 = relu(%11) : f32[N, 16] -> buf1
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf0: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_hidden_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> p_hidden_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_buf1: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 16u + col;
  let r0 = p_hidden_bias[col];
  let e1 = (v + r0);
  let e2 = max(e1, 0.0);
  out_buf1[idx] = e2;
}

// One row per invocation, all 16 columns in 4 vec4 accumulators.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 4u;
  let P = 16u;
  let i = wid.x * 8u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  var s0 = vec4<f32>(0.0);
  var s1 = vec4<f32>(0.0);
  var s2 = vec4<f32>(0.0);
  var s3 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a = v_buf0[(ra + t) / 4u];
    let b0_0 = p_hidden_kernel[(t) * 4u + 0u];
    let b0_1 = p_hidden_kernel[(t + 1u) * 4u + 0u];
    let b0_2 = p_hidden_kernel[(t + 2u) * 4u + 0u];
    let b0_3 = p_hidden_kernel[(t + 3u) * 4u + 0u];
    let b1_0 = p_hidden_kernel[(t) * 4u + 1u];
    let b1_1 = p_hidden_kernel[(t + 1u) * 4u + 1u];
    let b1_2 = p_hidden_kernel[(t + 2u) * 4u + 1u];
    let b1_3 = p_hidden_kernel[(t + 3u) * 4u + 1u];
    let b2_0 = p_hidden_kernel[(t) * 4u + 2u];
    let b2_1 = p_hidden_kernel[(t + 1u) * 4u + 2u];
    let b2_2 = p_hidden_kernel[(t + 2u) * 4u + 2u];
    let b2_3 = p_hidden_kernel[(t + 3u) * 4u + 2u];
    let b3_0 = p_hidden_kernel[(t) * 4u + 3u];
    let b3_1 = p_hidden_kernel[(t + 1u) * 4u + 3u];
    let b3_2 = p_hidden_kernel[(t + 2u) * 4u + 3u];
    let b3_3 = p_hidden_kernel[(t + 3u) * 4u + 3u];
    s0 += a[0] * b0_0;
    s0 += a[1] * b0_1;
    s0 += a[2] * b0_2;
    s0 += a[3] * b0_3;
    s1 += a[0] * b1_0;
    s1 += a[1] * b1_1;
    s1 += a[2] * b1_2;
    s1 += a[3] * b1_3;
    s2 += a[0] * b2_0;
    s2 += a[1] * b2_1;
    s2 += a[2] * b2_2;
    s2 += a[3] * b2_3;
    s3 += a[0] * b3_0;
    s3 += a[1] * b3_1;
    s3 += a[2] * b3_2;
    s3 += a[3] * b3_3;
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
    epi(i, 10u, s2[2]);
    epi(i, 11u, s2[3]);
    epi(i, 12u, s3[0]);
    epi(i, 13u, s3[1]);
    epi(i, 14u, s3[2]);
    epi(i, 15u, s3[3]);
  }
}

// ===== k1_matmul, variant for N <= 2 =====
// kernel 1 (matmul + epilogue): %9, %12
//   %9 = matmul(%7, %8) : f32[N, 16]
//   inline %11 = add(%9, %10) : f32[N, 16]
//   %12 = relu(%11) : f32[N, 16] -> buf1
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf0: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_hidden_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> p_hidden_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_buf1: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 16u + col;
  let r0 = p_hidden_bias[col];
  let e1 = (v + r0);
  let e2 = max(e1, 0.0);
  out_buf1[idx] = e2;
}

// One row per invocation, all 16 columns in 4 vec4 accumulators.
@compute @workgroup_size(1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 4u;
  let P = 16u;
  let i = wid.x * 1u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  var s0 = vec4<f32>(0.0);
  var s1 = vec4<f32>(0.0);
  var s2 = vec4<f32>(0.0);
  var s3 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a = v_buf0[(ra + t) / 4u];
    let b0_0 = p_hidden_kernel[(t) * 4u + 0u];
    let b0_1 = p_hidden_kernel[(t + 1u) * 4u + 0u];
    let b0_2 = p_hidden_kernel[(t + 2u) * 4u + 0u];
    let b0_3 = p_hidden_kernel[(t + 3u) * 4u + 0u];
    let b1_0 = p_hidden_kernel[(t) * 4u + 1u];
    let b1_1 = p_hidden_kernel[(t + 1u) * 4u + 1u];
    let b1_2 = p_hidden_kernel[(t + 2u) * 4u + 1u];
    let b1_3 = p_hidden_kernel[(t + 3u) * 4u + 1u];
    let b2_0 = p_hidden_kernel[(t) * 4u + 2u];
    let b2_1 = p_hidden_kernel[(t + 1u) * 4u + 2u];
    let b2_2 = p_hidden_kernel[(t + 2u) * 4u + 2u];
    let b2_3 = p_hidden_kernel[(t + 3u) * 4u + 2u];
    let b3_0 = p_hidden_kernel[(t) * 4u + 3u];
    let b3_1 = p_hidden_kernel[(t + 1u) * 4u + 3u];
    let b3_2 = p_hidden_kernel[(t + 2u) * 4u + 3u];
    let b3_3 = p_hidden_kernel[(t + 3u) * 4u + 3u];
    s0 += a[0] * b0_0;
    s0 += a[1] * b0_1;
    s0 += a[2] * b0_2;
    s0 += a[3] * b0_3;
    s1 += a[0] * b1_0;
    s1 += a[1] * b1_1;
    s1 += a[2] * b1_2;
    s1 += a[3] * b1_3;
    s2 += a[0] * b2_0;
    s2 += a[1] * b2_1;
    s2 += a[2] * b2_2;
    s2 += a[3] * b2_3;
    s3 += a[0] * b3_0;
    s3 += a[1] * b3_1;
    s3 += a[2] * b3_2;
    s3 += a[3] * b3_3;
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
    epi(i, 10u, s2[2]);
    epi(i, 11u, s2[3]);
    epi(i, 12u, s3[0]);
    epi(i, 13u, s3[1]);
    epi(i, 14u, s3[2]);
    epi(i, 15u, s3[3]);
  }
}

// ===== k1_matmul, variant for hardware GPUs =====
// kernel 1 (matmul + epilogue): %9, %12
//   %9 = matmul(%7, %8) : f32[N, 16]
//   inline %11 = add(%9, %10) : f32[N, 16]
//   %12 = relu(%11) : f32[N, 16] -> buf1
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf0: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_hidden_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> p_hidden_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_buf1: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 16u + col;
  let r0 = p_hidden_bias[col];
  let e1 = (v + r0);
  let e2 = max(e1, 0.0);
  out_buf1[idx] = e2;
}

// One row per invocation, all 16 columns in 4 vec4 accumulators.
@compute @workgroup_size(32)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 4u;
  let P = 16u;
  let i = wid.x * 32u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  var s0 = vec4<f32>(0.0);
  var s1 = vec4<f32>(0.0);
  var s2 = vec4<f32>(0.0);
  var s3 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a = v_buf0[(ra + t) / 4u];
    let b0_0 = p_hidden_kernel[(t) * 4u + 0u];
    let b0_1 = p_hidden_kernel[(t + 1u) * 4u + 0u];
    let b0_2 = p_hidden_kernel[(t + 2u) * 4u + 0u];
    let b0_3 = p_hidden_kernel[(t + 3u) * 4u + 0u];
    let b1_0 = p_hidden_kernel[(t) * 4u + 1u];
    let b1_1 = p_hidden_kernel[(t + 1u) * 4u + 1u];
    let b1_2 = p_hidden_kernel[(t + 2u) * 4u + 1u];
    let b1_3 = p_hidden_kernel[(t + 3u) * 4u + 1u];
    let b2_0 = p_hidden_kernel[(t) * 4u + 2u];
    let b2_1 = p_hidden_kernel[(t + 1u) * 4u + 2u];
    let b2_2 = p_hidden_kernel[(t + 2u) * 4u + 2u];
    let b2_3 = p_hidden_kernel[(t + 3u) * 4u + 2u];
    let b3_0 = p_hidden_kernel[(t) * 4u + 3u];
    let b3_1 = p_hidden_kernel[(t + 1u) * 4u + 3u];
    let b3_2 = p_hidden_kernel[(t + 2u) * 4u + 3u];
    let b3_3 = p_hidden_kernel[(t + 3u) * 4u + 3u];
    s0 += a[0] * b0_0;
    s0 += a[1] * b0_1;
    s0 += a[2] * b0_2;
    s0 += a[3] * b0_3;
    s1 += a[0] * b1_0;
    s1 += a[1] * b1_1;
    s1 += a[2] * b1_2;
    s1 += a[3] * b1_3;
    s2 += a[0] * b2_0;
    s2 += a[1] * b2_1;
    s2 += a[2] * b2_2;
    s2 += a[3] * b2_3;
    s3 += a[0] * b3_0;
    s3 += a[1] * b3_1;
    s3 += a[2] * b3_2;
    s3 += a[3] * b3_3;
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
    epi(i, 10u, s2[2]);
    epi(i, 11u, s2[3]);
    epi(i, 12u, s3[0]);
    epi(i, 13u, s3[1]);
    epi(i, 14u, s3[2]);
    epi(i, 15u, s3[3]);
  }
}

// ===== k2_matmul =====
// kernel 2 (matmul + epilogue): %14, %17
//   %14 = matmul(%12, %13) : f32[N, 3]
//   inline %16 = add(%14, %15) : f32[N, 3]
//   %17 = softmax(%16) : f32[N, 3] -> t17_softmax
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf1: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_probs_kernel: array<f32>;
@group(0) @binding(3) var<storage, read> p_probs_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_t17_softmax: array<f32>;

fn softmax_input(row: u32, col: u32, v: f32) -> f32 {
  let r0 = p_probs_bias[col];
  let e1 = (v + r0);
  return e1;
}
fn epi(row: u32, col: u32, v: f32, sm: f32) {
  let idx = row * 3u + col;
  out_t17_softmax[idx] = sm;
}

// One row per invocation, all 3 columns in 1 vec4 accumulators.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 16u;
  let P = 3u;
  let i = wid.x * 8u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  var s0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a = v_buf1[(ra + t) / 4u];
    let b0_0 = vec4<f32>(p_probs_kernel[(t) * P + 0u], p_probs_kernel[(t) * P + 1u], p_probs_kernel[(t) * P + 2u], p_probs_kernel[(t) * P + 2u]);
    let b0_1 = vec4<f32>(p_probs_kernel[(t + 1u) * P + 0u], p_probs_kernel[(t + 1u) * P + 1u], p_probs_kernel[(t + 1u) * P + 2u], p_probs_kernel[(t + 1u) * P + 2u]);
    let b0_2 = vec4<f32>(p_probs_kernel[(t + 2u) * P + 0u], p_probs_kernel[(t + 2u) * P + 1u], p_probs_kernel[(t + 2u) * P + 2u], p_probs_kernel[(t + 2u) * P + 2u]);
    let b0_3 = vec4<f32>(p_probs_kernel[(t + 3u) * P + 0u], p_probs_kernel[(t + 3u) * P + 1u], p_probs_kernel[(t + 3u) * P + 2u], p_probs_kernel[(t + 3u) * P + 2u]);
    s0 += a[0] * b0_0;
    s0 += a[1] * b0_1;
    s0 += a[2] * b0_2;
    s0 += a[3] * b0_3;
  }
  if (i < M) {
    let z0 = softmax_input(i, 0u, s0[0]);
    let z1 = softmax_input(i, 1u, s0[1]);
    let z2 = softmax_input(i, 2u, s0[2]);
    var zmax = z0;
    zmax = max(zmax, z1);
    zmax = max(zmax, z2);
    let ez0 = exp(z0 - zmax);
    let ez1 = exp(z1 - zmax);
    let ez2 = exp(z2 - zmax);
    let zsum = ez0 + ez1 + ez2;
    epi(i, 0u, s0[0], ez0 / zsum);
    epi(i, 1u, s0[1], ez1 / zsum);
    epi(i, 2u, s0[2], ez2 / zsum);
  }
}

// ===== k2_matmul, variant for N <= 2 =====
// kernel 2 (matmul + epilogue): %14, %17
//   %14 = matmul(%12, %13) : f32[N, 3]
//   inline %16 = add(%14, %15) : f32[N, 3]
//   %17 = softmax(%16) : f32[N, 3] -> t17_softmax
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf1: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_probs_kernel: array<f32>;
@group(0) @binding(3) var<storage, read> p_probs_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_t17_softmax: array<f32>;

fn softmax_input(row: u32, col: u32, v: f32) -> f32 {
  let r0 = p_probs_bias[col];
  let e1 = (v + r0);
  return e1;
}
fn epi(row: u32, col: u32, v: f32, sm: f32) {
  let idx = row * 3u + col;
  out_t17_softmax[idx] = sm;
}

// One row per invocation, all 3 columns in 1 vec4 accumulators.
@compute @workgroup_size(1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 16u;
  let P = 3u;
  let i = wid.x * 1u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  var s0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a = v_buf1[(ra + t) / 4u];
    let b0_0 = vec4<f32>(p_probs_kernel[(t) * P + 0u], p_probs_kernel[(t) * P + 1u], p_probs_kernel[(t) * P + 2u], p_probs_kernel[(t) * P + 2u]);
    let b0_1 = vec4<f32>(p_probs_kernel[(t + 1u) * P + 0u], p_probs_kernel[(t + 1u) * P + 1u], p_probs_kernel[(t + 1u) * P + 2u], p_probs_kernel[(t + 1u) * P + 2u]);
    let b0_2 = vec4<f32>(p_probs_kernel[(t + 2u) * P + 0u], p_probs_kernel[(t + 2u) * P + 1u], p_probs_kernel[(t + 2u) * P + 2u], p_probs_kernel[(t + 2u) * P + 2u]);
    let b0_3 = vec4<f32>(p_probs_kernel[(t + 3u) * P + 0u], p_probs_kernel[(t + 3u) * P + 1u], p_probs_kernel[(t + 3u) * P + 2u], p_probs_kernel[(t + 3u) * P + 2u]);
    s0 += a[0] * b0_0;
    s0 += a[1] * b0_1;
    s0 += a[2] * b0_2;
    s0 += a[3] * b0_3;
  }
  if (i < M) {
    let z0 = softmax_input(i, 0u, s0[0]);
    let z1 = softmax_input(i, 1u, s0[1]);
    let z2 = softmax_input(i, 2u, s0[2]);
    var zmax = z0;
    zmax = max(zmax, z1);
    zmax = max(zmax, z2);
    let ez0 = exp(z0 - zmax);
    let ez1 = exp(z1 - zmax);
    let ez2 = exp(z2 - zmax);
    let zsum = ez0 + ez1 + ez2;
    epi(i, 0u, s0[0], ez0 / zsum);
    epi(i, 1u, s0[1], ez1 / zsum);
    epi(i, 2u, s0[2], ez2 / zsum);
  }
}

// ===== k2_matmul, variant for subgroups of 8 =====
enable subgroups;
// kernel 2 (matmul + epilogue): %14, %17
//   %14 = matmul(%12, %13) : f32[N, 3]
//   inline %16 = add(%14, %15) : f32[N, 3]
//   %17 = softmax(%16) : f32[N, 3] -> t17_softmax
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf1: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_probs_kernel: array<f32>;
@group(0) @binding(3) var<storage, read> p_probs_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_t17_softmax: array<f32>;

fn softmax_input(row: u32, col: u32, v: f32) -> f32 {
  let r0 = p_probs_bias[col];
  let e1 = (v + r0);
  return e1;
}
fn epi(row: u32, col: u32, v: f32, sm: f32) {
  let idx = row * 3u + col;
  out_t17_softmax[idx] = sm;
}

// One row per invocation, all 3 columns in 1 vec4 accumulators.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(subgroup_invocation_id) sid: u32) {
  let M = dims.N;
  let K = 16u;
  let P = 3u;
  let i = wid.x * 8u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  // The column operand of each step is loaded once, spread over the lanes; subgroupBroadcast hands it out.
  let be0 = min(0u + sid, 3u);
  var s0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a = v_buf1[(ra + t) / 4u];
    let mb0 = vec4<f32>(p_probs_kernel[(t + (be0 / 1u)) * P + min(4u * (be0 % 1u) + 0u, 2u)], p_probs_kernel[(t + (be0 / 1u)) * P + min(4u * (be0 % 1u) + 1u, 2u)], p_probs_kernel[(t + (be0 / 1u)) * P + min(4u * (be0 % 1u) + 2u, 2u)], p_probs_kernel[(t + (be0 / 1u)) * P + min(4u * (be0 % 1u) + 3u, 2u)]);
    let b0_0 = subgroupBroadcast(mb0, 0u);
    let b0_1 = subgroupBroadcast(mb0, 1u);
    let b0_2 = subgroupBroadcast(mb0, 2u);
    let b0_3 = subgroupBroadcast(mb0, 3u);
    s0 += a[0] * b0_0;
    s0 += a[1] * b0_1;
    s0 += a[2] * b0_2;
    s0 += a[3] * b0_3;
  }
  if (i < M) {
    let z0 = softmax_input(i, 0u, s0[0]);
    let z1 = softmax_input(i, 1u, s0[1]);
    let z2 = softmax_input(i, 2u, s0[2]);
    var zmax = z0;
    zmax = max(zmax, z1);
    zmax = max(zmax, z2);
    let ez0 = exp(z0 - zmax);
    let ez1 = exp(z1 - zmax);
    let ez2 = exp(z2 - zmax);
    let zsum = ez0 + ez1 + ez2;
    epi(i, 0u, s0[0], ez0 / zsum);
    epi(i, 1u, s0[1], ez1 / zsum);
    epi(i, 2u, s0[2], ez2 / zsum);
  }
}

// ===== k2_matmul, variant for hardware GPUs =====
// kernel 2 (matmul + epilogue): %14, %17
//   %14 = matmul(%12, %13) : f32[N, 3]
//   inline %16 = add(%14, %15) : f32[N, 3]
//   %17 = softmax(%16) : f32[N, 3] -> t17_softmax
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf1: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_probs_kernel: array<f32>;
@group(0) @binding(3) var<storage, read> p_probs_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_t17_softmax: array<f32>;

fn softmax_input(row: u32, col: u32, v: f32) -> f32 {
  let r0 = p_probs_bias[col];
  let e1 = (v + r0);
  return e1;
}
fn epi(row: u32, col: u32, v: f32, sm: f32) {
  let idx = row * 3u + col;
  out_t17_softmax[idx] = sm;
}

// One row per invocation, all 3 columns in 1 vec4 accumulators.
@compute @workgroup_size(32)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 16u;
  let P = 3u;
  let i = wid.x * 32u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  var s0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a = v_buf1[(ra + t) / 4u];
    let b0_0 = vec4<f32>(p_probs_kernel[(t) * P + 0u], p_probs_kernel[(t) * P + 1u], p_probs_kernel[(t) * P + 2u], p_probs_kernel[(t) * P + 2u]);
    let b0_1 = vec4<f32>(p_probs_kernel[(t + 1u) * P + 0u], p_probs_kernel[(t + 1u) * P + 1u], p_probs_kernel[(t + 1u) * P + 2u], p_probs_kernel[(t + 1u) * P + 2u]);
    let b0_2 = vec4<f32>(p_probs_kernel[(t + 2u) * P + 0u], p_probs_kernel[(t + 2u) * P + 1u], p_probs_kernel[(t + 2u) * P + 2u], p_probs_kernel[(t + 2u) * P + 2u]);
    let b0_3 = vec4<f32>(p_probs_kernel[(t + 3u) * P + 0u], p_probs_kernel[(t + 3u) * P + 1u], p_probs_kernel[(t + 3u) * P + 2u], p_probs_kernel[(t + 3u) * P + 2u]);
    s0 += a[0] * b0_0;
    s0 += a[1] * b0_1;
    s0 += a[2] * b0_2;
    s0 += a[3] * b0_3;
  }
  if (i < M) {
    let z0 = softmax_input(i, 0u, s0[0]);
    let z1 = softmax_input(i, 1u, s0[1]);
    let z2 = softmax_input(i, 2u, s0[2]);
    var zmax = z0;
    zmax = max(zmax, z1);
    zmax = max(zmax, z2);
    let ez0 = exp(z0 - zmax);
    let ez1 = exp(z1 - zmax);
    let ez2 = exp(z2 - zmax);
    let zsum = ez0 + ez1 + ez2;
    epi(i, 0u, s0[0], ez0 / zsum);
    epi(i, 1u, s0[1], ez1 / zsum);
    epi(i, 2u, s0[2], ez2 / zsum);
  }
}
