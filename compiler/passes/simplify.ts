// Algebraic simplification, run on every program before code generation: identities that autodiff
// and lowering leave behind (x * 1, x / 1, x + 0, double negation, reshape chains, reductions over
// size-1 axes, broadcasts to the same shape) and folding of scalar constants. Each rule keeps the
// value and the shape of the node it replaces; nodes are rebuilt bottom-up in the same graph.
import { topoOrder, type Graph, type Node } from '../ir/graph.js';
import { dimsEqual } from '../ir/shape.js';

const scalarValue = (n: Node): number | null => (n.op === 'const' && n.attrs.values.length === 1 && n.type.shape.length === 0 ? n.attrs.values[0]! : null);

type Rule = (g: Graph, n: Node) => Node | null;

/** `keep` if it already has the node's shape (a scalar operand may have broadcast it). */
const same = (n: Node, keep: Node): Node | null => (dimsEqual(keep.type.shape, n.type.shape) && keep.type.dtype === n.type.dtype ? keep : null);

const rules: readonly Rule[] = [
  // Scalar constant folding.
  (g, n) => {
    if (n.op !== 'add' && n.op !== 'sub' && n.op !== 'mul' && n.op !== 'div') return null;
    const a = scalarValue(n.inputs[0]!);
    const b = scalarValue(n.inputs[1]!);
    if (a === null || b === null) return null;
    const v = n.op === 'add' ? a + b : n.op === 'sub' ? a - b : n.op === 'mul' ? a * b : a / b;
    return Number.isFinite(v) ? g.leaf('const', { values: [v] }, { shape: [], dtype: 'f32' }) : null;
  },
  // x * 1, 1 * x, x / 1, x + 0, 0 + x, x - 0
  (_g, n) => {
    const [x, y] = n.inputs;
    if (n.op === 'mul') return scalarValue(y!) === 1 ? same(n, x!) : scalarValue(x!) === 1 ? same(n, y!) : null;
    if (n.op === 'div') return scalarValue(y!) === 1 ? same(n, x!) : null;
    if (n.op === 'add') return scalarValue(y!) === 0 ? same(n, x!) : scalarValue(x!) === 0 ? same(n, y!) : null;
    if (n.op === 'sub') return scalarValue(y!) === 0 ? same(n, x!) : null;
    return null;
  },
  // -(-x) = x
  (_g, n) => (n.op === 'neg' && n.inputs[0]!.op === 'neg' ? n.inputs[0]!.inputs[0]! : null),
  // A reshape or broadcast to the operand's own shape is the operand.
  (_g, n) => (n.op === 'reshape' || n.op === 'broadcast_to' ? same(n, n.inputs[0]!) : null),
  // A reshape of a constant is the constant with the new shape (constants have no buffer when scalar).
  (g, n) => (n.op === 'reshape' && n.inputs[0]!.op === 'const' ? g.leaf('const', { values: n.inputs[0]!.attrs.values }, n.type) : null),
  // reshape(reshape(x)) = reshape(x)
  (g, n) => (n.op === 'reshape' && n.inputs[0]!.op === 'reshape' ? g.node('reshape', [n.inputs[0]!.inputs[0]!], n.attrs) : null),
  // A sum, mean or max over axes of size 1 only moves no data.
  (g, n) => {
    if (n.op !== 'sum' && n.op !== 'mean' && n.op !== 'max') return null;
    const x = n.inputs[0]!;
    if (!n.attrs.axes.every((a) => x.type.shape[a] === 1)) return null;
    return same(n, x) ?? g.node('reshape', [x], { shape: n.type.shape });
  },
];

/** Rewrites `roots` to their simplified equivalents; the map holds every rewritten node. */
export function simplify(g: Graph, roots: readonly Node[]): Map<Node, Node> {
  const map = new Map<Node, Node>();
  for (const n of topoOrder(roots)) {
    const inputs = n.inputs.map((x) => map.get(x)!);
    let cur: Node = inputs.every((x, i) => x === n.inputs[i]) ? n : rebuild(g, n, inputs);
    // Apply rules to a fixed point (each rewrite strictly shrinks the expression).
    for (let changed = true; changed; ) {
      changed = false;
      for (const r of rules) {
        const next = r(g, cur);
        if (next && next !== cur) {
          cur = next;
          changed = true;
        }
      }
    }
    map.set(n, cur);
  }
  return map;
}

function rebuild(g: Graph, n: Node, inputs: readonly Node[]): Node {
  if (n.inputs.length === 0) return n;
  return g.node(n.op, inputs, n.attrs as never) as unknown as Node;
}
