/**
 * The transport's typing by method and path, openapi-fetch style: a request's method and path
 * are keys of the generated `paths`, and its parameters, body and answer follow from them.
 */
import type { paths } from '../../generated/openapi.js';

type JsonContent<R> = R extends { content: { 'application/json': infer Body } } ? Body : never;
type SuccessStatus = 200 | 201 | 202;

/** The HTTP methods the contract uses. */
export type HttpMethod = 'GET' | 'POST';

/** The operation a path declares for a method; `never` when it declares none. */
export type OperationAt<Path extends keyof paths, Method extends HttpMethod> = NonNullable<paths[Path][Lowercase<Method>]>;

/** Every path that declares `Method`: `PathWith<'POST'>` is `'/v3/sessions' | '/v3/sessions/{sessionId}/close' | …`. */
export type PathWith<Method extends HttpMethod> = {
  [Path in keyof paths]: [OperationAt<Path, Method>] extends [never] ? never : Path;
}[keyof paths];

/** The JSON body of an operation's success answer (200, 201 or 202). */
export type ResponseBodyOf<Operation> = Operation extends { responses: infer Responses }
  ? JsonContent<Responses[Extract<keyof Responses, SuccessStatus>]>
  : never;

/** The path parameters of an operation: `{ sessionId: string }`, or never when it has none. */
export type PathParamsOf<Operation> = Operation extends { parameters: { path: infer Params } } ? Params : never;

/** The query parameters of an operation, or never when it has none. */
export type QueryOf<Operation> = Operation extends { parameters: { query?: infer Query } } ? NonNullable<Query> : never;

/** The JSON request body of an operation, or never when it takes none. */
export type RequestBodyOf<Operation> = Operation extends { requestBody: { content: { 'application/json': infer Body } } } ? Body : never;

