/** Peaks seen by a {@link startMemorySampler}, in bytes. */
export interface MemoryPeaks {
  rss: number;
  heapUsed: number;
  /** Buffers and other memory outside the JS heap. */
  external: number;
  samples: number;
}

/**
 * Samples process.memoryUsage() every `intervalMs` and keeps the maxima.
 * A sample can only land when the event loop is free, so a long synchronous
 * stretch may hide a short spike; the kernel's maxRSS (resourceUsage) is
 * reported next to it as a cross-check.
 */
export function startMemorySampler(intervalMs = 50): { stop(): MemoryPeaks } {
  const peaks: MemoryPeaks = { rss: 0, heapUsed: 0, external: 0, samples: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peaks.rss = Math.max(peaks.rss, m.rss);
    peaks.heapUsed = Math.max(peaks.heapUsed, m.heapUsed);
    peaks.external = Math.max(peaks.external, m.external);
    peaks.samples += 1;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { ...peaks };
    },
  };
}
