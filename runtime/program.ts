// The compiled program: what the compiler hands the runtime. Plain JSON-serializable data, so it
// can become a bundle's manifest unchanged. The runtime needs nothing else to run a model.

/** A dimension: a fixed size, or the name of a symbolic dimension bound at run time (e.g. "N"). */
export type Dim = number | string;

export type DType = 'f32' | 'i32';

export type BufferRole =
  | 'input' // written by the caller before a run
  | 'param' // trainable weights, persistent
  | 'state' // persistent non-trainable tensors (BN moving statistics, optimizer state)
  | 'const' // literal tensors baked into the program
  | 'temp'; // intermediate values

export interface BufferSpec {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly Dim[];
  readonly role: BufferRole;
  /** Initial contents (row-major) for `const` buffers. */
  readonly data?: readonly number[];
}

export interface Binding {
  /** The WGSL variable name; bindings are numbered in array order, group 0, after the dims uniform. */
  readonly name: string;
  readonly buffer: string;
  readonly access: 'read' | 'read_write';
}

/**
 * How many workgroups to launch. `linear`: the kernel handles `product(threads)` invocations of
 * a 1-D workgroup of `workgroupSize`; the runtime spreads them over x and y when x would exceed
 * the device limit, and the kernel folds them back (`gid.x + gid.y * num_workgroups.x * size`).
 * `grid`: ceil(product(x.dims)/x.per) by ceil(product(y.dims)/y.per) by z.
 */
export type Dispatch =
  | { readonly kind: 'linear'; readonly threads: readonly Dim[]; readonly workgroupSize: number }
  | {
      readonly kind: 'grid';
      readonly x: { readonly dims: readonly Dim[]; readonly per: number };
      readonly y: { readonly dims: readonly Dim[]; readonly per: number };
      readonly z: { readonly dims: readonly Dim[]; readonly per: number };
    };

/**
 * When a kernel variant applies. `dim`/`atMost`: the symbolic dimension `dim` is bound to at most
 * `atMost` in this run (a matmul at batch 1 splits its columns over more, smaller workgroups rather
 * than computing rows that do not exist). `subgroupSize`: the device has the `subgroups` feature
 * enabled and every subgroup has exactly this many invocations (the WGSL starts with
 * `enable subgroups;`; a device without it never compiles the variant), and, where `dim` and
 * `atMost` are given, that dimension is bound to at most `atMost` as well. `gpu`: the adapter is a
 * hardware GPU, not a CPU implementation of WebGPU (lavapipe, SwiftShader), and, where `dim` and
 * `atMost` are given, that dimension is bound to at most `atMost` as well: forms that spread work
 * over many more invocations and merge them in workgroup memory, which pays on a GPU and costs
 * on a CPU adapter, where every barrier is a switch between coroutines.
 */
export type VariantCondition = BatchBound | ({ readonly subgroupSize: number } & Partial<BatchBound>) | ({ readonly gpu: true } & Partial<BatchBound>);

/** A symbolic dimension bound to at most `atMost` in a run. */
export interface BatchBound {
  readonly dim: string;
  readonly atMost: number;
}

/** The batch bound of a condition, if it has one. */
export function batchBound(w: VariantCondition): BatchBound | null {
  return 'dim' in w && typeof w.dim === 'string' && typeof w.atMost === 'number' ? { dim: w.dim, atMost: w.atMost } : null;
}

/** Another form of a kernel, used instead of the kernel's own when `when` holds. Same bindings, same results. */
export interface KernelVariant {
  readonly when: VariantCondition;
  readonly wgsl: string;
  readonly dispatch: Dispatch;
}

export interface KernelSpec {
  readonly name: string;
  /** IR nodes this kernel implements, for readers and tools. */
  readonly implements: readonly string[];
  readonly wgsl: string;
  readonly entryPoint: string;
  readonly bindings: readonly Binding[];
  readonly dispatch: Dispatch;
  /** Chosen at run time, first match wins; absent: the kernel has one form. */
  readonly variants?: readonly KernelVariant[];
}

/** A program: kernels dispatched in order, from named inputs to named outputs. */
export interface ProgramSpec {
  readonly inputs: readonly { readonly name: string; readonly buffer: string }[];
  readonly outputs: readonly { readonly name: string; readonly buffer: string }[];
  /** Indices into `CompiledModule.kernels`, in dispatch order. */
  readonly steps: readonly number[];
  /**
   * Copies after the last step, in the same submit: new values of persistent buffers (weights,
   * optimizer state, BN statistics, totals). Every step reads the old values first.
   */
  readonly updates?: readonly { readonly from: string; readonly to: string }[];
}

/** What a trainer needs to know about a module's training programs. */
export interface TrainingSpec {
  /** Program inputs: the features (the model's input) and the targets. */
  readonly features: string;
  readonly targets: string;
  /** Scalar state buffers summing per-example figures over train_step runs (reset by the trainer). */
  readonly totals: { readonly loss: string; readonly metrics: readonly { readonly name: string; readonly buffer: string }[] };
  /** The same sums over evaluate runs. */
  readonly evalTotals: { readonly loss: string; readonly metrics: readonly { readonly name: string; readonly buffer: string }[] };
  /** Buffers a weights file holds (params and BN statistics), and every persistent training state buffer. */
  readonly weights: readonly string[];
  readonly state: readonly string[];
  /** Initial values of optimizer state, filled (e.g. AdaGrad's initial accumulator); absent: zeros. */
  readonly stateInit: Readonly<Record<string, number>>;
  /**
   * Scalar state buffer that train_step sets to 1 when the new loss or a new weight holds a NaN or
   * ±Inf (earlier bundles added a count instead: either way, non-zero means diverged).
   */
  readonly nonfinite?: string;
}

export interface CompiledModule {
  /** Symbolic dimensions, in the order of the fields of the `Dims` uniform struct (u32 each). */
  readonly symbols: readonly string[];
  readonly buffers: readonly BufferSpec[];
  readonly kernels: readonly KernelSpec[];
  readonly programs: { readonly predict: ProgramSpec; readonly train_step?: ProgramSpec; readonly evaluate?: ProgramSpec };
  readonly training?: TrainingSpec;
}

/** Number of elements of `shape` once its symbols are bound. */
export function sizeOf(shape: readonly Dim[], bindings: ReadonlyMap<string, number>): number {
  let n = 1;
  for (const d of shape) {
    if (typeof d === 'number') n *= d;
    else {
      const v = bindings.get(d);
      if (v === undefined) throw new Error(`symbolic dimension '${d}' is not bound`);
      n *= v;
    }
  }
  return n;
}
