// From the packed tarball in an empty project, as a new user installs it: the types of every
// entry under each module resolution TypeScript offers for ESM, and the runtime values behind them.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, measureFootprint, packAndInstall, REPO, run, type Footprint, type InstalledPackage } from './installed.js';

let installed: InstalledPackage;
let footprint: Footprint;

beforeAll(async () => {
  installed = await packAndInstall();
  footprint = measureFootprint(installed.project); // before any test installs more
}, 300_000);

afterAll(() => installed?.remove());

/** The entries of package.json's `exports` a consumer imports (all but ./package.json). */
const ENTRIES = ['@opta/daemon-client', '@opta/daemon-client/node', '@opta/daemon-client/browser', '@opta/daemon-client/keyring', '@opta/daemon-client/mock'] as const;

/** The value exports each entry has at run time, read by Node from the installed package. */
async function runtimeExports(project: string): Promise<Record<string, string[]>> {
  const script = `
    const out = {};
    for (const entry of ${JSON.stringify(ENTRIES)}) out[entry] = Object.keys(await import(entry)).sort();
    console.log(JSON.stringify(out));
  `;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: project, env: childEnv(), timeout: 30_000 });
  return JSON.parse(stdout) as Record<string, string[]>;
}

/** A consumer written as users write it: the Node-only names from the package root. */
const NODE_CONSUMER = `
import { DaemonClient, nodeDiscover, readStateFile, defaultStatePath, NodeWebSocket, isStopEvent, type DaemonState, type EventEnvelope } from '@opta/daemon-client';
import { startMockDaemon, type MockDaemon } from '@opta/daemon-client/mock';
import { KeyringTokenStore, KeyringUnavailableError } from '@opta/daemon-client/keyring';

const keyring = new KeyringTokenStore({ service: 'opta-daemon', account: 'desktop' });
const keyringClient = new DaemonClient({ tokenStore: keyring });
const keyringFailure = (error: unknown): string | undefined => (error instanceof KeyringUnavailableError ? error.reason : undefined);
export { keyringClient, keyringFailure };
const path: string = defaultStatePath('/home/user');
const state: Promise<DaemonState> = readStateFile(path, undefined);
const client = new DaemonClient({ discover: nodeDiscover({ statePath: path }) });
const stream = client.connectWebSocket({ WebSocket: NodeWebSocket });
stream.on('event', (envelope: EventEnvelope) => { if (isStopEvent(envelope)) stream.close(); });
const mock: Promise<MockDaemon> = startMockDaemon({ port: 0 });
export { state, mock };
`;

/** Every value export of every entry, imported by name (generated from what Node sees). */
function everyExportConsumer(exportsByEntry: Record<string, string[]>, rootNames: readonly string[]): string {
  const lines = Object.entries(exportsByEntry).map(([entry, names], index) => {
    const list = entry === '@opta/daemon-client' ? rootNames : names;
    const aliases = list.map((name) => `${name} as entry${index}_${name}`);
    return `import { ${aliases.join(', ')} } from '${entry}';\nexport const entry${index} = [${list.map((name) => `entry${index}_${name}`).join(', ')}];`;
  });
  return `${lines.join('\n')}\n`;
}

const MODES = [
  { resolution: 'node16', module: 'node16' },
  { resolution: 'nodenext', module: 'nodenext' },
  { resolution: 'bundler', module: 'esnext' },
] as const;

async function compile(project: string, name: string, compilerOptions: Record<string, unknown>, source: string): Promise<string> {
  writeFileSync(join(project, `${name}.ts`), source);
  writeFileSync(
    join(project, `tsconfig.${name}.json`),
    JSON.stringify({
      compilerOptions: { target: 'es2022', lib: ['es2023'], types: ['node'], strict: true, noEmit: true, skipLibCheck: false, ...compilerOptions },
      files: [`${name}.ts`],
    }),
  );
  const tsc = join(REPO, 'node_modules', 'typescript', 'lib', 'tsc.js');
  try {
    await run(process.execPath, [tsc, '-p', `tsconfig.${name}.json`], { cwd: project, env: childEnv(), timeout: 120_000 });
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

const TURN_SCRIPT = `
import { DaemonClient, isStopEvent } from '@opta/daemon-client';
import { startMockDaemon } from '@opta/daemon-client/mock';
const mock = await startMockDaemon({ port: 0, paceMs: 0, statePath: null });
try {
  const client = new DaemonClient({ baseUrl: mock.url, token: mock.token });
  const session = await client.createSession({ mode: 'chat', model: 'qwen3-72b' });
  const turn = client.streamTurn(session.id, { content: 'hello' });
  const seqs = [];
  for await (const e of turn) seqs.push(e.seq);
  client.close();
  console.log(JSON.stringify({ seqs, stop: isStopEvent(turn.stopEvent), text: (await turn.finalText()).length, violations: mock.violations.length }));
} finally {
  await mock.close();
}
`;

// The goals of a light install: `npm i @opta/daemon-client` pulls at most 4 packages and 2 MB.
const MAX_PACKAGES = 4;
const MAX_BYTES = 2 * 1000 * 1000;

describe('install footprint (npm i of the tarball into an empty project)', () => {
  it(`pulls at most ${MAX_PACKAGES} packages and ${MAX_BYTES / 1e6} MB`, () => {
    console.log(`install footprint: ${footprint.packages.length} packages (${footprint.packages.join(', ')}), ${footprint.bytes} bytes (${(footprint.bytes / 1e6).toFixed(2)} MB); goals ≤ ${MAX_PACKAGES} packages, ≤ ${MAX_BYTES / 1e6} MB`);
    expect(footprint.packages).toContain('@opta/daemon-client');
    expect(footprint.packages.length).toBeLessThanOrEqual(MAX_PACKAGES);
    expect(footprint.bytes).toBeLessThanOrEqual(MAX_BYTES);
  });

  it('the tarball carries no TypeScript sources and no source maps', () => {
    const unused = installed.files.filter((file) => file.endsWith('.map') || (file.endsWith('.ts') && !file.endsWith('.d.ts')));
    expect(unused).toEqual([]);
    expect(installed.files).toContain('dist/opta-mock.js');
    expect(installed.files.filter((file) => file.startsWith('dist/scenarios/'))).toHaveLength(5);
  });
});

describe('the installed package at run time', () => {
  it('a plain Node process runs a turn on the installed mock with the installed client', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', TURN_SCRIPT], { cwd: installed.project, env: childEnv(), timeout: 30_000 });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { seqs: number[]; stop: boolean; text: number; violations: number };
    expect(result.seqs.length).toBeGreaterThan(2);
    expect(result.seqs).toEqual(result.seqs.map((_, i) => result.seqs[0]! + i));
    expect(result.stop).toBe(true);
    expect(result.text).toBeGreaterThan(0);
    expect(result.violations).toBe(0);
  }, 60_000);

  it('the installed mock plays folders of JSON and YAML scenarios, and names the line of a broken one', async () => {
    const jsonFolder = join(installed.project, 'scenarios-json');
    const yamlFolder = join(installed.project, 'scenarios-yaml');
    const brokenFolder = join(installed.project, 'scenarios-broken');
    for (const folder of [jsonFolder, yamlFolder, brokenFolder]) mkdirSync(folder, { recursive: true });
    writeFileSync(join(jsonFolder, 'hello.json'), JSON.stringify({ description: 'two tokens', steps: [{ say: 'Hello there' }, { done: 'stop' }] }));
    writeFileSync(join(yamlFolder, 'hello.yaml'), 'steps:\n  - say: Hello from YAML\n  - done: stop\n');
    writeFileSync(join(brokenFolder, 'hello.yaml'), 'steps:\n  - say: Hello\n  - shout: Hello\n  - done: stop\n');
    const script = `
      import { startMockDaemon } from '@opta/daemon-client/mock';
      import { DaemonClient } from '@opta/daemon-client';
      async function play(scenariosDir) {
        const mock = await startMockDaemon({ port: 0, paceMs: 0, statePath: null, scenariosDir, scenario: 'hello' });
        const client = new DaemonClient({ baseUrl: mock.url, token: mock.token });
        const session = await client.createSession({ mode: 'chat', model: 'm' });
        const text = await client.streamTurn(session.id, { content: 'hi' }).finalText();
        client.close();
        await mock.close();
        return { scenarios: mock.scenarios, text };
      }
      const json = await play(${JSON.stringify(jsonFolder)});
      const yaml = await play(${JSON.stringify(yamlFolder)});
      const broken = await startMockDaemon({ port: 0, statePath: null, scenariosDir: ${JSON.stringify(brokenFolder)} }).then(() => 'started', (e) => e.name + ': ' + e.line);
      console.log(JSON.stringify({ json, yaml, broken }));
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: installed.project, env: childEnv(), timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual({
      json: { scenarios: ['hello'], text: 'Hello there' },
      yaml: { scenarios: ['hello'], text: 'Hello from YAML' },
      broken: 'ScenarioError: 3',
    });
  }, 60_000);

  it('without the optional peer @napi-rs/keyring, the keyring store rejects with KeyringUnavailableError (not-installed)', async () => {
    const script = `
      import { KeyringTokenStore, KeyringUnavailableError } from '@opta/daemon-client/keyring';
      import { DaemonError } from '@opta/daemon-client';
      const error = await new KeyringTokenStore().get().then(() => undefined, (e) => e);
      console.log(JSON.stringify({ typed: error instanceof KeyringUnavailableError, base: error instanceof DaemonError, reason: error?.reason, message: error?.message }));
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: installed.project, env: childEnv(), timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual({
      typed: true,
      base: true,
      reason: 'not-installed',
      message: 'OS keyring support is not installed (get opta-daemon/default): install the optional peer dependency: npm i @napi-rs/keyring',
    });
  }, 60_000);
});

/** Resolves with the first match of `pattern` in what the stream has printed so far. */
function printed(stream: NodeJS.ReadableStream, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`not printed within ${timeoutMs} ms: ${pattern}; got ${JSON.stringify(text)}`)), timeoutMs);
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = pattern.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
  });
}

describe('npx opta-mock, from the installed package', () => {
  it('starts with the same flags and banner as npm run mock, answers /v3/health, stops cleanly by PID', async () => {
    const statePath = join(installed.project, 'mock-state', 'state.json');
    // Its own process group (npx → node), which the test signals: it started it.
    const child = spawn('npx', ['opta-mock', '--port', '0', '--state', statePath, '--scenario', 'tools', '--fault-latency-ms', '1'], {
      cwd: installed.project,
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    try {
      const stderr = printed(child.stderr, /\[mock\] stopped cleanly/, 60_000);
      const exported = await printed(child.stdout, /^Opta mock daemon v3 ready in \d+ ms\n[\s\S]*scenario tools .*\n {2}faults latencyMs=1\n[\s\S]*export OPTA_DAEMON_STATE=(\S+)\n/, 30_000);
      expect(exported[1]).toBe(statePath);
      const state = JSON.parse(readFileSync(statePath, 'utf8')) as { host: string; port: number; token: string };
      const health = await fetch(`http://${state.host}:${state.port}/v3/health`);
      expect(health.status).toBe(200);
      expect(((await health.json()) as { status: string }).status).toBe('ok');
      process.kill(-child.pid!, 'SIGTERM');
      await stderr;
      expect(existsSync(statePath)).toBe(false);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    }
  }, 90_000);

  it('--help lists the same flags as npm run mock', async () => {
    const { stdout } = await run('npx', ['opta-mock', '--help'], { cwd: installed.project, env: childEnv(), timeout: 30_000 });
    expect(stdout).toMatch(/^Usage: opta-mock \[serve\] \[flags\]/);
    for (const flag of ['--port', '--state', '--scenario', '--pace-ms', '--allowed-origin', '--prism', '--fault-drop-every', '--fault-429-rate']) expect(stdout).toContain(flag);
  }, 60_000);

  it('--prism without Prism installed says what to install, in one line', async () => {
    const failure = (await run('npx', ['opta-mock', '--prism', '--port', '0'], { cwd: installed.project, env: childEnv(), timeout: 30_000 }).catch((error: unknown) => error)) as { code?: number; stderr?: string };
    expect(failure.code).toBe(1);
    expect(failure.stderr?.trim()).toBe('mock: Prism mode needs @stoplight/prism-cli beside this package: npm i -D @stoplight/prism-cli@5.16.0');
  }, 60_000);

  it('a bad flag or an unknown subcommand is one line and exit code 2', async () => {
    for (const args of [['--port', 'abc'], ['frobnicate']]) {
      const failure = (await run('npx', ['opta-mock', ...args], { cwd: installed.project, env: childEnv(), timeout: 30_000 }).catch((error: unknown) => error)) as { code?: number; stderr?: string };
      expect(failure.code).toBe(2);
      expect(failure.stderr?.trim().split('\n')).toHaveLength(1);
    }
  }, 60_000);
});

describe('the public API', () => {
  it('matches the committed reports etc/*.api.md (npm run api:update after a change made on purpose)', async () => {
    // The declarations were just built by packAndInstall().
    const result = await run(process.execPath, [join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/api-report.ts'], { cwd: REPO, env: childEnv(), timeout: 120_000 }).catch((error: unknown) => error as { stdout: string; code: number });
    const lines = result.stdout.split('\n').filter((line) => line.startsWith('api '));
    expect(lines).toHaveLength(4);
    expect(lines.filter((line) => !line.startsWith('api ok'))).toEqual([]);
  }, 120_000);
});

describe('types per entry, from the installed tarball', () => {
  it('installs @types/node beside it (a Node consumer has it)', async () => {
    await run('npm', ['install', '@types/node@24.19.2', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: installed.project, env: childEnv(), timeout: 180_000 });
  }, 200_000);

  for (const mode of MODES) {
    it(`every value export of every entry type-checks under ${mode.resolution} resolution (declarations checked too)`, async () => {
      const exportsByEntry = await runtimeExports(installed.project);
      // Under bundler resolution TypeScript applies no `node` condition: the root is the browser entry there.
      const rootNames = mode.resolution === 'bundler' ? exportsByEntry['@opta/daemon-client/browser']! : exportsByEntry['@opta/daemon-client']!;
      expect(rootNames.length).toBeGreaterThan(5);
      const errors = await compile(installed.project, `every-${mode.resolution}`, { module: mode.module, moduleResolution: mode.resolution }, everyExportConsumer(exportsByEntry, rootNames));
      expect(errors).toBe('');
    }, 120_000);

    const nodeOptions = mode.resolution === 'bundler' ? { customConditions: ['node'] } : {};
    it(`the Node-only exports of the root type-check under ${mode.resolution}${mode.resolution === 'bundler' ? ' (customConditions: node)' : ''}`, async () => {
      const errors = await compile(installed.project, `node-${mode.resolution}`, { module: mode.module, moduleResolution: mode.resolution, ...nodeOptions }, NODE_CONSUMER);
      expect(errors).toBe('');
    }, 120_000);
  }

  it('under bundler resolution without the node condition, the Node-only names come from /node (and the root refuses them)', async () => {
    const fromNode = NODE_CONSUMER.replace("from '@opta/daemon-client';", "from '@opta/daemon-client/node';");
    expect(await compile(installed.project, 'node-subpath', { module: 'esnext', moduleResolution: 'bundler' }, fromNode)).toBe('');
    const fromRoot = await compile(installed.project, 'node-root-bundler', { module: 'esnext', moduleResolution: 'bundler' }, NODE_CONSUMER);
    expect(fromRoot).toMatch(/TS2305|TS2724/);
  }, 120_000);
});
