// ===== k0_matmul =====
// kernel 0 (matmul + epilogue): %2, %16
//   %2 = matmul(%0, %1) : f32[N, 128]
//   inline %4 = add(%2, %3) : f32[N, 128]
//   inline %6 = sub(%4, %5) : f32[N, 128]
//   inline %9 = add(%7, %8) : f32[128]
//   inline %10 = sqrt(%9) : f32[128]
//   inline %11 = div(%6, %10) : f32[N, 128]
//   inline %13 = mul(%11, %12) : f32[N, 128]
//   inline %15 = add(%13, %14) : f32[N, 128]
//   %16 = relu(%15) : f32[N, 128] -> buf0
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_1_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> p_dense_1_bias: array<f32>;
@group(0) @binding(4) var<storage, read> p_batch_norm_1_moving_mean: array<f32>;
@group(0) @binding(5) var<storage, read> p_batch_norm_1_moving_variance: array<f32>;
@group(0) @binding(6) var<storage, read> p_batch_norm_1_gamma: array<f32>;
@group(0) @binding(7) var<storage, read> p_batch_norm_1_beta: array<f32>;
@group(0) @binding(8) var<storage, read_write> out_buf0: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 128u + col;
  let r0 = p_dense_1_bias[col];
  let e1 = (v + r0);
  let r2 = p_batch_norm_1_moving_mean[col];
  let e3 = (e1 - r2);
  let r4 = p_batch_norm_1_moving_variance[col];
  let e5 = (r4 + 0.001);
  let e6 = sqrt(e5);
  let e7 = (e3 / e6);
  let r8 = p_batch_norm_1_gamma[col];
  let e9 = (e7 * r8);
  let r10 = p_batch_norm_1_beta[col];
  let e11 = (e9 + r10);
  let e12 = max(e11, 0.0);
  out_buf0[idx] = e12;
}

// 8 rows x 128 columns per workgroup; 8 x 1 vec4 accumulators per invocation.
@compute @workgroup_size(32)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 64u;
  let P = 128u;
  let row0 = wid.y * 8u;
  let j0 = (wid.x * 32u + 0u + lid.x) * 4u;
  let ra0 = min(row0 + 0u, M - 1u) * K;
  let ra1 = min(row0 + 1u, M - 1u) * K;
  let ra2 = min(row0 + 2u, M - 1u) * K;
  let ra3 = min(row0 + 3u, M - 1u) * K;
  let ra4 = min(row0 + 4u, M - 1u) * K;
  let ra5 = min(row0 + 5u, M - 1u) * K;
  let ra6 = min(row0 + 6u, M - 1u) * K;
  let ra7 = min(row0 + 7u, M - 1u) * K;
  let jq0 = min(j0 / 4u, P / 4u - 1u);
  var s0_0 = vec4<f32>(0.0);
  var s1_0 = vec4<f32>(0.0);
  var s2_0 = vec4<f32>(0.0);
  var s3_0 = vec4<f32>(0.0);
  var s4_0 = vec4<f32>(0.0);
  var s5_0 = vec4<f32>(0.0);
  var s6_0 = vec4<f32>(0.0);
  var s7_0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a0 = in_x[(ra0 + t) / 4u];
    let a1 = in_x[(ra1 + t) / 4u];
    let a2 = in_x[(ra2 + t) / 4u];
    let a3 = in_x[(ra3 + t) / 4u];
    let a4 = in_x[(ra4 + t) / 4u];
    let a5 = in_x[(ra5 + t) / 4u];
    let a6 = in_x[(ra6 + t) / 4u];
    let a7 = in_x[(ra7 + t) / 4u];
    let b0_0 = p_dense_1_kernel[(t) * (P / 4u) + jq0];
    let b0_1 = p_dense_1_kernel[(t + 1u) * (P / 4u) + jq0];
    let b0_2 = p_dense_1_kernel[(t + 2u) * (P / 4u) + jq0];
    let b0_3 = p_dense_1_kernel[(t + 3u) * (P / 4u) + jq0];
    s0_0 += a0[0] * b0_0;
    s1_0 += a1[0] * b0_0;
    s2_0 += a2[0] * b0_0;
    s3_0 += a3[0] * b0_0;
    s4_0 += a4[0] * b0_0;
    s5_0 += a5[0] * b0_0;
    s6_0 += a6[0] * b0_0;
    s7_0 += a7[0] * b0_0;
    s0_0 += a0[1] * b0_1;
    s1_0 += a1[1] * b0_1;
    s2_0 += a2[1] * b0_1;
    s3_0 += a3[1] * b0_1;
    s4_0 += a4[1] * b0_1;
    s5_0 += a5[1] * b0_1;
    s6_0 += a6[1] * b0_1;
    s7_0 += a7[1] * b0_1;
    s0_0 += a0[2] * b0_2;
    s1_0 += a1[2] * b0_2;
    s2_0 += a2[2] * b0_2;
    s3_0 += a3[2] * b0_2;
    s4_0 += a4[2] * b0_2;
    s5_0 += a5[2] * b0_2;
    s6_0 += a6[2] * b0_2;
    s7_0 += a7[2] * b0_2;
    s0_0 += a0[3] * b0_3;
    s1_0 += a1[3] * b0_3;
    s2_0 += a2[3] * b0_3;
    s3_0 += a3[3] * b0_3;
    s4_0 += a4[3] * b0_3;
    s5_0 += a5[3] * b0_3;
    s6_0 += a6[3] * b0_3;
    s7_0 += a7[3] * b0_3;
  }
  let acc = array<vec4<f32>, 8>(s0_0, s1_0, s2_0, s3_0, s4_0, s5_0, s6_0, s7_0);
  for (var e = 0u; e < 32u; e++) {
    let r = e / 4u;
    let q = (e / 4u) % 1u;
    let c = e % 4u;
    let row = row0 + r;
    let col = j0 + q * 128u + c;
    if (row < M && col < P) { epi(row, col, acc[r * 1u + q][c]); }
  }
}

// ===== k1_matmul =====
// kernel 1 (matmul + epilogue): %18, %31
//   %18 = matmul(%16, %17) : f32[N, 64]
//   inline %20 = add(%18, %19) : f32[N, 64]
//   inline %22 = sub(%20, %21) : f32[N, 64]
//   inline %24 = add(%23, %8) : f32[64]
//   inline %25 = sqrt(%24) : f32[64]
//   inline %26 = div(%22, %25) : f32[N, 64]
//   inline %28 = mul(%26, %27) : f32[N, 64]
//   inline %30 = add(%28, %29) : f32[N, 64]
//   %31 = relu(%30) : f32[N, 64] -> buf1
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf0: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_2_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> p_dense_2_bias: array<f32>;
@group(0) @binding(4) var<storage, read> p_batch_norm_2_moving_mean: array<f32>;
@group(0) @binding(5) var<storage, read> p_batch_norm_2_moving_variance: array<f32>;
@group(0) @binding(6) var<storage, read> p_batch_norm_2_gamma: array<f32>;
@group(0) @binding(7) var<storage, read> p_batch_norm_2_beta: array<f32>;
@group(0) @binding(8) var<storage, read_write> out_buf1: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 64u + col;
  let r0 = p_dense_2_bias[col];
  let e1 = (v + r0);
  let r2 = p_batch_norm_2_moving_mean[col];
  let e3 = (e1 - r2);
  let r4 = p_batch_norm_2_moving_variance[col];
  let e5 = (r4 + 0.001);
  let e6 = sqrt(e5);
  let e7 = (e3 / e6);
  let r8 = p_batch_norm_2_gamma[col];
  let e9 = (e7 * r8);
  let r10 = p_batch_norm_2_beta[col];
  let e11 = (e9 + r10);
  let e12 = max(e11, 0.0);
  out_buf1[idx] = e12;
}

// 8 rows x 64 columns per workgroup; 8 x 1 vec4 accumulators per invocation.
@compute @workgroup_size(16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 128u;
  let P = 64u;
  let row0 = wid.y * 8u;
  let j0 = (wid.x * 16u + 0u + lid.x) * 4u;
  let ra0 = min(row0 + 0u, M - 1u) * K;
  let ra1 = min(row0 + 1u, M - 1u) * K;
  let ra2 = min(row0 + 2u, M - 1u) * K;
  let ra3 = min(row0 + 3u, M - 1u) * K;
  let ra4 = min(row0 + 4u, M - 1u) * K;
  let ra5 = min(row0 + 5u, M - 1u) * K;
  let ra6 = min(row0 + 6u, M - 1u) * K;
  let ra7 = min(row0 + 7u, M - 1u) * K;
  let jq0 = min(j0 / 4u, P / 4u - 1u);
  var s0_0 = vec4<f32>(0.0);
  var s1_0 = vec4<f32>(0.0);
  var s2_0 = vec4<f32>(0.0);
  var s3_0 = vec4<f32>(0.0);
  var s4_0 = vec4<f32>(0.0);
  var s5_0 = vec4<f32>(0.0);
  var s6_0 = vec4<f32>(0.0);
  var s7_0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a0 = v_buf0[(ra0 + t) / 4u];
    let a1 = v_buf0[(ra1 + t) / 4u];
    let a2 = v_buf0[(ra2 + t) / 4u];
    let a3 = v_buf0[(ra3 + t) / 4u];
    let a4 = v_buf0[(ra4 + t) / 4u];
    let a5 = v_buf0[(ra5 + t) / 4u];
    let a6 = v_buf0[(ra6 + t) / 4u];
    let a7 = v_buf0[(ra7 + t) / 4u];
    let b0_0 = p_dense_2_kernel[(t) * (P / 4u) + jq0];
    let b0_1 = p_dense_2_kernel[(t + 1u) * (P / 4u) + jq0];
    let b0_2 = p_dense_2_kernel[(t + 2u) * (P / 4u) + jq0];
    let b0_3 = p_dense_2_kernel[(t + 3u) * (P / 4u) + jq0];
    s0_0 += a0[0] * b0_0;
    s1_0 += a1[0] * b0_0;
    s2_0 += a2[0] * b0_0;
    s3_0 += a3[0] * b0_0;
    s4_0 += a4[0] * b0_0;
    s5_0 += a5[0] * b0_0;
    s6_0 += a6[0] * b0_0;
    s7_0 += a7[0] * b0_0;
    s0_0 += a0[1] * b0_1;
    s1_0 += a1[1] * b0_1;
    s2_0 += a2[1] * b0_1;
    s3_0 += a3[1] * b0_1;
    s4_0 += a4[1] * b0_1;
    s5_0 += a5[1] * b0_1;
    s6_0 += a6[1] * b0_1;
    s7_0 += a7[1] * b0_1;
    s0_0 += a0[2] * b0_2;
    s1_0 += a1[2] * b0_2;
    s2_0 += a2[2] * b0_2;
    s3_0 += a3[2] * b0_2;
    s4_0 += a4[2] * b0_2;
    s5_0 += a5[2] * b0_2;
    s6_0 += a6[2] * b0_2;
    s7_0 += a7[2] * b0_2;
    s0_0 += a0[3] * b0_3;
    s1_0 += a1[3] * b0_3;
    s2_0 += a2[3] * b0_3;
    s3_0 += a3[3] * b0_3;
    s4_0 += a4[3] * b0_3;
    s5_0 += a5[3] * b0_3;
    s6_0 += a6[3] * b0_3;
    s7_0 += a7[3] * b0_3;
  }
  let acc = array<vec4<f32>, 8>(s0_0, s1_0, s2_0, s3_0, s4_0, s5_0, s6_0, s7_0);
  for (var e = 0u; e < 32u; e++) {
    let r = e / 4u;
    let q = (e / 4u) % 1u;
    let c = e % 4u;
    let row = row0 + r;
    let col = j0 + q * 64u + c;
    if (row < M && col < P) { epi(row, col, acc[r * 1u + q][c]); }
  }
}

// ===== k2_matmul =====
// kernel 2 (matmul): %33
//   %33 = matmul(%31, %32) : f32[N, 10] -> buf0
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf1: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_probs_kernel: array<f32>;
@group(0) @binding(3) var<storage, read_write> out_buf0: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 10u + col;
  out_buf0[idx] = v;
}

// One row per invocation, all 10 columns in 3 vec4 accumulators.
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 64u;
  let P = 10u;
  let i = wid.x * 64u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  var s0 = vec4<f32>(0.0);
  var s1 = vec4<f32>(0.0);
  var s2 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a = v_buf1[(ra + t) / 4u];
    let b0_0 = vec4<f32>(p_probs_kernel[(t) * P + 0u], p_probs_kernel[(t) * P + 1u], p_probs_kernel[(t) * P + 2u], p_probs_kernel[(t) * P + 3u]);
    let b0_1 = vec4<f32>(p_probs_kernel[(t + 1u) * P + 0u], p_probs_kernel[(t + 1u) * P + 1u], p_probs_kernel[(t + 1u) * P + 2u], p_probs_kernel[(t + 1u) * P + 3u]);
    let b0_2 = vec4<f32>(p_probs_kernel[(t + 2u) * P + 0u], p_probs_kernel[(t + 2u) * P + 1u], p_probs_kernel[(t + 2u) * P + 2u], p_probs_kernel[(t + 2u) * P + 3u]);
    let b0_3 = vec4<f32>(p_probs_kernel[(t + 3u) * P + 0u], p_probs_kernel[(t + 3u) * P + 1u], p_probs_kernel[(t + 3u) * P + 2u], p_probs_kernel[(t + 3u) * P + 3u]);
    let b1_0 = vec4<f32>(p_probs_kernel[(t) * P + 4u], p_probs_kernel[(t) * P + 5u], p_probs_kernel[(t) * P + 6u], p_probs_kernel[(t) * P + 7u]);
    let b1_1 = vec4<f32>(p_probs_kernel[(t + 1u) * P + 4u], p_probs_kernel[(t + 1u) * P + 5u], p_probs_kernel[(t + 1u) * P + 6u], p_probs_kernel[(t + 1u) * P + 7u]);
    let b1_2 = vec4<f32>(p_probs_kernel[(t + 2u) * P + 4u], p_probs_kernel[(t + 2u) * P + 5u], p_probs_kernel[(t + 2u) * P + 6u], p_probs_kernel[(t + 2u) * P + 7u]);
    let b1_3 = vec4<f32>(p_probs_kernel[(t + 3u) * P + 4u], p_probs_kernel[(t + 3u) * P + 5u], p_probs_kernel[(t + 3u) * P + 6u], p_probs_kernel[(t + 3u) * P + 7u]);
    let b2_0 = vec4<f32>(p_probs_kernel[(t) * P + 8u], p_probs_kernel[(t) * P + 9u], p_probs_kernel[(t) * P + 9u], p_probs_kernel[(t) * P + 9u]);
    let b2_1 = vec4<f32>(p_probs_kernel[(t + 1u) * P + 8u], p_probs_kernel[(t + 1u) * P + 9u], p_probs_kernel[(t + 1u) * P + 9u], p_probs_kernel[(t + 1u) * P + 9u]);
    let b2_2 = vec4<f32>(p_probs_kernel[(t + 2u) * P + 8u], p_probs_kernel[(t + 2u) * P + 9u], p_probs_kernel[(t + 2u) * P + 9u], p_probs_kernel[(t + 2u) * P + 9u]);
    let b2_3 = vec4<f32>(p_probs_kernel[(t + 3u) * P + 8u], p_probs_kernel[(t + 3u) * P + 9u], p_probs_kernel[(t + 3u) * P + 9u], p_probs_kernel[(t + 3u) * P + 9u]);
    s0 += a[0] * b0_0;
    s1 += a[0] * b1_0;
    s2 += a[0] * b2_0;
    s0 += a[1] * b0_1;
    s1 += a[1] * b1_1;
    s2 += a[1] * b2_1;
    s0 += a[2] * b0_2;
    s1 += a[2] * b1_2;
    s2 += a[2] * b2_2;
    s0 += a[3] * b0_3;
    s1 += a[3] * b1_3;
    s2 += a[3] * b2_3;
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

// ===== k3_softmax =====
// kernel 3 (row): %36
//   inline %35 = add(%33, %34) : f32[N, 10]
//   %36 = softmax(%35) : f32[N, 10] -> t36_softmax
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf0: array<f32>;
@group(0) @binding(2) var<storage, read> p_probs_bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> out_t36_softmax: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= dims.N) { return; }
  let A = 10u;
  let inner = 1u;
  let base = (i / inner) * A * inner + i % inner;
  var m = -3.402823e+38;
  for (var a = 0u; a < A; a++) {
    let r0 = v_buf0[(base + a * inner)];
    let c1 = ((base + a * inner) / 10u);
    let c2 = (base + a * inner) % 10u;
    let r3 = p_probs_bias[c2];
    let e4 = (r0 + r3);
    m = max(m, e4);
  }
  var s = 0.0;
  for (var a = 0u; a < A; a++) {
    let r5 = v_buf0[(base + a * inner)];
    let c6 = ((base + a * inner) / 10u);
    let c7 = (base + a * inner) % 10u;
    let r8 = p_probs_bias[c7];
    let e9 = (r5 + r8);
    s = s + exp(e9 - m);
  }
  for (var a = 0u; a < A; a++) {
    let r10 = v_buf0[(base + a * inner)];
    let c11 = ((base + a * inner) / 10u);
    let c12 = (base + a * inner) % 10u;
    let r13 = p_probs_bias[c12];
    let e14 = (r10 + r13);
    let p15 = exp(e14 - m) / s;
    out_t36_softmax[(base + a * inner)] = p15;
  }
}
