// Resolving an initializer written as a name (`he_normal`), a call (`random_normal(stddev = 0.1)`)
// or a string, against the initializer registry.
import type { Expr } from '../syntax/ast.js';
import { didYouMean, type DiagnosticBag } from '../syntax/diagnostics.js';
import { bindArgs, type ArgSpec } from './args.js';
import { initializers } from './initializers.js';
import { describeExpr, namedRef } from './literals.js';
import type { InitSpec } from './model-types.js';

export function resolveInitializer(bag: DiagnosticBag, e: Expr): InitSpec | null {
  const ref = namedRef(e);
  if (!ref) {
    bag.error(e.span, `expected an initializer such as he_normal or zeros, found ${describeExpr(e)}`);
    return null;
  }
  const { name, span } = ref.callee;
  const def = Object.prototype.hasOwnProperty.call(initializers, name) ? initializers[name] : undefined;
  if (!def) {
    bag.error(span, `unknown initializer '${name}'`, didYouMean(name, Object.keys(initializers)));
    return null;
  }
  const specs: ArgSpec[] = Object.entries(def.args).map(([n, a]) => ({ name: n, kind: 'number', default: a.default }));
  const bound = bindArgs(ref.callee, `initializer '${name}'`, ref.args, specs, bag);
  if (!bound) return null;
  const args: Record<string, number> = {};
  for (const [k, v] of bound) args[k] = v as number;
  const problem = def.validate(args);
  if (problem) {
    bag.error(e.span, `initializer '${name}': ${problem}`);
    return null;
  }
  return { kind: 'initializer', name: def.aliasOf ?? name, args };
}
