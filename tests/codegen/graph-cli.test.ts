// `nnc graph`: the graph of a model at each stage (forward IR, training step, fused kernels), in
// text, Graphviz dot and svg (laid out by ELK), and the kernels per run, fused and unfused. The svg
// is checked against the dot of the same graph (the same nodes, labels and edges) and for its
// geometry: boxes inside the picture, no two overlapping, every edge from its source to its target.
import { describe, expect, it } from 'vitest';
import { toSvg } from '../../cli/graph-svg.js';
import { nnc } from '../helpers/cli.js';

describe('nnc graph', () => {
  it('prints the forward IR by default, with the kernel counts', () => {
    const r = nnc(['graph', 'dsl-examples/xor.nn']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^# \w+: forward IR/);
    expect(r.stdout).toMatch(/= matmul %\d+, %\d+ : f32\[N, 2\]/);
    const m = /train_step\s+(\d+) \/ (\d+)/.exec(r.stdout)!;
    expect(Number(m[1]) * 2).toBeLessThanOrEqual(Number(m[2]));
  });

  it('prints the training step with its updates (backward stage)', () => {
    const r = nnc(['graph', 'dsl-examples/batchnorm_classifier.nn', '--stage', 'backward']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^update dense_1\.kernel <- %\d+$/m);
    expect(r.stdout).toMatch(/^update batch_norm_1\.moving_mean <- %\d+$/m);
    expect(r.stdout).toContain('matmul_tn');
  });

  it('prints the fused kernels with the IR nodes each computes', () => {
    const r = nnc(['graph', 'dsl-examples/batchnorm_classifier.nn', '--stage', 'fused', '--program', 'predict']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^# predict: \d+ kernels, one submit/);
    expect(r.stdout).toMatch(/^kernel \d+ \(matmul \+ epilogue\)/m);
    expect(r.stdout).toMatch(/relu\(%\d+\) : f32\[N, 64\] -> /);
  });

  it('writes Graphviz dot', () => {
    const ir = nnc(['graph', 'dsl-examples/xor.nn', '--format', 'dot']);
    expect(ir.code, ir.stderr).toBe(0);
    expect(ir.stdout).toMatch(/^digraph "/);
    expect(ir.stdout).toMatch(/n\d+ -> n\d+;/);
    const k = nnc(['graph', 'dsl-examples/xor.nn', '--stage', 'fused', '--format', 'dot']);
    expect(k.stdout).toMatch(/k\d+ -> k\d+ \[label=/);
    expect(k.stdout).toMatch(/^\/\/ kernels per run/m);
  });

  it('refuses a backward graph for a model without a train block', () => {
    const r = nnc(['graph', 'dsl-examples/xor_by_hand.nn', '--stage', 'backward']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no train block/);
  });

  // One case per stage; the fused one has labelled edges (buffers), drawn from ports.
  const cases = [
    { file: 'dsl-examples/digits.nn', stage: 'forward' },
    { file: 'dsl-examples/xor.nn', stage: 'backward' },
    { file: 'dsl-examples/batchnorm_classifier.nn', stage: 'fused' },
  ];
  for (const c of cases) {
    it(`draws the ${c.stage} graph of ${c.file} as svg: the dot's nodes and edges, laid out without overlaps`, () => {
      const args = ['graph', c.file, '--stage', c.stage];
      const svgRun = nnc([...args, '--format', 'svg']);
      expect(svgRun.code, svgRun.stderr).toBe(0);
      expect(svgRun.stderr).toBe('');
      const svg = parseSvg(svgRun.stdout);
      const dot = parseDot(nnc([...args, '--format', 'dot']).stdout);
      const text = nnc(args).stdout;

      // The same graph as dot: node ids and labels, and the edges as a multiset.
      expect(svg.nodes.map((n) => [n.id, n.lines.join('\n')])).toEqual(dot.nodes.map((n) => [n.id, n.label]));
      expect(svg.edges.map((e) => `${e.from}->${e.to}`).sort()).toEqual(dot.edges.map((e) => `${e.from}->${e.to}`).sort());
      expect(svg.nodes.length).toBeGreaterThanOrEqual(10);
      expect(svg.edges.length).toBeGreaterThanOrEqual(svg.nodes.length - 1); // connected
      // ...and a box for each IR node or kernel that the text format lists.
      if (c.stage === 'fused') {
        const kernels = Number(/^# \w+: (\d+) kernels/m.exec(text)![1]);
        expect(svg.nodes.filter((n) => n.style === 'kernel')).toHaveLength(kernels);
        const labels = new Set(dot.edges.map((e) => `${e.from} ${e.label}`));
        expect(svg.portLabels.sort()).toEqual([...labels].map((l) => l.split(' ')[1]!).sort());
      } else {
        const ir = [...text.matchAll(/^%(\d+) = (\w+)/gm)].map((m) => `%${m[1]} ${m[2]}`);
        expect(svg.nodes.filter((n) => n.style !== 'output').map((n) => n.lines[0]!.split(' ').slice(0, 2).join(' '))).toEqual(ir);
      }
      expect(svgRun.stdout).toContain('kernels per run (fused / one per IR node):');

      const [vx, vy, vw, vh] = svg.viewBox;
      for (const n of svg.nodes) {
        expect(n.box.x >= vx! && n.box.y >= vy! && n.box.x + n.box.w <= vx! + vw! && n.box.y + n.box.h <= vy! + vh!, `${n.id} inside the viewBox`).toBe(true);
        // Wide enough for its longest line at the monospace advance (0.6 em of the 12px font).
        expect(n.box.w, `${n.id} fits its text`).toBeGreaterThanOrEqual(Math.max(...n.lines.map((l) => l.length)) * 7.2);
      }
      for (let i = 0; i < svg.nodes.length; i++) {
        for (let j = i + 1; j < svg.nodes.length; j++) {
          const a = svg.nodes[i]!.box;
          const b = svg.nodes[j]!.box;
          const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
          expect(apart, `${svg.nodes[i]!.id} and ${svg.nodes[j]!.id} overlap`).toBe(true);
        }
      }
      // Every edge starts at its source (or the port just below it) and ends, arrowhead pointing
      // down, at the top of its target: the arrow tip (half an arrowhead past the line's end) on the box.
      const byId = new Map(svg.nodes.map((n) => [n.id, n.box]));
      for (const e of svg.edges) {
        const from = byId.get(e.from)!;
        const to = byId.get(e.to)!;
        const [start, end, before] = [e.points[0]!, e.points[e.points.length - 1]!, e.points[e.points.length - 2]!];
        expect(start.x >= from.x && start.x <= from.x + from.w && Math.abs(start.y - (from.y + from.h)) <= 5, `${e.from}->${e.to} leaves ${e.from}`).toBe(true);
        expect(end.x >= to.x && end.x <= to.x + to.w && end.y < to.y && to.y - end.y <= 5, `${e.from}->${e.to} reaches ${e.to}`).toBe(true);
        expect(before.x === end.x && before.y < end.y, `${e.from}->${e.to} comes in from above`).toBe(true);
      }
    }, 120_000);
  }

  it('escapes labels and titles as XML', async () => {
    const svg = await toSvg(
      {
        title: 'a <model> & "friends"',
        nodes: [
          { id: 'n0', lines: ["param 'w' <1>"], style: 'leaf' },
          { id: 'n1', lines: ['a & b', '[N, 2]'], style: 'op' },
        ],
        edges: [{ from: 'n0', to: 'n1', label: '<buf>' }],
      },
      'kernels & more\n',
    );
    expect(svg).toContain('a &lt;model&gt; &amp; &quot;friends&quot;');
    expect(svg).toContain('param &apos;w&apos; &lt;1&gt;');
    expect(svg).toContain('>a &amp; b<');
    expect(svg).toContain('&lt;buf&gt;');
    expect(svg).toContain('kernels &amp; more');
    // No stray markup: every < opens a known SVG element.
    const tags = new Set([...svg.matchAll(/<\/?([a-zA-Z]+)/g)].map((m) => m[1]));
    expect([...tags].sort()).toEqual(['defs', 'g', 'marker', 'path', 'rect', 'svg', 'text', 'title', 'tspan']);
  });
});

interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

const unescape = (s: string): string =>
  s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);

/** The nodes, edges and port labels of `nnc graph --format svg` (absolute coordinates, no transforms). */
function parseSvg(svg: string) {
  expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*>/);
  expect(svg.trimEnd()).toMatch(/<\/svg>$/);
  const viewBox = /^<svg [^>]*viewBox="([^"]+)"/.exec(svg)![1]!.split(' ').map(Number);
  const attr = (tag: string, name: string): number => Number(new RegExp(` ${name}="([^"]+)"`).exec(tag)![1]);
  const nodes = [...svg.matchAll(/<g class="node (\w+)" data-id="(\w+)">(<rect [^>]*>)<text[^>]*>(.*?)<\/text><\/g>/g)].map((m) => ({
    style: m[1]!,
    id: m[2]!,
    box: { x: attr(m[3]!, 'x'), y: attr(m[3]!, 'y'), w: attr(m[3]!, 'width'), h: attr(m[3]!, 'height') } satisfies Box,
    lines: [...m[4]!.matchAll(/<tspan [^>]*>(.*?)<\/tspan>/g)].map((t) => unescape(t[1]!)),
  }));
  expect(nodes.length).toBe((svg.match(/<rect class="node"/g) ?? []).length);
  const edges = [...svg.matchAll(/<path class="edge" data-from="(\w+)" data-to="(\w+)" d="([^"]+)"/g)].map((m) => ({
    from: m[1]!,
    to: m[2]!,
    points: [...m[3]!.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((p) => ({ x: Number(p[1]), y: Number(p[2]) })),
  }));
  expect(edges.length).toBe((svg.match(/<path class="edge"/g) ?? []).length);
  const portLabels = [...svg.matchAll(/<text class="port-label" [^>]*>(.*?)<\/text>/g)].map((m) => unescape(m[1]!));
  return { viewBox, nodes, edges, portLabels };
}

/** The nodes (id, label) and edges of `nnc graph --format dot`. */
function parseDot(dot: string) {
  const nodes = [...dot.matchAll(/^ {2}(\w+) \[label="((?:[^"\\]|\\.)*)"/gm)].map((m) => ({ id: m[1]!, label: m[2]!.replace(/\\n/g, '\n').replace(/\\(.)/g, '$1') }));
  const edges = [...dot.matchAll(/^ {2}(\w+) -> (\w+)(?: \[label="([^"]*)")?/gm)].map((m) => ({ from: m[1]!, to: m[2]!, label: m[3] }));
  return { nodes, edges };
}
