// The matmul kernel template shared by matmul, matmul_tn and the fused kernels built around them:
// out[i, j] = sum_t A(i, t) * B(t, j), then `epi(i, j, value)` for every output element (a store,
// or a fused epilogue: bias, BatchNorm scale/shift, activation, optimizer update...).
//
// Register-blocked; the general forms use no workgroup memory and no barriers. Two layouts,
// chosen by shape:
//
// - `cols` (the general case): each workgroup owns R consecutive rows and 4*WG*CQ consecutive
//   columns; each invocation holds R x CQ vec4 accumulators (R rows by CQ column quads). The row
//   operand is read at indices uniform across the workgroup (one broadcast load on a GPU), the
//   column operand as one vec4 per quad. The contraction is unrolled by 4. (On lavapipe a load is
//   a loop over the lanes unless its index is a constant: Mesa 25's llvmpipe does not see that
//   an index is the same for every lane, so the uniform loads cost as much as the others, which
//   is what the subgroup variant below repairs.)
// - `rows` (few columns, P <= 16: a classifier's last layer and its gradients): each invocation
//   owns one row and every column; the column operand's loads are then the uniform ones.
//
// Variants chosen at run time: a small-batch form (batches of one or two rows), a form for
// devices whose subgroups have exactly 8 invocations (lavapipe), which loads the operand every
// lane reads alike once and hands it out with subgroupBroadcast (see subgroupVariant), and forms
// for hardware GPUs: smaller blocks, and the contraction split over slices of invocations whose
// partial sums meet in workgroup memory behind one barrier; for large matmuls a third layout,
// `tiled`, which stages blocks of both operands through workgroup memory (see gpuVariants and
// tiledMain).
//
// Bounds: every load index is clamped into its operand (rows and columns past the edge compute
// garbage that is never stored), so there is no branch inside the loop; stores are guarded. The
// tiled form also loads zeros for contraction steps past the end, and returns before no barrier.
// Operands are bound as array<vec4<f32>> where the layout allows aligned vec4 loads.

import type { Dispatch, VariantCondition } from '../../runtime/program.js';
import type { Dim } from '../ir/types.js';
import { fixedSize, productExpr } from './index-math.js';

export interface MatmulGeometry {
  /** Output rows, contraction length and output columns, as dim lists (their products). */
  readonly mDims: readonly Dim[];
  readonly kDims: readonly Dim[];
  readonly pDims: readonly Dim[];
  /** A is stored transposed ([K, M], matmul_tn's left operand). */
  readonly transA: boolean;
  /** B is stored transposed ([P, K], a matmul by a transposed weight). */
  readonly transB: boolean;
}

export interface MatmulVariant {
  readonly layout: 'cols' | 'rows' | 'tiled';
  readonly R: number; // cols: rows per workgroup; tiled: rows per invocation
  readonly WG: number; // invocations per workgroup
  readonly CQ: number; // cols: column quads per invocation; rows: quads covering every column
  readonly aVec4: boolean;
  readonly bVec4: boolean;
  /**
   * WG = SUBGROUP lanes: the operand every lane of the workgroup reads alike (cols: the row
   * operand, R a multiple of SUBGROUP; rows: the column operand) is loaded once, spread over the
   * lanes, and handed to the others with subgroupBroadcast (see subgroupVariant).
   */
  readonly shared?: boolean;
  /**
   * Slices of the contraction (GPU forms): the workgroup is KS groups of WG invocations, each
   * group computing the same outputs over its own range of the contraction; the partial sums
   * meet in workgroup memory and the first group runs the epilogue. Absent: 1.
   */
  readonly KS?: number;
  /**
   * Cols layout: consecutive workgroups take consecutive row blocks of one column strip (dispatch
   * x = row blocks) instead of consecutive column strips of one row block, so a CPU adapter's
   * threads find that strip of B in cache (see subgroupVariant). Absent: column strips first.
   */
  readonly rowsFirst?: boolean;
  /** Tiled layout: the workgroup's block of the output, and the contraction steps staged at a time. */
  readonly tile?: Tile;
}

/** A tiled form's output block (rows x cols per workgroup) and the depth of each staged slab of the contraction. */
export interface Tile {
  readonly rows: number;
  readonly cols: number;
  readonly depth: number;
}

export function chooseMatmulVariant(g: MatmulGeometry): MatmulVariant {
  const M = fixedSize(g.mDims);
  const K = fixedSize(g.kDims);
  const P = fixedSize(g.pDims);
  const k4 = K !== null && K % 4 === 0;
  if (P !== null && P <= 16) {
    const CQ = Math.max(1, Math.ceil(P / 4));
    // Eight rows per workgroup (one SIMD group on CPU adapters): a batch of one row then runs one
    // invocation's worth of work, not 64.
    return {
      layout: 'rows',
      R: 1,
      WG: 8,
      CQ,
      aVec4: !g.transA && k4,
      bVec4: g.transB ? k4 : P % 4 === 0,
    };
  }
  const R = M !== null && M < 8 ? Math.max(1, M) : 8;
  // Column quads: up to 32 invocations of one quad each, wider outputs two quads per invocation
  // (more work per load: measured faster on lavapipe than more, smaller workgroups).
  const lanes = P === null ? Infinity : Math.ceil(P / 4);
  const WG = lanes <= 32 ? Math.max(8, Math.ceil(lanes / 8) * 8) : 32;
  const CQ = lanes <= 32 ? 1 : 2;
  return {
    layout: 'cols',
    R,
    WG,
    CQ,
    aVec4: g.transA ? M !== null && M % 4 === 0 && R % 4 === 0 : k4,
    bVec4: g.transB ? k4 : P !== null && P % 4 === 0,
  };
}

/**
 * The variant for a batch of at most `atMost` rows, when the rows are one symbolic dimension.
 * Columns layout, where the general variant gives each workgroup 8 rows: one row per workgroup
 * and one column quad per invocation, so the few rows that exist spread over many small
 * workgroups (on a CPU adapter, over every thread) instead of one workgroup computing eight rows,
 * seven of them padding. Rows layout (one row per invocation): workgroups of one invocation, so
 * the row's loads are the same for the whole workgroup (uniform loads; on lavapipe the 256 -> 10
 * classifier layer at batch 1 went from about 160 to 70-90 us).
 */
export function smallBatchVariant(g: MatmulGeometry, general: MatmulVariant): { variant: MatmulVariant; when: { dim: string; atMost: number } } | null {
  const dim = batchRows(g);
  if (g.transA || dim === null) return null;
  if (general.layout === 'rows') return { variant: { ...general, WG: 1 }, when: { dim, atMost: SMALL_BATCH } };
  if (general.R < 8) return null;
  return { variant: { ...general, R: 1, WG: 8, CQ: 1 }, when: { dim, atMost: SMALL_BATCH } };
}

/** The symbolic dimension that is the matmul's rows (a batch), or null where the rows are anything else. */
function batchRows(g: MatmulGeometry): string | null {
  const [dim, ...rest] = g.mDims;
  return rest.length === 0 && typeof dim === 'string' ? dim : null;
}

/** The subgroup size the subgroup variants are written for (lavapipe's on AVX2 CPUs). */
export const SUBGROUP = 8;

/** Contractions shorter than this get no subgroup variant. */
export const MIN_SHARED_CONTRACTION = 16;

/**
 * The variant for a device whose subgroups have exactly SUBGROUP invocations (runtime condition
 * `{ subgroupSize: 8 }`). Every workgroup is one subgroup; each lane loads the row operand for
 * its own rows, and the rows reach the other lanes by subgroupBroadcast. On a CPU adapter such
 * as lavapipe every load whose index is not a constant is a loop over the lanes (a bounds check
 * and a scalar load each), so the general kernel's row loads, the same for every lane, cost as
 * much as the column loads; shared, they cost an eighth. In the rows layout (few columns) it is
 * the column operand that every lane reads alike: its values for one contraction step are spread
 * over the lanes the same way.
 *
 * Block size (cols layout). Each operand value is loaded once per workgroup, so a workgroup's
 * loads per contraction step are its rows plus its columns while its multiply-adds are their
 * product; on lavapipe the loads are half the time or more, and a bigger block spends less on
 * them. Large matmuls (SHARED_LONG_CONTRACTION) take 32 rows (SHARED_ROWS) and, from 512 columns,
 * two column quads per invocation (64 columns): lavapipe, 2 cores, same runs, against 16 rows by
 * one quad: 1024^3 1.3x, 4096^3 1.5x, the benchmark MLP's matmuls at batch 128 and 1024
 * 1.1-1.3x (bench/RESULTS.md). Larger blocks measured no better (48 rows: 53 against 52 GFLOP/s at
 * 1024^3, compiling for twice as long) or slower (64 rows, 4 quads, or 8 contraction steps
 * unrolled instead of 4): the accumulators already live on the stack, and the unrolled loop grows
 * with the block.
 */
export function subgroupVariant(g: MatmulGeometry, general: MatmulVariant): MatmulVariant | null {
  // A short contraction (xor's layers) gains little next to the epilogue; the variant would only
  // make the bundle larger.
  const K = fixedSize(g.kDims);
  if (K !== null && K < MIN_SHARED_CONTRACTION) return null;
  // Rows layout: every lane reads the same columns; they are spread over the lanes instead.
  if (general.layout === 'rows') return { ...general, WG: SUBGROUP, shared: true };
  const M = fixedSize(g.mDims);
  if (M !== null && M < 2 * SUBGROUP) return null;
  const P = fixedSize(g.pDims);
  const rowsFirst = P !== null && P >= ROWS_FIRST_COLUMNS;
  // Larger blocks for large matmuls only (and not where a block of SHARED_ROWS would be mostly
  // padding): in small ones the dispatch costs more than the loads, and the longer code makes the
  // bundle larger for nothing.
  const large = K !== null ? K >= SHARED_LONG_CONTRACTION : M !== null && P !== null && M * P >= SHARED_LARGE_OUTPUT;
  const R = large && !(M !== null && M < 2 * SHARED_ROWS) ? SHARED_ROWS : 2 * SUBGROUP;
  const CQ = large && P !== null && P >= SHARED_TWO_QUADS ? 2 : 1;
  return { ...general, R, WG: SUBGROUP, CQ, shared: true, ...(rowsFirst ? { rowsFirst } : {}) };
}

/**
 * A matmul is large enough for the subgroup form's larger blocks with a contraction of this many
 * steps or more, or, where the contraction is symbolic (a weight gradient's batch), an output of
 * SHARED_LARGE_OUTPUT values or more. At the examples' sizes (contractions of 20-128 steps, a few
 * thousand outputs) 32-row blocks measured 1.05-1.35x in noisy runs, each dispatch lasting tens of
 * microseconds, and made their bundles 6-13% larger (gzip).
 */
export const SHARED_LONG_CONTRACTION = 256;
export const SHARED_LARGE_OUTPUT = 32768;

/**
 * The subgroup form for small batches: where the rows are one symbolic dimension (a batch) and the
 * subgroup form takes SHARED_ROWS of them, a form of 16 rows by one column quad for batches up to
 * SHARED_SMALL_BATCH (runtime condition `{ subgroupSize: 8, dim, atMost }`), since a block of 32
 * rows computes the rows that do not exist too: the benchmark MLP's prediction at batch 4-16 took
 * 1.2 ms with 32-row blocks against 0.7-0.85 ms with 16 (lavapipe, same process); at 24 rows 32
 * were faster.
 */
export function smallBatchSubgroupVariant(g: MatmulGeometry, shared: MatmulVariant): { variant: MatmulVariant; when: { subgroupSize: number; dim: string; atMost: number } } | null {
  const dim = batchRows(g);
  if (shared.layout !== 'cols' || shared.R <= 2 * SUBGROUP || dim === null) return null;
  return { variant: { ...shared, R: 2 * SUBGROUP, CQ: 1 }, when: { subgroupSize: SUBGROUP, dim, atMost: SHARED_SMALL_BATCH } };
}

/** Rows per workgroup of the subgroup form (cols layout) in large matmuls. */
export const SHARED_ROWS = 4 * SUBGROUP;
/** Batches up to this many rows take the 16-row subgroup form (smallBatchSubgroupVariant). */
export const SHARED_SMALL_BATCH = 16;
/** From this many columns each invocation of the subgroup form takes two column quads. */
export const SHARED_TWO_QUADS = 512;

/**
 * From this many output columns (B's rows 4 KB apart) the subgroup form walks down the row blocks
 * first. Each workgroup reads a strip of B (64 columns, the whole contraction) and a block of A (32
 * rows); walking the columns first streams all of B once per row block, walking the rows first
 * all of A once per column strip: half the traffic (strips are twice as wide as blocks are tall),
 * and each strip stays in a core's cache while the row blocks use it. Measured on lavapipe (2
 * cores, same runs) with blocks of 16 rows by 32 columns: 1024^3 1.2-1.45x, 4096^3 1.8x,
 * matmul_tn 784x1024x1024 1.4-1.7x; at 256 columns, where all of B fits in a core's cache, no
 * better (within noise either way). With the larger blocks, 1024^3 on a faster 2-core machine: the
 * same either way (50.6 and 51.3 GFLOP/s).
 */
export const ROWS_FIRST_COLUMNS = 1024;

/**
 * GPU forms (runtime condition `{ gpu: true }`, hardware adapters only). The general kernel gives
 * a GPU too few invocations for a training-size matmul: [128, 784] @ [784, 256] is 16 workgroups
 * of 32, each looping over all 784 steps of the contraction, on a GPU that holds hundreds of
 * thousands of invocations. Where the general blocks leave fewer than GPU_THREADS / 8
 * invocations, the GPU form takes smaller blocks (4 rows, one column quad); either way it splits
 * the contraction over up to 8 slices of invocations (KS) to come near GPU_THREADS. Measured on an
 * H100 (bench/RESULTS.md): that matmul 92 -> 18 us, its input gradient 214 -> 69 us, the
 * classifier layer 98 -> 31 us.
 */
const GPU_THREADS = 1 << 17;
/** Workgroup memory a GPU form may use for merging slices: WebGPU's guaranteed minimum. */
const GPU_SHARED_BYTES = 16384;
/** A symbolic row count up to this many rows gets a GPU form of its own (more slices). */
export const GPU_SMALL_BATCH = 256;

export function gpuForm(g: MatmulGeometry, general: MatmulVariant, rows: number, stats: boolean): MatmulVariant {
  const K = fixedSize(g.kDims);
  const P = fixedSize(g.pDims) ?? 1024;
  const pow2 = (x: number) => 2 ** Math.floor(Math.log2(Math.max(1, x)));
  const slices = (threads: number, WG: number, accs: number) => {
    let KS = Math.min(8, pow2(GPU_THREADS / threads), Math.floor(256 / WG));
    while (KS > 1 && (KS - 1) * accs * WG * 16 > GPU_SHARED_BYTES) KS /= 2;
    while (KS > 1 && K !== null && K / KS < 32) KS /= 2;
    return KS;
  };
  if (general.layout === 'rows') {
    const WG = 32;
    return { ...general, WG, KS: slices(rows, WG, general.CQ) };
  }
  const threadsOf = (R: number, CQ: number) => Math.ceil(rows / R) * Math.ceil(P / (4 * CQ));
  // Column statistics are written per tile of STAT_TILE rows, which one invocation must hold.
  const base = threadsOf(general.R, general.CQ) >= GPU_THREADS / 8 ? general : { ...general, R: stats ? 8 : 4, WG: 32, CQ: 1 };
  const aVec4 = g.transA ? general.aVec4 && base.R % 4 === 0 : general.aVec4;
  return { ...base, aVec4, KS: slices(threadsOf(base.R, base.CQ), base.WG, base.R * base.CQ) };
}

const sameForm = (a: MatmulVariant, b: MatmulVariant) => a.layout === b.layout && a.R === b.R && a.WG === b.WG && a.CQ === b.CQ && (a.KS ?? 1) === (b.KS ?? 1) && a.aVec4 === b.aVec4 && a.bVec4 === b.bVec4;

/**
 * Tiled forms (workgroup-memory staging, see tiledMain) for large matmuls on GPUs, by the number of
 * output blocks and whether the kernel writes column statistics (an invocation must then hold a
 * whole tile of STAT_TILE rows):
 * - `narrow`: 32 x 64 outputs per workgroup of 64 invocations, 4 rows by 8 columns each: more
 *   invocations for a 1024-wide output than 8 x 8 each gives, to hide memory latency;
 * - `small`: 64 x 64 per workgroup of 64, 8 x 8 each (with column statistics);
 * - `large`: 64 x 128 per workgroup of 64, 8 x 16 each (half the workgroup-memory reads per
 *   multiply-add of 8 x 8), where the output has enough blocks to fill the GPU many times over.
 *
 * Measured on an H100 (bench/matmul-sweep.ts, bench/RESULTS.md, TFLOP/s): 1024³ register form 21,
 * narrow 27, small 19; 4096³ register 6, small 28, large 34; a 784 x 256 weight gradient at batch
 * 1024: register 16, narrow 8 (100 blocks cannot fill the GPU), so the register form stays below
 * NARROW_BLOCKS blocks. A column operand read transposed is strided in the register form (1024³ by
 * a transposed weight: register 8-11, small 12-18, narrow 22).
 */
export const TILES = {
  narrow: { tile: { rows: 32, cols: 64, depth: 16 }, R: 4, CQ: 2 },
  small: { tile: { rows: 64, cols: 64, depth: 16 }, R: 8, CQ: 2 },
  large: { tile: { rows: 64, cols: 128, depth: 16 }, R: 8, CQ: 4 },
} as const satisfies Record<string, { tile: Tile; R: number; CQ: number }>;
/** A dimension's size assumed for a symbolic one (a batch) past the GPU forms' small-batch bound. */
const LARGE_BATCH = 1024;
/** Each of the output's sides and the contraction must be at least this long for a tiled form. */
export const MIN_TILED = 128;
/** A column operand of more elements than this (16 MB) is tiled. */
const TILED_OPERAND = 1 << 22;
/** A transposed column operand is tiled from this many 64 x 64 blocks of output. */
const TILED_TRANSPOSED_BLOCKS = 128;
/** Without column statistics, any matmul is tiled (narrow) from this many 32 x 64 blocks. */
const NARROW_BLOCKS = 256;
/** The large tile from this many 128 x 128 blocks (an H100 has 132 multiprocessors). */
const LARGE_TILES = 256;

/** The tiled form of a cols-layout matmul with `tile` and R rows by CQ column quads per invocation, its vec4 loads those of the general form (the bindings are shared). */
export function tiledVariant(general: MatmulVariant, tile: Tile, R = 8, CQ = 2): MatmulVariant {
  return { layout: 'tiled', R, CQ, WG: (tile.rows / R) * (tile.cols / (4 * CQ)), aVec4: general.aVec4, bVec4: general.bVec4, tile };
}

function tiledForm(g: MatmulGeometry, general: MatmulVariant, stats: boolean): MatmulVariant | null {
  if (general.layout !== 'cols') return null;
  const size = (dims: readonly Dim[]) => fixedSize(dims) ?? LARGE_BATCH;
  const [M, K, P] = [size(g.mDims), size(g.kDims), size(g.pDims)];
  if (M < MIN_TILED || K < MIN_TILED || P < MIN_TILED) return null;
  const blocks = (rows: number, cols: number) => Math.ceil(M / rows) * Math.ceil(P / cols);
  const pick = (t: (typeof TILES)[keyof typeof TILES]) => tiledVariant(general, t.tile, t.R, t.CQ);
  const fits = stats ? TILES.small : TILES.narrow;
  if (K * P > TILED_OPERAND) return pick(blocks(128, 128) >= LARGE_TILES ? TILES.large : fits);
  if (!stats && blocks(32, 64) >= NARROW_BLOCKS) return pick(TILES.narrow);
  if (g.transB && blocks(64, 64) >= TILED_TRANSPOSED_BLOCKS) return pick(fits);
  return null;
}

/** The one symbolic dimension of `dims`, if that is all they are. */
const batchOf = (dims: readonly Dim[]): string | null => (dims.length === 1 && typeof dims[0] === 'string' ? dims[0] : null);

/**
 * The GPU forms of a matmul, most specific first. Where the rows or the contraction are one
 * symbolic dimension (the batch), batches up to GPU_SMALL_BATCH get a form of their own (register
 * blocks, the contraction split over slices) and larger ones the tiled form where the shape allows
 * it; a fixed shape gets the tiled form where it allows it, else one register-blocked form. None
 * where a form would be the general one.
 */
export function gpuVariants(g: MatmulGeometry, general: MatmulVariant, stats: boolean): { variant: MatmulVariant; when: VariantCondition }[] {
  const M = fixedSize(g.mDims);
  const rowBatch = M === null ? batchOf(g.mDims) : null;
  const kBatch = fixedSize(g.kDims) === null ? batchOf(g.kDims) : null;
  const tiled = tiledForm(g, general, stats);
  const large = gpuForm(g, general, M ?? LARGE_BATCH, stats);
  const forms: { variant: MatmulVariant; when: VariantCondition }[] = [];
  const small = rowBatch ? gpuForm(g, general, 128, stats) : kBatch ? large : null;
  const dim = rowBatch ?? kBatch;
  if (small && dim && (tiled || !sameForm(small, large))) forms.push({ variant: small, when: { gpu: true, dim, atMost: GPU_SMALL_BATCH } });
  // A GPU form that is the general one adds nothing but bundle size (batches past the small
  // form's bound then run the kernel's own form).
  if (tiled) forms.push({ variant: tiled, when: { gpu: true } });
  else if (!sameForm(large, general)) forms.push({ variant: large, when: { gpu: true } });
  return forms;
}

/**
 * Column statistics are written per tile of this many rows, whatever the variant's rows per
 * workgroup (a multiple of it, or every row at once), so a finishing kernel needs no variant.
 */
export const STAT_TILE = 8;

/**
 * Batches up to this many rows use the small-batch variant. Not tuned: the variant reads the column
 * operand once per row where the general kernel reads it once per eight, so it pays off only for
 * the smallest batches.
 */
const SMALL_BATCH = 2;

/**
 * Column statistics computed in the epilogue (cols layout only): `epi` then returns a vec4 of the
 * values to reduce at (row, col), the groups' reductions in order, and each workgroup writes, for
 * every column it owns, the statistics of its rows into each group's `partials` buffer as
 * [tile][word][column]: for 'sum' the sum, for 'moments' the mean and the sum of squared
 * deviations from it (Welford's update over the tile's rows; a finishing kernel merges tiles with
 * Chan's formula). One group per finishing kernel.
 */
export type StatKind = 'sum' | 'moments';
export type ColumnStats = readonly { readonly kinds: readonly StatKind[]; readonly partials: string }[];

export const statWords = (kinds: readonly StatKind[]): number => kinds.reduce((n, k) => n + (k === 'moments' ? 2 : 1), 0);

export interface MatmulSource {
  /** The entry point (after bindings and the `epi` function the caller provides). */
  readonly main: string;
  readonly dispatch: Dispatch;
}

const u = (n: number) => `${n}u`;

/**
 * WGSL for the kernel: `a` and `b` are the operands' binding names (vec4 arrays where the variant
 * says so); `epi` names a function `fn epi(row: u32, col: u32, v: f32)` the caller defines (with
 * column statistics it returns their values; with row ops it may take the row's softmax too: RowOps).
 * `quad`: it is `fn epi(row: u32, col: u32, v: vec4<f32>)` instead, for columns col .. col + 3 (the
 * cols and tiled layouts without statistics; the columns a multiple of 4, so a quad that starts
 * inside the output ends inside it).
 */
export function matmulMain(g: MatmulGeometry, v: MatmulVariant, a: string, b: string, epi = 'epi', stats?: ColumnStats, rowOps?: RowOps, quad = false): MatmulSource {
  const M = productExpr(g.mDims);
  const K = productExpr(g.kDims);
  const P = productExpr(g.pDims);
  const Kf = fixedSize(g.kDims);
  const needTail = !(Kf !== null && Kf % 4 === 0); // the contraction is unrolled by 4
  const mainLoop = !(Kf !== null && Kf < 4);
  if (stats && v.layout === 'rows') throw new Error('internal: column statistics need the cols or tiled layout');
  if (rowOps && v.layout !== 'rows') throw new Error('internal: row ops in the epilogue need the rows layout');
  if (quad && (stats || v.layout === 'rows')) throw new Error('internal: a quad epilogue with column statistics or in the rows layout');
  if (v.layout === 'tiled') return tiledMain(g, v, a, b, epi, M, K, P, stats, quad);
  return v.layout === 'cols'
    ? colsMain(g, v, a, b, epi, M, K, P, needTail, mainLoop, stats, quad)
    : rowsMain(g, v, a, b, epi, M, K, P, needTail, mainLoop, rowOps);
}

/** The entry point's first line; the subgroup forms also take the lane's index in its subgroup. */
const entryPoint = (share: boolean) =>
  `fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>${share ? ', @builtin(subgroup_invocation_id) sid: u32' : ''}) {`;

/**
 * The contraction loop over t: unrolled by 4 (`step(4)`), then a tail one at a time (`step(1)`).
 * With KS slices, slice `slice` runs its own range of whole quads (so vec4 loads stay aligned).
 */
function contraction(step: (n: number) => string[], mainLoop: boolean, needTail: boolean, KS = 1): string[] {
  const L = KS > 1 ? [`  let kc = (K + ${u(4 * KS - 1)}) / ${u(4 * KS)} * 4u;`, '  let kb = min(slice * kc, K);', '  let ke = min(kb + kc, K);', '  var t = kb;'] : ['  var t = 0u;'];
  const end = KS > 1 ? 'ke' : 'K';
  if (mainLoop) L.push(`  for (; t + 4u <= ${end}; t += 4u) {`, ...step(4).map((s) => `    ${s}`), '  }');
  if (needTail) L.push(`  for (; t < ${end}; t += 1u) {`, ...step(1).map((s) => `    ${s}`), '  }');
  return L;
}

/** Declares the workgroup memory in which KS slices merge `accs` (vec4 each, WG lanes). */
function sliceMemory(KS: number, WG: number, accs: number): string[] {
  return KS > 1 ? [`var<workgroup> kparts: array<vec4<f32>, ${(KS - 1) * accs * WG}>;`, ''] : [];
}

/**
 * Slices 1.. hand their partial sums to slice 0 through workgroup memory and stop; slice 0 adds
 * them (in slice order) and goes on to the epilogue. The barrier is reached by every invocation.
 */
function sliceMerge(KS: number, WG: number, accs: readonly string[]): string[] {
  if (KS <= 1) return [];
  const at = (k: string, j: number) => `kparts[(${k} * ${u(accs.length)} + ${u(j)}) * ${u(WG)} + lane]`;
  return [
    '  // Slices 1.. hand their partial sums to slice 0 and stop; slice 0 adds them and runs the epilogue.',
    '  if (slice != 0u) {',
    ...accs.map((x, j) => `    ${at('(slice - 1u)', j)} = ${x};`),
    '  }',
    '  workgroupBarrier();',
    '  if (slice != 0u) { return; }',
    `  for (var k = 0u; k < ${u(KS - 1)}; k++) {`,
    ...accs.map((x, j) => `    ${x} += ${at('k', j)};`),
    '  }',
  ];
}

/**
 * The epilogue by quads: `epi(row, col, quad)` for each of the R x CQ accumulators, quad q's first
 * column `j<q>`, each quad `span` columns after the one before (j0's).
 */
function quadEpilogue(R: number, CQ: number, epi: string, span: number): string[] {
  const rows = [...Array(R).keys()];
  const quads = [...Array(CQ).keys()];
  if (R * CQ <= 4) return rows.flatMap((r) => quads.map((q) => `  if (row0 + ${u(r)} < M && j${q} < P) { ${epi}(row0 + ${u(r)}, j${q}, s${r}_${q}); }`));
  return [
    `  let acc = array<vec4<f32>, ${R * CQ}>(${rows.flatMap((r) => quads.map((q) => `s${r}_${q}`)).join(', ')});`,
    `  for (var e = 0u; e < ${u(R * CQ)}; e++) {`,
    CQ === 1 ? '    let row = row0 + e;' : `    let row = row0 + e / ${u(CQ)};`,
    CQ === 1 ? '    let col = j0;' : `    let col = j0 + e % ${u(CQ)} * ${u(span)};`,
    `    if (row < M && col < P) { ${epi}(row, col, acc[e]); }`,
    '  }',
  ];
}

function colsMain(g: MatmulGeometry, v: MatmulVariant, a: string, b: string, epi: string, M: string, K: string, P: string, needTail: boolean, mainLoop: boolean, stats?: ColumnStats, quad = false): MatmulSource {
  const { R, WG, CQ } = v;
  const KS = v.KS ?? 1;
  const L: string[] = [];
  const rows = [...Array(R).keys()];
  const quads = [...Array(CQ).keys()];
  L.push(...sliceMemory(KS, WG, R * CQ));
  const [rowAxis, colAxis] = v.rowsFirst ? ['x', 'y'] : ['y', 'x'];
  L.push(`// ${R} rows x ${4 * WG * CQ} columns per workgroup; ${R} x ${CQ} vec4 accumulators per invocation${KS > 1 ? `; the contraction split over ${KS} slices of ${WG} invocations` : ''}${v.rowsFirst ? '; workgroups take the row blocks of a column strip in turn' : ''}.`);
  const share = v.shared === true;
  if (share && (WG !== SUBGROUP || R % SUBGROUP !== 0 || R / 4 > SUBGROUP)) throw new Error('internal: shared rows need one subgroup per workgroup and R a multiple of it');
  if (share && KS > 1) throw new Error('internal: the subgroup form has one slice');
  L.push(`@compute @workgroup_size(${WG * KS})`);
  L.push(entryPoint(share));
  L.push(`  let M = ${M};`, `  let K = ${K};`, `  let P = ${P};`);
  L.push(`  let row0 = wid.${rowAxis} * ${u(R)};`);
  if (KS > 1) L.push(`  let lane = lid.x % ${u(WG)};`, `  let slice = lid.x / ${u(WG)};`);
  for (const q of quads) L.push(`  let j${q} = (wid.${colAxis} * ${u(WG * CQ)} + ${u(q * WG)} + ${KS > 1 ? 'lane' : 'lid.x'}) * 4u;`);
  const slots = R / SUBGROUP;
  const Q = R / 4; // row quads (transposed vec4 row operand)
  // Row-operand indices: uniform, or with shared rows this lane's.
  if (share) {
    L.push(`  // Each lane loads the row operand for ${slots > 1 ? `${slots} rows` : 'one row'}; subgroupBroadcast hands them to the others.`);
    for (let i = 0; i < slots; i++) {
      if (!g.transA) L.push(`  let la${i} = min(row0 + ${u(SUBGROUP * i)} + sid, M - 1u) * K;`);
      else if (!v.aVec4) L.push(`  let lc${i} = min(row0 + ${u(SUBGROUP * i)} + sid, M - 1u);`);
      else L.push(`  let ld${i} = (${u(SUBGROUP * i)} + sid) / ${u(Q)};`, `  let lq${i} = min(row0 / 4u + (${u(SUBGROUP * i)} + sid) % ${u(Q)}, M / 4u - 1u);`);
    }
    if (g.transA && v.aVec4 && needTail) L.push(`  let lt = min(row0 / 4u + min(sid, ${u(Q - 1)}), M / 4u - 1u);`);
  } else if (!g.transA) {
    for (const r of rows) L.push(`  let ra${r} = min(row0 + ${u(r)}, M - 1u) * K;`);
  } else if (v.aVec4) {
    for (let q4 = 0; q4 < R / 4; q4++) L.push(`  let rq${q4} = min(row0 / 4u + ${u(q4)}, M / 4u - 1u);`);
  } else {
    for (const r of rows) L.push(`  let rc${r} = min(row0 + ${u(r)}, M - 1u);`);
  }
  // Column-operand indices (per invocation).
  for (const q of quads) {
    if (!g.transB && v.bVec4) L.push(`  let jq${q} = min(j${q} / 4u, P / 4u - 1u);`);
    else for (let c = 0; c < 4; c++) L.push(`  let jc${q}_${c} = min(j${q} + ${u(c)}, P - 1u);`);
    if (g.transB) for (let c = 0; c < 4; c++) L.push(`  let jk${q}_${c} = jc${q}_${c} * K;`);
  }
  for (const r of rows) for (const q of quads) L.push(`  var s${r}_${q} = vec4<f32>(0.0);`);

  /** The A value of row r at contraction offset `t + du` (a WGSL f32 expression), after loads. */
  const step = (n: number): string[] => {
    const S: string[] = [];
    const du = [...Array(n).keys()];
    // A loads.
    const av: string[][] = rows.map(() => []);
    const off = (d: number) => `t${d ? ` + ${u(d)}` : ''}`;
    /** Row r at offset d is component `comp` of lane `lane`'s `my<slot>` (no component: a scalar). */
    const shared = (r: number, d: number, slot: number, lane: number, comp: number | null) => {
      S.push(`let a${r}_${d} = subgroupBroadcast(my${slot}${comp === null ? '' : `[${comp}]`}, ${u(lane)});`);
      av[r]![d] = `a${r}_${d}`;
    };
    if (share) {
      const one = (expr: (d: number) => string) => (n === 4 ? `vec4<f32>(${du.map(expr).join(', ')})` : expr(0));
      if (g.transA && v.aVec4) {
        if (n === 4) {
          for (let i = 0; i < slots; i++) S.push(`let my${i} = ${a}[(t + ld${i}) * (M / 4u) + lq${i}];`);
          for (const d of du) for (const r of rows) shared(r, d, Math.floor((d * Q + (r >> 2)) / SUBGROUP), (d * Q + (r >> 2)) % SUBGROUP, r & 3);
        } else {
          S.push(`let my0 = ${a}[t * (M / 4u) + lt];`);
          for (const r of rows) shared(r, 0, 0, r >> 2, r & 3);
        }
      } else {
        for (let i = 0; i < slots; i++) {
          if (!g.transA && v.aVec4) S.push(`let my${i} = ${a}[(la${i} + t) / 4u];`);
          else if (!g.transA) S.push(`let my${i} = ${one((d) => `${a}[la${i} + ${off(d)}]`)};`);
          else S.push(`let my${i} = ${one((d) => `${a}[(${off(d)}) * M + lc${i}]`)};`);
        }
        for (const d of du) for (const r of rows) shared(r, d, Math.floor(r / SUBGROUP), r % SUBGROUP, n === 4 ? d : null);
      }
    } else if (!g.transA) {
      for (const r of rows) {
        if (v.aVec4 && n === 4) {
          S.push(`let a${r} = ${a}[(ra${r} + t) / 4u];`);
          for (const d of du) av[r]![d] = `a${r}[${d}]`;
        } else {
          for (const d of du) {
            S.push(`let a${r}_${d} = ${a}[ra${r} + t${d ? ` + ${u(d)}` : ''}];`);
            av[r]![d] = `a${r}_${d}`;
          }
        }
      }
    } else {
      for (const d of du) {
        if (v.aVec4) {
          for (let q4 = 0; q4 < R / 4; q4++) {
            S.push(`let a${q4}_${d} = ${a}[(t${d ? ` + ${u(d)}` : ''}) * (M / 4u) + rq${q4}];`);
            for (let e = 0; e < 4; e++) av[q4 * 4 + e]![d] = `a${q4}_${d}[${e}]`;
          }
        } else {
          for (const r of rows) {
            S.push(`let a${r}_${d} = ${a}[(t${d ? ` + ${u(d)}` : ''}) * M + rc${r}];`);
            av[r]![d] = `a${r}_${d}`;
          }
        }
      }
    }
    // B loads: one vec4 (four columns) per quad and contraction offset.
    const bv: string[][] = quads.map(() => []);
    for (const q of quads) {
      if (!g.transB) {
        for (const d of du) {
          const row = `(t${d ? ` + ${u(d)}` : ''})`;
          if (v.bVec4) S.push(`let b${q}_${d} = ${b}[${row} * (P / 4u) + jq${q}];`);
          else S.push(`let b${q}_${d} = vec4<f32>(${[0, 1, 2, 3].map((c) => `${b}[${row} * P + jc${q}_${c}]`).join(', ')});`);
          bv[q]![d] = `b${q}_${d}`;
        }
      } else if (v.bVec4 && n === 4) {
        for (let c = 0; c < 4; c++) S.push(`let bt${q}_${c} = ${b}[(jk${q}_${c} + t) / 4u];`);
        for (const d of du) {
          S.push(`let b${q}_${d} = vec4<f32>(bt${q}_0[${d}], bt${q}_1[${d}], bt${q}_2[${d}], bt${q}_3[${d}]);`);
          bv[q]![d] = `b${q}_${d}`;
        }
      } else {
        for (const d of du) {
          const off = `t${d ? ` + ${u(d)}` : ''}`;
          S.push(`let b${q}_${d} = vec4<f32>(${[0, 1, 2, 3].map((c) => `${b}[jk${q}_${c} + ${off}]`).join(', ')});`);
          bv[q]![d] = `b${q}_${d}`;
        }
      }
    }
    // Each accumulator's steps one after the other, not each step over all accumulators: llvmpipe
    // keeps most accumulators on the stack, and this order loads and stores each once per unrolled
    // group instead of once per step (the benchmark MLP's first layer on lavapipe: 1.2-1.37x). The
    // additions into each accumulator keep their order, so the sums are the same.
    for (const r of rows) for (const q of quads) for (const d of du) S.push(`s${r}_${q} += ${av[r]![d]} * ${bv[q]![d]};`);
    return S;
  };
  if (needTail) {
    if (v.aVec4 && !g.transA) throw new Error('internal: vec4 rows need a contraction that is a multiple of 4');
    if (g.transB && v.bVec4) throw new Error('internal: vec4 transposed columns need a contraction that is a multiple of 4');
  }
  L.push(...contraction(step, mainLoop, needTail, KS));
  L.push(...sliceMerge(KS, WG, rows.flatMap((r) => quads.map((q) => `s${r}_${q}`))));
  if (stats) {
    L.push(...statsEpilogue(v, epi, stats));
  } else if (quad) {
    L.push(...quadEpilogue(R, CQ, epi, WG * 4));
  } else if (R * CQ * 4 <= 16) {
    for (const r of rows) {
      for (const q of quads) {
        for (let c = 0; c < 4; c++) {
          L.push(`  if (row0 + ${u(r)} < M && j${q} + ${u(c)} < P) { ${epi}(row0 + ${u(r)}, j${q} + ${u(c)}, s${r}_${q}[${c}]); }`);
        }
      }
    }
  } else {
    // One call site for the epilogue (a loop over the accumulators) keeps the shader small.
    L.push(`  let acc = array<vec4<f32>, ${R * CQ}>(${rows.flatMap((r) => quads.map((q) => `s${r}_${q}`)).join(', ')});`);
    L.push(`  for (var e = 0u; e < ${u(R * CQ * 4)}; e++) {`);
    L.push(`    let r = e / ${u(CQ * 4)};`, `    let q = (e / 4u) % ${u(CQ)};`, '    let c = e % 4u;');
    L.push(`    let row = row0 + r;`, `    let col = j0 + q * ${u(WG * 4)} + c;`);
    L.push(`    if (row < M && col < P) { ${epi}(row, col, acc[r * ${u(CQ)} + q][c]); }`);
    L.push('  }');
  }
  L.push('}');
  return {
    main: L.join('\n') + '\n',
    dispatch: {
      kind: 'grid',
      ...(v.rowsFirst ? { x: { dims: g.mDims, per: R }, y: { dims: g.pDims, per: 4 * WG * CQ } } : { x: { dims: g.pDims, per: 4 * WG * CQ }, y: { dims: g.mDims, per: R } }),
      z: { dims: [], per: 1 },
    },
  };
}

/**
 * The tiled form (GPU forms of large matmuls): each workgroup owns a block of tile.rows x
 * tile.cols outputs, each invocation R rows by CQ column quads of it (R x CQ vec4 accumulators).
 * The contraction runs in slabs of tile.depth steps: the workgroup copies the slab of each
 * operand that its block needs into workgroup memory (every value loaded from device memory once
 * per workgroup, not once per invocation), and every invocation reads its rows and columns from
 * there. The next slab's loads are issued into registers before the current slab is computed, so
 * their latency hides behind the arithmetic. Loads clamp their indices into the operands; steps
 * past the contraction's end load zeros. Every invocation reaches both barriers of every slab (the
 * slab count is uniform); the epilogue is guarded.
 *
 * Workgroup memory holds A's slab as [step][row] and B's as [step][column], vec4s along the rows
 * and columns, so an invocation's R rows are R/4 vec4 reads and its quads one each; an
 * invocation's quads are tile.cols/CQ columns apart, so neighbouring invocations read
 * neighbouring vec4s.
 */
function tiledMain(g: MatmulGeometry, v: MatmulVariant, a: string, b: string, epi: string, M: string, K: string, P: string, stats?: ColumnStats, quad = false): MatmulSource {
  const t = v.tile;
  if (!t) throw new Error('internal: a tiled form without a tile');
  const { R, CQ, WG } = v;
  const TX = t.cols / (4 * CQ); // invocations across the block's columns
  if (R % 4 !== 0 || t.rows % R !== 0 || t.cols % (4 * CQ) !== 0 || (t.rows / R) * TX !== WG || t.depth % 4 !== 0) throw new Error('internal: tile, rows per invocation and workgroup size disagree');
  if (stats && R % STAT_TILE !== 0) throw new Error('internal: column statistics need whole row tiles per invocation');
  const BM4 = t.rows / 4;
  const BN4 = t.cols / 4;
  const BK = t.depth;
  const rows = [...Array(R).keys()];
  const quads = [...Array(CQ).keys()];
  const L: string[] = [];
  L.push(`var<workgroup> tileA: array<vec4<f32>, ${BK * BM4}>; // [step][row quad]`);
  L.push(`var<workgroup> tileB: array<vec4<f32>, ${BK * BN4}>; // [step][column quad]`, '');
  L.push(`// ${t.rows} rows x ${t.cols} columns per workgroup, staged through workgroup memory ${BK} contraction steps at a time; ${R} x ${CQ} vec4 accumulators per invocation.`);
  L.push(`@compute @workgroup_size(${WG})`);
  L.push(entryPoint(false));
  L.push(`  let M = ${M};`, `  let K = ${K};`, `  let P = ${P};`);
  L.push(`  let tileRow = wid.y * ${u(t.rows)};`, `  let tileCol = wid.x * ${u(t.cols)};`);
  L.push(`  let tx = lid.x % ${u(TX)};`, `  let ty = lid.x / ${u(TX)};`);
  L.push(`  let row0 = tileRow + ty * ${u(R)};`);
  for (const q of quads) L.push(`  let j${q} = tileCol + ${u(q * (t.cols / CQ))} + tx * 4u;`);
  for (const r of rows) for (const q of quads) L.push(`  var s${r}_${q} = vec4<f32>(0.0);`);

  // The copy of one slab (steps k0 .. k0 + BK) into registers, then into workgroup memory. Each
  // operand's slab is split into items (a vec4 where the layout allows, else a scalar): item
  // lid.x + i * WG of operand p ('a' or 'b') is register r<p><i>, at block row or column <p><x><i>
  // (x: m for A's rows, n for B's columns) and slab step <p>k<i>, the same in every slab.
  const pre: string[] = [];
  const regs: string[] = [];
  const loads: ((k: string) => string)[] = [];
  const stores: string[] = [];
  const items = (n: number) => Math.ceil(n / WG);
  const guard = (n: number, i: number, body: string[]): string[] => ((i + 1) * WG > n ? [`if (lid.x + ${u(i * WG)} < ${u(n)}) {`, ...body.map((l) => `  ${l}`), '}'] : body);
  /** Item i's place in a slab of `per` items per line: [line, item in the line] as WGSL expressions. */
  const place = (i: number, per: number) => [`(lid.x + ${u(i * WG)}) / ${u(per)}`, `(lid.x + ${u(i * WG)}) % ${u(per)}`];
  // Stores of a register into a [step][vec4] array at a scalar position, or of each of a vec4's
  // components into consecutive steps (a vec4 read along the contraction, stored across it).
  const scalarAt = (arr: string, W4: number, step: string, pos: string, val: string) => `${arr}[${step} * ${u(W4)} + ${pos} / 4u][${pos} % 4u] = ${val};`;
  const spread = (arr: string, W4: number, step: string, pos: string, reg: string) => [0, 1, 2, 3].map((c) => scalarAt(arr, W4, `(${step} + ${u(c)})`, pos, `${reg}[${c}]`));
  /**
   * One operand's items. `alongK`: stored with the contraction contiguous (A as [M, K], B
   * transposed as [P, K]), an item is a row's (column's) vec4 or scalar of steps, steps varying
   * fastest; otherwise (A transposed as [K, M], B as [K, P]) a step's vec4 or scalar of rows
   * (columns), those varying fastest. Either way neighbouring invocations load neighbouring values.
   */
  const stage = (p: 'a' | 'b', buf: string, vec: boolean, alongK: boolean, side: { x: 'm' | 'n'; len: number; arr: string; start: string; extent: string }): void => {
    const W4 = side.len / 4;
    const per = alongK ? (vec ? BK / 4 : BK) : vec ? W4 : side.len;
    const n = (alongK ? side.len : BK) * per;
    const zero = vec ? 'vec4<f32>(0.0)' : '0.0';
    for (let i = 0; i < items(n); i++) {
      const [x, k, reg] = [`${p}${side.x}${i}`, `${p}k${i}`, `r${p}${i}`];
      const [line, item] = place(i, per);
      const inK = (k0: string) => `${k0} + ${k} < K`;
      regs.push(`var ${reg}: ${vec ? 'vec4<f32>' : 'f32'};`);
      if (alongK) {
        const r = `${p}r${i}`;
        pre.push(`let ${x} = ${line};`, `let ${k} = ${item}${vec ? ' * 4u' : ''};`, `let ${r} = min(${side.start} + ${x}, ${side.extent} - 1u) * K;`);
        loads.push((k0) => `${reg} = select(${zero}, ${buf}[${vec ? `(${r} + min(${k0} + ${k}, K - 4u)) / 4u` : `${r} + min(${k0} + ${k}, K - 1u)`}], ${inK(k0)});`);
        stores.push(...guard(n, i, vec ? spread(side.arr, W4, k, x, reg) : [scalarAt(side.arr, W4, k, x, reg)]));
      } else {
        const c = `${p}c${i}`;
        pre.push(`let ${x} = ${item};`, `let ${k} = ${line};`);
        pre.push(vec ? `let ${c} = min(${side.start} / 4u + ${x}, ${side.extent} / 4u - 1u);` : `let ${c} = min(${side.start} + ${x}, ${side.extent} - 1u);`);
        loads.push((k0) => `${reg} = select(${zero}, ${buf}[min(${k0} + ${k}, K - 1u) * ${vec ? `(${side.extent} / 4u)` : side.extent} + ${c}], ${inK(k0)});`);
        stores.push(...guard(n, i, [vec ? `${side.arr}[${k} * ${u(W4)} + ${x}] = ${reg};` : scalarAt(side.arr, W4, k, x, reg)]));
      }
    }
  };
  stage('a', a, v.aVec4, !g.transA, { x: 'm', len: t.rows, arr: 'tileA', start: 'tileRow', extent: 'M' });
  stage('b', b, v.bVec4, g.transB, { x: 'n', len: t.cols, arr: 'tileB', start: 'tileCol', extent: 'P' });
  L.push(...pre.map((l) => `  ${l}`));
  L.push(...regs.map((r) => `  ${r}`));
  L.push(...loads.map((f) => `  ${f('0u')}`));
  L.push(`  for (var k0 = 0u; k0 < K; k0 += ${u(BK)}) {`);
  L.push('    // This slab, from registers into workgroup memory.');
  L.push(...stores.map((l) => `    ${l}`));
  L.push('    workgroupBarrier();');
  L.push("    // The next slab's loads, in flight while this one is computed.");
  L.push(...loads.map((f) => `    ${f(`k0 + ${u(BK)}`)}`));
  L.push(`    for (var k = 0u; k < ${u(BK)}; k++) {`);
  for (let i = 0; i < R / 4; i++) L.push(`      let a${i} = tileA[k * ${u(BM4)} + ty * ${u(R / 4)} + ${u(i)}];`);
  for (const q of quads) L.push(`      let b${q} = tileB[k * ${u(BN4)} + ${u(q * TX)} + tx];`);
  for (const r of rows) for (const q of quads) L.push(`      s${r}_${q} += a${r >> 2}[${r & 3}] * b${q};`);
  L.push('    }');
  L.push('    workgroupBarrier();');
  L.push('  }');
  if (stats) {
    L.push(...statsEpilogue(v, epi, stats));
  } else if (quad) {
    L.push(...quadEpilogue(R, CQ, epi, t.cols / CQ));
  } else {
    L.push(`  let acc = array<vec4<f32>, ${R * CQ}>(${rows.flatMap((r) => quads.map((q) => `s${r}_${q}`)).join(', ')});`);
    L.push(`  for (var e = 0u; e < ${u(R * CQ * 4)}; e++) {`);
    L.push(`    let r = e / ${u(CQ * 4)};`, `    let q = (e / 4u) % ${u(CQ)};`, '    let c = e % 4u;');
    L.push('    let row = row0 + r;', `    let col = j0 + q * ${u(t.cols / CQ)} + c;`);
    L.push(`    if (row < M && col < P) { ${epi}(row, col, acc[r * ${u(CQ)} + q][c]); }`);
    L.push('  }');
  }
  L.push('}');
  return {
    main: L.join('\n') + '\n',
    dispatch: { kind: 'grid', x: { dims: g.pDims, per: t.cols }, y: { dims: g.mDims, per: t.rows }, z: { dims: [], per: 1 } },
  };
}

/**
 * The epilogue loop of a cols kernel that also reduces its rows per column (see ColumnStats): the
 * statistics of each STAT_TILE rows are written when the tile's last row (or the last row) is in.
 */
function statsEpilogue(v: MatmulVariant, epi: string, stats: ColumnStats): string[] {
  const { R, CQ } = v;
  const slots = [...Array(CQ * 4).keys()];
  const kinds = stats.flatMap((g) => g.kinds);
  const L: string[] = [];
  L.push(`  // Statistics of each ${STAT_TILE} rows for each column of this invocation: ${kinds.map((k) => (k === 'sum' ? 'a sum' : 'mean and squared deviations')).join(', ')}.`);
  L.push(`  let acc = array<vec4<f32>, ${R * CQ}>(${[...Array(R).keys()].flatMap((r) => [...Array(CQ).keys()].map((q) => `s${r}_${q}`)).join(', ')});`);
  L.push('  var n = 0.0;');
  const reset: string[] = ['n = 0.0;'];
  kinds.forEach((k, j) => {
    for (const s of slots) {
      const vars = k === 'sum' ? [`sum${j}_${s}`] : [`mu${j}_${s}`, `m2${j}_${s}`];
      L.push(...vars.map((x) => `  var ${x} = 0.0;`));
      reset.push(...vars.map((x) => `${x} = 0.0;`));
    }
  });
  // The bound, not a `break` at the last row: on lavapipe a loop that may break compiled 10x slower.
  L.push(`  let rows = min(${u(R)}, M - row0);`, '  for (var r = 0u; r < rows; r++) {', '    let row = row0 + r;', '    n = n + 1.0;');
  for (const s of slots) {
    const q = Math.floor(s / 4);
    const c = s % 4;
    L.push(`    if (j${q} + ${u(c)} < P) {`, `      let x = ${epi}(row, j${q} + ${u(c)}, acc[r * ${u(CQ)} + ${u(q)}][${c}]);`);
    kinds.forEach((k, j) => {
      if (k === 'sum') L.push(`      sum${j}_${s} = sum${j}_${s} + x[${j}];`);
      else L.push(`      let d${j} = x[${j}] - mu${j}_${s};`, `      mu${j}_${s} = mu${j}_${s} + d${j} / n;`, `      m2${j}_${s} = m2${j}_${s} + d${j} * (x[${j}] - mu${j}_${s});`);
    });
    L.push('    }');
  }
  L.push(`    if (r % ${u(STAT_TILE)} == ${u(STAT_TILE - 1)} || row + 1u == M) {`, `      let tile = row / ${u(STAT_TILE)};`);
  for (const s of slots) {
    const q = Math.floor(s / 4);
    const c = s % 4;
    const writes: string[] = [];
    let j = 0;
    for (const g of stats) {
      const W = statWords(g.kinds);
      const at = (w: number) => `${g.partials}[(tile * ${u(W)} + ${u(w)}) * P + j${q} + ${u(c)}]`;
      let w = 0;
      for (const k of g.kinds) {
        if (k === 'sum') writes.push(`${at(w++)} = sum${j}_${s};`);
        else writes.push(`${at(w++)} = mu${j}_${s};`, `${at(w++)} = m2${j}_${s};`);
        j++;
      }
    }
    L.push(`      if (j${q} + ${u(c)} < P) {`, ...writes.map((x) => `        ${x}`), '      }');
  }
  L.push(...reset.map((x) => `      ${x}`), '    }', '  }');
  return L;
}

/**
 * Row ops over each output row in the epilogue of a rows-layout kernel (fusion rule 3c), all of
 * the same input: `input` names a function `fn input(row: u32, col: u32, v: f32) -> f32` giving
 * it at an output element. With `softmax` the epilogue function takes the softmax's value too:
 * `epi(row, col, v, sm)`. Ops with one value per row (softmax_ce, whose target at an element is
 * `fn target(row: u32, col: u32) -> f32`, and argmax) hand their values to
 * `fn row(row: u32, ce: f32, am: f32)` (those present, in that order), once per row.
 */
export interface RowOps {
  readonly input: string;
  readonly softmax: boolean;
  readonly ce?: { readonly target: string };
  /** argmax of the input (`z`) or of the softmax's values (`softmax`, the same values epi receives). */
  readonly argmax?: 'z' | 'softmax';
  readonly row?: string;
}

function rowsMain(g: MatmulGeometry, v: MatmulVariant, a: string, b: string, epi: string, M: string, K: string, P: string, needTail: boolean, mainLoop: boolean, ops?: RowOps): MatmulSource {
  const { WG, CQ } = v;
  const KS = v.KS ?? 1;
  const Pf = fixedSize(g.pDims)!;
  const quads = [...Array(CQ).keys()];
  const L: string[] = [...sliceMemory(KS, WG, CQ)];
  const share = v.shared === true;
  if (share && WG !== SUBGROUP) throw new Error('internal: shared columns need one subgroup per workgroup');
  if (share && KS > 1) throw new Error('internal: the subgroup form has one slice');
  // Shared: the column operand's loads of one step, as items (a vec4 each) spread over the lanes.
  // Item e: transposed vec4 operand, column e (a vec4 over the step's offsets); otherwise quad
  // e % CQ at offset e / CQ (a vec4 over the quad's columns).
  const trans4 = g.transB && v.bVec4;
  const items = (n: number) => (trans4 ? 4 * CQ : n * CQ);
  const slots = (n: number) => Math.ceil(items(n) / SUBGROUP);
  L.push(`// One row per invocation, all ${Pf} columns in ${CQ} vec4 accumulators${KS > 1 ? `; the contraction split over ${KS} slices of ${WG} invocations` : ''}.`);
  L.push(`@compute @workgroup_size(${WG * KS})`);
  L.push(entryPoint(share));
  L.push(`  let M = ${M};`, `  let K = ${K};`, `  let P = ${P};`);
  if (KS > 1) L.push(`  let lane = lid.x % ${u(WG)};`, `  let slice = lid.x / ${u(WG)};`);
  L.push(`  let i = wid.x * ${u(WG)} + ${KS > 1 ? 'lane' : 'lid.x'};`);
  L.push('  let ic = min(i, M - 1u);');
  if (!g.transA) L.push('  let ra = ic * K;');
  if (share) {
    L.push('  // The column operand of each step is loaded once, spread over the lanes; subgroupBroadcast hands it out.');
    if (mainLoop) for (let j = 0; j < slots(4); j++) L.push(`  let be${j} = min(${u(SUBGROUP * j)} + sid, ${u(items(4) - 1)});`);
    if (needTail) L.push(`  let bt = min(sid, ${u(CQ - 1)});`);
  }
  for (const q of quads) L.push(`  var s${q} = vec4<f32>(0.0);`);
  const col = (q: number, c: number) => Math.min(4 * q + c, Pf - 1);
  /** This lane's item: its quad, and its contraction offset (WGSL expressions). */
  const laneItem = (n: number, j: number) => (n === 4 ? { q: `(be${j} % ${u(CQ)})`, d: `(be${j} / ${u(CQ)})` } : { q: 'bt', d: '0u' });
  const sharedLoads = (n: number): string[] => {
    const S: string[] = [];
    for (let j = 0; j < slots(n); j++) {
      const { q, d } = laneItem(n, j);
      const row = `(t + ${d})`;
      const cols = [0, 1, 2, 3].map((c) => `min(4u * ${q} + ${u(c)}, ${u(Pf - 1)})`);
      if (trans4) S.push(`let mb${j} = ${b}[(min(be${j}, ${u(Pf - 1)}) * K + t) / 4u];`);
      else if (!g.transB && v.bVec4) S.push(`let mb${j} = ${b}[${row} * ${u(Pf / 4)} + ${q}];`);
      else if (!g.transB) S.push(`let mb${j} = vec4<f32>(${cols.map((c) => `${b}[${row} * P + ${c}]`).join(', ')});`);
      else S.push(`let mb${j} = vec4<f32>(${cols.map((c) => `${b}[${c} * K + ${row}]`).join(', ')});`);
    }
    for (const q of quads) {
      for (let d = 0; d < n; d++) {
        if (trans4) {
          const parts = [0, 1, 2, 3].map((c) => `subgroupBroadcast(mb${Math.floor((4 * q + c) / SUBGROUP)}[${d}], ${u((4 * q + c) % SUBGROUP)})`);
          S.push(`let b${q}_${d} = vec4<f32>(${parts.join(', ')});`);
        } else {
          const e = d * CQ + q;
          S.push(`let b${q}_${d} = subgroupBroadcast(mb${Math.floor(e / SUBGROUP)}, ${u(e % SUBGROUP)});`);
        }
      }
    }
    return S;
  };
  const step = (n: number): string[] => {
    const S: string[] = [];
    const du = [...Array(n).keys()];
    const av: string[] = [];
    if (!g.transA) {
      if (v.aVec4 && n === 4) {
        S.push(`let a = ${a}[(ra + t) / 4u];`);
        for (const d of du) av[d] = `a[${d}]`;
      } else {
        for (const d of du) {
          S.push(`let a_${d} = ${a}[ra + t${d ? ` + ${u(d)}` : ''}];`);
          av[d] = `a_${d}`;
        }
      }
    } else {
      for (const d of du) {
        S.push(`let a_${d} = ${a}[(t${d ? ` + ${u(d)}` : ''}) * M + ic];`);
        av[d] = `a_${d}`;
      }
    }
    if (share) S.push(...sharedLoads(n));
    else for (const q of quads) {
      if (!g.transB) {
        for (const d of du) {
          const row = `(t${d ? ` + ${u(d)}` : ''})`;
          if (v.bVec4) S.push(`let b${q}_${d} = ${b}[${row} * ${u(Pf / 4)} + ${u(q)}];`);
          else S.push(`let b${q}_${d} = vec4<f32>(${[0, 1, 2, 3].map((c) => `${b}[${row} * P + ${u(col(q, c))}]`).join(', ')});`);
        }
      } else if (v.bVec4 && n === 4) {
        for (let c = 0; c < 4; c++) S.push(`let bt${q}_${c} = ${b}[(${u(col(q, c))} * K + t) / 4u];`);
        for (const d of du) S.push(`let b${q}_${d} = vec4<f32>(bt${q}_0[${d}], bt${q}_1[${d}], bt${q}_2[${d}], bt${q}_3[${d}]);`);
      } else {
        for (const d of du) {
          const off = `t${d ? ` + ${u(d)}` : ''}`;
          S.push(`let b${q}_${d} = vec4<f32>(${[0, 1, 2, 3].map((c) => `${b}[${u(col(q, c))} * K + ${off}]`).join(', ')});`);
        }
      }
    }
    for (const q of quads) for (const d of du) S.push(`s${q} += ${av[d]} * b${q}_${d};`); // each accumulator's steps together (colsMain)
    return S;
  };
  L.push(...contraction(step, mainLoop, needTail, KS));
  L.push(...sliceMerge(KS, WG, quads.map((q) => `s${q}`)));
  L.push('  if (i < M) {');
  const outs = quads.flatMap((q) => [0, 1, 2, 3].filter((c) => 4 * q + c < Pf).map((c) => ({ j: 4 * q + c, acc: `s${q}[${c}]` })));
  if (ops) {
    // The row ops, each in the order its row kernel computes it: the maximum, exp(z - max) and their
    // sum (softmax, softmax_ce), the targets' dot product with z (softmax_ce), the first maximum
    // (argmax, of z or of the softmax's values).
    for (const o of outs) L.push(`    let z${o.j} = ${ops.input}(i, ${u(o.j)}, ${o.acc});`);
    if (ops.softmax || ops.ce) {
      L.push('    var zmax = z0;');
      for (const o of outs.slice(1)) L.push(`    zmax = max(zmax, z${o.j});`);
      for (const o of outs) L.push(`    let ez${o.j} = exp(z${o.j} - zmax);`);
      L.push(`    let zsum = ${outs.map((o) => `ez${o.j}`).join(' + ')};`);
    }
    const rowArgs: string[] = [];
    if (ops.ce) {
      L.push(`    let dot = ${outs.map((o) => `${ops.ce!.target}(i, ${u(o.j)}) * z${o.j}`).join(' + ')};`);
      rowArgs.push('zmax + log(zsum) - dot');
    }
    const p = ops.argmax === 'softmax' ? 'p' : 'z';
    if (p === 'p') for (const o of outs) L.push(`    let p${o.j} = ez${o.j} / zsum;`);
    if (ops.argmax) {
      L.push(`    var best = ${p}0;`, '    var am = 0u;');
      for (const o of outs.slice(1)) L.push(`    if (${p}${o.j} > best) { best = ${p}${o.j}; am = ${u(o.j)}; }`);
      rowArgs.push('f32(am)');
    }
    for (const o of outs) L.push(`    ${epi}(i, ${u(o.j)}, ${o.acc}${ops.softmax ? `, ${p === 'p' ? `p${o.j}` : `ez${o.j} / zsum`}` : ''});`);
    if (rowArgs.length) {
      if (!ops.row) throw new Error('internal: row values without a row function');
      L.push(`    ${ops.row}(i, ${rowArgs.join(', ')});`);
    }
  } else {
    for (const o of outs) L.push(`    ${epi}(i, ${u(o.j)}, ${o.acc});`);
  }
  L.push('  }');
  L.push('}');
  return {
    main: L.join('\n') + '\n',
    dispatch: { kind: 'grid', x: { dims: g.mDims, per: WG }, y: { dims: [], per: 1 }, z: { dims: [], per: 1 } },
  };
}

/** Geometry of a matmul node ([..., K] @ [K, ...]) or matmul_tn node ([L..., K] ⊗ [L..., Q...]). */
export function matmulGeometry(op: 'matmul' | 'matmul_tn', aShape: readonly Dim[], bShape: readonly Dim[], transB: boolean): MatmulGeometry {
  if (op === 'matmul') {
    return { mDims: aShape.slice(0, -1), kDims: aShape.slice(-1), pDims: bShape.slice(1), transA: false, transB };
  }
  const lead = aShape.slice(0, -1);
  return { mDims: aShape.slice(-1), kDims: lead, pDims: bShape.slice(lead.length), transA: true, transB: false };
}
