/**
 * REST drift: the mock behind a proxy that changes one thing. The runner must fail the checks
 * that see it and name what drifted — Prism's and ajv's violation text for schema drift, the
 * semantic rule for drift no schema can see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockDaemon } from '@opta/daemon-client/mock';
import type { DriftRules } from './drift-proxy.js';
import { check, failures, runDrifted as runDriftedAgainst, startFastMock } from './helpers.js';

let mock: MockDaemon;

beforeAll(async () => {
  // Not strict: the mock itself stays conformant; the drift is the proxy's.
  mock = await startFastMock();
});

afterAll(async () => {
  await mock?.close();
});

const runDrifted = (rules: DriftRules) => runDriftedAgainst(mock, rules);

const isSessionPath = (path: string): boolean => /^\/v3\/sessions(\/sess-[\w-]+)?(\/(close|cancel))?$/.test(path.split('?')[0] ?? '');

describe('conformance against a drifted daemon (REST)', () => {
  it('a Session without `status` fails the session checks, naming the property, via Prism and the generated validators', async () => {
    const r = await runDrifted({
      rest: (req, _status, body) => {
        if (isSessionPath(req.path) && typeof body['id'] === 'string') delete body['status'];
        return body;
      },
    });
    expect(r.ok).toBe(false);
    const created = check(r, 'rest.create-session.chat');
    expect(created.outcome).toBe('FAIL');
    expect(created.detail).toContain('POST /v3/sessions → 500 (prism)');
    expect(created.detail).toMatch(/prism: Response body must have required property 'status'/);
    // Direct requests (no Prism) are judged by the generated validators of the same schema.
    expect(check(r, 'ws.subscribe.turn-until-stop').detail).toMatch(/POST \/v3\/sessions → 201 \(direct\): schema: \$\.status expected SessionStatus \(missing\)/);
    // What does not return a Session is untouched.
    for (const name of ['rest.health', 'rest.error.no-token', 'rest.error.bad-body', 'ws.auth.first-frame', 'ws.close.wrong-token-4401']) expect(check(r, name).outcome, name).toBe('PASS');
  });

  it('an event whose `data` is renamed fails polling, naming the path', async () => {
    const r = await runDrifted({
      rest: (req, _status, body) => {
        if (/\/events/.test(req.path) && Array.isArray(body['events'])) {
          for (const e of body['events'] as Record<string, unknown>[]) if (e['event'] === 'turn.token') {
            e['payload'] = e['data'];
            delete e['data'];
          }
        }
        return body;
      },
    });
    const poll = check(r, 'rest.poll-events.until-stop');
    expect(poll.outcome).toBe('FAIL');
    expect(poll.detail).toMatch(/GET \/v3\/sessions\/sess-[\w-]+\/events\?afterSeq=0&limit=100 → 500 \(prism\)/);
    expect(poll.detail).toMatch(/prism: Response body property events\.0 must have required property 'data'/);
  });

  it('a repeated event in getEvents (schema-valid) fails the seq rule Prism cannot check', async () => {
    const r = await runDrifted({
      rest: (req, _status, body) => {
        const events = body['events'] as unknown[] | undefined;
        if (/\/events/.test(req.path) && Array.isArray(events) && events.length > 3) events.splice(2, 0, events[1]);
        return body;
      },
    });
    expect(failures(r).map((c) => c.name)).toContain('rest.seq.plus-one-from-1');
    expect(check(r, 'rest.seq.plus-one-from-1').detail).toMatch(/getEvents: seq 2 where 3 was due \(repeat or disorder\)/);
    // Prism saw nothing wrong with the page itself.
    expect(check(r, 'rest.poll-events.until-stop').detail).not.toMatch(/prism:/);
  });

  it('a response without X-Request-Id fails the cross-cutting check', async () => {
    const r = await runDrifted({
      headers: (req, headers) => {
        if (req.path === '/v3/health') delete headers['x-request-id'];
      },
    });
    const rid = check(r, 'rest.x-request-id.every-response');
    expect(rid.outcome).toBe('FAIL');
    expect(rid.detail).toContain('GET /v3/health → ');
    expect(rid.detail).toContain('no X-Request-Id');
  });
});
