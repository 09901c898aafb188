// Human-readable JSON paths for reports: `$.paths['/v3/health'].get.responses['200']`.
export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function formatJsonPath(segments: readonly PathSegment[]): string {
  let out = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += `.${segment}`;
    else out += `['${segment.replaceAll("'", "\\'")}']`;
  }
  return out;
}
