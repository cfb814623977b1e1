// Steps whose results depend on the weights alone (BatchNorm's folded scale and shift, say) need
// not run on every prediction: their results stay valid until a weight they read changes. A step
// qualifies when it reads only param, state and const buffers that its program never writes, and
// writes only fixed-size temps that no other kernel of the module writes (the compiler gives such
// values buffers of their own). The runner keeps a version per persistent buffer, bumped by every
// write (setTensor, a program's in-place updates and copies), and skips a qualifying step when the
// versions it last ran with, its output buffers and its workgroup count are all unchanged.
import type { CompiledModule, ProgramSpec } from './program.js';

export interface WeightOnlyStep {
  /** Index into the program's `steps`. */
  readonly step: number;
  /** Persistent buffers it reads. */
  readonly reads: readonly string[];
  /** Temp buffers it writes. */
  readonly writes: readonly string[];
}

/** Persistent (param/state) buffers a program writes: in-place updates and end-of-step copies. */
export function persistentWrites(mod: CompiledModule, prog: ProgramSpec): string[] {
  const role = new Map(mod.buffers.map((b) => [b.name, b.role]));
  const out = new Set<string>();
  for (const s of prog.steps) for (const b of mod.kernels[s]!.bindings) if (b.access === 'read_write' && (role.get(b.buffer) === 'param' || role.get(b.buffer) === 'state')) out.add(b.buffer);
  for (const u of prog.updates ?? []) out.add(u.to);
  return [...out];
}

/** The steps of `prog` whose results can be kept between runs (see above). */
export function weightOnlySteps(mod: CompiledModule, prog: ProgramSpec): WeightOnlyStep[] {
  const spec = new Map(mod.buffers.map((b) => [b.name, b]));
  const writtenHere = new Set(persistentWrites(mod, prog));
  // Writers of each buffer across the whole module (kernels shared by programs counted once).
  const writers = new Map<string, Set<number>>();
  for (const [k, kernel] of mod.kernels.entries()) {
    for (const b of kernel.bindings) {
      if (b.access !== 'read_write') continue;
      let w = writers.get(b.buffer);
      if (!w) writers.set(b.buffer, (w = new Set()));
      w.add(k);
    }
  }
  const out: WeightOnlyStep[] = [];
  prog.steps.forEach((s, step) => {
    const bindings = mod.kernels[s]!.bindings;
    const reads = bindings.filter((b) => b.access === 'read').map((b) => b.buffer);
    const writes = bindings.filter((b) => b.access === 'read_write').map((b) => b.buffer);
    const persistent = (name: string) => {
      const r = spec.get(name)?.role;
      return (r === 'param' || r === 'state' || r === 'const') && !writtenHere.has(name);
    };
    const ownTemp = (name: string) => {
      const b = spec.get(name);
      return b?.role === 'temp' && b.shape.every((d) => typeof d === 'number') && writers.get(name)?.size === 1;
    };
    if (reads.length > 0 && writes.length > 0 && reads.every(persistent) && writes.every(ownTemp)) out.push({ step, reads, writes });
  });
  return out;
}
