import { ExprPrinter } from '../../compiler/ir/expr-printer.js';
import type { Node } from '../../compiler/ir/graph.js';
import { simplify } from '../../compiler/passes/simplify.js';
import { lossAndGradients, TARGETS } from '../../compiler/training/train-graph.js';
import { helpText, parseArgs, UsageError, type FlagSpec } from '../args.js';
import { loadFile } from '../load.js';
import type { Io } from '../io.js';

const flags: readonly FlagSpec[] = [
  { name: 'model', alias: 'm', kind: 'string', help: 'the model (default: the first with a train block)' },
  { name: 'help', alias: 'h', kind: 'switch', help: 'show this help' },
];

export const grad = {
  summary: 'print the gradient of the loss with respect to each parameter, as the compiler derived it',
  async run(argv: readonly string[], io: Io): Promise<number> {
    const a = parseArgs('grad', argv, flags);
    if (a.flags.has('help')) {
      io.out(helpText('nnc grad FILE [--model M]', "Prints the training loss and d loss / d w for every trainable parameter w as symbolic expressions of the model's values (layer outputs by layer name, y for the targets, N for the batch size), after the compiler's simplifications (for example sigmoid + binary cross-entropy gives sigmoid(z) - y).", flags));
      return 0;
    }
    const path = a.positionals[0];
    const inference = loadFile(path);
    const wanted = a.flags.get('model') as string | undefined;
    const name = wanted ?? inference.models.find((m) => inference.trains.has(m.name))?.name;
    const cfg = name === undefined ? undefined : inference.trains.get(name);
    if (!name || !cfg) throw new UsageError(`${path}: ${wanted ? `model '${wanted}' has` : 'no model has'} a train block; the loss to differentiate comes from it`);
    const model = loadFile(path, 'training', { seed: cfg.seed }).models.find((m) => m.name === name)!;
    const { figures, grads, trainable } = lossAndGradients(model, { ...cfg, metrics: [] });
    const names = new Map<Node, string>();
    for (const l of model.layers) names.set(l.output, l.name);
    for (const i of model.inputs) names.set(i.node, i.name);
    for (const n of topoInputs(figures.loss)) if (n.op === 'input' && n.attrs.name === TARGETS) names.set(n, 'y');
    const raw = [figures.loss, ...trainable.map((p) => grads.get(p)!)];
    const simple = simplify(model.graph, raw);
    const roots = raw.map((r) => simple.get(r)!);
    const printer = new ExprPrinter(roots, { names });
    const lines = [`loss = ${printer.print(roots[0]!)}`];
    trainable.forEach((p, i) => lines.push(`d loss / d ${p.attrs.name} = ${printer.print(roots[i + 1]!)}`));
    const layerLines = model.layers.filter((l) => printerUses(printer, l.name, lines)).map((l) => `  ${l.name}: output of layer ${l.name} (${l.cls})`);
    const out = [...lines, ''];
    if (printer.where.length || layerLines.length) {
      out.push('where');
      out.push(...layerLines);
      for (const w of printer.where) out.push(`  ${w.name} = ${w.text}`);
      out.push('');
    }
    out.push(`N is the batch size; y holds the targets; (a > b) is 1 where a > b, else 0.`, '');
    io.out(out.join('\n'));
    return 0;
  },
};

function printerUses(printer: ExprPrinter, name: string, lines: readonly string[]): boolean {
  const re = new RegExp(`(^|[^\\w.])${name.replace(/[.]/g, '\\.')}(?![\\w.])`);
  return lines.some((l) => re.test(l.replace(/^d loss \/ d \S+ =/, ''))) || printer.where.some((w) => re.test(w.text));
}

function topoInputs(root: Node): Node[] {
  const seen = new Set<Node>();
  const stack = [root];
  const out: Node[] = [];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (n.inputs.length === 0) out.push(n);
    stack.push(...n.inputs);
  }
  return out;
}
