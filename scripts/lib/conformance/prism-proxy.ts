/**
 * `prism proxy specs/daemon-v3.openapi.yaml <daemon> --errors` as a child process on a free
 * port. Reuses the mock's Prism launcher, which starts Prism's CLI with this Node (Prism needs
 * ≥ 24) and stops that PID — not an npx wrapper, whose death would leave Prism running.
 * If the runner dies first (an exception, Ctrl-C), an exit hook still kills the PID.
 */
import { spawnPrism, type PrismProcess } from '../../../src/mock/prism.js';

export interface PrismProxy {
  readonly url: string;
  readonly pid: number;
  /** Prism's log lines (what it forwarded and what it refused). */
  readonly output: readonly string[];
  stop(): Promise<void>;
}

/** PIDs of proxies not stopped yet, for a signal handler that must not leave Prism behind. */
const live = new Set<number>();

/** Kills every running proxy at once (synchronously: for signal and exit handlers). */
export function killLiveProxies(): void {
  for (const pid of live) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  live.clear();
}

export async function startPrismProxy(upstream: string, timeoutMs = 20_000): Promise<PrismProxy> {
  const prism: PrismProcess = await spawnPrism({ mode: 'proxy', upstream, errors: true, timeoutMs });
  const killOnExit = (): void => {
    try {
      process.kill(prism.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', killOnExit);
  live.add(prism.pid);
  let stopped: Promise<void> | undefined;
  return {
    url: prism.url,
    pid: prism.pid,
    output: prism.output,
    stop() {
      stopped ??= prism.close().finally(() => {
        live.delete(prism.pid);
        process.off('exit', killOnExit);
      });
      return stopped;
    },
  };
}
