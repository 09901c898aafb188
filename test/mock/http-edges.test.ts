/**
 * The mock's HTTP edges per RFC 9110/9112, as the contract declares them ("HTTP edges"):
 * malformed requests get a 400 Problem and a closed connection (never a destroyed socket the
 * client would retry on), oversized headers 431, a non-JSON body 415, an undeclared method 405
 * with Allow, dot-segments 400 (never normalised), slow clients 408. Raw TCP, so the bytes are
 * exactly what each case says.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startMockDaemon, type MockDaemon } from '@opta/daemon-client/mock';
import { CLOSE_CODES, FATAL_CLOSE_CODES } from '../../generated/stream-protocol.js';
import { type Json } from './helpers.js';

let m: MockDaemon;

interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Json;
  /** True when the daemon closed the connection after answering. */
  readonly closed: boolean;
}

/** Writes `bytes` to a fresh TCP connection (optionally in timed pieces) and reads until the daemon closes it or a full answer arrived. */
function exchange(bytes: string | readonly string[], { pauseMs = 0, keepOpenMs = 0 } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(m.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let closed = false;
    const parts = typeof bytes === 'string' ? [bytes] : [...bytes];
    socket.on('connect', async () => {
      for (const part of parts) {
        if (socket.destroyed) return;
        socket.write(part, 'latin1');
        if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
      }
      if (keepOpenMs > 0) setTimeout(() => socket.end(), keepOpenMs);
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      closed = true;
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, body: body ? (JSON.parse(body) as Json) : {}, closed });
    });
  });
}

const host = (): string => `Host: 127.0.0.1:${m.port}\r\n`;
const auth = (): string => `Authorization: Bearer ${m.token}\r\n`;

beforeAll(async () => {
  m = await startMockDaemon({ port: 0, statePath: null, strict: true, headersTimeoutMs: 300, requestTimeoutMs: 600 });
});
afterAll(async () => {
  await m?.close();
});

describe('malformed HTTP/1.1 gets a 400 Problem and the connection closes', () => {
  const cases: Record<string, () => string> = {
    'a bare LF as line end': () => `GET /v3/health HTTP/1.1\nHost: 127.0.0.1:${m.port}\n\n`,
    'Content-Length with Transfer-Encoding': () =>
      `POST /v3/sessions HTTP/1.1\r\n${host()}${auth()}Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    'two different Content-Lengths': () =>
      `POST /v3/sessions HTTP/1.1\r\n${host()}${auth()}Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}x`,
    'a header line without a colon': () => `GET /v3/health HTTP/1.1\r\n${host()}no colon here\r\n\r\n`,
  };
  for (const [name, request] of Object.entries(cases)) {
    it(name, async () => {
      const answer = await exchange(request());
      expect(answer.status).toBe(400);
      expect(answer.headers['content-type']).toBe('application/problem+json');
      expect(answer.body['code']).toBe('bad_request');
      expect(answer.body['requestId']).toBe(answer.headers['x-request-id']);
      expect(answer.closed).toBe(true);
    });
  }

  it('a WebSocket upgrade without Host: 400 bad_request Problem', async () => {
    const answer = await exchange('GET /v3/ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n');
    expect(answer.status).toBe(400);
    expect(answer.body['code']).toBe('bad_request');
  });

  it('no Host header: 400 bad_request Problem, connection closed', async () => {
    const answer = await exchange('GET /v3/health HTTP/1.1\r\n\r\n');
    expect(answer.status).toBe(400);
    expect(answer.body['code']).toBe('bad_request');
    expect(answer.headers['connection']).toBe('close');
  });
});

describe('limits', () => {
  it('request headers over 16 KiB get 431 headers_too_large', async () => {
    const answer = await exchange(`GET /v3/health HTTP/1.1\r\n${host()}X-Big: ${'a'.repeat(16 * 1024)}\r\n\r\n`);
    expect(answer.status).toBe(431);
    expect(answer.body['code']).toBe('headers_too_large');
  });

  it('headers that trickle in (slowloris) get 408 request_timeout and the connection closes', async () => {
    const started = performance.now();
    const answer = await exchange(['GET /v3/health HTTP/1.1\r\n', host(), 'X-Slow: 1\r\n', 'X-Slow: 2\r\n', 'X-Slow: 3\r\n', 'X-Slow: 4\r\n'], { pauseMs: 150 });
    expect(answer.status).toBe(408);
    expect(answer.body['code']).toBe('request_timeout');
    expect(answer.closed).toBe(true);
    // Bounded: the headers timeout (300 ms) plus Node's checking interval, far below the default.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('a body that never completes gets 408 within the request timeout', async () => {
    const answer = await exchange(`POST /v3/sessions HTTP/1.1\r\n${host()}${auth()}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"mode"`, { keepOpenMs: 4_000 });
    expect(answer.status).toBe(408);
    expect(answer.body['code']).toBe('request_timeout');
  });
});

describe('methods, media types and paths', () => {
  it('an undeclared method on a declared path gets 405 with Allow', async () => {
    const answer = await exchange(`DELETE /v3/sessions HTTP/1.1\r\n${host()}${auth()}Connection: close\r\n\r\n`);
    expect(answer.status).toBe(405);
    expect(answer.body['code']).toBe('method_not_allowed');
    expect(answer.headers['allow']).toBe('GET, POST, OPTIONS');
    const health = await exchange(`POST /v3/health HTTP/1.1\r\n${host()}Content-Length: 0\r\nConnection: close\r\n\r\n`);
    expect(health.status).toBe(405);
    expect(health.headers['allow']).toBe('GET, OPTIONS');
  });

  it('a body that is not application/json gets 415; application/json with a charset is accepted', async () => {
    const body = '{"mode":"chat","model":"m"}';
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx']) {
      const answer = await exchange(`POST /v3/sessions HTTP/1.1\r\n${host()}${auth()}Content-Type: ${type}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
      expect(answer.status, type).toBe(415);
      expect(answer.body['code']).toBe('unsupported_media_type');
    }
    const none = await exchange(`POST /v3/sessions HTTP/1.1\r\n${host()}${auth()}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    expect(none.status).toBe(415);
    const ok = await exchange(`POST /v3/sessions HTTP/1.1\r\n${host()}${auth()}Content-Type: Application/JSON; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    expect(ok.status).toBe(201);
  });

  it('a body that is not UTF-8 gets 400 bad_request (never U+FFFD)', async () => {
    const body = '{"mode":"chat","model":"\xff\xfe"}';
    const answer = await exchange(`POST /v3/sessions HTTP/1.1\r\n${host()}${auth()}Content-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    expect(answer.status).toBe(400);
    expect(answer.body['code']).toBe('bad_request');
  });

  it('dot-segments and empty segments are refused with 400, never normalised into another resource', async () => {
    for (const path of ['/v3/sessions/../health', '/v3/sessions/%2e%2e/health', '/v3/sessions/./sess-abc', '/v3/sessions/%2E', '/v3//health', '/v3/sessions/sess-x/turns/..']) {
      const answer = await exchange(`GET ${path} HTTP/1.1\r\n${host()}${auth()}Connection: close\r\n\r\n`);
      expect(answer.status, path).toBe(400);
      expect(answer.body['code'], path).toBe('bad_request');
    }
    for (const path of ['/', '/v3/sessions/']) {
      const answer = await exchange(`GET ${path} HTTP/1.1\r\n${host()}${auth()}Connection: close\r\n\r\n`);
      expect(answer.status, path).toBe(404);
    }
  });
});

describe('WebSocket frames', () => {
  it('a text frame that is not UTF-8 closes with 1007, which the contract declares (fatal)', async () => {
    expect(CLOSE_CODES.invalid_payload).toBe(1007);
    expect(FATAL_CLOSE_CODES).toContain(1007);
    const ws = new WebSocket(m.wsUrl);
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    // ws validates outgoing text frames only through Buffer input with `binary: false`.
    ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await closed).toBe(1007);
  });

  it('a cursor above 2^53 − 1 is refused over WebSocket as over REST', async () => {
    const ws = new WebSocket(m.wsUrl);
    const frames: Json[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(String(data)) as Json));
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ type: 'auth', token: m.token }));
    const session = await (await fetch(`${m.url}/v3/sessions`, { method: 'POST', headers: { authorization: `Bearer ${m.token}`, 'content-type': 'application/json' }, body: '{"mode":"chat","model":"m"}' })).json() as Json;
    ws.send(`{"type":"subscribe","sessionId":"${session['id']}","afterSeq":9007199254740993}`);
    await expect.poll(() => frames.find((f) => f['type'] === 'error')?.['code']).toBe('bad_frame');
    ws.close();
    const rest = await fetch(`${m.url}/v3/sessions/${session['id']}/events?afterSeq=9007199254740993`, { headers: { authorization: `Bearer ${m.token}` } });
    expect(rest.status).toBe(400);
    const max = await fetch(`${m.url}/v3/sessions/${session['id']}/events?afterSeq=9007199254740991`, { headers: { authorization: `Bearer ${m.token}` } });
    expect(max.status).toBe(200);
  });
});
