/**
 * The contract's Host/Origin policy by hostname and its HTTP edges (RFC 9110/9112), checked on
 * the daemon directly: Prism would answer or refuse these requests itself, and fetch cannot
 * send most of them (no Host, a bare LF, two Content-Lengths, a dot-segment path), so they go
 * as raw bytes over TCP where needed.
 */
import { describe, field, type RawAnswer, type RestClient } from './http.js';
import type { Check, Report } from './report.js';
import { expectStatus } from './rest-assert.js';

/** A raw answer is the contract's Problem with this status and code, carrying X-Request-Id. */
function expectRawProblem(c: Check, what: string, answer: RawAnswer, status: number, code: string): void {
  if (answer.status !== status) {
    c.fail(`${what}: HTTP ${answer.status} (code ${JSON.stringify(field(answer.body, 'code'))}), expected ${status} ${code}`);
    return;
  }
  c.expect(field(answer.body, 'code') === code, `${what}: code ${JSON.stringify(field(answer.body, 'code'))}, expected ${code}`);
  c.expect(typeof field(answer.body, 'message') === 'string', `${what}: the body is not a Problem (no message)`);
  c.expect(Boolean(answer.headers['x-request-id']), `${what}: no X-Request-Id`);
}

export async function runEdgeChecks(client: RestClient, report: Report): Promise<void> {
  await report.run('rest.host.loopback-any-port', async (c) => {
    // A dev-server proxy, an SSH tunnel or a port mapping forwards the Host of its own port.
    for (const host of ['localhost:5173', '127.0.0.1', '[::1]:8080', 'LOCALHOST:1']) {
      const ex = await client.send('GET', '/v3/sessions?limit=1', { via: 'direct', headers: { host } });
      if (!expectStatus(c, ex, 200)) c.fail(`Host ${host}: refused, but loopback hosts are allowed on any port`);
    }
    c.detail = '200 for Host localhost:5173, 127.0.0.1, [::1]:8080, LOCALHOST:1';
  });

  await report.run('rest.host.foreign-whatever-port', async (c) => {
    for (const host of ['conformance.invalid:5173', '127.0.0.1.conformance.invalid', 'localhost.conformance.invalid']) {
      expectStatus(c, await client.send('GET', '/v3/health', { via: 'direct', auth: 'none', headers: { host } }), 403, 'host_forbidden');
    }
    c.detail = '403 host_forbidden for rebinding-style hostnames on any port';
  });

  await report.run('rest.host.missing', async (c) => {
    const answer = await client.raw(() => 'GET /v3/health HTTP/1.1\r\nConnection: close\r\n\r\n');
    expectRawProblem(c, 'GET /v3/health without Host', answer, 400, 'bad_request');
    c.detail = '400 bad_request Problem for a request without Host';
  });

  await report.run('rest.origin.loopback-any-port', async (c) => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:1', 'https://[::1]:8443']) {
      const ex = await client.send('GET', '/v3/health', { via: 'direct', auth: 'none', headers: { origin } });
      expectStatus(c, ex, 200);
      const acao = ex.headers.get('access-control-allow-origin');
      c.expect(acao === origin, `${describe(ex)}: Access-Control-Allow-Origin ${JSON.stringify(acao)} for loopback Origin ${origin}`);
    }
    c.detail = '200 with Access-Control-Allow-Origin echoed for loopback origins on any port';
  });

  await report.run('rest.http.malformed', async (c) => {
    const cases: Record<string, (hostPort: string) => string> = {
      'a bare LF': (hostPort) => `GET /v3/health HTTP/1.1\nHost: ${hostPort}\n\n`,
      'Content-Length with Transfer-Encoding': (hostPort) =>
        `POST /v3/sessions HTTP/1.1\r\nHost: ${hostPort}\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      'two Content-Lengths': (hostPort) =>
        `POST /v3/sessions HTTP/1.1\r\nHost: ${hostPort}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}x`,
    };
    for (const [name, build] of Object.entries(cases)) expectRawProblem(c, name, await client.raw(build), 400, 'bad_request');
    c.detail = '400 bad_request Problem for a bare LF, CL+TE and two Content-Lengths';
  });

  await report.run('rest.http.headers-too-large', async (c) => {
    const answer = await client.raw((hostPort) => `GET /v3/health HTTP/1.1\r\nHost: ${hostPort}\r\nX-Large: ${'a'.repeat(20_000)}\r\n\r\n`);
    expectRawProblem(c, 'a 20 KB header', answer, 431, 'headers_too_large');
    c.detail = '431 headers_too_large Problem for 20 KB of headers';
  });

  await report.run('rest.http.method-not-allowed', async (c) => {
    const answer = await client.raw((hostPort) => `DELETE /v3/sessions HTTP/1.1\r\nHost: ${hostPort}\r\nAuthorization: Bearer ${client.token}\r\nConnection: close\r\n\r\n`);
    expectRawProblem(c, 'DELETE /v3/sessions', answer, 405, 'method_not_allowed');
    const allow = (answer.headers['allow'] ?? '').split(',').map((m) => m.trim());
    c.expect(allow.includes('GET') && allow.includes('POST'), `DELETE /v3/sessions: Allow ${JSON.stringify(answer.headers['allow'])} does not list GET and POST`);
    c.detail = `405 method_not_allowed with Allow: ${answer.headers['allow'] ?? '-'}`;
  });

  await report.run('rest.http.unsupported-media-type', async (c) => {
    const ex = await client.send('POST', '/v3/sessions', { via: 'direct', body: '{"mode":"chat","model":"m"}', headers: { 'content-type': 'text/plain' } });
    expectStatus(c, ex, 415, 'unsupported_media_type');
    c.detail = '415 unsupported_media_type for a text/plain body';
  });

  await report.run('rest.http.dot-segments', async (c) => {
    for (const path of ['/v3/sessions/../health', '/v3/sessions/%2e%2e/health']) {
      const answer = await client.raw((hostPort) => `GET ${path} HTTP/1.1\r\nHost: ${hostPort}\r\nAuthorization: Bearer ${client.token}\r\nConnection: close\r\n\r\n`);
      expectRawProblem(c, `GET ${path}`, answer, 400, 'bad_request');
    }
    c.detail = '400 bad_request for dot-segments (never normalised into another resource)';
  });

  await report.run('rest.events.long-poll', async (c) => {
    const created = await client.send('POST', '/v3/sessions', { body: { mode: 'chat', model: 'conformance-long-poll' } });
    if (!expectStatus(c, created, 201)) return;
    const id = String(field(created.body, 'id'));
    const started = performance.now();
    const idle = await client.send('GET', `/v3/sessions/${id}/events?afterSeq=0&waitMs=500`);
    const held = performance.now() - started;
    expectStatus(c, idle, 200);
    c.expect(Array.isArray(field(idle.body, 'events')) && (field(idle.body, 'events') as unknown[]).length === 0, `${describe(idle)}: events in an idle session`);
    c.expect(held >= 400, `${describe(idle)}: answered after ${held.toFixed(0)} ms; waitMs=500 must hold the answer while there is no event`);
    expectStatus(c, await client.send('GET', `/v3/sessions/${id}/events?afterSeq=0&waitMs=30001`, { via: 'direct' }), 400);
    await client.send('POST', `/v3/sessions/${id}/close`, { via: 'direct' });
    c.detail = `an idle poll with waitMs=500 held ${held.toFixed(0)} ms; waitMs=30001 refused with 400`;
  });
}
