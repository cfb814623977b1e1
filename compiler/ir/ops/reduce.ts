// Reductions over a set of axes: sum, mean, max and variance. One invocation computes one output
// element by walking the reduced coordinates; the reduced axes are fixed at compile time.
// `variance` is the biased (population) variance, mean((x - mean(x))^2): the graph BatchNorm lowers
// to is rewritten into it (passes/moments.ts) so that both statistics come from one pass over x,
// accumulated with Welford's update (stable, unlike E[x^2] - E[x]^2). Also dim_size, the
// element count of some axes as an f32 scalar: mean's gradient divides by it when the count is
// symbolic (a batch of N), which a constant cannot express.
import { ShapeError, type Graph, type Node, type NodeOf } from '../graph.js';
import { sizeOfShape, stridesOf, type NDArray } from '../../interp/ndarray.js';
import { coordLines, productExpr, strideExprs } from '../../codegen/index-math.js';
import type { AxesAttrs, Dim, TensorType } from '../types.js';
import * as B from './build.js';
import type { InterpContext, OpDef, VjpRule } from './op-def.js';

type Kind = 'sum' | 'mean' | 'max' | 'variance';

export function reducedShape(shape: readonly Dim[], attrs: AxesAttrs): Dim[] {
  for (const a of attrs.axes) {
    if (a < 0 || a >= shape.length) throw new ShapeError(`axis ${a} is out of range for a tensor of rank ${shape.length}`);
  }
  const out: Dim[] = [];
  shape.forEach((d, i) => {
    if (!attrs.axes.includes(i)) out.push(d);
    else if (attrs.keepdims) out.push(1);
  });
  return out;
}

function interpReduce(kind: Kind, x: NDArray, attrs: AxesAttrs, ctx: InterpContext): NDArray {
  const shape = x.shape;
  const keptAxes = shape.map((_, i) => i).filter((i) => !attrs.axes.includes(i));
  const redAxes = attrs.axes;
  const strides = stridesOf(shape);
  const keptShape = keptAxes.map((i) => shape[i]!);
  const redShape = redAxes.map((i) => shape[i]!);
  const nOut = sizeOfShape(keptShape);
  const nRed = sizeOfShape(redShape);
  const out = ctx.alloc(nOut);
  // In f32 mode the sum is accumulated in f32 in the kernel's order, so it rounds like the GPU's.
  const round = out instanceof Float32Array ? Math.fround : (v: number) => v;
  const keptStrides = stridesOf(keptShape);
  const redStrides = stridesOf(redShape);
  for (let o = 0; o < nOut; o++) {
    let base = 0;
    keptAxes.forEach((ax, j) => {
      base += (Math.floor(o / keptStrides[j]!) % keptShape[j]!) * strides[ax]!;
    });
    const at = (r: number): number => {
      let off = base;
      redAxes.forEach((ax, j) => {
        off += (Math.floor(r / redStrides[j]!) % redShape[j]!) * strides[ax]!;
      });
      return x.data[off]!;
    };
    let acc = kind === 'max' ? -Infinity : 0;
    for (let r = 0; r < nRed; r++) acc = kind === 'max' ? Math.max(acc, at(r)) : round(acc + at(r));
    if (kind === 'variance') {
      // Two passes, the definition: the mean, then the mean squared deviation from it.
      const mu = acc / nRed;
      let m2 = 0;
      for (let r = 0; r < nRed; r++) {
        const d = at(r) - mu;
        m2 = round(m2 + d * d);
      }
      out[o] = m2 / nRed;
    } else out[o] = kind === 'mean' ? acc / nRed : acc;
  }
  return { shape: ctx.shape, data: out };
}

/** dy reshaped to the keepdims form of the reduction's output, so it broadcasts against x. */
function keptDy(g: Graph, node: NodeOf<Kind>, dy: Node): Node {
  return B.reshape(g, dy, B.keepdimsShape(node.inputs[0]!.type.shape, node.attrs.axes));
}

/** The number of elements reduced: a constant when the reduced dims are fixed, else dim_size(x). */
export function reducedCount(g: Graph, x: Node, axes: readonly number[]): Node {
  const dims = axes.map((a) => x.type.shape[a]!);
  if (dims.every((d) => typeof d === 'number')) return B.scalar(g, sizeOfShape(dims as number[]));
  return g.node('dim_size', [x], { axes });
}

const vjps: { [K in Kind]: VjpRule<K> } = {
  sum: (g, node, dy) => [B.broadcastTo(g, keptDy(g, node, dy), node.inputs[0]!.type.shape)],
  mean: (g, node, dy) => {
    const x = node.inputs[0]!;
    return [B.broadcastTo(g, B.div(g, keptDy(g, node, dy), reducedCount(g, x, node.attrs.axes)), x.type.shape)];
  },
  // Ties share the gradient equally: mask / (number of maxima in the row).
  // d var / dx = 2 (x - mean(x)) / n (the gradient through mean(x) sums to zero).
  variance: (g, node, dy) => {
    const x = node.inputs[0]!;
    const { axes } = node.attrs;
    // Over leading axes the mean without kept dims broadcasts back by itself, and is the very node
    // BatchNorm's forward pass computes (the graph shares it): no second reduction of x.
    const leading = axes.every((a, i) => a === i);
    const centered = B.sub(g, x, g.node('mean', [x], { axes, keepdims: !leading }));
    const scale = B.div(g, B.scalar(g, 2), reducedCount(g, x, axes));
    return [B.mul(g, B.mul(g, centered, scale), keptDy(g, node, dy))];
  },
  max: (g, node, dy) => {
    const x = node.inputs[0]!;
    const { axes } = node.attrs;
    const mask = g.node('eq', [x, B.reshape(g, node, B.keepdimsShape(x.type.shape, axes))], {});
    const ties = g.node('sum', [mask], { axes, keepdims: true });
    return [B.mul(g, B.div(g, mask, ties), keptDy(g, node, dy))];
  },
};

function reduceOp<K extends Kind>(kind: K): OpDef<K> {
  return {
    arity: 1,
    shape: (inputs: readonly TensorType[], attrs: AxesAttrs) => ({
      shape: reducedShape(inputs[0]!.shape, attrs),
      dtype: inputs[0]!.dtype,
    }),
    interp: (inputs, attrs, ctx) => interpReduce(kind, inputs[0]!, attrs, ctx),
    wgsl: {
      kind: 'kernel',
      emit: (ctx) => {
        const attrs = ctx.node.attrs as AxesAttrs;
        const shape = ctx.node.inputs[0]!.type.shape;
        const strides = strideExprs(shape);
        const kept = shape.map((_, i) => i).filter((i) => !attrs.axes.includes(i));
        const keptShape = kept.map((i) => shape[i]!);
        const redShape = attrs.axes.map((i) => shape[i]!);
        const total = productExpr(keptShape);
        const x = ctx.inputs[0]!;
        const base = kept.map((ax, j) => `o${j} * ${strides[ax]}`).join(' + ') || '0u';
        const off = attrs.axes.map((ax, j) => `r${j} * ${strides[ax]}`).join(' + ') || '0u';
        const init = kind === 'max' ? '-3.402823e+38' : '0.0';
        const n = productExpr(redShape);
        // variance: Welford's running mean and sum of squared deviations.
        const step =
          kind === 'max'
            ? `acc = max(acc, ${x}[base + ${off}]);`
            : kind === 'variance'
              ? `let v = ${x}[base + ${off}];\n    let d = v - mu;\n    cnt = cnt + 1.0;\n    mu = mu + d / cnt;\n    acc = acc + d * (v - mu);`
              : `acc = acc + ${x}[base + ${off}];`;
        const fin = kind === 'mean' || kind === 'variance' ? `acc / f32(${n})` : 'acc';
        const body = `${ctx.linearIndex(total)}
  ${coordLines('i', keptShape, 'o').join('\n  ')}
  let base = ${base};
  var acc = ${init};${kind === 'variance' ? '\n  var mu = 0.0;\n  var cnt = 0.0;' : ''}
  for (var r = 0u; r < ${n}; r++) {
    ${coordLines('r', redShape, 'r').join('\n    ')}
    ${step}
  }
  ${ctx.output}[i] = ${fin};
}
`;
        return { body, dispatch: { kind: 'linear', threads: keptShape, workgroupSize: 64 } };
      },
    },
    vjp: vjps[kind] as VjpRule<K>,
  };
}

export const sum = reduceOp('sum');
export const mean = reduceOp('mean');
export const max = reduceOp('max');
export const variance = reduceOp('variance');

export const dim_size: OpDef<'dim_size'> = {
  arity: 1,
  shape: (inputs, { axes }) => {
    const t = inputs[0]!;
    for (const a of axes) {
      if (!Number.isInteger(a) || a < 0 || a >= t.shape.length) {
        throw new ShapeError(`dim_size axis ${a} is out of range for a tensor of rank ${t.shape.length}`);
      }
    }
    return { shape: [], dtype: 'f32' };
  },
  interp: (inputs, { axes }, ctx) => {
    const out = ctx.alloc(1);
    out[0] = sizeOfShape(axes.map((a) => inputs[0]!.shape[a]!));
    return { shape: ctx.shape, data: out };
  },
  // One invocation; the operand is bound but only its (uniform) dims are read.
  wgsl: {
    kind: 'kernel',
    emit: (ctx) => {
      const { axes } = ctx.node.attrs as { axes: readonly number[] };
      const shape = ctx.node.inputs[0]!.type.shape;
      const body = `${ctx.linearIndex('1u')}
  ${ctx.output}[0] = f32(${productExpr(axes.map((a) => shape[a]!))});
}
`;
      return { body, dispatch: { kind: 'linear', threads: [], workgroupSize: 64 } };
    },
  },
  vjp: (_g, node) => B.noGradient(node),
};
