// Gate 2 (examples): the real examples are valid; each seeded invalid example fails the gate
// with the example's file and JSON path and ajv's message.
import { afterAll, describe, expect, it } from 'vitest';
import { examplesGate } from '../../scripts/lib/examples-gate.js';
import { ASYNCAPI, EVENTS, OPENAPI, REAL_SPECS, copySpecs, editYaml, removeSpecCopies } from './spec-copies.js';

afterAll(removeSpecCopies);

async function onlyProblem(specDir: string): Promise<string> {
  const result = await examplesGate({ specDir });
  expect(result.ok).toBe(false);
  expect(result.problems).toHaveLength(1);
  return result.problems[0] ?? '';
}

describe('examples gate', () => {
  it('passes on the real specs and checks examples of all three files', async () => {
    const result = await examplesGate({ specDir: REAL_SPECS });
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    const checked = Number(/^(\d+) examples/.exec(result.summary)?.[1]);
    // 23 OpenAPI sites, 13 AsyncAPI messages, 21 schema examples at the time of writing.
    expect(checked).toBeGreaterThanOrEqual(50);
  });

  it('reports an invalid response example with its JSON path and ajv message', async () => {
    const dir = await copySpecs();
    await editYaml(dir, OPENAPI, (doc) => (doc.paths['/v3/health'].get.responses['200'].content['application/json'].example.status = 'fine'));
    expect(await onlyProblem(dir)).toMatch(
      /daemon-v3\.openapi\.yaml \$\.paths\['\/v3\/health'\]\.get\.responses\['200'\]\.content\['application\/json'\]\.example: \/status must be equal to constant/,
    );
  });

  it('reports an invalid request body example (additionalProperties: false)', async () => {
    const dir = await copySpecs();
    await editYaml(dir, OPENAPI, (doc) => (doc.paths['/v3/sessions'].post.requestBody.content['application/json'].example.colour = 'red'));
    expect(await onlyProblem(dir)).toMatch(/requestBody\.content\['application\/json'\]\.example: \(root\) must NOT have additional properties 'colour'/);
  });

  it('reports an invalid parameter example', async () => {
    const dir = await copySpecs();
    await editYaml(dir, OPENAPI, (doc) => (doc.paths['/v3/sessions'].get.parameters[1].example = 5000));
    expect(await onlyProblem(dir)).toMatch(/\$\.paths\['\/v3\/sessions'\]\.get\.parameters\[1\]\.example: \(root\) must be <= 200/);
  });

  it('resolves external $refs: a parameter example breaking a pattern defined in events.yaml', async () => {
    const dir = await copySpecs();
    await editYaml(dir, OPENAPI, (doc) => (doc.components.parameters.SessionIdPath.example = 'session-1'));
    expect(await onlyProblem(dir)).toMatch(/components\.parameters\.SessionIdPath\.example: \(root\) must match pattern "\^sess-/);
  });

  it('checks formats (ajv-formats): a date-time that is not one', async () => {
    const dir = await copySpecs();
    await editYaml(dir, OPENAPI, (doc) => (doc.paths['/v3/sessions/{sessionId}'].get.responses['200'].content['application/json'].example.createdAt = 'yesterday'));
    expect(await onlyProblem(dir)).toMatch(/\.example: \/createdAt must match format "date-time"/);
  });

  it('reports an invalid AsyncAPI message example, naming the member of the union it meant', async () => {
    const dir = await copySpecs();
    await editYaml(dir, ASYNCAPI, (doc) => (doc.components.messages.Event.examples[0].payload.envelope.seq = 0));
    // Only the turn.token member's error: not one error per member of the envelope union.
    expect(await onlyProblem(dir)).toMatch(/daemon-v3\.asyncapi\.yaml \$\.components\.messages\.Event\.examples\[0\]\.payload: \/envelope\/seq must be >= 1$/);
  });

  it('reports an invalid schema example in events.yaml', async () => {
    const dir = await copySpecs();
    await editYaml(dir, EVENTS, (doc) => (doc.TurnDoneEvent.examples[0].data.finishReason = 'cancelled'));
    expect(await onlyProblem(dir)).toMatch(/schemas\/events\.yaml \$\.TurnDoneEvent\.examples\[0\]: \/data\/finishReason must be equal to one of the allowed values/);
  });
});
