// Prints IR as readable math, for `nnc grad`: infix operators, known values by name, shared
// subexpressions bound once under a name, and bookkeeping ops that mathematics leaves implicit
// (broadcasts, reshapes) left out.
import { topoOrder, type Node } from './graph.js';

const PREC: Partial<Record<Node['op'], number>> = { add: 1, sub: 1, mul: 2, div: 2, matmul: 2, matmul_tn: 2, neg: 3, pow: 4 };
const INFIX: Partial<Record<Node['op'], string>> = { add: '+', sub: '-', mul: '*', div: '/', matmul: '@' };

/** Ops that only move or stretch data: printed as their operand. */
function transparent(n: Node): boolean {
  return n.op === 'broadcast_to' || n.op === 'reshape';
}

function strip(n: Node): Node {
  while (transparent(n)) n = n.inputs[0]!;
  return n;
}

export interface ExprPrinterOptions {
  /** Names for known values (inputs, targets, layer outputs). Params print as their own names. */
  readonly names: ReadonlyMap<Node, string>;
}

export class ExprPrinter {
  private readonly named = new Map<Node, string>();
  private readonly bindings: { name: string; text: string }[] = [];
  private readonly uses = new Map<Node, number>();

  constructor(
    roots: readonly Node[],
    opts: ExprPrinterOptions,
  ) {
    // Count uses among the printed expressions, so a value used twice is bound once.
    // dim_size reads only its operand's shape (printed as N): not a use of the value.
    for (const n of topoOrder(roots)) {
      if (n.op === 'dim_size' || transparent(n)) continue;
      for (const x of n.inputs) this.uses.set(strip(x), (this.uses.get(strip(x)) ?? 0) + 1);
    }
    for (const [n, name] of opts.names) this.named.set(n, name);
  }

  /** The `name = expression` lines created so far for shared subexpressions. */
  get where(): readonly { name: string; text: string }[] {
    return this.bindings;
  }

  print(n: Node): string {
    return this.expr(strip(n), 0);
  }

  private expr(n: Node, outer: number): string {
    n = strip(n);
    const known = this.named.get(n);
    if (known) return known;
    const text = this.raw(n);
    const prec = PREC[n.op] ?? 5;
    const shared = (this.uses.get(n) ?? 0) > 1 && n.inputs.length > 0 && n.op !== 'dim_size';
    if (shared) {
      const name = `t${this.bindings.length + 1}`;
      this.bindings.push({ name, text });
      this.named.set(n, name);
      return name;
    }
    return prec < outer ? `(${text})` : text;
  }

  private raw(n: Node): string {
    const a = (i: number, p: number) => this.expr(n.inputs[i]!, p);
    switch (n.op) {
      case 'input':
      case 'param':
        return n.attrs.name;
      case 'const': {
        const v = n.attrs.values;
        return v.length === 1 ? fmt(v[0]!) : `[${v.slice(0, 4).map(fmt).join(', ')}${v.length > 4 ? ', ...' : ''}]`;
      }
      case 'add':
      case 'sub':
      case 'mul':
      case 'div':
      case 'matmul': {
        const p = PREC[n.op]!;
        // Left-associative: the right operand of - and / needs parentheses at equal precedence.
        const rightP = n.op === 'sub' || n.op === 'div' || n.op === 'matmul' ? p + 1 : p;
        return `${a(0, p)} ${INFIX[n.op]} ${a(1, rightP)}`;
      }
      case 'matmul_tn':
        return `transpose(${a(0, 0)}) @ ${a(1, 3)}`;
      case 'neg':
        return `-${a(0, 3)}`;
      case 'pow':
        return `${a(0, 5)}^${fmt(n.attrs.exponent)}`;
      case 'square':
        return `${a(0, 5)}^2`;
      case 'gt':
        return `(${a(0, 1)} > ${a(1, 1)})`;
      case 'eq':
        return `(${a(0, 1)} == ${a(1, 1)})`;
      case 'dim_size':
        return dimsName(n);
      case 'sum':
      case 'mean':
      case 'max':
      case 'variance':
        return `${n.op}(${a(0, 0)}, axis=${n.attrs.axes.length === 1 ? n.attrs.axes[0] : `[${n.attrs.axes.join(', ')}]`})`;
      case 'transpose':
        return `transpose(${a(0, 0)})`;
      case 'leaky_relu':
        return `leaky_relu(${a(0, 0)}, ${fmt(n.attrs.alpha)})`;
      default:
        return `${n.op}(${n.inputs.map((_, i) => a(i, 0)).join(', ')})`;
    }
  }
}

function dimsName(n: Node & { op: 'dim_size' }): string {
  const x = n.inputs[0]!;
  return n.attrs.axes.map((i) => String(x.type.shape[i])).join('*');
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}
