/** Ways to keep a few promtool processes busy at once. */

/** Runs `work` on every item, `lanes` at a time, in the order given. */
export async function inLanes<T>(
  items: readonly T[],
  lanes: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, lane));
}

/** `items` in `bins` bins of about equal cost, the costliest bin first (longest first, greedy). */
export function balanced<T extends { readonly cost: number }>(
  items: readonly T[],
  bins: number,
): T[][] {
  const out = Array.from({ length: Math.max(1, bins) }, () => ({ load: 0, items: [] as T[] }));
  for (const item of [...items].sort((a, b) => b.cost - a.cost)) {
    const least = out.reduce((a, b) => (b.load < a.load ? b : a));
    least.items.push(item);
    least.load += item.cost;
  }
  return out
    .filter((b) => b.items.length > 0)
    .sort((a, b) => b.load - a.load)
    .map((b) => b.items);
}

/**
 * Runs tasks that give rise to more tasks, `lanes` batches at a time, without waiting for a whole
 * generation to finish: a lane takes what is ready as soon as it is free. A batch takes about a
 * `2 × lanes`-th of the work ready (at least one task), so processes are few while much is ready
 * and small near the end, when an idle lane would cost most.
 */
export function drain<T extends { readonly cost: number }>(
  initial: readonly T[],
  lanes: number,
  work: (batch: readonly T[]) => Promise<readonly T[]>,
): Promise<void> {
  const ready = [...initial];
  let busy = 0;
  return new Promise((resolve, reject) => {
    let failed = false;
    const pump = () => {
      if (failed) return;
      if (ready.length === 0 && busy === 0) return resolve();
      while (busy < lanes && ready.length > 0) {
        const budget = ready.reduce((n, t) => n + t.cost, 0) / (2 * lanes);
        const batch: T[] = [];
        for (let load = 0; ready.length > 0 && (batch.length === 0 || load < budget);) {
          const task = ready.shift() as T;
          batch.push(task);
          load += task.cost;
        }
        busy++;
        work(batch).then(
          (more) => {
            busy--;
            ready.push(...more);
            pump();
          },
          (err: unknown) => {
            failed = true;
            reject(err);
          },
        );
      }
    };
    pump();
  });
}
