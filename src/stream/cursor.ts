/**
 * The exactly-once rule of one session, pure (no I/O, no timers) so it is property-tested alone.
 * A cursor is the seq of the last event delivered (0 before the first).
 */

/** The next event in order: deliver it and move the cursor to its seq. */
export const DELIVER = 0;
/** Already delivered (seq <= cursor): drop it. */
export const DROP = 1;
/** Events are missing between the cursor and this seq: fill the gap before going on. */
export const GAP = 2;
export type Verdict = typeof DELIVER | typeof DROP | typeof GAP;

/** Classifies one incoming seq against the cursor. */
export function classify(cursor: number, seq: number): Verdict {
  return seq === cursor + 1 ? DELIVER : seq <= cursor ? DROP : GAP;
}

/**
 * Applies the rule to a batch that arrived while a gap was being filled (in any order, with
 * repeats): returns the run that can be delivered now, in order, and what must wait (sorted,
 * without repeats).
 */
export function takeContiguous<T extends { readonly seq: number }>(
  cursor: number,
  batch: readonly T[],
): { deliver: T[]; rest: T[]; cursor: number } {
  const deliver: T[] = [];
  const rest: T[] = [];
  // Sorted, a gap stays a gap: nothing after it can be cursor + 1. (classify()'s rule, inlined.)
  for (const e of [...batch].sort((a, b) => a.seq - b.seq)) {
    if (e.seq === cursor + 1) {
      deliver.push(e);
      cursor = e.seq;
    } else if (e.seq > cursor && e.seq !== rest.at(-1)?.seq) rest.push(e);
  }
  return { deliver, rest, cursor };
}
