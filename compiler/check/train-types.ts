// A checked train block: everything the trainer needs, with DSL.md section 5's defaults filled in.
import type { Span } from '../syntax/ast.js';
import type { LossName, MetricName } from './registries.js';

export interface TensorLiteral {
  readonly shape: readonly number[];
  readonly values: readonly number[];
}

export type DataSource =
  /** `inline(x = [...], y = [...])`: `features` feeds the model's input, `targets` is `y`. */
  | { readonly kind: 'inline'; readonly features: TensorLiteral; readonly targets: TensorLiteral; readonly span: Span }
  /** `csv("path", target = ..., features = [...])`; the path is relative to the .nn file. */
  | {
      readonly kind: 'csv';
      readonly path: string;
      readonly target: string | number;
      readonly features: readonly string[] | null;
      readonly normalize: boolean;
      readonly span: Span;
    };

export type ValidateSource = { readonly kind: 'split'; readonly fraction: number; readonly span: Span } | DataSource;

export type Schedule =
  | { readonly kind: 'constant'; readonly lr: number }
  | { readonly kind: 'linear_decay'; readonly from: number; readonly to: number; readonly steps: number }
  | { readonly kind: 'exponential_decay'; readonly lr: number; readonly rate: number; readonly every: number }
  | { readonly kind: 'cosine_decay'; readonly lr: number; readonly steps: number };

export type OptimizerConfig =
  | { readonly kind: 'sgd'; readonly lr: Schedule }
  | { readonly kind: 'momentum'; readonly lr: Schedule; readonly momentum: number }
  | { readonly kind: 'adagrad'; readonly lr: Schedule; readonly epsilon: number; readonly initialAccumulator: number }
  | { readonly kind: 'rmsprop'; readonly lr: Schedule; readonly rho: number; readonly epsilon: number }
  | { readonly kind: 'adam'; readonly lr: Schedule; readonly beta1: number; readonly beta2: number; readonly epsilon: number }
  | {
      readonly kind: 'adamw';
      readonly lr: Schedule;
      readonly beta1: number;
      readonly beta2: number;
      readonly epsilon: number;
      readonly weightDecay: number;
    };

export interface EarlyStopping {
  readonly monitor: string;
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBest: boolean;
}

export interface TrainConfig {
  readonly model: string;
  readonly span: Span;
  readonly data: DataSource;
  readonly validate: ValidateSource | null;
  readonly test: DataSource | null;
  readonly loss: LossName;
  readonly metrics: readonly MetricName[];
  readonly optimizer: OptimizerConfig;
  readonly batch: number;
  readonly epochs: number;
  readonly seed: number;
  readonly shuffle: boolean;
  readonly earlyStopping: EarlyStopping | null;
  /** The model output the loss applies to; null: the first. */
  readonly output: string | null;
}
