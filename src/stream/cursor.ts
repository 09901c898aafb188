/**
 * The batch form of the exactly-once rule, pure: what a gap fill can deliver. A cursor is the
 * seq of the last event delivered (0 before the first); core.ts applies the same rule to single
 * events on the hot path (deliver cursor + 1, drop at or below, fill beyond).
 */

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
  // Sorted, a gap stays a gap: nothing after it can be cursor + 1.
  for (const envelope of [...batch].sort((a, b) => a.seq - b.seq)) {
    if (envelope.seq === cursor + 1) {
      deliver.push(envelope);
      cursor = envelope.seq;
    } else if (envelope.seq > cursor && envelope.seq !== rest.at(-1)?.seq) rest.push(envelope);
  }
  return { deliver, rest, cursor };
}
