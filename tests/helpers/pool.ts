// Runs async jobs with bounded concurrency (CLI-spawning suites that would oversubscribe the CPU).

/** Runs `jobs` with at most `n` at a time; results in the jobs' order. */
export async function pool<T>(jobs: readonly (() => Promise<T>)[], n: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, jobs.length) }, async () => {
      while (next < jobs.length) {
        const k = next++;
        out[k] = await jobs[k]!();
      }
    }),
  );
  return out;
}
