// generated — do not edit. Source: specs/daemon-v3.openapi.yaml (npm run generate: scripts/generate.ts).

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
