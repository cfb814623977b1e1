// Elementwise ops: unary functions and broadcasting binary arithmetic, each with its VJP.
import { broadcastIndex, sizeOfShape, type NDArray } from '../../interp/ndarray.js';
import type { Graph, Node, NodeOf } from '../graph.js';
import { ShapeError } from '../graph.js';
import { broadcastShapes } from '../shape.js';
import type { DType, OpAttrMap, OpName, TensorType } from '../types.js';
import * as B from './build.js';
import type { InterpContext, OpDef, VjpRule } from './op-def.js';
import { f32Lit } from './wgsl-literal.js';

function sameType(inputs: readonly TensorType[]): TensorType {
  return inputs[0]!;
}

function mapUnary(x: NDArray, ctx: InterpContext, f: (v: number) => number): NDArray {
  const out = ctx.alloc(x.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f(x.data[i]!);
  return { shape: ctx.shape, data: out };
}

type UnaryOp =
  | 'neg'
  | 'relu'
  | 'leaky_relu'
  | 'sigmoid'
  | 'tanh'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'abs'
  | 'square'
  | 'pow'
  | 'sign'
  | 'sin'
  | 'cos';

/** The unary rule `dx = f(g, x, y, dy)` (x: the operand, y: the node itself). */
type UnaryVjp<K extends OpName> = (g: Graph, x: Node, y: NodeOf<K>, dy: Node) => Node | null;

function unary<K extends UnaryOp>(
  fn: (v: number, attrs: OpAttrMap[K]) => number,
  expr: (a: string, attrs: OpAttrMap[K]) => string,
  vjp: UnaryVjp<K>,
): OpDef<K> {
  return {
    arity: 1,
    shape: sameType,
    interp: (inputs, attrs, ctx) => mapUnary(inputs[0]!, ctx, (v) => fn(v, attrs)),
    wgsl: { kind: 'elementwise', expr: (args, attrs) => expr(args[0]!, attrs) },
    vjp: (g, node, dy) => [vjp(g, node.inputs[0]!, node, dy)],
  };
}

export const sigmoid = (v: number): number => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));

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

const gt0 = (g: Graph, x: Node): Node => g.node('gt', [x, B.scalar(g, 0)], {});

export const neg = unary<'neg'>((v) => -v, (a) => `(-${a})`, (g, _x, _y, dy) => B.neg(g, dy));
export const relu = unary<'relu'>(
  (v) => (v > 0 ? v : 0),
  (a) => `max(${a}, 0.0)`,
  (g, x, _y, dy) => B.mul(g, dy, gt0(g, x)),
);
export const leaky_relu = unary<'leaky_relu'>(
  (v, { alpha }) => (v > 0 ? v : alpha * v),
  (a, { alpha }) => `select(${f32Lit(alpha)} * ${a}, ${a}, ${a} > 0.0)`,
  // slope = alpha + (1 - alpha) * [x > 0]
  (g, x, y, dy) => {
    const { alpha } = y.attrs;
    const slope = B.add(g, B.scalar(g, alpha), B.mul(g, B.scalar(g, 1 - alpha), gt0(g, x)));
    return B.mul(g, dy, slope);
  },
);
// dy * y * (1 - y), from the node's own output.
export const sigmoidOp = unary<'sigmoid'>(
  sigmoid,
  (a) => `(1.0 / (1.0 + exp(-${a})))`,
  (g, _x, y, dy) => B.mul(g, dy, B.mul(g, y, B.sub(g, B.scalar(g, 1), y))),
);
// Clamped: some drivers compute tanh through exp and return NaN for large |x|.
export const tanh = unary<'tanh'>(
  Math.tanh,
  (a) => `tanh(clamp(${a}, -15.0, 15.0))`,
  (g, _x, y, dy) => B.mul(g, dy, B.sub(g, B.scalar(g, 1), g.node('square', [y], {}))),
);
export const exp = unary<'exp'>(Math.exp, (a) => `exp(${a})`, (g, _x, y, dy) => B.mul(g, dy, y));
export const log = unary<'log'>(Math.log, (a) => `log(${a})`, (g, x, _y, dy) => B.div(g, dy, x));
// d sqrt(x) = dy * 0.5 / y
export const sqrt = unary<'sqrt'>(Math.sqrt, (a) => `sqrt(${a})`, (g, _x, y, dy) => B.div(g, B.mul(g, dy, B.scalar(g, 0.5)), y));
export const abs = unary<'abs'>(Math.abs, (a) => `abs(${a})`, (g, x, _y, dy) => B.mul(g, dy, g.node('sign', [x], {})));
export const square = unary<'square'>(
  (v) => v * v,
  (a) => `(${a} * ${a})`,
  (g, x, _y, dy) => B.mul(g, dy, B.mul(g, B.scalar(g, 2), x)),
);
// d x^p = dy * p * x^(p-1); exponents 0, 1 and 2 avoid a pow node.
export const pow = unary<'pow'>(
  (v, { exponent }) => Math.pow(v, exponent),
  (a, { exponent }) => powExpr(a, exponent),
  (g, x, y, dy) => {
    const p = y.attrs.exponent;
    if (p === 0) return null;
    if (p === 1) return dy;
    const xp = p === 2 ? x : g.node('pow', [x], { exponent: p - 1 });
    return B.mul(g, dy, B.mul(g, B.scalar(g, p), xp));
  },
);
// sign has a zero derivative everywhere it has one.
export const sign = unary<'sign'>(Math.sign, (a) => `sign(${a})`, () => null);
export const sin = unary<'sin'>(Math.sin, (a) => `sin(${a})`, (g, x, _y, dy) => B.mul(g, dy, g.node('cos', [x], {})));
export const cos = unary<'cos'>(Math.cos, (a) => `cos(${a})`, (g, x, _y, dy) => B.neg(g, B.mul(g, dy, g.node('sin', [x], {}))));

/** The i32 → f32 cast. Its input binding is array<i32> (codegen uses each binding's dtype). */
export const to_f32: OpDef<'to_f32'> = {
  arity: 1,
  shape: (inputs) => ({ shape: inputs[0]!.shape, dtype: 'f32' }),
  interp: (inputs, _attrs, ctx) => mapUnary(inputs[0]!, ctx, (v) => v),
  wgsl: { kind: 'elementwise', expr: (args) => `f32(${args[0]})` },
  vjp: (_g, node) => B.noGradient(node),
};

/** A binary elementwise op with NumPy broadcasting. `dtype` fixes the output type (else: a's). */
export function binaryOp<K extends OpName>(
  fn: (a: number, b: number) => number,
  expr: (a: string, b: string) => string,
  vjp: VjpRule<K>,
  dtype?: DType,
): OpDef<K> {
  return {
    arity: 2,
    shape: (inputs) => {
      if (inputs.length !== 2) throw new ShapeError(`a binary op needs 2 operands, got ${inputs.length}`);
      const [a, b] = inputs as [TensorType, TensorType];
      return { shape: broadcastShapes(a.shape, b.shape), dtype: dtype ?? a.dtype };
    },
    interp: (inputs, _attrs, ctx) => {
      const [a, b] = inputs as [NDArray, NDArray];
      const n = sizeOfShape(ctx.shape);
      const out = ctx.alloc(n);
      const ia = broadcastIndex(a.shape, ctx.shape);
      const ib = broadcastIndex(b.shape, ctx.shape);
      for (let i = 0; i < n; i++) out[i] = fn(a.data[ia[i]!]!, b.data[ib[i]!]!);
      return { shape: ctx.shape, data: out };
    },
    wgsl: { kind: 'elementwise', expr: (args) => expr(args[0]!, args[1]!) },
    vjp,
  };
}

const infix = (sym: string) => (a: string, b: string) => `(${a} ${sym} ${b})`;

// Gradients are returned in the broadcast output shape; autodiff reduces them to each operand.
export const add = binaryOp<'add'>((a, b) => a + b, infix('+'), (_g, _n, dy) => [dy, dy]);
export const sub = binaryOp<'sub'>((a, b) => a - b, infix('-'), (g, _n, dy) => [dy, B.neg(g, dy)]);
export const mul = binaryOp<'mul'>((a, b) => a * b, infix('*'), (g, n, dy) => {
  const [a, b] = n.inputs as [Node, Node];
  return [B.mul(g, dy, b), B.mul(g, dy, a)];
});
// d(a/b)/db = -a/b^2 = -y/b, from the node's own output.
export const div = binaryOp<'div'>((a, b) => a / b, infix('/'), (g, n, dy) => {
  const b = n.inputs[1]!;
  return [B.div(g, dy, b), B.neg(g, B.div(g, B.mul(g, dy, n), b))];
});
