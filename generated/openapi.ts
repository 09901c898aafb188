// generated — do not edit. Source: specs/daemon-v3.openapi.yaml (npm run generate: scripts/generate.ts).

export interface paths {
    readonly "/v3/health": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * Liveness probe
         * @description The only operation that needs no token. Reveals no session data.
         */
        readonly get: operations["getHealth"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v3/sessions": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * List sessions, newest first
         * @description Cursor pagination. Pass `nextCursor` from one page as `cursor` to get the next; a null `nextCursor` means the last page.
         */
        readonly get: operations["listSessions"];
        readonly put?: never;
        /**
         * Create a session
         * @description Creates an `active` session with no turns (`headSeq` 0). Its events stream to every WebSocket connection of this token that follows all sessions, from seq 1.
         */
        readonly post: operations["createSession"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v3/sessions/{sessionId}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /**
                 * @description The session's id.
                 * @example sess-abc123
                 */
                readonly sessionId: components["parameters"]["SessionIdPath"];
            };
            readonly cookie?: never;
        };
        /**
         * Get a session
         * @description The session with its status, `headSeq` (last seq emitted) and running turn.
         */
        readonly get: operations["getSession"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v3/sessions/{sessionId}/close": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /**
                 * @description The session's id.
                 * @example sess-abc123
                 */
                readonly sessionId: components["parameters"]["SessionIdPath"];
            };
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Close a session
         * @description Ends the session: a running turn is cancelled first (emitting `session.cancelled`), then no more turns are accepted. Idempotent: closing a closed session returns it unchanged.
         */
        readonly post: operations["closeSession"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v3/sessions/{sessionId}/cancel": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /**
                 * @description The session's id.
                 * @example sess-abc123
                 */
                readonly sessionId: components["parameters"]["SessionIdPath"];
            };
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Cancel a session
         * @description Stops the running turn, if any, and emits exactly one `session.cancelled` event (its stop event). The session's status becomes `cancelled`; it accepts no more turns. Idempotent: cancelling a cancelled or closed session emits nothing and returns it unchanged.
         */
        readonly post: operations["cancelSession"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v3/sessions/{sessionId}/turns": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /**
                 * @description The session's id.
                 * @example sess-abc123
                 */
                readonly sessionId: components["parameters"]["SessionIdPath"];
            };
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Submit a turn
         * @description Queues a turn; its events follow on the stream and in polling. With an `Idempotency-Key`, a retried submit returns the turn the first one created (same status code) instead of starting another; the same key with a different body gets `409 idempotency_key_reused`. Keys are remembered for 24 hours per session.
         */
        readonly post: operations["submitTurn"];
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v3/sessions/{sessionId}/turns/{turnId}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /**
                 * @description The session's id.
                 * @example sess-abc123
                 */
                readonly sessionId: components["parameters"]["SessionIdPath"];
                /**
                 * @description The turn's id.
                 * @example turn-xyz789
                 */
                readonly turnId: components["schemas"]["TurnId"];
            };
            readonly cookie?: never;
        };
        /**
         * Get a turn
         * @description The turn with its status, the seqs of its first and stop events once known, and its stats or error once it has ended.
         */
        readonly get: operations["getTurn"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v3/sessions/{sessionId}/events": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /**
                 * @description The session's id.
                 * @example sess-abc123
                 */
                readonly sessionId: components["parameters"]["SessionIdPath"];
            };
            readonly cookie?: never;
        };
        /**
         * Poll a session's events after a cursor
         * @description Returns up to `limit` events with `seq > afterSeq`, in seq order, plus the session's `headSeq` (last seq emitted) and `oldestSeq` (oldest seq still held; `headSeq + 1` when none is held). When `afterSeq < oldestSeq - 1` the events in between are gone and the answer is `410 cursor_expired` with a `CursorExpiredProblem` body: resume from `oldestSeq - 1`. An `afterSeq` above `headSeq` (for instance a cursor from another epoch) returns no events; compare `epoch`.
         */
        readonly get: operations["getEvents"];
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** Health */
        readonly Health: {
            /** @constant */
            readonly status: "ok";
            /** @description Daemon version. */
            readonly version: string;
            readonly uptimeMs: number;
        };
        /**
         * SessionMode
         * @description `chat` answers; `do` may use tools to act.
         * @enum {string}
         */
        readonly SessionMode: "chat" | "do";
        /**
         * SessionStatus
         * @enum {string}
         */
        readonly SessionStatus: "active" | "cancelled" | "closed";
        /** CreateSessionRequest */
        readonly CreateSessionRequest: {
            readonly mode: components["schemas"]["SessionMode"];
            /** @description Model to use for inference. */
            readonly model: string;
            /** @description Optional display title. */
            readonly title?: string;
        };
        /** Session */
        readonly Session: {
            readonly id: components["schemas"]["SessionId"];
            readonly mode: components["schemas"]["SessionMode"];
            readonly model: string;
            readonly title: string | null;
            readonly status: components["schemas"]["SessionStatus"];
            /** Format: date-time */
            readonly createdAt: string;
            /** Format: date-time */
            readonly updatedAt: string;
            readonly headSeq: components["schemas"]["Cursor"];
            readonly turnCount: number;
            /** @description The running or queued turn, if any. */
            readonly activeTurnId: components["schemas"]["TurnId"] | null;
        };
        /** SessionPage */
        readonly SessionPage: {
            readonly items: readonly components["schemas"]["Session"][];
            readonly nextCursor: string | null;
        };
        /** SubmitTurnRequest */
        readonly SubmitTurnRequest: {
            /** @description The user's message. */
            readonly content: string;
        };
        /**
         * TurnStatus
         * @enum {string}
         */
        readonly TurnStatus: "queued" | "running" | "done" | "error" | "cancelled";
        /** Turn */
        readonly Turn: {
            readonly id: components["schemas"]["TurnId"];
            readonly sessionId: components["schemas"]["SessionId"];
            readonly status: components["schemas"]["TurnStatus"];
            readonly content: string;
            /** Format: date-time */
            readonly createdAt: string;
            /** Format: date-time */
            readonly startedAt: string | null;
            /** Format: date-time */
            readonly completedAt: string | null;
            /** @description Seq of the turn's first event, once it has one. */
            readonly firstSeq: components["schemas"]["Seq"] | null;
            /** @description Seq of the turn's stop event, once it has ended. */
            readonly lastSeq: components["schemas"]["Seq"] | null;
            readonly stats: components["schemas"]["TurnStats"] | null;
            readonly error: components["schemas"]["TurnErrorData"] | null;
        };
        /**
         * EventEnvelope
         * @description Any event of a session, told apart by `event`.
         */
        readonly EventEnvelope: components["schemas"]["TurnTokenEvent"] | components["schemas"]["TurnThinkingEvent"] | components["schemas"]["TurnToolCallEvent"] | components["schemas"]["TurnToolResultEvent"] | components["schemas"]["TurnDoneEvent"] | components["schemas"]["TurnErrorEvent"] | components["schemas"]["SessionCancelledEvent"];
        /** EventPage */
        readonly EventPage: {
            readonly events: readonly components["schemas"]["EventEnvelope"][];
            readonly headSeq: components["schemas"]["Cursor"];
            readonly oldestSeq: components["schemas"]["Seq"];
            readonly epoch: components["schemas"]["Epoch"];
            /** @description True when more events after the last returned one exist now. */
            readonly hasMore: boolean;
        };
        /**
         * ErrorCode
         * @description Machine-readable cause of an error.
         * @enum {string}
         */
        readonly ErrorCode: "validation_failed" | "bad_request" | "unauthorized" | "host_forbidden" | "origin_forbidden" | "session_not_found" | "turn_not_found" | "not_found" | "session_not_active" | "turn_in_progress" | "idempotency_key_reused" | "cursor_expired" | "payload_too_large" | "method_not_allowed" | "unsupported_media_type" | "headers_too_large" | "request_timeout" | "rate_limited" | "internal";
        /** Problem */
        readonly Problem: {
            readonly code: components["schemas"]["ErrorCode"];
            /** @description What happened and what to do. */
            readonly message: string;
            readonly requestId: string;
            /** @description Per-field validation failures. */
            readonly details?: readonly {
                readonly path: string;
                readonly message: string;
            }[];
        };
        /** CursorExpiredProblem */
        readonly CursorExpiredProblem: {
            /** @constant */
            readonly code: "cursor_expired";
            readonly message: string;
            readonly requestId: string;
            readonly afterSeq: components["schemas"]["Cursor"];
            readonly oldestSeq: components["schemas"]["Seq"];
            readonly headSeq: components["schemas"]["Cursor"];
            readonly epoch: components["schemas"]["Epoch"];
        };
        /**
         * SessionId
         * @description Opaque session identifier, prefixed `sess-`.
         * @example sess-abc123
         */
        readonly SessionId: string;
        /**
         * Cursor
         * @description The seq of the last event a client has seen in a session (0 before the first event). At most 2^53 − 1 (the largest integer JSON parsers hold exactly), over REST and WebSocket alike.
         * @example 41
         */
        readonly Cursor: number;
        /**
         * TurnId
         * @description Opaque turn identifier, prefixed `turn-`.
         * @example turn-xyz789
         */
        readonly TurnId: string;
        /**
         * Seq
         * @description Position of an event in its session. The first event is 1; each next event is +1, with no gaps.
         * @example 42
         */
        readonly Seq: number;
        /**
         * TurnStats
         * @description Figures of a completed turn.
         * @example {
         *       "inputTokens": 18,
         *       "outputTokens": 412,
         *       "durationMs": 5210,
         *       "tokensPerSecond": 79.1,
         *       "toolCalls": 1
         *     }
         */
        readonly TurnStats: {
            /** @description Prompt tokens consumed. */
            readonly inputTokens: number;
            /** @description Tokens the model produced. */
            readonly outputTokens: number;
            /** @description Wall time from turn start to the stop event. */
            readonly durationMs: number;
            /** @description outputTokens per second of generation. */
            readonly tokensPerSecond: number;
            /** @description Number of tool calls in the turn. */
            readonly toolCalls: number;
        };
        /** TurnErrorData */
        readonly TurnErrorData: {
            /** @description Machine-readable cause, e.g. model_unavailable or tool_failed. */
            readonly code: string;
            /** @description Human-readable description. */
            readonly message: string;
        };
        /**
         * EventTime
         * Format: date-time
         * @description When the daemon emitted the event (RFC 3339).
         * @example 2026-11-24T09:30:00.000Z
         */
        readonly EventTime: string;
        /** TurnTokenData */
        readonly TurnTokenData: {
            /** @description A piece of the model's visible output. */
            readonly token: string;
        };
        /**
         * TurnTokenEvent
         * @description Streaming token from model output.
         * @example {
         *       "event": "turn.token",
         *       "seq": 1,
         *       "sessionId": "sess-abc123",
         *       "turnId": "turn-xyz789",
         *       "time": "2026-11-24T09:30:00.120Z",
         *       "data": {
         *         "token": "Unified "
         *       }
         *     }
         */
        readonly TurnTokenEvent: {
            /** @constant */
            readonly event: "turn.token";
            readonly seq: components["schemas"]["Seq"];
            readonly sessionId: components["schemas"]["SessionId"];
            readonly turnId: components["schemas"]["TurnId"];
            readonly time: components["schemas"]["EventTime"];
            readonly data: components["schemas"]["TurnTokenData"];
        };
        /** TurnThinkingData */
        readonly TurnThinkingData: {
            /** @description A piece of the model's reasoning output. */
            readonly token: string;
        };
        /**
         * TurnThinkingEvent
         * @description Model reasoning/thinking output.
         * @example {
         *       "event": "turn.thinking",
         *       "seq": 1,
         *       "sessionId": "sess-abc123",
         *       "turnId": "turn-xyz789",
         *       "time": "2026-11-24T09:30:00.080Z",
         *       "data": {
         *         "token": "The user asks about memory."
         *       }
         *     }
         */
        readonly TurnThinkingEvent: {
            /** @constant */
            readonly event: "turn.thinking";
            readonly seq: components["schemas"]["Seq"];
            readonly sessionId: components["schemas"]["SessionId"];
            readonly turnId: components["schemas"]["TurnId"];
            readonly time: components["schemas"]["EventTime"];
            readonly data: components["schemas"]["TurnThinkingData"];
        };
        /** TurnToolCallData */
        readonly TurnToolCallData: {
            /** @description Pairs this call with its turn.tool_result. */
            readonly callId: string;
            readonly toolName: string;
            /** @description Arguments the model passed to the tool. */
            readonly args: {
                readonly [key: string]: unknown;
            };
        };
        /**
         * TurnToolCallEvent
         * @description Model invoked a tool.
         * @example {
         *       "event": "turn.tool_call",
         *       "seq": 7,
         *       "sessionId": "sess-abc123",
         *       "turnId": "turn-xyz789",
         *       "time": "2026-11-24T09:30:01.000Z",
         *       "data": {
         *         "callId": "call-1",
         *         "toolName": "web_search",
         *         "args": {
         *           "query": "apple silicon unified memory"
         *         }
         *       }
         *     }
         */
        readonly TurnToolCallEvent: {
            /** @constant */
            readonly event: "turn.tool_call";
            readonly seq: components["schemas"]["Seq"];
            readonly sessionId: components["schemas"]["SessionId"];
            readonly turnId: components["schemas"]["TurnId"];
            readonly time: components["schemas"]["EventTime"];
            readonly data: components["schemas"]["TurnToolCallData"];
        };
        /** TurnToolResultData */
        readonly TurnToolResultData: {
            readonly callId: string;
            readonly toolName: string;
            /** @description What the tool returned (any JSON value). */
            readonly result: unknown;
            /** @description True when the tool failed; the turn may still go on. */
            readonly isError: boolean;
        };
        /**
         * TurnToolResultEvent
         * @description Tool execution result.
         * @example {
         *       "event": "turn.tool_result",
         *       "seq": 8,
         *       "sessionId": "sess-abc123",
         *       "turnId": "turn-xyz789",
         *       "time": "2026-11-24T09:30:01.400Z",
         *       "data": {
         *         "callId": "call-1",
         *         "toolName": "web_search",
         *         "result": {
         *           "hits": 3
         *         },
         *         "isError": false
         *       }
         *     }
         */
        readonly TurnToolResultEvent: {
            /** @constant */
            readonly event: "turn.tool_result";
            readonly seq: components["schemas"]["Seq"];
            readonly sessionId: components["schemas"]["SessionId"];
            readonly turnId: components["schemas"]["TurnId"];
            readonly time: components["schemas"]["EventTime"];
            readonly data: components["schemas"]["TurnToolResultData"];
        };
        /** TurnDoneData */
        readonly TurnDoneData: {
            /**
             * @description Why generation ended.
             * @enum {string}
             */
            readonly finishReason: "stop" | "length" | "tool_limit";
        };
        /**
         * TurnDoneEvent
         * @description Turn completed successfully. Stop event.
         * @example {
         *       "event": "turn.done",
         *       "seq": 42,
         *       "sessionId": "sess-abc123",
         *       "turnId": "turn-xyz789",
         *       "time": "2026-11-24T09:30:05.330Z",
         *       "data": {
         *         "finishReason": "stop"
         *       },
         *       "stats": {
         *         "inputTokens": 18,
         *         "outputTokens": 412,
         *         "durationMs": 5210,
         *         "tokensPerSecond": 79.1,
         *         "toolCalls": 1
         *       }
         *     }
         */
        readonly TurnDoneEvent: {
            /** @constant */
            readonly event: "turn.done";
            readonly seq: components["schemas"]["Seq"];
            readonly sessionId: components["schemas"]["SessionId"];
            readonly turnId: components["schemas"]["TurnId"];
            readonly time: components["schemas"]["EventTime"];
            readonly data: components["schemas"]["TurnDoneData"];
            readonly stats: components["schemas"]["TurnStats"];
        };
        /**
         * TurnErrorEvent
         * @description Error during inference or tool execution. Stop event.
         * @example {
         *       "event": "turn.error",
         *       "seq": 12,
         *       "sessionId": "sess-abc123",
         *       "turnId": "turn-xyz789",
         *       "time": "2026-11-24T09:30:02.000Z",
         *       "data": {
         *         "code": "model_unavailable",
         *         "message": "Model qwen3-72b is not loaded"
         *       }
         *     }
         */
        readonly TurnErrorEvent: {
            /** @constant */
            readonly event: "turn.error";
            readonly seq: components["schemas"]["Seq"];
            readonly sessionId: components["schemas"]["SessionId"];
            readonly turnId: components["schemas"]["TurnId"];
            readonly time: components["schemas"]["EventTime"];
            readonly data: components["schemas"]["TurnErrorData"];
        };
        /** SessionCancelledData */
        readonly SessionCancelledData: {
            /**
             * @description Who cancelled the session.
             * @enum {string}
             */
            readonly reason: "user" | "shutdown";
        };
        /**
         * SessionCancelledEvent
         * @description Session was cancelled by user. Stop event for the running turn; `turnId` is null when no turn was running.
         * @example {
         *       "event": "session.cancelled",
         *       "seq": 20,
         *       "sessionId": "sess-abc123",
         *       "turnId": "turn-xyz789",
         *       "time": "2026-11-24T09:30:03.000Z",
         *       "data": {
         *         "reason": "user"
         *       }
         *     }
         */
        readonly SessionCancelledEvent: {
            /** @constant */
            readonly event: "session.cancelled";
            readonly seq: components["schemas"]["Seq"];
            readonly sessionId: components["schemas"]["SessionId"];
            readonly turnId: components["schemas"]["TurnId"] | null;
            readonly time: components["schemas"]["EventTime"];
            readonly data: components["schemas"]["SessionCancelledData"];
        };
        /**
         * Epoch
         * @description Identifies one life of the daemon's event buffer. It changes when the daemon restarts or loses its buffer; seqs from another epoch must not be compared with seqs of this one.
         * @example ep-7f3a9c
         */
        readonly Epoch: string;
    };
    responses: {
        /** @description The request does not match the contract (`validation_failed`), or is not well-formed HTTP or names a path with dot-segments (`bad_request`). */
        readonly BadRequest: {
            headers: {
                readonly "X-Request-Id": components["headers"]["X-Request-Id"];
                readonly [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": "validation_failed",
                 *       "message": "body.mode must be one of chat, do",
                 *       "requestId": "req-01HF3K"
                 *     }
                 */
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Missing or wrong bearer token. */
        readonly Unauthorized: {
            headers: {
                readonly "X-Request-Id": components["headers"]["X-Request-Id"];
                readonly [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": "unauthorized",
                 *       "message": "Missing or invalid bearer token; read it again from state.json",
                 *       "requestId": "req-01HF3K"
                 *     }
                 */
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The Host check (`host_forbidden`) or the Origin check (`origin_forbidden`) refused the request; the message names the rule. */
        readonly Forbidden: {
            headers: {
                readonly "X-Request-Id": components["headers"]["X-Request-Id"];
                readonly [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": "origin_forbidden",
                 *       "message": "Origin https://evil.example is not allowed: only loopback origins (any port) and the configured allowed origins may call the daemon.",
                 *       "requestId": "req-01HF3K"
                 *     }
                 */
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No such session or turn. */
        readonly NotFound: {
            headers: {
                readonly "X-Request-Id": components["headers"]["X-Request-Id"];
                readonly [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": "session_not_found",
                 *       "message": "No session sess-abc123",
                 *       "requestId": "req-01HF3K"
                 *     }
                 */
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The session's state does not allow this (not active, a turn already running, a reused idempotency key). */
        readonly Conflict: {
            headers: {
                readonly "X-Request-Id": components["headers"]["X-Request-Id"];
                readonly [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": "turn_in_progress",
                 *       "message": "Session sess-abc123 is already running turn-xyz789",
                 *       "requestId": "req-01HF3K"
                 *     }
                 */
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The request body exceeds 1 MiB. */
        readonly PayloadTooLarge: {
            headers: {
                readonly "X-Request-Id": components["headers"]["X-Request-Id"];
                readonly [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": "payload_too_large",
                 *       "message": "Request body exceeds 1048576 bytes",
                 *       "requestId": "req-01HF3K"
                 *     }
                 */
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The request body is not `application/json`. */
        readonly UnsupportedMediaType: {
            headers: {
                readonly "X-Request-Id": components["headers"]["X-Request-Id"];
                readonly [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": "unsupported_media_type",
                 *       "message": "Content-Type text/plain is not supported; send application/json",
                 *       "requestId": "req-01HF3K"
                 *     }
                 */
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Rate limit reached; retry after `Retry-After` seconds. */
        readonly TooManyRequests: {
            headers: {
                readonly "X-Request-Id": components["headers"]["X-Request-Id"];
                readonly "Retry-After": components["headers"]["Retry-After"];
                readonly [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": "rate_limited",
                 *       "message": "Too many requests; retry in 2 s",
                 *       "requestId": "req-01HF3K"
                 *     }
                 */
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The daemon failed; retrying may help. */
        readonly InternalError: {
            headers: {
                readonly "X-Request-Id": components["headers"]["X-Request-Id"];
                readonly [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "code": "internal",
                 *       "message": "Internal error; see the daemon log for req-01HF3K",
                 *       "requestId": "req-01HF3K"
                 *     }
                 */
                readonly "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        /**
         * @description The session's id.
         * @example sess-abc123
         */
        readonly SessionIdPath: components["schemas"]["SessionId"];
    };
    requestBodies: never;
    headers: {
        /**
         * @description Identifies this request in the daemon's log; quote it when reporting a problem.
         * @example req-01HF3K
         */
        readonly "X-Request-Id": string;
        /**
         * @description Seconds to wait before retrying.
         * @example 2
         */
        readonly "Retry-After": number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    readonly getHealth: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description The daemon is up. */
            readonly 200: {
                headers: {
                    readonly "X-Request-Id": components["headers"]["X-Request-Id"];
                    readonly [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok",
                     *       "version": "3.0.0",
                     *       "uptimeMs": 183200
                     *     }
                     */
                    readonly "application/json": components["schemas"]["Health"];
                };
            };
            readonly 400: components["responses"]["BadRequest"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 500: components["responses"]["InternalError"];
        };
    };
    readonly listSessions: {
        readonly parameters: {
            readonly query?: {
                /**
                 * @description Opaque cursor from a previous page's `nextCursor`.
                 * @example c2Vzcy1hYmMxMjM
                 */
                readonly cursor?: string;
                /**
                 * @description Page size (default 50).
                 * @example 50
                 */
                readonly limit?: number;
                /**
                 * @description Only sessions with this status.
                 * @example active
                 */
                readonly status?: components["schemas"]["SessionStatus"];
            };
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description One page of sessions. */
            readonly 200: {
                headers: {
                    readonly "X-Request-Id": components["headers"]["X-Request-Id"];
                    readonly [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "sess-abc123",
                     *           "mode": "chat",
                     *           "model": "qwen3-72b",
                     *           "title": "Apple Silicon memory",
                     *           "status": "active",
                     *           "createdAt": "2026-11-24T09:29:58.000Z",
                     *           "updatedAt": "2026-11-24T09:30:05.330Z",
                     *           "headSeq": 42,
                     *           "turnCount": 1,
                     *           "activeTurnId": null
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    readonly "application/json": components["schemas"]["SessionPage"];
                };
            };
            readonly 400: components["responses"]["BadRequest"];
            readonly 401: components["responses"]["Unauthorized"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 500: components["responses"]["InternalError"];
        };
    };
    readonly createSession: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "mode": "chat",
                 *       "model": "qwen3-72b"
                 *     }
                 */
                readonly "application/json": components["schemas"]["CreateSessionRequest"];
            };
        };
        readonly responses: {
            /** @description The session was created. */
            readonly 201: {
                headers: {
                    readonly "X-Request-Id": components["headers"]["X-Request-Id"];
                    readonly [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "sess-abc123",
                     *       "mode": "chat",
                     *       "model": "qwen3-72b",
                     *       "title": null,
                     *       "status": "active",
                     *       "createdAt": "2026-11-24T09:29:58.000Z",
                     *       "updatedAt": "2026-11-24T09:29:58.000Z",
                     *       "headSeq": 0,
                     *       "turnCount": 0,
                     *       "activeTurnId": null
                     *     }
                     */
                    readonly "application/json": components["schemas"]["Session"];
                };
            };
            readonly 400: components["responses"]["BadRequest"];
            readonly 401: components["responses"]["Unauthorized"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 413: components["responses"]["PayloadTooLarge"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 500: components["responses"]["InternalError"];
        };
    };
    readonly getSession: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /**
                 * @description The session's id.
                 * @example sess-abc123
                 */
                readonly sessionId: components["parameters"]["SessionIdPath"];
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description The session. */
            readonly 200: {
                headers: {
                    readonly "X-Request-Id": components["headers"]["X-Request-Id"];
                    readonly [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "sess-abc123",
                     *       "mode": "chat",
                     *       "model": "qwen3-72b",
                     *       "title": "Apple Silicon memory",
                     *       "status": "active",
                     *       "createdAt": "2026-11-24T09:29:58.000Z",
                     *       "updatedAt": "2026-11-24T09:30:05.330Z",
                     *       "headSeq": 42,
                     *       "turnCount": 1,
                     *       "activeTurnId": null
                     *     }
                     */
                    readonly "application/json": components["schemas"]["Session"];
                };
            };
            readonly 400: components["responses"]["BadRequest"];
            readonly 401: components["responses"]["Unauthorized"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 404: components["responses"]["NotFound"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 500: components["responses"]["InternalError"];
        };
    };
    readonly closeSession: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /**
                 * @description The session's id.
                 * @example sess-abc123
                 */
                readonly sessionId: components["parameters"]["SessionIdPath"];
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description The closed session. */
            readonly 200: {
                headers: {
                    readonly "X-Request-Id": components["headers"]["X-Request-Id"];
                    readonly [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "sess-abc123",
                     *       "mode": "chat",
                     *       "model": "qwen3-72b",
                     *       "title": "Apple Silicon memory",
                     *       "status": "closed",
                     *       "createdAt": "2026-11-24T09:29:58.000Z",
                     *       "updatedAt": "2026-11-24T09:31:00.000Z",
                     *       "headSeq": 42,
                     *       "turnCount": 1,
                     *       "activeTurnId": null
                     *     }
                     */
                    readonly "application/json": components["schemas"]["Session"];
                };
            };
            readonly 400: components["responses"]["BadRequest"];
            readonly 401: components["responses"]["Unauthorized"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 404: components["responses"]["NotFound"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 500: components["responses"]["InternalError"];
        };
    };
    readonly cancelSession: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /**
                 * @description The session's id.
                 * @example sess-abc123
                 */
                readonly sessionId: components["parameters"]["SessionIdPath"];
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description The cancelled session. */
            readonly 200: {
                headers: {
                    readonly "X-Request-Id": components["headers"]["X-Request-Id"];
                    readonly [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "sess-abc123",
                     *       "mode": "chat",
                     *       "model": "qwen3-72b",
                     *       "title": "Apple Silicon memory",
                     *       "status": "cancelled",
                     *       "createdAt": "2026-11-24T09:29:58.000Z",
                     *       "updatedAt": "2026-11-24T09:30:03.000Z",
                     *       "headSeq": 20,
                     *       "turnCount": 1,
                     *       "activeTurnId": null
                     *     }
                     */
                    readonly "application/json": components["schemas"]["Session"];
                };
            };
            readonly 400: components["responses"]["BadRequest"];
            readonly 401: components["responses"]["Unauthorized"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 404: components["responses"]["NotFound"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 500: components["responses"]["InternalError"];
        };
    };
    readonly submitTurn: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: {
                /**
                 * @description Client-chosen unique key of one logical submit (e.g. a UUID), reused by its retries.
                 * @example 6f1c1f2e-8d2a-4c1e-9a53-1b2f0c9d7e11
                 */
                readonly "Idempotency-Key"?: string;
            };
            readonly path: {
                /**
                 * @description The session's id.
                 * @example sess-abc123
                 */
                readonly sessionId: components["parameters"]["SessionIdPath"];
            };
            readonly cookie?: never;
        };
        readonly requestBody: {
            readonly content: {
                /**
                 * @example {
                 *       "content": "Explain how unified memory works on Apple Silicon"
                 *     }
                 */
                readonly "application/json": components["schemas"]["SubmitTurnRequest"];
            };
        };
        readonly responses: {
            /** @description The turn was accepted (or, for a repeated Idempotency-Key, the turn it created). */
            readonly 202: {
                headers: {
                    readonly "X-Request-Id": components["headers"]["X-Request-Id"];
                    readonly [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "turn-xyz789",
                     *       "sessionId": "sess-abc123",
                     *       "status": "queued",
                     *       "content": "Explain how unified memory works on Apple Silicon",
                     *       "createdAt": "2026-11-24T09:30:00.000Z",
                     *       "startedAt": null,
                     *       "completedAt": null,
                     *       "firstSeq": null,
                     *       "lastSeq": null,
                     *       "stats": null,
                     *       "error": null
                     *     }
                     */
                    readonly "application/json": components["schemas"]["Turn"];
                };
            };
            readonly 400: components["responses"]["BadRequest"];
            readonly 401: components["responses"]["Unauthorized"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 404: components["responses"]["NotFound"];
            readonly 409: components["responses"]["Conflict"];
            readonly 413: components["responses"]["PayloadTooLarge"];
            readonly 415: components["responses"]["UnsupportedMediaType"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 500: components["responses"]["InternalError"];
        };
    };
    readonly getTurn: {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path: {
                /**
                 * @description The session's id.
                 * @example sess-abc123
                 */
                readonly sessionId: components["parameters"]["SessionIdPath"];
                /**
                 * @description The turn's id.
                 * @example turn-xyz789
                 */
                readonly turnId: components["schemas"]["TurnId"];
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description The turn. */
            readonly 200: {
                headers: {
                    readonly "X-Request-Id": components["headers"]["X-Request-Id"];
                    readonly [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "turn-xyz789",
                     *       "sessionId": "sess-abc123",
                     *       "status": "done",
                     *       "content": "Explain how unified memory works on Apple Silicon",
                     *       "createdAt": "2026-11-24T09:30:00.000Z",
                     *       "startedAt": "2026-11-24T09:30:00.050Z",
                     *       "completedAt": "2026-11-24T09:30:05.330Z",
                     *       "firstSeq": 1,
                     *       "lastSeq": 42,
                     *       "stats": {
                     *         "inputTokens": 18,
                     *         "outputTokens": 412,
                     *         "durationMs": 5210,
                     *         "tokensPerSecond": 79.1,
                     *         "toolCalls": 1
                     *       },
                     *       "error": null
                     *     }
                     */
                    readonly "application/json": components["schemas"]["Turn"];
                };
            };
            readonly 400: components["responses"]["BadRequest"];
            readonly 401: components["responses"]["Unauthorized"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 404: components["responses"]["NotFound"];
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 500: components["responses"]["InternalError"];
        };
    };
    readonly getEvents: {
        readonly parameters: {
            readonly query?: {
                /**
                 * @description Return events with seq greater than this (default 0, from the beginning).
                 * @example 0
                 */
                readonly afterSeq?: number;
                /**
                 * @description Long-poll: when no event after `afterSeq` exists yet, hold the answer until one is emitted or `waitMs` milliseconds have passed (then answer with no events). Default 0 (answer at once), at most 30000.
                 * @example 10000
                 */
                readonly waitMs?: number;
                /**
                 * @description Maximum events in the answer (default 500, at most 1000).
                 * @example 500
                 */
                readonly limit?: number;
            };
            readonly header?: never;
            readonly path: {
                /**
                 * @description The session's id.
                 * @example sess-abc123
                 */
                readonly sessionId: components["parameters"]["SessionIdPath"];
            };
            readonly cookie?: never;
        };
        readonly requestBody?: never;
        readonly responses: {
            /** @description Events after the cursor. */
            readonly 200: {
                headers: {
                    readonly "X-Request-Id": components["headers"]["X-Request-Id"];
                    readonly [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "events": [
                     *         {
                     *           "event": "turn.token",
                     *           "seq": 1,
                     *           "sessionId": "sess-abc123",
                     *           "turnId": "turn-xyz789",
                     *           "time": "2026-11-24T09:30:00.120Z",
                     *           "data": {
                     *             "token": "Unified "
                     *           }
                     *         },
                     *         {
                     *           "event": "turn.token",
                     *           "seq": 2,
                     *           "sessionId": "sess-abc123",
                     *           "turnId": "turn-xyz789",
                     *           "time": "2026-11-24T09:30:00.160Z",
                     *           "data": {
                     *             "token": "memory "
                     *           }
                     *         },
                     *         {
                     *           "event": "turn.done",
                     *           "seq": 3,
                     *           "sessionId": "sess-abc123",
                     *           "turnId": "turn-xyz789",
                     *           "time": "2026-11-24T09:30:05.330Z",
                     *           "data": {
                     *             "finishReason": "stop"
                     *           },
                     *           "stats": {
                     *             "inputTokens": 18,
                     *             "outputTokens": 2,
                     *             "durationMs": 5210,
                     *             "tokensPerSecond": 0.4,
                     *             "toolCalls": 0
                     *           }
                     *         }
                     *       ],
                     *       "headSeq": 3,
                     *       "oldestSeq": 1,
                     *       "epoch": "ep-7f3a9c",
                     *       "hasMore": false
                     *     }
                     */
                    readonly "application/json": components["schemas"]["EventPage"];
                };
            };
            readonly 400: components["responses"]["BadRequest"];
            readonly 401: components["responses"]["Unauthorized"];
            readonly 403: components["responses"]["Forbidden"];
            readonly 404: components["responses"]["NotFound"];
            /** @description The cursor is older than what the daemon still holds. */
            readonly 410: {
                headers: {
                    readonly "X-Request-Id": components["headers"]["X-Request-Id"];
                    readonly [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "cursor_expired",
                     *       "message": "Events after seq 10 are no longer held; the oldest held is 501. Resume from afterSeq=500.",
                     *       "requestId": "req-01HF3K",
                     *       "afterSeq": 10,
                     *       "oldestSeq": 501,
                     *       "headSeq": 900,
                     *       "epoch": "ep-7f3a9c"
                     *     }
                     */
                    readonly "application/problem+json": components["schemas"]["CursorExpiredProblem"];
                };
            };
            readonly 429: components["responses"]["TooManyRequests"];
            readonly 500: components["responses"]["InternalError"];
        };
    };
}
