// The buffer plan: temporaries whose lifetimes do not overlap share one device buffer. A temp lives
// from the kernel that writes it to the last kernel that reads it (program outputs and the sources
// of end-of-step update copies live to the end). Two temps share a slot only when their sizes
// have the same symbolic factors (so one size dominates the other for every batch size); the slot
// takes the larger fixed factor. Greedy, in dispatch order, best fit.
import type { Dim } from '../ir/types.js';

export interface TempUse {
  readonly name: string;
  readonly shape: readonly Dim[];
  /** Index of the kernel that writes it. */
  readonly def: number;
  /** Index of the last kernel that reads it (Infinity: read after the last kernel). */
  readonly last: number;
}

export interface MemoryPlan {
  /** Temp name → slot name. */
  readonly slotOf: ReadonlyMap<string, string>;
  /** Every slot and its shape (a shape whose element count covers each temp it holds). */
  readonly slots: readonly { readonly name: string; readonly shape: readonly Dim[] }[];
}

function signature(shape: readonly Dim[]): { fixed: number; syms: string[] } {
  let fixed = 1;
  const syms: string[] = [];
  for (const d of shape) {
    if (typeof d === 'number') fixed *= d;
    else syms.push(d);
  }
  return { fixed, syms: syms.sort() };
}

export function planMemory(temps: readonly TempUse[], slotPrefix: string): MemoryPlan {
  interface Slot {
    name: string;
    key: string;
    fixed: number;
    syms: string[];
    freeAfter: number; // last use of its current occupant
  }
  const slots: Slot[] = [];
  const slotOf = new Map<string, string>();
  const byDef = [...temps].sort((a, b) => a.def - b.def || a.name.localeCompare(b.name));
  for (const t of byDef) {
    const sig = signature(t.shape);
    const key = sig.syms.join('*');
    // Free slots of the same symbolic signature; prefer the smallest that already fits, else the largest.
    const free = slots.filter((s) => s.key === key && s.freeAfter < t.def);
    let pick: Slot | undefined;
    const fits = free.filter((s) => s.fixed >= sig.fixed).sort((a, b) => a.fixed - b.fixed);
    pick = fits[0] ?? free.sort((a, b) => b.fixed - a.fixed)[0];
    if (!pick) {
      pick = { name: `${slotPrefix}${slots.length}`, key, fixed: sig.fixed, syms: sig.syms, freeAfter: -1 };
      slots.push(pick);
    }
    pick.fixed = Math.max(pick.fixed, sig.fixed);
    pick.freeAfter = t.last;
    slotOf.set(t.name, pick.name);
  }
  return {
    slotOf,
    slots: slots.map((s) => ({ name: s.name, shape: [...s.syms, ...(s.fixed !== 1 || s.syms.length === 0 ? [s.fixed] : [])] })),
  };
}

/** Bytes of a set of buffers once the symbols are bound (4 bytes per element, at least 4). */
export function bytesOf(shapes: readonly (readonly Dim[])[], bind: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const s of shapes) {
    let n = 1;
    for (const d of s) n *= typeof d === 'number' ? d : (bind.get(d) ?? 1);
    total += Math.max(4, 4 * n);
  }
  return total;
}
