/**
 * The contract's error answers, and X-Request-Id on every response. Requests Prism would refuse
 * itself (no token, an invalid body) or answer itself (CORS for an Origin) go straight to the
 * daemon and are judged by ajv over the same spec; the others go through Prism.
 */
import { describe, type RestClient } from './http.js';
import type { Report } from './report.js';
import { expectStatus } from './rest-assert.js';
import { runEdgeChecks } from './rest-edges.js';

const MISSING_SESSION = 'sess-conformance-missing';

export async function runErrorChecks(client: RestClient, report: Report, sessionId: string | undefined, forbiddenOrigin: string): Promise<void> {
  await report.run('rest.error.no-token', async (c) => {
    for (const [method, path] of [['GET', '/v3/sessions'], ['POST', '/v3/sessions'], ['GET', `/v3/sessions/${MISSING_SESSION}/events`]] as const) {
      const ex = await client.send(method, path, { via: 'direct', auth: 'none', ...(method === 'POST' ? { body: { mode: 'chat', model: 'm' } } : {}) });
      expectStatus(c, ex, 401, 'unauthorized');
    }
    c.detail = '401 unauthorized on 3 operations (direct: Prism answers a missing token itself)';
  });

  await report.run('rest.error.wrong-token', async (c) => {
    // Prism only checks that a bearer token is present, so it forwards a wrong one: the daemon's 401 is judged by Prism.
    expectStatus(c, await client.send('GET', '/v3/sessions', { auth: 'wrong' }), 401, 'unauthorized');
    expectStatus(c, await client.send('POST', '/v3/sessions', { auth: 'wrong', body: { mode: 'chat', model: 'm' } }), 401, 'unauthorized');
    c.detail = '401 unauthorized (through Prism)';
  });

  await report.run('rest.error.unknown-session', async (c) => {
    expectStatus(c, await client.send('GET', `/v3/sessions/${MISSING_SESSION}`), 404, 'session_not_found');
    expectStatus(c, await client.send('GET', `/v3/sessions/${MISSING_SESSION}/events`), 404, 'session_not_found');
    expectStatus(c, await client.send('POST', `/v3/sessions/${MISSING_SESSION}/cancel`), 404, 'session_not_found');
    expectStatus(c, await client.send('POST', `/v3/sessions/${MISSING_SESSION}/turns`, { body: { content: 'x' } }), 404, 'session_not_found');
    if (sessionId) expectStatus(c, await client.send('GET', `/v3/sessions/${sessionId}/turns/turn-conformance-missing`), 404, 'turn_not_found');
    c.detail = `404 session_not_found (get, events, cancel, turns)${sessionId ? ', turn_not_found' : ''}`;
  });

  await report.run('rest.error.bad-body', async (c) => {
    // Direct: Prism would refuse these with its own 422 and the daemon's 400 would never be seen.
    expectStatus(c, await client.send('POST', '/v3/sessions', { via: 'direct', body: { mode: 'bogus', model: 'm' } }), 400, 'validation_failed');
    expectStatus(c, await client.send('POST', '/v3/sessions', { via: 'direct', body: { mode: 'chat' } }), 400, 'validation_failed');
    const malformed = await client.send('POST', '/v3/sessions', { via: 'direct', body: '{"mode": "chat",' });
    expectStatus(c, malformed, 400);
    if (sessionId) expectStatus(c, await client.send('POST', `/v3/sessions/${sessionId}/turns`, { via: 'direct', body: { content: '' } }), 400, 'validation_failed');
    expectStatus(c, await client.send('GET', '/v3/sessions?limit=0', { via: 'direct' }), 400);
    c.detail = '400 for a bad enum, a missing field, malformed JSON, empty content, limit=0';
  });

  await report.run('rest.error.origin-forbidden', async (c) => {
    for (const [path, auth] of [['/v3/health', 'none'], ['/v3/sessions', 'token']] as const) {
      const ex = await client.send('GET', path, { via: 'direct', auth, headers: { origin: forbiddenOrigin } });
      expectStatus(c, ex, 403, 'origin_forbidden');
      const acao = ex.headers.get('access-control-allow-origin');
      c.expect(acao === null, `${describe(ex)}: Access-Control-Allow-Origin ${JSON.stringify(acao)} for a refused origin`);
    }
    c.detail = `403 origin_forbidden for Origin ${forbiddenOrigin}, no CORS headers`;
  });

  await report.run('rest.error.host-forbidden', async (c) => {
    // DNS rebinding: a foreign Host must be refused even with a valid token.
    const ex = await client.send('GET', '/v3/sessions', { via: 'direct', headers: { host: 'conformance.invalid' } });
    expectStatus(c, ex, 403, 'host_forbidden');
    c.detail = '403 host_forbidden for Host conformance.invalid';
  });

  await runEdgeChecks(client, report);
}

/** Runs last: every answer of the run that came from the daemon carried X-Request-Id. */
export async function runRequestIdCheck(client: RestClient, report: Report): Promise<void> {
  await report.run('rest.x-request-id.every-response', (c) => {
    const fromDaemon = client.log.filter((ex) => !ex.fromPrism);
    for (const ex of fromDaemon) c.expect(Boolean(ex.headers.get('x-request-id')), `${describe(ex)}: no X-Request-Id`);
    c.detail = `${fromDaemon.length} responses, all with X-Request-Id`;
  });
}
