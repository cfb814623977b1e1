// ===== train_step.k5_matmul =====
// kernel 5 (matmul): %11
//   %11 = matmul(%10, %7) : f32[N, 64] -> train_step.buf0
//   inline %13 = add(%11, %12) : f32[N, 64]
//   partial statistics of %14, %16 per row tile -> train_step.buf1
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_1_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> out_train_step_buf0: array<f32>;
@group(0) @binding(4) var<storage, read> p_dense_1_bias: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf1: array<f32>;

fn epi(row: u32, col: u32, v: f32) -> vec4<f32> {
  let idx = row * 64u + col;
  out_train_step_buf0[idx] = v;
  let r0 = p_dense_1_bias[col];
  let e1 = (v + r0);
  return vec4<f32>(e1, e1, 0.0, 0.0);
}

// 8 rows x 64 columns per workgroup; 8 x 1 vec4 accumulators per invocation.
@compute @workgroup_size(16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 20u;
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
  // Statistics of each 8 rows for each column of this invocation: a sum, mean and squared deviations.
  let acc = array<vec4<f32>, 8>(s0_0, s1_0, s2_0, s3_0, s4_0, s5_0, s6_0, s7_0);
  var n = 0.0;
  var sum0_0 = 0.0;
  var sum0_1 = 0.0;
  var sum0_2 = 0.0;
  var sum0_3 = 0.0;
  var mu1_0 = 0.0;
  var m21_0 = 0.0;
  var mu1_1 = 0.0;
  var m21_1 = 0.0;
  var mu1_2 = 0.0;
  var m21_2 = 0.0;
  var mu1_3 = 0.0;
  var m21_3 = 0.0;
  let rows = min(8u, M - row0);
  for (var r = 0u; r < rows; r++) {
    let row = row0 + r;
    n = n + 1.0;
    if (j0 + 0u < P) {
      let x = epi(row, j0 + 0u, acc[r * 1u + 0u][0]);
      sum0_0 = sum0_0 + x[0];
      let d1 = x[1] - mu1_0;
      mu1_0 = mu1_0 + d1 / n;
      m21_0 = m21_0 + d1 * (x[1] - mu1_0);
    }
    if (j0 + 1u < P) {
      let x = epi(row, j0 + 1u, acc[r * 1u + 0u][1]);
      sum0_1 = sum0_1 + x[0];
      let d1 = x[1] - mu1_1;
      mu1_1 = mu1_1 + d1 / n;
      m21_1 = m21_1 + d1 * (x[1] - mu1_1);
    }
    if (j0 + 2u < P) {
      let x = epi(row, j0 + 2u, acc[r * 1u + 0u][2]);
      sum0_2 = sum0_2 + x[0];
      let d1 = x[1] - mu1_2;
      mu1_2 = mu1_2 + d1 / n;
      m21_2 = m21_2 + d1 * (x[1] - mu1_2);
    }
    if (j0 + 3u < P) {
      let x = epi(row, j0 + 3u, acc[r * 1u + 0u][3]);
      sum0_3 = sum0_3 + x[0];
      let d1 = x[1] - mu1_3;
      mu1_3 = mu1_3 + d1 / n;
      m21_3 = m21_3 + d1 * (x[1] - mu1_3);
    }
    if (r % 8u == 7u || row + 1u == M) {
      let tile = row / 8u;
      if (j0 + 0u < P) {
        out_train_step_buf1[(tile * 3u + 0u) * P + j0 + 0u] = sum0_0;
        out_train_step_buf1[(tile * 3u + 1u) * P + j0 + 0u] = mu1_0;
        out_train_step_buf1[(tile * 3u + 2u) * P + j0 + 0u] = m21_0;
      }
      if (j0 + 1u < P) {
        out_train_step_buf1[(tile * 3u + 0u) * P + j0 + 1u] = sum0_1;
        out_train_step_buf1[(tile * 3u + 1u) * P + j0 + 1u] = mu1_1;
        out_train_step_buf1[(tile * 3u + 2u) * P + j0 + 1u] = m21_1;
      }
      if (j0 + 2u < P) {
        out_train_step_buf1[(tile * 3u + 0u) * P + j0 + 2u] = sum0_2;
        out_train_step_buf1[(tile * 3u + 1u) * P + j0 + 2u] = mu1_2;
        out_train_step_buf1[(tile * 3u + 2u) * P + j0 + 2u] = m21_2;
      }
      if (j0 + 3u < P) {
        out_train_step_buf1[(tile * 3u + 0u) * P + j0 + 3u] = sum0_3;
        out_train_step_buf1[(tile * 3u + 1u) * P + j0 + 3u] = mu1_3;
        out_train_step_buf1[(tile * 3u + 2u) * P + j0 + 3u] = m21_3;
      }
      n = 0.0;
      sum0_0 = 0.0;
      sum0_1 = 0.0;
      sum0_2 = 0.0;
      sum0_3 = 0.0;
      mu1_0 = 0.0;
      m21_0 = 0.0;
      mu1_1 = 0.0;
      m21_1 = 0.0;
      mu1_2 = 0.0;
      m21_2 = 0.0;
      mu1_3 = 0.0;
      m21_3 = 0.0;
    }
  }
}

// ===== train_step.k5_matmul, variant for subgroups of 8 =====
enable subgroups;
// kernel 5 (matmul): %11
//   %11 = matmul(%10, %7) : f32[N, 64] -> train_step.buf0
//   inline %13 = add(%11, %12) : f32[N, 64]
//   partial statistics of %14, %16 per row tile -> train_step.buf1
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_1_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> out_train_step_buf0: array<f32>;
@group(0) @binding(4) var<storage, read> p_dense_1_bias: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf1: array<f32>;

fn epi(row: u32, col: u32, v: f32) -> vec4<f32> {
  let idx = row * 64u + col;
  out_train_step_buf0[idx] = v;
  let r0 = p_dense_1_bias[col];
  let e1 = (v + r0);
  return vec4<f32>(e1, e1, 0.0, 0.0);
}

// 16 rows x 32 columns per workgroup; 16 x 1 vec4 accumulators per invocation.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(subgroup_invocation_id) sid: u32) {
  let M = dims.N;
  let K = 20u;
  let P = 64u;
  let row0 = wid.y * 16u;
  let j0 = (wid.x * 8u + 0u + lid.x) * 4u;
  // Each lane loads the row operand for 2 rows; subgroupBroadcast hands them to the others.
  let la0 = min(row0 + 0u + sid, M - 1u) * K;
  let la1 = min(row0 + 8u + sid, M - 1u) * K;
  let jq0 = min(j0 / 4u, P / 4u - 1u);
  var s0_0 = vec4<f32>(0.0);
  var s1_0 = vec4<f32>(0.0);
  var s2_0 = vec4<f32>(0.0);
  var s3_0 = vec4<f32>(0.0);
  var s4_0 = vec4<f32>(0.0);
  var s5_0 = vec4<f32>(0.0);
  var s6_0 = vec4<f32>(0.0);
  var s7_0 = vec4<f32>(0.0);
  var s8_0 = vec4<f32>(0.0);
  var s9_0 = vec4<f32>(0.0);
  var s10_0 = vec4<f32>(0.0);
  var s11_0 = vec4<f32>(0.0);
  var s12_0 = vec4<f32>(0.0);
  var s13_0 = vec4<f32>(0.0);
  var s14_0 = vec4<f32>(0.0);
  var s15_0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let my0 = in_x[(la0 + t) / 4u];
    let my1 = in_x[(la1 + t) / 4u];
    let a0_0 = subgroupBroadcast(my0[0], 0u);
    let a1_0 = subgroupBroadcast(my0[0], 1u);
    let a2_0 = subgroupBroadcast(my0[0], 2u);
    let a3_0 = subgroupBroadcast(my0[0], 3u);
    let a4_0 = subgroupBroadcast(my0[0], 4u);
    let a5_0 = subgroupBroadcast(my0[0], 5u);
    let a6_0 = subgroupBroadcast(my0[0], 6u);
    let a7_0 = subgroupBroadcast(my0[0], 7u);
    let a8_0 = subgroupBroadcast(my1[0], 0u);
    let a9_0 = subgroupBroadcast(my1[0], 1u);
    let a10_0 = subgroupBroadcast(my1[0], 2u);
    let a11_0 = subgroupBroadcast(my1[0], 3u);
    let a12_0 = subgroupBroadcast(my1[0], 4u);
    let a13_0 = subgroupBroadcast(my1[0], 5u);
    let a14_0 = subgroupBroadcast(my1[0], 6u);
    let a15_0 = subgroupBroadcast(my1[0], 7u);
    let a0_1 = subgroupBroadcast(my0[1], 0u);
    let a1_1 = subgroupBroadcast(my0[1], 1u);
    let a2_1 = subgroupBroadcast(my0[1], 2u);
    let a3_1 = subgroupBroadcast(my0[1], 3u);
    let a4_1 = subgroupBroadcast(my0[1], 4u);
    let a5_1 = subgroupBroadcast(my0[1], 5u);
    let a6_1 = subgroupBroadcast(my0[1], 6u);
    let a7_1 = subgroupBroadcast(my0[1], 7u);
    let a8_1 = subgroupBroadcast(my1[1], 0u);
    let a9_1 = subgroupBroadcast(my1[1], 1u);
    let a10_1 = subgroupBroadcast(my1[1], 2u);
    let a11_1 = subgroupBroadcast(my1[1], 3u);
    let a12_1 = subgroupBroadcast(my1[1], 4u);
    let a13_1 = subgroupBroadcast(my1[1], 5u);
    let a14_1 = subgroupBroadcast(my1[1], 6u);
    let a15_1 = subgroupBroadcast(my1[1], 7u);
    let a0_2 = subgroupBroadcast(my0[2], 0u);
    let a1_2 = subgroupBroadcast(my0[2], 1u);
    let a2_2 = subgroupBroadcast(my0[2], 2u);
    let a3_2 = subgroupBroadcast(my0[2], 3u);
    let a4_2 = subgroupBroadcast(my0[2], 4u);
    let a5_2 = subgroupBroadcast(my0[2], 5u);
    let a6_2 = subgroupBroadcast(my0[2], 6u);
    let a7_2 = subgroupBroadcast(my0[2], 7u);
    let a8_2 = subgroupBroadcast(my1[2], 0u);
    let a9_2 = subgroupBroadcast(my1[2], 1u);
    let a10_2 = subgroupBroadcast(my1[2], 2u);
    let a11_2 = subgroupBroadcast(my1[2], 3u);
    let a12_2 = subgroupBroadcast(my1[2], 4u);
    let a13_2 = subgroupBroadcast(my1[2], 5u);
    let a14_2 = subgroupBroadcast(my1[2], 6u);
    let a15_2 = subgroupBroadcast(my1[2], 7u);
    let a0_3 = subgroupBroadcast(my0[3], 0u);
    let a1_3 = subgroupBroadcast(my0[3], 1u);
    let a2_3 = subgroupBroadcast(my0[3], 2u);
    let a3_3 = subgroupBroadcast(my0[3], 3u);
    let a4_3 = subgroupBroadcast(my0[3], 4u);
    let a5_3 = subgroupBroadcast(my0[3], 5u);
    let a6_3 = subgroupBroadcast(my0[3], 6u);
    let a7_3 = subgroupBroadcast(my0[3], 7u);
    let a8_3 = subgroupBroadcast(my1[3], 0u);
    let a9_3 = subgroupBroadcast(my1[3], 1u);
    let a10_3 = subgroupBroadcast(my1[3], 2u);
    let a11_3 = subgroupBroadcast(my1[3], 3u);
    let a12_3 = subgroupBroadcast(my1[3], 4u);
    let a13_3 = subgroupBroadcast(my1[3], 5u);
    let a14_3 = subgroupBroadcast(my1[3], 6u);
    let a15_3 = subgroupBroadcast(my1[3], 7u);
    let b0_0 = p_dense_1_kernel[(t) * (P / 4u) + jq0];
    let b0_1 = p_dense_1_kernel[(t + 1u) * (P / 4u) + jq0];
    let b0_2 = p_dense_1_kernel[(t + 2u) * (P / 4u) + jq0];
    let b0_3 = p_dense_1_kernel[(t + 3u) * (P / 4u) + jq0];
    s0_0 += a0_0 * b0_0;
    s1_0 += a1_0 * b0_0;
    s2_0 += a2_0 * b0_0;
    s3_0 += a3_0 * b0_0;
    s4_0 += a4_0 * b0_0;
    s5_0 += a5_0 * b0_0;
    s6_0 += a6_0 * b0_0;
    s7_0 += a7_0 * b0_0;
    s8_0 += a8_0 * b0_0;
    s9_0 += a9_0 * b0_0;
    s10_0 += a10_0 * b0_0;
    s11_0 += a11_0 * b0_0;
    s12_0 += a12_0 * b0_0;
    s13_0 += a13_0 * b0_0;
    s14_0 += a14_0 * b0_0;
    s15_0 += a15_0 * b0_0;
    s0_0 += a0_1 * b0_1;
    s1_0 += a1_1 * b0_1;
    s2_0 += a2_1 * b0_1;
    s3_0 += a3_1 * b0_1;
    s4_0 += a4_1 * b0_1;
    s5_0 += a5_1 * b0_1;
    s6_0 += a6_1 * b0_1;
    s7_0 += a7_1 * b0_1;
    s8_0 += a8_1 * b0_1;
    s9_0 += a9_1 * b0_1;
    s10_0 += a10_1 * b0_1;
    s11_0 += a11_1 * b0_1;
    s12_0 += a12_1 * b0_1;
    s13_0 += a13_1 * b0_1;
    s14_0 += a14_1 * b0_1;
    s15_0 += a15_1 * b0_1;
    s0_0 += a0_2 * b0_2;
    s1_0 += a1_2 * b0_2;
    s2_0 += a2_2 * b0_2;
    s3_0 += a3_2 * b0_2;
    s4_0 += a4_2 * b0_2;
    s5_0 += a5_2 * b0_2;
    s6_0 += a6_2 * b0_2;
    s7_0 += a7_2 * b0_2;
    s8_0 += a8_2 * b0_2;
    s9_0 += a9_2 * b0_2;
    s10_0 += a10_2 * b0_2;
    s11_0 += a11_2 * b0_2;
    s12_0 += a12_2 * b0_2;
    s13_0 += a13_2 * b0_2;
    s14_0 += a14_2 * b0_2;
    s15_0 += a15_2 * b0_2;
    s0_0 += a0_3 * b0_3;
    s1_0 += a1_3 * b0_3;
    s2_0 += a2_3 * b0_3;
    s3_0 += a3_3 * b0_3;
    s4_0 += a4_3 * b0_3;
    s5_0 += a5_3 * b0_3;
    s6_0 += a6_3 * b0_3;
    s7_0 += a7_3 * b0_3;
    s8_0 += a8_3 * b0_3;
    s9_0 += a9_3 * b0_3;
    s10_0 += a10_3 * b0_3;
    s11_0 += a11_3 * b0_3;
    s12_0 += a12_3 * b0_3;
    s13_0 += a13_3 * b0_3;
    s14_0 += a14_3 * b0_3;
    s15_0 += a15_3 * b0_3;
  }
  // Statistics of each 8 rows for each column of this invocation: a sum, mean and squared deviations.
  let acc = array<vec4<f32>, 16>(s0_0, s1_0, s2_0, s3_0, s4_0, s5_0, s6_0, s7_0, s8_0, s9_0, s10_0, s11_0, s12_0, s13_0, s14_0, s15_0);
  var n = 0.0;
  var sum0_0 = 0.0;
  var sum0_1 = 0.0;
  var sum0_2 = 0.0;
  var sum0_3 = 0.0;
  var mu1_0 = 0.0;
  var m21_0 = 0.0;
  var mu1_1 = 0.0;
  var m21_1 = 0.0;
  var mu1_2 = 0.0;
  var m21_2 = 0.0;
  var mu1_3 = 0.0;
  var m21_3 = 0.0;
  let rows = min(16u, M - row0);
  for (var r = 0u; r < rows; r++) {
    let row = row0 + r;
    n = n + 1.0;
    if (j0 + 0u < P) {
      let x = epi(row, j0 + 0u, acc[r * 1u + 0u][0]);
      sum0_0 = sum0_0 + x[0];
      let d1 = x[1] - mu1_0;
      mu1_0 = mu1_0 + d1 / n;
      m21_0 = m21_0 + d1 * (x[1] - mu1_0);
    }
    if (j0 + 1u < P) {
      let x = epi(row, j0 + 1u, acc[r * 1u + 0u][1]);
      sum0_1 = sum0_1 + x[0];
      let d1 = x[1] - mu1_1;
      mu1_1 = mu1_1 + d1 / n;
      m21_1 = m21_1 + d1 * (x[1] - mu1_1);
    }
    if (j0 + 2u < P) {
      let x = epi(row, j0 + 2u, acc[r * 1u + 0u][2]);
      sum0_2 = sum0_2 + x[0];
      let d1 = x[1] - mu1_2;
      mu1_2 = mu1_2 + d1 / n;
      m21_2 = m21_2 + d1 * (x[1] - mu1_2);
    }
    if (j0 + 3u < P) {
      let x = epi(row, j0 + 3u, acc[r * 1u + 0u][3]);
      sum0_3 = sum0_3 + x[0];
      let d1 = x[1] - mu1_3;
      mu1_3 = mu1_3 + d1 / n;
      m21_3 = m21_3 + d1 * (x[1] - mu1_3);
    }
    if (r % 8u == 7u || row + 1u == M) {
      let tile = row / 8u;
      if (j0 + 0u < P) {
        out_train_step_buf1[(tile * 3u + 0u) * P + j0 + 0u] = sum0_0;
        out_train_step_buf1[(tile * 3u + 1u) * P + j0 + 0u] = mu1_0;
        out_train_step_buf1[(tile * 3u + 2u) * P + j0 + 0u] = m21_0;
      }
      if (j0 + 1u < P) {
        out_train_step_buf1[(tile * 3u + 0u) * P + j0 + 1u] = sum0_1;
        out_train_step_buf1[(tile * 3u + 1u) * P + j0 + 1u] = mu1_1;
        out_train_step_buf1[(tile * 3u + 2u) * P + j0 + 1u] = m21_1;
      }
      if (j0 + 2u < P) {
        out_train_step_buf1[(tile * 3u + 0u) * P + j0 + 2u] = sum0_2;
        out_train_step_buf1[(tile * 3u + 1u) * P + j0 + 2u] = mu1_2;
        out_train_step_buf1[(tile * 3u + 2u) * P + j0 + 2u] = m21_2;
      }
      if (j0 + 3u < P) {
        out_train_step_buf1[(tile * 3u + 0u) * P + j0 + 3u] = sum0_3;
        out_train_step_buf1[(tile * 3u + 1u) * P + j0 + 3u] = mu1_3;
        out_train_step_buf1[(tile * 3u + 2u) * P + j0 + 3u] = m21_3;
      }
      n = 0.0;
      sum0_0 = 0.0;
      sum0_1 = 0.0;
      sum0_2 = 0.0;
      sum0_3 = 0.0;
      mu1_0 = 0.0;
      m21_0 = 0.0;
      mu1_1 = 0.0;
      m21_1 = 0.0;
      mu1_2 = 0.0;
      m21_2 = 0.0;
      mu1_3 = 0.0;
      m21_3 = 0.0;
    }
  }
}

// ===== train_step.k5_matmul, variant for hardware GPUs =====
// kernel 5 (matmul): %11
//   %11 = matmul(%10, %7) : f32[N, 64] -> train_step.buf0
//   inline %13 = add(%11, %12) : f32[N, 64]
//   partial statistics of %14, %16 per row tile -> train_step.buf1
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_1_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> out_train_step_buf0: array<f32>;
@group(0) @binding(4) var<storage, read> p_dense_1_bias: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf1: array<f32>;

fn epi(row: u32, col: u32, v: f32) -> vec4<f32> {
  let idx = row * 64u + col;
  out_train_step_buf0[idx] = v;
  let r0 = p_dense_1_bias[col];
  let e1 = (v + r0);
  return vec4<f32>(e1, e1, 0.0, 0.0);
}

// 8 rows x 128 columns per workgroup; 8 x 1 vec4 accumulators per invocation.
@compute @workgroup_size(32)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 20u;
  let P = 64u;
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
  // Statistics of each 8 rows for each column of this invocation: a sum, mean and squared deviations.
  let acc = array<vec4<f32>, 8>(s0_0, s1_0, s2_0, s3_0, s4_0, s5_0, s6_0, s7_0);
  var n = 0.0;
  var sum0_0 = 0.0;
  var sum0_1 = 0.0;
  var sum0_2 = 0.0;
  var sum0_3 = 0.0;
  var mu1_0 = 0.0;
  var m21_0 = 0.0;
  var mu1_1 = 0.0;
  var m21_1 = 0.0;
  var mu1_2 = 0.0;
  var m21_2 = 0.0;
  var mu1_3 = 0.0;
  var m21_3 = 0.0;
  let rows = min(8u, M - row0);
  for (var r = 0u; r < rows; r++) {
    let row = row0 + r;
    n = n + 1.0;
    if (j0 + 0u < P) {
      let x = epi(row, j0 + 0u, acc[r * 1u + 0u][0]);
      sum0_0 = sum0_0 + x[0];
      let d1 = x[1] - mu1_0;
      mu1_0 = mu1_0 + d1 / n;
      m21_0 = m21_0 + d1 * (x[1] - mu1_0);
    }
    if (j0 + 1u < P) {
      let x = epi(row, j0 + 1u, acc[r * 1u + 0u][1]);
      sum0_1 = sum0_1 + x[0];
      let d1 = x[1] - mu1_1;
      mu1_1 = mu1_1 + d1 / n;
      m21_1 = m21_1 + d1 * (x[1] - mu1_1);
    }
    if (j0 + 2u < P) {
      let x = epi(row, j0 + 2u, acc[r * 1u + 0u][2]);
      sum0_2 = sum0_2 + x[0];
      let d1 = x[1] - mu1_2;
      mu1_2 = mu1_2 + d1 / n;
      m21_2 = m21_2 + d1 * (x[1] - mu1_2);
    }
    if (j0 + 3u < P) {
      let x = epi(row, j0 + 3u, acc[r * 1u + 0u][3]);
      sum0_3 = sum0_3 + x[0];
      let d1 = x[1] - mu1_3;
      mu1_3 = mu1_3 + d1 / n;
      m21_3 = m21_3 + d1 * (x[1] - mu1_3);
    }
    if (r % 8u == 7u || row + 1u == M) {
      let tile = row / 8u;
      if (j0 + 0u < P) {
        out_train_step_buf1[(tile * 3u + 0u) * P + j0 + 0u] = sum0_0;
        out_train_step_buf1[(tile * 3u + 1u) * P + j0 + 0u] = mu1_0;
        out_train_step_buf1[(tile * 3u + 2u) * P + j0 + 0u] = m21_0;
      }
      if (j0 + 1u < P) {
        out_train_step_buf1[(tile * 3u + 0u) * P + j0 + 1u] = sum0_1;
        out_train_step_buf1[(tile * 3u + 1u) * P + j0 + 1u] = mu1_1;
        out_train_step_buf1[(tile * 3u + 2u) * P + j0 + 1u] = m21_1;
      }
      if (j0 + 2u < P) {
        out_train_step_buf1[(tile * 3u + 0u) * P + j0 + 2u] = sum0_2;
        out_train_step_buf1[(tile * 3u + 1u) * P + j0 + 2u] = mu1_2;
        out_train_step_buf1[(tile * 3u + 2u) * P + j0 + 2u] = m21_2;
      }
      if (j0 + 3u < P) {
        out_train_step_buf1[(tile * 3u + 0u) * P + j0 + 3u] = sum0_3;
        out_train_step_buf1[(tile * 3u + 1u) * P + j0 + 3u] = mu1_3;
        out_train_step_buf1[(tile * 3u + 2u) * P + j0 + 3u] = m21_3;
      }
      n = 0.0;
      sum0_0 = 0.0;
      sum0_1 = 0.0;
      sum0_2 = 0.0;
      sum0_3 = 0.0;
      mu1_0 = 0.0;
      m21_0 = 0.0;
      mu1_1 = 0.0;
      m21_1 = 0.0;
      mu1_2 = 0.0;
      m21_2 = 0.0;
      mu1_3 = 0.0;
      m21_3 = 0.0;
    }
  }
}

// ===== train_step.k6_mean =====
// kernel 6 (reduction + epilogue): %14, %16, %312, %316
//   %14 = mean(%13) : f32[64] -> train_step.buf2
//   %16 = variance(%13) : f32[64] -> train_step.buf3
//   inline %309 = mul(%307, %308) : f32[64]
//   inline %311 = mul(%14, %310) : f32[64]
//   %312 = add(%309, %311) : f32[64] -> batch_norm_1.moving_mean
//   inline %314 = mul(%313, %308) : f32[64]
//   inline %315 = mul(%16, %310) : f32[64]
//   %316 = add(%314, %315) : f32[64] -> batch_norm_1.moving_variance
//   (reductions finished from the partial statistics of %11's kernel in train_step.buf1)
//   totals.nonfinite := 1 where %312, %316 hold NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf1: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_batch_norm_1_moving_mean: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_batch_norm_1_moving_variance: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_train_step_buf2: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf3: array<f32>;
@group(0) @binding(6) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

// One invocation per column: merges the 8-row tiles' partial statistics written by the matmul kernel.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 64u) { return; }
  let M = dims.N;
  let P = 64u;
  let T = (M + 7u) / 8u;
  var n = 0.0;
  var sum0 = 0.0;
  var mu1 = 0.0;
  var m21 = 0.0;
  for (var t = 0u; t < T; t++) {
    let nt = f32(min(8u, M - t * 8u));
    let nn = n + nt;
    sum0 = sum0 + v_train_step_buf1[(t * 3u + 0u) * P + i];
    let d1 = v_train_step_buf1[(t * 3u + 1u) * P + i] - mu1;
    mu1 = mu1 + d1 * (nt / nn);
    m21 = m21 + v_train_step_buf1[(t * 3u + 2u) * P + i] + d1 * d1 * (n * nt / nn);
    n = nn;
  }
  let e0 = sum0 / f32(M);
  let e1 = m21 / f32(M);
  let r2 = p_batch_norm_1_moving_mean[i];
  let e3 = (r2 * 0.99);
  let e4 = (e0 * 0.010000000000000009);
  let e5 = (e3 + e4);
  let r6 = p_batch_norm_1_moving_variance[i];
  let e7 = (r6 * 0.99);
  let e8 = (e1 * 0.010000000000000009);
  let e9 = (e7 + e8);
  out_train_step_buf2[i] = e0;
  out_train_step_buf3[i] = e1;
  p_batch_norm_1_moving_mean[i] = e5;
  p_batch_norm_1_moving_variance[i] = e9;
  if ((bitcast<u32>(f32(e5)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  if ((bitcast<u32>(f32(e9)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
}

// ===== train_step.k6_mean, variant for hardware GPUs =====
// kernel 6 (reduction + epilogue): %14, %16, %312, %316
//   %14 = mean(%13) : f32[64] -> train_step.buf2
//   %16 = variance(%13) : f32[64] -> train_step.buf3
//   inline %309 = mul(%307, %308) : f32[64]
//   inline %311 = mul(%14, %310) : f32[64]
//   %312 = add(%309, %311) : f32[64] -> batch_norm_1.moving_mean
//   inline %314 = mul(%313, %308) : f32[64]
//   inline %315 = mul(%16, %310) : f32[64]
//   %316 = add(%314, %315) : f32[64] -> batch_norm_1.moving_variance
//   (reductions finished from the partial statistics of %11's kernel in train_step.buf1)
//   totals.nonfinite := 1 where %312, %316 hold NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf1: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_batch_norm_1_moving_mean: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_batch_norm_1_moving_variance: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_train_step_buf2: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf3: array<f32>;
@group(0) @binding(6) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

var<workgroup> part0: array<f32, 256>;
var<workgroup> part1: array<f32, 256>;
var<workgroup> partMu1: array<f32, 256>;
var<workgroup> partN1: array<f32, 256>;

// GPU form: 8 columns per workgroup, each merged by 32 invocations (tiles slice, slice + 32, ...), then a tree in workgroup memory.
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let o = wid.x * 8u + lid.x % 8u;
  let slice = lid.x / 8u;
  // Past the last output: clamped loads, no store (every invocation reaches the barriers).
  let i = min(o, 63u);
  let M = dims.N;
  let P = 64u;
  let T = (M + 7u) / 8u;
  var n = 0.0;
  var sum0 = 0.0;
  var mu1 = 0.0;
  var m21 = 0.0;
  for (var t = slice; t < T; t += 32u) {
    let nt = f32(min(8u, M - t * 8u));
    let nn = n + nt;
    sum0 = sum0 + v_train_step_buf1[(t * 3u + 0u) * P + i];
    let d1 = v_train_step_buf1[(t * 3u + 1u) * P + i] - mu1;
    mu1 = mu1 + d1 * (nt / nn);
    m21 = m21 + v_train_step_buf1[(t * 3u + 2u) * P + i] + d1 * d1 * (n * nt / nn);
    n = nn;
  }
  part0[lid.x] = sum0;
  part1[lid.x] = m21;
  partMu1[lid.x] = mu1;
  partN1[lid.x] = n;
  workgroupBarrier();
  for (var s = 16u; s > 0u; s = s >> 1u) {
    if (slice < s) {
      part0[lid.x] = part0[lid.x] + part0[lid.x + s * 8u];
      {
        let na = partN1[lid.x];
        let nb = partN1[lid.x + s * 8u];
        let nn = na + nb;
        if (nb > 0.0) {
          let d = partMu1[lid.x + s * 8u] - partMu1[lid.x];
          partMu1[lid.x] = partMu1[lid.x] + d * (nb / nn);
          part1[lid.x] = part1[lid.x] + part1[lid.x + s * 8u] + d * d * (na * nb / nn);
          partN1[lid.x] = nn;
        }
      }
    }
    workgroupBarrier();
  }
  if (slice == 0u && o < 64u) {
    sum0 = part0[lid.x];
    m21 = part1[lid.x];
    let e0 = sum0 / f32(M);
    let e1 = m21 / f32(M);
    let r2 = p_batch_norm_1_moving_mean[i];
    let e3 = (r2 * 0.99);
    let e4 = (e0 * 0.010000000000000009);
    let e5 = (e3 + e4);
    let r6 = p_batch_norm_1_moving_variance[i];
    let e7 = (r6 * 0.99);
    let e8 = (e1 * 0.010000000000000009);
    let e9 = (e7 + e8);
    out_train_step_buf2[i] = e0;
    out_train_step_buf3[i] = e1;
    p_batch_norm_1_moving_mean[i] = e5;
    p_batch_norm_1_moving_variance[i] = e9;
    if ((bitcast<u32>(f32(e5)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
    if ((bitcast<u32>(f32(e9)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
}

// ===== train_step.k7_elementwise =====
// kernel 7 (elementwise): %20
//   inline %13 = add(%11, %12) : f32[N, 64]
//   inline %15 = sub(%13, %14) : f32[N, 64]
//   inline %18 = add(%16, %17) : f32[64]
//   inline %19 = sqrt(%18) : f32[64]
//   %20 = div(%15, %19) : f32[N, 64] -> train_step.buf1
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf0: array<f32>;
@group(0) @binding(2) var<storage, read> p_dense_1_bias: array<f32>;
@group(0) @binding(3) var<storage, read> v_train_step_buf2: array<f32>;
@group(0) @binding(4) var<storage, read> v_train_step_buf3: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf1: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 64u)) { return; }
  let r0 = v_train_step_buf0[i];
  let c1 = (i / 64u);
  let c2 = i % 64u;
  let r3 = p_dense_1_bias[c2];
  let e4 = (r0 + r3);
  let r5 = v_train_step_buf2[c2];
  let e6 = (e4 - r5);
  let r7 = v_train_step_buf3[c2];
  let e8 = (r7 + 0.001);
  let e9 = sqrt(e8);
  let e10 = (e6 / e9);
  out_train_step_buf1[i] = e10;
}

// ===== train_step.k8_elementwise =====
// kernel 8 (elementwise): %28
//   inline %22 = mul(%20, %21) : f32[N, 64]
//   inline %24 = add(%22, %23) : f32[N, 64]
//   inline %25 = relu(%24) : f32[N, 64]
//   inline %27 = dropout_mask(%25, %26) : f32[N, 64]
//   %28 = mul(%25, %27) : f32[N, 64] -> train_step.buf4
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf1: array<f32>;
@group(0) @binding(2) var<storage, read> p_batch_norm_1_gamma: array<f32>;
@group(0) @binding(3) var<storage, read> p_batch_norm_1_beta: array<f32>;
@group(0) @binding(4) var<storage, read> p_optimizer_step: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf4: array<f32>;

fn mix_u32(x: u32) -> u32 {
  var h = x;
  h ^= h >> 16u;
  h *= 0x7feb352du;
  h ^= h >> 15u;
  h *= 0x846ca68bu;
  h ^= h >> 16u;
  return h;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 64u)) { return; }
  let r0 = v_train_step_buf1[i];
  let c1 = (i / 64u);
  let c2 = i % 64u;
  let r3 = p_batch_norm_1_gamma[c2];
  let e4 = (r0 * r3);
  let r5 = p_batch_norm_1_beta[c2];
  let e6 = (e4 + r5);
  let e7 = max(e6, 0.0);
  let r8 = p_optimizer_step[0u];
  let h9 = mix_u32(1u ^ mix_u32(0u ^ mix_u32(u32(r8))));
  let e10 = select(0.0, 1.4285714285714286, mix_u32(i ^ h9) >= 1288490188u);
  let e11 = (e7 * e10);
  out_train_step_buf4[i] = e11;
}

// ===== train_step.k9_matmul =====
// kernel 9 (matmul): %30
//   %30 = matmul(%28, %29) : f32[N, 32] -> train_step.buf5
//   inline %32 = add(%30, %31) : f32[N, 32]
//   partial statistics of %33, %35 per row tile -> train_step.buf6
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_2_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> out_train_step_buf5: array<f32>;
@group(0) @binding(4) var<storage, read> p_dense_2_bias: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf6: array<f32>;

fn epi(row: u32, col: u32, v: f32) -> vec4<f32> {
  let idx = row * 32u + col;
  out_train_step_buf5[idx] = v;
  let r0 = p_dense_2_bias[col];
  let e1 = (v + r0);
  return vec4<f32>(e1, e1, 0.0, 0.0);
}

// 8 rows x 32 columns per workgroup; 8 x 1 vec4 accumulators per invocation.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 64u;
  let P = 32u;
  let row0 = wid.y * 8u;
  let j0 = (wid.x * 8u + 0u + lid.x) * 4u;
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
    let a0 = v_train_step_buf4[(ra0 + t) / 4u];
    let a1 = v_train_step_buf4[(ra1 + t) / 4u];
    let a2 = v_train_step_buf4[(ra2 + t) / 4u];
    let a3 = v_train_step_buf4[(ra3 + t) / 4u];
    let a4 = v_train_step_buf4[(ra4 + t) / 4u];
    let a5 = v_train_step_buf4[(ra5 + t) / 4u];
    let a6 = v_train_step_buf4[(ra6 + t) / 4u];
    let a7 = v_train_step_buf4[(ra7 + t) / 4u];
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
  // Statistics of each 8 rows for each column of this invocation: a sum, mean and squared deviations.
  let acc = array<vec4<f32>, 8>(s0_0, s1_0, s2_0, s3_0, s4_0, s5_0, s6_0, s7_0);
  var n = 0.0;
  var sum0_0 = 0.0;
  var sum0_1 = 0.0;
  var sum0_2 = 0.0;
  var sum0_3 = 0.0;
  var mu1_0 = 0.0;
  var m21_0 = 0.0;
  var mu1_1 = 0.0;
  var m21_1 = 0.0;
  var mu1_2 = 0.0;
  var m21_2 = 0.0;
  var mu1_3 = 0.0;
  var m21_3 = 0.0;
  let rows = min(8u, M - row0);
  for (var r = 0u; r < rows; r++) {
    let row = row0 + r;
    n = n + 1.0;
    if (j0 + 0u < P) {
      let x = epi(row, j0 + 0u, acc[r * 1u + 0u][0]);
      sum0_0 = sum0_0 + x[0];
      let d1 = x[1] - mu1_0;
      mu1_0 = mu1_0 + d1 / n;
      m21_0 = m21_0 + d1 * (x[1] - mu1_0);
    }
    if (j0 + 1u < P) {
      let x = epi(row, j0 + 1u, acc[r * 1u + 0u][1]);
      sum0_1 = sum0_1 + x[0];
      let d1 = x[1] - mu1_1;
      mu1_1 = mu1_1 + d1 / n;
      m21_1 = m21_1 + d1 * (x[1] - mu1_1);
    }
    if (j0 + 2u < P) {
      let x = epi(row, j0 + 2u, acc[r * 1u + 0u][2]);
      sum0_2 = sum0_2 + x[0];
      let d1 = x[1] - mu1_2;
      mu1_2 = mu1_2 + d1 / n;
      m21_2 = m21_2 + d1 * (x[1] - mu1_2);
    }
    if (j0 + 3u < P) {
      let x = epi(row, j0 + 3u, acc[r * 1u + 0u][3]);
      sum0_3 = sum0_3 + x[0];
      let d1 = x[1] - mu1_3;
      mu1_3 = mu1_3 + d1 / n;
      m21_3 = m21_3 + d1 * (x[1] - mu1_3);
    }
    if (r % 8u == 7u || row + 1u == M) {
      let tile = row / 8u;
      if (j0 + 0u < P) {
        out_train_step_buf6[(tile * 3u + 0u) * P + j0 + 0u] = sum0_0;
        out_train_step_buf6[(tile * 3u + 1u) * P + j0 + 0u] = mu1_0;
        out_train_step_buf6[(tile * 3u + 2u) * P + j0 + 0u] = m21_0;
      }
      if (j0 + 1u < P) {
        out_train_step_buf6[(tile * 3u + 0u) * P + j0 + 1u] = sum0_1;
        out_train_step_buf6[(tile * 3u + 1u) * P + j0 + 1u] = mu1_1;
        out_train_step_buf6[(tile * 3u + 2u) * P + j0 + 1u] = m21_1;
      }
      if (j0 + 2u < P) {
        out_train_step_buf6[(tile * 3u + 0u) * P + j0 + 2u] = sum0_2;
        out_train_step_buf6[(tile * 3u + 1u) * P + j0 + 2u] = mu1_2;
        out_train_step_buf6[(tile * 3u + 2u) * P + j0 + 2u] = m21_2;
      }
      if (j0 + 3u < P) {
        out_train_step_buf6[(tile * 3u + 0u) * P + j0 + 3u] = sum0_3;
        out_train_step_buf6[(tile * 3u + 1u) * P + j0 + 3u] = mu1_3;
        out_train_step_buf6[(tile * 3u + 2u) * P + j0 + 3u] = m21_3;
      }
      n = 0.0;
      sum0_0 = 0.0;
      sum0_1 = 0.0;
      sum0_2 = 0.0;
      sum0_3 = 0.0;
      mu1_0 = 0.0;
      m21_0 = 0.0;
      mu1_1 = 0.0;
      m21_1 = 0.0;
      mu1_2 = 0.0;
      m21_2 = 0.0;
      mu1_3 = 0.0;
      m21_3 = 0.0;
    }
  }
}

// ===== train_step.k9_matmul, variant for subgroups of 8 =====
enable subgroups;
// kernel 9 (matmul): %30
//   %30 = matmul(%28, %29) : f32[N, 32] -> train_step.buf5
//   inline %32 = add(%30, %31) : f32[N, 32]
//   partial statistics of %33, %35 per row tile -> train_step.buf6
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_2_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> out_train_step_buf5: array<f32>;
@group(0) @binding(4) var<storage, read> p_dense_2_bias: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf6: array<f32>;

fn epi(row: u32, col: u32, v: f32) -> vec4<f32> {
  let idx = row * 32u + col;
  out_train_step_buf5[idx] = v;
  let r0 = p_dense_2_bias[col];
  let e1 = (v + r0);
  return vec4<f32>(e1, e1, 0.0, 0.0);
}

// 16 rows x 32 columns per workgroup; 16 x 1 vec4 accumulators per invocation.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(subgroup_invocation_id) sid: u32) {
  let M = dims.N;
  let K = 64u;
  let P = 32u;
  let row0 = wid.y * 16u;
  let j0 = (wid.x * 8u + 0u + lid.x) * 4u;
  // Each lane loads the row operand for 2 rows; subgroupBroadcast hands them to the others.
  let la0 = min(row0 + 0u + sid, M - 1u) * K;
  let la1 = min(row0 + 8u + sid, M - 1u) * K;
  let jq0 = min(j0 / 4u, P / 4u - 1u);
  var s0_0 = vec4<f32>(0.0);
  var s1_0 = vec4<f32>(0.0);
  var s2_0 = vec4<f32>(0.0);
  var s3_0 = vec4<f32>(0.0);
  var s4_0 = vec4<f32>(0.0);
  var s5_0 = vec4<f32>(0.0);
  var s6_0 = vec4<f32>(0.0);
  var s7_0 = vec4<f32>(0.0);
  var s8_0 = vec4<f32>(0.0);
  var s9_0 = vec4<f32>(0.0);
  var s10_0 = vec4<f32>(0.0);
  var s11_0 = vec4<f32>(0.0);
  var s12_0 = vec4<f32>(0.0);
  var s13_0 = vec4<f32>(0.0);
  var s14_0 = vec4<f32>(0.0);
  var s15_0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let my0 = v_train_step_buf4[(la0 + t) / 4u];
    let my1 = v_train_step_buf4[(la1 + t) / 4u];
    let a0_0 = subgroupBroadcast(my0[0], 0u);
    let a1_0 = subgroupBroadcast(my0[0], 1u);
    let a2_0 = subgroupBroadcast(my0[0], 2u);
    let a3_0 = subgroupBroadcast(my0[0], 3u);
    let a4_0 = subgroupBroadcast(my0[0], 4u);
    let a5_0 = subgroupBroadcast(my0[0], 5u);
    let a6_0 = subgroupBroadcast(my0[0], 6u);
    let a7_0 = subgroupBroadcast(my0[0], 7u);
    let a8_0 = subgroupBroadcast(my1[0], 0u);
    let a9_0 = subgroupBroadcast(my1[0], 1u);
    let a10_0 = subgroupBroadcast(my1[0], 2u);
    let a11_0 = subgroupBroadcast(my1[0], 3u);
    let a12_0 = subgroupBroadcast(my1[0], 4u);
    let a13_0 = subgroupBroadcast(my1[0], 5u);
    let a14_0 = subgroupBroadcast(my1[0], 6u);
    let a15_0 = subgroupBroadcast(my1[0], 7u);
    let a0_1 = subgroupBroadcast(my0[1], 0u);
    let a1_1 = subgroupBroadcast(my0[1], 1u);
    let a2_1 = subgroupBroadcast(my0[1], 2u);
    let a3_1 = subgroupBroadcast(my0[1], 3u);
    let a4_1 = subgroupBroadcast(my0[1], 4u);
    let a5_1 = subgroupBroadcast(my0[1], 5u);
    let a6_1 = subgroupBroadcast(my0[1], 6u);
    let a7_1 = subgroupBroadcast(my0[1], 7u);
    let a8_1 = subgroupBroadcast(my1[1], 0u);
    let a9_1 = subgroupBroadcast(my1[1], 1u);
    let a10_1 = subgroupBroadcast(my1[1], 2u);
    let a11_1 = subgroupBroadcast(my1[1], 3u);
    let a12_1 = subgroupBroadcast(my1[1], 4u);
    let a13_1 = subgroupBroadcast(my1[1], 5u);
    let a14_1 = subgroupBroadcast(my1[1], 6u);
    let a15_1 = subgroupBroadcast(my1[1], 7u);
    let a0_2 = subgroupBroadcast(my0[2], 0u);
    let a1_2 = subgroupBroadcast(my0[2], 1u);
    let a2_2 = subgroupBroadcast(my0[2], 2u);
    let a3_2 = subgroupBroadcast(my0[2], 3u);
    let a4_2 = subgroupBroadcast(my0[2], 4u);
    let a5_2 = subgroupBroadcast(my0[2], 5u);
    let a6_2 = subgroupBroadcast(my0[2], 6u);
    let a7_2 = subgroupBroadcast(my0[2], 7u);
    let a8_2 = subgroupBroadcast(my1[2], 0u);
    let a9_2 = subgroupBroadcast(my1[2], 1u);
    let a10_2 = subgroupBroadcast(my1[2], 2u);
    let a11_2 = subgroupBroadcast(my1[2], 3u);
    let a12_2 = subgroupBroadcast(my1[2], 4u);
    let a13_2 = subgroupBroadcast(my1[2], 5u);
    let a14_2 = subgroupBroadcast(my1[2], 6u);
    let a15_2 = subgroupBroadcast(my1[2], 7u);
    let a0_3 = subgroupBroadcast(my0[3], 0u);
    let a1_3 = subgroupBroadcast(my0[3], 1u);
    let a2_3 = subgroupBroadcast(my0[3], 2u);
    let a3_3 = subgroupBroadcast(my0[3], 3u);
    let a4_3 = subgroupBroadcast(my0[3], 4u);
    let a5_3 = subgroupBroadcast(my0[3], 5u);
    let a6_3 = subgroupBroadcast(my0[3], 6u);
    let a7_3 = subgroupBroadcast(my0[3], 7u);
    let a8_3 = subgroupBroadcast(my1[3], 0u);
    let a9_3 = subgroupBroadcast(my1[3], 1u);
    let a10_3 = subgroupBroadcast(my1[3], 2u);
    let a11_3 = subgroupBroadcast(my1[3], 3u);
    let a12_3 = subgroupBroadcast(my1[3], 4u);
    let a13_3 = subgroupBroadcast(my1[3], 5u);
    let a14_3 = subgroupBroadcast(my1[3], 6u);
    let a15_3 = subgroupBroadcast(my1[3], 7u);
    let b0_0 = p_dense_2_kernel[(t) * (P / 4u) + jq0];
    let b0_1 = p_dense_2_kernel[(t + 1u) * (P / 4u) + jq0];
    let b0_2 = p_dense_2_kernel[(t + 2u) * (P / 4u) + jq0];
    let b0_3 = p_dense_2_kernel[(t + 3u) * (P / 4u) + jq0];
    s0_0 += a0_0 * b0_0;
    s1_0 += a1_0 * b0_0;
    s2_0 += a2_0 * b0_0;
    s3_0 += a3_0 * b0_0;
    s4_0 += a4_0 * b0_0;
    s5_0 += a5_0 * b0_0;
    s6_0 += a6_0 * b0_0;
    s7_0 += a7_0 * b0_0;
    s8_0 += a8_0 * b0_0;
    s9_0 += a9_0 * b0_0;
    s10_0 += a10_0 * b0_0;
    s11_0 += a11_0 * b0_0;
    s12_0 += a12_0 * b0_0;
    s13_0 += a13_0 * b0_0;
    s14_0 += a14_0 * b0_0;
    s15_0 += a15_0 * b0_0;
    s0_0 += a0_1 * b0_1;
    s1_0 += a1_1 * b0_1;
    s2_0 += a2_1 * b0_1;
    s3_0 += a3_1 * b0_1;
    s4_0 += a4_1 * b0_1;
    s5_0 += a5_1 * b0_1;
    s6_0 += a6_1 * b0_1;
    s7_0 += a7_1 * b0_1;
    s8_0 += a8_1 * b0_1;
    s9_0 += a9_1 * b0_1;
    s10_0 += a10_1 * b0_1;
    s11_0 += a11_1 * b0_1;
    s12_0 += a12_1 * b0_1;
    s13_0 += a13_1 * b0_1;
    s14_0 += a14_1 * b0_1;
    s15_0 += a15_1 * b0_1;
    s0_0 += a0_2 * b0_2;
    s1_0 += a1_2 * b0_2;
    s2_0 += a2_2 * b0_2;
    s3_0 += a3_2 * b0_2;
    s4_0 += a4_2 * b0_2;
    s5_0 += a5_2 * b0_2;
    s6_0 += a6_2 * b0_2;
    s7_0 += a7_2 * b0_2;
    s8_0 += a8_2 * b0_2;
    s9_0 += a9_2 * b0_2;
    s10_0 += a10_2 * b0_2;
    s11_0 += a11_2 * b0_2;
    s12_0 += a12_2 * b0_2;
    s13_0 += a13_2 * b0_2;
    s14_0 += a14_2 * b0_2;
    s15_0 += a15_2 * b0_2;
    s0_0 += a0_3 * b0_3;
    s1_0 += a1_3 * b0_3;
    s2_0 += a2_3 * b0_3;
    s3_0 += a3_3 * b0_3;
    s4_0 += a4_3 * b0_3;
    s5_0 += a5_3 * b0_3;
    s6_0 += a6_3 * b0_3;
    s7_0 += a7_3 * b0_3;
    s8_0 += a8_3 * b0_3;
    s9_0 += a9_3 * b0_3;
    s10_0 += a10_3 * b0_3;
    s11_0 += a11_3 * b0_3;
    s12_0 += a12_3 * b0_3;
    s13_0 += a13_3 * b0_3;
    s14_0 += a14_3 * b0_3;
    s15_0 += a15_3 * b0_3;
  }
  // Statistics of each 8 rows for each column of this invocation: a sum, mean and squared deviations.
  let acc = array<vec4<f32>, 16>(s0_0, s1_0, s2_0, s3_0, s4_0, s5_0, s6_0, s7_0, s8_0, s9_0, s10_0, s11_0, s12_0, s13_0, s14_0, s15_0);
  var n = 0.0;
  var sum0_0 = 0.0;
  var sum0_1 = 0.0;
  var sum0_2 = 0.0;
  var sum0_3 = 0.0;
  var mu1_0 = 0.0;
  var m21_0 = 0.0;
  var mu1_1 = 0.0;
  var m21_1 = 0.0;
  var mu1_2 = 0.0;
  var m21_2 = 0.0;
  var mu1_3 = 0.0;
  var m21_3 = 0.0;
  let rows = min(16u, M - row0);
  for (var r = 0u; r < rows; r++) {
    let row = row0 + r;
    n = n + 1.0;
    if (j0 + 0u < P) {
      let x = epi(row, j0 + 0u, acc[r * 1u + 0u][0]);
      sum0_0 = sum0_0 + x[0];
      let d1 = x[1] - mu1_0;
      mu1_0 = mu1_0 + d1 / n;
      m21_0 = m21_0 + d1 * (x[1] - mu1_0);
    }
    if (j0 + 1u < P) {
      let x = epi(row, j0 + 1u, acc[r * 1u + 0u][1]);
      sum0_1 = sum0_1 + x[0];
      let d1 = x[1] - mu1_1;
      mu1_1 = mu1_1 + d1 / n;
      m21_1 = m21_1 + d1 * (x[1] - mu1_1);
    }
    if (j0 + 2u < P) {
      let x = epi(row, j0 + 2u, acc[r * 1u + 0u][2]);
      sum0_2 = sum0_2 + x[0];
      let d1 = x[1] - mu1_2;
      mu1_2 = mu1_2 + d1 / n;
      m21_2 = m21_2 + d1 * (x[1] - mu1_2);
    }
    if (j0 + 3u < P) {
      let x = epi(row, j0 + 3u, acc[r * 1u + 0u][3]);
      sum0_3 = sum0_3 + x[0];
      let d1 = x[1] - mu1_3;
      mu1_3 = mu1_3 + d1 / n;
      m21_3 = m21_3 + d1 * (x[1] - mu1_3);
    }
    if (r % 8u == 7u || row + 1u == M) {
      let tile = row / 8u;
      if (j0 + 0u < P) {
        out_train_step_buf6[(tile * 3u + 0u) * P + j0 + 0u] = sum0_0;
        out_train_step_buf6[(tile * 3u + 1u) * P + j0 + 0u] = mu1_0;
        out_train_step_buf6[(tile * 3u + 2u) * P + j0 + 0u] = m21_0;
      }
      if (j0 + 1u < P) {
        out_train_step_buf6[(tile * 3u + 0u) * P + j0 + 1u] = sum0_1;
        out_train_step_buf6[(tile * 3u + 1u) * P + j0 + 1u] = mu1_1;
        out_train_step_buf6[(tile * 3u + 2u) * P + j0 + 1u] = m21_1;
      }
      if (j0 + 2u < P) {
        out_train_step_buf6[(tile * 3u + 0u) * P + j0 + 2u] = sum0_2;
        out_train_step_buf6[(tile * 3u + 1u) * P + j0 + 2u] = mu1_2;
        out_train_step_buf6[(tile * 3u + 2u) * P + j0 + 2u] = m21_2;
      }
      if (j0 + 3u < P) {
        out_train_step_buf6[(tile * 3u + 0u) * P + j0 + 3u] = sum0_3;
        out_train_step_buf6[(tile * 3u + 1u) * P + j0 + 3u] = mu1_3;
        out_train_step_buf6[(tile * 3u + 2u) * P + j0 + 3u] = m21_3;
      }
      n = 0.0;
      sum0_0 = 0.0;
      sum0_1 = 0.0;
      sum0_2 = 0.0;
      sum0_3 = 0.0;
      mu1_0 = 0.0;
      m21_0 = 0.0;
      mu1_1 = 0.0;
      m21_1 = 0.0;
      mu1_2 = 0.0;
      m21_2 = 0.0;
      mu1_3 = 0.0;
      m21_3 = 0.0;
    }
  }
}

// ===== train_step.k9_matmul, variant for hardware GPUs =====
// kernel 9 (matmul): %30
//   %30 = matmul(%28, %29) : f32[N, 32] -> train_step.buf5
//   inline %32 = add(%30, %31) : f32[N, 32]
//   partial statistics of %33, %35 per row tile -> train_step.buf6
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_2_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> out_train_step_buf5: array<f32>;
@group(0) @binding(4) var<storage, read> p_dense_2_bias: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf6: array<f32>;

fn epi(row: u32, col: u32, v: f32) -> vec4<f32> {
  let idx = row * 32u + col;
  out_train_step_buf5[idx] = v;
  let r0 = p_dense_2_bias[col];
  let e1 = (v + r0);
  return vec4<f32>(e1, e1, 0.0, 0.0);
}

var<workgroup> kparts: array<vec4<f32>, 256>;

// 8 rows x 128 columns per workgroup; 8 x 1 vec4 accumulators per invocation; the contraction split over 2 slices of 32 invocations.
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 64u;
  let P = 32u;
  let row0 = wid.y * 8u;
  let lane = lid.x % 32u;
  let slice = lid.x / 32u;
  let j0 = (wid.x * 32u + 0u + lane) * 4u;
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
  let kc = (K + 7u) / 8u * 4u;
  let kb = min(slice * kc, K);
  let ke = min(kb + kc, K);
  var t = kb;
  for (; t + 4u <= ke; t += 4u) {
    let a0 = v_train_step_buf4[(ra0 + t) / 4u];
    let a1 = v_train_step_buf4[(ra1 + t) / 4u];
    let a2 = v_train_step_buf4[(ra2 + t) / 4u];
    let a3 = v_train_step_buf4[(ra3 + t) / 4u];
    let a4 = v_train_step_buf4[(ra4 + t) / 4u];
    let a5 = v_train_step_buf4[(ra5 + t) / 4u];
    let a6 = v_train_step_buf4[(ra6 + t) / 4u];
    let a7 = v_train_step_buf4[(ra7 + t) / 4u];
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
  // Slices 1.. hand their partial sums to slice 0 and stop; slice 0 adds them and runs the epilogue.
  if (slice != 0u) {
    kparts[((slice - 1u) * 8u + 0u) * 32u + lane] = s0_0;
    kparts[((slice - 1u) * 8u + 1u) * 32u + lane] = s1_0;
    kparts[((slice - 1u) * 8u + 2u) * 32u + lane] = s2_0;
    kparts[((slice - 1u) * 8u + 3u) * 32u + lane] = s3_0;
    kparts[((slice - 1u) * 8u + 4u) * 32u + lane] = s4_0;
    kparts[((slice - 1u) * 8u + 5u) * 32u + lane] = s5_0;
    kparts[((slice - 1u) * 8u + 6u) * 32u + lane] = s6_0;
    kparts[((slice - 1u) * 8u + 7u) * 32u + lane] = s7_0;
  }
  workgroupBarrier();
  if (slice != 0u) { return; }
  for (var k = 0u; k < 1u; k++) {
    s0_0 += kparts[(k * 8u + 0u) * 32u + lane];
    s1_0 += kparts[(k * 8u + 1u) * 32u + lane];
    s2_0 += kparts[(k * 8u + 2u) * 32u + lane];
    s3_0 += kparts[(k * 8u + 3u) * 32u + lane];
    s4_0 += kparts[(k * 8u + 4u) * 32u + lane];
    s5_0 += kparts[(k * 8u + 5u) * 32u + lane];
    s6_0 += kparts[(k * 8u + 6u) * 32u + lane];
    s7_0 += kparts[(k * 8u + 7u) * 32u + lane];
  }
  // Statistics of each 8 rows for each column of this invocation: a sum, mean and squared deviations.
  let acc = array<vec4<f32>, 8>(s0_0, s1_0, s2_0, s3_0, s4_0, s5_0, s6_0, s7_0);
  var n = 0.0;
  var sum0_0 = 0.0;
  var sum0_1 = 0.0;
  var sum0_2 = 0.0;
  var sum0_3 = 0.0;
  var mu1_0 = 0.0;
  var m21_0 = 0.0;
  var mu1_1 = 0.0;
  var m21_1 = 0.0;
  var mu1_2 = 0.0;
  var m21_2 = 0.0;
  var mu1_3 = 0.0;
  var m21_3 = 0.0;
  let rows = min(8u, M - row0);
  for (var r = 0u; r < rows; r++) {
    let row = row0 + r;
    n = n + 1.0;
    if (j0 + 0u < P) {
      let x = epi(row, j0 + 0u, acc[r * 1u + 0u][0]);
      sum0_0 = sum0_0 + x[0];
      let d1 = x[1] - mu1_0;
      mu1_0 = mu1_0 + d1 / n;
      m21_0 = m21_0 + d1 * (x[1] - mu1_0);
    }
    if (j0 + 1u < P) {
      let x = epi(row, j0 + 1u, acc[r * 1u + 0u][1]);
      sum0_1 = sum0_1 + x[0];
      let d1 = x[1] - mu1_1;
      mu1_1 = mu1_1 + d1 / n;
      m21_1 = m21_1 + d1 * (x[1] - mu1_1);
    }
    if (j0 + 2u < P) {
      let x = epi(row, j0 + 2u, acc[r * 1u + 0u][2]);
      sum0_2 = sum0_2 + x[0];
      let d1 = x[1] - mu1_2;
      mu1_2 = mu1_2 + d1 / n;
      m21_2 = m21_2 + d1 * (x[1] - mu1_2);
    }
    if (j0 + 3u < P) {
      let x = epi(row, j0 + 3u, acc[r * 1u + 0u][3]);
      sum0_3 = sum0_3 + x[0];
      let d1 = x[1] - mu1_3;
      mu1_3 = mu1_3 + d1 / n;
      m21_3 = m21_3 + d1 * (x[1] - mu1_3);
    }
    if (r % 8u == 7u || row + 1u == M) {
      let tile = row / 8u;
      if (j0 + 0u < P) {
        out_train_step_buf6[(tile * 3u + 0u) * P + j0 + 0u] = sum0_0;
        out_train_step_buf6[(tile * 3u + 1u) * P + j0 + 0u] = mu1_0;
        out_train_step_buf6[(tile * 3u + 2u) * P + j0 + 0u] = m21_0;
      }
      if (j0 + 1u < P) {
        out_train_step_buf6[(tile * 3u + 0u) * P + j0 + 1u] = sum0_1;
        out_train_step_buf6[(tile * 3u + 1u) * P + j0 + 1u] = mu1_1;
        out_train_step_buf6[(tile * 3u + 2u) * P + j0 + 1u] = m21_1;
      }
      if (j0 + 2u < P) {
        out_train_step_buf6[(tile * 3u + 0u) * P + j0 + 2u] = sum0_2;
        out_train_step_buf6[(tile * 3u + 1u) * P + j0 + 2u] = mu1_2;
        out_train_step_buf6[(tile * 3u + 2u) * P + j0 + 2u] = m21_2;
      }
      if (j0 + 3u < P) {
        out_train_step_buf6[(tile * 3u + 0u) * P + j0 + 3u] = sum0_3;
        out_train_step_buf6[(tile * 3u + 1u) * P + j0 + 3u] = mu1_3;
        out_train_step_buf6[(tile * 3u + 2u) * P + j0 + 3u] = m21_3;
      }
      n = 0.0;
      sum0_0 = 0.0;
      sum0_1 = 0.0;
      sum0_2 = 0.0;
      sum0_3 = 0.0;
      mu1_0 = 0.0;
      m21_0 = 0.0;
      mu1_1 = 0.0;
      m21_1 = 0.0;
      mu1_2 = 0.0;
      m21_2 = 0.0;
      mu1_3 = 0.0;
      m21_3 = 0.0;
    }
  }
}

// ===== train_step.k10_mean =====
// kernel 10 (reduction + epilogue): %33, %35, %320, %324
//   %33 = mean(%32) : f32[32] -> train_step.buf7
//   %35 = variance(%32) : f32[32] -> train_step.buf8
//   inline %318 = mul(%317, %308) : f32[32]
//   inline %319 = mul(%33, %310) : f32[32]
//   %320 = add(%318, %319) : f32[32] -> batch_norm_2.moving_mean
//   inline %322 = mul(%321, %308) : f32[32]
//   inline %323 = mul(%35, %310) : f32[32]
//   %324 = add(%322, %323) : f32[32] -> batch_norm_2.moving_variance
//   (reductions finished from the partial statistics of %30's kernel in train_step.buf6)
//   totals.nonfinite := 1 where %320, %324 hold NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf6: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_batch_norm_2_moving_mean: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_batch_norm_2_moving_variance: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_train_step_buf7: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf8: array<f32>;
@group(0) @binding(6) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

// One invocation per column: merges the 8-row tiles' partial statistics written by the matmul kernel.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 32u) { return; }
  let M = dims.N;
  let P = 32u;
  let T = (M + 7u) / 8u;
  var n = 0.0;
  var sum0 = 0.0;
  var mu1 = 0.0;
  var m21 = 0.0;
  for (var t = 0u; t < T; t++) {
    let nt = f32(min(8u, M - t * 8u));
    let nn = n + nt;
    sum0 = sum0 + v_train_step_buf6[(t * 3u + 0u) * P + i];
    let d1 = v_train_step_buf6[(t * 3u + 1u) * P + i] - mu1;
    mu1 = mu1 + d1 * (nt / nn);
    m21 = m21 + v_train_step_buf6[(t * 3u + 2u) * P + i] + d1 * d1 * (n * nt / nn);
    n = nn;
  }
  let e0 = sum0 / f32(M);
  let e1 = m21 / f32(M);
  let r2 = p_batch_norm_2_moving_mean[i];
  let e3 = (r2 * 0.99);
  let e4 = (e0 * 0.010000000000000009);
  let e5 = (e3 + e4);
  let r6 = p_batch_norm_2_moving_variance[i];
  let e7 = (r6 * 0.99);
  let e8 = (e1 * 0.010000000000000009);
  let e9 = (e7 + e8);
  out_train_step_buf7[i] = e0;
  out_train_step_buf8[i] = e1;
  p_batch_norm_2_moving_mean[i] = e5;
  p_batch_norm_2_moving_variance[i] = e9;
  if ((bitcast<u32>(f32(e5)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  if ((bitcast<u32>(f32(e9)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
}

// ===== train_step.k10_mean, variant for hardware GPUs =====
// kernel 10 (reduction + epilogue): %33, %35, %320, %324
//   %33 = mean(%32) : f32[32] -> train_step.buf7
//   %35 = variance(%32) : f32[32] -> train_step.buf8
//   inline %318 = mul(%317, %308) : f32[32]
//   inline %319 = mul(%33, %310) : f32[32]
//   %320 = add(%318, %319) : f32[32] -> batch_norm_2.moving_mean
//   inline %322 = mul(%321, %308) : f32[32]
//   inline %323 = mul(%35, %310) : f32[32]
//   %324 = add(%322, %323) : f32[32] -> batch_norm_2.moving_variance
//   (reductions finished from the partial statistics of %30's kernel in train_step.buf6)
//   totals.nonfinite := 1 where %320, %324 hold NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf6: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_batch_norm_2_moving_mean: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_batch_norm_2_moving_variance: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_train_step_buf7: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf8: array<f32>;
@group(0) @binding(6) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

var<workgroup> part0: array<f32, 256>;
var<workgroup> part1: array<f32, 256>;
var<workgroup> partMu1: array<f32, 256>;
var<workgroup> partN1: array<f32, 256>;

// GPU form: 8 columns per workgroup, each merged by 32 invocations (tiles slice, slice + 32, ...), then a tree in workgroup memory.
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let o = wid.x * 8u + lid.x % 8u;
  let slice = lid.x / 8u;
  // Past the last output: clamped loads, no store (every invocation reaches the barriers).
  let i = min(o, 31u);
  let M = dims.N;
  let P = 32u;
  let T = (M + 7u) / 8u;
  var n = 0.0;
  var sum0 = 0.0;
  var mu1 = 0.0;
  var m21 = 0.0;
  for (var t = slice; t < T; t += 32u) {
    let nt = f32(min(8u, M - t * 8u));
    let nn = n + nt;
    sum0 = sum0 + v_train_step_buf6[(t * 3u + 0u) * P + i];
    let d1 = v_train_step_buf6[(t * 3u + 1u) * P + i] - mu1;
    mu1 = mu1 + d1 * (nt / nn);
    m21 = m21 + v_train_step_buf6[(t * 3u + 2u) * P + i] + d1 * d1 * (n * nt / nn);
    n = nn;
  }
  part0[lid.x] = sum0;
  part1[lid.x] = m21;
  partMu1[lid.x] = mu1;
  partN1[lid.x] = n;
  workgroupBarrier();
  for (var s = 16u; s > 0u; s = s >> 1u) {
    if (slice < s) {
      part0[lid.x] = part0[lid.x] + part0[lid.x + s * 8u];
      {
        let na = partN1[lid.x];
        let nb = partN1[lid.x + s * 8u];
        let nn = na + nb;
        if (nb > 0.0) {
          let d = partMu1[lid.x + s * 8u] - partMu1[lid.x];
          partMu1[lid.x] = partMu1[lid.x] + d * (nb / nn);
          part1[lid.x] = part1[lid.x] + part1[lid.x + s * 8u] + d * d * (na * nb / nn);
          partN1[lid.x] = nn;
        }
      }
    }
    workgroupBarrier();
  }
  if (slice == 0u && o < 32u) {
    sum0 = part0[lid.x];
    m21 = part1[lid.x];
    let e0 = sum0 / f32(M);
    let e1 = m21 / f32(M);
    let r2 = p_batch_norm_2_moving_mean[i];
    let e3 = (r2 * 0.99);
    let e4 = (e0 * 0.010000000000000009);
    let e5 = (e3 + e4);
    let r6 = p_batch_norm_2_moving_variance[i];
    let e7 = (r6 * 0.99);
    let e8 = (e1 * 0.010000000000000009);
    let e9 = (e7 + e8);
    out_train_step_buf7[i] = e0;
    out_train_step_buf8[i] = e1;
    p_batch_norm_2_moving_mean[i] = e5;
    p_batch_norm_2_moving_variance[i] = e9;
    if ((bitcast<u32>(f32(e5)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
    if ((bitcast<u32>(f32(e9)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
}

// ===== train_step.k11_elementwise =====
// kernel 11 (elementwise): %38
//   inline %32 = add(%30, %31) : f32[N, 32]
//   inline %34 = sub(%32, %33) : f32[N, 32]
//   inline %36 = add(%35, %17) : f32[32]
//   inline %37 = sqrt(%36) : f32[32]
//   %38 = div(%34, %37) : f32[N, 32] -> train_step.buf6
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf5: array<f32>;
@group(0) @binding(2) var<storage, read> p_dense_2_bias: array<f32>;
@group(0) @binding(3) var<storage, read> v_train_step_buf7: array<f32>;
@group(0) @binding(4) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf6: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 32u)) { return; }
  let r0 = v_train_step_buf5[i];
  let c1 = (i / 32u);
  let c2 = i % 32u;
  let r3 = p_dense_2_bias[c2];
  let e4 = (r0 + r3);
  let r5 = v_train_step_buf7[c2];
  let e6 = (e4 - r5);
  let r7 = v_train_step_buf8[c2];
  let e8 = (r7 + 0.001);
  let e9 = sqrt(e8);
  let e10 = (e6 / e9);
  out_train_step_buf6[i] = e10;
}

// ===== train_step.k12_elementwise =====
// kernel 12 (elementwise): %45
//   inline %40 = mul(%38, %39) : f32[N, 32]
//   inline %42 = add(%40, %41) : f32[N, 32]
//   inline %43 = relu(%42) : f32[N, 32]
//   inline %44 = dropout_mask(%43, %26) : f32[N, 32]
//   %45 = mul(%43, %44) : f32[N, 32] -> train_step.buf9
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf6: array<f32>;
@group(0) @binding(2) var<storage, read> p_batch_norm_2_gamma: array<f32>;
@group(0) @binding(3) var<storage, read> p_batch_norm_2_beta: array<f32>;
@group(0) @binding(4) var<storage, read> p_optimizer_step: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf9: array<f32>;

fn mix_u32(x: u32) -> u32 {
  var h = x;
  h ^= h >> 16u;
  h *= 0x7feb352du;
  h ^= h >> 15u;
  h *= 0x846ca68bu;
  h ^= h >> 16u;
  return h;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 32u)) { return; }
  let r0 = v_train_step_buf6[i];
  let c1 = (i / 32u);
  let c2 = i % 32u;
  let r3 = p_batch_norm_2_gamma[c2];
  let e4 = (r0 * r3);
  let r5 = p_batch_norm_2_beta[c2];
  let e6 = (e4 + r5);
  let e7 = max(e6, 0.0);
  let r8 = p_optimizer_step[0u];
  let h9 = mix_u32(1u ^ mix_u32(1u ^ mix_u32(u32(r8))));
  let e10 = select(0.0, 1.25, mix_u32(i ^ h9) >= 858993459u);
  let e11 = (e7 * e10);
  out_train_step_buf9[i] = e11;
}

// ===== train_step.k13_matmul =====
// kernel 13 (matmul + epilogue): %47, %60
//   %47 = matmul(%45, %46) : f32[N, 1] -> train_step.buf10
//   inline %49 = add(%47, %48) : f32[N, 1]
//   inline %50 = sigmoid(%49) : f32[N, 1]
//   inline %52 = sub(%50, %51) : f32[N, 1]
//   inline %56 = dim_size(%55) : f32[]
//   inline %57 = div(%53, %56) : f32[1]
//   inline %58 = broadcast_to(%57) : f32[N]
//   %60 = mul(%52, %59) : f32[N, 1] -> train_step.buf11
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf9: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_output_layer_kernel: array<f32>;
@group(0) @binding(3) var<storage, read> p_output_layer_bias: array<f32>;
@group(0) @binding(4) var<storage, read> in___targets: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf10: array<f32>;
@group(0) @binding(6) var<storage, read_write> out_train_step_buf11: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 1u + col;
  let r0 = p_output_layer_bias[0u];
  let e1 = (v + r0);
  let e2 = (1.0 / (1.0 + exp(-e1)));
  let r3 = in___targets[idx];
  let e4 = (e2 - r3);
  let e5 = (1.0 / f32(dims.N));
  let e6 = (e4 * e5);
  out_train_step_buf10[idx] = v;
  out_train_step_buf11[idx] = e6;
}

// One row per invocation, all 1 columns in 1 vec4 accumulators.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 32u;
  let P = 1u;
  let i = wid.x * 8u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  var s0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a = v_train_step_buf9[(ra + t) / 4u];
    let b0_0 = vec4<f32>(p_output_layer_kernel[(t) * P + 0u], p_output_layer_kernel[(t) * P + 0u], p_output_layer_kernel[(t) * P + 0u], p_output_layer_kernel[(t) * P + 0u]);
    let b0_1 = vec4<f32>(p_output_layer_kernel[(t + 1u) * P + 0u], p_output_layer_kernel[(t + 1u) * P + 0u], p_output_layer_kernel[(t + 1u) * P + 0u], p_output_layer_kernel[(t + 1u) * P + 0u]);
    let b0_2 = vec4<f32>(p_output_layer_kernel[(t + 2u) * P + 0u], p_output_layer_kernel[(t + 2u) * P + 0u], p_output_layer_kernel[(t + 2u) * P + 0u], p_output_layer_kernel[(t + 2u) * P + 0u]);
    let b0_3 = vec4<f32>(p_output_layer_kernel[(t + 3u) * P + 0u], p_output_layer_kernel[(t + 3u) * P + 0u], p_output_layer_kernel[(t + 3u) * P + 0u], p_output_layer_kernel[(t + 3u) * P + 0u]);
    s0 += a[0] * b0_0;
    s0 += a[1] * b0_1;
    s0 += a[2] * b0_2;
    s0 += a[3] * b0_3;
  }
  if (i < M) {
    epi(i, 0u, s0[0]);
  }
}

// ===== train_step.k13_matmul, variant for N <= 2 =====
// kernel 13 (matmul + epilogue): %47, %60
//   %47 = matmul(%45, %46) : f32[N, 1] -> train_step.buf10
//   inline %49 = add(%47, %48) : f32[N, 1]
//   inline %50 = sigmoid(%49) : f32[N, 1]
//   inline %52 = sub(%50, %51) : f32[N, 1]
//   inline %56 = dim_size(%55) : f32[]
//   inline %57 = div(%53, %56) : f32[1]
//   inline %58 = broadcast_to(%57) : f32[N]
//   %60 = mul(%52, %59) : f32[N, 1] -> train_step.buf11
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf9: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_output_layer_kernel: array<f32>;
@group(0) @binding(3) var<storage, read> p_output_layer_bias: array<f32>;
@group(0) @binding(4) var<storage, read> in___targets: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf10: array<f32>;
@group(0) @binding(6) var<storage, read_write> out_train_step_buf11: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 1u + col;
  let r0 = p_output_layer_bias[0u];
  let e1 = (v + r0);
  let e2 = (1.0 / (1.0 + exp(-e1)));
  let r3 = in___targets[idx];
  let e4 = (e2 - r3);
  let e5 = (1.0 / f32(dims.N));
  let e6 = (e4 * e5);
  out_train_step_buf10[idx] = v;
  out_train_step_buf11[idx] = e6;
}

// One row per invocation, all 1 columns in 1 vec4 accumulators.
@compute @workgroup_size(1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 32u;
  let P = 1u;
  let i = wid.x * 1u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  var s0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a = v_train_step_buf9[(ra + t) / 4u];
    let b0_0 = vec4<f32>(p_output_layer_kernel[(t) * P + 0u], p_output_layer_kernel[(t) * P + 0u], p_output_layer_kernel[(t) * P + 0u], p_output_layer_kernel[(t) * P + 0u]);
    let b0_1 = vec4<f32>(p_output_layer_kernel[(t + 1u) * P + 0u], p_output_layer_kernel[(t + 1u) * P + 0u], p_output_layer_kernel[(t + 1u) * P + 0u], p_output_layer_kernel[(t + 1u) * P + 0u]);
    let b0_2 = vec4<f32>(p_output_layer_kernel[(t + 2u) * P + 0u], p_output_layer_kernel[(t + 2u) * P + 0u], p_output_layer_kernel[(t + 2u) * P + 0u], p_output_layer_kernel[(t + 2u) * P + 0u]);
    let b0_3 = vec4<f32>(p_output_layer_kernel[(t + 3u) * P + 0u], p_output_layer_kernel[(t + 3u) * P + 0u], p_output_layer_kernel[(t + 3u) * P + 0u], p_output_layer_kernel[(t + 3u) * P + 0u]);
    s0 += a[0] * b0_0;
    s0 += a[1] * b0_1;
    s0 += a[2] * b0_2;
    s0 += a[3] * b0_3;
  }
  if (i < M) {
    epi(i, 0u, s0[0]);
  }
}

// ===== train_step.k13_matmul, variant for subgroups of 8 =====
enable subgroups;
// kernel 13 (matmul + epilogue): %47, %60
//   %47 = matmul(%45, %46) : f32[N, 1] -> train_step.buf10
//   inline %49 = add(%47, %48) : f32[N, 1]
//   inline %50 = sigmoid(%49) : f32[N, 1]
//   inline %52 = sub(%50, %51) : f32[N, 1]
//   inline %56 = dim_size(%55) : f32[]
//   inline %57 = div(%53, %56) : f32[1]
//   inline %58 = broadcast_to(%57) : f32[N]
//   %60 = mul(%52, %59) : f32[N, 1] -> train_step.buf11
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf9: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_output_layer_kernel: array<f32>;
@group(0) @binding(3) var<storage, read> p_output_layer_bias: array<f32>;
@group(0) @binding(4) var<storage, read> in___targets: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf10: array<f32>;
@group(0) @binding(6) var<storage, read_write> out_train_step_buf11: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 1u + col;
  let r0 = p_output_layer_bias[0u];
  let e1 = (v + r0);
  let e2 = (1.0 / (1.0 + exp(-e1)));
  let r3 = in___targets[idx];
  let e4 = (e2 - r3);
  let e5 = (1.0 / f32(dims.N));
  let e6 = (e4 * e5);
  out_train_step_buf10[idx] = v;
  out_train_step_buf11[idx] = e6;
}

// One row per invocation, all 1 columns in 1 vec4 accumulators.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(subgroup_invocation_id) sid: u32) {
  let M = dims.N;
  let K = 32u;
  let P = 1u;
  let i = wid.x * 8u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  // The column operand of each step is loaded once, spread over the lanes; subgroupBroadcast hands it out.
  let be0 = min(0u + sid, 3u);
  var s0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a = v_train_step_buf9[(ra + t) / 4u];
    let mb0 = vec4<f32>(p_output_layer_kernel[(t + (be0 / 1u)) * P + min(4u * (be0 % 1u) + 0u, 0u)], p_output_layer_kernel[(t + (be0 / 1u)) * P + min(4u * (be0 % 1u) + 1u, 0u)], p_output_layer_kernel[(t + (be0 / 1u)) * P + min(4u * (be0 % 1u) + 2u, 0u)], p_output_layer_kernel[(t + (be0 / 1u)) * P + min(4u * (be0 % 1u) + 3u, 0u)]);
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
    epi(i, 0u, s0[0]);
  }
}

// ===== train_step.k13_matmul, variant for hardware GPUs =====
// kernel 13 (matmul + epilogue): %47, %60
//   %47 = matmul(%45, %46) : f32[N, 1] -> train_step.buf10
//   inline %49 = add(%47, %48) : f32[N, 1]
//   inline %50 = sigmoid(%49) : f32[N, 1]
//   inline %52 = sub(%50, %51) : f32[N, 1]
//   inline %56 = dim_size(%55) : f32[]
//   inline %57 = div(%53, %56) : f32[1]
//   inline %58 = broadcast_to(%57) : f32[N]
//   %60 = mul(%52, %59) : f32[N, 1] -> train_step.buf11
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf9: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_output_layer_kernel: array<f32>;
@group(0) @binding(3) var<storage, read> p_output_layer_bias: array<f32>;
@group(0) @binding(4) var<storage, read> in___targets: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf10: array<f32>;
@group(0) @binding(6) var<storage, read_write> out_train_step_buf11: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 1u + col;
  let r0 = p_output_layer_bias[0u];
  let e1 = (v + r0);
  let e2 = (1.0 / (1.0 + exp(-e1)));
  let r3 = in___targets[idx];
  let e4 = (e2 - r3);
  let e5 = (1.0 / f32(dims.N));
  let e6 = (e4 * e5);
  out_train_step_buf10[idx] = v;
  out_train_step_buf11[idx] = e6;
}

// One row per invocation, all 1 columns in 1 vec4 accumulators.
@compute @workgroup_size(32)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 32u;
  let P = 1u;
  let i = wid.x * 32u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  var s0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a = v_train_step_buf9[(ra + t) / 4u];
    let b0_0 = vec4<f32>(p_output_layer_kernel[(t) * P + 0u], p_output_layer_kernel[(t) * P + 0u], p_output_layer_kernel[(t) * P + 0u], p_output_layer_kernel[(t) * P + 0u]);
    let b0_1 = vec4<f32>(p_output_layer_kernel[(t + 1u) * P + 0u], p_output_layer_kernel[(t + 1u) * P + 0u], p_output_layer_kernel[(t + 1u) * P + 0u], p_output_layer_kernel[(t + 1u) * P + 0u]);
    let b0_2 = vec4<f32>(p_output_layer_kernel[(t + 2u) * P + 0u], p_output_layer_kernel[(t + 2u) * P + 0u], p_output_layer_kernel[(t + 2u) * P + 0u], p_output_layer_kernel[(t + 2u) * P + 0u]);
    let b0_3 = vec4<f32>(p_output_layer_kernel[(t + 3u) * P + 0u], p_output_layer_kernel[(t + 3u) * P + 0u], p_output_layer_kernel[(t + 3u) * P + 0u], p_output_layer_kernel[(t + 3u) * P + 0u]);
    s0 += a[0] * b0_0;
    s0 += a[1] * b0_1;
    s0 += a[2] * b0_2;
    s0 += a[3] * b0_3;
  }
  if (i < M) {
    epi(i, 0u, s0[0]);
  }
}

// ===== train_step.k14_matmul =====
// kernel 14 (matmul + epilogue): %62, %66
//   inline %40 = mul(%38, %39) : f32[N, 32]
//   inline %42 = add(%40, %41) : f32[N, 32]
//   inline %44 = dropout_mask(%43, %26) : f32[N, 32]
//   %62 = matmul(%60, %61) : f32[N, 32]
//   inline %63 = mul(%62, %44) : f32[N, 32]
//   inline %65 = gt(%42, %64) : f32[N, 32]
//   %66 = mul(%63, %65) : f32[N, 32] -> train_step.buf13
//   inline %240 = mul(%66, %38) : f32[N, 32]
//   partial statistics of %241 per row tile -> train_step.buf12
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf11: array<f32>;
@group(0) @binding(2) var<storage, read> p_output_layer_kernel: array<f32>;
@group(0) @binding(3) var<storage, read> p_optimizer_step: array<f32>;
@group(0) @binding(4) var<storage, read> v_train_step_buf6: array<f32>;
@group(0) @binding(5) var<storage, read> p_batch_norm_2_gamma: array<f32>;
@group(0) @binding(6) var<storage, read> p_batch_norm_2_beta: array<f32>;
@group(0) @binding(7) var<storage, read_write> out_train_step_buf13: array<f32>;
@group(0) @binding(8) var<storage, read_write> out_train_step_buf12: array<f32>;

fn mix_u32(x: u32) -> u32 {
  var h = x;
  h ^= h >> 16u;
  h *= 0x7feb352du;
  h ^= h >> 15u;
  h *= 0x846ca68bu;
  h ^= h >> 16u;
  return h;
}

fn epi(row: u32, col: u32, v: f32) -> vec4<f32> {
  let idx = row * 32u + col;
  let r0 = p_optimizer_step[0u];
  let h1 = mix_u32(1u ^ mix_u32(1u ^ mix_u32(u32(r0))));
  let e2 = select(0.0, 1.25, mix_u32(idx ^ h1) >= 858993459u);
  let e3 = (v * e2);
  let r4 = v_train_step_buf6[idx];
  let r5 = p_batch_norm_2_gamma[col];
  let e6 = (r4 * r5);
  let r7 = p_batch_norm_2_beta[col];
  let e8 = (e6 + r7);
  let e9 = select(0.0, 1.0, e8 > 0.0);
  let e10 = (e3 * e9);
  out_train_step_buf13[idx] = e10;
  let e11 = (e10 * r4);
  return vec4<f32>(e11, 0.0, 0.0, 0.0);
}

// 8 rows x 32 columns per workgroup; 8 x 1 vec4 accumulators per invocation.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 1u;
  let P = 32u;
  let row0 = wid.y * 8u;
  let j0 = (wid.x * 8u + 0u + lid.x) * 4u;
  let ra0 = min(row0 + 0u, M - 1u) * K;
  let ra1 = min(row0 + 1u, M - 1u) * K;
  let ra2 = min(row0 + 2u, M - 1u) * K;
  let ra3 = min(row0 + 3u, M - 1u) * K;
  let ra4 = min(row0 + 4u, M - 1u) * K;
  let ra5 = min(row0 + 5u, M - 1u) * K;
  let ra6 = min(row0 + 6u, M - 1u) * K;
  let ra7 = min(row0 + 7u, M - 1u) * K;
  let jc0_0 = min(j0 + 0u, P - 1u);
  let jc0_1 = min(j0 + 1u, P - 1u);
  let jc0_2 = min(j0 + 2u, P - 1u);
  let jc0_3 = min(j0 + 3u, P - 1u);
  let jk0_0 = jc0_0 * K;
  let jk0_1 = jc0_1 * K;
  let jk0_2 = jc0_2 * K;
  let jk0_3 = jc0_3 * K;
  var s0_0 = vec4<f32>(0.0);
  var s1_0 = vec4<f32>(0.0);
  var s2_0 = vec4<f32>(0.0);
  var s3_0 = vec4<f32>(0.0);
  var s4_0 = vec4<f32>(0.0);
  var s5_0 = vec4<f32>(0.0);
  var s6_0 = vec4<f32>(0.0);
  var s7_0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t < K; t += 1u) {
    let a0_0 = v_train_step_buf11[ra0 + t];
    let a1_0 = v_train_step_buf11[ra1 + t];
    let a2_0 = v_train_step_buf11[ra2 + t];
    let a3_0 = v_train_step_buf11[ra3 + t];
    let a4_0 = v_train_step_buf11[ra4 + t];
    let a5_0 = v_train_step_buf11[ra5 + t];
    let a6_0 = v_train_step_buf11[ra6 + t];
    let a7_0 = v_train_step_buf11[ra7 + t];
    let b0_0 = vec4<f32>(p_output_layer_kernel[jk0_0 + t], p_output_layer_kernel[jk0_1 + t], p_output_layer_kernel[jk0_2 + t], p_output_layer_kernel[jk0_3 + t]);
    s0_0 += a0_0 * b0_0;
    s1_0 += a1_0 * b0_0;
    s2_0 += a2_0 * b0_0;
    s3_0 += a3_0 * b0_0;
    s4_0 += a4_0 * b0_0;
    s5_0 += a5_0 * b0_0;
    s6_0 += a6_0 * b0_0;
    s7_0 += a7_0 * b0_0;
  }
  // Statistics of each 8 rows for each column of this invocation: a sum.
  let acc = array<vec4<f32>, 8>(s0_0, s1_0, s2_0, s3_0, s4_0, s5_0, s6_0, s7_0);
  var n = 0.0;
  var sum0_0 = 0.0;
  var sum0_1 = 0.0;
  var sum0_2 = 0.0;
  var sum0_3 = 0.0;
  let rows = min(8u, M - row0);
  for (var r = 0u; r < rows; r++) {
    let row = row0 + r;
    n = n + 1.0;
    if (j0 + 0u < P) {
      let x = epi(row, j0 + 0u, acc[r * 1u + 0u][0]);
      sum0_0 = sum0_0 + x[0];
    }
    if (j0 + 1u < P) {
      let x = epi(row, j0 + 1u, acc[r * 1u + 0u][1]);
      sum0_1 = sum0_1 + x[0];
    }
    if (j0 + 2u < P) {
      let x = epi(row, j0 + 2u, acc[r * 1u + 0u][2]);
      sum0_2 = sum0_2 + x[0];
    }
    if (j0 + 3u < P) {
      let x = epi(row, j0 + 3u, acc[r * 1u + 0u][3]);
      sum0_3 = sum0_3 + x[0];
    }
    if (r % 8u == 7u || row + 1u == M) {
      let tile = row / 8u;
      if (j0 + 0u < P) {
        out_train_step_buf12[(tile * 1u + 0u) * P + j0 + 0u] = sum0_0;
      }
      if (j0 + 1u < P) {
        out_train_step_buf12[(tile * 1u + 0u) * P + j0 + 1u] = sum0_1;
      }
      if (j0 + 2u < P) {
        out_train_step_buf12[(tile * 1u + 0u) * P + j0 + 2u] = sum0_2;
      }
      if (j0 + 3u < P) {
        out_train_step_buf12[(tile * 1u + 0u) * P + j0 + 3u] = sum0_3;
      }
      n = 0.0;
      sum0_0 = 0.0;
      sum0_1 = 0.0;
      sum0_2 = 0.0;
      sum0_3 = 0.0;
    }
  }
}

// ===== train_step.k14_matmul, variant for hardware GPUs =====
// kernel 14 (matmul + epilogue): %62, %66
//   inline %40 = mul(%38, %39) : f32[N, 32]
//   inline %42 = add(%40, %41) : f32[N, 32]
//   inline %44 = dropout_mask(%43, %26) : f32[N, 32]
//   %62 = matmul(%60, %61) : f32[N, 32]
//   inline %63 = mul(%62, %44) : f32[N, 32]
//   inline %65 = gt(%42, %64) : f32[N, 32]
//   %66 = mul(%63, %65) : f32[N, 32] -> train_step.buf13
//   inline %240 = mul(%66, %38) : f32[N, 32]
//   partial statistics of %241 per row tile -> train_step.buf12
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf11: array<f32>;
@group(0) @binding(2) var<storage, read> p_output_layer_kernel: array<f32>;
@group(0) @binding(3) var<storage, read> p_optimizer_step: array<f32>;
@group(0) @binding(4) var<storage, read> v_train_step_buf6: array<f32>;
@group(0) @binding(5) var<storage, read> p_batch_norm_2_gamma: array<f32>;
@group(0) @binding(6) var<storage, read> p_batch_norm_2_beta: array<f32>;
@group(0) @binding(7) var<storage, read_write> out_train_step_buf13: array<f32>;
@group(0) @binding(8) var<storage, read_write> out_train_step_buf12: array<f32>;

fn mix_u32(x: u32) -> u32 {
  var h = x;
  h ^= h >> 16u;
  h *= 0x7feb352du;
  h ^= h >> 15u;
  h *= 0x846ca68bu;
  h ^= h >> 16u;
  return h;
}

fn epi(row: u32, col: u32, v: f32) -> vec4<f32> {
  let idx = row * 32u + col;
  let r0 = p_optimizer_step[0u];
  let h1 = mix_u32(1u ^ mix_u32(1u ^ mix_u32(u32(r0))));
  let e2 = select(0.0, 1.25, mix_u32(idx ^ h1) >= 858993459u);
  let e3 = (v * e2);
  let r4 = v_train_step_buf6[idx];
  let r5 = p_batch_norm_2_gamma[col];
  let e6 = (r4 * r5);
  let r7 = p_batch_norm_2_beta[col];
  let e8 = (e6 + r7);
  let e9 = select(0.0, 1.0, e8 > 0.0);
  let e10 = (e3 * e9);
  out_train_step_buf13[idx] = e10;
  let e11 = (e10 * r4);
  return vec4<f32>(e11, 0.0, 0.0, 0.0);
}

// 8 rows x 128 columns per workgroup; 8 x 1 vec4 accumulators per invocation.
@compute @workgroup_size(32)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 1u;
  let P = 32u;
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
  let jc0_0 = min(j0 + 0u, P - 1u);
  let jc0_1 = min(j0 + 1u, P - 1u);
  let jc0_2 = min(j0 + 2u, P - 1u);
  let jc0_3 = min(j0 + 3u, P - 1u);
  let jk0_0 = jc0_0 * K;
  let jk0_1 = jc0_1 * K;
  let jk0_2 = jc0_2 * K;
  let jk0_3 = jc0_3 * K;
  var s0_0 = vec4<f32>(0.0);
  var s1_0 = vec4<f32>(0.0);
  var s2_0 = vec4<f32>(0.0);
  var s3_0 = vec4<f32>(0.0);
  var s4_0 = vec4<f32>(0.0);
  var s5_0 = vec4<f32>(0.0);
  var s6_0 = vec4<f32>(0.0);
  var s7_0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t < K; t += 1u) {
    let a0_0 = v_train_step_buf11[ra0 + t];
    let a1_0 = v_train_step_buf11[ra1 + t];
    let a2_0 = v_train_step_buf11[ra2 + t];
    let a3_0 = v_train_step_buf11[ra3 + t];
    let a4_0 = v_train_step_buf11[ra4 + t];
    let a5_0 = v_train_step_buf11[ra5 + t];
    let a6_0 = v_train_step_buf11[ra6 + t];
    let a7_0 = v_train_step_buf11[ra7 + t];
    let b0_0 = vec4<f32>(p_output_layer_kernel[jk0_0 + t], p_output_layer_kernel[jk0_1 + t], p_output_layer_kernel[jk0_2 + t], p_output_layer_kernel[jk0_3 + t]);
    s0_0 += a0_0 * b0_0;
    s1_0 += a1_0 * b0_0;
    s2_0 += a2_0 * b0_0;
    s3_0 += a3_0 * b0_0;
    s4_0 += a4_0 * b0_0;
    s5_0 += a5_0 * b0_0;
    s6_0 += a6_0 * b0_0;
    s7_0 += a7_0 * b0_0;
  }
  // Statistics of each 8 rows for each column of this invocation: a sum.
  let acc = array<vec4<f32>, 8>(s0_0, s1_0, s2_0, s3_0, s4_0, s5_0, s6_0, s7_0);
  var n = 0.0;
  var sum0_0 = 0.0;
  var sum0_1 = 0.0;
  var sum0_2 = 0.0;
  var sum0_3 = 0.0;
  let rows = min(8u, M - row0);
  for (var r = 0u; r < rows; r++) {
    let row = row0 + r;
    n = n + 1.0;
    if (j0 + 0u < P) {
      let x = epi(row, j0 + 0u, acc[r * 1u + 0u][0]);
      sum0_0 = sum0_0 + x[0];
    }
    if (j0 + 1u < P) {
      let x = epi(row, j0 + 1u, acc[r * 1u + 0u][1]);
      sum0_1 = sum0_1 + x[0];
    }
    if (j0 + 2u < P) {
      let x = epi(row, j0 + 2u, acc[r * 1u + 0u][2]);
      sum0_2 = sum0_2 + x[0];
    }
    if (j0 + 3u < P) {
      let x = epi(row, j0 + 3u, acc[r * 1u + 0u][3]);
      sum0_3 = sum0_3 + x[0];
    }
    if (r % 8u == 7u || row + 1u == M) {
      let tile = row / 8u;
      if (j0 + 0u < P) {
        out_train_step_buf12[(tile * 1u + 0u) * P + j0 + 0u] = sum0_0;
      }
      if (j0 + 1u < P) {
        out_train_step_buf12[(tile * 1u + 0u) * P + j0 + 1u] = sum0_1;
      }
      if (j0 + 2u < P) {
        out_train_step_buf12[(tile * 1u + 0u) * P + j0 + 2u] = sum0_2;
      }
      if (j0 + 3u < P) {
        out_train_step_buf12[(tile * 1u + 0u) * P + j0 + 3u] = sum0_3;
      }
      n = 0.0;
      sum0_0 = 0.0;
      sum0_1 = 0.0;
      sum0_2 = 0.0;
      sum0_3 = 0.0;
    }
  }
}

// ===== train_step.k15_sum =====
// kernel 15 (reduction + epilogue): %72, %79
//   inline %36 = add(%35, %17) : f32[32]
//   inline %37 = sqrt(%36) : f32[32]
//   inline %67 = mul(%66, %39) : f32[N, 32]
//   inline %69 = mul(%67, %38) : f32[N, 32]
//   inline %70 = div(%69, %37) : f32[N, 32]
//   inline %71 = neg(%70) : f32[N, 32]
//   %72 = sum(%71) : f32[32]
//   inline %74 = mul(%72, %73) : f32[32]
//   inline %75 = div(%74, %37) : f32[32]
//   inline %78 = dim_size(%77) : f32[]
//   %79 = div(%76, %78) : f32[1, 32] -> train_step.buf14
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf13: array<f32>;
@group(0) @binding(2) var<storage, read> p_batch_norm_2_gamma: array<f32>;
@group(0) @binding(3) var<storage, read> v_train_step_buf6: array<f32>;
@group(0) @binding(4) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf14: array<f32>;

// One invocation per output element, looping over the reduced axis.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 32u) { return; }
  let r2 = p_batch_norm_2_gamma[i];
  let r6 = v_train_step_buf8[i];
  let e7 = (r6 + 0.001);
  let e8 = sqrt(e7);
  var acc0 = 0.0;
  for (var r = 0u; r < dims.N; r++) {
    let l0 = r * 32u + i;
    let r1 = v_train_step_buf13[l0];
    let e3 = (r1 * r2);
    let r4 = v_train_step_buf6[l0];
    let e5 = (e3 * r4);
    let e9 = (e5 / e8);
    acc0 = acc0 + (-e9);
  }
  let e10 = (acc0 * 0.5);
  let e11 = (r6 + 0.001);
  let e12 = sqrt(e11);
  let e13 = (e10 / e12);
  let c14 = i % 32u;
  let e15 = (e13 / f32(dims.N));
  out_train_step_buf14[i] = e15;
}

// ===== train_step.k15_sum, variant for hardware GPUs =====
// kernel 15 (reduction + epilogue): %72, %79
//   inline %36 = add(%35, %17) : f32[32]
//   inline %37 = sqrt(%36) : f32[32]
//   inline %67 = mul(%66, %39) : f32[N, 32]
//   inline %69 = mul(%67, %38) : f32[N, 32]
//   inline %70 = div(%69, %37) : f32[N, 32]
//   inline %71 = neg(%70) : f32[N, 32]
//   %72 = sum(%71) : f32[32]
//   inline %74 = mul(%72, %73) : f32[32]
//   inline %75 = div(%74, %37) : f32[32]
//   inline %78 = dim_size(%77) : f32[]
//   %79 = div(%76, %78) : f32[1, 32] -> train_step.buf14
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf13: array<f32>;
@group(0) @binding(2) var<storage, read> p_batch_norm_2_gamma: array<f32>;
@group(0) @binding(3) var<storage, read> v_train_step_buf6: array<f32>;
@group(0) @binding(4) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf14: array<f32>;

var<workgroup> part0: array<f32, 256>;

// GPU form: 8 output elements per workgroup, each reduced by 32 invocations (strided partial results), then a tree in workgroup memory.
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let o = wid.x * 8u + lid.x % 8u;
  let slice = lid.x / 8u;
  // Past the last output: clamped loads, no store (every invocation reaches the barriers).
  let i = min(o, 31u);
  let r2 = p_batch_norm_2_gamma[i];
  let r6 = v_train_step_buf8[i];
  let e7 = (r6 + 0.001);
  let e8 = sqrt(e7);
  var acc0 = 0.0;
  for (var r = slice; r < dims.N; r += 32u) {
    let l0 = r * 32u + i;
    let r1 = v_train_step_buf13[l0];
    let e3 = (r1 * r2);
    let r4 = v_train_step_buf6[l0];
    let e5 = (e3 * r4);
    let e9 = (e5 / e8);
    acc0 = acc0 + (-e9);
  }
  part0[lid.x] = acc0;
  workgroupBarrier();
  for (var s = 16u; s > 0u; s = s >> 1u) {
    if (slice < s) {
      part0[lid.x] = part0[lid.x] + part0[lid.x + s * 8u];
    }
    workgroupBarrier();
  }
  if (slice == 0u && o < 32u) {
    acc0 = part0[lid.x];
    let e10 = (acc0 * 0.5);
    let e11 = (r6 + 0.001);
    let e12 = sqrt(e11);
    let e13 = (e10 / e12);
    let c14 = i % 32u;
    let e15 = (e13 / f32(dims.N));
    out_train_step_buf14[i] = e15;
  }
}

// ===== train_step.k16_elementwise =====
// kernel 16 (elementwise): %83
//   inline %32 = add(%30, %31) : f32[N, 32]
//   inline %34 = sub(%32, %33) : f32[N, 32]
//   inline %36 = add(%35, %17) : f32[32]
//   inline %37 = sqrt(%36) : f32[32]
//   inline %67 = mul(%66, %39) : f32[N, 32]
//   inline %68 = div(%67, %37) : f32[N, 32]
//   inline %80 = broadcast_to(%79) : f32[N, 32]
//   inline %81 = mul(%6, %34) : f32[N, 32]
//   inline %82 = mul(%80, %81) : f32[N, 32]
//   %83 = add(%68, %82) : f32[N, 32] -> train_step.buf6
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf13: array<f32>;
@group(0) @binding(2) var<storage, read> p_batch_norm_2_gamma: array<f32>;
@group(0) @binding(3) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(4) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(5) var<storage, read> v_train_step_buf5: array<f32>;
@group(0) @binding(6) var<storage, read> p_dense_2_bias: array<f32>;
@group(0) @binding(7) var<storage, read> v_train_step_buf7: array<f32>;
@group(0) @binding(8) var<storage, read_write> out_train_step_buf6: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 32u)) { return; }
  let r0 = v_train_step_buf13[i];
  let c1 = (i / 32u);
  let c2 = i % 32u;
  let r3 = p_batch_norm_2_gamma[c2];
  let e4 = (r0 * r3);
  let r5 = v_train_step_buf8[c2];
  let e6 = (r5 + 0.001);
  let e7 = sqrt(e6);
  let e8 = (e4 / e7);
  let r9 = v_train_step_buf14[c2];
  let r10 = v_train_step_buf5[i];
  let r11 = p_dense_2_bias[c2];
  let e12 = (r10 + r11);
  let r13 = v_train_step_buf7[c2];
  let e14 = (e12 - r13);
  let e15 = (2.0 * e14);
  let e16 = (r9 * e15);
  let e17 = (e8 + e16);
  out_train_step_buf6[i] = e17;
}

// ===== train_step.k17_sum =====
// kernel 17 (reduction): %85
//   inline %84 = neg(%83) : f32[N, 32]
//   %85 = sum(%84) : f32[32] -> train_step.buf7
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf6: array<f32>;
@group(0) @binding(2) var<storage, read_write> out_train_step_buf7: array<f32>;

// One invocation per output element, looping over the reduced axis.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 32u) { return; }
  var acc0 = 0.0;
  for (var r = 0u; r < dims.N; r++) {
    let l0 = r * 32u + i;
    let r1 = v_train_step_buf6[l0];
    let e2 = (-r1);
    acc0 = acc0 + e2;
  }
  out_train_step_buf7[i] = acc0;
}

// ===== train_step.k17_sum, variant for hardware GPUs =====
// kernel 17 (reduction): %85
//   inline %84 = neg(%83) : f32[N, 32]
//   %85 = sum(%84) : f32[32] -> train_step.buf7
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf6: array<f32>;
@group(0) @binding(2) var<storage, read_write> out_train_step_buf7: array<f32>;

var<workgroup> part0: array<f32, 256>;

// GPU form: 8 output elements per workgroup, each reduced by 32 invocations (strided partial results), then a tree in workgroup memory.
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let o = wid.x * 8u + lid.x % 8u;
  let slice = lid.x / 8u;
  // Past the last output: clamped loads, no store (every invocation reaches the barriers).
  let i = min(o, 31u);
  var acc0 = 0.0;
  for (var r = slice; r < dims.N; r += 32u) {
    let l0 = r * 32u + i;
    let r1 = v_train_step_buf6[l0];
    let e2 = (-r1);
    acc0 = acc0 + e2;
  }
  part0[lid.x] = acc0;
  workgroupBarrier();
  for (var s = 16u; s > 0u; s = s >> 1u) {
    if (slice < s) {
      part0[lid.x] = part0[lid.x] + part0[lid.x + s * 8u];
    }
    workgroupBarrier();
  }
  if (slice == 0u && o < 32u) {
    acc0 = part0[lid.x];
    out_train_step_buf7[i] = acc0;
  }
}

// ===== train_step.k18_elementwise =====
// kernel 18 (elementwise): %90
//   inline %87 = dim_size(%32) : f32[]
//   inline %88 = div(%86, %87) : f32[1, 32]
//   inline %89 = broadcast_to(%88) : f32[N, 32]
//   %90 = add(%83, %89) : f32[N, 32] -> train_step.buf5
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf6: array<f32>;
@group(0) @binding(2) var<storage, read> v_train_step_buf7: array<f32>;
@group(0) @binding(3) var<storage, read_write> out_train_step_buf5: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 32u)) { return; }
  let r0 = v_train_step_buf6[i];
  let c1 = (i / 32u);
  let c2 = i % 32u;
  let r3 = v_train_step_buf7[c2];
  let e4 = (r3 / f32(dims.N));
  let e5 = (r0 + e4);
  out_train_step_buf5[i] = e5;
}

// ===== train_step.k19_matmul =====
// kernel 19 (matmul + epilogue): %92, %95
//   inline %22 = mul(%20, %21) : f32[N, 64]
//   inline %24 = add(%22, %23) : f32[N, 64]
//   inline %27 = dropout_mask(%25, %26) : f32[N, 64]
//   %92 = matmul(%90, %91) : f32[N, 64]
//   inline %93 = mul(%92, %27) : f32[N, 64]
//   inline %94 = gt(%24, %64) : f32[N, 64]
//   %95 = mul(%93, %94) : f32[N, 64] -> train_step.buf15
//   inline %167 = mul(%95, %20) : f32[N, 64]
//   partial statistics of %168 per row tile -> train_step.buf6
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf5: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_2_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> p_optimizer_step: array<f32>;
@group(0) @binding(4) var<storage, read> v_train_step_buf1: array<f32>;
@group(0) @binding(5) var<storage, read> p_batch_norm_1_gamma: array<f32>;
@group(0) @binding(6) var<storage, read> p_batch_norm_1_beta: array<f32>;
@group(0) @binding(7) var<storage, read_write> out_train_step_buf15: array<f32>;
@group(0) @binding(8) var<storage, read_write> out_train_step_buf6: array<f32>;

fn mix_u32(x: u32) -> u32 {
  var h = x;
  h ^= h >> 16u;
  h *= 0x7feb352du;
  h ^= h >> 15u;
  h *= 0x846ca68bu;
  h ^= h >> 16u;
  return h;
}

fn epi(row: u32, col: u32, v: f32) -> vec4<f32> {
  let idx = row * 64u + col;
  let r0 = p_optimizer_step[0u];
  let h1 = mix_u32(1u ^ mix_u32(0u ^ mix_u32(u32(r0))));
  let e2 = select(0.0, 1.4285714285714286, mix_u32(idx ^ h1) >= 1288490188u);
  let e3 = (v * e2);
  let r4 = v_train_step_buf1[idx];
  let r5 = p_batch_norm_1_gamma[col];
  let e6 = (r4 * r5);
  let r7 = p_batch_norm_1_beta[col];
  let e8 = (e6 + r7);
  let e9 = select(0.0, 1.0, e8 > 0.0);
  let e10 = (e3 * e9);
  out_train_step_buf15[idx] = e10;
  let e11 = (e10 * r4);
  return vec4<f32>(e11, 0.0, 0.0, 0.0);
}

// 8 rows x 64 columns per workgroup; 8 x 1 vec4 accumulators per invocation.
@compute @workgroup_size(16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 32u;
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
  let jc0_0 = min(j0 + 0u, P - 1u);
  let jc0_1 = min(j0 + 1u, P - 1u);
  let jc0_2 = min(j0 + 2u, P - 1u);
  let jc0_3 = min(j0 + 3u, P - 1u);
  let jk0_0 = jc0_0 * K;
  let jk0_1 = jc0_1 * K;
  let jk0_2 = jc0_2 * K;
  let jk0_3 = jc0_3 * K;
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
    let a0 = v_train_step_buf5[(ra0 + t) / 4u];
    let a1 = v_train_step_buf5[(ra1 + t) / 4u];
    let a2 = v_train_step_buf5[(ra2 + t) / 4u];
    let a3 = v_train_step_buf5[(ra3 + t) / 4u];
    let a4 = v_train_step_buf5[(ra4 + t) / 4u];
    let a5 = v_train_step_buf5[(ra5 + t) / 4u];
    let a6 = v_train_step_buf5[(ra6 + t) / 4u];
    let a7 = v_train_step_buf5[(ra7 + t) / 4u];
    let bt0_0 = p_dense_2_kernel[(jk0_0 + t) / 4u];
    let bt0_1 = p_dense_2_kernel[(jk0_1 + t) / 4u];
    let bt0_2 = p_dense_2_kernel[(jk0_2 + t) / 4u];
    let bt0_3 = p_dense_2_kernel[(jk0_3 + t) / 4u];
    let b0_0 = vec4<f32>(bt0_0[0], bt0_1[0], bt0_2[0], bt0_3[0]);
    let b0_1 = vec4<f32>(bt0_0[1], bt0_1[1], bt0_2[1], bt0_3[1]);
    let b0_2 = vec4<f32>(bt0_0[2], bt0_1[2], bt0_2[2], bt0_3[2]);
    let b0_3 = vec4<f32>(bt0_0[3], bt0_1[3], bt0_2[3], bt0_3[3]);
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
  // Statistics of each 8 rows for each column of this invocation: a sum.
  let acc = array<vec4<f32>, 8>(s0_0, s1_0, s2_0, s3_0, s4_0, s5_0, s6_0, s7_0);
  var n = 0.0;
  var sum0_0 = 0.0;
  var sum0_1 = 0.0;
  var sum0_2 = 0.0;
  var sum0_3 = 0.0;
  let rows = min(8u, M - row0);
  for (var r = 0u; r < rows; r++) {
    let row = row0 + r;
    n = n + 1.0;
    if (j0 + 0u < P) {
      let x = epi(row, j0 + 0u, acc[r * 1u + 0u][0]);
      sum0_0 = sum0_0 + x[0];
    }
    if (j0 + 1u < P) {
      let x = epi(row, j0 + 1u, acc[r * 1u + 0u][1]);
      sum0_1 = sum0_1 + x[0];
    }
    if (j0 + 2u < P) {
      let x = epi(row, j0 + 2u, acc[r * 1u + 0u][2]);
      sum0_2 = sum0_2 + x[0];
    }
    if (j0 + 3u < P) {
      let x = epi(row, j0 + 3u, acc[r * 1u + 0u][3]);
      sum0_3 = sum0_3 + x[0];
    }
    if (r % 8u == 7u || row + 1u == M) {
      let tile = row / 8u;
      if (j0 + 0u < P) {
        out_train_step_buf6[(tile * 1u + 0u) * P + j0 + 0u] = sum0_0;
      }
      if (j0 + 1u < P) {
        out_train_step_buf6[(tile * 1u + 0u) * P + j0 + 1u] = sum0_1;
      }
      if (j0 + 2u < P) {
        out_train_step_buf6[(tile * 1u + 0u) * P + j0 + 2u] = sum0_2;
      }
      if (j0 + 3u < P) {
        out_train_step_buf6[(tile * 1u + 0u) * P + j0 + 3u] = sum0_3;
      }
      n = 0.0;
      sum0_0 = 0.0;
      sum0_1 = 0.0;
      sum0_2 = 0.0;
      sum0_3 = 0.0;
    }
  }
}

// ===== train_step.k19_matmul, variant for subgroups of 8 =====
enable subgroups;
// kernel 19 (matmul + epilogue): %92, %95
//   inline %22 = mul(%20, %21) : f32[N, 64]
//   inline %24 = add(%22, %23) : f32[N, 64]
//   inline %27 = dropout_mask(%25, %26) : f32[N, 64]
//   %92 = matmul(%90, %91) : f32[N, 64]
//   inline %93 = mul(%92, %27) : f32[N, 64]
//   inline %94 = gt(%24, %64) : f32[N, 64]
//   %95 = mul(%93, %94) : f32[N, 64] -> train_step.buf15
//   inline %167 = mul(%95, %20) : f32[N, 64]
//   partial statistics of %168 per row tile -> train_step.buf6
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf5: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_2_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> p_optimizer_step: array<f32>;
@group(0) @binding(4) var<storage, read> v_train_step_buf1: array<f32>;
@group(0) @binding(5) var<storage, read> p_batch_norm_1_gamma: array<f32>;
@group(0) @binding(6) var<storage, read> p_batch_norm_1_beta: array<f32>;
@group(0) @binding(7) var<storage, read_write> out_train_step_buf15: array<f32>;
@group(0) @binding(8) var<storage, read_write> out_train_step_buf6: array<f32>;

fn mix_u32(x: u32) -> u32 {
  var h = x;
  h ^= h >> 16u;
  h *= 0x7feb352du;
  h ^= h >> 15u;
  h *= 0x846ca68bu;
  h ^= h >> 16u;
  return h;
}

fn epi(row: u32, col: u32, v: f32) -> vec4<f32> {
  let idx = row * 64u + col;
  let r0 = p_optimizer_step[0u];
  let h1 = mix_u32(1u ^ mix_u32(0u ^ mix_u32(u32(r0))));
  let e2 = select(0.0, 1.4285714285714286, mix_u32(idx ^ h1) >= 1288490188u);
  let e3 = (v * e2);
  let r4 = v_train_step_buf1[idx];
  let r5 = p_batch_norm_1_gamma[col];
  let e6 = (r4 * r5);
  let r7 = p_batch_norm_1_beta[col];
  let e8 = (e6 + r7);
  let e9 = select(0.0, 1.0, e8 > 0.0);
  let e10 = (e3 * e9);
  out_train_step_buf15[idx] = e10;
  let e11 = (e10 * r4);
  return vec4<f32>(e11, 0.0, 0.0, 0.0);
}

// 16 rows x 32 columns per workgroup; 16 x 1 vec4 accumulators per invocation.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(subgroup_invocation_id) sid: u32) {
  let M = dims.N;
  let K = 32u;
  let P = 64u;
  let row0 = wid.y * 16u;
  let j0 = (wid.x * 8u + 0u + lid.x) * 4u;
  // Each lane loads the row operand for 2 rows; subgroupBroadcast hands them to the others.
  let la0 = min(row0 + 0u + sid, M - 1u) * K;
  let la1 = min(row0 + 8u + sid, M - 1u) * K;
  let jc0_0 = min(j0 + 0u, P - 1u);
  let jc0_1 = min(j0 + 1u, P - 1u);
  let jc0_2 = min(j0 + 2u, P - 1u);
  let jc0_3 = min(j0 + 3u, P - 1u);
  let jk0_0 = jc0_0 * K;
  let jk0_1 = jc0_1 * K;
  let jk0_2 = jc0_2 * K;
  let jk0_3 = jc0_3 * K;
  var s0_0 = vec4<f32>(0.0);
  var s1_0 = vec4<f32>(0.0);
  var s2_0 = vec4<f32>(0.0);
  var s3_0 = vec4<f32>(0.0);
  var s4_0 = vec4<f32>(0.0);
  var s5_0 = vec4<f32>(0.0);
  var s6_0 = vec4<f32>(0.0);
  var s7_0 = vec4<f32>(0.0);
  var s8_0 = vec4<f32>(0.0);
  var s9_0 = vec4<f32>(0.0);
  var s10_0 = vec4<f32>(0.0);
  var s11_0 = vec4<f32>(0.0);
  var s12_0 = vec4<f32>(0.0);
  var s13_0 = vec4<f32>(0.0);
  var s14_0 = vec4<f32>(0.0);
  var s15_0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let my0 = v_train_step_buf5[(la0 + t) / 4u];
    let my1 = v_train_step_buf5[(la1 + t) / 4u];
    let a0_0 = subgroupBroadcast(my0[0], 0u);
    let a1_0 = subgroupBroadcast(my0[0], 1u);
    let a2_0 = subgroupBroadcast(my0[0], 2u);
    let a3_0 = subgroupBroadcast(my0[0], 3u);
    let a4_0 = subgroupBroadcast(my0[0], 4u);
    let a5_0 = subgroupBroadcast(my0[0], 5u);
    let a6_0 = subgroupBroadcast(my0[0], 6u);
    let a7_0 = subgroupBroadcast(my0[0], 7u);
    let a8_0 = subgroupBroadcast(my1[0], 0u);
    let a9_0 = subgroupBroadcast(my1[0], 1u);
    let a10_0 = subgroupBroadcast(my1[0], 2u);
    let a11_0 = subgroupBroadcast(my1[0], 3u);
    let a12_0 = subgroupBroadcast(my1[0], 4u);
    let a13_0 = subgroupBroadcast(my1[0], 5u);
    let a14_0 = subgroupBroadcast(my1[0], 6u);
    let a15_0 = subgroupBroadcast(my1[0], 7u);
    let a0_1 = subgroupBroadcast(my0[1], 0u);
    let a1_1 = subgroupBroadcast(my0[1], 1u);
    let a2_1 = subgroupBroadcast(my0[1], 2u);
    let a3_1 = subgroupBroadcast(my0[1], 3u);
    let a4_1 = subgroupBroadcast(my0[1], 4u);
    let a5_1 = subgroupBroadcast(my0[1], 5u);
    let a6_1 = subgroupBroadcast(my0[1], 6u);
    let a7_1 = subgroupBroadcast(my0[1], 7u);
    let a8_1 = subgroupBroadcast(my1[1], 0u);
    let a9_1 = subgroupBroadcast(my1[1], 1u);
    let a10_1 = subgroupBroadcast(my1[1], 2u);
    let a11_1 = subgroupBroadcast(my1[1], 3u);
    let a12_1 = subgroupBroadcast(my1[1], 4u);
    let a13_1 = subgroupBroadcast(my1[1], 5u);
    let a14_1 = subgroupBroadcast(my1[1], 6u);
    let a15_1 = subgroupBroadcast(my1[1], 7u);
    let a0_2 = subgroupBroadcast(my0[2], 0u);
    let a1_2 = subgroupBroadcast(my0[2], 1u);
    let a2_2 = subgroupBroadcast(my0[2], 2u);
    let a3_2 = subgroupBroadcast(my0[2], 3u);
    let a4_2 = subgroupBroadcast(my0[2], 4u);
    let a5_2 = subgroupBroadcast(my0[2], 5u);
    let a6_2 = subgroupBroadcast(my0[2], 6u);
    let a7_2 = subgroupBroadcast(my0[2], 7u);
    let a8_2 = subgroupBroadcast(my1[2], 0u);
    let a9_2 = subgroupBroadcast(my1[2], 1u);
    let a10_2 = subgroupBroadcast(my1[2], 2u);
    let a11_2 = subgroupBroadcast(my1[2], 3u);
    let a12_2 = subgroupBroadcast(my1[2], 4u);
    let a13_2 = subgroupBroadcast(my1[2], 5u);
    let a14_2 = subgroupBroadcast(my1[2], 6u);
    let a15_2 = subgroupBroadcast(my1[2], 7u);
    let a0_3 = subgroupBroadcast(my0[3], 0u);
    let a1_3 = subgroupBroadcast(my0[3], 1u);
    let a2_3 = subgroupBroadcast(my0[3], 2u);
    let a3_3 = subgroupBroadcast(my0[3], 3u);
    let a4_3 = subgroupBroadcast(my0[3], 4u);
    let a5_3 = subgroupBroadcast(my0[3], 5u);
    let a6_3 = subgroupBroadcast(my0[3], 6u);
    let a7_3 = subgroupBroadcast(my0[3], 7u);
    let a8_3 = subgroupBroadcast(my1[3], 0u);
    let a9_3 = subgroupBroadcast(my1[3], 1u);
    let a10_3 = subgroupBroadcast(my1[3], 2u);
    let a11_3 = subgroupBroadcast(my1[3], 3u);
    let a12_3 = subgroupBroadcast(my1[3], 4u);
    let a13_3 = subgroupBroadcast(my1[3], 5u);
    let a14_3 = subgroupBroadcast(my1[3], 6u);
    let a15_3 = subgroupBroadcast(my1[3], 7u);
    let bt0_0 = p_dense_2_kernel[(jk0_0 + t) / 4u];
    let bt0_1 = p_dense_2_kernel[(jk0_1 + t) / 4u];
    let bt0_2 = p_dense_2_kernel[(jk0_2 + t) / 4u];
    let bt0_3 = p_dense_2_kernel[(jk0_3 + t) / 4u];
    let b0_0 = vec4<f32>(bt0_0[0], bt0_1[0], bt0_2[0], bt0_3[0]);
    let b0_1 = vec4<f32>(bt0_0[1], bt0_1[1], bt0_2[1], bt0_3[1]);
    let b0_2 = vec4<f32>(bt0_0[2], bt0_1[2], bt0_2[2], bt0_3[2]);
    let b0_3 = vec4<f32>(bt0_0[3], bt0_1[3], bt0_2[3], bt0_3[3]);
    s0_0 += a0_0 * b0_0;
    s1_0 += a1_0 * b0_0;
    s2_0 += a2_0 * b0_0;
    s3_0 += a3_0 * b0_0;
    s4_0 += a4_0 * b0_0;
    s5_0 += a5_0 * b0_0;
    s6_0 += a6_0 * b0_0;
    s7_0 += a7_0 * b0_0;
    s8_0 += a8_0 * b0_0;
    s9_0 += a9_0 * b0_0;
    s10_0 += a10_0 * b0_0;
    s11_0 += a11_0 * b0_0;
    s12_0 += a12_0 * b0_0;
    s13_0 += a13_0 * b0_0;
    s14_0 += a14_0 * b0_0;
    s15_0 += a15_0 * b0_0;
    s0_0 += a0_1 * b0_1;
    s1_0 += a1_1 * b0_1;
    s2_0 += a2_1 * b0_1;
    s3_0 += a3_1 * b0_1;
    s4_0 += a4_1 * b0_1;
    s5_0 += a5_1 * b0_1;
    s6_0 += a6_1 * b0_1;
    s7_0 += a7_1 * b0_1;
    s8_0 += a8_1 * b0_1;
    s9_0 += a9_1 * b0_1;
    s10_0 += a10_1 * b0_1;
    s11_0 += a11_1 * b0_1;
    s12_0 += a12_1 * b0_1;
    s13_0 += a13_1 * b0_1;
    s14_0 += a14_1 * b0_1;
    s15_0 += a15_1 * b0_1;
    s0_0 += a0_2 * b0_2;
    s1_0 += a1_2 * b0_2;
    s2_0 += a2_2 * b0_2;
    s3_0 += a3_2 * b0_2;
    s4_0 += a4_2 * b0_2;
    s5_0 += a5_2 * b0_2;
    s6_0 += a6_2 * b0_2;
    s7_0 += a7_2 * b0_2;
    s8_0 += a8_2 * b0_2;
    s9_0 += a9_2 * b0_2;
    s10_0 += a10_2 * b0_2;
    s11_0 += a11_2 * b0_2;
    s12_0 += a12_2 * b0_2;
    s13_0 += a13_2 * b0_2;
    s14_0 += a14_2 * b0_2;
    s15_0 += a15_2 * b0_2;
    s0_0 += a0_3 * b0_3;
    s1_0 += a1_3 * b0_3;
    s2_0 += a2_3 * b0_3;
    s3_0 += a3_3 * b0_3;
    s4_0 += a4_3 * b0_3;
    s5_0 += a5_3 * b0_3;
    s6_0 += a6_3 * b0_3;
    s7_0 += a7_3 * b0_3;
    s8_0 += a8_3 * b0_3;
    s9_0 += a9_3 * b0_3;
    s10_0 += a10_3 * b0_3;
    s11_0 += a11_3 * b0_3;
    s12_0 += a12_3 * b0_3;
    s13_0 += a13_3 * b0_3;
    s14_0 += a14_3 * b0_3;
    s15_0 += a15_3 * b0_3;
  }
  // Statistics of each 8 rows for each column of this invocation: a sum.
  let acc = array<vec4<f32>, 16>(s0_0, s1_0, s2_0, s3_0, s4_0, s5_0, s6_0, s7_0, s8_0, s9_0, s10_0, s11_0, s12_0, s13_0, s14_0, s15_0);
  var n = 0.0;
  var sum0_0 = 0.0;
  var sum0_1 = 0.0;
  var sum0_2 = 0.0;
  var sum0_3 = 0.0;
  let rows = min(16u, M - row0);
  for (var r = 0u; r < rows; r++) {
    let row = row0 + r;
    n = n + 1.0;
    if (j0 + 0u < P) {
      let x = epi(row, j0 + 0u, acc[r * 1u + 0u][0]);
      sum0_0 = sum0_0 + x[0];
    }
    if (j0 + 1u < P) {
      let x = epi(row, j0 + 1u, acc[r * 1u + 0u][1]);
      sum0_1 = sum0_1 + x[0];
    }
    if (j0 + 2u < P) {
      let x = epi(row, j0 + 2u, acc[r * 1u + 0u][2]);
      sum0_2 = sum0_2 + x[0];
    }
    if (j0 + 3u < P) {
      let x = epi(row, j0 + 3u, acc[r * 1u + 0u][3]);
      sum0_3 = sum0_3 + x[0];
    }
    if (r % 8u == 7u || row + 1u == M) {
      let tile = row / 8u;
      if (j0 + 0u < P) {
        out_train_step_buf6[(tile * 1u + 0u) * P + j0 + 0u] = sum0_0;
      }
      if (j0 + 1u < P) {
        out_train_step_buf6[(tile * 1u + 0u) * P + j0 + 1u] = sum0_1;
      }
      if (j0 + 2u < P) {
        out_train_step_buf6[(tile * 1u + 0u) * P + j0 + 2u] = sum0_2;
      }
      if (j0 + 3u < P) {
        out_train_step_buf6[(tile * 1u + 0u) * P + j0 + 3u] = sum0_3;
      }
      n = 0.0;
      sum0_0 = 0.0;
      sum0_1 = 0.0;
      sum0_2 = 0.0;
      sum0_3 = 0.0;
    }
  }
}

// ===== train_step.k19_matmul, variant for hardware GPUs =====
// kernel 19 (matmul + epilogue): %92, %95
//   inline %22 = mul(%20, %21) : f32[N, 64]
//   inline %24 = add(%22, %23) : f32[N, 64]
//   inline %27 = dropout_mask(%25, %26) : f32[N, 64]
//   %92 = matmul(%90, %91) : f32[N, 64]
//   inline %93 = mul(%92, %27) : f32[N, 64]
//   inline %94 = gt(%24, %64) : f32[N, 64]
//   %95 = mul(%93, %94) : f32[N, 64] -> train_step.buf15
//   inline %167 = mul(%95, %20) : f32[N, 64]
//   partial statistics of %168 per row tile -> train_step.buf6
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf5: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_2_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> p_optimizer_step: array<f32>;
@group(0) @binding(4) var<storage, read> v_train_step_buf1: array<f32>;
@group(0) @binding(5) var<storage, read> p_batch_norm_1_gamma: array<f32>;
@group(0) @binding(6) var<storage, read> p_batch_norm_1_beta: array<f32>;
@group(0) @binding(7) var<storage, read_write> out_train_step_buf15: array<f32>;
@group(0) @binding(8) var<storage, read_write> out_train_step_buf6: array<f32>;

fn mix_u32(x: u32) -> u32 {
  var h = x;
  h ^= h >> 16u;
  h *= 0x7feb352du;
  h ^= h >> 15u;
  h *= 0x846ca68bu;
  h ^= h >> 16u;
  return h;
}

fn epi(row: u32, col: u32, v: f32) -> vec4<f32> {
  let idx = row * 64u + col;
  let r0 = p_optimizer_step[0u];
  let h1 = mix_u32(1u ^ mix_u32(0u ^ mix_u32(u32(r0))));
  let e2 = select(0.0, 1.4285714285714286, mix_u32(idx ^ h1) >= 1288490188u);
  let e3 = (v * e2);
  let r4 = v_train_step_buf1[idx];
  let r5 = p_batch_norm_1_gamma[col];
  let e6 = (r4 * r5);
  let r7 = p_batch_norm_1_beta[col];
  let e8 = (e6 + r7);
  let e9 = select(0.0, 1.0, e8 > 0.0);
  let e10 = (e3 * e9);
  out_train_step_buf15[idx] = e10;
  let e11 = (e10 * r4);
  return vec4<f32>(e11, 0.0, 0.0, 0.0);
}

// 8 rows x 128 columns per workgroup; 8 x 1 vec4 accumulators per invocation.
@compute @workgroup_size(32)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 32u;
  let P = 64u;
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
  let jc0_0 = min(j0 + 0u, P - 1u);
  let jc0_1 = min(j0 + 1u, P - 1u);
  let jc0_2 = min(j0 + 2u, P - 1u);
  let jc0_3 = min(j0 + 3u, P - 1u);
  let jk0_0 = jc0_0 * K;
  let jk0_1 = jc0_1 * K;
  let jk0_2 = jc0_2 * K;
  let jk0_3 = jc0_3 * K;
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
    let a0 = v_train_step_buf5[(ra0 + t) / 4u];
    let a1 = v_train_step_buf5[(ra1 + t) / 4u];
    let a2 = v_train_step_buf5[(ra2 + t) / 4u];
    let a3 = v_train_step_buf5[(ra3 + t) / 4u];
    let a4 = v_train_step_buf5[(ra4 + t) / 4u];
    let a5 = v_train_step_buf5[(ra5 + t) / 4u];
    let a6 = v_train_step_buf5[(ra6 + t) / 4u];
    let a7 = v_train_step_buf5[(ra7 + t) / 4u];
    let bt0_0 = p_dense_2_kernel[(jk0_0 + t) / 4u];
    let bt0_1 = p_dense_2_kernel[(jk0_1 + t) / 4u];
    let bt0_2 = p_dense_2_kernel[(jk0_2 + t) / 4u];
    let bt0_3 = p_dense_2_kernel[(jk0_3 + t) / 4u];
    let b0_0 = vec4<f32>(bt0_0[0], bt0_1[0], bt0_2[0], bt0_3[0]);
    let b0_1 = vec4<f32>(bt0_0[1], bt0_1[1], bt0_2[1], bt0_3[1]);
    let b0_2 = vec4<f32>(bt0_0[2], bt0_1[2], bt0_2[2], bt0_3[2]);
    let b0_3 = vec4<f32>(bt0_0[3], bt0_1[3], bt0_2[3], bt0_3[3]);
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
  // Statistics of each 8 rows for each column of this invocation: a sum.
  let acc = array<vec4<f32>, 8>(s0_0, s1_0, s2_0, s3_0, s4_0, s5_0, s6_0, s7_0);
  var n = 0.0;
  var sum0_0 = 0.0;
  var sum0_1 = 0.0;
  var sum0_2 = 0.0;
  var sum0_3 = 0.0;
  let rows = min(8u, M - row0);
  for (var r = 0u; r < rows; r++) {
    let row = row0 + r;
    n = n + 1.0;
    if (j0 + 0u < P) {
      let x = epi(row, j0 + 0u, acc[r * 1u + 0u][0]);
      sum0_0 = sum0_0 + x[0];
    }
    if (j0 + 1u < P) {
      let x = epi(row, j0 + 1u, acc[r * 1u + 0u][1]);
      sum0_1 = sum0_1 + x[0];
    }
    if (j0 + 2u < P) {
      let x = epi(row, j0 + 2u, acc[r * 1u + 0u][2]);
      sum0_2 = sum0_2 + x[0];
    }
    if (j0 + 3u < P) {
      let x = epi(row, j0 + 3u, acc[r * 1u + 0u][3]);
      sum0_3 = sum0_3 + x[0];
    }
    if (r % 8u == 7u || row + 1u == M) {
      let tile = row / 8u;
      if (j0 + 0u < P) {
        out_train_step_buf6[(tile * 1u + 0u) * P + j0 + 0u] = sum0_0;
      }
      if (j0 + 1u < P) {
        out_train_step_buf6[(tile * 1u + 0u) * P + j0 + 1u] = sum0_1;
      }
      if (j0 + 2u < P) {
        out_train_step_buf6[(tile * 1u + 0u) * P + j0 + 2u] = sum0_2;
      }
      if (j0 + 3u < P) {
        out_train_step_buf6[(tile * 1u + 0u) * P + j0 + 3u] = sum0_3;
      }
      n = 0.0;
      sum0_0 = 0.0;
      sum0_1 = 0.0;
      sum0_2 = 0.0;
      sum0_3 = 0.0;
    }
  }
}

// ===== train_step.k20_sum =====
// kernel 20 (reduction + epilogue): %101, %107
//   inline %18 = add(%16, %17) : f32[64]
//   inline %19 = sqrt(%18) : f32[64]
//   inline %96 = mul(%95, %21) : f32[N, 64]
//   inline %98 = mul(%96, %20) : f32[N, 64]
//   inline %99 = div(%98, %19) : f32[N, 64]
//   inline %100 = neg(%99) : f32[N, 64]
//   %101 = sum(%100) : f32[64]
//   inline %102 = mul(%101, %73) : f32[64]
//   inline %103 = div(%102, %19) : f32[64]
//   inline %106 = dim_size(%105) : f32[]
//   %107 = div(%104, %106) : f32[1, 64] -> train_step.buf7
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf15: array<f32>;
@group(0) @binding(2) var<storage, read> p_batch_norm_1_gamma: array<f32>;
@group(0) @binding(3) var<storage, read> v_train_step_buf1: array<f32>;
@group(0) @binding(4) var<storage, read> v_train_step_buf3: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf7: array<f32>;

// One invocation per output element, looping over the reduced axis.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 64u) { return; }
  let r2 = p_batch_norm_1_gamma[i];
  let r6 = v_train_step_buf3[i];
  let e7 = (r6 + 0.001);
  let e8 = sqrt(e7);
  var acc0 = 0.0;
  for (var r = 0u; r < dims.N; r++) {
    let l0 = r * 64u + i;
    let r1 = v_train_step_buf15[l0];
    let e3 = (r1 * r2);
    let r4 = v_train_step_buf1[l0];
    let e5 = (e3 * r4);
    let e9 = (e5 / e8);
    acc0 = acc0 + (-e9);
  }
  let e10 = (acc0 * 0.5);
  let e11 = (r6 + 0.001);
  let e12 = sqrt(e11);
  let e13 = (e10 / e12);
  let c14 = i % 64u;
  let e15 = (e13 / f32(dims.N));
  out_train_step_buf7[i] = e15;
}

// ===== train_step.k20_sum, variant for hardware GPUs =====
// kernel 20 (reduction + epilogue): %101, %107
//   inline %18 = add(%16, %17) : f32[64]
//   inline %19 = sqrt(%18) : f32[64]
//   inline %96 = mul(%95, %21) : f32[N, 64]
//   inline %98 = mul(%96, %20) : f32[N, 64]
//   inline %99 = div(%98, %19) : f32[N, 64]
//   inline %100 = neg(%99) : f32[N, 64]
//   %101 = sum(%100) : f32[64]
//   inline %102 = mul(%101, %73) : f32[64]
//   inline %103 = div(%102, %19) : f32[64]
//   inline %106 = dim_size(%105) : f32[]
//   %107 = div(%104, %106) : f32[1, 64] -> train_step.buf7
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf15: array<f32>;
@group(0) @binding(2) var<storage, read> p_batch_norm_1_gamma: array<f32>;
@group(0) @binding(3) var<storage, read> v_train_step_buf1: array<f32>;
@group(0) @binding(4) var<storage, read> v_train_step_buf3: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf7: array<f32>;

var<workgroup> part0: array<f32, 256>;

// GPU form: 8 output elements per workgroup, each reduced by 32 invocations (strided partial results), then a tree in workgroup memory.
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let o = wid.x * 8u + lid.x % 8u;
  let slice = lid.x / 8u;
  // Past the last output: clamped loads, no store (every invocation reaches the barriers).
  let i = min(o, 63u);
  let r2 = p_batch_norm_1_gamma[i];
  let r6 = v_train_step_buf3[i];
  let e7 = (r6 + 0.001);
  let e8 = sqrt(e7);
  var acc0 = 0.0;
  for (var r = slice; r < dims.N; r += 32u) {
    let l0 = r * 64u + i;
    let r1 = v_train_step_buf15[l0];
    let e3 = (r1 * r2);
    let r4 = v_train_step_buf1[l0];
    let e5 = (e3 * r4);
    let e9 = (e5 / e8);
    acc0 = acc0 + (-e9);
  }
  part0[lid.x] = acc0;
  workgroupBarrier();
  for (var s = 16u; s > 0u; s = s >> 1u) {
    if (slice < s) {
      part0[lid.x] = part0[lid.x] + part0[lid.x + s * 8u];
    }
    workgroupBarrier();
  }
  if (slice == 0u && o < 64u) {
    acc0 = part0[lid.x];
    let e10 = (acc0 * 0.5);
    let e11 = (r6 + 0.001);
    let e12 = sqrt(e11);
    let e13 = (e10 / e12);
    let c14 = i % 64u;
    let e15 = (e13 / f32(dims.N));
    out_train_step_buf7[i] = e15;
  }
}

// ===== train_step.k21_elementwise =====
// kernel 21 (elementwise): %111
//   inline %13 = add(%11, %12) : f32[N, 64]
//   inline %15 = sub(%13, %14) : f32[N, 64]
//   inline %18 = add(%16, %17) : f32[64]
//   inline %19 = sqrt(%18) : f32[64]
//   inline %96 = mul(%95, %21) : f32[N, 64]
//   inline %97 = div(%96, %19) : f32[N, 64]
//   inline %108 = broadcast_to(%107) : f32[N, 64]
//   inline %109 = mul(%6, %15) : f32[N, 64]
//   inline %110 = mul(%108, %109) : f32[N, 64]
//   %111 = add(%97, %110) : f32[N, 64] -> train_step.buf1
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf15: array<f32>;
@group(0) @binding(2) var<storage, read> p_batch_norm_1_gamma: array<f32>;
@group(0) @binding(3) var<storage, read> v_train_step_buf3: array<f32>;
@group(0) @binding(4) var<storage, read> v_train_step_buf7: array<f32>;
@group(0) @binding(5) var<storage, read> v_train_step_buf0: array<f32>;
@group(0) @binding(6) var<storage, read> p_dense_1_bias: array<f32>;
@group(0) @binding(7) var<storage, read> v_train_step_buf2: array<f32>;
@group(0) @binding(8) var<storage, read_write> out_train_step_buf1: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 64u)) { return; }
  let r0 = v_train_step_buf15[i];
  let c1 = (i / 64u);
  let c2 = i % 64u;
  let r3 = p_batch_norm_1_gamma[c2];
  let e4 = (r0 * r3);
  let r5 = v_train_step_buf3[c2];
  let e6 = (r5 + 0.001);
  let e7 = sqrt(e6);
  let e8 = (e4 / e7);
  let r9 = v_train_step_buf7[c2];
  let r10 = v_train_step_buf0[i];
  let r11 = p_dense_1_bias[c2];
  let e12 = (r10 + r11);
  let r13 = v_train_step_buf2[c2];
  let e14 = (e12 - r13);
  let e15 = (2.0 * e14);
  let e16 = (r9 * e15);
  let e17 = (e8 + e16);
  out_train_step_buf1[i] = e17;
}

// ===== train_step.k22_sum =====
// kernel 22 (reduction): %113
//   inline %112 = neg(%111) : f32[N, 64]
//   %113 = sum(%112) : f32[64] -> train_step.buf2
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf1: array<f32>;
@group(0) @binding(2) var<storage, read_write> out_train_step_buf2: array<f32>;

// One invocation per output element, looping over the reduced axis.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 64u) { return; }
  var acc0 = 0.0;
  for (var r = 0u; r < dims.N; r++) {
    let l0 = r * 64u + i;
    let r1 = v_train_step_buf1[l0];
    let e2 = (-r1);
    acc0 = acc0 + e2;
  }
  out_train_step_buf2[i] = acc0;
}

// ===== train_step.k22_sum, variant for hardware GPUs =====
// kernel 22 (reduction): %113
//   inline %112 = neg(%111) : f32[N, 64]
//   %113 = sum(%112) : f32[64] -> train_step.buf2
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf1: array<f32>;
@group(0) @binding(2) var<storage, read_write> out_train_step_buf2: array<f32>;

var<workgroup> part0: array<f32, 256>;

// GPU form: 8 output elements per workgroup, each reduced by 32 invocations (strided partial results), then a tree in workgroup memory.
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let o = wid.x * 8u + lid.x % 8u;
  let slice = lid.x / 8u;
  // Past the last output: clamped loads, no store (every invocation reaches the barriers).
  let i = min(o, 63u);
  var acc0 = 0.0;
  for (var r = slice; r < dims.N; r += 32u) {
    let l0 = r * 64u + i;
    let r1 = v_train_step_buf1[l0];
    let e2 = (-r1);
    acc0 = acc0 + e2;
  }
  part0[lid.x] = acc0;
  workgroupBarrier();
  for (var s = 16u; s > 0u; s = s >> 1u) {
    if (slice < s) {
      part0[lid.x] = part0[lid.x] + part0[lid.x + s * 8u];
    }
    workgroupBarrier();
  }
  if (slice == 0u && o < 64u) {
    acc0 = part0[lid.x];
    out_train_step_buf2[i] = acc0;
  }
}

// ===== train_step.k23_elementwise =====
// kernel 23 (elementwise): %118
//   inline %115 = dim_size(%13) : f32[]
//   inline %116 = div(%114, %115) : f32[1, 64]
//   inline %117 = broadcast_to(%116) : f32[N, 64]
//   %118 = add(%111, %117) : f32[N, 64] -> train_step.buf0
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf1: array<f32>;
@group(0) @binding(2) var<storage, read> v_train_step_buf2: array<f32>;
@group(0) @binding(3) var<storage, read_write> out_train_step_buf0: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 64u)) { return; }
  let r0 = v_train_step_buf1[i];
  let c1 = (i / 64u);
  let c2 = i % 64u;
  let r3 = v_train_step_buf2[c2];
  let e4 = (r3 / f32(dims.N));
  let e5 = (r0 + e4);
  out_train_step_buf0[i] = e5;
}

// ===== train_step.k24_sum =====
// kernel 24 (reduction): %327
//   inline %326 = square(%7) : f32[20, 64]
//   %327 = sum(%326) : f32[] -> train_step.buf8
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> p_dense_1_kernel: array<f32>;
@group(0) @binding(2) var<storage, read_write> out_train_step_buf8: array<f32>;

var<workgroup> part0: array<f32, 64>;

// One workgroup per output element: strided partial results, then a tree reduction in workgroup memory.
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = wid.x + wid.y * nwg.x;
  var acc0 = 0.0;
  for (var r = lid.x; r < 1280u; r += 64u) {
    let rc0 = (r / 64u);
    let rc1 = r % 64u;
    let l2 = rc0 * 64u + rc1;
    let r3 = p_dense_1_kernel[l2];
    let e4 = (r3 * r3);
    acc0 = acc0 + e4;
  }
  part0[lid.x] = acc0;
  workgroupBarrier();
  for (var s = 32u; s > 0u; s = s >> 1u) {
    if (lid.x < s) {
      part0[lid.x] = part0[lid.x] + part0[lid.x + s];
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    acc0 = part0[0];
    out_train_step_buf8[i] = acc0;
  }
}

// ===== train_step.k24_sum, variant for hardware GPUs =====
// kernel 24 (reduction): %327
//   inline %326 = square(%7) : f32[20, 64]
//   %327 = sum(%326) : f32[] -> train_step.buf8
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> p_dense_1_kernel: array<f32>;
@group(0) @binding(2) var<storage, read_write> out_train_step_buf8: array<f32>;

var<workgroup> part0: array<f32, 256>;

// GPU form: one workgroup of 256 per output element, 8 independent loads in flight per invocation, then a tree in workgroup memory.
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = wid.x + wid.y * nwg.x;
  var acc0 = 0.0;
  for (var q = 0u; q < 0u; q++) {
    let r0 = q * 2048u + lid.x;
    {
      let r = r0 + 0u;
      let rc0 = (r / 64u);
      let rc1 = r % 64u;
      let l2 = rc0 * 64u + rc1;
      let r3 = p_dense_1_kernel[l2];
      let e4 = (r3 * r3);
      acc0 = acc0 + e4;
    }
    {
      let r = r0 + 256u;
      let rc0 = (r / 64u);
      let rc1 = r % 64u;
      let l2 = rc0 * 64u + rc1;
      let r3 = p_dense_1_kernel[l2];
      let e4 = (r3 * r3);
      acc0 = acc0 + e4;
    }
    {
      let r = r0 + 512u;
      let rc0 = (r / 64u);
      let rc1 = r % 64u;
      let l2 = rc0 * 64u + rc1;
      let r3 = p_dense_1_kernel[l2];
      let e4 = (r3 * r3);
      acc0 = acc0 + e4;
    }
    {
      let r = r0 + 768u;
      let rc0 = (r / 64u);
      let rc1 = r % 64u;
      let l2 = rc0 * 64u + rc1;
      let r3 = p_dense_1_kernel[l2];
      let e4 = (r3 * r3);
      acc0 = acc0 + e4;
    }
    {
      let r = r0 + 1024u;
      let rc0 = (r / 64u);
      let rc1 = r % 64u;
      let l2 = rc0 * 64u + rc1;
      let r3 = p_dense_1_kernel[l2];
      let e4 = (r3 * r3);
      acc0 = acc0 + e4;
    }
    {
      let r = r0 + 1280u;
      let rc0 = (r / 64u);
      let rc1 = r % 64u;
      let l2 = rc0 * 64u + rc1;
      let r3 = p_dense_1_kernel[l2];
      let e4 = (r3 * r3);
      acc0 = acc0 + e4;
    }
    {
      let r = r0 + 1536u;
      let rc0 = (r / 64u);
      let rc1 = r % 64u;
      let l2 = rc0 * 64u + rc1;
      let r3 = p_dense_1_kernel[l2];
      let e4 = (r3 * r3);
      acc0 = acc0 + e4;
    }
    {
      let r = r0 + 1792u;
      let rc0 = (r / 64u);
      let rc1 = r % 64u;
      let l2 = rc0 * 64u + rc1;
      let r3 = p_dense_1_kernel[l2];
      let e4 = (r3 * r3);
      acc0 = acc0 + e4;
    }
  }
  for (var r = 0u + lid.x; r < 1280u; r += 256u) {
    let rc0 = (r / 64u);
    let rc1 = r % 64u;
    let l2 = rc0 * 64u + rc1;
    let r3 = p_dense_1_kernel[l2];
    let e4 = (r3 * r3);
    acc0 = acc0 + e4;
  }
  part0[lid.x] = acc0;
  workgroupBarrier();
  for (var s = 128u; s > 0u; s = s >> 1u) {
    if (lid.x < s) {
      part0[lid.x] = part0[lid.x] + part0[lid.x + s];
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    acc0 = part0[0];
    out_train_step_buf8[i] = acc0;
  }
}

// ===== train_step.k25_sum =====
// kernel 25 (reduction): %331
//   inline %330 = square(%29) : f32[64, 32]
//   %331 = sum(%330) : f32[] -> train_step.buf14
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> p_dense_2_kernel: array<f32>;
@group(0) @binding(2) var<storage, read_write> out_train_step_buf14: array<f32>;

var<workgroup> part0: array<f32, 64>;

// One workgroup per output element: strided partial results, then a tree reduction in workgroup memory.
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = wid.x + wid.y * nwg.x;
  var acc0 = 0.0;
  for (var r = lid.x; r < 2048u; r += 64u) {
    let rc0 = (r / 32u);
    let rc1 = r % 32u;
    let l2 = rc0 * 32u + rc1;
    let r3 = p_dense_2_kernel[l2];
    let e4 = (r3 * r3);
    acc0 = acc0 + e4;
  }
  part0[lid.x] = acc0;
  workgroupBarrier();
  for (var s = 32u; s > 0u; s = s >> 1u) {
    if (lid.x < s) {
      part0[lid.x] = part0[lid.x] + part0[lid.x + s];
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    acc0 = part0[0];
    out_train_step_buf14[i] = acc0;
  }
}

// ===== train_step.k25_sum, variant for hardware GPUs =====
// kernel 25 (reduction): %331
//   inline %330 = square(%29) : f32[64, 32]
//   %331 = sum(%330) : f32[] -> train_step.buf14
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> p_dense_2_kernel: array<f32>;
@group(0) @binding(2) var<storage, read_write> out_train_step_buf14: array<f32>;

var<workgroup> part0: array<f32, 256>;

// GPU form: one workgroup of 256 per output element, 8 independent loads in flight per invocation, then a tree in workgroup memory.
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = wid.x + wid.y * nwg.x;
  var acc0 = 0.0;
  for (var q = 0u; q < 1u; q++) {
    let r0 = q * 2048u + lid.x;
    {
      let r = r0 + 0u;
      let rc0 = (r / 32u);
      let rc1 = r % 32u;
      let l2 = rc0 * 32u + rc1;
      let r3 = p_dense_2_kernel[l2];
      let e4 = (r3 * r3);
      acc0 = acc0 + e4;
    }
    {
      let r = r0 + 256u;
      let rc0 = (r / 32u);
      let rc1 = r % 32u;
      let l2 = rc0 * 32u + rc1;
      let r3 = p_dense_2_kernel[l2];
      let e4 = (r3 * r3);
      acc0 = acc0 + e4;
    }
    {
      let r = r0 + 512u;
      let rc0 = (r / 32u);
      let rc1 = r % 32u;
      let l2 = rc0 * 32u + rc1;
      let r3 = p_dense_2_kernel[l2];
      let e4 = (r3 * r3);
      acc0 = acc0 + e4;
    }
    {
      let r = r0 + 768u;
      let rc0 = (r / 32u);
      let rc1 = r % 32u;
      let l2 = rc0 * 32u + rc1;
      let r3 = p_dense_2_kernel[l2];
      let e4 = (r3 * r3);
      acc0 = acc0 + e4;
    }
    {
      let r = r0 + 1024u;
      let rc0 = (r / 32u);
      let rc1 = r % 32u;
      let l2 = rc0 * 32u + rc1;
      let r3 = p_dense_2_kernel[l2];
      let e4 = (r3 * r3);
      acc0 = acc0 + e4;
    }
    {
      let r = r0 + 1280u;
      let rc0 = (r / 32u);
      let rc1 = r % 32u;
      let l2 = rc0 * 32u + rc1;
      let r3 = p_dense_2_kernel[l2];
      let e4 = (r3 * r3);
      acc0 = acc0 + e4;
    }
    {
      let r = r0 + 1536u;
      let rc0 = (r / 32u);
      let rc1 = r % 32u;
      let l2 = rc0 * 32u + rc1;
      let r3 = p_dense_2_kernel[l2];
      let e4 = (r3 * r3);
      acc0 = acc0 + e4;
    }
    {
      let r = r0 + 1792u;
      let rc0 = (r / 32u);
      let rc1 = r % 32u;
      let l2 = rc0 * 32u + rc1;
      let r3 = p_dense_2_kernel[l2];
      let e4 = (r3 * r3);
      acc0 = acc0 + e4;
    }
  }
  part0[lid.x] = acc0;
  workgroupBarrier();
  for (var s = 128u; s > 0u; s = s >> 1u) {
    if (lid.x < s) {
      part0[lid.x] = part0[lid.x] + part0[lid.x + s];
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    acc0 = part0[0];
    out_train_step_buf14[i] = acc0;
  }
}

// ===== train_step.k26_sum =====
// kernel 26 (reduction + epilogue): %335, %336, %341, %342, %343, %344
//   inline %49 = add(%47, %48) : f32[N, 1]
//   inline %50 = sigmoid(%49) : f32[N, 1]
//   inline %54 = sigmoid_bce(%49, %51) : f32[N, 1]
//   inline %329 = mul(%327, %328) : f32[]
//   inline %332 = mul(%331, %328) : f32[]
//   inline %333 = add(%329, %332) : f32[]
//   inline %334 = add(%55, %333) : f32[N]
//   %335 = sum(%334) : f32[]
//   %336 = add(%325, %335) : f32[] -> totals.loss
//   inline %338 = gt(%50, %73) : f32[N, 1]
//   inline %339 = eq(%338, %51) : f32[N, 1]
//   %341 = sum(%340) : f32[]
//   %342 = add(%337, %341) : f32[] -> totals.accuracy
//   %343 = mean(%55) : f32[]
//   %344 = add(%343, %333) : f32[]
//   totals.nonfinite := 1 where %344 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf10: array<f32>;
@group(0) @binding(2) var<storage, read> p_output_layer_bias: array<f32>;
@group(0) @binding(3) var<storage, read> in___targets: array<f32>;
@group(0) @binding(4) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(5) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(6) var<storage, read_write> p_totals_loss: array<f32>;
@group(0) @binding(7) var<storage, read_write> p_totals_accuracy: array<f32>;
@group(0) @binding(8) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

var<workgroup> part0: array<f32, 64>;
var<workgroup> part1: array<f32, 64>;
var<workgroup> part2: array<f32, 64>;

// One workgroup per output element: strided partial results, then a tree reduction in workgroup memory.
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = wid.x + wid.y * nwg.x;
  let r2 = p_output_layer_bias[0u];
  let r6 = v_train_step_buf8[0u];
  let e7 = (r6 * 0.01);
  let r8 = v_train_step_buf14[0u];
  let e9 = (r8 * 0.01);
  let e10 = (e7 + e9);
  var acc0 = 0.0;
  var acc1 = 0.0;
  var acc2 = 0.0;
  for (var r = lid.x; r < dims.N; r += 64u) {
    let r0 = v_train_step_buf10[r];
    let c1 = r;
    let e3 = (r0 + r2);
    let r4 = in___targets[r];
    let e5 = (max(e3, 0.0) - e3 * r4 + log(1.0 + exp(-abs(e3))));
    let e11 = (e5 + e10);
    acc0 = acc0 + e11;
    let e12 = (1.0 / (1.0 + exp(-e3)));
    let c13 = r;
    let e14 = select(0.0, 1.0, e12 > 0.5);
    let e15 = select(0.0, 1.0, e14 == r4);
    acc1 = acc1 + e15;
    acc2 = acc2 + e5;
  }
  part0[lid.x] = acc0;
  part1[lid.x] = acc1;
  part2[lid.x] = acc2;
  workgroupBarrier();
  for (var s = 32u; s > 0u; s = s >> 1u) {
    if (lid.x < s) {
      part0[lid.x] = part0[lid.x] + part0[lid.x + s];
      part1[lid.x] = part1[lid.x] + part1[lid.x + s];
      part2[lid.x] = part2[lid.x] + part2[lid.x + s];
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    acc0 = part0[0];
    acc1 = part1[0];
    acc2 = part2[0];
    let e16 = acc2 / f32(dims.N);
    let r17 = p_totals_loss[i];
    let e18 = (r17 + acc0);
    let r19 = p_totals_accuracy[i];
    let e20 = (r19 + acc1);
    let r21 = v_train_step_buf8[i];
    let e22 = (r21 * 0.01);
    let r23 = v_train_step_buf14[i];
    let e24 = (r23 * 0.01);
    let e25 = (e22 + e24);
    let e26 = (e16 + e25);
    p_totals_loss[i] = e18;
    p_totals_accuracy[i] = e20;
    if ((bitcast<u32>(f32(e26)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
}

// ===== train_step.k26_sum, variant for hardware GPUs =====
// kernel 26 (reduction + epilogue): %335, %336, %341, %342, %343, %344
//   inline %49 = add(%47, %48) : f32[N, 1]
//   inline %50 = sigmoid(%49) : f32[N, 1]
//   inline %54 = sigmoid_bce(%49, %51) : f32[N, 1]
//   inline %329 = mul(%327, %328) : f32[]
//   inline %332 = mul(%331, %328) : f32[]
//   inline %333 = add(%329, %332) : f32[]
//   inline %334 = add(%55, %333) : f32[N]
//   %335 = sum(%334) : f32[]
//   %336 = add(%325, %335) : f32[] -> totals.loss
//   inline %338 = gt(%50, %73) : f32[N, 1]
//   inline %339 = eq(%338, %51) : f32[N, 1]
//   %341 = sum(%340) : f32[]
//   %342 = add(%337, %341) : f32[] -> totals.accuracy
//   %343 = mean(%55) : f32[]
//   %344 = add(%343, %333) : f32[]
//   totals.nonfinite := 1 where %344 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf10: array<f32>;
@group(0) @binding(2) var<storage, read> p_output_layer_bias: array<f32>;
@group(0) @binding(3) var<storage, read> in___targets: array<f32>;
@group(0) @binding(4) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(5) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(6) var<storage, read_write> p_totals_loss: array<f32>;
@group(0) @binding(7) var<storage, read_write> p_totals_accuracy: array<f32>;
@group(0) @binding(8) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

var<workgroup> part0: array<f32, 256>;
var<workgroup> part1: array<f32, 256>;
var<workgroup> part2: array<f32, 256>;

// GPU form: one workgroup of 256 per output element, 8 independent loads in flight per invocation, then a tree in workgroup memory.
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = wid.x + wid.y * nwg.x;
  let r2 = p_output_layer_bias[0u];
  let r6 = v_train_step_buf8[0u];
  let e7 = (r6 * 0.01);
  let r8 = v_train_step_buf14[0u];
  let e9 = (r8 * 0.01);
  let e10 = (e7 + e9);
  var acc0 = 0.0;
  var acc1 = 0.0;
  var acc2 = 0.0;
  for (var q = 0u; q < dims.N / 2048u; q++) {
    let r0 = q * 2048u + lid.x;
    {
      let r = r0 + 0u;
      let r0 = v_train_step_buf10[r];
      let c1 = r;
      let e3 = (r0 + r2);
      let r4 = in___targets[r];
      let e5 = (max(e3, 0.0) - e3 * r4 + log(1.0 + exp(-abs(e3))));
      let e11 = (e5 + e10);
      acc0 = acc0 + e11;
      let e12 = (1.0 / (1.0 + exp(-e3)));
      let c13 = r;
      let e14 = select(0.0, 1.0, e12 > 0.5);
      let e15 = select(0.0, 1.0, e14 == r4);
      acc1 = acc1 + e15;
      acc2 = acc2 + e5;
    }
    {
      let r = r0 + 256u;
      let r0 = v_train_step_buf10[r];
      let c1 = r;
      let e3 = (r0 + r2);
      let r4 = in___targets[r];
      let e5 = (max(e3, 0.0) - e3 * r4 + log(1.0 + exp(-abs(e3))));
      let e11 = (e5 + e10);
      acc0 = acc0 + e11;
      let e12 = (1.0 / (1.0 + exp(-e3)));
      let c13 = r;
      let e14 = select(0.0, 1.0, e12 > 0.5);
      let e15 = select(0.0, 1.0, e14 == r4);
      acc1 = acc1 + e15;
      acc2 = acc2 + e5;
    }
    {
      let r = r0 + 512u;
      let r0 = v_train_step_buf10[r];
      let c1 = r;
      let e3 = (r0 + r2);
      let r4 = in___targets[r];
      let e5 = (max(e3, 0.0) - e3 * r4 + log(1.0 + exp(-abs(e3))));
      let e11 = (e5 + e10);
      acc0 = acc0 + e11;
      let e12 = (1.0 / (1.0 + exp(-e3)));
      let c13 = r;
      let e14 = select(0.0, 1.0, e12 > 0.5);
      let e15 = select(0.0, 1.0, e14 == r4);
      acc1 = acc1 + e15;
      acc2 = acc2 + e5;
    }
    {
      let r = r0 + 768u;
      let r0 = v_train_step_buf10[r];
      let c1 = r;
      let e3 = (r0 + r2);
      let r4 = in___targets[r];
      let e5 = (max(e3, 0.0) - e3 * r4 + log(1.0 + exp(-abs(e3))));
      let e11 = (e5 + e10);
      acc0 = acc0 + e11;
      let e12 = (1.0 / (1.0 + exp(-e3)));
      let c13 = r;
      let e14 = select(0.0, 1.0, e12 > 0.5);
      let e15 = select(0.0, 1.0, e14 == r4);
      acc1 = acc1 + e15;
      acc2 = acc2 + e5;
    }
    {
      let r = r0 + 1024u;
      let r0 = v_train_step_buf10[r];
      let c1 = r;
      let e3 = (r0 + r2);
      let r4 = in___targets[r];
      let e5 = (max(e3, 0.0) - e3 * r4 + log(1.0 + exp(-abs(e3))));
      let e11 = (e5 + e10);
      acc0 = acc0 + e11;
      let e12 = (1.0 / (1.0 + exp(-e3)));
      let c13 = r;
      let e14 = select(0.0, 1.0, e12 > 0.5);
      let e15 = select(0.0, 1.0, e14 == r4);
      acc1 = acc1 + e15;
      acc2 = acc2 + e5;
    }
    {
      let r = r0 + 1280u;
      let r0 = v_train_step_buf10[r];
      let c1 = r;
      let e3 = (r0 + r2);
      let r4 = in___targets[r];
      let e5 = (max(e3, 0.0) - e3 * r4 + log(1.0 + exp(-abs(e3))));
      let e11 = (e5 + e10);
      acc0 = acc0 + e11;
      let e12 = (1.0 / (1.0 + exp(-e3)));
      let c13 = r;
      let e14 = select(0.0, 1.0, e12 > 0.5);
      let e15 = select(0.0, 1.0, e14 == r4);
      acc1 = acc1 + e15;
      acc2 = acc2 + e5;
    }
    {
      let r = r0 + 1536u;
      let r0 = v_train_step_buf10[r];
      let c1 = r;
      let e3 = (r0 + r2);
      let r4 = in___targets[r];
      let e5 = (max(e3, 0.0) - e3 * r4 + log(1.0 + exp(-abs(e3))));
      let e11 = (e5 + e10);
      acc0 = acc0 + e11;
      let e12 = (1.0 / (1.0 + exp(-e3)));
      let c13 = r;
      let e14 = select(0.0, 1.0, e12 > 0.5);
      let e15 = select(0.0, 1.0, e14 == r4);
      acc1 = acc1 + e15;
      acc2 = acc2 + e5;
    }
    {
      let r = r0 + 1792u;
      let r0 = v_train_step_buf10[r];
      let c1 = r;
      let e3 = (r0 + r2);
      let r4 = in___targets[r];
      let e5 = (max(e3, 0.0) - e3 * r4 + log(1.0 + exp(-abs(e3))));
      let e11 = (e5 + e10);
      acc0 = acc0 + e11;
      let e12 = (1.0 / (1.0 + exp(-e3)));
      let c13 = r;
      let e14 = select(0.0, 1.0, e12 > 0.5);
      let e15 = select(0.0, 1.0, e14 == r4);
      acc1 = acc1 + e15;
      acc2 = acc2 + e5;
    }
  }
  for (var r = dims.N / 2048u * 2048u + lid.x; r < dims.N; r += 256u) {
    let r0 = v_train_step_buf10[r];
    let c1 = r;
    let e3 = (r0 + r2);
    let r4 = in___targets[r];
    let e5 = (max(e3, 0.0) - e3 * r4 + log(1.0 + exp(-abs(e3))));
    let e11 = (e5 + e10);
    acc0 = acc0 + e11;
    let e12 = (1.0 / (1.0 + exp(-e3)));
    let c13 = r;
    let e14 = select(0.0, 1.0, e12 > 0.5);
    let e15 = select(0.0, 1.0, e14 == r4);
    acc1 = acc1 + e15;
    acc2 = acc2 + e5;
  }
  part0[lid.x] = acc0;
  part1[lid.x] = acc1;
  part2[lid.x] = acc2;
  workgroupBarrier();
  for (var s = 128u; s > 0u; s = s >> 1u) {
    if (lid.x < s) {
      part0[lid.x] = part0[lid.x] + part0[lid.x + s];
      part1[lid.x] = part1[lid.x] + part1[lid.x + s];
      part2[lid.x] = part2[lid.x] + part2[lid.x + s];
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    acc0 = part0[0];
    acc1 = part1[0];
    acc2 = part2[0];
    let e16 = acc2 / f32(dims.N);
    let r17 = p_totals_loss[i];
    let e18 = (r17 + acc0);
    let r19 = p_totals_accuracy[i];
    let e20 = (r19 + acc1);
    let r21 = v_train_step_buf8[i];
    let e22 = (r21 * 0.01);
    let r23 = v_train_step_buf14[i];
    let e24 = (r23 * 0.01);
    let e25 = (e22 + e24);
    let e26 = (e16 + e25);
    p_totals_loss[i] = e18;
    p_totals_accuracy[i] = e20;
    if ((bitcast<u32>(f32(e26)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
}

// ===== train_step.k27_sum =====
// kernel 27 (reduction + epilogue): %131, %135, %141, %292, %294, %299, %306
//   %131 = add(%26, %130) : f32[] -> optimizer.step
//   inline %133 = mul(%131, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   %135 = sub(%130, %134) : f32[] -> train_step.buf8
//   inline %139 = mul(%131, %138) : f32[]
//   inline %140 = exp(%139) : f32[]
//   %141 = sub(%130, %140) : f32[] -> train_step.buf14
//   inline %291 = mul(%0, %290) : f32[1]
//   %292 = sum(%60) : f32[1]
//   inline %293 = mul(%3, %292) : f32[1]
//   %294 = add(%291, %293) : f32[1] -> optimizer.m.output_layer.bias
//   inline %296 = mul(%123, %295) : f32[1]
//   inline %297 = square(%292) : f32[1]
//   inline %298 = mul(%126, %297) : f32[1]
//   %299 = add(%296, %298) : f32[1] -> optimizer.v.output_layer.bias
//   inline %300 = div(%294, %135) : f32[1]
//   inline %301 = mul(%17, %300) : f32[1]
//   inline %302 = div(%299, %141) : f32[1]
//   inline %303 = sqrt(%302) : f32[1]
//   inline %304 = add(%303, %144) : f32[1]
//   inline %305 = div(%301, %304) : f32[1]
//   %306 = sub(%48, %305) : f32[1] -> output_layer.bias
//   totals.nonfinite := 1 where %306 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf11: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_step: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_m_output_layer_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_optimizer_v_output_layer_bias: array<f32>;
@group(0) @binding(5) var<storage, read_write> p_output_layer_bias: array<f32>;
@group(0) @binding(6) var<storage, read_write> out_train_step_buf8: array<f32>;
@group(0) @binding(7) var<storage, read_write> out_train_step_buf14: array<f32>;
@group(0) @binding(8) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

var<workgroup> part0: array<f32, 64>;

// One workgroup per output element: strided partial results, then a tree reduction in workgroup memory.
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = wid.x + wid.y * nwg.x;
  var acc0 = 0.0;
  for (var r = lid.x; r < dims.N; r += 64u) {
    let r0 = v_train_step_buf11[r];
    acc0 = acc0 + r0;
  }
  part0[lid.x] = acc0;
  workgroupBarrier();
  for (var s = 32u; s > 0u; s = s >> 1u) {
    if (lid.x < s) {
      part0[lid.x] = part0[lid.x] + part0[lid.x + s];
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    acc0 = part0[0];
    let r1 = p_optimizer_step[i];
    let e2 = (r1 + 1.0);
    let e3 = (e2 * (-0.10536051565782628));
    let e4 = exp(e3);
    let e5 = (1.0 - e4);
    let e6 = (e2 * (-0.0010005003335835344));
    let e7 = exp(e6);
    let e8 = (1.0 - e7);
    let r9 = p_optimizer_m_output_layer_bias[i];
    let e10 = (0.9 * r9);
    let e11 = (0.09999999999999998 * acc0);
    let e12 = (e10 + e11);
    let r13 = p_optimizer_v_output_layer_bias[i];
    let e14 = (0.999 * r13);
    let e15 = (acc0 * acc0);
    let e16 = (0.0010000000000000009 * e15);
    let e17 = (e14 + e16);
    let r18 = p_output_layer_bias[i];
    let e19 = (e12 / e5);
    let e20 = (0.001 * e19);
    let e21 = (e17 / e8);
    let e22 = sqrt(e21);
    let e23 = (e22 + 1e-7);
    let e24 = (e20 / e23);
    let e25 = (r18 - e24);
    p_optimizer_step[i] = e2;
    out_train_step_buf8[i] = e5;
    out_train_step_buf14[i] = e8;
    p_optimizer_m_output_layer_bias[i] = e12;
    p_optimizer_v_output_layer_bias[i] = e17;
    p_output_layer_bias[i] = e25;
    if ((bitcast<u32>(f32(e25)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
}

// ===== train_step.k27_sum, variant for hardware GPUs =====
// kernel 27 (reduction + epilogue): %131, %135, %141, %292, %294, %299, %306
//   %131 = add(%26, %130) : f32[] -> optimizer.step
//   inline %133 = mul(%131, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   %135 = sub(%130, %134) : f32[] -> train_step.buf8
//   inline %139 = mul(%131, %138) : f32[]
//   inline %140 = exp(%139) : f32[]
//   %141 = sub(%130, %140) : f32[] -> train_step.buf14
//   inline %291 = mul(%0, %290) : f32[1]
//   %292 = sum(%60) : f32[1]
//   inline %293 = mul(%3, %292) : f32[1]
//   %294 = add(%291, %293) : f32[1] -> optimizer.m.output_layer.bias
//   inline %296 = mul(%123, %295) : f32[1]
//   inline %297 = square(%292) : f32[1]
//   inline %298 = mul(%126, %297) : f32[1]
//   %299 = add(%296, %298) : f32[1] -> optimizer.v.output_layer.bias
//   inline %300 = div(%294, %135) : f32[1]
//   inline %301 = mul(%17, %300) : f32[1]
//   inline %302 = div(%299, %141) : f32[1]
//   inline %303 = sqrt(%302) : f32[1]
//   inline %304 = add(%303, %144) : f32[1]
//   inline %305 = div(%301, %304) : f32[1]
//   %306 = sub(%48, %305) : f32[1] -> output_layer.bias
//   totals.nonfinite := 1 where %306 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf11: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_step: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_m_output_layer_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_optimizer_v_output_layer_bias: array<f32>;
@group(0) @binding(5) var<storage, read_write> p_output_layer_bias: array<f32>;
@group(0) @binding(6) var<storage, read_write> out_train_step_buf8: array<f32>;
@group(0) @binding(7) var<storage, read_write> out_train_step_buf14: array<f32>;
@group(0) @binding(8) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

var<workgroup> part0: array<f32, 256>;

// GPU form: one workgroup of 256 per output element, 8 independent loads in flight per invocation, then a tree in workgroup memory.
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = wid.x + wid.y * nwg.x;
  var acc0 = 0.0;
  for (var q = 0u; q < dims.N / 2048u; q++) {
    let r0 = q * 2048u + lid.x;
    {
      let r = r0 + 0u;
      let r0 = v_train_step_buf11[r];
      acc0 = acc0 + r0;
    }
    {
      let r = r0 + 256u;
      let r0 = v_train_step_buf11[r];
      acc0 = acc0 + r0;
    }
    {
      let r = r0 + 512u;
      let r0 = v_train_step_buf11[r];
      acc0 = acc0 + r0;
    }
    {
      let r = r0 + 768u;
      let r0 = v_train_step_buf11[r];
      acc0 = acc0 + r0;
    }
    {
      let r = r0 + 1024u;
      let r0 = v_train_step_buf11[r];
      acc0 = acc0 + r0;
    }
    {
      let r = r0 + 1280u;
      let r0 = v_train_step_buf11[r];
      acc0 = acc0 + r0;
    }
    {
      let r = r0 + 1536u;
      let r0 = v_train_step_buf11[r];
      acc0 = acc0 + r0;
    }
    {
      let r = r0 + 1792u;
      let r0 = v_train_step_buf11[r];
      acc0 = acc0 + r0;
    }
  }
  for (var r = dims.N / 2048u * 2048u + lid.x; r < dims.N; r += 256u) {
    let r0 = v_train_step_buf11[r];
    acc0 = acc0 + r0;
  }
  part0[lid.x] = acc0;
  workgroupBarrier();
  for (var s = 128u; s > 0u; s = s >> 1u) {
    if (lid.x < s) {
      part0[lid.x] = part0[lid.x] + part0[lid.x + s];
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    acc0 = part0[0];
    let r1 = p_optimizer_step[i];
    let e2 = (r1 + 1.0);
    let e3 = (e2 * (-0.10536051565782628));
    let e4 = exp(e3);
    let e5 = (1.0 - e4);
    let e6 = (e2 * (-0.0010005003335835344));
    let e7 = exp(e6);
    let e8 = (1.0 - e7);
    let r9 = p_optimizer_m_output_layer_bias[i];
    let e10 = (0.9 * r9);
    let e11 = (0.09999999999999998 * acc0);
    let e12 = (e10 + e11);
    let r13 = p_optimizer_v_output_layer_bias[i];
    let e14 = (0.999 * r13);
    let e15 = (acc0 * acc0);
    let e16 = (0.0010000000000000009 * e15);
    let e17 = (e14 + e16);
    let r18 = p_output_layer_bias[i];
    let e19 = (e12 / e5);
    let e20 = (0.001 * e19);
    let e21 = (e17 / e8);
    let e22 = sqrt(e21);
    let e23 = (e22 + 1e-7);
    let e24 = (e20 / e23);
    let e25 = (r18 - e24);
    p_optimizer_step[i] = e2;
    out_train_step_buf8[i] = e5;
    out_train_step_buf14[i] = e8;
    p_optimizer_m_output_layer_bias[i] = e12;
    p_optimizer_v_output_layer_bias[i] = e17;
    p_output_layer_bias[i] = e25;
    if ((bitcast<u32>(f32(e25)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
}

// ===== train_step.k28_matmul_tn =====
// kernel 28 (matmul + epilogue): %119, %122, %129, %147
//   inline %2 = mul(%0, %1) : f32[20, 64]
//   inline %5 = broadcast_to(%4) : f32[20, 64]
//   inline %8 = mul(%6, %7) : f32[20, 64]
//   inline %9 = mul(%5, %8) : f32[20, 64]
//   %119 = matmul_tn(%10, %118) : f32[20, 64]
//   inline %120 = add(%9, %119) : f32[20, 64]
//   inline %121 = mul(%3, %120) : f32[20, 64]
//   %122 = add(%2, %121) : f32[20, 64] -> optimizer.m.dense_1.kernel
//   inline %125 = mul(%123, %124) : f32[20, 64]
//   inline %127 = square(%120) : f32[20, 64]
//   inline %128 = mul(%126, %127) : f32[20, 64]
//   %129 = add(%125, %128) : f32[20, 64] -> optimizer.v.dense_1.kernel
//   inline %136 = div(%122, %135) : f32[20, 64]
//   inline %137 = mul(%17, %136) : f32[20, 64]
//   inline %142 = div(%129, %141) : f32[20, 64]
//   inline %143 = sqrt(%142) : f32[20, 64]
//   inline %145 = add(%143, %144) : f32[20, 64]
//   inline %146 = div(%137, %145) : f32[20, 64]
//   %147 = sub(%7, %146) : f32[20, 64] -> dense_1.kernel
//   totals.nonfinite := 1 where %147 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> v_train_step_buf0: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_m_dense_1_kernel: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_dense_1_kernel: array<f32>;
@group(0) @binding(5) var<storage, read_write> p_optimizer_v_dense_1_kernel: array<f32>;
@group(0) @binding(6) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(7) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(8) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 64u + col;
  let r0 = p_optimizer_m_dense_1_kernel[idx];
  let e1 = (0.9 * r0);
  let r2 = p_dense_1_kernel[idx];
  let e3 = (2.0 * r2);
  let e4 = (0.01 * e3);
  let e5 = (e4 + v);
  let e6 = (0.09999999999999998 * e5);
  let e7 = (e1 + e6);
  let r8 = p_optimizer_v_dense_1_kernel[idx];
  let e9 = (0.999 * r8);
  let e10 = (e5 * e5);
  let e11 = (0.0010000000000000009 * e10);
  let e12 = (e9 + e11);
  let r13 = v_train_step_buf8[0u];
  let e14 = (e7 / r13);
  let e15 = (0.001 * e14);
  let r16 = v_train_step_buf14[0u];
  let e17 = (e12 / r16);
  let e18 = sqrt(e17);
  let e19 = (e18 + 1e-7);
  let e20 = (e15 / e19);
  let e21 = (r2 - e20);
  p_optimizer_m_dense_1_kernel[idx] = e7;
  p_optimizer_v_dense_1_kernel[idx] = e12;
  p_dense_1_kernel[idx] = e21;
  if ((bitcast<u32>(f32(e21)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
}

// 8 rows x 64 columns per workgroup; 8 x 1 vec4 accumulators per invocation.
@compute @workgroup_size(16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = 20u;
  let K = dims.N;
  let P = 64u;
  let row0 = wid.y * 8u;
  let j0 = (wid.x * 16u + 0u + lid.x) * 4u;
  let rq0 = min(row0 / 4u + 0u, M / 4u - 1u);
  let rq1 = min(row0 / 4u + 1u, M / 4u - 1u);
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
    let a0_0 = in_x[(t) * (M / 4u) + rq0];
    let a1_0 = in_x[(t) * (M / 4u) + rq1];
    let a0_1 = in_x[(t + 1u) * (M / 4u) + rq0];
    let a1_1 = in_x[(t + 1u) * (M / 4u) + rq1];
    let a0_2 = in_x[(t + 2u) * (M / 4u) + rq0];
    let a1_2 = in_x[(t + 2u) * (M / 4u) + rq1];
    let a0_3 = in_x[(t + 3u) * (M / 4u) + rq0];
    let a1_3 = in_x[(t + 3u) * (M / 4u) + rq1];
    let b0_0 = v_train_step_buf0[(t) * (P / 4u) + jq0];
    let b0_1 = v_train_step_buf0[(t + 1u) * (P / 4u) + jq0];
    let b0_2 = v_train_step_buf0[(t + 2u) * (P / 4u) + jq0];
    let b0_3 = v_train_step_buf0[(t + 3u) * (P / 4u) + jq0];
    s0_0 += a0_0[0] * b0_0;
    s1_0 += a0_0[1] * b0_0;
    s2_0 += a0_0[2] * b0_0;
    s3_0 += a0_0[3] * b0_0;
    s4_0 += a1_0[0] * b0_0;
    s5_0 += a1_0[1] * b0_0;
    s6_0 += a1_0[2] * b0_0;
    s7_0 += a1_0[3] * b0_0;
    s0_0 += a0_1[0] * b0_1;
    s1_0 += a0_1[1] * b0_1;
    s2_0 += a0_1[2] * b0_1;
    s3_0 += a0_1[3] * b0_1;
    s4_0 += a1_1[0] * b0_1;
    s5_0 += a1_1[1] * b0_1;
    s6_0 += a1_1[2] * b0_1;
    s7_0 += a1_1[3] * b0_1;
    s0_0 += a0_2[0] * b0_2;
    s1_0 += a0_2[1] * b0_2;
    s2_0 += a0_2[2] * b0_2;
    s3_0 += a0_2[3] * b0_2;
    s4_0 += a1_2[0] * b0_2;
    s5_0 += a1_2[1] * b0_2;
    s6_0 += a1_2[2] * b0_2;
    s7_0 += a1_2[3] * b0_2;
    s0_0 += a0_3[0] * b0_3;
    s1_0 += a0_3[1] * b0_3;
    s2_0 += a0_3[2] * b0_3;
    s3_0 += a0_3[3] * b0_3;
    s4_0 += a1_3[0] * b0_3;
    s5_0 += a1_3[1] * b0_3;
    s6_0 += a1_3[2] * b0_3;
    s7_0 += a1_3[3] * b0_3;
  }
  for (; t < K; t += 1u) {
    let a0_0 = in_x[(t) * (M / 4u) + rq0];
    let a1_0 = in_x[(t) * (M / 4u) + rq1];
    let b0_0 = v_train_step_buf0[(t) * (P / 4u) + jq0];
    s0_0 += a0_0[0] * b0_0;
    s1_0 += a0_0[1] * b0_0;
    s2_0 += a0_0[2] * b0_0;
    s3_0 += a0_0[3] * b0_0;
    s4_0 += a1_0[0] * b0_0;
    s5_0 += a1_0[1] * b0_0;
    s6_0 += a1_0[2] * b0_0;
    s7_0 += a1_0[3] * b0_0;
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

// ===== train_step.k28_matmul_tn, variant for subgroups of 8 =====
enable subgroups;
// kernel 28 (matmul + epilogue): %119, %122, %129, %147
//   inline %2 = mul(%0, %1) : f32[20, 64]
//   inline %5 = broadcast_to(%4) : f32[20, 64]
//   inline %8 = mul(%6, %7) : f32[20, 64]
//   inline %9 = mul(%5, %8) : f32[20, 64]
//   %119 = matmul_tn(%10, %118) : f32[20, 64]
//   inline %120 = add(%9, %119) : f32[20, 64]
//   inline %121 = mul(%3, %120) : f32[20, 64]
//   %122 = add(%2, %121) : f32[20, 64] -> optimizer.m.dense_1.kernel
//   inline %125 = mul(%123, %124) : f32[20, 64]
//   inline %127 = square(%120) : f32[20, 64]
//   inline %128 = mul(%126, %127) : f32[20, 64]
//   %129 = add(%125, %128) : f32[20, 64] -> optimizer.v.dense_1.kernel
//   inline %136 = div(%122, %135) : f32[20, 64]
//   inline %137 = mul(%17, %136) : f32[20, 64]
//   inline %142 = div(%129, %141) : f32[20, 64]
//   inline %143 = sqrt(%142) : f32[20, 64]
//   inline %145 = add(%143, %144) : f32[20, 64]
//   inline %146 = div(%137, %145) : f32[20, 64]
//   %147 = sub(%7, %146) : f32[20, 64] -> dense_1.kernel
//   totals.nonfinite := 1 where %147 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> v_train_step_buf0: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_m_dense_1_kernel: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_dense_1_kernel: array<f32>;
@group(0) @binding(5) var<storage, read_write> p_optimizer_v_dense_1_kernel: array<f32>;
@group(0) @binding(6) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(7) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(8) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 64u + col;
  let r0 = p_optimizer_m_dense_1_kernel[idx];
  let e1 = (0.9 * r0);
  let r2 = p_dense_1_kernel[idx];
  let e3 = (2.0 * r2);
  let e4 = (0.01 * e3);
  let e5 = (e4 + v);
  let e6 = (0.09999999999999998 * e5);
  let e7 = (e1 + e6);
  let r8 = p_optimizer_v_dense_1_kernel[idx];
  let e9 = (0.999 * r8);
  let e10 = (e5 * e5);
  let e11 = (0.0010000000000000009 * e10);
  let e12 = (e9 + e11);
  let r13 = v_train_step_buf8[0u];
  let e14 = (e7 / r13);
  let e15 = (0.001 * e14);
  let r16 = v_train_step_buf14[0u];
  let e17 = (e12 / r16);
  let e18 = sqrt(e17);
  let e19 = (e18 + 1e-7);
  let e20 = (e15 / e19);
  let e21 = (r2 - e20);
  p_optimizer_m_dense_1_kernel[idx] = e7;
  p_optimizer_v_dense_1_kernel[idx] = e12;
  p_dense_1_kernel[idx] = e21;
  if ((bitcast<u32>(f32(e21)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
}

// 16 rows x 32 columns per workgroup; 16 x 1 vec4 accumulators per invocation.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(subgroup_invocation_id) sid: u32) {
  let M = 20u;
  let K = dims.N;
  let P = 64u;
  let row0 = wid.y * 16u;
  let j0 = (wid.x * 8u + 0u + lid.x) * 4u;
  // Each lane loads the row operand for 2 rows; subgroupBroadcast hands them to the others.
  let ld0 = (0u + sid) / 4u;
  let lq0 = min(row0 / 4u + (0u + sid) % 4u, M / 4u - 1u);
  let ld1 = (8u + sid) / 4u;
  let lq1 = min(row0 / 4u + (8u + sid) % 4u, M / 4u - 1u);
  let lt = min(row0 / 4u + min(sid, 3u), M / 4u - 1u);
  let jq0 = min(j0 / 4u, P / 4u - 1u);
  var s0_0 = vec4<f32>(0.0);
  var s1_0 = vec4<f32>(0.0);
  var s2_0 = vec4<f32>(0.0);
  var s3_0 = vec4<f32>(0.0);
  var s4_0 = vec4<f32>(0.0);
  var s5_0 = vec4<f32>(0.0);
  var s6_0 = vec4<f32>(0.0);
  var s7_0 = vec4<f32>(0.0);
  var s8_0 = vec4<f32>(0.0);
  var s9_0 = vec4<f32>(0.0);
  var s10_0 = vec4<f32>(0.0);
  var s11_0 = vec4<f32>(0.0);
  var s12_0 = vec4<f32>(0.0);
  var s13_0 = vec4<f32>(0.0);
  var s14_0 = vec4<f32>(0.0);
  var s15_0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let my0 = in_x[(t + ld0) * (M / 4u) + lq0];
    let my1 = in_x[(t + ld1) * (M / 4u) + lq1];
    let a0_0 = subgroupBroadcast(my0[0], 0u);
    let a1_0 = subgroupBroadcast(my0[1], 0u);
    let a2_0 = subgroupBroadcast(my0[2], 0u);
    let a3_0 = subgroupBroadcast(my0[3], 0u);
    let a4_0 = subgroupBroadcast(my0[0], 1u);
    let a5_0 = subgroupBroadcast(my0[1], 1u);
    let a6_0 = subgroupBroadcast(my0[2], 1u);
    let a7_0 = subgroupBroadcast(my0[3], 1u);
    let a8_0 = subgroupBroadcast(my0[0], 2u);
    let a9_0 = subgroupBroadcast(my0[1], 2u);
    let a10_0 = subgroupBroadcast(my0[2], 2u);
    let a11_0 = subgroupBroadcast(my0[3], 2u);
    let a12_0 = subgroupBroadcast(my0[0], 3u);
    let a13_0 = subgroupBroadcast(my0[1], 3u);
    let a14_0 = subgroupBroadcast(my0[2], 3u);
    let a15_0 = subgroupBroadcast(my0[3], 3u);
    let a0_1 = subgroupBroadcast(my0[0], 4u);
    let a1_1 = subgroupBroadcast(my0[1], 4u);
    let a2_1 = subgroupBroadcast(my0[2], 4u);
    let a3_1 = subgroupBroadcast(my0[3], 4u);
    let a4_1 = subgroupBroadcast(my0[0], 5u);
    let a5_1 = subgroupBroadcast(my0[1], 5u);
    let a6_1 = subgroupBroadcast(my0[2], 5u);
    let a7_1 = subgroupBroadcast(my0[3], 5u);
    let a8_1 = subgroupBroadcast(my0[0], 6u);
    let a9_1 = subgroupBroadcast(my0[1], 6u);
    let a10_1 = subgroupBroadcast(my0[2], 6u);
    let a11_1 = subgroupBroadcast(my0[3], 6u);
    let a12_1 = subgroupBroadcast(my0[0], 7u);
    let a13_1 = subgroupBroadcast(my0[1], 7u);
    let a14_1 = subgroupBroadcast(my0[2], 7u);
    let a15_1 = subgroupBroadcast(my0[3], 7u);
    let a0_2 = subgroupBroadcast(my1[0], 0u);
    let a1_2 = subgroupBroadcast(my1[1], 0u);
    let a2_2 = subgroupBroadcast(my1[2], 0u);
    let a3_2 = subgroupBroadcast(my1[3], 0u);
    let a4_2 = subgroupBroadcast(my1[0], 1u);
    let a5_2 = subgroupBroadcast(my1[1], 1u);
    let a6_2 = subgroupBroadcast(my1[2], 1u);
    let a7_2 = subgroupBroadcast(my1[3], 1u);
    let a8_2 = subgroupBroadcast(my1[0], 2u);
    let a9_2 = subgroupBroadcast(my1[1], 2u);
    let a10_2 = subgroupBroadcast(my1[2], 2u);
    let a11_2 = subgroupBroadcast(my1[3], 2u);
    let a12_2 = subgroupBroadcast(my1[0], 3u);
    let a13_2 = subgroupBroadcast(my1[1], 3u);
    let a14_2 = subgroupBroadcast(my1[2], 3u);
    let a15_2 = subgroupBroadcast(my1[3], 3u);
    let a0_3 = subgroupBroadcast(my1[0], 4u);
    let a1_3 = subgroupBroadcast(my1[1], 4u);
    let a2_3 = subgroupBroadcast(my1[2], 4u);
    let a3_3 = subgroupBroadcast(my1[3], 4u);
    let a4_3 = subgroupBroadcast(my1[0], 5u);
    let a5_3 = subgroupBroadcast(my1[1], 5u);
    let a6_3 = subgroupBroadcast(my1[2], 5u);
    let a7_3 = subgroupBroadcast(my1[3], 5u);
    let a8_3 = subgroupBroadcast(my1[0], 6u);
    let a9_3 = subgroupBroadcast(my1[1], 6u);
    let a10_3 = subgroupBroadcast(my1[2], 6u);
    let a11_3 = subgroupBroadcast(my1[3], 6u);
    let a12_3 = subgroupBroadcast(my1[0], 7u);
    let a13_3 = subgroupBroadcast(my1[1], 7u);
    let a14_3 = subgroupBroadcast(my1[2], 7u);
    let a15_3 = subgroupBroadcast(my1[3], 7u);
    let b0_0 = v_train_step_buf0[(t) * (P / 4u) + jq0];
    let b0_1 = v_train_step_buf0[(t + 1u) * (P / 4u) + jq0];
    let b0_2 = v_train_step_buf0[(t + 2u) * (P / 4u) + jq0];
    let b0_3 = v_train_step_buf0[(t + 3u) * (P / 4u) + jq0];
    s0_0 += a0_0 * b0_0;
    s1_0 += a1_0 * b0_0;
    s2_0 += a2_0 * b0_0;
    s3_0 += a3_0 * b0_0;
    s4_0 += a4_0 * b0_0;
    s5_0 += a5_0 * b0_0;
    s6_0 += a6_0 * b0_0;
    s7_0 += a7_0 * b0_0;
    s8_0 += a8_0 * b0_0;
    s9_0 += a9_0 * b0_0;
    s10_0 += a10_0 * b0_0;
    s11_0 += a11_0 * b0_0;
    s12_0 += a12_0 * b0_0;
    s13_0 += a13_0 * b0_0;
    s14_0 += a14_0 * b0_0;
    s15_0 += a15_0 * b0_0;
    s0_0 += a0_1 * b0_1;
    s1_0 += a1_1 * b0_1;
    s2_0 += a2_1 * b0_1;
    s3_0 += a3_1 * b0_1;
    s4_0 += a4_1 * b0_1;
    s5_0 += a5_1 * b0_1;
    s6_0 += a6_1 * b0_1;
    s7_0 += a7_1 * b0_1;
    s8_0 += a8_1 * b0_1;
    s9_0 += a9_1 * b0_1;
    s10_0 += a10_1 * b0_1;
    s11_0 += a11_1 * b0_1;
    s12_0 += a12_1 * b0_1;
    s13_0 += a13_1 * b0_1;
    s14_0 += a14_1 * b0_1;
    s15_0 += a15_1 * b0_1;
    s0_0 += a0_2 * b0_2;
    s1_0 += a1_2 * b0_2;
    s2_0 += a2_2 * b0_2;
    s3_0 += a3_2 * b0_2;
    s4_0 += a4_2 * b0_2;
    s5_0 += a5_2 * b0_2;
    s6_0 += a6_2 * b0_2;
    s7_0 += a7_2 * b0_2;
    s8_0 += a8_2 * b0_2;
    s9_0 += a9_2 * b0_2;
    s10_0 += a10_2 * b0_2;
    s11_0 += a11_2 * b0_2;
    s12_0 += a12_2 * b0_2;
    s13_0 += a13_2 * b0_2;
    s14_0 += a14_2 * b0_2;
    s15_0 += a15_2 * b0_2;
    s0_0 += a0_3 * b0_3;
    s1_0 += a1_3 * b0_3;
    s2_0 += a2_3 * b0_3;
    s3_0 += a3_3 * b0_3;
    s4_0 += a4_3 * b0_3;
    s5_0 += a5_3 * b0_3;
    s6_0 += a6_3 * b0_3;
    s7_0 += a7_3 * b0_3;
    s8_0 += a8_3 * b0_3;
    s9_0 += a9_3 * b0_3;
    s10_0 += a10_3 * b0_3;
    s11_0 += a11_3 * b0_3;
    s12_0 += a12_3 * b0_3;
    s13_0 += a13_3 * b0_3;
    s14_0 += a14_3 * b0_3;
    s15_0 += a15_3 * b0_3;
  }
  for (; t < K; t += 1u) {
    let my0 = in_x[t * (M / 4u) + lt];
    let a0_0 = subgroupBroadcast(my0[0], 0u);
    let a1_0 = subgroupBroadcast(my0[1], 0u);
    let a2_0 = subgroupBroadcast(my0[2], 0u);
    let a3_0 = subgroupBroadcast(my0[3], 0u);
    let a4_0 = subgroupBroadcast(my0[0], 1u);
    let a5_0 = subgroupBroadcast(my0[1], 1u);
    let a6_0 = subgroupBroadcast(my0[2], 1u);
    let a7_0 = subgroupBroadcast(my0[3], 1u);
    let a8_0 = subgroupBroadcast(my0[0], 2u);
    let a9_0 = subgroupBroadcast(my0[1], 2u);
    let a10_0 = subgroupBroadcast(my0[2], 2u);
    let a11_0 = subgroupBroadcast(my0[3], 2u);
    let a12_0 = subgroupBroadcast(my0[0], 3u);
    let a13_0 = subgroupBroadcast(my0[1], 3u);
    let a14_0 = subgroupBroadcast(my0[2], 3u);
    let a15_0 = subgroupBroadcast(my0[3], 3u);
    let b0_0 = v_train_step_buf0[(t) * (P / 4u) + jq0];
    s0_0 += a0_0 * b0_0;
    s1_0 += a1_0 * b0_0;
    s2_0 += a2_0 * b0_0;
    s3_0 += a3_0 * b0_0;
    s4_0 += a4_0 * b0_0;
    s5_0 += a5_0 * b0_0;
    s6_0 += a6_0 * b0_0;
    s7_0 += a7_0 * b0_0;
    s8_0 += a8_0 * b0_0;
    s9_0 += a9_0 * b0_0;
    s10_0 += a10_0 * b0_0;
    s11_0 += a11_0 * b0_0;
    s12_0 += a12_0 * b0_0;
    s13_0 += a13_0 * b0_0;
    s14_0 += a14_0 * b0_0;
    s15_0 += a15_0 * b0_0;
  }
  let acc = array<vec4<f32>, 16>(s0_0, s1_0, s2_0, s3_0, s4_0, s5_0, s6_0, s7_0, s8_0, s9_0, s10_0, s11_0, s12_0, s13_0, s14_0, s15_0);
  for (var e = 0u; e < 64u; e++) {
    let r = e / 4u;
    let q = (e / 4u) % 1u;
    let c = e % 4u;
    let row = row0 + r;
    let col = j0 + q * 32u + c;
    if (row < M && col < P) { epi(row, col, acc[r * 1u + q][c]); }
  }
}

// ===== train_step.k28_matmul_tn, variant for hardware GPUs =====
// kernel 28 (matmul + epilogue): %119, %122, %129, %147
//   inline %2 = mul(%0, %1) : f32[20, 64]
//   inline %5 = broadcast_to(%4) : f32[20, 64]
//   inline %8 = mul(%6, %7) : f32[20, 64]
//   inline %9 = mul(%5, %8) : f32[20, 64]
//   %119 = matmul_tn(%10, %118) : f32[20, 64]
//   inline %120 = add(%9, %119) : f32[20, 64]
//   inline %121 = mul(%3, %120) : f32[20, 64]
//   %122 = add(%2, %121) : f32[20, 64] -> optimizer.m.dense_1.kernel
//   inline %125 = mul(%123, %124) : f32[20, 64]
//   inline %127 = square(%120) : f32[20, 64]
//   inline %128 = mul(%126, %127) : f32[20, 64]
//   %129 = add(%125, %128) : f32[20, 64] -> optimizer.v.dense_1.kernel
//   inline %136 = div(%122, %135) : f32[20, 64]
//   inline %137 = mul(%17, %136) : f32[20, 64]
//   inline %142 = div(%129, %141) : f32[20, 64]
//   inline %143 = sqrt(%142) : f32[20, 64]
//   inline %145 = add(%143, %144) : f32[20, 64]
//   inline %146 = div(%137, %145) : f32[20, 64]
//   %147 = sub(%7, %146) : f32[20, 64] -> dense_1.kernel
//   totals.nonfinite := 1 where %147 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> v_train_step_buf0: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_m_dense_1_kernel: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_dense_1_kernel: array<f32>;
@group(0) @binding(5) var<storage, read_write> p_optimizer_v_dense_1_kernel: array<f32>;
@group(0) @binding(6) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(7) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(8) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 64u + col;
  let r0 = p_optimizer_m_dense_1_kernel[idx];
  let e1 = (0.9 * r0);
  let r2 = p_dense_1_kernel[idx];
  let e3 = (2.0 * r2);
  let e4 = (0.01 * e3);
  let e5 = (e4 + v);
  let e6 = (0.09999999999999998 * e5);
  let e7 = (e1 + e6);
  let r8 = p_optimizer_v_dense_1_kernel[idx];
  let e9 = (0.999 * r8);
  let e10 = (e5 * e5);
  let e11 = (0.0010000000000000009 * e10);
  let e12 = (e9 + e11);
  let r13 = v_train_step_buf8[0u];
  let e14 = (e7 / r13);
  let e15 = (0.001 * e14);
  let r16 = v_train_step_buf14[0u];
  let e17 = (e12 / r16);
  let e18 = sqrt(e17);
  let e19 = (e18 + 1e-7);
  let e20 = (e15 / e19);
  let e21 = (r2 - e20);
  p_optimizer_m_dense_1_kernel[idx] = e7;
  p_optimizer_v_dense_1_kernel[idx] = e12;
  p_dense_1_kernel[idx] = e21;
  if ((bitcast<u32>(f32(e21)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
}

var<workgroup> kparts: array<vec4<f32>, 896>;

// 4 rows x 128 columns per workgroup; 4 x 1 vec4 accumulators per invocation; the contraction split over 8 slices of 32 invocations.
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = 20u;
  let K = dims.N;
  let P = 64u;
  let row0 = wid.y * 4u;
  let lane = lid.x % 32u;
  let slice = lid.x / 32u;
  let j0 = (wid.x * 32u + 0u + lane) * 4u;
  let rq0 = min(row0 / 4u + 0u, M / 4u - 1u);
  let jq0 = min(j0 / 4u, P / 4u - 1u);
  var s0_0 = vec4<f32>(0.0);
  var s1_0 = vec4<f32>(0.0);
  var s2_0 = vec4<f32>(0.0);
  var s3_0 = vec4<f32>(0.0);
  let kc = (K + 31u) / 32u * 4u;
  let kb = min(slice * kc, K);
  let ke = min(kb + kc, K);
  var t = kb;
  for (; t + 4u <= ke; t += 4u) {
    let a0_0 = in_x[(t) * (M / 4u) + rq0];
    let a0_1 = in_x[(t + 1u) * (M / 4u) + rq0];
    let a0_2 = in_x[(t + 2u) * (M / 4u) + rq0];
    let a0_3 = in_x[(t + 3u) * (M / 4u) + rq0];
    let b0_0 = v_train_step_buf0[(t) * (P / 4u) + jq0];
    let b0_1 = v_train_step_buf0[(t + 1u) * (P / 4u) + jq0];
    let b0_2 = v_train_step_buf0[(t + 2u) * (P / 4u) + jq0];
    let b0_3 = v_train_step_buf0[(t + 3u) * (P / 4u) + jq0];
    s0_0 += a0_0[0] * b0_0;
    s1_0 += a0_0[1] * b0_0;
    s2_0 += a0_0[2] * b0_0;
    s3_0 += a0_0[3] * b0_0;
    s0_0 += a0_1[0] * b0_1;
    s1_0 += a0_1[1] * b0_1;
    s2_0 += a0_1[2] * b0_1;
    s3_0 += a0_1[3] * b0_1;
    s0_0 += a0_2[0] * b0_2;
    s1_0 += a0_2[1] * b0_2;
    s2_0 += a0_2[2] * b0_2;
    s3_0 += a0_2[3] * b0_2;
    s0_0 += a0_3[0] * b0_3;
    s1_0 += a0_3[1] * b0_3;
    s2_0 += a0_3[2] * b0_3;
    s3_0 += a0_3[3] * b0_3;
  }
  for (; t < ke; t += 1u) {
    let a0_0 = in_x[(t) * (M / 4u) + rq0];
    let b0_0 = v_train_step_buf0[(t) * (P / 4u) + jq0];
    s0_0 += a0_0[0] * b0_0;
    s1_0 += a0_0[1] * b0_0;
    s2_0 += a0_0[2] * b0_0;
    s3_0 += a0_0[3] * b0_0;
  }
  // Slices 1.. hand their partial sums to slice 0 and stop; slice 0 adds them and runs the epilogue.
  if (slice != 0u) {
    kparts[((slice - 1u) * 4u + 0u) * 32u + lane] = s0_0;
    kparts[((slice - 1u) * 4u + 1u) * 32u + lane] = s1_0;
    kparts[((slice - 1u) * 4u + 2u) * 32u + lane] = s2_0;
    kparts[((slice - 1u) * 4u + 3u) * 32u + lane] = s3_0;
  }
  workgroupBarrier();
  if (slice != 0u) { return; }
  for (var k = 0u; k < 7u; k++) {
    s0_0 += kparts[(k * 4u + 0u) * 32u + lane];
    s1_0 += kparts[(k * 4u + 1u) * 32u + lane];
    s2_0 += kparts[(k * 4u + 2u) * 32u + lane];
    s3_0 += kparts[(k * 4u + 3u) * 32u + lane];
  }
  if (row0 + 0u < M && j0 + 0u < P) { epi(row0 + 0u, j0 + 0u, s0_0[0]); }
  if (row0 + 0u < M && j0 + 1u < P) { epi(row0 + 0u, j0 + 1u, s0_0[1]); }
  if (row0 + 0u < M && j0 + 2u < P) { epi(row0 + 0u, j0 + 2u, s0_0[2]); }
  if (row0 + 0u < M && j0 + 3u < P) { epi(row0 + 0u, j0 + 3u, s0_0[3]); }
  if (row0 + 1u < M && j0 + 0u < P) { epi(row0 + 1u, j0 + 0u, s1_0[0]); }
  if (row0 + 1u < M && j0 + 1u < P) { epi(row0 + 1u, j0 + 1u, s1_0[1]); }
  if (row0 + 1u < M && j0 + 2u < P) { epi(row0 + 1u, j0 + 2u, s1_0[2]); }
  if (row0 + 1u < M && j0 + 3u < P) { epi(row0 + 1u, j0 + 3u, s1_0[3]); }
  if (row0 + 2u < M && j0 + 0u < P) { epi(row0 + 2u, j0 + 0u, s2_0[0]); }
  if (row0 + 2u < M && j0 + 1u < P) { epi(row0 + 2u, j0 + 1u, s2_0[1]); }
  if (row0 + 2u < M && j0 + 2u < P) { epi(row0 + 2u, j0 + 2u, s2_0[2]); }
  if (row0 + 2u < M && j0 + 3u < P) { epi(row0 + 2u, j0 + 3u, s2_0[3]); }
  if (row0 + 3u < M && j0 + 0u < P) { epi(row0 + 3u, j0 + 0u, s3_0[0]); }
  if (row0 + 3u < M && j0 + 1u < P) { epi(row0 + 3u, j0 + 1u, s3_0[1]); }
  if (row0 + 3u < M && j0 + 2u < P) { epi(row0 + 3u, j0 + 2u, s3_0[2]); }
  if (row0 + 3u < M && j0 + 3u < P) { epi(row0 + 3u, j0 + 3u, s3_0[3]); }
}

// ===== train_step.k29_sum =====
// kernel 29 (reduction + epilogue): %150, %152, %157, %164
//   inline %149 = mul(%0, %148) : f32[64]
//   %150 = sum(%118) : f32[64]
//   inline %151 = mul(%3, %150) : f32[64]
//   %152 = add(%149, %151) : f32[64] -> optimizer.m.dense_1.bias
//   inline %154 = mul(%123, %153) : f32[64]
//   inline %155 = square(%150) : f32[64]
//   inline %156 = mul(%126, %155) : f32[64]
//   %157 = add(%154, %156) : f32[64] -> optimizer.v.dense_1.bias
//   inline %158 = div(%152, %135) : f32[64]
//   inline %159 = mul(%17, %158) : f32[64]
//   inline %160 = div(%157, %141) : f32[64]
//   inline %161 = sqrt(%160) : f32[64]
//   inline %162 = add(%161, %144) : f32[64]
//   inline %163 = div(%159, %162) : f32[64]
//   %164 = sub(%12, %163) : f32[64] -> dense_1.bias
//   totals.nonfinite := 1 where %164 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf0: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_m_dense_1_bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_v_dense_1_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_dense_1_bias: array<f32>;
@group(0) @binding(5) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(6) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(7) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

// One invocation per output element, looping over the reduced axis.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 64u) { return; }
  var acc0 = 0.0;
  for (var r = 0u; r < dims.N; r++) {
    let l0 = r * 64u + i;
    let r1 = v_train_step_buf0[l0];
    acc0 = acc0 + r1;
  }
  let r2 = p_optimizer_m_dense_1_bias[i];
  let e3 = (0.9 * r2);
  let e4 = (0.09999999999999998 * acc0);
  let e5 = (e3 + e4);
  let r6 = p_optimizer_v_dense_1_bias[i];
  let e7 = (0.999 * r6);
  let e8 = (acc0 * acc0);
  let e9 = (0.0010000000000000009 * e8);
  let e10 = (e7 + e9);
  let r11 = p_dense_1_bias[i];
  let r12 = v_train_step_buf8[0u];
  let e13 = (e5 / r12);
  let e14 = (0.001 * e13);
  let r15 = v_train_step_buf14[0u];
  let e16 = (e10 / r15);
  let e17 = sqrt(e16);
  let e18 = (e17 + 1e-7);
  let e19 = (e14 / e18);
  let e20 = (r11 - e19);
  p_optimizer_m_dense_1_bias[i] = e5;
  p_optimizer_v_dense_1_bias[i] = e10;
  p_dense_1_bias[i] = e20;
  if ((bitcast<u32>(f32(e20)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
}

// ===== train_step.k29_sum, variant for hardware GPUs =====
// kernel 29 (reduction + epilogue): %150, %152, %157, %164
//   inline %149 = mul(%0, %148) : f32[64]
//   %150 = sum(%118) : f32[64]
//   inline %151 = mul(%3, %150) : f32[64]
//   %152 = add(%149, %151) : f32[64] -> optimizer.m.dense_1.bias
//   inline %154 = mul(%123, %153) : f32[64]
//   inline %155 = square(%150) : f32[64]
//   inline %156 = mul(%126, %155) : f32[64]
//   %157 = add(%154, %156) : f32[64] -> optimizer.v.dense_1.bias
//   inline %158 = div(%152, %135) : f32[64]
//   inline %159 = mul(%17, %158) : f32[64]
//   inline %160 = div(%157, %141) : f32[64]
//   inline %161 = sqrt(%160) : f32[64]
//   inline %162 = add(%161, %144) : f32[64]
//   inline %163 = div(%159, %162) : f32[64]
//   %164 = sub(%12, %163) : f32[64] -> dense_1.bias
//   totals.nonfinite := 1 where %164 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf0: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_m_dense_1_bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_v_dense_1_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_dense_1_bias: array<f32>;
@group(0) @binding(5) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(6) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(7) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

var<workgroup> part0: array<f32, 256>;

// GPU form: 8 output elements per workgroup, each reduced by 32 invocations (strided partial results), then a tree in workgroup memory.
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let o = wid.x * 8u + lid.x % 8u;
  let slice = lid.x / 8u;
  // Past the last output: clamped loads, no store (every invocation reaches the barriers).
  let i = min(o, 63u);
  var acc0 = 0.0;
  for (var r = slice; r < dims.N; r += 32u) {
    let l0 = r * 64u + i;
    let r1 = v_train_step_buf0[l0];
    acc0 = acc0 + r1;
  }
  part0[lid.x] = acc0;
  workgroupBarrier();
  for (var s = 16u; s > 0u; s = s >> 1u) {
    if (slice < s) {
      part0[lid.x] = part0[lid.x] + part0[lid.x + s * 8u];
    }
    workgroupBarrier();
  }
  if (slice == 0u && o < 64u) {
    acc0 = part0[lid.x];
    let r2 = p_optimizer_m_dense_1_bias[i];
    let e3 = (0.9 * r2);
    let e4 = (0.09999999999999998 * acc0);
    let e5 = (e3 + e4);
    let r6 = p_optimizer_v_dense_1_bias[i];
    let e7 = (0.999 * r6);
    let e8 = (acc0 * acc0);
    let e9 = (0.0010000000000000009 * e8);
    let e10 = (e7 + e9);
    let r11 = p_dense_1_bias[i];
    let r12 = v_train_step_buf8[0u];
    let e13 = (e5 / r12);
    let e14 = (0.001 * e13);
    let r15 = v_train_step_buf14[0u];
    let e16 = (e10 / r15);
    let e17 = sqrt(e16);
    let e18 = (e17 + 1e-7);
    let e19 = (e14 / e18);
    let e20 = (r11 - e19);
    p_optimizer_m_dense_1_bias[i] = e5;
    p_optimizer_v_dense_1_bias[i] = e10;
    p_dense_1_bias[i] = e20;
    if ((bitcast<u32>(f32(e20)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
}

// ===== train_step.k30_sum =====
// kernel 30 (reduction + epilogue): %168, %170, %175, %182
//   inline %166 = mul(%0, %165) : f32[64]
//   %168 = sum(%167) : f32[64]
//   inline %169 = mul(%3, %168) : f32[64]
//   %170 = add(%166, %169) : f32[64] -> optimizer.m.batch_norm_1.gamma
//   inline %172 = mul(%123, %171) : f32[64]
//   inline %173 = square(%168) : f32[64]
//   inline %174 = mul(%126, %173) : f32[64]
//   %175 = add(%172, %174) : f32[64] -> optimizer.v.batch_norm_1.gamma
//   inline %176 = div(%170, %135) : f32[64]
//   inline %177 = mul(%17, %176) : f32[64]
//   inline %178 = div(%175, %141) : f32[64]
//   inline %179 = sqrt(%178) : f32[64]
//   inline %180 = add(%179, %144) : f32[64]
//   inline %181 = div(%177, %180) : f32[64]
//   %182 = sub(%21, %181) : f32[64] -> batch_norm_1.gamma
//   (reductions finished from the partial statistics of %92's kernel in train_step.buf6)
//   totals.nonfinite := 1 where %182 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf6: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_m_batch_norm_1_gamma: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_v_batch_norm_1_gamma: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_batch_norm_1_gamma: array<f32>;
@group(0) @binding(5) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(6) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(7) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

// One invocation per column: merges the 8-row tiles' partial statistics written by the matmul kernel.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 64u) { return; }
  let M = dims.N;
  let P = 64u;
  let T = (M + 7u) / 8u;
  var n = 0.0;
  var sum0 = 0.0;
  for (var t = 0u; t < T; t++) {
    let nt = f32(min(8u, M - t * 8u));
    let nn = n + nt;
    sum0 = sum0 + v_train_step_buf6[(t * 1u + 0u) * P + i];
    n = nn;
  }
  let r0 = p_optimizer_m_batch_norm_1_gamma[i];
  let e1 = (0.9 * r0);
  let e2 = (0.09999999999999998 * sum0);
  let e3 = (e1 + e2);
  let r4 = p_optimizer_v_batch_norm_1_gamma[i];
  let e5 = (0.999 * r4);
  let e6 = (sum0 * sum0);
  let e7 = (0.0010000000000000009 * e6);
  let e8 = (e5 + e7);
  let r9 = p_batch_norm_1_gamma[i];
  let r10 = v_train_step_buf8[0u];
  let e11 = (e3 / r10);
  let e12 = (0.001 * e11);
  let r13 = v_train_step_buf14[0u];
  let e14 = (e8 / r13);
  let e15 = sqrt(e14);
  let e16 = (e15 + 1e-7);
  let e17 = (e12 / e16);
  let e18 = (r9 - e17);
  p_optimizer_m_batch_norm_1_gamma[i] = e3;
  p_optimizer_v_batch_norm_1_gamma[i] = e8;
  p_batch_norm_1_gamma[i] = e18;
  if ((bitcast<u32>(f32(e18)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
}

// ===== train_step.k30_sum, variant for hardware GPUs =====
// kernel 30 (reduction + epilogue): %168, %170, %175, %182
//   inline %166 = mul(%0, %165) : f32[64]
//   %168 = sum(%167) : f32[64]
//   inline %169 = mul(%3, %168) : f32[64]
//   %170 = add(%166, %169) : f32[64] -> optimizer.m.batch_norm_1.gamma
//   inline %172 = mul(%123, %171) : f32[64]
//   inline %173 = square(%168) : f32[64]
//   inline %174 = mul(%126, %173) : f32[64]
//   %175 = add(%172, %174) : f32[64] -> optimizer.v.batch_norm_1.gamma
//   inline %176 = div(%170, %135) : f32[64]
//   inline %177 = mul(%17, %176) : f32[64]
//   inline %178 = div(%175, %141) : f32[64]
//   inline %179 = sqrt(%178) : f32[64]
//   inline %180 = add(%179, %144) : f32[64]
//   inline %181 = div(%177, %180) : f32[64]
//   %182 = sub(%21, %181) : f32[64] -> batch_norm_1.gamma
//   (reductions finished from the partial statistics of %92's kernel in train_step.buf6)
//   totals.nonfinite := 1 where %182 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf6: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_m_batch_norm_1_gamma: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_v_batch_norm_1_gamma: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_batch_norm_1_gamma: array<f32>;
@group(0) @binding(5) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(6) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(7) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

var<workgroup> part0: array<f32, 256>;

// GPU form: 8 columns per workgroup, each merged by 32 invocations (tiles slice, slice + 32, ...), then a tree in workgroup memory.
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let o = wid.x * 8u + lid.x % 8u;
  let slice = lid.x / 8u;
  // Past the last output: clamped loads, no store (every invocation reaches the barriers).
  let i = min(o, 63u);
  let M = dims.N;
  let P = 64u;
  let T = (M + 7u) / 8u;
  var n = 0.0;
  var sum0 = 0.0;
  for (var t = slice; t < T; t += 32u) {
    let nt = f32(min(8u, M - t * 8u));
    let nn = n + nt;
    sum0 = sum0 + v_train_step_buf6[(t * 1u + 0u) * P + i];
    n = nn;
  }
  part0[lid.x] = sum0;
  workgroupBarrier();
  for (var s = 16u; s > 0u; s = s >> 1u) {
    if (slice < s) {
      part0[lid.x] = part0[lid.x] + part0[lid.x + s * 8u];
    }
    workgroupBarrier();
  }
  if (slice == 0u && o < 64u) {
    sum0 = part0[lid.x];
    let r0 = p_optimizer_m_batch_norm_1_gamma[i];
    let e1 = (0.9 * r0);
    let e2 = (0.09999999999999998 * sum0);
    let e3 = (e1 + e2);
    let r4 = p_optimizer_v_batch_norm_1_gamma[i];
    let e5 = (0.999 * r4);
    let e6 = (sum0 * sum0);
    let e7 = (0.0010000000000000009 * e6);
    let e8 = (e5 + e7);
    let r9 = p_batch_norm_1_gamma[i];
    let r10 = v_train_step_buf8[0u];
    let e11 = (e3 / r10);
    let e12 = (0.001 * e11);
    let r13 = v_train_step_buf14[0u];
    let e14 = (e8 / r13);
    let e15 = sqrt(e14);
    let e16 = (e15 + 1e-7);
    let e17 = (e12 / e16);
    let e18 = (r9 - e17);
    p_optimizer_m_batch_norm_1_gamma[i] = e3;
    p_optimizer_v_batch_norm_1_gamma[i] = e8;
    p_batch_norm_1_gamma[i] = e18;
    if ((bitcast<u32>(f32(e18)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
}

// ===== train_step.k31_sum =====
// kernel 31 (reduction + epilogue): %185, %187, %192, %199
//   inline %184 = mul(%0, %183) : f32[64]
//   %185 = sum(%95) : f32[64]
//   inline %186 = mul(%3, %185) : f32[64]
//   %187 = add(%184, %186) : f32[64] -> optimizer.m.batch_norm_1.beta
//   inline %189 = mul(%123, %188) : f32[64]
//   inline %190 = square(%185) : f32[64]
//   inline %191 = mul(%126, %190) : f32[64]
//   %192 = add(%189, %191) : f32[64] -> optimizer.v.batch_norm_1.beta
//   inline %193 = div(%187, %135) : f32[64]
//   inline %194 = mul(%17, %193) : f32[64]
//   inline %195 = div(%192, %141) : f32[64]
//   inline %196 = sqrt(%195) : f32[64]
//   inline %197 = add(%196, %144) : f32[64]
//   inline %198 = div(%194, %197) : f32[64]
//   %199 = sub(%23, %198) : f32[64] -> batch_norm_1.beta
//   totals.nonfinite := 1 where %199 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf15: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_m_batch_norm_1_beta: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_v_batch_norm_1_beta: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_batch_norm_1_beta: array<f32>;
@group(0) @binding(5) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(6) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(7) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

// One invocation per output element, looping over the reduced axis.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 64u) { return; }
  var acc0 = 0.0;
  for (var r = 0u; r < dims.N; r++) {
    let l0 = r * 64u + i;
    let r1 = v_train_step_buf15[l0];
    acc0 = acc0 + r1;
  }
  let r2 = p_optimizer_m_batch_norm_1_beta[i];
  let e3 = (0.9 * r2);
  let e4 = (0.09999999999999998 * acc0);
  let e5 = (e3 + e4);
  let r6 = p_optimizer_v_batch_norm_1_beta[i];
  let e7 = (0.999 * r6);
  let e8 = (acc0 * acc0);
  let e9 = (0.0010000000000000009 * e8);
  let e10 = (e7 + e9);
  let r11 = p_batch_norm_1_beta[i];
  let r12 = v_train_step_buf8[0u];
  let e13 = (e5 / r12);
  let e14 = (0.001 * e13);
  let r15 = v_train_step_buf14[0u];
  let e16 = (e10 / r15);
  let e17 = sqrt(e16);
  let e18 = (e17 + 1e-7);
  let e19 = (e14 / e18);
  let e20 = (r11 - e19);
  p_optimizer_m_batch_norm_1_beta[i] = e5;
  p_optimizer_v_batch_norm_1_beta[i] = e10;
  p_batch_norm_1_beta[i] = e20;
  if ((bitcast<u32>(f32(e20)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
}

// ===== train_step.k31_sum, variant for hardware GPUs =====
// kernel 31 (reduction + epilogue): %185, %187, %192, %199
//   inline %184 = mul(%0, %183) : f32[64]
//   %185 = sum(%95) : f32[64]
//   inline %186 = mul(%3, %185) : f32[64]
//   %187 = add(%184, %186) : f32[64] -> optimizer.m.batch_norm_1.beta
//   inline %189 = mul(%123, %188) : f32[64]
//   inline %190 = square(%185) : f32[64]
//   inline %191 = mul(%126, %190) : f32[64]
//   %192 = add(%189, %191) : f32[64] -> optimizer.v.batch_norm_1.beta
//   inline %193 = div(%187, %135) : f32[64]
//   inline %194 = mul(%17, %193) : f32[64]
//   inline %195 = div(%192, %141) : f32[64]
//   inline %196 = sqrt(%195) : f32[64]
//   inline %197 = add(%196, %144) : f32[64]
//   inline %198 = div(%194, %197) : f32[64]
//   %199 = sub(%23, %198) : f32[64] -> batch_norm_1.beta
//   totals.nonfinite := 1 where %199 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf15: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_m_batch_norm_1_beta: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_v_batch_norm_1_beta: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_batch_norm_1_beta: array<f32>;
@group(0) @binding(5) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(6) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(7) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

var<workgroup> part0: array<f32, 256>;

// GPU form: 8 output elements per workgroup, each reduced by 32 invocations (strided partial results), then a tree in workgroup memory.
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let o = wid.x * 8u + lid.x % 8u;
  let slice = lid.x / 8u;
  // Past the last output: clamped loads, no store (every invocation reaches the barriers).
  let i = min(o, 63u);
  var acc0 = 0.0;
  for (var r = slice; r < dims.N; r += 32u) {
    let l0 = r * 64u + i;
    let r1 = v_train_step_buf15[l0];
    acc0 = acc0 + r1;
  }
  part0[lid.x] = acc0;
  workgroupBarrier();
  for (var s = 16u; s > 0u; s = s >> 1u) {
    if (slice < s) {
      part0[lid.x] = part0[lid.x] + part0[lid.x + s * 8u];
    }
    workgroupBarrier();
  }
  if (slice == 0u && o < 64u) {
    acc0 = part0[lid.x];
    let r2 = p_optimizer_m_batch_norm_1_beta[i];
    let e3 = (0.9 * r2);
    let e4 = (0.09999999999999998 * acc0);
    let e5 = (e3 + e4);
    let r6 = p_optimizer_v_batch_norm_1_beta[i];
    let e7 = (0.999 * r6);
    let e8 = (acc0 * acc0);
    let e9 = (0.0010000000000000009 * e8);
    let e10 = (e7 + e9);
    let r11 = p_batch_norm_1_beta[i];
    let r12 = v_train_step_buf8[0u];
    let e13 = (e5 / r12);
    let e14 = (0.001 * e13);
    let r15 = v_train_step_buf14[0u];
    let e16 = (e10 / r15);
    let e17 = sqrt(e16);
    let e18 = (e17 + 1e-7);
    let e19 = (e14 / e18);
    let e20 = (r11 - e19);
    p_optimizer_m_batch_norm_1_beta[i] = e5;
    p_optimizer_v_batch_norm_1_beta[i] = e10;
    p_batch_norm_1_beta[i] = e20;
    if ((bitcast<u32>(f32(e20)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
}

// ===== train_step.k32_matmul_tn =====
// kernel 32 (matmul + epilogue): %205, %208, %213, %220
//   inline %201 = mul(%0, %200) : f32[64, 32]
//   inline %202 = broadcast_to(%4) : f32[64, 32]
//   inline %203 = mul(%6, %29) : f32[64, 32]
//   inline %204 = mul(%202, %203) : f32[64, 32]
//   %205 = matmul_tn(%28, %90) : f32[64, 32]
//   inline %206 = add(%204, %205) : f32[64, 32]
//   inline %207 = mul(%3, %206) : f32[64, 32]
//   %208 = add(%201, %207) : f32[64, 32] -> optimizer.m.dense_2.kernel
//   inline %210 = mul(%123, %209) : f32[64, 32]
//   inline %211 = square(%206) : f32[64, 32]
//   inline %212 = mul(%126, %211) : f32[64, 32]
//   %213 = add(%210, %212) : f32[64, 32] -> optimizer.v.dense_2.kernel
//   inline %214 = div(%208, %135) : f32[64, 32]
//   inline %215 = mul(%17, %214) : f32[64, 32]
//   inline %216 = div(%213, %141) : f32[64, 32]
//   inline %217 = sqrt(%216) : f32[64, 32]
//   inline %218 = add(%217, %144) : f32[64, 32]
//   inline %219 = div(%215, %218) : f32[64, 32]
//   %220 = sub(%29, %219) : f32[64, 32] -> dense_2.kernel
//   totals.nonfinite := 1 where %220 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> v_train_step_buf5: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_m_dense_2_kernel: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_dense_2_kernel: array<f32>;
@group(0) @binding(5) var<storage, read_write> p_optimizer_v_dense_2_kernel: array<f32>;
@group(0) @binding(6) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(7) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(8) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 32u + col;
  let r0 = p_optimizer_m_dense_2_kernel[idx];
  let e1 = (0.9 * r0);
  let r2 = p_dense_2_kernel[idx];
  let e3 = (2.0 * r2);
  let e4 = (0.01 * e3);
  let e5 = (e4 + v);
  let e6 = (0.09999999999999998 * e5);
  let e7 = (e1 + e6);
  let r8 = p_optimizer_v_dense_2_kernel[idx];
  let e9 = (0.999 * r8);
  let e10 = (e5 * e5);
  let e11 = (0.0010000000000000009 * e10);
  let e12 = (e9 + e11);
  let r13 = v_train_step_buf8[0u];
  let e14 = (e7 / r13);
  let e15 = (0.001 * e14);
  let r16 = v_train_step_buf14[0u];
  let e17 = (e12 / r16);
  let e18 = sqrt(e17);
  let e19 = (e18 + 1e-7);
  let e20 = (e15 / e19);
  let e21 = (r2 - e20);
  p_optimizer_m_dense_2_kernel[idx] = e7;
  p_optimizer_v_dense_2_kernel[idx] = e12;
  p_dense_2_kernel[idx] = e21;
  if ((bitcast<u32>(f32(e21)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
}

// 8 rows x 32 columns per workgroup; 8 x 1 vec4 accumulators per invocation.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = 64u;
  let K = dims.N;
  let P = 32u;
  let row0 = wid.y * 8u;
  let j0 = (wid.x * 8u + 0u + lid.x) * 4u;
  let rq0 = min(row0 / 4u + 0u, M / 4u - 1u);
  let rq1 = min(row0 / 4u + 1u, M / 4u - 1u);
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
    let a0_0 = v_train_step_buf4[(t) * (M / 4u) + rq0];
    let a1_0 = v_train_step_buf4[(t) * (M / 4u) + rq1];
    let a0_1 = v_train_step_buf4[(t + 1u) * (M / 4u) + rq0];
    let a1_1 = v_train_step_buf4[(t + 1u) * (M / 4u) + rq1];
    let a0_2 = v_train_step_buf4[(t + 2u) * (M / 4u) + rq0];
    let a1_2 = v_train_step_buf4[(t + 2u) * (M / 4u) + rq1];
    let a0_3 = v_train_step_buf4[(t + 3u) * (M / 4u) + rq0];
    let a1_3 = v_train_step_buf4[(t + 3u) * (M / 4u) + rq1];
    let b0_0 = v_train_step_buf5[(t) * (P / 4u) + jq0];
    let b0_1 = v_train_step_buf5[(t + 1u) * (P / 4u) + jq0];
    let b0_2 = v_train_step_buf5[(t + 2u) * (P / 4u) + jq0];
    let b0_3 = v_train_step_buf5[(t + 3u) * (P / 4u) + jq0];
    s0_0 += a0_0[0] * b0_0;
    s1_0 += a0_0[1] * b0_0;
    s2_0 += a0_0[2] * b0_0;
    s3_0 += a0_0[3] * b0_0;
    s4_0 += a1_0[0] * b0_0;
    s5_0 += a1_0[1] * b0_0;
    s6_0 += a1_0[2] * b0_0;
    s7_0 += a1_0[3] * b0_0;
    s0_0 += a0_1[0] * b0_1;
    s1_0 += a0_1[1] * b0_1;
    s2_0 += a0_1[2] * b0_1;
    s3_0 += a0_1[3] * b0_1;
    s4_0 += a1_1[0] * b0_1;
    s5_0 += a1_1[1] * b0_1;
    s6_0 += a1_1[2] * b0_1;
    s7_0 += a1_1[3] * b0_1;
    s0_0 += a0_2[0] * b0_2;
    s1_0 += a0_2[1] * b0_2;
    s2_0 += a0_2[2] * b0_2;
    s3_0 += a0_2[3] * b0_2;
    s4_0 += a1_2[0] * b0_2;
    s5_0 += a1_2[1] * b0_2;
    s6_0 += a1_2[2] * b0_2;
    s7_0 += a1_2[3] * b0_2;
    s0_0 += a0_3[0] * b0_3;
    s1_0 += a0_3[1] * b0_3;
    s2_0 += a0_3[2] * b0_3;
    s3_0 += a0_3[3] * b0_3;
    s4_0 += a1_3[0] * b0_3;
    s5_0 += a1_3[1] * b0_3;
    s6_0 += a1_3[2] * b0_3;
    s7_0 += a1_3[3] * b0_3;
  }
  for (; t < K; t += 1u) {
    let a0_0 = v_train_step_buf4[(t) * (M / 4u) + rq0];
    let a1_0 = v_train_step_buf4[(t) * (M / 4u) + rq1];
    let b0_0 = v_train_step_buf5[(t) * (P / 4u) + jq0];
    s0_0 += a0_0[0] * b0_0;
    s1_0 += a0_0[1] * b0_0;
    s2_0 += a0_0[2] * b0_0;
    s3_0 += a0_0[3] * b0_0;
    s4_0 += a1_0[0] * b0_0;
    s5_0 += a1_0[1] * b0_0;
    s6_0 += a1_0[2] * b0_0;
    s7_0 += a1_0[3] * b0_0;
  }
  let acc = array<vec4<f32>, 8>(s0_0, s1_0, s2_0, s3_0, s4_0, s5_0, s6_0, s7_0);
  for (var e = 0u; e < 32u; e++) {
    let r = e / 4u;
    let q = (e / 4u) % 1u;
    let c = e % 4u;
    let row = row0 + r;
    let col = j0 + q * 32u + c;
    if (row < M && col < P) { epi(row, col, acc[r * 1u + q][c]); }
  }
}

// ===== train_step.k32_matmul_tn, variant for subgroups of 8 =====
enable subgroups;
// kernel 32 (matmul + epilogue): %205, %208, %213, %220
//   inline %201 = mul(%0, %200) : f32[64, 32]
//   inline %202 = broadcast_to(%4) : f32[64, 32]
//   inline %203 = mul(%6, %29) : f32[64, 32]
//   inline %204 = mul(%202, %203) : f32[64, 32]
//   %205 = matmul_tn(%28, %90) : f32[64, 32]
//   inline %206 = add(%204, %205) : f32[64, 32]
//   inline %207 = mul(%3, %206) : f32[64, 32]
//   %208 = add(%201, %207) : f32[64, 32] -> optimizer.m.dense_2.kernel
//   inline %210 = mul(%123, %209) : f32[64, 32]
//   inline %211 = square(%206) : f32[64, 32]
//   inline %212 = mul(%126, %211) : f32[64, 32]
//   %213 = add(%210, %212) : f32[64, 32] -> optimizer.v.dense_2.kernel
//   inline %214 = div(%208, %135) : f32[64, 32]
//   inline %215 = mul(%17, %214) : f32[64, 32]
//   inline %216 = div(%213, %141) : f32[64, 32]
//   inline %217 = sqrt(%216) : f32[64, 32]
//   inline %218 = add(%217, %144) : f32[64, 32]
//   inline %219 = div(%215, %218) : f32[64, 32]
//   %220 = sub(%29, %219) : f32[64, 32] -> dense_2.kernel
//   totals.nonfinite := 1 where %220 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> v_train_step_buf5: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_m_dense_2_kernel: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_dense_2_kernel: array<f32>;
@group(0) @binding(5) var<storage, read_write> p_optimizer_v_dense_2_kernel: array<f32>;
@group(0) @binding(6) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(7) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(8) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 32u + col;
  let r0 = p_optimizer_m_dense_2_kernel[idx];
  let e1 = (0.9 * r0);
  let r2 = p_dense_2_kernel[idx];
  let e3 = (2.0 * r2);
  let e4 = (0.01 * e3);
  let e5 = (e4 + v);
  let e6 = (0.09999999999999998 * e5);
  let e7 = (e1 + e6);
  let r8 = p_optimizer_v_dense_2_kernel[idx];
  let e9 = (0.999 * r8);
  let e10 = (e5 * e5);
  let e11 = (0.0010000000000000009 * e10);
  let e12 = (e9 + e11);
  let r13 = v_train_step_buf8[0u];
  let e14 = (e7 / r13);
  let e15 = (0.001 * e14);
  let r16 = v_train_step_buf14[0u];
  let e17 = (e12 / r16);
  let e18 = sqrt(e17);
  let e19 = (e18 + 1e-7);
  let e20 = (e15 / e19);
  let e21 = (r2 - e20);
  p_optimizer_m_dense_2_kernel[idx] = e7;
  p_optimizer_v_dense_2_kernel[idx] = e12;
  p_dense_2_kernel[idx] = e21;
  if ((bitcast<u32>(f32(e21)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
}

// 16 rows x 32 columns per workgroup; 16 x 1 vec4 accumulators per invocation.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(subgroup_invocation_id) sid: u32) {
  let M = 64u;
  let K = dims.N;
  let P = 32u;
  let row0 = wid.y * 16u;
  let j0 = (wid.x * 8u + 0u + lid.x) * 4u;
  // Each lane loads the row operand for 2 rows; subgroupBroadcast hands them to the others.
  let ld0 = (0u + sid) / 4u;
  let lq0 = min(row0 / 4u + (0u + sid) % 4u, M / 4u - 1u);
  let ld1 = (8u + sid) / 4u;
  let lq1 = min(row0 / 4u + (8u + sid) % 4u, M / 4u - 1u);
  let lt = min(row0 / 4u + min(sid, 3u), M / 4u - 1u);
  let jq0 = min(j0 / 4u, P / 4u - 1u);
  var s0_0 = vec4<f32>(0.0);
  var s1_0 = vec4<f32>(0.0);
  var s2_0 = vec4<f32>(0.0);
  var s3_0 = vec4<f32>(0.0);
  var s4_0 = vec4<f32>(0.0);
  var s5_0 = vec4<f32>(0.0);
  var s6_0 = vec4<f32>(0.0);
  var s7_0 = vec4<f32>(0.0);
  var s8_0 = vec4<f32>(0.0);
  var s9_0 = vec4<f32>(0.0);
  var s10_0 = vec4<f32>(0.0);
  var s11_0 = vec4<f32>(0.0);
  var s12_0 = vec4<f32>(0.0);
  var s13_0 = vec4<f32>(0.0);
  var s14_0 = vec4<f32>(0.0);
  var s15_0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let my0 = v_train_step_buf4[(t + ld0) * (M / 4u) + lq0];
    let my1 = v_train_step_buf4[(t + ld1) * (M / 4u) + lq1];
    let a0_0 = subgroupBroadcast(my0[0], 0u);
    let a1_0 = subgroupBroadcast(my0[1], 0u);
    let a2_0 = subgroupBroadcast(my0[2], 0u);
    let a3_0 = subgroupBroadcast(my0[3], 0u);
    let a4_0 = subgroupBroadcast(my0[0], 1u);
    let a5_0 = subgroupBroadcast(my0[1], 1u);
    let a6_0 = subgroupBroadcast(my0[2], 1u);
    let a7_0 = subgroupBroadcast(my0[3], 1u);
    let a8_0 = subgroupBroadcast(my0[0], 2u);
    let a9_0 = subgroupBroadcast(my0[1], 2u);
    let a10_0 = subgroupBroadcast(my0[2], 2u);
    let a11_0 = subgroupBroadcast(my0[3], 2u);
    let a12_0 = subgroupBroadcast(my0[0], 3u);
    let a13_0 = subgroupBroadcast(my0[1], 3u);
    let a14_0 = subgroupBroadcast(my0[2], 3u);
    let a15_0 = subgroupBroadcast(my0[3], 3u);
    let a0_1 = subgroupBroadcast(my0[0], 4u);
    let a1_1 = subgroupBroadcast(my0[1], 4u);
    let a2_1 = subgroupBroadcast(my0[2], 4u);
    let a3_1 = subgroupBroadcast(my0[3], 4u);
    let a4_1 = subgroupBroadcast(my0[0], 5u);
    let a5_1 = subgroupBroadcast(my0[1], 5u);
    let a6_1 = subgroupBroadcast(my0[2], 5u);
    let a7_1 = subgroupBroadcast(my0[3], 5u);
    let a8_1 = subgroupBroadcast(my0[0], 6u);
    let a9_1 = subgroupBroadcast(my0[1], 6u);
    let a10_1 = subgroupBroadcast(my0[2], 6u);
    let a11_1 = subgroupBroadcast(my0[3], 6u);
    let a12_1 = subgroupBroadcast(my0[0], 7u);
    let a13_1 = subgroupBroadcast(my0[1], 7u);
    let a14_1 = subgroupBroadcast(my0[2], 7u);
    let a15_1 = subgroupBroadcast(my0[3], 7u);
    let a0_2 = subgroupBroadcast(my1[0], 0u);
    let a1_2 = subgroupBroadcast(my1[1], 0u);
    let a2_2 = subgroupBroadcast(my1[2], 0u);
    let a3_2 = subgroupBroadcast(my1[3], 0u);
    let a4_2 = subgroupBroadcast(my1[0], 1u);
    let a5_2 = subgroupBroadcast(my1[1], 1u);
    let a6_2 = subgroupBroadcast(my1[2], 1u);
    let a7_2 = subgroupBroadcast(my1[3], 1u);
    let a8_2 = subgroupBroadcast(my1[0], 2u);
    let a9_2 = subgroupBroadcast(my1[1], 2u);
    let a10_2 = subgroupBroadcast(my1[2], 2u);
    let a11_2 = subgroupBroadcast(my1[3], 2u);
    let a12_2 = subgroupBroadcast(my1[0], 3u);
    let a13_2 = subgroupBroadcast(my1[1], 3u);
    let a14_2 = subgroupBroadcast(my1[2], 3u);
    let a15_2 = subgroupBroadcast(my1[3], 3u);
    let a0_3 = subgroupBroadcast(my1[0], 4u);
    let a1_3 = subgroupBroadcast(my1[1], 4u);
    let a2_3 = subgroupBroadcast(my1[2], 4u);
    let a3_3 = subgroupBroadcast(my1[3], 4u);
    let a4_3 = subgroupBroadcast(my1[0], 5u);
    let a5_3 = subgroupBroadcast(my1[1], 5u);
    let a6_3 = subgroupBroadcast(my1[2], 5u);
    let a7_3 = subgroupBroadcast(my1[3], 5u);
    let a8_3 = subgroupBroadcast(my1[0], 6u);
    let a9_3 = subgroupBroadcast(my1[1], 6u);
    let a10_3 = subgroupBroadcast(my1[2], 6u);
    let a11_3 = subgroupBroadcast(my1[3], 6u);
    let a12_3 = subgroupBroadcast(my1[0], 7u);
    let a13_3 = subgroupBroadcast(my1[1], 7u);
    let a14_3 = subgroupBroadcast(my1[2], 7u);
    let a15_3 = subgroupBroadcast(my1[3], 7u);
    let b0_0 = v_train_step_buf5[(t) * (P / 4u) + jq0];
    let b0_1 = v_train_step_buf5[(t + 1u) * (P / 4u) + jq0];
    let b0_2 = v_train_step_buf5[(t + 2u) * (P / 4u) + jq0];
    let b0_3 = v_train_step_buf5[(t + 3u) * (P / 4u) + jq0];
    s0_0 += a0_0 * b0_0;
    s1_0 += a1_0 * b0_0;
    s2_0 += a2_0 * b0_0;
    s3_0 += a3_0 * b0_0;
    s4_0 += a4_0 * b0_0;
    s5_0 += a5_0 * b0_0;
    s6_0 += a6_0 * b0_0;
    s7_0 += a7_0 * b0_0;
    s8_0 += a8_0 * b0_0;
    s9_0 += a9_0 * b0_0;
    s10_0 += a10_0 * b0_0;
    s11_0 += a11_0 * b0_0;
    s12_0 += a12_0 * b0_0;
    s13_0 += a13_0 * b0_0;
    s14_0 += a14_0 * b0_0;
    s15_0 += a15_0 * b0_0;
    s0_0 += a0_1 * b0_1;
    s1_0 += a1_1 * b0_1;
    s2_0 += a2_1 * b0_1;
    s3_0 += a3_1 * b0_1;
    s4_0 += a4_1 * b0_1;
    s5_0 += a5_1 * b0_1;
    s6_0 += a6_1 * b0_1;
    s7_0 += a7_1 * b0_1;
    s8_0 += a8_1 * b0_1;
    s9_0 += a9_1 * b0_1;
    s10_0 += a10_1 * b0_1;
    s11_0 += a11_1 * b0_1;
    s12_0 += a12_1 * b0_1;
    s13_0 += a13_1 * b0_1;
    s14_0 += a14_1 * b0_1;
    s15_0 += a15_1 * b0_1;
    s0_0 += a0_2 * b0_2;
    s1_0 += a1_2 * b0_2;
    s2_0 += a2_2 * b0_2;
    s3_0 += a3_2 * b0_2;
    s4_0 += a4_2 * b0_2;
    s5_0 += a5_2 * b0_2;
    s6_0 += a6_2 * b0_2;
    s7_0 += a7_2 * b0_2;
    s8_0 += a8_2 * b0_2;
    s9_0 += a9_2 * b0_2;
    s10_0 += a10_2 * b0_2;
    s11_0 += a11_2 * b0_2;
    s12_0 += a12_2 * b0_2;
    s13_0 += a13_2 * b0_2;
    s14_0 += a14_2 * b0_2;
    s15_0 += a15_2 * b0_2;
    s0_0 += a0_3 * b0_3;
    s1_0 += a1_3 * b0_3;
    s2_0 += a2_3 * b0_3;
    s3_0 += a3_3 * b0_3;
    s4_0 += a4_3 * b0_3;
    s5_0 += a5_3 * b0_3;
    s6_0 += a6_3 * b0_3;
    s7_0 += a7_3 * b0_3;
    s8_0 += a8_3 * b0_3;
    s9_0 += a9_3 * b0_3;
    s10_0 += a10_3 * b0_3;
    s11_0 += a11_3 * b0_3;
    s12_0 += a12_3 * b0_3;
    s13_0 += a13_3 * b0_3;
    s14_0 += a14_3 * b0_3;
    s15_0 += a15_3 * b0_3;
  }
  for (; t < K; t += 1u) {
    let my0 = v_train_step_buf4[t * (M / 4u) + lt];
    let a0_0 = subgroupBroadcast(my0[0], 0u);
    let a1_0 = subgroupBroadcast(my0[1], 0u);
    let a2_0 = subgroupBroadcast(my0[2], 0u);
    let a3_0 = subgroupBroadcast(my0[3], 0u);
    let a4_0 = subgroupBroadcast(my0[0], 1u);
    let a5_0 = subgroupBroadcast(my0[1], 1u);
    let a6_0 = subgroupBroadcast(my0[2], 1u);
    let a7_0 = subgroupBroadcast(my0[3], 1u);
    let a8_0 = subgroupBroadcast(my0[0], 2u);
    let a9_0 = subgroupBroadcast(my0[1], 2u);
    let a10_0 = subgroupBroadcast(my0[2], 2u);
    let a11_0 = subgroupBroadcast(my0[3], 2u);
    let a12_0 = subgroupBroadcast(my0[0], 3u);
    let a13_0 = subgroupBroadcast(my0[1], 3u);
    let a14_0 = subgroupBroadcast(my0[2], 3u);
    let a15_0 = subgroupBroadcast(my0[3], 3u);
    let b0_0 = v_train_step_buf5[(t) * (P / 4u) + jq0];
    s0_0 += a0_0 * b0_0;
    s1_0 += a1_0 * b0_0;
    s2_0 += a2_0 * b0_0;
    s3_0 += a3_0 * b0_0;
    s4_0 += a4_0 * b0_0;
    s5_0 += a5_0 * b0_0;
    s6_0 += a6_0 * b0_0;
    s7_0 += a7_0 * b0_0;
    s8_0 += a8_0 * b0_0;
    s9_0 += a9_0 * b0_0;
    s10_0 += a10_0 * b0_0;
    s11_0 += a11_0 * b0_0;
    s12_0 += a12_0 * b0_0;
    s13_0 += a13_0 * b0_0;
    s14_0 += a14_0 * b0_0;
    s15_0 += a15_0 * b0_0;
  }
  let acc = array<vec4<f32>, 16>(s0_0, s1_0, s2_0, s3_0, s4_0, s5_0, s6_0, s7_0, s8_0, s9_0, s10_0, s11_0, s12_0, s13_0, s14_0, s15_0);
  for (var e = 0u; e < 64u; e++) {
    let r = e / 4u;
    let q = (e / 4u) % 1u;
    let c = e % 4u;
    let row = row0 + r;
    let col = j0 + q * 32u + c;
    if (row < M && col < P) { epi(row, col, acc[r * 1u + q][c]); }
  }
}

// ===== train_step.k32_matmul_tn, variant for hardware GPUs =====
// kernel 32 (matmul + epilogue): %205, %208, %213, %220
//   inline %201 = mul(%0, %200) : f32[64, 32]
//   inline %202 = broadcast_to(%4) : f32[64, 32]
//   inline %203 = mul(%6, %29) : f32[64, 32]
//   inline %204 = mul(%202, %203) : f32[64, 32]
//   %205 = matmul_tn(%28, %90) : f32[64, 32]
//   inline %206 = add(%204, %205) : f32[64, 32]
//   inline %207 = mul(%3, %206) : f32[64, 32]
//   %208 = add(%201, %207) : f32[64, 32] -> optimizer.m.dense_2.kernel
//   inline %210 = mul(%123, %209) : f32[64, 32]
//   inline %211 = square(%206) : f32[64, 32]
//   inline %212 = mul(%126, %211) : f32[64, 32]
//   %213 = add(%210, %212) : f32[64, 32] -> optimizer.v.dense_2.kernel
//   inline %214 = div(%208, %135) : f32[64, 32]
//   inline %215 = mul(%17, %214) : f32[64, 32]
//   inline %216 = div(%213, %141) : f32[64, 32]
//   inline %217 = sqrt(%216) : f32[64, 32]
//   inline %218 = add(%217, %144) : f32[64, 32]
//   inline %219 = div(%215, %218) : f32[64, 32]
//   %220 = sub(%29, %219) : f32[64, 32] -> dense_2.kernel
//   totals.nonfinite := 1 where %220 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> v_train_step_buf5: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_m_dense_2_kernel: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_dense_2_kernel: array<f32>;
@group(0) @binding(5) var<storage, read_write> p_optimizer_v_dense_2_kernel: array<f32>;
@group(0) @binding(6) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(7) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(8) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 32u + col;
  let r0 = p_optimizer_m_dense_2_kernel[idx];
  let e1 = (0.9 * r0);
  let r2 = p_dense_2_kernel[idx];
  let e3 = (2.0 * r2);
  let e4 = (0.01 * e3);
  let e5 = (e4 + v);
  let e6 = (0.09999999999999998 * e5);
  let e7 = (e1 + e6);
  let r8 = p_optimizer_v_dense_2_kernel[idx];
  let e9 = (0.999 * r8);
  let e10 = (e5 * e5);
  let e11 = (0.0010000000000000009 * e10);
  let e12 = (e9 + e11);
  let r13 = v_train_step_buf8[0u];
  let e14 = (e7 / r13);
  let e15 = (0.001 * e14);
  let r16 = v_train_step_buf14[0u];
  let e17 = (e12 / r16);
  let e18 = sqrt(e17);
  let e19 = (e18 + 1e-7);
  let e20 = (e15 / e19);
  let e21 = (r2 - e20);
  p_optimizer_m_dense_2_kernel[idx] = e7;
  p_optimizer_v_dense_2_kernel[idx] = e12;
  p_dense_2_kernel[idx] = e21;
  if ((bitcast<u32>(f32(e21)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
}

var<workgroup> kparts: array<vec4<f32>, 896>;

// 4 rows x 128 columns per workgroup; 4 x 1 vec4 accumulators per invocation; the contraction split over 8 slices of 32 invocations.
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = 64u;
  let K = dims.N;
  let P = 32u;
  let row0 = wid.y * 4u;
  let lane = lid.x % 32u;
  let slice = lid.x / 32u;
  let j0 = (wid.x * 32u + 0u + lane) * 4u;
  let rq0 = min(row0 / 4u + 0u, M / 4u - 1u);
  let jq0 = min(j0 / 4u, P / 4u - 1u);
  var s0_0 = vec4<f32>(0.0);
  var s1_0 = vec4<f32>(0.0);
  var s2_0 = vec4<f32>(0.0);
  var s3_0 = vec4<f32>(0.0);
  let kc = (K + 31u) / 32u * 4u;
  let kb = min(slice * kc, K);
  let ke = min(kb + kc, K);
  var t = kb;
  for (; t + 4u <= ke; t += 4u) {
    let a0_0 = v_train_step_buf4[(t) * (M / 4u) + rq0];
    let a0_1 = v_train_step_buf4[(t + 1u) * (M / 4u) + rq0];
    let a0_2 = v_train_step_buf4[(t + 2u) * (M / 4u) + rq0];
    let a0_3 = v_train_step_buf4[(t + 3u) * (M / 4u) + rq0];
    let b0_0 = v_train_step_buf5[(t) * (P / 4u) + jq0];
    let b0_1 = v_train_step_buf5[(t + 1u) * (P / 4u) + jq0];
    let b0_2 = v_train_step_buf5[(t + 2u) * (P / 4u) + jq0];
    let b0_3 = v_train_step_buf5[(t + 3u) * (P / 4u) + jq0];
    s0_0 += a0_0[0] * b0_0;
    s1_0 += a0_0[1] * b0_0;
    s2_0 += a0_0[2] * b0_0;
    s3_0 += a0_0[3] * b0_0;
    s0_0 += a0_1[0] * b0_1;
    s1_0 += a0_1[1] * b0_1;
    s2_0 += a0_1[2] * b0_1;
    s3_0 += a0_1[3] * b0_1;
    s0_0 += a0_2[0] * b0_2;
    s1_0 += a0_2[1] * b0_2;
    s2_0 += a0_2[2] * b0_2;
    s3_0 += a0_2[3] * b0_2;
    s0_0 += a0_3[0] * b0_3;
    s1_0 += a0_3[1] * b0_3;
    s2_0 += a0_3[2] * b0_3;
    s3_0 += a0_3[3] * b0_3;
  }
  for (; t < ke; t += 1u) {
    let a0_0 = v_train_step_buf4[(t) * (M / 4u) + rq0];
    let b0_0 = v_train_step_buf5[(t) * (P / 4u) + jq0];
    s0_0 += a0_0[0] * b0_0;
    s1_0 += a0_0[1] * b0_0;
    s2_0 += a0_0[2] * b0_0;
    s3_0 += a0_0[3] * b0_0;
  }
  // Slices 1.. hand their partial sums to slice 0 and stop; slice 0 adds them and runs the epilogue.
  if (slice != 0u) {
    kparts[((slice - 1u) * 4u + 0u) * 32u + lane] = s0_0;
    kparts[((slice - 1u) * 4u + 1u) * 32u + lane] = s1_0;
    kparts[((slice - 1u) * 4u + 2u) * 32u + lane] = s2_0;
    kparts[((slice - 1u) * 4u + 3u) * 32u + lane] = s3_0;
  }
  workgroupBarrier();
  if (slice != 0u) { return; }
  for (var k = 0u; k < 7u; k++) {
    s0_0 += kparts[(k * 4u + 0u) * 32u + lane];
    s1_0 += kparts[(k * 4u + 1u) * 32u + lane];
    s2_0 += kparts[(k * 4u + 2u) * 32u + lane];
    s3_0 += kparts[(k * 4u + 3u) * 32u + lane];
  }
  if (row0 + 0u < M && j0 + 0u < P) { epi(row0 + 0u, j0 + 0u, s0_0[0]); }
  if (row0 + 0u < M && j0 + 1u < P) { epi(row0 + 0u, j0 + 1u, s0_0[1]); }
  if (row0 + 0u < M && j0 + 2u < P) { epi(row0 + 0u, j0 + 2u, s0_0[2]); }
  if (row0 + 0u < M && j0 + 3u < P) { epi(row0 + 0u, j0 + 3u, s0_0[3]); }
  if (row0 + 1u < M && j0 + 0u < P) { epi(row0 + 1u, j0 + 0u, s1_0[0]); }
  if (row0 + 1u < M && j0 + 1u < P) { epi(row0 + 1u, j0 + 1u, s1_0[1]); }
  if (row0 + 1u < M && j0 + 2u < P) { epi(row0 + 1u, j0 + 2u, s1_0[2]); }
  if (row0 + 1u < M && j0 + 3u < P) { epi(row0 + 1u, j0 + 3u, s1_0[3]); }
  if (row0 + 2u < M && j0 + 0u < P) { epi(row0 + 2u, j0 + 0u, s2_0[0]); }
  if (row0 + 2u < M && j0 + 1u < P) { epi(row0 + 2u, j0 + 1u, s2_0[1]); }
  if (row0 + 2u < M && j0 + 2u < P) { epi(row0 + 2u, j0 + 2u, s2_0[2]); }
  if (row0 + 2u < M && j0 + 3u < P) { epi(row0 + 2u, j0 + 3u, s2_0[3]); }
  if (row0 + 3u < M && j0 + 0u < P) { epi(row0 + 3u, j0 + 0u, s3_0[0]); }
  if (row0 + 3u < M && j0 + 1u < P) { epi(row0 + 3u, j0 + 1u, s3_0[1]); }
  if (row0 + 3u < M && j0 + 2u < P) { epi(row0 + 3u, j0 + 2u, s3_0[2]); }
  if (row0 + 3u < M && j0 + 3u < P) { epi(row0 + 3u, j0 + 3u, s3_0[3]); }
}

// ===== train_step.k33_sum =====
// kernel 33 (reduction + epilogue): %223, %225, %230, %237
//   inline %222 = mul(%0, %221) : f32[32]
//   %223 = sum(%90) : f32[32]
//   inline %224 = mul(%3, %223) : f32[32]
//   %225 = add(%222, %224) : f32[32] -> optimizer.m.dense_2.bias
//   inline %227 = mul(%123, %226) : f32[32]
//   inline %228 = square(%223) : f32[32]
//   inline %229 = mul(%126, %228) : f32[32]
//   %230 = add(%227, %229) : f32[32] -> optimizer.v.dense_2.bias
//   inline %231 = div(%225, %135) : f32[32]
//   inline %232 = mul(%17, %231) : f32[32]
//   inline %233 = div(%230, %141) : f32[32]
//   inline %234 = sqrt(%233) : f32[32]
//   inline %235 = add(%234, %144) : f32[32]
//   inline %236 = div(%232, %235) : f32[32]
//   %237 = sub(%31, %236) : f32[32] -> dense_2.bias
//   totals.nonfinite := 1 where %237 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf5: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_m_dense_2_bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_v_dense_2_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_dense_2_bias: array<f32>;
@group(0) @binding(5) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(6) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(7) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

// One invocation per output element, looping over the reduced axis.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 32u) { return; }
  var acc0 = 0.0;
  for (var r = 0u; r < dims.N; r++) {
    let l0 = r * 32u + i;
    let r1 = v_train_step_buf5[l0];
    acc0 = acc0 + r1;
  }
  let r2 = p_optimizer_m_dense_2_bias[i];
  let e3 = (0.9 * r2);
  let e4 = (0.09999999999999998 * acc0);
  let e5 = (e3 + e4);
  let r6 = p_optimizer_v_dense_2_bias[i];
  let e7 = (0.999 * r6);
  let e8 = (acc0 * acc0);
  let e9 = (0.0010000000000000009 * e8);
  let e10 = (e7 + e9);
  let r11 = p_dense_2_bias[i];
  let r12 = v_train_step_buf8[0u];
  let e13 = (e5 / r12);
  let e14 = (0.001 * e13);
  let r15 = v_train_step_buf14[0u];
  let e16 = (e10 / r15);
  let e17 = sqrt(e16);
  let e18 = (e17 + 1e-7);
  let e19 = (e14 / e18);
  let e20 = (r11 - e19);
  p_optimizer_m_dense_2_bias[i] = e5;
  p_optimizer_v_dense_2_bias[i] = e10;
  p_dense_2_bias[i] = e20;
  if ((bitcast<u32>(f32(e20)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
}

// ===== train_step.k33_sum, variant for hardware GPUs =====
// kernel 33 (reduction + epilogue): %223, %225, %230, %237
//   inline %222 = mul(%0, %221) : f32[32]
//   %223 = sum(%90) : f32[32]
//   inline %224 = mul(%3, %223) : f32[32]
//   %225 = add(%222, %224) : f32[32] -> optimizer.m.dense_2.bias
//   inline %227 = mul(%123, %226) : f32[32]
//   inline %228 = square(%223) : f32[32]
//   inline %229 = mul(%126, %228) : f32[32]
//   %230 = add(%227, %229) : f32[32] -> optimizer.v.dense_2.bias
//   inline %231 = div(%225, %135) : f32[32]
//   inline %232 = mul(%17, %231) : f32[32]
//   inline %233 = div(%230, %141) : f32[32]
//   inline %234 = sqrt(%233) : f32[32]
//   inline %235 = add(%234, %144) : f32[32]
//   inline %236 = div(%232, %235) : f32[32]
//   %237 = sub(%31, %236) : f32[32] -> dense_2.bias
//   totals.nonfinite := 1 where %237 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf5: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_m_dense_2_bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_v_dense_2_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_dense_2_bias: array<f32>;
@group(0) @binding(5) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(6) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(7) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

var<workgroup> part0: array<f32, 256>;

// GPU form: 8 output elements per workgroup, each reduced by 32 invocations (strided partial results), then a tree in workgroup memory.
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let o = wid.x * 8u + lid.x % 8u;
  let slice = lid.x / 8u;
  // Past the last output: clamped loads, no store (every invocation reaches the barriers).
  let i = min(o, 31u);
  var acc0 = 0.0;
  for (var r = slice; r < dims.N; r += 32u) {
    let l0 = r * 32u + i;
    let r1 = v_train_step_buf5[l0];
    acc0 = acc0 + r1;
  }
  part0[lid.x] = acc0;
  workgroupBarrier();
  for (var s = 16u; s > 0u; s = s >> 1u) {
    if (slice < s) {
      part0[lid.x] = part0[lid.x] + part0[lid.x + s * 8u];
    }
    workgroupBarrier();
  }
  if (slice == 0u && o < 32u) {
    acc0 = part0[lid.x];
    let r2 = p_optimizer_m_dense_2_bias[i];
    let e3 = (0.9 * r2);
    let e4 = (0.09999999999999998 * acc0);
    let e5 = (e3 + e4);
    let r6 = p_optimizer_v_dense_2_bias[i];
    let e7 = (0.999 * r6);
    let e8 = (acc0 * acc0);
    let e9 = (0.0010000000000000009 * e8);
    let e10 = (e7 + e9);
    let r11 = p_dense_2_bias[i];
    let r12 = v_train_step_buf8[0u];
    let e13 = (e5 / r12);
    let e14 = (0.001 * e13);
    let r15 = v_train_step_buf14[0u];
    let e16 = (e10 / r15);
    let e17 = sqrt(e16);
    let e18 = (e17 + 1e-7);
    let e19 = (e14 / e18);
    let e20 = (r11 - e19);
    p_optimizer_m_dense_2_bias[i] = e5;
    p_optimizer_v_dense_2_bias[i] = e10;
    p_dense_2_bias[i] = e20;
    if ((bitcast<u32>(f32(e20)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
}

// ===== train_step.k34_sum =====
// kernel 34 (reduction + epilogue): %241, %243, %248, %255
//   inline %239 = mul(%0, %238) : f32[32]
//   %241 = sum(%240) : f32[32]
//   inline %242 = mul(%3, %241) : f32[32]
//   %243 = add(%239, %242) : f32[32] -> optimizer.m.batch_norm_2.gamma
//   inline %245 = mul(%123, %244) : f32[32]
//   inline %246 = square(%241) : f32[32]
//   inline %247 = mul(%126, %246) : f32[32]
//   %248 = add(%245, %247) : f32[32] -> optimizer.v.batch_norm_2.gamma
//   inline %249 = div(%243, %135) : f32[32]
//   inline %250 = mul(%17, %249) : f32[32]
//   inline %251 = div(%248, %141) : f32[32]
//   inline %252 = sqrt(%251) : f32[32]
//   inline %253 = add(%252, %144) : f32[32]
//   inline %254 = div(%250, %253) : f32[32]
//   %255 = sub(%39, %254) : f32[32] -> batch_norm_2.gamma
//   (reductions finished from the partial statistics of %62's kernel in train_step.buf12)
//   totals.nonfinite := 1 where %255 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf12: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_m_batch_norm_2_gamma: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_v_batch_norm_2_gamma: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_batch_norm_2_gamma: array<f32>;
@group(0) @binding(5) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(6) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(7) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

// One invocation per column: merges the 8-row tiles' partial statistics written by the matmul kernel.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 32u) { return; }
  let M = dims.N;
  let P = 32u;
  let T = (M + 7u) / 8u;
  var n = 0.0;
  var sum0 = 0.0;
  for (var t = 0u; t < T; t++) {
    let nt = f32(min(8u, M - t * 8u));
    let nn = n + nt;
    sum0 = sum0 + v_train_step_buf12[(t * 1u + 0u) * P + i];
    n = nn;
  }
  let r0 = p_optimizer_m_batch_norm_2_gamma[i];
  let e1 = (0.9 * r0);
  let e2 = (0.09999999999999998 * sum0);
  let e3 = (e1 + e2);
  let r4 = p_optimizer_v_batch_norm_2_gamma[i];
  let e5 = (0.999 * r4);
  let e6 = (sum0 * sum0);
  let e7 = (0.0010000000000000009 * e6);
  let e8 = (e5 + e7);
  let r9 = p_batch_norm_2_gamma[i];
  let r10 = v_train_step_buf8[0u];
  let e11 = (e3 / r10);
  let e12 = (0.001 * e11);
  let r13 = v_train_step_buf14[0u];
  let e14 = (e8 / r13);
  let e15 = sqrt(e14);
  let e16 = (e15 + 1e-7);
  let e17 = (e12 / e16);
  let e18 = (r9 - e17);
  p_optimizer_m_batch_norm_2_gamma[i] = e3;
  p_optimizer_v_batch_norm_2_gamma[i] = e8;
  p_batch_norm_2_gamma[i] = e18;
  if ((bitcast<u32>(f32(e18)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
}

// ===== train_step.k34_sum, variant for hardware GPUs =====
// kernel 34 (reduction + epilogue): %241, %243, %248, %255
//   inline %239 = mul(%0, %238) : f32[32]
//   %241 = sum(%240) : f32[32]
//   inline %242 = mul(%3, %241) : f32[32]
//   %243 = add(%239, %242) : f32[32] -> optimizer.m.batch_norm_2.gamma
//   inline %245 = mul(%123, %244) : f32[32]
//   inline %246 = square(%241) : f32[32]
//   inline %247 = mul(%126, %246) : f32[32]
//   %248 = add(%245, %247) : f32[32] -> optimizer.v.batch_norm_2.gamma
//   inline %249 = div(%243, %135) : f32[32]
//   inline %250 = mul(%17, %249) : f32[32]
//   inline %251 = div(%248, %141) : f32[32]
//   inline %252 = sqrt(%251) : f32[32]
//   inline %253 = add(%252, %144) : f32[32]
//   inline %254 = div(%250, %253) : f32[32]
//   %255 = sub(%39, %254) : f32[32] -> batch_norm_2.gamma
//   (reductions finished from the partial statistics of %62's kernel in train_step.buf12)
//   totals.nonfinite := 1 where %255 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf12: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_m_batch_norm_2_gamma: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_v_batch_norm_2_gamma: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_batch_norm_2_gamma: array<f32>;
@group(0) @binding(5) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(6) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(7) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

var<workgroup> part0: array<f32, 256>;

// GPU form: 8 columns per workgroup, each merged by 32 invocations (tiles slice, slice + 32, ...), then a tree in workgroup memory.
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let o = wid.x * 8u + lid.x % 8u;
  let slice = lid.x / 8u;
  // Past the last output: clamped loads, no store (every invocation reaches the barriers).
  let i = min(o, 31u);
  let M = dims.N;
  let P = 32u;
  let T = (M + 7u) / 8u;
  var n = 0.0;
  var sum0 = 0.0;
  for (var t = slice; t < T; t += 32u) {
    let nt = f32(min(8u, M - t * 8u));
    let nn = n + nt;
    sum0 = sum0 + v_train_step_buf12[(t * 1u + 0u) * P + i];
    n = nn;
  }
  part0[lid.x] = sum0;
  workgroupBarrier();
  for (var s = 16u; s > 0u; s = s >> 1u) {
    if (slice < s) {
      part0[lid.x] = part0[lid.x] + part0[lid.x + s * 8u];
    }
    workgroupBarrier();
  }
  if (slice == 0u && o < 32u) {
    sum0 = part0[lid.x];
    let r0 = p_optimizer_m_batch_norm_2_gamma[i];
    let e1 = (0.9 * r0);
    let e2 = (0.09999999999999998 * sum0);
    let e3 = (e1 + e2);
    let r4 = p_optimizer_v_batch_norm_2_gamma[i];
    let e5 = (0.999 * r4);
    let e6 = (sum0 * sum0);
    let e7 = (0.0010000000000000009 * e6);
    let e8 = (e5 + e7);
    let r9 = p_batch_norm_2_gamma[i];
    let r10 = v_train_step_buf8[0u];
    let e11 = (e3 / r10);
    let e12 = (0.001 * e11);
    let r13 = v_train_step_buf14[0u];
    let e14 = (e8 / r13);
    let e15 = sqrt(e14);
    let e16 = (e15 + 1e-7);
    let e17 = (e12 / e16);
    let e18 = (r9 - e17);
    p_optimizer_m_batch_norm_2_gamma[i] = e3;
    p_optimizer_v_batch_norm_2_gamma[i] = e8;
    p_batch_norm_2_gamma[i] = e18;
    if ((bitcast<u32>(f32(e18)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
}

// ===== train_step.k35_sum =====
// kernel 35 (reduction + epilogue): %258, %260, %265, %272
//   inline %257 = mul(%0, %256) : f32[32]
//   %258 = sum(%66) : f32[32]
//   inline %259 = mul(%3, %258) : f32[32]
//   %260 = add(%257, %259) : f32[32] -> optimizer.m.batch_norm_2.beta
//   inline %262 = mul(%123, %261) : f32[32]
//   inline %263 = square(%258) : f32[32]
//   inline %264 = mul(%126, %263) : f32[32]
//   %265 = add(%262, %264) : f32[32] -> optimizer.v.batch_norm_2.beta
//   inline %266 = div(%260, %135) : f32[32]
//   inline %267 = mul(%17, %266) : f32[32]
//   inline %268 = div(%265, %141) : f32[32]
//   inline %269 = sqrt(%268) : f32[32]
//   inline %270 = add(%269, %144) : f32[32]
//   inline %271 = div(%267, %270) : f32[32]
//   %272 = sub(%41, %271) : f32[32] -> batch_norm_2.beta
//   totals.nonfinite := 1 where %272 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf13: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_m_batch_norm_2_beta: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_v_batch_norm_2_beta: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_batch_norm_2_beta: array<f32>;
@group(0) @binding(5) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(6) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(7) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

// One invocation per output element, looping over the reduced axis.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 32u) { return; }
  var acc0 = 0.0;
  for (var r = 0u; r < dims.N; r++) {
    let l0 = r * 32u + i;
    let r1 = v_train_step_buf13[l0];
    acc0 = acc0 + r1;
  }
  let r2 = p_optimizer_m_batch_norm_2_beta[i];
  let e3 = (0.9 * r2);
  let e4 = (0.09999999999999998 * acc0);
  let e5 = (e3 + e4);
  let r6 = p_optimizer_v_batch_norm_2_beta[i];
  let e7 = (0.999 * r6);
  let e8 = (acc0 * acc0);
  let e9 = (0.0010000000000000009 * e8);
  let e10 = (e7 + e9);
  let r11 = p_batch_norm_2_beta[i];
  let r12 = v_train_step_buf8[0u];
  let e13 = (e5 / r12);
  let e14 = (0.001 * e13);
  let r15 = v_train_step_buf14[0u];
  let e16 = (e10 / r15);
  let e17 = sqrt(e16);
  let e18 = (e17 + 1e-7);
  let e19 = (e14 / e18);
  let e20 = (r11 - e19);
  p_optimizer_m_batch_norm_2_beta[i] = e5;
  p_optimizer_v_batch_norm_2_beta[i] = e10;
  p_batch_norm_2_beta[i] = e20;
  if ((bitcast<u32>(f32(e20)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
}

// ===== train_step.k35_sum, variant for hardware GPUs =====
// kernel 35 (reduction + epilogue): %258, %260, %265, %272
//   inline %257 = mul(%0, %256) : f32[32]
//   %258 = sum(%66) : f32[32]
//   inline %259 = mul(%3, %258) : f32[32]
//   %260 = add(%257, %259) : f32[32] -> optimizer.m.batch_norm_2.beta
//   inline %262 = mul(%123, %261) : f32[32]
//   inline %263 = square(%258) : f32[32]
//   inline %264 = mul(%126, %263) : f32[32]
//   %265 = add(%262, %264) : f32[32] -> optimizer.v.batch_norm_2.beta
//   inline %266 = div(%260, %135) : f32[32]
//   inline %267 = mul(%17, %266) : f32[32]
//   inline %268 = div(%265, %141) : f32[32]
//   inline %269 = sqrt(%268) : f32[32]
//   inline %270 = add(%269, %144) : f32[32]
//   inline %271 = div(%267, %270) : f32[32]
//   %272 = sub(%41, %271) : f32[32] -> batch_norm_2.beta
//   totals.nonfinite := 1 where %272 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf13: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_m_batch_norm_2_beta: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_v_batch_norm_2_beta: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_batch_norm_2_beta: array<f32>;
@group(0) @binding(5) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(6) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(7) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

var<workgroup> part0: array<f32, 256>;

// GPU form: 8 output elements per workgroup, each reduced by 32 invocations (strided partial results), then a tree in workgroup memory.
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let o = wid.x * 8u + lid.x % 8u;
  let slice = lid.x / 8u;
  // Past the last output: clamped loads, no store (every invocation reaches the barriers).
  let i = min(o, 31u);
  var acc0 = 0.0;
  for (var r = slice; r < dims.N; r += 32u) {
    let l0 = r * 32u + i;
    let r1 = v_train_step_buf13[l0];
    acc0 = acc0 + r1;
  }
  part0[lid.x] = acc0;
  workgroupBarrier();
  for (var s = 16u; s > 0u; s = s >> 1u) {
    if (slice < s) {
      part0[lid.x] = part0[lid.x] + part0[lid.x + s * 8u];
    }
    workgroupBarrier();
  }
  if (slice == 0u && o < 32u) {
    acc0 = part0[lid.x];
    let r2 = p_optimizer_m_batch_norm_2_beta[i];
    let e3 = (0.9 * r2);
    let e4 = (0.09999999999999998 * acc0);
    let e5 = (e3 + e4);
    let r6 = p_optimizer_v_batch_norm_2_beta[i];
    let e7 = (0.999 * r6);
    let e8 = (acc0 * acc0);
    let e9 = (0.0010000000000000009 * e8);
    let e10 = (e7 + e9);
    let r11 = p_batch_norm_2_beta[i];
    let r12 = v_train_step_buf8[0u];
    let e13 = (e5 / r12);
    let e14 = (0.001 * e13);
    let r15 = v_train_step_buf14[0u];
    let e16 = (e10 / r15);
    let e17 = sqrt(e16);
    let e18 = (e17 + 1e-7);
    let e19 = (e14 / e18);
    let e20 = (r11 - e19);
    p_optimizer_m_batch_norm_2_beta[i] = e5;
    p_optimizer_v_batch_norm_2_beta[i] = e10;
    p_batch_norm_2_beta[i] = e20;
    if ((bitcast<u32>(f32(e20)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
}

// ===== train_step.k36_matmul_tn =====
// kernel 36 (matmul + epilogue): %275, %277, %282, %289
//   inline %274 = mul(%0, %273) : f32[32, 1]
//   %275 = matmul_tn(%45, %60) : f32[32, 1]
//   inline %276 = mul(%3, %275) : f32[32, 1]
//   %277 = add(%274, %276) : f32[32, 1] -> optimizer.m.output_layer.kernel
//   inline %279 = mul(%123, %278) : f32[32, 1]
//   inline %280 = square(%275) : f32[32, 1]
//   inline %281 = mul(%126, %280) : f32[32, 1]
//   %282 = add(%279, %281) : f32[32, 1] -> optimizer.v.output_layer.kernel
//   inline %283 = div(%277, %135) : f32[32, 1]
//   inline %284 = mul(%17, %283) : f32[32, 1]
//   inline %285 = div(%282, %141) : f32[32, 1]
//   inline %286 = sqrt(%285) : f32[32, 1]
//   inline %287 = add(%286, %144) : f32[32, 1]
//   inline %288 = div(%284, %287) : f32[32, 1]
//   %289 = sub(%46, %288) : f32[32, 1] -> output_layer.kernel
//   totals.nonfinite := 1 where %289 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf9: array<f32>;
@group(0) @binding(2) var<storage, read> v_train_step_buf11: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_m_output_layer_kernel: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_optimizer_v_output_layer_kernel: array<f32>;
@group(0) @binding(5) var<storage, read_write> p_output_layer_kernel: array<f32>;
@group(0) @binding(6) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(7) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(8) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 1u + col;
  let r0 = p_optimizer_m_output_layer_kernel[idx];
  let e1 = (0.9 * r0);
  let e2 = (0.09999999999999998 * v);
  let e3 = (e1 + e2);
  let r4 = p_optimizer_v_output_layer_kernel[idx];
  let e5 = (0.999 * r4);
  let e6 = (v * v);
  let e7 = (0.0010000000000000009 * e6);
  let e8 = (e5 + e7);
  let r9 = p_output_layer_kernel[idx];
  let r10 = v_train_step_buf8[0u];
  let e11 = (e3 / r10);
  let e12 = (0.001 * e11);
  let r13 = v_train_step_buf14[0u];
  let e14 = (e8 / r13);
  let e15 = sqrt(e14);
  let e16 = (e15 + 1e-7);
  let e17 = (e12 / e16);
  let e18 = (r9 - e17);
  p_optimizer_m_output_layer_kernel[idx] = e3;
  p_optimizer_v_output_layer_kernel[idx] = e8;
  p_output_layer_kernel[idx] = e18;
  if ((bitcast<u32>(f32(e18)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
}

// One row per invocation, all 1 columns in 1 vec4 accumulators.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = 32u;
  let K = dims.N;
  let P = 1u;
  let i = wid.x * 8u + lid.x;
  let ic = min(i, M - 1u);
  var s0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a_0 = v_train_step_buf9[(t) * M + ic];
    let a_1 = v_train_step_buf9[(t + 1u) * M + ic];
    let a_2 = v_train_step_buf9[(t + 2u) * M + ic];
    let a_3 = v_train_step_buf9[(t + 3u) * M + ic];
    let b0_0 = vec4<f32>(v_train_step_buf11[(t) * P + 0u], v_train_step_buf11[(t) * P + 0u], v_train_step_buf11[(t) * P + 0u], v_train_step_buf11[(t) * P + 0u]);
    let b0_1 = vec4<f32>(v_train_step_buf11[(t + 1u) * P + 0u], v_train_step_buf11[(t + 1u) * P + 0u], v_train_step_buf11[(t + 1u) * P + 0u], v_train_step_buf11[(t + 1u) * P + 0u]);
    let b0_2 = vec4<f32>(v_train_step_buf11[(t + 2u) * P + 0u], v_train_step_buf11[(t + 2u) * P + 0u], v_train_step_buf11[(t + 2u) * P + 0u], v_train_step_buf11[(t + 2u) * P + 0u]);
    let b0_3 = vec4<f32>(v_train_step_buf11[(t + 3u) * P + 0u], v_train_step_buf11[(t + 3u) * P + 0u], v_train_step_buf11[(t + 3u) * P + 0u], v_train_step_buf11[(t + 3u) * P + 0u]);
    s0 += a_0 * b0_0;
    s0 += a_1 * b0_1;
    s0 += a_2 * b0_2;
    s0 += a_3 * b0_3;
  }
  for (; t < K; t += 1u) {
    let a_0 = v_train_step_buf9[(t) * M + ic];
    let b0_0 = vec4<f32>(v_train_step_buf11[(t) * P + 0u], v_train_step_buf11[(t) * P + 0u], v_train_step_buf11[(t) * P + 0u], v_train_step_buf11[(t) * P + 0u]);
    s0 += a_0 * b0_0;
  }
  if (i < M) {
    epi(i, 0u, s0[0]);
  }
}

// ===== train_step.k36_matmul_tn, variant for subgroups of 8 =====
enable subgroups;
// kernel 36 (matmul + epilogue): %275, %277, %282, %289
//   inline %274 = mul(%0, %273) : f32[32, 1]
//   %275 = matmul_tn(%45, %60) : f32[32, 1]
//   inline %276 = mul(%3, %275) : f32[32, 1]
//   %277 = add(%274, %276) : f32[32, 1] -> optimizer.m.output_layer.kernel
//   inline %279 = mul(%123, %278) : f32[32, 1]
//   inline %280 = square(%275) : f32[32, 1]
//   inline %281 = mul(%126, %280) : f32[32, 1]
//   %282 = add(%279, %281) : f32[32, 1] -> optimizer.v.output_layer.kernel
//   inline %283 = div(%277, %135) : f32[32, 1]
//   inline %284 = mul(%17, %283) : f32[32, 1]
//   inline %285 = div(%282, %141) : f32[32, 1]
//   inline %286 = sqrt(%285) : f32[32, 1]
//   inline %287 = add(%286, %144) : f32[32, 1]
//   inline %288 = div(%284, %287) : f32[32, 1]
//   %289 = sub(%46, %288) : f32[32, 1] -> output_layer.kernel
//   totals.nonfinite := 1 where %289 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf9: array<f32>;
@group(0) @binding(2) var<storage, read> v_train_step_buf11: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_m_output_layer_kernel: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_optimizer_v_output_layer_kernel: array<f32>;
@group(0) @binding(5) var<storage, read_write> p_output_layer_kernel: array<f32>;
@group(0) @binding(6) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(7) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(8) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 1u + col;
  let r0 = p_optimizer_m_output_layer_kernel[idx];
  let e1 = (0.9 * r0);
  let e2 = (0.09999999999999998 * v);
  let e3 = (e1 + e2);
  let r4 = p_optimizer_v_output_layer_kernel[idx];
  let e5 = (0.999 * r4);
  let e6 = (v * v);
  let e7 = (0.0010000000000000009 * e6);
  let e8 = (e5 + e7);
  let r9 = p_output_layer_kernel[idx];
  let r10 = v_train_step_buf8[0u];
  let e11 = (e3 / r10);
  let e12 = (0.001 * e11);
  let r13 = v_train_step_buf14[0u];
  let e14 = (e8 / r13);
  let e15 = sqrt(e14);
  let e16 = (e15 + 1e-7);
  let e17 = (e12 / e16);
  let e18 = (r9 - e17);
  p_optimizer_m_output_layer_kernel[idx] = e3;
  p_optimizer_v_output_layer_kernel[idx] = e8;
  p_output_layer_kernel[idx] = e18;
  if ((bitcast<u32>(f32(e18)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
}

// One row per invocation, all 1 columns in 1 vec4 accumulators.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(subgroup_invocation_id) sid: u32) {
  let M = 32u;
  let K = dims.N;
  let P = 1u;
  let i = wid.x * 8u + lid.x;
  let ic = min(i, M - 1u);
  // The column operand of each step is loaded once, spread over the lanes; subgroupBroadcast hands it out.
  let be0 = min(0u + sid, 3u);
  let bt = min(sid, 0u);
  var s0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a_0 = v_train_step_buf9[(t) * M + ic];
    let a_1 = v_train_step_buf9[(t + 1u) * M + ic];
    let a_2 = v_train_step_buf9[(t + 2u) * M + ic];
    let a_3 = v_train_step_buf9[(t + 3u) * M + ic];
    let mb0 = vec4<f32>(v_train_step_buf11[(t + (be0 / 1u)) * P + min(4u * (be0 % 1u) + 0u, 0u)], v_train_step_buf11[(t + (be0 / 1u)) * P + min(4u * (be0 % 1u) + 1u, 0u)], v_train_step_buf11[(t + (be0 / 1u)) * P + min(4u * (be0 % 1u) + 2u, 0u)], v_train_step_buf11[(t + (be0 / 1u)) * P + min(4u * (be0 % 1u) + 3u, 0u)]);
    let b0_0 = subgroupBroadcast(mb0, 0u);
    let b0_1 = subgroupBroadcast(mb0, 1u);
    let b0_2 = subgroupBroadcast(mb0, 2u);
    let b0_3 = subgroupBroadcast(mb0, 3u);
    s0 += a_0 * b0_0;
    s0 += a_1 * b0_1;
    s0 += a_2 * b0_2;
    s0 += a_3 * b0_3;
  }
  for (; t < K; t += 1u) {
    let a_0 = v_train_step_buf9[(t) * M + ic];
    let mb0 = vec4<f32>(v_train_step_buf11[(t + 0u) * P + min(4u * bt + 0u, 0u)], v_train_step_buf11[(t + 0u) * P + min(4u * bt + 1u, 0u)], v_train_step_buf11[(t + 0u) * P + min(4u * bt + 2u, 0u)], v_train_step_buf11[(t + 0u) * P + min(4u * bt + 3u, 0u)]);
    let b0_0 = subgroupBroadcast(mb0, 0u);
    s0 += a_0 * b0_0;
  }
  if (i < M) {
    epi(i, 0u, s0[0]);
  }
}

// ===== train_step.k36_matmul_tn, variant for hardware GPUs =====
// kernel 36 (matmul + epilogue): %275, %277, %282, %289
//   inline %274 = mul(%0, %273) : f32[32, 1]
//   %275 = matmul_tn(%45, %60) : f32[32, 1]
//   inline %276 = mul(%3, %275) : f32[32, 1]
//   %277 = add(%274, %276) : f32[32, 1] -> optimizer.m.output_layer.kernel
//   inline %279 = mul(%123, %278) : f32[32, 1]
//   inline %280 = square(%275) : f32[32, 1]
//   inline %281 = mul(%126, %280) : f32[32, 1]
//   %282 = add(%279, %281) : f32[32, 1] -> optimizer.v.output_layer.kernel
//   inline %283 = div(%277, %135) : f32[32, 1]
//   inline %284 = mul(%17, %283) : f32[32, 1]
//   inline %285 = div(%282, %141) : f32[32, 1]
//   inline %286 = sqrt(%285) : f32[32, 1]
//   inline %287 = add(%286, %144) : f32[32, 1]
//   inline %288 = div(%284, %287) : f32[32, 1]
//   %289 = sub(%46, %288) : f32[32, 1] -> output_layer.kernel
//   totals.nonfinite := 1 where %289 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf9: array<f32>;
@group(0) @binding(2) var<storage, read> v_train_step_buf11: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_m_output_layer_kernel: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_optimizer_v_output_layer_kernel: array<f32>;
@group(0) @binding(5) var<storage, read_write> p_output_layer_kernel: array<f32>;
@group(0) @binding(6) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(7) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(8) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 1u + col;
  let r0 = p_optimizer_m_output_layer_kernel[idx];
  let e1 = (0.9 * r0);
  let e2 = (0.09999999999999998 * v);
  let e3 = (e1 + e2);
  let r4 = p_optimizer_v_output_layer_kernel[idx];
  let e5 = (0.999 * r4);
  let e6 = (v * v);
  let e7 = (0.0010000000000000009 * e6);
  let e8 = (e5 + e7);
  let r9 = p_output_layer_kernel[idx];
  let r10 = v_train_step_buf8[0u];
  let e11 = (e3 / r10);
  let e12 = (0.001 * e11);
  let r13 = v_train_step_buf14[0u];
  let e14 = (e8 / r13);
  let e15 = sqrt(e14);
  let e16 = (e15 + 1e-7);
  let e17 = (e12 / e16);
  let e18 = (r9 - e17);
  p_optimizer_m_output_layer_kernel[idx] = e3;
  p_optimizer_v_output_layer_kernel[idx] = e8;
  p_output_layer_kernel[idx] = e18;
  if ((bitcast<u32>(f32(e18)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
}

var<workgroup> kparts: array<vec4<f32>, 224>;

// One row per invocation, all 1 columns in 1 vec4 accumulators; the contraction split over 8 slices of 32 invocations.
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = 32u;
  let K = dims.N;
  let P = 1u;
  let lane = lid.x % 32u;
  let slice = lid.x / 32u;
  let i = wid.x * 32u + lane;
  let ic = min(i, M - 1u);
  var s0 = vec4<f32>(0.0);
  let kc = (K + 31u) / 32u * 4u;
  let kb = min(slice * kc, K);
  let ke = min(kb + kc, K);
  var t = kb;
  for (; t + 4u <= ke; t += 4u) {
    let a_0 = v_train_step_buf9[(t) * M + ic];
    let a_1 = v_train_step_buf9[(t + 1u) * M + ic];
    let a_2 = v_train_step_buf9[(t + 2u) * M + ic];
    let a_3 = v_train_step_buf9[(t + 3u) * M + ic];
    let b0_0 = vec4<f32>(v_train_step_buf11[(t) * P + 0u], v_train_step_buf11[(t) * P + 0u], v_train_step_buf11[(t) * P + 0u], v_train_step_buf11[(t) * P + 0u]);
    let b0_1 = vec4<f32>(v_train_step_buf11[(t + 1u) * P + 0u], v_train_step_buf11[(t + 1u) * P + 0u], v_train_step_buf11[(t + 1u) * P + 0u], v_train_step_buf11[(t + 1u) * P + 0u]);
    let b0_2 = vec4<f32>(v_train_step_buf11[(t + 2u) * P + 0u], v_train_step_buf11[(t + 2u) * P + 0u], v_train_step_buf11[(t + 2u) * P + 0u], v_train_step_buf11[(t + 2u) * P + 0u]);
    let b0_3 = vec4<f32>(v_train_step_buf11[(t + 3u) * P + 0u], v_train_step_buf11[(t + 3u) * P + 0u], v_train_step_buf11[(t + 3u) * P + 0u], v_train_step_buf11[(t + 3u) * P + 0u]);
    s0 += a_0 * b0_0;
    s0 += a_1 * b0_1;
    s0 += a_2 * b0_2;
    s0 += a_3 * b0_3;
  }
  for (; t < ke; t += 1u) {
    let a_0 = v_train_step_buf9[(t) * M + ic];
    let b0_0 = vec4<f32>(v_train_step_buf11[(t) * P + 0u], v_train_step_buf11[(t) * P + 0u], v_train_step_buf11[(t) * P + 0u], v_train_step_buf11[(t) * P + 0u]);
    s0 += a_0 * b0_0;
  }
  // Slices 1.. hand their partial sums to slice 0 and stop; slice 0 adds them and runs the epilogue.
  if (slice != 0u) {
    kparts[((slice - 1u) * 1u + 0u) * 32u + lane] = s0;
  }
  workgroupBarrier();
  if (slice != 0u) { return; }
  for (var k = 0u; k < 7u; k++) {
    s0 += kparts[(k * 1u + 0u) * 32u + lane];
  }
  if (i < M) {
    epi(i, 0u, s0[0]);
  }
}
