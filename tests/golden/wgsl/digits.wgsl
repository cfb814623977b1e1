// ===== k0_elementwise =====
// kernel 0 (elementwise): %8, %15
//   inline %6 = add(%4, %5) : f32[128]
//   inline %7 = sqrt(%6) : f32[128]
//   %8 = div(%3, %7) : f32[128] -> t8_div
//   inline %12 = sub(%10, %11) : f32[128]
//   inline %13 = mul(%12, %8) : f32[128]
//   %15 = add(%13, %14) : f32[128] -> t15_add
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> p_batch_norm_1_gamma: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_batch_norm_1_moving_variance: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> p_dense_1_bias: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> p_batch_norm_1_moving_mean: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read> p_batch_norm_1_beta: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read_write> out_t8_div: array<vec4<f32>>;
@group(0) @binding(7) var<storage, read_write> out_t15_add: array<vec4<f32>>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 32u) { return; }
  // Four consecutive elements per invocation.
  let base = i * 4u;
  let q0 = p_batch_norm_1_gamma[base / 4u];
  let q1 = p_batch_norm_1_moving_variance[base / 4u];
  let q5 = p_dense_1_bias[base / 4u];
  let q6 = p_batch_norm_1_moving_mean[base / 4u];
  let q9 = p_batch_norm_1_beta[base / 4u];
  var o11: vec4<f32>;
  var o12: vec4<f32>;
  for (var c = 0u; c < 4u; c++) {
    let e2 = (q1[c] + 0.001);
    let e3 = sqrt(e2);
    let e4 = (q0[c] / e3);
    let e7 = (q5[c] - q6[c]);
    let e8 = (e7 * e4);
    let e10 = (e8 + q9[c]);
    o11[c] = e4;
    o12[c] = e10;
  }
  out_t8_div[base / 4u] = o11;
  out_t15_add[base / 4u] = o12;
}

// ===== k1_matmul =====
// kernel 1 (matmul + epilogue): %2, %17
//   %2 = matmul(%0, %1) : f32[N, 128]
//   inline %9 = mul(%2, %8) : f32[N, 128]
//   inline %16 = add(%9, %15) : f32[N, 128]
//   %17 = relu(%16) : f32[N, 128] -> buf0
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_1_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> v_t8_div: array<f32>;
@group(0) @binding(4) var<storage, read> v_t15_add: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_buf0: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 128u + col;
  let r0 = v_t8_div[col];
  let e1 = (v * r0);
  let r2 = v_t15_add[col];
  let e3 = (e1 + r2);
  let e4 = max(e3, 0.0);
  out_buf0[idx] = e4;
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

// ===== k1_matmul, variant for N <= 2 =====
// kernel 1 (matmul + epilogue): %2, %17
//   %2 = matmul(%0, %1) : f32[N, 128]
//   inline %9 = mul(%2, %8) : f32[N, 128]
//   inline %16 = add(%9, %15) : f32[N, 128]
//   %17 = relu(%16) : f32[N, 128] -> buf0
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_1_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> v_t8_div: array<f32>;
@group(0) @binding(4) var<storage, read> v_t15_add: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_buf0: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 128u + col;
  let r0 = v_t8_div[col];
  let e1 = (v * r0);
  let r2 = v_t15_add[col];
  let e3 = (e1 + r2);
  let e4 = max(e3, 0.0);
  out_buf0[idx] = e4;
}

// 1 rows x 32 columns per workgroup; 1 x 1 vec4 accumulators per invocation.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 64u;
  let P = 128u;
  let row0 = wid.y * 1u;
  let j0 = (wid.x * 8u + 0u + lid.x) * 4u;
  let ra0 = min(row0 + 0u, M - 1u) * K;
  let jq0 = min(j0 / 4u, P / 4u - 1u);
  var s0_0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a0 = in_x[(ra0 + t) / 4u];
    let b0_0 = p_dense_1_kernel[(t) * (P / 4u) + jq0];
    let b0_1 = p_dense_1_kernel[(t + 1u) * (P / 4u) + jq0];
    let b0_2 = p_dense_1_kernel[(t + 2u) * (P / 4u) + jq0];
    let b0_3 = p_dense_1_kernel[(t + 3u) * (P / 4u) + jq0];
    s0_0 += a0[0] * b0_0;
    s0_0 += a0[1] * b0_1;
    s0_0 += a0[2] * b0_2;
    s0_0 += a0[3] * b0_3;
  }
  if (row0 + 0u < M && j0 + 0u < P) { epi(row0 + 0u, j0 + 0u, s0_0[0]); }
  if (row0 + 0u < M && j0 + 1u < P) { epi(row0 + 0u, j0 + 1u, s0_0[1]); }
  if (row0 + 0u < M && j0 + 2u < P) { epi(row0 + 0u, j0 + 2u, s0_0[2]); }
  if (row0 + 0u < M && j0 + 3u < P) { epi(row0 + 0u, j0 + 3u, s0_0[3]); }
}

// ===== k1_matmul, variant for subgroups of 8 =====
enable subgroups;
// kernel 1 (matmul + epilogue): %2, %17
//   %2 = matmul(%0, %1) : f32[N, 128]
//   inline %9 = mul(%2, %8) : f32[N, 128]
//   inline %16 = add(%9, %15) : f32[N, 128]
//   %17 = relu(%16) : f32[N, 128] -> buf0
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_1_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> v_t8_div: array<f32>;
@group(0) @binding(4) var<storage, read> v_t15_add: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_buf0: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 128u + col;
  let r0 = v_t8_div[col];
  let e1 = (v * r0);
  let r2 = v_t15_add[col];
  let e3 = (e1 + r2);
  let e4 = max(e3, 0.0);
  out_buf0[idx] = e4;
}

// 16 rows x 32 columns per workgroup; 16 x 1 vec4 accumulators per invocation.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(subgroup_invocation_id) sid: u32) {
  let M = dims.N;
  let K = 64u;
  let P = 128u;
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

// ===== k1_matmul, variant for hardware GPUs =====
// kernel 1 (matmul + epilogue): %2, %17
//   %2 = matmul(%0, %1) : f32[N, 128]
//   inline %9 = mul(%2, %8) : f32[N, 128]
//   inline %16 = add(%9, %15) : f32[N, 128]
//   %17 = relu(%16) : f32[N, 128] -> buf0
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_1_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> v_t8_div: array<f32>;
@group(0) @binding(4) var<storage, read> v_t15_add: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_buf0: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 128u + col;
  let r0 = v_t8_div[col];
  let e1 = (v * r0);
  let r2 = v_t15_add[col];
  let e3 = (e1 + r2);
  let e4 = max(e3, 0.0);
  out_buf0[idx] = e4;
}

var<workgroup> kparts: array<vec4<f32>, 128>;

// 4 rows x 128 columns per workgroup; 4 x 1 vec4 accumulators per invocation; the contraction split over 2 slices of 32 invocations.
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 64u;
  let P = 128u;
  let row0 = wid.y * 4u;
  let lane = lid.x % 32u;
  let slice = lid.x / 32u;
  let j0 = (wid.x * 32u + 0u + lane) * 4u;
  let ra0 = min(row0 + 0u, M - 1u) * K;
  let ra1 = min(row0 + 1u, M - 1u) * K;
  let ra2 = min(row0 + 2u, M - 1u) * K;
  let ra3 = min(row0 + 3u, M - 1u) * K;
  let jq0 = min(j0 / 4u, P / 4u - 1u);
  var s0_0 = vec4<f32>(0.0);
  var s1_0 = vec4<f32>(0.0);
  var s2_0 = vec4<f32>(0.0);
  var s3_0 = vec4<f32>(0.0);
  let kc = (K + 7u) / 8u * 4u;
  let kb = min(slice * kc, K);
  let ke = min(kb + kc, K);
  var t = kb;
  for (; t + 4u <= ke; t += 4u) {
    let a0 = in_x[(ra0 + t) / 4u];
    let a1 = in_x[(ra1 + t) / 4u];
    let a2 = in_x[(ra2 + t) / 4u];
    let a3 = in_x[(ra3 + t) / 4u];
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
  for (var k = 0u; k < 1u; k++) {
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

// ===== k2_elementwise =====
// kernel 2 (elementwise): %24, %31
//   inline %22 = add(%21, %5) : f32[64]
//   inline %23 = sqrt(%22) : f32[64]
//   %24 = div(%20, %23) : f32[64] -> t24_div
//   inline %28 = sub(%26, %27) : f32[64]
//   inline %29 = mul(%28, %24) : f32[64]
//   %31 = add(%29, %30) : f32[64] -> t31_add
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> p_batch_norm_2_gamma: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_batch_norm_2_moving_variance: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> p_dense_2_bias: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> p_batch_norm_2_moving_mean: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read> p_batch_norm_2_beta: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read_write> out_t24_div: array<vec4<f32>>;
@group(0) @binding(7) var<storage, read_write> out_t31_add: array<vec4<f32>>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 16u) { return; }
  // Four consecutive elements per invocation.
  let base = i * 4u;
  let q0 = p_batch_norm_2_gamma[base / 4u];
  let q1 = p_batch_norm_2_moving_variance[base / 4u];
  let q5 = p_dense_2_bias[base / 4u];
  let q6 = p_batch_norm_2_moving_mean[base / 4u];
  let q9 = p_batch_norm_2_beta[base / 4u];
  var o11: vec4<f32>;
  var o12: vec4<f32>;
  for (var c = 0u; c < 4u; c++) {
    let e2 = (q1[c] + 0.001);
    let e3 = sqrt(e2);
    let e4 = (q0[c] / e3);
    let e7 = (q5[c] - q6[c]);
    let e8 = (e7 * e4);
    let e10 = (e8 + q9[c]);
    o11[c] = e4;
    o12[c] = e10;
  }
  out_t24_div[base / 4u] = o11;
  out_t31_add[base / 4u] = o12;
}

// ===== k3_matmul =====
// kernel 3 (matmul + epilogue): %19, %33
//   %19 = matmul(%17, %18) : f32[N, 64]
//   inline %25 = mul(%19, %24) : f32[N, 64]
//   inline %32 = add(%25, %31) : f32[N, 64]
//   %33 = relu(%32) : f32[N, 64] -> buf1
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf0: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_2_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> v_t24_div: array<f32>;
@group(0) @binding(4) var<storage, read> v_t31_add: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_buf1: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 64u + col;
  let r0 = v_t24_div[col];
  let e1 = (v * r0);
  let r2 = v_t31_add[col];
  let e3 = (e1 + r2);
  let e4 = max(e3, 0.0);
  out_buf1[idx] = e4;
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

// ===== k3_matmul, variant for N <= 2 =====
// kernel 3 (matmul + epilogue): %19, %33
//   %19 = matmul(%17, %18) : f32[N, 64]
//   inline %25 = mul(%19, %24) : f32[N, 64]
//   inline %32 = add(%25, %31) : f32[N, 64]
//   %33 = relu(%32) : f32[N, 64] -> buf1
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf0: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_2_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> v_t24_div: array<f32>;
@group(0) @binding(4) var<storage, read> v_t31_add: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_buf1: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 64u + col;
  let r0 = v_t24_div[col];
  let e1 = (v * r0);
  let r2 = v_t31_add[col];
  let e3 = (e1 + r2);
  let e4 = max(e3, 0.0);
  out_buf1[idx] = e4;
}

// 1 rows x 32 columns per workgroup; 1 x 1 vec4 accumulators per invocation.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 128u;
  let P = 64u;
  let row0 = wid.y * 1u;
  let j0 = (wid.x * 8u + 0u + lid.x) * 4u;
  let ra0 = min(row0 + 0u, M - 1u) * K;
  let jq0 = min(j0 / 4u, P / 4u - 1u);
  var s0_0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a0 = v_buf0[(ra0 + t) / 4u];
    let b0_0 = p_dense_2_kernel[(t) * (P / 4u) + jq0];
    let b0_1 = p_dense_2_kernel[(t + 1u) * (P / 4u) + jq0];
    let b0_2 = p_dense_2_kernel[(t + 2u) * (P / 4u) + jq0];
    let b0_3 = p_dense_2_kernel[(t + 3u) * (P / 4u) + jq0];
    s0_0 += a0[0] * b0_0;
    s0_0 += a0[1] * b0_1;
    s0_0 += a0[2] * b0_2;
    s0_0 += a0[3] * b0_3;
  }
  if (row0 + 0u < M && j0 + 0u < P) { epi(row0 + 0u, j0 + 0u, s0_0[0]); }
  if (row0 + 0u < M && j0 + 1u < P) { epi(row0 + 0u, j0 + 1u, s0_0[1]); }
  if (row0 + 0u < M && j0 + 2u < P) { epi(row0 + 0u, j0 + 2u, s0_0[2]); }
  if (row0 + 0u < M && j0 + 3u < P) { epi(row0 + 0u, j0 + 3u, s0_0[3]); }
}

// ===== k3_matmul, variant for subgroups of 8 =====
enable subgroups;
// kernel 3 (matmul + epilogue): %19, %33
//   %19 = matmul(%17, %18) : f32[N, 64]
//   inline %25 = mul(%19, %24) : f32[N, 64]
//   inline %32 = add(%25, %31) : f32[N, 64]
//   %33 = relu(%32) : f32[N, 64] -> buf1
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf0: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_2_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> v_t24_div: array<f32>;
@group(0) @binding(4) var<storage, read> v_t31_add: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_buf1: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 64u + col;
  let r0 = v_t24_div[col];
  let e1 = (v * r0);
  let r2 = v_t31_add[col];
  let e3 = (e1 + r2);
  let e4 = max(e3, 0.0);
  out_buf1[idx] = e4;
}

// 16 rows x 32 columns per workgroup; 16 x 1 vec4 accumulators per invocation.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(subgroup_invocation_id) sid: u32) {
  let M = dims.N;
  let K = 128u;
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
    let my0 = v_buf0[(la0 + t) / 4u];
    let my1 = v_buf0[(la1 + t) / 4u];
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

// ===== k3_matmul, variant for hardware GPUs =====
// kernel 3 (matmul + epilogue): %19, %33
//   %19 = matmul(%17, %18) : f32[N, 64]
//   inline %25 = mul(%19, %24) : f32[N, 64]
//   inline %32 = add(%25, %31) : f32[N, 64]
//   %33 = relu(%32) : f32[N, 64] -> buf1
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf0: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_dense_2_kernel: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> v_t24_div: array<f32>;
@group(0) @binding(4) var<storage, read> v_t31_add: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_buf1: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 64u + col;
  let r0 = v_t24_div[col];
  let e1 = (v * r0);
  let r2 = v_t31_add[col];
  let e3 = (e1 + r2);
  let e4 = max(e3, 0.0);
  out_buf1[idx] = e4;
}

var<workgroup> kparts: array<vec4<f32>, 384>;

// 4 rows x 128 columns per workgroup; 4 x 1 vec4 accumulators per invocation; the contraction split over 4 slices of 32 invocations.
@compute @workgroup_size(128)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 128u;
  let P = 64u;
  let row0 = wid.y * 4u;
  let lane = lid.x % 32u;
  let slice = lid.x / 32u;
  let j0 = (wid.x * 32u + 0u + lane) * 4u;
  let ra0 = min(row0 + 0u, M - 1u) * K;
  let ra1 = min(row0 + 1u, M - 1u) * K;
  let ra2 = min(row0 + 2u, M - 1u) * K;
  let ra3 = min(row0 + 3u, M - 1u) * K;
  let jq0 = min(j0 / 4u, P / 4u - 1u);
  var s0_0 = vec4<f32>(0.0);
  var s1_0 = vec4<f32>(0.0);
  var s2_0 = vec4<f32>(0.0);
  var s3_0 = vec4<f32>(0.0);
  let kc = (K + 15u) / 16u * 4u;
  let kb = min(slice * kc, K);
  let ke = min(kb + kc, K);
  var t = kb;
  for (; t + 4u <= ke; t += 4u) {
    let a0 = v_buf0[(ra0 + t) / 4u];
    let a1 = v_buf0[(ra1 + t) / 4u];
    let a2 = v_buf0[(ra2 + t) / 4u];
    let a3 = v_buf0[(ra3 + t) / 4u];
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
  for (var k = 0u; k < 3u; k++) {
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

// ===== k4_matmul =====
// kernel 4 (matmul + epilogue): %35, %38
//   %35 = matmul(%33, %34) : f32[N, 10]
//   inline %37 = add(%35, %36) : f32[N, 10]
//   %38 = softmax(%37) : f32[N, 10] -> t38_softmax
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf1: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_probs_kernel: array<f32>;
@group(0) @binding(3) var<storage, read> p_probs_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_t38_softmax: array<f32>;

fn softmax_input(row: u32, col: u32, v: f32) -> f32 {
  let r0 = p_probs_bias[col];
  let e1 = (v + r0);
  return e1;
}
fn epi(row: u32, col: u32, v: f32, sm: f32) {
  let idx = row * 10u + col;
  out_t38_softmax[idx] = sm;
}

// One row per invocation, all 10 columns in 3 vec4 accumulators.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 64u;
  let P = 10u;
  let i = wid.x * 8u + lid.x;
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
  }
  if (i < M) {
    let z0 = softmax_input(i, 0u, s0[0]);
    let z1 = softmax_input(i, 1u, s0[1]);
    let z2 = softmax_input(i, 2u, s0[2]);
    let z3 = softmax_input(i, 3u, s0[3]);
    let z4 = softmax_input(i, 4u, s1[0]);
    let z5 = softmax_input(i, 5u, s1[1]);
    let z6 = softmax_input(i, 6u, s1[2]);
    let z7 = softmax_input(i, 7u, s1[3]);
    let z8 = softmax_input(i, 8u, s2[0]);
    let z9 = softmax_input(i, 9u, s2[1]);
    var zmax = z0;
    zmax = max(zmax, z1);
    zmax = max(zmax, z2);
    zmax = max(zmax, z3);
    zmax = max(zmax, z4);
    zmax = max(zmax, z5);
    zmax = max(zmax, z6);
    zmax = max(zmax, z7);
    zmax = max(zmax, z8);
    zmax = max(zmax, z9);
    let ez0 = exp(z0 - zmax);
    let ez1 = exp(z1 - zmax);
    let ez2 = exp(z2 - zmax);
    let ez3 = exp(z3 - zmax);
    let ez4 = exp(z4 - zmax);
    let ez5 = exp(z5 - zmax);
    let ez6 = exp(z6 - zmax);
    let ez7 = exp(z7 - zmax);
    let ez8 = exp(z8 - zmax);
    let ez9 = exp(z9 - zmax);
    let zsum = ez0 + ez1 + ez2 + ez3 + ez4 + ez5 + ez6 + ez7 + ez8 + ez9;
    epi(i, 0u, s0[0], ez0 / zsum);
    epi(i, 1u, s0[1], ez1 / zsum);
    epi(i, 2u, s0[2], ez2 / zsum);
    epi(i, 3u, s0[3], ez3 / zsum);
    epi(i, 4u, s1[0], ez4 / zsum);
    epi(i, 5u, s1[1], ez5 / zsum);
    epi(i, 6u, s1[2], ez6 / zsum);
    epi(i, 7u, s1[3], ez7 / zsum);
    epi(i, 8u, s2[0], ez8 / zsum);
    epi(i, 9u, s2[1], ez9 / zsum);
  }
}

// ===== k4_matmul, variant for N <= 2 =====
// kernel 4 (matmul + epilogue): %35, %38
//   %35 = matmul(%33, %34) : f32[N, 10]
//   inline %37 = add(%35, %36) : f32[N, 10]
//   %38 = softmax(%37) : f32[N, 10] -> t38_softmax
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf1: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_probs_kernel: array<f32>;
@group(0) @binding(3) var<storage, read> p_probs_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_t38_softmax: array<f32>;

fn softmax_input(row: u32, col: u32, v: f32) -> f32 {
  let r0 = p_probs_bias[col];
  let e1 = (v + r0);
  return e1;
}
fn epi(row: u32, col: u32, v: f32, sm: f32) {
  let idx = row * 10u + col;
  out_t38_softmax[idx] = sm;
}

// One row per invocation, all 10 columns in 3 vec4 accumulators.
@compute @workgroup_size(1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 64u;
  let P = 10u;
  let i = wid.x * 1u + lid.x;
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
  }
  if (i < M) {
    let z0 = softmax_input(i, 0u, s0[0]);
    let z1 = softmax_input(i, 1u, s0[1]);
    let z2 = softmax_input(i, 2u, s0[2]);
    let z3 = softmax_input(i, 3u, s0[3]);
    let z4 = softmax_input(i, 4u, s1[0]);
    let z5 = softmax_input(i, 5u, s1[1]);
    let z6 = softmax_input(i, 6u, s1[2]);
    let z7 = softmax_input(i, 7u, s1[3]);
    let z8 = softmax_input(i, 8u, s2[0]);
    let z9 = softmax_input(i, 9u, s2[1]);
    var zmax = z0;
    zmax = max(zmax, z1);
    zmax = max(zmax, z2);
    zmax = max(zmax, z3);
    zmax = max(zmax, z4);
    zmax = max(zmax, z5);
    zmax = max(zmax, z6);
    zmax = max(zmax, z7);
    zmax = max(zmax, z8);
    zmax = max(zmax, z9);
    let ez0 = exp(z0 - zmax);
    let ez1 = exp(z1 - zmax);
    let ez2 = exp(z2 - zmax);
    let ez3 = exp(z3 - zmax);
    let ez4 = exp(z4 - zmax);
    let ez5 = exp(z5 - zmax);
    let ez6 = exp(z6 - zmax);
    let ez7 = exp(z7 - zmax);
    let ez8 = exp(z8 - zmax);
    let ez9 = exp(z9 - zmax);
    let zsum = ez0 + ez1 + ez2 + ez3 + ez4 + ez5 + ez6 + ez7 + ez8 + ez9;
    epi(i, 0u, s0[0], ez0 / zsum);
    epi(i, 1u, s0[1], ez1 / zsum);
    epi(i, 2u, s0[2], ez2 / zsum);
    epi(i, 3u, s0[3], ez3 / zsum);
    epi(i, 4u, s1[0], ez4 / zsum);
    epi(i, 5u, s1[1], ez5 / zsum);
    epi(i, 6u, s1[2], ez6 / zsum);
    epi(i, 7u, s1[3], ez7 / zsum);
    epi(i, 8u, s2[0], ez8 / zsum);
    epi(i, 9u, s2[1], ez9 / zsum);
  }
}

// ===== k4_matmul, variant for subgroups of 8 =====
enable subgroups;
// kernel 4 (matmul + epilogue): %35, %38
//   %35 = matmul(%33, %34) : f32[N, 10]
//   inline %37 = add(%35, %36) : f32[N, 10]
//   %38 = softmax(%37) : f32[N, 10] -> t38_softmax
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf1: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_probs_kernel: array<f32>;
@group(0) @binding(3) var<storage, read> p_probs_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_t38_softmax: array<f32>;

fn softmax_input(row: u32, col: u32, v: f32) -> f32 {
  let r0 = p_probs_bias[col];
  let e1 = (v + r0);
  return e1;
}
fn epi(row: u32, col: u32, v: f32, sm: f32) {
  let idx = row * 10u + col;
  out_t38_softmax[idx] = sm;
}

// One row per invocation, all 10 columns in 3 vec4 accumulators.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(subgroup_invocation_id) sid: u32) {
  let M = dims.N;
  let K = 64u;
  let P = 10u;
  let i = wid.x * 8u + lid.x;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  // The column operand of each step is loaded once, spread over the lanes; subgroupBroadcast hands it out.
  let be0 = min(0u + sid, 11u);
  let be1 = min(8u + sid, 11u);
  var s0 = vec4<f32>(0.0);
  var s1 = vec4<f32>(0.0);
  var s2 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a = v_buf1[(ra + t) / 4u];
    let mb0 = vec4<f32>(p_probs_kernel[(t + (be0 / 3u)) * P + min(4u * (be0 % 3u) + 0u, 9u)], p_probs_kernel[(t + (be0 / 3u)) * P + min(4u * (be0 % 3u) + 1u, 9u)], p_probs_kernel[(t + (be0 / 3u)) * P + min(4u * (be0 % 3u) + 2u, 9u)], p_probs_kernel[(t + (be0 / 3u)) * P + min(4u * (be0 % 3u) + 3u, 9u)]);
    let mb1 = vec4<f32>(p_probs_kernel[(t + (be1 / 3u)) * P + min(4u * (be1 % 3u) + 0u, 9u)], p_probs_kernel[(t + (be1 / 3u)) * P + min(4u * (be1 % 3u) + 1u, 9u)], p_probs_kernel[(t + (be1 / 3u)) * P + min(4u * (be1 % 3u) + 2u, 9u)], p_probs_kernel[(t + (be1 / 3u)) * P + min(4u * (be1 % 3u) + 3u, 9u)]);
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
  }
  if (i < M) {
    let z0 = softmax_input(i, 0u, s0[0]);
    let z1 = softmax_input(i, 1u, s0[1]);
    let z2 = softmax_input(i, 2u, s0[2]);
    let z3 = softmax_input(i, 3u, s0[3]);
    let z4 = softmax_input(i, 4u, s1[0]);
    let z5 = softmax_input(i, 5u, s1[1]);
    let z6 = softmax_input(i, 6u, s1[2]);
    let z7 = softmax_input(i, 7u, s1[3]);
    let z8 = softmax_input(i, 8u, s2[0]);
    let z9 = softmax_input(i, 9u, s2[1]);
    var zmax = z0;
    zmax = max(zmax, z1);
    zmax = max(zmax, z2);
    zmax = max(zmax, z3);
    zmax = max(zmax, z4);
    zmax = max(zmax, z5);
    zmax = max(zmax, z6);
    zmax = max(zmax, z7);
    zmax = max(zmax, z8);
    zmax = max(zmax, z9);
    let ez0 = exp(z0 - zmax);
    let ez1 = exp(z1 - zmax);
    let ez2 = exp(z2 - zmax);
    let ez3 = exp(z3 - zmax);
    let ez4 = exp(z4 - zmax);
    let ez5 = exp(z5 - zmax);
    let ez6 = exp(z6 - zmax);
    let ez7 = exp(z7 - zmax);
    let ez8 = exp(z8 - zmax);
    let ez9 = exp(z9 - zmax);
    let zsum = ez0 + ez1 + ez2 + ez3 + ez4 + ez5 + ez6 + ez7 + ez8 + ez9;
    epi(i, 0u, s0[0], ez0 / zsum);
    epi(i, 1u, s0[1], ez1 / zsum);
    epi(i, 2u, s0[2], ez2 / zsum);
    epi(i, 3u, s0[3], ez3 / zsum);
    epi(i, 4u, s1[0], ez4 / zsum);
    epi(i, 5u, s1[1], ez5 / zsum);
    epi(i, 6u, s1[2], ez6 / zsum);
    epi(i, 7u, s1[3], ez7 / zsum);
    epi(i, 8u, s2[0], ez8 / zsum);
    epi(i, 9u, s2[1], ez9 / zsum);
  }
}

// ===== k4_matmul, variant for hardware GPUs =====
// kernel 4 (matmul + epilogue): %35, %38
//   %35 = matmul(%33, %34) : f32[N, 10]
//   inline %37 = add(%35, %36) : f32[N, 10]
//   %38 = softmax(%37) : f32[N, 10] -> t38_softmax
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_buf1: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> p_probs_kernel: array<f32>;
@group(0) @binding(3) var<storage, read> p_probs_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_t38_softmax: array<f32>;

fn softmax_input(row: u32, col: u32, v: f32) -> f32 {
  let r0 = p_probs_bias[col];
  let e1 = (v + r0);
  return e1;
}
fn epi(row: u32, col: u32, v: f32, sm: f32) {
  let idx = row * 10u + col;
  out_t38_softmax[idx] = sm;
}

var<workgroup> kparts: array<vec4<f32>, 96>;

// One row per invocation, all 10 columns in 3 vec4 accumulators; the contraction split over 2 slices of 32 invocations.
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 64u;
  let P = 10u;
  let lane = lid.x % 32u;
  let slice = lid.x / 32u;
  let i = wid.x * 32u + lane;
  let ic = min(i, M - 1u);
  let ra = ic * K;
  var s0 = vec4<f32>(0.0);
  var s1 = vec4<f32>(0.0);
  var s2 = vec4<f32>(0.0);
  let kc = (K + 7u) / 8u * 4u;
  let kb = min(slice * kc, K);
  let ke = min(kb + kc, K);
  var t = kb;
  for (; t + 4u <= ke; t += 4u) {
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
  }
  // Slices 1.. hand their partial sums to slice 0 and stop; slice 0 adds them and runs the epilogue.
  if (slice != 0u) {
    kparts[((slice - 1u) * 3u + 0u) * 32u + lane] = s0;
    kparts[((slice - 1u) * 3u + 1u) * 32u + lane] = s1;
    kparts[((slice - 1u) * 3u + 2u) * 32u + lane] = s2;
  }
  workgroupBarrier();
  if (slice != 0u) { return; }
  for (var k = 0u; k < 1u; k++) {
    s0 += kparts[(k * 3u + 0u) * 32u + lane];
    s1 += kparts[(k * 3u + 1u) * 32u + lane];
    s2 += kparts[(k * 3u + 2u) * 32u + lane];
  }
  if (i < M) {
    let z0 = softmax_input(i, 0u, s0[0]);
    let z1 = softmax_input(i, 1u, s0[1]);
    let z2 = softmax_input(i, 2u, s0[2]);
    let z3 = softmax_input(i, 3u, s0[3]);
    let z4 = softmax_input(i, 4u, s1[0]);
    let z5 = softmax_input(i, 5u, s1[1]);
    let z6 = softmax_input(i, 6u, s1[2]);
    let z7 = softmax_input(i, 7u, s1[3]);
    let z8 = softmax_input(i, 8u, s2[0]);
    let z9 = softmax_input(i, 9u, s2[1]);
    var zmax = z0;
    zmax = max(zmax, z1);
    zmax = max(zmax, z2);
    zmax = max(zmax, z3);
    zmax = max(zmax, z4);
    zmax = max(zmax, z5);
    zmax = max(zmax, z6);
    zmax = max(zmax, z7);
    zmax = max(zmax, z8);
    zmax = max(zmax, z9);
    let ez0 = exp(z0 - zmax);
    let ez1 = exp(z1 - zmax);
    let ez2 = exp(z2 - zmax);
    let ez3 = exp(z3 - zmax);
    let ez4 = exp(z4 - zmax);
    let ez5 = exp(z5 - zmax);
    let ez6 = exp(z6 - zmax);
    let ez7 = exp(z7 - zmax);
    let ez8 = exp(z8 - zmax);
    let ez9 = exp(z9 - zmax);
    let zsum = ez0 + ez1 + ez2 + ez3 + ez4 + ez5 + ez6 + ez7 + ez8 + ez9;
    epi(i, 0u, s0[0], ez0 / zsum);
    epi(i, 1u, s0[1], ez1 / zsum);
    epi(i, 2u, s0[2], ez2 / zsum);
    epi(i, 3u, s0[3], ez3 / zsum);
    epi(i, 4u, s1[0], ez4 / zsum);
    epi(i, 5u, s1[1], ez5 / zsum);
    epi(i, 6u, s1[2], ez6 / zsum);
    epi(i, 7u, s1[3], ez7 / zsum);
    epi(i, 8u, s2[0], ez8 / zsum);
    epi(i, 9u, s2[1], ez9 / zsum);
  }
}
