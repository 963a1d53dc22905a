/** Keeps track of background work so shutdown can wait for it. */
export function createTaskTracker() {
  const running = new Set<Promise<unknown>>();
  return {
    track<T>(task: Promise<T>): Promise<T> {
      running.add(task);
      void task.finally(() => running.delete(task)).catch(() => undefined);
      return task;
    },
    async drain(): Promise<void> {
      await Promise.allSettled([...running]);
    },
    get size(): number {
      return running.size;
    },
  };
}

export type TaskTracker = ReturnType<typeof createTaskTracker>;
