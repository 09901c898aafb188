// A scripted fetch for transport tests: each call takes the next step of the script (a Response
// factory, or an error to throw) and is recorded with the headers and body it carried.
import type { Logger } from '@opta/daemon-client';

export interface RecordedCall {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly signal: AbortSignal | undefined;
}

export type Step = Response | Error | ((call: RecordedCall) => Response | Error | Promise<Response | Error>);

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', 'x-request-id': 'req-hdr', ...headers },
  });
}

export function problem(status: number, code: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  return json(status, { code, message: `${code} happened`, requestId: 'req-body', ...extra }, headers);
}

/** A Node-style fetch failure (undici puts the system error code on `cause`). */
export function networkError(code = 'ECONNRESET'): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
}

export const SESSION = {
  id: 'sess-abc123', mode: 'chat', model: 'm', title: null, status: 'active',
  createdAt: '2026-11-24T09:29:58.000Z', updatedAt: '2026-11-24T09:29:58.000Z', headSeq: 0, turnCount: 0, activeTurnId: null,
} as const;

export const TURN = {
  id: 'turn-xyz789', sessionId: 'sess-abc123', status: 'queued', content: 'hi', createdAt: '2026-11-24T09:30:00.000Z',
  startedAt: null, completedAt: null, firstSeq: null, lastSeq: null, stats: null, error: null,
} as const;

export function scriptedFetch(...script: Step[]): typeof fetch & { calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const fake = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const call: RecordedCall = {
      url: String(input),
      method: init.method ?? 'GET',
      headers: { ...(init.headers as Record<string, string>) },
      body: typeof init.body === 'string' ? init.body : undefined,
      signal: init.signal ?? undefined,
    };
    calls.push(call);
    const step = script.shift();
    if (step === undefined) throw new Error(`scriptedFetch: no step left for call ${calls.length} (${call.method} ${call.url})`);
    const outcome = typeof step === 'function' ? await step(call) : step;
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  return Object.assign(fake as typeof fetch, { calls });
}

/** A fetch that answers only when aborted (then rejects like fetch does). */
export function hangingFetch(): typeof fetch & { calls: RecordedCall[] } {
  return scriptedFetch(
    ...Array.from({ length: 10 }, () => (call: RecordedCall) =>
      new Promise<Error>((resolve) => call.signal?.addEventListener('abort', () => resolve(new DOMException('aborted', 'AbortError'))))),
  );
}

/** A logger that keeps its lines. */
export function memoryLogger(): Logger & { lines: string[]; warnings: string[] } {
  const lines: string[] = [];
  const warnings: string[] = [];
  return { lines, warnings, debug: (m) => void lines.push(m), warn: (m) => void warnings.push(m) };
}

/** Records the retry sleeps instead of sleeping. */
export function recordingSleep(): ((ms: number) => Promise<void>) & { delays: number[] } {
  const delays: number[] = [];
  return Object.assign(async (ms: number) => void delays.push(ms), { delays });
}
