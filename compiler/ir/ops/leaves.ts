// Leaves: model inputs, parameters and literal constants. They become buffers, not kernels.
import type { OpDef } from './op-def.js';

function bound(what: string): never {
  throw new Error(`internal: the interpreter binds ${what} nodes itself`);
}

export const input: OpDef<'input'> = {
  arity: 0,
  shape: () => bound('input'),
  interp: () => bound('input'),
  wgsl: { kind: 'leaf' },
  vjp: () => [], // no inputs
};

export const param: OpDef<'param'> = {
  arity: 0,
  shape: () => bound('param'),
  interp: () => bound('param'),
  wgsl: { kind: 'leaf' },
  vjp: () => [], // no inputs
};

export const constant: OpDef<'const'> = {
  arity: 0,
  shape: () => bound('const'),
  interp: (_inputs, attrs, ctx) => {
    const out = ctx.alloc(attrs.values.length);
    out.set(attrs.values);
    return { shape: ctx.shape, data: out };
  },
  wgsl: { kind: 'leaf' },
  vjp: () => [], // no inputs
};
