// Property tests of the batch rule of gap fills (src/stream/cursor.ts is pure). The whole stream's
// exactly-once rule is tested on the production core in model.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { takeContiguous } from '../../src/stream/cursor.js';

const seqArb = fc.integer({ min: 1, max: 60 });

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
