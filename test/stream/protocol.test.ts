import { describe, expect, it } from 'vitest';
import { closeCodeName, encodeClientFrame, isFatalCloseCode, parseServerFrame } from '../../src/protocol.js';
import { FatalCloseError, ProtocolError, StreamAuthError, type StreamError, type StreamState } from '../../src/stream/index.js';
import { range, seqs, perTest, until } from './harness.js';

const { start, cleanup } = perTest();

describe('parseServerFrame (generated validators)', () => {
  const ev = (envelope: unknown) => JSON.stringify({ type: 'event', envelope });
  const ok = { event: 'turn.token', seq: 1, sessionId: 'sess-a', turnId: 'turn-1', time: '2026-11-24T09:30:00.120Z', data: { token: 'x' } };
  it.each([
    ['{', 'not JSON'],
    ['[]', '$ must be object'],
    ['{"type":"nope"}', 'a frame type this SDK does not know'],
    ['{"envelope":{}}', '$.type must be string (missing)'],
    [ev(null), '$.envelope must be object'],
    [ev({ ...ok, seq: 0 }), '$.envelope.seq must be integer >= 1'],
    [ev({ ...ok, seq: '3' }), '$.envelope.seq must be integer'],
    [ev({ ...ok, event: 4 }), '$.envelope.event must be string'],
    [ev({ ...ok, sessionId: undefined }), '$.envelope.sessionId must be SessionId (missing)'],
    [ev({ ...ok, data: 'x' }), '$.envelope.data must be object'],
    // The displacement of issue 8: an array where the event's data object belongs.
    [ev({ ...ok, data: [] }), '$.envelope.data must be object'],
    [ev({ ...ok, data: { token: 5 } }), '$.envelope.data.token must be string'],
    ['{"type":"auth_ok","connectionId":"c","epoch":"e","heartbeatIntervalMs":0}', '$.heartbeatIntervalMs must be integer >= 1'],
    ['{"type":"subscribed","sessionId":"sess-a","afterSeq":-1,"headSeq":0,"oldestSeq":1,"epoch":"e"}', '$.afterSeq must be integer >= 0'],
    ['{"type":"heartbeat","time":"2026-11-24T09:30:00.000Z","epoch":"e","heads":{"sess-a":1.5}}', 'must be integer'],
    ['{"type":"error","message":"m"}', '$.code must be StreamErrorCode (missing)'],
  ])('rejects %s', (text, message) => {
    expect(() => parseServerFrame(text)).toThrow(ProtocolError);
    expect(() => parseServerFrame(text)).toThrow(message);
  });

  it('accepts the contract examples, passes unknown event names, and never quotes a frame', () => {
    expect(parseServerFrame(ev(ok))).toEqual({ type: 'event', envelope: ok });
    expect(parseServerFrame('{"type":"pong","id":"p-1"}')).toEqual({ type: 'pong', id: 'p-1' });
    const hologram = { ...ok, event: 'turn.hologram', data: { shape: 'cube' } };
    expect(parseServerFrame(ev(hologram))).toEqual({ type: 'event', envelope: hologram });
    const secret = 'tok-6b1f0c2d9e8a7b3c4d5e6f708192a3b4';
    for (const text of [`{"type":"error","code":"${secret}","message":"${secret}"}`, `${secret}{`, ev({ ...ok, data: { token: 1, echo: secret } }), `{"type":"${secret}"}`]) {
      try {
        parseServerFrame(text);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ProtocolError);
        expect(`${(error as ProtocolError).message} ${(error as ProtocolError).frame} ${JSON.stringify(error)}`).not.toContain(secret);
      }
    }
    expect(() => parseServerFrame(new Uint8Array(2))).toThrow('binary frame');
  });

  it('is depth-safe: a 50,000-deep array in a checked field is a ProtocolError, not a RangeError', () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    for (const text of [
      `{"type":"heartbeat","time":"2026-11-24T09:30:00.000Z","epoch":"e","heads":${deep}}`,
      ev({ ...ok, data: 'DEEP' }).replace('"DEEP"', deep),
      `{"type":"subscribed","sessionId":${deep}}`,
    ]) {
      expect(() => parseServerFrame(text)).toThrow(ProtocolError);
    }
  });

  it('encodes client frames and knows the close-code table', () => {
    expect(encodeClientFrame({ type: 'subscribe', sessionId: 'sess-a', afterSeq: 4 })).toBe('{"type":"subscribe","sessionId":"sess-a","afterSeq":4}');
    expect([4400, 4401, 4403, 4413].every(isFatalCloseCode)).toBe(true);
    expect([1000, 1001, 1006, 1011, 1012, 1013, 4408, 4429].some(isFatalCloseCode)).toBe(false);
    expect(closeCodeName(4429)).toBe('too_many_connections');
    expect(closeCodeName(4999)).toBeUndefined();
  });
});

describe('protocol over a real socket', () => {
  it('malformed frames: typed error on "error", nothing lost', async () => {
    const { server, es, events } = await start();
    const errors: StreamError[] = [];
    es.on('error', (e) => errors.push(e));
    await until(() => es.state.type === 'open' && server.following);
    server.token_('sess-a', 'turn-1', 'a');
    server.sendRaw('not json');
    server.sendRaw('{"type":"event","envelope":{"seq":"x"}}');
    server.garbleEvents(2); // seq 2 and 3 arrive mangled
    for (let i = 0; i < 4; i++) server.token_('sess-a', 'turn-1', 'b');
    await until(() => events.length === 5);
    expect(seqs(events)).toEqual(range(1, 5));
    expect(errors.length).toBe(4);
    expect(errors.every((e) => e instanceof ProtocolError)).toBe(true);
    expect(es.state.type).toBe('open');
  });

  it('never puts the token in the URL; sends it in the first frame', async () => {
    const { server, es } = await start();
    await until(() => es.state.type === 'open' && server.following);
    server.destroyAll();
    await until(() => server.connections === 2 && es.state.type === 'open');
    expect(server.upgradeUrls).toEqual(['/v3/ws', '/v3/ws']);
    expect(server.upgradeUrls.join()).not.toContain(server.token);
    expect(server.authTokens).toEqual([server.token, server.token]);
  });

  it('refuses to open a URL that carries the token', async () => {
    const { server, make } = await start();
    const es = make({ url: () => `${server.url}?token=${server.token}` });
    cleanup.push(async () => es.close());
    await until(() => es.state.type === 'closed');
    expect((es.state as Extract<StreamState, { type: 'closed' }>).error?.message).toBe('refusing a stream URL that contains the token');
    expect(server.upgradeUrls.some((u) => u.includes(server.token))).toBe(false);
  });

  it('connects with a token short enough to occur in the URL by chance', async () => {
    const { server, es } = await start({ token: 'v3' }); // the URL ends in /v3/ws
    await until(() => es.state.type === 'open');
    expect(server.authTokens).toEqual(['v3']);
  });

  it.each([4400, 4403, 4413])('fatal close %i stops retrying with FatalCloseError', async (code) => {
    const { server, es } = await start();
    const errors: StreamError[] = [];
    es.on('error', (e) => errors.push(e));
    server.rejectAuth = { code, count: 100 };
    await until(() => es.state.type === 'closed');
    await new Promise((r) => setTimeout(r, 200));
    expect(server.connections).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(FatalCloseError);
    expect((errors[0] as FatalCloseError).code).toBe(code);
    expect((es.state as Extract<StreamState, { type: 'closed' }>).error).toBe(errors[0]);
  });

  it('4401 re-reads the token once with refresh, then goes on', async () => {
    const { server, make, es: first } = await start();
    await until(() => first.state.type === 'open');
    first.close();
    server.authTokens.length = 0;
    const calls: boolean[] = [];
    let token = 'stale';
    const es = make({
      getToken: ({ refresh }) => {
        calls.push(refresh);
        if (refresh) token = server.token;
        return token;
      },
    });
    cleanup.push(async () => es.close());
    await until(() => es.state.type === 'open');
    expect(calls).toEqual([false, true]);
    expect(server.authTokens).toEqual(['stale', server.token]);
  });

  it('4401 after the refresh stops with StreamAuthError', async () => {
    const { server, make, es: first } = await start();
    await until(() => first.state.type === 'open');
    first.close();
    const before = server.connections;
    const calls: boolean[] = [];
    const es = make({ getToken: ({ refresh }) => (calls.push(refresh), 'wrong') });
    cleanup.push(async () => es.close());
    const errors: StreamError[] = [];
    es.on('error', (e) => errors.push(e));
    await until(() => es.state.type === 'closed');
    expect(calls).toEqual([false, true]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(StreamAuthError);
    expect(server.connections - before).toBe(2);
  });

  it('non-fatal close codes (4429, 1013, 4408) are retried', async () => {
    const { server, es } = await start();
    server.rejectAuth = { code: 4429, count: 2 };
    await until(() => es.state.type === 'open');
    expect(server.connections).toBe(3);
  });

  it('detaches handlers from retired sockets', async () => {
    const { server, es, events } = await start();
    await until(() => es.state.type === 'open' && server.following);
    server.blackHole(); // socket stays open on the server
    await until(() => server.connections === 2 && es.state.type === 'open', 3000);
    // The black-holed socket is terminated by the client: the server sees it go.
    await until(() => server.conns.size === 1, 3000);
    server.token_('sess-a', 'turn-1', 'x');
    await until(() => events.length === 1);
    expect(events.length).toBe(1);
  });
});
