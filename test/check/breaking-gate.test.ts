// Gate 4 (breaking changes): the real specs against themselves pass; seeded breaking REST and
// WebSocket changes fail with the cause named; compatible changes pass and are listed; a base
// ref without specs is skipped; the base is read from git without touching the work tree.
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { breakingGate, breakingGateAgainstRef } from '../../scripts/lib/breaking-gate.js';
import { ASYNCAPI, EVENTS, OPENAPI, REAL_SPECS, copySpecs, editYaml, removeSpecCopies } from './spec-copies.js';

const tempRepos: string[] = [];
afterAll(async () => {
  await removeSpecCopies();
  await Promise.all(tempRepos.map((dir) => rm(dir, { recursive: true, force: true })));
});

const against = (specDir: string) => breakingGate({ baseSpecDir: REAL_SPECS, specDir, baseLabel: 'base' });

describe('breaking gate: REST (oasdiff)', () => {
  it('passes when nothing changed', async () => {
    const result = await against(REAL_SPECS);
    expect(result.problems).toEqual([]);
    expect(result.summary).toBe('against base: REST 0 breaking, stream 0 breaking, 0 compatible');
  });

  it('fails on a removed response property, naming the operation and the property', async () => {
    const dir = await copySpecs();
    await editYaml(dir, OPENAPI, (doc) => {
      const session = doc.components.schemas.Session;
      delete session.properties.turnCount;
      session.required = session.required.filter((name: string) => name !== 'turnCount');
    });
    const result = await against(dir);
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toMatch(/BREAKING ERR openapi GET \/v3\/sessions\/\{sessionId\} \[response-required-property-removed\] .*turnCount/);
  });

  it('fails on a removed path', async () => {
    const dir = await copySpecs();
    await editYaml(dir, OPENAPI, (doc) => delete doc.paths['/v3/sessions/{sessionId}/cancel']);
    const result = await against(dir);
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toMatch(/BREAKING ERR openapi POST \/v3\/sessions\/\{sessionId\}\/cancel \[api-path-removed/);
  });

  it('passes on an added optional response field', async () => {
    const dir = await copySpecs();
    await editYaml(dir, OPENAPI, (doc) => (doc.components.schemas.Session.properties.pinned = { type: 'boolean' }));
    const result = await against(dir);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe('breaking gate: WebSocket payloads (asyncapi-compat)', () => {
  it('fails on `seq` removed from an envelope (REST polling breaks too: the schema is shared)', async () => {
    const dir = await copySpecs();
    await editYaml(dir, EVENTS, (doc) => {
      delete doc.TurnTokenEvent.properties.seq;
      doc.TurnTokenEvent.required = doc.TurnTokenEvent.required.filter((name: string) => name !== 'seq');
    });
    const problems = (await against(dir)).problems.join('\n');
    expect(problems).toContain('BREAKING asyncapi event.envelope.oneOf[turn.token].seq: property removed (was required) (server→client');
    expect(problems).toMatch(/BREAKING ERR openapi GET \/v3\/sessions\/\{sessionId\}\/events .*TurnTokenEvent\]\/seq/);
  });

  it('fails on an enum value added to TurnDoneData.finishReason (server→client widening)', async () => {
    const dir = await copySpecs();
    await editYaml(dir, EVENTS, (doc) => doc.TurnDoneData.properties.finishReason.enum.push('cancelled'));
    const result = await against(dir);
    expect(result.ok).toBe(false);
    expect(result.problems).toContain(
      'BREAKING asyncapi event.envelope.oneOf[turn.done].data.finishReason: value "cancelled" added (server→client: the client must handle a value it has never seen (a new finishReason, event name, error code))',
    );
  });

  it('fails when SubscribeFrame requires a new field (client→server)', async () => {
    const dir = await copySpecs();
    await editYaml(dir, ASYNCAPI, (doc) => {
      const frame = doc.components.schemas.SubscribeFrame;
      frame.properties.epoch = { type: 'string' };
      frame.required.push('epoch');
    });
    const result = await against(dir);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      'BREAKING asyncapi subscribe.epoch: required property added (client→server: old clients do not send it; the daemon refuses their frames)',
    ]);
  });

  it('fails when a server frame is removed from its operation', async () => {
    const dir = await copySpecs();
    await editYaml(dir, ASYNCAPI, (doc) => {
      doc.operations.sendServerFrames.messages = doc.operations.sendServerFrames.messages.filter(
        (message: { $ref: string }) => !message.$ref.endsWith('/pong'),
      );
    });
    expect((await against(dir)).problems.join('\n')).toContain('BREAKING asyncapi pong: message removed from sendServerFrames');
  });

  it('passes on an optional field added to a client frame, listing it as compatible', async () => {
    const dir = await copySpecs();
    await editYaml(dir, ASYNCAPI, (doc) => (doc.components.schemas.PingFrame.properties.note = { type: 'string', maxLength: 200 }));
    const result = await against(dir);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.notes).toContain('compatible asyncapi ping.note: optional property added (client→server: old clients simply omit it)');
  });

  it('passes on an enum value added to a client frame, and on an optional field in an event', async () => {
    const addPriority = (values: string[]) => (doc: { components: { schemas: { PingFrame: { properties: Record<string, unknown> } } } }) =>
      (doc.components.schemas.PingFrame.properties.priority = { type: 'string', enum: values });
    const base = await copySpecs();
    await editYaml(base, ASYNCAPI, addPriority(['low', 'high']));
    const revision = await copySpecs();
    await editYaml(revision, ASYNCAPI, addPriority(['low', 'high', 'urgent']));
    await editYaml(revision, EVENTS, (doc) => (doc.TurnTokenData.properties.logprob = { type: 'number' }));
    const result = await breakingGate({ baseSpecDir: base, specDir: revision });
    expect(result.problems).toEqual([]);
    expect(result.notes).toEqual(
      expect.arrayContaining([
        'compatible asyncapi ping.priority: value "urgent" added (client→server: old clients never send it)',
        'compatible asyncapi event.envelope.oneOf[turn.token].data.logprob: optional property added (server→client: readers ignore fields they do not know)',
      ]),
    );
  });
});

describe('breaking gate: base from a git ref', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=check', '-c', 'user.email=check@example.invalid', ...args], { cwd, encoding: 'utf8' }).trim();

  async function repoWithHistory(): Promise<{ repo: string; first: string; second: string }> {
    const repo = await mkdtemp(join(tmpdir(), 'opta-check-repo-'));
    tempRepos.push(repo);
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'first, before any spec');
    const first = git(repo, 'rev-parse', 'HEAD');
    await cp(REAL_SPECS, join(repo, 'specs'), { recursive: true });
    git(repo, 'add', 'specs');
    git(repo, 'commit', '-q', '-m', 'specs');
    return { repo, first, second: git(repo, 'rev-parse', 'HEAD') };
  }

  it('skips (and passes) when the base ref has no specs yet', async () => {
    const { repo, first } = await repoWithHistory();
    const result = await breakingGateAgainstRef({ repoDir: repo, ref: first, specDir: join(repo, 'specs') });
    expect(result.ok).toBe(true);
    expect(result.summary).toBe(`no base specs at ${first}; skipped`);
  });

  it('compares the work tree with the specs committed at the ref', async () => {
    const { repo } = await repoWithHistory();
    await editYaml(join(repo, 'specs'), EVENTS, (doc) => doc.TurnDoneData.properties.finishReason.enum.push('cancelled'));
    const result = await breakingGateAgainstRef({ repoDir: repo, ref: 'main', specDir: join(repo, 'specs') });
    expect(result.ok).toBe(false);
    expect(result.summary).toMatch(/^against main: /);
    expect(result.problems.join('\n')).toContain('finishReason: value "cancelled" added');
    // The work tree was only read: the edit is still there, uncommitted.
    expect(git(repo, 'status', '--porcelain')).toBe('M specs/schemas/events.yaml');
  });

  it('fails clearly on a ref that does not exist', async () => {
    const { repo } = await repoWithHistory();
    const result = await breakingGateAgainstRef({ repoDir: repo, ref: 'no-such-branch', specDir: join(repo, 'specs') }).catch(
      (error: unknown) => ({ ok: false, problems: [String(error)] }),
    );
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toContain('--base no-such-branch: no such commit');
  });
});
