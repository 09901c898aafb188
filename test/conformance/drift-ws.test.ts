/**
 * WebSocket drift: the mock behind a relay that rewrites or drops event frames. REST stays
 * faithful, so every REST check must still pass and the WS checks must name the drift.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockDaemon } from '@opta/daemon-client/mock';
import type { DriftRules, Json } from './drift-proxy.js';
import { check, failures, runDrifted as runDriftedAgainst, startFastMock } from './helpers.js';

let mock: MockDaemon;

beforeAll(async () => {
  mock = await startFastMock();
});

afterAll(async () => {
  await mock?.close();
});

const runDrifted = (rules: DriftRules) => runDriftedAgainst(mock, rules);

describe('conformance against a drifted daemon (WebSocket)', () => {
  it('the relay alone is faithful: everything passes through it', async () => {
    const r = await runDrifted({});
    expect(failures(r)).toEqual([]);
  });

  it('event frames whose envelope lacks `seq` fail the schema and the order checks, naming seq', async () => {
    const r = await runDrifted({
      frame: (f: Json) => {
        if (f['type'] === 'event') delete f['envelope']['seq'];
        return f;
      },
    });
    const schema = check(r, 'ws.frames.schema-valid');
    expect(schema.outcome).toBe('FAIL');
    expect(schema.detail).toMatch(/frame \d+ \(event\): \$\.envelope\.seq expected Seq \(missing\)/);
    expect(check(r, 'ws.order.subscribed-then-seq-without-gaps').detail).toMatch(/event without a numeric seq \(got undefined\)/);
    expect(failures(r).filter((c) => c.name.startsWith('rest.'))).toEqual([]);
  });

  it('a skipped seq (one event frame dropped) fails the order check with the gap, and the replay check', async () => {
    const r = await runDrifted({ frame: (f: Json) => (f['type'] === 'event' && f['envelope']['seq'] === 5 ? null : f) });
    const order = check(r, 'ws.order.subscribed-then-seq-without-gaps');
    expect(order.outcome).toBe('FAIL');
    expect(order.detail).toMatch(/subscribe sess-[\w-]+: seq 6 where 5 was due \(gap of 1\)/);
    expect(check(r, 'ws.events.match-rest').outcome).toBe('FAIL');
    // Frames are still schema-valid: only the stream semantics caught it.
    expect(check(r, 'ws.frames.schema-valid').outcome).toBe('PASS');
    expect(failures(r).filter((c) => c.name.startsWith('rest.'))).toEqual([]);
  });

  it('heartbeats without heads fail the heartbeat check', async () => {
    const r = await runDrifted({ frame: (f: Json) => (f['type'] === 'heartbeat' ? { ...f, heads: {} } : f) });
    const hb = check(r, 'ws.heartbeat.heads');
    expect(hb.outcome).toBe('FAIL');
    expect(hb.detail).toMatch(/no heartbeat with the head of sess-[\w-]+ within 1500 ms \(heartbeatIntervalMs 250\)/);
    expect(failures(r).map((c) => c.name)).toEqual(['ws.heartbeat.heads']);
  });

  it('a daemon that accepts any token (auth_ok instead of close 4401) fails that check', async () => {
    const r = await runDrifted({
      clientFrame: (text, reply) => {
        if (!text.includes('"auth"') || text.includes(mock.token)) return true;
        reply({ type: 'auth_ok', connectionId: 'conn-drift', epoch: mock.epoch, heartbeatIntervalMs: 250, limits: { maxClientFrameBytes: 65536, maxSubscriptions: 256 } });
        return false;
      },
    });
    const wrong = check(r, 'ws.close.wrong-token-4401');
    expect(wrong.outcome).toBe('FAIL');
    expect(wrong.detail).toContain('auth_ok for a wrong token');
    expect(wrong.detail).toMatch(/wrong token: (not closed|closed \d+).*, expected close 4401/);
    expect(failures(r).map((c) => c.name)).toEqual(['ws.close.wrong-token-4401']);
  });

  it('a daemon that accepts a foreign Host at the upgrade (DNS rebinding) fails ws.upgrade.host-forbidden by name', async () => {
    const loopback = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i;
    const r = await runDrifted({
      // The drifted daemon: any Host passes (the relay hands the mock its own Host instead).
      upgradeHeaders: (headers, daemonHost) => {
        if (!loopback.test(headers['host'] ?? '')) headers['host'] = daemonHost;
      },
    });
    const host = check(r, 'ws.upgrade.host-forbidden');
    expect(host.outcome).toBe('FAIL');
    expect(host.detail).toMatch(/upgrade with Host attacker\.test accepted and authorised \(auth_ok\)/);
    expect(failures(r).map((c) => c.name)).toEqual(['ws.upgrade.host-forbidden']);
  });

  it('a daemon that refuses a loopback Host on another port at the upgrade fails ws.upgrade.loopback-host-any-port by name', async () => {
    const r = await runDrifted({
      // The drifted daemon: the old rule, Host must carry the daemon's own port.
      upgradeHeaders: (headers, daemonHost) => {
        if (headers['host'] !== daemonHost && /^(127\.0\.0\.1|localhost|\[::1\])/i.test(headers['host'] ?? '')) headers['host'] = 'attacker.test';
      },
    });
    const host = check(r, 'ws.upgrade.loopback-host-any-port');
    expect(host.outcome).toBe('FAIL');
    expect(host.detail).toMatch(/upgrade with Host localhost:5173: HTTP 403, expected auth_ok/);
    expect(failures(r).map((c) => c.name)).toEqual(['ws.upgrade.loopback-host-any-port']);
  });
});
