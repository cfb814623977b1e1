// ===== train_step.k5_matmul =====
// kernel 5 (matmul): %11
//   %11 = matmul(%10, %7) : f32[N, 64] -> train_step.buf0
//   inline %13 = add(%11, %12) : f32[N, 64]
//   partial statistics of %14, %19 per row tile -> train_step.buf1
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
    s0_0 += a0[1] * b0_1;
    s0_0 += a0[2] * b0_2;
    s0_0 += a0[3] * b0_3;
    s1_0 += a1[0] * b0_0;
    s1_0 += a1[1] * b0_1;
    s1_0 += a1[2] * b0_2;
    s1_0 += a1[3] * b0_3;
    s2_0 += a2[0] * b0_0;
    s2_0 += a2[1] * b0_1;
    s2_0 += a2[2] * b0_2;
    s2_0 += a2[3] * b0_3;
    s3_0 += a3[0] * b0_0;
    s3_0 += a3[1] * b0_1;
    s3_0 += a3[2] * b0_2;
    s3_0 += a3[3] * b0_3;
    s4_0 += a4[0] * b0_0;
    s4_0 += a4[1] * b0_1;
    s4_0 += a4[2] * b0_2;
    s4_0 += a4[3] * b0_3;
    s5_0 += a5[0] * b0_0;
    s5_0 += a5[1] * b0_1;
    s5_0 += a5[2] * b0_2;
    s5_0 += a5[3] * b0_3;
    s6_0 += a6[0] * b0_0;
    s6_0 += a6[1] * b0_1;
    s6_0 += a6[2] * b0_2;
    s6_0 += a6[3] * b0_3;
    s7_0 += a7[0] * b0_0;
    s7_0 += a7[1] * b0_1;
    s7_0 += a7[2] * b0_2;
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
//   partial statistics of %14, %19 per row tile -> train_step.buf1
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
    s0_0 += a0_1 * b0_1;
    s0_0 += a0_2 * b0_2;
    s0_0 += a0_3 * b0_3;
    s1_0 += a1_0 * b0_0;
    s1_0 += a1_1 * b0_1;
    s1_0 += a1_2 * b0_2;
    s1_0 += a1_3 * b0_3;
    s2_0 += a2_0 * b0_0;
    s2_0 += a2_1 * b0_1;
    s2_0 += a2_2 * b0_2;
    s2_0 += a2_3 * b0_3;
    s3_0 += a3_0 * b0_0;
    s3_0 += a3_1 * b0_1;
    s3_0 += a3_2 * b0_2;
    s3_0 += a3_3 * b0_3;
    s4_0 += a4_0 * b0_0;
    s4_0 += a4_1 * b0_1;
    s4_0 += a4_2 * b0_2;
    s4_0 += a4_3 * b0_3;
    s5_0 += a5_0 * b0_0;
    s5_0 += a5_1 * b0_1;
    s5_0 += a5_2 * b0_2;
    s5_0 += a5_3 * b0_3;
    s6_0 += a6_0 * b0_0;
    s6_0 += a6_1 * b0_1;
    s6_0 += a6_2 * b0_2;
    s6_0 += a6_3 * b0_3;
    s7_0 += a7_0 * b0_0;
    s7_0 += a7_1 * b0_1;
    s7_0 += a7_2 * b0_2;
    s7_0 += a7_3 * b0_3;
    s8_0 += a8_0 * b0_0;
    s8_0 += a8_1 * b0_1;
    s8_0 += a8_2 * b0_2;
    s8_0 += a8_3 * b0_3;
    s9_0 += a9_0 * b0_0;
    s9_0 += a9_1 * b0_1;
    s9_0 += a9_2 * b0_2;
    s9_0 += a9_3 * b0_3;
    s10_0 += a10_0 * b0_0;
    s10_0 += a10_1 * b0_1;
    s10_0 += a10_2 * b0_2;
    s10_0 += a10_3 * b0_3;
    s11_0 += a11_0 * b0_0;
    s11_0 += a11_1 * b0_1;
    s11_0 += a11_2 * b0_2;
    s11_0 += a11_3 * b0_3;
    s12_0 += a12_0 * b0_0;
    s12_0 += a12_1 * b0_1;
    s12_0 += a12_2 * b0_2;
    s12_0 += a12_3 * b0_3;
    s13_0 += a13_0 * b0_0;
    s13_0 += a13_1 * b0_1;
    s13_0 += a13_2 * b0_2;
    s13_0 += a13_3 * b0_3;
    s14_0 += a14_0 * b0_0;
    s14_0 += a14_1 * b0_1;
    s14_0 += a14_2 * b0_2;
    s14_0 += a14_3 * b0_3;
    s15_0 += a15_0 * b0_0;
    s15_0 += a15_1 * b0_1;
    s15_0 += a15_2 * b0_2;
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
//   partial statistics of %14, %19 per row tile -> train_step.buf1
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
    s0_0 += a0[1] * b0_1;
    s0_0 += a0[2] * b0_2;
    s0_0 += a0[3] * b0_3;
    s1_0 += a1[0] * b0_0;
    s1_0 += a1[1] * b0_1;
    s1_0 += a1[2] * b0_2;
    s1_0 += a1[3] * b0_3;
    s2_0 += a2[0] * b0_0;
    s2_0 += a2[1] * b0_1;
    s2_0 += a2[2] * b0_2;
    s2_0 += a2[3] * b0_3;
    s3_0 += a3[0] * b0_0;
    s3_0 += a3[1] * b0_1;
    s3_0 += a3[2] * b0_2;
    s3_0 += a3[3] * b0_3;
    s4_0 += a4[0] * b0_0;
    s4_0 += a4[1] * b0_1;
    s4_0 += a4[2] * b0_2;
    s4_0 += a4[3] * b0_3;
    s5_0 += a5[0] * b0_0;
    s5_0 += a5[1] * b0_1;
    s5_0 += a5[2] * b0_2;
    s5_0 += a5[3] * b0_3;
    s6_0 += a6[0] * b0_0;
    s6_0 += a6[1] * b0_1;
    s6_0 += a6[2] * b0_2;
    s6_0 += a6[3] * b0_3;
    s7_0 += a7[0] * b0_0;
    s7_0 += a7[1] * b0_1;
    s7_0 += a7[2] * b0_2;
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
// kernel 6 (reduction + epilogue): %14, %19, %306, %310
//   %14 = mean(%13) : f32[64] -> train_step.buf2
//   %19 = variance(%13) : f32[64] -> train_step.buf3
//   inline %303 = mul(%301, %302) : f32[64]
//   inline %305 = mul(%14, %304) : f32[64]
//   %306 = add(%303, %305) : f32[64] -> batch_norm_1.moving_mean
//   inline %308 = mul(%307, %302) : f32[64]
//   inline %309 = mul(%19, %304) : f32[64]
//   %310 = add(%308, %309) : f32[64] -> batch_norm_1.moving_variance
//   (reductions finished from the partial statistics of %11's kernel in train_step.buf1)
//   totals.nonfinite := 1 where %306, %310 hold NaN or ±Inf
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
// kernel 6 (reduction + epilogue): %14, %19, %306, %310
//   %14 = mean(%13) : f32[64] -> train_step.buf2
//   %19 = variance(%13) : f32[64] -> train_step.buf3
//   inline %303 = mul(%301, %302) : f32[64]
//   inline %305 = mul(%14, %304) : f32[64]
//   %306 = add(%303, %305) : f32[64] -> batch_norm_1.moving_mean
//   inline %308 = mul(%307, %302) : f32[64]
//   inline %309 = mul(%19, %304) : f32[64]
//   %310 = add(%308, %309) : f32[64] -> batch_norm_1.moving_variance
//   (reductions finished from the partial statistics of %11's kernel in train_step.buf1)
//   totals.nonfinite := 1 where %306, %310 hold NaN or ±Inf
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
// kernel 7 (elementwise): %23
//   inline %13 = add(%11, %12) : f32[N, 64]
//   inline %15 = sub(%13, %14) : f32[N, 64]
//   inline %21 = add(%19, %20) : f32[64]
//   inline %22 = sqrt(%21) : f32[64]
//   %23 = div(%15, %22) : f32[N, 64] -> train_step.buf1
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf0: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_1_bias: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> v_train_step_buf2: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> v_train_step_buf3: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf1: array<vec4<f32>>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 16u)) { return; }
  // Four consecutive elements per invocation.
  let base = i * 4u;
  let q0 = v_train_step_buf0[base / 4u];
  let c1 = (base / 64u);
  let c2 = base % 64u;
  let q3 = p_dense_1_bias[c2 / 4u];
  let q5 = v_train_step_buf2[c2 / 4u];
  let q7 = v_train_step_buf3[c2 / 4u];
  var o11: vec4<f32>;
  for (var c = 0u; c < 4u; c++) {
    let e4 = (q0[c] + q3[c]);
    let e6 = (e4 - q5[c]);
    let e8 = (q7[c] + 0.001);
    let e9 = sqrt(e8);
    let e10 = (e6 / e9);
    o11[c] = e10;
  }
  out_train_step_buf1[base / 4u] = o11;
}

// ===== train_step.k8_elementwise =====
// kernel 8 (elementwise): %31
//   inline %25 = mul(%23, %24) : f32[N, 64]
//   inline %27 = add(%25, %26) : f32[N, 64]
//   inline %28 = relu(%27) : f32[N, 64]
//   inline %30 = dropout_mask(%28, %29) : f32[N, 64]
//   %31 = mul(%28, %30) : f32[N, 64] -> train_step.buf4
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf1: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_batch_norm_1_gamma: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> p_batch_norm_1_beta: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> p_optimizer_step: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf4: array<vec4<f32>>;

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
  if (i >= (dims.N * 16u)) { return; }
  // Four consecutive elements per invocation.
  let base = i * 4u;
  let q0 = v_train_step_buf1[base / 4u];
  let c1 = (base / 64u);
  let c2 = base % 64u;
  let q3 = p_batch_norm_1_gamma[c2 / 4u];
  let q5 = p_batch_norm_1_beta[c2 / 4u];
  let r8 = p_optimizer_step[0u];
  let h9 = mix_u32(1u ^ mix_u32(0u ^ mix_u32(u32(r8))));
  var o12: vec4<f32>;
  for (var c = 0u; c < 4u; c++) {
    let e4 = (q0[c] * q3[c]);
    let e6 = (e4 + q5[c]);
    let e7 = max(e6, 0.0);
    let e10 = select(0.0, 1.4285714285714286, mix_u32((base + c) ^ h9) >= 1288490188u);
    let e11 = (e7 * e10);
    o12[c] = e11;
  }
  out_train_step_buf4[base / 4u] = o12;
}

// ===== train_step.k9_matmul =====
// kernel 9 (matmul): %33
//   %33 = matmul(%31, %32) : f32[N, 32] -> train_step.buf5
//   inline %35 = add(%33, %34) : f32[N, 32]
//   partial statistics of %36, %41 per row tile -> train_step.buf6
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
    s0_0 += a0[1] * b0_1;
    s0_0 += a0[2] * b0_2;
    s0_0 += a0[3] * b0_3;
    s1_0 += a1[0] * b0_0;
    s1_0 += a1[1] * b0_1;
    s1_0 += a1[2] * b0_2;
    s1_0 += a1[3] * b0_3;
    s2_0 += a2[0] * b0_0;
    s2_0 += a2[1] * b0_1;
    s2_0 += a2[2] * b0_2;
    s2_0 += a2[3] * b0_3;
    s3_0 += a3[0] * b0_0;
    s3_0 += a3[1] * b0_1;
    s3_0 += a3[2] * b0_2;
    s3_0 += a3[3] * b0_3;
    s4_0 += a4[0] * b0_0;
    s4_0 += a4[1] * b0_1;
    s4_0 += a4[2] * b0_2;
    s4_0 += a4[3] * b0_3;
    s5_0 += a5[0] * b0_0;
    s5_0 += a5[1] * b0_1;
    s5_0 += a5[2] * b0_2;
    s5_0 += a5[3] * b0_3;
    s6_0 += a6[0] * b0_0;
    s6_0 += a6[1] * b0_1;
    s6_0 += a6[2] * b0_2;
    s6_0 += a6[3] * b0_3;
    s7_0 += a7[0] * b0_0;
    s7_0 += a7[1] * b0_1;
    s7_0 += a7[2] * b0_2;
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
// kernel 9 (matmul): %33
//   %33 = matmul(%31, %32) : f32[N, 32] -> train_step.buf5
//   inline %35 = add(%33, %34) : f32[N, 32]
//   partial statistics of %36, %41 per row tile -> train_step.buf6
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
    s0_0 += a0_1 * b0_1;
    s0_0 += a0_2 * b0_2;
    s0_0 += a0_3 * b0_3;
    s1_0 += a1_0 * b0_0;
    s1_0 += a1_1 * b0_1;
    s1_0 += a1_2 * b0_2;
    s1_0 += a1_3 * b0_3;
    s2_0 += a2_0 * b0_0;
    s2_0 += a2_1 * b0_1;
    s2_0 += a2_2 * b0_2;
    s2_0 += a2_3 * b0_3;
    s3_0 += a3_0 * b0_0;
    s3_0 += a3_1 * b0_1;
    s3_0 += a3_2 * b0_2;
    s3_0 += a3_3 * b0_3;
    s4_0 += a4_0 * b0_0;
    s4_0 += a4_1 * b0_1;
    s4_0 += a4_2 * b0_2;
    s4_0 += a4_3 * b0_3;
    s5_0 += a5_0 * b0_0;
    s5_0 += a5_1 * b0_1;
    s5_0 += a5_2 * b0_2;
    s5_0 += a5_3 * b0_3;
    s6_0 += a6_0 * b0_0;
    s6_0 += a6_1 * b0_1;
    s6_0 += a6_2 * b0_2;
    s6_0 += a6_3 * b0_3;
    s7_0 += a7_0 * b0_0;
    s7_0 += a7_1 * b0_1;
    s7_0 += a7_2 * b0_2;
    s7_0 += a7_3 * b0_3;
    s8_0 += a8_0 * b0_0;
    s8_0 += a8_1 * b0_1;
    s8_0 += a8_2 * b0_2;
    s8_0 += a8_3 * b0_3;
    s9_0 += a9_0 * b0_0;
    s9_0 += a9_1 * b0_1;
    s9_0 += a9_2 * b0_2;
    s9_0 += a9_3 * b0_3;
    s10_0 += a10_0 * b0_0;
    s10_0 += a10_1 * b0_1;
    s10_0 += a10_2 * b0_2;
    s10_0 += a10_3 * b0_3;
    s11_0 += a11_0 * b0_0;
    s11_0 += a11_1 * b0_1;
    s11_0 += a11_2 * b0_2;
    s11_0 += a11_3 * b0_3;
    s12_0 += a12_0 * b0_0;
    s12_0 += a12_1 * b0_1;
    s12_0 += a12_2 * b0_2;
    s12_0 += a12_3 * b0_3;
    s13_0 += a13_0 * b0_0;
    s13_0 += a13_1 * b0_1;
    s13_0 += a13_2 * b0_2;
    s13_0 += a13_3 * b0_3;
    s14_0 += a14_0 * b0_0;
    s14_0 += a14_1 * b0_1;
    s14_0 += a14_2 * b0_2;
    s14_0 += a14_3 * b0_3;
    s15_0 += a15_0 * b0_0;
    s15_0 += a15_1 * b0_1;
    s15_0 += a15_2 * b0_2;
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
// kernel 9 (matmul): %33
//   %33 = matmul(%31, %32) : f32[N, 32] -> train_step.buf5
//   inline %35 = add(%33, %34) : f32[N, 32]
//   partial statistics of %36, %41 per row tile -> train_step.buf6
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
    s0_0 += a0[1] * b0_1;
    s0_0 += a0[2] * b0_2;
    s0_0 += a0[3] * b0_3;
    s1_0 += a1[0] * b0_0;
    s1_0 += a1[1] * b0_1;
    s1_0 += a1[2] * b0_2;
    s1_0 += a1[3] * b0_3;
    s2_0 += a2[0] * b0_0;
    s2_0 += a2[1] * b0_1;
    s2_0 += a2[2] * b0_2;
    s2_0 += a2[3] * b0_3;
    s3_0 += a3[0] * b0_0;
    s3_0 += a3[1] * b0_1;
    s3_0 += a3[2] * b0_2;
    s3_0 += a3[3] * b0_3;
    s4_0 += a4[0] * b0_0;
    s4_0 += a4[1] * b0_1;
    s4_0 += a4[2] * b0_2;
    s4_0 += a4[3] * b0_3;
    s5_0 += a5[0] * b0_0;
    s5_0 += a5[1] * b0_1;
    s5_0 += a5[2] * b0_2;
    s5_0 += a5[3] * b0_3;
    s6_0 += a6[0] * b0_0;
    s6_0 += a6[1] * b0_1;
    s6_0 += a6[2] * b0_2;
    s6_0 += a6[3] * b0_3;
    s7_0 += a7[0] * b0_0;
    s7_0 += a7[1] * b0_1;
    s7_0 += a7[2] * b0_2;
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
// kernel 10 (reduction + epilogue): %36, %41, %314, %318
//   %36 = mean(%35) : f32[32] -> train_step.buf7
//   %41 = variance(%35) : f32[32] -> train_step.buf8
//   inline %312 = mul(%311, %302) : f32[32]
//   inline %313 = mul(%36, %304) : f32[32]
//   %314 = add(%312, %313) : f32[32] -> batch_norm_2.moving_mean
//   inline %316 = mul(%315, %302) : f32[32]
//   inline %317 = mul(%41, %304) : f32[32]
//   %318 = add(%316, %317) : f32[32] -> batch_norm_2.moving_variance
//   (reductions finished from the partial statistics of %33's kernel in train_step.buf6)
//   totals.nonfinite := 1 where %314, %318 hold NaN or ±Inf
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
// kernel 10 (reduction + epilogue): %36, %41, %314, %318
//   %36 = mean(%35) : f32[32] -> train_step.buf7
//   %41 = variance(%35) : f32[32] -> train_step.buf8
//   inline %312 = mul(%311, %302) : f32[32]
//   inline %313 = mul(%36, %304) : f32[32]
//   %314 = add(%312, %313) : f32[32] -> batch_norm_2.moving_mean
//   inline %316 = mul(%315, %302) : f32[32]
//   inline %317 = mul(%41, %304) : f32[32]
//   %318 = add(%316, %317) : f32[32] -> batch_norm_2.moving_variance
//   (reductions finished from the partial statistics of %33's kernel in train_step.buf6)
//   totals.nonfinite := 1 where %314, %318 hold NaN or ±Inf
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
// kernel 11 (elementwise): %44
//   inline %35 = add(%33, %34) : f32[N, 32]
//   inline %37 = sub(%35, %36) : f32[N, 32]
//   inline %42 = add(%41, %20) : f32[32]
//   inline %43 = sqrt(%42) : f32[32]
//   %44 = div(%37, %43) : f32[N, 32] -> train_step.buf6
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf5: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_2_bias: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> v_train_step_buf7: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> v_train_step_buf8: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf6: array<vec4<f32>>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 8u)) { return; }
  // Four consecutive elements per invocation.
  let base = i * 4u;
  let q0 = v_train_step_buf5[base / 4u];
  let c1 = (base / 32u);
  let c2 = base % 32u;
  let q3 = p_dense_2_bias[c2 / 4u];
  let q5 = v_train_step_buf7[c2 / 4u];
  let q7 = v_train_step_buf8[c2 / 4u];
  var o11: vec4<f32>;
  for (var c = 0u; c < 4u; c++) {
    let e4 = (q0[c] + q3[c]);
    let e6 = (e4 - q5[c]);
    let e8 = (q7[c] + 0.001);
    let e9 = sqrt(e8);
    let e10 = (e6 / e9);
    o11[c] = e10;
  }
  out_train_step_buf6[base / 4u] = o11;
}

// ===== train_step.k12_elementwise =====
// kernel 12 (elementwise): %51
//   inline %46 = mul(%44, %45) : f32[N, 32]
//   inline %48 = add(%46, %47) : f32[N, 32]
//   inline %49 = relu(%48) : f32[N, 32]
//   inline %50 = dropout_mask(%49, %29) : f32[N, 32]
//   %51 = mul(%49, %50) : f32[N, 32] -> train_step.buf9
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf6: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_batch_norm_2_gamma: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> p_batch_norm_2_beta: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> p_optimizer_step: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_train_step_buf9: array<vec4<f32>>;

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
  if (i >= (dims.N * 8u)) { return; }
  // Four consecutive elements per invocation.
  let base = i * 4u;
  let q0 = v_train_step_buf6[base / 4u];
  let c1 = (base / 32u);
  let c2 = base % 32u;
  let q3 = p_batch_norm_2_gamma[c2 / 4u];
  let q5 = p_batch_norm_2_beta[c2 / 4u];
  let r8 = p_optimizer_step[0u];
  let h9 = mix_u32(1u ^ mix_u32(1u ^ mix_u32(u32(r8))));
  var o12: vec4<f32>;
  for (var c = 0u; c < 4u; c++) {
    let e4 = (q0[c] * q3[c]);
    let e6 = (e4 + q5[c]);
    let e7 = max(e6, 0.0);
    let e10 = select(0.0, 1.25, mix_u32((base + c) ^ h9) >= 858993459u);
    let e11 = (e7 * e10);
    o12[c] = e11;
  }
  out_train_step_buf9[base / 4u] = o12;
}

// ===== train_step.k13_matmul =====
// kernel 13 (matmul + epilogue): %53, %66
//   %53 = matmul(%51, %52) : f32[N, 1] -> train_step.buf10
//   inline %55 = add(%53, %54) : f32[N, 1]
//   inline %56 = sigmoid(%55) : f32[N, 1]
//   inline %58 = sub(%56, %57) : f32[N, 1]
//   inline %62 = dim_size(%61) : f32[]
//   inline %63 = div(%59, %62) : f32[1]
//   inline %64 = broadcast_to(%63) : f32[N]
//   %66 = mul(%58, %65) : f32[N, 1] -> train_step.buf11
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
// kernel 13 (matmul + epilogue): %53, %66
//   %53 = matmul(%51, %52) : f32[N, 1] -> train_step.buf10
//   inline %55 = add(%53, %54) : f32[N, 1]
//   inline %56 = sigmoid(%55) : f32[N, 1]
//   inline %58 = sub(%56, %57) : f32[N, 1]
//   inline %62 = dim_size(%61) : f32[]
//   inline %63 = div(%59, %62) : f32[1]
//   inline %64 = broadcast_to(%63) : f32[N]
//   %66 = mul(%58, %65) : f32[N, 1] -> train_step.buf11
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
// kernel 13 (matmul + epilogue): %53, %66
//   %53 = matmul(%51, %52) : f32[N, 1] -> train_step.buf10
//   inline %55 = add(%53, %54) : f32[N, 1]
//   inline %56 = sigmoid(%55) : f32[N, 1]
//   inline %58 = sub(%56, %57) : f32[N, 1]
//   inline %62 = dim_size(%61) : f32[]
//   inline %63 = div(%59, %62) : f32[1]
//   inline %64 = broadcast_to(%63) : f32[N]
//   %66 = mul(%58, %65) : f32[N, 1] -> train_step.buf11
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
// kernel 13 (matmul + epilogue): %53, %66
//   %53 = matmul(%51, %52) : f32[N, 1] -> train_step.buf10
//   inline %55 = add(%53, %54) : f32[N, 1]
//   inline %56 = sigmoid(%55) : f32[N, 1]
//   inline %58 = sub(%56, %57) : f32[N, 1]
//   inline %62 = dim_size(%61) : f32[]
//   inline %63 = div(%59, %62) : f32[1]
//   inline %64 = broadcast_to(%63) : f32[N]
//   %66 = mul(%58, %65) : f32[N, 1] -> train_step.buf11
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
// kernel 14 (matmul + epilogue): %68, %72
//   inline %46 = mul(%44, %45) : f32[N, 32]
//   inline %48 = add(%46, %47) : f32[N, 32]
//   inline %50 = dropout_mask(%49, %29) : f32[N, 32]
//   %68 = matmul(%66, %67) : f32[N, 32]
//   inline %69 = mul(%68, %50) : f32[N, 32]
//   inline %71 = gt(%48, %70) : f32[N, 32]
//   %72 = mul(%69, %71) : f32[N, 32] -> train_step.buf13
//   inline %234 = mul(%72, %44) : f32[N, 32]
//   partial statistics of %235 per row tile -> train_step.buf12
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
// kernel 14 (matmul + epilogue): %68, %72
//   inline %46 = mul(%44, %45) : f32[N, 32]
//   inline %48 = add(%46, %47) : f32[N, 32]
//   inline %50 = dropout_mask(%49, %29) : f32[N, 32]
//   %68 = matmul(%66, %67) : f32[N, 32]
//   inline %69 = mul(%68, %50) : f32[N, 32]
//   inline %71 = gt(%48, %70) : f32[N, 32]
//   %72 = mul(%69, %71) : f32[N, 32] -> train_step.buf13
//   inline %234 = mul(%72, %44) : f32[N, 32]
//   partial statistics of %235 per row tile -> train_step.buf12
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

// ===== train_step.k15_elementwise =====
// kernel 15 (elementwise): %83
//   inline %42 = add(%41, %20) : f32[32]
//   inline %43 = sqrt(%42) : f32[32]
//   inline %73 = mul(%72, %45) : f32[N, 32]
//   %83 = div(%73, %43) : f32[N, 32] -> train_step.buf14
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf13: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_batch_norm_2_gamma: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> v_train_step_buf8: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> out_train_step_buf14: array<vec4<f32>>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 8u)) { return; }
  // Four consecutive elements per invocation.
  let base = i * 4u;
  let q0 = v_train_step_buf13[base / 4u];
  let c1 = (base / 32u);
  let c2 = base % 32u;
  let q3 = p_batch_norm_2_gamma[c2 / 4u];
  let q5 = v_train_step_buf8[c2 / 4u];
  var o9: vec4<f32>;
  for (var c = 0u; c < 4u; c++) {
    let e4 = (q0[c] * q3[c]);
    let e6 = (q5[c] + 0.001);
    let e7 = sqrt(e6);
    let e8 = (e4 / e7);
    o9[c] = e8;
  }
  out_train_step_buf14[base / 4u] = o9;
}

// ===== train_step.k16_sum =====
// kernel 16 (reduction): %77, %86
//   inline %42 = add(%41, %20) : f32[32]
//   inline %43 = sqrt(%42) : f32[32]
//   inline %73 = mul(%72, %45) : f32[N, 32]
//   inline %74 = mul(%73, %44) : f32[N, 32]
//   inline %75 = div(%74, %43) : f32[N, 32]
//   inline %76 = neg(%75) : f32[N, 32]
//   %77 = sum(%76) : f32[32] -> train_step.buf15
//   inline %85 = neg(%83) : f32[N, 32]
//   %86 = sum(%85) : f32[32] -> train_step.buf16
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf13: array<f32>;
@group(0) @binding(2) var<storage, read> p_batch_norm_2_gamma: array<f32>;
@group(0) @binding(3) var<storage, read> v_train_step_buf6: array<f32>;
@group(0) @binding(4) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(5) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(6) var<storage, read_write> out_train_step_buf15: array<f32>;
@group(0) @binding(7) var<storage, read_write> out_train_step_buf16: array<f32>;

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
  var acc1 = 0.0;
  for (var r = 0u; r < dims.N; r++) {
    let l0 = r * 32u + i;
    let r1 = v_train_step_buf13[l0];
    let e3 = (r1 * r2);
    let r4 = v_train_step_buf6[l0];
    let e5 = (e3 * r4);
    let e9 = (e5 / e8);
    acc0 = acc0 + (-e9);
    let l10 = r * 32u + i;
    let r11 = v_train_step_buf14[l10];
    let e12 = (-r11);
    acc1 = acc1 + e12;
  }
  out_train_step_buf15[i] = acc0;
  out_train_step_buf16[i] = acc1;
}

// ===== train_step.k16_sum, variant for hardware GPUs =====
// kernel 16 (reduction): %77, %86
//   inline %42 = add(%41, %20) : f32[32]
//   inline %43 = sqrt(%42) : f32[32]
//   inline %73 = mul(%72, %45) : f32[N, 32]
//   inline %74 = mul(%73, %44) : f32[N, 32]
//   inline %75 = div(%74, %43) : f32[N, 32]
//   inline %76 = neg(%75) : f32[N, 32]
//   %77 = sum(%76) : f32[32] -> train_step.buf15
//   inline %85 = neg(%83) : f32[N, 32]
//   %86 = sum(%85) : f32[32] -> train_step.buf16
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf13: array<f32>;
@group(0) @binding(2) var<storage, read> p_batch_norm_2_gamma: array<f32>;
@group(0) @binding(3) var<storage, read> v_train_step_buf6: array<f32>;
@group(0) @binding(4) var<storage, read> v_train_step_buf8: array<f32>;
@group(0) @binding(5) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(6) var<storage, read_write> out_train_step_buf15: array<f32>;
@group(0) @binding(7) var<storage, read_write> out_train_step_buf16: array<f32>;

var<workgroup> part0: array<f32, 256>;
var<workgroup> part1: array<f32, 256>;

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
  var acc1 = 0.0;
  for (var r = slice; r < dims.N; r += 32u) {
    let l0 = r * 32u + i;
    let r1 = v_train_step_buf13[l0];
    let e3 = (r1 * r2);
    let r4 = v_train_step_buf6[l0];
    let e5 = (e3 * r4);
    let e9 = (e5 / e8);
    acc0 = acc0 + (-e9);
    let l10 = r * 32u + i;
    let r11 = v_train_step_buf14[l10];
    let e12 = (-r11);
    acc1 = acc1 + e12;
  }
  part0[lid.x] = acc0;
  part1[lid.x] = acc1;
  workgroupBarrier();
  for (var s = 16u; s > 0u; s = s >> 1u) {
    if (slice < s) {
      part0[lid.x] = part0[lid.x] + part0[lid.x + s * 8u];
      part1[lid.x] = part1[lid.x] + part1[lid.x + s * 8u];
    }
    workgroupBarrier();
  }
  if (slice == 0u && o < 32u) {
    acc0 = part0[lid.x];
    acc1 = part1[lid.x];
    out_train_step_buf15[i] = acc0;
    out_train_step_buf16[i] = acc1;
  }
}

// ===== train_step.k17_elementwise =====
// kernel 17 (elementwise): %90
//   inline %35 = add(%33, %34) : f32[N, 32]
//   inline %37 = sub(%35, %36) : f32[N, 32]
//   inline %38 = dim_size(%35) : f32[]
//   inline %39 = div(%6, %38) : f32[]
//   inline %40 = mul(%37, %39) : f32[N, 32]
//   inline %42 = add(%41, %20) : f32[32]
//   inline %43 = sqrt(%42) : f32[32]
//   inline %79 = mul(%77, %78) : f32[32]
//   inline %80 = div(%79, %43) : f32[32]
//   inline %82 = mul(%40, %81) : f32[N, 32]
//   inline %84 = add(%82, %83) : f32[N, 32]
//   inline %88 = div(%87, %38) : f32[1, 32]
//   inline %89 = broadcast_to(%88) : f32[N, 32]
//   %90 = add(%84, %89) : f32[N, 32] -> train_step.buf6
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf5: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_2_bias: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> v_train_step_buf7: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> v_train_step_buf15: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read> v_train_step_buf8: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read> v_train_step_buf14: array<vec4<f32>>;
@group(0) @binding(7) var<storage, read> v_train_step_buf16: array<vec4<f32>>;
@group(0) @binding(8) var<storage, read_write> out_train_step_buf6: array<vec4<f32>>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 8u)) { return; }
  // Four consecutive elements per invocation.
  let base = i * 4u;
  let q0 = v_train_step_buf5[base / 4u];
  let c1 = (base / 32u);
  let c2 = base % 32u;
  let q3 = p_dense_2_bias[c2 / 4u];
  let q5 = v_train_step_buf7[c2 / 4u];
  let e7 = (2.0 / f32(dims.N));
  let q9 = v_train_step_buf15[c2 / 4u];
  let q11 = v_train_step_buf8[c2 / 4u];
  let q16 = v_train_step_buf14[base / 4u];
  let q18 = v_train_step_buf16[c2 / 4u];
  var o21: vec4<f32>;
  for (var c = 0u; c < 4u; c++) {
    let e4 = (q0[c] + q3[c]);
    let e6 = (e4 - q5[c]);
    let e8 = (e6 * e7);
    let e10 = (q9[c] * 0.5);
    let e12 = (q11[c] + 0.001);
    let e13 = sqrt(e12);
    let e14 = (e10 / e13);
    let e15 = (e8 * e14);
    let e17 = (e15 + q16[c]);
    let e19 = (q18[c] / f32(dims.N));
    let e20 = (e17 + e19);
    o21[c] = e20;
  }
  out_train_step_buf6[base / 4u] = o21;
}

// ===== train_step.k18_matmul =====
// kernel 18 (matmul + epilogue): %92, %95
//   inline %25 = mul(%23, %24) : f32[N, 64]
//   inline %27 = add(%25, %26) : f32[N, 64]
//   inline %30 = dropout_mask(%28, %29) : f32[N, 64]
//   %92 = matmul(%90, %91) : f32[N, 64]
//   inline %93 = mul(%92, %30) : f32[N, 64]
//   inline %94 = gt(%27, %70) : f32[N, 64]
//   %95 = mul(%93, %94) : f32[N, 64] -> train_step.buf14
//   inline %161 = mul(%95, %23) : f32[N, 64]
//   partial statistics of %162 per row tile -> train_step.buf5
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf6: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_2_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> p_optimizer_step: array<f32>;
@group(0) @binding(4) var<storage, read> v_train_step_buf1: array<f32>;
@group(0) @binding(5) var<storage, read> p_batch_norm_1_gamma: array<f32>;
@group(0) @binding(6) var<storage, read> p_batch_norm_1_beta: array<f32>;
@group(0) @binding(7) var<storage, read_write> out_train_step_buf14: array<f32>;
@group(0) @binding(8) var<storage, read_write> out_train_step_buf5: array<f32>;

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
  out_train_step_buf14[idx] = e10;
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
    let a0 = v_train_step_buf6[(ra0 + t) / 4u];
    let a1 = v_train_step_buf6[(ra1 + t) / 4u];
    let a2 = v_train_step_buf6[(ra2 + t) / 4u];
    let a3 = v_train_step_buf6[(ra3 + t) / 4u];
    let a4 = v_train_step_buf6[(ra4 + t) / 4u];
    let a5 = v_train_step_buf6[(ra5 + t) / 4u];
    let a6 = v_train_step_buf6[(ra6 + t) / 4u];
    let a7 = v_train_step_buf6[(ra7 + t) / 4u];
    let bt0_0 = p_dense_2_kernel[(jk0_0 + t) / 4u];
    let bt0_1 = p_dense_2_kernel[(jk0_1 + t) / 4u];
    let bt0_2 = p_dense_2_kernel[(jk0_2 + t) / 4u];
    let bt0_3 = p_dense_2_kernel[(jk0_3 + t) / 4u];
    let b0_0 = vec4<f32>(bt0_0[0], bt0_1[0], bt0_2[0], bt0_3[0]);
    let b0_1 = vec4<f32>(bt0_0[1], bt0_1[1], bt0_2[1], bt0_3[1]);
    let b0_2 = vec4<f32>(bt0_0[2], bt0_1[2], bt0_2[2], bt0_3[2]);
    let b0_3 = vec4<f32>(bt0_0[3], bt0_1[3], bt0_2[3], bt0_3[3]);
    s0_0 += a0[0] * b0_0;
    s0_0 += a0[1] * b0_1;
    s0_0 += a0[2] * b0_2;
    s0_0 += a0[3] * b0_3;
    s1_0 += a1[0] * b0_0;
    s1_0 += a1[1] * b0_1;
    s1_0 += a1[2] * b0_2;
    s1_0 += a1[3] * b0_3;
    s2_0 += a2[0] * b0_0;
    s2_0 += a2[1] * b0_1;
    s2_0 += a2[2] * b0_2;
    s2_0 += a2[3] * b0_3;
    s3_0 += a3[0] * b0_0;
    s3_0 += a3[1] * b0_1;
    s3_0 += a3[2] * b0_2;
    s3_0 += a3[3] * b0_3;
    s4_0 += a4[0] * b0_0;
    s4_0 += a4[1] * b0_1;
    s4_0 += a4[2] * b0_2;
    s4_0 += a4[3] * b0_3;
    s5_0 += a5[0] * b0_0;
    s5_0 += a5[1] * b0_1;
    s5_0 += a5[2] * b0_2;
    s5_0 += a5[3] * b0_3;
    s6_0 += a6[0] * b0_0;
    s6_0 += a6[1] * b0_1;
    s6_0 += a6[2] * b0_2;
    s6_0 += a6[3] * b0_3;
    s7_0 += a7[0] * b0_0;
    s7_0 += a7[1] * b0_1;
    s7_0 += a7[2] * b0_2;
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
        out_train_step_buf5[(tile * 1u + 0u) * P + j0 + 0u] = sum0_0;
      }
      if (j0 + 1u < P) {
        out_train_step_buf5[(tile * 1u + 0u) * P + j0 + 1u] = sum0_1;
      }
      if (j0 + 2u < P) {
        out_train_step_buf5[(tile * 1u + 0u) * P + j0 + 2u] = sum0_2;
      }
      if (j0 + 3u < P) {
        out_train_step_buf5[(tile * 1u + 0u) * P + j0 + 3u] = sum0_3;
      }
      n = 0.0;
      sum0_0 = 0.0;
      sum0_1 = 0.0;
      sum0_2 = 0.0;
      sum0_3 = 0.0;
    }
  }
}

// ===== train_step.k18_matmul, variant for subgroups of 8 =====
enable subgroups;
// kernel 18 (matmul + epilogue): %92, %95
//   inline %25 = mul(%23, %24) : f32[N, 64]
//   inline %27 = add(%25, %26) : f32[N, 64]
//   inline %30 = dropout_mask(%28, %29) : f32[N, 64]
//   %92 = matmul(%90, %91) : f32[N, 64]
//   inline %93 = mul(%92, %30) : f32[N, 64]
//   inline %94 = gt(%27, %70) : f32[N, 64]
//   %95 = mul(%93, %94) : f32[N, 64] -> train_step.buf14
//   inline %161 = mul(%95, %23) : f32[N, 64]
//   partial statistics of %162 per row tile -> train_step.buf5
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf6: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_2_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> p_optimizer_step: array<f32>;
@group(0) @binding(4) var<storage, read> v_train_step_buf1: array<f32>;
@group(0) @binding(5) var<storage, read> p_batch_norm_1_gamma: array<f32>;
@group(0) @binding(6) var<storage, read> p_batch_norm_1_beta: array<f32>;
@group(0) @binding(7) var<storage, read_write> out_train_step_buf14: array<f32>;
@group(0) @binding(8) var<storage, read_write> out_train_step_buf5: array<f32>;

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
  out_train_step_buf14[idx] = e10;
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
    let my0 = v_train_step_buf6[(la0 + t) / 4u];
    let my1 = v_train_step_buf6[(la1 + t) / 4u];
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
    s0_0 += a0_1 * b0_1;
    s0_0 += a0_2 * b0_2;
    s0_0 += a0_3 * b0_3;
    s1_0 += a1_0 * b0_0;
    s1_0 += a1_1 * b0_1;
    s1_0 += a1_2 * b0_2;
    s1_0 += a1_3 * b0_3;
    s2_0 += a2_0 * b0_0;
    s2_0 += a2_1 * b0_1;
    s2_0 += a2_2 * b0_2;
    s2_0 += a2_3 * b0_3;
    s3_0 += a3_0 * b0_0;
    s3_0 += a3_1 * b0_1;
    s3_0 += a3_2 * b0_2;
    s3_0 += a3_3 * b0_3;
    s4_0 += a4_0 * b0_0;
    s4_0 += a4_1 * b0_1;
    s4_0 += a4_2 * b0_2;
    s4_0 += a4_3 * b0_3;
    s5_0 += a5_0 * b0_0;
    s5_0 += a5_1 * b0_1;
    s5_0 += a5_2 * b0_2;
    s5_0 += a5_3 * b0_3;
    s6_0 += a6_0 * b0_0;
    s6_0 += a6_1 * b0_1;
    s6_0 += a6_2 * b0_2;
    s6_0 += a6_3 * b0_3;
    s7_0 += a7_0 * b0_0;
    s7_0 += a7_1 * b0_1;
    s7_0 += a7_2 * b0_2;
    s7_0 += a7_3 * b0_3;
    s8_0 += a8_0 * b0_0;
    s8_0 += a8_1 * b0_1;
    s8_0 += a8_2 * b0_2;
    s8_0 += a8_3 * b0_3;
    s9_0 += a9_0 * b0_0;
    s9_0 += a9_1 * b0_1;
    s9_0 += a9_2 * b0_2;
    s9_0 += a9_3 * b0_3;
    s10_0 += a10_0 * b0_0;
    s10_0 += a10_1 * b0_1;
    s10_0 += a10_2 * b0_2;
    s10_0 += a10_3 * b0_3;
    s11_0 += a11_0 * b0_0;
    s11_0 += a11_1 * b0_1;
    s11_0 += a11_2 * b0_2;
    s11_0 += a11_3 * b0_3;
    s12_0 += a12_0 * b0_0;
    s12_0 += a12_1 * b0_1;
    s12_0 += a12_2 * b0_2;
    s12_0 += a12_3 * b0_3;
    s13_0 += a13_0 * b0_0;
    s13_0 += a13_1 * b0_1;
    s13_0 += a13_2 * b0_2;
    s13_0 += a13_3 * b0_3;
    s14_0 += a14_0 * b0_0;
    s14_0 += a14_1 * b0_1;
    s14_0 += a14_2 * b0_2;
    s14_0 += a14_3 * b0_3;
    s15_0 += a15_0 * b0_0;
    s15_0 += a15_1 * b0_1;
    s15_0 += a15_2 * b0_2;
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
        out_train_step_buf5[(tile * 1u + 0u) * P + j0 + 0u] = sum0_0;
      }
      if (j0 + 1u < P) {
        out_train_step_buf5[(tile * 1u + 0u) * P + j0 + 1u] = sum0_1;
      }
      if (j0 + 2u < P) {
        out_train_step_buf5[(tile * 1u + 0u) * P + j0 + 2u] = sum0_2;
      }
      if (j0 + 3u < P) {
        out_train_step_buf5[(tile * 1u + 0u) * P + j0 + 3u] = sum0_3;
      }
      n = 0.0;
      sum0_0 = 0.0;
      sum0_1 = 0.0;
      sum0_2 = 0.0;
      sum0_3 = 0.0;
    }
  }
}

// ===== train_step.k18_matmul, variant for hardware GPUs =====
// kernel 18 (matmul + epilogue): %92, %95
//   inline %25 = mul(%23, %24) : f32[N, 64]
//   inline %27 = add(%25, %26) : f32[N, 64]
//   inline %30 = dropout_mask(%28, %29) : f32[N, 64]
//   %92 = matmul(%90, %91) : f32[N, 64]
//   inline %93 = mul(%92, %30) : f32[N, 64]
//   inline %94 = gt(%27, %70) : f32[N, 64]
//   %95 = mul(%93, %94) : f32[N, 64] -> train_step.buf14
//   inline %161 = mul(%95, %23) : f32[N, 64]
//   partial statistics of %162 per row tile -> train_step.buf5
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf6: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_2_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> p_optimizer_step: array<f32>;
@group(0) @binding(4) var<storage, read> v_train_step_buf1: array<f32>;
@group(0) @binding(5) var<storage, read> p_batch_norm_1_gamma: array<f32>;
@group(0) @binding(6) var<storage, read> p_batch_norm_1_beta: array<f32>;
@group(0) @binding(7) var<storage, read_write> out_train_step_buf14: array<f32>;
@group(0) @binding(8) var<storage, read_write> out_train_step_buf5: array<f32>;

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
  out_train_step_buf14[idx] = e10;
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
    let a0 = v_train_step_buf6[(ra0 + t) / 4u];
    let a1 = v_train_step_buf6[(ra1 + t) / 4u];
    let a2 = v_train_step_buf6[(ra2 + t) / 4u];
    let a3 = v_train_step_buf6[(ra3 + t) / 4u];
    let a4 = v_train_step_buf6[(ra4 + t) / 4u];
    let a5 = v_train_step_buf6[(ra5 + t) / 4u];
    let a6 = v_train_step_buf6[(ra6 + t) / 4u];
    let a7 = v_train_step_buf6[(ra7 + t) / 4u];
    let bt0_0 = p_dense_2_kernel[(jk0_0 + t) / 4u];
    let bt0_1 = p_dense_2_kernel[(jk0_1 + t) / 4u];
    let bt0_2 = p_dense_2_kernel[(jk0_2 + t) / 4u];
    let bt0_3 = p_dense_2_kernel[(jk0_3 + t) / 4u];
    let b0_0 = vec4<f32>(bt0_0[0], bt0_1[0], bt0_2[0], bt0_3[0]);
    let b0_1 = vec4<f32>(bt0_0[1], bt0_1[1], bt0_2[1], bt0_3[1]);
    let b0_2 = vec4<f32>(bt0_0[2], bt0_1[2], bt0_2[2], bt0_3[2]);
    let b0_3 = vec4<f32>(bt0_0[3], bt0_1[3], bt0_2[3], bt0_3[3]);
    s0_0 += a0[0] * b0_0;
    s0_0 += a0[1] * b0_1;
    s0_0 += a0[2] * b0_2;
    s0_0 += a0[3] * b0_3;
    s1_0 += a1[0] * b0_0;
    s1_0 += a1[1] * b0_1;
    s1_0 += a1[2] * b0_2;
    s1_0 += a1[3] * b0_3;
    s2_0 += a2[0] * b0_0;
    s2_0 += a2[1] * b0_1;
    s2_0 += a2[2] * b0_2;
    s2_0 += a2[3] * b0_3;
    s3_0 += a3[0] * b0_0;
    s3_0 += a3[1] * b0_1;
    s3_0 += a3[2] * b0_2;
    s3_0 += a3[3] * b0_3;
    s4_0 += a4[0] * b0_0;
    s4_0 += a4[1] * b0_1;
    s4_0 += a4[2] * b0_2;
    s4_0 += a4[3] * b0_3;
    s5_0 += a5[0] * b0_0;
    s5_0 += a5[1] * b0_1;
    s5_0 += a5[2] * b0_2;
    s5_0 += a5[3] * b0_3;
    s6_0 += a6[0] * b0_0;
    s6_0 += a6[1] * b0_1;
    s6_0 += a6[2] * b0_2;
    s6_0 += a6[3] * b0_3;
    s7_0 += a7[0] * b0_0;
    s7_0 += a7[1] * b0_1;
    s7_0 += a7[2] * b0_2;
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
        out_train_step_buf5[(tile * 1u + 0u) * P + j0 + 0u] = sum0_0;
      }
      if (j0 + 1u < P) {
        out_train_step_buf5[(tile * 1u + 0u) * P + j0 + 1u] = sum0_1;
      }
      if (j0 + 2u < P) {
        out_train_step_buf5[(tile * 1u + 0u) * P + j0 + 2u] = sum0_2;
      }
      if (j0 + 3u < P) {
        out_train_step_buf5[(tile * 1u + 0u) * P + j0 + 3u] = sum0_3;
      }
      n = 0.0;
      sum0_0 = 0.0;
      sum0_1 = 0.0;
      sum0_2 = 0.0;
      sum0_3 = 0.0;
    }
  }
}

// ===== train_step.k19_elementwise =====
// kernel 19 (elementwise): %105
//   inline %21 = add(%19, %20) : f32[64]
//   inline %22 = sqrt(%21) : f32[64]
//   inline %96 = mul(%95, %24) : f32[N, 64]
//   %105 = div(%96, %22) : f32[N, 64] -> train_step.buf17
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf14: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_batch_norm_1_gamma: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> v_train_step_buf3: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> out_train_step_buf17: array<vec4<f32>>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 16u)) { return; }
  // Four consecutive elements per invocation.
  let base = i * 4u;
  let q0 = v_train_step_buf14[base / 4u];
  let c1 = (base / 64u);
  let c2 = base % 64u;
  let q3 = p_batch_norm_1_gamma[c2 / 4u];
  let q5 = v_train_step_buf3[c2 / 4u];
  var o9: vec4<f32>;
  for (var c = 0u; c < 4u; c++) {
    let e4 = (q0[c] * q3[c]);
    let e6 = (q5[c] + 0.001);
    let e7 = sqrt(e6);
    let e8 = (e4 / e7);
    o9[c] = e8;
  }
  out_train_step_buf17[base / 4u] = o9;
}

// ===== train_step.k20_sum =====
// kernel 20 (reduction): %100, %108
//   inline %21 = add(%19, %20) : f32[64]
//   inline %22 = sqrt(%21) : f32[64]
//   inline %96 = mul(%95, %24) : f32[N, 64]
//   inline %97 = mul(%96, %23) : f32[N, 64]
//   inline %98 = div(%97, %22) : f32[N, 64]
//   inline %99 = neg(%98) : f32[N, 64]
//   %100 = sum(%99) : f32[64] -> train_step.buf7
//   inline %107 = neg(%105) : f32[N, 64]
//   %108 = sum(%107) : f32[64] -> train_step.buf8
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(2) var<storage, read> p_batch_norm_1_gamma: array<f32>;
@group(0) @binding(3) var<storage, read> v_train_step_buf1: array<f32>;
@group(0) @binding(4) var<storage, read> v_train_step_buf3: array<f32>;
@group(0) @binding(5) var<storage, read> v_train_step_buf17: array<f32>;
@group(0) @binding(6) var<storage, read_write> out_train_step_buf7: array<f32>;
@group(0) @binding(7) var<storage, read_write> out_train_step_buf8: array<f32>;

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
  var acc1 = 0.0;
  for (var r = 0u; r < dims.N; r++) {
    let l0 = r * 64u + i;
    let r1 = v_train_step_buf14[l0];
    let e3 = (r1 * r2);
    let r4 = v_train_step_buf1[l0];
    let e5 = (e3 * r4);
    let e9 = (e5 / e8);
    acc0 = acc0 + (-e9);
    let l10 = r * 64u + i;
    let r11 = v_train_step_buf17[l10];
    let e12 = (-r11);
    acc1 = acc1 + e12;
  }
  out_train_step_buf7[i] = acc0;
  out_train_step_buf8[i] = acc1;
}

// ===== train_step.k20_sum, variant for hardware GPUs =====
// kernel 20 (reduction): %100, %108
//   inline %21 = add(%19, %20) : f32[64]
//   inline %22 = sqrt(%21) : f32[64]
//   inline %96 = mul(%95, %24) : f32[N, 64]
//   inline %97 = mul(%96, %23) : f32[N, 64]
//   inline %98 = div(%97, %22) : f32[N, 64]
//   inline %99 = neg(%98) : f32[N, 64]
//   %100 = sum(%99) : f32[64] -> train_step.buf7
//   inline %107 = neg(%105) : f32[N, 64]
//   %108 = sum(%107) : f32[64] -> train_step.buf8
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(2) var<storage, read> p_batch_norm_1_gamma: array<f32>;
@group(0) @binding(3) var<storage, read> v_train_step_buf1: array<f32>;
@group(0) @binding(4) var<storage, read> v_train_step_buf3: array<f32>;
@group(0) @binding(5) var<storage, read> v_train_step_buf17: array<f32>;
@group(0) @binding(6) var<storage, read_write> out_train_step_buf7: array<f32>;
@group(0) @binding(7) var<storage, read_write> out_train_step_buf8: array<f32>;

var<workgroup> part0: array<f32, 256>;
var<workgroup> part1: array<f32, 256>;

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
  var acc1 = 0.0;
  for (var r = slice; r < dims.N; r += 32u) {
    let l0 = r * 64u + i;
    let r1 = v_train_step_buf14[l0];
    let e3 = (r1 * r2);
    let r4 = v_train_step_buf1[l0];
    let e5 = (e3 * r4);
    let e9 = (e5 / e8);
    acc0 = acc0 + (-e9);
    let l10 = r * 64u + i;
    let r11 = v_train_step_buf17[l10];
    let e12 = (-r11);
    acc1 = acc1 + e12;
  }
  part0[lid.x] = acc0;
  part1[lid.x] = acc1;
  workgroupBarrier();
  for (var s = 16u; s > 0u; s = s >> 1u) {
    if (slice < s) {
      part0[lid.x] = part0[lid.x] + part0[lid.x + s * 8u];
      part1[lid.x] = part1[lid.x] + part1[lid.x + s * 8u];
    }
    workgroupBarrier();
  }
  if (slice == 0u && o < 64u) {
    acc0 = part0[lid.x];
    acc1 = part1[lid.x];
    out_train_step_buf7[i] = acc0;
    out_train_step_buf8[i] = acc1;
  }
}

// ===== train_step.k21_elementwise =====
// kernel 21 (elementwise): %112
//   inline %13 = add(%11, %12) : f32[N, 64]
//   inline %15 = sub(%13, %14) : f32[N, 64]
//   inline %16 = dim_size(%13) : f32[]
//   inline %17 = div(%6, %16) : f32[]
//   inline %18 = mul(%15, %17) : f32[N, 64]
//   inline %21 = add(%19, %20) : f32[64]
//   inline %22 = sqrt(%21) : f32[64]
//   inline %101 = mul(%100, %78) : f32[64]
//   inline %102 = div(%101, %22) : f32[64]
//   inline %104 = mul(%18, %103) : f32[N, 64]
//   inline %106 = add(%104, %105) : f32[N, 64]
//   inline %110 = div(%109, %16) : f32[1, 64]
//   inline %111 = broadcast_to(%110) : f32[N, 64]
//   %112 = add(%106, %111) : f32[N, 64] -> train_step.buf1
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf0: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_1_bias: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> v_train_step_buf2: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> v_train_step_buf7: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read> v_train_step_buf3: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read> v_train_step_buf17: array<vec4<f32>>;
@group(0) @binding(7) var<storage, read> v_train_step_buf8: array<vec4<f32>>;
@group(0) @binding(8) var<storage, read_write> out_train_step_buf1: array<vec4<f32>>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 16u)) { return; }
  // Four consecutive elements per invocation.
  let base = i * 4u;
  let q0 = v_train_step_buf0[base / 4u];
  let c1 = (base / 64u);
  let c2 = base % 64u;
  let q3 = p_dense_1_bias[c2 / 4u];
  let q5 = v_train_step_buf2[c2 / 4u];
  let e7 = (2.0 / f32(dims.N));
  let q9 = v_train_step_buf7[c2 / 4u];
  let q11 = v_train_step_buf3[c2 / 4u];
  let q16 = v_train_step_buf17[base / 4u];
  let q18 = v_train_step_buf8[c2 / 4u];
  var o21: vec4<f32>;
  for (var c = 0u; c < 4u; c++) {
    let e4 = (q0[c] + q3[c]);
    let e6 = (e4 - q5[c]);
    let e8 = (e6 * e7);
    let e10 = (q9[c] * 0.5);
    let e12 = (q11[c] + 0.001);
    let e13 = sqrt(e12);
    let e14 = (e10 / e13);
    let e15 = (e8 * e14);
    let e17 = (e15 + q16[c]);
    let e19 = (q18[c] / f32(dims.N));
    let e20 = (e17 + e19);
    o21[c] = e20;
  }
  out_train_step_buf1[base / 4u] = o21;
}

// ===== train_step.k22_sum =====
// kernel 22 (reduction): %321
//   inline %320 = square(%7) : f32[20, 64]
//   %321 = sum(%320) : f32[] -> train_step.buf15
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> p_dense_1_kernel: array<f32>;
@group(0) @binding(2) var<storage, read_write> out_train_step_buf15: array<f32>;

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
    out_train_step_buf15[i] = acc0;
  }
}

// ===== train_step.k22_sum, variant for hardware GPUs =====
// kernel 22 (reduction): %321
//   inline %320 = square(%7) : f32[20, 64]
//   %321 = sum(%320) : f32[] -> train_step.buf15
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> p_dense_1_kernel: array<f32>;
@group(0) @binding(2) var<storage, read_write> out_train_step_buf15: array<f32>;

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
    out_train_step_buf15[i] = acc0;
  }
}

// ===== train_step.k23_sum =====
// kernel 23 (reduction): %325
//   inline %324 = square(%32) : f32[64, 32]
//   %325 = sum(%324) : f32[] -> train_step.buf16
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> p_dense_2_kernel: array<f32>;
@group(0) @binding(2) var<storage, read_write> out_train_step_buf16: array<f32>;

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
    out_train_step_buf16[i] = acc0;
  }
}

// ===== train_step.k23_sum, variant for hardware GPUs =====
// kernel 23 (reduction): %325
//   inline %324 = square(%32) : f32[64, 32]
//   %325 = sum(%324) : f32[] -> train_step.buf16
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> p_dense_2_kernel: array<f32>;
@group(0) @binding(2) var<storage, read_write> out_train_step_buf16: array<f32>;

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
    out_train_step_buf16[i] = acc0;
  }
}

// ===== train_step.k24_sum =====
// kernel 24 (reduction + epilogue): %329, %330, %335, %336, %337, %338
//   inline %55 = add(%53, %54) : f32[N, 1]
//   inline %56 = sigmoid(%55) : f32[N, 1]
//   inline %60 = sigmoid_bce(%55, %57) : f32[N, 1]
//   inline %323 = mul(%321, %322) : f32[]
//   inline %326 = mul(%325, %322) : f32[]
//   inline %327 = add(%323, %326) : f32[]
//   inline %328 = add(%61, %327) : f32[N]
//   %329 = sum(%328) : f32[]
//   %330 = add(%319, %329) : f32[] -> totals.loss
//   inline %332 = gt(%56, %78) : f32[N, 1]
//   inline %333 = eq(%332, %57) : f32[N, 1]
//   %335 = sum(%334) : f32[]
//   %336 = add(%331, %335) : f32[] -> totals.accuracy
//   %337 = mean(%61) : f32[]
//   %338 = add(%337, %327) : f32[]
//   totals.nonfinite := 1 where %338 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf10: array<f32>;
@group(0) @binding(2) var<storage, read> p_output_layer_bias: array<f32>;
@group(0) @binding(3) var<storage, read> in___targets: array<f32>;
@group(0) @binding(4) var<storage, read> v_train_step_buf15: array<f32>;
@group(0) @binding(5) var<storage, read> v_train_step_buf16: array<f32>;
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
  let r6 = v_train_step_buf15[0u];
  let e7 = (r6 * 0.01);
  let r8 = v_train_step_buf16[0u];
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
    let r21 = v_train_step_buf15[i];
    let e22 = (r21 * 0.01);
    let r23 = v_train_step_buf16[i];
    let e24 = (r23 * 0.01);
    let e25 = (e22 + e24);
    let e26 = (e16 + e25);
    p_totals_loss[i] = e18;
    p_totals_accuracy[i] = e20;
    if ((bitcast<u32>(f32(e26)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
}

// ===== train_step.k24_sum, variant for hardware GPUs =====
// kernel 24 (reduction + epilogue): %329, %330, %335, %336, %337, %338
//   inline %55 = add(%53, %54) : f32[N, 1]
//   inline %56 = sigmoid(%55) : f32[N, 1]
//   inline %60 = sigmoid_bce(%55, %57) : f32[N, 1]
//   inline %323 = mul(%321, %322) : f32[]
//   inline %326 = mul(%325, %322) : f32[]
//   inline %327 = add(%323, %326) : f32[]
//   inline %328 = add(%61, %327) : f32[N]
//   %329 = sum(%328) : f32[]
//   %330 = add(%319, %329) : f32[] -> totals.loss
//   inline %332 = gt(%56, %78) : f32[N, 1]
//   inline %333 = eq(%332, %57) : f32[N, 1]
//   %335 = sum(%334) : f32[]
//   %336 = add(%331, %335) : f32[] -> totals.accuracy
//   %337 = mean(%61) : f32[]
//   %338 = add(%337, %327) : f32[]
//   totals.nonfinite := 1 where %338 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf10: array<f32>;
@group(0) @binding(2) var<storage, read> p_output_layer_bias: array<f32>;
@group(0) @binding(3) var<storage, read> in___targets: array<f32>;
@group(0) @binding(4) var<storage, read> v_train_step_buf15: array<f32>;
@group(0) @binding(5) var<storage, read> v_train_step_buf16: array<f32>;
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
  let r6 = v_train_step_buf15[0u];
  let e7 = (r6 * 0.01);
  let r8 = v_train_step_buf16[0u];
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
    let r21 = v_train_step_buf15[i];
    let e22 = (r21 * 0.01);
    let r23 = v_train_step_buf16[i];
    let e24 = (r23 * 0.01);
    let e25 = (e22 + e24);
    let e26 = (e16 + e25);
    p_totals_loss[i] = e18;
    p_totals_accuracy[i] = e20;
    if ((bitcast<u32>(f32(e26)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
}

// ===== train_step.k25_sum =====
// kernel 25 (reduction + epilogue): %125, %286, %288, %293, %300
//   %125 = add(%29, %124) : f32[] -> optimizer.step
//   inline %127 = mul(%125, %126) : f32[]
//   inline %128 = exp(%127) : f32[]
//   inline %129 = sub(%124, %128) : f32[]
//   inline %133 = mul(%125, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   inline %135 = sub(%124, %134) : f32[]
//   inline %285 = mul(%0, %284) : f32[1]
//   %286 = sum(%66) : f32[1]
//   inline %287 = mul(%3, %286) : f32[1]
//   %288 = add(%285, %287) : f32[1] -> optimizer.m.output_layer.bias
//   inline %290 = mul(%117, %289) : f32[1]
//   inline %291 = square(%286) : f32[1]
//   inline %292 = mul(%120, %291) : f32[1]
//   %293 = add(%290, %292) : f32[1] -> optimizer.v.output_layer.bias
//   inline %294 = div(%288, %129) : f32[1]
//   inline %295 = mul(%20, %294) : f32[1]
//   inline %296 = div(%293, %135) : f32[1]
//   inline %297 = sqrt(%296) : f32[1]
//   inline %298 = add(%297, %138) : f32[1]
//   inline %299 = div(%295, %298) : f32[1]
//   %300 = sub(%54, %299) : f32[1] -> output_layer.bias
//   totals.nonfinite := 1 where %300 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf11: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_step: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_m_output_layer_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_optimizer_v_output_layer_bias: array<f32>;
@group(0) @binding(5) var<storage, read_write> p_output_layer_bias: array<f32>;
@group(0) @binding(6) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

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
    let r3 = p_optimizer_m_output_layer_bias[i];
    let e4 = (0.9 * r3);
    let e5 = (0.09999999999999998 * acc0);
    let e6 = (e4 + e5);
    let r7 = p_optimizer_v_output_layer_bias[i];
    let e8 = (0.999 * r7);
    let e9 = (acc0 * acc0);
    let e10 = (0.0010000000000000009 * e9);
    let e11 = (e8 + e10);
    let r12 = p_output_layer_bias[i];
    let e13 = (e2 * (-0.10536051565782628));
    let e14 = exp(e13);
    let e15 = (1.0 - e14);
    let e16 = (e6 / e15);
    let e17 = (0.001 * e16);
    let e18 = (e2 * (-0.0010005003335835344));
    let e19 = exp(e18);
    let e20 = (1.0 - e19);
    let e21 = (e11 / e20);
    let e22 = sqrt(e21);
    let e23 = (e22 + 1e-7);
    let e24 = (e17 / e23);
    let e25 = (r12 - e24);
    p_optimizer_step[i] = e2;
    p_optimizer_m_output_layer_bias[i] = e6;
    p_optimizer_v_output_layer_bias[i] = e11;
    p_output_layer_bias[i] = e25;
    if ((bitcast<u32>(f32(e25)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
}

// ===== train_step.k25_sum, variant for hardware GPUs =====
// kernel 25 (reduction + epilogue): %125, %286, %288, %293, %300
//   %125 = add(%29, %124) : f32[] -> optimizer.step
//   inline %127 = mul(%125, %126) : f32[]
//   inline %128 = exp(%127) : f32[]
//   inline %129 = sub(%124, %128) : f32[]
//   inline %133 = mul(%125, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   inline %135 = sub(%124, %134) : f32[]
//   inline %285 = mul(%0, %284) : f32[1]
//   %286 = sum(%66) : f32[1]
//   inline %287 = mul(%3, %286) : f32[1]
//   %288 = add(%285, %287) : f32[1] -> optimizer.m.output_layer.bias
//   inline %290 = mul(%117, %289) : f32[1]
//   inline %291 = square(%286) : f32[1]
//   inline %292 = mul(%120, %291) : f32[1]
//   %293 = add(%290, %292) : f32[1] -> optimizer.v.output_layer.bias
//   inline %294 = div(%288, %129) : f32[1]
//   inline %295 = mul(%20, %294) : f32[1]
//   inline %296 = div(%293, %135) : f32[1]
//   inline %297 = sqrt(%296) : f32[1]
//   inline %298 = add(%297, %138) : f32[1]
//   inline %299 = div(%295, %298) : f32[1]
//   %300 = sub(%54, %299) : f32[1] -> output_layer.bias
//   totals.nonfinite := 1 where %300 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf11: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_step: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_m_output_layer_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_optimizer_v_output_layer_bias: array<f32>;
@group(0) @binding(5) var<storage, read_write> p_output_layer_bias: array<f32>;
@group(0) @binding(6) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

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
    let r3 = p_optimizer_m_output_layer_bias[i];
    let e4 = (0.9 * r3);
    let e5 = (0.09999999999999998 * acc0);
    let e6 = (e4 + e5);
    let r7 = p_optimizer_v_output_layer_bias[i];
    let e8 = (0.999 * r7);
    let e9 = (acc0 * acc0);
    let e10 = (0.0010000000000000009 * e9);
    let e11 = (e8 + e10);
    let r12 = p_output_layer_bias[i];
    let e13 = (e2 * (-0.10536051565782628));
    let e14 = exp(e13);
    let e15 = (1.0 - e14);
    let e16 = (e6 / e15);
    let e17 = (0.001 * e16);
    let e18 = (e2 * (-0.0010005003335835344));
    let e19 = exp(e18);
    let e20 = (1.0 - e19);
    let e21 = (e11 / e20);
    let e22 = sqrt(e21);
    let e23 = (e22 + 1e-7);
    let e24 = (e17 / e23);
    let e25 = (r12 - e24);
    p_optimizer_step[i] = e2;
    p_optimizer_m_output_layer_bias[i] = e6;
    p_optimizer_v_output_layer_bias[i] = e11;
    p_output_layer_bias[i] = e25;
    if ((bitcast<u32>(f32(e25)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
}

// ===== train_step.k26_matmul_tn =====
// kernel 26 (matmul + epilogue): %113, %116, %123, %141
//   inline %2 = mul(%0, %1) : f32[20, 64]
//   inline %5 = broadcast_to(%4) : f32[20, 64]
//   inline %8 = mul(%6, %7) : f32[20, 64]
//   inline %9 = mul(%5, %8) : f32[20, 64]
//   %113 = matmul_tn(%10, %112) : f32[20, 64]
//   inline %114 = add(%9, %113) : f32[20, 64]
//   inline %115 = mul(%3, %114) : f32[20, 64]
//   %116 = add(%2, %115) : f32[20, 64] -> optimizer.m.dense_1.kernel
//   inline %119 = mul(%117, %118) : f32[20, 64]
//   inline %121 = square(%114) : f32[20, 64]
//   inline %122 = mul(%120, %121) : f32[20, 64]
//   %123 = add(%119, %122) : f32[20, 64] -> optimizer.v.dense_1.kernel
//   inline %127 = mul(%125, %126) : f32[]
//   inline %128 = exp(%127) : f32[]
//   inline %129 = sub(%124, %128) : f32[]
//   inline %130 = div(%116, %129) : f32[20, 64]
//   inline %131 = mul(%20, %130) : f32[20, 64]
//   inline %133 = mul(%125, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   inline %135 = sub(%124, %134) : f32[]
//   inline %136 = div(%123, %135) : f32[20, 64]
//   inline %137 = sqrt(%136) : f32[20, 64]
//   inline %139 = add(%137, %138) : f32[20, 64]
//   inline %140 = div(%131, %139) : f32[20, 64]
//   %141 = sub(%7, %140) : f32[20, 64] -> dense_1.kernel
//   totals.nonfinite := 1 where %141 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> v_train_step_buf1: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_m_dense_1_kernel: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> p_dense_1_kernel: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> p_optimizer_v_dense_1_kernel: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read> v_optimizer_step: array<f32>;
@group(0) @binding(7) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

fn epi4(row: u32, col: u32, v: vec4<f32>) {
  let idx = row * 64u + col;
  let q0 = p_optimizer_m_dense_1_kernel[idx / 4u];
  let q2 = p_dense_1_kernel[idx / 4u];
  let q8 = p_optimizer_v_dense_1_kernel[idx / 4u];
  let r13 = v_optimizer_step[0u];
  let e14 = (r13 * (-0.10536051565782628));
  let e15 = exp(e14);
  let e16 = (1.0 - e15);
  let e19 = (r13 * (-0.0010005003335835344));
  let e20 = exp(e19);
  let e21 = (1.0 - e20);
  var o27: vec4<f32>;
  var o28: vec4<f32>;
  var o29: vec4<f32>;
  for (var c = 0u; c < 4u; c++) {
    let e1 = (0.9 * q0[c]);
    let e3 = (2.0 * q2[c]);
    let e4 = (0.01 * e3);
    let e5 = (e4 + v[c]);
    let e6 = (0.09999999999999998 * e5);
    let e7 = (e1 + e6);
    let e9 = (0.999 * q8[c]);
    let e10 = (e5 * e5);
    let e11 = (0.0010000000000000009 * e10);
    let e12 = (e9 + e11);
    let e17 = (e7 / e16);
    let e18 = (0.001 * e17);
    let e22 = (e12 / e21);
    let e23 = sqrt(e22);
    let e24 = (e23 + 1e-7);
    let e25 = (e18 / e24);
    let e26 = (q2[c] - e25);
    o27[c] = e7;
    o28[c] = e12;
    o29[c] = e26;
    if ((bitcast<u32>(f32(e26)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
  p_optimizer_m_dense_1_kernel[idx / 4u] = o27;
  p_optimizer_v_dense_1_kernel[idx / 4u] = o28;
  p_dense_1_kernel[idx / 4u] = o29;
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
    let b0_0 = v_train_step_buf1[(t) * (P / 4u) + jq0];
    let b0_1 = v_train_step_buf1[(t + 1u) * (P / 4u) + jq0];
    let b0_2 = v_train_step_buf1[(t + 2u) * (P / 4u) + jq0];
    let b0_3 = v_train_step_buf1[(t + 3u) * (P / 4u) + jq0];
    s0_0 += a0_0[0] * b0_0;
    s0_0 += a0_1[0] * b0_1;
    s0_0 += a0_2[0] * b0_2;
    s0_0 += a0_3[0] * b0_3;
    s1_0 += a0_0[1] * b0_0;
    s1_0 += a0_1[1] * b0_1;
    s1_0 += a0_2[1] * b0_2;
    s1_0 += a0_3[1] * b0_3;
    s2_0 += a0_0[2] * b0_0;
    s2_0 += a0_1[2] * b0_1;
    s2_0 += a0_2[2] * b0_2;
    s2_0 += a0_3[2] * b0_3;
    s3_0 += a0_0[3] * b0_0;
    s3_0 += a0_1[3] * b0_1;
    s3_0 += a0_2[3] * b0_2;
    s3_0 += a0_3[3] * b0_3;
    s4_0 += a1_0[0] * b0_0;
    s4_0 += a1_1[0] * b0_1;
    s4_0 += a1_2[0] * b0_2;
    s4_0 += a1_3[0] * b0_3;
    s5_0 += a1_0[1] * b0_0;
    s5_0 += a1_1[1] * b0_1;
    s5_0 += a1_2[1] * b0_2;
    s5_0 += a1_3[1] * b0_3;
    s6_0 += a1_0[2] * b0_0;
    s6_0 += a1_1[2] * b0_1;
    s6_0 += a1_2[2] * b0_2;
    s6_0 += a1_3[2] * b0_3;
    s7_0 += a1_0[3] * b0_0;
    s7_0 += a1_1[3] * b0_1;
    s7_0 += a1_2[3] * b0_2;
    s7_0 += a1_3[3] * b0_3;
  }
  for (; t < K; t += 1u) {
    let a0_0 = in_x[(t) * (M / 4u) + rq0];
    let a1_0 = in_x[(t) * (M / 4u) + rq1];
    let b0_0 = v_train_step_buf1[(t) * (P / 4u) + jq0];
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
  for (var e = 0u; e < 8u; e++) {
    let row = row0 + e;
    let col = j0;
    if (row < M && col < P) { epi4(row, col, acc[e]); }
  }
}

// ===== train_step.k26_matmul_tn, variant for subgroups of 8 =====
enable subgroups;
// kernel 26 (matmul + epilogue): %113, %116, %123, %141
//   inline %2 = mul(%0, %1) : f32[20, 64]
//   inline %5 = broadcast_to(%4) : f32[20, 64]
//   inline %8 = mul(%6, %7) : f32[20, 64]
//   inline %9 = mul(%5, %8) : f32[20, 64]
//   %113 = matmul_tn(%10, %112) : f32[20, 64]
//   inline %114 = add(%9, %113) : f32[20, 64]
//   inline %115 = mul(%3, %114) : f32[20, 64]
//   %116 = add(%2, %115) : f32[20, 64] -> optimizer.m.dense_1.kernel
//   inline %119 = mul(%117, %118) : f32[20, 64]
//   inline %121 = square(%114) : f32[20, 64]
//   inline %122 = mul(%120, %121) : f32[20, 64]
//   %123 = add(%119, %122) : f32[20, 64] -> optimizer.v.dense_1.kernel
//   inline %127 = mul(%125, %126) : f32[]
//   inline %128 = exp(%127) : f32[]
//   inline %129 = sub(%124, %128) : f32[]
//   inline %130 = div(%116, %129) : f32[20, 64]
//   inline %131 = mul(%20, %130) : f32[20, 64]
//   inline %133 = mul(%125, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   inline %135 = sub(%124, %134) : f32[]
//   inline %136 = div(%123, %135) : f32[20, 64]
//   inline %137 = sqrt(%136) : f32[20, 64]
//   inline %139 = add(%137, %138) : f32[20, 64]
//   inline %140 = div(%131, %139) : f32[20, 64]
//   %141 = sub(%7, %140) : f32[20, 64] -> dense_1.kernel
//   totals.nonfinite := 1 where %141 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> v_train_step_buf1: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_m_dense_1_kernel: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> p_dense_1_kernel: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> p_optimizer_v_dense_1_kernel: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read> v_optimizer_step: array<f32>;
@group(0) @binding(7) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

fn epi4(row: u32, col: u32, v: vec4<f32>) {
  let idx = row * 64u + col;
  let q0 = p_optimizer_m_dense_1_kernel[idx / 4u];
  let q2 = p_dense_1_kernel[idx / 4u];
  let q8 = p_optimizer_v_dense_1_kernel[idx / 4u];
  let r13 = v_optimizer_step[0u];
  let e14 = (r13 * (-0.10536051565782628));
  let e15 = exp(e14);
  let e16 = (1.0 - e15);
  let e19 = (r13 * (-0.0010005003335835344));
  let e20 = exp(e19);
  let e21 = (1.0 - e20);
  var o27: vec4<f32>;
  var o28: vec4<f32>;
  var o29: vec4<f32>;
  for (var c = 0u; c < 4u; c++) {
    let e1 = (0.9 * q0[c]);
    let e3 = (2.0 * q2[c]);
    let e4 = (0.01 * e3);
    let e5 = (e4 + v[c]);
    let e6 = (0.09999999999999998 * e5);
    let e7 = (e1 + e6);
    let e9 = (0.999 * q8[c]);
    let e10 = (e5 * e5);
    let e11 = (0.0010000000000000009 * e10);
    let e12 = (e9 + e11);
    let e17 = (e7 / e16);
    let e18 = (0.001 * e17);
    let e22 = (e12 / e21);
    let e23 = sqrt(e22);
    let e24 = (e23 + 1e-7);
    let e25 = (e18 / e24);
    let e26 = (q2[c] - e25);
    o27[c] = e7;
    o28[c] = e12;
    o29[c] = e26;
    if ((bitcast<u32>(f32(e26)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
  p_optimizer_m_dense_1_kernel[idx / 4u] = o27;
  p_optimizer_v_dense_1_kernel[idx / 4u] = o28;
  p_dense_1_kernel[idx / 4u] = o29;
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
    let b0_0 = v_train_step_buf1[(t) * (P / 4u) + jq0];
    let b0_1 = v_train_step_buf1[(t + 1u) * (P / 4u) + jq0];
    let b0_2 = v_train_step_buf1[(t + 2u) * (P / 4u) + jq0];
    let b0_3 = v_train_step_buf1[(t + 3u) * (P / 4u) + jq0];
    s0_0 += a0_0 * b0_0;
    s0_0 += a0_1 * b0_1;
    s0_0 += a0_2 * b0_2;
    s0_0 += a0_3 * b0_3;
    s1_0 += a1_0 * b0_0;
    s1_0 += a1_1 * b0_1;
    s1_0 += a1_2 * b0_2;
    s1_0 += a1_3 * b0_3;
    s2_0 += a2_0 * b0_0;
    s2_0 += a2_1 * b0_1;
    s2_0 += a2_2 * b0_2;
    s2_0 += a2_3 * b0_3;
    s3_0 += a3_0 * b0_0;
    s3_0 += a3_1 * b0_1;
    s3_0 += a3_2 * b0_2;
    s3_0 += a3_3 * b0_3;
    s4_0 += a4_0 * b0_0;
    s4_0 += a4_1 * b0_1;
    s4_0 += a4_2 * b0_2;
    s4_0 += a4_3 * b0_3;
    s5_0 += a5_0 * b0_0;
    s5_0 += a5_1 * b0_1;
    s5_0 += a5_2 * b0_2;
    s5_0 += a5_3 * b0_3;
    s6_0 += a6_0 * b0_0;
    s6_0 += a6_1 * b0_1;
    s6_0 += a6_2 * b0_2;
    s6_0 += a6_3 * b0_3;
    s7_0 += a7_0 * b0_0;
    s7_0 += a7_1 * b0_1;
    s7_0 += a7_2 * b0_2;
    s7_0 += a7_3 * b0_3;
    s8_0 += a8_0 * b0_0;
    s8_0 += a8_1 * b0_1;
    s8_0 += a8_2 * b0_2;
    s8_0 += a8_3 * b0_3;
    s9_0 += a9_0 * b0_0;
    s9_0 += a9_1 * b0_1;
    s9_0 += a9_2 * b0_2;
    s9_0 += a9_3 * b0_3;
    s10_0 += a10_0 * b0_0;
    s10_0 += a10_1 * b0_1;
    s10_0 += a10_2 * b0_2;
    s10_0 += a10_3 * b0_3;
    s11_0 += a11_0 * b0_0;
    s11_0 += a11_1 * b0_1;
    s11_0 += a11_2 * b0_2;
    s11_0 += a11_3 * b0_3;
    s12_0 += a12_0 * b0_0;
    s12_0 += a12_1 * b0_1;
    s12_0 += a12_2 * b0_2;
    s12_0 += a12_3 * b0_3;
    s13_0 += a13_0 * b0_0;
    s13_0 += a13_1 * b0_1;
    s13_0 += a13_2 * b0_2;
    s13_0 += a13_3 * b0_3;
    s14_0 += a14_0 * b0_0;
    s14_0 += a14_1 * b0_1;
    s14_0 += a14_2 * b0_2;
    s14_0 += a14_3 * b0_3;
    s15_0 += a15_0 * b0_0;
    s15_0 += a15_1 * b0_1;
    s15_0 += a15_2 * b0_2;
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
    let b0_0 = v_train_step_buf1[(t) * (P / 4u) + jq0];
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
  for (var e = 0u; e < 16u; e++) {
    let row = row0 + e;
    let col = j0;
    if (row < M && col < P) { epi4(row, col, acc[e]); }
  }
}

// ===== train_step.k26_matmul_tn, variant for hardware GPUs =====
// kernel 26 (matmul + epilogue): %113, %116, %123, %141
//   inline %2 = mul(%0, %1) : f32[20, 64]
//   inline %5 = broadcast_to(%4) : f32[20, 64]
//   inline %8 = mul(%6, %7) : f32[20, 64]
//   inline %9 = mul(%5, %8) : f32[20, 64]
//   %113 = matmul_tn(%10, %112) : f32[20, 64]
//   inline %114 = add(%9, %113) : f32[20, 64]
//   inline %115 = mul(%3, %114) : f32[20, 64]
//   %116 = add(%2, %115) : f32[20, 64] -> optimizer.m.dense_1.kernel
//   inline %119 = mul(%117, %118) : f32[20, 64]
//   inline %121 = square(%114) : f32[20, 64]
//   inline %122 = mul(%120, %121) : f32[20, 64]
//   %123 = add(%119, %122) : f32[20, 64] -> optimizer.v.dense_1.kernel
//   inline %127 = mul(%125, %126) : f32[]
//   inline %128 = exp(%127) : f32[]
//   inline %129 = sub(%124, %128) : f32[]
//   inline %130 = div(%116, %129) : f32[20, 64]
//   inline %131 = mul(%20, %130) : f32[20, 64]
//   inline %133 = mul(%125, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   inline %135 = sub(%124, %134) : f32[]
//   inline %136 = div(%123, %135) : f32[20, 64]
//   inline %137 = sqrt(%136) : f32[20, 64]
//   inline %139 = add(%137, %138) : f32[20, 64]
//   inline %140 = div(%131, %139) : f32[20, 64]
//   %141 = sub(%7, %140) : f32[20, 64] -> dense_1.kernel
//   totals.nonfinite := 1 where %141 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> v_train_step_buf1: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_m_dense_1_kernel: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> p_dense_1_kernel: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> p_optimizer_v_dense_1_kernel: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read> v_optimizer_step: array<f32>;
@group(0) @binding(7) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

fn epi4(row: u32, col: u32, v: vec4<f32>) {
  let idx = row * 64u + col;
  let q0 = p_optimizer_m_dense_1_kernel[idx / 4u];
  let q2 = p_dense_1_kernel[idx / 4u];
  let q8 = p_optimizer_v_dense_1_kernel[idx / 4u];
  let r13 = v_optimizer_step[0u];
  let e14 = (r13 * (-0.10536051565782628));
  let e15 = exp(e14);
  let e16 = (1.0 - e15);
  let e19 = (r13 * (-0.0010005003335835344));
  let e20 = exp(e19);
  let e21 = (1.0 - e20);
  var o27: vec4<f32>;
  var o28: vec4<f32>;
  var o29: vec4<f32>;
  for (var c = 0u; c < 4u; c++) {
    let e1 = (0.9 * q0[c]);
    let e3 = (2.0 * q2[c]);
    let e4 = (0.01 * e3);
    let e5 = (e4 + v[c]);
    let e6 = (0.09999999999999998 * e5);
    let e7 = (e1 + e6);
    let e9 = (0.999 * q8[c]);
    let e10 = (e5 * e5);
    let e11 = (0.0010000000000000009 * e10);
    let e12 = (e9 + e11);
    let e17 = (e7 / e16);
    let e18 = (0.001 * e17);
    let e22 = (e12 / e21);
    let e23 = sqrt(e22);
    let e24 = (e23 + 1e-7);
    let e25 = (e18 / e24);
    let e26 = (q2[c] - e25);
    o27[c] = e7;
    o28[c] = e12;
    o29[c] = e26;
    if ((bitcast<u32>(f32(e26)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
  p_optimizer_m_dense_1_kernel[idx / 4u] = o27;
  p_optimizer_v_dense_1_kernel[idx / 4u] = o28;
  p_dense_1_kernel[idx / 4u] = o29;
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
    let b0_0 = v_train_step_buf1[(t) * (P / 4u) + jq0];
    let b0_1 = v_train_step_buf1[(t + 1u) * (P / 4u) + jq0];
    let b0_2 = v_train_step_buf1[(t + 2u) * (P / 4u) + jq0];
    let b0_3 = v_train_step_buf1[(t + 3u) * (P / 4u) + jq0];
    s0_0 += a0_0[0] * b0_0;
    s0_0 += a0_1[0] * b0_1;
    s0_0 += a0_2[0] * b0_2;
    s0_0 += a0_3[0] * b0_3;
    s1_0 += a0_0[1] * b0_0;
    s1_0 += a0_1[1] * b0_1;
    s1_0 += a0_2[1] * b0_2;
    s1_0 += a0_3[1] * b0_3;
    s2_0 += a0_0[2] * b0_0;
    s2_0 += a0_1[2] * b0_1;
    s2_0 += a0_2[2] * b0_2;
    s2_0 += a0_3[2] * b0_3;
    s3_0 += a0_0[3] * b0_0;
    s3_0 += a0_1[3] * b0_1;
    s3_0 += a0_2[3] * b0_2;
    s3_0 += a0_3[3] * b0_3;
  }
  for (; t < ke; t += 1u) {
    let a0_0 = in_x[(t) * (M / 4u) + rq0];
    let b0_0 = v_train_step_buf1[(t) * (P / 4u) + jq0];
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
  if (row0 + 0u < M && j0 < P) { epi4(row0 + 0u, j0, s0_0); }
  if (row0 + 1u < M && j0 < P) { epi4(row0 + 1u, j0, s1_0); }
  if (row0 + 2u < M && j0 < P) { epi4(row0 + 2u, j0, s2_0); }
  if (row0 + 3u < M && j0 < P) { epi4(row0 + 3u, j0, s3_0); }
}

// ===== train_step.k27_sum =====
// kernel 27 (reduction + epilogue): %144, %146, %151, %158
//   inline %127 = mul(%125, %126) : f32[]
//   inline %128 = exp(%127) : f32[]
//   inline %129 = sub(%124, %128) : f32[]
//   inline %133 = mul(%125, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   inline %135 = sub(%124, %134) : f32[]
//   inline %143 = mul(%0, %142) : f32[64]
//   %144 = sum(%112) : f32[64]
//   inline %145 = mul(%3, %144) : f32[64]
//   %146 = add(%143, %145) : f32[64] -> optimizer.m.dense_1.bias
//   inline %148 = mul(%117, %147) : f32[64]
//   inline %149 = square(%144) : f32[64]
//   inline %150 = mul(%120, %149) : f32[64]
//   %151 = add(%148, %150) : f32[64] -> optimizer.v.dense_1.bias
//   inline %152 = div(%146, %129) : f32[64]
//   inline %153 = mul(%20, %152) : f32[64]
//   inline %154 = div(%151, %135) : f32[64]
//   inline %155 = sqrt(%154) : f32[64]
//   inline %156 = add(%155, %138) : f32[64]
//   inline %157 = div(%153, %156) : f32[64]
//   %158 = sub(%12, %157) : f32[64] -> dense_1.bias
//   totals.nonfinite := 1 where %158 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf1: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_m_dense_1_bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_v_dense_1_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_dense_1_bias: array<f32>;
@group(0) @binding(5) var<storage, read> v_optimizer_step: array<f32>;
@group(0) @binding(6) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

// One invocation per output element, looping over the reduced axis.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 64u) { return; }
  var acc0 = 0.0;
  for (var r = 0u; r < dims.N; r++) {
    let l0 = r * 64u + i;
    let r1 = v_train_step_buf1[l0];
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
  let r12 = v_optimizer_step[0u];
  let e13 = (r12 * (-0.10536051565782628));
  let e14 = exp(e13);
  let e15 = (1.0 - e14);
  let e16 = (e5 / e15);
  let e17 = (0.001 * e16);
  let e18 = (r12 * (-0.0010005003335835344));
  let e19 = exp(e18);
  let e20 = (1.0 - e19);
  let e21 = (e10 / e20);
  let e22 = sqrt(e21);
  let e23 = (e22 + 1e-7);
  let e24 = (e17 / e23);
  let e25 = (r11 - e24);
  p_optimizer_m_dense_1_bias[i] = e5;
  p_optimizer_v_dense_1_bias[i] = e10;
  p_dense_1_bias[i] = e25;
  if ((bitcast<u32>(f32(e25)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
}

// ===== train_step.k27_sum, variant for hardware GPUs =====
// kernel 27 (reduction + epilogue): %144, %146, %151, %158
//   inline %127 = mul(%125, %126) : f32[]
//   inline %128 = exp(%127) : f32[]
//   inline %129 = sub(%124, %128) : f32[]
//   inline %133 = mul(%125, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   inline %135 = sub(%124, %134) : f32[]
//   inline %143 = mul(%0, %142) : f32[64]
//   %144 = sum(%112) : f32[64]
//   inline %145 = mul(%3, %144) : f32[64]
//   %146 = add(%143, %145) : f32[64] -> optimizer.m.dense_1.bias
//   inline %148 = mul(%117, %147) : f32[64]
//   inline %149 = square(%144) : f32[64]
//   inline %150 = mul(%120, %149) : f32[64]
//   %151 = add(%148, %150) : f32[64] -> optimizer.v.dense_1.bias
//   inline %152 = div(%146, %129) : f32[64]
//   inline %153 = mul(%20, %152) : f32[64]
//   inline %154 = div(%151, %135) : f32[64]
//   inline %155 = sqrt(%154) : f32[64]
//   inline %156 = add(%155, %138) : f32[64]
//   inline %157 = div(%153, %156) : f32[64]
//   %158 = sub(%12, %157) : f32[64] -> dense_1.bias
//   totals.nonfinite := 1 where %158 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf1: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_m_dense_1_bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_v_dense_1_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_dense_1_bias: array<f32>;
@group(0) @binding(5) var<storage, read> v_optimizer_step: array<f32>;
@group(0) @binding(6) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

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
    let r12 = v_optimizer_step[0u];
    let e13 = (r12 * (-0.10536051565782628));
    let e14 = exp(e13);
    let e15 = (1.0 - e14);
    let e16 = (e5 / e15);
    let e17 = (0.001 * e16);
    let e18 = (r12 * (-0.0010005003335835344));
    let e19 = exp(e18);
    let e20 = (1.0 - e19);
    let e21 = (e10 / e20);
    let e22 = sqrt(e21);
    let e23 = (e22 + 1e-7);
    let e24 = (e17 / e23);
    let e25 = (r11 - e24);
    p_optimizer_m_dense_1_bias[i] = e5;
    p_optimizer_v_dense_1_bias[i] = e10;
    p_dense_1_bias[i] = e25;
    if ((bitcast<u32>(f32(e25)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
}

// ===== train_step.k28_sum =====
// kernel 28 (reduction + epilogue): %162, %164, %169, %176
//   inline %127 = mul(%125, %126) : f32[]
//   inline %128 = exp(%127) : f32[]
//   inline %129 = sub(%124, %128) : f32[]
//   inline %133 = mul(%125, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   inline %135 = sub(%124, %134) : f32[]
//   inline %160 = mul(%0, %159) : f32[64]
//   %162 = sum(%161) : f32[64]
//   inline %163 = mul(%3, %162) : f32[64]
//   %164 = add(%160, %163) : f32[64] -> optimizer.m.batch_norm_1.gamma
//   inline %166 = mul(%117, %165) : f32[64]
//   inline %167 = square(%162) : f32[64]
//   inline %168 = mul(%120, %167) : f32[64]
//   %169 = add(%166, %168) : f32[64] -> optimizer.v.batch_norm_1.gamma
//   inline %170 = div(%164, %129) : f32[64]
//   inline %171 = mul(%20, %170) : f32[64]
//   inline %172 = div(%169, %135) : f32[64]
//   inline %173 = sqrt(%172) : f32[64]
//   inline %174 = add(%173, %138) : f32[64]
//   inline %175 = div(%171, %174) : f32[64]
//   %176 = sub(%24, %175) : f32[64] -> batch_norm_1.gamma
//   (reductions finished from the partial statistics of %92's kernel in train_step.buf5)
//   totals.nonfinite := 1 where %176 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf5: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_m_batch_norm_1_gamma: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_v_batch_norm_1_gamma: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_batch_norm_1_gamma: array<f32>;
@group(0) @binding(5) var<storage, read> v_optimizer_step: array<f32>;
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
  for (var t = 0u; t < T; t++) {
    let nt = f32(min(8u, M - t * 8u));
    let nn = n + nt;
    sum0 = sum0 + v_train_step_buf5[(t * 1u + 0u) * P + i];
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
  let r10 = v_optimizer_step[0u];
  let e11 = (r10 * (-0.10536051565782628));
  let e12 = exp(e11);
  let e13 = (1.0 - e12);
  let e14 = (e3 / e13);
  let e15 = (0.001 * e14);
  let e16 = (r10 * (-0.0010005003335835344));
  let e17 = exp(e16);
  let e18 = (1.0 - e17);
  let e19 = (e8 / e18);
  let e20 = sqrt(e19);
  let e21 = (e20 + 1e-7);
  let e22 = (e15 / e21);
  let e23 = (r9 - e22);
  p_optimizer_m_batch_norm_1_gamma[i] = e3;
  p_optimizer_v_batch_norm_1_gamma[i] = e8;
  p_batch_norm_1_gamma[i] = e23;
  if ((bitcast<u32>(f32(e23)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
}

// ===== train_step.k28_sum, variant for hardware GPUs =====
// kernel 28 (reduction + epilogue): %162, %164, %169, %176
//   inline %127 = mul(%125, %126) : f32[]
//   inline %128 = exp(%127) : f32[]
//   inline %129 = sub(%124, %128) : f32[]
//   inline %133 = mul(%125, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   inline %135 = sub(%124, %134) : f32[]
//   inline %160 = mul(%0, %159) : f32[64]
//   %162 = sum(%161) : f32[64]
//   inline %163 = mul(%3, %162) : f32[64]
//   %164 = add(%160, %163) : f32[64] -> optimizer.m.batch_norm_1.gamma
//   inline %166 = mul(%117, %165) : f32[64]
//   inline %167 = square(%162) : f32[64]
//   inline %168 = mul(%120, %167) : f32[64]
//   %169 = add(%166, %168) : f32[64] -> optimizer.v.batch_norm_1.gamma
//   inline %170 = div(%164, %129) : f32[64]
//   inline %171 = mul(%20, %170) : f32[64]
//   inline %172 = div(%169, %135) : f32[64]
//   inline %173 = sqrt(%172) : f32[64]
//   inline %174 = add(%173, %138) : f32[64]
//   inline %175 = div(%171, %174) : f32[64]
//   %176 = sub(%24, %175) : f32[64] -> batch_norm_1.gamma
//   (reductions finished from the partial statistics of %92's kernel in train_step.buf5)
//   totals.nonfinite := 1 where %176 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf5: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_m_batch_norm_1_gamma: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_v_batch_norm_1_gamma: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_batch_norm_1_gamma: array<f32>;
@group(0) @binding(5) var<storage, read> v_optimizer_step: array<f32>;
@group(0) @binding(6) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

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
    sum0 = sum0 + v_train_step_buf5[(t * 1u + 0u) * P + i];
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
    let r10 = v_optimizer_step[0u];
    let e11 = (r10 * (-0.10536051565782628));
    let e12 = exp(e11);
    let e13 = (1.0 - e12);
    let e14 = (e3 / e13);
    let e15 = (0.001 * e14);
    let e16 = (r10 * (-0.0010005003335835344));
    let e17 = exp(e16);
    let e18 = (1.0 - e17);
    let e19 = (e8 / e18);
    let e20 = sqrt(e19);
    let e21 = (e20 + 1e-7);
    let e22 = (e15 / e21);
    let e23 = (r9 - e22);
    p_optimizer_m_batch_norm_1_gamma[i] = e3;
    p_optimizer_v_batch_norm_1_gamma[i] = e8;
    p_batch_norm_1_gamma[i] = e23;
    if ((bitcast<u32>(f32(e23)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
}

// ===== train_step.k29_sum =====
// kernel 29 (reduction + epilogue): %179, %181, %186, %193
//   inline %127 = mul(%125, %126) : f32[]
//   inline %128 = exp(%127) : f32[]
//   inline %129 = sub(%124, %128) : f32[]
//   inline %133 = mul(%125, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   inline %135 = sub(%124, %134) : f32[]
//   inline %178 = mul(%0, %177) : f32[64]
//   %179 = sum(%95) : f32[64]
//   inline %180 = mul(%3, %179) : f32[64]
//   %181 = add(%178, %180) : f32[64] -> optimizer.m.batch_norm_1.beta
//   inline %183 = mul(%117, %182) : f32[64]
//   inline %184 = square(%179) : f32[64]
//   inline %185 = mul(%120, %184) : f32[64]
//   %186 = add(%183, %185) : f32[64] -> optimizer.v.batch_norm_1.beta
//   inline %187 = div(%181, %129) : f32[64]
//   inline %188 = mul(%20, %187) : f32[64]
//   inline %189 = div(%186, %135) : f32[64]
//   inline %190 = sqrt(%189) : f32[64]
//   inline %191 = add(%190, %138) : f32[64]
//   inline %192 = div(%188, %191) : f32[64]
//   %193 = sub(%26, %192) : f32[64] -> batch_norm_1.beta
//   totals.nonfinite := 1 where %193 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_m_batch_norm_1_beta: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_v_batch_norm_1_beta: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_batch_norm_1_beta: array<f32>;
@group(0) @binding(5) var<storage, read> v_optimizer_step: array<f32>;
@group(0) @binding(6) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

// One invocation per output element, looping over the reduced axis.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 64u) { return; }
  var acc0 = 0.0;
  for (var r = 0u; r < dims.N; r++) {
    let l0 = r * 64u + i;
    let r1 = v_train_step_buf14[l0];
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
  let r12 = v_optimizer_step[0u];
  let e13 = (r12 * (-0.10536051565782628));
  let e14 = exp(e13);
  let e15 = (1.0 - e14);
  let e16 = (e5 / e15);
  let e17 = (0.001 * e16);
  let e18 = (r12 * (-0.0010005003335835344));
  let e19 = exp(e18);
  let e20 = (1.0 - e19);
  let e21 = (e10 / e20);
  let e22 = sqrt(e21);
  let e23 = (e22 + 1e-7);
  let e24 = (e17 / e23);
  let e25 = (r11 - e24);
  p_optimizer_m_batch_norm_1_beta[i] = e5;
  p_optimizer_v_batch_norm_1_beta[i] = e10;
  p_batch_norm_1_beta[i] = e25;
  if ((bitcast<u32>(f32(e25)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
}

// ===== train_step.k29_sum, variant for hardware GPUs =====
// kernel 29 (reduction + epilogue): %179, %181, %186, %193
//   inline %127 = mul(%125, %126) : f32[]
//   inline %128 = exp(%127) : f32[]
//   inline %129 = sub(%124, %128) : f32[]
//   inline %133 = mul(%125, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   inline %135 = sub(%124, %134) : f32[]
//   inline %178 = mul(%0, %177) : f32[64]
//   %179 = sum(%95) : f32[64]
//   inline %180 = mul(%3, %179) : f32[64]
//   %181 = add(%178, %180) : f32[64] -> optimizer.m.batch_norm_1.beta
//   inline %183 = mul(%117, %182) : f32[64]
//   inline %184 = square(%179) : f32[64]
//   inline %185 = mul(%120, %184) : f32[64]
//   %186 = add(%183, %185) : f32[64] -> optimizer.v.batch_norm_1.beta
//   inline %187 = div(%181, %129) : f32[64]
//   inline %188 = mul(%20, %187) : f32[64]
//   inline %189 = div(%186, %135) : f32[64]
//   inline %190 = sqrt(%189) : f32[64]
//   inline %191 = add(%190, %138) : f32[64]
//   inline %192 = div(%188, %191) : f32[64]
//   %193 = sub(%26, %192) : f32[64] -> batch_norm_1.beta
//   totals.nonfinite := 1 where %193 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf14: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_m_batch_norm_1_beta: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_v_batch_norm_1_beta: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_batch_norm_1_beta: array<f32>;
@group(0) @binding(5) var<storage, read> v_optimizer_step: array<f32>;
@group(0) @binding(6) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

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
    let r1 = v_train_step_buf14[l0];
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
    let r12 = v_optimizer_step[0u];
    let e13 = (r12 * (-0.10536051565782628));
    let e14 = exp(e13);
    let e15 = (1.0 - e14);
    let e16 = (e5 / e15);
    let e17 = (0.001 * e16);
    let e18 = (r12 * (-0.0010005003335835344));
    let e19 = exp(e18);
    let e20 = (1.0 - e19);
    let e21 = (e10 / e20);
    let e22 = sqrt(e21);
    let e23 = (e22 + 1e-7);
    let e24 = (e17 / e23);
    let e25 = (r11 - e24);
    p_optimizer_m_batch_norm_1_beta[i] = e5;
    p_optimizer_v_batch_norm_1_beta[i] = e10;
    p_batch_norm_1_beta[i] = e25;
    if ((bitcast<u32>(f32(e25)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
}

// ===== train_step.k30_matmul_tn =====
// kernel 30 (matmul + epilogue): %199, %202, %207, %214
//   inline %127 = mul(%125, %126) : f32[]
//   inline %128 = exp(%127) : f32[]
//   inline %129 = sub(%124, %128) : f32[]
//   inline %133 = mul(%125, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   inline %135 = sub(%124, %134) : f32[]
//   inline %195 = mul(%0, %194) : f32[64, 32]
//   inline %196 = broadcast_to(%4) : f32[64, 32]
//   inline %197 = mul(%6, %32) : f32[64, 32]
//   inline %198 = mul(%196, %197) : f32[64, 32]
//   %199 = matmul_tn(%31, %90) : f32[64, 32]
//   inline %200 = add(%198, %199) : f32[64, 32]
//   inline %201 = mul(%3, %200) : f32[64, 32]
//   %202 = add(%195, %201) : f32[64, 32] -> optimizer.m.dense_2.kernel
//   inline %204 = mul(%117, %203) : f32[64, 32]
//   inline %205 = square(%200) : f32[64, 32]
//   inline %206 = mul(%120, %205) : f32[64, 32]
//   %207 = add(%204, %206) : f32[64, 32] -> optimizer.v.dense_2.kernel
//   inline %208 = div(%202, %129) : f32[64, 32]
//   inline %209 = mul(%20, %208) : f32[64, 32]
//   inline %210 = div(%207, %135) : f32[64, 32]
//   inline %211 = sqrt(%210) : f32[64, 32]
//   inline %212 = add(%211, %138) : f32[64, 32]
//   inline %213 = div(%209, %212) : f32[64, 32]
//   %214 = sub(%32, %213) : f32[64, 32] -> dense_2.kernel
//   totals.nonfinite := 1 where %214 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> v_train_step_buf6: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_m_dense_2_kernel: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> p_dense_2_kernel: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> p_optimizer_v_dense_2_kernel: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read> v_optimizer_step: array<f32>;
@group(0) @binding(7) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

fn epi4(row: u32, col: u32, v: vec4<f32>) {
  let idx = row * 32u + col;
  let q0 = p_optimizer_m_dense_2_kernel[idx / 4u];
  let q2 = p_dense_2_kernel[idx / 4u];
  let q8 = p_optimizer_v_dense_2_kernel[idx / 4u];
  let r13 = v_optimizer_step[0u];
  let e14 = (r13 * (-0.10536051565782628));
  let e15 = exp(e14);
  let e16 = (1.0 - e15);
  let e19 = (r13 * (-0.0010005003335835344));
  let e20 = exp(e19);
  let e21 = (1.0 - e20);
  var o27: vec4<f32>;
  var o28: vec4<f32>;
  var o29: vec4<f32>;
  for (var c = 0u; c < 4u; c++) {
    let e1 = (0.9 * q0[c]);
    let e3 = (2.0 * q2[c]);
    let e4 = (0.01 * e3);
    let e5 = (e4 + v[c]);
    let e6 = (0.09999999999999998 * e5);
    let e7 = (e1 + e6);
    let e9 = (0.999 * q8[c]);
    let e10 = (e5 * e5);
    let e11 = (0.0010000000000000009 * e10);
    let e12 = (e9 + e11);
    let e17 = (e7 / e16);
    let e18 = (0.001 * e17);
    let e22 = (e12 / e21);
    let e23 = sqrt(e22);
    let e24 = (e23 + 1e-7);
    let e25 = (e18 / e24);
    let e26 = (q2[c] - e25);
    o27[c] = e7;
    o28[c] = e12;
    o29[c] = e26;
    if ((bitcast<u32>(f32(e26)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
  p_optimizer_m_dense_2_kernel[idx / 4u] = o27;
  p_optimizer_v_dense_2_kernel[idx / 4u] = o28;
  p_dense_2_kernel[idx / 4u] = o29;
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
    let b0_0 = v_train_step_buf6[(t) * (P / 4u) + jq0];
    let b0_1 = v_train_step_buf6[(t + 1u) * (P / 4u) + jq0];
    let b0_2 = v_train_step_buf6[(t + 2u) * (P / 4u) + jq0];
    let b0_3 = v_train_step_buf6[(t + 3u) * (P / 4u) + jq0];
    s0_0 += a0_0[0] * b0_0;
    s0_0 += a0_1[0] * b0_1;
    s0_0 += a0_2[0] * b0_2;
    s0_0 += a0_3[0] * b0_3;
    s1_0 += a0_0[1] * b0_0;
    s1_0 += a0_1[1] * b0_1;
    s1_0 += a0_2[1] * b0_2;
    s1_0 += a0_3[1] * b0_3;
    s2_0 += a0_0[2] * b0_0;
    s2_0 += a0_1[2] * b0_1;
    s2_0 += a0_2[2] * b0_2;
    s2_0 += a0_3[2] * b0_3;
    s3_0 += a0_0[3] * b0_0;
    s3_0 += a0_1[3] * b0_1;
    s3_0 += a0_2[3] * b0_2;
    s3_0 += a0_3[3] * b0_3;
    s4_0 += a1_0[0] * b0_0;
    s4_0 += a1_1[0] * b0_1;
    s4_0 += a1_2[0] * b0_2;
    s4_0 += a1_3[0] * b0_3;
    s5_0 += a1_0[1] * b0_0;
    s5_0 += a1_1[1] * b0_1;
    s5_0 += a1_2[1] * b0_2;
    s5_0 += a1_3[1] * b0_3;
    s6_0 += a1_0[2] * b0_0;
    s6_0 += a1_1[2] * b0_1;
    s6_0 += a1_2[2] * b0_2;
    s6_0 += a1_3[2] * b0_3;
    s7_0 += a1_0[3] * b0_0;
    s7_0 += a1_1[3] * b0_1;
    s7_0 += a1_2[3] * b0_2;
    s7_0 += a1_3[3] * b0_3;
  }
  for (; t < K; t += 1u) {
    let a0_0 = v_train_step_buf4[(t) * (M / 4u) + rq0];
    let a1_0 = v_train_step_buf4[(t) * (M / 4u) + rq1];
    let b0_0 = v_train_step_buf6[(t) * (P / 4u) + jq0];
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
  for (var e = 0u; e < 8u; e++) {
    let row = row0 + e;
    let col = j0;
    if (row < M && col < P) { epi4(row, col, acc[e]); }
  }
}

// ===== train_step.k30_matmul_tn, variant for subgroups of 8 =====
enable subgroups;
// kernel 30 (matmul + epilogue): %199, %202, %207, %214
//   inline %127 = mul(%125, %126) : f32[]
//   inline %128 = exp(%127) : f32[]
//   inline %129 = sub(%124, %128) : f32[]
//   inline %133 = mul(%125, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   inline %135 = sub(%124, %134) : f32[]
//   inline %195 = mul(%0, %194) : f32[64, 32]
//   inline %196 = broadcast_to(%4) : f32[64, 32]
//   inline %197 = mul(%6, %32) : f32[64, 32]
//   inline %198 = mul(%196, %197) : f32[64, 32]
//   %199 = matmul_tn(%31, %90) : f32[64, 32]
//   inline %200 = add(%198, %199) : f32[64, 32]
//   inline %201 = mul(%3, %200) : f32[64, 32]
//   %202 = add(%195, %201) : f32[64, 32] -> optimizer.m.dense_2.kernel
//   inline %204 = mul(%117, %203) : f32[64, 32]
//   inline %205 = square(%200) : f32[64, 32]
//   inline %206 = mul(%120, %205) : f32[64, 32]
//   %207 = add(%204, %206) : f32[64, 32] -> optimizer.v.dense_2.kernel
//   inline %208 = div(%202, %129) : f32[64, 32]
//   inline %209 = mul(%20, %208) : f32[64, 32]
//   inline %210 = div(%207, %135) : f32[64, 32]
//   inline %211 = sqrt(%210) : f32[64, 32]
//   inline %212 = add(%211, %138) : f32[64, 32]
//   inline %213 = div(%209, %212) : f32[64, 32]
//   %214 = sub(%32, %213) : f32[64, 32] -> dense_2.kernel
//   totals.nonfinite := 1 where %214 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> v_train_step_buf6: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_m_dense_2_kernel: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> p_dense_2_kernel: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> p_optimizer_v_dense_2_kernel: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read> v_optimizer_step: array<f32>;
@group(0) @binding(7) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

fn epi4(row: u32, col: u32, v: vec4<f32>) {
  let idx = row * 32u + col;
  let q0 = p_optimizer_m_dense_2_kernel[idx / 4u];
  let q2 = p_dense_2_kernel[idx / 4u];
  let q8 = p_optimizer_v_dense_2_kernel[idx / 4u];
  let r13 = v_optimizer_step[0u];
  let e14 = (r13 * (-0.10536051565782628));
  let e15 = exp(e14);
  let e16 = (1.0 - e15);
  let e19 = (r13 * (-0.0010005003335835344));
  let e20 = exp(e19);
  let e21 = (1.0 - e20);
  var o27: vec4<f32>;
  var o28: vec4<f32>;
  var o29: vec4<f32>;
  for (var c = 0u; c < 4u; c++) {
    let e1 = (0.9 * q0[c]);
    let e3 = (2.0 * q2[c]);
    let e4 = (0.01 * e3);
    let e5 = (e4 + v[c]);
    let e6 = (0.09999999999999998 * e5);
    let e7 = (e1 + e6);
    let e9 = (0.999 * q8[c]);
    let e10 = (e5 * e5);
    let e11 = (0.0010000000000000009 * e10);
    let e12 = (e9 + e11);
    let e17 = (e7 / e16);
    let e18 = (0.001 * e17);
    let e22 = (e12 / e21);
    let e23 = sqrt(e22);
    let e24 = (e23 + 1e-7);
    let e25 = (e18 / e24);
    let e26 = (q2[c] - e25);
    o27[c] = e7;
    o28[c] = e12;
    o29[c] = e26;
    if ((bitcast<u32>(f32(e26)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
  p_optimizer_m_dense_2_kernel[idx / 4u] = o27;
  p_optimizer_v_dense_2_kernel[idx / 4u] = o28;
  p_dense_2_kernel[idx / 4u] = o29;
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
    let b0_0 = v_train_step_buf6[(t) * (P / 4u) + jq0];
    let b0_1 = v_train_step_buf6[(t + 1u) * (P / 4u) + jq0];
    let b0_2 = v_train_step_buf6[(t + 2u) * (P / 4u) + jq0];
    let b0_3 = v_train_step_buf6[(t + 3u) * (P / 4u) + jq0];
    s0_0 += a0_0 * b0_0;
    s0_0 += a0_1 * b0_1;
    s0_0 += a0_2 * b0_2;
    s0_0 += a0_3 * b0_3;
    s1_0 += a1_0 * b0_0;
    s1_0 += a1_1 * b0_1;
    s1_0 += a1_2 * b0_2;
    s1_0 += a1_3 * b0_3;
    s2_0 += a2_0 * b0_0;
    s2_0 += a2_1 * b0_1;
    s2_0 += a2_2 * b0_2;
    s2_0 += a2_3 * b0_3;
    s3_0 += a3_0 * b0_0;
    s3_0 += a3_1 * b0_1;
    s3_0 += a3_2 * b0_2;
    s3_0 += a3_3 * b0_3;
    s4_0 += a4_0 * b0_0;
    s4_0 += a4_1 * b0_1;
    s4_0 += a4_2 * b0_2;
    s4_0 += a4_3 * b0_3;
    s5_0 += a5_0 * b0_0;
    s5_0 += a5_1 * b0_1;
    s5_0 += a5_2 * b0_2;
    s5_0 += a5_3 * b0_3;
    s6_0 += a6_0 * b0_0;
    s6_0 += a6_1 * b0_1;
    s6_0 += a6_2 * b0_2;
    s6_0 += a6_3 * b0_3;
    s7_0 += a7_0 * b0_0;
    s7_0 += a7_1 * b0_1;
    s7_0 += a7_2 * b0_2;
    s7_0 += a7_3 * b0_3;
    s8_0 += a8_0 * b0_0;
    s8_0 += a8_1 * b0_1;
    s8_0 += a8_2 * b0_2;
    s8_0 += a8_3 * b0_3;
    s9_0 += a9_0 * b0_0;
    s9_0 += a9_1 * b0_1;
    s9_0 += a9_2 * b0_2;
    s9_0 += a9_3 * b0_3;
    s10_0 += a10_0 * b0_0;
    s10_0 += a10_1 * b0_1;
    s10_0 += a10_2 * b0_2;
    s10_0 += a10_3 * b0_3;
    s11_0 += a11_0 * b0_0;
    s11_0 += a11_1 * b0_1;
    s11_0 += a11_2 * b0_2;
    s11_0 += a11_3 * b0_3;
    s12_0 += a12_0 * b0_0;
    s12_0 += a12_1 * b0_1;
    s12_0 += a12_2 * b0_2;
    s12_0 += a12_3 * b0_3;
    s13_0 += a13_0 * b0_0;
    s13_0 += a13_1 * b0_1;
    s13_0 += a13_2 * b0_2;
    s13_0 += a13_3 * b0_3;
    s14_0 += a14_0 * b0_0;
    s14_0 += a14_1 * b0_1;
    s14_0 += a14_2 * b0_2;
    s14_0 += a14_3 * b0_3;
    s15_0 += a15_0 * b0_0;
    s15_0 += a15_1 * b0_1;
    s15_0 += a15_2 * b0_2;
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
    let b0_0 = v_train_step_buf6[(t) * (P / 4u) + jq0];
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
  for (var e = 0u; e < 16u; e++) {
    let row = row0 + e;
    let col = j0;
    if (row < M && col < P) { epi4(row, col, acc[e]); }
  }
}

// ===== train_step.k30_matmul_tn, variant for hardware GPUs =====
// kernel 30 (matmul + epilogue): %199, %202, %207, %214
//   inline %127 = mul(%125, %126) : f32[]
//   inline %128 = exp(%127) : f32[]
//   inline %129 = sub(%124, %128) : f32[]
//   inline %133 = mul(%125, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   inline %135 = sub(%124, %134) : f32[]
//   inline %195 = mul(%0, %194) : f32[64, 32]
//   inline %196 = broadcast_to(%4) : f32[64, 32]
//   inline %197 = mul(%6, %32) : f32[64, 32]
//   inline %198 = mul(%196, %197) : f32[64, 32]
//   %199 = matmul_tn(%31, %90) : f32[64, 32]
//   inline %200 = add(%198, %199) : f32[64, 32]
//   inline %201 = mul(%3, %200) : f32[64, 32]
//   %202 = add(%195, %201) : f32[64, 32] -> optimizer.m.dense_2.kernel
//   inline %204 = mul(%117, %203) : f32[64, 32]
//   inline %205 = square(%200) : f32[64, 32]
//   inline %206 = mul(%120, %205) : f32[64, 32]
//   %207 = add(%204, %206) : f32[64, 32] -> optimizer.v.dense_2.kernel
//   inline %208 = div(%202, %129) : f32[64, 32]
//   inline %209 = mul(%20, %208) : f32[64, 32]
//   inline %210 = div(%207, %135) : f32[64, 32]
//   inline %211 = sqrt(%210) : f32[64, 32]
//   inline %212 = add(%211, %138) : f32[64, 32]
//   inline %213 = div(%209, %212) : f32[64, 32]
//   %214 = sub(%32, %213) : f32[64, 32] -> dense_2.kernel
//   totals.nonfinite := 1 where %214 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> v_train_step_buf6: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_m_dense_2_kernel: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> p_dense_2_kernel: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> p_optimizer_v_dense_2_kernel: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read> v_optimizer_step: array<f32>;
@group(0) @binding(7) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

fn epi4(row: u32, col: u32, v: vec4<f32>) {
  let idx = row * 32u + col;
  let q0 = p_optimizer_m_dense_2_kernel[idx / 4u];
  let q2 = p_dense_2_kernel[idx / 4u];
  let q8 = p_optimizer_v_dense_2_kernel[idx / 4u];
  let r13 = v_optimizer_step[0u];
  let e14 = (r13 * (-0.10536051565782628));
  let e15 = exp(e14);
  let e16 = (1.0 - e15);
  let e19 = (r13 * (-0.0010005003335835344));
  let e20 = exp(e19);
  let e21 = (1.0 - e20);
  var o27: vec4<f32>;
  var o28: vec4<f32>;
  var o29: vec4<f32>;
  for (var c = 0u; c < 4u; c++) {
    let e1 = (0.9 * q0[c]);
    let e3 = (2.0 * q2[c]);
    let e4 = (0.01 * e3);
    let e5 = (e4 + v[c]);
    let e6 = (0.09999999999999998 * e5);
    let e7 = (e1 + e6);
    let e9 = (0.999 * q8[c]);
    let e10 = (e5 * e5);
    let e11 = (0.0010000000000000009 * e10);
    let e12 = (e9 + e11);
    let e17 = (e7 / e16);
    let e18 = (0.001 * e17);
    let e22 = (e12 / e21);
    let e23 = sqrt(e22);
    let e24 = (e23 + 1e-7);
    let e25 = (e18 / e24);
    let e26 = (q2[c] - e25);
    o27[c] = e7;
    o28[c] = e12;
    o29[c] = e26;
    if ((bitcast<u32>(f32(e26)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
  p_optimizer_m_dense_2_kernel[idx / 4u] = o27;
  p_optimizer_v_dense_2_kernel[idx / 4u] = o28;
  p_dense_2_kernel[idx / 4u] = o29;
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
    let b0_0 = v_train_step_buf6[(t) * (P / 4u) + jq0];
    let b0_1 = v_train_step_buf6[(t + 1u) * (P / 4u) + jq0];
    let b0_2 = v_train_step_buf6[(t + 2u) * (P / 4u) + jq0];
    let b0_3 = v_train_step_buf6[(t + 3u) * (P / 4u) + jq0];
    s0_0 += a0_0[0] * b0_0;
    s0_0 += a0_1[0] * b0_1;
    s0_0 += a0_2[0] * b0_2;
    s0_0 += a0_3[0] * b0_3;
    s1_0 += a0_0[1] * b0_0;
    s1_0 += a0_1[1] * b0_1;
    s1_0 += a0_2[1] * b0_2;
    s1_0 += a0_3[1] * b0_3;
    s2_0 += a0_0[2] * b0_0;
    s2_0 += a0_1[2] * b0_1;
    s2_0 += a0_2[2] * b0_2;
    s2_0 += a0_3[2] * b0_3;
    s3_0 += a0_0[3] * b0_0;
    s3_0 += a0_1[3] * b0_1;
    s3_0 += a0_2[3] * b0_2;
    s3_0 += a0_3[3] * b0_3;
  }
  for (; t < ke; t += 1u) {
    let a0_0 = v_train_step_buf4[(t) * (M / 4u) + rq0];
    let b0_0 = v_train_step_buf6[(t) * (P / 4u) + jq0];
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
  if (row0 + 0u < M && j0 < P) { epi4(row0 + 0u, j0, s0_0); }
  if (row0 + 1u < M && j0 < P) { epi4(row0 + 1u, j0, s1_0); }
  if (row0 + 2u < M && j0 < P) { epi4(row0 + 2u, j0, s2_0); }
  if (row0 + 3u < M && j0 < P) { epi4(row0 + 3u, j0, s3_0); }
}

// ===== train_step.k31_sum =====
// kernel 31 (reduction + epilogue): %217, %219, %224, %231
//   inline %127 = mul(%125, %126) : f32[]
//   inline %128 = exp(%127) : f32[]
//   inline %129 = sub(%124, %128) : f32[]
//   inline %133 = mul(%125, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   inline %135 = sub(%124, %134) : f32[]
//   inline %216 = mul(%0, %215) : f32[32]
//   %217 = sum(%90) : f32[32]
//   inline %218 = mul(%3, %217) : f32[32]
//   %219 = add(%216, %218) : f32[32] -> optimizer.m.dense_2.bias
//   inline %221 = mul(%117, %220) : f32[32]
//   inline %222 = square(%217) : f32[32]
//   inline %223 = mul(%120, %222) : f32[32]
//   %224 = add(%221, %223) : f32[32] -> optimizer.v.dense_2.bias
//   inline %225 = div(%219, %129) : f32[32]
//   inline %226 = mul(%20, %225) : f32[32]
//   inline %227 = div(%224, %135) : f32[32]
//   inline %228 = sqrt(%227) : f32[32]
//   inline %229 = add(%228, %138) : f32[32]
//   inline %230 = div(%226, %229) : f32[32]
//   %231 = sub(%34, %230) : f32[32] -> dense_2.bias
//   totals.nonfinite := 1 where %231 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf6: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_m_dense_2_bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_v_dense_2_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_dense_2_bias: array<f32>;
@group(0) @binding(5) var<storage, read> v_optimizer_step: array<f32>;
@group(0) @binding(6) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

// One invocation per output element, looping over the reduced axis.
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 32u) { return; }
  var acc0 = 0.0;
  for (var r = 0u; r < dims.N; r++) {
    let l0 = r * 32u + i;
    let r1 = v_train_step_buf6[l0];
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
  let r12 = v_optimizer_step[0u];
  let e13 = (r12 * (-0.10536051565782628));
  let e14 = exp(e13);
  let e15 = (1.0 - e14);
  let e16 = (e5 / e15);
  let e17 = (0.001 * e16);
  let e18 = (r12 * (-0.0010005003335835344));
  let e19 = exp(e18);
  let e20 = (1.0 - e19);
  let e21 = (e10 / e20);
  let e22 = sqrt(e21);
  let e23 = (e22 + 1e-7);
  let e24 = (e17 / e23);
  let e25 = (r11 - e24);
  p_optimizer_m_dense_2_bias[i] = e5;
  p_optimizer_v_dense_2_bias[i] = e10;
  p_dense_2_bias[i] = e25;
  if ((bitcast<u32>(f32(e25)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
}

// ===== train_step.k31_sum, variant for hardware GPUs =====
// kernel 31 (reduction + epilogue): %217, %219, %224, %231
//   inline %127 = mul(%125, %126) : f32[]
//   inline %128 = exp(%127) : f32[]
//   inline %129 = sub(%124, %128) : f32[]
//   inline %133 = mul(%125, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   inline %135 = sub(%124, %134) : f32[]
//   inline %216 = mul(%0, %215) : f32[32]
//   %217 = sum(%90) : f32[32]
//   inline %218 = mul(%3, %217) : f32[32]
//   %219 = add(%216, %218) : f32[32] -> optimizer.m.dense_2.bias
//   inline %221 = mul(%117, %220) : f32[32]
//   inline %222 = square(%217) : f32[32]
//   inline %223 = mul(%120, %222) : f32[32]
//   %224 = add(%221, %223) : f32[32] -> optimizer.v.dense_2.bias
//   inline %225 = div(%219, %129) : f32[32]
//   inline %226 = mul(%20, %225) : f32[32]
//   inline %227 = div(%224, %135) : f32[32]
//   inline %228 = sqrt(%227) : f32[32]
//   inline %229 = add(%228, %138) : f32[32]
//   inline %230 = div(%226, %229) : f32[32]
//   %231 = sub(%34, %230) : f32[32] -> dense_2.bias
//   totals.nonfinite := 1 where %231 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf6: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_m_dense_2_bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_v_dense_2_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_dense_2_bias: array<f32>;
@group(0) @binding(5) var<storage, read> v_optimizer_step: array<f32>;
@group(0) @binding(6) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

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
    let r12 = v_optimizer_step[0u];
    let e13 = (r12 * (-0.10536051565782628));
    let e14 = exp(e13);
    let e15 = (1.0 - e14);
    let e16 = (e5 / e15);
    let e17 = (0.001 * e16);
    let e18 = (r12 * (-0.0010005003335835344));
    let e19 = exp(e18);
    let e20 = (1.0 - e19);
    let e21 = (e10 / e20);
    let e22 = sqrt(e21);
    let e23 = (e22 + 1e-7);
    let e24 = (e17 / e23);
    let e25 = (r11 - e24);
    p_optimizer_m_dense_2_bias[i] = e5;
    p_optimizer_v_dense_2_bias[i] = e10;
    p_dense_2_bias[i] = e25;
    if ((bitcast<u32>(f32(e25)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
}

// ===== train_step.k32_sum =====
// kernel 32 (reduction + epilogue): %235, %237, %242, %249
//   inline %127 = mul(%125, %126) : f32[]
//   inline %128 = exp(%127) : f32[]
//   inline %129 = sub(%124, %128) : f32[]
//   inline %133 = mul(%125, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   inline %135 = sub(%124, %134) : f32[]
//   inline %233 = mul(%0, %232) : f32[32]
//   %235 = sum(%234) : f32[32]
//   inline %236 = mul(%3, %235) : f32[32]
//   %237 = add(%233, %236) : f32[32] -> optimizer.m.batch_norm_2.gamma
//   inline %239 = mul(%117, %238) : f32[32]
//   inline %240 = square(%235) : f32[32]
//   inline %241 = mul(%120, %240) : f32[32]
//   %242 = add(%239, %241) : f32[32] -> optimizer.v.batch_norm_2.gamma
//   inline %243 = div(%237, %129) : f32[32]
//   inline %244 = mul(%20, %243) : f32[32]
//   inline %245 = div(%242, %135) : f32[32]
//   inline %246 = sqrt(%245) : f32[32]
//   inline %247 = add(%246, %138) : f32[32]
//   inline %248 = div(%244, %247) : f32[32]
//   %249 = sub(%45, %248) : f32[32] -> batch_norm_2.gamma
//   (reductions finished from the partial statistics of %68's kernel in train_step.buf12)
//   totals.nonfinite := 1 where %249 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf12: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_m_batch_norm_2_gamma: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_v_batch_norm_2_gamma: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_batch_norm_2_gamma: array<f32>;
@group(0) @binding(5) var<storage, read> v_optimizer_step: array<f32>;
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
  let r10 = v_optimizer_step[0u];
  let e11 = (r10 * (-0.10536051565782628));
  let e12 = exp(e11);
  let e13 = (1.0 - e12);
  let e14 = (e3 / e13);
  let e15 = (0.001 * e14);
  let e16 = (r10 * (-0.0010005003335835344));
  let e17 = exp(e16);
  let e18 = (1.0 - e17);
  let e19 = (e8 / e18);
  let e20 = sqrt(e19);
  let e21 = (e20 + 1e-7);
  let e22 = (e15 / e21);
  let e23 = (r9 - e22);
  p_optimizer_m_batch_norm_2_gamma[i] = e3;
  p_optimizer_v_batch_norm_2_gamma[i] = e8;
  p_batch_norm_2_gamma[i] = e23;
  if ((bitcast<u32>(f32(e23)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
}

// ===== train_step.k32_sum, variant for hardware GPUs =====
// kernel 32 (reduction + epilogue): %235, %237, %242, %249
//   inline %127 = mul(%125, %126) : f32[]
//   inline %128 = exp(%127) : f32[]
//   inline %129 = sub(%124, %128) : f32[]
//   inline %133 = mul(%125, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   inline %135 = sub(%124, %134) : f32[]
//   inline %233 = mul(%0, %232) : f32[32]
//   %235 = sum(%234) : f32[32]
//   inline %236 = mul(%3, %235) : f32[32]
//   %237 = add(%233, %236) : f32[32] -> optimizer.m.batch_norm_2.gamma
//   inline %239 = mul(%117, %238) : f32[32]
//   inline %240 = square(%235) : f32[32]
//   inline %241 = mul(%120, %240) : f32[32]
//   %242 = add(%239, %241) : f32[32] -> optimizer.v.batch_norm_2.gamma
//   inline %243 = div(%237, %129) : f32[32]
//   inline %244 = mul(%20, %243) : f32[32]
//   inline %245 = div(%242, %135) : f32[32]
//   inline %246 = sqrt(%245) : f32[32]
//   inline %247 = add(%246, %138) : f32[32]
//   inline %248 = div(%244, %247) : f32[32]
//   %249 = sub(%45, %248) : f32[32] -> batch_norm_2.gamma
//   (reductions finished from the partial statistics of %68's kernel in train_step.buf12)
//   totals.nonfinite := 1 where %249 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf12: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_m_batch_norm_2_gamma: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_v_batch_norm_2_gamma: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_batch_norm_2_gamma: array<f32>;
@group(0) @binding(5) var<storage, read> v_optimizer_step: array<f32>;
@group(0) @binding(6) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

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
    let r10 = v_optimizer_step[0u];
    let e11 = (r10 * (-0.10536051565782628));
    let e12 = exp(e11);
    let e13 = (1.0 - e12);
    let e14 = (e3 / e13);
    let e15 = (0.001 * e14);
    let e16 = (r10 * (-0.0010005003335835344));
    let e17 = exp(e16);
    let e18 = (1.0 - e17);
    let e19 = (e8 / e18);
    let e20 = sqrt(e19);
    let e21 = (e20 + 1e-7);
    let e22 = (e15 / e21);
    let e23 = (r9 - e22);
    p_optimizer_m_batch_norm_2_gamma[i] = e3;
    p_optimizer_v_batch_norm_2_gamma[i] = e8;
    p_batch_norm_2_gamma[i] = e23;
    if ((bitcast<u32>(f32(e23)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
}

// ===== train_step.k33_sum =====
// kernel 33 (reduction + epilogue): %252, %254, %259, %266
//   inline %127 = mul(%125, %126) : f32[]
//   inline %128 = exp(%127) : f32[]
//   inline %129 = sub(%124, %128) : f32[]
//   inline %133 = mul(%125, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   inline %135 = sub(%124, %134) : f32[]
//   inline %251 = mul(%0, %250) : f32[32]
//   %252 = sum(%72) : f32[32]
//   inline %253 = mul(%3, %252) : f32[32]
//   %254 = add(%251, %253) : f32[32] -> optimizer.m.batch_norm_2.beta
//   inline %256 = mul(%117, %255) : f32[32]
//   inline %257 = square(%252) : f32[32]
//   inline %258 = mul(%120, %257) : f32[32]
//   %259 = add(%256, %258) : f32[32] -> optimizer.v.batch_norm_2.beta
//   inline %260 = div(%254, %129) : f32[32]
//   inline %261 = mul(%20, %260) : f32[32]
//   inline %262 = div(%259, %135) : f32[32]
//   inline %263 = sqrt(%262) : f32[32]
//   inline %264 = add(%263, %138) : f32[32]
//   inline %265 = div(%261, %264) : f32[32]
//   %266 = sub(%47, %265) : f32[32] -> batch_norm_2.beta
//   totals.nonfinite := 1 where %266 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf13: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_m_batch_norm_2_beta: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_v_batch_norm_2_beta: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_batch_norm_2_beta: array<f32>;
@group(0) @binding(5) var<storage, read> v_optimizer_step: array<f32>;
@group(0) @binding(6) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

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
  let r12 = v_optimizer_step[0u];
  let e13 = (r12 * (-0.10536051565782628));
  let e14 = exp(e13);
  let e15 = (1.0 - e14);
  let e16 = (e5 / e15);
  let e17 = (0.001 * e16);
  let e18 = (r12 * (-0.0010005003335835344));
  let e19 = exp(e18);
  let e20 = (1.0 - e19);
  let e21 = (e10 / e20);
  let e22 = sqrt(e21);
  let e23 = (e22 + 1e-7);
  let e24 = (e17 / e23);
  let e25 = (r11 - e24);
  p_optimizer_m_batch_norm_2_beta[i] = e5;
  p_optimizer_v_batch_norm_2_beta[i] = e10;
  p_batch_norm_2_beta[i] = e25;
  if ((bitcast<u32>(f32(e25)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
}

// ===== train_step.k33_sum, variant for hardware GPUs =====
// kernel 33 (reduction + epilogue): %252, %254, %259, %266
//   inline %127 = mul(%125, %126) : f32[]
//   inline %128 = exp(%127) : f32[]
//   inline %129 = sub(%124, %128) : f32[]
//   inline %133 = mul(%125, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   inline %135 = sub(%124, %134) : f32[]
//   inline %251 = mul(%0, %250) : f32[32]
//   %252 = sum(%72) : f32[32]
//   inline %253 = mul(%3, %252) : f32[32]
//   %254 = add(%251, %253) : f32[32] -> optimizer.m.batch_norm_2.beta
//   inline %256 = mul(%117, %255) : f32[32]
//   inline %257 = square(%252) : f32[32]
//   inline %258 = mul(%120, %257) : f32[32]
//   %259 = add(%256, %258) : f32[32] -> optimizer.v.batch_norm_2.beta
//   inline %260 = div(%254, %129) : f32[32]
//   inline %261 = mul(%20, %260) : f32[32]
//   inline %262 = div(%259, %135) : f32[32]
//   inline %263 = sqrt(%262) : f32[32]
//   inline %264 = add(%263, %138) : f32[32]
//   inline %265 = div(%261, %264) : f32[32]
//   %266 = sub(%47, %265) : f32[32] -> batch_norm_2.beta
//   totals.nonfinite := 1 where %266 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf13: array<f32>;
@group(0) @binding(2) var<storage, read_write> p_optimizer_m_batch_norm_2_beta: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_v_batch_norm_2_beta: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_batch_norm_2_beta: array<f32>;
@group(0) @binding(5) var<storage, read> v_optimizer_step: array<f32>;
@group(0) @binding(6) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

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
    let r12 = v_optimizer_step[0u];
    let e13 = (r12 * (-0.10536051565782628));
    let e14 = exp(e13);
    let e15 = (1.0 - e14);
    let e16 = (e5 / e15);
    let e17 = (0.001 * e16);
    let e18 = (r12 * (-0.0010005003335835344));
    let e19 = exp(e18);
    let e20 = (1.0 - e19);
    let e21 = (e10 / e20);
    let e22 = sqrt(e21);
    let e23 = (e22 + 1e-7);
    let e24 = (e17 / e23);
    let e25 = (r11 - e24);
    p_optimizer_m_batch_norm_2_beta[i] = e5;
    p_optimizer_v_batch_norm_2_beta[i] = e10;
    p_batch_norm_2_beta[i] = e25;
    if ((bitcast<u32>(f32(e25)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
  }
}

// ===== train_step.k34_matmul_tn =====
// kernel 34 (matmul + epilogue): %269, %271, %276, %283
//   inline %127 = mul(%125, %126) : f32[]
//   inline %128 = exp(%127) : f32[]
//   inline %129 = sub(%124, %128) : f32[]
//   inline %133 = mul(%125, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   inline %135 = sub(%124, %134) : f32[]
//   inline %268 = mul(%0, %267) : f32[32, 1]
//   %269 = matmul_tn(%51, %66) : f32[32, 1]
//   inline %270 = mul(%3, %269) : f32[32, 1]
//   %271 = add(%268, %270) : f32[32, 1] -> optimizer.m.output_layer.kernel
//   inline %273 = mul(%117, %272) : f32[32, 1]
//   inline %274 = square(%269) : f32[32, 1]
//   inline %275 = mul(%120, %274) : f32[32, 1]
//   %276 = add(%273, %275) : f32[32, 1] -> optimizer.v.output_layer.kernel
//   inline %277 = div(%271, %129) : f32[32, 1]
//   inline %278 = mul(%20, %277) : f32[32, 1]
//   inline %279 = div(%276, %135) : f32[32, 1]
//   inline %280 = sqrt(%279) : f32[32, 1]
//   inline %281 = add(%280, %138) : f32[32, 1]
//   inline %282 = div(%278, %281) : f32[32, 1]
//   %283 = sub(%52, %282) : f32[32, 1] -> output_layer.kernel
//   totals.nonfinite := 1 where %283 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf9: array<f32>;
@group(0) @binding(2) var<storage, read> v_train_step_buf11: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_m_output_layer_kernel: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_optimizer_v_output_layer_kernel: array<f32>;
@group(0) @binding(5) var<storage, read_write> p_output_layer_kernel: array<f32>;
@group(0) @binding(6) var<storage, read> v_optimizer_step: array<f32>;
@group(0) @binding(7) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

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
  let r10 = v_optimizer_step[0u];
  let e11 = (r10 * (-0.10536051565782628));
  let e12 = exp(e11);
  let e13 = (1.0 - e12);
  let e14 = (e3 / e13);
  let e15 = (0.001 * e14);
  let e16 = (r10 * (-0.0010005003335835344));
  let e17 = exp(e16);
  let e18 = (1.0 - e17);
  let e19 = (e8 / e18);
  let e20 = sqrt(e19);
  let e21 = (e20 + 1e-7);
  let e22 = (e15 / e21);
  let e23 = (r9 - e22);
  p_optimizer_m_output_layer_kernel[idx] = e3;
  p_optimizer_v_output_layer_kernel[idx] = e8;
  p_output_layer_kernel[idx] = e23;
  if ((bitcast<u32>(f32(e23)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
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

// ===== train_step.k34_matmul_tn, variant for subgroups of 8 =====
enable subgroups;
// kernel 34 (matmul + epilogue): %269, %271, %276, %283
//   inline %127 = mul(%125, %126) : f32[]
//   inline %128 = exp(%127) : f32[]
//   inline %129 = sub(%124, %128) : f32[]
//   inline %133 = mul(%125, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   inline %135 = sub(%124, %134) : f32[]
//   inline %268 = mul(%0, %267) : f32[32, 1]
//   %269 = matmul_tn(%51, %66) : f32[32, 1]
//   inline %270 = mul(%3, %269) : f32[32, 1]
//   %271 = add(%268, %270) : f32[32, 1] -> optimizer.m.output_layer.kernel
//   inline %273 = mul(%117, %272) : f32[32, 1]
//   inline %274 = square(%269) : f32[32, 1]
//   inline %275 = mul(%120, %274) : f32[32, 1]
//   %276 = add(%273, %275) : f32[32, 1] -> optimizer.v.output_layer.kernel
//   inline %277 = div(%271, %129) : f32[32, 1]
//   inline %278 = mul(%20, %277) : f32[32, 1]
//   inline %279 = div(%276, %135) : f32[32, 1]
//   inline %280 = sqrt(%279) : f32[32, 1]
//   inline %281 = add(%280, %138) : f32[32, 1]
//   inline %282 = div(%278, %281) : f32[32, 1]
//   %283 = sub(%52, %282) : f32[32, 1] -> output_layer.kernel
//   totals.nonfinite := 1 where %283 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf9: array<f32>;
@group(0) @binding(2) var<storage, read> v_train_step_buf11: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_m_output_layer_kernel: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_optimizer_v_output_layer_kernel: array<f32>;
@group(0) @binding(5) var<storage, read_write> p_output_layer_kernel: array<f32>;
@group(0) @binding(6) var<storage, read> v_optimizer_step: array<f32>;
@group(0) @binding(7) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

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
  let r10 = v_optimizer_step[0u];
  let e11 = (r10 * (-0.10536051565782628));
  let e12 = exp(e11);
  let e13 = (1.0 - e12);
  let e14 = (e3 / e13);
  let e15 = (0.001 * e14);
  let e16 = (r10 * (-0.0010005003335835344));
  let e17 = exp(e16);
  let e18 = (1.0 - e17);
  let e19 = (e8 / e18);
  let e20 = sqrt(e19);
  let e21 = (e20 + 1e-7);
  let e22 = (e15 / e21);
  let e23 = (r9 - e22);
  p_optimizer_m_output_layer_kernel[idx] = e3;
  p_optimizer_v_output_layer_kernel[idx] = e8;
  p_output_layer_kernel[idx] = e23;
  if ((bitcast<u32>(f32(e23)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
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

// ===== train_step.k34_matmul_tn, variant for hardware GPUs =====
// kernel 34 (matmul + epilogue): %269, %271, %276, %283
//   inline %127 = mul(%125, %126) : f32[]
//   inline %128 = exp(%127) : f32[]
//   inline %129 = sub(%124, %128) : f32[]
//   inline %133 = mul(%125, %132) : f32[]
//   inline %134 = exp(%133) : f32[]
//   inline %135 = sub(%124, %134) : f32[]
//   inline %268 = mul(%0, %267) : f32[32, 1]
//   %269 = matmul_tn(%51, %66) : f32[32, 1]
//   inline %270 = mul(%3, %269) : f32[32, 1]
//   %271 = add(%268, %270) : f32[32, 1] -> optimizer.m.output_layer.kernel
//   inline %273 = mul(%117, %272) : f32[32, 1]
//   inline %274 = square(%269) : f32[32, 1]
//   inline %275 = mul(%120, %274) : f32[32, 1]
//   %276 = add(%273, %275) : f32[32, 1] -> optimizer.v.output_layer.kernel
//   inline %277 = div(%271, %129) : f32[32, 1]
//   inline %278 = mul(%20, %277) : f32[32, 1]
//   inline %279 = div(%276, %135) : f32[32, 1]
//   inline %280 = sqrt(%279) : f32[32, 1]
//   inline %281 = add(%280, %138) : f32[32, 1]
//   inline %282 = div(%278, %281) : f32[32, 1]
//   %283 = sub(%52, %282) : f32[32, 1] -> output_layer.kernel
//   totals.nonfinite := 1 where %283 holds NaN or ±Inf
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_train_step_buf9: array<f32>;
@group(0) @binding(2) var<storage, read> v_train_step_buf11: array<f32>;
@group(0) @binding(3) var<storage, read_write> p_optimizer_m_output_layer_kernel: array<f32>;
@group(0) @binding(4) var<storage, read_write> p_optimizer_v_output_layer_kernel: array<f32>;
@group(0) @binding(5) var<storage, read_write> p_output_layer_kernel: array<f32>;
@group(0) @binding(6) var<storage, read> v_optimizer_step: array<f32>;
@group(0) @binding(7) var<storage, read_write> flag_totals_nonfinite: array<atomic<u32>>;

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
  let r10 = v_optimizer_step[0u];
  let e11 = (r10 * (-0.10536051565782628));
  let e12 = exp(e11);
  let e13 = (1.0 - e12);
  let e14 = (e3 / e13);
  let e15 = (0.001 * e14);
  let e16 = (r10 * (-0.0010005003335835344));
  let e17 = exp(e16);
  let e18 = (1.0 - e17);
  let e19 = (e8 / e18);
  let e20 = sqrt(e19);
  let e21 = (e20 + 1e-7);
  let e22 = (e15 / e21);
  let e23 = (r9 - e22);
  p_optimizer_m_output_layer_kernel[idx] = e3;
  p_optimizer_v_output_layer_kernel[idx] = e8;
  p_output_layer_kernel[idx] = e23;
  if ((bitcast<u32>(f32(e23)) & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag_totals_nonfinite[0], 0x3f800000u); }
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
