// Binding symbolic dimensions from the shapes of the caller's inputs, and resolving declared
// shapes once they are bound. Pure functions, shared by the executor and its tests.

import type { Dim } from './program.js';

export function formatShape(shape: readonly Dim[]): string {
  return `[${shape.join(', ')}]`;
}

export interface ShapedInput {
  readonly name: string;
  /** The shape the model declares, with symbols. */
  readonly expected: readonly Dim[];
  /** The shape the caller passed. */
  readonly actual: readonly number[];
}

/**
 * Binds every symbol from the inputs' shapes. A symbol seen twice must agree and a fixed dim must
 * match, else the error names the input and both shapes.
 */
export function bindSymbols(inputs: readonly ShapedInput[]): Map<string, number> {
  const bound = new Map<string, number>();
  const from = new Map<string, string>();
  for (const { name, expected, actual } of inputs) {
    const mismatch = (why: string): Error =>
      new Error(
        `input '${name}' has shape ${formatShape(actual)} but the model expects ${formatShape(expected)}${why}`,
      );
    for (const d of actual) {
      if (!Number.isInteger(d) || d < 0) throw mismatch(` (dimensions must be non-negative integers)`);
    }
    if (actual.length !== expected.length) throw mismatch('');
    expected.forEach((e, i) => {
      const a = actual[i] as number;
      if (typeof e === 'number') {
        if (a !== e) throw mismatch('');
        return;
      }
      const prev = bound.get(e);
      if (prev === undefined) {
        if (a > 0xffffffff) throw mismatch(` (${e} must fit in a u32)`);
        bound.set(e, a);
        from.set(e, name);
      } else if (prev !== a) {
        throw mismatch(` with ${e} = ${prev} (from input '${from.get(e)}')`);
      }
    });
  }
  return bound;
}

/** The concrete shape of a declared shape under `bindings`. */
export function resolveShape(shape: readonly Dim[], bindings: ReadonlyMap<string, number>): number[] {
  return shape.map((d) => {
    if (typeof d === 'number') return d;
    const v = bindings.get(d);
    if (v === undefined) throw new Error(`symbolic dimension '${d}' is not bound by any input`);
    return v;
  });
}

/** The symbol values in `symbols` order, as a cache key; unbound symbols read as 0. */
export function bindingKey(symbols: readonly string[], bindings: ReadonlyMap<string, number>): string {
  return symbols.map((s) => bindings.get(s) ?? 0).join(',');
}
