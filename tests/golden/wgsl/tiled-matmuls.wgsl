// ===== k0_matmul =====
// kernel 0 (matmul): %2
//   %2 = matmul(%0, %1) : f32[4096, 4096] -> t2_matmul
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_a: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> in_b: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> out_t2_matmul: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 4096u + col;
  out_t2_matmul[idx] = v;
}

// 8 rows x 256 columns per workgroup; 8 x 2 vec4 accumulators per invocation.
@compute @workgroup_size(32)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = 4096u;
  let K = 4096u;
  let P = 4096u;
  let row0 = wid.y * 8u;
  let j0 = (wid.x * 64u + 0u + lid.x) * 4u;
  let j1 = (wid.x * 64u + 32u + lid.x) * 4u;
  let ra0 = min(row0 + 0u, M - 1u) * K;
  let ra1 = min(row0 + 1u, M - 1u) * K;
  let ra2 = min(row0 + 2u, M - 1u) * K;
  let ra3 = min(row0 + 3u, M - 1u) * K;
  let ra4 = min(row0 + 4u, M - 1u) * K;
  let ra5 = min(row0 + 5u, M - 1u) * K;
  let ra6 = min(row0 + 6u, M - 1u) * K;
  let ra7 = min(row0 + 7u, M - 1u) * K;
  let jq0 = min(j0 / 4u, P / 4u - 1u);
  let jq1 = min(j1 / 4u, P / 4u - 1u);
  var s0_0 = vec4<f32>(0.0);
  var s0_1 = vec4<f32>(0.0);
  var s1_0 = vec4<f32>(0.0);
  var s1_1 = vec4<f32>(0.0);
  var s2_0 = vec4<f32>(0.0);
  var s2_1 = vec4<f32>(0.0);
  var s3_0 = vec4<f32>(0.0);
  var s3_1 = vec4<f32>(0.0);
  var s4_0 = vec4<f32>(0.0);
  var s4_1 = vec4<f32>(0.0);
  var s5_0 = vec4<f32>(0.0);
  var s5_1 = vec4<f32>(0.0);
  var s6_0 = vec4<f32>(0.0);
  var s6_1 = vec4<f32>(0.0);
  var s7_0 = vec4<f32>(0.0);
  var s7_1 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a0 = in_a[(ra0 + t) / 4u];
    let a1 = in_a[(ra1 + t) / 4u];
    let a2 = in_a[(ra2 + t) / 4u];
    let a3 = in_a[(ra3 + t) / 4u];
    let a4 = in_a[(ra4 + t) / 4u];
    let a5 = in_a[(ra5 + t) / 4u];
    let a6 = in_a[(ra6 + t) / 4u];
    let a7 = in_a[(ra7 + t) / 4u];
    let b0_0 = in_b[(t) * (P / 4u) + jq0];
    let b0_1 = in_b[(t + 1u) * (P / 4u) + jq0];
    let b0_2 = in_b[(t + 2u) * (P / 4u) + jq0];
    let b0_3 = in_b[(t + 3u) * (P / 4u) + jq0];
    let b1_0 = in_b[(t) * (P / 4u) + jq1];
    let b1_1 = in_b[(t + 1u) * (P / 4u) + jq1];
    let b1_2 = in_b[(t + 2u) * (P / 4u) + jq1];
    let b1_3 = in_b[(t + 3u) * (P / 4u) + jq1];
    s0_0 += a0[0] * b0_0;
    s0_0 += a0[1] * b0_1;
    s0_0 += a0[2] * b0_2;
    s0_0 += a0[3] * b0_3;
    s0_1 += a0[0] * b1_0;
    s0_1 += a0[1] * b1_1;
    s0_1 += a0[2] * b1_2;
    s0_1 += a0[3] * b1_3;
    s1_0 += a1[0] * b0_0;
    s1_0 += a1[1] * b0_1;
    s1_0 += a1[2] * b0_2;
    s1_0 += a1[3] * b0_3;
    s1_1 += a1[0] * b1_0;
    s1_1 += a1[1] * b1_1;
    s1_1 += a1[2] * b1_2;
    s1_1 += a1[3] * b1_3;
    s2_0 += a2[0] * b0_0;
    s2_0 += a2[1] * b0_1;
    s2_0 += a2[2] * b0_2;
    s2_0 += a2[3] * b0_3;
    s2_1 += a2[0] * b1_0;
    s2_1 += a2[1] * b1_1;
    s2_1 += a2[2] * b1_2;
    s2_1 += a2[3] * b1_3;
    s3_0 += a3[0] * b0_0;
    s3_0 += a3[1] * b0_1;
    s3_0 += a3[2] * b0_2;
    s3_0 += a3[3] * b0_3;
    s3_1 += a3[0] * b1_0;
    s3_1 += a3[1] * b1_1;
    s3_1 += a3[2] * b1_2;
    s3_1 += a3[3] * b1_3;
    s4_0 += a4[0] * b0_0;
    s4_0 += a4[1] * b0_1;
    s4_0 += a4[2] * b0_2;
    s4_0 += a4[3] * b0_3;
    s4_1 += a4[0] * b1_0;
    s4_1 += a4[1] * b1_1;
    s4_1 += a4[2] * b1_2;
    s4_1 += a4[3] * b1_3;
    s5_0 += a5[0] * b0_0;
    s5_0 += a5[1] * b0_1;
    s5_0 += a5[2] * b0_2;
    s5_0 += a5[3] * b0_3;
    s5_1 += a5[0] * b1_0;
    s5_1 += a5[1] * b1_1;
    s5_1 += a5[2] * b1_2;
    s5_1 += a5[3] * b1_3;
    s6_0 += a6[0] * b0_0;
    s6_0 += a6[1] * b0_1;
    s6_0 += a6[2] * b0_2;
    s6_0 += a6[3] * b0_3;
    s6_1 += a6[0] * b1_0;
    s6_1 += a6[1] * b1_1;
    s6_1 += a6[2] * b1_2;
    s6_1 += a6[3] * b1_3;
    s7_0 += a7[0] * b0_0;
    s7_0 += a7[1] * b0_1;
    s7_0 += a7[2] * b0_2;
    s7_0 += a7[3] * b0_3;
    s7_1 += a7[0] * b1_0;
    s7_1 += a7[1] * b1_1;
    s7_1 += a7[2] * b1_2;
    s7_1 += a7[3] * b1_3;
  }
  let acc = array<vec4<f32>, 16>(s0_0, s0_1, s1_0, s1_1, s2_0, s2_1, s3_0, s3_1, s4_0, s4_1, s5_0, s5_1, s6_0, s6_1, s7_0, s7_1);
  for (var e = 0u; e < 64u; e++) {
    let r = e / 8u;
    let q = (e / 4u) % 2u;
    let c = e % 4u;
    let row = row0 + r;
    let col = j0 + q * 128u + c;
    if (row < M && col < P) { epi(row, col, acc[r * 2u + q][c]); }
  }
}

// ===== k0_matmul, variant for subgroups of 8 =====
enable subgroups;
// kernel 0 (matmul): %2
//   %2 = matmul(%0, %1) : f32[4096, 4096] -> t2_matmul
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_a: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> in_b: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> out_t2_matmul: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 4096u + col;
  out_t2_matmul[idx] = v;
}

// 32 rows x 64 columns per workgroup; 32 x 2 vec4 accumulators per invocation; workgroups take the row blocks of a column strip in turn.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(subgroup_invocation_id) sid: u32) {
  let M = 4096u;
  let K = 4096u;
  let P = 4096u;
  let row0 = wid.x * 32u;
  let j0 = (wid.y * 16u + 0u + lid.x) * 4u;
  let j1 = (wid.y * 16u + 8u + lid.x) * 4u;
  // Each lane loads the row operand for 4 rows; subgroupBroadcast hands them to the others.
  let la0 = min(row0 + 0u + sid, M - 1u) * K;
  let la1 = min(row0 + 8u + sid, M - 1u) * K;
  let la2 = min(row0 + 16u + sid, M - 1u) * K;
  let la3 = min(row0 + 24u + sid, M - 1u) * K;
  let jq0 = min(j0 / 4u, P / 4u - 1u);
  let jq1 = min(j1 / 4u, P / 4u - 1u);
  var s0_0 = vec4<f32>(0.0);
  var s0_1 = vec4<f32>(0.0);
  var s1_0 = vec4<f32>(0.0);
  var s1_1 = vec4<f32>(0.0);
  var s2_0 = vec4<f32>(0.0);
  var s2_1 = vec4<f32>(0.0);
  var s3_0 = vec4<f32>(0.0);
  var s3_1 = vec4<f32>(0.0);
  var s4_0 = vec4<f32>(0.0);
  var s4_1 = vec4<f32>(0.0);
  var s5_0 = vec4<f32>(0.0);
  var s5_1 = vec4<f32>(0.0);
  var s6_0 = vec4<f32>(0.0);
  var s6_1 = vec4<f32>(0.0);
  var s7_0 = vec4<f32>(0.0);
  var s7_1 = vec4<f32>(0.0);
  var s8_0 = vec4<f32>(0.0);
  var s8_1 = vec4<f32>(0.0);
  var s9_0 = vec4<f32>(0.0);
  var s9_1 = vec4<f32>(0.0);
  var s10_0 = vec4<f32>(0.0);
  var s10_1 = vec4<f32>(0.0);
  var s11_0 = vec4<f32>(0.0);
  var s11_1 = vec4<f32>(0.0);
  var s12_0 = vec4<f32>(0.0);
  var s12_1 = vec4<f32>(0.0);
  var s13_0 = vec4<f32>(0.0);
  var s13_1 = vec4<f32>(0.0);
  var s14_0 = vec4<f32>(0.0);
  var s14_1 = vec4<f32>(0.0);
  var s15_0 = vec4<f32>(0.0);
  var s15_1 = vec4<f32>(0.0);
  var s16_0 = vec4<f32>(0.0);
  var s16_1 = vec4<f32>(0.0);
  var s17_0 = vec4<f32>(0.0);
  var s17_1 = vec4<f32>(0.0);
  var s18_0 = vec4<f32>(0.0);
  var s18_1 = vec4<f32>(0.0);
  var s19_0 = vec4<f32>(0.0);
  var s19_1 = vec4<f32>(0.0);
  var s20_0 = vec4<f32>(0.0);
  var s20_1 = vec4<f32>(0.0);
  var s21_0 = vec4<f32>(0.0);
  var s21_1 = vec4<f32>(0.0);
  var s22_0 = vec4<f32>(0.0);
  var s22_1 = vec4<f32>(0.0);
  var s23_0 = vec4<f32>(0.0);
  var s23_1 = vec4<f32>(0.0);
  var s24_0 = vec4<f32>(0.0);
  var s24_1 = vec4<f32>(0.0);
  var s25_0 = vec4<f32>(0.0);
  var s25_1 = vec4<f32>(0.0);
  var s26_0 = vec4<f32>(0.0);
  var s26_1 = vec4<f32>(0.0);
  var s27_0 = vec4<f32>(0.0);
  var s27_1 = vec4<f32>(0.0);
  var s28_0 = vec4<f32>(0.0);
  var s28_1 = vec4<f32>(0.0);
  var s29_0 = vec4<f32>(0.0);
  var s29_1 = vec4<f32>(0.0);
  var s30_0 = vec4<f32>(0.0);
  var s30_1 = vec4<f32>(0.0);
  var s31_0 = vec4<f32>(0.0);
  var s31_1 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let my0 = in_a[(la0 + t) / 4u];
    let my1 = in_a[(la1 + t) / 4u];
    let my2 = in_a[(la2 + t) / 4u];
    let my3 = in_a[(la3 + t) / 4u];
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
    let a16_0 = subgroupBroadcast(my2[0], 0u);
    let a17_0 = subgroupBroadcast(my2[0], 1u);
    let a18_0 = subgroupBroadcast(my2[0], 2u);
    let a19_0 = subgroupBroadcast(my2[0], 3u);
    let a20_0 = subgroupBroadcast(my2[0], 4u);
    let a21_0 = subgroupBroadcast(my2[0], 5u);
    let a22_0 = subgroupBroadcast(my2[0], 6u);
    let a23_0 = subgroupBroadcast(my2[0], 7u);
    let a24_0 = subgroupBroadcast(my3[0], 0u);
    let a25_0 = subgroupBroadcast(my3[0], 1u);
    let a26_0 = subgroupBroadcast(my3[0], 2u);
    let a27_0 = subgroupBroadcast(my3[0], 3u);
    let a28_0 = subgroupBroadcast(my3[0], 4u);
    let a29_0 = subgroupBroadcast(my3[0], 5u);
    let a30_0 = subgroupBroadcast(my3[0], 6u);
    let a31_0 = subgroupBroadcast(my3[0], 7u);
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
    let a16_1 = subgroupBroadcast(my2[1], 0u);
    let a17_1 = subgroupBroadcast(my2[1], 1u);
    let a18_1 = subgroupBroadcast(my2[1], 2u);
    let a19_1 = subgroupBroadcast(my2[1], 3u);
    let a20_1 = subgroupBroadcast(my2[1], 4u);
    let a21_1 = subgroupBroadcast(my2[1], 5u);
    let a22_1 = subgroupBroadcast(my2[1], 6u);
    let a23_1 = subgroupBroadcast(my2[1], 7u);
    let a24_1 = subgroupBroadcast(my3[1], 0u);
    let a25_1 = subgroupBroadcast(my3[1], 1u);
    let a26_1 = subgroupBroadcast(my3[1], 2u);
    let a27_1 = subgroupBroadcast(my3[1], 3u);
    let a28_1 = subgroupBroadcast(my3[1], 4u);
    let a29_1 = subgroupBroadcast(my3[1], 5u);
    let a30_1 = subgroupBroadcast(my3[1], 6u);
    let a31_1 = subgroupBroadcast(my3[1], 7u);
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
    let a16_2 = subgroupBroadcast(my2[2], 0u);
    let a17_2 = subgroupBroadcast(my2[2], 1u);
    let a18_2 = subgroupBroadcast(my2[2], 2u);
    let a19_2 = subgroupBroadcast(my2[2], 3u);
    let a20_2 = subgroupBroadcast(my2[2], 4u);
    let a21_2 = subgroupBroadcast(my2[2], 5u);
    let a22_2 = subgroupBroadcast(my2[2], 6u);
    let a23_2 = subgroupBroadcast(my2[2], 7u);
    let a24_2 = subgroupBroadcast(my3[2], 0u);
    let a25_2 = subgroupBroadcast(my3[2], 1u);
    let a26_2 = subgroupBroadcast(my3[2], 2u);
    let a27_2 = subgroupBroadcast(my3[2], 3u);
    let a28_2 = subgroupBroadcast(my3[2], 4u);
    let a29_2 = subgroupBroadcast(my3[2], 5u);
    let a30_2 = subgroupBroadcast(my3[2], 6u);
    let a31_2 = subgroupBroadcast(my3[2], 7u);
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
    let a16_3 = subgroupBroadcast(my2[3], 0u);
    let a17_3 = subgroupBroadcast(my2[3], 1u);
    let a18_3 = subgroupBroadcast(my2[3], 2u);
    let a19_3 = subgroupBroadcast(my2[3], 3u);
    let a20_3 = subgroupBroadcast(my2[3], 4u);
    let a21_3 = subgroupBroadcast(my2[3], 5u);
    let a22_3 = subgroupBroadcast(my2[3], 6u);
    let a23_3 = subgroupBroadcast(my2[3], 7u);
    let a24_3 = subgroupBroadcast(my3[3], 0u);
    let a25_3 = subgroupBroadcast(my3[3], 1u);
    let a26_3 = subgroupBroadcast(my3[3], 2u);
    let a27_3 = subgroupBroadcast(my3[3], 3u);
    let a28_3 = subgroupBroadcast(my3[3], 4u);
    let a29_3 = subgroupBroadcast(my3[3], 5u);
    let a30_3 = subgroupBroadcast(my3[3], 6u);
    let a31_3 = subgroupBroadcast(my3[3], 7u);
    let b0_0 = in_b[(t) * (P / 4u) + jq0];
    let b0_1 = in_b[(t + 1u) * (P / 4u) + jq0];
    let b0_2 = in_b[(t + 2u) * (P / 4u) + jq0];
    let b0_3 = in_b[(t + 3u) * (P / 4u) + jq0];
    let b1_0 = in_b[(t) * (P / 4u) + jq1];
    let b1_1 = in_b[(t + 1u) * (P / 4u) + jq1];
    let b1_2 = in_b[(t + 2u) * (P / 4u) + jq1];
    let b1_3 = in_b[(t + 3u) * (P / 4u) + jq1];
    s0_0 += a0_0 * b0_0;
    s0_0 += a0_1 * b0_1;
    s0_0 += a0_2 * b0_2;
    s0_0 += a0_3 * b0_3;
    s0_1 += a0_0 * b1_0;
    s0_1 += a0_1 * b1_1;
    s0_1 += a0_2 * b1_2;
    s0_1 += a0_3 * b1_3;
    s1_0 += a1_0 * b0_0;
    s1_0 += a1_1 * b0_1;
    s1_0 += a1_2 * b0_2;
    s1_0 += a1_3 * b0_3;
    s1_1 += a1_0 * b1_0;
    s1_1 += a1_1 * b1_1;
    s1_1 += a1_2 * b1_2;
    s1_1 += a1_3 * b1_3;
    s2_0 += a2_0 * b0_0;
    s2_0 += a2_1 * b0_1;
    s2_0 += a2_2 * b0_2;
    s2_0 += a2_3 * b0_3;
    s2_1 += a2_0 * b1_0;
    s2_1 += a2_1 * b1_1;
    s2_1 += a2_2 * b1_2;
    s2_1 += a2_3 * b1_3;
    s3_0 += a3_0 * b0_0;
    s3_0 += a3_1 * b0_1;
    s3_0 += a3_2 * b0_2;
    s3_0 += a3_3 * b0_3;
    s3_1 += a3_0 * b1_0;
    s3_1 += a3_1 * b1_1;
    s3_1 += a3_2 * b1_2;
    s3_1 += a3_3 * b1_3;
    s4_0 += a4_0 * b0_0;
    s4_0 += a4_1 * b0_1;
    s4_0 += a4_2 * b0_2;
    s4_0 += a4_3 * b0_3;
    s4_1 += a4_0 * b1_0;
    s4_1 += a4_1 * b1_1;
    s4_1 += a4_2 * b1_2;
    s4_1 += a4_3 * b1_3;
    s5_0 += a5_0 * b0_0;
    s5_0 += a5_1 * b0_1;
    s5_0 += a5_2 * b0_2;
    s5_0 += a5_3 * b0_3;
    s5_1 += a5_0 * b1_0;
    s5_1 += a5_1 * b1_1;
    s5_1 += a5_2 * b1_2;
    s5_1 += a5_3 * b1_3;
    s6_0 += a6_0 * b0_0;
    s6_0 += a6_1 * b0_1;
    s6_0 += a6_2 * b0_2;
    s6_0 += a6_3 * b0_3;
    s6_1 += a6_0 * b1_0;
    s6_1 += a6_1 * b1_1;
    s6_1 += a6_2 * b1_2;
    s6_1 += a6_3 * b1_3;
    s7_0 += a7_0 * b0_0;
    s7_0 += a7_1 * b0_1;
    s7_0 += a7_2 * b0_2;
    s7_0 += a7_3 * b0_3;
    s7_1 += a7_0 * b1_0;
    s7_1 += a7_1 * b1_1;
    s7_1 += a7_2 * b1_2;
    s7_1 += a7_3 * b1_3;
    s8_0 += a8_0 * b0_0;
    s8_0 += a8_1 * b0_1;
    s8_0 += a8_2 * b0_2;
    s8_0 += a8_3 * b0_3;
    s8_1 += a8_0 * b1_0;
    s8_1 += a8_1 * b1_1;
    s8_1 += a8_2 * b1_2;
    s8_1 += a8_3 * b1_3;
    s9_0 += a9_0 * b0_0;
    s9_0 += a9_1 * b0_1;
    s9_0 += a9_2 * b0_2;
    s9_0 += a9_3 * b0_3;
    s9_1 += a9_0 * b1_0;
    s9_1 += a9_1 * b1_1;
    s9_1 += a9_2 * b1_2;
    s9_1 += a9_3 * b1_3;
    s10_0 += a10_0 * b0_0;
    s10_0 += a10_1 * b0_1;
    s10_0 += a10_2 * b0_2;
    s10_0 += a10_3 * b0_3;
    s10_1 += a10_0 * b1_0;
    s10_1 += a10_1 * b1_1;
    s10_1 += a10_2 * b1_2;
    s10_1 += a10_3 * b1_3;
    s11_0 += a11_0 * b0_0;
    s11_0 += a11_1 * b0_1;
    s11_0 += a11_2 * b0_2;
    s11_0 += a11_3 * b0_3;
    s11_1 += a11_0 * b1_0;
    s11_1 += a11_1 * b1_1;
    s11_1 += a11_2 * b1_2;
    s11_1 += a11_3 * b1_3;
    s12_0 += a12_0 * b0_0;
    s12_0 += a12_1 * b0_1;
    s12_0 += a12_2 * b0_2;
    s12_0 += a12_3 * b0_3;
    s12_1 += a12_0 * b1_0;
    s12_1 += a12_1 * b1_1;
    s12_1 += a12_2 * b1_2;
    s12_1 += a12_3 * b1_3;
    s13_0 += a13_0 * b0_0;
    s13_0 += a13_1 * b0_1;
    s13_0 += a13_2 * b0_2;
    s13_0 += a13_3 * b0_3;
    s13_1 += a13_0 * b1_0;
    s13_1 += a13_1 * b1_1;
    s13_1 += a13_2 * b1_2;
    s13_1 += a13_3 * b1_3;
    s14_0 += a14_0 * b0_0;
    s14_0 += a14_1 * b0_1;
    s14_0 += a14_2 * b0_2;
    s14_0 += a14_3 * b0_3;
    s14_1 += a14_0 * b1_0;
    s14_1 += a14_1 * b1_1;
    s14_1 += a14_2 * b1_2;
    s14_1 += a14_3 * b1_3;
    s15_0 += a15_0 * b0_0;
    s15_0 += a15_1 * b0_1;
    s15_0 += a15_2 * b0_2;
    s15_0 += a15_3 * b0_3;
    s15_1 += a15_0 * b1_0;
    s15_1 += a15_1 * b1_1;
    s15_1 += a15_2 * b1_2;
    s15_1 += a15_3 * b1_3;
    s16_0 += a16_0 * b0_0;
    s16_0 += a16_1 * b0_1;
    s16_0 += a16_2 * b0_2;
    s16_0 += a16_3 * b0_3;
    s16_1 += a16_0 * b1_0;
    s16_1 += a16_1 * b1_1;
    s16_1 += a16_2 * b1_2;
    s16_1 += a16_3 * b1_3;
    s17_0 += a17_0 * b0_0;
    s17_0 += a17_1 * b0_1;
    s17_0 += a17_2 * b0_2;
    s17_0 += a17_3 * b0_3;
    s17_1 += a17_0 * b1_0;
    s17_1 += a17_1 * b1_1;
    s17_1 += a17_2 * b1_2;
    s17_1 += a17_3 * b1_3;
    s18_0 += a18_0 * b0_0;
    s18_0 += a18_1 * b0_1;
    s18_0 += a18_2 * b0_2;
    s18_0 += a18_3 * b0_3;
    s18_1 += a18_0 * b1_0;
    s18_1 += a18_1 * b1_1;
    s18_1 += a18_2 * b1_2;
    s18_1 += a18_3 * b1_3;
    s19_0 += a19_0 * b0_0;
    s19_0 += a19_1 * b0_1;
    s19_0 += a19_2 * b0_2;
    s19_0 += a19_3 * b0_3;
    s19_1 += a19_0 * b1_0;
    s19_1 += a19_1 * b1_1;
    s19_1 += a19_2 * b1_2;
    s19_1 += a19_3 * b1_3;
    s20_0 += a20_0 * b0_0;
    s20_0 += a20_1 * b0_1;
    s20_0 += a20_2 * b0_2;
    s20_0 += a20_3 * b0_3;
    s20_1 += a20_0 * b1_0;
    s20_1 += a20_1 * b1_1;
    s20_1 += a20_2 * b1_2;
    s20_1 += a20_3 * b1_3;
    s21_0 += a21_0 * b0_0;
    s21_0 += a21_1 * b0_1;
    s21_0 += a21_2 * b0_2;
    s21_0 += a21_3 * b0_3;
    s21_1 += a21_0 * b1_0;
    s21_1 += a21_1 * b1_1;
    s21_1 += a21_2 * b1_2;
    s21_1 += a21_3 * b1_3;
    s22_0 += a22_0 * b0_0;
    s22_0 += a22_1 * b0_1;
    s22_0 += a22_2 * b0_2;
    s22_0 += a22_3 * b0_3;
    s22_1 += a22_0 * b1_0;
    s22_1 += a22_1 * b1_1;
    s22_1 += a22_2 * b1_2;
    s22_1 += a22_3 * b1_3;
    s23_0 += a23_0 * b0_0;
    s23_0 += a23_1 * b0_1;
    s23_0 += a23_2 * b0_2;
    s23_0 += a23_3 * b0_3;
    s23_1 += a23_0 * b1_0;
    s23_1 += a23_1 * b1_1;
    s23_1 += a23_2 * b1_2;
    s23_1 += a23_3 * b1_3;
    s24_0 += a24_0 * b0_0;
    s24_0 += a24_1 * b0_1;
    s24_0 += a24_2 * b0_2;
    s24_0 += a24_3 * b0_3;
    s24_1 += a24_0 * b1_0;
    s24_1 += a24_1 * b1_1;
    s24_1 += a24_2 * b1_2;
    s24_1 += a24_3 * b1_3;
    s25_0 += a25_0 * b0_0;
    s25_0 += a25_1 * b0_1;
    s25_0 += a25_2 * b0_2;
    s25_0 += a25_3 * b0_3;
    s25_1 += a25_0 * b1_0;
    s25_1 += a25_1 * b1_1;
    s25_1 += a25_2 * b1_2;
    s25_1 += a25_3 * b1_3;
    s26_0 += a26_0 * b0_0;
    s26_0 += a26_1 * b0_1;
    s26_0 += a26_2 * b0_2;
    s26_0 += a26_3 * b0_3;
    s26_1 += a26_0 * b1_0;
    s26_1 += a26_1 * b1_1;
    s26_1 += a26_2 * b1_2;
    s26_1 += a26_3 * b1_3;
    s27_0 += a27_0 * b0_0;
    s27_0 += a27_1 * b0_1;
    s27_0 += a27_2 * b0_2;
    s27_0 += a27_3 * b0_3;
    s27_1 += a27_0 * b1_0;
    s27_1 += a27_1 * b1_1;
    s27_1 += a27_2 * b1_2;
    s27_1 += a27_3 * b1_3;
    s28_0 += a28_0 * b0_0;
    s28_0 += a28_1 * b0_1;
    s28_0 += a28_2 * b0_2;
    s28_0 += a28_3 * b0_3;
    s28_1 += a28_0 * b1_0;
    s28_1 += a28_1 * b1_1;
    s28_1 += a28_2 * b1_2;
    s28_1 += a28_3 * b1_3;
    s29_0 += a29_0 * b0_0;
    s29_0 += a29_1 * b0_1;
    s29_0 += a29_2 * b0_2;
    s29_0 += a29_3 * b0_3;
    s29_1 += a29_0 * b1_0;
    s29_1 += a29_1 * b1_1;
    s29_1 += a29_2 * b1_2;
    s29_1 += a29_3 * b1_3;
    s30_0 += a30_0 * b0_0;
    s30_0 += a30_1 * b0_1;
    s30_0 += a30_2 * b0_2;
    s30_0 += a30_3 * b0_3;
    s30_1 += a30_0 * b1_0;
    s30_1 += a30_1 * b1_1;
    s30_1 += a30_2 * b1_2;
    s30_1 += a30_3 * b1_3;
    s31_0 += a31_0 * b0_0;
    s31_0 += a31_1 * b0_1;
    s31_0 += a31_2 * b0_2;
    s31_0 += a31_3 * b0_3;
    s31_1 += a31_0 * b1_0;
    s31_1 += a31_1 * b1_1;
    s31_1 += a31_2 * b1_2;
    s31_1 += a31_3 * b1_3;
  }
  let acc = array<vec4<f32>, 64>(s0_0, s0_1, s1_0, s1_1, s2_0, s2_1, s3_0, s3_1, s4_0, s4_1, s5_0, s5_1, s6_0, s6_1, s7_0, s7_1, s8_0, s8_1, s9_0, s9_1, s10_0, s10_1, s11_0, s11_1, s12_0, s12_1, s13_0, s13_1, s14_0, s14_1, s15_0, s15_1, s16_0, s16_1, s17_0, s17_1, s18_0, s18_1, s19_0, s19_1, s20_0, s20_1, s21_0, s21_1, s22_0, s22_1, s23_0, s23_1, s24_0, s24_1, s25_0, s25_1, s26_0, s26_1, s27_0, s27_1, s28_0, s28_1, s29_0, s29_1, s30_0, s30_1, s31_0, s31_1);
  for (var e = 0u; e < 256u; e++) {
    let r = e / 8u;
    let q = (e / 4u) % 2u;
    let c = e % 4u;
    let row = row0 + r;
    let col = j0 + q * 32u + c;
    if (row < M && col < P) { epi(row, col, acc[r * 2u + q][c]); }
  }
}

// ===== k0_matmul, variant for hardware GPUs =====
// kernel 0 (matmul): %2
//   %2 = matmul(%0, %1) : f32[4096, 4096] -> t2_matmul
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_a: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> in_b: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> out_t2_matmul: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 4096u + col;
  out_t2_matmul[idx] = v;
}

var<workgroup> tileA: array<vec4<f32>, 256>; // [step][row quad]
var<workgroup> tileB: array<vec4<f32>, 512>; // [step][column quad]

// 64 rows x 128 columns per workgroup, staged through workgroup memory 16 contraction steps at a time; 8 x 4 vec4 accumulators per invocation.
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = 4096u;
  let K = 4096u;
  let P = 4096u;
  let tileRow = wid.y * 64u;
  let tileCol = wid.x * 128u;
  let tx = lid.x % 8u;
  let ty = lid.x / 8u;
  let row0 = tileRow + ty * 8u;
  let j0 = tileCol + 0u + tx * 4u;
  let j1 = tileCol + 32u + tx * 4u;
  let j2 = tileCol + 64u + tx * 4u;
  let j3 = tileCol + 96u + tx * 4u;
  var s0_0 = vec4<f32>(0.0);
  var s0_1 = vec4<f32>(0.0);
  var s0_2 = vec4<f32>(0.0);
  var s0_3 = vec4<f32>(0.0);
  var s1_0 = vec4<f32>(0.0);
  var s1_1 = vec4<f32>(0.0);
  var s1_2 = vec4<f32>(0.0);
  var s1_3 = vec4<f32>(0.0);
  var s2_0 = vec4<f32>(0.0);
  var s2_1 = vec4<f32>(0.0);
  var s2_2 = vec4<f32>(0.0);
  var s2_3 = vec4<f32>(0.0);
  var s3_0 = vec4<f32>(0.0);
  var s3_1 = vec4<f32>(0.0);
  var s3_2 = vec4<f32>(0.0);
  var s3_3 = vec4<f32>(0.0);
  var s4_0 = vec4<f32>(0.0);
  var s4_1 = vec4<f32>(0.0);
  var s4_2 = vec4<f32>(0.0);
  var s4_3 = vec4<f32>(0.0);
  var s5_0 = vec4<f32>(0.0);
  var s5_1 = vec4<f32>(0.0);
  var s5_2 = vec4<f32>(0.0);
  var s5_3 = vec4<f32>(0.0);
  var s6_0 = vec4<f32>(0.0);
  var s6_1 = vec4<f32>(0.0);
  var s6_2 = vec4<f32>(0.0);
  var s6_3 = vec4<f32>(0.0);
  var s7_0 = vec4<f32>(0.0);
  var s7_1 = vec4<f32>(0.0);
  var s7_2 = vec4<f32>(0.0);
  var s7_3 = vec4<f32>(0.0);
  let am0 = (lid.x + 0u) / 4u;
  let ak0 = (lid.x + 0u) % 4u * 4u;
  let ar0 = min(tileRow + am0, M - 1u) * K;
  let am1 = (lid.x + 64u) / 4u;
  let ak1 = (lid.x + 64u) % 4u * 4u;
  let ar1 = min(tileRow + am1, M - 1u) * K;
  let am2 = (lid.x + 128u) / 4u;
  let ak2 = (lid.x + 128u) % 4u * 4u;
  let ar2 = min(tileRow + am2, M - 1u) * K;
  let am3 = (lid.x + 192u) / 4u;
  let ak3 = (lid.x + 192u) % 4u * 4u;
  let ar3 = min(tileRow + am3, M - 1u) * K;
  let bn0 = (lid.x + 0u) % 32u;
  let bk0 = (lid.x + 0u) / 32u;
  let bc0 = min(tileCol / 4u + bn0, P / 4u - 1u);
  let bn1 = (lid.x + 64u) % 32u;
  let bk1 = (lid.x + 64u) / 32u;
  let bc1 = min(tileCol / 4u + bn1, P / 4u - 1u);
  let bn2 = (lid.x + 128u) % 32u;
  let bk2 = (lid.x + 128u) / 32u;
  let bc2 = min(tileCol / 4u + bn2, P / 4u - 1u);
  let bn3 = (lid.x + 192u) % 32u;
  let bk3 = (lid.x + 192u) / 32u;
  let bc3 = min(tileCol / 4u + bn3, P / 4u - 1u);
  let bn4 = (lid.x + 256u) % 32u;
  let bk4 = (lid.x + 256u) / 32u;
  let bc4 = min(tileCol / 4u + bn4, P / 4u - 1u);
  let bn5 = (lid.x + 320u) % 32u;
  let bk5 = (lid.x + 320u) / 32u;
  let bc5 = min(tileCol / 4u + bn5, P / 4u - 1u);
  let bn6 = (lid.x + 384u) % 32u;
  let bk6 = (lid.x + 384u) / 32u;
  let bc6 = min(tileCol / 4u + bn6, P / 4u - 1u);
  let bn7 = (lid.x + 448u) % 32u;
  let bk7 = (lid.x + 448u) / 32u;
  let bc7 = min(tileCol / 4u + bn7, P / 4u - 1u);
  var ra0: vec4<f32>;
  var ra1: vec4<f32>;
  var ra2: vec4<f32>;
  var ra3: vec4<f32>;
  var rb0: vec4<f32>;
  var rb1: vec4<f32>;
  var rb2: vec4<f32>;
  var rb3: vec4<f32>;
  var rb4: vec4<f32>;
  var rb5: vec4<f32>;
  var rb6: vec4<f32>;
  var rb7: vec4<f32>;
  ra0 = select(vec4<f32>(0.0), in_a[(ar0 + min(0u + ak0, K - 4u)) / 4u], 0u + ak0 < K);
  ra1 = select(vec4<f32>(0.0), in_a[(ar1 + min(0u + ak1, K - 4u)) / 4u], 0u + ak1 < K);
  ra2 = select(vec4<f32>(0.0), in_a[(ar2 + min(0u + ak2, K - 4u)) / 4u], 0u + ak2 < K);
  ra3 = select(vec4<f32>(0.0), in_a[(ar3 + min(0u + ak3, K - 4u)) / 4u], 0u + ak3 < K);
  rb0 = select(vec4<f32>(0.0), in_b[min(0u + bk0, K - 1u) * (P / 4u) + bc0], 0u + bk0 < K);
  rb1 = select(vec4<f32>(0.0), in_b[min(0u + bk1, K - 1u) * (P / 4u) + bc1], 0u + bk1 < K);
  rb2 = select(vec4<f32>(0.0), in_b[min(0u + bk2, K - 1u) * (P / 4u) + bc2], 0u + bk2 < K);
  rb3 = select(vec4<f32>(0.0), in_b[min(0u + bk3, K - 1u) * (P / 4u) + bc3], 0u + bk3 < K);
  rb4 = select(vec4<f32>(0.0), in_b[min(0u + bk4, K - 1u) * (P / 4u) + bc4], 0u + bk4 < K);
  rb5 = select(vec4<f32>(0.0), in_b[min(0u + bk5, K - 1u) * (P / 4u) + bc5], 0u + bk5 < K);
  rb6 = select(vec4<f32>(0.0), in_b[min(0u + bk6, K - 1u) * (P / 4u) + bc6], 0u + bk6 < K);
  rb7 = select(vec4<f32>(0.0), in_b[min(0u + bk7, K - 1u) * (P / 4u) + bc7], 0u + bk7 < K);
  for (var k0 = 0u; k0 < K; k0 += 16u) {
    // This slab, from registers into workgroup memory.
    tileA[(ak0 + 0u) * 16u + am0 / 4u][am0 % 4u] = ra0[0];
    tileA[(ak0 + 1u) * 16u + am0 / 4u][am0 % 4u] = ra0[1];
    tileA[(ak0 + 2u) * 16u + am0 / 4u][am0 % 4u] = ra0[2];
    tileA[(ak0 + 3u) * 16u + am0 / 4u][am0 % 4u] = ra0[3];
    tileA[(ak1 + 0u) * 16u + am1 / 4u][am1 % 4u] = ra1[0];
    tileA[(ak1 + 1u) * 16u + am1 / 4u][am1 % 4u] = ra1[1];
    tileA[(ak1 + 2u) * 16u + am1 / 4u][am1 % 4u] = ra1[2];
    tileA[(ak1 + 3u) * 16u + am1 / 4u][am1 % 4u] = ra1[3];
    tileA[(ak2 + 0u) * 16u + am2 / 4u][am2 % 4u] = ra2[0];
    tileA[(ak2 + 1u) * 16u + am2 / 4u][am2 % 4u] = ra2[1];
    tileA[(ak2 + 2u) * 16u + am2 / 4u][am2 % 4u] = ra2[2];
    tileA[(ak2 + 3u) * 16u + am2 / 4u][am2 % 4u] = ra2[3];
    tileA[(ak3 + 0u) * 16u + am3 / 4u][am3 % 4u] = ra3[0];
    tileA[(ak3 + 1u) * 16u + am3 / 4u][am3 % 4u] = ra3[1];
    tileA[(ak3 + 2u) * 16u + am3 / 4u][am3 % 4u] = ra3[2];
    tileA[(ak3 + 3u) * 16u + am3 / 4u][am3 % 4u] = ra3[3];
    tileB[bk0 * 32u + bn0] = rb0;
    tileB[bk1 * 32u + bn1] = rb1;
    tileB[bk2 * 32u + bn2] = rb2;
    tileB[bk3 * 32u + bn3] = rb3;
    tileB[bk4 * 32u + bn4] = rb4;
    tileB[bk5 * 32u + bn5] = rb5;
    tileB[bk6 * 32u + bn6] = rb6;
    tileB[bk7 * 32u + bn7] = rb7;
    workgroupBarrier();
    // The next slab's loads, in flight while this one is computed.
    ra0 = select(vec4<f32>(0.0), in_a[(ar0 + min(k0 + 16u + ak0, K - 4u)) / 4u], k0 + 16u + ak0 < K);
    ra1 = select(vec4<f32>(0.0), in_a[(ar1 + min(k0 + 16u + ak1, K - 4u)) / 4u], k0 + 16u + ak1 < K);
    ra2 = select(vec4<f32>(0.0), in_a[(ar2 + min(k0 + 16u + ak2, K - 4u)) / 4u], k0 + 16u + ak2 < K);
    ra3 = select(vec4<f32>(0.0), in_a[(ar3 + min(k0 + 16u + ak3, K - 4u)) / 4u], k0 + 16u + ak3 < K);
    rb0 = select(vec4<f32>(0.0), in_b[min(k0 + 16u + bk0, K - 1u) * (P / 4u) + bc0], k0 + 16u + bk0 < K);
    rb1 = select(vec4<f32>(0.0), in_b[min(k0 + 16u + bk1, K - 1u) * (P / 4u) + bc1], k0 + 16u + bk1 < K);
    rb2 = select(vec4<f32>(0.0), in_b[min(k0 + 16u + bk2, K - 1u) * (P / 4u) + bc2], k0 + 16u + bk2 < K);
    rb3 = select(vec4<f32>(0.0), in_b[min(k0 + 16u + bk3, K - 1u) * (P / 4u) + bc3], k0 + 16u + bk3 < K);
    rb4 = select(vec4<f32>(0.0), in_b[min(k0 + 16u + bk4, K - 1u) * (P / 4u) + bc4], k0 + 16u + bk4 < K);
    rb5 = select(vec4<f32>(0.0), in_b[min(k0 + 16u + bk5, K - 1u) * (P / 4u) + bc5], k0 + 16u + bk5 < K);
    rb6 = select(vec4<f32>(0.0), in_b[min(k0 + 16u + bk6, K - 1u) * (P / 4u) + bc6], k0 + 16u + bk6 < K);
    rb7 = select(vec4<f32>(0.0), in_b[min(k0 + 16u + bk7, K - 1u) * (P / 4u) + bc7], k0 + 16u + bk7 < K);
    for (var k = 0u; k < 16u; k++) {
      let a0 = tileA[k * 16u + ty * 2u + 0u];
      let a1 = tileA[k * 16u + ty * 2u + 1u];
      let b0 = tileB[k * 32u + 0u + tx];
      let b1 = tileB[k * 32u + 8u + tx];
      let b2 = tileB[k * 32u + 16u + tx];
      let b3 = tileB[k * 32u + 24u + tx];
      s0_0 += a0[0] * b0;
      s0_1 += a0[0] * b1;
      s0_2 += a0[0] * b2;
      s0_3 += a0[0] * b3;
      s1_0 += a0[1] * b0;
      s1_1 += a0[1] * b1;
      s1_2 += a0[1] * b2;
      s1_3 += a0[1] * b3;
      s2_0 += a0[2] * b0;
      s2_1 += a0[2] * b1;
      s2_2 += a0[2] * b2;
      s2_3 += a0[2] * b3;
      s3_0 += a0[3] * b0;
      s3_1 += a0[3] * b1;
      s3_2 += a0[3] * b2;
      s3_3 += a0[3] * b3;
      s4_0 += a1[0] * b0;
      s4_1 += a1[0] * b1;
      s4_2 += a1[0] * b2;
      s4_3 += a1[0] * b3;
      s5_0 += a1[1] * b0;
      s5_1 += a1[1] * b1;
      s5_2 += a1[1] * b2;
      s5_3 += a1[1] * b3;
      s6_0 += a1[2] * b0;
      s6_1 += a1[2] * b1;
      s6_2 += a1[2] * b2;
      s6_3 += a1[2] * b3;
      s7_0 += a1[3] * b0;
      s7_1 += a1[3] * b1;
      s7_2 += a1[3] * b2;
      s7_3 += a1[3] * b3;
    }
    workgroupBarrier();
  }
  let acc = array<vec4<f32>, 32>(s0_0, s0_1, s0_2, s0_3, s1_0, s1_1, s1_2, s1_3, s2_0, s2_1, s2_2, s2_3, s3_0, s3_1, s3_2, s3_3, s4_0, s4_1, s4_2, s4_3, s5_0, s5_1, s5_2, s5_3, s6_0, s6_1, s6_2, s6_3, s7_0, s7_1, s7_2, s7_3);
  for (var e = 0u; e < 128u; e++) {
    let r = e / 16u;
    let q = (e / 4u) % 4u;
    let c = e % 4u;
    let row = row0 + r;
    let col = j0 + q * 32u + c;
    if (row < M && col < P) { epi(row, col, acc[r * 4u + q][c]); }
  }
}

// ===== k1_matmul =====
// kernel 1 (matmul + epilogue): %6, %9
//   %6 = matmul(%3, %5) : f32[N, 1024]
//   inline %8 = add(%6, %7) : f32[N, 1024]
//   %9 = relu(%8) : f32[N, 1024] -> t9_relu
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> in_w: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> in_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_t9_relu: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 1024u + col;
  let r0 = in_bias[col];
  let e1 = (v + r0);
  let e2 = max(e1, 0.0);
  out_t9_relu[idx] = e2;
}

// 8 rows x 256 columns per workgroup; 8 x 2 vec4 accumulators per invocation.
@compute @workgroup_size(32)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 1024u;
  let P = 1024u;
  let row0 = wid.y * 8u;
  let j0 = (wid.x * 64u + 0u + lid.x) * 4u;
  let j1 = (wid.x * 64u + 32u + lid.x) * 4u;
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
  let jc1_0 = min(j1 + 0u, P - 1u);
  let jc1_1 = min(j1 + 1u, P - 1u);
  let jc1_2 = min(j1 + 2u, P - 1u);
  let jc1_3 = min(j1 + 3u, P - 1u);
  let jk1_0 = jc1_0 * K;
  let jk1_1 = jc1_1 * K;
  let jk1_2 = jc1_2 * K;
  let jk1_3 = jc1_3 * K;
  var s0_0 = vec4<f32>(0.0);
  var s0_1 = vec4<f32>(0.0);
  var s1_0 = vec4<f32>(0.0);
  var s1_1 = vec4<f32>(0.0);
  var s2_0 = vec4<f32>(0.0);
  var s2_1 = vec4<f32>(0.0);
  var s3_0 = vec4<f32>(0.0);
  var s3_1 = vec4<f32>(0.0);
  var s4_0 = vec4<f32>(0.0);
  var s4_1 = vec4<f32>(0.0);
  var s5_0 = vec4<f32>(0.0);
  var s5_1 = vec4<f32>(0.0);
  var s6_0 = vec4<f32>(0.0);
  var s6_1 = vec4<f32>(0.0);
  var s7_0 = vec4<f32>(0.0);
  var s7_1 = vec4<f32>(0.0);
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
    let bt0_0 = in_w[(jk0_0 + t) / 4u];
    let bt0_1 = in_w[(jk0_1 + t) / 4u];
    let bt0_2 = in_w[(jk0_2 + t) / 4u];
    let bt0_3 = in_w[(jk0_3 + t) / 4u];
    let b0_0 = vec4<f32>(bt0_0[0], bt0_1[0], bt0_2[0], bt0_3[0]);
    let b0_1 = vec4<f32>(bt0_0[1], bt0_1[1], bt0_2[1], bt0_3[1]);
    let b0_2 = vec4<f32>(bt0_0[2], bt0_1[2], bt0_2[2], bt0_3[2]);
    let b0_3 = vec4<f32>(bt0_0[3], bt0_1[3], bt0_2[3], bt0_3[3]);
    let bt1_0 = in_w[(jk1_0 + t) / 4u];
    let bt1_1 = in_w[(jk1_1 + t) / 4u];
    let bt1_2 = in_w[(jk1_2 + t) / 4u];
    let bt1_3 = in_w[(jk1_3 + t) / 4u];
    let b1_0 = vec4<f32>(bt1_0[0], bt1_1[0], bt1_2[0], bt1_3[0]);
    let b1_1 = vec4<f32>(bt1_0[1], bt1_1[1], bt1_2[1], bt1_3[1]);
    let b1_2 = vec4<f32>(bt1_0[2], bt1_1[2], bt1_2[2], bt1_3[2]);
    let b1_3 = vec4<f32>(bt1_0[3], bt1_1[3], bt1_2[3], bt1_3[3]);
    s0_0 += a0[0] * b0_0;
    s0_0 += a0[1] * b0_1;
    s0_0 += a0[2] * b0_2;
    s0_0 += a0[3] * b0_3;
    s0_1 += a0[0] * b1_0;
    s0_1 += a0[1] * b1_1;
    s0_1 += a0[2] * b1_2;
    s0_1 += a0[3] * b1_3;
    s1_0 += a1[0] * b0_0;
    s1_0 += a1[1] * b0_1;
    s1_0 += a1[2] * b0_2;
    s1_0 += a1[3] * b0_3;
    s1_1 += a1[0] * b1_0;
    s1_1 += a1[1] * b1_1;
    s1_1 += a1[2] * b1_2;
    s1_1 += a1[3] * b1_3;
    s2_0 += a2[0] * b0_0;
    s2_0 += a2[1] * b0_1;
    s2_0 += a2[2] * b0_2;
    s2_0 += a2[3] * b0_3;
    s2_1 += a2[0] * b1_0;
    s2_1 += a2[1] * b1_1;
    s2_1 += a2[2] * b1_2;
    s2_1 += a2[3] * b1_3;
    s3_0 += a3[0] * b0_0;
    s3_0 += a3[1] * b0_1;
    s3_0 += a3[2] * b0_2;
    s3_0 += a3[3] * b0_3;
    s3_1 += a3[0] * b1_0;
    s3_1 += a3[1] * b1_1;
    s3_1 += a3[2] * b1_2;
    s3_1 += a3[3] * b1_3;
    s4_0 += a4[0] * b0_0;
    s4_0 += a4[1] * b0_1;
    s4_0 += a4[2] * b0_2;
    s4_0 += a4[3] * b0_3;
    s4_1 += a4[0] * b1_0;
    s4_1 += a4[1] * b1_1;
    s4_1 += a4[2] * b1_2;
    s4_1 += a4[3] * b1_3;
    s5_0 += a5[0] * b0_0;
    s5_0 += a5[1] * b0_1;
    s5_0 += a5[2] * b0_2;
    s5_0 += a5[3] * b0_3;
    s5_1 += a5[0] * b1_0;
    s5_1 += a5[1] * b1_1;
    s5_1 += a5[2] * b1_2;
    s5_1 += a5[3] * b1_3;
    s6_0 += a6[0] * b0_0;
    s6_0 += a6[1] * b0_1;
    s6_0 += a6[2] * b0_2;
    s6_0 += a6[3] * b0_3;
    s6_1 += a6[0] * b1_0;
    s6_1 += a6[1] * b1_1;
    s6_1 += a6[2] * b1_2;
    s6_1 += a6[3] * b1_3;
    s7_0 += a7[0] * b0_0;
    s7_0 += a7[1] * b0_1;
    s7_0 += a7[2] * b0_2;
    s7_0 += a7[3] * b0_3;
    s7_1 += a7[0] * b1_0;
    s7_1 += a7[1] * b1_1;
    s7_1 += a7[2] * b1_2;
    s7_1 += a7[3] * b1_3;
  }
  let acc = array<vec4<f32>, 16>(s0_0, s0_1, s1_0, s1_1, s2_0, s2_1, s3_0, s3_1, s4_0, s4_1, s5_0, s5_1, s6_0, s6_1, s7_0, s7_1);
  for (var e = 0u; e < 64u; e++) {
    let r = e / 8u;
    let q = (e / 4u) % 2u;
    let c = e % 4u;
    let row = row0 + r;
    let col = j0 + q * 128u + c;
    if (row < M && col < P) { epi(row, col, acc[r * 2u + q][c]); }
  }
}

// ===== k1_matmul, variant for N <= 2 =====
// kernel 1 (matmul + epilogue): %6, %9
//   %6 = matmul(%3, %5) : f32[N, 1024]
//   inline %8 = add(%6, %7) : f32[N, 1024]
//   %9 = relu(%8) : f32[N, 1024] -> t9_relu
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> in_w: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> in_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_t9_relu: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 1024u + col;
  let r0 = in_bias[col];
  let e1 = (v + r0);
  let e2 = max(e1, 0.0);
  out_t9_relu[idx] = e2;
}

// 1 rows x 32 columns per workgroup; 1 x 1 vec4 accumulators per invocation.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 1024u;
  let P = 1024u;
  let row0 = wid.y * 1u;
  let j0 = (wid.x * 8u + 0u + lid.x) * 4u;
  let ra0 = min(row0 + 0u, M - 1u) * K;
  let jc0_0 = min(j0 + 0u, P - 1u);
  let jc0_1 = min(j0 + 1u, P - 1u);
  let jc0_2 = min(j0 + 2u, P - 1u);
  let jc0_3 = min(j0 + 3u, P - 1u);
  let jk0_0 = jc0_0 * K;
  let jk0_1 = jc0_1 * K;
  let jk0_2 = jc0_2 * K;
  let jk0_3 = jc0_3 * K;
  var s0_0 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let a0 = in_x[(ra0 + t) / 4u];
    let bt0_0 = in_w[(jk0_0 + t) / 4u];
    let bt0_1 = in_w[(jk0_1 + t) / 4u];
    let bt0_2 = in_w[(jk0_2 + t) / 4u];
    let bt0_3 = in_w[(jk0_3 + t) / 4u];
    let b0_0 = vec4<f32>(bt0_0[0], bt0_1[0], bt0_2[0], bt0_3[0]);
    let b0_1 = vec4<f32>(bt0_0[1], bt0_1[1], bt0_2[1], bt0_3[1]);
    let b0_2 = vec4<f32>(bt0_0[2], bt0_1[2], bt0_2[2], bt0_3[2]);
    let b0_3 = vec4<f32>(bt0_0[3], bt0_1[3], bt0_2[3], bt0_3[3]);
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

// ===== k1_matmul, variant for subgroups of 8, N <= 16 =====
enable subgroups;
// kernel 1 (matmul + epilogue): %6, %9
//   %6 = matmul(%3, %5) : f32[N, 1024]
//   inline %8 = add(%6, %7) : f32[N, 1024]
//   %9 = relu(%8) : f32[N, 1024] -> t9_relu
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> in_w: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> in_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_t9_relu: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 1024u + col;
  let r0 = in_bias[col];
  let e1 = (v + r0);
  let e2 = max(e1, 0.0);
  out_t9_relu[idx] = e2;
}

// 16 rows x 32 columns per workgroup; 16 x 1 vec4 accumulators per invocation; workgroups take the row blocks of a column strip in turn.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(subgroup_invocation_id) sid: u32) {
  let M = dims.N;
  let K = 1024u;
  let P = 1024u;
  let row0 = wid.x * 16u;
  let j0 = (wid.y * 8u + 0u + lid.x) * 4u;
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
    let bt0_0 = in_w[(jk0_0 + t) / 4u];
    let bt0_1 = in_w[(jk0_1 + t) / 4u];
    let bt0_2 = in_w[(jk0_2 + t) / 4u];
    let bt0_3 = in_w[(jk0_3 + t) / 4u];
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

// ===== k1_matmul, variant for subgroups of 8 =====
enable subgroups;
// kernel 1 (matmul + epilogue): %6, %9
//   %6 = matmul(%3, %5) : f32[N, 1024]
//   inline %8 = add(%6, %7) : f32[N, 1024]
//   %9 = relu(%8) : f32[N, 1024] -> t9_relu
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> in_w: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> in_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_t9_relu: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 1024u + col;
  let r0 = in_bias[col];
  let e1 = (v + r0);
  let e2 = max(e1, 0.0);
  out_t9_relu[idx] = e2;
}

// 32 rows x 64 columns per workgroup; 32 x 2 vec4 accumulators per invocation; workgroups take the row blocks of a column strip in turn.
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(subgroup_invocation_id) sid: u32) {
  let M = dims.N;
  let K = 1024u;
  let P = 1024u;
  let row0 = wid.x * 32u;
  let j0 = (wid.y * 16u + 0u + lid.x) * 4u;
  let j1 = (wid.y * 16u + 8u + lid.x) * 4u;
  // Each lane loads the row operand for 4 rows; subgroupBroadcast hands them to the others.
  let la0 = min(row0 + 0u + sid, M - 1u) * K;
  let la1 = min(row0 + 8u + sid, M - 1u) * K;
  let la2 = min(row0 + 16u + sid, M - 1u) * K;
  let la3 = min(row0 + 24u + sid, M - 1u) * K;
  let jc0_0 = min(j0 + 0u, P - 1u);
  let jc0_1 = min(j0 + 1u, P - 1u);
  let jc0_2 = min(j0 + 2u, P - 1u);
  let jc0_3 = min(j0 + 3u, P - 1u);
  let jk0_0 = jc0_0 * K;
  let jk0_1 = jc0_1 * K;
  let jk0_2 = jc0_2 * K;
  let jk0_3 = jc0_3 * K;
  let jc1_0 = min(j1 + 0u, P - 1u);
  let jc1_1 = min(j1 + 1u, P - 1u);
  let jc1_2 = min(j1 + 2u, P - 1u);
  let jc1_3 = min(j1 + 3u, P - 1u);
  let jk1_0 = jc1_0 * K;
  let jk1_1 = jc1_1 * K;
  let jk1_2 = jc1_2 * K;
  let jk1_3 = jc1_3 * K;
  var s0_0 = vec4<f32>(0.0);
  var s0_1 = vec4<f32>(0.0);
  var s1_0 = vec4<f32>(0.0);
  var s1_1 = vec4<f32>(0.0);
  var s2_0 = vec4<f32>(0.0);
  var s2_1 = vec4<f32>(0.0);
  var s3_0 = vec4<f32>(0.0);
  var s3_1 = vec4<f32>(0.0);
  var s4_0 = vec4<f32>(0.0);
  var s4_1 = vec4<f32>(0.0);
  var s5_0 = vec4<f32>(0.0);
  var s5_1 = vec4<f32>(0.0);
  var s6_0 = vec4<f32>(0.0);
  var s6_1 = vec4<f32>(0.0);
  var s7_0 = vec4<f32>(0.0);
  var s7_1 = vec4<f32>(0.0);
  var s8_0 = vec4<f32>(0.0);
  var s8_1 = vec4<f32>(0.0);
  var s9_0 = vec4<f32>(0.0);
  var s9_1 = vec4<f32>(0.0);
  var s10_0 = vec4<f32>(0.0);
  var s10_1 = vec4<f32>(0.0);
  var s11_0 = vec4<f32>(0.0);
  var s11_1 = vec4<f32>(0.0);
  var s12_0 = vec4<f32>(0.0);
  var s12_1 = vec4<f32>(0.0);
  var s13_0 = vec4<f32>(0.0);
  var s13_1 = vec4<f32>(0.0);
  var s14_0 = vec4<f32>(0.0);
  var s14_1 = vec4<f32>(0.0);
  var s15_0 = vec4<f32>(0.0);
  var s15_1 = vec4<f32>(0.0);
  var s16_0 = vec4<f32>(0.0);
  var s16_1 = vec4<f32>(0.0);
  var s17_0 = vec4<f32>(0.0);
  var s17_1 = vec4<f32>(0.0);
  var s18_0 = vec4<f32>(0.0);
  var s18_1 = vec4<f32>(0.0);
  var s19_0 = vec4<f32>(0.0);
  var s19_1 = vec4<f32>(0.0);
  var s20_0 = vec4<f32>(0.0);
  var s20_1 = vec4<f32>(0.0);
  var s21_0 = vec4<f32>(0.0);
  var s21_1 = vec4<f32>(0.0);
  var s22_0 = vec4<f32>(0.0);
  var s22_1 = vec4<f32>(0.0);
  var s23_0 = vec4<f32>(0.0);
  var s23_1 = vec4<f32>(0.0);
  var s24_0 = vec4<f32>(0.0);
  var s24_1 = vec4<f32>(0.0);
  var s25_0 = vec4<f32>(0.0);
  var s25_1 = vec4<f32>(0.0);
  var s26_0 = vec4<f32>(0.0);
  var s26_1 = vec4<f32>(0.0);
  var s27_0 = vec4<f32>(0.0);
  var s27_1 = vec4<f32>(0.0);
  var s28_0 = vec4<f32>(0.0);
  var s28_1 = vec4<f32>(0.0);
  var s29_0 = vec4<f32>(0.0);
  var s29_1 = vec4<f32>(0.0);
  var s30_0 = vec4<f32>(0.0);
  var s30_1 = vec4<f32>(0.0);
  var s31_0 = vec4<f32>(0.0);
  var s31_1 = vec4<f32>(0.0);
  var t = 0u;
  for (; t + 4u <= K; t += 4u) {
    let my0 = in_x[(la0 + t) / 4u];
    let my1 = in_x[(la1 + t) / 4u];
    let my2 = in_x[(la2 + t) / 4u];
    let my3 = in_x[(la3 + t) / 4u];
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
    let a16_0 = subgroupBroadcast(my2[0], 0u);
    let a17_0 = subgroupBroadcast(my2[0], 1u);
    let a18_0 = subgroupBroadcast(my2[0], 2u);
    let a19_0 = subgroupBroadcast(my2[0], 3u);
    let a20_0 = subgroupBroadcast(my2[0], 4u);
    let a21_0 = subgroupBroadcast(my2[0], 5u);
    let a22_0 = subgroupBroadcast(my2[0], 6u);
    let a23_0 = subgroupBroadcast(my2[0], 7u);
    let a24_0 = subgroupBroadcast(my3[0], 0u);
    let a25_0 = subgroupBroadcast(my3[0], 1u);
    let a26_0 = subgroupBroadcast(my3[0], 2u);
    let a27_0 = subgroupBroadcast(my3[0], 3u);
    let a28_0 = subgroupBroadcast(my3[0], 4u);
    let a29_0 = subgroupBroadcast(my3[0], 5u);
    let a30_0 = subgroupBroadcast(my3[0], 6u);
    let a31_0 = subgroupBroadcast(my3[0], 7u);
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
    let a16_1 = subgroupBroadcast(my2[1], 0u);
    let a17_1 = subgroupBroadcast(my2[1], 1u);
    let a18_1 = subgroupBroadcast(my2[1], 2u);
    let a19_1 = subgroupBroadcast(my2[1], 3u);
    let a20_1 = subgroupBroadcast(my2[1], 4u);
    let a21_1 = subgroupBroadcast(my2[1], 5u);
    let a22_1 = subgroupBroadcast(my2[1], 6u);
    let a23_1 = subgroupBroadcast(my2[1], 7u);
    let a24_1 = subgroupBroadcast(my3[1], 0u);
    let a25_1 = subgroupBroadcast(my3[1], 1u);
    let a26_1 = subgroupBroadcast(my3[1], 2u);
    let a27_1 = subgroupBroadcast(my3[1], 3u);
    let a28_1 = subgroupBroadcast(my3[1], 4u);
    let a29_1 = subgroupBroadcast(my3[1], 5u);
    let a30_1 = subgroupBroadcast(my3[1], 6u);
    let a31_1 = subgroupBroadcast(my3[1], 7u);
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
    let a16_2 = subgroupBroadcast(my2[2], 0u);
    let a17_2 = subgroupBroadcast(my2[2], 1u);
    let a18_2 = subgroupBroadcast(my2[2], 2u);
    let a19_2 = subgroupBroadcast(my2[2], 3u);
    let a20_2 = subgroupBroadcast(my2[2], 4u);
    let a21_2 = subgroupBroadcast(my2[2], 5u);
    let a22_2 = subgroupBroadcast(my2[2], 6u);
    let a23_2 = subgroupBroadcast(my2[2], 7u);
    let a24_2 = subgroupBroadcast(my3[2], 0u);
    let a25_2 = subgroupBroadcast(my3[2], 1u);
    let a26_2 = subgroupBroadcast(my3[2], 2u);
    let a27_2 = subgroupBroadcast(my3[2], 3u);
    let a28_2 = subgroupBroadcast(my3[2], 4u);
    let a29_2 = subgroupBroadcast(my3[2], 5u);
    let a30_2 = subgroupBroadcast(my3[2], 6u);
    let a31_2 = subgroupBroadcast(my3[2], 7u);
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
    let a16_3 = subgroupBroadcast(my2[3], 0u);
    let a17_3 = subgroupBroadcast(my2[3], 1u);
    let a18_3 = subgroupBroadcast(my2[3], 2u);
    let a19_3 = subgroupBroadcast(my2[3], 3u);
    let a20_3 = subgroupBroadcast(my2[3], 4u);
    let a21_3 = subgroupBroadcast(my2[3], 5u);
    let a22_3 = subgroupBroadcast(my2[3], 6u);
    let a23_3 = subgroupBroadcast(my2[3], 7u);
    let a24_3 = subgroupBroadcast(my3[3], 0u);
    let a25_3 = subgroupBroadcast(my3[3], 1u);
    let a26_3 = subgroupBroadcast(my3[3], 2u);
    let a27_3 = subgroupBroadcast(my3[3], 3u);
    let a28_3 = subgroupBroadcast(my3[3], 4u);
    let a29_3 = subgroupBroadcast(my3[3], 5u);
    let a30_3 = subgroupBroadcast(my3[3], 6u);
    let a31_3 = subgroupBroadcast(my3[3], 7u);
    let bt0_0 = in_w[(jk0_0 + t) / 4u];
    let bt0_1 = in_w[(jk0_1 + t) / 4u];
    let bt0_2 = in_w[(jk0_2 + t) / 4u];
    let bt0_3 = in_w[(jk0_3 + t) / 4u];
    let b0_0 = vec4<f32>(bt0_0[0], bt0_1[0], bt0_2[0], bt0_3[0]);
    let b0_1 = vec4<f32>(bt0_0[1], bt0_1[1], bt0_2[1], bt0_3[1]);
    let b0_2 = vec4<f32>(bt0_0[2], bt0_1[2], bt0_2[2], bt0_3[2]);
    let b0_3 = vec4<f32>(bt0_0[3], bt0_1[3], bt0_2[3], bt0_3[3]);
    let bt1_0 = in_w[(jk1_0 + t) / 4u];
    let bt1_1 = in_w[(jk1_1 + t) / 4u];
    let bt1_2 = in_w[(jk1_2 + t) / 4u];
    let bt1_3 = in_w[(jk1_3 + t) / 4u];
    let b1_0 = vec4<f32>(bt1_0[0], bt1_1[0], bt1_2[0], bt1_3[0]);
    let b1_1 = vec4<f32>(bt1_0[1], bt1_1[1], bt1_2[1], bt1_3[1]);
    let b1_2 = vec4<f32>(bt1_0[2], bt1_1[2], bt1_2[2], bt1_3[2]);
    let b1_3 = vec4<f32>(bt1_0[3], bt1_1[3], bt1_2[3], bt1_3[3]);
    s0_0 += a0_0 * b0_0;
    s0_0 += a0_1 * b0_1;
    s0_0 += a0_2 * b0_2;
    s0_0 += a0_3 * b0_3;
    s0_1 += a0_0 * b1_0;
    s0_1 += a0_1 * b1_1;
    s0_1 += a0_2 * b1_2;
    s0_1 += a0_3 * b1_3;
    s1_0 += a1_0 * b0_0;
    s1_0 += a1_1 * b0_1;
    s1_0 += a1_2 * b0_2;
    s1_0 += a1_3 * b0_3;
    s1_1 += a1_0 * b1_0;
    s1_1 += a1_1 * b1_1;
    s1_1 += a1_2 * b1_2;
    s1_1 += a1_3 * b1_3;
    s2_0 += a2_0 * b0_0;
    s2_0 += a2_1 * b0_1;
    s2_0 += a2_2 * b0_2;
    s2_0 += a2_3 * b0_3;
    s2_1 += a2_0 * b1_0;
    s2_1 += a2_1 * b1_1;
    s2_1 += a2_2 * b1_2;
    s2_1 += a2_3 * b1_3;
    s3_0 += a3_0 * b0_0;
    s3_0 += a3_1 * b0_1;
    s3_0 += a3_2 * b0_2;
    s3_0 += a3_3 * b0_3;
    s3_1 += a3_0 * b1_0;
    s3_1 += a3_1 * b1_1;
    s3_1 += a3_2 * b1_2;
    s3_1 += a3_3 * b1_3;
    s4_0 += a4_0 * b0_0;
    s4_0 += a4_1 * b0_1;
    s4_0 += a4_2 * b0_2;
    s4_0 += a4_3 * b0_3;
    s4_1 += a4_0 * b1_0;
    s4_1 += a4_1 * b1_1;
    s4_1 += a4_2 * b1_2;
    s4_1 += a4_3 * b1_3;
    s5_0 += a5_0 * b0_0;
    s5_0 += a5_1 * b0_1;
    s5_0 += a5_2 * b0_2;
    s5_0 += a5_3 * b0_3;
    s5_1 += a5_0 * b1_0;
    s5_1 += a5_1 * b1_1;
    s5_1 += a5_2 * b1_2;
    s5_1 += a5_3 * b1_3;
    s6_0 += a6_0 * b0_0;
    s6_0 += a6_1 * b0_1;
    s6_0 += a6_2 * b0_2;
    s6_0 += a6_3 * b0_3;
    s6_1 += a6_0 * b1_0;
    s6_1 += a6_1 * b1_1;
    s6_1 += a6_2 * b1_2;
    s6_1 += a6_3 * b1_3;
    s7_0 += a7_0 * b0_0;
    s7_0 += a7_1 * b0_1;
    s7_0 += a7_2 * b0_2;
    s7_0 += a7_3 * b0_3;
    s7_1 += a7_0 * b1_0;
    s7_1 += a7_1 * b1_1;
    s7_1 += a7_2 * b1_2;
    s7_1 += a7_3 * b1_3;
    s8_0 += a8_0 * b0_0;
    s8_0 += a8_1 * b0_1;
    s8_0 += a8_2 * b0_2;
    s8_0 += a8_3 * b0_3;
    s8_1 += a8_0 * b1_0;
    s8_1 += a8_1 * b1_1;
    s8_1 += a8_2 * b1_2;
    s8_1 += a8_3 * b1_3;
    s9_0 += a9_0 * b0_0;
    s9_0 += a9_1 * b0_1;
    s9_0 += a9_2 * b0_2;
    s9_0 += a9_3 * b0_3;
    s9_1 += a9_0 * b1_0;
    s9_1 += a9_1 * b1_1;
    s9_1 += a9_2 * b1_2;
    s9_1 += a9_3 * b1_3;
    s10_0 += a10_0 * b0_0;
    s10_0 += a10_1 * b0_1;
    s10_0 += a10_2 * b0_2;
    s10_0 += a10_3 * b0_3;
    s10_1 += a10_0 * b1_0;
    s10_1 += a10_1 * b1_1;
    s10_1 += a10_2 * b1_2;
    s10_1 += a10_3 * b1_3;
    s11_0 += a11_0 * b0_0;
    s11_0 += a11_1 * b0_1;
    s11_0 += a11_2 * b0_2;
    s11_0 += a11_3 * b0_3;
    s11_1 += a11_0 * b1_0;
    s11_1 += a11_1 * b1_1;
    s11_1 += a11_2 * b1_2;
    s11_1 += a11_3 * b1_3;
    s12_0 += a12_0 * b0_0;
    s12_0 += a12_1 * b0_1;
    s12_0 += a12_2 * b0_2;
    s12_0 += a12_3 * b0_3;
    s12_1 += a12_0 * b1_0;
    s12_1 += a12_1 * b1_1;
    s12_1 += a12_2 * b1_2;
    s12_1 += a12_3 * b1_3;
    s13_0 += a13_0 * b0_0;
    s13_0 += a13_1 * b0_1;
    s13_0 += a13_2 * b0_2;
    s13_0 += a13_3 * b0_3;
    s13_1 += a13_0 * b1_0;
    s13_1 += a13_1 * b1_1;
    s13_1 += a13_2 * b1_2;
    s13_1 += a13_3 * b1_3;
    s14_0 += a14_0 * b0_0;
    s14_0 += a14_1 * b0_1;
    s14_0 += a14_2 * b0_2;
    s14_0 += a14_3 * b0_3;
    s14_1 += a14_0 * b1_0;
    s14_1 += a14_1 * b1_1;
    s14_1 += a14_2 * b1_2;
    s14_1 += a14_3 * b1_3;
    s15_0 += a15_0 * b0_0;
    s15_0 += a15_1 * b0_1;
    s15_0 += a15_2 * b0_2;
    s15_0 += a15_3 * b0_3;
    s15_1 += a15_0 * b1_0;
    s15_1 += a15_1 * b1_1;
    s15_1 += a15_2 * b1_2;
    s15_1 += a15_3 * b1_3;
    s16_0 += a16_0 * b0_0;
    s16_0 += a16_1 * b0_1;
    s16_0 += a16_2 * b0_2;
    s16_0 += a16_3 * b0_3;
    s16_1 += a16_0 * b1_0;
    s16_1 += a16_1 * b1_1;
    s16_1 += a16_2 * b1_2;
    s16_1 += a16_3 * b1_3;
    s17_0 += a17_0 * b0_0;
    s17_0 += a17_1 * b0_1;
    s17_0 += a17_2 * b0_2;
    s17_0 += a17_3 * b0_3;
    s17_1 += a17_0 * b1_0;
    s17_1 += a17_1 * b1_1;
    s17_1 += a17_2 * b1_2;
    s17_1 += a17_3 * b1_3;
    s18_0 += a18_0 * b0_0;
    s18_0 += a18_1 * b0_1;
    s18_0 += a18_2 * b0_2;
    s18_0 += a18_3 * b0_3;
    s18_1 += a18_0 * b1_0;
    s18_1 += a18_1 * b1_1;
    s18_1 += a18_2 * b1_2;
    s18_1 += a18_3 * b1_3;
    s19_0 += a19_0 * b0_0;
    s19_0 += a19_1 * b0_1;
    s19_0 += a19_2 * b0_2;
    s19_0 += a19_3 * b0_3;
    s19_1 += a19_0 * b1_0;
    s19_1 += a19_1 * b1_1;
    s19_1 += a19_2 * b1_2;
    s19_1 += a19_3 * b1_3;
    s20_0 += a20_0 * b0_0;
    s20_0 += a20_1 * b0_1;
    s20_0 += a20_2 * b0_2;
    s20_0 += a20_3 * b0_3;
    s20_1 += a20_0 * b1_0;
    s20_1 += a20_1 * b1_1;
    s20_1 += a20_2 * b1_2;
    s20_1 += a20_3 * b1_3;
    s21_0 += a21_0 * b0_0;
    s21_0 += a21_1 * b0_1;
    s21_0 += a21_2 * b0_2;
    s21_0 += a21_3 * b0_3;
    s21_1 += a21_0 * b1_0;
    s21_1 += a21_1 * b1_1;
    s21_1 += a21_2 * b1_2;
    s21_1 += a21_3 * b1_3;
    s22_0 += a22_0 * b0_0;
    s22_0 += a22_1 * b0_1;
    s22_0 += a22_2 * b0_2;
    s22_0 += a22_3 * b0_3;
    s22_1 += a22_0 * b1_0;
    s22_1 += a22_1 * b1_1;
    s22_1 += a22_2 * b1_2;
    s22_1 += a22_3 * b1_3;
    s23_0 += a23_0 * b0_0;
    s23_0 += a23_1 * b0_1;
    s23_0 += a23_2 * b0_2;
    s23_0 += a23_3 * b0_3;
    s23_1 += a23_0 * b1_0;
    s23_1 += a23_1 * b1_1;
    s23_1 += a23_2 * b1_2;
    s23_1 += a23_3 * b1_3;
    s24_0 += a24_0 * b0_0;
    s24_0 += a24_1 * b0_1;
    s24_0 += a24_2 * b0_2;
    s24_0 += a24_3 * b0_3;
    s24_1 += a24_0 * b1_0;
    s24_1 += a24_1 * b1_1;
    s24_1 += a24_2 * b1_2;
    s24_1 += a24_3 * b1_3;
    s25_0 += a25_0 * b0_0;
    s25_0 += a25_1 * b0_1;
    s25_0 += a25_2 * b0_2;
    s25_0 += a25_3 * b0_3;
    s25_1 += a25_0 * b1_0;
    s25_1 += a25_1 * b1_1;
    s25_1 += a25_2 * b1_2;
    s25_1 += a25_3 * b1_3;
    s26_0 += a26_0 * b0_0;
    s26_0 += a26_1 * b0_1;
    s26_0 += a26_2 * b0_2;
    s26_0 += a26_3 * b0_3;
    s26_1 += a26_0 * b1_0;
    s26_1 += a26_1 * b1_1;
    s26_1 += a26_2 * b1_2;
    s26_1 += a26_3 * b1_3;
    s27_0 += a27_0 * b0_0;
    s27_0 += a27_1 * b0_1;
    s27_0 += a27_2 * b0_2;
    s27_0 += a27_3 * b0_3;
    s27_1 += a27_0 * b1_0;
    s27_1 += a27_1 * b1_1;
    s27_1 += a27_2 * b1_2;
    s27_1 += a27_3 * b1_3;
    s28_0 += a28_0 * b0_0;
    s28_0 += a28_1 * b0_1;
    s28_0 += a28_2 * b0_2;
    s28_0 += a28_3 * b0_3;
    s28_1 += a28_0 * b1_0;
    s28_1 += a28_1 * b1_1;
    s28_1 += a28_2 * b1_2;
    s28_1 += a28_3 * b1_3;
    s29_0 += a29_0 * b0_0;
    s29_0 += a29_1 * b0_1;
    s29_0 += a29_2 * b0_2;
    s29_0 += a29_3 * b0_3;
    s29_1 += a29_0 * b1_0;
    s29_1 += a29_1 * b1_1;
    s29_1 += a29_2 * b1_2;
    s29_1 += a29_3 * b1_3;
    s30_0 += a30_0 * b0_0;
    s30_0 += a30_1 * b0_1;
    s30_0 += a30_2 * b0_2;
    s30_0 += a30_3 * b0_3;
    s30_1 += a30_0 * b1_0;
    s30_1 += a30_1 * b1_1;
    s30_1 += a30_2 * b1_2;
    s30_1 += a30_3 * b1_3;
    s31_0 += a31_0 * b0_0;
    s31_0 += a31_1 * b0_1;
    s31_0 += a31_2 * b0_2;
    s31_0 += a31_3 * b0_3;
    s31_1 += a31_0 * b1_0;
    s31_1 += a31_1 * b1_1;
    s31_1 += a31_2 * b1_2;
    s31_1 += a31_3 * b1_3;
  }
  let acc = array<vec4<f32>, 64>(s0_0, s0_1, s1_0, s1_1, s2_0, s2_1, s3_0, s3_1, s4_0, s4_1, s5_0, s5_1, s6_0, s6_1, s7_0, s7_1, s8_0, s8_1, s9_0, s9_1, s10_0, s10_1, s11_0, s11_1, s12_0, s12_1, s13_0, s13_1, s14_0, s14_1, s15_0, s15_1, s16_0, s16_1, s17_0, s17_1, s18_0, s18_1, s19_0, s19_1, s20_0, s20_1, s21_0, s21_1, s22_0, s22_1, s23_0, s23_1, s24_0, s24_1, s25_0, s25_1, s26_0, s26_1, s27_0, s27_1, s28_0, s28_1, s29_0, s29_1, s30_0, s30_1, s31_0, s31_1);
  for (var e = 0u; e < 256u; e++) {
    let r = e / 8u;
    let q = (e / 4u) % 2u;
    let c = e % 4u;
    let row = row0 + r;
    let col = j0 + q * 32u + c;
    if (row < M && col < P) { epi(row, col, acc[r * 2u + q][c]); }
  }
}

// ===== k1_matmul, variant for hardware GPUs, N <= 256 =====
// kernel 1 (matmul + epilogue): %6, %9
//   %6 = matmul(%3, %5) : f32[N, 1024]
//   inline %8 = add(%6, %7) : f32[N, 1024]
//   %9 = relu(%8) : f32[N, 1024] -> t9_relu
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> in_w: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> in_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_t9_relu: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 1024u + col;
  let r0 = in_bias[col];
  let e1 = (v + r0);
  let e2 = max(e1, 0.0);
  out_t9_relu[idx] = e2;
}

var<workgroup> kparts: array<vec4<f32>, 896>;

// 4 rows x 128 columns per workgroup; 4 x 1 vec4 accumulators per invocation; the contraction split over 8 slices of 32 invocations.
@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 1024u;
  let P = 1024u;
  let row0 = wid.y * 4u;
  let lane = lid.x % 32u;
  let slice = lid.x / 32u;
  let j0 = (wid.x * 32u + 0u + lane) * 4u;
  let ra0 = min(row0 + 0u, M - 1u) * K;
  let ra1 = min(row0 + 1u, M - 1u) * K;
  let ra2 = min(row0 + 2u, M - 1u) * K;
  let ra3 = min(row0 + 3u, M - 1u) * K;
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
  let kc = (K + 31u) / 32u * 4u;
  let kb = min(slice * kc, K);
  let ke = min(kb + kc, K);
  var t = kb;
  for (; t + 4u <= ke; t += 4u) {
    let a0 = in_x[(ra0 + t) / 4u];
    let a1 = in_x[(ra1 + t) / 4u];
    let a2 = in_x[(ra2 + t) / 4u];
    let a3 = in_x[(ra3 + t) / 4u];
    let bt0_0 = in_w[(jk0_0 + t) / 4u];
    let bt0_1 = in_w[(jk0_1 + t) / 4u];
    let bt0_2 = in_w[(jk0_2 + t) / 4u];
    let bt0_3 = in_w[(jk0_3 + t) / 4u];
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

// ===== k1_matmul, variant for hardware GPUs =====
// kernel 1 (matmul + epilogue): %6, %9
//   %6 = matmul(%3, %5) : f32[N, 1024]
//   inline %8 = add(%6, %7) : f32[N, 1024]
//   %9 = relu(%8) : f32[N, 1024] -> t9_relu
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> in_w: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> in_bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_t9_relu: array<f32>;

fn epi(row: u32, col: u32, v: f32) {
  let idx = row * 1024u + col;
  let r0 = in_bias[col];
  let e1 = (v + r0);
  let e2 = max(e1, 0.0);
  out_t9_relu[idx] = e2;
}

var<workgroup> tileA: array<vec4<f32>, 128>; // [step][row quad]
var<workgroup> tileB: array<vec4<f32>, 256>; // [step][column quad]

// 32 rows x 64 columns per workgroup, staged through workgroup memory 16 contraction steps at a time; 4 x 2 vec4 accumulators per invocation.
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 1024u;
  let P = 1024u;
  let tileRow = wid.y * 32u;
  let tileCol = wid.x * 64u;
  let tx = lid.x % 8u;
  let ty = lid.x / 8u;
  let row0 = tileRow + ty * 4u;
  let j0 = tileCol + 0u + tx * 4u;
  let j1 = tileCol + 32u + tx * 4u;
  var s0_0 = vec4<f32>(0.0);
  var s0_1 = vec4<f32>(0.0);
  var s1_0 = vec4<f32>(0.0);
  var s1_1 = vec4<f32>(0.0);
  var s2_0 = vec4<f32>(0.0);
  var s2_1 = vec4<f32>(0.0);
  var s3_0 = vec4<f32>(0.0);
  var s3_1 = vec4<f32>(0.0);
  let am0 = (lid.x + 0u) / 4u;
  let ak0 = (lid.x + 0u) % 4u * 4u;
  let ar0 = min(tileRow + am0, M - 1u) * K;
  let am1 = (lid.x + 64u) / 4u;
  let ak1 = (lid.x + 64u) % 4u * 4u;
  let ar1 = min(tileRow + am1, M - 1u) * K;
  let bn0 = (lid.x + 0u) / 4u;
  let bk0 = (lid.x + 0u) % 4u * 4u;
  let br0 = min(tileCol + bn0, P - 1u) * K;
  let bn1 = (lid.x + 64u) / 4u;
  let bk1 = (lid.x + 64u) % 4u * 4u;
  let br1 = min(tileCol + bn1, P - 1u) * K;
  let bn2 = (lid.x + 128u) / 4u;
  let bk2 = (lid.x + 128u) % 4u * 4u;
  let br2 = min(tileCol + bn2, P - 1u) * K;
  let bn3 = (lid.x + 192u) / 4u;
  let bk3 = (lid.x + 192u) % 4u * 4u;
  let br3 = min(tileCol + bn3, P - 1u) * K;
  var ra0: vec4<f32>;
  var ra1: vec4<f32>;
  var rb0: vec4<f32>;
  var rb1: vec4<f32>;
  var rb2: vec4<f32>;
  var rb3: vec4<f32>;
  ra0 = select(vec4<f32>(0.0), in_x[(ar0 + min(0u + ak0, K - 4u)) / 4u], 0u + ak0 < K);
  ra1 = select(vec4<f32>(0.0), in_x[(ar1 + min(0u + ak1, K - 4u)) / 4u], 0u + ak1 < K);
  rb0 = select(vec4<f32>(0.0), in_w[(br0 + min(0u + bk0, K - 4u)) / 4u], 0u + bk0 < K);
  rb1 = select(vec4<f32>(0.0), in_w[(br1 + min(0u + bk1, K - 4u)) / 4u], 0u + bk1 < K);
  rb2 = select(vec4<f32>(0.0), in_w[(br2 + min(0u + bk2, K - 4u)) / 4u], 0u + bk2 < K);
  rb3 = select(vec4<f32>(0.0), in_w[(br3 + min(0u + bk3, K - 4u)) / 4u], 0u + bk3 < K);
  for (var k0 = 0u; k0 < K; k0 += 16u) {
    // This slab, from registers into workgroup memory.
    tileA[(ak0 + 0u) * 8u + am0 / 4u][am0 % 4u] = ra0[0];
    tileA[(ak0 + 1u) * 8u + am0 / 4u][am0 % 4u] = ra0[1];
    tileA[(ak0 + 2u) * 8u + am0 / 4u][am0 % 4u] = ra0[2];
    tileA[(ak0 + 3u) * 8u + am0 / 4u][am0 % 4u] = ra0[3];
    tileA[(ak1 + 0u) * 8u + am1 / 4u][am1 % 4u] = ra1[0];
    tileA[(ak1 + 1u) * 8u + am1 / 4u][am1 % 4u] = ra1[1];
    tileA[(ak1 + 2u) * 8u + am1 / 4u][am1 % 4u] = ra1[2];
    tileA[(ak1 + 3u) * 8u + am1 / 4u][am1 % 4u] = ra1[3];
    tileB[(bk0 + 0u) * 16u + bn0 / 4u][bn0 % 4u] = rb0[0];
    tileB[(bk0 + 1u) * 16u + bn0 / 4u][bn0 % 4u] = rb0[1];
    tileB[(bk0 + 2u) * 16u + bn0 / 4u][bn0 % 4u] = rb0[2];
    tileB[(bk0 + 3u) * 16u + bn0 / 4u][bn0 % 4u] = rb0[3];
    tileB[(bk1 + 0u) * 16u + bn1 / 4u][bn1 % 4u] = rb1[0];
    tileB[(bk1 + 1u) * 16u + bn1 / 4u][bn1 % 4u] = rb1[1];
    tileB[(bk1 + 2u) * 16u + bn1 / 4u][bn1 % 4u] = rb1[2];
    tileB[(bk1 + 3u) * 16u + bn1 / 4u][bn1 % 4u] = rb1[3];
    tileB[(bk2 + 0u) * 16u + bn2 / 4u][bn2 % 4u] = rb2[0];
    tileB[(bk2 + 1u) * 16u + bn2 / 4u][bn2 % 4u] = rb2[1];
    tileB[(bk2 + 2u) * 16u + bn2 / 4u][bn2 % 4u] = rb2[2];
    tileB[(bk2 + 3u) * 16u + bn2 / 4u][bn2 % 4u] = rb2[3];
    tileB[(bk3 + 0u) * 16u + bn3 / 4u][bn3 % 4u] = rb3[0];
    tileB[(bk3 + 1u) * 16u + bn3 / 4u][bn3 % 4u] = rb3[1];
    tileB[(bk3 + 2u) * 16u + bn3 / 4u][bn3 % 4u] = rb3[2];
    tileB[(bk3 + 3u) * 16u + bn3 / 4u][bn3 % 4u] = rb3[3];
    workgroupBarrier();
    // The next slab's loads, in flight while this one is computed.
    ra0 = select(vec4<f32>(0.0), in_x[(ar0 + min(k0 + 16u + ak0, K - 4u)) / 4u], k0 + 16u + ak0 < K);
    ra1 = select(vec4<f32>(0.0), in_x[(ar1 + min(k0 + 16u + ak1, K - 4u)) / 4u], k0 + 16u + ak1 < K);
    rb0 = select(vec4<f32>(0.0), in_w[(br0 + min(k0 + 16u + bk0, K - 4u)) / 4u], k0 + 16u + bk0 < K);
    rb1 = select(vec4<f32>(0.0), in_w[(br1 + min(k0 + 16u + bk1, K - 4u)) / 4u], k0 + 16u + bk1 < K);
    rb2 = select(vec4<f32>(0.0), in_w[(br2 + min(k0 + 16u + bk2, K - 4u)) / 4u], k0 + 16u + bk2 < K);
    rb3 = select(vec4<f32>(0.0), in_w[(br3 + min(k0 + 16u + bk3, K - 4u)) / 4u], k0 + 16u + bk3 < K);
    for (var k = 0u; k < 16u; k++) {
      let a0 = tileA[k * 8u + ty * 1u + 0u];
      let b0 = tileB[k * 16u + 0u + tx];
      let b1 = tileB[k * 16u + 8u + tx];
      s0_0 += a0[0] * b0;
      s0_1 += a0[0] * b1;
      s1_0 += a0[1] * b0;
      s1_1 += a0[1] * b1;
      s2_0 += a0[2] * b0;
      s2_1 += a0[2] * b1;
      s3_0 += a0[3] * b0;
      s3_1 += a0[3] * b1;
    }
    workgroupBarrier();
  }
  let acc = array<vec4<f32>, 8>(s0_0, s0_1, s1_0, s1_1, s2_0, s2_1, s3_0, s3_1);
  for (var e = 0u; e < 32u; e++) {
    let r = e / 8u;
    let q = (e / 4u) % 2u;
    let c = e % 4u;
    let row = row0 + r;
    let col = j0 + q * 32u + c;
    if (row < M && col < P) { epi(row, col, acc[r * 2u + q][c]); }
  }
}
