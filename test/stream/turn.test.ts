import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../generated/events.js';
import { attach, cancelSession, isStopEvent, ResyncError, SessionStream, streamTurn, StreamClosedError } from '../../src/stream/index.js';
import { perTest, until } from './harness.js';

const { start, cleanup } = perTest({ waitFollowing: true });
const tick = (ms = 10) => new Promise((r) => setTimeout(r, ms));

describe('isStopEvent', () => {
  it('is true exactly for the generated stop events', () => {
    for (const e of ['turn.done', 'turn.error', 'session.cancelled']) expect(isStopEvent({ event: e })).toBe(true);
    for (const e of ['turn.token', 'turn.thinking', 'turn.tool_call', 'turn.tool_result', 'x']) expect(isStopEvent({ event: e })).toBe(false);
  });
});

describe('streamTurn', () => {
  it('subscribes before submitting, keeps only its turn, ends at its stop event', async () => {
    const { server, es } = await start();
    server.token_('sess-a', 'turn-0', 'old ');
    server.done('sess-a', 'turn-0');
    await until(() => es.cursor('sess-a') === 2);
    const ts = streamTurn(es, 'sess-a', async () => {
      // The daemon starts emitting before submit's answer comes back.
      server.token_('sess-a', 'turn-1', 'Unified ');
      server.token_('sess-a', 'turn-1', 'memory');
      await tick(30);
      return { id: 'turn-1' };
    });
    setTimeout(() => server.done('sess-a', 'turn-1'), 50);
    const seen: string[] = [];
    for await (const ev of ts) seen.push(`${ev.event}:${ev.seq}`);
    expect(seen).toEqual(['turn.token:3', 'turn.token:4', 'turn.done:5']);
    expect(await ts.finalText()).toBe('Unified memory');
    expect(ts.stats).toEqual({ inputTokens: 1, outputTokens: 2, durationMs: 3, tokensPerSecond: 4, toolCalls: 0 });
    expect(ts.turnId).toBe('turn-1');
  });

  it('finalText() works without iterating, across a reconnect', async () => {
    const { server, es } = await start();
    const ts = streamTurn(es, 'sess-a', async () => ({ id: 'turn-1' }));
    server.token_('sess-a', 'turn-1', 'a');
    await tick(20);
    server.destroyAll();
    server.token_('sess-a', 'turn-1', 'b');
    server.done('sess-a', 'turn-1');
    expect(await ts.finalText()).toBe('ab');
  });

  it('rejects iteration when submit fails', async () => {
    const { es } = await start();
    const ts = streamTurn(es, 'sess-a', () => Promise.reject(new Error('409 turn_in_progress')));
    await expect(ts.next()).rejects.toThrow('409');
    await expect(ts.finalText()).rejects.toThrow('409');
  });

  it('break cleans up its listeners', async () => {
    const { server, es } = await start();
    const ts = streamTurn(es, 'sess-a', async () => ({ id: 'turn-1' }));
    server.token_('sess-a', 'turn-1', 'a');
    server.token_('sess-a', 'turn-1', 'b');
    for await (const _ of ts) break;
    expect(await ts.next()).toEqual({ value: undefined, done: true });
    await expect(ts.finalText()).rejects.toBeInstanceOf(StreamClosedError);
  });

  it('throws ResyncError when its session loses events mid-turn', async () => {
    const { server, es } = await start();
    const ts = streamTurn(es, 'sess-a', async () => ({ id: 'turn-1' }));
    server.token_('sess-a', 'turn-1', 'a');
    await until(() => es.cursor('sess-a') === 1);
    server.restart();
    await expect((async () => { for await (const _ of ts); })()).rejects.toBeInstanceOf(ResyncError);
  });
});

describe('streamTurn on a session the stream does not know yet', () => {
  it('ignores the expired history before its turn (resync still reported on the stream)', async () => {
    const { server, make } = await start();
    for (let i = 0; i < 10; i++) server.token_('sess-old', 'turn-0', 'x');
    server.done('sess-old', 'turn-0');
    server.expire('sess-old', 3); // 1..8 gone
    const es2 = make({ follow: 'none' });
    cleanup.push(async () => es2.close());
    const resyncs: string[] = [];
    es2.on('resync', (r) => resyncs.push(`${r.reason} ${r.fromSeq}..${r.toSeq}`));
    await until(() => es2.state.type === 'open');
    const ts = streamTurn(es2, 'sess-old', async () => {
      await until(() => es2.cursor('sess-old') === 11);
      server.token_('sess-old', 'turn-1', 'new');
      server.done('sess-old', 'turn-1');
      return { id: 'turn-1' };
    });
    expect(await ts.finalText()).toBe('new');
    expect(resyncs).toEqual(['cursor_expired 1..8']);
  });
});

describe('streamTurn racing a daemon restart', () => {
  it('a turn submitted right after a restart completes (seqs restart, no false ResyncError)', async () => {
    const { server, es } = await start();
    server.token_('sess-a', 'turn-0', 'old');
    server.done('sess-a', 'turn-0');
    await until(() => es.cursor('sess-a') === 2);
    server.restart(); // the stream still believes it is open in the old life
    const ts = streamTurn(es, 'sess-a', async () => {
      await until(() => es.epoch === 'ep-2');
      server.token_('sess-a', 'turn-1', 'fresh');
      server.done('sess-a', 'turn-1');
      return { id: 'turn-1' };
    });
    expect(await ts.finalText()).toBe('fresh');
    expect(ts.stopEvent?.seq).toBe(2);
  });
});

describe('attach', () => {
  it('picks up a running turn from afterSeq on a fresh stream (REST backfill + live)', async () => {
    const { server, make } = await start();
    server.token_('sess-a', 'turn-0', 'x');
    server.done('sess-a', 'turn-0');
    server.token_('sess-a', 'turn-1', 'He');
    server.token_('sess-a', 'turn-1', 'llo');
    const other = make(); // another process / a reloaded page
    cleanup.push(async () => other.close());
    await until(() => other.cursor('sess-a') === 4); // subscribe_all started it at turn-1's first event
    const ts = attach(other, 'sess-a', { afterSeq: 2 });
    server.token_('sess-a', 'turn-1', '!');
    server.done('sess-a', 'turn-1');
    const seqs: number[] = [];
    for await (const ev of ts) seqs.push(ev.seq);
    expect(seqs).toEqual([3, 4, 5, 6]);
    expect(await ts.finalText()).toBe('Hello!');
  });
});

describe('SessionStream', () => {
  it('iterates a session past stop events until aborted', async () => {
    const { server, es } = await start();
    const ac = new AbortController();
    const it = new SessionStream(es, 'sess-a', { afterSeq: 0, signal: ac.signal });
    server.token_('sess-a', 'turn-1', 'a');
    server.done('sess-a', 'turn-1');
    server.token_('sess-a', 'turn-2', 'b');
    const got: EventEnvelope[] = [];
    await expect(
      (async () => {
        for await (const ev of it) {
          got.push(ev);
          if (got.length === 3) ac.abort(new Error('enough'));
        }
      })(),
    ).rejects.toThrow('enough');
    expect(got.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('ends (done) when the stream is closed', async () => {
    const { es } = await start();
    const it = new SessionStream(es, 'sess-a');
    setTimeout(() => es.close(), 20);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });
});

describe('cancelSession', () => {
  it('resolves with session.cancelled after the cancel call', async () => {
    const { server, es } = await start();
    server.token_('sess-a', 'turn-1', 'a');
    await until(() => es.cursor('sess-a') === 1);
    const ev = await cancelSession(es, 'sess-a', async () => {
      server.append('sess-a', 'session.cancelled', { reason: 'user' }, 'turn-1');
    });
    expect(ev).toMatchObject({ event: 'session.cancelled', seq: 2, turnId: 'turn-1' });
  });

  it('rejects when the cancel request fails', async () => {
    const { es } = await start();
    await expect(cancelSession(es, 'sess-a', () => Promise.reject(new Error('404')))).rejects.toThrow('404');
  });
});
