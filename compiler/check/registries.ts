// The typed registries of names a `.nn` file may use: activations, layers, functions, losses,
// optimizers, lr schedules and metrics, each with its argument list (Keras defaults).
import type { ArgSpec } from './args.js';

const positive = (name: string) => (v: number) => (v > 0 ? null : `'${name}' must be greater than 0, found ${v}`);
const nonNegative = (name: string) => (v: number) => (v >= 0 ? null : `'${name}' must not be negative, found ${v}`);
const fraction = (name: string) => (v: number) => (v >= 0 && v < 1 ? null : `'${name}' must be at least 0 and less than 1, found ${v}`);

export type ActivationName = 'linear' | 'relu' | 'leaky_relu' | 'sigmoid' | 'tanh' | 'softmax';

/** Activations, usable as `activation = NAME`, as bare layers, and after a pipe. Args exclude the input. */
export const activations: { readonly [K in ActivationName]: readonly ArgSpec[] } = {
  linear: [],
  relu: [],
  leaky_relu: [{ name: 'alpha', kind: 'number', default: 0.2 }],
  sigmoid: [],
  tanh: [],
  softmax: [
    { name: 'axis', kind: 'int', default: -1 },
    { name: 'temperature', kind: 'number', default: 1, check: positive('temperature') },
  ],
};

export type LayerName = 'Dense' | 'BatchNorm' | 'Dropout' | 'Activation';

export const layerAliases: { readonly [alias: string]: LayerName } = { BatchNormalization: 'BatchNorm' };

export const layers: { readonly [K in LayerName]: readonly ArgSpec[] } = {
  Dense: [
    { name: 'units', kind: 'int', check: (v) => positive('units')(v) ?? (v <= 2 ** 31 - 1 ? null : `'units' must be at most ${2 ** 31 - 1}, found ${v}`) },
    { name: 'activation', kind: 'expr', optional: true },
    { name: 'init', kind: 'expr', optional: true },
    { name: 'bias_init', kind: 'expr', optional: true },
    { name: 'use_bias', kind: 'bool', default: true },
    { name: 'l1', kind: 'number', default: 0, check: nonNegative('l1') },
    { name: 'l2', kind: 'number', default: 0, check: nonNegative('l2') },
  ],
  BatchNorm: [
    { name: 'momentum', kind: 'number', default: 0.99, check: fraction('momentum') },
    { name: 'epsilon', kind: 'number', default: 1e-3, check: positive('epsilon') },
    { name: 'center', kind: 'bool', default: true },
    { name: 'scale', kind: 'bool', default: true },
  ],
  Dropout: [{ name: 'rate', kind: 'number', check: fraction('rate') }],
  Activation: [{ name: 'fn', kind: 'expr' }],
};

/** Keras's default layer names (`dense`, `batch_normalization`, ...), numbered `_1`, `_2` after the first. */
export const layerBaseNames: { readonly [K in LayerName]: string } = {
  Dense: 'dense',
  BatchNorm: 'batch_normalization',
  Dropout: 'dropout',
  Activation: 'activation',
};

export type FunctionName =
  | ActivationName
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'abs'
  | 'square'
  | 'sum'
  | 'mean'
  | 'max'
  | 'transpose'
  | 'reshape'
  | 'concat';

const x: ArgSpec = { name: 'x', kind: 'expr' };
const axes: readonly ArgSpec[] = [x, { name: 'axis', kind: 'expr', optional: true }, { name: 'keepdims', kind: 'bool', default: false }];

/** Expression-form functions; the first argument is the tensor (the piped value after `|>`). */
export const functions: { readonly [K in FunctionName]: readonly ArgSpec[] } = {
  linear: [x],
  relu: [x],
  leaky_relu: [x, ...activations.leaky_relu],
  sigmoid: [x],
  tanh: [x],
  softmax: [x, ...activations.softmax],
  exp: [x],
  log: [x],
  sqrt: [x],
  abs: [x],
  square: [x],
  sum: axes,
  mean: axes,
  max: axes,
  transpose: [x, { name: 'perm', kind: 'expr', optional: true }],
  reshape: [x, { name: 'shape', kind: 'expr' }],
  concat: [{ name: 'tensors', kind: 'expr' }, { name: 'axis', kind: 'int', default: -1 }],
};

export type LossName = 'mse' | 'mae' | 'binary_crossentropy' | 'categorical_crossentropy' | 'sparse_categorical_crossentropy';
export const losses: readonly LossName[] = [
  'mse',
  'mae',
  'binary_crossentropy',
  'categorical_crossentropy',
  'sparse_categorical_crossentropy',
];

export type MetricName = 'accuracy' | 'mae' | 'mse';
export const metrics: readonly MetricName[] = ['accuracy', 'mae', 'mse'];

export type OptimizerName = 'sgd' | 'momentum' | 'adagrad' | 'rmsprop' | 'adam' | 'adamw';
const lr = (d: number): ArgSpec => ({ name: 'lr', kind: 'expr', default: d });
const eps: ArgSpec = { name: 'epsilon', kind: 'number', default: 1e-7, check: positive('epsilon') };
const adamArgs: readonly ArgSpec[] = [
  lr(0.001),
  { name: 'beta1', kind: 'number', default: 0.9, check: fraction('beta1') },
  { name: 'beta2', kind: 'number', default: 0.999, check: fraction('beta2') },
  eps,
];
export const optimizers: { readonly [K in OptimizerName]: readonly ArgSpec[] } = {
  sgd: [lr(0.01)],
  momentum: [lr(0.01), { name: 'momentum', kind: 'number', default: 0.9, check: fraction('momentum') }],
  adagrad: [lr(0.01), eps, { name: 'initial_accumulator', kind: 'number', default: 0.1, check: nonNegative('initial_accumulator') }],
  rmsprop: [lr(0.001), { name: 'rho', kind: 'number', default: 0.9, check: fraction('rho') }, eps],
  adam: adamArgs,
  adamw: [...adamArgs, { name: 'weight_decay', kind: 'number', default: 0.004, check: nonNegative('weight_decay') }],
};

export type ScheduleName = 'linear_decay' | 'exponential_decay' | 'cosine_decay';
export const schedules: { readonly [K in ScheduleName]: readonly ArgSpec[] } = {
  linear_decay: [
    { name: 'from', kind: 'number', check: positive('from') },
    { name: 'to', kind: 'number', check: nonNegative('to') },
    { name: 'steps', kind: 'int', check: positive('steps') },
  ],
  exponential_decay: [
    { name: 'lr', kind: 'number', check: positive('lr') },
    { name: 'rate', kind: 'number', check: positive('rate') },
    { name: 'every', kind: 'int', check: positive('every') },
  ],
  cosine_decay: [
    { name: 'lr', kind: 'number', check: positive('lr') },
    { name: 'steps', kind: 'int', check: positive('steps') },
  ],
};

export function has<T extends object>(table: T, name: string): name is Extract<keyof T, string> {
  return Object.prototype.hasOwnProperty.call(table, name);
}
