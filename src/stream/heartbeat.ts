/**
 * Dead-link detection by wall clock. Timers in background tabs and sleeping laptops fire late,
 * so each tick compares Date.now() with the last time a frame was seen instead of trusting that
 * the timer ran on time. The hot path only bumps a frame counter (no Date.now() per frame); the
 * tick turns a changed count into a timestamp, so the error is at most one tick.
 *
 * Arms a watchdog: `onDead(silentMs)` runs once after `timeoutMs` without a change of `frames()`.
 * Returns the function that disarms it.
 */
export function watch(timeoutMs: number, frames: () => number, onDead: (silentMs: number) => void): () => void {
  let last = Date.now();
  let count = frames();
  const timer = setInterval(() => {
    const now = Date.now();
    if (frames() !== count) {
      count = frames();
      last = now;
    } else if (now - last > timeoutMs) {
      clearInterval(timer);
      onDead(now - last);
    }
  }, Math.max(5, timeoutMs / 4));
  return () => clearInterval(timer);
}
