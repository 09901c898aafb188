// The classifier on documents that went through @asyncapi/parser (external $refs resolved,
// `x-parser-*` annotations stripped): test/fixtures/check/minimal-stream/{base,revision}.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareAsyncApi, formatFinding } from '../../scripts/lib/asyncapi-compat.js';
import { parseAsyncApi } from '../../scripts/lib/asyncapi-load.js';
import { REPO_ROOT } from '../../scripts/lib/paths.js';

const fixture = (version: 'base' | 'revision') => join(REPO_ROOT, 'test/fixtures/check/minimal-stream', version, 'stream.asyncapi.yaml');

describe('asyncapi-compat on parsed documents', () => {
  it('resolves the external envelope union and leaves no parser annotations', async () => {
    const { document, diagnostics } = await parseAsyncApi(fixture('base'));
    expect(diagnostics).toEqual([]);
    const text = JSON.stringify(document);
    expect(text).not.toContain('x-parser-');
    expect(text).not.toContain('$ref');
    expect(text).toContain('"const":"done"');
  });

  it('finds the breaking and compatible changes between the fixture versions', async () => {
    const [before, after] = await Promise.all([parseAsyncApi(fixture('base')), parseAsyncApi(fixture('revision'))]);
    const lines = compareAsyncApi(before.document, after.document).map(formatFinding);
    expect(lines).toEqual([
      'BREAKING asyncapi hello.version: required property added (client→server: old clients do not send it; the daemon refuses their frames)',
      'compatible asyncapi event.envelope.oneOf[ping].note: optional property added (server→client: readers ignore fields they do not know)',
      'BREAKING asyncapi event.envelope.oneOf[done].reason: value "aborted" added (server→client: the client must handle a value it has never seen (a new finishReason, event name, error code))',
    ]);
  });

  it('finds nothing between a document and itself', async () => {
    const [before, after] = await Promise.all([parseAsyncApi(fixture('base')), parseAsyncApi(fixture('base'))]);
    expect(compareAsyncApi(before.document, after.document)).toEqual([]);
  });
});
