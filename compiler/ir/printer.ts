// A readable text form of the IR, for golden tests and `nnc graph`: one node per line, numbered
// in topological order, with its type.
import { topoOrder, type Node } from './graph.js';
import type { TensorType } from './types.js';

export function formatType(t: TensorType): string {
  return `${t.dtype}[${t.shape.join(', ')}]`;
}

function formatAttrs(n: Node): string {
  switch (n.op) {
    case 'input':
    case 'param':
      return ` "${n.attrs.name}"${n.op === 'param' && !n.attrs.trainable ? ' frozen' : ''}`;
    case 'const': {
      const v = n.attrs.values;
      return v.length <= 8 ? ` [${v.join(', ')}]` : ` <${v.length} values>`;
    }
    default: {
      const entries = Object.entries(n.attrs as unknown as Record<string, unknown>).map(
        ([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)}`,
      );
      return entries.length ? ` {${entries.join(', ')}}` : '';
    }
  }
}

export function printGraph(outputs: readonly { name: string; node: Node }[]): string {
  const order = topoOrder(outputs.map((o) => o.node));
  const num = new Map<number, number>();
  const lines: string[] = [];
  for (const n of order) {
    num.set(n.id, num.size);
    const args = n.inputs.map((x) => `%${num.get(x.id)}`).join(', ');
    lines.push(`%${num.get(n.id)} = ${n.op}${args ? ` ${args}` : ''}${formatAttrs(n)} : ${formatType(n.type)}`);
  }
  for (const o of outputs) lines.push(`output ${o.name} = %${num.get(o.node.id)}`);
  return lines.join('\n') + '\n';
}
