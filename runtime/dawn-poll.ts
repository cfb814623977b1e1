// Dawn's Node binding settles its promises (mapAsync, onSubmittedWorkDone, popErrorScope, ...) by
// polling: while one is pending it re-queues a native tick with the global `setImmediate`, which
// keeps one CPU core busy for as long as the device works. On a GPU that costs a core; on a CPU
// adapter (lavapipe) it takes that core from the device itself: measured on 2 cores, the poll
// used a third of the CPU during a matmul and the matmul ran ~1.8x slower.
//
// Only CPU adapters need it: on a GPU, waits that overlap (several predictions in flight) would
// each be noticed up to POLL_MS late, so the poll runs unpaced while every open device is on a
// hardware GPU (notePollingDevice).
//
// `setImmediate` is looked up on the global object at every tick, so a wrapper can pace the poll:
// a chain of native ticks runs back to back for its first SPIN_MS (a short wait, such as a
// batch-1 prediction, still returns at once), then once per POLL_MS. JavaScript callbacks are
// never touched, and native ones only when they re-queue themselves from inside a tick.

const SPIN_MS = 2;
const POLL_MS = 1;

type Immediate = typeof setImmediate;
type ClearImmediate = typeof clearImmediate;

const PACED = Symbol.for('nnc.pacedDawnPoll');

// Open devices by kind of adapter. The poll is paced while a CPU adapter's device is open, and
// before any device is (Dawn's instance polls while it finds an adapter).
let cpuDevices = 0;
let gpuDevices = 0;
const pacing = () => cpuDevices > 0 || gpuDevices === 0;

/** Counts an open device, on a hardware GPU or not; the returned function uncounts it (once). */
export function notePollingDevice(hardwareGpu: boolean): () => void {
  if (hardwareGpu) gpuDevices++;
  else cpuDevices++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (hardwareGpu) gpuDevices--;
    else cpuDevices--;
  };
}

/** A native function prints as `function NAME() { [native code] }`; only the end is compared. */
function isNative(fn: unknown): boolean {
  return typeof fn === 'function' && Function.prototype.toString.call(fn).endsWith('{ [native code] }');
}

/** Installs the pacing wrapper once per process (Node only; a no-op where it is already in place). */
export function paceDawnPolling(): void {
  const g = globalThis as typeof globalThis & { [PACED]?: true };
  if (g[PACED] || typeof g.setImmediate !== 'function') return;
  g[PACED] = true;
  const immediate: Immediate = g.setImmediate;
  const clear: ClearImmediate = g.clearImmediate;
  const timers = new WeakSet<object>();
  let inTick = false;
  let chainStart = 0;

  const paced = ((fn: (...args: unknown[]) => void, ...args: unknown[]) => {
    if (!isNative(fn) || !pacing()) return immediate(fn, ...args);
    const now = performance.now();
    if (!inTick) chainStart = now; // a new wait begins
    const run = (): void => {
      inTick = true;
      try {
        fn(...args);
      } finally {
        inTick = false;
      }
    };
    if (now - chainStart < SPIN_MS) return immediate(run);
    const t = setTimeout(run, POLL_MS);
    timers.add(t);
    return t;
  }) as unknown as Immediate;
  g.setImmediate = Object.assign(paced, { __promisify__: immediate.__promisify__ });
  g.clearImmediate = ((h: Parameters<ClearImmediate>[0]) => {
    if (h && timers.has(h)) clearTimeout(h as unknown as ReturnType<typeof setTimeout>);
    else clear(h);
  }) as ClearImmediate;
}
