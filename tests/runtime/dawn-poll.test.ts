// The pacing of Dawn's promise polling (runtime/dawn-poll.ts): JavaScript callbacks keep
// setImmediate's exact behaviour; a native callback that re-queues itself from inside its own tick
// (Dawn's poll) runs back to back at first, then on a timer; a real device wait still settles.
// A bound function stands in for a native one: both print as `[native code]`.

import { describe, expect, it } from 'vitest';
import { notePollingDevice, paceDawnPolling } from '../../runtime/dawn-poll.js';
import { testDevice } from '../helpers/gpu.js';

paceDawnPolling();

/**
 * A native-looking callback that re-queues itself for `ms` milliseconds and records when each tick
 * ran. Bounded by time, not by a count: on a fast machine hundreds of back-to-back ticks fit in the
 * spin period, and a count-bounded chain could end before pacing starts.
 */
function nativeChain(ms: number): Promise<number[]> {
  return new Promise((resolve) => {
    const at: number[] = [];
    const tick = function (this: unknown) {
      at.push(performance.now());
      if (at.at(-1)! - at[0]! < ms) setImmediate(native);
      else resolve(at);
    };
    const native = tick.bind(null);
    setImmediate(native);
  });
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

/** The gaps after each tick that ran in [from, to) ms of its chain. */
function gapsIn(at: number[], from: number, to: number): number[] {
  return at.slice(1).map((t, i) => t - at[i]!).filter((_, i) => at[i]! - at[0]! >= from && at[i]! - at[0]! < to);
}

/**
 * A chain of `ms` whose windows each hold at least 5 gaps. On a loaded machine the OS can stop this
 * process for several milliseconds, and a chain stopped through a whole window says nothing about
 * pacing, so it is measured again (up to 5 times). The assertions are then on medians, which a
 * single stall does not move; a chain paced the wrong way still fails them.
 */
async function sampledChain(ms: number, windows: [number, number][]): Promise<number[][]> {
  let gaps: number[][] = [];
  for (let tries = 0; tries < 5; tries++) {
    const at = await nativeChain(ms);
    gaps = windows.map(([from, to]) => gapsIn(at, from, to));
    if (gaps.every((g) => g.length >= 5)) break;
  }
  return gaps;
}

describe('paced Dawn polling', () => {
  it('is installed once and is idempotent', () => {
    const wrapped = globalThis.setImmediate;
    paceDawnPolling();
    expect(globalThis.setImmediate).toBe(wrapped);
    expect(Function.prototype.toString.call(() => 1)).not.toContain('[native code]');
    expect(Function.prototype.toString.call((() => 1).bind(null))).toContain('[native code]');
  });

  it('leaves JavaScript callbacks as setImmediate runs them: in order, before timers, with their arguments', async () => {
    const seen: string[] = [];
    await new Promise<void>((resolve) => {
      setTimeout(() => seen.push('timeout'), 0);
      setImmediate((a: string, b: string) => seen.push(`${a}${b}`), 'x', 'y');
      setImmediate(() => {
        seen.push('second');
        setImmediate(() => {
          seen.push('nested');
          resolve();
        });
      });
    });
    // A nested JS setImmediate chain is never moved to a timer: it runs in the next check phase.
    expect(seen.filter((s) => s !== 'timeout')).toEqual(['xy', 'second', 'nested']);
  });

  it('clearImmediate cancels JavaScript and paced native callbacks alike', async () => {
    let ran = 0;
    clearImmediate(setImmediate(() => ran++));
    // A paced (timer-backed) handle: queued from inside a native tick after the spin period.
    const handle = await new Promise<ReturnType<typeof setImmediate>>((resolve) => {
      const start = performance.now();
      const tick = function () {
        if (performance.now() - start < 5) setImmediate(native);
        else resolve(setImmediate((() => ran++).bind(null)));
      };
      const native = tick.bind(null);
      setImmediate(native);
    });
    clearImmediate(handle);
    await new Promise((r) => setTimeout(r, 20));
    expect(ran).toBe(0);
  });

  it('runs a native chain back to back, then paces it on a timer', async () => {
    // SPIN_MS is 2: the first millisecond is well inside it, from the fifth on well past it.
    const [early, late] = await sampledChain(30, [[0, 1], [5, Infinity]]);
    expect(early!.length).toBeGreaterThanOrEqual(5);
    expect(late!.length).toBeGreaterThanOrEqual(5);
    // Back to back: far below a timer's millisecond. Paced: about a timer's period (Node fires a
    // re-armed 1 ms timer early now and then, so the median, not every gap).
    expect(median(early!)).toBeLessThan(0.5);
    expect(median(late!)).toBeGreaterThanOrEqual(0.5);
  });

  it('runs unpaced while every open device is on a hardware GPU, paced again once a CPU adapter is open', async () => {
    const gpu = notePollingDevice(true);
    try {
      // Back to back past the spin period: far more than one tick per millisecond.
      const [unpaced] = await sampledChain(12, [[5, Infinity]]);
      expect(unpaced!.length).toBeGreaterThan(20);
      expect(median(unpaced!)).toBeLessThan(0.5);
      const cpu = notePollingDevice(false);
      try {
        const [paced] = await sampledChain(30, [[5, Infinity]]);
        expect(paced!.length).toBeGreaterThanOrEqual(5);
        expect(median(paced!)).toBeGreaterThanOrEqual(0.5);
      } finally {
        cpu();
      }
    } finally {
      gpu();
    }
  });

  it('still settles real device waits (mapAsync of a long copy) through the paced poll', async () => {
    const { device, destroy } = await testDevice();
    try {
      const bytes = 32 << 20;
      const usage = GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
      const src = device.createBuffer({ size: bytes, usage });
      const mid = device.createBuffer({ size: bytes, usage });
      const dst = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      device.queue.writeBuffer(src, bytes - 16, Float32Array.of(1, 2, 3, 4));
      const enc = device.createCommandEncoder();
      // Enough copying that the wait outlasts the spin period on any adapter this runs on.
      for (let i = 0; i < 8; i++) enc.copyBufferToBuffer(i % 2 ? mid : src, 0, i % 2 ? src : mid, 0, bytes);
      enc.copyBufferToBuffer(src, bytes - 16, dst, 0, 16);
      device.queue.submit([enc.finish()]);
      await dst.mapAsync(GPUMapMode.READ);
      expect([...new Float32Array(dst.getMappedRange())]).toEqual([1, 2, 3, 4]);
      dst.unmap();
      for (const b of [src, mid, dst]) b.destroy();
    } finally {
      destroy();
    }
  });
});
