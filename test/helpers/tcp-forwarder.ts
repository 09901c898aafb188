/**
 * A plain TCP forwarder for tests where the network matters: bytes go through untouched (the
 * Host header arrives as the client sent it, like an SSH tunnel's). `blackHole()` stops
 * forwarding on the open connections without FIN or RST — a partition, a sleeping laptop's
 * Wi-Fi — while new connections are forwarded again.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
  holed: boolean;
}

export class TcpForwarder {
  readonly #server: Server;
  readonly #pairs = new Set<Pair>();
  connections = 0;
  /** While true, new connections are accepted and dropped at once (the daemon is unreachable). */
  refuseNew = false;

  private constructor(readonly targetHost: string, readonly targetPort: number) {
    this.#server = createServer((client) => this.#forward(client));
  }

  /** Listens on `host:port` (port 0: any) and forwards to `targetHost:targetPort`. */
  static async start(options: { host?: string; port?: number; targetHost?: string; targetPort: number }): Promise<TcpForwarder> {
    const forwarder = new TcpForwarder(options.targetHost ?? '127.0.0.1', options.targetPort);
    await new Promise<void>((resolve, reject) => {
      forwarder.#server.once('error', reject);
      forwarder.#server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    return forwarder;
  }

  get port(): number {
    return (this.#server.address() as { port: number }).port;
  }

  /** The open connections stop carrying bytes, both ways; their sockets stay open. */
  blackHole(): void {
    for (const pair of this.#pairs) pair.holed = true;
  }

  /** Drops every connection (RST) — the daemon's side went away. */
  destroyAll(): void {
    for (const pair of this.#pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
  }

  async close(): Promise<void> {
    this.destroyAll();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #forward(client: Socket): void {
    this.connections++;
    if (this.refuseNew) {
      client.destroy();
      return;
    }
    const upstream = connect(this.targetPort, this.targetHost);
    const pair: Pair = { client, upstream, holed: false };
    this.#pairs.add(pair);
    client.on('data', (chunk) => {
      if (!pair.holed) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!pair.holed) client.write(chunk);
    });
    const end = (): void => {
      this.#pairs.delete(pair);
      if (pair.holed) return; // a black hole says nothing, not even goodbye
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  }
}
