// An independent float64 trainer for plain MLPs, written from DSL.md section 5's formulas and
// textbook back-propagation. It shares no code with compiler/ or runtime/: it is the outside
// oracle that `nnc train` is checked against (reference.test.ts).
//
// Model: Dense layers (kernel [in, units] row-major, bias [units]) with linear, relu, sigmoid or
// softmax activations. Loss: mean over the batch of the per-example loss (mse: mean over the
// output units; binary cross-entropy on a sigmoid output: mean over the units, gradient
// sigmoid(z) - y at the logits; categorical cross-entropy on a softmax output: sum over the
// classes, gradient softmax(z) - y), plus l2 * sum(W^2) + l1 * sum(|W|) on the kernels.

export type Activation = 'linear' | 'relu' | 'sigmoid' | 'softmax';
export type RefLoss = 'mse' | 'binary_crossentropy' | 'categorical_crossentropy';

export interface RefLayer {
  readonly name: string; // weights are `${name}.kernel`, `${name}.bias`
  readonly units: number;
  readonly activation: Activation;
  readonly l1?: number;
  readonly l2?: number;
}

export type RefSchedule =
  | { readonly kind: 'constant'; readonly lr: number }
  | { readonly kind: 'linear_decay'; readonly from: number; readonly to: number; readonly steps: number }
  | { readonly kind: 'exponential_decay'; readonly lr: number; readonly rate: number; readonly every: number }
  | { readonly kind: 'cosine_decay'; readonly lr: number; readonly steps: number };

export type RefOptimizer =
  | { readonly kind: 'sgd'; readonly lr: RefSchedule }
  | { readonly kind: 'momentum'; readonly lr: RefSchedule; readonly momentum: number }
  | { readonly kind: 'adagrad'; readonly lr: RefSchedule; readonly epsilon: number; readonly initialAccumulator: number }
  | { readonly kind: 'rmsprop'; readonly lr: RefSchedule; readonly rho: number; readonly epsilon: number }
  | { readonly kind: 'adam'; readonly lr: RefSchedule; readonly beta1: number; readonly beta2: number; readonly epsilon: number }
  | { readonly kind: 'adamw'; readonly lr: RefSchedule; readonly beta1: number; readonly beta2: number; readonly epsilon: number; readonly weightDecay: number };

export interface RefConfig {
  readonly inputs: number;
  readonly layers: readonly RefLayer[];
  readonly loss: RefLoss;
  readonly optimizer: RefOptimizer;
  readonly batch: number;
  readonly epochs: number;
}

export type Weights = Map<string, Float64Array>;

/** The learning rate of step k (k = steps taken before this one). */
export function learningRate(s: RefSchedule, k: number): number {
  switch (s.kind) {
    case 'constant':
      return s.lr;
    case 'linear_decay': {
      if (k >= s.steps) return s.to;
      const f = k / s.steps;
      return (1 - f) * s.from + f * s.to;
    }
    case 'exponential_decay':
      return s.lr * Math.pow(s.rate, k / s.every);
    case 'cosine_decay':
      return (s.lr * (1 + Math.cos((Math.PI * Math.min(k, s.steps)) / s.steps))) / 2;
  }
}

interface Forward {
  readonly a: Float64Array[]; // a[0] = input batch, a[l + 1] = output of layer l
  readonly z: Float64Array[]; // z[l] = pre-activation of layer l
}

function forward(cfg: RefConfig, w: Weights, x: Float64Array, rows: number): Forward {
  const a: Float64Array[] = [x];
  const z: Float64Array[] = [];
  let width = cfg.inputs;
  for (const layer of cfg.layers) {
    const k = w.get(`${layer.name}.kernel`)!;
    const b = w.get(`${layer.name}.bias`)!;
    const u = layer.units;
    const prev = a[a.length - 1]!;
    const zz = new Float64Array(rows * u);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < u; j++) {
        let s = b[j]!;
        for (let i = 0; i < width; i++) s += prev[r * width + i]! * k[i * u + j]!;
        zz[r * u + j] = s;
      }
    }
    const out = new Float64Array(rows * u);
    for (let r = 0; r < rows; r++) {
      const row = zz.subarray(r * u, (r + 1) * u);
      if (layer.activation === 'softmax') {
        const m = Math.max(...row);
        let sum = 0;
        for (let j = 0; j < u; j++) sum += Math.exp(row[j]! - m);
        for (let j = 0; j < u; j++) out[r * u + j] = Math.exp(row[j]! - m) / sum;
      } else {
        for (let j = 0; j < u; j++) {
          const v = row[j]!;
          out[r * u + j] = layer.activation === 'relu' ? Math.max(v, 0) : layer.activation === 'sigmoid' ? 1 / (1 + Math.exp(-v)) : v;
        }
      }
    }
    z.push(zz);
    a.push(out);
    width = u;
  }
  return { a, z };
}

/** Per-example losses of a batch (without the penalty). */
function exampleLosses(cfg: RefConfig, f: Forward, y: Float64Array, rows: number): number[] {
  const last = cfg.layers[cfg.layers.length - 1]!;
  const u = last.units;
  const out = f.a[f.a.length - 1]!;
  const logits = f.z[f.z.length - 1]!;
  const losses: number[] = [];
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < u; j++) {
      const t = y[r * u + j]!;
      const p = out[r * u + j]!;
      if (cfg.loss === 'mse') s += (p - t) ** 2 / u;
      else if (cfg.loss === 'binary_crossentropy') {
        // From the logit, stably: max(z, 0) - z t + log(1 + exp(-|z|)).
        const zz = logits[r * u + j]!;
        s += (Math.max(zz, 0) - zz * t + Math.log1p(Math.exp(-Math.abs(zz)))) / u;
      } else s -= t * Math.log(p);
    }
    losses.push(s);
  }
  return losses;
}

function penalty(cfg: RefConfig, w: Weights): number {
  let p = 0;
  for (const layer of cfg.layers) {
    const k = w.get(`${layer.name}.kernel`)!;
    for (const v of k) p += (layer.l2 ?? 0) * v * v + (layer.l1 ?? 0) * Math.abs(v);
  }
  return p;
}

/** Gradients of mean-over-batch loss + penalty with respect to every weight. */
function gradients(cfg: RefConfig, w: Weights, f: Forward, y: Float64Array, rows: number): Weights {
  const g: Weights = new Map();
  const L = cfg.layers.length;
  const last = cfg.layers[L - 1]!;
  const u = last.units;
  const out = f.a[L]!;
  // dL/dz at the last layer.
  let dz = new Float64Array(rows * u);
  for (let i = 0; i < rows * u; i++) {
    const p = out[i]!;
    const t = y[i]!;
    if (cfg.loss === 'mse') {
      const da = (2 * (p - t)) / (rows * u);
      const zz = f.z[L - 1]![i]!;
      dz[i] = da * activationSlope(last.activation, zz, p);
    } else if (cfg.loss === 'binary_crossentropy') {
      if (last.activation !== 'sigmoid') throw new Error('reference: binary_crossentropy needs a sigmoid output');
      dz[i] = (p - t) / (rows * u);
    } else {
      if (last.activation !== 'softmax') throw new Error('reference: categorical_crossentropy needs a softmax output');
      dz[i] = (p - t) / rows;
    }
  }
  for (let l = L - 1; l >= 0; l--) {
    const layer = cfg.layers[l]!;
    const units = layer.units;
    const width = l === 0 ? cfg.inputs : cfg.layers[l - 1]!.units;
    const prev = f.a[l]!;
    const k = w.get(`${layer.name}.kernel`)!;
    const dk = new Float64Array(width * units);
    const db = new Float64Array(units);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < units; j++) {
        const d = dz[r * units + j]!;
        db[j] += d;
        for (let i = 0; i < width; i++) dk[i * units + j] += prev[r * width + i]! * d;
      }
    }
    for (let i = 0; i < dk.length; i++) {
      const v = k[i]!;
      dk[i] += 2 * (layer.l2 ?? 0) * v + (layer.l1 ?? 0) * Math.sign(v);
    }
    g.set(`${layer.name}.kernel`, dk);
    g.set(`${layer.name}.bias`, db);
    if (l > 0) {
      const below = cfg.layers[l - 1]!;
      const next = new Float64Array(rows * width);
      for (let r = 0; r < rows; r++) {
        for (let i = 0; i < width; i++) {
          let s = 0;
          for (let j = 0; j < units; j++) s += dz[r * units + j]! * k[i * units + j]!;
          next[r * width + i] = s * activationSlope(below.activation, f.z[l - 1]![r * width + i]!, prev[r * width + i]!);
        }
      }
      dz = next;
    }
  }
  return g;
}

function activationSlope(act: Activation, z: number, a: number): number {
  switch (act) {
    case 'linear':
      return 1;
    case 'relu':
      return z > 0 ? 1 : 0;
    case 'sigmoid':
      return a * (1 - a);
    case 'softmax':
      throw new Error('reference: softmax is only supported as the output of a cross-entropy');
  }
}

/** Optimizer slots, one array per weight and slot kind. */
class Optimizer {
  private readonly slots = new Map<string, Float64Array>();
  private k = 0;

  constructor(private readonly cfg: RefOptimizer) {}

  private slot(kind: string, name: string, n: number, init: number): Float64Array {
    const key = `${kind}:${name}`;
    let s = this.slots.get(key);
    if (!s) {
      s = new Float64Array(n).fill(init);
      this.slots.set(key, s);
    }
    return s;
  }

  step(w: Weights, g: Weights): void {
    const o = this.cfg;
    const lr = learningRate(o.lr, this.k);
    const t = this.k + 1;
    for (const [name, wv] of w) {
      const gv = g.get(name)!;
      const n = wv.length;
      switch (o.kind) {
        case 'sgd':
          for (let i = 0; i < n; i++) wv[i] -= lr * gv[i]!;
          break;
        case 'momentum': {
          const v = this.slot('v', name, n, 0);
          for (let i = 0; i < n; i++) {
            v[i] = o.momentum * v[i]! + lr * gv[i]!;
            wv[i] -= v[i]!;
          }
          break;
        }
        case 'adagrad': {
          const r = this.slot('r', name, n, o.initialAccumulator);
          for (let i = 0; i < n; i++) {
            r[i] += gv[i]! ** 2;
            wv[i] -= (lr / (Math.sqrt(r[i]!) + o.epsilon)) * gv[i]!;
          }
          break;
        }
        case 'rmsprop': {
          const r = this.slot('r', name, n, 0);
          for (let i = 0; i < n; i++) {
            r[i] = o.rho * r[i]! + (1 - o.rho) * gv[i]! ** 2;
            wv[i] -= (lr / (Math.sqrt(r[i]!) + o.epsilon)) * gv[i]!;
          }
          break;
        }
        case 'adam':
        case 'adamw': {
          const m = this.slot('m', name, n, 0);
          const v = this.slot('v', name, n, 0);
          for (let i = 0; i < n; i++) {
            const old = wv[i]!;
            m[i] = o.beta1 * m[i]! + (1 - o.beta1) * gv[i]!;
            v[i] = o.beta2 * v[i]! + (1 - o.beta2) * gv[i]! ** 2;
            const mHat = m[i]! / (1 - Math.pow(o.beta1, t));
            const vHat = v[i]! / (1 - Math.pow(o.beta2, t));
            wv[i] = old - (lr * mHat) / (Math.sqrt(vHat) + o.epsilon);
            // Decoupled weight decay on the weight before this step (as Keras's AdamW applies it).
            if (o.kind === 'adamw') wv[i] -= lr * o.weightDecay * old;
          }
          break;
        }
      }
    }
    this.k++;
  }
}

export interface RefResult {
  readonly weights: Weights;
  /** Per epoch: mean over the epoch's examples of (example loss + the step's penalty). */
  readonly epochLoss: number[];
  readonly steps: number;
}

/**
 * Trains from `initial` on rows `x` ([rows][inputs]) and targets `y` ([rows][outputs], one-hot
 * for categorical losses), in file order (no shuffling), `batch` rows per step (the last batch of
 * an epoch holds what is left), for `cfg.epochs` epochs.
 */
export function trainReference(cfg: RefConfig, initial: ReadonlyMap<string, ArrayLike<number>>, x: readonly number[][], y: readonly number[][]): RefResult {
  const w: Weights = new Map();
  for (const layer of cfg.layers) {
    for (const p of ['kernel', 'bias']) {
      const name = `${layer.name}.${p}`;
      const v = initial.get(name);
      if (!v) throw new Error(`reference: no initial value for ${name}`);
      w.set(name, Float64Array.from(v));
    }
  }
  const opt = new Optimizer(cfg.optimizer);
  const rows = x.length;
  const epochLoss: number[] = [];
  let steps = 0;
  for (let e = 0; e < cfg.epochs; e++) {
    let total = 0;
    for (let start = 0; start < rows; start += cfg.batch) {
      const n = Math.min(cfg.batch, rows - start);
      const xb = Float64Array.from(x.slice(start, start + n).flat());
      const yb = Float64Array.from(y.slice(start, start + n).flat());
      const f = forward(cfg, w, xb, n);
      const pen = penalty(cfg, w);
      for (const l of exampleLosses(cfg, f, yb, n)) total += l + pen;
      opt.step(w, gradients(cfg, w, f, yb, n));
      steps++;
    }
    epochLoss.push(total / rows);
  }
  return { weights: w, epochLoss, steps };
}

/** Mean-over-batch loss + penalty and its gradient at `w`, for one batch (to check the oracle). */
export function lossAndGradient(cfg: RefConfig, w: Weights, x: readonly number[][], y: readonly number[][]): { loss: number; grad: Weights } {
  const rows = x.length;
  const xb = Float64Array.from(x.flat());
  const yb = Float64Array.from(y.flat());
  const f = forward(cfg, w, xb, rows);
  const loss = exampleLosses(cfg, f, yb, rows).reduce((a, b) => a + b, 0) / rows + penalty(cfg, w);
  return { loss, grad: gradients(cfg, w, f, yb, rows) };
}

/** The model's outputs for rows `x`. */
export function predictReference(cfg: RefConfig, w: Weights, x: readonly number[][]): number[][] {
  const f = forward(cfg, w, Float64Array.from(x.flat()), x.length);
  const out = f.a[f.a.length - 1]!;
  const u = cfg.layers[cfg.layers.length - 1]!.units;
  return x.map((_, r) => Array.from(out.subarray(r * u, (r + 1) * u)));
}
