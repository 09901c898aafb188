/**
 * Starts Prism from code (no CLI process) on an ephemeral port, serving an OpenAPI spec.
 * Mock mode by default (answers from the spec's examples); proxy mode with `upstream`.
 * Prism validates every request (a 401/422 from it means the client broke the contract) and,
 * with `errors: true`, turns request and response violations into error answers.
 */
import { fileURLToPath } from 'node:url';
import { createLogger } from '@stoplight/prism-core';
import { getHttpOperationsFromSpec, type IHttpConfig } from '@stoplight/prism-http';
import { createServer } from '@stoplight/prism-http-server';
import type { IHttpOperation } from '@stoplight/types';

export const DAEMON_SPEC = fileURLToPath(new URL('../../specs/daemon-v3.openapi.yaml', import.meta.url));

export interface PrismOptions {
  /** Spec path or URL. Default specs/daemon-v3.openapi.yaml. */
  readonly spec?: string;
  /** Violations become errors (like the CLI's --errors). Default true. */
  readonly errors?: boolean;
  /** Answers generated from schemas instead of examples. Default false. */
  readonly dynamic?: boolean;
  /** Proxy mode: forward to this live server and validate its answers. Default: mock mode. */
  readonly upstream?: string;
  /** Prism log level (pino). Default 'silent'. */
  readonly logLevel?: string;
}

export interface PrismServer {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The operations Prism parsed from the spec (dereferenced). */
  readonly operations: IHttpOperation[];
  close(): Promise<void>;
}

export async function startPrism(options: PrismOptions = {}): Promise<PrismServer> {
  const operations = await getHttpOperationsFromSpec(options.spec ?? DAEMON_SPEC);
  const shared = {
    validateRequest: true,
    validateResponse: true,
    checkSecurity: true,
    errors: options.errors ?? true,
    upstreamProxy: undefined,
    mock: { dynamic: options.dynamic ?? false },
  };
  const config: IHttpConfig = options.upstream
    ? { ...shared, isProxy: true, upstream: new URL(options.upstream) }
    : { ...shared, isProxy: false };
  const logger = createLogger('TEST', { level: options.logLevel ?? 'silent' });
  const server = createServer(operations, { cors: false, config, components: { logger } });
  const address = await server.listen(0, '127.0.0.1');
  const url = new URL(address);
  return {
    url: url.origin,
    host: url.hostname,
    port: Number(url.port),
    operations,
    close: () => server.close(),
  };
}
