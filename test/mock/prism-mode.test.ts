/** --prism mode: REST answered from the spec's examples by a Prism child process (no WebSocket). */
import { describe, expect, it } from 'vitest';
import { startPrismMock } from '@opta/daemon-client/mock';

describe('startPrismMock', () => {
  it('answers from the examples, enforces the bearer token, and close() stops the Prism PID', async () => {
    const p = await startPrismMock({ port: 0, statePath: null });
    try {
      const health = await fetch(`${p.url}/v3/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', version: '3.0.0', uptimeMs: 183200 });
      const created = await fetch(`${p.url}/v3/sessions`, { method: 'POST', headers: { authorization: `Bearer ${p.token}`, 'content-type': 'application/json' }, body: '{"mode":"chat","model":"qwen3-72b"}' });
      expect(created.status).toBe(201);
      expect(((await created.json()) as { id: string }).id).toBe('sess-abc123');
      expect((await fetch(`${p.url}/v3/sessions`)).status).toBe(401);
    } finally {
      await p.close();
    }
    expect(() => process.kill(p.pid, 0)).toThrow();
  });
});
