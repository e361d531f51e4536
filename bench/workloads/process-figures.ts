// The figures every process of the side-by-side benchmarks reports about itself, from its start to
// the end of its work (its output excluded): performance.now() counts from the process's start.

export interface ProcessFigures {
  /** Wall seconds since the process started. */
  readonly processSeconds: number;
  /** User + system CPU seconds of every thread of the process. */
  readonly processCpuSeconds: number;
  /** Peak resident set size. */
  readonly peakRssBytes: number;
}

export function processFigures(): ProcessFigures {
  const cpu = process.cpuUsage();
  return {
    processSeconds: performance.now() / 1000,
    processCpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}
