// Checking and lowering expressions of the expression form: names, literals, operators, function
// calls and pipes. Each error is reported at the offending sub-expression; the result is null then.
import type { Node } from '../ir/graph.js';
import { normalizeAxis, splitSize } from '../ir/shape.js';
import type { Dim } from '../ir/types.js';
import type { Expr } from '../syntax/ast.js';
import { didYouMean } from '../syntax/diagnostics.js';
import { activationSpec, applyActivation } from './activation.js';
import { bindArgs, type BoundArgs } from './args.js';
import { MAX_DIM, type ModelContext } from './context.js';
import { applyLayer } from './layers.js';
import { describeExpr, tensorLiteral } from './literals.js';
import { activations, functions, has, layerAliases, layers, type FunctionName } from './registries.js';

const opWords = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div' } as const;

export function lowerExpr(ctx: ModelContext, e: Expr): Node | null {
  switch (e.kind) {
    case 'num':
      return ctx.scalar(e.value);
    case 'str':
    case 'bool':
      ctx.bag.error(e.span, `${describeExpr(e)} cannot be used as a tensor`);
      return null;
    case 'name':
      return lookup(ctx, e.name, e.span);
    case 'list': {
      const lit = tensorLiteral(e);
      if ('bad' in lit) {
        ctx.bag.error(lit.bad.span, lit.why);
        return null;
      }
      return ctx.g.leaf('const', { values: lit.values }, { shape: lit.shape, dtype: 'f32' });
    }
    case 'neg': {
      const x = lowerExpr(ctx, e.operand);
      if (x && x.op === 'const') {
        return ctx.g.leaf('const', { values: x.attrs.values.map((v) => -v) }, x.type);
      }
      return x && ctx.build(e.span, 'neg', [x], {});
    }
    case 'binary': {
      if (e.op === '^') {
        const base = lowerExpr(ctx, e.left);
        if (e.right.kind !== 'num') {
          ctx.bag.error(e.right.span, `the exponent of '^' must be a number, found ${describeExpr(e.right)}`);
          return null;
        }
        return base && ctx.build(e.span, 'pow', [base], { exponent: e.right.value });
      }
      const a = lowerExpr(ctx, e.left);
      const b = lowerExpr(ctx, e.right);
      if (!a || !b) return null;
      if (e.op === '@') return ctx.build(e.span, 'matmul', [a, b], {});
      return ctx.build(e.span, opWords[e.op], [a, b], {}, `cannot ${e.op === '+' ? 'add' : e.op === '-' ? 'subtract' : e.op === '*' ? 'multiply' : 'divide'}`);
    }
    case 'pipe': {
      const x = lowerExpr(ctx, e.left);
      if (!x) return null;
      return pipeInto(ctx, x, e.right);
    }
    case 'call':
      return call(ctx, e, null);
  }
}

function lookup(ctx: ModelContext, name: string, span: Expr['span']): Node | null {
  const b = ctx.env.get(name);
  if (b) return b.node;
  if (has(functions, name)) {
    ctx.bag.error(span, `'${name}' is a function, not a value; call it as ${name}(x) or pipe into it: x |> ${name}`);
  } else if (has(layers, name) || has(layerAliases, name)) {
    ctx.bag.error(span, `'${name}' is a layer, not a value; apply it with a pipe: x |> ${name}(...)`);
  } else {
    ctx.bag.error(span, `unknown name '${name}'`, didYouMean(name, ctx.env.keys()));
  }
  return null;
}

/** `x |> right`: a layer or activation (a layer of its own, as in a layers block), or a function. */
function pipeInto(ctx: ModelContext, x: Node, right: Expr): Node | null {
  const name = right.kind === 'call' ? right.callee.name : right.kind === 'name' ? right.name : null;
  if (name === null) {
    ctx.bag.error(right.span, `expected a layer or function after '|>', found ${describeExpr(right)}`);
    return null;
  }
  if (has(functions, name) && !has(activations, name)) {
    if (right.kind === 'name') return call(ctx, { kind: 'call', callee: { name, span: right.span }, args: [], span: right.span }, x);
    return right.kind === 'call' ? call(ctx, right, x) : null;
  }
  return applyLayer(ctx, x, right, null);
}

function call(ctx: ModelContext, e: Expr & { kind: 'call' }, piped: Node | null): Node | null {
  const name = e.callee.name;
  if (!has(functions, name)) {
    if (has(layers, name) || has(layerAliases, name)) {
      ctx.bag.error(e.callee.span, `'${name}' is a layer; apply it with a pipe, as in x |> ${name}(...)`);
    } else if (ctx.env.has(name)) {
      ctx.bag.error(e.callee.span, `'${name}' is a value, not a function; it cannot be called`);
    } else {
      ctx.bag.error(e.callee.span, `unknown function '${name}'`, didYouMean(name, [...Object.keys(functions), ...ctx.env.keys()]));
    }
    return null;
  }
  const a = bindArgs(e.callee, `'${name}'`, e.args, functions[name], ctx.bag, piped ? 1 : 0);
  if (!a) return null;
  if (name === 'concat') return concat(ctx, e, a);
  const x = piped ?? lowerExpr(ctx, a.get('x') as Expr);
  if (!x) return null;
  return apply(ctx, name, x, a, e);
}

function apply(ctx: ModelContext, name: Exclude<FunctionName, 'concat'>, x: Node, a: BoundArgs, e: Expr): Node | null {
  const span = e.span;
  switch (name) {
    case 'linear':
    case 'relu':
    case 'leaky_relu':
    case 'sigmoid':
    case 'tanh':
    case 'softmax':
      return applyActivation(ctx, activationSpec(name, a), x, span);
    case 'exp':
    case 'log':
    case 'sqrt':
    case 'abs':
    case 'square':
      return ctx.build(span, name, [x], {});
    case 'sum':
    case 'mean':
    case 'max': {
      const axes = readAxes(ctx, a.get('axis') as Expr | undefined, x.type.shape.length);
      return axes && ctx.build(span, name, [x], { axes, keepdims: a.get('keepdims') as boolean });
    }
    case 'transpose': {
      const permExpr = a.get('perm') as Expr | undefined;
      const rank = x.type.shape.length;
      const perm = permExpr ? readInts(ctx, permExpr) : Array.from({ length: rank }, (_, i) => rank - 1 - i);
      return perm && ctx.build(span, 'transpose', [x], { perm });
    }
    case 'reshape': {
      const shape = readShape(ctx, a.get('shape') as Expr, x.type.shape);
      return shape && ctx.build(span, 'reshape', [x], { shape });
    }
  }
}

function concat(ctx: ModelContext, e: Expr & { kind: 'call' }, a: BoundArgs): Node | null {
  const list = a.get('tensors') as Expr;
  if (list.kind !== 'list' || list.items.length === 0) {
    ctx.bag.error(list.span, `concat takes a list of tensors, as in concat([a, b], axis = -1)`);
    return null;
  }
  const xs = list.items.map((i) => lowerExpr(ctx, i));
  if (xs.some((x) => x === null)) return null;
  const nodes = xs as Node[];
  const rank = nodes[0]!.type.shape.length;
  let axis: number;
  try {
    axis = normalizeAxis(a.get('axis') as number, rank);
  } catch (err) {
    ctx.bag.error(e.span, `concat: ${(err as Error).message}`);
    return null;
  }
  return ctx.build(e.span, 'concat', nodes, { axis });
}

function readInts(ctx: ModelContext, e: Expr): number[] | null {
  const items = e.kind === 'list' ? e.items : [e];
  const out: number[] = [];
  for (const i of items) {
    if (i.kind !== 'num' || !Number.isInteger(i.value)) {
      ctx.bag.error(i.span, `expected a whole number, found ${describeExpr(i)}`);
      return null;
    }
    out.push(i.value);
  }
  return out;
}

/** `axis = 1` or `axis = [0, 1]`; absent means every axis. Normalized, sorted, unique. */
function readAxes(ctx: ModelContext, e: Expr | undefined, rank: number): number[] | null {
  if (!e) return Array.from({ length: rank }, (_, i) => i);
  const raw = readInts(ctx, e);
  if (!raw) return null;
  const out = new Set<number>();
  for (const r of raw) {
    const a = r < 0 ? r + rank : r;
    if (a < 0 || a >= rank) {
      ctx.bag.error(e.span, `axis ${r} is out of range for a tensor of rank ${rank}`);
      return null;
    }
    out.add(a);
  }
  return [...out].sort((p, q) => p - q);
}

/** A target shape: numbers and symbolic names; one -1 is inferred from the element count. */
function readShape(ctx: ModelContext, e: Expr, from: readonly Dim[]): Dim[] | null {
  if (e.kind !== 'list') {
    ctx.bag.error(e.span, `reshape takes a shape list, as in reshape(x, [N, 4])`);
    return null;
  }
  const dims: Dim[] = [];
  let infer = -1;
  for (const [k, i] of e.items.entries()) {
    if (i.kind === 'name') dims.push(i.name);
    else if (i.kind === 'num' && Number.isInteger(i.value) && ((i.value > 0 && i.value <= MAX_DIM) || i.value === -1)) {
      if (i.value === -1) {
        if (infer >= 0) {
          ctx.bag.error(i.span, 'only one dimension of a reshape can be -1');
          return null;
        }
        infer = k;
      }
      dims.push(i.value);
    } else {
      ctx.bag.error(i.span, `a dimension must be a positive whole number, -1 or a name, found ${describeExpr(i)}`);
      return null;
    }
  }
  if (infer >= 0) {
    const have = splitSize(from);
    const want = splitSize(dims.filter((_, k) => k !== infer));
    const extraSyms = [...have.syms];
    const symsOk = want.syms.every((s) => {
      const at = extraSyms.indexOf(s);
      if (at >= 0) extraSyms.splice(at, 1);
      return at >= 0;
    });
    if (!symsOk || extraSyms.length > 0 || have.fixed % want.fixed !== 0) {
      ctx.bag.error(e.span, `cannot infer the -1 dimension when reshaping [${from.join(', ')}] to [${dims.join(', ')}]`);
      return null;
    }
    dims[infer] = have.fixed / want.fixed;
  }
  return dims;
}
