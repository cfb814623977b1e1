// Binding call arguments (positional and keyword) to a typed parameter list, with located errors.
import type { Arg, Expr, Ident } from '../syntax/ast.js';
import { didYouMean, type DiagnosticBag } from '../syntax/diagnostics.js';
import { describeExpr } from './literals.js';

export type ArgKind = 'number' | 'int' | 'bool' | 'string' | 'expr';

/** Value types per kind; `expr` arguments are left for the caller to interpret. */
export interface ArgValueMap {
  number: number;
  int: number;
  bool: boolean;
  string: string;
  expr: Expr;
}

export interface ArgSpec {
  readonly name: string;
  readonly kind: ArgKind;
  /** Omitted: the argument is required. */
  readonly default?: number | boolean | string;
  /** With no default: may be absent from the result instead of being required. */
  readonly optional?: boolean;
  /** Returns an error message when the value is out of range. */
  readonly check?: (v: number) => string | null;
}

export type BoundArgs = Map<string, number | boolean | string | Expr>;

function valueOf(spec: ArgSpec, e: Expr): { ok: number | boolean | string | Expr } | { error: string } {
  switch (spec.kind) {
    case 'expr':
      return { ok: e };
    case 'number':
    case 'int': {
      if (e.kind !== 'num') return { error: `'${spec.name}' must be a number, found ${describeExpr(e)}` };
      if (spec.kind === 'int' && !Number.isInteger(e.value)) return { error: `'${spec.name}' must be a whole number, found ${e.value}` };
      const msg = spec.check?.(e.value);
      return msg ? { error: msg } : { ok: e.value };
    }
    case 'bool':
      return e.kind === 'bool' ? { ok: e.value } : { error: `'${spec.name}' must be true or false, found ${describeExpr(e)}` };
    case 'string':
      if (e.kind === 'str') return { ok: e.value };
      if (e.kind === 'name') return { ok: e.name }; // `monitor = val_loss` reads as a name
      return { error: `'${spec.name}' must be a string, found ${describeExpr(e)}` };
  }
}

/**
 * Binds `args` to `specs` for a call of `callee`. Reports every problem into `bag`; returns null
 * when any argument was wrong. `skip` positional slots are already filled (e.g. the piped value).
 */
export function bindArgs(
  callee: Ident,
  what: string,
  args: readonly Arg[],
  specs: readonly ArgSpec[],
  bag: DiagnosticBag,
  skip = 0,
): BoundArgs | null {
  const out: BoundArgs = new Map();
  let ok = true;
  let pos = skip;
  let sawKeyword = false;
  for (const a of args) {
    let spec: ArgSpec | undefined;
    if (a.name) {
      sawKeyword = true;
      spec = specs.find((s) => s.name === a.name!.name);
      if (!spec) {
        const names = specs.slice(skip).map((s) => s.name);
        bag.error(
          a.name.span,
          `${what} has no argument '${a.name.name}'${names.length ? `; it takes ${names.map((n) => `'${n}'`).join(', ')}` : ''}`,
          didYouMean(a.name.name, names),
        );
        ok = false;
        continue;
      }
      if (specs.indexOf(spec) < skip) {
        bag.error(a.name.span, `'${a.name.name}' is the piped value of ${what}; do not pass it again`);
        ok = false;
        continue;
      }
    } else {
      if (sawKeyword) {
        bag.error(a.span, `a positional argument cannot follow keyword arguments in ${what}`);
        ok = false;
        continue;
      }
      spec = specs[pos++];
      if (!spec) {
        const n = specs.length - skip;
        bag.error(a.span, `${what} takes ${n === 0 ? 'no arguments' : `at most ${n} argument${n === 1 ? '' : 's'}`}, but more were given`);
        ok = false;
        continue;
      }
    }
    if (out.has(spec.name)) {
      bag.error(a.span, `argument '${spec.name}' of ${what} is given twice`);
      ok = false;
      continue;
    }
    const v = valueOf(spec, a.value);
    if ('error' in v) {
      bag.error(a.value.span, v.error);
      ok = false;
      continue;
    }
    out.set(spec.name, v.ok);
  }
  for (const s of specs.slice(skip)) {
    if (!out.has(s.name)) {
      if (s.optional) continue;
      if (s.default === undefined) {
        if (ok) bag.error(callee.span, `${what} needs the argument '${s.name}'`);
        ok = false;
      } else out.set(s.name, s.default);
    }
  }
  return ok ? out : null;
}
