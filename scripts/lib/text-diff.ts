// The first lines where two versions of a file differ, for a report (not a full diff: enough to
// see what went stale).
export function firstDifferences(expected: string, actual: string, max = 3): string[] {
  const want = expected.split('\n');
  const have = actual.split('\n');
  const out: string[] = [];
  const length = Math.max(want.length, have.length);
  for (let index = 0; index < length && out.length < max * 2; index += 1) {
    if (want[index] === have[index]) continue;
    out.push(`line ${index + 1} fresh:     ${want[index] ?? '(end of file)'}`);
    out.push(`line ${index + 1} committed: ${have[index] ?? '(end of file)'}`);
  }
  return out;
}
