// Reductions over a set of axes: sum, mean and max. One invocation computes one output element by
// walking the reduced coordinates; the reduced axes are fixed at compile time.
import { ShapeError } from '../graph.js';
import { sizeOfShape, stridesOf, type NDArray } from '../../interp/ndarray.js';
import { coordLines, productExpr, strideExprs } from '../../codegen/index-math.js';
import type { AxesAttrs, Dim, TensorType } from '../types.js';
import type { InterpContext, OpDef } from './op-def.js';

type Kind = 'sum' | 'mean' | 'max';

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
  const keptStrides = stridesOf(keptShape);
  const redStrides = stridesOf(redShape);
  for (let o = 0; o < nOut; o++) {
    let base = 0;
    keptAxes.forEach((ax, j) => {
      base += (Math.floor(o / keptStrides[j]!) % keptShape[j]!) * strides[ax]!;
    });
    let acc = kind === 'max' ? -Infinity : 0;
    for (let r = 0; r < nRed; r++) {
      let off = base;
      redAxes.forEach((ax, j) => {
        off += (Math.floor(r / redStrides[j]!) % redShape[j]!) * strides[ax]!;
      });
      const v = x.data[off]!;
      acc = kind === 'max' ? Math.max(acc, v) : acc + v;
    }
    out[o] = kind === 'mean' ? acc / nRed : acc;
  }
  return { shape: ctx.shape, data: out };
}

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
        const step = kind === 'max' ? `acc = max(acc, ${x}[base + ${off}]);` : `acc = acc + ${x}[base + ${off}];`;
        const fin = kind === 'mean' ? `acc / f32(${productExpr(redShape)})` : 'acc';
        const body = `${ctx.linearIndex(total)}
  ${coordLines('i', keptShape, 'o').join('\n  ')}
  let base = ${base};
  var acc = ${init};
  for (var r = 0u; r < ${productExpr(redShape)}; r++) {
    ${coordLines('r', redShape, 'r').join('\n    ')}
    ${step}
  }
  ${ctx.output}[i] = ${fin};
}
`;
        return { body, dispatch: { kind: 'linear', threads: keptShape, workgroupSize: 64 } };
      },
    },
    vjp: null,
  };
}

export const sum = reduceOp('sum');
export const mean = reduceOp('mean');
export const max = reduceOp('max');
