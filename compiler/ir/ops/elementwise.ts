// Elementwise ops: unary functions and broadcasting binary arithmetic.
import { broadcastIndex, sizeOfShape, type NDArray } from '../../interp/ndarray.js';
import { broadcastShapes } from '../shape.js';
import type { NoAttrs, OpAttrMap, OpName, TensorType } from '../types.js';
import type { InterpContext, OpDef } from './op-def.js';
import { f32Lit } from './wgsl-literal.js';

function sameType(inputs: readonly TensorType[]): TensorType {
  return inputs[0]!;
}

function mapUnary(x: NDArray, ctx: InterpContext, f: (v: number) => number): NDArray {
  const out = ctx.alloc(x.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f(x.data[i]!);
  return { shape: ctx.shape, data: out };
}

type UnaryOp = 'neg' | 'relu' | 'leaky_relu' | 'sigmoid' | 'tanh' | 'exp' | 'log' | 'sqrt' | 'abs' | 'square' | 'pow';

function unary<K extends UnaryOp>(
  fn: (v: number, attrs: OpAttrMap[K]) => number,
  expr: (a: string, attrs: OpAttrMap[K]) => string,
): OpDef<K> {
  return {
    arity: 1,
    shape: sameType,
    interp: (inputs, attrs, ctx) => mapUnary(inputs[0]!, ctx, (v) => fn(v, attrs)),
    wgsl: { kind: 'elementwise', expr: (args, attrs) => expr(args[0]!, attrs) },
    vjp: null,
  };
}

const sigmoid = (v: number): number => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));

function powExpr(a: string, p: number): string {
  if (p === 2) return `(${a} * ${a})`;
  if (p === 1) return a;
  if (p === 0.5) return `sqrt(${a})`;
  // WGSL's pow is undefined for a negative base; integer exponents keep NumPy's meaning.
  if (Number.isInteger(p)) {
    const mag = `pow(abs(${a}), ${f32Lit(p)})`;
    return p % 2 === 0 ? mag : `(sign(${a}) * ${mag})`;
  }
  return `pow(${a}, ${f32Lit(p)})`;
}

export const neg = unary<'neg'>((v) => -v, (a) => `(-${a})`);
export const relu = unary<'relu'>((v) => (v > 0 ? v : 0), (a) => `max(${a}, 0.0)`);
export const leaky_relu = unary<'leaky_relu'>(
  (v, { alpha }) => (v > 0 ? v : alpha * v),
  (a, { alpha }) => `select(${f32Lit(alpha)} * ${a}, ${a}, ${a} > 0.0)`,
);
export const sigmoidOp = unary<'sigmoid'>(sigmoid, (a) => `(1.0 / (1.0 + exp(-${a})))`);
// Clamped: some drivers compute tanh through exp and return NaN for large |x|.
export const tanh = unary<'tanh'>(Math.tanh, (a) => `tanh(clamp(${a}, -15.0, 15.0))`);
export const exp = unary<'exp'>(Math.exp, (a) => `exp(${a})`);
export const log = unary<'log'>(Math.log, (a) => `log(${a})`);
export const sqrt = unary<'sqrt'>(Math.sqrt, (a) => `sqrt(${a})`);
export const abs = unary<'abs'>(Math.abs, (a) => `abs(${a})`);
export const square = unary<'square'>((v) => v * v, (a) => `(${a} * ${a})`);
export const pow = unary<'pow'>((v, { exponent }) => Math.pow(v, exponent), (a, { exponent }) => powExpr(a, exponent));

type BinaryOp = 'add' | 'sub' | 'mul' | 'div';

function binary<K extends BinaryOp & OpName>(fn: (a: number, b: number) => number, sym: string): OpDef<K> {
  return {
    arity: 2,
    shape: (inputs) => {
      const [a, b] = inputs as [TensorType, TensorType];
      return { shape: broadcastShapes(a.shape, b.shape), dtype: a.dtype };
    },
    interp: (inputs, _attrs: NoAttrs, ctx) => {
      const [a, b] = inputs as [NDArray, NDArray];
      const n = sizeOfShape(ctx.shape);
      const out = ctx.alloc(n);
      const ia = broadcastIndex(a.shape, ctx.shape);
      const ib = broadcastIndex(b.shape, ctx.shape);
      for (let i = 0; i < n; i++) out[i] = fn(a.data[ia[i]!]!, b.data[ib[i]!]!);
      return { shape: ctx.shape, data: out };
    },
    wgsl: { kind: 'elementwise', expr: (args) => `(${args[0]} ${sym} ${args[1]})` },
    vjp: null,
  };
}

export const add = binary<'add'>((a, b) => a + b, '+');
export const sub = binary<'sub'>((a, b) => a - b, '-');
export const mul = binary<'mul'>((a, b) => a * b, '*');
export const div = binary<'div'>((a, b) => a / b, '/');
