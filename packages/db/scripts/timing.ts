/** The q-quantile (0–1) of a list of timings, by nearest rank. */
export const percentile = (list: number[], q: number) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(q * list.length))]!;

/** Runs `work` five times to warm up, then `runs` times timed: p50 and p95 in milliseconds. */
export async function timeIt(runs: number, work: (run: number) => Promise<unknown>) {
  const times: number[] = [];
  for (let run = 0; run < runs + 5; run++) {
    const start = performance.now();
    await work(run);
    if (run >= 5) times.push(performance.now() - start);
  }
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}
