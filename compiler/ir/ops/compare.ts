// Comparisons and elementwise min/max (broadcasting binary ops). gt/eq produce 0/1 masks as f32:
// the VJP rules of relu, abs, max and minimum/maximum are written with them.
import type { Node } from '../graph.js';
import * as B from './build.js';
import { binaryOp } from './elementwise.js';

export const gt = binaryOp<'gt'>(
  (a, b) => (a > b ? 1 : 0),
  (a, b) => `select(0.0, 1.0, ${a} > ${b})`,
  (_g, node) => B.noGradient(node),
  'f32',
);

export const eq = binaryOp<'eq'>(
  (a, b) => (a === b ? 1 : 0),
  (a, b) => `select(0.0, 1.0, ${a} == ${b})`,
  (_g, node) => B.noGradient(node),
  'f32',
);

// Ties send the whole gradient to the first operand: db = dy * [b strictly wins], da = dy - db.
export const minimum = binaryOp<'minimum'>(Math.min, (a, b) => `min(${a}, ${b})`, (g, node, dy) => {
  const [a, b] = node.inputs as [Node, Node];
  const db = B.mul(g, dy, g.node('gt', [a, b], {}));
  return [B.sub(g, dy, db), db];
});

export const maximum = binaryOp<'maximum'>(Math.max, (a, b) => `max(${a}, ${b})`, (g, node, dy) => {
  const [a, b] = node.inputs as [Node, Node];
  const db = B.mul(g, dy, g.node('gt', [b, a], {}));
  return [B.sub(g, dy, db), db];
});
