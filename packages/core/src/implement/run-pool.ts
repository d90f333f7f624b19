/**
 * Runs `work` over `items` with at most `concurrency` in flight, in item order of start.
 * `stopped()` is asked before each start: once it says yes (a fatal provider error such as a
 * missing key or an unreachable API), no new item starts and the ones in flight finish, so
 * work already paid for is still collected.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
  stopped: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length && !stopped()) {
      const index = next++;
      await work(items[index] as T, index);
    }
  };
  const lanes = Math.max(1, Math.min(Math.floor(concurrency), items.length));
  await Promise.all(Array.from({ length: lanes }, lane));
}
