// Layers lower to primitives: Dense to matmul + add + activation; BatchNorm (inference) to the
// affine normalization with moving statistics; Dropout (inference) to the identity.
import type { Node } from '../ir/graph.js';
import { formatShape } from '../ir/shape.js';
import type { Expr, Ident, Span } from '../syntax/ast.js';
import { didYouMean } from '../syntax/diagnostics.js';
import { bindArgs, type BoundArgs } from './args.js';
import { applyActivation, linear, resolveActivation } from './activation.js';
import type { ModelContext } from './context.js';
import { resolveInitializer } from './init-spec.js';
import { activations, functions, has, layerAliases, layers, type LayerName } from './registries.js';

/** `x |> Layer(...)` or a layers-block item; `given` is the `name =` of the item, if any. */
export function applyLayer(ctx: ModelContext, x: Node, call: Expr, given: Ident | null): Node | null {
  const callee: Ident = call.kind === 'call' ? call.callee : call.kind === 'name' ? { name: call.name, span: call.span } : { name: '', span: call.span };
  const args = call.kind === 'call' ? call.args : [];
  // A bare activation is a layer of its own (Keras's Activation layer).
  if (has(activations, callee.name)) {
    const spec = resolveActivation(ctx, call);
    if (!spec) return null;
    const name = ctx.layerName('Activation', given, call.span);
    const y = applyActivation(ctx, spec, x, call.span);
    if (y) ctx.layers.push({ name, cls: 'Activation', output: y, outputShape: y.type.shape, params: [] });
    return y;
  }
  const cls: string = layerAliases[callee.name] ?? callee.name;
  if (!has(layers, cls) && has(functions, callee.name)) {
    ctx.bag.error(callee.span, `'${callee.name}' is a function, not a layer; use it in an expression, as in h = ${callee.name}(x)`);
    return null;
  }
  if (!has(layers, cls)) {
    const known = [...Object.keys(layers), ...Object.keys(layerAliases), ...Object.keys(activations)];
    ctx.bag.error(callee.span, `unknown layer '${callee.name}'`, didYouMean(callee.name, known));
    return null;
  }
  const bound = bindArgs(callee, `${cls}`, args, layers[cls], ctx.bag);
  if (!bound) return null;
  const name = ctx.layerName(cls, given, call.span);
  switch (cls) {
    case 'Dense':
      return dense(ctx, x, name, bound, call.span);
    case 'BatchNorm':
      return batchNorm(ctx, x, name, bound, call.span);
    case 'Dropout': {
      const t = ctx.training;
      const rate = bound.get('rate') as number;
      let y: Node = x; // inference: identity
      if (t && rate > 0) {
        // Inverted dropout: each layer draws from its own stream of the counter-based hash.
        const mask = ctx.g.node('dropout_mask', [x, t.step], { rate, seed: t.seed, stream: t.dropoutLayers++ });
        y = ctx.g.node('mul', [x, mask], {});
      }
      ctx.layers.push({ name, cls: 'Dropout', output: y, outputShape: y.type.shape, params: [] });
      return y;
    }
    case 'Activation': {
      const spec = resolveActivation(ctx, bound.get('fn') as Expr);
      const y = spec && applyActivation(ctx, spec, x, call.span);
      if (y) ctx.layers.push({ name, cls: 'Activation', output: y, outputShape: y.type.shape, params: [] });
      return y;
    }
  }
}

function featureDim(ctx: ModelContext, x: Node, cls: LayerName, span: Span): number | null {
  const last = x.type.shape[x.type.shape.length - 1];
  if (typeof last !== 'number') {
    ctx.bag.error(
      span,
      `${cls} needs a fixed last (feature) dimension, but its input has shape ${formatShape(x.type.shape)}`,
    );
    return null;
  }
  return last;
}

function dense(ctx: ModelContext, x: Node, name: string, a: BoundArgs, span: Span): Node | null {
  const units = a.get('units') as number;
  const act = a.has('activation') ? resolveActivation(ctx, a.get('activation') as Expr) : linear;
  const init = a.has('init') ? resolveInitializer(ctx.bag, a.get('init') as Expr) : { kind: 'initializer' as const, name: 'glorot_uniform', args: {} };
  const biasInit = a.has('bias_init') ? resolveInitializer(ctx.bag, a.get('bias_init') as Expr) : { kind: 'initializer' as const, name: 'zeros', args: {} };
  const inDim = featureDim(ctx, x, 'Dense', span);
  if (!act || !init || !biasInit || inDim === null) return null;
  const reg = { trainable: true, l1: a.get('l1') as number, l2: a.get('l2') as number, span };
  const kernel = ctx.addParam(`${name}.kernel`, [inDim, units], init, reg);
  let y: Node | null = ctx.build(span, 'matmul', [x, kernel], {});
  const params = [kernel.attrs.name];
  if (a.get('use_bias') as boolean) {
    const bias = ctx.addParam(`${name}.bias`, [units], biasInit, { ...reg, l1: 0, l2: 0 });
    params.push(bias.attrs.name);
    y = y && ctx.build(span, 'add', [y, bias], {});
  }
  y = y && applyActivation(ctx, act, y, span);
  if (y) ctx.layers.push({ name, cls: 'Dense', output: y, outputShape: y.type.shape, params });
  return y;
}

function batchNorm(ctx: ModelContext, x: Node, name: string, a: BoundArgs, span: Span): Node | null {
  const dim = featureDim(ctx, x, 'BatchNorm', span);
  if (dim === null) return null;
  const eps = a.get('epsilon') as number;
  const reg = { l1: 0, l2: 0, span };
  const init = (v: number) => ({ kind: 'values' as const, values: [v] });
  const params: string[] = [];
  let gamma: Node | null = null;
  let beta: Node | null = null;
  if (a.get('scale') as boolean) {
    gamma = ctx.addParam(`${name}.gamma`, [dim], init(1), { ...reg, trainable: true });
    params.push(`${name}.gamma`);
  }
  if (a.get('center') as boolean) {
    beta = ctx.addParam(`${name}.beta`, [dim], init(0), { ...reg, trainable: true });
    params.push(`${name}.beta`);
  }
  const mean = ctx.addParam(`${name}.moving_mean`, [dim], init(0), { ...reg, trainable: false });
  const variance = ctx.addParam(`${name}.moving_variance`, [dim], init(1), { ...reg, trainable: false });
  params.push(mean.attrs.name, variance.attrs.name);
  // y = (x - mean) / sqrt(var + eps) * gamma + beta, with the batch's statistics while training
  // (biased variance) and the moving ones at inference.
  const g = ctx.g;
  let mu: Node = mean;
  let sigma2: Node = variance;
  if (ctx.training) {
    const axes = x.type.shape.slice(0, -1).map((_, i) => i);
    mu = g.node('mean', [x], { axes, keepdims: false });
    // The variance op, not mean(square(x - mu)): its gradient, 2 (x - mu) / n, sends nothing back
    // through mu (that part sums to zero), so the backward pass needs no column sum for it.
    sigma2 = g.node('variance', [x], { axes, keepdims: false });
    const m = a.get('momentum') as number;
    const blend = (moving: Node, batch: Node) =>
      g.node('add', [g.node('mul', [moving, ctx.scalar(m)], {}), g.node('mul', [batch, ctx.scalar(1 - m)], {})], {});
    ctx.training.updates.push({ buffer: mean.attrs.name, node: blend(mean, mu) }, { buffer: variance.attrs.name, node: blend(variance, sigma2) });
  }
  const centered = g.node('sub', [x, mu], {});
  const std = g.node('sqrt', [g.node('add', [sigma2, ctx.scalar(eps)], {})], {});
  let y: Node = g.node('div', [centered, std], {});
  if (gamma) y = g.node('mul', [y, gamma], {});
  if (beta) y = g.node('add', [y, beta], {});
  ctx.layers.push({ name, cls: 'BatchNormalization', output: y, outputShape: y.type.shape, params });
  return y;
}
