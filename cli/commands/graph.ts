// `nnc graph FILE`: the model's graph at each stage of compilation, and the kernels each program
// dispatches. Stages: forward (the inference IR), backward (the training step: loss, gradients,
// optimizer and statistics updates, after simplification), fused (the kernels the compiler emits,
// each with the IR nodes it computes). Formats: text, dot (Graphviz) or svg (laid out by ELK, see
// ../graph-svg.ts). Each stage builds one GraphDesc (../graph-desc.ts); dot and svg render it.
import { generateModule, type ModuleGraphs, type ProgramGraph } from '../../compiler/codegen/codegen.js';
import { topoOrder, type Node } from '../../compiler/ir/graph.js';
import { printGraph } from '../../compiler/ir/printer.js';
import { buildTrainingModule } from '../../compiler/training/train-graph.js';
import type { CompiledModule } from '../../runtime/program.js';
import { helpText, parseArgs, UsageError, type FlagSpec } from '../args.js';
import { storageBuffers, storageBuffersFlag } from '../storage-buffers.js';
import { toDot, type GraphDesc, type GraphEdge, type GraphNode } from '../graph-desc.js';
import { toSvg } from '../graph-svg.js';
import type { Io } from '../io.js';
import { loadFile, loadModel } from '../load.js';

const STAGES = ['forward', 'backward', 'fused'] as const;
const FORMATS = ['text', 'dot', 'svg'] as const;
const PROGRAMS = ['predict', 'train_step', 'evaluate'] as const;

const flags: readonly FlagSpec[] = [
  { name: 'model', alias: 'm', kind: 'string', help: 'the model (default: the first with a train block, else the first)' },
  { name: 'stage', alias: 's', kind: 'string', values: STAGES, help: 'forward (default), backward or fused' },
  { name: 'format', alias: 'f', kind: 'string', values: FORMATS, help: 'text (default), dot (Graphviz) or svg (a laid-out picture); written to stdout' },
  { name: 'program', alias: 'p', kind: 'string', values: PROGRAMS, help: 'fused stage: the program to show (default: train_step when the model trains, else predict)' },
  storageBuffersFlag,
  { name: 'help', alias: 'h', kind: 'switch', help: 'show this help' },
];

type Program = (typeof PROGRAMS)[number];

export const graph = {
  summary: 'show the graph at each compilation stage (forward, backward, fused kernels) and the kernels per step',
  async run(argv: readonly string[], io: Io): Promise<number> {
    const a = parseArgs('graph', argv, flags);
    if (a.flags.has('help')) {
      io.out(
        helpText(
          'nnc graph FILE [--stage forward|backward|fused] [--format text|dot|svg] [--program P] [--model M] [--storage-buffers N]',
          'Prints the IR of a model at a stage of compilation: forward (inference), backward (the whole training step after simplification: loss, gradients, optimizer and BatchNorm updates) or fused (the kernels the compiler emits, with the IR nodes each one computes and the buffers it writes). Ends with the number of kernels each program dispatches per run, fused and unfused. --format dot writes Graphviz input; --format svg writes a picture laid out by nnc itself (no Graphviz needed): redirect it, as in nnc graph FILE --format svg > graph.svg.',
          flags,
        ),
      );
      return 0;
    }
    const path = a.positionals[0];
    if (a.positionals.length > 1) throw new UsageError(`nnc graph takes one file, got ${a.positionals.length}`);
    const stage = (a.flags.get('stage') as (typeof STAGES)[number] | undefined) ?? 'forward';
    const format = (a.flags.get('format') as (typeof FORMATS)[number] | undefined) ?? 'text';
    const wanted = a.flags.get('model') as string | undefined;
    const file = loadFile(path);
    const name = wanted ?? file.models.find((m) => file.trains.has(m.name))?.name;
    const { model } = loadModel(path, name);
    const cfg = file.trains.get(model.name);
    let graphs: ModuleGraphs;
    if (cfg) {
      const training = loadFile(path, 'training', { seed: cfg.seed }).models.find((m) => m.name === model.name)!;
      graphs = buildTrainingModule(model, training, cfg);
    } else {
      graphs = { predict: { outputs: model.outputs } };
    }
    const budget = storageBuffers(a);
    const fused = generateModule(graphs, budget !== undefined ? { maxStorageBuffers: budget } : {});
    const unfused = generateModule(graphs, { fuse: false });
    const counts = kernelCounts(fused, unfused);

    if (stage === 'backward' && !graphs.train_step) throw new UsageError(`${path}: model '${model.name}' has no train block, so there is no backward graph`);
    const program = (a.flags.get('program') as Program | undefined) ?? (graphs.train_step ? 'train_step' : 'predict');
    if (stage === 'fused' && !fused.programs[program]) throw new UsageError(`${path}: model '${model.name}' has no program '${program}'`);

    if (format === 'text') {
      if (stage === 'forward') io.out(`# ${model.name}: forward IR (inference mode)\n${printGraph(model.outputs)}`);
      else if (stage === 'backward') io.out(`# ${model.name}: training step IR (loss, gradients, updates), simplified\n${printProgram(graphs.train_step!)}`);
      else io.out(kernelText(fused, program));
      io.out(`\n${counts}`);
      return 0;
    }
    const desc =
      stage === 'forward'
        ? irGraph(`${model.name}: forward IR (inference)`, model.outputs)
        : stage === 'backward'
          ? irGraph(`${model.name}: training step IR`, namedRoots(graphs.train_step!))
          : kernelGraph(`${model.name}: ${program} kernels (fused)`, fused, program);
    io.out(format === 'dot' ? toDot(desc, counts) : await toSvg(desc, counts));
    return 0;
  },
};

function kernelCounts(fused: CompiledModule, unfused: CompiledModule): string {
  const lines = ['kernels per run (fused / one per IR node):'];
  for (const p of PROGRAMS) {
    const f = fused.programs[p];
    const u = unfused.programs[p];
    if (!f || !u) continue;
    const copies = f.updates?.length ?? 0;
    lines.push(`  ${p.padEnd(10)} ${String(f.steps.length).padStart(4)} / ${String(u.steps.length).padEnd(4)}${copies ? `  (+${copies} buffer copies)` : ''}`);
  }
  return lines.join('\n') + '\n';
}

function namedRoots(p: ProgramGraph): { name: string; node: Node }[] {
  return [...p.outputs, ...(p.updates ?? []).map((u) => ({ name: `@update ${u.buffer}`, node: u.node }))];
}

/** printGraph, with updates written as `update BUFFER <- %k`. */
function printProgram(p: ProgramGraph): string {
  return printGraph(namedRoots(p)).replace(/^output @update (\S+) = (%\d+)$/gm, 'update $1 <- $2');
}

/** IR nodes as boxes (leaves rounded), an edge per distinct input, and each root as a named output. */
function irGraph(title: string, roots: readonly { name: string; node: Node }[]): GraphDesc {
  const order = topoOrder(roots.map((r) => r.node));
  const num = new Map(order.map((n, i) => [n, i]));
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const n of order) {
    const leaf = n.inputs.length === 0;
    const name = leaf && 'name' in n.attrs ? ` ${(n.attrs as { name: string }).name}` : '';
    nodes.push({ id: `n${num.get(n)}`, lines: [`%${num.get(n)} ${n.op}${name}`, `[${n.type.shape.join(', ')}]`], style: leaf ? 'leaf' : 'op' });
    for (const x of new Set(n.inputs)) edges.push({ from: `n${num.get(x)}`, to: `n${num.get(n)}` });
  }
  roots.forEach((r, i) => {
    nodes.push({ id: `r${i}`, lines: [r.name], style: 'output' });
    edges.push({ from: `n${num.get(r.node)}`, to: `r${i}` });
  });
  return { title, nodes, edges };
}

/** Each kernel's header: the IR nodes it computes (and inlines), and the buffers it writes. */
function kernelText(mod: CompiledModule, program: Program): string {
  const prog = mod.programs[program]!;
  const out = [`# ${program}: ${prog.steps.length} kernels, one submit`];
  for (const s of prog.steps) {
    const k = mod.kernels[s]!;
    const header = k.wgsl.split('\n').filter((l) => l.startsWith('//')).filter((l) => /^\/\/ kernel|^\/\/ {3}/.test(l));
    out.push(...header.map((l) => l.replace(/^\/\/ ?/, '')));
  }
  for (const u of prog.updates ?? []) out.push(`copy ${u.from} -> ${u.to}`);
  return out.join('\n') + '\n';
}

/** Kernels as nodes, buffers written by one and read by another as edges. */
function kernelGraph(title: string, mod: CompiledModule, program: Program): GraphDesc {
  const prog = mod.programs[program]!;
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  const writer = new Map<string, number>();
  // The graph's title names the program, so labels drop the `program.` prefix of kernels and buffers.
  const short = (s: string): string => (s.startsWith(`${program}.`) ? s.slice(program.length + 1) : s);
  for (const s of prog.steps) {
    const k = mod.kernels[s]!;
    const title = k.wgsl.split('\n')[0]!.replace(/^\/\/ /, '');
    if (!seen.has(`k${s}`)) nodes.push({ id: `k${s}`, lines: [short(k.name), title.replace(/^kernel \d+ /, '')], style: 'kernel' });
    seen.add(`k${s}`);
    // An edge from the last kernel that wrote each buffer this one reads (temps, and persistent
    // buffers updated in place); a store into a reused temp buffer draws no edge.
    for (const b of k.bindings) {
      const from = writer.get(b.buffer);
      const reads = b.access === 'read' || /^p_/.test(b.name);
      const edge = { from: `k${from}`, to: `k${s}`, label: short(b.buffer) };
      const dup = edges.some((e) => e.from === edge.from && e.to === edge.to && e.label === edge.label);
      if (reads && from !== undefined && from !== s && !dup) edges.push(edge);
    }
    for (const b of k.bindings) if (b.access === 'read_write') writer.set(b.buffer, s);
  }
  return { title, nodes, edges };
}
