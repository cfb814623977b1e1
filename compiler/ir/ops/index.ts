// The op table: one entry per primitive, exhaustive by type (a missing op is a compile error).
import type { OpName } from '../types.js';
import type { ShapeRule } from '../graph.js';
import type { OpDef, OpTable } from './op-def.js';
import * as ew from './elementwise.js';
import { constant, input, param } from './leaves.js';
import { eq, gt, maximum, minimum } from './compare.js';
import { nonfinite } from './finite.js';
import { argmax, one_hot } from './indices.js';
import { broadcast_to, concat, reshape, slice, transpose } from './layout.js';
import { sigmoid_bce, softmax_ce } from './losses.js';
import { matmul, matmul_tn } from './matmul.js';
import { dropout_mask } from './random.js';
import { dim_size, max, mean, sum, variance } from './reduce.js';
import { softmax } from './softmax.js';

export const ops: OpTable = {
  input,
  param,
  const: constant,
  neg: ew.neg,
  relu: ew.relu,
  leaky_relu: ew.leaky_relu,
  sigmoid: ew.sigmoidOp,
  tanh: ew.tanh,
  exp: ew.exp,
  log: ew.log,
  sqrt: ew.sqrt,
  abs: ew.abs,
  square: ew.square,
  pow: ew.pow,
  sign: ew.sign,
  sin: ew.sin,
  cos: ew.cos,
  to_f32: ew.to_f32,
  broadcast_to,
  add: ew.add,
  sub: ew.sub,
  mul: ew.mul,
  div: ew.div,
  gt,
  eq,
  minimum,
  maximum,
  sigmoid_bce,
  matmul,
  sum,
  mean,
  max,
  variance,
  softmax,
  transpose,
  reshape,
  concat,
  slice,
  matmul_tn,
  softmax_ce,
  argmax,
  one_hot,
  dropout_mask,
  dim_size,
  nonfinite,
};

export function opDef<K extends OpName>(op: K): OpDef<K> {
  return ops[op] as OpDef<K>;
}

export const shapeRule = <K extends OpName>(op: K): ShapeRule<K> => {
  const def = opDef(op);
  return (inputs, attrs) => def.shape(inputs, attrs);
};

export type { OpDef, OpTable } from './op-def.js';
