// npm run generate [-- --out DIR]
// specs/ -> generated/: REST types (openapi-typescript), the typed openapi-fetch factory, and
// the stream's event and frame types (@asyncapi/generator with the local template), and the
// validators of every schema (scripts/lib/validators-codegen.ts), typed by those types.
import { cp, mkdir, mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import { exportedTypeNames, generateValidatorsSource } from './lib/validators-codegen.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OPENAPI_SPEC = 'specs/daemon-v3.openapi.yaml';
export const ASYNCAPI_SPEC = 'specs/daemon-v3.asyncapi.yaml';
const TEMPLATE_DIR = join(ROOT, 'scripts/templates/asyncapi-ts');

const header = (source: string) =>
  `// generated — do not edit. Source: ${source} (npm run generate: scripts/generate.ts).\n`;

async function generateRest(outDir: string): Promise<void> {
  const ast = await openapiTS(pathToFileURL(join(ROOT, OPENAPI_SPEC)), {
    exportType: false,
    immutable: true,
    alphabetize: false,
  });
  await writeFile(join(outDir, 'openapi.ts'), `${header(OPENAPI_SPEC)}\n${astToString(ast)}`);
  await writeFile(
    join(outDir, 'rest-client.ts'),
    `${header(OPENAPI_SPEC)}
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './openapi.js';

/** Every path of the daemon v3 REST contract. */
export type DaemonPaths = paths;

/** A schema of the REST contract by name. */
export type RestSchema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** The operation ids of the REST contract. */
export type OperationId = keyof operations;

/** The openapi-fetch client typed by the contract. */
export type RestClient = Client<paths, 'application/json'>;

/** Creates the thin openapi-fetch client typed by the contract. */
export function createRestClient(options: ClientOptions): RestClient {
  return createClient<paths, 'application/json'>(options);
}
`,
  );
}

/** @asyncapi/generator 3 resolves some modules through a global npm root; give it one. */
function ensureGlobalNodePath(): void {
  if (process.env.NODE_PATH) return;
  try {
    process.env.NODE_PATH = execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim();
  } catch {
    process.env.NODE_PATH = '';
  }
}

async function generateStreamTypes(outDir: string): Promise<void> {
  ensureGlobalNodePath();
  // Imported late: NODE_PATH must be set before the generator's module graph loads.
  const { default: Generator } = await import('@asyncapi/generator');
  // The generator transpiles into its template folder; a private copy per run lets several
  // generations (tests, the drift gate) run at once. It stays under the repo so the template's
  // imports resolve from our node_modules.
  await mkdir(join(ROOT, '.tmp'), { recursive: true });
  const templateCopy = await mkdtemp(join(ROOT, '.tmp', 'asyncapi-template-'));
  try {
    await cp(TEMPLATE_DIR, templateCopy, { recursive: true, filter: (src) => !src.includes('__transpiled') });
    const generator = new Generator(templateCopy, outDir, { forceWrite: true });
    await generator.generateFromFile(join(ROOT, ASYNCAPI_SPEC));
  } finally {
    await rm(templateCopy, { recursive: true, force: true });
  }
}

/** generated/validators.ts; its type guards name the types the two generations above wrote. */
async function generateValidators(outDir: string): Promise<void> {
  const [events, stream] = await Promise.all([
    readFile(join(outDir, 'events.ts'), 'utf8'),
    readFile(join(outDir, 'stream-protocol.ts'), 'utf8'),
  ]);
  const source = await generateValidatorsSource({
    specDir: join(ROOT, 'specs'),
    eventTypes: exportedTypeNames(events),
    streamTypes: exportedTypeNames(stream),
  });
  await writeFile(join(outDir, 'validators.ts'), source);
}

export async function generate(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await generateRest(outDir);
  await generateStreamTypes(outDir);
  await generateValidators(outDir);
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: join(ROOT, 'generated') } } });
  const started = performance.now();
  await generate(resolve(values.out));
  const ms = Math.round(performance.now() - started);
  console.log(`generated ${values.out} in ${ms} ms`);
}
