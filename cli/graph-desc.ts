// The graph `nnc graph` draws, independent of the output format: each stage builds one of these
// (IR nodes, or kernels), and dot and svg are two renderers of it, so the two formats always show
// the same nodes and edges.

/** leaf: a parameter or input (rounded); op: an IR op; output: a program output (plain text); kernel: a WGSL kernel. */
export type NodeStyle = 'leaf' | 'op' | 'output' | 'kernel';

export interface GraphNode {
  /** Unique within the graph, and safe as a dot identifier and an XML attribute (`n3`, `r0`, `k12`). */
  readonly id: string;
  /** The label, one entry per line. */
  readonly lines: readonly string[];
  readonly style: NodeStyle;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
}

export interface GraphDesc {
  readonly title: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

const q = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

const DOT_STYLE: Readonly<Record<NodeStyle, string>> = { leaf: ', style=rounded', op: '', output: ', shape=plaintext', kernel: '' };

/** Graphviz dot; `footer` (the kernel counts) follows as `//` comments. */
export function toDot(g: GraphDesc, footer: string): string {
  const lines = [`digraph ${q(g.title)} {`, '  rankdir=TB;', '  node [shape=box, fontname="monospace", fontsize=10];'];
  for (const n of g.nodes) lines.push(`  ${n.id} [label=${q(n.lines.join('\n')).replace(/\n/g, '\\n')}${DOT_STYLE[n.style]}];`);
  for (const e of g.edges) lines.push(`  ${e.from} -> ${e.to}${e.label === undefined ? '' : ` [label=${q(e.label)}, fontsize=8]`};`);
  lines.push('}', '');
  return lines.join('\n') + footer.split('\n').map((l) => (l ? `// ${l}` : l)).join('\n');
}
