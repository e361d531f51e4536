// The engine's helper threads (the store's read thread, the page-prefault thread) work ahead of the
// session thread's need: whatever they have not done, the session thread does itself. They run at
// a lower scheduling priority (a higher nice value), so that when more threads want a CPU than
// there are CPUs (V8's compiler and garbage-collector threads come and go beside them), the thread
// that waits is a helper and not the session thread, whose time is the run's time. Measured on two
// CPUs (docs/performance.md, change 107): the session thread of the 2,000-symbol backtest waited
// 0.18–0.23 s of its run for a CPU, about a fifth less with its helpers niced.
//
// Linux keeps a nice value per thread (setpriority on a thread id; man 2 setpriority, NOTES), which
// is what makes this work for one thread of the process. Elsewhere the snippet does nothing and the
// helpers run at the process's priority, as before. A nice value is only ever raised: a process
// started with a higher one (`nice -n 15 scanwright run …`) keeps it for its helpers too (lowering
// it would need a privilege).

/** The read thread's nice value: below the session thread, still served when a CPU is free. */
export const READ_THREAD_NICE = 10;
/** The prefault thread's: the lowest (touching pages ahead is pure gain, never waited for). */
export const PREFAULT_THREAD_NICE = 19;

/**
 * CommonJS source for an eval'd worker (`new Worker(source, { eval: true })`): sets the calling
 * thread's nice value to `nice` (or leaves a higher one) on Linux, nothing elsewhere or where the
 * system refuses it.
 */
export function lowerThreadPrioritySource(nice: number): string {
  return `
if (process.platform === "linux" && require("node:fs").existsSync("/proc/thread-self")) {
  const os = require("node:os");
  // /proc/thread-self links to "<pid>/task/<thread id>".
  const threadId = Number(require("node:fs").readlinkSync("/proc/thread-self").split("/").pop());
  try {
    if (os.getPriority(threadId) < ${nice}) os.setPriority(threadId, ${nice});
  } catch {
    // A sandbox that refuses setpriority: the thread helps at the process's priority, as it did
    // before priorities were set (a hint not taken is no reason to lose the helper).
  }
}
`;
}
