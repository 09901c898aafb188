// Gate 1 (lint): the real specs pass; each seeded defect fails the gate and the problem names
// the rule and the place.
import { afterAll, describe, expect, it } from 'vitest';
import { lintGate } from '../../scripts/lib/lint-gate.js';
import { ASYNCAPI, EVENTS, OPENAPI, REAL_SPECS, copySpecs, editYaml, removeSpecCopies } from './spec-copies.js';

afterAll(removeSpecCopies);

async function lintProblems(specDir: string): Promise<string> {
  const result = await lintGate({ specDir });
  expect(result.ok).toBe(false);
  return result.problems.join('\n');
}

describe('lint gate', () => {
  it('passes on the real specs', async () => {
    const result = await lintGate({ specDir: REAL_SPECS });
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('fails on an operation without operationId, naming the rule and the operation', async () => {
    const dir = await copySpecs();
    await editYaml(dir, OPENAPI, (doc) => delete doc.paths['/v3/sessions'].get.operationId);
    expect(await lintProblems(dir)).toMatch(/operation-operationId: .*\(at #\/paths\/~1v3~1sessions\/get\/operationId\)/);
  });

  it('fails on a duplicated operationId', async () => {
    const dir = await copySpecs();
    await editYaml(dir, OPENAPI, (doc) => (doc.paths['/v3/sessions'].get.operationId = 'createSession'));
    expect(await lintProblems(dir)).toContain('operation-operationId-unique');
  });

  it('fails on a response without an example', async () => {
    const dir = await copySpecs();
    await editYaml(dir, OPENAPI, (doc) => delete doc.paths['/v3/health'].get.responses['200'].content['application/json'].example);
    expect(await lintProblems(dir)).toMatch(/rule\/media-type-has-example: .*#\/paths\/~1v3~1health\/get\/responses\/200/);
  });

  it('fails when an operation other than health opts out of the bearer token', async () => {
    const dir = await copySpecs();
    await editYaml(dir, OPENAPI, (doc) => (doc.paths['/v3/sessions/{sessionId}'].get.security = []));
    expect(await lintProblems(dir)).toMatch(/rule\/only-health-opts-out-of-security: .*~1v3~1sessions~1\{sessionId\}\/get\/security/);
  });

  it('fails on an operation without any 4xx response', async () => {
    const dir = await copySpecs();
    await editYaml(dir, OPENAPI, (doc) => {
      const responses = doc.paths['/v3/sessions/{sessionId}'].get.responses;
      for (const code of Object.keys(responses)) if (code.startsWith('4')) delete responses[code];
    });
    expect(await lintProblems(dir)).toContain('operation-4xx-response');
  });

  it('fails on an unused OpenAPI component', async () => {
    const dir = await copySpecs();
    await editYaml(dir, OPENAPI, (doc) => (doc.components.schemas.Orphan = { type: 'string' }));
    expect(await lintProblems(dir)).toMatch(/no-unused-components: .*Orphan/);
  });

  it('fails on an AsyncAPI message without examples', async () => {
    const dir = await copySpecs();
    await editYaml(dir, ASYNCAPI, (doc) => delete doc.components.messages.Ping.examples);
    expect(await lintProblems(dir)).toMatch(/rule\/message-is-complete: .*#\/components\/messages\/Ping/);
  });

  it('fails on an unused AsyncAPI schema and an unused shared event schema', async () => {
    const dir = await copySpecs();
    await editYaml(dir, ASYNCAPI, (doc) => (doc.components.schemas.Orphan = { type: 'string' }));
    await editYaml(dir, EVENTS, (doc) => (doc.OrphanData = { type: 'object' }));
    const problems = await lintProblems(dir);
    expect(problems).toMatch(/daemon-v3\.asyncapi\.yaml#\/components\/schemas\/Orphan: component is never used/);
    expect(problems).toMatch(/schemas\/events\.yaml#\/OrphanData: shared schema is used by neither spec/);
  });

  it('fails on a channel message that no operation lists (its direction is unknown)', async () => {
    const dir = await copySpecs();
    await editYaml(dir, ASYNCAPI, (doc) => {
      doc.operations.receiveClientFrames.messages = doc.operations.receiveClientFrames.messages.filter(
        (message: { $ref: string }) => !message.$ref.endsWith('/ping'),
      );
    });
    expect(await lintProblems(dir)).toContain('#/channels/stream/messages/ping: message is in no operation');
  });

  it('fails on an AsyncAPI schema the parser rejects', async () => {
    const dir = await copySpecs();
    await editYaml(dir, ASYNCAPI, (doc) => (doc.components.schemas.PongFrame.properties.type.type = 'strin'));
    const problems = await lintProblems(dir);
    expect(problems).toMatch(/asyncapi-parser\/asyncapi-document-resolved: .*"string"/);
    expect(problems).toContain('struct');
  });
});
