// Prism, serving the contract, answers every operation with a response that validates: its
// examples conform to its schemas. Operations are iterated from the spec, not listed by hand.
import { afterAll, beforeAll, expect, test } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { startPrism, type PrismServer } from '../helpers/prism.js';

// Our own check of each answer against the response schema, on top of Prism's. Prism hands
// out its dereferenced schemas converted to draft-07 (they name that $schema), hence plain Ajv.
const ajv = new Ajv.default({ strict: false, allErrors: true });
addFormats.default(ajv);

let prism: PrismServer;
beforeAll(async () => {
  prism = await startPrism({ errors: true });
});
afterAll(() => prism.close());

/** A concrete URL path and query for an operation, from its parameters' examples. */
function requestFor(op: PrismServer['operations'][number]): { path: string; headers: Record<string, string>; body?: string } {
  const example = (p: { examples?: readonly unknown[] | undefined }): unknown => (p.examples?.[0] as { value?: unknown } | undefined)?.value;
  let path = op.path;
  for (const p of op.request?.path ?? []) path = path.replace(`{${p.name}}`, encodeURIComponent(String(example(p))));
  const query = (op.request?.query ?? []).map((p) => `${p.name}=${encodeURIComponent(String(example(p)))}`).join('&');
  const headers: Record<string, string> = {};
  for (const p of op.request?.headers ?? []) headers[p.name] = String(example(p));
  if (op.security?.length) headers.authorization = 'Bearer conformance-token';
  const media = op.request?.body?.contents?.find((c) => c.mediaType === 'application/json');
  const bodyExample = media?.examples?.[0] as { value?: unknown } | undefined;
  if (!media) return { path: query ? `${path}?${query}` : path, headers };
  headers['content-type'] = 'application/json';
  return { path: query ? `${path}?${query}` : path, headers, body: JSON.stringify(bodyExample?.value) };
}

test('the spec has the nine operations the client covers', () => {
  expect(prism.operations.map((o) => o.iid).sort()).toEqual(
    ['cancelSession', 'closeSession', 'createSession', 'getEvents', 'getHealth', 'getSession', 'getTurn', 'listSessions', 'submitTurn'],
  );
});

test('every operation: documented success status, no violations, JSON body', async () => {
  for (const op of prism.operations) {
    const { path, headers, body } = requestFor(op);
    const response = await fetch(prism.url + path, { method: op.method.toUpperCase(), headers, ...(body ? { body } : {}) });
    expect(path, op.iid).not.toContain('{');
    const success = op.responses.find((r) => r.code.startsWith('2'));
    expect.soft(String(response.status), `${op.iid} ${path}`).toBe(success?.code);
    expect.soft(response.headers.get('sl-violations'), op.iid).toBeNull();
    expect.soft(response.headers.get('x-request-id'), op.iid).toBeTruthy();
    const schema = success?.contents?.find((c) => c.mediaType === 'application/json')?.schema;
    expect(schema, op.iid).toBeDefined();
    const validate = ajv.compile(schema as object);
    const valid = validate(await response.json());
    expect.soft(validate.errors ?? [], op.iid).toEqual([]);
    expect.soft(valid, op.iid).toBe(true);
  }
});

test('Prism proxy with errors: a live server answering off-contract is caught', async () => {
  // A fake daemon that answers getHealth with a body breaking the Health schema.
  const upstream = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'r' });
    res.end(JSON.stringify({ status: 'maybe' }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const proxy = await startPrism({ upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` });
  try {
    const response = await fetch(`${proxy.url}/v3/health`);
    await response.arrayBuffer();
    expect(response.status).toBe(500);
    expect(response.headers.get('sl-violations')).toMatch(/status/);
  } finally {
    await proxy.close();
    await new Promise((resolve) => upstream.close(resolve));
  }
});
