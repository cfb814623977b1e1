// ===== k0_sub =====
// kernel 0: %2 = sub(%0, %1) : f32[N, 30]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<f32>;
@group(0) @binding(2) var<storage, read> p_normalization_mean: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 30u)) { return; }
  let c0 = (i / 30u);
  let c1 = i % 30u;
  out[i] = (in_x[i] - p_normalization_mean[c1 * 1u]);
}

// ===== k1_sqrt =====
// kernel 1: %4 = sqrt(%3) : f32[30]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> p_normalization_variance: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 30u) { return; }
  out[i] = sqrt(p_normalization_variance[i]);
}

// ===== k2_maximum =====
// kernel 2: %6 = maximum(%4, %5) : f32[30]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t4_sqrt: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= 30u) { return; }
  out[i] = max(v_t4_sqrt[i], 1e-7);
}

// ===== k3_div =====
// kernel 3: %7 = div(%2, %6) : f32[N, 30]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t2_sub: array<f32>;
@group(0) @binding(2) var<storage, read> v_t6_maximum: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 30u)) { return; }
  let c0 = (i / 30u);
  let c1 = i % 30u;
  out[i] = (v_t2_sub[i] / v_t6_maximum[c1 * 1u]);
}

// ===== k4_matmul =====
// kernel 4: %9 = matmul(%7, %8) : f32[N, 10]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t7_div: array<f32>;
@group(0) @binding(2) var<storage, read> p_hidden_1_kernel: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

var<workgroup> tile_a: array<array<f32, 16>, 16>;
var<workgroup> tile_b: array<array<f32, 16>, 16>;

// 16x16 output tile per workgroup, both operands staged through workgroup memory.
@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 30u;
  let P = 10u;
  let row = wid.y * 16u + lid.y;
  let col = wid.x * 16u + lid.x;
  var acc = 0.0;
  for (var t = 0u; t < K; t += 16u) {
    var va = 0.0;
    if (row < M && t + lid.x < K) { va = v_t7_div[row * K + t + lid.x]; }
    tile_a[lid.y][lid.x] = va;
    var vb = 0.0;
    if (t + lid.y < K && col < P) { vb = p_hidden_1_kernel[(t + lid.y) * P + col]; }
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

// ===== k5_add =====
// kernel 5: %11 = add(%9, %10) : f32[N, 10]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t9_matmul: array<f32>;
@group(0) @binding(2) var<storage, read> p_hidden_1_bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 10u)) { return; }
  let c0 = (i / 10u);
  let c1 = i % 10u;
  out[i] = (v_t9_matmul[i] + p_hidden_1_bias[c1 * 1u]);
}

// ===== k6_relu =====
// kernel 6: %12 = relu(%11) : f32[N, 10]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t11_add: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 10u)) { return; }
  out[i] = max(v_t11_add[i], 0.0);
}

// ===== k7_matmul =====
// kernel 7: %14 = matmul(%12, %13) : f32[N, 1]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t12_relu: array<f32>;
@group(0) @binding(2) var<storage, read> p_output_kernel: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

var<workgroup> tile_a: array<array<f32, 16>, 16>;
var<workgroup> tile_b: array<array<f32, 16>, 16>;

// 16x16 output tile per workgroup, both operands staged through workgroup memory.
@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 10u;
  let P = 1u;
  let row = wid.y * 16u + lid.y;
  let col = wid.x * 16u + lid.x;
  var acc = 0.0;
  for (var t = 0u; t < K; t += 16u) {
    var va = 0.0;
    if (row < M && t + lid.x < K) { va = v_t12_relu[row * K + t + lid.x]; }
    tile_a[lid.y][lid.x] = va;
    var vb = 0.0;
    if (t + lid.y < K && col < P) { vb = p_output_kernel[(t + lid.y) * P + col]; }
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

// ===== k8_add =====
// kernel 8: %16 = add(%14, %15) : f32[N, 1]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t14_matmul: array<f32>;
@group(0) @binding(2) var<storage, read> p_output_bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= dims.N) { return; }
  out[i] = (v_t14_matmul[i] + p_output_bias[0u]);
}

// ===== k9_sigmoid =====
// kernel 9: %17 = sigmoid(%16) : f32[N, 1]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t16_add: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= dims.N) { return; }
  out[i] = (1.0 / (1.0 + exp(-v_t16_add[i])));
}
