/** Small judgements shared by the REST checks: status + violations, event pages, polling. */
import { describe, field, type Exchange, type RestClient } from './http.js';
import { isStop, type Envelope } from './events.js';
import type { Check } from './report.js';

/** Records the answer's contract violations and a wrong status; true when both are fine. */
export function expectStatus(c: Check, ex: Exchange, status: number, code?: string): boolean {
  for (const v of ex.violations) c.fail(`${describe(ex)}: ${v}`);
  if (ex.status !== status) {
    const got = field(ex.body, 'code') ?? field(ex.body, 'title');
    c.fail(`${describe(ex)}: expected ${status}${got !== undefined ? ` (got code ${JSON.stringify(got)})` : ''}`);
    return false;
  }
  if (code !== undefined && field(ex.body, 'code') !== code) {
    c.fail(`${describe(ex)}: expected code ${code}, got ${JSON.stringify(field(ex.body, 'code'))}`);
    return false;
  }
  return ex.violations.length === 0;
}

/** Key-order independent JSON, to compare the same event fetched twice. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export interface EventPage {
  readonly events: Envelope[];
  readonly headSeq: number;
  readonly oldestSeq: number;
  readonly epoch: string;
  readonly hasMore: boolean;
}

export function asPage(body: unknown): EventPage {
  const events = field(body, 'events');
  return {
    events: Array.isArray(events) ? (events as Envelope[]) : [],
    headSeq: Number(field(body, 'headSeq')),
    oldestSeq: Number(field(body, 'oldestSeq')),
    epoch: String(field(body, 'epoch')),
    hasMore: field(body, 'hasMore') === true,
  };
}

/**
 * The getEvents rules Prism cannot see: events after the cursor only, in order, starting right
 * after it (no hole at the front), within the limit, inside [oldestSeq, headSeq], and `hasMore`
 * telling the truth.
 */
export function pageProblems(ex: Exchange, afterSeq: number, limit: number): string[] {
  const p = asPage(ex.body);
  const where = describe(ex);
  const out: string[] = [];
  if (p.oldestSeq > p.headSeq + 1) out.push(`${where}: oldestSeq ${p.oldestSeq} > headSeq + 1 (${p.headSeq + 1})`);
  if (afterSeq < p.oldestSeq - 1) out.push(`${where}: afterSeq ${afterSeq} < oldestSeq − 1 (${p.oldestSeq - 1}) must be 410 cursor_expired, got 200`);
  if (p.events.length > limit) out.push(`${where}: ${p.events.length} events for limit ${limit}`);
  const first = p.events[0];
  const last = p.events[p.events.length - 1];
  if (first && typeof first.seq === 'number') {
    if (first.seq !== afterSeq + 1 && afterSeq >= p.oldestSeq - 1) out.push(`${where}: first event has seq ${first.seq}, expected ${afterSeq + 1} (afterSeq + 1)`);
    if (first.seq < p.oldestSeq) out.push(`${where}: event seq ${first.seq} below oldestSeq ${p.oldestSeq}`);
  }
  for (const e of p.events) if (typeof e.seq === 'number' && e.seq <= afterSeq) out.push(`${where}: event seq ${e.seq} not after afterSeq ${afterSeq}`);
  const lastSeq = typeof last?.seq === 'number' ? last.seq : afterSeq;
  if (lastSeq > p.headSeq) out.push(`${where}: event seq ${lastSeq} above headSeq ${p.headSeq}`);
  const more = Math.max(lastSeq, afterSeq) < p.headSeq;
  if (p.hasMore !== more) out.push(`${where}: hasMore ${p.hasMore} but last returned seq ${lastSeq}, headSeq ${p.headSeq}`);
  return out;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface PollResult {
  /** Every event received, in the order received. */
  readonly events: Envelope[];
  readonly pages: Exchange[];
  /** The stop event of `turnId`, when it came. */
  readonly stop: Envelope | undefined;
  /** Problems of the pages themselves (violations, page rules). */
  readonly problems: string[];
  /** Set when a 410 moved the cursor forward (events before it were gone). */
  readonly expiredFrom: number | undefined;
}

/**
 * Polls getEvents from `afterSeq` until `turnId`'s stop event arrives (or `until` says stop),
 * following `hasMore`, and resuming from `oldestSeq − 1` after a 410 as the contract says.
 */
export async function pollEvents(
  client: RestClient,
  sessionId: string,
  afterSeq: number,
  timeoutMs: number,
  until: (e: Envelope) => boolean,
  limit = 100,
): Promise<PollResult> {
  const events: Envelope[] = [];
  const pages: Exchange[] = [];
  const problems: string[] = [];
  let cursor = afterSeq;
  let expiredFrom: number | undefined;
  let stop: Envelope | undefined;
  let expiries = 0;
  const deadline = Date.now() + timeoutMs;
  while (!stop) {
    const ex = await client.send('GET', `/v3/sessions/${sessionId}/events?afterSeq=${cursor}&limit=${limit}`);
    pages.push(ex);
    problems.push(...ex.violations.map((v) => `${describe(ex)}: ${v}`));
    // A small buffer can outrun polling; each 410 must move the cursor forward.
    if (ex.status === 410 && expiries < 50) {
      expiries += 1;
      const oldest = Number(field(ex.body, 'oldestSeq'));
      if (!Number.isInteger(oldest) || oldest - 1 <= cursor) {
        problems.push(`${describe(ex)}: 410 without a usable oldestSeq (${String(field(ex.body, 'oldestSeq'))})`);
        break;
      }
      expiredFrom ??= cursor;
      cursor = oldest - 1;
      continue;
    }
    if (ex.status !== 200) {
      problems.push(`${describe(ex)}: expected 200`);
      break;
    }
    problems.push(...pageProblems(ex, cursor, limit));
    const page = asPage(ex.body);
    for (const e of page.events) {
      events.push(e);
      if (until(e)) stop = e;
      if (typeof e.seq === 'number') cursor = Math.max(cursor, e.seq);
    }
    if (stop) break;
    if (Date.now() > deadline) {
      problems.push(`no stop event within ${timeoutMs} ms (last seq ${cursor})`);
      break;
    }
    if (!page.hasMore) await sleep(15);
  }
  return { events, pages, stop, problems, expiredFrom };
}

export function stopOf(turnId: string): (e: Envelope) => boolean {
  return (e) => e.turnId === turnId && isStop(e);
}
