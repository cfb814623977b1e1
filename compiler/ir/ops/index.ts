// The op table: one entry per primitive, exhaustive by type (a missing op is a compile error).
import type { OpName } from '../types.js';
import type { ShapeRule } from '../graph.js';
import type { OpDef, OpTable } from './op-def.js';
import * as ew from './elementwise.js';
import { constant, input, param } from './leaves.js';
import { concat, reshape, transpose } from './layout.js';
import { matmul } from './matmul.js';
import { max, mean, sum } from './reduce.js';
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
  add: ew.add,
  sub: ew.sub,
  mul: ew.mul,
  div: ew.div,
  matmul,
  sum,
  mean,
  max,
  softmax,
  transpose,
  reshape,
  concat,
};

export function opDef<K extends OpName>(op: K): OpDef<K> {
  return ops[op] as OpDef<K>;
}

export const shapeRule = <K extends OpName>(op: K): ShapeRule<K> => {
  const def = opDef(op);
  return (inputs, attrs) => def.shape(inputs, attrs);
};

export type { OpDef, OpTable } from './op-def.js';
