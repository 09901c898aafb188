/**
 * Dead-link detection by wall clock. Timers in background tabs and sleeping laptops fire late,
 * so each tick compares Date.now() with the last time a frame was seen instead of trusting that
 * the timer ran on time. The hot path only bumps a frame counter (no Date.now() per frame); the
 * tick turns a changed count into a timestamp, so the error is at most one tick.
 */
export class Watchdog {
  #last = 0;
  #count = 0;
  #timeout = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** `frames` reads the connection's frame counter; `onDead` gets the silence in ms. */
  constructor(
    private readonly frames: () => number,
    private readonly onDead: (silentMs: number) => void,
  ) {}

  /** (Re)arms: the link is dead after `timeoutMs` without a frame. */
  start(timeoutMs: number): void {
    this.stop();
    this.#timeout = timeoutMs;
    this.#last = Date.now();
    this.#count = this.frames();
    this.#timer = setInterval(() => this.#tick(), Math.max(5, Math.floor(timeoutMs / 4)));
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #tick(): void {
    const now = Date.now();
    const n = this.frames();
    if (n !== this.#count) {
      this.#count = n;
      this.#last = now;
    } else if (now - this.#last > this.#timeout) {
      this.stop();
      this.onDead(now - this.#last);
    }
  }
}
