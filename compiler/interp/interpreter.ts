// The reference interpreter: evaluates IR nodes on typed arrays with the op table's kernels.
// It is the oracle for every GPU test and the `cpu` backend.
import { topoOrder, type Node } from '../ir/graph.js';
import { opDef } from '../ir/ops/index.js';
import { formatShape } from '../ir/shape.js';
import { bindSymbols, resolveShape } from '../../runtime/shapes.js';
import { sizeOfShape, type FloatArray, type NDArray } from './ndarray.js';

export type Precision = 'f32' | 'f64';

export interface InterpBindings {
  /** Values of `input` nodes, by input name. */
  readonly inputs: ReadonlyMap<string, NDArray>;
  /** Values of `param` nodes, by param name. */
  readonly params: ReadonlyMap<string, NDArray>;
}

export function evaluate(roots: readonly Node[], bindings: InterpBindings, precision: Precision = 'f64'): NDArray[] {
  const alloc = (n: number): FloatArray => (precision === 'f64' ? new Float64Array(n) : new Float32Array(n));
  const order = topoOrder(roots);
  const symbols = bindSymbols(
    order.flatMap((n) => {
      if (n.op !== 'input') return [];
      const v = bindings.inputs.get(n.attrs.name);
      if (!v) throw new Error(`no value for input '${n.attrs.name}'`);
      return [{ name: n.attrs.name, expected: n.type.shape, actual: v.shape }];
    }),
  );
  const values = new Map<number, NDArray>();
  const cast = (a: NDArray): NDArray => {
    if (a.data instanceof Int32Array || a.data.constructor === (precision === 'f64' ? Float64Array : Float32Array)) return a;
    const d = alloc(a.data.length);
    d.set(a.data);
    return { shape: a.shape, data: d };
  };
  for (const n of order) {
    const shape = resolveShape(n.type.shape, symbols);
    let v: NDArray;
    if (n.op === 'input' || n.op === 'param') {
      const src = (n.op === 'input' ? bindings.inputs : bindings.params).get(n.attrs.name);
      if (!src) throw new Error(`no value for ${n.op} '${n.attrs.name}'`);
      if (sizeOfShape(src.shape) !== sizeOfShape(shape)) {
        throw new Error(`${n.op} '${n.attrs.name}' has shape ${formatShape(src.shape)} but the model expects ${formatShape(n.type.shape)}`);
      }
      v = cast({ shape, data: src.data });
    } else {
      const def = opDef(n.op);
      const args = n.inputs.map((x) => values.get(x.id)!);
      v = (def.interp as (i: readonly NDArray[], a: unknown, c: { shape: readonly number[]; alloc: typeof alloc }) => NDArray)(
        args,
        n.attrs,
        { shape, alloc },
      );
    }
    values.set(n.id, v);
  }
  return roots.map((r) => values.get(r.id)!);
}
