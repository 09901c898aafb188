/**
 * A deliberately drifted daemon for the tests: a small node:http + ws server in front of the
 * mock that forwards everything faithfully (Host, Origin, bodies, close codes) except what a
 * rule rewrites — one REST body, one header, one kind of WebSocket frame. The runner must then
 * fail and name what drifted.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import type { MockDaemon } from '@opta/daemon-client/mock';
import { answerClientError } from '../../src/mock/http.js';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface DriftRules {
  /** Rewrites a JSON response body (return it changed, or unchanged). */
  readonly rest?: (req: { method: string; path: string }, status: number, body: Json) => Json;
  /** Rewrites response headers in place. */
  readonly headers?: (req: { method: string; path: string }, headers: Record<string, string>) => void;
  /** Rewrites a frame the daemon sends; `null` drops it. */
  readonly frame?: (frame: Json) => Json | null;
  /** Rewrites the headers of a WebSocket upgrade before they reach the daemon (Host, Origin), in place. */
  readonly upgradeHeaders?: (headers: Record<string, string>, daemonHost: string) => void;
  /** Sees a client frame first; return false to keep it from the daemon (`reply` answers in its place). */
  readonly clientFrame?: (text: string, reply: (frame: Json) => void) => boolean;
}

export interface DriftProxy {
  readonly url: string;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** WebSocket close codes an endpoint may send in a close frame (1005/1006/1015 are reserved). */
const sendable = (code: number): boolean => code === 1000 || (code >= 1001 && code <= 1014 && ![1004, 1005, 1006].includes(code)) || (code >= 3000 && code < 5000);

export async function startDriftProxy(upstream: MockDaemon, rules: DriftRules): Promise<DriftProxy> {
  let ownHost = '';
  const upstreamHost = `${upstream.host}:${upstream.port}`;
  // The proxy's own Host becomes the daemon's; a foreign Host is passed on as is (the Host check must still see it).
  // A missing Host stays missing (the daemon must answer it with a 400 Problem).
  const forwardHost = (host: string | undefined): string | undefined => (host === ownHost ? upstreamHost : host);

  // Faithful at the HTTP edges too: a request Node's parser refuses gets the daemon's Problem,
  // no Host is passed on as none, and the raw path is forwarded without normalising it.
  const server: Server = createServer({ requireHostHeader: false }, (req, res) => {
    void (async () => {
      const body = await readBody(req);
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      const host = forwardHost(req.headers.host);
      const headers: Record<string, string | string[] | undefined> = { ...req.headers, host };
      if (host === undefined) delete headers['host'];
      const up = request({ host: upstream.host, port: upstream.port, path, method, headers, setHost: host !== undefined }, (upRes) => {
        void (async () => {
          const raw = await readBody(upRes);
          const out: Record<string, string> = {};
          for (const [k, v] of Object.entries(upRes.headers)) {
            if (v === undefined || ['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(k)) continue;
            out[k] = Array.isArray(v) ? v.join(', ') : v;
          }
          let text = raw.toString('utf8');
          if (rules.rest && /json/.test(out['content-type'] ?? '') && text) text = JSON.stringify(rules.rest({ method, path }, upRes.statusCode ?? 0, JSON.parse(text) as Json));
          rules.headers?.({ method, path }, out);
          res.writeHead(upRes.statusCode ?? 502, out);
          res.end(text);
        })();
      });
      up.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      up.end(body);
    })();
  });

  server.on('clientError', answerClientError);

  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  server.on('upgrade', (req, socket, head) => {
    const headers: Record<string, string> = { host: forwardHost(req.headers.host) ?? upstreamHost };
    if (req.headers.origin) headers['origin'] = req.headers.origin;
    rules.upgradeHeaders?.(headers, upstreamHost);
    const up = new WebSocket(upstream.wsUrl, { headers, perMessageDeflate: false });
    up.once('unexpected-response', (_r, res) => {
      socket.end(`HTTP/1.1 ${res.statusCode ?? 502} Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      up.terminate();
    });
    up.on('error', () => socket.destroy());
    up.once('open', () => {
      wss.handleUpgrade(req, socket, head, (client) => {
        client.on('message', (data, isBinary) => {
          const forward = rules.clientFrame ? rules.clientFrame(String(data), (f) => client.send(JSON.stringify(f))) : true;
          if (forward && up.readyState === WebSocket.OPEN) up.send(data, { binary: isBinary });
        });
        up.on('message', (data) => {
          const text = String(data);
          let frame: Json;
          try {
            frame = JSON.parse(text) as Json;
          } catch {
            client.send(text);
            return;
          }
          const out = rules.frame ? rules.frame(frame) : frame;
          if (out !== null) client.send(JSON.stringify(out));
        });
        up.on('close', (code, reason) => (sendable(code) ? client.close(code, reason.toString()) : client.terminate()));
        client.on('close', () => up.terminate());
        client.on('error', () => up.terminate());
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  ownHost = `127.0.0.1:${port}`;
  return {
    url: `http://${ownHost}`,
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
