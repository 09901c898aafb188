/**
 * Prism, as a child process: `mock` answers REST from the spec's examples (pure-contract work,
 * no state, no WebSocket — Prism has neither), `proxy` sits in front of a live server and turns
 * every contract violation into an error (the tests' oracle).
 *
 * The Prism CLI is started with this process's Node (≥ 24, as Prism requires) and its PID is the
 * one stopped: killing an `npx prism` wrapper would leave Prism running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { SPECS_DIR } from './validation.js';
import { writeStateFile, type StateFile } from './state-file.js';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

/** Prism is not installed where this package can find it (it is a dev dependency of this repository only). */
export class PrismNotInstalledError extends Error {
  override readonly name = 'PrismNotInstalledError';
}

/** Prism's CLI script, resolved from this package: this repository's node_modules, or the app's. */
function prismCli(): string {
  try {
    return createRequire(import.meta.url).resolve('@stoplight/prism-cli');
  } catch (error) {
    throw new PrismNotInstalledError('Prism mode needs @stoplight/prism-cli beside this package: npm i -D @stoplight/prism-cli@5.16.0', { cause: error });
  }
}
export const OPENAPI_PATH = `${SPECS_DIR}daemon-v3.openapi.yaml`;

export interface PrismProcess {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Lines Prism printed (its violation log in proxy mode). */
  readonly output: readonly string[];
  close(): Promise<void>;
}

/** A free loopback port (Prism's CLI cannot report a port chosen by the OS). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Spawns `prism <mode> <spec> [upstream]` and resolves once it listens. */
export async function spawnPrism(opts: { mode: 'mock' | 'proxy'; upstream?: string; port?: number; host?: string; errors?: boolean; timeoutMs?: number }): Promise<PrismProcess> {
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port || (await freePort(host));
  const args = [prismCli(), opts.mode, OPENAPI_PATH, ...(opts.upstream ? [opts.upstream] : []), '-h', host, '-p', String(port)];
  if (opts.errors ?? true) args.push('--errors');
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`prism ${opts.mode} not ready after ${opts.timeoutMs ?? 20_000} ms:\n${output.join('\n')}`)), opts.timeoutMs ?? 20_000);
    const onData = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) output.push(line);
      if (/Prism is listening/.test(chunk.toString('utf8'))) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`prism exited with ${String(code)}:\n${output.join('\n')}`));
    });
  });
  const pid = child.pid ?? -1;
  return {
    url: `http://${host}:${port}`,
    port,
    pid,
    output,
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(pid, 'SIGTERM');
        const t = setTimeout(() => child.exitCode === null && process.kill(pid, 'SIGKILL'), 3_000);
        await exited;
        clearTimeout(t);
      }
    },
  };
}

export interface PrismMockOptions {
  /** Interface. Default `127.0.0.1`. */
  readonly host?: string;
  /** Port; 0 picks a free one. Default 9999. */
  readonly port?: number;
  /** Token written to state.json (Prism only checks that a bearer token is present). Default: random. */
  readonly token?: string;
  /** state.json location; `null` writes none. Default: a temp directory removed on close. */
  readonly statePath?: string | null;
}

export interface PrismMock extends PrismProcess {
  readonly token: string;
  readonly statePath: string | null;
}

/**
 * REST only, answered from the spec's examples by Prism (no state: the same example every time;
 * no WebSocket, no faults, no security checks beyond bearer presence).
 */
export async function startPrismMock(options: PrismMockOptions = {}): Promise<PrismMock> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(16).toString('hex');
  const p = await spawnPrism({ mode: 'mock', host, port: options.port ?? 9999, errors: true });
  let state: StateFile | undefined;
  if (options.statePath !== null) state = writeStateFile(options.statePath, { host, port: p.port, token });
  return {
    ...p,
    token,
    statePath: state?.path ?? null,
    async close() {
      await p.close();
      state?.remove();
    },
  };
}
