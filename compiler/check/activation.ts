// Activations: resolving `relu`, `leaky_relu(alpha = 0.1)` or "relu" to a spec, and applying one.
import type { Node } from '../ir/graph.js';
import { normalizeAxis } from '../ir/shape.js';
import { ShapeError } from '../ir/graph.js';
import type { Expr, Span } from '../syntax/ast.js';
import { didYouMean } from '../syntax/diagnostics.js';
import { bindArgs } from './args.js';
import type { ModelContext } from './context.js';
import { describeExpr, namedRef } from './literals.js';
import type { ActivationSpec } from './model-types.js';
import { activations, has, type ActivationName } from './registries.js';

export const linear: ActivationSpec = { name: 'linear', alpha: 0.2, axis: -1, temperature: 1 };

/** Reads an activation written as a name, a string, or a call with keyword arguments. */
export function resolveActivation(ctx: ModelContext, e: Expr): ActivationSpec | null {
  const ref = namedRef(e);
  if (!ref) {
    ctx.bag.error(e.span, `expected an activation such as relu or sigmoid, found ${describeExpr(e)}`);
    return null;
  }
  const { name, span } = ref.callee;
  if (!has(activations, name)) {
    ctx.bag.error(span, `unknown activation '${name}'`, didYouMean(name, Object.keys(activations)));
    return null;
  }
  const bound = bindArgs(ref.callee, `activation '${name}'`, ref.args, activations[name], ctx.bag);
  if (!bound) return null;
  return activationSpec(name, bound);
}

export function activationSpec(name: ActivationName, bound: ReadonlyMap<string, unknown>): ActivationSpec {
  return {
    name,
    alpha: (bound.get('alpha') as number | undefined) ?? 0.2,
    axis: (bound.get('axis') as number | undefined) ?? -1,
    temperature: (bound.get('temperature') as number | undefined) ?? 1,
  };
}

/** Applies an activation to `x`; shape problems (a softmax axis out of range) are reported at `span`. */
export function applyActivation(ctx: ModelContext, spec: ActivationSpec, x: Node, span: Span): Node | null {
  switch (spec.name) {
    case 'linear':
      return x;
    case 'relu':
      return ctx.build(span, 'relu', [x], {});
    case 'leaky_relu':
      return ctx.build(span, 'leaky_relu', [x], { alpha: spec.alpha });
    case 'sigmoid':
      return ctx.build(span, 'sigmoid', [x], {});
    case 'tanh':
      return ctx.build(span, 'tanh', [x], {});
    case 'softmax': {
      let axis: number;
      try {
        axis = normalizeAxis(spec.axis, x.type.shape.length);
      } catch (e) {
        if (e instanceof ShapeError) {
          ctx.bag.error(span, `softmax: ${e.message}`);
          return null;
        }
        throw e;
      }
      const z = spec.temperature === 1 ? x : ctx.build(span, 'div', [x, ctx.scalar(spec.temperature)], {});
      return z && ctx.build(span, 'softmax', [z], { axis });
    }
  }
}
