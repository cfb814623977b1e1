// The kernel for an elementwise op: one invocation per output element; each operand is read at
// its broadcast index, and scalar constants are inlined as literals.
import type { Node } from '../ir/graph.js';
import type { Dim } from '../ir/types.js';
import { coordLines, productExpr, strideExprs } from './index-math.js';

/** WGSL expression indexing an operand of shape `inShape` broadcast to `outShape` at linear index `i`. */
export function broadcastRead(name: string, inShape: readonly Dim[], outShape: readonly Dim[]): string {
  if (inShape.length === outShape.length && inShape.every((d, k) => d === outShape[k])) return `${name}[i]`;
  const offset = outShape.length - inShape.length;
  const strides = strideExprs(inShape);
  const terms = inShape.flatMap((d, k) => (d === 1 ? [] : [`c${k + offset} * ${strides[k]}`]));
  return `${name}[${terms.join(' + ') || '0u'}]`;
}

/** Whether the read of an operand needs the output coordinates `c0..` to be computed. */
export function needsCoords(inShapes: readonly (readonly Dim[])[], outShape: readonly Dim[]): boolean {
  return inShapes.some(
    (s) => !(s.length === outShape.length && s.every((d, k) => d === outShape[k])) && s.some((d) => d !== 1),
  );
}

export function elementwiseBody(
  node: Node,
  operands: readonly ({ kind: 'buffer'; name: string } | { kind: 'literal'; text: string })[],
  output: string,
  expr: (args: readonly string[]) => string,
  linearIndex: (total: string) => string,
): string {
  const outShape = node.type.shape;
  const bufShapes = node.inputs.filter((_, k) => operands[k]!.kind === 'buffer').map((x) => x.type.shape);
  const lines = [linearIndex(productExpr(outShape))];
  if (needsCoords(bufShapes, outShape)) lines.push(...coordLines('i', outShape, 'c').map((l) => `  ${l}`));
  const args = operands.map((o, k) =>
    o.kind === 'literal' ? o.text : broadcastRead(o.name, node.inputs[k]!.type.shape, outShape),
  );
  lines.push(`  ${output}[i] = ${expr(args)};`, '}', '');
  return lines.join('\n');
}
