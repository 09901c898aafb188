// Property tests of the exactly-once rule alone (src/stream/cursor.ts is pure).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify, DELIVER, DROP, GAP, takeContiguous } from '../../src/stream/cursor.js';

const seqArb = fc.integer({ min: 1, max: 60 });

describe('classify', () => {
  it('partitions every seq: drop <= cursor, deliver cursor+1, gap beyond', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 1e9 }), (cursor, seq) => {
        const v = classify(cursor, seq);
        expect(v === DROP).toBe(seq <= cursor);
        expect(v === DELIVER).toBe(seq === cursor + 1);
        expect(v === GAP).toBe(seq > cursor + 1);
      }),
    );
  });

  it('whatever arrives (repeats, reorders, losses), what is delivered is 1..k once, in order', () => {
    fc.assert(
      fc.property(fc.array(seqArb, { maxLength: 200 }), (arrivals) => {
        let cursor = 0;
        const out: number[] = [];
        for (const seq of arrivals) if (classify(cursor, seq) === DELIVER) out.push((cursor = seq));
        expect(out).toEqual(Array.from({ length: cursor }, (_, i) => i + 1));
      }),
    );
  });

  it('with a filler that reads the truth on a gap, every event 1..N is delivered exactly once', () => {
    // The stream's loop: deliver cursor+1, drop repeats, fill (cursor, seq) on a gap, then seq.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.array(seqArb, { maxLength: 200 }), (n, raw) => {
        const arrivals = [...raw.filter((s) => s <= n), n]; // the head always arrives at last
        let cursor = 0;
        const out: number[] = [];
        for (const seq of arrivals) {
          const v = classify(cursor, seq);
          if (v === DROP) continue;
          if (v === GAP) while (cursor + 1 < seq) out.push(++cursor); // fill from REST
          out.push((cursor = seq));
        }
        expect(out).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      }),
    );
  });
});

describe('takeContiguous', () => {
  it('returns the contiguous run after the cursor, and the rest unique, sorted, beyond a gap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.array(seqArb, { maxLength: 80 }), (cursor0, raw) => {
        const batch = raw.map((seq) => ({ seq }));
        const { deliver, rest, cursor } = takeContiguous(cursor0, batch);
        expect(deliver.map((e) => e.seq)).toEqual(Array.from({ length: cursor - cursor0 }, (_, i) => cursor0 + 1 + i));
        const restSeqs = rest.map((e) => e.seq);
        expect(restSeqs).toEqual([...new Set(restSeqs)].sort((a, b) => a - b));
        if (rest.length) expect(rest[0]!.seq).toBeGreaterThan(cursor + 1);
        const expected = [...new Set(raw.filter((s) => s > cursor0))].sort((a, b) => a - b);
        expect([...deliver.map((e) => e.seq), ...restSeqs]).toEqual(expected);
      }),
    );
  });

  it('is idempotent: a second pass over the rest delivers nothing new', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.array(seqArb, { maxLength: 80 }), (cursor0, raw) => {
        const first = takeContiguous(cursor0, raw.map((seq) => ({ seq })));
        const second = takeContiguous(first.cursor, first.rest);
        expect(second.deliver).toEqual([]);
        expect(second.rest).toEqual(first.rest);
      }),
    );
  });
});
