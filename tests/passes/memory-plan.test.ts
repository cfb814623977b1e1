// The buffer plan: temps share a buffer only when their lifetimes do not overlap and their sizes
// have the same symbolic factors; the fused MLP training step needs less memory with it.
import { describe, expect, it } from 'vitest';
import { generateModule } from '../../compiler/codegen/codegen.js';
import { planMemory } from '../../compiler/passes/memory-plan.js';
import { buildMlp, trainStepBytes } from '../../bench/models.js';

describe('planMemory', () => {
  it('reuses a slot after the last read, never during', () => {
    const plan = planMemory(
      [
        { name: 'a', shape: ['N', 8], def: 0, last: 1 },
        { name: 'b', shape: ['N', 4], def: 1, last: 2 }, // overlaps a (a is read by kernel 1, which writes b)
        { name: 'c', shape: ['N', 16], def: 2, last: 3 }, // a is free: reuses it, growing it to [N, 16]
        { name: 'd', shape: [32], def: 3, last: Infinity }, // no symbol: a slot of its own kind
        { name: 'e', shape: ['N', 2], def: 3, last: 4 }, // b is free after kernel 2
      ],
      's',
    );
    const slot = (t: string) => plan.slotOf.get(t)!;
    expect(slot('a')).not.toBe(slot('b'));
    expect(slot('c')).toBe(slot('a'));
    expect(slot('e')).toBe(slot('b'));
    expect(slot('d')).not.toBe(slot('a'));
    expect(plan.slots.find((s) => s.name === slot('c'))!.shape).toEqual(['N', 16]);
    expect(plan.slots).toHaveLength(3);
  });

  it('shrinks the device memory of the MLP training step', () => {
    const m = buildMlp(64, 32);
    const shared = trainStepBytes(generateModule(m.graphs), 128);
    const separate = trainStepBytes(generateModule(m.graphs, { reuseBuffers: false }), 128);
    const unfused = trainStepBytes(generateModule(m.graphs, { fuse: false }), 128);
    expect(shared).toBeLessThan(separate);
    expect(separate).toBeLessThan(unfused);
  });
});
