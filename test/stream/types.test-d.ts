// The seed's "WebSocket streaming" example, verbatim, against the stream's event API.
import { describe, expectTypeOf, it } from 'vitest';
import type { SessionCancelledEvent, TurnStats } from '../../generated/events.js';
import type { EventStream, ResyncInfo, StreamState, TurnStream, UnknownEnvelope } from '../../src/stream/index.js';

declare const client: { connectWebSocket(): EventStream };

describe('event typing', () => {
  it('the seed switch narrows data and stats', () => {
    const ws = client.connectWebSocket();
    ws.on('event', (envelope) => {
      switch (envelope.event) {
        case 'turn.token':        process.stdout.write(envelope.data.token); break;
        case 'turn.tool_call':    console.log('Tool:', envelope.data.toolName, envelope.data.args); break;
        case 'turn.tool_result':  console.log('Result:', envelope.data.toolName, envelope.data.result); break;
        case 'turn.done':         console.log('\nStats:', envelope.stats); break;
        case 'turn.error':        console.error('Error:', envelope.data.message); break;
        case 'session.cancelled': console.log('Session cancelled'); break;
      }
    });
    ws.on('disconnect', () => {
      console.log('WebSocket disconnected');
    });

    ws.on('event', (envelope) => {
      if (envelope.event === 'turn.token') expectTypeOf(envelope.data.token).toEqualTypeOf<string>();
      if (envelope.event === 'turn.done') {
        expectTypeOf(envelope.stats).toEqualTypeOf<TurnStats>();
        expectTypeOf(envelope.data.finishReason).toEqualTypeOf<'stop' | 'length' | 'tool_limit'>();
      }
      if (envelope.event === 'session.cancelled') expectTypeOf(envelope).toEqualTypeOf<SessionCancelledEvent>();
      // @ts-expect-error stats only exists on turn.done
      void envelope.stats;
    });
  });

  it('the other events are typed', () => {
    const ws = client.connectWebSocket();
    ws.on('unknown', (u) => expectTypeOf(u).toEqualTypeOf<UnknownEnvelope>());
    ws.on('resync', (r) => expectTypeOf(r).toEqualTypeOf<ResyncInfo>());
    ws.on('state', (s) => {
      if (s.type === 'reconnecting') expectTypeOf(s.nextRetryAt).toEqualTypeOf<number>();
    });
    ws.on('disconnect', (d) => expectTypeOf(d.code).toEqualTypeOf<number>());
    expectTypeOf(ws.state).toEqualTypeOf<StreamState>();
    expectTypeOf(ws.cursor('sess-a')).toEqualTypeOf<number | undefined>();
    // @ts-expect-error no such event
    ws.on('message', () => {});
  });

  it('turn iterators yield narrowable envelopes', async () => {
    const ts = {} as TurnStream;
    for await (const ev of ts) if (ev.event === 'turn.token') expectTypeOf(ev.data.token).toEqualTypeOf<string>();
    expectTypeOf(ts.finalText()).toEqualTypeOf<Promise<string>>();
    expectTypeOf(ts.stats).toEqualTypeOf<TurnStats | undefined>();
  });
});
