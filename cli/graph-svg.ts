// `nnc graph --format svg`: lays a GraphDesc out with ELK's layered algorithm (elkjs) and writes a
// self-contained SVG. Boxes are sized from their text at a fixed monospace character width, so the
// layout needs no font metrics; ELK places the boxes and the labelled ports (buffer names), routes
// the edges orthogonally, and this file only draws what ELK decided. All coordinates are absolute
// (no transforms), which keeps the picture easy to check.
import type { ELK, ElkExtendedEdge, ElkNode, ElkPoint, ElkPort, ElkShape } from 'elkjs/lib/elk-api.js';
import { UsageError } from './args.js';
import type { GraphDesc, GraphEdge, GraphNode, NodeStyle } from './graph-desc.js';
import { escapeXml } from './plot.js';

const MONO = "'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas, monospace";
/** Font size and advance per character of the monospace faces above (0.6 em), a little rounded up. */
const TEXT = { size: 12, char: 7.3, line: 15 };
const SMALL = { size: 10, char: 6.1, line: 12 };
const TITLE = { size: 15, char: 9.1, line: 20 };
const PAD = { x: 10, y: 6 };
const MARGIN = 16;
const ARROW = 9; // arrowhead length
const PORT = 4; // the dot where a labelled edge leaves its node

const STYLE: Readonly<Record<NodeStyle, { fill: string; stroke: string; rx: number; dash?: string; legend: string }>> = {
  leaf: { fill: '#e8f5e9', stroke: '#2e7d32', rx: 12, legend: 'input / parameter' },
  op: { fill: '#e3f2fd', stroke: '#1565c0', rx: 2, legend: 'op' },
  output: { fill: '#fff3e0', stroke: '#ef6c00', rx: 2, dash: '4 3', legend: 'output' },
  kernel: { fill: '#f3e5f5', stroke: '#6a1b9a', rx: 4, legend: 'kernel' },
};
const INK = '#212121';
const MUTED = '#616161';
const EDGE = '#546e7a';
/** A white outline under small labels, so they stay readable where they cross a line. */
const HALO = 'paint-order="stroke" stroke="#ffffff" stroke-width="3" stroke-linejoin="round"';

const LAYOUT: Readonly<Record<string, string>> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  // Keep operands in their order (x before W in x @ W) where that costs no crossings.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  // Node placement stays Brandes-Koepf, the default: network simplex takes minutes on a training step.
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.spacing.edgeNode': '14',
  'elk.layered.spacing.edgeNodeBetweenLayers': '14',
  'elk.spacing.edgeEdge': '8',
  'elk.layered.mergeEdges': 'true', // one line per value read by several nodes, fanning out
  'elk.padding': '[top=0,left=0,bottom=0,right=0]',
};

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

interface Laid {
  readonly width: number;
  readonly height: number;
  readonly nodes: ReadonlyMap<string, Box>;
  /** The ports of labelled edges, with their labels. */
  readonly ports: readonly { readonly port: Box; readonly label: Box | undefined; readonly text: string }[];
  /** Per edge, in GraphDesc order: its polyline(s). */
  readonly edges: readonly (readonly (readonly ElkPoint[])[])[];
}

const textWidth = (lines: readonly string[], t: { char: number }): number => Math.max(0, ...lines.map((l) => l.length)) * t.char;
const nodeWidth = (n: GraphNode): number => Math.ceil(textWidth(n.lines, TEXT) + 2 * PAD.x);
const nodeHeight = (n: GraphNode): number => n.lines.length * TEXT.line + 2 * PAD.y;

/**
 * A labelled edge leaves its source through a port named by the label (one per source and label,
 * on the south side), so the edges that carry one buffer to several readers share a start and
 * are merged into one line that fans out, and the buffer's name is written once, at the port.
 */
function portsOf(g: GraphDesc): { ports: Map<string, { node: string; label: string }>; portOf: (e: GraphEdge) => string | undefined } {
  const ports = new Map<string, { node: string; label: string }>();
  const key = (e: GraphEdge): string => `${e.from}\u0000${e.label}`;
  const ids = new Map<string, string>();
  for (const e of g.edges) {
    if (e.label === undefined || ids.has(key(e))) continue;
    const id = `${e.from}_p${ids.size}`;
    ids.set(key(e), id);
    ports.set(id, { node: e.from, label: e.label });
  }
  return { ports, portOf: (e) => (e.label === undefined ? undefined : ids.get(key(e))) };
}

/** ELK's constructor, loaded on demand: a 1.6 MB script that no other command needs (and kept out of dist/nnc.js). */
async function loadElk(): Promise<new () => ELK> {
  try {
    const mod = await import('elkjs/lib/elk.bundled.js');
    return mod.default.default; // CommonJS: `default` is module.exports, whose `default` is the constructor
  } catch (e) {
    throw new UsageError(`--format svg needs the elkjs package, which nnc depends on; reinstall nnc (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
}

/** An ELK shape's box, moved by (dx, dy): ELK places ports relative to their node, labels to their port. */
const box = (b: ElkShape, dx: number, dy: number): Box => ({ x: dx + (b.x ?? 0), y: dy + (b.y ?? 0), width: b.width ?? 0, height: b.height ?? 0 });

async function layout(g: GraphDesc): Promise<Laid> {
  const ELK = await loadElk();
  const { ports, portOf } = portsOf(g);
  const edges: ElkExtendedEdge[] = g.edges.map((e, i) => ({ id: `e${i}`, sources: [portOf(e) ?? e.from], targets: [e.to] }));
  const portsByNode = new Map<string, ElkPort[]>();
  for (const [id, p] of ports) {
    const label = { text: p.label, width: Math.ceil(p.label.length * SMALL.char + 2), height: SMALL.line };
    portsByNode.set(p.node, [...(portsByNode.get(p.node) ?? []), { id, width: PORT, height: PORT, layoutOptions: { 'elk.port.side': 'SOUTH' }, labels: [label] }]);
  }
  const root: ElkNode = {
    id: 'root',
    layoutOptions: { ...LAYOUT },
    children: g.nodes.map((n) => ({
      id: n.id,
      width: nodeWidth(n),
      height: nodeHeight(n),
      layoutOptions: { 'elk.portConstraints': 'FIXED_SIDE', 'elk.portLabels.placement': 'OUTSIDE' },
      ports: portsByNode.get(n.id) ?? [],
    })),
    edges,
  };
  const out = await new ELK().layout(root);
  const nodes = new Map<string, Box>();
  const portBoxes: Laid['ports'][number][] = [];
  for (const c of out.children ?? []) {
    const node = box(c, 0, 0);
    nodes.set(c.id, node);
    for (const p of c.ports ?? []) {
      const port = box(p, node.x, node.y);
      const l = p.labels?.[0];
      portBoxes.push({ port, label: l ? box(l, port.x, port.y) : undefined, text: ports.get(p.id)!.label });
    }
  }
  const byId = new Map((out.edges ?? []).map((e) => [e.id, e]));
  return {
    width: out.width ?? 0,
    height: out.height ?? 0,
    nodes,
    ports: portBoxes,
    edges: edges.map((e) => (byId.get(e.id)?.sections ?? []).map((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint])),
  };
}

const f = (v: number): string => String(Math.round(v * 10) / 10);

/** An SVG path through the points, its end pulled back so the line stops inside the arrowhead. */
function pathOf(pts: readonly ElkPoint[], dx: number, dy: number, last: boolean): string {
  const p = pts.map((q) => ({ x: q.x + dx, y: q.y + dy }));
  if (last && p.length >= 2) {
    const a = p[p.length - 2]!;
    const b = p[p.length - 1]!;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    const cut = Math.min(ARROW / 2, len / 2);
    if (len > 0) p[p.length - 1] = { x: b.x - ((b.x - a.x) / len) * cut, y: b.y - ((b.y - a.y) / len) * cut };
  }
  return p.map((q, i) => `${i ? 'L' : 'M'}${f(q.x)} ${f(q.y)}`).join(' ');
}

/** Lines of text as tspans, the first at baseline `y`. */
function textLines(lines: readonly string[], x: number, y: number, line: number, first?: string): string {
  return lines.map((l, i) => `<tspan x="${f(x)}" y="${f(y + i * line)}"${i === 0 && first ? ` ${first}` : ''}>${escapeXml(l)}</tspan>`).join('');
}

/** The SVG picture of `g`, with `footer` (the kernel counts) as a text block under the graph. */
export async function toSvg(g: GraphDesc, footer: string): Promise<string> {
  const laid = await layout(g);
  const footLines = footer.replace(/\s+$/, '').split('\n').map((l) => l.replace(/\s+$/, ''));
  const styles = (Object.keys(STYLE) as NodeStyle[]).filter((s) => g.nodes.some((n) => n.style === s));
  const legendItems = styles.map((s) => ({ s, w: 14 + 6 + STYLE[s].legend.length * SMALL.char + 18 }));
  const legendW = legendItems.reduce((a, b) => a + b.w, 0);
  const contentW = Math.max(laid.width, g.title.length * TITLE.char, legendW, textWidth(footLines, SMALL));
  const W = Math.ceil(contentW + 2 * MARGIN);
  const top = MARGIN + TITLE.line + 8 + 16 + 18; // title, gap, legend row, gap
  const ox = MARGIN + (contentW - laid.width) / 2; // the graph, centred
  const footTop = top + laid.height + 24;
  const H = Math.ceil(footTop + footLines.length * SMALL.line + MARGIN);

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${MONO}">`);
  out.push(`<title>${escapeXml(g.title)}</title>`);
  out.push(
    `<defs><marker id="arrow" viewBox="0 0 ${ARROW} 8" refX="${ARROW / 2}" refY="4" markerUnits="userSpaceOnUse" markerWidth="${ARROW}" markerHeight="8" orient="auto"><path d="M0 0 L${ARROW} 4 L0 8 z" fill="${EDGE}"/></marker></defs>`,
  );
  out.push(`<rect class="background" width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text class="title" x="${MARGIN}" y="${MARGIN + TITLE.size}" font-size="${TITLE.size}" font-weight="bold" fill="${INK}">${escapeXml(g.title)}</text>`);
  let lx = MARGIN;
  const ly = MARGIN + TITLE.line + 8;
  out.push('<g class="legend">');
  for (const { s, w } of legendItems) {
    const st = STYLE[s];
    out.push(`<rect class="swatch" x="${f(lx)}" y="${ly}" width="14" height="14" rx="${Math.min(st.rx, 5)}" fill="${st.fill}" stroke="${st.stroke}"${st.dash ? ` stroke-dasharray="${st.dash}"` : ''}/>`);
    out.push(`<text x="${f(lx + 20)}" y="${ly + 11}" font-size="${SMALL.size}" fill="${MUTED}">${escapeXml(st.legend)}</text>`);
    lx += w;
  }
  out.push('</g>');

  // Edges first, so that boxes sit on top of any line that touches them.
  out.push(`<g class="edges" fill="none" stroke="${EDGE}" stroke-width="1.3">`);
  g.edges.forEach((e, i) => {
    const pts = laid.edges[i]!;
    const d = pts.map((p, j) => pathOf(p, ox, top, j === pts.length - 1)).join(' ');
    out.push(`<path class="edge" data-from="${e.from}" data-to="${e.to}" d="${d}" marker-end="url(#arrow)"/>`);
  });
  out.push('</g>');
  out.push(`<g class="nodes" font-size="${TEXT.size}" text-anchor="middle">`);
  for (const n of g.nodes) {
    const b = laid.nodes.get(n.id)!;
    const st = STYLE[n.style];
    const x = ox + b.x;
    const y = top + b.y;
    out.push(
      `<g class="node ${n.style}" data-id="${n.id}">` +
        `<rect class="node" x="${f(x)}" y="${f(y)}" width="${f(b.width)}" height="${f(b.height)}" rx="${st.rx}" fill="${st.fill}" stroke="${st.stroke}" stroke-width="1.2"${st.dash ? ` stroke-dasharray="${st.dash}"` : ''}/>` +
        `<text fill="${MUTED}">${textLines(n.lines, x + b.width / 2, y + PAD.y + TEXT.size - 1, TEXT.line, `fill="${INK}" font-weight="bold"`)}</text>` +
        '</g>',
    );
  }
  out.push('</g>');
  out.push(`<g class="ports" font-size="${SMALL.size}" fill="${MUTED}">`);
  for (const p of laid.ports) {
    out.push(`<rect class="port" x="${f(ox + p.port.x)}" y="${f(top + p.port.y)}" width="${f(p.port.width)}" height="${f(p.port.height)}" fill="${EDGE}"/>`);
    if (p.label) out.push(`<text class="port-label" x="${f(ox + p.label.x + 1)}" y="${f(top + p.label.y + p.label.height - 3)}" ${HALO}>${escapeXml(p.text)}</text>`);
  }
  out.push('</g>');
  out.push(`<text class="footer" font-size="${SMALL.size}" fill="${MUTED}" xml:space="preserve" style="white-space: pre">${textLines(footLines, MARGIN, footTop + SMALL.size, SMALL.line)}</text>`);
  out.push('</svg>', '');
  return out.join('\n');
}
