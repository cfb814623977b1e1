// ===== k0_matmul =====
// kernel 0: %2 = matmul(%0, %1) : f32[N, 2]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> in_x: array<f32>;
@group(0) @binding(2) var<storage, read> p_W: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

var<workgroup> tile_a: array<array<f32, 16>, 16>;
var<workgroup> tile_b: array<array<f32, 16>, 16>;

// 16x16 output tile per workgroup, both operands staged through workgroup memory.
@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 2u;
  let P = 2u;
  let row = wid.y * 16u + lid.y;
  let col = wid.x * 16u + lid.x;
  var acc = 0.0;
  for (var t = 0u; t < K; t += 16u) {
    var va = 0.0;
    if (row < M && t + lid.x < K) { va = in_x[row * K + t + lid.x]; }
    tile_a[lid.y][lid.x] = va;
    var vb = 0.0;
    if (t + lid.y < K && col < P) { vb = p_W[(t + lid.y) * P + col]; }
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
// kernel 1: %4 = add(%2, %3) : f32[N, 2]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t2_matmul: array<f32>;
@group(0) @binding(2) var<storage, read> p_c: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 2u)) { return; }
  let c0 = (i / 2u);
  let c1 = i % 2u;
  out[i] = (v_t2_matmul[i] + p_c[c1 * 1u]);
}

// ===== k2_relu =====
// kernel 2: %5 = relu(%4) : f32[N, 2]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t4_add: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= (dims.N * 2u)) { return; }
  out[i] = max(v_t4_add[i], 0.0);
}

// ===== k3_matmul =====
// kernel 3: %7 = matmul(%5, %6) : f32[N, 1]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t5_relu: array<f32>;
@group(0) @binding(2) var<storage, read> p_w: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

var<workgroup> tile_a: array<array<f32, 16>, 16>;
var<workgroup> tile_b: array<array<f32, 16>, 16>;

// 16x16 output tile per workgroup, both operands staged through workgroup memory.
@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = dims.N;
  let K = 2u;
  let P = 1u;
  let row = wid.y * 16u + lid.y;
  let col = wid.x * 16u + lid.x;
  var acc = 0.0;
  for (var t = 0u; t < K; t += 16u) {
    var va = 0.0;
    if (row < M && t + lid.x < K) { va = v_t5_relu[row * K + t + lid.x]; }
    tile_a[lid.y][lid.x] = va;
    var vb = 0.0;
    if (t + lid.y < K && col < P) { vb = p_w[(t + lid.y) * P + col]; }
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

// ===== k4_add =====
// kernel 4: %9 = add(%7, %8) : f32[N, 1]
struct Dims {
  N: u32,
}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> v_t7_matmul: array<f32>;
@group(0) @binding(2) var<storage, read> p_b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= dims.N) { return; }
  out[i] = (v_t7_matmul[i] + p_b[0u]);
}
