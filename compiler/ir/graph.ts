// The graph IR: immutable, hash-consed nodes. Building the same op on the same inputs with the same
// attributes returns the same node, so common subexpressions are shared by construction.
import type { OpAttrMap, OpName, TensorType } from './types.js';

export interface NodeOf<K extends OpName> {
  readonly id: number;
  readonly op: K;
  readonly inputs: readonly Node[];
  readonly attrs: OpAttrMap[K];
  readonly type: TensorType;
}

/** Any node; narrowing on `op` narrows `attrs`. */
export type Node = { [K in OpName]: NodeOf<K> }[OpName];

/** Thrown when an op is built on inputs its shape rule rejects; the checker turns it into a diagnostic. */
export class ShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShapeError';
  }
}

export type ShapeRule<K extends OpName> = (inputs: readonly TensorType[], attrs: OpAttrMap[K]) => TensorType;

export class Graph {
  private readonly table = new Map<string, Node>();
  private nextId = 0;

  constructor(private readonly shapeOf: <K extends OpName>(op: K) => ShapeRule<K>) {}

  /** The node for `op(inputs; attrs)`, created once. Throws ShapeError for ill-typed inputs. */
  node<K extends OpName>(op: K, inputs: readonly Node[], attrs: OpAttrMap[K]): NodeOf<K> {
    const key = `${op}|${inputs.map((n) => n.id).join(',')}|${stableJson(attrs)}`;
    const hit = this.table.get(key);
    if (hit) return hit as unknown as NodeOf<K>;
    const type = this.shapeOf(op)(
      inputs.map((n) => n.type),
      attrs,
    );
    const made: NodeOf<K> = Object.freeze({ id: this.nextId++, op, inputs: Object.freeze([...inputs]), attrs, type });
    this.table.set(key, made as unknown as Node);
    return made;
  }

  /** A leaf (input, param or const): its type is declared, not inferred. */
  leaf<K extends 'input' | 'param' | 'const'>(op: K, attrs: OpAttrMap[K], type: TensorType): NodeOf<K> {
    const key = `${op}||${stableJson(attrs)}|${stableJson(type)}`;
    const hit = this.table.get(key);
    if (hit) return hit as unknown as NodeOf<K>;
    const made: NodeOf<K> = Object.freeze({ id: this.nextId++, op, inputs: Object.freeze([]), attrs, type });
    this.table.set(key, made as unknown as Node);
    return made;
  }

  get size(): number {
    return this.table.size;
  }
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return Object.is(v, -0) ? '-0' : JSON.stringify(v);
}

/** Nodes reachable from `roots`, inputs before users (a topological order). */
export function topoOrder(roots: readonly Node[]): Node[] {
  const seen = new Set<number>();
  const order: Node[] = [];
  // Iterative DFS: models can be deep enough to overflow recursion in long pipes.
  for (const root of roots) {
    const stack: [Node, number][] = [[root, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [n, i] = top;
      if (seen.has(n.id)) {
        stack.pop();
        continue;
      }
      if (i < n.inputs.length) {
        top[1] = i + 1;
        const next = n.inputs[i]!;
        if (!seen.has(next.id)) stack.push([next, 0]);
      } else {
        seen.add(n.id);
        order.push(n);
        stack.pop();
      }
    }
  }
  return order;
}
