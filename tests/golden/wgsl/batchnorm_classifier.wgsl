// ===== k0_matmul =====
// kernel 0: %2 = matmul(%0, %1) : f32[N, 64]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<f32>;
@group(0) @binding(2) var<storage, read> p_dense_1_kernel: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

var<workgroup> tile_a: array<array<f32, 16>, 16>;
var<workgroup> tile_b: array<array<f32, 16>, 16>;

// 16x16 output tile per workgroup, both operands staged through workgroup memory.
@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 20u;
  let P = 64u;
  let row = wid.y * 16u + lid.y;
  let col = wid.x * 16u + lid.x;
  var acc = 0.0;
  for (var t = 0u; t < K; t += 16u) {
    var va = 0.0;
    if (row < M && t + lid.x < K) { va = in_x[row * K + t + lid.x]; }
    tile_a[lid.y][lid.x] = va;
    var vb = 0.0;
    if (t + lid.y < K && col < P) { vb = p_dense_1_kernel[(t + lid.y) * P + col]; }
    tile_b[lid.y][lid.x] = vb;
    workgroupBarrier();
    for (var k = 0u; k < 16u; k++) {
      acc = acc + tile_a[lid.y][k] * tile_b[k][lid.x];
    }
    workgroupBarrier();
  }
  if (row < M && col < P) {
    out[row * P + col] = acc;
  }
}

// ===== k1_add =====
// kernel 1: %4 = add(%2, %3) : f32[N, 64]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t2_matmul: array<f32>;
@group(0) @binding(2) var<storage, read> p_dense_1_bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 64u)) { return; }
  let c0 = (i / 64u);
  let c1 = i % 64u;
  out[i] = (v_t2_matmul[i] + p_dense_1_bias[c1 * 1u]);
}

// ===== k2_sub =====
// kernel 2: %6 = sub(%4, %5) : f32[N, 64]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t4_add: array<f32>;
@group(0) @binding(2) var<storage, read> p_batch_norm_1_moving_mean: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 64u)) { return; }
  let c0 = (i / 64u);
  let c1 = i % 64u;
  out[i] = (v_t4_add[i] - p_batch_norm_1_moving_mean[c1 * 1u]);
}

// ===== k3_add =====
// kernel 3: %9 = add(%7, %8) : f32[64]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> p_batch_norm_1_moving_variance: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 64u) { return; }
  out[i] = (p_batch_norm_1_moving_variance[i] + 0.001);
}

// ===== k4_sqrt =====
// kernel 4: %10 = sqrt(%9) : f32[64]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t9_add: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 64u) { return; }
  out[i] = sqrt(v_t9_add[i]);
}

// ===== k5_div =====
// kernel 5: %11 = div(%6, %10) : f32[N, 64]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t6_sub: array<f32>;
@group(0) @binding(2) var<storage, read> v_t10_sqrt: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 64u)) { return; }
  let c0 = (i / 64u);
  let c1 = i % 64u;
  out[i] = (v_t6_sub[i] / v_t10_sqrt[c1 * 1u]);
}

// ===== k6_mul =====
// kernel 6: %13 = mul(%11, %12) : f32[N, 64]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t11_div: array<f32>;
@group(0) @binding(2) var<storage, read> p_batch_norm_1_gamma: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 64u)) { return; }
  let c0 = (i / 64u);
  let c1 = i % 64u;
  out[i] = (v_t11_div[i] * p_batch_norm_1_gamma[c1 * 1u]);
}

// ===== k7_add =====
// kernel 7: %15 = add(%13, %14) : f32[N, 64]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t13_mul: array<f32>;
@group(0) @binding(2) var<storage, read> p_batch_norm_1_beta: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 64u)) { return; }
  let c0 = (i / 64u);
  let c1 = i % 64u;
  out[i] = (v_t13_mul[i] + p_batch_norm_1_beta[c1 * 1u]);
}

// ===== k8_relu =====
// kernel 8: %16 = relu(%15) : f32[N, 64]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t15_add: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 64u)) { return; }
  out[i] = max(v_t15_add[i], 0.0);
}

// ===== k9_matmul =====
// kernel 9: %18 = matmul(%16, %17) : f32[N, 32]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t16_relu: array<f32>;
@group(0) @binding(2) var<storage, read> p_dense_2_kernel: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

var<workgroup> tile_a: array<array<f32, 16>, 16>;
var<workgroup> tile_b: array<array<f32, 16>, 16>;

// 16x16 output tile per workgroup, both operands staged through workgroup memory.
@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 64u;
  let P = 32u;
  let row = wid.y * 16u + lid.y;
  let col = wid.x * 16u + lid.x;
  var acc = 0.0;
  for (var t = 0u; t < K; t += 16u) {
    var va = 0.0;
    if (row < M && t + lid.x < K) { va = v_t16_relu[row * K + t + lid.x]; }
    tile_a[lid.y][lid.x] = va;
    var vb = 0.0;
    if (t + lid.y < K && col < P) { vb = p_dense_2_kernel[(t + lid.y) * P + col]; }
    tile_b[lid.y][lid.x] = vb;
    workgroupBarrier();
    for (var k = 0u; k < 16u; k++) {
      acc = acc + tile_a[lid.y][k] * tile_b[k][lid.x];
    }
    workgroupBarrier();
  }
  if (row < M && col < P) {
    out[row * P + col] = acc;
  }
}

// ===== k10_add =====
// kernel 10: %20 = add(%18, %19) : f32[N, 32]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t18_matmul: array<f32>;
@group(0) @binding(2) var<storage, read> p_dense_2_bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 32u)) { return; }
  let c0 = (i / 32u);
  let c1 = i % 32u;
  out[i] = (v_t18_matmul[i] + p_dense_2_bias[c1 * 1u]);
}

// ===== k11_sub =====
// kernel 11: %22 = sub(%20, %21) : f32[N, 32]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t20_add: array<f32>;
@group(0) @binding(2) var<storage, read> p_batch_norm_2_moving_mean: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 32u)) { return; }
  let c0 = (i / 32u);
  let c1 = i % 32u;
  out[i] = (v_t20_add[i] - p_batch_norm_2_moving_mean[c1 * 1u]);
}

// ===== k12_add =====
// kernel 12: %24 = add(%23, %8) : f32[32]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> p_batch_norm_2_moving_variance: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 32u) { return; }
  out[i] = (p_batch_norm_2_moving_variance[i] + 0.001);
}

// ===== k13_sqrt =====
// kernel 13: %25 = sqrt(%24) : f32[32]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t24_add: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 32u) { return; }
  out[i] = sqrt(v_t24_add[i]);
}

// ===== k14_div =====
// kernel 14: %26 = div(%22, %25) : f32[N, 32]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t22_sub: array<f32>;
@group(0) @binding(2) var<storage, read> v_t25_sqrt: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 32u)) { return; }
  let c0 = (i / 32u);
  let c1 = i % 32u;
  out[i] = (v_t22_sub[i] / v_t25_sqrt[c1 * 1u]);
}

// ===== k15_mul =====
// kernel 15: %28 = mul(%26, %27) : f32[N, 32]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t26_div: array<f32>;
@group(0) @binding(2) var<storage, read> p_batch_norm_2_gamma: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 32u)) { return; }
  let c0 = (i / 32u);
  let c1 = i % 32u;
  out[i] = (v_t26_div[i] * p_batch_norm_2_gamma[c1 * 1u]);
}

// ===== k16_add =====
// kernel 16: %30 = add(%28, %29) : f32[N, 32]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t28_mul: array<f32>;
@group(0) @binding(2) var<storage, read> p_batch_norm_2_beta: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 32u)) { return; }
  let c0 = (i / 32u);
  let c1 = i % 32u;
  out[i] = (v_t28_mul[i] + p_batch_norm_2_beta[c1 * 1u]);
}

// ===== k17_relu =====
// kernel 17: %31 = relu(%30) : f32[N, 32]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t30_add: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 32u)) { return; }
  out[i] = max(v_t30_add[i], 0.0);
}

// ===== k18_matmul =====
// kernel 18: %33 = matmul(%31, %32) : f32[N, 1]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t31_relu: array<f32>;
@group(0) @binding(2) var<storage, read> p_output_layer_kernel: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

var<workgroup> tile_a: array<array<f32, 16>, 16>;
var<workgroup> tile_b: array<array<f32, 16>, 16>;

// 16x16 output tile per workgroup, both operands staged through workgroup memory.
@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 32u;
  let P = 1u;
  let row = wid.y * 16u + lid.y;
  let col = wid.x * 16u + lid.x;
  var acc = 0.0;
  for (var t = 0u; t < K; t += 16u) {
    var va = 0.0;
    if (row < M && t + lid.x < K) { va = v_t31_relu[row * K + t + lid.x]; }
    tile_a[lid.y][lid.x] = va;
    var vb = 0.0;
    if (t + lid.y < K && col < P) { vb = p_output_layer_kernel[(t + lid.y) * P + col]; }
    tile_b[lid.y][lid.x] = vb;
    workgroupBarrier();
    for (var k = 0u; k < 16u; k++) {
      acc = acc + tile_a[lid.y][k] * tile_b[k][lid.x];
    }
    workgroupBarrier();
  }
  if (row < M && col < P) {
    out[row * P + col] = acc;
  }
}

// ===== k19_add =====
// kernel 19: %35 = add(%33, %34) : f32[N, 1]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t33_matmul: array<f32>;
@group(0) @binding(2) var<storage, read> p_output_layer_bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= dims.N) { return; }
  out[i] = (v_t33_matmul[i] + p_output_layer_bias[0u]);
}

// ===== k20_sigmoid =====
// kernel 20: %36 = sigmoid(%35) : f32[N, 1]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t35_add: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= dims.N) { return; }
  out[i] = (1.0 / (1.0 + exp(-v_t35_add[i])));
}
